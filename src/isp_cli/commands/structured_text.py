"""The structured parts in plain words: for isp review, isp diff and isp status.

Review shows an item's part under its answer and counts a change to it as a change
of the item; diff lists entries added, removed or changed, field by field.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from isp_cli.model.structured import (
    AUTHORITIES_ITEM,
    BREACH_ITEM,
    FLOWS_ITEM,
    POINT_PERSONS_ITEM,
    Authorities,
    Breach,
    Contact,
    Flow,
    LocalAuthority,
    PointPerson,
    StructuredParts,
    breach_steps,
    hours,
)

PART_NAMES = {
    FLOWS_ITEM: "Information flows",
    AUTHORITIES_ITEM: "Legal authorities",
    POINT_PERSONS_ITEM: "Point persons",
    BREACH_ITEM: "Breach notification steps",
}


def _authority_name(authority_id: str) -> str:
    from isp_cli.storage.resources import catalog

    entry = catalog().get(authority_id)
    return f"{entry.name} ({entry.citation})" if entry else authority_id


def _local_name(local: LocalAuthority) -> str:
    return f"{local.name} ({local.citation})" if local.citation else local.name


def _binds(binds: Sequence[str]) -> str:
    """'binds A; B', or that it names no member agency yet."""
    return f"binds {'; '.join(binds)}" if binds else "binds no member agency yet"


def _authority_lines(authorities: Authorities) -> list[str]:
    """Each authority with the agencies it binds: 'Name (citation): binds A; B'."""
    lines = [f"{_authority_name(a.id)}: {_binds(a.binds)}" for a in authorities.federal]
    return lines + [f"{_local_name(a)}: {_binds(a.binds)}" for a in authorities.state_local]


def _person(person: PointPerson) -> str:
    text = f"{person.agency}: {person.line() or '(no name yet)'}"
    if person.contact():
        text += f", {person.contact()}"
    if person.alternate is not None and person.alternate.line():
        text += f"; alternate: {person.alternate.line()}"
    return text


def part_lines(session: StructuredParts, item_id: str) -> list[str]:
    """The item's structured part as lines to read ([] when it has none)."""
    entries: list[str] = []
    if item_id == FLOWS_ITEM:
        entries = [flow.summary() for flow in session.flows]
    elif item_id == AUTHORITIES_ITEM and session.authorities is not None:
        entries = _authority_lines(session.authorities)
    elif item_id == POINT_PERSONS_ITEM:
        entries = [_person(person) for person in session.point_persons]
    elif item_id == BREACH_ITEM and session.breach is not None and not session.breach.empty:
        steps = breach_steps(session.breach)
        return [f"{PART_NAMES[item_id]}:"] + [f"{n}. {s}" for n, s in enumerate(steps, 1)]
    if not entries:
        return []
    return [f"{PART_NAMES[item_id]}:"] + [f"• {entry}" for entry in entries]


def snapshot(session: StructuredParts, item_id: str) -> Any:
    """What counts as a change of the item's structured part."""
    return session.structured_data().get(_KEYS.get(item_id, ""))


_KEYS = {
    FLOWS_ITEM: "flows",
    AUTHORITIES_ITEM: "authorities",
    POINT_PERSONS_ITEM: "point_persons",
    BREACH_ITEM: "breach",
}


# isp diff --------------------------------------------------------------------------------

_FLOW_FIELDS: tuple[tuple[str, str, Callable[[Flow], str]], ...] = (
    ("information", "information", lambda f: f.information_label),
    ("provided_by", "provided by", lambda f: "; ".join(f.provided_by) or "(none)"),
    ("shared_with", "shared with", lambda f: f.shared_with_label or "(none)"),
    ("condition", "condition", lambda f: f.condition_label),
    ("purpose", "purpose", lambda f: f.purpose or "(none)"),
)
_CONTACT_FIELDS = ("name", "title", "email", "phone")


def _paired(old: Sequence[Any], new: Sequence[Any], key: Callable[[Any], Any]) -> Any:
    """Pair entries with the same key in order: (matched pairs, removed, added)."""
    left = list(old)
    pairs, added = [], []
    for entry in new:
        match = next((o for o in left if key(o) == key(entry)), None)
        if match is None:
            added.append(entry)
        else:
            left.remove(match)
            pairs.append((match, entry))
    return pairs, left, added


def _flow_changes(old: list[Flow], new: list[Flow]) -> list[str]:
    pairs, removed, added = _paired(old, new, lambda f: (f.information, f.label))
    lines = [f"- Added: {f.summary()}" for f in added]
    lines += [f"- Removed: {f.summary()}" for f in removed]
    for was, now in pairs:
        fields = [
            f"{label}: {show(was)} -> {show(now)}"
            for name, label, show in _FLOW_FIELDS
            if getattr(was, name) != getattr(now, name)
        ]
        if fields:
            lines.append(f"- Changed: {was.information_label}: " + "; ".join(fields))
    return lines


def _contact_changes(label: str, was: Contact | None, now: Contact | None) -> list[str]:
    old, new = was or Contact(), now or Contact()
    return [
        f"{label}{field} {getattr(old, field) or '(none)'} -> {getattr(new, field) or '(none)'}"
        for field in _CONTACT_FIELDS
        if getattr(old, field) != getattr(new, field)
    ]


def _authority_changes(before: StructuredParts, after: StructuredParts) -> list[str]:
    empty = Authorities()
    was, now = before.authorities or empty, after.authorities or empty
    pairs, removed, added = _paired(was.federal, now.federal, lambda a: a.id)
    lines = [f"- Added: {_authority_name(a.id)}: {_binds(a.binds)}" for a in added]
    lines += [f"- Removed: {_authority_name(a.id)}" for a in removed]
    lines += [
        f"- Changed: {_authority_name(old.id)}: binds: {_agencies(old.binds)} -> "
        f"{_agencies(new.binds)}"
        for old, new in pairs
        if old.binds != new.binds
    ]
    pairs, removed, added = _paired(was.state_local, now.state_local, lambda a: a.name)
    lines += [f"- Added: {a.name} (state or local): {_binds(a.binds)}" for a in added]
    lines += [f"- Removed: {a.name} (state or local)" for a in removed]
    for old, new in pairs:
        fields = [
            f"{field.replace('_', ' ')}: {getattr(old, field) or '(none)'} -> "
            f"{getattr(new, field) or '(none)'}"
            for field in ("citation", "applies_to", "description")
            if getattr(old, field) != getattr(new, field)
        ]
        if old.binds != new.binds:
            fields.append(f"binds: {_agencies(old.binds)} -> {_agencies(new.binds)}")
        if fields:
            lines.append(f"- Changed: {old.name}: " + "; ".join(fields))
    return lines


def _agencies(names: Sequence[str]) -> str:
    return "; ".join(names) or "(none)"


def _person_changes(before: StructuredParts, after: StructuredParts) -> list[str]:
    pairs, removed, added = _paired(before.point_persons, after.point_persons, lambda p: p.agency)
    lines = [f"- Added: {_person(p)}" for p in added]
    lines += [f"- Removed: {p.agency}'s point person" for p in removed]
    for was, now in pairs:
        fields = _contact_changes("", was, now)
        fields += _contact_changes("alternate's ", was.alternate, now.alternate)
        if fields:
            lines.append(f"- Changed: {was.agency}: " + "; ".join(fields))
    return lines


def _breach_changes(before: StructuredParts, after: StructuredParts) -> list[str]:
    was, now = before.breach, after.breach
    shown: tuple[tuple[str, str, Callable[[Breach], str]], ...] = (
        ("coordinator", "who is told first", lambda b: b.coordinator or "(none)"),
        ("report_hours", "first report within", lambda b: hours(b.report_hours)),
        ("notify_hours", "members told within", lambda b: hours(b.notify_hours)),
    )
    if was == now:
        return []
    if was is None or now is None:
        return ["- Added" if now is not None else "- Removed"]
    return [
        f"- {label}: {show(was)} -> {show(now)}"
        for name, label, show in shown
        if getattr(was, name) != getattr(now, name)
    ]


def changes(before: StructuredParts, after: StructuredParts) -> list[tuple[str, list[str]]]:
    """Per structured part that changed: its name and the lines that say how."""
    found = [
        (PART_NAMES[FLOWS_ITEM], _flow_changes(before.flows, after.flows)),
        (PART_NAMES[AUTHORITIES_ITEM], _authority_changes(before, after)),
        (PART_NAMES[POINT_PERSONS_ITEM], _person_changes(before, after)),
        (PART_NAMES[BREACH_ITEM], _breach_changes(before, after)),
    ]
    return [(name, lines) for name, lines in found if lines]


def counts_line(session: StructuredParts) -> str | None:
    """'Structured parts: 5 information flows (1 condition not yet decided), ...' or None."""
    count = session.structured_count()
    if not any(count.values()):
        return None
    undecided = sum(flow.condition is None for flow in session.flows)
    unbound = session.authorities.unbound if session.authorities else 0
    flows = f"{count['flows']} information flow(s)"
    if undecided:
        flows += f" ({undecided} without a decided condition)"
    parts = [
        flows,
        f"{count['authorities']} legal authorit{'y' if count['authorities'] == 1 else 'ies'}"
        + (f" ({unbound} with no member agency named)" if unbound else ""),
        f"{count['point_persons']} point person(s)",
        "breach notification steps set" if count["breach"] else "no breach notification steps",
    ]
    return "Structured parts: " + ", ".join(parts) + "."
