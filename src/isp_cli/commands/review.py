"""``isp review``: a review round over every item, a new version and a history entry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from isp_cli.commands.structured_text import part_lines
from isp_cli.interview import command_questions, prompts
from isp_cli.invocation import isp_command
from isp_cli.model.vocabulary import STATE_LABELS


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
    old_version = session.protocol.version
    # A review that changes anything makes the next version: the first change opens it.
    session.begin_amendment("Reviewed.")
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
        today = dt.date.today()
        session.review = (session.review or Review()).model_copy(update={"last_review": today})
        interview.save()  # records the last change, which opens the new version
        if session.protocol.version == old_version:
            return (
                f"Review recorded on {today.isoformat()}: nothing in the protocol's text changed, "
                f"so the version stays {old_version}."
            )
        summary = interview.ask(command_questions.review_summary(True)).strip()
        row = session.history[-1]  # the new version's, opened by the first change
        row.summary, row.date = summary or row.summary, today
        interview.save(summary)
    changed = row.items
    line = (
        f"Review recorded: version {old_version} -> {session.protocol.version}, "
        f"{len(changed)} part{'' if len(changed) == 1 else 's'} of the protocol changed."
    )
    if session.agencies:
        line += (
            f" Approvals of version {old_version} do not carry over: each agency approves "
            f"version {session.protocol.version} ({isp_command('approve', file)})."
        )
    return line
