"""Session.amend: the one rule for a new version of the protocol (review and import use it)."""

from __future__ import annotations

import datetime as dt

from isp_cli.model.session import Agency, Approval, Session
from isp_cli.storage.resources import builtin_checklist

DAY = dt.date(2026, 12, 1)


def _session(status: str) -> Session:
    session = Session.start(builtin_checklist())
    session.agencies = [
        Agency(
            name=name,
            discipline=discipline,
            approval=Approval(status="approved", date=dt.date(2026, 11, 2), by="Chief"),
        )
        for name, discipline in (
            ("Metro Police Department", "law-enforcement"),
            ("Safe Harbor Services", "victim-services"),
        )
    ]
    session.protocol.version = "1.0" if status == "final" else "0.3"
    session.protocol.status = status  # type: ignore[assignment]
    return session


def test_an_amended_final_protocol_is_a_draft_that_needs_every_approval_again() -> None:
    session = _session("final")
    assert session.amend("Review of 2026", ["intro.rationale"], DAY) is True
    assert session.protocol.status == "draft"
    assert session.protocol.version == "1.1"
    assert [a.approval_status for a in session.agencies] == ["pending", "pending"]


def test_an_amendment_adds_its_row_of_history_and_keeps_the_earlier_rows() -> None:
    session = _session("draft")
    session.amend("First round", ["intro.rationale"], DAY)
    session.amend("Counsel's edits", ["process.breach", "intro.rationale"], DAY)
    assert [(r.version, r.summary, r.items, r.date) for r in session.history] == [
        ("0.4", "First round", ["intro.rationale"], DAY),
        ("0.5", "Counsel's edits", ["process.breach", "intro.rationale"], DAY),
    ]
    assert session.protocol.version == "0.5"


def test_a_draft_amended_keeps_its_status() -> None:
    session = _session("draft")
    assert session.amend("Edits", ["intro.rationale"], DAY) is False
    assert session.protocol.status == "draft"
