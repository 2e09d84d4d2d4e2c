"""What differs between Windows, macOS and Linux, in one place.

The console (its encoding and its colour), the shell the user types isp's printed
commands into (how they are quoted), and the few words of advice that name a key or a
shell command. Everything else in isp is written once for every system.

``WINDOWS`` is read at each call, never copied, so the simulated-Windows test run can
set it in a Linux process (tests/windows/sitecustomize.py).
"""

from __future__ import annotations

import os
import re
import shlex
import sys
from functools import cache
from typing import Any, Literal

WINDOWS = sys.platform == "win32"

Shell = Literal["posix", "powershell", "cmd"]

_colour_ready = True


def prepare_console() -> None:
    """Make the standard streams safe for any answer, once, before isp writes anything.

    Redirected to a file or a pipe, isp writes UTF-8 (as git and gh do), whatever the
    system's code page: an answer holding "Nguyễn" or "→" can never stop a command
    half-way. On a terminal the console's own encoding is kept, and a character it
    cannot show is printed as "?" instead of failing. On Windows the console is asked
    to understand colour codes; where it cannot, isp prints no colour.
    """
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        _reconfigure(stream)
    if WINDOWS:
        _enable_windows_colour()


def _reconfigure(stream: Any) -> None:
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is None:  # replaced by a test runner, or closed
        return
    try:
        if stream.isatty():
            reconfigure(errors="replace")
        else:
            reconfigure(encoding="utf-8", errors="replace")
    except (OSError, ValueError):  # a closed stream: the command's own write says so
        pass


def _enable_windows_colour() -> None:
    """Virtual terminal mode on Windows 10 and later; a translating stream before that."""
    global _colour_ready
    try:
        import colorama

        colorama.just_fix_windows_console()
    except Exception:  # no colorama, or a console that refuses: no colour then
        _colour_ready = False


def colour_ready() -> bool:
    """Whether colour codes written to the console show as colour, not as ``←[1m``."""
    return _colour_ready


@cache
def user_shell() -> Shell:
    """The shell the user types into: POSIX everywhere but Windows.

    On Windows, the nearest shell among isp's parent processes (through shellingham):
    cmd, or a POSIX shell such as Git Bash; PowerShell (the default in Windows Terminal)
    when there is none or it cannot be told.
    """
    if not WINDOWS:
        return "posix"
    try:
        import shellingham

        name = shellingham.detect_shell()[0].lower()
    except Exception:  # no parent shell found (a shortcut, a script): the usual one
        return "powershell"
    if name == "cmd":
        return "cmd"
    if name in {"sh", "bash", "dash", "ash", "zsh", "ksh", "fish"}:
        return "posix"
    return "powershell"


# Characters that no shell reads specially, in an argument that is not its first word.
_PLAIN = re.compile(r"[\w\-./\\:=+]+")
# PowerShell reads these as quotes too, and a quote inside single quotes is doubled.
_POWERSHELL_QUOTES = re.compile("(['\u2018\u2019\u201a\u201b])")


def quote(argument: str, shell: Shell | None = None) -> str:
    """``argument`` quoted, if it needs quoting, for ``shell`` (the user's by default)."""
    shell = shell or user_shell()
    if shell == "posix":
        return shlex.quote(argument)
    if argument and _PLAIN.fullmatch(argument):
        return argument
    if shell == "powershell":
        return "'" + _POWERSHELL_QUOTES.sub(r"\1\1", argument) + "'"
    # cmd.exe: double quotes; Windows file names cannot hold one, so none is escaped.
    return '"' + argument.replace('"', '\\"') + '"'


def command_line(program: str, arguments: list[str], shell: Shell | None = None) -> str:
    """A whole command line for ``shell``: the program (a name or a path), then its arguments.

    PowerShell runs a quoted path only after its call operator, ``&``.
    """
    shell = shell or user_shell()
    first = quote(program, shell)
    if shell == "powershell" and first.startswith("'"):
        first = f"& {first}"
    return " ".join([first, *(quote(argument, shell) for argument in arguments)])


def current_folder_prefix() -> str:
    """What a program in the current folder needs before its name to be found by the shell."""
    return ".\\" if WINDOWS else "./"


def editor_advice() -> str:
    """How to choose an editor for Ctrl-E, in the words of the user's shell."""
    shell = user_shell()
    if shell == "powershell":
        return '$env:EDITOR = "notepad"'
    if shell == "cmd":
        return "set EDITOR=notepad"
    return "export EDITOR=nano"


def editor_command(command: str, file: str) -> list[str] | str:
    """The editor the user set (``command``) opening ``file``, split as their shell would.

    POSIX shell rules on macOS and Linux. On Windows the command line goes to the
    system whole, as cmd passes it: ``"C:\\Program Files\\Notepad++\\notepad++.exe"
    -multiInst`` keeps its quotes and its backslashes.
    """
    if WINDOWS:
        import subprocess

        return f"{command} {subprocess.list2cmdline([file])}"
    return [*shlex.split(command), file]


def process_running(pid: int) -> bool:
    """Whether a process with this number is running (on any system)."""
    if pid == os.getpid():
        return True
    import psutil

    try:
        return bool(psutil.pid_exists(pid))
    except (OSError, OverflowError, ValueError):
        return True  # cannot tell: assume it runs, and touch nothing of it
