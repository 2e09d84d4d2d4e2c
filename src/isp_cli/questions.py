"""The interview's questions as data: each function returns a Question, asks nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from isp_cli.vocabulary import (
    APPROVAL_LABELS,
    DECISION_LABELS,
    DISCIPLINES,
    OTHER_TOPIC,
    STATE_LABELS,
    ApprovalStatus,
    ItemState,
)

if TYPE_CHECKING:
    from isp_cli.checklist import Checklist, Item
    from isp_cli.session import Agency, Answer, Protocol, Session

Kind = Literal["text", "multiline", "select", "confirm", "checkbox"]  # checkbox: several


@dataclass(frozen=True)
class Choice:
    """One option of a select question."""

    title: str
    value: Any


@dataclass(frozen=True)
class Question:
    """A question to put to the user; ``key`` names it for tests and logs."""

    key: str
    kind: Kind
    message: str
    default: Any = None
    choices: Sequence[Choice] = field(default_factory=tuple)
    instruction: str | None = None
    validate: Callable[[Any], bool | str] | None = None  # text, or a checkbox's values
    back: bool = False  # a text answer offers the go-back key (back to the item's decision)


STATUS_CHOICES = tuple(Choice(label, value) for value, label in DECISION_LABELS.items())
DONE = "__done__"  # the value of a menu's "Done" choice
BACK = "__back__"  # the value of "Go back to the previous item"


def _select(
    key: str, message: str, options: Sequence[tuple[str, Any]], default: Any = None
) -> Question:
    """A select question from (title, value) pairs."""
    choices = [Choice(title, value) for title, value in options]
    return Question(key, "select", message, default=default, choices=choices)


def _required(what: str) -> Callable[[str], bool | str]:
    def check(text: str) -> bool | str:
        return True if text.strip() else f"Please type {what}."

    return check


def _needed(key: str, message: str, default: str, what: str) -> Question:
    """A one-line text question that must be answered (``what`` names it in the reminder)."""
    return Question(key, "text", message, default=default, validate=_required(what))


def task_force(protocol: Protocol | None) -> Question:
    """The task force's name."""
    current, what = (protocol.task_force if protocol else None) or "", "the task force's name"
    return _needed("protocol.task_force", "Name of the task force:", current, what)


def topic(protocol: Protocol, checklist: Checklist) -> Question:
    """Which of the checklist's topics the protocol covers."""
    choices = [Choice(t.text, t.id) for t in checklist.topics]
    choices.append(Choice("Another topic (you will describe it)", OTHER_TOPIC))
    return Question(
        "protocol.topic",
        "select",
        "What does this protocol cover? (A task force may write one protocol per topic.)",
        default=protocol.topic,
        choices=choices,
    )


def topic_description(protocol: Protocol) -> Question:
    """A few words describing a topic that is not on the checklist."""
    message, what = "Describe the topic in a few words:", "a short description of the topic"
    return _needed("protocol.topic_description", message, protocol.topic_description or "", what)


def title(protocol: Protocol, checklist: Checklist) -> Question:
    """The protocol's title."""
    current = protocol.title or protocol.default_title(checklist)
    return _needed("protocol.title", "Title of the protocol:", current, "a title")


def jurisdiction(protocol: Protocol) -> Question:
    """Where the task force works."""
    message = "Jurisdiction the task force serves (for example: Metro County, Ohio):"
    return _needed(
        "protocol.jurisdiction", message, protocol.jurisdiction or "", "the jurisdiction"
    )


def agency_fields(agency: Agency | None) -> list[Question]:
    """The questions that describe one member agency."""
    name, discipline, representative, job = (
        (agency.name, agency.discipline, agency.representative, agency.title)
        if agency
        else ("", None, "", "")
    )
    disciplines = [Choice(label, value) for value, label in DISCIPLINES.items()]
    return [
        Question(
            "agency.name", "text", "Agency name:", name, validate=_required("the agency's name")
        ),
        Question("agency.discipline", "select", "Discipline:", discipline, disciplines),
        Question(
            "agency.representative", "text", "Name of the agency's representative:", representative
        ),
        Question("agency.title", "text", "Representative's job title:", job),
    ]


def add_another(count: int) -> Question:
    """Whether to add another agency."""
    return Question(
        "agency.another",
        "confirm",
        f"{count} agenc{'y' if count == 1 else 'ies'} so far. Add another agency?",
        default=count < 3,
    )


def missing_disciplines(labels: str) -> Question:
    """What to do when a core discipline has no agency."""
    return _select(
        "agency.missing",
        f"No agency represents {labels}. What would you like to do?",
        [("Add an agency", "add"), ("Go on without it", "continue")],
        default="add",
    )


def status(item: Item, answer: Answer | None, skipped: bool, can_go_back: bool = False) -> Question:
    """Include, discuss, leave out, or skip this item; the current decision is marked."""
    current = answer.status if answer else ("skip" if skipped else None)
    choices = [
        Choice(f"{c.title} (current decision)" if c.value == current else c.title, c.value)
        for c in STATUS_CHOICES
    ]
    if can_go_back:
        choices.append(Choice("Go back to the previous item", BACK))
    return Question(
        f"{item.id}.status",
        "select",
        "Your decision:",
        default=current or "include",
        choices=choices,
    )


def response(item: Item, status: str, current: str) -> Question:
    """The answer itself: what the protocol will say."""
    validate: Callable[[str], bool | str] | None
    if status == "include":
        message = "What should the protocol say?"
        validate = _required("the answer, or go back (Ctrl-B) to choose another decision")
    else:
        message = "Draft answer for the task force to discuss (may be left empty):"
        validate = None
    return Question(
        f"{item.id}.response",
        "multiline",
        message,
        default=current.rstrip("\n"),  # the cursor starts at the end of the text
        validate=validate,
        back=True,
    )


def note(item: Item, current: str) -> Question:
    """An optional note for the task force."""
    return Question(
        f"{item.id}.note",
        "multiline" if "\n" in current else "text",
        "Note for the task force (optional, never printed in the protocol; Enter to skip):",
        default=current,
        back=True,
    )


def keep_personal_information(what: str) -> Question:
    """Whether to keep an answer that looks like it holds personal information."""
    return _select(
        "privacy.keep",
        f"This answer seems to contain {what}. What would you like to do?",
        [("Edit the answer", "edit"), ("Keep it as it is", "keep")],
        default="edit",
    )


REVIEW_ITEM = "intro.review_schedule"


def review_interval(current: int | None) -> Question:
    """How many months between reviews of the protocol."""

    def check(text: str) -> bool | str:
        ok = text.strip().isdigit() and 1 <= int(text) <= 120
        return True if ok else "Please type a number of months from 1 to 120, such as 12."

    return Question(
        "review.interval",
        "text",
        "How many months between reviews? (isp status will say when one is due)",
        default=str(current or 12),
        validate=check,
    )


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


def home(sessions: Sequence[tuple[Path, str]], *, pick: bool = False) -> Question:
    """What to do: each session's actions (path, file name), or a new protocol.

    ``pick``: list only the sessions, to choose one first (several sessions would not
    fit an 80x24 screen with all their actions).
    """
    choices = []
    for path, name in sessions:
        if pick:
            choices.append(Choice(name, ("pick", path)))
        else:
            choices += [Choice(title.format(name), (act, path)) for act, title in _HOME_ACTIONS]
    choices.append(Choice("Start a new protocol", ("new", None)))
    choices.append(Choice("Quit", ("quit", None)))
    message = "Which session?" if pick else "What would you like to do?"
    return Question("home", "select", message, choices=choices)


# isp edit -------------------------------------------------------------------------


def edit_menu(session: Session, checklist: Checklist, states: dict[str, ItemState]) -> Question:
    """What to change: the details, the agencies or an item (``states``: item id -> state)."""
    choices = [
        Choice("Protocol details", "details"),
        Choice(f"Member agencies ({len(session.agencies)})", "agencies"),
    ]
    total = len(checklist.items)
    for n, item in enumerate(checklist.items, start=1):
        label = STATE_LABELS[states[item.id]]
        choices.append(Choice(f"[{n}/{total}] {item.heading} ({label.lower()})", item.id))
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


# isp approve ----------------------------------------------------------------------


def approve_agency(agencies: Sequence[Agency]) -> Question:
    """Which agency's approval to record; the list starts on the first not yet approved."""
    waiting = next((n for n, a in enumerate(agencies) if not a.approved), 0)
    return Question(
        "approve.agency",
        "select",
        "Which agency?",
        default=waiting,
        choices=[
            Choice(f"{a.name} ({APPROVAL_LABELS[a.approval_status]})", n)
            for n, a in enumerate(agencies)
        ],
    )


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


def approve_date(today: dt.date) -> Question:
    """The date of the approval (or of the step it waits for), today by default."""

    def check(text: str) -> bool | str:
        try:
            dt.date.fromisoformat(text.strip())
        except ValueError:
            return "Please type the date as year-month-day, such as 2026-12-01."
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
        "Every member agency has approved and every item is settled. Mark the protocol final?",
        default=True,
    )
