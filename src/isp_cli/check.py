"""``isp check``: is the session valid, and does any answer identify an individual?"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from isp_cli.checklist import Checklist
from isp_cli.privacy import Finding, scan
from isp_cli.session import Session, load_session


@dataclass(frozen=True)
class Located:
    """A finding and where it is: an item's answer or note, or a protocol detail."""

    where: str
    finding: Finding


def check_session(*, file: Path) -> list[Located]:
    """Validate ``file`` (SessionError if invalid) and scan every answer and note.

    The representatives' own contact fields are not scanned: agency contacts are
    expected in a protocol.
    """
    session, checklist = load_session(file)
    return scan_session(session, checklist)


def scan_session(session: Session, checklist: Checklist) -> list[Located]:
    """Everything in the session's answers, notes and details that looks personal."""
    found: list[Located] = []
    protocol = session.protocol
    for name in ("task_force", "title", "jurisdiction", "topic_description"):
        value = getattr(protocol, name)
        if value:
            found.extend(Located(f"protocol.{name}", f) for f in scan(value))
    for item_id in checklist.item_ids:
        answer = session.items.get(item_id)
        if answer is None:
            continue
        found.extend(Located(f"{item_id} (answer)", f) for f in scan(answer.response))
        found.extend(Located(f"{item_id} (note)", f) for f in scan(answer.note))
    return found
