"""A scripted user (the ``user`` fixture's), and the steps of the interview it answers.

A step is (a pattern for the question's key, the answer): the answer is returned as it
is, called with the question if it is callable, or raised if it is an exception.
"""

from __future__ import annotations

import re
from typing import Any

from isp_cli.interview.questions import DONE, NOT_DECIDED, Question

Steps = list[tuple[str, Any]]


class Script:
    """A scripted user: answers questions in order, checking each question's key."""

    def __init__(self, steps: Steps) -> None:
        self.steps = list(steps)
        self.asked: list[Question] = []
        self.said: list[str] = []

    def ask(self, question: Question, **_: Any) -> Any:
        self.asked.append(question)
        assert self.steps, f"unexpected question {question.key!r}: the script has ended"
        pattern, answer = self.steps.pop(0)
        assert re.fullmatch(pattern, question.key), f"asked {question.key!r}, expected {pattern!r}"
        if isinstance(answer, BaseException) or (
            isinstance(answer, type) and issubclass(answer, BaseException)
        ):
            raise answer
        if callable(answer):
            return answer(question)
        return answer

    def say(self, text: str = "", *, style: str | None = None) -> None:
        self.said.append(text)

    def rule(self, title: str) -> None:
        self.said.append(f"-- {title}")

    def command(self, intro: str, line: str) -> None:
        self.said.append(f"{intro}\n  {line}")


DETAILS: Steps = [
    ("protocol.task_force", "Metro Area Anti-Trafficking Task Force"),
    ("protocol.topic", "victim-referrals"),
    ("protocol.title", lambda q: q.default),
    ("protocol.jurisdiction", "Metro County, Ohio"),
]


def agency(name: str, discipline: str) -> Steps:
    return [
        ("agency.name", name),
        ("agency.discipline", discipline),
        ("agency.representative", f"Rep of {name}"),
        ("agency.title", "Director"),
    ]


AGENCIES: Steps = [
    *agency("Metro Police Department", "law-enforcement"),
    ("agency.another", True),
    *agency("Safe Harbor Services", "victim-services"),
    ("agency.another", True),
    *agency("County Prosecutor", "prosecution"),
    ("agency.another", False),
]


def structured_done(item_id: str, disciplines: int = 3) -> Steps:
    """The steps that leave an item's structured part as it is (structured_interview.py)."""
    keep: Steps = [("authorities.federal", lambda q: q.default)] * disciplines
    return {
        "shared.details": [("flows.menu", DONE)],
        "shared.providers_recipients": [("flows.menu", DONE)],
        "shared.circumstances_exceptions": [("flows.menu", DONE)],
        "requirements.mandates": [*keep, ("authorities.local", DONE)],
        "process.responsible": [("point_persons.menu", DONE)],
        "process.breach": [("breach.menu", DONE)],
    }.get(item_id, [])


def include(item_id: str, text: str, note: str = "") -> Steps:
    """Include an item with ``text``, leaving its structured part as it is."""
    steps: Steps = [
        (f"{item_id}.status", "include"),
        (f"{item_id}.response", text),
    ]
    if item_id == "intro.review_schedule":
        steps.append(("review.interval", "12"))
    return [*steps, *structured_done(item_id), (f"{item_id}.note", note)]


PROVISION_IDS = [
    "term", "legal_status", "outside_requests", "retention", "oversight", "minors", "publishing",
    "emergency", "joining", "own_staff", "notices", "precedence", "governing_law",
    "severability", "counterparts",
]  # fmt: skip


def closing(agencies: int) -> Steps:
    """After the items: every general provision left for later, the lead agency not
    decided, no coordinator and no signatory named."""
    steps: Steps = [(f"provisions.{p}.status", "skip") for p in PROVISION_IDS]
    roles: Steps = [("protocol.lead_agency", NOT_DECIDED), ("protocol.coordinator", "")]
    return (
        steps
        + (roles if agencies else [])
        + [
            ("agency.party", ""),
            ("agency.signatory", ""),
            ("agency.signatory_title", ""),
        ]
        * agencies
    )
