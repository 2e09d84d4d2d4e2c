"""The interview's structured steps: flows, authorities, point persons, breach steps.

Asked after an item's answer, by choosing from lists. Every choice is saved at once,
and text goes through the interview's own ``ask``, so Ctrl-C keeps a draft of a
half-typed field as everywhere else; a flow being built is already in the session.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Protocol

from isp_cli.interview import prompts, questions
from isp_cli.interview import structured_questions as sq
from isp_cli.interview.questions import DONE, Question
from isp_cli.model.privacy import describe, scan
from isp_cli.model.session import Agency, Kept, Session
from isp_cli.model.structured import (
    AUTHORITIES_ITEM,
    BREACH_ITEM,
    FLOW_ITEMS,
    OTHER_KIND,
    POINT_PERSONS_ITEM,
    Authorities,
    Breach,
    Contact,
    FederalAuthority,
    Flow,
    LocalAuthority,
    PointPerson,
    breach_steps,
)

STRUCTURED_ITEMS = (*FLOW_ITEMS, AUTHORITIES_ITEM, POINT_PERSONS_ITEM, BREACH_ITEM)


class Asker(Protocol):
    """What the steps need of the interview (interview.Interview)."""

    session: Session

    def ask(self, question: Question, draft_key: str | None = None) -> Any: ...

    def save(self, typed: str = "") -> None: ...


def ask_structured(interview: Asker, item_id: str) -> None:
    """The structured part of ``item_id``, if it has one."""
    steps = {
        **dict.fromkeys(FLOW_ITEMS, ask_flows),  # one list of flows, reached from three items
        AUTHORITIES_ITEM: ask_authorities,
        POINT_PERSONS_ITEM: ask_point_persons,
        BREACH_ITEM: ask_breach,
    }
    if item_id in steps:
        steps[item_id](interview)


def _names(interview: Asker, what: str) -> list[str]:
    names = [agency.name for agency in interview.session.agencies]
    if not names:
        prompts.say(f"Add the member agencies first ('agencies' in isp edit) to build {what}.")
    return names


def _text(interview: Asker, question: Question, draft_key: str, where: str | None) -> str:
    """A typed field, warned about if it looks personal (``where``: None = not scanned)."""
    session = interview.session
    while True:
        text: str = interview.ask(question, draft_key).strip()
        findings = [f for f in scan(text) if where is None or not session.is_kept(where, f.text)]
        if where is None or not findings:
            return text
        prompts.say(
            f"Careful: this seems to contain {describe(findings)}. A protocol describes "
            "policy: it should never identify a victim or any other individual.",
            style="yellow",
        )
        if interview.ask(questions.keep_personal_information(findings[0].label)) == "keep":
            session.kept.extend(Kept(where=where, text=f.text) for f in findings)
            return text
        question = replace(question, default=text)


# Information flows ------------------------------------------------------------------


def ask_flows(interview: Asker) -> None:
    """The flows menu: add, change or remove flows until done."""
    names = _names(interview, "the information flows table")
    flows = interview.session.flows
    while names and (choice := interview.ask(sq.flows_menu(flows))) != DONE:
        if choice == sq.ADD:
            build_flow(interview, None)
            continue
        action = interview.ask(sq.entry_action("flows.action", flows[choice].summary()))
        if action == "change":
            build_flow(interview, choice)
        elif action == "remove":
            removed = flows.pop(choice)
            interview.save()
            prompts.say(f"Removed: {removed.summary()}")


def build_flow(interview: Asker, index: int | None) -> None:
    """Build one flow by choosing; each step is saved as it is chosen."""
    session = interview.session
    names = [agency.name for agency in session.agencies]
    while True:
        old = session.flows[index] if index is not None else None
        kind = interview.ask(sq.flow_information(old.information if old else None))
        label = ""
        if kind == OTHER_KIND:
            number = (index if index is not None else len(session.flows)) + 1
            where = f"flows, flow {number} (label)"
            label = _text(interview, sq.flow_label(old.label if old else ""), "flows.label", where)
        if old is None:
            session.flows.append(Flow(information=kind, label=label))
            index = len(session.flows) - 1
        else:
            old.label, old.information = label, kind
        assert index is not None
        flow = session.flows[index]
        interview.save()
        flow.provided_by = interview.ask(sq.flow_provided_by(names, flow.provided_by))
        interview.save()
        flow.shared_with = interview.ask(sq.flow_shared_with(names, flow.shared_with))
        interview.save()
        condition = interview.ask(sq.flow_condition(flow.condition))
        flow.condition = None if condition == sq.UNDECIDED_VALUE else condition
        interview.save()
        where = f"flows, flow {index + 1} (purpose)"
        flow.purpose = _text(interview, sq.flow_purpose(flow.purpose), "flows.purpose", where)
        interview.save(flow.purpose)
        done = interview.ask(sq.flow_done(flow.summary()))
        if done == "keep":
            return
        if done == "remove":
            session.flows.pop(index)
            interview.save()
            return


# Legal authorities -------------------------------------------------------------------


def ask_authorities(interview: Asker) -> None:
    """Per member agency, the federal authorities that bind it; then state or local ones."""
    session = interview.session
    chosen = session.authorities or Authorities()
    if _names(interview, "the legal authorities table"):
        for agency in list(session.agencies):
            _federal_for(interview, chosen, agency)
    local = chosen.state_local
    while (choice := interview.ask(sq.local_menu(local, bool(_placeholders_left(local))))) != DONE:
        if choice == sq.ADD:
            _local_authority(interview, None)
            continue
        if choice == sq.PLACEHOLDERS:
            _state_placeholders(interview, chosen)
            continue
        action = interview.ask(sq.entry_action("authorities.action", local[choice].name))
        if action == "change":
            _local_authority(interview, choice)
        elif action == "remove":
            local.pop(choice)
            interview.save()


def _federal_for(interview: Asker, chosen: Authorities, agency: Agency) -> None:
    """One agency's screen: the catalog's suggestions for its discipline, and any already
    chosen for it; ticking here changes only what binds this agency."""
    from isp_cli.storage.resources import catalog

    session = interview.session
    suggested = {a.id for a in catalog().for_discipline(agency.discipline)}
    bound = chosen.binding(agency.name)
    offered = [a for a in catalog().authorities if a.id in suggested or a.id in bound]
    fresh = not bound  # no federal authority names this agency yet: start from the catalog
    ticked = interview.ask(
        sq.authorities_for(
            agency.name,
            agency.discipline,
            offered,
            sorted(suggested) if fresh else bound,
            suggested=fresh,
        )
    )
    chosen.choose_for(
        agency.name,
        [a.id for a in offered],
        set(ticked),
        order=catalog().ids,
        agencies=session.agency_names(),
    )
    session.authorities = chosen
    interview.save()


def _placeholders_left(local: list[LocalAuthority]) -> list[str]:
    """The state-law placeholders whose names no state or local authority has yet."""
    named = {entry.name.strip().lower() for entry in local}
    return [name for name, _ in sq.STATE_PLACEHOLDERS if name.lower() not in named]


def _state_placeholders(interview: Asker, authorities: Authorities) -> None:
    """Add the ticked state-law placeholders: a citation to fill in and no agency yet, so
    that the open points list each until the task force completes it."""
    interview.session.authorities = authorities
    left = _placeholders_left(authorities.state_local)
    ticked = set(interview.ask(sq.state_placeholders(left)))
    covers = dict(sq.STATE_PLACEHOLDERS)
    authorities.state_local.extend(
        LocalAuthority(name=name, citation=sq.STATE_CITATION, description=covers[name])
        for name in left
        if name in ticked
    )
    interview.save()


def _local_authority(interview: Asker, index: int | None) -> None:
    session = interview.session
    authorities = session.authorities or Authorities()
    session.authorities = authorities
    local = authorities.state_local
    number = (index if index is not None else len(local)) + 1
    current = local[index] if index is not None else None
    values: dict[str, Any] = {}
    for question in sq.local_fields(current):
        field = question.key.split(".")[1]
        where = f"authorities, state or local {number} ({field})"
        values[field] = _text(interview, question, f"authorities.local.{field}", where)
    names = session.agency_names()
    ticked = interview.ask(sq.local_binds(names, current.binds if current else [])) if names else []
    values["binds"] = [name for name in names if name in ticked]  # in the agencies' order
    entry = LocalAuthority(**values)
    if index is None:
        local.append(entry)
    else:
        local[index] = entry
    interview.save()


# Point persons ----------------------------------------------------------------------


def ask_point_persons(interview: Asker) -> None:
    """Each agency's point person and alternate, chosen from the agency list."""
    session = interview.session
    names = _names(interview, "the point-person table")
    while names:
        people = {p.agency: p for p in session.point_persons}
        choice = interview.ask(sq.point_persons_menu(names, people))
        if choice == DONE:
            return
        if choice in people:
            action = interview.ask(sq.entry_action("point_persons.action", choice))
            if action == "remove":
                session.point_persons.remove(people[choice])
                interview.save()
                continue
            if action == "back":
                continue
        _point_person(interview, choice, people.get(choice))


def _point_person(interview: Asker, agency: str, current: PointPerson | None) -> None:
    session = interview.session
    person = current or PointPerson(agency=agency)
    if current is None:
        session.point_persons.append(person)
    n = session.point_persons.index(person)
    for question in sq.contact_fields("point person", current):
        field = question.key.split(".")[1]
        setattr(person, field, _text(interview, question, f"point_persons.{n}.{field}", None))
        interview.save()
    if interview.ask(sq.add_alternate(agency, person.alternate is not None)):
        alternate = person.alternate or Contact()
        for question in sq.contact_fields("alternate", person.alternate):
            field = question.key.split(".")[1]
            key = f"point_persons.{n}.alternate.{field}"
            setattr(alternate, field, _text(interview, question, key, None))
            person.alternate = alternate
            interview.save()


# Breach notification ------------------------------------------------------------------


def ask_breach(interview: Asker) -> None:
    """Who tells whom within how many hours."""
    session = interview.session
    current = session.breach
    choice = interview.ask(sq.breach_menu(current, breach_steps(current) if current else []))
    if choice == "remove":
        session.breach = None
        interview.save()
    if choice != "set":
        return
    breach = current or Breach()
    session.breach = breach
    where = "breach (who is told first)"
    breach.coordinator = _text(
        interview, sq.breach_coordinator(breach.coordinator), "breach.coordinator", where
    )
    interview.save(breach.coordinator)
    breach.report_hours = int(
        interview.ask(
            sq.breach_hours(
                "breach.report_hours",
                f"Within how many hours does the agency that discovers a breach tell "
                f"{breach.coordinator}?",
                breach.report_hours,
                24,
            )
        )
    )
    interview.save()
    breach.notify_hours = int(
        interview.ask(
            sq.breach_hours(
                "breach.notify_hours",
                f"Within how many hours of that report does {breach.coordinator} tell every "
                "member agency?",
                breach.notify_hours,
                48,
            )
        )
    )
    interview.save()
    prompts.say("The procedure in the protocol:")
    for n, step in enumerate(breach_steps(breach), start=1):
        prompts.say(f"{n}. {step}")


# Removing an agency ---------------------------------------------------------------------


def keep_referenced(interview: Asker, name: str) -> bool:
    """Before ``name`` is removed: what to do with the flows and authorities that name it.

    Its point person goes with it; the authorities that bound it stay, without its name.
    False: the user chose to keep the agency.
    """
    session = interview.session
    flows = session.flows_naming(name)
    authorities = session.authorities.naming(name) if session.authorities else []
    if flows or authorities:
        for flow in flows:
            prompts.say(f"• {flow.summary()}")
        for authority in authorities:
            prompts.say(f"• {_authority_name(authority)} binds {name}")
        choice = interview.ask(sq.referenced_agency(name, len(flows), len(authorities)))
        if choice == "keep":
            return False
        session.drop_agency(name, with_flows=choice == "flows")
    else:
        session.drop_agency(name, with_flows=False)
    return True


def _authority_name(authority: FederalAuthority | LocalAuthority) -> str:
    from isp_cli.storage.resources import catalog

    if isinstance(authority, LocalAuthority):
        return authority.name
    entry = catalog().get(authority.id)
    return entry.name if entry else authority.id
