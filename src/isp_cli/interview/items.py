"""The interview: protocol details, member agencies and every checklist item.

Every answer is saved to the session file before the next question appears. An
Interview is the one place where Ctrl-C becomes "stopped": leaving it on a
KeyboardInterrupt raises Interrupted, saying what is saved and how to go on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import ExitStack, suppress
from dataclasses import replace
from pathlib import Path
from types import TracebackType
from typing import Any

from isp_cli.errors import GoBack, Interrupted, IspError, SaveFailedError, StoppedTyping
from isp_cli.interview import prompts, questions
from isp_cli.interview.questions import BACK, Question
from isp_cli.interview.structured import ask_structured
from isp_cli.invocation import isp_command
from isp_cli.model.checklist import Checklist, Item
from isp_cli.model.privacy import describe, public_contacts, scan
from isp_cli.model.session import Agency, Answer, Kept, Review, Session, default_filename
from isp_cli.model.tally import tally_all
from isp_cli.model.vocabulary import DISCIPLINES, OTHER_TOPIC, discipline_labels
from isp_cli.storage.saving import SessionWriter, refuse_existing
from isp_cli.storage.session_file import checklist_reference


class Interview:
    """One sitting of the interview over a session; ``path`` is None until named.

    Use it as a context manager: it holds the session's lock while it runs.
    """

    def __init__(self, session: Session, checklist: Checklist, path: Path | None) -> None:
        self.session = session
        self.checklist = checklist
        self.path: Path | None = None
        self._stack = ExitStack()
        self._writer: SessionWriter | None = None
        self._pending = path
        self._drafted = False  # a stop kept unfinished text as a draft

    def __enter__(self) -> Interview:
        if self._pending is not None:
            self.name_file(self._pending)
        # Text changed by hand after agencies decided on it is the next version before
        # this sitting records anything (an approval, above all).
        self.session.record_outside_changes(dt.date.today())
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stack.close()
        if kind is not None and issubclass(kind, KeyboardInterrupt):
            raise self.interrupted() from None

    def name_file(self, path: Path) -> None:
        """Decide where the session is saved, and lock it."""
        self.path = path
        if self.session.checklist_file and Path(self.session.checklist_file).is_absolute():
            # Relative to the session's folder, so that the two can move together.
            self.session.checklist_file = checklist_reference(
                self.session.checklist_file, str(path.resolve().parent)
            )
        self._writer = self._stack.enter_context(SessionWriter(path))

    def save(self, typed: str = "") -> None:
        """Write the session now (nothing to do until it has a file name).

        ``typed`` is the answer just given, shown on screen if the save fails.
        """
        if self._writer is None:
            return
        try:
            self._writer.save(self.session, self.checklist, typed)
        except SaveFailedError as exc:
            if exc.typed.strip():
                prompts.say("The answer you just typed, so that it is not lost:", style="bold")
                prompts.say(exc.typed)
            raise

    def interrupted(self) -> Interrupted:
        """The message for Ctrl-C: what is saved and, on a line of its own, how to go on."""
        if self.path is None or not self.path.exists():
            return Interrupted(
                f"Stopped before anything was saved. To start again:\n  {isp_command('new')}"
            )
        _, total = tally_all(self.session, self.checklist)
        draft = (
            " The text you were typing is kept as a draft and will be filled in when you continue."
            if self._drafted
            else ""
        )
        return Interrupted(
            f"Stopped. Everything answered so far ({total.answered} of {total.total} items) "
            f"is saved in {self.path}.{draft} To continue:\n  {isp_command('resume', self.path)}"
        )

    # Asking, with drafts -----------------------------------------------------------

    def ask(self, question: Question, draft_key: str | None = None) -> Any:
        """Ask ``question``; unfinished text is kept as a draft of its field.

        A draft left from last time is filled in. Ctrl-C, Ctrl-D, the go-back key and
        a pause in typing keep what was typed under ``draft_key`` (default: the
        question's key); a finished answer removes the draft (the caller saves it).
        """
        if question.kind not in ("text", "multiline"):
            return prompts.ask(question)
        key = draft_key or question.key
        saved = question.default or ""
        draft = self.session.drafts.get(key)
        if draft is not None:
            prompts.say("Your unfinished text from last time is filled in below.", style="italic")
            kind = "multiline" if "\n" in draft else question.kind
            question = replace(question, default=draft, kind=kind)

        def idle(text: str) -> None:
            with suppress(IspError):  # the next save reports the problem, with the text
                self._keep_draft(key, text, saved)

        try:
            answer = prompts.ask(question, on_idle=idle)
        except (StoppedTyping, GoBack) as stop:
            self._keep_draft(key, stop.typed, saved)
            self._drafted = isinstance(stop, StoppedTyping) and key in self.session.drafts
            raise
        self.session.drafts.pop(key, None)
        return answer

    def _keep_draft(self, key: str, typed: str, saved: str) -> None:
        changed = typed.strip() and typed.strip() != saved.strip()
        if changed and self.session.drafts.get(key) != typed:
            self.session.drafts[key] = typed
            self.save(typed)

    def ask_everything(self) -> None:
        """The whole interview: what is missing of the details, the agencies, every item."""
        protocol = self.session.protocol
        if not (
            protocol.task_force and protocol.topic and protocol.title and protocol.jurisdiction
        ):
            prompts.rule("Protocol details")
        self.ask_details()
        if not self.session.items and not self.session.skipped:
            self.ask_agencies()
        self.ask_items()
        self.ask_closing()

    def ask_closing(self) -> None:
        """After the items: the general provisions; the first time, who signs for each agency."""
        from isp_cli.interview.provisions import ask_provisions, ask_roles, ask_signatories

        if ask_provisions(self.session, self.checklist, self.save, self.ask):
            ask_roles(self.session, self.save, self.ask)
            ask_signatories(self.session, self.save, self.ask)

    # Protocol details -----------------------------------------------------------

    def ask_details(self, *, everything: bool = False) -> None:
        """Ask the protocol details that are missing (or all of them, to edit)."""
        protocol = self.session.protocol
        if everything or not protocol.task_force:
            protocol.task_force = self.ask(questions.task_force(protocol)).strip()
            self.save(protocol.task_force)
        if everything or not protocol.topic:
            chosen = self.ask(questions.topic(protocol, self.checklist))
            if chosen == OTHER_TOPIC:
                protocol.topic_description = self.ask(questions.topic_description(protocol)).strip()
            else:
                protocol.topic_description = None
            protocol.topic = chosen
            self.save()
        if self.path is None:
            path = Path(default_filename(protocol))
            refuse_existing(path)
            self.name_file(path)
            refuse_existing(path)  # made by someone else before the lock was ours?
            self.save()
            prompts.say(f"Your answers are saved as you go in {self.path}")
        if everything or not protocol.title:
            protocol.title = self.ask(questions.title(protocol, self.checklist)).strip()
            self.save(protocol.title)
        if everything or not protocol.jurisdiction:
            protocol.jurisdiction = self.ask(questions.jurisdiction(protocol)).strip()
            self.save(protocol.jurisdiction)

    # Member agencies ------------------------------------------------------------

    def ask_agency(self, index: int | None = None) -> None:
        """Add an agency, or change the one at ``index``; saved when complete."""
        current = self.session.agencies[index] if index is not None else None
        where = "new" if index is None else str(index)
        values: dict[str, Any] = {}
        try:
            for q in questions.agency_fields(current):
                field = q.key.split(".")[1]
                values[field] = self.ask(q, f"agencies.{where}.{field}")
        except (KeyboardInterrupt, StoppedTyping, GoBack):
            # The agency is not complete: what was typed for it so far is kept as
            # drafts, filled in when it is asked again.
            typed = {f: v for f, v in values.items() if isinstance(v, str) and v.strip()}
            for field, text in typed.items():
                self.session.drafts[f"agencies.{where}.{field}"] = text
            if typed:
                self._drafted = True
                with suppress(IspError):
                    self.save()
            raise
        fields = {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}
        # Changing an agency keeps what the interview does not ask (contacts, approval).
        agency = Agency(**((current.model_dump() if current else {}) | fields))
        if index is None:
            self.session.agencies.append(agency)
        else:
            self.session.agencies[index] = agency
            if current is not None and current.name != agency.name:
                self.session.rename_agency(current.name, agency.name)
        self.save()

    def ask_agencies(self) -> None:
        """The agencies loop: add agencies until the user is done."""
        prompts.rule("Member agencies")
        prompts.say(
            "Add each agency that takes part in this protocol and the person who "
            "represents it. The checklist asks that law enforcement, victim services "
            "and prosecution all take part."
        )
        for agency in self.session.agencies:
            prompts.say(f"  • {agency.name} ({DISCIPLINES[agency.discipline]})")
        if not self.session.agencies:
            self.ask_agency()
        while True:
            while self.ask(questions.add_another(len(self.session.agencies))):
                self.ask_agency()
            missing = self.session.missing_disciplines()
            if not missing:
                return
            labels = discipline_labels(missing)
            if self.ask(questions.missing_disciplines(labels)) != "add":
                return
            self.ask_agency()

    # Checklist items ------------------------------------------------------------

    def show_item(self, item: Item) -> None:
        """The item's screen: [n/N], the section, the item's words, examples, why it matters."""
        section = self.checklist.section_of(item.id)
        position = self.checklist.item_ids.index(item.id) + 1
        prompts.rule(f"[{position}/{len(self.checklist.item_ids)}] {section.title}")
        prompts.say(item.text, style="bold")
        if item.guidance:
            prompts.say(f"Checklist guidance: {item.guidance}")
        prompts.say(f"Why it matters: {item.help}", style="italic")

    def ask_item(self, item: Item, *, can_go_back: bool = False, show: bool = True) -> bool:
        """Show one item and record the decision, the answer and the note.

        The go-back key in the answer or note box returns to this item's decision,
        whose list offers the previous item. Returns False when the user chose that.
        """
        if show:
            self.show_item(item)
        while True:
            current = self.session.items.get(item.id)
            skipped = item.id in self.session.skipped
            drafted = self.session.drafts.get(f"{item.id}.status")
            decision = self.ask(questions.status(item, current, skipped, can_go_back, drafted))
            if decision == BACK:
                return False
            if decision == "skip":
                if current is None and not skipped:
                    self.session.skipped.append(item.id)
                    self.save()
                return True
            try:
                self._answer_item(item, decision, current)
            except GoBack:
                continue  # what was typed is a draft; the decision is asked again
            return True

    def _answer_item(self, item: Item, decision: str, current: Answer | None) -> None:
        key = f"{item.id}.status"
        try:
            text = self.ask_response(item, decision, current.response if current else "")
        except StoppedTyping:
            # Stopped in the answer: the decision is kept with the unfinished text, so
            # that the decision list offers it again when it continues ("Include", the
            # list's first choice, needs no keeping).
            if (current is None or current.status != decision) and decision != "include":
                self.session.drafts[key] = decision
                self.save()
            raise
        self.session.drafts.pop(key, None)
        note = current.note if current else ""
        if current is None or (current.status, current.response) != (decision, text):
            self.session.items[item.id] = Answer(status=decision, response=text, note=note)
        if item.id in self.session.skipped:
            self.session.skipped.remove(item.id)
        self.save(text)
        if item.id == questions.REVIEW_ITEM:
            self.ask_review_interval()
        if decision != "omit":
            ask_structured(self, item.id)
        answer = self.session.items[item.id]
        note = self.ask(questions.note(item, answer.note)).strip()
        if note != answer.note:
            answer.note = note
        self.save(note)

    def ask_review_interval(self) -> None:
        """The review schedule's structured companion: months between reviews."""
        review = self.session.review or Review()
        months = int(self.ask(questions.review_interval(review.interval_months)))
        self.session.review = review.model_copy(update={"interval_months": months})
        self.save()

    def ask_response(self, item: Item, decision: str, current: str) -> str:
        """The answer text; for 'omit', the current text is kept unasked."""
        if decision == "omit":
            return current
        saved = current
        while True:
            question = questions.response(item, decision, current)
            text: str = self.ask(question, f"{item.id}.response").strip("\n")
            if text.strip() == saved.strip():
                text = saved  # unchanged: keep it exactly as it was
            where = f"{item.id} (answer)"
            findings = [
                f
                for f in scan(text, public_contacts(self.session))
                if not self.session.is_kept(where, f.text)
            ]
            if not findings:
                return text
            prompts.say(
                f"Careful: this answer seems to contain {describe(findings)}. A protocol is "
                "shared among agencies and describes policy: it should never identify a "
                "victim or any other individual.",
                style="yellow",
            )
            if self.ask(questions.keep_personal_information(findings[0].label)) == "keep":
                self.session.kept.extend(Kept(where=where, text=f.text) for f in findings)
                return text
            current = text

    def ask_items(self, start: str | None = None) -> None:
        """Every item without a decision, then the ones skipped for now.

        ``start`` (an item id) begins there, asking it even if it has a decision.
        The user may go back from any item to the previous one.
        """
        items = self.checklist.items
        first = self.checklist.item_ids.index(start) if start else 0
        self._walk(
            items,
            lambda item: item.id not in self.session.items and item.id not in self.session.skipped,
            first,
            start is not None,
        )
        later = [item for item in items if item.id in self.session.skipped]
        if later:
            prompts.rule("Items you skipped")
            prompts.say(f"{len(later)} item(s) were skipped for now. Here they are again.")
            self._walk(later, lambda _item: True)

    def _walk(
        self, items: list[Item], wanted: Callable[[Item], bool], first: int = 0, again: bool = False
    ) -> None:
        """Ask the wanted items in order; going back asks the previous one again.

        ``again``: ask the ``first`` item even if it is not wanted.
        """
        index, revisit = first, first + 1 if again else 0
        while index < len(items):
            item = items[index]
            went_back = (index < revisit or wanted(item)) and not self.ask_item(
                item, can_go_back=index > 0
            )
            if went_back:
                revisit = max(revisit, index)
                index -= 1
                continue
            index += 1

    def summary(self) -> str:
        """One line: how many items are in each state."""
        return tally_all(self.session, self.checklist)[1].summary()
