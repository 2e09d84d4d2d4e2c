"""The review schedule's arithmetic: months, due dates, long dates.

Imports nothing of isp's above the session model, so that every layer can use it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from isp_cli.model.session import Session


def long_date(day: dt.date) -> str:
    """'November 25, 2026'."""
    return f"{day:%B} {day.day}, {day.year}"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day where it is shorter)."""
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
    """'Next review due by November 18, 2027.' or an overdue warning; None without a schedule."""
    due = next_review(session)
    if due is None:
        return None
    today = today or dt.date.today()
    if due < today:
        return (
            f"The protocol's review is overdue: it was due by {long_date(due)}. "
            "Start one with: isp review FILE"
        )
    return f"Next review due by {long_date(due)}."
