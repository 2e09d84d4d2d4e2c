"""The fixed words of a session file: statuses, disciplines, the 'other' topic.

Kept apart from the models so that the interview can show its first question
before the heavier modules (pydantic) are loaded.
"""

from __future__ import annotations

from typing import Literal

Status = Literal["include", "discuss", "omit"]
Discipline = Literal["law-enforcement", "victim-services", "prosecution", "other"]
DISCIPLINES: dict[Discipline, str] = {
    "law-enforcement": "Law enforcement",
    "victim-services": "Victim services",
    "prosecution": "Prosecution",
    "other": "Other",
}
REQUIRED_DISCIPLINES: tuple[Discipline, ...] = ("law-enforcement", "victim-services", "prosecution")
OTHER_TOPIC = "other"
SUFFIX = ".isp.yaml"  # the ending of a session file's name
ApprovalStatus = Literal["pending", "approved", "awaiting-board"]
APPROVAL_LABELS: dict[ApprovalStatus, str] = {
    "pending": "Pending",
    "approved": "Approved",
    "awaiting-board": "Awaiting board or council approval",
}
