"""Where the built-in checklist and templates are, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_path(name: str) -> Path:
    """Path of a built-in data file or folder (``checklist.yaml``, ``templates``).

    A wheel carries them in ``isp_cli/data/``; an editable install or a source
    checkout reads them from the top of the repository, where they are edited.
    """
    installed = _PACKAGE / "data" / name
    if installed.exists():
        return installed
    return _PACKAGE.parent.parent / name
