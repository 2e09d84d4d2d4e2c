"""Spotting personal information about individuals in answers.

A protocol is policy, not case data: an answer that holds someone's email address,
phone number, Social Security number, date of birth, street address or case number
probably describes a person, and should not be shared among agencies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from isp_cli.checklist import Checklist
    from isp_cli.session import Session

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_SSN = re.compile(r"\b(?!000|666|9\d\d)\d{3}[- ](?!00)\d{2}[- ](?!0000)\d{4}\b")
_DATE = r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}|[A-Z][a-z]+\.? \d{1,2},? \d{4})"
_DOB = re.compile(
    r"\b(?:DOB|D\.O\.B\.|date of birth|born(?: on)?|birth ?date)\b\W{0,3}" + _DATE, re.IGNORECASE
)
_STREET_TYPES = (
    "Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|"
    "Terrace|Ter|Circle|Cir|Highway|Hwy|Parkway|Pkwy"
)
_ADDRESS = re.compile(
    r"\b\d{1,6}\s+(?:[NSEW]\.?\s+)?(?:[A-Z0-9][A-Za-z0-9'-]*\s+){1,4}(?:" + _STREET_TYPES + r")\b"
)
_CASE = re.compile(
    r"\b(?:case|docket|incident|report)\s*(?:no\.?|number|num\.?|#)\s*:?\s*"
    r"[A-Z0-9][A-Z0-9-]{3,}\b",
    re.IGNORECASE,
)

KINDS = {
    "email": "an email address",
    "phone": "a phone number",
    "ssn": "a Social Security number",
    "dob": "a date of birth",
    "address": "a street address",
    "case-number": "a case or docket number",
}


@dataclass(frozen=True)
class Finding:
    """Something in a text that looks like personal information."""

    kind: str
    text: str

    @property
    def label(self) -> str:
        """'a phone number' and the like."""
        return KINDS[self.kind]


def scan(text: str) -> list[Finding]:
    """What in ``text`` looks like personal information about an individual."""
    findings = [
        Finding(kind, match.group(0).strip())
        for kind, pattern in (
            ("email", _EMAIL),
            ("ssn", _SSN),
            ("dob", _DOB),
            ("address", _ADDRESS),
            ("case-number", _CASE),
        )
        for match in pattern.finditer(text)
    ]
    ssns = {f.text for f in findings if f.kind == "ssn"}
    findings.extend(Finding("phone", p) for p in _phone_numbers(text) if p not in ssns)
    return findings


# A phone number has at least seven digits, perhaps with separators between them.
_MAYBE_PHONE = re.compile(r"(?:\d[\s().+/-]*){7,}")


def _phone_numbers(text: str) -> list[str]:
    if not _MAYBE_PHONE.search(text):
        return []  # phonenumbers is slow to load; most answers hold no such run of digits
    import phonenumbers

    return [
        match.raw_string
        for match in phonenumbers.PhoneNumberMatcher(
            text, "US", leniency=phonenumbers.Leniency.VALID
        )
    ]


def describe(findings: list[Finding]) -> str:
    """'a phone number (555-201-4477), an email address (x@y.org)'."""
    return ", ".join(f"{f.label} ({f.text})" for f in findings)


@dataclass(frozen=True)
class Located:
    """A finding and where it is: an item's answer or note, or a protocol detail."""

    where: str
    finding: Finding


def scan_session(session: Session, checklist: Checklist) -> list[Located]:
    """Everything in the session's answers, notes and details that looks personal.

    The representatives' own contact fields are not scanned: agency contacts are
    expected in a protocol.
    """
    found: list[Located] = []
    protocol = session.protocol
    for name in ("task_force", "title", "jurisdiction", "topic_description"):
        value = getattr(protocol, name)
        if value:
            found.extend(Located(f"protocol.{name}", f) for f in scan(value))
    for item_id in checklist.item_ids:
        answer = session.items.get(item_id)
        if answer is None:
            continue
        found.extend(Located(f"{item_id} (answer)", f) for f in scan(answer.response))
        found.extend(Located(f"{item_id} (note)", f) for f in scan(answer.note))
    for where, text in session.structured_texts():  # point persons' contacts are expected
        found.extend(Located(where, f) for f in scan(text))
    return found
