"""The law, stated exactly: every catalog entry says where and when it was checked, the
definitions and entries say what the primary text says (issue 24, point 6), the
protocol's Appendix C shows counsel the sources, and the state-law placeholders the
interview offers stay open until the task force fills them in."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers.docx_checks import body_text, headings, open_docx
from helpers.paths import EXAMPLE
from helpers.sessions import load, minimal_data
from isp_cli.commands.edit import edit_session
from isp_cli.commands.render import render_protocol
from isp_cli.document.template.definitions import PII
from isp_cli.interview.questions import DONE
from isp_cli.interview.structured_questions import (
    PLACEHOLDERS,
    STATE_CITATION,
    STATE_PLACEHOLDERS,
)
from isp_cli.model.authorities import OFFICIAL, Authority
from isp_cli.model.schedule import long_date
from isp_cli.storage.resources import catalog

APPENDIX = "Appendix C. Sources of the legal authorities"
RECHECKED = dt.date(2026, 12, 2)  # the date of this round of checks
# Checked against the primary text on that date (docs/reference/legal-sources.md).
CHECKED_ON_RECHECK = (
    "vawa-confidentiality",
    "ovw-nondisclosure-rule",
    "voca-confidentiality",
    "part2-sud-records",
    "t-visa-lea-declaration",
    "continued-presence",
    "cjis-security-policy",
    "criminal-intelligence-28cfr23",
    "brady-v-maryland",
    "kyles-v-whitley",
    "federal-victim-services",
)
POLICE, HARBOR, PROSECUTOR = "Metro Police Department", "Safe Harbor", "County Prosecutor"


def entry(authority_id: str) -> Authority:
    found = catalog().get(authority_id)
    assert found is not None, authority_id
    return found


def flat(text: str) -> str:
    return " ".join(text.split())


# The catalog ----------------------------------------------------------------------------


def test_every_entry_has_a_source_a_date_and_a_printable_check() -> None:
    for authority in catalog().authorities:
        assert authority.source.startswith(("https://", "http://")), authority.id
        assert isinstance(authority.checked, dt.date), authority.id
        # The sentence printed in Appendix C: official only where nothing is left unchecked.
        assert authority.verification.startswith("Checked against "), authority.id
        official = authority.verification == OFFICIAL
        assert official == (not authority.unverified.strip()), authority.id
        assert not re.search(r"\bisp\b", authority.verification, re.IGNORECASE)
    for authority_id in CHECKED_ON_RECHECK:
        assert entry(authority_id).checked == RECHECKED, authority_id


def test_an_entry_cannot_claim_the_official_text_with_an_unverified_note() -> None:
    data = entry("giglio-v-united-states").model_dump()
    with pytest.raises(ValueError, match="cannot say 'Checked against the official text'"):
        Authority(**(data | {"verification": OFFICIAL}))
    with pytest.raises(ValueError, match="not checked against the official text"):
        Authority(**(data | {"unverified": ""}))
    with pytest.raises(ValueError, match="verification"):
        Authority(**(data | {"verification": "Looked at Justia."}))


def test_vawa_and_voca_bind_their_grantees_not_a_discipline() -> None:
    funded = {
        "vawa-confidentiality": "Grantees and subgrantees of VAWA grant programs",
        "ovw-nondisclosure-rule": "Recipients of grants from the DOJ Office on Violence",
        "voca-confidentiality": "sub-recipients of VOCA victim assistance funds",
    }
    for authority_id, who in funded.items():
        applies_to = entry(authority_id).applies_to
        assert who in applies_to, authority_id
        assert "subgrantees" in applies_to or "sub-recipients" in applies_to, authority_id
        assert "not agencies without such" in applies_to, authority_id
        assert "victim service" not in applies_to.lower(), authority_id  # funding, not a field


def test_brady_states_the_current_duty_and_kyles_is_suggested_with_it() -> None:
    brady = entry("brady-v-maryland")
    assert "requested it" not in brady.description
    for duty in ("with or without a request", "impeaching", "known only to the police"):
        assert duty in brady.description
    for case in (
        "Brady v. Maryland, 373 U.S. 83 (1963)",
        "United States v. Agurs, 427 U.S. 97 (1976)",
        "United States v. Bagley, 473 U.S. 667 (1985)",
        "Strickler v. Greene, 527 U.S. 263, 280-82 (1999)",
    ):
        assert case in brady.citation
    prosecution = {a.id for a in catalog().for_discipline("prosecution")}
    assert {"brady-v-maryland", "giglio-v-united-states", "kyles-v-whitley"} <= prosecution
    police = {a.id for a in catalog().for_discipline("law-enforcement")}
    assert "kyles-v-whitley" in police  # the duty reaches what the police know
    assert "police" in entry("kyles-v-whitley").applies_to


def test_the_other_statements_say_what_the_text_says() -> None:
    intelligence = entry("criminal-intelligence-28cfr23")
    assert "23.20(e)-(f)" in intelligence.citation
    for part in ("law enforcement authorities", "agree to follow its procedures"):
        assert part in intelligence.description
    assert "victim service providers" in intelligence.description
    assert "imminent danger to life or property" in intelligence.description
    assert "current version, as amended" in entry("cjis-security-policy").citation
    part2 = entry("part2-sud-records")
    assert "89 FR 12472" in part2.citation and "Feb. 16, 2024" in part2.citation
    for part in ("proceeding against the patient", "consent", "court order", "subpart E"):
        assert part in part2.description
    # Certification is a choice: the entries say so, and whom they bind.
    assert "discretionary" in entry("t-visa-lea-declaration").applies_to
    assert "Form I-914, Supplement B" in entry("t-visa-lea-declaration").citation
    presence = entry("continued-presence")
    assert "22 U.S.C. 7105(c)(3)" in presence.citation and "28 CFR 1100.35" in presence.citation
    assert "no one is required to apply" in presence.applies_to
    assert "Federal law enforcement officials" in presence.applies_to
    services = entry("federal-victim-services")
    assert services.citation == "34 U.S.C. 20141"
    assert "Departments and agencies of the United States" in services.applies_to
    assert "not state, local or tribal agencies" in services.applies_to
    assert entry("ovw-nondisclosure-rule").citation == "28 CFR 90.4(b)"


def test_pii_definition_follows_12291a_including_location() -> None:
    term, text = PII
    assert term == "Personally identifying information"
    for part in (
        "Individually identifying information for or about a person",
        "information likely to disclose the location of a victim",
        "encoded, encrypted, hashed or otherwise protected",
        "a first and last name",
        "a home or other physical address",
        "contact information",
        "a Social Security, driver license, passport or student identification number",
        "date of birth, racial or ethnic background or religious affiliation",
        "that would serve to identify the person",
        "34 U.S.C. 12291(a)(25)",  # its source
    ):
        assert part in text, part


# The protocol --------------------------------------------------------------------------


def appendix_paragraphs(document: Any) -> list[str]:
    """The paragraphs after Appendix C's heading, to the end of the document."""
    paragraphs = [p.text for p in document.paragraphs]
    start = paragraphs.index(APPENDIX)
    return [text for text in paragraphs[start + 1 :] if text.strip()]


def test_the_examples_appendix_c_lists_each_authority_with_its_source(tmp_path: Path) -> None:
    session = tmp_path / "example.isp.yaml"
    session.write_bytes(EXAMPLE.read_bytes())
    document = open_docx(render_protocol(file=session).path)
    assert headings(document)[-1] == (1, APPENDIX)  # the last part of the protocol
    shown = appendix_paragraphs(document)
    named = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))["authorities"]
    federal = [entry(a["id"]) for a in named["federal"]]
    assert federal
    for authority in federal:
        line = next((p for p in shown if p.startswith(authority.name)), None)
        assert line is not None, authority.id
        for part in (
            authority.citation,
            f"Date checked: {long_date(authority.checked)}.",
            f"{authority.verification}.",
            f"Source: {authority.source}",
        ):
            assert part in line, (authority.id, part)
    local = [a["name"] for a in named["state_local"]]
    assert any(all(name in p for name in local) and "no source" in p for p in shown)
    appendix = " ".join(shown)
    for authority in federal:  # the long notes stay in the catalog
        assert authority.unverified[:60] not in body_text(document), authority.id
    assert not re.search(r"\bisp\b", appendix, re.IGNORECASE)
    assert "should" not in appendix.lower()


def test_no_appendix_c_when_the_protocol_names_no_authority(tmp_path: Path) -> None:
    path = tmp_path / "s.isp.yaml"
    path.write_text(yaml.safe_dump(minimal_data(), sort_keys=False), encoding="utf-8")
    document = open_docx(render_protocol(file=path).path)
    assert APPENDIX not in [text for _, text in headings(document)]


# The interview's state-law placeholders -------------------------------------------------


def three_agencies(tmp_path: Path) -> Path:
    data = minimal_data()
    data["agencies"] = [
        {"name": POLICE, "discipline": "law-enforcement"},
        {"name": HARBOR, "discipline": "victim-services"},
        {"name": PROSECUTOR, "discipline": "prosecution"},
    ]
    path = tmp_path / "s.isp.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_state_placeholders_are_open_points_until_filled(
    tmp_path: Path, user: Any, cli: Any
) -> None:
    path = three_agencies(tmp_path)
    names = [name for name, _ in STATE_PLACEHOLDERS]
    script = user(
        [
            ("requirements.mandates.status", "include"),
            ("requirements.mandates.response", "Policy."),
            *[("authorities.federal", lambda q: q.default)] * 3,
            ("authorities.local", PLACEHOLDERS),
            ("authorities.placeholders", lambda q: q.default),  # all six, ticked to start
            ("authorities.local", DONE),
            ("requirements.mandates.note", ""),
        ]
    )
    edit_session(file=path, target="requirements.mandates")
    offered = next(q for q in script.asked if q.key == "authorities.placeholders")
    assert [c.value for c in offered.choices] == names
    menus = [q for q in script.asked if q.key == "authorities.local"]
    assert PLACEHOLDERS in [c.value for c in menus[0].choices]
    assert PLACEHOLDERS not in [c.value for c in menus[1].choices]  # none left to add
    assert menus[1].default == DONE
    local = load(path)["authorities"]["state_local"]
    assert [a["name"] for a in local] == names
    assert all(a["citation"] == STATE_CITATION and a["binds"] == [] for a in local)
    assert all(a["description"] for a in local)
    code, out, err = cli("status", str(path))
    assert code == 0, err
    said = flat(out)
    for name in names:
        assert f"The authority {name} is not named for any member agency." in said
        assert f'The authority {name} still holds the blank "{STATE_CITATION}".' in said
    # Filled in (a citation, the agency it binds), a placeholder is no longer open.
    data = load(path)
    data["authorities"]["state_local"][0].update(citation="Ohio Rev. Code 2317.02", binds=[HARBOR])
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    code, out, err = cli("status", str(path))
    assert code == 0, err
    said = flat(out)
    assert f"The authority {names[0]} is not named" not in said
    assert f"The authority {names[0]} still holds" not in said
    assert f"The authority {names[1]} still holds" in said


def test_placeholders_already_named_are_not_offered_again(tmp_path: Path, user: Any) -> None:
    path = three_agencies(tmp_path)
    first, second = STATE_PLACEHOLDERS[0][0], STATE_PLACEHOLDERS[1][0]
    steps: list[tuple[str, Any]] = [
        ("requirements.mandates.status", "include"),
        ("requirements.mandates.response", "Policy."),
        *[("authorities.federal", lambda q: q.default)] * 3,
        ("authorities.local", PLACEHOLDERS),
        ("authorities.placeholders", [first]),
        ("authorities.local", PLACEHOLDERS),
        ("authorities.placeholders", [second]),
        ("authorities.local", DONE),
        ("requirements.mandates.note", ""),
    ]
    script = user(steps)
    edit_session(file=path, target="requirements.mandates")
    asked = [q for q in script.asked if q.key == "authorities.placeholders"]
    assert first in [c.value for c in asked[0].choices]
    assert first not in [c.value for c in asked[1].choices]
    assert [a["name"] for a in load(path)["authorities"]["state_local"]] == [first, second]
