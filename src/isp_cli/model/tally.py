"""Counting items by state: per section and in total."""

from __future__ import annotations

from dataclasses import dataclass, field

from isp_cli.model.checklist import Checklist, Section
from isp_cli.model.session import Session
from isp_cli.model.vocabulary import STATE_LABELS, STATES, ItemState


@dataclass
class Tally:
    """Counts of items per state, with the ids in each."""

    title: str
    ids: dict[ItemState, list[str]] = field(default_factory=lambda: {s: [] for s in STATES})

    def count(self, state: ItemState) -> int:
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

    def summary(self) -> str:
        """One line: '19 included, 1 to discuss, 1 left out, 0 skipped for now, 0 unanswered.'"""
        parts = [f"{self.count(state)} {STATE_LABELS[state].lower()}" for state in STATES]
        return ", ".join(parts) + "."


def item_state(session: Session, item_id: str) -> ItemState:
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
