"""What isp records and says about a protocol is true (issue 23): each untruth a test."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from helpers.platforms import needs_pty
from helpers.screen import CTRL_C, CTRL_S, DOWN, ENTER, Screen
from helpers.sessions import load, minimal_data, started, write_session
from isp_cli.storage.session_file import load_session


def test_approve_final_that_cannot_finish_says_so_and_exits_non_zero(
    cli: Any, tmp_path: Path
) -> None:
    data = minimal_data()
    data["agencies"].append({"name": "Safe Harbor", "discipline": "victim-services"})
    path = write_session(tmp_path, data)
    code, out, err = cli("approve", str(path), "--agency", "Safe Harbor", "--status", "approved",
                         "--by", "J. Okafor", "--date", "2026-12-01", "--final")  # fmt: skip
    assert code == 2, out
    assert "Safe Harbor: approved. (recorded)" in err
    assert "The protocol cannot be final yet" in err
    assert "Metro Police Department (pending)" in err  # what is still open, named
    session, _ = load_session(path)
    assert session.agencies[1].approved  # the approval itself was kept
    assert session.protocol.status == "draft"


@needs_pty
def test_a_draft_keeps_its_trailing_space_so_the_next_words_do_not_run_on(
    tmp_path: Path,
) -> None:
    started(tmp_path)
    with Screen(tmp_path, "resume", "s.isp.yaml", size=(24, 80)) as term:
        term.wait_for("Your decision:")
        term.keys(ENTER)  # include
        term.wait_for("Ctrl-C: stop")
        term.type("First, only members. Second, ")
        term.keys(CTRL_C)
        assert term.wait_exit() == 130
    drafts = load(tmp_path / "s.isp.yaml")["drafts"]
    assert drafts["intro.contributors.response"] == "First, only members. Second, "
    with Screen(tmp_path, "resume", "s.isp.yaml", size=(24, 80)) as term:
        term.wait_for("Your decision:")
        term.keys(ENTER)
        term.wait_for("unfinished text from last time")
        term.type("de-identified data.")
        term.keys(CTRL_S)
        term.wait_for("Note for the task force")
        term.keys(CTRL_C)
        assert term.wait_exit() == 130
    answer = load(tmp_path / "s.isp.yaml")["items"]["intro.contributors"]["response"]
    assert answer == "First, only members. Second, de-identified data."


@needs_pty
def test_a_draft_keeps_the_decision_it_was_written_for(tmp_path: Path) -> None:
    started(tmp_path)
    with Screen(tmp_path, "resume", "s.isp.yaml", size=(24, 80)) as term:
        term.wait_for("Your decision:")
        term.keys(DOWN, ENTER)  # discuss
        term.wait_for("Draft answer for the task force")
        term.type("Half a thought")
        term.keys(CTRL_C)
        assert term.wait_exit() == 130
    with Screen(tmp_path, "resume", "s.isp.yaml", size=(24, 80)) as term:
        term.wait_for("Your decision:")
        term.wait_for("Discuss with the task force (chosen last time; its answer is unfinished)")
        assert "Include in the protocol (current decision)" not in term.text()
        term.keys(ENTER)  # Enter keeps "Discuss", not "Include"
        term.wait_for("Draft answer for the task force")
        term.wait_for("Half a thought")
        term.type(" and more.")
        term.keys(CTRL_S)
        term.wait_for("Note for the task force")
        term.keys(CTRL_C)
        assert term.wait_exit() == 130
    data = load(tmp_path / "s.isp.yaml")
    assert data["items"]["intro.contributors"] == {
        "status": "discuss",
        "response": "Half a thought and more.",
    }
    assert "drafts" not in data


def test_a_history_row_is_a_sentence_before_what_changed(tmp_path: Path) -> None:
    from helpers.docx_checks import body_text, open_docx
    from isp_cli.commands.render import render_protocol

    data = minimal_data()
    data["history"] = [
        {"version": "0.2", "date": "2026-11-30", "summary": "Reviewed by the task force",
         "items": ["intro.rationale"]},
    ]  # fmt: skip
    text = body_text(open_docx(render_protocol(file=write_session(tmp_path, data)).path))
    assert "Reviewed by the task force. Changed: " in text
