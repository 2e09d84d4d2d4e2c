"""``isp status``: a table of progress, a few plain sentences, or JSON for scripts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from isp_cli.commands.points import point_lines
from isp_cli.commands.structured_text import counts_line
from isp_cli.invocation import isp_command
from isp_cli.model.checklist import Checklist
from isp_cli.model.open_points import open_points
from isp_cli.model.schedule import next_review, review_line
from isp_cli.model.session import Session
from isp_cli.model.sign_off import approval_line, approvals_line
from isp_cli.model.tally import is_complete, item_state, tally_all
from isp_cli.model.vocabulary import STATE_LABELS, STATES, discipline_labels
from isp_cli.printable import printable, with_commands
from isp_cli.storage.resources import builtin_provisions, catalog

if TYPE_CHECKING:
    from rich.table import Table

# The open points the table and the approvals lines already count.
_COUNTED_ABOVE = ("item", "provision", "approval")


def print_status(session: Session, checklist: Checklist, path: Path) -> None:
    """Show the status table and lines on the terminal (120 columns into a file or pipe)."""
    from rich.console import Console

    console = Console(highlight=False)
    if not console.is_terminal:
        console.width = 120  # a file or pipe: no need to squeeze the table into 80 columns
    console.print(status_table(session, checklist, path))
    for line in status_lines(session, checklist, path):  # names and versions come from the file
        console.print(with_commands(line, 500), soft_wrap=True, markup=False)


def status_table(session: Session, checklist: Checklist, path: Path) -> Table:
    """A table of progress per section, titled with the protocol."""
    from rich.table import Table

    sections, total = tally_all(session, checklist)
    title = printable(session.protocol.display_title(checklist), 200)
    table = Table(title=f"{title}\n{printable(path, 200)}", title_justify="left", show_footer=True)
    table.add_column("Section", footer="Total")
    for state in STATES:
        table.add_column(STATE_LABELS[state], justify="right", footer=str(total.count(state)))
    for tally in sections:
        table.add_row(tally.title, *(str(tally.count(state)) for state in STATES))
    return table


def status_lines(session: Session, checklist: Checklist, path: Path) -> list[str]:
    """The plain sentences printed under the status table."""
    _, total = tally_all(session, checklist)
    lines = [f"{total.answered} of {total.total} items have a decision."]
    open_items = total.count("discuss")
    if open_items:
        lines.append(
            f"{open_items} item(s) are to be discussed by the task force. To write the agenda "
            f"for the next meeting:\n  {isp_command('agenda', path)}"
        )
    elif is_complete(session, checklist):
        lines.append("Every item has a decision: the protocol is ready to render.")
    if checklist.general_provisions:
        lines.append(_provisions_line(session, path))
    if not session.agencies:
        lines.append("No member agencies have been recorded yet.")
    else:
        text = session.text_fingerprint()
        lines.append(approvals_line(session, text))
        for agency in session.agencies:
            lines.append(f"  {agency.name}: {approval_line(session, agency, text)}")
    # The table and the lines above count items, provisions and approvals; the rest of
    # what keeps the protocol from being final is listed here, each with its command.
    others = [
        p
        for p in open_points(session, checklist, builtin_provisions(), catalog())
        if p.kind not in _COUNTED_ABOVE
    ]
    if others:
        count = len(others)
        lines.append(
            f"{count} more point{'' if count == 1 else 's'} to settle before the protocol "
            "can be final:\n" + "\n".join(point_lines(others, path))
        )
    if due := review_line(session):
        lines.append(due)
    if structured := counts_line(session):
        lines.append(structured)
    if session.agencies and (missing := session.missing_disciplines()):
        lines.append(
            f"No member agency represents {discipline_labels(missing)}: the checklist "
            "asks that law enforcement, victim services and prosecution all take part."
        )
    return lines


def _provisions_line(session: Session, path: Path) -> str:
    """How many of isp's general provisions the task force has decided."""

    total = len(builtin_provisions().provisions)
    decided = sum(p.id in session.provisions for p in builtin_provisions().provisions)
    line = f"General provisions: {decided} of {total} decided."
    if decided < total:
        line += (
            ' The others are marked "Counsel to confirm" in the protocol. To decide them:\n'
            f"  {isp_command('edit', path, 'provisions')}"
        )
    return line


def status_report(session: Session, checklist: Checklist) -> dict[str, Any]:
    """Everything ``isp status --json`` prints."""
    sections, total = tally_all(session, checklist)
    text = session.text_fingerprint()
    return {
        "protocol": session.protocol.model_dump(),
        "agencies": len(session.agencies),
        "missing_disciplines": session.missing_disciplines(),
        "complete": is_complete(session, checklist),
        "sections": [
            {"id": section.id, "title": section.title}
            | {state: tally.count(state) for state in STATES}
            | {"items": {i: item_state(session, i) for ids in tally.ids.values() for i in ids}}
            for section, tally in zip(checklist.sections, sections, strict=True)
        ],
        "total": {state: total.count(state) for state in STATES} | {"items": total.total},
        "approvals": [
            {"agency": agency.name}
            | (
                agency.approval.model_dump(mode="json", exclude={"fingerprint"})
                if agency.approval
                else {"status": "pending"}
            )
            | {"current": session.has_approved(agency, text)}
            for agency in session.agencies
        ],
        "open_points": [
            {"kind": p.kind, "text": p.text, "target": p.target, "items": list(p.items)}
            for p in open_points(session, checklist, builtin_provisions(), catalog())
        ],
        "next_review": (due.isoformat() if (due := next_review(session)) else None),
        "structured": session.structured_count()
        | {"flows_undecided": sum(flow.condition is None for flow in session.flows)},
    }
