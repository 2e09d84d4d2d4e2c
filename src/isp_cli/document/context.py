"""What a protocol template can use: the session and checklist as plain data.

Values are the text as typed; templates pass them through the ``md`` (one line),
``md_blocks`` (an answer) or ``md_cell`` (a table cell) filters, which make
every character literal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any, Literal

from isp_cli.checklist import Checklist
from isp_cli.schedule import long_date as _long_date
from isp_cli.session import Session
from isp_cli.tally import item_state
from isp_cli.vocabulary import DISCIPLINES, SUMMARY_MARKS

Kind = Literal["protocol", "agenda"]

# Terms the protocol defines when its answers use them (the checklist's own
# definitions are always included).
GLOSSARY = (
    (
        "Personally identifying information",
        r"personally identif|\bPII\b|personal information",
        "Information that identifies a specific person, alone or combined with other "
        "information: for example a name, address, date of birth, telephone number, "
        "photograph, or case details that would make a person known.",
    ),
    (
        "Aggregate data",
        r"aggregate",
        "Counts and totals about groups of cases or people (for example, the number of "
        "referrals in a quarter) that do not describe any one person.",
    ),
    (
        "Release of information",
        r"release|consent",
        "A victim's informed, written and time-limited permission for a named agency to "
        "share named information for a stated purpose; it can be revoked.",
    ),
    (
        "Need to know",
        r"need[- ]to[- ]know",
        "Information is shared only with a person who needs it to carry out their role "
        "in the case or in the task force's work.",
    ),
    (
        "Protected health information",
        r"HIPAA|health information|\bPHI\b",
        "Health information held by a covered entity under HIPAA that identifies a person.",
    ),
)


@dataclass(frozen=True)
class DocumentInfo:
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
    )


def _naive_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def long_date(moment: date | None) -> str:
    """'November 25, 2026', or a placeholder when the session has no date."""
    return "[Date]" if moment is None else _long_date(moment)


def build_context(session: Session, checklist: Checklist, *, moment: datetime) -> dict[str, Any]:
    """The template context for ``session``; ``moment`` dates the document."""
    protocol = session.protocol
    topic = checklist.topic(protocol.topic or "")
    topic_name = protocol.topic_name(checklist)
    sections = []
    items: dict[str, dict[str, Any]] = {}
    for number, section in enumerate(checklist.sections, start=1):
        section_items = []
        for item in section.items:
            answer = session.items.get(item.id)
            entry = {
                "id": item.id,
                "heading": item.heading,
                "text": item.text,
                "guidance": item.guidance,
                "help": item.help,
                "section": section.title,
                "state": item_state(session, item.id),
                "response": answer.response.strip() if answer else "",
                "note": answer.note if answer else "",
                "mark": SUMMARY_MARKS.get(answer.status, "") if answer else "",
            }
            section_items.append(entry)
            items[item.id] = entry
        sections.append(
            {"id": section.id, "title": section.title, "number": number, "items": section_items}
        )
    answers_text = "\n".join(entry["response"] for entry in items.values())
    definitions = [{"term": d.term, "text": d.text} for d in checklist.definitions]
    definitions += [
        {"term": term, "text": text}
        for term, pattern, text in GLOSSARY
        if re.search(pattern, answers_text, re.IGNORECASE)
    ]
    from isp_cli.document.structured_tables import add_structured

    structured = add_structured(items, session)
    return structured | {
        "protocol": {
            "title": protocol.title or "[Protocol title]",
            "task_force": protocol.task_force or "[Task force name]",
            "jurisdiction": protocol.jurisdiction or "[Jurisdiction]",
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
        "agencies": [
            agency.model_dump()
            | {
                "discipline_label": DISCIPLINES[agency.discipline],
                "approved": agency.approved,
                "approval_date": long_date(agency.approval.date)
                if agency.approval and agency.approval.date
                else "",
            }
            for agency in session.agencies
        ],
        "missing_disciplines": [DISCIPLINES[d] for d in session.missing_disciplines()],
        "sections": sections,
        "items": items,
        "open_items": [e for e in items.values() if e["state"] == "discuss"],
        "unanswered_items": [e for e in items.values() if e["state"] in ("unanswered", "skipped")],
        "definitions": definitions,
        "revisions": _revisions(session, checklist, moment),
    }


def _revisions(session: Session, checklist: Checklist, moment: datetime) -> list[dict[str, str]]:
    """The revision history: the recorded reviews and approvals, or the first draft."""
    if not session.history:
        return [
            {
                "version": session.protocol.version,
                "date": long_date(moment),
                "description": "Draft prepared from the task force's answers to the ECM "
                "information sharing protocol checklist.",
            }
        ]
    rows = []
    for entry in session.history:
        changed = [checklist.item(i).heading for i in entry.items if i in checklist.item_ids]
        description = entry.summary or "Reviewed."
        if changed:
            description += " Changed: " + ", ".join(changed) + "."
        rows.append(
            {"version": entry.version, "date": long_date(entry.date), "description": description}
        )
    return rows
