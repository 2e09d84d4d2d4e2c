"""The protocol's life after the interview: approvals, reviews, comparing drafts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers.docx_checks import body_text, open_docx
from helpers.paths import EXAMPLE
from helpers.platforms import needs_pty, program_as_isp
from helpers.sessions import minimal_data, write_session
from helpers.terminal import DOWN, ENTER, ITEMS, Terminal
from isp_cli.commands.diff import word_diff
from isp_cli.commands.render import render_protocol
from isp_cli.model.schedule import add_months, review_line
from isp_cli.model.session import next_version
from isp_cli.storage.session_file import load_session


def settled(data: dict[str, Any]) -> dict[str, Any]:
    """Every item included and every general provision decided: only the approvals keep
    the protocol from being final."""
    from isp_cli.storage.resources import builtin_provisions

    data["items"] = {item_id: {"status": "include", "response": "Agreed."} for item_id in ITEMS}
    data["provisions"] = {
        provision.id: {"status": "omit"} for provision in builtin_provisions().provisions
    }
    # Each agency with a point person and a signatory (open points otherwise).
    data["isp"] = 3
    data["point_persons"] = [
        {"agency": agency["name"], "name": f"Point person {n}"}
        for n, agency in enumerate(data["agencies"], start=1)
    ]
    for n, agency in enumerate(data["agencies"], start=1):
        agency.setdefault("signatory", f"Signatory {n}")
    data["protocol"]["lead_agency"] = data["agencies"][0]["name"]
    data["protocol"]["coordinator"] = "C. Coordinator, Task Force Coordinator"
    return data


def three_agencies() -> dict[str, Any]:
    data = minimal_data()
    data["agencies"] += [
        {"name": "Safe Harbor", "discipline": "victim-services", "representative": "J. Okafor"},
        {"name": "County Prosecutor", "discipline": "prosecution"},
    ]
    return data


# Approvals -------------------------------------------------------------------------------


def test_approvals_from_the_command_line_make_the_protocol_final(cli: Any, tmp_path: Path) -> None:
    path = write_session(tmp_path, settled(three_agencies()))
    code, out, err = cli("approve", str(path), "--agency", "metro police department",
                         "--status", "approved", "--by", "Chief A. Diaz", "--date", "2026-12-01")  # fmt: skip
    assert code == 0, err
    assert out == (
        "Metro Police Department: Approved version 0.1 on December 1, 2026 by Chief A. Diaz.\n"
    )
    cli("approve", str(path), "--agency", "Safe Harbor", "--status", "awaiting-board",
        "--by", "Board of Directors", "--date", "2026-12-02")  # fmt: skip
    code, out, _ = cli("status", str(path))
    assert "Approvals of version 0.1: 1 of 3 agencies (draft)." in out
    assert (
        "Safe Harbor: Awaiting approval of version 0.1 by the agency's board or council (Board "
        "of Directors)." in out.replace("\n", " ")
    )
    cli(
        "approve",
        str(path),
        "--agency",
        "Safe Harbor",
        "--status",
        "approved",
        "--date",
        "2026-12-10",
    )
    code, out, _ = cli("approve", str(path), "--agency", "County Prosecutor", "--status", "approved",
                       "--by", "M. Chen", "--date", "2026-12-11", "--final")  # fmt: skip
    assert code == 0
    assert "the protocol is final, version 1.0" in out
    session, _ = load_session(path)
    assert session.protocol.status == "final" and session.protocol.version == "1.0"
    assert session.history[-1].summary == "Approved by every member agency; final."
    document = open_docx(render_protocol(file=path).path)
    text = body_text(document)
    # The approvals of 0.1's text carry to its final number: the same text.
    assert "Approved version 1.0 on December 1, 2026 by Chief A. Diaz." in text
    assert "DRAFT" not in "\n".join(p.text for p in document.sections[0].header.paragraphs)
    assert "Approved by every member agency; final." in text  # the revision history


def test_approve_errors(cli: Any, tmp_path: Path) -> None:
    path = write_session(tmp_path, three_agencies())
    code, _, err = cli("approve", str(path), "--agency", "Nope", "--status", "approved")
    assert code == 2 and "no member agency called 'Nope'" in err and "Safe Harbor" in err
    code, _, err = cli("approve", str(path), "--agency", "Safe Harbor", "--status", "yes")
    assert code == 2 and "Invalid value for '--status'" in err
    code, _, err = cli("approve", str(path), "--agency", "Safe Harbor", "--status", "approved",
                       "--date", "12/01/2026")  # fmt: skip
    assert code == 2 and "--date must look like 2026-12-01" in err


def test_final_without_every_approval_is_refused(tmp_path: Path) -> None:
    data = three_agencies()
    data["protocol"]["status"] = "final"
    path = write_session(tmp_path, data)
    with pytest.raises(
        Exception,
        match=r"have not approved version 0\.1 as it now reads: Metro Police Department, Safe",
    ):
        load_session(path)


@needs_pty
def test_approve_in_a_terminal(tmp_path: Path) -> None:
    write_session(tmp_path, settled(minimal_data()))
    term = Terminal(tmp_path, "approve", "s.isp.yaml")
    term.answer("Which agency?", ENTER)
    term.answer("where does its approval stand?", ENTER)  # approved
    term.text("Approved by", "Chief R. Alvarez")  # nothing pre-filled from another field
    term.text("Date (year-month-day; Enter for today)", "")
    term.answer("Mark the protocol final?", "y")
    code, output = term.finish()
    assert code == 0, output
    assert "the protocol is final, version 1.0" in output
    agency = yaml.safe_load((tmp_path / "s.isp.yaml").read_text())["agencies"][0]
    assert agency["approval"]["status"] == "approved"
    assert agency["approval"]["by"] == "Chief R. Alvarez"
    assert agency["approval"]["date"] == dt.date.today()


def test_approve_prefills_nothing_and_final_is_refused_with_open_items(
    cli: Any, tmp_path: Path, user: Any
) -> None:
    from isp_cli.commands.approve import approve_session

    data = minimal_data()  # one item to discuss, one left out, the rest unanswered
    data["agencies"][0]["approval"] = {"status": "awaiting-board", "by": "City council vote"}
    data["agencies"].append({"name": "Safe Harbor", "discipline": "victim-services"})
    data["agencies"][1]["approval"] = {"status": "approved", "by": "J. Okafor"}
    path = write_session(tmp_path, data)
    script = user(
        [
            ("approve.agency", lambda q: q.default),
            ("approve.status", "approved"),
            ("approve.by", "Chief R. Alvarez"),
            ("approve.date", "2026-12-01"),
        ]
    )
    line = approve_session(file=path, agency=None, status=None, by=None, on=None, final=None)
    assert script.asked[0].default == 0  # the first agency that has not approved
    assert script.asked[2].default == ""  # not the board-approval text, not the name
    assert script.asked[3].default == dt.date.today().isoformat()
    assert "cannot be final yet" in line and "Breach response: to discuss." in line
    assert "process.breach" in line  # how to settle it
    session, _ = load_session(path)
    assert session.protocol.status == "draft"
    code, _, err = cli("approve", str(path), "--final")
    assert code == 2 and "cannot be final yet" in err and "unanswered" in err
    assert "General provision " in err and ": not decided (" in err  # [Counsel to confirm]
    assert f"isp edit {path} provisions" in program_as_isp(err)
    assert load_session(path)[0].protocol.status == "draft"


# Reviews ---------------------------------------------------------------------------------


def test_versions_and_dates() -> None:
    assert next_version("0.3") == "0.4"
    assert next_version("1.0") == "1.1"
    assert next_version("1.9") == "1.10"
    assert next_version("draft") == "draft.1"
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 11, 18), 12) == dt.date(2027, 11, 18)


def test_status_says_when_a_review_is_due_or_overdue(cli: Any, tmp_path: Path) -> None:
    data = minimal_data()
    data["review"] = {"interval_months": 12, "last_review": "2024-03-01"}
    path = write_session(tmp_path, data)
    code, out, _ = cli("status", str(path))
    assert code == 0
    assert "The protocol's review is overdue: it was due by March 1, 2025." in out
    session, _ = load_session(path)
    assert review_line(session, today=dt.date(2024, 6, 1)) == "Next review due by March 1, 2025."
    _code, out, _ = cli("status", "--json", str(path))
    assert '"next_review": "2025-03-01"' in out


@needs_pty
def test_review_in_a_terminal(tmp_path: Path) -> None:
    (tmp_path / "s.isp.yaml").write_bytes(EXAMPLE.read_bytes())
    term = Terminal(tmp_path, "review", "s.isp.yaml")
    for n in range(1, 22):
        term.child.expect_exact("Keep this item as it is?")
        if n == 21:  # process.breach: change it
            term.child.send(DOWN + ENTER)
            term.answer("Your decision:", ENTER)
            term.multiline("What should the protocol say?", [" Reviewed yearly."])
            term.answer("Keep them", ENTER)  # the breach notification steps
            term.text("Note for the task force", "")
        else:
            term.child.send(ENTER)
    term.text("One line for the revision history", "Annual review; breach response updated.")
    code, output = term.finish()
    assert code == 0, output
    assert "Review recorded: version 0.3 -> 0.4, 1 part of the protocol changed." in output
    session, _ = load_session(tmp_path / "s.isp.yaml")
    assert session.protocol.version == "0.4"
    assert session.items["process.breach"].response.endswith("after every breach. Reviewed yearly.")
    entry = session.history[-1]
    assert (entry.version, entry.items) == ("0.4", ["process.breach"])
    assert entry.summary == "Annual review; breach response updated."
    assert session.review is not None and session.review.last_review == dt.date.today()
    text = body_text(open_docx(render_protocol(file=tmp_path / "s.isp.yaml").path))
    assert "Annual review; breach response updated. Changed: Breach response." in text


# Comparing drafts ------------------------------------------------------------------------


def test_word_diff() -> None:
    old, new = "Notify the chair within 48 hours.", "Notify the chair and counsel within 24 hours."
    assert (
        word_diff(old, new, "text") == "Notify the chair {+and counsel+} within [-48-]{+24+} hours."
    )
    assert (
        word_diff(old, new, "md") == "Notify the chair **and counsel** within ~~48~~ **24** hours."
    )


def test_diff_of_two_drafts(cli: Any, tmp_path: Path) -> None:
    old = write_session(tmp_path, three_agencies(), "v1.isp.yaml")
    data = three_agencies()
    data["protocol"]["version"] = "0.2"
    data["agencies"] = [*data["agencies"][:2], {"name": "Children Services", "discipline": "other"}]
    data["items"]["process.breach"] = {"status": "include", "response": "Tell the chair at once."}
    data["items"]["intro.rationale"]["response"] = "Free text, revised.\n\n- first\n- second\n"
    new = write_session(tmp_path, data, "v2.isp.yaml")
    code, out, _ = cli("diff", str(old), str(new))
    assert code == 0
    assert "- Version: 0.1 -> 0.2" in out
    assert "- Added: Children Services (Other)" in out and "- Removed: County Prosecutor" in out
    assert (
        "process.breach: Breach response\nDecision: to discuss -> included\n"
        "Before:\n  (empty)\nAfter:\n  Tell the chair at once." in out
    )
    assert "Free [-text.-]{+text, revised.+}" in out
    assert out.rstrip().endswith("2 item(s) changed.")
    code, md, _ = cli("diff", str(old), str(new), "--format", "md")
    assert md.startswith("# Changes from v1.isp.yaml to v2.isp.yaml")
    assert "## process.breach: Breach response" in md and "Free ~~text.~~ **text, revised.**" in md
    assert cli("diff", str(old), str(old))[1].rstrip().endswith("No differences.")


# Custom checklists -----------------------------------------------------------------------


def custom_checklist(folder: Path) -> Path:
    from isp_cli.storage.resources import builtin_checklist

    data = builtin_checklist().model_dump()
    data["id"] = "metro-isp"
    data["version"] = "2026.1"
    data["sections"].append(
        {
            "id": "confidentiality",
            "title": "Confidentiality (from the IACP checklist)",
            "items": [
                {
                    "id": "confidentiality.subpoenas",
                    "heading": "Subpoenas",
                    "text": "How partners respond to subpoenas for shared information",
                    "guidance": "",
                    "help": "Say who is told and who answers.",
                }
            ],
        }
    )
    path = folder / "metro-checklist.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_custom_checklist_is_used_by_every_command(cli: Any, tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    checklist = custom_checklist(work)
    answers = work / "answers.yaml"
    answers.write_text(
        "protocol:\n  task_force: Metro TF\n  topic: minors\n"
        "items:\n  confidentiality.subpoenas:\n    status: include\n"
        "    response: Counsel of the receiving agency answers.\n",
        encoding="utf-8",
    )
    code, _, err = cli("new", str(work / "p.isp.yaml"), "--checklist", str(checklist),
                       "--answers", str(answers), "--no-input")  # fmt: skip
    assert code == 0, err
    data = yaml.safe_load((work / "p.isp.yaml").read_text(encoding="utf-8"))
    assert (data["checklist"], data["checklist_version"], data["checklist_file"]) == (
        "metro-isp",
        "2026.1",
        "metro-checklist.yaml",
    )
    # The session and its checklist move together.
    moved = tmp_path / "shared-drive"
    work.rename(moved)
    code, out, _ = cli("status", str(moved / "p.isp.yaml"))
    assert code == 0 and "Confidentiality (from the IACP checklist)" in out
    assert "1 of 22 items have a decision." in out
    document = open_docx(render_protocol(file=moved / "p.isp.yaml").path)
    text = body_text(document)
    assert "6. Confidentiality (from the IACP checklist)" in text
    assert "Counsel of the receiving agency answers." in text
    code, out, _ = cli("checklist", str(moved / "metro-checklist.yaml"))
    assert out.strip().endswith("22 items in 5 sections.")


def test_custom_checklist_errors_name_the_checklist(cli: Any, tmp_path: Path) -> None:
    checklist = custom_checklist(tmp_path)
    path = tmp_path / "p.isp.yaml"
    path.write_text(
        "isp: 1\nchecklist: metro-isp\nchecklist_version: '2026.1'\nchecklist_file: metro-checklist.yaml\n"
        "items:\n  confidentiality.subpoena:\n    status: omit\n",
        encoding="utf-8",
    )
    code, _, err = cli("status", str(path))
    assert code == 1
    assert "'confidentiality.subpoena' is not an item of the checklist 'metro-isp'" in err
    assert "did you mean 'confidentiality.subpoenas'" in err
    broken = yaml.safe_load(checklist.read_text(encoding="utf-8"))
    del broken["sections"][-1]["items"][0]["heading"]
    checklist.write_text(yaml.safe_dump(broken, sort_keys=False), encoding="utf-8")
    code, _, err = cli("status", str(path))
    assert code == 1 and err.count("\n") == 1
    assert "uses the checklist 'metro-isp' from" in err and "'heading' is required" in err
    checklist.unlink()
    code, _, err = cli("status", str(path))
    assert code == 1 and "no such file" in err


def test_checklist_yaml_prints_the_file_to_start_from(cli: Any) -> None:
    from isp_cli.storage.resources import data_path

    code, out, _ = cli("checklist", "--yaml")
    assert code == 0 and out == data_path("checklist.yaml").read_text(encoding="utf-8")
