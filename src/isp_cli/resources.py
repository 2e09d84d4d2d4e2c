"""The data isp ships (the checklist, the templates): where it is, installed or in a checkout."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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


def builtin_checklist_data() -> dict[str, Any]:
    """The built-in checklist as plain data, read by the same strict reader as every file.

    Needs no models, so that ``isp checklist`` lists it quickly.
    """
    from isp_cli.yamlio import parse, read_text

    data: dict[str, Any] = parse(read_text(data_path("checklist.yaml"), max_bytes=2_000_000)).data
    return data
