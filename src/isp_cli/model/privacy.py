"""Spotting personal information about individuals in answers.

A protocol is policy, not case data: an answer that holds someone's email address,
phone number, Social Security number, date of birth, street address or case number
probably describes a person, and should not be shared among agencies.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from isp_cli.printable import one_line, printable

if TYPE_CHECKING:
    from isp_cli.model.checklist import Checklist
    from isp_cli.model.session import Session

# Every pattern runs in time linear in the text's length: a match can start only
# where a run of its characters starts (a look-behind refuses the middle of a run),
# and every repeated part is bounded, so a 250,000-character token costs one pass.
_EMAIL = re.compile(
    r"(?<![\w.%+-])[\w.%+-]{1,64}@(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.){1,8}[^\W\d_]{2,63}(?![\w-])"
)
# 123-45-6789, 123.45.6789, 123 45 6789 or 123456789 (the same separator twice).
_SSN = re.compile(r"(?<![\w.-])(?!000|666|9\d\d)\d{3}([-. ]?)(?!00)\d{2}\1(?!0000)\d{4}(?![\w-])")
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}"
    rf"|{_MONTH} {_DAY},? \d{{4}}|{_DAY} (?:of )?{_MONTH},? \d{{4}})"
)
_DOB = re.compile(
    r"(?:\b(?:DOB|date of birth|born(?: on)?|birth ?date|birthday)\b|\bD\.O\.B\.?)[\s:,-]{0,3}"
    + _DATE
    + r"(?!\w)",
    re.IGNORECASE,
)
# Street types that are no ordinary English word are matched in any case; those that
# are (Way, Place, Court, Drive) only capitalised, as in "12 Elm Court".
_STREET_TYPES_ANY_CASE = (
    "street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|terrace|ter|circle|cir|highway|hwy|"
    "parkway|pkwy"
)
_STREET_TYPES_CAPITAL = "Way|Place|Pl|Court|Ct|Drive|Dr"
_ADDRESS = re.compile(
    r"(?<![\w.-])\d{1,6}[A-Za-z]?\s+(?:[NSEWnsew]\.?\s+)?(?:[A-Za-z0-9][A-Za-z0-9'-]{0,30}\s+){1,4}"
    rf"(?:(?i:{_STREET_TYPES_ANY_CASE})|{_STREET_TYPES_CAPITAL})\b"
)
_PO_BOX = re.compile(r"\bP\.?\s?O\.?\s?Box\s+\d{1,8}\b", re.IGNORECASE)
# A case number holds a digit; "case numbers are never shared" is policy, not a case.
_CASE_ID = r"(?=[A-Za-z-]{0,40}\d)[A-Za-z0-9][A-Za-z0-9-]{3,40}\b"
_CASE = re.compile(
    r"\b(?:(?:case|docket|incident|report|complaint|file)\s*(?:no\.?|number|num\.?|#)\s*:?"
    r"|(?:case|incident|report)\s*:|docket\s*:?|no\.)\s*" + _CASE_ID,
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


class Finding(NamedTuple):
    """Something in a text that looks like personal information."""

    kind: str
    text: str

    @property
    def label(self) -> str:
        """'a phone number' and the like."""
        return KINDS[self.kind]


# Published numbers that a protocol may well print: national hotlines and tip lines.
# Compared by their ten digits, however they are written.
PUBLIC_NUMBERS = {
    "8883737888": "National Human Trafficking Hotline",
    "8007997233": "National Domestic Violence Hotline",
    "8006564673": "RAINN National Sexual Assault Hotline",
    "8004224453": "Childhelp National Child Abuse Hotline",
    "8008435678": "National Center for Missing & Exploited Children",
    "8663472423": "DHS / ICE Homeland Security Investigations tip line",
    "8002255324": "FBI tip line (1-800-CALL-FBI)",
}
# An address named as a public place right after it ("100 Main Street, the county
# building") or right before it ("the courthouse at 100 Main Street") is an agency's.
_PUBLIC_PLACE = re.compile(
    r"\b(?:building|courthouse|court house|city hall|county hall|town hall|headquarters|"
    r"office|offices|department|station|center|centre|agency|precinct|library|"
    r"administration)\b",
    re.IGNORECASE,
)
_NEAR = 40  # characters either side of an address that may name it as a public place
_DIGIT = re.compile(r"\d")


def scan(text: str, public: frozenset[str] = frozenset()) -> list[Finding]:
    """What in ``text`` looks like personal information about an individual.

    ``public`` holds contacts that are expected (the member agencies' own email
    addresses and phone numbers, as written in the agency list); they are never
    flagged, nor are published hotlines (PUBLIC_NUMBERS) or an address the text
    names as a public place.
    """
    findings: list[Finding] = []
    # Every pattern needs an "@" (the email address) or a digit (\d, as the patterns
    # mean it): most answers have neither, and are not searched seven times.
    at, digit = "@" in text, _DIGIT.search(text) is not None
    if not (at or digit):
        return findings
    for kind, pattern in (
        ("email", _EMAIL),
        ("ssn", _SSN),
        ("dob", _DOB),
        ("address", _ADDRESS),
        ("address", _PO_BOX),
        ("case-number", _CASE),
    ):
        if not (at if kind == "email" else digit):
            continue
        for match in pattern.finditer(text):
            found = match.group(0).strip()
            if kind == "email" and found.lower() in public:
                continue
            if kind == "address" and _names_public_place(text, match):
                continue
            findings.append(Finding(kind, found))
    taken = {_digits(f.text) for f in findings if f.kind in ("ssn", "case-number")}
    for phone in _phone_numbers(text) if digit else []:
        digits = _digits(phone)
        if digits in taken or digits[-10:] in PUBLIC_NUMBERS or digits[-10:] in public:
            continue
        if not any(digits in _digits(f.text) for f in findings if f.kind != "email"):
            findings.append(Finding("phone", phone))
    return findings


def public_contacts(session: Session) -> frozenset[str]:
    """The agencies' own listed contacts: emails in lower case, phones as ten digits."""
    contacts: set[str] = set()
    for agency in session.agencies:
        if agency.email.strip():
            contacts.add(agency.email.strip().lower())
        digits = _digits(agency.phone)
        if len(digits) >= 10:
            contacts.add(digits[-10:])
    return frozenset(contacts)


def _names_public_place(text: str, match: re.Match[str]) -> bool:
    after = text[match.end() : match.end() + _NEAR]
    before = text[max(0, match.start() - _NEAR) : match.start()]
    return bool(_PUBLIC_PLACE.search(after.split(".")[0]) or _PUBLIC_PLACE.search(before))


def _digits(text: str) -> str:
    return "".join(char for char in text if char.isdigit())


# North American numbers: (202) 555-0143, 202.555.0143, 1-888-373-7888, 5552014477.
_NANP = re.compile(r"(?<![\w+-])(?:\+?1[ .-]?)?(?:\(\d{3}\)|\d{3})[ .-]?\d{3}[ .-]?\d{4}(?![\w-])")
# International numbers start with +; phonenumbers decides whether one is real.
_INTERNATIONAL = re.compile(r"(?<![\w+])\+(?!1[ .(-]?\d{3})\d[\d ().-]{5,20}\d(?![\w-])")


def _phone_numbers(text: str) -> list[str]:
    found = [match.group(0) for match in _NANP.finditer(text)]
    candidates = [match.group(0) for match in _INTERNATIONAL.finditer(text)]
    if candidates:
        import phonenumbers  # slow to load: only when something looks international

        for candidate in candidates:
            try:
                number = phonenumbers.parse(candidate, None)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(number):
                found.append(candidate)
    return found


def describe(findings: list[Finding]) -> str:
    """'a phone number (555-201-4477), an email address (x@y.org)'."""
    return ", ".join(f"{f.label} ({f.text})" for f in findings)


class Located(NamedTuple):
    """A finding and where it is: an item's answer or note, or a protocol detail."""

    where: str
    finding: Finding

    def report_line(self) -> str:
        """One printable line for ``isp check``: where, what kind, the text."""
        return printable(f"{self.where}: {self.finding.label}: {self.finding.text}", 300)

    def warning_line(self) -> str:
        """One printable line for the warning ``isp render`` prints."""
        return one_line(
            f"isp: warning: {self.where} seems to contain {self.finding.label} "
            f"({self.finding.text}); a protocol should never identify an individual."
        )


def scan_session(session: Session, checklist: Checklist) -> list[Located]:
    """Everything in the session's text that looks personal.

    Scanned: the protocol details, every answer and note, the revision history's
    summaries, and the agency list's names, representatives, titles and approvals
    (someone else's details can be typed there too). The agencies' own listed email
    and phone are the protocol's public contacts: never flagged, wherever they appear.
    """
    public = public_contacts(session)
    found: list[Located] = []

    def look(where: str, text: str | None) -> None:
        if text:
            found.extend(Located(where, f) for f in scan(text, public))

    protocol = session.protocol
    for name in ("task_force", "title", "jurisdiction", "topic_description"):
        look(f"protocol.{name}", getattr(protocol, name))
    for n, agency in enumerate(session.agencies, start=1):
        for name in ("name", "representative", "title"):
            look(f"agency {n} ({name})", getattr(agency, name))
        if agency.approval is not None:
            look(f"agency {n} (approval by)", agency.approval.by)
    for item_id in checklist.item_ids:
        answer = session.items.get(item_id)
        if answer is None:
            continue
        look(f"{item_id} (answer)", answer.response)
        look(f"{item_id} (note)", answer.note)
    for entry in session.history:
        look(f"history {entry.version} (summary)", entry.summary)
    for where, text in session.structured_texts():  # point persons' contacts are expected
        look(where, text)
    return found
