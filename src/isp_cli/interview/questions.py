"""The interview's questions as data: each function returns a Question, asks nothing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from isp_cli.model.vocabulary import DECISION_LABELS, DISCIPLINES, OTHER_TOPIC

if TYPE_CHECKING:
    from isp_cli.model.checklist import Checklist, Item
    from isp_cli.model.session import Agency, Answer, Protocol

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


Validate = Callable[[str], bool | str]
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


def status(
    item: Item,
    answer: Answer | None,
    skipped: bool,
    can_go_back: bool = False,
    drafted: str | None = None,
) -> Question:
    """Include, discuss, leave out, or skip this item; the current decision is marked.

    ``drafted`` is the decision chosen last time for an answer left unfinished: marked
    too, and chosen by Enter. An item skipped for now offers "Include" first, since it
    is being taken up again.
    """
    current = answer.status if answer else ("skip" if skipped else None)
    if answer is not None:
        drafted = None

    def title(value: str, text: str) -> str:
        if value == current:
            return f"{text} (current decision)"
        if value == drafted:
            return f"{text} (chosen last time; its answer is unfinished)"
        return text

    choices = [Choice(title(c.value, c.title), c.value) for c in STATUS_CHOICES]
    if can_go_back:
        choices.append(Choice("Go back to the previous item", BACK))
    return Question(
        f"{item.id}.status",
        "select",
        "Your decision:",
        default=(answer.status if answer else drafted) or "include",
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


# General provisions and signatories (provisions_interview.py) ------------------------


def provision_decision(provision_id: str, current: str | None) -> Question:
    """Keep, change or leave out a general provision (provisions_interview.py), or skip."""
    from isp_cli.model.provisions import PROVISION_LABELS as LABELS

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


def party(agency: Agency) -> Question:
    """The legal party that signs for an agency, as its contracts name it; optional."""
    return Question(
        "agency.party",
        "text",
        f"The party that signs for {agency.name}, as its contracts name it (such as "
        '"City of Metro, by and through its Police Department"; Enter: the agency\'s name):',
        default=agency.party,
    )


NOT_DECIDED = "__not_decided__"  # the lead agency is not decided yet


def lead_agency(protocol: Protocol, agencies: Sequence[Agency]) -> Question:
    """Which member agency administers the task force (often the one holding its grant)."""
    options = [(agency.name, agency.name) for agency in agencies]
    options.append(("Not decided yet (the protocol lists it as open)", NOT_DECIDED))
    return _select(
        "protocol.lead_agency",
        "Which member agency is the lead agency, the one that administers the task force "
        "(often the agency that holds its grant)?",
        options,
        default=protocol.lead_agency or None,
    )


def coordinator(protocol: Protocol) -> Question:
    """Who coordinates the task force: name, title and employer; optional."""
    return Question(
        "protocol.coordinator",
        "text",
        'The task force coordinator: name, title and employer (such as "D. Reyes, '
        'Task Force Coordinator, Metro Police Department"; Enter: not named yet):',
        default=protocol.coordinator or "",
    )


def signatory(agency: Agency, *, title: bool = False) -> Question:
    """Who signs for an agency, or their job title; optional (blank: a line to sign on)."""
    if title:
        return Question("agency.signatory_title", "text", "Their job title (optional):",
                        default=agency.signatory_title)  # fmt: skip
    message = f"Who signs for {agency.name}? Name (optional; Enter leaves a blank line):"
    return Question("agency.signatory", "text", message, default=agency.signatory)
