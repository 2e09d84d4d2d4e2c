"""The privacy scan (issue 12): the forms it must find, the public ones it must not flag,
and time linear in the text's length."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from helpers.sessions import minimal_data, write_session
from isp_cli.model.privacy import Finding, scan


@pytest.mark.parametrize(
    ("text", "kind", "match"),
    [
        ("SSN 123456789 on file", "ssn", "123456789"),
        ("SSN 123.45.6789 on file", "ssn", "123.45.6789"),
        ("She was born March 3rd, 2008 in Ohio.", "dob", "born March 3rd, 2008"),
        ("date of birth 3 March 2008", "dob", "date of birth 3 March 2008"),
        ("DOB: 3 Mar 2008", "dob", "DOB: 3 Mar 2008"),
        ("D.O.B. 04/12/2007", "dob", "D.O.B. 04/12/2007"),
        ("Case: 2024-CR-1234 is open", "case-number", "Case: 2024-CR-1234"),
        ("filed under No. 24-1187", "case-number", "No. 24-1187"),
        ("Docket 24-cv-00912 was sealed", "case-number", "Docket 24-cv-00912"),
        ("Call her at 555-201-4477.", "phone", "555-201-4477"),
        ("Her number is 5552014477.", "phone", "5552014477"),
        ("Her UK number is +44 20 7946 0958.", "phone", "+44 20 7946 0958"),
        ("Her cousin in Mexico: +52 55 1234 5678", "phone", "+52 55 1234 5678"),
        ("Write to josé.garcía@correo.mx today", "email", "josé.garcía@correo.mx"),
        ("She lives at 1234 elm street now", "address", "1234 elm street"),
        ("He moved to 221B Baker Street.", "address", "221B Baker Street"),
        ("Mail goes to P.O. Box 1234 in town", "address", "P.O. Box 1234"),
        ("Mail goes to PO Box 77", "address", "PO Box 77"),
    ],
)
def test_forms_the_scan_finds(text: str, kind: str, match: str) -> None:
    assert any(f.kind == kind and f.text == match for f in scan(text)), scan(text)


@pytest.mark.parametrize(
    "text",
    [
        "Victims may call the National Human Trafficking Hotline at 1-888-373-7888.",
        "The hotline, (888) 373-7888, answers at any hour; so does 1.800.799.7233.",
        "Case numbers are never shared by email; the case number stays in each agency's file.",
        "Funded by grant O-OVC-2024-171992 from the Office for Victims of Crime.",
        "Meetings are held at 100 Main Street, the county building, in room 2.",
        "Meetings are held at the courthouse, 100 Main Street.",
        "Partners answer within 2 business days by way of the secure portal.",
        "In case 2024 funding lapses, the protocol stays in force.",
        "No. 2 on the list is consent.",
    ],
)
def test_public_and_policy_text_is_not_flagged(text: str) -> None:
    assert scan(text) == []


def test_agencies_own_contacts_are_public_anywhere(cli: Any, tmp_path: Path) -> None:
    data = minimal_data()
    data["agencies"][0] |= {"email": "arivera@metropd.example.gov", "phone": "(614) 555-0190"}
    data["items"]["shared.details"] = {
        "status": "include",
        "response": "Referrals go to arivera@metropd.example.gov or 614-555-0190.",
    }
    code, out, _ = cli("check", str(write_session(tmp_path, data)))
    assert code == 0
    assert "no answer seems to contain personal information" in out


def test_history_and_agency_fields_are_scanned(cli: Any, tmp_path: Path) -> None:
    data = minimal_data()
    data["agencies"][0]["representative"] = "Lt. A. Rivera (victim J.D., DOB 01/02/2008)"
    data["agencies"][0]["approval"] = {"status": "pending", "by": "call 614-555-0101"}
    data["history"] = [
        {"version": "0.2", "date": "2026-11-01", "summary": "Added Case No. 2024-CR-0113."}
    ]
    code, out, _ = cli("check", str(write_session(tmp_path, data)))
    assert code == 3
    assert out.splitlines() == [
        "agency 1 (representative): a date of birth: DOB 01/02/2008",
        "agency 1 (approval by): a phone number: 614-555-0101",
        "history 0.2 (summary): a case or docket number: Case No. 2024-CR-0113",
    ]


@pytest.mark.parametrize(
    "token", ["a" * 250_000, "1" * 250_000, "a." * 125_000, "a@" * 125_000, "1 " * 125_000]
)
def test_scan_of_a_long_token_ends(token: str) -> None:
    # A hang guard, not a timing: the quadratic scan took 33 s on such a token, the
    # linear one a fraction of a second (benchmarks/run.py measures it).
    code = f"from isp_cli.model.privacy import Finding, scan; assert scan({token[:2]!r} * {len(token) // 2}) == []"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=20)


_PIECES = [
    "DOB", "date of birth", "born on", "Jan", "September", "12th", "Case No.", "docket",
    "Street", "Ave", "P.O. Box", "Elm Court", "(", ")", "-", ".", "/", " ", "\n", "+", "+1",
    "٣", "７", "¹", "x", "@", "a@b", "example.org", "#", ":",
]  # fmt: skip


def test_no_pattern_matches_without_an_at_sign_or_a_digit() -> None:
    """scan() skips the email pattern without an "@" and every other one without a digit
    (\\d, which also matches other scripts' digits): none of them could match."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from isp_cli.model import privacy

    others = (privacy._SSN, privacy._DOB, privacy._ADDRESS, privacy._PO_BOX, privacy._CASE,
              privacy._NANP, privacy._INTERNATIONAL)  # fmt: skip
    pieces = st.lists(st.sampled_from(_PIECES) | st.text(max_size=4), max_size=30)

    @settings(max_examples=400, deadline=None)
    @given(pieces)
    def check(parts: list[str]) -> None:
        text = "".join(parts)
        if "@" not in text:
            assert privacy._EMAIL.search(text) is None
        if privacy._DIGIT.search(text) is None:
            assert all(pattern.search(text) is None for pattern in others), text
            assert all(finding.kind == "email" for finding in scan(text)), text

    check()
    assert scan("Write to a@b.example.org, or call.") == [Finding("email", "a@b.example.org")]
    assert [f.kind for f in scan("Born on 4 July 1990 at 12 Elm Court; x@y.org")] == [
        "email",
        "dob",
        "address",
    ]
