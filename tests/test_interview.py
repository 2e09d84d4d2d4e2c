"""The interview flow with a scripted user (the terminal itself: test_terminal.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers.platforms import program_as_isp
from helpers.scripted_user import (
    AGENCIES,
    DETAILS,
    PROVISION_IDS,
    agency,
    closing,
    include,
    structured_done,
)
from helpers.sessions import load
from isp_cli.commands.edit import edit_session
from isp_cli.commands.new import new_session
from isp_cli.commands.resume import resume_session
from isp_cli.errors import Interrupted, SessionExistsError
from isp_cli.interview.questions import NOT_DECIDED
from isp_cli.model.checklist import Checklist


def test_whole_interview(tmp_path: Path, user: Any, checklist: Checklist) -> None:
    steps = DETAILS + AGENCIES
    for n, item_id in enumerate(checklist.item_ids):
        if item_id == "requirements.hipaa":
            steps += [(f"{item_id}.status", "omit"), (f"{item_id}.note", "No health data.")]
        elif item_id == "process.method":
            steps += [
                (f"{item_id}.status", "discuss"),
                (f"{item_id}.response", ""),
                (f"{item_id}.note", ""),
            ]
        else:
            steps += include(item_id, f"Answer {n}.\n\n- a\n- b")
    steps += [
        ("provisions.term.status", "keep"),
        ("provisions.value.effective_date", "2027-01-01"),
        ("provisions.value.term_years", lambda q: q.default),
        ("provisions.value.notice_days", "60"),
        ("provisions.legal_status.status", "keep"),
        ("provisions.outside_requests.status", "edit"),
        ("provisions.outside_requests.text", "Our own wording."),
        ("provisions.retention.status", "omit"),
        *[(f"provisions.{p}.status", "skip") for p in PROVISION_IDS[4:]],
        ("protocol.lead_agency", "Metro Police Department"),
        ("protocol.coordinator", "S. Patel, Task Force Coordinator, Metro Police Department"),
        ("agency.party", "City of Metro, by and through its Police Department"),
        ("agency.signatory", "R. Alvarez"),
        ("agency.signatory_title", "Chief of Police"),
        *[("agency.party", ""), ("agency.signatory", ""), ("agency.signatory_title", "")] * 2,
    ]
    script = user([*steps, ("render.now", True)])
    path = tmp_path / "s.isp.yaml"
    assert new_session(file=path, answers=None, no_input=False) == path
    data = load(path)
    assert data["protocol"] == {
        "task_force": "Metro Area Anti-Trafficking Task Force",
        "title": "Information Sharing Protocol - Victim Referrals",
        "topic": "victim-referrals",
        "jurisdiction": "Metro County, Ohio",
        "version": "0.1",
        "status": "draft",
        "lead_agency": "Metro Police Department",
        "coordinator": "S. Patel, Task Force Coordinator, Metro Police Department",
    }
    assert [a["discipline"] for a in data["agencies"]] == [
        "law-enforcement",
        "victim-services",
        "prosecution",
    ]
    assert list(data["items"]) == checklist.item_ids
    assert data["items"]["intro.rationale"] == {
        "status": "include",
        "response": "Answer 0.\n\n- a\n- b",
    }
    assert data["items"]["requirements.hipaa"] == {"status": "omit", "note": "No health data."}
    assert data["items"]["process.method"] == {"status": "discuss"}
    assert "skipped" not in data
    assert data["provisions"] == {
        "term": {
            "status": "keep",
            "values": {"effective_date": date(2027, 1, 1), "term_years": 3, "notice_days": 60},
        },
        "legal_status": {"status": "keep"},
        "outside_requests": {"status": "edit", "text": "Our own wording."},
        "retention": {"status": "omit"},
    }
    assert data["agencies"][0]["party"] == "City of Metro, by and through its Police Department"
    assert data["agencies"][0]["signatory"] == "R. Alvarez"
    assert data["agencies"][0]["signatory_title"] == "Chief of Police"
    assert "signatory" not in data["agencies"][1]
    assert any("This provision covers" in s for s in script.said)
    assert any("[1/21] Introduction" in s for s in script.said)
    assert any("Checklist guidance: e.g., will de-identified data" in s for s in script.said)
    assert script.said[-2].endswith(
        "19 included, 1 to discuss, 1 left out, 0 skipped for now, 0 unanswered."
    )
    assert script.said[-1] == f"Wrote {tmp_path / 's.docx'}"
    assert (tmp_path / "s.docx").stat().st_size > 10_000
    from helpers.docx_checks import open_docx

    block = next(t for t in open_docx(tmp_path / "s.docx").tables if t.rows[0].cells[0].text
                 == "Signed for the agency")  # fmt: skip
    assert block.rows[1].cells[1].text == "City of Metro, by and through its Police Department"


def test_every_answer_is_on_disk_before_the_next_question(tmp_path: Path, user: Any) -> None:
    path = tmp_path / "s.isp.yaml"
    seen: list[dict[str, Any]] = []

    def snapshot(value: Any) -> Any:
        def answer(question: Any) -> Any:
            seen.append(load(path))
            if value is KeyboardInterrupt:
                raise KeyboardInterrupt
            return value

        return answer

    user(
        [
            ("protocol.task_force", "TF"),
            ("protocol.topic", snapshot("minors")),
            ("protocol.title", snapshot("T")),
            ("protocol.jurisdiction", snapshot("J")),
            *agency("PD", "law-enforcement")[:-1],
            ("agency.title", "Chief"),
            ("agency.another", snapshot(False)),
            ("agency.missing", snapshot("continue")),
            ("intro.rationale.status", "include"),
            ("intro.rationale.response", "Why."),
            ("intro.rationale.note", snapshot("n")),
            ("intro.contributors.status", snapshot(KeyboardInterrupt)),
        ]
    )
    with pytest.raises(Interrupted) as err:
        new_session(file=path, answers=None, no_input=False)
    assert seen[0]["protocol"]["task_force"] == "TF"
    assert seen[1]["protocol"]["topic"] == "minors"
    assert seen[3]["agencies"] == [
        {
            "name": "PD",
            "discipline": "law-enforcement",
            "representative": "Rep of PD",
            "title": "Chief",
        }
    ]
    assert seen[5]["items"]["intro.rationale"] == {"status": "include", "response": "Why."}
    assert seen[6]["items"]["intro.rationale"]["note"] == "n"
    message = str(err.value)
    assert err.value.exit_code == 130
    assert f"isp resume {path}" in program_as_isp(message) and "(1 of 21 items)" in message


@pytest.mark.parametrize(
    "stop_at",
    ["protocol.jurisdiction", "agency.representative", "intro.contributors.response"],
)
def test_ctrl_c_keeps_what_was_answered(tmp_path: Path, user: Any, stop_at: str) -> None:
    path = tmp_path / "s.isp.yaml"
    steps = (
        DETAILS
        + AGENCIES
        + include("intro.rationale", "Why.")
        + include("intro.contributors", "Us.")
    )
    cut = next(n for n, (key, _) in enumerate(steps) if key == stop_at)
    user([*steps[:cut], (stop_at, KeyboardInterrupt)])
    with pytest.raises(Interrupted):
        new_session(file=path, answers=None, no_input=False)
    data = load(path)
    assert data["protocol"]["task_force"] == "Metro Area Anti-Trafficking Task Force"
    if stop_at == "agency.representative":
        assert data["agencies"] == []  # the half-typed agency is not a record
    if stop_at == "intro.contributors.response":
        assert len(data["agencies"]) == 3
        assert data["items"] == {"intro.rationale": {"status": "include", "response": "Why."}}


def test_resume_continues_at_first_unanswered_then_skipped(
    tmp_path: Path, user: Any, checklist: Checklist
) -> None:
    path = tmp_path / "s.isp.yaml"
    user(
        DETAILS
        + AGENCIES
        + include("intro.rationale", "Why.")
        + [("intro.contributors.status", "skip")]
        + [("intro.review_schedule.status", KeyboardInterrupt)]
    )
    with pytest.raises(Interrupted):
        new_session(file=path, answers=None, no_input=False)
    assert load(path)["skipped"] == ["intro.contributors"]

    steps: list[tuple[str, Any]] = []
    for item_id in checklist.item_ids[2:]:
        steps += include(item_id, "Done.")
    steps += [("intro.contributors.status", "skip")]  # still skippable the second time round
    steps += [*closing(3), ("render.now", False)]
    script = user(steps)
    resume_session(file=path)
    data = load(path)
    assert data["skipped"] == ["intro.contributors"]
    assert len(data["items"]) == 20
    second = [q for q in script.asked if q.key == "intro.contributors.status"][-1]
    assert second.default == "include"  # taken up again: Enter answers it
    assert not (tmp_path / "s.docx").exists()
    assert any("Items you skipped" in s for s in script.said)


def test_resume_of_complete_session_points_to_edit(
    tmp_path: Path, user: Any, checklist: Checklist
) -> None:
    path = tmp_path / "done.isp.yaml"
    items = {i: {"status": "include", "response": "x"} for i in checklist.item_ids}
    path.write_text(
        yaml.safe_dump({"isp": 1, "checklist": "ecm-isp", "items": items}), encoding="utf-8"
    )
    before = path.read_bytes()
    script = user([])
    resume_session(file=path)
    assert any("is complete" in s for s in script.said)
    assert any(f"isp edit {path}" in program_as_isp(s) for s in script.said)
    assert path.read_bytes() == before


def test_missing_discipline_offers_to_add_one(tmp_path: Path, user: Any) -> None:
    path = tmp_path / "s.isp.yaml"
    user(
        DETAILS
        + agency("PD", "law-enforcement")
        + [("agency.another", False), ("agency.missing", "add")]
        + agency("Advocates", "victim-services")
        + [("agency.another", False), ("agency.missing", "continue")]
        + [("intro.rationale.status", KeyboardInterrupt)]
    )
    with pytest.raises(Interrupted):
        new_session(file=path, answers=None, no_input=False)
    assert [a["name"] for a in load(path)["agencies"]] == ["PD", "Advocates"]


def test_personal_information_is_warned_about(tmp_path: Path, user: Any) -> None:
    path = tmp_path / "s.isp.yaml"
    script = user(
        DETAILS
        + AGENCIES
        + [
            ("intro.rationale.status", "include"),
            ("intro.rationale.response", "Call Maria at 202-555-0143."),
            ("privacy.keep", "edit"),
            ("intro.rationale.response", "Call the victim's advocate."),
            ("intro.rationale.note", ""),
            ("intro.contributors.status", "include"),
            ("intro.contributors.response", "Write to chair@metro-taskforce.org"),
            ("privacy.keep", "keep"),
            ("intro.contributors.note", ""),
            ("intro.review_schedule.status", KeyboardInterrupt),
        ]
    )
    with pytest.raises(Interrupted):
        new_session(file=path, answers=None, no_input=False)
    warnings = [s for s in script.said if s.startswith("Careful")]
    assert "a phone number (202-555-0143)" in warnings[0]
    assert "an email address (chair@metro-taskforce.org)" in warnings[1]
    edit_prompt = [q for q in script.asked if q.key == "intro.rationale.response"][1]
    assert edit_prompt.default == "Call Maria at 202-555-0143."
    items = load(path)["items"]
    assert items["intro.rationale"]["response"] == "Call the victim's advocate."
    assert items["intro.contributors"]["response"] == "Write to chair@metro-taskforce.org"


def test_new_without_file_names_it_from_task_force_and_topic(
    tmp_path: Path, user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    user([*DETAILS[:2], ("protocol.title", KeyboardInterrupt)])
    with pytest.raises(Interrupted) as err:
        new_session(file=None, answers=None, no_input=False)
    name = "metro-area-anti-trafficking-task-force-victim-referrals.isp.yaml"
    assert load(tmp_path / name)["protocol"]["topic"] == "victim-referrals"
    assert f"isp resume {name}" in program_as_isp(str(err.value))


def test_new_refuses_existing_file(tmp_path: Path, user: Any) -> None:
    path = tmp_path / "s.isp.yaml"
    path.write_text("precious", encoding="utf-8")
    user([])
    with pytest.raises(SessionExistsError) as caught:
        new_session(file=path, answers=None, no_input=False)
    assert f"isp resume {path}" in program_as_isp(str(caught.value))
    assert path.read_text(encoding="utf-8") == "precious"


def test_answers_file_asks_only_what_is_missing(
    tmp_path: Path, user: Any, checklist: Checklist
) -> None:
    answers = tmp_path / "a.yaml"
    items = {i: {"status": "include", "response": "x"} for i in checklist.item_ids[1:]}
    answers.write_text(
        yaml.safe_dump(
            {
                "protocol": {
                    "task_force": "TF",
                    "topic": "other",
                    "topic_description": "Labor trafficking",
                },
                "agencies": [{"name": "PD", "discipline": "law-enforcement"}],
                "items": items,
            }
        ),
        encoding="utf-8",
    )
    path = tmp_path / "s.isp.yaml"
    script = user(
        [
            ("protocol.title", lambda q: q.default),
            ("protocol.jurisdiction", "J"),
            ("intro.rationale.status", "omit"),
            ("intro.rationale.note", ""),
            *closing(1),
            ("render.now", False),
        ]
    )
    new_session(file=path, answers=answers, no_input=False)
    data = load(path)
    assert script.asked[0].default == "Information Sharing Protocol - Labor trafficking"
    assert data["protocol"]["title"] == "Information Sharing Protocol - Labor trafficking"
    assert len(data["items"]) == 21


def test_edit_one_item_prefills_and_leaves_others(session_file: Path, user: Any) -> None:
    before = load(session_file)
    script = user(
        [
            ("process.breach.status", "include"),
            ("process.breach.response", "Notify the chair within 24 hours."),
            *structured_done("process.breach"),
            ("process.breach.note", ""),
        ]
    )
    edit_session(file=session_file, target="process.breach")
    assert script.asked[0].default == "discuss"
    after = load(session_file)
    assert after["items"]["process.breach"] == {
        "status": "include",
        "response": "Notify the chair within 24 hours.",
    }
    for key in ("intro.rationale", "requirements.hipaa"):
        assert after["items"][key] == before["items"][key]


def test_edit_menu_changes_details_and_agencies(session_file: Path, user: Any) -> None:
    script = user(
        [
            ("edit.menu", "details"),
            ("protocol.task_force", lambda q: q.default),
            ("protocol.topic", "minors"),
            ("protocol.title", "Minors Protocol"),
            ("protocol.jurisdiction", lambda q: q.default),
            ("protocol.lead_agency", NOT_DECIDED),
            ("protocol.coordinator", ""),
            ("edit.menu", "agencies"),
            ("agencies.menu", "add"),
            *agency("Safe Harbor", "victim-services"),
            ("agencies.menu", 0),
            ("agencies.action", "remove"),
            ("agencies.menu", 0),
            ("agencies.action", "change"),
            ("agency.name", "Safe Harbor Inc."),
            ("agency.discipline", lambda q: q.default),
            ("agency.representative", lambda q: q.default),
            ("agency.title", lambda q: q.default),
            ("agencies.menu", "__done__"),
            ("edit.menu", "__done__"),
        ]
    )
    edit_session(file=session_file, target=None)
    menu = script.asked[0]
    assert [c.title for c in menu.choices][:3] == [
        "Protocol details",
        "Member agencies (1)",
        "[1/21] Rationale (included)",
    ]
    assert [c.value for c in menu.choices][-3:] == ["provisions", "signatures", "__done__"]
    data = load(session_file)
    assert data["protocol"]["topic"] == "minors"
    assert data["protocol"]["title"] == "Minors Protocol"
    assert data["agencies"] == [
        {
            "name": "Safe Harbor Inc.",
            "discipline": "victim-services",
            "representative": "Rep of Safe Harbor",
            "title": "Director",
        }
    ]


def test_changing_an_agency_keeps_its_contacts_and_approval(tmp_path: Path, user: Any) -> None:
    data = {
        "isp": 1,
        "checklist": "ecm-isp",
        "agencies": [
            {
                "name": "PD",
                "discipline": "law-enforcement",
                "email": "chief@pd.example.gov",
                "approval": {"status": "approved", "date": "2026-12-01", "by": "Chief"},
            }
        ],
    }
    path = tmp_path / "s.isp.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    user(
        [
            ("agencies.menu", 0),
            ("agencies.action", "change"),
            ("agency.name", "Metro PD"),
            ("agency.discipline", lambda q: q.default),
            ("agency.representative", "Lt. Rivera"),
            ("agency.title", lambda q: q.default),
            ("agencies.menu", "__done__"),
        ]
    )
    edit_session(file=path, target="agencies")
    agency = load(path)["agencies"][0]
    assert agency["name"] == "Metro PD" and agency["representative"] == "Lt. Rivera"
    assert agency["email"] == "chief@pd.example.gov"
    assert agency["approval"]["status"] == "approved"


def test_an_agencys_own_listed_contact_is_not_warned_about(
    tmp_path: Path, session_file: Path, user: Any
) -> None:
    data = yaml.safe_load(session_file.read_text(encoding="utf-8"))
    data["agencies"][0]["email"] = "htunit@metropd.example.org"
    data["agencies"][0]["phone"] = "(614) 555-0100"
    session_file.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    script = user(
        [
            ("intro.contributors.status", "include"),
            ("intro.contributors.response", "Referrals: htunit@metropd.example.org, 614-555-0100."),
            ("intro.contributors.note", ""),  # no privacy question came first
            ("intro.review_schedule.status", KeyboardInterrupt),
        ]
    )
    with pytest.raises(Interrupted):
        resume_session(file=session_file)
    assert not [s for s in script.said if s.startswith("Careful")]
