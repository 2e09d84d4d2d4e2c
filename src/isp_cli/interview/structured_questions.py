"""The questions of the structured parts, as data (questions.py holds the rest).

Flows, legal authorities, point persons and breach steps are built by choosing:
checkbox lists of the member agencies, select lists of kinds and conditions, and
add-another / done menus.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from isp_cli.interview.questions import DONE, Choice, Question
from isp_cli.model.structured import CONDITIONS, GROUPS, KINDS, UNDECIDED, Breach, Flow
from isp_cli.model.vocabulary import DISCIPLINES

if TYPE_CHECKING:
    from isp_cli.model.authorities import Authority
    from isp_cli.model.structured import Contact, LocalAuthority, PointPerson
    from isp_cli.model.vocabulary import Discipline

ADD = "__add__"
UNDECIDED_VALUE = "__undecided__"  # questionary cannot hold None as a value


def _menu(
    key: str, message: str, entries: Sequence[str], add: str, empty_default: bool
) -> Question:
    choices = [Choice(_clip(entry), n) for n, entry in enumerate(entries)]
    choices += [Choice(add, ADD), Choice("Done: go on", DONE)]
    default = ADD if empty_default and not entries else DONE
    return Question(key, "select", message, default=default, choices=choices)


def entry_action(key: str, summary: str) -> Question:
    """Change, remove, or leave one entry of a list."""
    choices = [Choice("Change it", "change"), Choice("Remove it", "remove"), Choice("Back", "back")]
    return Question(key, "select", summary, default="change", choices=choices)


def _at_least_one(what: str) -> Callable[[Any], bool | str]:
    def check(values: Any) -> bool | str:
        return True if values else f"Please tick at least one {what} (Space ticks)."

    return check


def _text(key: str, message: str, default: str, required: str | None = None) -> Question:
    def check(text: str) -> bool | str:
        return True if text.strip() else f"Please type {required}."

    return Question(key, "text", message, default=default, validate=check if required else None)


# Information flows -------------------------------------------------------------------


def flows_menu(flows: Sequence[Flow]) -> Question:
    """The flows so far (choose one to change or remove), add one, or go on."""
    return _menu(
        "flows.menu",
        f"Information flows ({len(flows)} so far): what is shared, by whom, with whom, and on "
        "what condition. They make the table under 'Who shares with whom'.",
        [flow.summary() for flow in flows],
        "Add an information flow",
        True,
    )


def flow_information(current: str | None) -> Question:
    """What kind of information flows."""
    choices = [Choice(label, value) for value, label in KINDS.items()]
    return Question(
        "flows.information", "select", "What information?", default=current, choices=choices
    )


def flow_label(current: str) -> Question:
    """The short name of other information."""
    return _text("flows.label", "Name it in a few words:", current, "a short name")


def flow_provided_by(names: Sequence[str], current: Sequence[str]) -> Question:
    """The member agencies that provide it."""
    return Question(
        "flows.provided_by",
        "checkbox",
        "Provided by (tick every agency that provides it):",
        default=list(current),
        choices=[Choice(name, name) for name in names],
        validate=_at_least_one("agency"),
    )


def flow_shared_with(names: Sequence[str], current: Sequence[str]) -> Question:
    """The member agencies it is shared with, or all members, or case-holding members."""

    def check(values: Any) -> bool | str:
        groups = [v for v in values if v in GROUPS]
        if groups and len(values) > 1:
            return f"'{GROUPS[groups[0]]}' stands alone: untick it or the agencies."
        return True if values else "Please tick at least one (Space ticks)."

    choices = [Choice(label, value) for value, label in GROUPS.items()]
    choices += [Choice(name, name) for name in names]
    return Question(
        "flows.shared_with",
        "checkbox",
        "Shared with (tick the agencies, or one of the first two):",
        default=list(current),
        choices=choices,
        validate=check,
    )


def flow_condition(current: str | None) -> Question:
    """On what condition it is shared; it may be left for the task force to decide."""
    choices = [Choice(label, value) for value, label in CONDITIONS.items()]
    choices.append(Choice(f"{UNDECIDED} (for the task force to discuss)", UNDECIDED_VALUE))
    return Question(
        "flows.condition",
        "select",
        "On what condition?",
        default=current or UNDECIDED_VALUE,
        choices=choices,
    )


def flow_purpose(current: str) -> Question:
    """Why it is shared, in a few words (optional)."""
    return _text("flows.purpose", "Purpose, in a few words (optional; Enter to skip):", current)


def flow_done(summary: str) -> Question:
    """Keep the flow just built, build it again, or discard it: the way back."""
    return Question(
        "flows.done",
        "select",
        summary,
        default="keep",
        choices=[
            Choice("Keep this flow", "keep"),
            Choice("Change it again from the start", "again"),
            Choice("Remove it", "remove"),
        ],
    )


# Legal authorities -------------------------------------------------------------------


def authorities_for(
    agency: str,
    discipline: Discipline,
    offered: Sequence[Authority],
    ticked: Sequence[str],
    *,
    suggested: bool,
) -> Question:
    """The federal authorities that bind one member agency, with why they are offered.

    ``offered``: the catalog's suggestions for the agency's ``discipline`` (and any
    already chosen for it); ``ticked``: those that bind it now, or the suggestions
    (``suggested``) while no federal authority names the agency yet.
    """
    label = DISCIPLINES[discipline].lower()
    whose = "whose discipline is 'other'" if discipline == "other" else f"in {label}"
    why = f"Suggested by the catalog for agencies {whose}"
    why += ", and ticked as a start." if suggested else "."
    why += " Each binds only those its text names"
    if offered:
        why += f", such as the {offered[0].name}: “{offered[0].applies_to}”"
    else:
        why += "."
    return Question(
        "authorities.federal",
        "checkbox",
        f"Federal authorities that bind {agency} ({label}): tick those that apply; counsel "
        f"confirms.\n{why} Untick any that does not bind this agency.",
        default=[a.id for a in offered if a.id in ticked],
        choices=[Choice(_fit(a.name, a.citation), a.id) for a in offered],
    )


def _fit(name: str, citation: str, width: int = 74) -> str:
    """'Name (citation)' on one line of an 80-column list; the name alone if that is too long."""
    both = f"{name} ({citation})"
    if len(both) <= width:
        return both
    return _clip(name, width)


def _clip(text: str, width: int = 74) -> str:
    """One line of a list in an 80-column terminal (prompt_toolkit cuts, never wraps, them)."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


PLACEHOLDERS = "__placeholders__"  # the local menu's "Add placeholders" choice
# The state laws a protocol usually has to name, as placeholders the task force fills in:
# (name, what it covers). The catalog is federal; each state's law differs, so a
# placeholder names the kind of law and leaves its citation, and the member agencies it
# binds, open (the open points list it until they are filled).
STATE_PLACEHOLDERS: tuple[tuple[str, str], ...] = (
    (
        "State privilege for victim advocates",
        "Whether, and for which advocates, state law makes a victim's communications "
        "with a victim advocate privileged or confidential.",
    ),
    (
        "State public-records exemptions",
        "The exemptions in the state public-records law that protect information about "
        "victims held by public agencies.",
    ),
    (
        "Minors' consent to services (state law)",
        "When state law lets a minor consent to services, and to the release of "
        "information about them, without a parent or guardian.",
    ),
    (
        "State victims' rights",
        "The rights that state law gives crime victims in the criminal process.",
    ),
    (
        "State criminal history record information law",
        "Who may receive criminal history record information under state law, and for "
        "what purposes.",
    ),
    (
        "State mandated reporting of child abuse",
        "Who state law requires to report suspected child abuse or neglect, to whom and when.",
    ),
)
STATE_CITATION = "[State statute citation]"


def local_menu(entries: Sequence[LocalAuthority], placeholders: bool = False) -> Question:
    """State or local authorities so far, add one, add placeholders for state laws (while
    ``placeholders`` are left to add), or go on."""
    question = _menu(
        "authorities.local",
        f"State or local authorities ({len(entries)} so far; isp lists federal ones only):",
        [f"{e.name} ({e.citation})" if e.citation else e.name for e in entries],
        "Add a state or local authority",
        False,
    )
    if not placeholders:
        return question
    choices = list(question.choices)
    choices.insert(-1, Choice("Add placeholders for state laws, to fill in later", PLACEHOLDERS))
    return replace(question, choices=choices)


def state_placeholders(names: Sequence[str]) -> Question:
    """Which of the state-law placeholders not yet named (``names``) to add."""
    return Question(
        "authorities.placeholders",
        "checkbox",
        f"State laws to add as placeholders (citation {STATE_CITATION}, no member agency "
        "yet): they are listed as open until the task force fills them in.",
        default=list(names),
        choices=[Choice(_clip(name), name) for name in names],
    )


def local_fields(entry: LocalAuthority | None) -> list[Question]:
    """Name, citation, whom it binds (as its text says), what it governs."""
    name, citation, applies, governs = (
        (entry.name, entry.citation, entry.applies_to, entry.description) if entry else ("",) * 4
    )
    return [
        _text("authority.name", "Name of the law or rule:", name, "its name"),
        _text("authority.citation", "Citation (such as Ohio Rev. Code 2151.421):", citation),
        _text(
            "authority.applies_to",
            "Whom it binds, as its text says (optional; such as: mandated reporters):",
            applies,
        ),
        _text("authority.description", "What it governs, in one neutral line:", governs),
    ]


def local_binds(names: Sequence[str], current: Sequence[str]) -> Question:
    """The member agencies a state or local authority binds."""
    return Question(
        "authority.binds",
        "checkbox",
        "Member agencies it binds (tick each; counsel confirms):",
        default=[name for name in current if name in names],
        choices=[Choice(_clip(name), name) for name in names],
    )


# Point persons -------------------------------------------------------------------------


def point_persons_menu(names: Sequence[str], people: dict[str, PointPerson]) -> Question:
    """Each agency with its point person (or none yet), or go on."""
    choices = [
        Choice(f"{name}: {people[name].line() or '(no name yet)'}", name)
        if name in people
        else Choice(f"{name}: no point person yet", name)
        for name in names
    ]
    choices.append(Choice("Done: go on", DONE))
    first = next((name for name in names if name not in people), DONE)
    return Question(
        "point_persons.menu",
        "select",
        "Point persons: choose an agency to name its point person and an alternate.",
        default=first,
        choices=choices,
    )


def contact_fields(role: str, current: Contact | None) -> list[Question]:
    """Name, title, work email and work phone of a point person or alternate."""
    name, title, email, phone = (
        (current.name, current.title, current.email, current.phone) if current else ("",) * 4
    )
    who = role.capitalize()
    return [
        _text(f"{role}.name", f"{who}'s name:", name, "a name"),
        _text(f"{role}.title", f"{who}'s job title:", title),
        _text(f"{role}.email", f"{who}'s work email:", email),
        _text(f"{role}.phone", f"{who}'s work phone:", phone),
    ]


def add_alternate(agency: str, has_one: bool) -> Question:
    """Whether to name (or change) the agency's alternate."""
    message = f"Change {agency}'s alternate?" if has_one else f"Name an alternate for {agency}?"
    return Question("point_persons.alternate", "confirm", message, default=not has_one)


# Breach notification --------------------------------------------------------------------


def breach_menu(breach: Breach | None, steps: Sequence[str]) -> Question:
    """Set the breach notification steps, keep them, or remove them."""
    if breach is None or breach.empty:
        return Question(
            "breach.menu",
            "select",
            "Breach notification steps: who tells whom within how many hours.",
            default="set",
            choices=[Choice("Set the steps", "set"), Choice("Not now", DONE)],
        )
    shown = "\n".join(f"{n}. {step}" for n, step in enumerate(steps, start=1))
    return Question(
        "breach.menu",
        "select",
        f"Breach notification steps:\n{shown}",
        default=DONE,
        choices=[
            Choice("Keep them", DONE),
            Choice("Change them", "set"),
            Choice("Remove them", "remove"),
        ],
    )


def breach_coordinator(current: str) -> Question:
    """Who receives the first report of a breach."""
    return _text(
        "breach.coordinator",
        "Who is told first of a breach (such as: the task force coordinator)?",
        current or "the task force coordinator",
        "who is told",
    )


def breach_hours(key: str, message: str, current: int | None, default: int) -> Question:
    """A number of hours from 1 to 720."""

    def check(text: str) -> bool | str:
        ok = text.strip().isdigit() and 1 <= int(text) <= 720
        return True if ok else "Please type a number of hours from 1 to 720, such as 24."

    return Question(key, "text", message, default=str(current or default), validate=check)


def referenced_agency(name: str, count: int, authorities: int = 0) -> Question:
    """What to do with the flows and authorities that name an agency being removed."""
    named = [f"{count} information flow(s)"] if count else []
    if authorities:
        named.append(f"{authorities} legal authorit{'y' if authorities == 1 else 'ies'}")
    kept = " and ".join(
        part for part, n in (("the flows", count), ("the authorities", authorities)) if n
    )
    choices = [Choice(f"Take {name} out of them (keep {kept})", "names")]
    if count:
        choices.append(Choice("Remove those flows as well", "flows"))
    choices.append(Choice(f"Keep {name} (remove nothing)", "keep"))
    return Question(
        "agencies.referenced",
        "select",
        f"{name} is named in {' and '.join(named)}, listed above. What should happen to them?",
        default="names",
        choices=choices,
    )
