"""Appendix C of the protocol: where the wording of each legal authority was checked.

For each federal authority in the protocol's table of legal authorities: its name and
citation as the catalog gives them, where counsel reads its official text, the source its
entry was checked against, the date of that check, and the catalog's short
``verification`` sentence (the official text, or what else it was checked against). The
catalog's longer ``unverified`` notes are never printed. State and local authorities are
the task force's own entries: the appendix names them and records no source for them.
"""

from __future__ import annotations

from typing import Any

from isp_cli.model.schedule import long_date
from isp_cli.model.session import Session


def authority_sources(session: Session) -> dict[str, Any]:
    """The sources appendix as template data: ``{}`` when the protocol names no authority.

    ``federal`` holds one row per catalog authority the session names, in the catalog's
    order (the order of the table), each with ``name``, ``citation``, ``official`` (the
    URL of the official text), ``source``, ``checked`` (a long date) and
    ``verification``; ``local`` the names of the state or local authorities, in the
    session's order.
    """
    from isp_cli.storage.resources import catalog

    chosen = session.authorities
    if chosen is None or not chosen.count:
        return {}
    federal = [
        {
            "name": entry.name,
            "citation": entry.citation,
            "official": entry.official,
            "source": entry.source,
            "checked": long_date(entry.checked),
            "verification": entry.verification,
        }
        for entry in catalog().authorities
        if chosen.get(entry.id) is not None
    ]
    return {"federal": federal, "local": [local.name for local in chosen.state_local]}
