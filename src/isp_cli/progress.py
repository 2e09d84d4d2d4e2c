"""How far a session has come: per section and in total."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from isp_cli.checklist import Checklist, Section
from isp_cli.review import next_review
from isp_cli.session import Session
from isp_cli.vocabulary import DISCIPLINES, Discipline

# The states an item can be in, in the order reports show them.
STATES = ("include", "discuss", "omit", "skipped", "unanswered")
STATE_LABELS = {
    "include": "Included",
    "discuss": "To discuss",
    "omit": "Left out",
    "skipped": "Skipped",
    "unanswered": "Unanswered",
}


@dataclass
class Tally:
    """Counts of items per state, with the ids in each."""

    title: str
    ids: dict[str, list[str]] = field(default_factory=lambda: {s: [] for s in STATES})

    def count(self, state: str) -> int:
        """How many items are in ``state``."""
        return len(self.ids[state])

    @property
    def total(self) -> int:
        """How many items in all."""
        return sum(len(ids) for ids in self.ids.values())

    @property
    def answered(self) -> int:
        """Items with a decision (include, discuss or omit)."""
        return self.count("include") + self.count("discuss") + self.count("omit")


def item_state(session: Session, item_id: str) -> str:
    """One of STATES for this item."""
    answer = session.items.get(item_id)
    if answer is not None:
        return answer.status
    return "skipped" if item_id in session.skipped else "unanswered"


def tally_section(session: Session, section: Section) -> Tally:
    """The tally of one section."""
    tally = Tally(section.title)
    for item in section.items:
        tally.ids[item_state(session, item.id)].append(item.id)
    return tally


def tally_all(session: Session, checklist: Checklist) -> tuple[list[Tally], Tally]:
    """Tallies per section, and the total."""
    sections = [tally_section(session, section) for section in checklist.sections]
    total = Tally("Total")
    for tally in sections:
        for state in STATES:
            total.ids[state].extend(tally.ids[state])
    return sections, total


def is_complete(session: Session, checklist: Checklist) -> bool:
    """Every item has a decision."""
    return all(item_id in session.items for item_id in checklist.item_ids)


def status_report(session: Session, checklist: Checklist) -> dict[str, Any]:
    """Everything ``isp status --json`` prints."""
    sections, total = tally_all(session, checklist)
    return {
        "protocol": session.protocol.model_dump(),
        "agencies": len(session.agencies),
        "missing_disciplines": session.missing_disciplines(),
        "complete": is_complete(session, checklist),
        "sections": [
            {"id": section.id, "title": section.title}
            | {state: tally.count(state) for state in STATES}
            | {"items": {i: item_state(session, i) for ids in tally.ids.values() for i in ids}}
            for section, tally in zip(checklist.sections, sections, strict=True)
        ],
        "total": {state: total.count(state) for state in STATES} | {"items": total.total},
        "approvals": [
            {"agency": agency.name}
            | (
                agency.approval.model_dump(mode="json")
                if agency.approval
                else {"status": "pending"}
            )
            for agency in session.agencies
        ],
        "next_review": (due.isoformat() if (due := next_review(session)) else None),
    }


def discipline_labels(disciplines: list[Discipline]) -> str:
    """'law enforcement and prosecution' for a list of discipline ids."""
    names = [DISCIPLINES[d].lower() for d in disciplines]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
