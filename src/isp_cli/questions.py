"""The interview's questions as data: each function returns a Question, asks nothing."""

from __future__ import annotations

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

Kind = Literal["text", "multiline", "select", "confirm"]


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
    validate: Callable[[str], bool | str] | None = None


Validate = Callable[[str], bool | str]
STATUS_CHOICES = tuple(Choice(label, value) for value, label in DECISION_LABELS.items())
DONE = "__done__"  # the value of a menu's "Done" choice


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


def task_force(protocol: Protocol | None) -> Question:
    """The task force's name."""
    return Question(
        "protocol.task_force",
        "text",
        "Name of the task force:",
        default=(protocol.task_force if protocol else None) or "",
        validate=_required("the task force's name"),
    )


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
    return Question(
        "protocol.topic_description",
        "text",
        "Describe the topic in a few words:",
        default=protocol.topic_description or "",
        validate=_required("a short description of the topic"),
    )


def title(protocol: Protocol, checklist: Checklist) -> Question:
    """The protocol's title."""
    return Question(
        "protocol.title",
        "text",
        "Title of the protocol:",
        default=protocol.title or protocol.default_title(checklist),
        validate=_required("a title"),
    )


def jurisdiction(protocol: Protocol) -> Question:
    """Where the task force works."""
    return Question(
        "protocol.jurisdiction",
        "text",
        "Jurisdiction the task force serves (for example: Metro County, Ohio):",
        default=protocol.jurisdiction or "",
        validate=_required("the jurisdiction"),
    )


def agency_fields(agency: Agency | None) -> list[Question]:
    """The questions that describe one member agency."""
    return [
        Question(
            "agency.name",
            "text",
            "Agency name:",
            default=agency.name if agency else "",
            validate=_required("the agency's name"),
        ),
        Question(
            "agency.discipline",
            "select",
            "Discipline:",
            default=agency.discipline if agency else None,
            choices=[Choice(label, value) for value, label in DISCIPLINES.items()],
        ),
        Question(
            "agency.representative",
            "text",
            "Name of the agency's representative:",
            default=agency.representative if agency else "",
        ),
        Question(
            "agency.title",
            "text",
            "Representative's job title:",
            default=agency.title if agency else "",
        ),
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


def status(item: Item, answer: Answer | None, skipped: bool) -> Question:
    """Include, discuss, leave out, or skip this item."""
    default = answer.status if answer else ("skip" if skipped else "include")
    return Question(
        f"{item.id}.status", "select", "Your decision:", default=default, choices=STATUS_CHOICES
    )


def response(item: Item, status: str, current: str) -> Question:
    """The answer itself: what the protocol will say."""
    validate: Callable[[str], bool | str] | None
    if status == "include":
        message = "What should the protocol say?"
        validate = _required("the answer (or go back and choose another decision)")
    else:
        message = "Draft answer for the task force to discuss (may be left empty):"
        validate = None
    return Question(
        f"{item.id}.response",
        "multiline",
        message,
        default=current.rstrip("\n"),  # the cursor starts at the end of the text
        validate=validate,
    )


def note(item: Item, current: str) -> Question:
    """An optional note for the task force."""
    return Question(
        f"{item.id}.note",
        "multiline" if "\n" in current else "text",
        "Note for the task force (optional, never printed in the protocol; Enter to skip):",
        default=current,
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


def home(sessions: Sequence[tuple[Path, str]]) -> Question:
    """What to do: each readable session's actions (path, file name), or a new protocol."""
    choices = []
    for path, name in sessions:
        choices.append(Choice(f"Continue {name}", ("resume", path)))
        choices.append(Choice(f"Change answers in {name}", ("edit", path)))
        choices.append(Choice(f"Make the Word protocol from {name}", ("render", path)))
        choices.append(Choice(f"Make the meeting agenda from {name}", ("agenda", path)))
    choices.append(Choice("Start a new protocol", ("new", None)))
    choices.append(Choice("Quit", ("quit", None)))
    return Question("home", "select", "What would you like to do?", choices=choices)


# isp edit -------------------------------------------------------------------------


def edit_menu(session: Session, checklist: Checklist, states: dict[str, ItemState]) -> Question:
    """What to change: the details, the agencies or an item (``states``: item id -> state)."""
    choices = [
        Choice("Protocol details", "details"),
        Choice(f"Member agencies ({len(session.agencies)})", "agencies"),
    ]
    for item in checklist.items:
        label = STATE_LABELS[states[item.id]]
        choices.append(Choice(f"[{label}] {item.id}: {item.heading}", item.id))
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
    """Which agency's approval to record."""
    return Question(
        "approve.agency",
        "select",
        "Which agency?",
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
    return Question(
        "approve.by",
        "text",
        "Approved by (name and title):" if status == "approved" else "Who is it waiting for?",
        default=(current.by if current else "")
        or f"{agency.representative}, {agency.title}".strip(", "),
    )


def approve_final() -> Question:
    """Whether to mark the protocol final once every agency has approved."""
    return Question(
        "approve.final",
        "confirm",
        "Every member agency has approved. Mark the protocol final?",
        default=True,
    )


def provision_decision(provision_id: str, current: str | None) -> Question:
    """Keep, change or leave out a general provision (provisions_interview.py), or skip."""
    from isp_cli.provisions import PROVISION_LABELS as LABELS

    key = f"provisions.{provision_id}.status"
    return _select(key, "Your decision:", [(t, v) for v, t in LABELS.items()], current or "keep")


def provision_value(key: str, message: str, default: str, check: Validate) -> Question:
    """A value a general provision needs: a date or a whole number."""
    return Question(f"provisions.value.{key}", "text", message, default=default, validate=check)


def provision_text(provision_id: str, current: str) -> Question:
    """The task force's own wording of a general provision."""
    message = "Your wording (the model language is filled in; change it as you need):"
    return Question(f"provisions.{provision_id}.text", "multiline", message, default=current,
                    validate=_required("the wording"))  # fmt: skip


def signatory(agency: Agency, *, title: bool = False) -> Question:
    """Who signs for an agency, or their job title; optional (blank: a line to sign on)."""
    if title:
        return Question("agency.signatory_title", "text", "Their job title (optional):",
                        default=agency.signatory_title)  # fmt: skip
    message = f"Who signs for {agency.name}? Name (optional; Enter leaves a blank line):"
    return Question("agency.signatory", "text", message, default=agency.signatory)
