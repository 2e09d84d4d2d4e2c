"""The interview: protocol details, member agencies and every checklist item.

Every answer is saved to the session file before the next question appears. An
Interview is the one place where Ctrl-C becomes "stopped": leaving it on a
KeyboardInterrupt raises Interrupted, saying what is saved and how to go on.
"""

from __future__ import annotations

import os
import shlex
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType

from isp_cli import prompts, questions
from isp_cli.checklist import Checklist, Item
from isp_cli.errors import Interrupted, SaveFailedError
from isp_cli.privacy import describe, scan
from isp_cli.saving import SessionWriter, refuse_existing
from isp_cli.session import Agency, Answer, Review, Session, default_filename
from isp_cli.tally import tally_all
from isp_cli.vocabulary import DISCIPLINES, OTHER_TOPIC, discipline_labels


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

    def __enter__(self) -> Interview:
        if self._pending is not None:
            self.name_file(self._pending)
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
            self.session.checklist_file = os.path.relpath(
                self.session.checklist_file, path.resolve().parent
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
        """The one-line message for Ctrl-C: what is saved and how to go on."""
        if self.path is None or not self.path.exists():
            return Interrupted("Stopped before anything was saved. To start again: isp new")
        _, total = tally_all(self.session, self.checklist)
        return Interrupted(
            f"Stopped. Everything answered so far ({total.answered} of {total.total} items) "
            f"is saved in {self.path}. To continue: isp resume {shlex.quote(str(self.path))}"
        )

    def ask_everything(self) -> None:
        """The whole interview: what is missing of the details, the agencies, every item."""
        prompts.rule("Protocol details")
        self.ask_details()
        if not self.session.items and not self.session.skipped:
            self.ask_agencies()
        self.ask_items()
        self.ask_closing()

    def ask_closing(self) -> None:
        """After the items: the general provisions; the first time, who signs for each agency."""
        from isp_cli.provisions_interview import ask_provisions, ask_signatories

        if ask_provisions(self.session, self.checklist, self.save):
            ask_signatories(self.session, self.save)

    # Protocol details -----------------------------------------------------------

    def ask_details(self, *, everything: bool = False) -> None:
        """Ask the protocol details that are missing (or all of them, to edit)."""
        protocol = self.session.protocol
        if everything or not protocol.task_force:
            protocol.task_force = prompts.ask(questions.task_force(protocol)).strip()
            self.save(protocol.task_force)
        if everything or not protocol.topic:
            chosen = prompts.ask(questions.topic(protocol, self.checklist))
            if chosen == OTHER_TOPIC:
                protocol.topic_description = prompts.ask(
                    questions.topic_description(protocol)
                ).strip()
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
            prompts.say(f"Your answers are saved as you go in {self.path}.")
        if everything or not protocol.title:
            protocol.title = prompts.ask(questions.title(protocol, self.checklist)).strip()
            self.save(protocol.title)
        if everything or not protocol.jurisdiction:
            protocol.jurisdiction = prompts.ask(questions.jurisdiction(protocol)).strip()
            self.save(protocol.jurisdiction)

    # Member agencies ------------------------------------------------------------

    def ask_agency(self, index: int | None = None) -> None:
        """Add an agency, or change the one at ``index``; saved when complete."""
        current = self.session.agencies[index] if index is not None else None
        values = {q.key.split(".")[1]: prompts.ask(q) for q in questions.agency_fields(current)}
        fields = {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}
        # Changing an agency keeps what the interview does not ask (contacts, approval).
        agency = Agency(**((current.model_dump() if current else {}) | fields))
        if index is None:
            self.session.agencies.append(agency)
        else:
            self.session.agencies[index] = agency
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
            while prompts.ask(questions.add_another(len(self.session.agencies))):
                self.ask_agency()
            missing = self.session.missing_disciplines()
            if not missing:
                return
            labels = discipline_labels(missing)
            if prompts.ask(questions.missing_disciplines(labels)) != "add":
                return
            self.ask_agency()

    # Checklist items ------------------------------------------------------------

    def ask_item(self, item: Item) -> None:
        """Show one item and record the decision, the answer and the note."""
        section = self.checklist.section_of(item.id)
        position = self.checklist.item_ids.index(item.id) + 1
        prompts.rule(f"[{position}/{len(self.checklist.item_ids)}] {section.title}")
        prompts.say(item.text, style="bold")
        if item.guidance:
            prompts.say(f"Examples: {item.guidance}")
        prompts.say(f"Why it matters: {item.help}", style="italic")
        current = self.session.items.get(item.id)
        skipped = item.id in self.session.skipped
        decision = prompts.ask(questions.status(item, current, skipped))
        if decision == "skip":
            if current is None and not skipped:
                self.session.skipped.append(item.id)
                self.save()
            return
        text = self.ask_response(item, decision, current.response if current else "")
        answer = Answer(status=decision, response=text, note=current.note if current else "")
        self.session.items[item.id] = answer
        if item.id in self.session.skipped:
            self.session.skipped.remove(item.id)
        self.save(text)
        if item.id == questions.REVIEW_ITEM:
            self.ask_review_interval()
        answer.note = prompts.ask(questions.note(item, answer.note)).strip()
        self.save(answer.note)

    def ask_review_interval(self) -> None:
        """The review schedule's structured companion: months between reviews."""
        review = self.session.review or Review()
        months = int(prompts.ask(questions.review_interval(review.interval_months)))
        self.session.review = review.model_copy(update={"interval_months": months})
        self.save()

    def ask_response(self, item: Item, decision: str, current: str) -> str:
        """The answer text; for 'omit', the current text is kept unasked."""
        if decision == "omit":
            return current
        while True:
            text: str = prompts.ask(questions.response(item, decision, current)).strip("\n")
            findings = scan(text)
            if not findings:
                return text
            prompts.say(
                f"Careful: this answer seems to contain {describe(findings)}. A protocol is "
                "shared among agencies and describes policy: it should never identify a "
                "victim or any other individual.",
                style="yellow",
            )
            if prompts.ask(questions.keep_personal_information(findings[0].label)) == "keep":
                return text
            current = text

    def ask_items(self) -> None:
        """Every item without a decision, then the ones skipped for now."""
        first_pass = [
            item
            for item in self.checklist.items
            if item.id not in self.session.items and item.id not in self.session.skipped
        ]
        for item in first_pass:
            self.ask_item(item)
        later = [item for item in self.checklist.items if item.id in self.session.skipped]
        if later:
            prompts.rule("Items you skipped")
            prompts.say(f"{len(later)} item(s) were skipped for now. Here they are again.")
        for item in later:
            self.ask_item(item)

    def summary(self) -> str:
        """One line: how many items are in each state."""
        return tally_all(self.session, self.checklist)[1].summary()
