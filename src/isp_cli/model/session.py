"""The session: the answers given so far, as typed models that forbid unknown keys.

Loading and saving a session file is in session_file.py.
"""

import datetime as dt
import re
from datetime import datetime, timezone
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from isp_cli.model.checklist import Checklist
from isp_cli.model.structured import StructuredParts
from isp_cli.model.vocabulary import (
    DEFAULT_TITLE,
    OTHER_TOPIC,
    PROTOCOL_STATUS_LABELS,
    REQUIRED_DISCIPLINES,
    SUFFIX,
    ApprovalStatus,
    Discipline,
    ProtocolStatus,
    ProvisionStatus,
    Status,
)

SCHEMA_VERSION = 2
# A 21-item session with long answers is well under 1 MB; 1,000 items with 1 MB of
# answers is the largest we plan for. Anything much bigger is not a session.
MAX_SESSION_BYTES = 20_000_000


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


def _text_or_number(value: Any) -> Any:
    # A hand-edited `version: 0.2` is a YAML number; it means the text "0.2".
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


# Dates isp can do arithmetic on: a review in year 9999 plus 12 months, or year 1
# with a time zone, would overflow Python's dates.
FIRST_YEAR, LAST_YEAR = 1900, 2999


def _sane_year(value: Any) -> Any:
    if isinstance(value, dt.date) and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(
            f"the year {value.year} is not a plausible date for a protocol "
            f"(isp accepts years {FIRST_YEAR} to {LAST_YEAR})"
        )
    return value


class Protocol(_Model):
    """What the protocol is: who writes it, on what topic, where. None = not answered yet."""

    task_force: str | None = None
    title: str | None = None
    topic: str | None = None
    topic_description: str | None = None
    jurisdiction: str | None = None
    version: str = "0.1"
    status: ProtocolStatus = "draft"

    _coerce_version = field_validator("version", mode="before")(_text_or_number)

    @property
    def is_draft(self) -> bool:
        """Not yet final: the document is marked as a draft."""
        return self.status != "final"

    @property
    def status_label(self) -> str:
        """'Draft' or 'Final'."""
        return PROTOCOL_STATUS_LABELS[self.status]

    def topic_name(self, checklist: Checklist) -> str:
        """The topic's short name: the checklist's title for it, or the user's description."""
        found = checklist.topic(self.topic or "")
        return found.title if found else (self.topic_description or "").strip()

    def default_title(self, checklist: Checklist) -> str:
        """'Information Sharing Protocol - Victim Referrals' and the like."""
        name = self.topic_name(checklist)
        return f"{DEFAULT_TITLE} - {name}" if name else DEFAULT_TITLE

    def display_title(self, checklist: Checklist) -> str:
        """The title, or the default one while the protocol has none."""
        return self.title or self.default_title(checklist)


class Approval(_Model):
    """Where an agency stands on signing the protocol."""

    status: ApprovalStatus = "pending"
    date: dt.date | None = None
    by: str = ""

    _plausible_date = field_validator("date", mode="after")(_sane_year)


class Agency(_Model):
    """A member agency and its representative for this protocol."""

    name: str = Field(min_length=1)
    discipline: Discipline
    representative: str = ""
    title: str = ""
    email: str = ""
    phone: str = ""
    approval: Approval | None = None
    signatory: str = ""  # who signs for the agency (blank: a line to fill in by hand)
    signatory_title: str = ""

    @property
    def approval_status(self) -> ApprovalStatus:
        """Where the agency stands; pending until something is recorded."""
        return self.approval.status if self.approval else "pending"

    @property
    def approved(self) -> bool:
        """The agency has approved the protocol."""
        return self.approval_status == "approved"


class Review(_Model):
    """When the protocol is reviewed."""

    interval_months: int | None = Field(default=None, ge=1, le=120)
    last_review: dt.date | None = None

    _plausible_date = field_validator("last_review", mode="after")(_sane_year)


class Revision(_Model):
    """One row of the protocol's revision history."""

    version: str
    date: dt.date
    summary: str = ""
    items: list[str] = Field(default_factory=list)

    _coerce_version = field_validator("version", mode="before")(_text_or_number)
    _plausible_date = field_validator("date", mode="after")(_sane_year)


class Answer(_Model):
    """The task force's answer to one checklist item."""

    status: Status
    response: str = ""
    note: str = ""


class Kept(_Model):
    """A privacy warning the user answered with "Keep it as it is": not warned again."""

    where: str  # as isp check names it: "process.breach (answer)"
    text: str  # the text that looked personal


class ProvisionAnswer(_Model):
    """The task force's decision on one general provision (provisions.yaml)."""

    status: ProvisionStatus
    text: str = ""  # the task force's own wording, when it changed the model language
    values: dict[str, int | dt.date] = Field(default_factory=dict)


class Session(StructuredParts):
    """Everything answered so far for one protocol (schema 2 adds the structured parts)."""

    isp: int
    checklist: str
    checklist_version: str | None = None
    checklist_file: str | None = None
    created: datetime | None = None
    updated: datetime | None = None
    protocol: Protocol = Field(default_factory=Protocol)
    agencies: list[Agency] = Field(default_factory=list)
    items: dict[str, Answer] = Field(default_factory=dict)
    skipped: list[str] = Field(default_factory=list)
    review: Review | None = None
    history: list[Revision] = Field(default_factory=list)
    # Text typed into a field but not finished (Ctrl-C, go back, a pause in typing),
    # by the field's key ("process.breach.response"); filled in when it is asked again.
    drafts: dict[str, str] = Field(default_factory=dict)
    kept: list[Kept] = Field(default_factory=list)
    provisions: dict[str, ProvisionAnswer] = Field(default_factory=dict)

    def is_kept(self, where: str, text: str) -> bool:
        """The user chose to keep this text, which looks personal, at this place."""
        return any(k.where == where and k.text == text for k in self.kept)

    _plausible_dates = field_validator("created", "updated", mode="after")(_sane_year)

    @model_validator(mode="after")
    def _final_needs_every_approval(self) -> "Session":
        if self.protocol.status == "final":
            pending = [a.name for a in self.agencies if not a.approved]
            if pending:
                raise ValueError(
                    "the protocol is marked final, but these agencies have not approved it: "
                    + ", ".join(pending)
                    + " (record approvals with 'isp approve', or set the status back to draft)"
                )
        return self

    @classmethod
    def start(cls, checklist: Checklist) -> "Session":
        """A new, empty session for ``checklist``."""
        now = _now()
        return cls(isp=SCHEMA_VERSION, checklist=checklist.id, created=now, updated=now)

    def amend(self, summary: str, items: list[str], today: dt.date) -> bool:
        """Record an amendment of ``items``: the next version and a row of history.

        An amended final protocol is a draft again, and every approval is cleared: the
        agencies approved the text before it. True if that happened.
        """
        self.protocol.version = next_version(self.protocol.version)
        reopened = self.protocol.status == "final"
        if reopened:
            for agency in self.agencies:
                agency.approval = None
            self.protocol.status = "draft"
        self.history.append(
            Revision(version=self.protocol.version, date=today, summary=summary, items=items)
        )
        return reopened

    def missing_disciplines(self) -> list[Discipline]:
        """The core disciplines no member agency belongs to."""
        present = {agency.discipline for agency in self.agencies}
        return [d for d in REQUIRED_DISCIPLINES if d not in present]

    def to_data(self, checklist: Checklist) -> dict[str, Any]:
        """The session as plain data in the file's order (items in checklist order)."""
        data: dict[str, Any] = {"isp": self.isp, "checklist": self.checklist}
        if self.checklist_file is not None:
            data["checklist_version"] = self.checklist_version
            data["checklist_file"] = self.checklist_file
        for stamp in ("created", "updated"):
            value = getattr(self, stamp)
            if value is not None:
                data[stamp] = value.isoformat(timespec="seconds")
        data["protocol"] = self.protocol.model_dump(exclude_none=True)
        # Fields without a default (name, discipline, status) are always written.
        data["agencies"] = [agency.model_dump(exclude_defaults=True) for agency in self.agencies]
        order = {item_id: n for n, item_id in enumerate(checklist.item_ids)}
        items = {
            item_id: self.items[item_id].model_dump(exclude_defaults=True)
            for item_id in sorted(self.items, key=lambda i: order.get(i, len(order)))
        }
        data["items"] = items
        data.update(self.structured_data())
        if self.skipped:
            data["skipped"] = list(self.skipped)
        if self.review is not None:
            data["review"] = self.review.model_dump(exclude_none=True)
        if self.history:
            data["history"] = [entry.model_dump(exclude_defaults=True) for entry in self.history]
        if self.drafts:
            data["drafts"] = dict(self.drafts)
        if self.kept:
            data["kept"] = [kept.model_dump() for kept in self.kept]
        if self.provisions:
            data["provisions"] = {
                key: answer.model_dump(exclude_defaults=True)
                for key, answer in self.provisions.items()
            }
        return data


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def default_filename(protocol: Protocol) -> str:
    """``metro-area-anti-trafficking-task-force-victim-referrals.isp.yaml``."""
    parts = [protocol.task_force or "protocol"]
    if protocol.topic and protocol.topic != OTHER_TOPIC:
        parts.append(protocol.topic)
    elif protocol.topic_description:
        parts.append(protocol.topic_description)
    stem = "-".join(_slug(part) for part in parts if _slug(part)) or "protocol"
    return stem[:80].rstrip("-") + SUFFIX


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def next_version(version: str) -> str:
    """0.3 -> 0.4, 1.0 -> 1.1, 2 -> 2.1; text that is not a number gets '.1'."""
    parts = version.split(".")
    if len(parts) >= 2 and parts[-1].isdigit():
        return ".".join([*parts[:-1], str(int(parts[-1]) + 1)])
    return f"{version}.1"


def final_version(version: str) -> str:
    """A draft 0.x becomes 1.0; a later version stays as it is."""
    major = version.split(".", 1)[0]
    return "1.0" if not major.isdigit() or int(major) < 1 else version
