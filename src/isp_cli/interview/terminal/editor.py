"""Writing an answer in the user's own editor (Ctrl-E in the answer box), as gh does.

Only the editor the user chose (VISUAL or EDITOR) is ever started: never a default
such as vi, which would trap someone who does not know it.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from isp_cli import system


def chosen_editor() -> str | None:
    """The editor command the user set, if any."""
    return os.environ.get("VISUAL") or os.environ.get("EDITOR") or None


def edit_in_editor(command: str, text: str) -> str | None:
    """Open ``text`` in ``command``; the edited text, or None if the editor failed.

    The temporary file is readable by its owner only and is deleted afterwards.
    """
    fd, name = tempfile.mkstemp(prefix="isp-answer-", suffix=".txt")
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(text)
        if subprocess.run(system.editor_command(command, name), check=False).returncode != 0:
            return None
        # Notepad saves UTF-8 with a byte-order mark.
        return path.read_text(encoding="utf-8-sig").rstrip("\n")
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    finally:
        path.unlink(missing_ok=True)
