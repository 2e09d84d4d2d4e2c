"""``isp edit``: change one answer, the protocol details, or the member agencies."""

from __future__ import annotations

from pathlib import Path

from isp_cli import prompts, questions
from isp_cli.errors import UsageError
from isp_cli.interview import Interview
from isp_cli.questions import DONE
from isp_cli.session import load_session
from isp_cli.tally import item_state
from isp_cli.vocabulary import closest

DETAILS = "details"
AGENCIES = "agencies"
PROVISIONS = "provisions"  # the general provisions (provisions_interview.py)
SIGNATURES = "signatures"  # who signs for each agency


def edit_session(*, file: Path, target: str | None) -> Path:
    """Change answers: go straight to ``target`` (an item id), or pick from a list."""
    prompts.require_terminal("edit")
    session, checklist = load_session(file)
    known = [DETAILS, AGENCIES, *checklist.item_ids, SIGNATURES]
    if checklist.general_provisions:
        known.append(PROVISIONS)
    if target is not None and target not in known:
        close = closest(target, known)
        hint = f" Did you mean '{close}'?" if close else ""
        raise UsageError(
            f"'{target}' is not an item of this checklist.{hint} Run 'isp checklist' to see "
            f"the item ids, or use {_targets(known)}."
        )
    with Interview(session, checklist, file) as interview:
        if target is not None:
            _edit(interview, target)
        else:
            while (choice := prompts.ask(_menu(interview))) != DONE:
                _edit(interview, choice)
        prompts.say(f"Saved in {file}: {interview.summary()}")
    return file


def _targets(known: list[str]) -> str:
    """'details', 'agencies', 'signatures' or 'provisions': the targets that are not items."""
    names = [f"'{name}'" for name in known if "." not in name]
    return ", ".join(names[:-1]) + " or " + names[-1]


def _menu(interview: Interview) -> questions.Question:
    session = interview.session
    states = {item_id: item_state(session, item_id) for item_id in interview.checklist.item_ids}
    return questions.edit_menu(session, interview.checklist, states)


def _edit(interview: Interview, target: str) -> None:
    if target == DETAILS:
        prompts.rule("Protocol details")
        interview.ask_details(everything=True)
    elif target == AGENCIES:
        _edit_agencies(interview)
    elif target in (PROVISIONS, SIGNATURES):
        from isp_cli.provisions_interview import ask_provisions, ask_signatories

        if target == PROVISIONS:
            ask_provisions(interview.session, interview.checklist, interview.save, everything=True)
        else:
            ask_signatories(interview.session, interview.save, everything=True)
    else:
        interview.ask_item(interview.checklist.item(target))


def _edit_agencies(interview: Interview) -> None:
    agencies = interview.session.agencies
    while True:
        prompts.rule("Member agencies")
        choice = prompts.ask(questions.agencies_menu(agencies))
        if choice == DONE:
            return
        if choice == "add":
            interview.ask_agency()
            continue
        action = prompts.ask(questions.agency_action(agencies[choice]))
        if action == "change":
            interview.ask_agency(choice)
        elif action == "remove":
            removed = agencies.pop(choice)
            interview.save()
            prompts.say(f"Removed {removed.name}.")
