"""What isp remembers for the user: drafts, kept privacy findings, reviews without changes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers.sessions import load, minimal_data, write_session
from isp_cli.commands.render import render_protocol
from isp_cli.commands.review import review_session
from isp_cli.errors import GoBack, Interrupted, StoppedTyping
from isp_cli.storage.session_file import load_session


def test_a_kept_finding_is_not_warned_about_again(cli: Any, tmp_path: Path, user: Any) -> None:
    from isp_cli.commands.edit import edit_session

    data = minimal_data()
    path = write_session(tmp_path, data)
    user(
        [
            ("process.breach.status", "include"),
            ("process.breach.response", "Call the duty line, 202-555-0143, at once."),
            ("privacy.keep", "keep"),
            ("breach.menu", "__done__"),
            ("process.breach.note", ""),
        ]
    )
    edit_session(file=path, target="process.breach")
    assert load(path)["kept"] == [{"where": "process.breach (answer)", "text": "202-555-0143"}]
    assert render_protocol(file=path, fmt="md").findings == []
    code, out, err = cli("check", str(path))
    assert code == 0, err
    assert "process.breach (answer): a phone number: 202-555-0143 (kept" in out
    # Asked again, the kept text is not questioned again either.
    script = user(
        [
            ("process.breach.status", "include"),
            ("process.breach.response", lambda q: q.default),
            ("breach.menu", "__done__"),
            ("process.breach.note", ""),
        ]
    )
    edit_session(file=path, target="process.breach")
    assert not [s for s in script.said if s.startswith("Careful")]


def test_ctrl_c_keeps_a_draft_and_resume_fills_it_in(tmp_path: Path, user: Any) -> None:
    from isp_cli.commands.resume import resume_session

    path = write_session(tmp_path, minimal_data())
    user(
        [
            ("intro.contributors.status", "include"),
            ("intro.contributors.response", StoppedTyping("Lt. Rivera and")),
        ]
    )
    with pytest.raises(Interrupted, match="kept as a draft"):
        resume_session(file=path)
    data = load(path)
    assert data["drafts"] == {"intro.contributors.response": "Lt. Rivera and"}
    assert "intro.contributors" not in data["items"]
    script = user(
        [
            ("intro.contributors.status", "include"),
            ("intro.contributors.response", lambda q: q.default + " J. Okafor."),
            ("intro.contributors.note", StoppedTyping("")),
        ]
    )
    with pytest.raises(Interrupted):
        resume_session(file=path)
    assert "Your unfinished text from last time is filled in below." in script.said
    data = load(path)
    assert data["items"]["intro.contributors"]["response"] == "Lt. Rivera and J. Okafor."
    assert "drafts" not in data


def test_go_back_from_an_answer_then_to_the_previous_item(tmp_path: Path, user: Any) -> None:
    from isp_cli.commands.resume import resume_session

    path = write_session(tmp_path, minimal_data())
    script = user(
        [
            ("intro.contributors.status", "include"),
            ("intro.contributors.response", GoBack("Half")),  # back to this decision
            ("intro.contributors.status", "__back__"),  # and on to the previous item
            ("intro.rationale.status", "include"),
            ("intro.rationale.response", "Changed."),
            ("intro.rationale.note", ""),
            ("intro.contributors.status", "include"),
            ("intro.contributors.response", lambda q: q.default + " done."),
            ("intro.contributors.note", ""),
            ("intro.review_schedule.status", KeyboardInterrupt),
        ]
    )
    with pytest.raises(Interrupted):
        resume_session(file=path)
    statuses = [q for q in script.asked if q.key == "intro.contributors.status"]
    assert "__back__" in [c.value for c in statuses[0].choices]
    first = next(q for q in script.asked if q.key == "intro.rationale.status")
    assert "__back__" not in [c.value for c in first.choices]  # nothing before item 1
    assert "Include in the protocol (current decision)" in [c.title for c in first.choices]
    items = load(path)["items"]
    assert items["intro.rationale"] == {"status": "include", "response": "Changed."}
    assert items["intro.contributors"]["response"] == "Half done."


def test_resume_can_start_at_any_item(tmp_path: Path, user: Any) -> None:
    from isp_cli.commands.resume import resume_session

    path = write_session(tmp_path, minimal_data())
    user(
        [
            ("requirements.hipaa.status", "include"),
            ("requirements.hipaa.response", "No health records are shared."),
            ("requirements.hipaa.note", ""),
            (r".*\.status", KeyboardInterrupt),  # the next unanswered item
        ]
    )
    with pytest.raises(Interrupted):
        resume_session(file=path, start="requirements.hipaa")
    assert load(path)["items"]["requirements.hipaa"]["status"] == "include"


def test_a_review_without_changes_records_the_date_only(tmp_path: Path, user: Any) -> None:
    path = write_session(tmp_path, minimal_data())
    steps: list[tuple[str, Any]] = []
    from isp_cli.storage.resources import builtin_checklist

    for item_id in builtin_checklist().item_ids:
        if item_id == "intro.rationale":  # "Change it", then change nothing
            steps += [
                (f"review.{item_id}", "change"),
                (f"{item_id}.status", lambda q: q.default),
                (f"{item_id}.response", lambda q: q.default),
                (f"{item_id}.note", lambda q: q.default),
            ]
        else:
            steps.append((f"review.{item_id}", "keep"))
    script = user(steps)
    line = review_session(file=path)
    assert "nothing in the protocol's text changed" in line and "stays 0.1" in line
    session, _ = load_session(path)
    assert session.protocol.version == "0.1" and session.history == []
    assert session.review is not None and session.review.last_review == dt.date.today()
    assert "Now: To discuss" in script.said  # the decision in words, not "discuss"
    assert "[21/21] Process for Information Sharing" in "\n".join(script.said)


def test_drafts_and_kept_are_absent_from_files_that_do_not_use_them(tmp_path: Path) -> None:
    path = write_session(tmp_path, minimal_data())
    session, checklist = load_session(path)
    data = session.to_data(checklist)
    assert "drafts" not in data and "kept" not in data
    assert list(data) == [key for key in yaml.safe_load(path.read_text()) if key in data]


def test_ctrl_c_in_a_provisions_wording_keeps_a_draft(tmp_path: Path, user: Any) -> None:
    from isp_cli.commands.edit import edit_session

    path = write_session(tmp_path, minimal_data())
    user(
        [
            ("provisions.term.status", "edit"),
            ("provisions.value.effective_date", ""),
            ("provisions.value.term_years", lambda q: q.default),
            ("provisions.value.notice_days", "30"),
            ("provisions.term.text", StoppedTyping("This protocol takes effect when")),
        ]
    )
    with pytest.raises(Interrupted, match="kept as a draft"):
        edit_session(file=path, target="provisions")
    assert load(path)["drafts"] == {"provisions.term.text": "This protocol takes effect when"}
    script = user([("provisions.term.status", "edit")] + [(r"provisions\.value\..*", "")] * 3
                  + [("provisions.term.text", KeyboardInterrupt)])  # fmt: skip
    with pytest.raises(Interrupted):
        edit_session(file=path, target="provisions")
    wording = next(q for q in script.asked if q.key == "provisions.term.text")
    assert wording.default == "This protocol takes effect when"
