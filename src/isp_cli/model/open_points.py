"""What keeps the protocol from being final: every open point, found in one place.

``isp status``, the agenda, the protocol's Appendix B and ``isp approve --final`` all
list ``open_points``, so they can never disagree. A point says what is open in words
the task force uses, which part of the session settles it (an ``isp edit`` target, or
``approve``) and the items it involves.

The consistency checks compare the structured answers with each other and with the
text: a flow never shared and another sharing the same information between the same
agencies; a flow naming an agency that is not a member; identifying information
shared with members that do not hold the case; breach deadlines that differ. A
contradiction the task force means (accepted, with a note) is no longer open.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from isp_cli.model.authorities import Catalog
from isp_cli.model.checklist import Checklist
from isp_cli.model.provisions import Provisions
from isp_cli.model.session import Session
from isp_cli.model.structured import (
    AUTHORITIES_ITEM,
    BREACH_ITEM,
    CONDITIONS,
    FLOWS_ITEM,
    GROUPS,
    NEVER,
    POINT_PERSONS_ITEM,
    Flow,
    LocalAuthority,
)
from isp_cli.model.tally import item_state
from isp_cli.model.vocabulary import STATE_LABELS, and_list

Kind = Literal[
    "details",
    "item",
    "provision",
    "flow",
    "members",
    "point-person",
    "authority",
    "signatory",
    "placeholder",
    "approval",
    "contradiction",
]
# The targets that are not items (the names isp edit knows them by).
DETAILS, PROVISIONS, SIGNATURES, AGENCIES, CHECKS, APPROVE = (
    "details",
    "provisions",
    "signatures",
    "agencies",
    "checks",
    "approve",
)
# The details the document prints, and their names in a sentence.
_DETAILS = (
    ("task_force", "task force name"),
    ("title", "title"),
    ("jurisdiction", "jurisdiction"),
)

# Kinds of information that identify a victim (a referral names the person referred).
IDENTIFYING = ("victim-identifying", "referral-with-consent", "minor-information")
# Conditions under which nothing identifying leaves the agency.
NOT_IDENTIFYING = ("de-identified", "aggregate-only", NEVER)
# "[State statute citation]", "[Name of the coordinator]": a blank left to fill in.
PLACEHOLDER = re.compile(r"\[(?=[^\]\n]*[A-Za-z])[^\[\]\n]{2,80}\](?!\()")
_WORD_NUMBERS = {
    "twelve": 12,
    "twenty-four": 24,
    "thirty-six": 36,
    "forty-eight": 48,
    "seventy-two": 72,
    "ninety-six": 96,
}
_DEADLINE = re.compile(
    r"\b(\d{1,3}|" + "|".join(_WORD_NUMBERS) + r")(?:\s*|-)hours?\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class OpenPoint:
    """One thing that keeps the protocol from being final."""

    kind: Kind
    text: str  # a sentence, for the document as for the screen
    target: str  # what settles it: an item id, PROVISIONS, SIGNATURES, AGENCIES, CHECKS, APPROVE
    items: tuple[str, ...] = field(default=())  # the items it involves
    key: str = ""  # a contradiction's own name, which an acceptance records


def open_points(
    session: Session,
    checklist: Checklist,
    provisions: Provisions | None,
    catalog: Catalog | None = None,
) -> list[OpenPoint]:
    """Every open point, in the order the protocol reads: items, general provisions (the
    built-in ones, when the checklist keeps them), structured parts, placeholders,
    contradictions, then approvals. ``catalog`` names the federal authorities."""
    return [
        *_details(session),
        *_items(session, checklist),
        *_provisions(session, checklist, provisions),
        *_flows(session),
        *_people(session, checklist),
        *_unbound_authorities(session, catalog),
        *_placeholders(session, checklist),
        *(c for c in contradictions(session, checklist) if not session.is_accepted(c.key)),
        *_approvals(session),
    ]


def _details(session: Session) -> list[OpenPoint]:
    """The protocol's details the document would show as "[Task force name]", and, once
    there are member agencies, the lead agency and the coordinator it names."""
    points = [
        OpenPoint("details", f"The protocol has no {words} yet.", DETAILS)
        for name, words in _DETAILS
        if not (getattr(session.protocol, name) or "").strip()
    ]
    if session.agencies and not session.protocol.lead_agency:
        points.append(OpenPoint("details", "The lead agency is not named yet.", DETAILS))
    if session.agencies and not (session.protocol.coordinator or "").strip():
        points.append(OpenPoint("details", "The task force coordinator is not named yet.", DETAILS))
    return points


def _items(session: Session, checklist: Checklist) -> list[OpenPoint]:
    points = []
    for item in checklist.items:
        state = item_state(session, item.id)
        if state in ("discuss", "skipped", "unanswered"):
            label = STATE_LABELS[state].lower()
            points.append(OpenPoint("item", f"{item.heading}: {label}.", item.id, (item.id,)))
    return points


def _provisions(
    session: Session, checklist: Checklist, provisions: Provisions | None
) -> list[OpenPoint]:
    if not checklist.general_provisions or provisions is None:
        return []
    points = []
    for provision in provisions.provisions:
        answer = session.provisions.get(provision.id)
        if answer is None:
            why = 'not decided (the protocol marks it "Counsel to confirm")'
        elif answer.status == "keep" and any(v.id not in answer.values for v in provision.values):
            why = "a value is missing (the protocol shows [To be completed])"
        else:
            continue
        text = f"General provision {provision.heading}: {why}."
        points.append(OpenPoint("provision", text, PROVISIONS, key=provision.id))
    return points


def _flows(session: Session) -> list[OpenPoint]:
    return [
        OpenPoint(
            "flow",
            f"The information flow {flow.information_label} from "
            f"{'; '.join(flow.provided_by) or '(no agency yet)'} to "
            f"{flow.shared_with_label or '(no agency yet)'} has no condition yet: decide on "
            "what condition it is shared.",
            FLOWS_ITEM,
            (FLOWS_ITEM,),
        )
        for flow in session.flows
        if flow.condition is None
    ]


def _people(session: Session, checklist: Checklist) -> list[OpenPoint]:
    if not session.agencies:
        return [OpenPoint("members", "No member agencies are recorded yet.", AGENCIES)]
    points = []
    if POINT_PERSONS_ITEM in checklist.item_ids and item_state(session, POINT_PERSONS_ITEM) not in (
        "omit",
    ):
        named = {person.agency for person in session.point_persons if person.name.strip()}
        for agency in session.agencies:
            if agency.name not in named:
                points.append(
                    OpenPoint(
                        "point-person",
                        f"{agency.name} has no point person for this protocol.",
                        POINT_PERSONS_ITEM,
                        (POINT_PERSONS_ITEM,),
                    )
                )
    for agency in session.agencies:
        if not agency.signatory.strip():
            points.append(
                OpenPoint(
                    "signatory",
                    f"Nobody is named to sign for {agency.name} (its signature block is blank).",
                    SIGNATURES,
                )
            )
    return points


def _unbound_authorities(session: Session, catalog: Catalog | None) -> list[OpenPoint]:
    """Authorities the protocol names for no member agency (an upgrade, a removed agency)."""
    if session.authorities is None:
        return []
    points = []
    for authority in session.authorities.every:
        if not authority.binds:
            if isinstance(authority, LocalAuthority):
                name = authority.name
            else:
                entry = catalog.get(authority.id) if catalog else None
                name = entry.name if entry else authority.id
            points.append(
                OpenPoint(
                    "authority",
                    f"The authority {name} is not named for any member agency.",
                    AUTHORITIES_ITEM,
                    (AUTHORITIES_ITEM,),
                )
            )
    return points


def _placeholders(session: Session, checklist: Checklist) -> list[OpenPoint]:
    """Blanks left in the text, such as "[State statute citation]"."""
    points = []
    seen: set[tuple[str, str]] = set()
    for where, target, text in _typed_texts(session, checklist):
        for found in PLACEHOLDER.findall(text or ""):
            if (where, found) in seen:
                continue
            seen.add((where, found))
            items = (target,) if target in checklist.item_ids else ()
            text = f'{where[:1].upper()}{where[1:]} still holds the blank "{found}".'
            points.append(OpenPoint("placeholder", text, target, items))
    return points


def _typed_texts(session: Session, checklist: Checklist) -> Iterator[tuple[str, str, str]]:
    """(where, in words; what settles it; the text) for every text the protocol prints."""
    for item in checklist.items:
        answer = session.items.get(item.id)
        if answer is not None and item_state(session, item.id) not in ("omit", "skipped"):
            yield item.heading, item.id, answer.response
    for provision_id, decided in session.provisions.items():
        if decided.status == "edit":
            yield f"general provision '{provision_id}'", PROVISIONS, decided.text
    for local in session.authorities.state_local if session.authorities else []:
        for text in (local.name, local.citation, local.applies_to, local.description):
            yield f"the authority {local.name}", AUTHORITIES_ITEM, text
    for flow in session.flows:
        for text in (flow.purpose, flow.label):
            yield f"information flow {flow.information_label}", FLOWS_ITEM, text
    for name, words in _DETAILS:
        yield f"the protocol's {words}", DETAILS, getattr(session.protocol, name) or ""
    yield from _people_texts(session)


def _people_texts(session: Session) -> Iterator[tuple[str, str, str]]:
    """The agencies', signatories' and point persons' texts, and the breach contact."""
    for agency in session.agencies:
        for text in (agency.name, agency.representative, agency.title):
            yield f"the member agency {agency.name}", AGENCIES, text
        for text in (agency.signatory, agency.signatory_title):
            yield f"who signs for {agency.name}", SIGNATURES, text
    for person in session.point_persons:
        alternate = person.alternate.name if person.alternate else ""
        for text in (person.name, person.title, alternate):
            yield f"the point person of {person.agency}", POINT_PERSONS_ITEM, text
    if session.breach is not None:
        yield "the breach notification steps", BREACH_ITEM, session.breach.coordinator


def _approvals(session: Session) -> list[OpenPoint]:
    points = []
    version = session.protocol.version
    text = session.text_fingerprint()
    for agency in session.agencies:
        if session.has_approved(agency, text):
            continue
        approval = agency.approval
        if (
            approval is not None
            and approval.version == version
            and session.is_stale(approval, text)
        ):
            line = (
                f"{agency.name} decided on version {version} before its text was changed: it "
                "has not approved the text as it now reads."
            )
        elif approval is not None and session.is_stale(approval, text):
            line = (
                f"{agency.name} decided on version {approval.version}, and the protocol has "
                f"changed since: it has not approved version {version}."
            )
        elif approval is not None and approval.status == "awaiting-board":
            line = (
                f"{agency.name} is awaiting its board's or council's approval of version {version}."
            )
        else:
            line = f"{agency.name} has not yet approved version {version}."
        points.append(OpenPoint("approval", line, APPROVE))
    return points


# Consistency checks ----------------------------------------------------------------------


def contradictions(session: Session, checklist: Checklist) -> list[OpenPoint]:
    """Where the structured answers disagree with each other or with the text (accepted
    ones included: ``Session.is_accepted`` says which)."""
    return [
        *_never_and_shared(session),
        *_unknown_agencies(session),
        *_identifying_to_all(session),
        *_breach_deadlines(session, checklist),
    ]


def _contradiction(check: str, text: str, items: tuple[str, ...], *details: str) -> OpenPoint:
    digest = hashlib.sha256("\n".join(details).encode("utf-8")).hexdigest()[:10]
    return OpenPoint("contradiction", text, CHECKS, items, f"{check}-{digest}")


def _members(session: Session, names: list[str]) -> set[str]:
    """The agencies a list of names or a group stands for."""
    if any(name in GROUPS for name in names):
        return {agency.name for agency in session.agencies}
    return set(names)


def _covers(never: Flow, other: Flow) -> bool:
    """``other`` shares what ``never`` says is never shared."""
    if never.information == other.information:
        return never.information != "other" or never.label.strip() == other.label.strip()
    return never.information == "victim-identifying" and other.information in IDENTIFYING


def _never_and_shared(session: Session) -> list[OpenPoint]:
    points = []
    for never in session.flows:
        if never.condition != NEVER:
            continue
        for other in session.flows:
            if other is never or other.condition in (None, NEVER) or not _covers(never, other):
                continue
            providers = _members(session, never.provided_by) & _members(session, other.provided_by)
            recipients = _members(session, never.shared_with) & _members(session, other.shared_with)
            if not (providers and recipients):
                continue
            condition = CONDITIONS.get(other.condition or "", other.condition or "").lower()
            text = (
                f"The flows disagree: “{never.information_label}” from {_names(providers)} "
                f"to {_names(recipients)} is never shared, but another flow shares "
                f"“{other.information_label}” between them on this condition: {condition}."
            )
            points.append(
                _contradiction(
                    "never-shared", text, (FLOWS_ITEM,), never.summary(), other.summary()
                )
            )
    return points


def _unknown_agencies(session: Session) -> list[OpenPoint]:
    members = {agency.name for agency in session.agencies}
    points = []
    for flow in session.flows:
        for name in [*flow.provided_by, *flow.shared_with]:
            if name not in members and name not in GROUPS:
                text = (
                    f"Information flow {flow.summary()} names {name}, which is not a member "
                    "agency: add it to the members, or change the flow."
                )
                points.append(
                    _contradiction("not-a-member", text, (FLOWS_ITEM,), flow.summary(), name)
                )
    return points


def _identifying_to_all(session: Session) -> list[OpenPoint]:
    points = []
    for flow in session.flows:
        everyone = {agency.name for agency in session.agencies}
        # All members by name is all members too (with three or more, some hold no case).
        to_all = flow.shared_with == ["all-members"] or (
            len(everyone) >= 3 and everyone <= {*flow.shared_with, *flow.provided_by}
        )
        if (
            flow.information in IDENTIFYING
            and to_all
            and flow.condition not in (None, *NOT_IDENTIFYING)
        ):
            text = (
                f"Information flow {flow.summary()} shares {flow.information_label.lower()} "
                "with all members, including those that do not hold the case."
            )
            points.append(_contradiction("identifying-to-all", text, (FLOWS_ITEM,), flow.summary()))
    return points


def _breach_deadlines(session: Session, checklist: Checklist) -> list[OpenPoint]:
    """The breach steps name the hours; the breach item's answer, and the oversight
    provision in the task force's own words, name no other."""
    breach = session.breach
    steps = set()
    if breach is not None:
        steps = {h for h in (breach.report_hours, breach.notify_hours) if h is not None}
    stated = {"the breach notification steps": steps}
    answer = session.items.get(BREACH_ITEM)
    if answer is not None and item_state(session, BREACH_ITEM) not in ("omit", "skipped"):
        stated["the answer on breach notification"] = _deadlines(answer.response)
    oversight = session.provisions.get("oversight")
    if checklist.general_provisions and oversight is not None and oversight.status == "edit":
        stated["the general provision on oversight"] = _deadlines(oversight.text)
    if not steps or not any(hours - steps for where, hours in stated.items()):
        return []
    listing = "; ".join(
        f"{where}: {and_list([_hours(h) for h in sorted(hours)])}"
        for where, hours in stated.items()
        if hours
    )
    text = f"The breach deadlines differ ({listing})."
    items = (BREACH_ITEM,) if BREACH_ITEM in checklist.item_ids else ()
    return [_contradiction("breach-deadlines", text, items, listing)]


def _deadlines(text: str) -> set[int]:
    """The hours a text gives as deadlines ("within 24 hours", "forty-eight hours")."""
    return {
        int(number) if number.isdigit() else _WORD_NUMBERS[number.lower()]
        for number in _DEADLINE.findall(text)
    }


def _hours(value: int) -> str:
    return f"{value} hour" + ("" if value == 1 else "s")


def _names(names: set[str]) -> str:
    return and_list(sorted(names))
