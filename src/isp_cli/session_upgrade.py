"""Upgrading a session file's data from an older schema version, in memory.

Each step takes the parsed data of one version and returns the next version's.
The upgraded data is only validated and used: the file on disk is written in the
new version only when isp next saves it, so reading commands never change a file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from isp_cli.errors import SessionError
from isp_cli.yamlio import Document

# Keys that schema version 2 added: a version-1 file that has them is mislabelled.
V2_KEYS = ("flows", "authorities", "point_persons", "breach")


def upgrade_1_to_2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1 → 2: the structured parts are new and optional, so only the number changes."""
    found = [key for key in V2_KEYS if key in data]
    if found:
        raise ValueError(
            f"'{found[0]}' is part of session schema version 2, but the file says 'isp: 1'; "
            "change it to 'isp: 2'"
        )
    return {**data, "isp": 2}


UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: upgrade_1_to_2}


def upgrade(data: dict[str, Any], to: int, where: str) -> dict[str, Any]:
    """``data`` upgraded step by step to schema version ``to`` (a new dict)."""
    while data["isp"] < to:
        try:
            data = UPGRADES[data["isp"]](data)
        except ValueError as exc:
            raise SessionError(f"{where}: {exc}.") from None
    return data


def upgrade_document(document: Document, to: int, where: str) -> None:
    """Upgrade a parsed session file's data in place (in memory only), if it is older."""
    data = document.data
    if isinstance(data, dict) and isinstance(data.get("isp"), int) and data["isp"] < to:
        document.data = upgrade(data, to, where)
