"""What ``isp status`` prints: a table of progress and a few plain sentences."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import TYPE_CHECKING

from isp_cli.checklist import Checklist
from isp_cli.progress import STATE_LABELS, STATES, discipline_labels, is_complete, tally_all
from isp_cli.session import Session

if TYPE_CHECKING:
    from rich.table import Table


def status_table(session: Session, checklist: Checklist, path: Path) -> Table:
    """A table of progress per section, titled with the protocol."""
    from rich.table import Table

    sections, total = tally_all(session, checklist)
    title = session.protocol.title or "Untitled protocol"
    table = Table(title=f"{title}\n{path}", title_justify="left", show_footer=True)
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
            f"{open_items} item(s) are to be discussed by the task force: "
            f"'isp agenda {shlex.quote(str(path))}' writes the agenda for the next meeting."
        )
    elif is_complete(session, checklist):
        lines.append("Every item has a decision: the protocol is ready to render.")
    from isp_cli.review import review_line
    from isp_cli.vocabulary import APPROVAL_LABELS

    if not session.agencies:
        lines.append("No member agencies have been recorded yet.")
    else:
        approved = sum(agency.approved for agency in session.agencies)
        lines.append(
            f"Approvals: {approved} of {len(session.agencies)} agencies "
            f"(protocol version {session.protocol.version}, {session.protocol.status})."
        )
        for agency in session.agencies:
            approval = agency.approval
            label = APPROVAL_LABELS[approval.status] if approval else "Pending"
            when = f" on {approval.date.isoformat()}" if approval and approval.date else ""
            who = f" by {approval.by}" if approval and approval.by else ""
            lines.append(f"  {agency.name}: {label}{when}{who}")
    if due := review_line(session):
        lines.append(due)
    if session.agencies and (missing := session.missing_disciplines()):
        lines.append(
            f"No member agency represents {discipline_labels(missing)}: the checklist "
            "asks that law enforcement, victim services and prosecution all take part."
        )
    return lines
