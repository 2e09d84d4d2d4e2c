"""``isp review``: a review round over every item, a new version and a history entry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from isp_cli import prompts, questions
from isp_cli.schedule import next_version


def review_session(*, file: Path) -> str:
    """Walk every item (keep with one key), then version, history and review date."""
    from isp_cli.interview import Interview
    from isp_cli.session import Review, Revision, load_session

    prompts.require_terminal("review")
    session, checklist = load_session(file)
    before = {item_id: answer.model_copy() for item_id, answer in session.items.items()}
    with Interview(session, checklist, file) as interview:
        prompts.rule(f"Review of {session.protocol.title or file}")
        prompts.say(
            f"Version {session.protocol.version}. For each item, keep the current answer "
            "(Enter) or change it."
        )
        for item in checklist.items:
            answer = session.items.get(item.id)
            prompts.rule(f"{item.id}: {item.heading}")
            if answer is None:
                prompts.say("Not answered yet.")
            else:
                prompts.say(f"Decision: {answer.status}")
                if answer.response:
                    prompts.say(answer.response)
            if prompts.ask(questions.review_keep(item)) == "change":
                interview.ask_item(item)
        changed = [
            item_id
            for item_id in checklist.item_ids
            if before.get(item_id) != session.items.get(item_id)
        ]
        summary = prompts.ask(questions.review_summary(bool(changed))).strip()
        today = dt.date.today()
        old_version = session.protocol.version
        session.protocol.version = next_version(old_version)
        if changed and session.protocol.status == "final":
            # An amended protocol needs every agency's approval again.
            for agency in session.agencies:
                agency.approval = None
            session.protocol.status = "draft"
        session.history.append(
            Revision(version=session.protocol.version, date=today, summary=summary, items=changed)
        )
        session.review = (session.review or Review()).model_copy(update={"last_review": today})
        interview.save(summary)
    line = (
        f"Review recorded: version {old_version} -> {session.protocol.version}, "
        f"{len(changed)} item(s) changed."
    )
    if changed and session.protocol.status == "draft" and session.agencies:
        line += " The amended protocol needs each agency's approval again (isp approve)."
    return line
