"""``isp approve``: record each agency's sign-off; final once every agency has approved."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from isp_cli import prompts
from isp_cli.errors import UsageError
from isp_cli.prompts import Choice, Question
from isp_cli.vocabulary import APPROVAL_LABELS, ApprovalStatus

if TYPE_CHECKING:
    from isp_cli.session import Agency


def approve_session(
    *,
    file: Path,
    agency: str | None,
    status: ApprovalStatus | None,
    by: str | None,
    on: dt.date | None,
    final: bool | None,
) -> str:
    """Record an approval; with ``agency`` and ``status`` given, ask nothing.

    Returns the line to print. ``final`` True marks the protocol final when every
    agency has approved (None: ask, when there is a terminal).
    """
    from isp_cli.interview import Interview
    from isp_cli.session import Approval, Revision, load_session

    interactive = agency is None or status is None
    if interactive:
        prompts.require_terminal("approve")
    session, checklist = load_session(file)
    if not session.agencies:
        raise UsageError(
            f"{file} has no member agencies yet; add them with: isp edit {file} agencies"
        )
    with Interview(session, checklist, file) as interview:
        try:
            index = _choose_agency(session.agencies, agency, file)
            chosen = session.agencies[index]
            current = chosen.approval
            if status is None:
                status = prompts.ask(
                    Question(
                        "approve.status",
                        "select",
                        f"{chosen.name}: where does its approval stand?",
                        default=current.status if current else "approved",
                        choices=[Choice(label, value) for value, label in APPROVAL_LABELS.items()],
                    )
                )
            if status != "pending" and by is None and interactive:
                by = prompts.ask(
                    Question(
                        "approve.by",
                        "text",
                        "Approved by (name and title):"
                        if status == "approved"
                        else "Who is it waiting for?",
                        default=(current.by if current else "")
                        or f"{chosen.representative}, {chosen.title}".strip(", "),
                    )
                ).strip()
            day = on or dt.date.today()
            chosen.approval = Approval(
                status=status, date=day if status != "pending" else None, by=(by or "").strip()
            )
            interview.save()
            line = f"{chosen.name}: {APPROVAL_LABELS[status].lower()}."
            if all(a.approved for a in session.agencies) and session.protocol.status != "final":
                if final is None and interactive:
                    final = prompts.ask(
                        Question(
                            "approve.final",
                            "confirm",
                            "Every member agency has approved. Mark the protocol final?",
                            default=True,
                        )
                    )
                if final:
                    session.protocol.version = _final_version(session.protocol.version)
                    session.protocol.status = "final"
                    session.history.append(
                        Revision(
                            version=session.protocol.version,
                            date=day,
                            summary="Approved by every member agency; final.",
                        )
                    )
                    interview.save()
                    line += (
                        " Every agency has approved: the protocol is final, version "
                        f"{session.protocol.version}."
                    )
        except KeyboardInterrupt:
            raise interview.interrupted() from None
    return line


def _choose_agency(agencies: list[Agency], name: str | None, file: Path) -> int:
    if name is not None:
        for index, agency in enumerate(agencies):
            if agency.name.casefold() == name.strip().casefold():
                return index
        names = ", ".join(a.name for a in agencies)
        raise UsageError(f"{file} has no member agency called '{name}'. Its agencies: {names}.")
    return int(
        prompts.ask(
            Question(
                "approve.agency",
                "select",
                "Which agency?",
                choices=[Choice(f"{a.name} ({_label(a)})", n) for n, a in enumerate(agencies)],
            )
        )
    )


def _label(agency: Agency) -> str:
    return APPROVAL_LABELS[agency.approval.status] if agency.approval else "Pending"


def _final_version(version: str) -> str:
    """A draft 0.x becomes 1.0; a later version stays as it is."""
    major = version.split(".", 1)[0]
    return "1.0" if not major.isdigit() or int(major) < 1 else version
