"""The interview's questions as data: each function returns a Question, asks nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from isp_cli.prompts import Choice, Question
from isp_cli.vocabulary import DISCIPLINES, OTHER_TOPIC

if TYPE_CHECKING:
    from isp_cli.checklist import Checklist, Item
    from isp_cli.session import Agency, Answer, Protocol

STATUS_CHOICES = (
    Choice("Include in the protocol", "include"),
    Choice("Discuss with the task force", "discuss"),
    Choice("Leave out of this protocol", "omit"),
    Choice("Skip for now", "skip"),
)


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


def default_title(protocol: Protocol, checklist: Checklist) -> str:
    """'Information Sharing Protocol - Victim Referrals' and the like."""
    found = checklist.topic(protocol.topic or "")
    name = found.title if found else (protocol.topic_description or "").strip()
    return f"Information Sharing Protocol - {name}" if name else "Information Sharing Protocol"


def title(protocol: Protocol, checklist: Checklist) -> Question:
    """The protocol's title."""
    return Question(
        "protocol.title",
        "text",
        "Title of the protocol:",
        default=protocol.title or default_title(protocol, checklist),
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
    return Question(
        "agency.missing",
        "select",
        f"No agency represents {labels}. What would you like to do?",
        choices=[
            Choice("Add an agency", "add"),
            Choice("Go on without it", "continue"),
        ],
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
    return Question(
        "privacy.keep",
        "select",
        f"This answer seems to contain {what}. What would you like to do?",
        choices=[
            Choice("Edit the answer", "edit"),
            Choice("Keep it as it is", "keep"),
        ],
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
