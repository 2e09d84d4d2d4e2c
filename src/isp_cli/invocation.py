"""The commands isp prints for the user to copy: naming an isp their shell will find."""

from __future__ import annotations

import shlex
import shutil
import sys
from pathlib import Path


def program() -> str:
    """How to call isp from the user's shell: ``isp`` when it is on PATH, else a path.

    ``make run`` and ``python -m isp_cli`` run an isp that is usually not on PATH
    (it lives in ``.venv/bin``): then the path that works is printed instead.
    """
    script = Path(sys.argv[0]) if Path(sys.argv[0]).name == "isp" else None
    if script is None:
        beside = Path(sys.executable).parent / "isp"
        script = beside if beside.exists() else None
    if script is None:
        return f"{shlex.quote(sys.executable)} -m isp_cli"
    on_path = shutil.which("isp")
    if on_path and _same(Path(on_path), script):
        return "isp"
    absolute = script.absolute()
    try:
        shown = str(absolute.relative_to(Path.cwd()))
    except ValueError:
        shown = str(absolute)
    return shlex.quote(shown)


def _same(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False


def isp_command(*args: str | Path) -> str:
    """A whole command line, each argument quoted when it needs quoting."""
    return " ".join([program(), *(shlex.quote(str(arg)) for arg in args)])
