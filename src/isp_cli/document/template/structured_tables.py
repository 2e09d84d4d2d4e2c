"""The structured parts as Markdown for the protocol and the agenda.

Every value a user typed goes through the same literal-text filters as the answers,
so a table cell shows exactly what was typed.
"""

from __future__ import annotations

from typing import Any

from isp_cli.document.template.answer_markdown import cell, inline
from isp_cli.model.session import Session
from isp_cli.model.structured import (
    AUTHORITIES_ITEM,
    BREACH_ITEM,
    FLOWS_ITEM,
    GROUPS,
    NEVER,
    NO_AGENCY_YET,
    POINT_PERSONS_ITEM,
    Flow,
    breach_steps,
)
from isp_cli.model.vocabulary import and_list

TBD = "[To be decided]"


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows]
    return "\n".join(lines)


def flows_table(flows: list[Flow]) -> str:
    """Information | Provided by | Shared with | Condition, then what is never shared."""
    rows = []
    for flow in flows:
        information = flow.information_label
        if flow.purpose.strip():
            information += f" (purpose: {flow.purpose.strip()})"
        rows.append(
            [
                information,
                "; ".join(flow.provided_by) or TBD,
                flow.shared_with_label or TBD,
                flow.condition_label,
            ]
        )
    text = _table(["Information", "Provided by", "Shared with", "Condition"], rows)
    never = [flow for flow in flows if flow.condition == NEVER]
    for flow in never:
        who = and_list(flow.provided_by) or "a member agency"
        if len(flow.shared_with) == 1 and flow.shared_with[0] in GROUPS:
            whom = GROUPS[flow.shared_with[0]].lower()
        else:
            whom = and_list(flow.shared_with) or "other members"
        text += "\n\n" + inline(
            f"{flow.information_label} held by {who} is never shared with {whom} under this "
            "protocol."
        )
    return text


def authorities_table(session: Session) -> str:
    """Authority and citation | Binds (member agencies) | What it governs.

    The first cell is the authority's name in bold, a colon and its citation; "What it governs"
    ends with whom the law applies to as its text states it (the catalog's
    ``applies_to``, or what the user typed), beside the member agencies named. Three
    columns rather than four leave the widest to what each authority governs, so that
    a row is a few lines, not a page.
    """
    from isp_cli.storage.resources import catalog

    chosen = session.authorities
    if chosen is None or not chosen.count:
        return ""
    names = session.agency_names()
    rows: list[tuple[str, str, list[str], str, str]] = []
    for entry in catalog().authorities:
        federal = chosen.get(entry.id)
        if federal is not None:
            rows.append(
                (entry.name, entry.citation, federal.binds, entry.description, entry.applies_to)
            )
    rows += [
        (local.name, local.citation, local.binds, local.description, local.applies_to)
        for local in chosen.state_local
    ]
    lines = [
        "| Authority and citation | Binds (member agencies) | What it governs |",
        "| --- | --- | --- |",
    ]
    lines += [
        f"| {_named(name, citation)} | {cell(_binds(binds, names))} "
        f"| {cell(_governs(description, applies_to))} |"
        for name, citation, binds, description, applies_to in rows
    ]
    return "\n".join(lines)


def _named(name: str, citation: str) -> str:
    """The authority's cell: its name in bold, a colon, its citation (each as typed)."""
    name, citation = name.strip(), citation.strip()
    if not name:
        return cell(citation)
    bold = f"**{cell(name)}**"
    if not citation:
        return bold
    return f"{bold}: {cell(citation)}"


def _binds(binds: list[str], agencies: list[str]) -> str:
    """The member agencies an authority binds, in the agencies' order."""
    ordered = sorted(binds, key=lambda n: agencies.index(n) if n in agencies else len(agencies))
    return "; ".join(ordered) or NO_AGENCY_YET


def _governs(description: str, applies_to: str) -> str:
    """What the authority governs, then whom it applies to as its text states it."""
    parts = [description.strip()]
    if applies_to.strip():
        parts.append(f"Applies to: {applies_to.strip()}")
    return " ".join(part for part in parts if part)


def point_persons_table(session: Session) -> str:
    """Agency | Point person | Alternate | Contact, in the agencies' order."""
    order = {agency.name: n for n, agency in enumerate(session.agencies)}
    rows = []
    for person in sorted(session.point_persons, key=lambda p: order.get(p.agency, len(order))):
        alternate = person.alternate
        contact = person.contact()
        if alternate is not None and alternate.contact():
            contact += f" (alternate: {alternate.contact()})"
        rows.append(
            [person.agency, person.line() or TBD, alternate.line() if alternate else "", contact]
        )
    return _table(["Agency", "Point person", "Alternate", "Contact"], rows)


def breach_procedure(session: Session) -> str:
    """The breach notification steps as a numbered list."""
    if session.breach is None or session.breach.empty:
        return ""
    steps = breach_steps(session.breach)
    return "\n".join(f"{n}. {inline(step)}" for n, step in enumerate(steps, start=1))


def structured_markdown(session: Session, item_id: str) -> str:
    """The structured part shown in ``item_id``'s section, as Markdown ('' when none)."""
    if item_id == FLOWS_ITEM and session.flows:
        return flows_table(session.flows)
    if item_id == AUTHORITIES_ITEM:
        return authorities_table(session)
    if item_id == POINT_PERSONS_ITEM and session.point_persons:
        return point_persons_table(session)
    if item_id == BREACH_ITEM:
        return breach_procedure(session)
    return ""


def add_structured(items: dict[str, dict[str, Any]], session: Session) -> dict[str, Any]:
    """Put each item's structured Markdown in its entry; the extra context for templates."""
    for item_id, entry in items.items():
        entry["structured"] = structured_markdown(session, item_id)
    undecided = [flow for flow in session.flows if flow.condition is None]
    return {"undecided_flows": flows_table(undecided) if undecided else ""}
