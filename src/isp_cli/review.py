"""``isp review``: a review round over every item, a new version and a history entry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from isp_cli import prompts
from isp_cli.prompts import Choice, Question

if TYPE_CHECKING:
    from isp_cli.session import Session


def next_version(version: str) -> str:
    """0.3 -> 0.4, 1.0 -> 1.1, 2 -> 2.1; text that is not a number gets '.1'."""
    parts = version.split(".")
    if len(parts) >= 2 and parts[-1].isdigit():
        return ".".join([*parts[:-1], str(int(parts[-1]) + 1)])
    return f"{version}.1"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day where it is shorter)."""
    import calendar

    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_review(session: Session) -> dt.date | None:
    """When the next review is due, if the session has an interval."""
    review = session.review
    if review is None or review.interval_months is None:
        return None
    since = review.last_review or (session.created.date() if session.created else None)
    return add_months(since, review.interval_months) if since else None


def review_line(session: Session, today: dt.date | None = None) -> str | None:
    """'Next review due by 2027-11-18.' or an overdue warning; None without a schedule."""
    due = next_review(session)
    if due is None:
        return None
    today = today or dt.date.today()
    if due < today:
        return (
            f"The protocol's review is overdue: it was due by {due:%B} {due.day}, {due.year}. "
            "Start one with: isp review FILE"
        )
    return f"Next review due by {due:%B} {due.day}, {due.year}."


def review_session(*, file: Path) -> str:
    """Walk every item (keep with one key), then version, history and review date."""
    from isp_cli.interview import Interview
    from isp_cli.session import Review, Revision, load_session

    prompts.require_terminal("review")
    session, checklist = load_session(file)
    before = {item_id: answer.model_copy() for item_id, answer in session.items.items()}
    with Interview(session, checklist, file) as interview:
        try:
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
                choice = prompts.ask(
                    Question(
                        f"review.{item.id}",
                        "select",
                        "Keep this item as it is?",
                        default="keep",
                        choices=[Choice("Keep it", "keep"), Choice("Change it", "change")],
                    )
                )
                if choice == "change":
                    interview.ask_item(item)
            changed = [
                item_id
                for item_id in checklist.item_ids
                if before.get(item_id) != session.items.get(item_id)
            ]
            summary = prompts.ask(
                Question(
                    "review.summary",
                    "text",
                    "One line for the revision history (what this review changed):",
                    default="Reviewed; no changes." if not changed else "",
                )
            ).strip()
        except KeyboardInterrupt:
            raise interview.interrupted() from None
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
