"""The commands isp prints for the user to copy: naming an isp their shell will find.

A printed command must work when pasted, however isp was installed and whatever the
shell: ``isp`` when the shell finds this isp by that name; otherwise a path to it,
quoted for the user's shell (PowerShell or cmd on Windows, POSIX elsewhere). ``-m
isp_cli`` follows only a Python, never the executable of a bundle.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from isp_cli import system


def program() -> list[str]:
    """How to call isp from the user's shell, unquoted: ``isp``, a path to it, or a Python.

    ``make run`` and ``python -m isp_cli`` run an isp that is usually not on PATH (it
    lives in ``.venv/bin`` or ``.venv\\Scripts``), and a bundle is run from the folder
    it was unzipped to: then the path that works is given instead.
    """
    executable = _executable()
    if executable is None:
        return [sys.executable, "-m", "isp_cli"]
    on_path = shutil.which("isp")
    if on_path and _same(Path(on_path), executable):
        return ["isp"]
    return [_shown(executable.absolute())]


def _executable() -> Path | None:
    """The file that started this isp, if it is isp's own (not a Python running ``-m``)."""
    if getattr(sys, "frozen", False):  # a bundle: the executable is isp itself
        return Path(sys.executable)
    name = "isp.exe" if system.WINDOWS else "isp"
    started = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    # pip's launcher on Windows leaves the .exe out of argv[0].
    if started is not None and started.name.lower() in {"isp", "isp.exe"}:
        for candidate in (started, started.with_name(name)):
            if candidate.is_file():
                return candidate
    beside = Path(sys.executable).parent / name
    return beside if beside.is_file() else None


def _shown(absolute: Path) -> str:
    """A path as short as it can be and still found: relative inside the current folder."""
    try:
        relative = absolute.relative_to(Path.cwd())
    except ValueError:
        return str(absolute)
    if system.WINDOWS or len(relative.parts) == 1:
        # A bare name is looked up on PATH, not in the current folder; PowerShell
        # wants .\ before any relative path.
        return system.current_folder_prefix() + str(relative)
    return str(relative)


def _same(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False


def isp_command(*args: str | Path) -> str:
    """A whole command line, each argument quoted when the user's shell needs it."""
    first, *rest = program()
    return system.command_line(first, [*rest, *(str(arg) for arg in args)])
