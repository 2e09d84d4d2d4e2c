"""Schema upgrades: a session file of an older schema version, brought up step by step.

Each step is a function from the data of version N to a new dict of version N+1
(the input is never changed), tested on its own. They run in memory when a file is
read; the file is written in the new version only when isp next saves it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import suppress
from typing import Any

from isp_cli.errors import SessionError
from isp_cli.model.session import FIRST_DRAFT

# Keys that schema version 2 added: a version-1 file that has them is mislabelled.
V2_KEYS = ("flows", "authorities", "point_persons", "breach")
FIRST_VERSION = "0.1"  # every protocol starts as version 0.1 (model.session.Protocol)


def upgrade_1_to_2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1 → 2: the structured parts are new and optional, so only the number changes."""
    found = [key for key in V2_KEYS if key in data]
    if found:
        raise ValueError(
            f"'{found[0]}' is part of session schema version 2, but the file says 'isp: 1'; "
            "change it to 'isp: 2'"
        )
    return {**data, "isp": 2}


def upgrade_2_to_3(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 → 3: approvals name the version approved; the history starts at the first
    version; each authority names the member agencies it binds."""
    data = approvals_2_to_3(data)
    data = history_2_to_3(data)
    data = authorities_2_to_3(data)
    return {**data, "isp": 3}


def approvals_2_to_3(data: dict[str, Any]) -> dict[str, Any]:
    """Each recorded approval is of the version the protocol had on the approval's date.

    Version 2 did not say which version an agency approved, and kept approvals across a
    review of a draft. The history says when each version was made: an approval dated
    before the current version's row is of the version before (an approval without a
    date is taken to be of the current version). Approvals of the current version get
    its text's fingerprint when the session is read (Session.stamp_approvals), so that
    any later change makes them stale.
    """
    protocol = data.get("protocol")
    version = protocol.get("version", FIRST_VERSION) if isinstance(protocol, dict) else None
    agencies = data.get("agencies")
    if version is None or not isinstance(agencies, list):
        return data  # validation reports the shape
    made = _version_dates(data.get("history"))
    upgraded = []
    for agency in agencies:
        approval = agency.get("approval") if isinstance(agency, dict) else None
        if isinstance(approval, dict) and approval.get("status", "pending") != "pending":
            of = _version_on(made, _day(approval.get("date")), str(version))
            agency = {**agency, "approval": {"version": of, **approval}}
        upgraded.append(agency)
    return {**data, "agencies": upgraded}


def _version_dates(history: Any) -> list[tuple[str, dt.date]]:
    """(version, the day it was made) for each row of the history that says both."""
    rows = []
    for row in history if isinstance(history, list) else []:
        day = _day(row.get("date")) if isinstance(row, dict) else None
        if day is not None:
            rows.append((str(row.get("version")), day))
    return rows


def _version_on(made: list[tuple[str, dt.date]], day: dt.date | None, current: str) -> str:
    """The version the protocol had on ``day``: the last one made on or before it."""
    if day is None or current not in {version for version, _ in made}:
        return current  # the history does not say when this version was made
    earlier = [version for version, when in made if when <= day]
    return earlier[-1] if earlier else FIRST_VERSION


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        with suppress(ValueError):
            return dt.date.fromisoformat(value[:10])
    return None


def history_2_to_3(data: dict[str, Any]) -> dict[str, Any]:
    """A history that starts after 0.1 gets the first draft's row back.

    Version 2 printed a row for the first draft only while the history was empty, so
    the first amendment lost it.
    """
    history = data.get("history")
    if not isinstance(history, list) or not history or not isinstance(history[0], dict):
        return data
    if str(history[0].get("version")) == FIRST_VERSION:
        return data
    created = data.get("created")
    day: Any = history[0].get("date")
    if isinstance(created, dt.datetime | dt.date):
        day = created.date() if isinstance(created, dt.datetime) else created
    elif isinstance(created, str):
        with suppress(ValueError):
            day = dt.datetime.fromisoformat(created).date()
    first = {"version": FIRST_VERSION, "date": day, "summary": FIRST_DRAFT}
    return {**data, "history": [first, *history]}


def authorities_2_to_3(data: dict[str, Any]) -> dict[str, Any]:
    """Each federal authority binds the member agencies of the disciplines it was shown
    under (the catalog's suggestion for it).

    Version 2 kept one list of catalog ids behind every discipline's screen, and a
    discipline's screen listed the entries whose ``disciplines`` name it; so an id binds
    the member agencies whose discipline its catalog entry names. An unknown id binds
    none (loading then reports it). State or local authorities bind no agency yet: their
    free-text ``applies_to`` stays. Shapes that are not lists and mappings are left for
    validation to report.
    """
    from isp_cli.storage.resources import catalog

    authorities = data.get("authorities")
    if not isinstance(authorities, dict):
        return data
    agencies = data.get("agencies")
    members = [
        (agency["name"], agency.get("discipline"))
        for agency in (agencies if isinstance(agencies, list) else [])
        if isinstance(agency, dict) and isinstance(agency.get("name"), str)
    ]
    upgraded = dict(authorities)
    federal = authorities.get("federal")
    if isinstance(federal, list):
        entries: list[Any] = []
        for authority_id in federal:
            if not isinstance(authority_id, str):
                entries.append(authority_id)  # validation reports it
                continue
            entry = catalog().get(authority_id)
            disciplines = entry.disciplines if entry is not None else []
            binds = [name for name, discipline in members if discipline in disciplines]
            entries.append({"id": authority_id, "binds": list(dict.fromkeys(binds))})
        upgraded["federal"] = entries
    local = authorities.get("state_local")
    if isinstance(local, list):
        upgraded["state_local"] = [
            {**entry, "binds": []} if isinstance(entry, dict) and "binds" not in entry else entry
            for entry in local
        ]
    return {**data, "authorities": upgraded}


UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    1: upgrade_1_to_2,
    2: upgrade_2_to_3,
}


def upgrade(data: dict[str, Any], to: int, where: str) -> dict[str, Any]:
    """``data`` upgraded step by step to schema version ``to`` (a new dict)."""
    while data["isp"] < to:
        try:
            data = UPGRADES[data["isp"]](data)
        except ValueError as exc:
            raise SessionError(f"{where}: {exc}.") from None
    return data
