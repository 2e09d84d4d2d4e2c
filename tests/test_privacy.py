"""Personal information in answers: the scanner and isp check."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from helpers.paths import EXAMPLE
from helpers.sessions import minimal_data, write_session
from isp_cli.model.privacy import scan


@pytest.mark.parametrize(
    ("text", "kind", "match"),
    [
        ("Call Maria at (202) 555-0143 after 5.", "phone", "(202) 555-0143"),
        ("Her cell is 202.555.0143", "phone", "202.555.0143"),
        ("Reach the family at +1 312 555 0199.", "phone", "+1 312 555 0199"),
        ("Email jdoe@gmail.com about it", "email", "jdoe@gmail.com"),
        ("SSN 123-45-6789 on file", "ssn", "123-45-6789"),
        ("DOB: 04/12/2007", "dob", "DOB: 04/12/2007"),
        ("born on March 3, 2009", "dob", "born on March 3, 2009"),
        ("She lives at 1234 N Elm Street.", "address", "1234 N Elm Street"),
        ("Case No. 2024-CR-0113 is pending", "case-number", "Case No. 2024-CR-0113"),
        ("see docket #CV-88213", "case-number", "docket #CV-88213"),
    ],
)
def test_personal_information_is_found(text: str, kind: str, match: str) -> None:
    assert any(f.kind == kind and f.text == match for f in scan(text)), scan(text)


@pytest.mark.parametrize(
    "text",
    [
        "We review the protocol every 12 months, in January 2027.",
        "Victims are told within 24 hours; 34 U.S.C. 12291(b)(2) and 28 CFR 94.115 apply.",
        "HIPAA Safe Harbor lists 18 identifiers (45 CFR 164.514(b)).",
        "Referrals rose 35% in 2025; 3 agencies, 1,200 contacts.",
        "Call 911 in an emergency.",
    ],
)
def test_policy_text_is_not_flagged(text: str) -> None:
    assert scan(text) == []


def test_check_clean_session(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "sample.isp.yaml"
    path.write_bytes(EXAMPLE.read_bytes())  # agency email of a representative: not flagged
    code, out, _ = cli("check", str(path))
    assert code == 0
    assert "is valid, and no answer seems to contain personal information" in out


def test_check_reports_item_kind_and_text(cli: Any, tmp_path: Path) -> None:
    data = minimal_data()
    data["items"]["shared.details"] = {
        "status": "include",
        "response": "Refer A.B. (DOB 01/02/2008) at 55 Oak Avenue.",
        "note": "Her number is 614-555-0101",
    }
    path = write_session(tmp_path, data)
    code, out, err = cli("check", str(path))
    assert code == 3
    assert out.splitlines() == [
        "shared.details (answer): a date of birth: DOB 01/02/2008",
        "shared.details (answer): a street address: 55 Oak Avenue",
        "shared.details (note): a phone number: 614-555-0101",
    ]
    assert "3 place(s)" in err


def test_check_of_invalid_session_is_exit_1(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "bad.isp.yaml"
    path.write_text("isp: 1\nchecklist: ecm-isp\nitems: [1, 2]\n", encoding="utf-8")
    code, out, err = cli("check", str(path))
    assert code == 1 and out == ""
    assert err.startswith(f"isp: {path}, line 3 (items)")
