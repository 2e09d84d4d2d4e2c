"""What a protocol template can use: the session and checklist as plain data.

Values are the text as typed; templates pass them through the ``md`` (one line),
``md_blocks`` (an answer) or ``md_cell`` (a table cell) filters, which make
every character literal.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any, Literal, NamedTuple

from isp_cli.document.readback.anchors import BUILTIN_TEMPLATE, Source
from isp_cli.document.template.definitions import definitions
from isp_cli.document.template.sources import authority_sources
from isp_cli.model.checklist import Checklist, Item
from isp_cli.model.open_points import open_points
from isp_cli.model.provisions import fill
from isp_cli.model.schedule import long_date as _long_date
from isp_cli.model.session import FIRST_DRAFT, PART_NAMES, PROVISIONS_PART, Agency, Session
from isp_cli.model.sign_off import approval_line
from isp_cli.model.tally import item_state
from isp_cli.model.vocabulary import (
    DISCIPLINES,
    DOCUMENT_PROVISION_LABELS,
    DOCUMENT_STATE_LABELS,
    SUMMARY_MARKS,
    ItemState,
)
from isp_cli.storage.resources import builtin_provisions, catalog

Kind = Literal["protocol", "agenda"]

PURPOSE_ITEM = "intro.rationale"  # the template places it in chapter 1, after "Purpose"


class DocumentInfo(NamedTuple):
    """What the document says about itself: its properties, header and draft marking."""

    kind: Kind
    title: str
    subject: str  # the topic's name
    author: str  # the task force
    status: str  # "Draft" or "Final"
    draft: bool  # marked "not for signature"
    version: str
    created: datetime  # naive UTC, as Word's properties hold it
    modified: datetime
    # Which session, in which state, the document is made from (isp import reads it).
    source: dict[str, str]
    # Made with isp's own template, whose Markdown needs fewer parsing rules (docx_builder).
    builtin_template: bool = True


def describe(
    session: Session, checklist: Checklist, *, moment: datetime, kind: Kind = "protocol"
) -> DocumentInfo:
    """The document's own data for ``session``, dated ``moment``."""
    protocol = session.protocol
    title = protocol.display_title(checklist)
    return DocumentInfo(
        kind=kind,
        title=title if kind == "protocol" else f"Meeting agenda: {title}",
        subject=protocol.topic_name(checklist),
        author=protocol.task_force or "",
        status=protocol.status_label,
        draft=kind == "protocol" and protocol.is_draft,
        version=protocol.version,
        created=_naive_utc(session.created or moment),
        modified=_naive_utc(moment),
        source=source_of(session, moment).as_properties() if kind == "protocol" else {},
    )


def source_of(session: Session, moment: datetime) -> Source:
    """Which session, in which state, a protocol made from ``session`` at ``moment`` comes from."""
    started = (session.created or moment).isoformat()
    saved = (session.updated or moment).isoformat()
    return Source(started, saved, session.protocol.version, BUILTIN_TEMPLATE)


def _naive_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def long_date(moment: date | None) -> str:
    """'November 25, 2026', or a placeholder when the session has no date."""
    return "[Date]" if moment is None else _long_date(moment)


def build_context(session: Session, checklist: Checklist, *, moment: datetime) -> dict[str, Any]:
    """The template context for ``session``; ``moment`` dates the document.

    Chapter and item numbers are computed here, for the built-in template's layout:
    1 is "Purpose and scope", each checklist section follows, then the general
    provisions (when the checklist keeps them) and the signatures.
    """
    protocol = session.protocol
    topic = checklist.topic(protocol.topic or "")
    topic_name = protocol.topic_name(checklist)
    sections = []
    items: dict[str, dict[str, Any]] = {}
    # Chapter 1: the purpose, the rationale (when the checklist asks for it and it is
    # not left out), the scope, the definitions and the member agencies.
    rationale = PURPOSE_ITEM in checklist.item_ids and item_state(session, PURPOSE_ITEM) != "omit"
    front = ["purpose", *(["rationale"] if rationale else []), "scope", "definitions", "members"]
    front_numbers = {name: f"1.{n}" for n, name in enumerate(front, start=1)}
    for chapter, section in enumerate(checklist.sections, start=2):
        section_items = []
        shown = 0
        for item in section.items:
            state = item_state(session, item.id)
            if item.id == PURPOSE_ITEM:
                item_number = front_numbers.get("rationale", "")
            elif state != "omit":
                shown += 1
                item_number = f"{chapter}.{shown}"
            else:
                item_number = ""
            entry = _item_entry(session, item, section.title, state, item_number)
            section_items.append(entry)
            items[item.id] = entry
        sections.append(
            {
                "id": section.id,
                "title": section.title,
                "number": chapter - 1,  # its place in the checklist, as in templates made before
                "chapter": chapter,  # its chapter in the protocol
                "items": section_items,
            }
        )
    next_chapter = len(sections) + 2
    provisions = provision_entries(session, checklist, next_chapter)
    # A chapter of general provisions unless there are none, or all were left out.
    has_provisions = any(p["state"] != "omit" for p in provisions)
    chapters = {"provisions": next_chapter if has_provisions else None}
    chapters["signatures"] = next_chapter + (1 if has_provisions else 0)
    answers_text = "\n".join(entry["response"] for entry in items.values())
    text = session.text_fingerprint()  # once: what each approval is compared with
    # The items and the undecided provisions have lists of their own in the templates.
    undecided = {p["id"] for p in provisions if p["state"] == "unconfirmed"}
    from isp_cli.document.template.structured_tables import add_structured

    structured = add_structured(items, session)
    return structured | {
        "protocol": {
            "title": protocol.title or "[Protocol title]",
            "task_force": protocol.task_force or "[Task force name]",
            "jurisdiction": protocol.jurisdiction or "[Jurisdiction]",
            "lead_agency": protocol.lead_agency or "[Lead agency]",
            "coordinator": protocol.coordinator or "[Task force coordinator]",
            "topic": topic_name or "[Topic]",
            "topic_text": topic.text if topic else (topic_name or "[Topic]"),
            "version": protocol.version,
            "status": protocol.status_label,
            "is_draft": protocol.is_draft,
        },
        "date": long_date(moment),
        "checklist": {
            "title": checklist.title,
            "source": checklist.source,
            "purposes": [p.rstrip(";. ").removesuffix("; and") for p in checklist.purposes],
            "instructions": checklist.instructions,
        },
        "agencies": [_agency_entry(session, agency, text) for agency in session.agencies],
        "missing_disciplines": [DISCIPLINES[d] for d in session.missing_disciplines()],
        "sections": sections,
        "items": items,
        "chapters": chapters,
        "provisions": provisions,
        "provisions_note": builtin_provisions().note if provisions else "",
        "open_items": [e for e in items.values() if e["state"] == "discuss"],
        "unanswered_items": [e for e in items.values() if e["state"] in ("unanswered", "skipped")],
        "open_provisions": [p for p in provisions if p["state"] == "unconfirmed"],
        # Everything else that keeps the protocol from being final (model.open_points),
        # the same list isp status and isp approve --final show.
        "open_points": [
            {"kind": p.kind, "text": p.text}
            for p in open_points(session, checklist, builtin_provisions(), catalog())
            if p.kind != "item" and not (p.kind == "provision" and p.key in undecided)
        ],
        "definitions": definitions(
            checklist, answers_text, lead=protocol.lead_agency, coordinator=protocol.coordinator
        ),
        "front": front_numbers,  # the numbers of chapter 1's sections, by name
        # The task force's own text for parts of the standard wording (by id), if any.
        "wording": {key: text.strip() for key, text in session.wording.items()},
        "revisions": _revisions(session, checklist, moment),
        "authority_sources": authority_sources(session),
    }


def _item_entry(
    session: Session, item: Item, section: str, state: ItemState, number: str
) -> dict[str, Any]:
    answer = session.items.get(item.id)
    return {
        "id": item.id,
        "heading": item.heading,
        "text": item.text,
        "guidance": item.guidance,
        "help": item.help,
        "section": section,
        "state": state,
        "decision": DOCUMENT_STATE_LABELS[state],
        "number": number,
        "response": answer.response.strip() if answer else "",
        "note": answer.note if answer else "",
        "mark": SUMMARY_MARKS.get(answer.status, "") if answer else "",
    }


def _agency_entry(session: Session, agency: Agency, text: str) -> dict[str, Any]:
    """An agency, with its approval stated truthfully for the signature page."""
    approval = agency.approval
    approved = session.has_approved(agency, text)
    return agency.model_dump() | {
        "party_name": agency.party_name,
        "discipline_label": DISCIPLINES[agency.discipline],
        "approved": approved,
        "approval_date": long_date(approval.date)
        if approved and approval and approval.date
        else "",
        "approval_line": approval_line(session, agency, text),
    }


def provision_entries(session: Session, checklist: Checklist, chapter: int) -> list[dict[str, Any]]:
    """The general provisions as template data (none when the checklist leaves them out).

    ``state`` is "unconfirmed" until the task force decides, then keep, edit or omit;
    ``text`` is the wording to print (the model language with its values in place,
    or the task force's own).
    """
    if not checklist.general_provisions:
        return []
    entries = []
    shown = 0
    for provision in builtin_provisions().provisions:
        answer = session.provisions.get(provision.id)
        state = answer.status if answer else "unconfirmed"
        if state != "omit":
            shown += 1
        text = fill(provision, answer.values if answer else {}).strip()
        if answer and answer.status == "edit" and answer.text.strip():
            text = answer.text.strip()
        entries.append(
            {
                "id": provision.id,
                "heading": provision.heading,
                "covers": provision.covers,
                "state": state,
                "decision": DOCUMENT_PROVISION_LABELS[state],
                "number": f"{chapter}.{shown}" if state != "omit" else "",
                "text": text,
            }
        )
    return entries


def _revisions(session: Session, checklist: Checklist, moment: datetime) -> list[dict[str, str]]:
    """The revision history: a row for each version from the first draft."""
    if not session.history:  # dated as the first row will be once there is a history
        return [
            {
                "version": session.protocol.version,
                "date": long_date(session.created or moment),
                "description": FIRST_DRAFT,
            }
        ]
    order = {item_id: n for n, item_id in enumerate(checklist.item_ids)}
    rows = []
    for entry in session.history:
        known = [i for i in entry.items if i in order or i in PART_NAMES]
        # The protocol's details and agencies first, the items, then the provisions.
        known.sort(key=lambda i: order.get(i, len(order) if i == PROVISIONS_PART else -1))
        changed = [PART_NAMES[i] if i in PART_NAMES else checklist.item(i).heading for i in known]
        description = entry.summary.strip() or "Reviewed."
        if not description.endswith((".", "!", "?")):
            description += "."  # a sentence, before the list of what changed
        if changed:
            description += " Changed: " + ", ".join(changed) + "."
        rows.append(
            {"version": entry.version, "date": long_date(entry.date), "description": description}
        )
    return rows
