"""``isp approve``: record each agency's sign-off; final once every agency has approved."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from isp_cli import prompts, questions
from isp_cli.errors import UsageError
from isp_cli.schedule import final_version
from isp_cli.vocabulary import APPROVAL_LABELS, ApprovalStatus

if TYPE_CHECKING:
    from isp_cli.session import Agency


def approve_session(
    *,
    file: Path,
    agency: str | None,
    status: ApprovalStatus | None,
    by: str | None,
    on: str | None,
    final: bool | None,
) -> str:
    """Record an approval; with ``agency`` and ``status`` given, ask nothing.

    Returns the line to print. ``on`` is the date as typed (YYYY-MM-DD; default today).
    ``final`` True marks the protocol final when every agency has approved (None: ask,
    when there is a terminal).
    """
    try:
        given_day = dt.date.fromisoformat(on) if on else None
    except ValueError:
        raise UsageError(f"--date must look like 2026-12-01, not '{on}'.") from None
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
        chosen = session.agencies[_choose_agency(session.agencies, agency, file)]
        if status is None:
            status = prompts.ask(questions.approve_status(chosen))
        if status != "pending" and by is None and interactive:
            by = prompts.ask(questions.approve_by(chosen, status)).strip()
        day = given_day or dt.date.today()
        chosen.approval = Approval(
            status=status, date=day if status != "pending" else None, by=(by or "").strip()
        )
        interview.save()
        line = f"{chosen.name}: {APPROVAL_LABELS[status].lower()}."
        if all(a.approved for a in session.agencies) and session.protocol.status != "final":
            if final is None and interactive:
                final = prompts.ask(questions.approve_final())
            if final:
                session.protocol.version = final_version(session.protocol.version)
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
    return line


def _choose_agency(agencies: list[Agency], name: str | None, file: Path) -> int:
    if name is None:
        return int(prompts.ask(questions.approve_agency(agencies)))
    for index, agency in enumerate(agencies):
        if agency.name.casefold() == name.strip().casefold():
            return index
    names = ", ".join(a.name for a in agencies)
    raise UsageError(f"{file} has no member agency called '{name}'. Its agencies: {names}.")
