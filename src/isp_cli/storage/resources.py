"""The data isp ships (the checklist, provisions, authorities, templates): where it is,
and the files read into their models.

Every file is read by the same strict YAML reader as a user's own files and validated
into models that forbid unknown keys, once a run (``functools.cache``). A damaged file
of isp's own is one line naming it, like any other file.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from isp_cli.errors import ChecklistError, IspError
from isp_cli.storage.loading import read_document, validate

if TYPE_CHECKING:
    from isp_cli.model.authorities import Catalog
    from isp_cli.model.checklist import Checklist
    from isp_cli.model.provisions import Provisions

_PACKAGE = Path(__file__).resolve().parents[1]
MAX_CHECKLIST_BYTES = 2_000_000
MAX_PROVISIONS_BYTES = 1_000_000
MAX_CATALOG_BYTES = 2_000_000
_REINSTALL = "This file is part of isp; reinstall isp."


def data_path(name: str) -> Path:
    """Path of a built-in data file or folder (``checklist.yaml``, ``templates``).

    A wheel carries them in ``isp_cli/data/``; an editable install or a source
    checkout reads them from the top of the repository, where they are edited.
    """
    installed = _PACKAGE / "data" / name
    if installed.exists():
        return installed
    return _PACKAGE.parent.parent / name


def load_checklist(path: Path) -> Checklist:
    """Read and validate a checklist file (the built-in one or a task force's own)."""
    from isp_cli.model.checklist import Checklist

    document = read_document(
        path, kind="checklist", error=ChecklistError, max_bytes=MAX_CHECKLIST_BYTES
    )
    return validate(
        document,
        Checklist,
        source=path,
        kind="checklist",
        error=ChecklistError,
        hint="Correct the checklist file and try again.",
    )


@cache
def builtin_checklist() -> Checklist:
    """The ECM checklist that ships with isp."""
    return load_checklist(data_path("checklist.yaml"))


@cache
def builtin_provisions() -> Provisions:
    """The general provisions that ship with isp (provisions.yaml)."""
    from isp_cli.model.provisions import Provisions

    path = data_path("provisions.yaml")
    document = read_document(
        path, kind="provisions file", error=IspError, max_bytes=MAX_PROVISIONS_BYTES
    )
    return validate(
        document, Provisions, source=path, kind="provisions file", error=IspError, hint=_REINSTALL
    )


def load_catalog(path: Path) -> Catalog:
    """Read and validate a catalog of federal authorities."""
    from isp_cli.model.authorities import Catalog

    kind = "authorities catalog"
    document = read_document(path, kind=kind, error=IspError, max_bytes=MAX_CATALOG_BYTES)
    return validate(document, Catalog, source=path, kind=kind, error=IspError, hint=_REINSTALL)


@cache
def catalog() -> Catalog:
    """The catalog of federal authorities that ships with isp (authorities.yaml)."""
    return load_catalog(data_path("authorities.yaml"))
