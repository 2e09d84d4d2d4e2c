"""``isp edit``: change one answer, the protocol details, or the member agencies."""

from __future__ import annotations

from pathlib import Path

from isp_cli.errors import UsageError
from isp_cli.interview import command_questions, prompts, questions
from isp_cli.interview.items import Interview
from isp_cli.interview.questions import DONE
from isp_cli.interview.structured import keep_referenced
from isp_cli.invocation import isp_command
from isp_cli.model.checklist import Checklist
from isp_cli.model.open_points import contradictions
from isp_cli.model.tally import item_state
from isp_cli.model.vocabulary import closest
from isp_cli.storage.session_file import load_session

DETAILS = "details"
AGENCIES = "agencies"
PROVISIONS = "provisions"  # the general provisions (provisions_interview.py)
SIGNATURES = "signatures"  # who signs for each agency
CHECKS = "checks"  # answers that disagree (model.open_points.contradictions)
WORDING = "wording"  # the task force's own text of parts of the standard wording


def check_target(target: str, known: list[str]) -> None:
    """Refuse an item id the checklist does not have, suggesting the closest one."""
    if target not in known:
        close = closest(target, known)
        hint = f" Did you mean '{close}'?" if close else ""
        others = [f"'{name}'" for name in known if "." not in name]
        also = ", or use " + ", ".join(others[:-1]) + " or " + others[-1] if others else ""
        raise UsageError(
            f"'{target}' is not an item of this checklist.{hint} Run 'isp checklist' to see "
            f"the item ids{also}."
        )


def targets(checklist: Checklist) -> list[str]:
    """What ``isp edit FILE TARGET`` accepts: the details, agencies, items and the rest."""
    known = [DETAILS, AGENCIES, *checklist.item_ids, SIGNATURES, CHECKS, WORDING]
    if checklist.general_provisions:
        known.append(PROVISIONS)
    return known


def edit_session(*, file: Path, target: str | None) -> Path:
    """Change answers: go straight to ``target`` (an item id), or pick from a list."""
    prompts.require_terminal(
        "edit",
        f"change the session file with a text editor, then check it with: "
        f"{isp_command('status', file)}",
    )
    session, checklist = load_session(file)
    if target is not None:
        check_target(target, targets(checklist))
    with Interview(session, checklist, file) as interview:
        if target is not None:
            _edit(interview, target)
        else:
            while (choice := interview.ask(_menu(interview))) != DONE:
                _edit(interview, choice)
        prompts.say(f"Saved in {file}: {interview.summary()}")
    return file


def _menu(interview: Interview) -> questions.Question:
    session = interview.session
    states = {item_id: item_state(session, item_id) for item_id in interview.checklist.item_ids}
    found = contradictions(session, interview.checklist)
    return command_questions.edit_menu(session, interview.checklist, states, found)


def _edit(interview: Interview, target: str) -> None:
    if target == DETAILS:
        from isp_cli.interview.provisions import ask_roles

        prompts.rule("Protocol details")
        interview.ask_details(everything=True)
        ask_roles(interview.session, interview.save, interview.ask, everything=True)
    elif target == AGENCIES:
        _edit_agencies(interview)
    elif target == CHECKS:
        _edit_checks(interview)
    elif target == WORDING:
        _edit_wording(interview)
    elif target in (PROVISIONS, SIGNATURES):
        from isp_cli.interview.provisions import ask_provisions, ask_signatories

        if target == PROVISIONS:
            ask_provisions(
                interview.session,
                interview.checklist,
                interview.save,
                interview.ask,
                everything=True,
            )
        else:
            ask_signatories(interview.session, interview.save, interview.ask, everything=True)
    else:
        interview.ask_item(interview.checklist.item(target))


def _edit_checks(interview: Interview) -> None:
    """Each contradiction: leave it open, or accept it with a note (and undo that)."""
    import datetime as dt

    from isp_cli.model.session import Accepted

    session = interview.session
    prompts.rule("Answers that disagree")
    found = contradictions(session, interview.checklist)
    if not found:
        prompts.say("No answers disagree: there is nothing to settle here.")
        return
    for point in found:
        accepted = session.is_accepted(point.key)
        action = interview.ask(command_questions.contradiction_action(point, accepted))
        if action == "accept":
            note = interview.ask(command_questions.contradiction_note()).strip()
            session.accepted.append(Accepted(key=point.key, note=note, date=dt.date.today()))
            interview.save(note)
        elif action == "reopen":
            session.accepted = [a for a in session.accepted if a.key != point.key]
            interview.save()


def _edit_wording(interview: Interview) -> None:
    """Each part of the standard wording the task force has its own text for (counsel's
    edit brought back by isp import): keep it, or go back to the standard wording."""
    from isp_cli.model.session import WORDING as PARTS

    session = interview.session
    prompts.rule("The task force's own wording")
    if not session.wording:
        prompts.say(
            "The protocol uses the standard wording throughout: there is nothing to go back to."
        )
        return
    for key, name in PARTS.items():
        text = session.wording.get(key)
        if text is None:
            continue
        prompts.say(f"{name}, as the task force worded it:", style="bold")
        prompts.say(text.strip())
        if interview.ask(command_questions.wording_action(name)) == "standard":
            del session.wording[key]
            interview.save()
            prompts.say(f"{name} is the standard wording again.")


def _edit_agencies(interview: Interview) -> None:
    agencies = interview.session.agencies
    while True:
        prompts.rule("Member agencies")
        choice = interview.ask(command_questions.agencies_menu(agencies))
        if choice == DONE:
            return
        if choice == "add":
            interview.ask_agency()
            continue
        action = interview.ask(command_questions.agency_action(agencies[choice]))
        if action == "change":
            interview.ask_agency(choice)
        elif action == "remove" and keep_referenced(interview, agencies[choice].name):
            removed = agencies.pop(choice)
            interview.save()
            prompts.say(f"Removed {removed.name}.")
