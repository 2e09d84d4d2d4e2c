"""The simulated-Windows run: a Linux Python made to lack what Windows Python lacks.

Python imports this module at start-up when its folder is on PYTHONPATH
(tests/test_windows_simulated.py starts every isp that way). It takes from isp's own
code the POSIX-only functions and constants that Windows Python 3.10-3.12 does not
have, and from every caller the POSIX-only modules, so that an unguarded call fails
here as it would there; makes ``os.kill`` refuse to be called
by isp itself (on Windows, ``os.kill(pid, 0)`` sends Ctrl-C to the console instead of
testing a process); makes every text file opened without an encoding an error (there
the default is the code page, cp1252); and tells isp it runs on Windows, so that its
Windows branches (quoting for PowerShell, the retried rename, the editor advice) are the ones run.
The console encoding, cp1252, is set by the test (PYTHONIOENCODING).
"""

from __future__ import annotations

import os
import signal
import sys
import warnings
from types import ModuleType
from typing import Any

_OS = (
    "fchmod",
    "fchown",
    "chown",
    "lchown",
    "lchmod",
    "getuid",
    "geteuid",
    "getgid",
    "getegid",
    "getgroups",
    "setuid",
    "seteuid",
    "getpgid",
    "getpgrp",
    "killpg",
    "setsid",
    "fork",
    "forkpty",
    "openpty",
    "mkfifo",
    "mknod",
    "uname",
    "sync",
    "statvfs",
    "fstatvfs",
    "fpathconf",
    "pathconf",
    "ttyname",
    "getloadavg",
    "O_NOFOLLOW",
    "O_NONBLOCK",
    "O_NOCTTY",
    "O_DIRECTORY",
    "O_SYNC",
)

_SIGNAL = (
    "setitimer",
    "getitimer",
    "alarm",
    "pause",
    "siginterrupt",
    "pthread_kill",
    "pthread_sigmask",
    "SIGALRM",
    "SIGHUP",
    "SIGQUIT",
    "SIGUSR1",
    "SIGUSR2",
    "SIGKILL",
    "SIGPIPE",
    "SIGCHLD",
    "ITIMER_REAL",
)
_MODULES = ("termios", "tty", "pty", "resource", "pwd", "grp", "posix_ipc")


def _isp_calls(depth: int = 2) -> bool:
    """Whether the code asking is isp's own (or a probe run with -c)."""
    name = sys._getframe(depth).f_globals.get("__name__", "")
    return bool(name.startswith("isp_cli") or name == "__main__")


def _hide(module: ModuleType, names: tuple[str, ...]) -> None:
    """Take ``names`` from ``module`` for isp's code only.

    Libraries keep them: each runs its own Windows code on Windows (filelock locks with
    msvcrt there, and with fcntl, O_NONBLOCK and os.fchmod here).
    """
    hidden = {name: getattr(module, name) for name in names if hasattr(module, name)}
    for name in hidden:
        delattr(module, name)

    def __getattr__(name: str) -> Any:
        if name in hidden and not _isp_calls():
            return hidden[name]
        raise AttributeError(f"module {module.__name__!r} has no attribute {name!r} (Windows)")

    module.__getattr__ = __getattr__  # type: ignore[method-assign]


_hide(os, _OS)
_hide(signal, _SIGNAL)
for _name in _MODULES:
    sys.modules[_name] = None  # type: ignore[assignment]  # import fails: ImportError

_kill = os.kill


def _windows_kill(pid: int, sig: int) -> None:
    if _isp_calls():
        raise AssertionError(
            f"isp called os.kill({pid}, {sig}): on Windows that sends Ctrl-C or Ctrl-Break "
            "to the console, or ends the process; it never tests one"
        )
    _kill(pid, sig)


os.kill = _windows_kill

# Needs PYTHONWARNDEFAULTENCODING=1, set by the test, for the warning to be raised.
warnings.simplefilter("error", EncodingWarning)

import isp_cli.system  # noqa: E402  (after the removals, as on Windows)

isp_cli.system.WINDOWS = True
