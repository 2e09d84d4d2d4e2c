"""Building the structured parts in the interview, with a scripted user, and what
diff, status, agenda and review make of them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers.sessions import load, minimal_data
from isp_cli.commands.edit import edit_session
from isp_cli.errors import Interrupted, StoppedTyping
from isp_cli.interview.questions import DONE
from isp_cli.interview.structured_questions import ADD, UNDECIDED_VALUE

POLICE, HARBOR, PROSECUTOR = "Metro Police Department", "Safe Harbor", "County Prosecutor"


def three_agencies() -> dict[str, Any]:
    data = minimal_data()
    data["agencies"] = [
        {"name": POLICE, "discipline": "law-enforcement"},
        {"name": HARBOR, "discipline": "victim-services"},
        {"name": PROSECUTOR, "discipline": "prosecution"},
    ]
    return data


def write(tmp_path: Path, data: dict[str, Any], name: str = "s.isp.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def decide(item_id: str, text: str = "Policy.") -> list[tuple[str, Any]]:
    return [(f"{item_id}.status", "include"), (f"{item_id}.response", text)]


def test_flows_are_built_by_choosing(tmp_path: Path, user: Any) -> None:
    path = write(tmp_path, three_agencies())
    script = user(
        [
            *decide("shared.providers_recipients"),
            ("flows.menu", ADD),
            ("flows.information", "referral-with-consent"),
            ("flows.provided_by", [POLICE, PROSECUTOR]),
            ("flows.shared_with", [HARBOR]),
            ("flows.condition", "written-release"),
            ("flows.purpose", "Services and shelter"),
            ("flows.done", "keep"),
            ("flows.menu", ADD),
            ("flows.information", "other"),
            ("flows.label", "Screening results"),
            ("flows.provided_by", [HARBOR]),
            ("flows.shared_with", ["all-members"]),
            ("flows.condition", UNDECIDED_VALUE),
            ("flows.purpose", ""),
            ("flows.done", "again"),  # the way back: build it again from the start
            ("flows.information", lambda q: q.default),
            ("flows.label", lambda q: q.default),
            ("flows.provided_by", lambda q: q.default),
            ("flows.shared_with", ["case-holding-members"]),
            ("flows.condition", "never"),
            ("flows.purpose", ""),
            ("flows.done", "keep"),
            ("flows.menu", DONE),
            ("shared.providers_recipients.note", ""),
        ]
    )
    edit_session(file=path, target="shared.providers_recipients")
    assert load(path)["flows"] == [
        {
            "information": "referral-with-consent",
            "provided_by": [POLICE, PROSECUTOR],
            "shared_with": [HARBOR],
            "condition": "written-release",
            "purpose": "Services and shelter",
        },
        {
            "information": "other",
            "label": "Screening results",
            "provided_by": [HARBOR],
            "shared_with": ["case-holding-members"],
            "condition": "never",
        },
    ]
    menu = next(q for q in script.asked if q.key == "flows.shared_with")
    assert [c.title for c in menu.choices] == [
        "All members",
        "Case-holding members only",
        POLICE,
        HARBOR,
        PROSECUTOR,
    ]
    assert menu.kind == "checkbox"
    assert menu.validate is not None
    assert menu.validate(["all-members", HARBOR]) != True  # noqa: E712 (a message)
    assert menu.validate([]) != True  # noqa: E712


def test_ctrl_c_while_building_a_flow_keeps_what_was_chosen_and_typed(
    tmp_path: Path, user: Any
) -> None:
    path = write(tmp_path, three_agencies())
    user(
        [
            *decide("shared.providers_recipients"),
            ("flows.menu", ADD),
            ("flows.information", "tips-leads"),
            ("flows.provided_by", [POLICE]),
            ("flows.shared_with", [PROSECUTOR]),
            ("flows.condition", "supervisor-approval"),
            ("flows.purpose", StoppedTyping("To open an inv")),
        ]
    )
    with pytest.raises(Interrupted, match="kept as a draft"):
        edit_session(file=path, target="shared.providers_recipients")
    data = load(path)
    assert data["flows"] == [
        {
            "information": "tips-leads",
            "provided_by": [POLICE],
            "shared_with": [PROSECUTOR],
            "condition": "supervisor-approval",
        }
    ]
    assert data["drafts"] == {"flows.purpose": "To open an inv"}
    # Asked again, the draft is filled in.
    script = user(
        [
            *decide("shared.providers_recipients"),
            ("flows.menu", 0),
            ("flows.action", "change"),
            ("flows.information", lambda q: q.default),
            ("flows.provided_by", lambda q: q.default),
            ("flows.shared_with", lambda q: q.default),
            ("flows.condition", lambda q: q.default),
            ("flows.purpose", lambda q: q.default + "estigation"),
            ("flows.done", "keep"),
            ("flows.menu", DONE),
            ("shared.providers_recipients.note", ""),
        ]
    )
    edit_session(file=path, target="shared.providers_recipients")
    data = load(path)
    assert data["flows"][0]["purpose"] == "To open an investigation"
    assert "drafts" not in data
    assert any("unfinished text" in said for said in script.said)


def test_authorities_per_agency_and_state_law(tmp_path: Path, user: Any) -> None:
    path = write(tmp_path, three_agencies())
    script = user(
        [
            *decide("requirements.mandates"),
            ("authorities.federal", ["cjis-security-policy", "criminal-intelligence-28cfr23"]),
            ("authorities.federal", ["vawa-confidentiality", "fvpsa-confidentiality"]),
            # VAWA, ticked for victim services, is not ticked here: one agency's choice.
            ("authorities.federal", ["brady-v-maryland", "giglio-v-united-states"]),
            ("authorities.local", ADD),
            ("authority.name", "State victim-advocate privilege"),
            ("authority.citation", "[State statute]"),
            ("authority.applies_to", "Community-based advocates"),
            ("authority.description", "Makes communications with an advocate privileged."),
            ("authority.binds", [HARBOR]),
            ("authorities.local", DONE),
            ("requirements.mandates.note", ""),
        ]
    )
    edit_session(file=path, target="requirements.mandates")
    authorities = load(path)["authorities"]
    assert authorities["federal"] == [  # in the catalog's order
        {"id": "vawa-confidentiality", "binds": [HARBOR]},
        {"id": "fvpsa-confidentiality", "binds": [HARBOR]},
        {"id": "cjis-security-policy", "binds": [POLICE]},
        {"id": "criminal-intelligence-28cfr23", "binds": [POLICE]},
        {"id": "brady-v-maryland", "binds": [PROSECUTOR]},
        {"id": "giglio-v-united-states", "binds": [PROSECUTOR]},
    ]
    assert authorities["state_local"] == [
        {
            "name": "State victim-advocate privilege",
            "citation": "[State statute]",
            "applies_to": "Community-based advocates",
            "binds": [HARBOR],
            "description": "Makes communications with an advocate privileged.",
        }
    ]
    offered = [q for q in script.asked if q.key == "authorities.federal"]
    assert f"bind {POLICE} (law enforcement)" in offered[0].message
    assert "34 U.S.C. 12291(b)(2)" in " ".join(c.title for c in offered[1].choices)
    # First asked, each screen starts from the catalog's suggestions for the discipline.
    assert set(offered[2].default) == {a.value for a in offered[2].choices}
    # Unticking for one agency leaves the others' as they are; asked again, each screen
    # shows what binds that agency.
    script = user(
        [
            *decide("requirements.mandates", "Policy."),
            ("authorities.federal", ["cjis-security-policy", "vawa-confidentiality"]),
            ("authorities.federal", lambda q: q.default),
            ("authorities.federal", lambda q: q.default),
            ("authorities.local", DONE),
            ("requirements.mandates.note", ""),
        ]
    )
    edit_session(file=path, target="requirements.mandates")
    federal = {a["id"]: a["binds"] for a in load(path)["authorities"]["federal"]}
    assert "criminal-intelligence-28cfr23" not in federal  # its only agency unticked it
    assert federal["vawa-confidentiality"] == [POLICE, HARBOR]
    assert federal["brady-v-maryland"] == [PROSECUTOR]
    assert script.asked[3].default == ["vawa-confidentiality", "fvpsa-confidentiality"]


def test_point_persons_and_breach_steps(tmp_path: Path, user: Any) -> None:
    path = write(tmp_path, three_agencies())
    user(
        [
            *decide("process.responsible"),
            ("point_persons.menu", POLICE),
            ("point person.name", "Lt. A. Rivera"),
            ("point person.title", "Unit Supervisor"),
            ("point person.email", "arivera@metropd.example.gov"),
            ("point person.phone", "555-0100"),
            ("point_persons.alternate", True),
            ("alternate.name", "Sgt. P. Novak"),
            ("alternate.title", ""),
            ("alternate.email", ""),
            ("alternate.phone", ""),
            ("point_persons.menu", DONE),
            ("process.responsible.note", ""),
        ]
    )
    edit_session(file=path, target="process.responsible")
    data = load(path)
    assert data["point_persons"] == [
        {
            "agency": POLICE,
            "name": "Lt. A. Rivera",
            "title": "Unit Supervisor",
            "email": "arivera@metropd.example.gov",
            "phone": "555-0100",
            "alternate": {"name": "Sgt. P. Novak"},
        }
    ]
    assert "kept" not in data  # their own work contacts are never questioned
    user(
        [
            *decide("process.breach"),
            ("breach.menu", "set"),
            ("breach.coordinator", "the task force coordinator"),
            ("breach.report_hours", "24"),
            ("breach.notify_hours", "48"),
            ("process.breach.note", ""),
        ]
    )
    edit_session(file=path, target="process.breach")
    assert load(path)["breach"] == {
        "coordinator": "the task force coordinator",
        "report_hours": 24,
        "notify_hours": 48,
    }


def test_personal_information_in_a_purpose_is_questioned(tmp_path: Path, user: Any) -> None:
    path = write(tmp_path, three_agencies())
    user(
        [
            *decide("shared.providers_recipients"),
            ("flows.menu", ADD),
            ("flows.information", "tips-leads"),
            ("flows.provided_by", [POLICE]),
            ("flows.shared_with", [HARBOR]),
            ("flows.condition", "never"),
            ("flows.purpose", "Call 202-555-0143"),
            ("privacy.keep", "edit"),
            ("flows.purpose", "Tips"),
            ("flows.done", "keep"),
            ("flows.menu", DONE),
            ("shared.providers_recipients.note", ""),
        ]
    )
    edit_session(file=path, target="shared.providers_recipients")
    assert load(path)["flows"][0]["purpose"] == "Tips"


def with_flows() -> dict[str, Any]:
    data = three_agencies()
    data["isp"] = 2
    data["flows"] = [
        {"information": "tips-leads", "provided_by": [POLICE], "shared_with": [PROSECUTOR]},
        {"information": "case-status", "provided_by": [PROSECUTOR], "shared_with": [HARBOR]},
    ]
    data["point_persons"] = [{"agency": POLICE, "name": "Lt. A. Rivera"}]
    return data


def test_renaming_an_agency_renames_it_everywhere(tmp_path: Path, user: Any) -> None:
    path = write(tmp_path, with_flows())
    user(
        [
            ("agencies.menu", 0),
            ("agencies.action", "change"),
            ("agency.name", "Metro City Police"),
            ("agency.discipline", "law-enforcement"),
            ("agency.representative", ""),
            ("agency.title", ""),
            ("agencies.menu", DONE),
        ]
    )
    edit_session(file=path, target="agencies")
    data = load(path)
    assert data["flows"][0]["provided_by"] == ["Metro City Police"]
    assert data["point_persons"][0]["agency"] == "Metro City Police"


@pytest.mark.parametrize(
    ("choice", "flows", "agencies"),
    [
        ("names", 2, 2),
        ("flows", 0, 2),  # both flows name the prosecutor
        ("keep", 2, 3),
    ],
)
def test_removing_a_referenced_agency_asks_what_to_do(
    tmp_path: Path, user: Any, choice: str, flows: int, agencies: int
) -> None:
    path = write(tmp_path, with_flows())
    script = user(
        [
            ("agencies.menu", 2),
            ("agencies.action", "remove"),
            ("agencies.referenced", choice),
            ("agencies.menu", DONE),
        ]
    )
    edit_session(file=path, target="agencies")
    data = load(path)
    assert len(data["agencies"]) == agencies
    assert len(data.get("flows", [])) == flows
    if choice == "names":  # the flows stay, to be completed
        assert "shared_with" not in data["flows"][0]
        assert "provided_by" not in data["flows"][1]
    assert any("Tips and leads" in said for said in script.said)  # the flows are listed
