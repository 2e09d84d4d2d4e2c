"""What isp records and says about a protocol is true (issue 23): each untruth a test."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from helpers.platforms import needs_pty, program_as_isp
from helpers.screen import CTRL_C, CTRL_S, DOWN, ENTER, Screen
from helpers.sessions import load, minimal_data, started, write_session
from isp_cli.model.schedule import long_date
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
    assert "Safe Harbor: Approved version 0.1 on December 1, 2026 by J. Okafor. (recorded)" in err
    assert "The protocol cannot be final yet" in err
    assert "Metro Police Department has not yet approved version 0.1." in err  # what is open
    session, _ = load_session(path)
    assert session.has_approved(session.agencies[1])  # the approval itself was kept
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


# Approvals belong to a version: the whole cycle through every path that changes text ----

AGENCY_NAMES = ("Metro Police Department", "Safe Harbor", "County Prosecutor")
CHANGED = "intro.rationale"


def _settled_session(tmp_path: Path, name: str = "s.isp.yaml") -> Path:
    """Every item, provision, point person and signatory settled: only approvals are open."""
    from isp_cli.storage.resources import builtin_checklist, builtin_provisions

    data = minimal_data()
    data["isp"] = 3
    data["agencies"] += [
        {"name": "Safe Harbor", "discipline": "victim-services"},
        {"name": "County Prosecutor", "discipline": "prosecution"},
    ]
    for n, agency in enumerate(data["agencies"], start=1):
        agency["signatory"] = f"Signatory {n}"
    data["protocol"] |= {"lead_agency": "Safe Harbor", "coordinator": "C. Coordinator"}
    data["items"] = {
        item: {"status": "include", "response": "Agreed."} for item in builtin_checklist().item_ids
    }
    data["provisions"] = {p.id: {"status": "omit"} for p in builtin_provisions().provisions}
    data["point_persons"] = [{"agency": a["name"], "name": "Someone"} for a in data["agencies"]]
    return write_session(tmp_path, data, name)


def _approve_all(cli: Any, path: Path, day: str, *extra: str) -> tuple[int, str, str]:
    result = (0, "", "")
    for n, name in enumerate(AGENCY_NAMES):
        last = n == len(AGENCY_NAMES) - 1
        result = cli("approve", str(path), "--agency", name, "--status", "approved",
                     "--by", f"Head of {name}", "--date", day, *(extra if last else ()))  # fmt: skip
        if not (last and extra):  # the caller checks what the last one, with options, did
            assert result[0] == 0, result
    return result


def _by_review(cli: Any, path: Path, user: Any) -> None:
    from helpers.scripted_user import include
    from isp_cli.commands.review import review_session
    from isp_cli.storage.resources import builtin_checklist

    steps: list[tuple[str, Any]] = []
    for item in builtin_checklist().item_ids:
        if item == CHANGED:
            steps += [(f"review.{item}", "change"), *include(item, "Revised at the review.")]
        else:
            steps.append((f"review.{item}", "keep"))
    user([*steps, ("review.summary", "Annual review")])
    review_session(file=path)


def _by_edit(cli: Any, path: Path, user: Any, text: str = "Rewritten with isp edit.") -> None:
    from helpers.scripted_user import include
    from isp_cli.commands.edit import edit_session

    user(include(CHANGED, text))
    edit_session(file=path, target=CHANGED)


def _by_import(cli: Any, path: Path, user: Any) -> None:
    from docx import Document

    from isp_cli.commands.render import render_protocol

    document_path = render_protocol(file=path).path
    document = Document(str(document_path))
    purpose = next(p for p in document.paragraphs if p.text == "Agreed.")
    purpose.runs[0].text = "Agreed, as counsel edited it."
    edited = path.with_name("counsel.docx")
    document.save(str(edited))
    code, out, err = cli("import", str(path), str(edited), "--accept-all")
    assert code == 0, err
    assert "Approvals of version 0.1 do not carry over" in out


def _by_answers(cli: Any, path: Path, user: Any) -> None:
    """An answers file holding approvals (``isp new --answers``), then the interview."""
    from isp_cli.commands.edit import edit_session

    answers = path.with_name("answers.yaml")
    path.rename(answers)
    code, _, err = cli("new", str(path), "--answers", str(answers), "--no-input")
    assert code == 0, err
    from helpers.scripted_user import include

    user(include(CHANGED, "Changed after the answers file."))
    edit_session(file=path, target=CHANGED)


def _by_hand(cli: Any, path: Path, user: Any) -> None:
    """A text editor: the version stays, but the approved text is not what it was."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("response: Agreed.", "response: Typed by hand.", 1),
                    encoding="utf-8")  # fmt: skip


PATHS = {
    "review": _by_review,
    "edit": _by_edit,
    "import": _by_import,
    "answers": _by_answers,
    "hand": _by_hand,
}


@pytest.mark.parametrize("how", list(PATHS))
def test_approvals_of_old_text_never_make_the_changed_protocol_final(
    cli: Any, tmp_path: Path, user: Any, how: str
) -> None:
    from helpers.docx_checks import body_text, open_docx
    from isp_cli.commands.render import render_protocol

    path = _settled_session(tmp_path)
    _approve_all(cli, path, "2026-11-02")
    code, out, _ = cli("status", str(path))
    assert "Approvals of version 0.1: 3 of 3 agencies (draft)." in out
    PATHS[how](cli, path, user)
    version = "0.1" if how == "hand" else "0.2"
    code, out, _ = cli("status", str(path))
    flat = " ".join(out.split())
    assert f"Approvals of version {version}: 0 of 3 agencies (draft)." in flat
    assert (
        "Metro Police Department: Approved version 0.1 on November 2, 2026 by Head of Metro "
        "Police Department; the protocol has changed since" in flat
    )
    # The signature page says so; it never claims an approval of this text.
    text = " ".join(body_text(open_docx(render_protocol(file=path).path)).split())
    assert (
        "Approved version 0.1 on November 2, 2026 by Head of Safe Harbor; the protocol has "
        "changed since" in text
    )
    appendix = (  # Appendix B
        "Safe Harbor decided on version 0.1 before its text was changed: it has not approved "
        "the text as it now reads."
        if how == "hand"
        else "Safe Harbor decided on version 0.1, and the protocol has changed since: it has "
        "not approved version 0.2."
    )
    assert appendix in text
    # The agenda lists where each agency stands.
    agenda = cli("agenda", str(path))
    assert agenda[0] == 0, agenda
    agenda_text = " ".join(body_text(open_docx(tmp_path / "s-agenda.docx")).split())
    assert "Each member agency approves version" in agenda_text
    assert "the protocol has changed since" in agenda_text
    # --final is refused, with a non-zero exit, until each agency approves this text.
    code, _, err = cli("approve", str(path), "--final")
    assert code == 2 and "cannot be final yet" in err
    assert "County Prosecutor decided on version 0.1" in " ".join(err.split())
    today = dt.date.today()
    code, out, err = _approve_all(cli, path, today.isoformat(), "--final")
    assert code == 0, err
    session, _ = load_session(path)
    assert session.protocol.status == "final" and session.protocol.version == "1.0"
    # Every version has its row, the one changed by hand too (made at the next save).
    assert [r.version for r in session.history] == ["0.1", "0.2", "1.0"]
    text = " ".join(body_text(open_docx(render_protocol(file=path).path)).split())
    assert f"Approved version 1.0 on {long_date(today)} by Head of Metro Police Department." in text
    assert "November 2, 2026" not in text.split("Signatures")[-1]


def test_the_history_keeps_every_version_from_the_first_draft(
    cli: Any, tmp_path: Path, user: Any
) -> None:
    from helpers.docx_checks import body_text, open_docx
    from isp_cli.commands.render import render_protocol

    path = _settled_session(tmp_path)
    _approve_all(cli, path, "2026-11-02")
    _by_review(cli, path, user)  # 0.2
    _by_edit(cli, path, user)  # 0.2 is not approved yet: the edit joins its row
    session, _ = load_session(path)
    assert [r.version for r in session.history] == ["0.1", "0.2"]
    _approve_all(cli, path, dt.date.today().isoformat())
    _by_edit(cli, path, user, "Rewritten again.")  # 0.2 approved: 0.3, with a row
    text = " ".join(body_text(open_docx(render_protocol(file=path).path)).split())
    assert "0.1 " in text and "Draft prepared from the task force's answers" in text
    heading = "Rationale"
    assert f"Annual review. Changed: {heading}." in text
    assert (
        f"Amended after the member agencies began approving version 0.2. Changed: {heading}."
        in text
    )
    session, _ = load_session(path)
    assert [r.version for r in session.history] == ["0.1", "0.2", "0.3"]


# Open points, all of them, in one place --------------------------------------------------


def _documents_text(cli: Any, path: Path) -> tuple[str, str]:
    """The protocol's Appendix B and the agenda, as text."""
    from helpers.docx_checks import body_text, open_docx
    from isp_cli.commands.render import render_protocol

    protocol = body_text(open_docx(render_protocol(file=path).path))
    appendix = " ".join(protocol.split("Appendix B. Open items")[-1].split())
    assert cli("agenda", str(path))[0] == 0
    agenda = " ".join(
        body_text(open_docx(path.with_name(f"{path.stem.split('.')[0]}-agenda.docx"))).split()
    )
    return appendix, agenda


def test_every_open_point_is_in_status_appendix_b_the_agenda_and_final(
    cli: Any, tmp_path: Path
) -> None:
    path = _settled_session(tmp_path)
    data = load(path)
    data["point_persons"] = []  # three agencies without a point person
    data["flows"] = [{"information": "tips-leads", "provided_by": ["Safe Harbor"],
                      "shared_with": ["Metro Police Department"]}]  # fmt: skip
    data["items"]["requirements.mandates"]["response"] = "Reports under [State statute citation]."
    write_session(tmp_path, data)
    expected = [
        "Metro Police Department has no point person for this protocol.",
        "County Prosecutor has no point person for this protocol.",
        "The information flow Tips and leads from Safe Harbor to Metro Police Department has "
        "no condition yet: decide on what condition it is shared.",
        'Legal mandates still holds the blank "[State statute citation]".',
    ]
    code, out, _ = cli("status", str(path))
    status = " ".join(out.split())
    appendix, agenda = _documents_text(cli, path)
    code, _, err = cli("approve", str(path), "--final")
    final = " ".join(err.split())
    assert code == 2
    for point in expected:
        point = point.replace("Legal mandates", _heading("requirements.mandates"))
        assert point in status, point
        assert point in appendix, point
        assert point in final, point
        if "information flow" not in point:  # the agenda has a table of those
            assert point in agenda, point
    assert "Information flows without a condition" in agenda and "Tips and leads" in agenda
    assert f"isp edit {path} process.responsible" in program_as_isp(out)


def _heading(item_id: str) -> str:
    from isp_cli.storage.resources import builtin_checklist

    return builtin_checklist().item(item_id).heading


# Contradictions ---------------------------------------------------------------------------


def _contradicting(tmp_path: Path) -> Path:
    path = _settled_session(tmp_path)
    data = load(path)
    data["flows"] = [
        {"information": "victim-identifying", "provided_by": ["Safe Harbor"],
         "shared_with": ["Metro Police Department"], "condition": "never"},
        {"information": "referral-with-consent", "provided_by": ["Safe Harbor"],
         "shared_with": ["Metro Police Department"], "condition": "written-release"},
        {"information": "victim-identifying", "provided_by": ["County Prosecutor"],
         "shared_with": ["all-members"], "condition": "supervisor-approval"},
    ]  # fmt: skip
    data["breach"] = {"coordinator": "the coordinator", "report_hours": 24, "notify_hours": 48}
    data["items"]["process.breach"]["response"] = "Tell the coordinator within 72 hours."
    return write_session(tmp_path, data)


CONTRADICTIONS = [
    "The flows disagree: “Identifying information about a victim” from Safe Harbor to Metro "
    "Police Department is never shared, but another flow shares “A referral, with the "
    "victim's consent” between them on this condition: the victim's written, time-limited "
    "release.",
    "shares identifying information about a victim with all members, including those that "
    "do not hold the case.",
    "The breach deadlines differ (the breach notification steps: 24 hours and 48 hours; the "
    "answer on breach notification: 72 hours).",
]


def test_contradictions_are_reported_and_block_final_until_accepted_with_a_note(
    cli: Any, tmp_path: Path, user: Any
) -> None:
    from isp_cli.commands.edit import edit_session

    path = _contradicting(tmp_path)
    code, out, _ = cli("status", str(path))
    status = " ".join(out.split())
    appendix, agenda = _documents_text(cli, path)
    for text in CONTRADICTIONS:
        assert text in status and text in appendix and text in agenda, text
    assert f"isp edit {path} checks" in program_as_isp(out)
    _approve_all(cli, path, "2026-12-01")
    code, _, err = cli("approve", str(path), "--final")
    assert code == 2 and CONTRADICTIONS[2] in " ".join(err.split())
    # The task force means all three: it accepts each, with a note.
    script = user([("checks.action", "accept"), ("checks.note", "Both are intended.")] * 3)
    edit_session(file=path, target="checks")
    assert len(script.asked) == 6
    code, out, _ = cli("status", str(path))
    assert not any(text in " ".join(out.split()) for text in CONTRADICTIONS)
    session, _ = load_session(path)
    assert [a.note for a in session.accepted] == ["Both are intended."] * 3
    code, out, err = cli("approve", str(path), "--final")
    assert code == 0, err  # accepting is not a change of the text: the approvals hold
    assert "final, version 1.0" in out


def test_a_flow_naming_an_agency_that_is_not_a_member_is_a_contradiction() -> None:
    from isp_cli.model.open_points import contradictions
    from isp_cli.model.session import Agency, Session
    from isp_cli.model.structured import Flow
    from isp_cli.storage.resources import builtin_checklist

    session = Session.start(builtin_checklist())
    session.agencies = [Agency(name="Metro Police Department", discipline="law-enforcement")]
    session.flows = [Flow(information="tips-leads", provided_by=["Metro Police Department"],
                          shared_with=["State Patrol"], condition="supervisor-approval")]  # fmt: skip
    found = contradictions(session, builtin_checklist())
    assert [p.text.split(" names ")[1] for p in found] == [
        "State Patrol, which is not a member agency: add it to the members, or change the flow."
    ]


def test_the_example_is_consistent_and_still_shows_every_kind_of_open_point() -> None:
    from helpers.paths import EXAMPLE
    from isp_cli.model.open_points import contradictions, open_points
    from isp_cli.storage.resources import builtin_provisions

    session, checklist = load_session(EXAMPLE)
    assert contradictions(session, checklist) == []
    # Its recorded approval is of its text as it reads (the fingerprint is current).
    assert session.has_approved(session.agencies[0])
    kinds = {p.kind for p in open_points(session, checklist, builtin_provisions())}
    assert kinds >= {"item", "provision", "flow", "point-person", "signatory", "placeholder",
                     "approval"}  # fmt: skip


# What the red team found: each a test ----------------------------------------------------


def _final(cli: Any, tmp_path: Path) -> Path:
    path = _settled_session(tmp_path)
    _approve_all(cli, path, dt.date.today().isoformat(), "--final")
    assert load_session(path)[0].protocol.status == "final"
    return path


def test_an_approval_withdrawn_from_a_final_protocol_makes_it_a_draft(
    cli: Any, tmp_path: Path
) -> None:
    path = _final(tmp_path=tmp_path, cli=cli)
    code, out, err = cli("approve", str(path), "--agency", "Safe Harbor", "--status", "pending")
    assert code == 0, err
    session, _ = load_session(path)
    assert session.protocol.status == "draft"
    assert "Traceback" not in out + err


def test_a_change_to_a_final_protocol_through_any_screen_makes_the_next_draft(
    cli: Any, tmp_path: Path, user: Any
) -> None:
    from isp_cli.commands.edit import edit_session

    path = _final(tmp_path=tmp_path, cli=cli)
    item = "intro.review_schedule"  # the text kept, the months between reviews changed
    user([(f"{item}.status", "include"), (f"{item}.response", lambda q: q.default),
          ("review.interval", "24"), (f"{item}.note", "")])  # fmt: skip
    edit_session(file=path, target=item)
    session, _ = load_session(path)
    assert (session.protocol.version, session.protocol.status) == ("1.1", "draft")
    assert session.history[-1].summary == "Amended after version 1.0 was made final."


def test_an_answers_file_cannot_make_a_protocol_final(cli: Any, tmp_path: Path) -> None:
    answers = write_session(tmp_path, {"protocol": {"status": "final"}}, "answers.yaml")
    code, _, err = cli("new", str(tmp_path / "n.isp.yaml"), "--answers", str(answers),
                       "--no-input")  # fmt: skip
    assert code == 1 and "an answers file cannot make a protocol final" in err
    assert "(protocol → status)" in err


def test_a_final_file_edited_by_hand_says_where_and_what_to_do(cli: Any, tmp_path: Path) -> None:
    path = _final(tmp_path=tmp_path, cli=cli)
    text = path.read_text(encoding="utf-8").replace("response: Agreed.", "response: Hand.", 1)
    path.write_text(text, encoding="utf-8")
    code, _, err = cli("status", str(path))
    assert code == 1 and "(protocol → status)" in err
    assert "Change 'final' here to 'draft'" in err


def test_appendix_b_and_the_agenda_list_a_provision_missing_a_value(
    cli: Any, tmp_path: Path
) -> None:
    path = _settled_session(tmp_path)
    data = load(path)
    data["provisions"]["term"] = {"status": "keep", "values": {"term_years": 3}}
    write_session(tmp_path, data)
    appendix, agenda = _documents_text(cli, path)
    point = "a value is missing (the protocol shows [To be completed])"
    assert point in appendix and point in agenda
    assert "There are no open items" not in appendix


def test_blanks_in_the_details_signatories_and_point_persons_are_open(
    cli: Any, tmp_path: Path
) -> None:
    path = _settled_session(tmp_path)
    data = load(path)
    del data["protocol"]["jurisdiction"]
    data["agencies"][0]["signatory"] = "[Name of the chief]"
    data["point_persons"][1]["name"] = "[Advocate name]"
    write_session(tmp_path, data)
    _approve_all(cli, path, dt.date.today().isoformat())
    code, _, err = cli("approve", str(path), "--final")
    final = " ".join(err.split())
    assert code == 2
    assert "The protocol has no jurisdiction yet." in final
    assert (
        'Who signs for Metro Police Department still holds the blank "[Name of the chief]".'
        in final
    )
    assert 'The point person of Safe Harbor still holds the blank "[Advocate name]".' in final


def test_an_upgraded_approval_is_of_the_version_it_was_dated_in() -> None:
    from isp_cli.storage.upgrades import approvals_2_to_3

    data = minimal_data()
    data["protocol"]["version"] = "0.3"
    data["history"] = [{"version": "0.2", "date": "2026-10-27"},
                       {"version": "0.3", "date": "2026-11-18"}]  # fmt: skip
    data["agencies"][0]["approval"] = {"status": "approved", "date": "2026-10-01"}
    data["agencies"].append({"name": "B", "discipline": "prosecution",
                             "approval": {"status": "approved", "date": "2026-11-20"}})  # fmt: skip
    upgraded = approvals_2_to_3(data)
    assert [a["approval"]["version"] for a in upgraded["agencies"]] == ["0.1", "0.3"]


def test_an_approval_date_must_be_plausible_and_after_its_version(
    cli: Any, tmp_path: Path, user: Any
) -> None:
    path = _settled_session(tmp_path)
    _approve_all(cli, path, "2026-11-02")
    _by_edit(cli, path, user)  # version 0.2, made today
    args = ("approve", str(path), "--agency", "Safe Harbor", "--status", "approved")
    code, _, err = cli(*args, "--date", "3000-01-01")
    assert code == 2 and "not a plausible date" in err and "Traceback" not in err
    code, _, err = cli(*args, "--date", "2020-01-01")
    assert code == 2 and "is before version 0.2 was made" in err


def test_identifying_information_sent_to_every_member_by_name_is_a_contradiction() -> None:
    from isp_cli.model.open_points import contradictions
    from isp_cli.model.session import Agency, Session
    from isp_cli.model.structured import Flow
    from isp_cli.storage.resources import builtin_checklist

    session = Session.start(builtin_checklist())
    names = ["Police", "Harbor", "Prosecutor", "Children Services"]
    session.agencies = [Agency(name=n, discipline="other") for n in names]
    session.flows = [Flow(information="victim-identifying", provided_by=["Harbor"],
                          shared_with=["Police", "Prosecutor", "Children Services"],
                          condition="supervisor-approval")]  # fmt: skip
    found = contradictions(session, builtin_checklist())
    assert [p.key.split("-")[0] for p in found] == ["identifying"]


def test_an_agency_listed_twice_is_refused(cli: Any, tmp_path: Path) -> None:
    data = minimal_data()
    data["agencies"].append(dict(data["agencies"][0]))
    path = write_session(tmp_path, data)
    code, _, err = cli("status", str(path))
    assert code == 1 and "is listed twice" in err and "(agencies → 1 → name)" in err


def test_an_agency_stopped_half_way_keeps_what_was_typed_for_it(tmp_path: Path, user: Any) -> None:
    from helpers.scripted_user import DETAILS
    from isp_cli.commands.edit import edit_session
    from isp_cli.commands.new import new_session
    from isp_cli.errors import Interrupted

    path = tmp_path / "n.isp.yaml"
    user([*DETAILS, ("agency.name", "Lake County Sheriff's Office"),
          ("agency.discipline", KeyboardInterrupt)])  # fmt: skip
    with pytest.raises(Interrupted, match="kept as a draft"):
        new_session(file=path, answers=None, no_input=False)
    assert load(path)["drafts"] == {"agencies.new.name": "Lake County Sheriff's Office"}
    script = user([("agencies.menu", "add"), ("agency.name", lambda q: q.default),
                   ("agency.discipline", KeyboardInterrupt)])  # fmt: skip
    with pytest.raises(Interrupted):
        edit_session(file=path, target="agencies")
    assert script.asked[1].default == "Lake County Sheriff's Office"  # filled in again
