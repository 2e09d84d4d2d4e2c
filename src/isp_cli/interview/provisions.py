"""The interview's last step: the general provisions, then who signs for each agency.

Run after the checklist items (Interview.ask_everything) and reached by
``isp edit FILE provisions`` and ``isp edit FILE signatures``. Each answer is
saved at once through ``save`` and asked through ``ask`` (the Interview's), so that
text typed here is kept as a draft on Ctrl-C, like every other answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from isp_cli.interview import prompts, questions
from isp_cli.model.checklist import Checklist
from isp_cli.model.provisions import Provision, Value, fill, parse_value
from isp_cli.model.session import ProvisionAnswer, Session
from isp_cli.storage.resources import builtin_provisions

Save = Callable[[str], None]
Ask = Callable[[questions.Question], Any]


def ask_provisions(
    session: Session, checklist: Checklist, save: Save, ask: Ask, *, everything: bool = False
) -> int:
    """Ask about each provision not yet decided (or all of them); how many were asked."""
    if not checklist.general_provisions:
        return 0
    part = builtin_provisions()
    todo = [p for p in part.provisions if everything or p.id not in session.provisions]
    if not todo:
        return 0
    prompts.rule(part.title)
    prompts.say(
        f"{part.note} Until you confirm a provision, the protocol shows it in brackets "
        "as \u201cCounsel to confirm\u201d."
    )
    for provision in todo:
        ask_provision(session, provision, save, ask)
    return len(todo)


def ask_provision(session: Session, provision: Provision, save: Save, ask: Ask) -> None:
    """Show one provision's model language and record the decision, values and wording."""
    position = builtin_provisions().provisions.index(provision) + 1
    total = len(builtin_provisions().provisions)
    prompts.rule(f"[{position}/{total}] {provision.heading}")
    prompts.say(f"This provision covers {provision.covers}.", style="italic")
    current = session.provisions.get(provision.id)
    values = dict(current.values) if current else {}
    prompts.say(fill(provision, values).strip())
    decision = ask(questions.provision_decision(provision.id, current.status if current else None))
    if decision == "skip":
        return
    text = current.text if current else ""
    if decision != "omit":
        for value in provision.values:
            typed = ask(_value_question(value, values.get(value.id)))
            given, _ = parse_value(value, typed)
            if given is None:
                values.pop(value.id, None)
            else:
                values[value.id] = given
    if decision == "edit":
        start = text or fill(provision, values).strip()
        text = ask(questions.provision_text(provision.id, start.rstrip("\n"))).strip("\n")
    session.provisions[provision.id] = ProvisionAnswer(status=decision, text=text, values=values)
    save(text)


def _value_question(value: Value, current: int | dt.date | None) -> questions.Question:
    """The question for one value, checked as it is typed."""
    shown = current if current is not None else value.default
    return questions.provision_value(
        value.id,
        value.question,
        "" if shown is None else str(shown),
        lambda text: parse_value(value, text)[1] or True,
    )


def ask_roles(session: Session, save: Save, ask: Ask, *, everything: bool = False) -> None:
    """The lead agency and the task force coordinator, which the protocol names (the
    definitions, the joining and lead-agency provision); asked once agencies exist."""
    protocol = session.protocol
    if not session.agencies or not (everything or not protocol.lead_agency):
        return
    prompts.rule("Lead agency and coordinator")
    chosen = ask(questions.lead_agency(protocol, session.agencies))
    protocol.lead_agency = None if chosen == questions.NOT_DECIDED else chosen
    save("")
    if everything or not protocol.coordinator:
        protocol.coordinator = ask(questions.coordinator(protocol)).strip() or None
        save(protocol.coordinator or "")


def ask_signatories(session: Session, save: Save, ask: Ask, *, everything: bool = False) -> None:
    """Who signs for each agency, name and title; optional (blank lines otherwise)."""
    agencies = [a for a in session.agencies if everything or not a.signatory]
    if not agencies:
        return
    prompts.rule("Signatures")
    prompts.say(
        "The signature page has a block for each agency: the party that signs (the "
        "agency's legal name, as its contracts give it), and the person who will sign "
        "for it, if you know; otherwise press Enter and the name is left blank, to be "
        "written in by hand."
    )
    for agency in agencies:
        agency.party = ask(questions.party(agency)).strip()
        agency.signatory = ask(questions.signatory(agency)).strip()
        agency.signatory_title = ask(questions.signatory(agency, title=True)).strip()
        save(agency.signatory)
