"""``isp approve``: record each agency's sign-off; final once everything is settled."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from isp_cli.errors import UsageError
from isp_cli.interview import command_questions, prompts
from isp_cli.invocation import isp_command
from isp_cli.model.open_points import open_points
from isp_cli.model.sign_off import approval_line
from isp_cli.model.vocabulary import ApprovalStatus
from isp_cli.storage.resources import builtin_provisions, catalog

if TYPE_CHECKING:
    from isp_cli.interview.items import Interview
    from isp_cli.model.open_points import OpenPoint
    from isp_cli.model.session import Agency, Approval, Session


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
    ``final`` True marks the protocol final when nothing is open (None: ask, when there
    is a terminal). ``final`` alone, without an agency, only makes the protocol final.
    """
    try:
        given_day = dt.date.fromisoformat(on) if on else None
    except ValueError:
        raise UsageError(f"--date must look like 2026-12-01, not '{on}'.") from None
    from isp_cli.interview.items import Interview
    from isp_cli.storage.session_file import load_session

    only_final = final is True and agency is None and status is None
    interactive = not only_final and (agency is None or status is None)
    if interactive:
        prompts.require_terminal(
            "approve",
            "give every answer as an option: isp approve FILE --agency NAME --status "
            "approved --by WHO --date YYYY-MM-DD (add --final to make the protocol final).",
        )
    session, checklist = load_session(file)
    if not session.agencies:
        add = isp_command("edit", file, "agencies")
        raise UsageError(f"{file} has no member agencies yet; add them with: {add}")
    with Interview(session, checklist, file) as interview:
        if given_day is not None:
            _check_day(session, given_day)
        if only_final:
            return _make_final(interview, given_day or dt.date.today(), file)
        chosen = session.agencies[_choose_agency(interview, session.agencies, agency, file)]
        chosen.approval = _ask_approval(interview, chosen, status, by, given_day, interactive)
        interview.save()
        line = f"{chosen.name}: {approval_line(session, chosen)}"
        if session.protocol.status == "final" or final is False:
            return line
        still_open = open_points(session, checklist, builtin_provisions(), catalog())
        if final is True and still_open:
            # Asked for, not done: a script must be able to tell (exit 2), and the user
            # must see that the approval itself was recorded.
            raise UsageError(f"{line} (recorded) " + _cannot_be_final(still_open, file))
        if not all(session.has_approved(a) for a in session.agencies):
            return line
        if still_open:
            return line + " " + _cannot_be_final(still_open, file)
        if final is None and interactive:
            final = interview.ask(command_questions.approve_final())
        if final:
            line += " " + _make_final(interview, chosen.approval.date or dt.date.today(), file)
    return line


def _check_day(session: Session, day: dt.date) -> None:
    """An approval is dated in a plausible year, and not before its version was made."""
    from isp_cli.model.schedule import long_date
    from isp_cli.model.session import FIRST_YEAR, LAST_YEAR

    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise UsageError(f"--date {day.isoformat()} is not a plausible date for an approval.")
    made = session.version_made()
    if made is not None and day < made:
        raise UsageError(
            f"--date {day.isoformat()} is before version {session.protocol.version} was made "
            f"({long_date(made)}): an agency approves a version once it exists. Give the "
            "date of this approval."
        )


def _ask_approval(
    interview: Interview,
    agency: Agency,
    status: ApprovalStatus | None,
    by: str | None,
    day: dt.date | None,
    interactive: bool,
) -> Approval:
    """The approval to record for ``agency``: what was given, and (on a terminal) the rest."""
    if status is None:
        status = interview.ask(command_questions.approve_status(agency))
    if status != "pending" and by is None and interactive:
        by = interview.ask(command_questions.approve_by(agency, status)).strip()
    if status != "pending" and day is None and interactive:
        earliest = interview.session.version_made()
        question = command_questions.approve_date(dt.date.today(), earliest)
        day = dt.date.fromisoformat(interview.ask(question).strip())
    return interview.session.approval_for_now(
        status, (day or dt.date.today()) if status != "pending" else None, (by or "").strip()
    )


def _cannot_be_final(points: list[OpenPoint], file: Path) -> str:
    from isp_cli.commands.points import point_lines

    count = len(points)
    return (
        f"The protocol cannot be final yet: {count} point{'' if count == 1 else 's'} "
        f"{'is' if count == 1 else 'are'} still open. Settle each one with the command "
        "shown:\n" + "\n".join(point_lines(points, file))
    )


def _make_final(interview: Interview, day: dt.date, file: Path) -> str:
    session = interview.session
    if session.protocol.status == "final":
        return f"The protocol is already final, version {session.protocol.version}."
    if points := open_points(session, interview.checklist, builtin_provisions(), catalog()):
        raise UsageError(_cannot_be_final(points, file))
    session.make_final(day)
    interview.save()
    return f"Every agency has approved: the protocol is final, version {session.protocol.version}."


def _choose_agency(
    interview: Interview, agencies: list[Agency], name: str | None, file: Path
) -> int:
    if name is None:
        return int(interview.ask(command_questions.approve_agency(interview.session)))
    for index, agency in enumerate(agencies):
        if agency.name.casefold() == name.strip().casefold():
            return index
    names = ", ".join(a.name for a in agencies)
    raise UsageError(f"{file} has no member agency called '{name}'. Its agencies: {names}.")
