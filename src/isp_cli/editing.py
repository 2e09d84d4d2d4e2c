"""``isp edit``: change one answer, the protocol details, or the member agencies."""

from __future__ import annotations

import difflib
from pathlib import Path

from isp_cli import prompts
from isp_cli.errors import UsageError
from isp_cli.interview import Interview
from isp_cli.progress import STATE_LABELS, item_state
from isp_cli.prompts import Choice, Question
from isp_cli.session import load_session
from isp_cli.vocabulary import DISCIPLINES

DETAILS = "details"
AGENCIES = "agencies"
_DONE = "__done__"


def edit_session(*, file: Path, target: str | None) -> Path:
    """Change answers: go straight to ``target`` (an item id), or pick from a list."""
    prompts.require_terminal("edit")
    session, checklist = load_session(file)
    known = [DETAILS, AGENCIES, *checklist.item_ids]
    if target is not None and target not in known:
        close = difflib.get_close_matches(target, known, n=1, cutoff=0.5)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        raise UsageError(
            f"'{target}' is not an item of this checklist.{hint} Run 'isp checklist' to see "
            f"the item ids, or use '{DETAILS}' or '{AGENCIES}'."
        )
    with Interview(session, checklist, file) as interview:
        try:
            if target is not None:
                _edit(interview, target)
            else:
                while (choice := prompts.ask(_menu(interview))) != _DONE:
                    _edit(interview, choice)
        except KeyboardInterrupt:
            raise interview.interrupted() from None
        prompts.say(f"Saved in {file}: {interview.summary()}")
    return file


def _menu(interview: Interview) -> Question:
    session, checklist = interview.session, interview.checklist
    choices = [
        Choice("Protocol details", DETAILS),
        Choice(f"Member agencies ({len(session.agencies)})", AGENCIES),
    ]
    for item in checklist.items:
        state = STATE_LABELS[item_state(session, item.id)]
        choices.append(Choice(f"[{state}] {item.id}: {item.heading}", item.id))
    choices.append(Choice("Done", _DONE))
    return Question("edit.menu", "select", "What would you like to change?", choices=choices)


def _edit(interview: Interview, target: str) -> None:
    if target == DETAILS:
        prompts.rule("Protocol details")
        interview.ask_details(everything=True)
    elif target == AGENCIES:
        _edit_agencies(interview)
    else:
        interview.ask_item(interview.checklist.item(target))


def _edit_agencies(interview: Interview) -> None:
    agencies = interview.session.agencies
    while True:
        prompts.rule("Member agencies")
        choices = [
            Choice(f"{agency.name} ({DISCIPLINES[agency.discipline]})", n)
            for n, agency in enumerate(agencies)
        ]
        choices += [Choice("Add an agency", "add"), Choice("Done with agencies", _DONE)]
        choice = prompts.ask(
            Question("agencies.menu", "select", "Choose an agency:", choices=choices)
        )
        if choice == _DONE:
            return
        if choice == "add":
            interview.ask_agency()
            continue
        action = prompts.ask(
            Question(
                "agencies.action",
                "select",
                f"{agencies[choice].name}:",
                choices=[
                    Choice("Change it", "change"),
                    Choice("Remove it", "remove"),
                    Choice("Back", "back"),
                ],
            )
        )
        if action == "change":
            interview.ask_agency(choice)
        elif action == "remove":
            removed = agencies.pop(choice)
            interview.save()
            prompts.say(f"Removed {removed.name}.")
