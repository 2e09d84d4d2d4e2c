"""The interview in a real terminal (a pty driven by pexpect), as a user types it."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pexpect
import pytest
import yaml

from helpers.platforms import needs_pty
from helpers.terminal import CTRL_C, DOWN, ENTER, ITEMS, Terminal

pytestmark = needs_pty


def details_and_agencies(term: Terminal) -> None:
    term.text("Name of the task force:", "Metro Area Anti-Trafficking Task Force")
    term.answer("What does this protocol cover?", DOWN * 2 + ENTER)  # victim referrals
    term.text("Title of the protocol:", "")  # keep the suggested title
    term.text("Jurisdiction", "Metro County, Ohio")
    for name, downs in (
        ("Metro Police Department", 0),
        ("Safe Harbor", 1),
        ("County Prosecutor", 2),
    ):
        term.text("Agency name:", name)
        term.answer("Discipline:", DOWN * downs + ENTER)
        term.text("representative:", f"Rep {downs}")
        term.text("job title:", "Director")
        term.answer("Add another agency?", "y" if downs < 2 else "n")


def include(term: Terminal, n: int, lines: list[str], note: str = "") -> None:
    term.child.expect_exact(f"[{n}/21]")
    term.answer("Your decision:", ENTER)
    term.multiline("What should the protocol say?", lines)
    if n == 3:  # the review schedule also asks for the interval
        term.answer("How many months between reviews?", ENTER)
    leave_structured(term, n)
    term.text("Note for the task force", note)


def closing(term: Terminal, agencies: int) -> None:
    """The general provisions (each left for later), then no signatory named."""
    for n in range(1, 16):
        term.child.expect_exact(f"[{n}/15]")
        term.answer("Your decision:", DOWN * 3 + ENTER)  # skip for now
    term.answer("Which member agency is the lead agency", DOWN * agencies + ENTER)  # undecided
    term.text("The task force coordinator", "")
    for _ in range(agencies):
        term.text("The party that signs for", "")
        term.text("Who signs for", "")
        term.text("Their job title", "")


def leave_structured(term: Terminal, n: int) -> None:
    """Go past item ``n``'s structured part, leaving it as it is (three agencies)."""
    if n in (4, 7, 8):  # the flows menu (three items) starts on "Add" while there are none
        term.child.expect(r"Information flows \((\d+) so far\)")
        term.child.send(DOWN + ENTER if term.child.match.group(1) == "0" else ENTER)
    elif n == 10:  # one list of federal authorities per agency, then state or local
        for agency in ("Metro Police Department", "Safe Harbor", "County Prosecutor"):
            term.answer(f"Federal authorities that bind {agency}", ENTER)
        term.answer("State or local authorities", ENTER)
    elif n == 16:  # the menu starts on the first agency without a point person
        term.answer("Point persons: choose an agency", DOWN * 3 + ENTER)
    elif n == 21:
        term.answer("Breach notification steps:", DOWN + ENTER)  # not now


def build_a_flow(term: Terminal) -> None:
    """Item 7's flows table, by keys: Space ticks, Enter goes on."""
    term.child.expect_exact("[7/21]")
    term.answer("Your decision:", ENTER)
    term.multiline("What should the protocol say?", ["Who provides what."])
    term.answer("Information flows (0 so far)", ENTER)  # add
    term.answer("What information?", DOWN + ENTER)  # tips and leads
    term.answer("Provided by", " " + ENTER)  # the first agency
    term.answer("Shared with", DOWN * 3 + " " + DOWN + " " + ENTER)  # the second and third
    term.answer("On what condition?", "\x1b[A" * 3 + ENTER)  # up from undecided: supervisor
    term.text("Purpose, in a few words", "Investigations")
    term.answer("Keep this flow", ENTER)
    term.answer("Information flows (1 so far)", ENTER)  # done
    term.text("Note for the task force", "")


def test_whole_interview_typed_in_a_terminal(tmp_path: Path) -> None:
    term = Terminal(tmp_path, "new", "metro.isp.yaml")
    details_and_agencies(term)
    for n in range(1, 22):
        if n == 13:  # requirements.hipaa: leave out
            term.child.expect_exact("[13/21] Requirements for Information Sharing")
            term.child.expect_exact("Health Insurance Portability")
            term.answer("Your decision:", DOWN * 2 + ENTER)
            term.text("Note for the task force", "No health data is shared.")
        elif n == 19:  # process.method: discuss, with a draft
            term.child.expect_exact("[19/21]")
            term.answer("Your decision:", DOWN + ENTER)
            term.multiline("Draft answer", ["Secure email for now."])
            term.text("Note for the task force", "")
        elif n == 7:
            build_a_flow(term)
        else:
            include(term, n, [f"Answer {n}, line one.", "", f"- point {n}"])
    term.child.expect_exact("[1/15] Effective date, term, amendment and withdrawal")
    term.answer("Your decision:", ENTER)  # keep the model language
    term.text("take effect?", "2027-01-01")
    term.text("renewed?", "")  # the suggested 3 years
    term.text("to withdraw?", "")  # the suggested 30 days
    for n in range(2, 16):
        term.child.expect_exact(f"[{n}/15]")
        term.answer("Your decision:", DOWN * 3 + ENTER)  # skip for now
    term.answer("Which member agency is the lead agency", ENTER)  # the first agency
    term.text("The task force coordinator", "S. Patel, Task Force Coordinator")
    term.text("The party that signs for Metro Police Department", "")
    term.text("Who signs for Metro Police Department?", "R. Alvarez")
    term.text("Their job title", "Chief of Police")
    for _ in range(2):
        term.text("The party that signs for", "")
        term.text("Who signs for", "")
        term.text("Their job title", "")
    term.answer("Make the Word protocol now?", "y")
    code, output = term.finish()
    assert "Wrote metro.docx" in output
    assert (tmp_path / "metro.docx").stat().st_size > 10_000
    assert code == 0, output
    assert "19 included, 1 to discuss, 1 left out, 0 skipped for now, 0 unanswered." in output
    data = yaml.safe_load((tmp_path / "metro.isp.yaml").read_text(encoding="utf-8"))
    assert data["flows"] == [
        {
            "information": "tips-leads",
            "provided_by": ["Metro Police Department"],
            "shared_with": ["Safe Harbor", "County Prosecutor"],
            "condition": "supervisor-approval",
            "purpose": "Investigations",
        }
    ]
    assert data["protocol"] == {
        "task_force": "Metro Area Anti-Trafficking Task Force",
        "title": "Information Sharing Protocol - Victim Referrals",
        "topic": "victim-referrals",
        "jurisdiction": "Metro County, Ohio",
        "version": "0.1",
        "status": "draft",
        "lead_agency": "Metro Police Department",
        "coordinator": "S. Patel, Task Force Coordinator",
    }
    assert data["agencies"] == [
        {
            "name": "Metro Police Department",
            "discipline": "law-enforcement",
            "representative": "Rep 0",
            "title": "Director",
            "signatory": "R. Alvarez",
            "signatory_title": "Chief of Police",
        },
        {
            "name": "Safe Harbor",
            "discipline": "victim-services",
            "representative": "Rep 1",
            "title": "Director",
        },
        {
            "name": "County Prosecutor",
            "discipline": "prosecution",
            "representative": "Rep 2",
            "title": "Director",
        },
    ]
    assert list(data["items"]) == ITEMS
    assert data["items"]["intro.rationale"] == {
        "status": "include",
        "response": "Answer 1, line one.\n\n- point 1",
    }
    assert data["items"]["requirements.hipaa"] == {
        "status": "omit",
        "note": "No health data is shared.",
    }
    assert data["items"]["process.method"] == {
        "status": "discuss",
        "response": "Secure email for now.",
    }
    assert data["provisions"] == {
        "term": {
            "status": "keep",
            "values": {"effective_date": date(2027, 1, 1), "term_years": 3, "notice_days": 30},
        }
    }


def test_ctrl_c_at_item_5_then_resume_to_the_end(tmp_path: Path) -> None:
    term = Terminal(tmp_path, "new")
    details_and_agencies(term)
    for n in range(1, 5):
        include(term, n, [f"Answer {n}."])
    term.child.expect_exact("[5/21]")
    term.answer("Your decision:", CTRL_C)
    code, output = term.finish()
    name = "metro-area-anti-trafficking-task-force-victim-referrals.isp.yaml"
    assert code == 130
    assert f"is saved in {name}. To continue:" in output and f"/isp resume {name}" in output
    data = yaml.safe_load((tmp_path / name).read_text(encoding="utf-8"))
    assert list(data["items"]) == ITEMS[:4]

    term = Terminal(tmp_path, "resume", name)
    for n in range(5, 22):
        include(term, n, [f"Answer {n}."])
    closing(term, 3)
    term.answer("Make the Word protocol now?", "n")
    code, output = term.finish()
    assert "make the Word protocol with:" in output and f"/isp render {name}" in output
    assert code == 0, output
    data = yaml.safe_load((tmp_path / name).read_text(encoding="utf-8"))
    assert [data["items"][i]["response"] for i in ITEMS] == [f"Answer {n}." for n in range(1, 22)]
    assert len(data["agencies"]) == 3


def test_ctrl_d_in_a_text_answer_stops_like_ctrl_c(tmp_path: Path) -> None:
    term = Terminal(tmp_path, "new", "s.isp.yaml")
    term.text("Name of the task force:", "TF")
    term.answer("What does this protocol cover?", ENTER)
    term.answer("Title of the protocol:", "\x15\x04")  # clear the line, then Ctrl-D
    code, output = term.finish()
    assert code == 130
    assert "isp resume s.isp.yaml" in output
    assert (
        yaml.safe_load((tmp_path / "s.isp.yaml").read_text())["protocol"]["topic"]
        == "subcommittee-meetings"
    )


def test_edit_one_item_in_a_terminal(tmp_path: Path) -> None:
    path = tmp_path / "s.isp.yaml"
    path.write_text(
        "isp: 1\nchecklist: ecm-isp\nitems:\n"
        "  process.breach:\n    status: discuss\n    response: Tell the chair.\n"
        "  intro.rationale:\n    status: include\n    response: Why.\n",
        encoding="utf-8",
    )
    term = Terminal(tmp_path, "edit", "s.isp.yaml", "process.breach")
    term.child.expect_exact("[21/21] Process for Information Sharing")
    term.answer("Your decision:", "\x1b[A" + ENTER)  # from "discuss" up to "include"
    # The current answer is pre-filled: type at its end.
    term.multiline("What should the protocol say?", [" Within 24 hours."])
    term.answer("Breach notification steps:", DOWN + ENTER)  # not now
    term.text("Note for the task force", "")
    code, output = term.finish()
    assert code == 0, output
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["items"]["process.breach"] == {
        "status": "include",
        "response": "Tell the chair. Within 24 hours.",
    }
    assert data["items"]["intro.rationale"] == {"status": "include", "response": "Why."}


def test_new_on_an_existing_file_in_a_terminal(tmp_path: Path) -> None:
    (tmp_path / "s.isp.yaml").write_text("isp: 1\nchecklist: ecm-isp\n", encoding="utf-8")
    code, output = Terminal(tmp_path, "new", "s.isp.yaml").finish()
    assert code == 1
    assert "s.isp.yaml already exists" in output and "isp resume s.isp.yaml" in output


@pytest.mark.parametrize("command", ["new", "resume", "edit"])
def test_no_terminal_refusal(tmp_path: Path, command: str) -> None:
    (tmp_path / "s.isp.yaml").write_text("isp: 1\nchecklist: ecm-isp\n", encoding="utf-8")
    args = [command] if command == "new" else [command, "s.isp.yaml"]
    child = pexpect.spawn(
        "/bin/sh",
        ["-c", f"{sys.executable} -m isp_cli {' '.join(args)} < /dev/null"],
        cwd=str(tmp_path),
        encoding="utf-8",
        timeout=15,
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert "no terminal" in (child.before or "")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.isp.yaml"]


def test_bare_isp_offers_to_continue_a_session(tmp_path: Path) -> None:
    (tmp_path / "s.isp.yaml").write_text(
        "isp: 1\nchecklist: ecm-isp\nprotocol:\n  task_force: TF\n  title: My Protocol\n"
        "  topic: minors\n  jurisdiction: J\nagencies:\n- name: PD\n  discipline: law-enforcement\n"
        "items:\n  intro.rationale:\n    status: include\n    response: Why.\n",
        encoding="utf-8",
    )
    term = Terminal(tmp_path)
    term.child.expect_exact("s.isp.yaml: My Protocol (1 of 21 items decided)")
    term.answer("What would you like to do?", ENTER)  # Continue s.isp.yaml
    term.child.expect_exact("[2/21]")
    term.answer("Your decision:", CTRL_C)
    code, output = term.finish()
    assert code == 130
    assert "isp resume s.isp.yaml" in output


def test_ctrl_d_in_a_choice_stops_like_ctrl_c(tmp_path: Path) -> None:
    (tmp_path / "s.isp.yaml").write_text("isp: 1\nchecklist: ecm-isp\n", encoding="utf-8")
    term = Terminal(tmp_path, "resume", "s.isp.yaml")
    term.text("Name of the task force:", "TF")
    term.answer("What does this protocol cover?", "\x04")
    code, output = term.finish()
    assert code == 130
    assert "isp resume s.isp.yaml" in output
    assert yaml.safe_load((tmp_path / "s.isp.yaml").read_text())["protocol"]["task_force"] == "TF"


def test_bare_isp_makes_the_word_protocol(tmp_path: Path) -> None:
    (tmp_path / "s.isp.yaml").write_text("isp: 1\nchecklist: ecm-isp\n", encoding="utf-8")
    term = Terminal(tmp_path)
    term.answer("What would you like to do?", DOWN * 2 + ENTER)  # the third choice
    code, output = term.finish()
    assert code == 0, output
    assert "Wrote s.docx" in output
    assert (tmp_path / "s.docx").stat().st_size > 10_000
