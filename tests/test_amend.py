"""Session.record_changes: the one rule for changes to the protocol's text (issue 23).

Saving calls it, whatever made the change: a change to a version an agency has decided
on (or a final one) makes the next version with a row of history; a change to a
version still being drafted is added to its row; approvals of an earlier version or
text are stale, never silently current.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from helpers.sessions import minimal_data, write_session
from isp_cli.model.session import Agency, Session
from isp_cli.storage.resources import builtin_checklist
from isp_cli.storage.session_file import load_session, save_session
from isp_cli.storage.upgrades import approvals_2_to_3, history_2_to_3

DAY = dt.date(2026, 12, 1)


def _session(status: str = "draft") -> Session:
    session = Session.start(builtin_checklist())
    session.agencies = [
        Agency(name="Metro Police Department", discipline="law-enforcement"),
        Agency(name="Safe Harbor Services", discipline="victim-services"),
    ]
    session.protocol.version = "0.3"
    for agency in session.agencies:
        agency.approval = session.approval_for_now("approved", DAY, "Chief")
    if status == "final":
        session.make_final(DAY)
    session.mark_saved()
    return session


def _answer(session: Session, item_id: str, text: str) -> None:
    from isp_cli.model.session import Answer

    session.items[item_id] = Answer(status="include", response=text)


def test_an_approval_names_the_version_and_text_it_approved() -> None:
    session = _session()
    approval = session.agencies[0].approval
    assert approval is not None and approval.version == "0.3"
    assert approval.fingerprint == session.text_fingerprint()
    assert session.has_approved(session.agencies[0])


def test_a_change_to_an_approved_version_makes_the_next_one_and_stales_the_approvals() -> None:
    session = _session()
    _answer(session, "process.breach", "Tell the coordinator within 24 hours.")
    assert session.record_changes(DAY) == ["process.breach"]
    assert session.protocol.version == "0.4"
    assert [(r.version, r.items) for r in session.history][-1] == ("0.4", ["process.breach"])
    assert (
        session.history[-1].summary
        == "Amended after the member agencies began approving version 0.3."
    )
    # The approvals are kept as recorded, of 0.3, and are not approvals of 0.4.
    assert [a.approval.version for a in session.agencies if a.approval] == ["0.3", "0.3"]
    assert not any(session.has_approved(a) for a in session.agencies)
    # A second change in the same draft joins the row of 0.4: no version per keystroke.
    _answer(session, "intro.rationale", "Why we share.")
    session.record_changes(DAY)
    assert session.protocol.version == "0.4"
    assert session.history[-1].items == ["process.breach", "intro.rationale"]


def test_the_history_starts_at_the_first_draft() -> None:
    session = _session()
    _answer(session, "process.breach", "Within 24 hours.")
    session.record_changes(DAY)
    assert [r.version for r in session.history] == ["0.3", "0.4"]
    assert session.history[0].summary.startswith("Draft prepared from the task force's answers")


def test_a_change_to_a_final_protocol_makes_a_draft_again() -> None:
    session = _session("final")
    assert session.protocol.version == "1.0" and session.has_approved(session.agencies[0])
    _answer(session, "process.breach", "Within 12 hours.")
    session.record_changes(DAY)
    assert (session.protocol.version, session.protocol.status) == ("1.1", "draft")
    assert session.history[-1].summary == "Amended after version 1.0 was made final."
    assert not session.has_approved(session.agencies[0])


def test_notes_and_approvals_are_records_not_text() -> None:
    session = _session()
    session.items["intro.rationale"] = session.items.get("intro.rationale") or _note_only()
    session.record_changes(DAY)  # the item's first answer: a change of the text
    version = session.protocol.version
    session.items["intro.rationale"].note = "Ask counsel."
    session.agencies[1].approval = session.approval_for_now("awaiting-board", DAY, "Board")
    assert session.record_changes(DAY) == []
    assert session.protocol.version == version


def _note_only() -> object:
    from isp_cli.model.session import Answer

    return Answer(status="discuss", response="")


def test_a_text_changed_outside_isp_makes_the_approval_stale_at_the_same_version(
    tmp_path: Path,
) -> None:
    session = _session()
    path = tmp_path / "s.isp.yaml"
    save_session(session, path, builtin_checklist())
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("items: {}", "items:\n  intro.rationale:\n    status: include\n"
                                 "    response: Typed in a text editor.\n"), encoding="utf-8")  # fmt: skip
    again, _ = load_session(path)
    assert again.protocol.version == "0.3"
    assert not again.has_approved(again.agencies[0])


def test_upgrade_of_approvals_and_history_from_schema_2() -> None:
    data = minimal_data()
    data["protocol"]["version"] = "0.3"
    data["agencies"][0]["approval"] = {"status": "approved", "date": "2026-11-20", "by": "Chief"}
    data["history"] = [{"version": "0.2", "date": "2026-10-27", "summary": "Review."}]
    data["created"] = "2026-10-06T14:00:00+00:00"
    before = repr(data)
    upgraded = history_2_to_3(approvals_2_to_3(data))
    assert repr(data) == before  # a new dict: the input is untouched
    assert upgraded["agencies"][0]["approval"]["version"] == "0.3"
    assert [r["version"] for r in upgraded["history"]] == ["0.1", "0.2"]
    assert upgraded["history"][0]["date"] == dt.date(2026, 10, 6)


def test_a_version_2_file_keeps_its_approvals_current_until_the_text_changes(
    tmp_path: Path,
) -> None:
    data = minimal_data()
    data["isp"] = 2
    data["agencies"][0]["approval"] = {"status": "approved", "date": "2026-11-20", "by": "Chief"}
    path = write_session(tmp_path, data)
    session, checklist = load_session(path)
    assert session.has_approved(session.agencies[0])
    from isp_cli.model.session import Answer

    session.items["process.breach"] = Answer(status="include", response="Within 24 hours.")
    save_session(session, path, checklist)
    again, _ = load_session(path)
    assert again.protocol.version == "0.2"
    assert not again.has_approved(again.agencies[0])
    assert again.agencies[0].approval is not None
    assert again.agencies[0].approval.version == "0.1"


def test_an_approval_of_a_kept_provision_is_stale_when_its_model_language_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kept provision prints the model language isp ships: approvals of it are of that
    wording, and a new wording (an upgrade) is a changed text."""
    from isp_cli.model.provisions import Provisions
    from isp_cli.storage import resources

    data = minimal_data()
    data["isp"] = 3
    data["provisions"] = {"legal_status": {"status": "keep"}}
    path = write_session(tmp_path, data)
    session, checklist = load_session(path)
    session.agencies[0].approval = session.approval_for_now("approved", DAY, "Chief")
    save_session(session, path, checklist)
    assert load_session(path)[0].has_approved(session.agencies[0])
    shipped = resources.builtin_provisions()
    changed = Provisions.model_validate(
        shipped.model_dump()
        | {
            "provisions": [
                p.model_dump()
                | ({"model": p.model + " New words."} if p.id == "legal_status" else {})
                for p in shipped.provisions
            ]
        }
    )
    monkeypatch.setattr(resources, "builtin_provisions", lambda: changed)
    again, _ = load_session(path)
    assert not again.has_approved(again.agencies[0])
