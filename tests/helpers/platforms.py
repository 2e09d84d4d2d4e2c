"""What a test needs of the system it runs on: skip markers that say why.

The suite runs on Linux, macOS and Windows (CI runs all three). A test that needs
something one of them lacks is skipped there with the reason, never left to fail or
to pass without testing anything:

    from helpers.platforms import needs_pty

    pytestmark = needs_pty  # the whole module: every test drives isp in a pty

    @needs_fifo
    def test_a_pipe_given_as_the_session(tmp_path): ...

    @pytest.mark.parametrize("kind", ["folder", pytest.param("fifo", marks=needs_fifo)])

Each marker is a condition on the system, checked once when the tests are collected.
What differs for isp itself (the console, the shell, quoting) is tested elsewhere; these
markers only keep a test from asking a system for what it does not have.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

WINDOWS = sys.platform == "win32"
LINUX = sys.platform.startswith("linux")

# Windows files have no POSIX mode bits: os.chmod there sets or clears only the
# read-only flag, and a new file's st_mode reads 0o666 whatever isp asked for.
POSIX_MODES = not WINDOWS

needs_pty = pytest.mark.skipif(
    WINDOWS,
    reason="needs a pty: Windows has no pty (pexpect.spawn, pyte screens); "
    "the screen is tested on Linux and macOS",
)
needs_posix_permissions = pytest.mark.skipif(
    not POSIX_MODES,
    reason="needs POSIX permission bits (0o600, chmod): Windows files have access lists instead",
)
needs_fifo = pytest.mark.skipif(
    not hasattr(os, "mkfifo"),
    reason="needs a named pipe made with os.mkfifo: Windows has none",
)
needs_symlinks = pytest.mark.skipif(
    WINDOWS,
    reason="needs symbolic links: on Windows making one takes administrator rights "
    "or developer mode",
)
needs_signals = pytest.mark.skipif(
    WINDOWS,
    reason="needs POSIX signals (SIGALRM, setitimer, SIGKILL): Windows has none",
)
needs_posix_shell = pytest.mark.skipif(
    WINDOWS,
    reason="runs /bin/sh: Windows has no POSIX shell at /bin/sh",
)
needs_posix_file_names = pytest.mark.skipif(
    WINDOWS,
    reason="a file name with a control character in it: Windows file names cannot hold one",
)
needs_resource = pytest.mark.skipif(
    WINDOWS,
    reason="needs the resource module (getrlimit, setrlimit): Windows has none",
)
# budget._memory_cap sets RLIMIT_AS from the memory in use, read from /proc/self/statm:
# Linux only. Elsewhere the cap is not set, and a template that asks for a gigabyte is
# stopped by the output cap instead, with another message.
needs_memory_cap = pytest.mark.skipif(
    not LINUX,
    reason="needs isp's memory cap on a template (RLIMIT_AS with /proc/self/statm): Linux only",
)


def needs_device(path: str) -> pytest.MarkDecorator:
    """Skip where the device ``path`` (``/dev/zero``, ``/dev/full``) does not exist."""
    return pytest.mark.skipif(
        not Path(path).exists(),
        reason=f"needs the device {path}, which this system lacks "
        "(Windows has no /dev; macOS has no /dev/full)",
    )


def program_as_isp(text: str) -> str:
    """``text`` with isp's program in a printed command read as ``isp``, on every system.

    A printed command names isp by its path when isp is not on PATH (the tests run it
    from a virtual environment, as ``make test`` does); on Windows that path ends in
    ``isp.exe``, pip's launcher. Elsewhere ``text`` is returned as it is.
    """
    return re.sub(r"\bisp\.exe(?= )", "isp", text) if WINDOWS else text
