"""``isp review``: a review round over every item, a new version and a history entry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from isp_cli.commands.structured_text import part_lines, snapshot
from isp_cli.interview import command_questions, prompts
from isp_cli.invocation import isp_command
from isp_cli.model.vocabulary import STATE_LABELS

if TYPE_CHECKING:
    from isp_cli.model.session import Session


def review_session(*, file: Path) -> str:
    """Walk every item (keep with one key); a new version only if something changed.

    A review that changes nothing records the review date, and no new version.
    """
    from isp_cli.interview.items import Interview
    from isp_cli.model.session import Review
    from isp_cli.model.tally import item_state
    from isp_cli.storage.session_file import load_session

    prompts.require_terminal(
        "review", f"see each item's state with: {isp_command('status', file, '--json')}"
    )
    session, checklist = load_session(file)
    before = {item_id: _content(session, item_id) for item_id in checklist.item_ids}
    with Interview(session, checklist, file) as interview:
        prompts.rule(f"Review of {session.protocol.title or file}")
        prompts.say(
            f"Version {session.protocol.version}. For each item, keep it as it is "
            "(Enter) or change it."
        )
        for item in checklist.items:
            interview.show_item(item)
            answer = session.items.get(item.id)
            prompts.say(f"Now: {STATE_LABELS[item_state(session, item.id)]}", style="bold")
            if answer is not None and answer.response:
                prompts.say(answer.response)
            if answer is not None and answer.note:
                prompts.say(f"Note for the task force: {answer.note}", style="italic")
            for line in part_lines(session, item.id):
                prompts.say(line)
            if interview.ask(command_questions.review_keep(item)) == "change":
                interview.ask_item(item, show=False)
        changed = [
            item_id
            for item_id in checklist.item_ids
            if before[item_id] != _content(session, item_id)
        ]
        today = dt.date.today()
        session.review = (session.review or Review()).model_copy(update={"last_review": today})
        if not changed:
            interview.save()
            return (
                f"Review recorded on {today.isoformat()}: nothing changed, so the version "
                f"stays {session.protocol.version}."
            )
        summary = interview.ask(command_questions.review_summary(True)).strip()
        old_version = session.protocol.version
        session.amend(summary, changed, today)
        interview.save(summary)
    line = (
        f"Review recorded: version {old_version} -> {session.protocol.version}, "
        f"{len(changed)} item(s) changed."
    )
    if session.protocol.status == "draft" and session.agencies:
        line += " The amended protocol needs each agency's approval again (isp approve)."
    return line


def _content(session: Session, item_id: str) -> tuple[Any, ...] | None:
    """What counts as a change: the decision, the answer and the note (outer blank lines
    aside), and the item's structured part."""
    answer = session.items.get(item_id)
    part = snapshot(session, item_id)
    if answer is None:
        return None if part is None else (part,)
    return (answer.status, answer.response.strip(), answer.note.strip(), part)
