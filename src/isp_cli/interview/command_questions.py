"""The questions of the commands around the interview, as data: each returns a Question.

The home menu, 'isp edit', 'isp review' and 'isp approve'; the interview's own
questions, and the Question and Choice types, are in questions.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from isp_cli.interview.questions import DONE, Choice, Question, _select
from isp_cli.model.vocabulary import (
    APPROVAL_LABELS,
    DISCIPLINES,
    STATE_LABELS,
    ApprovalStatus,
    ItemState,
)

if TYPE_CHECKING:
    from isp_cli.model.checklist import Checklist, Item
    from isp_cli.model.open_points import OpenPoint
    from isp_cli.model.session import Agency, Session


# After the interview --------------------------------------------------------------


def render_now() -> Question:
    """Whether to write the Word protocol at the end of the interview."""
    return Question("render.now", "confirm", "Make the Word protocol now?", default=True)


# isp (the home menu) ---------------------------------------------------------------


_HOME_ACTIONS = (
    ("resume", "Continue {}"),
    ("edit", "Change answers in {}"),
    ("render", "Make the Word protocol from {}"),
    ("agenda", "Make the meeting agenda from {}"),
    ("status", "See how far {} has come"),
    ("review", "Review {} (the regular review)"),
    ("approve", "Record an agency's approval of {}"),
)


def home(
    sessions: Sequence[tuple[Path, str]],
    *,
    pick: bool = False,
    edited: Sequence[tuple[Path, str]] = (),
) -> Question:
    """What to do: each session's actions (path, file name), or a new protocol.

    ``pick``: list only the sessions, to choose one first (several sessions would not
    fit an 80x24 screen with all their actions). ``edited``: edited copies of the
    session's protocol (path, file name), to bring back with isp import.
    """
    choices = []
    for path, name in sessions:
        if pick:
            choices.append(Choice(name, ("pick", path)))
        else:
            choices += [Choice(title.format(name), (act, path)) for act, title in _HOME_ACTIONS]
    choices += [Choice(f"Bring the edits in {name} back", ("import_", doc)) for doc, name in edited]
    choices.append(Choice("Start a new protocol", ("new", None)))
    choices.append(Choice("Quit", ("quit", None)))
    message = "Which session?" if pick else "What would you like to do?"
    return Question("home", "select", message, choices=choices)


# isp edit -------------------------------------------------------------------------


def edit_menu(
    session: Session,
    checklist: Checklist,
    states: dict[str, ItemState],
    contradictions: Sequence[OpenPoint] = (),
) -> Question:
    """What to change: the details, the agencies, an item (``states``: item id -> state),
    the general provisions, who signs for each agency, or answers that disagree."""
    choices = [
        Choice("Protocol details", "details"),
        Choice(f"Member agencies ({len(session.agencies)})", "agencies"),
    ]
    total = len(checklist.items)
    for n, item in enumerate(checklist.items, start=1):
        label = STATE_LABELS[states[item.id]]
        choices.append(Choice(f"[{n}/{total}] {item.heading} ({label.lower()})", item.id))
    if checklist.general_provisions:
        choices.append(Choice("General provisions (isp's additions)", "provisions"))
    choices.append(Choice("Who signs for each agency", "signatures"))
    if own := len(session.wording):
        choices.append(
            Choice(f"The task force's own wording of the standard text ({own})", "wording")
        )
    if found := len(contradictions):
        choices.append(Choice(f"Answers that disagree ({found})", "checks"))
    choices.append(Choice("Done", DONE))
    return Question("edit.menu", "select", "What would you like to change?", choices=choices)


def agencies_menu(agencies: Sequence[Agency]) -> Question:
    """Which agency to change, or add one."""
    choices = [
        Choice(f"{agency.name} ({DISCIPLINES[agency.discipline]})", n)
        for n, agency in enumerate(agencies)
    ]
    choices += [Choice("Add an agency", "add"), Choice("Done with agencies", DONE)]
    return Question("agencies.menu", "select", "Choose an agency:", choices=choices)


def agency_action(agency: Agency) -> Question:
    """Change, remove, or leave one agency."""
    return _select(
        "agencies.action",
        f"{agency.name}:",
        [("Change it", "change"), ("Remove it", "remove"), ("Back", "back")],
    )


# isp edit FILE wording: the task force's own text of the standard wording -----------


def wording_action(name: str) -> Question:
    """Keep the task force's own wording of a part of the standard text, or go back."""
    return _select(
        "wording.action",
        f"{name}: the protocol prints the task force's own wording (above).",
        [
            ("Keep this wording", "keep"),
            ("Go back to the standard wording (this text is removed)", "standard"),
        ],
    )


# isp edit FILE checks: answers that disagree ---------------------------------------


def contradiction_action(point: OpenPoint, accepted: bool) -> Question:
    """Leave a contradiction open (to change the answers), or accept it with a note."""
    if accepted:
        options = [
            ("Keep it accepted", "keep"),
            ("Open it again (the answers need changing)", "reopen"),
        ]
    else:
        options = [
            ("Leave it open: the answers need changing", "keep"),
            ("Accept it: the task force means both (a note says why)", "accept"),
        ]
    return _select("checks.action", point.text, options)


def contradiction_note() -> Question:
    """Why the task force means both answers: kept in the session, not the protocol."""
    return Question(
        "checks.note",
        "text",
        "Why the task force means both (a note for the record):",
        validate=lambda text: bool(text.strip()) or "Please write a short note.",
    )


# isp review -----------------------------------------------------------------------


def review_keep(item: Item) -> Question:
    """Keep this item as it is, or change it."""
    return _select(
        f"review.{item.id}",
        "Keep this item as it is?",
        [("Keep it", "keep"), ("Change it", "change")],
        default="keep",
    )


def review_summary(changed: bool) -> Question:
    """The revision history's line for this review."""
    return Question(
        "review.summary",
        "text",
        "One line for the revision history (what this review changed):",
        default="" if changed else "Reviewed; no changes.",
    )


# isp import -----------------------------------------------------------------------


def import_take(label: str) -> Question:
    """Whether to take counsel's change of one item into the session."""
    return _select(
        f"import.{label}",
        f"Take this change to {label} into the session?",
        [("Yes, take it", "take"), ("No, keep the session's answer", "keep")],
        default="take",
    )


def import_comments(count: int) -> Question:
    """Whether to keep an item's comments as its note."""
    what = "this comment" if count == 1 else f"these {count} comments"
    return Question("import.comments", "confirm", f"Keep {what} in the item's note?", default=True)


# isp approve ----------------------------------------------------------------------


def approve_agency(session: Session) -> Question:
    """Which agency's approval to record; the list starts on the first that has not
    approved the current version."""
    agencies = session.agencies
    waiting = next((n for n, a in enumerate(agencies) if not session.has_approved(a)), 0)
    return Question(
        "approve.agency",
        "select",
        f"Which agency? (version {session.protocol.version})",
        default=waiting,
        choices=[Choice(f"{a.name} ({_standing(session, a)})", n) for n, a in enumerate(agencies)],
    )


def _standing(session: Session, agency: Agency) -> str:
    """'Approved', 'Pending', 'Approved version 0.2, changed since'."""
    approval = agency.approval
    if approval is None or approval.status == "pending":
        return APPROVAL_LABELS["pending"]
    label = APPROVAL_LABELS[approval.status]
    if session.is_stale(approval):
        return f"{label}: version {approval.version}, changed since"
    return label


def approve_status(agency: Agency) -> Question:
    """Where the agency's approval stands."""
    return Question(
        "approve.status",
        "select",
        f"{agency.name}: where does its approval stand?",
        default=agency.approval.status if agency.approval else "approved",
        choices=[Choice(label, value) for value, label in APPROVAL_LABELS.items()],
    )


def approve_by(agency: Agency, status: ApprovalStatus) -> Question:
    """Who approved, or whom the approval waits for."""
    current = agency.approval
    # Only what was recorded for the same status: never text from another field.
    same = current is not None and current.status == status
    return Question(
        "approve.by",
        "text",
        "Approved by (name and title):" if status == "approved" else "Who is it waiting for?",
        default=current.by if same and current is not None else "",
    )


def approve_date(today: dt.date, earliest: dt.date | None = None) -> Question:
    """The date of the approval (or of the step it waits for), today by default; not
    before ``earliest`` (the day the version was made)."""

    def check(text: str) -> bool | str:
        try:
            day = dt.date.fromisoformat(text.strip())
        except ValueError:
            return "Please type the date as year-month-day, such as 2026-12-01."
        if not 1900 <= day.year <= 2999:
            return "Please type a date between the years 1900 and 2999."
        if earliest is not None and day < earliest:
            return f"This version was made on {earliest.isoformat()}: give a date from then on."
        return True

    return Question(
        "approve.date",
        "text",
        "Date (year-month-day; Enter for today):",
        default=today.isoformat(),
        validate=check,
    )


def approve_final() -> Question:
    """Whether to mark the protocol final once every agency has approved."""
    return Question(
        "approve.final",
        "confirm",
        "Every agency has approved and nothing is open. Mark the protocol final?",
        default=True,
    )
