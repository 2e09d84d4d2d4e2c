"""The session file: the answers given so far, as a typed model, loaded and saved safely.

The file's shape is a contract (README, "The session file"): people read, diff and
hand-edit it, and scripts write it.
"""

from __future__ import annotations

import datetime as dt
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from isp_cli.atomic import write_atomic
from isp_cli.checklist import Checklist, builtin_checklist
from isp_cli.errors import SessionError
from isp_cli.loading import read_document, validate, where
from isp_cli.session_upgrade import upgrade_document
from isp_cli.structured import StructuredParts
from isp_cli.structured_checks import check_structured
from isp_cli.vocabulary import (
    DEFAULT_TITLE,
    OTHER_TOPIC,
    PROTOCOL_STATUS_LABELS,
    REQUIRED_DISCIPLINES,
    SUFFIX,
    ApprovalStatus,
    Discipline,
    ProtocolStatus,
    Status,
    closest,
)
from isp_cli.yamlio import Document, dump

SCHEMA_VERSION = 2
# A 21-item session with long answers is well under 1 MB; 1,000 items with 1 MB of
# answers is the largest we plan for. Anything much bigger is not a session.
MAX_SESSION_BYTES = 20_000_000

_HINT = "Correct the session file (it is plain text) and try again."


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


def _text_or_number(value: Any) -> Any:
    # A hand-edited `version: 0.2` is a YAML number; it means the text "0.2".
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
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


class Agency(_Model):
    """A member agency and its representative for this protocol."""

    name: str = Field(min_length=1)
    discipline: Discipline
    representative: str = ""
    title: str = ""
    email: str = ""
    phone: str = ""
    approval: Approval | None = None

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


class Revision(_Model):
    """One row of the protocol's revision history."""

    version: str
    date: dt.date
    summary: str = ""
    items: list[str] = Field(default_factory=list)

    _coerce_version = field_validator("version", mode="before")(_text_or_number)


class Answer(_Model):
    """The task force's answer to one checklist item."""

    status: Status
    response: str = ""
    note: str = ""


class Kept(_Model):
    """A privacy warning the user answered with "Keep it as it is": not warned again."""

    where: str  # as isp check names it: "process.breach (answer)"
    text: str  # the text that looked personal


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

    def is_kept(self, where: str, text: str) -> bool:
        """The user chose to keep this text, which looks personal, at this place."""
        return any(k.where == where and k.text == text for k in self.kept)

    @model_validator(mode="after")
    def _final_needs_every_approval(self) -> Session:
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
    def start(cls, checklist: Checklist) -> Session:
        """A new, empty session for ``checklist``."""
        now = _now()
        return cls(isp=SCHEMA_VERSION, checklist=checklist.id, created=now, updated=now)

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


def load_session(path: Path) -> tuple[Session, Checklist]:
    """Load and validate a session file, and the checklist it was written against.

    Raises SessionError with the file, line, key path and what to do.
    """
    document = read_document(
        path, kind="session file", error=SessionError, max_bytes=MAX_SESSION_BYTES
    )
    return _from_document(document, path)


def load_answers(path: Path, checklist: Checklist | None = None) -> tuple[Session, Checklist]:
    """Load an answers file: a session file of which any part may be left out.

    Its answers are checked against ``checklist`` (default: the built-in one).
    """
    document = read_document(
        path, kind="answers file", error=SessionError, max_bytes=MAX_SESSION_BYTES
    )
    if isinstance(document.data, dict):
        document.data.setdefault("isp", SCHEMA_VERSION)
        document.data.setdefault("checklist", (checklist or builtin_checklist()).id)
    session, checklist = _from_document(document, path, checklist)
    session.created = session.updated = _now()
    return session, checklist


def _from_document(
    document: Document, path: Path, given: Checklist | None = None
) -> tuple[Session, Checklist]:
    _check_schema_version(document, path)
    upgrade_document(document, SCHEMA_VERSION, where(path, document.line_of(("isp",)), ("isp",)))
    session = validate(
        document, Session, source=path, kind="session file", error=SessionError, hint=_HINT
    )
    checklist = given or _checklist_for(session, document, path)
    _check_against(session, checklist, document, path)
    return session, checklist


def _check_schema_version(document: Document, path: Path) -> None:
    data = document.data
    if not isinstance(data, dict) or "isp" not in data:
        return  # validate() reports the shape or the missing key
    version = data["isp"]
    line = document.line_of(("isp",))
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SessionError(
            f"{where(path, line, ('isp',))}: the session schema version should be a whole "
            f"number such as {SCHEMA_VERSION}. {_HINT}"
        )
    if version > SCHEMA_VERSION:
        raise SessionError(
            f"{where(path, line, ('isp',))}: this session was made by a newer isp (schema "
            f"version {version}; this isp reads up to {SCHEMA_VERSION}). Upgrade isp to open it."
        )


def _checklist_for(session: Session, document: Document, path: Path) -> Checklist:
    if session.checklist_file is not None:
        return _custom_checklist(session, document, path)
    checklist = builtin_checklist()
    if session.checklist != checklist.id:
        raise SessionError(
            f"{where(path, document.line_of(('checklist',)), ('checklist',))}: the checklist "
            f"'{session.checklist}' is not known to isp; the built-in one is "
            f"'{checklist.id}'. {_HINT}"
        )
    return checklist


def _custom_checklist(session: Session, document: Document, path: Path) -> Checklist:
    """The checklist file the session names, found relative to the session's folder."""
    from isp_cli.checklist import load_checklist
    from isp_cli.errors import ChecklistError

    assert session.checklist_file is not None
    source = path.parent / session.checklist_file
    loc = ("checklist_file",)
    try:
        checklist = load_checklist(source)
    except ChecklistError as exc:
        raise SessionError(
            f"{where(path, document.line_of(loc), loc)}: this session uses the checklist "
            f"'{session.checklist}' from {source}, which isp cannot use: {exc}"
        ) from None
    if checklist.id != session.checklist:
        raise SessionError(
            f"{where(path, document.line_of(loc), loc)}: {source} is the checklist "
            f"'{checklist.id}', but this session was written for '{session.checklist}'. "
            "Point checklist_file at the right file."
        )
    return checklist


def _check_against(session: Session, checklist: Checklist, document: Document, path: Path) -> None:
    known = checklist.item_ids
    for item_id in session.items:
        if item_id not in checklist.item_ids:
            _unknown_item(item_id, ("items", item_id), checklist, document, path)
    for n, item_id in enumerate(session.skipped):
        if item_id not in known:
            _unknown_item(item_id, ("skipped", n), checklist, document, path)
    check_structured(session, lambda loc: where(path, document.line_of(loc), loc))
    topic = session.protocol.topic
    if topic is not None and topic != OTHER_TOPIC and checklist.topic(topic) is None:
        loc: tuple[str, ...] = ("protocol", "topic")
        choices = [t.id for t in checklist.topics] + [OTHER_TOPIC]
        raise SessionError(
            f"{where(path, document.line_of(loc), loc)}: '{topic}' is not a topic of the checklist"
            f"{_suggest(topic, choices)}; use one of: {', '.join(choices)}. {_HINT}"
        )


def _unknown_item(
    item_id: str, loc: tuple[str | int, ...], checklist: Checklist, document: Document, path: Path
) -> None:
    raise SessionError(
        f"{where(path, document.line_of(loc), loc)}: '{item_id}' is not an item of the checklist "
        f"'{checklist.id}'{_suggest(item_id, checklist.item_ids)}. "
        "Run 'isp checklist' to see the item ids."
    )


def _suggest(name: str, choices: list[str]) -> str:
    close = closest(name, choices)
    return f" (did you mean '{close}'?)" if close else ""


def save_session(session: Session, path: Path, checklist: Checklist) -> None:
    """Write the session atomically (temporary file, fsync, rename), owner-only."""
    session.updated = _now()
    text = (
        "# isp session file: the answers to the information sharing protocol checklist.\n"
        "# Plain YAML; edit with care and check with 'isp status FILE'.\n"
    ) + dump(session.to_data(checklist))
    try:
        write_atomic(path, text)
    except OSError as exc:
        raise SessionError(
            f"{path}: the session could not be saved ({exc.strerror or exc}). "
            "Check that the folder exists, is writable and the disk is not full."
        ) from None
