"""The session: the answers given so far, as typed models that forbid unknown keys.

Loading and saving a session file is in session_file.py.
"""

import datetime as dt
import hashlib
import json
import re
from datetime import datetime, timezone
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator

from isp_cli.model.checklist import Checklist
from isp_cli.model.structured import (
    AUTHORITIES_ITEM,
    BREACH_ITEM,
    FLOWS_ITEM,
    POINT_PERSONS_ITEM,
    StructuredParts,
)
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

SCHEMA_VERSION = 3
# The parts of the text that are not an item (record_changes, the revision history).
DETAILS_PART, AGENCIES_PART, PROVISIONS_PART = "details", "agencies", "provisions"
# The parts of the standard wording a session may hold its own text for.
WordingId = Literal["purpose", "scope", "definitions"]
WORDING: dict[WordingId, str] = {
    "purpose": "Purpose",
    "scope": "Scope",
    "definitions": "Definitions",
}
WORDING_PREFIX = "wording."  # their part names, and their anchors in the document
_ROLES = ("lead_agency", "coordinator")  # details added in schema 3's lifetime
PART_NAMES = {
    DETAILS_PART: "Protocol details",
    AGENCIES_PART: "Member agencies",
    PROVISIONS_PART: "General provisions",
    **{f"{WORDING_PREFIX}{key}": name for key, name in WORDING.items()},
}
# Where each structured part belongs (structured_data's keys).
STRUCTURED_ITEMS = {
    "flows": FLOWS_ITEM,
    "authorities": AUTHORITIES_ITEM,
    "point_persons": POINT_PERSONS_ITEM,
    "breach": BREACH_ITEM,
}
FIRST_DRAFT = (
    "Draft prepared from the task force's answers to the ECM information sharing protocol "
    "checklist."
)
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
    # The member agency that administers the task force, and who coordinates it (name,
    # title and employer, as the protocol prints them). Asked after the agencies.
    lead_agency: str | None = None
    coordinator: str | None = None

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
    """Where an agency stands on signing one version of the protocol.

    ``version`` and ``fingerprint`` say what it approved: the version, and the fingerprint of
    the protocol's text then (Session.text_fingerprint). A later change to the text
    makes the approval stale, however it was made.
    """

    status: ApprovalStatus = "pending"
    date: dt.date | None = None
    by: str = ""
    version: str | None = None  # None: the version the file is at (an answers file)
    fingerprint: str | None = None  # None: the text the file holds when it is read

    _coerce_version = field_validator("version", mode="before")(_text_or_number)
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
    # The legal party that signs, as in its contracts: "City of Metro, by and through its
    # Police Department" (blank: the agency's name).
    party: str = ""
    signatory: str = ""  # who signs for the agency (blank: a line to fill in by hand)
    signatory_title: str = ""

    @property
    def party_name(self) -> str:
        """The party that signs: its legal name, or the agency's name."""
        return self.party.strip() or self.name


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


class Accepted(_Model):
    """A contradiction the task force means (model.open_points): no longer open."""

    key: str = Field(min_length=1)  # the contradiction's own name, as open_points makes it
    note: str = Field(min_length=1)  # why, in the task force's words
    date: dt.date | None = None

    _plausible_date = field_validator("date", mode="after")(_sane_year)


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
    accepted: list[Accepted] = Field(default_factory=list)
    # The task force's own text for a part of the protocol's standard wording, by its id
    # (WORDING): counsel's edit brought back by isp import, or typed in the session.
    wording: dict[WordingId, str] = Field(default_factory=dict)

    def is_accepted(self, key: str) -> bool:
        """The task force accepted this contradiction, with a note."""
        return any(entry.key == key for entry in self.accepted)

    def is_kept(self, where: str, text: str) -> bool:
        """The user chose to keep this text, which looks personal, at this place."""
        return any(k.where == where and k.text == text for k in self.kept)

    _plausible_dates = field_validator("created", "updated", mode="after")(_sane_year)

    # What the text was when this session was read or last saved: record_changes
    # compares against it (None for a session made in memory, until it is saved).
    _saved_parts: dict[str, str] | None = PrivateAttr(default=None)
    # The model language of each general provision, as this isp ships it (a digest by
    # provision id; set when the session is read): part of the text a kept provision
    # prints, so that approvals of the old wording are stale after it changes.
    _shipped_wording: dict[str, str] = PrivateAttr(default_factory=dict)
    # Set by begin_amendment: the row of the next version the next change makes.
    _amendment: str | None = PrivateAttr(default=None)

    def stamp_approvals(self) -> None:
        """Approvals that do not say what they approved are of the text as it is now.

        For what could not say it: a file of schema version 2 (upgrades.py), and an
        answers file. A session file of schema 3 always says it; there, an approval
        without its fingerprint is stale (its text is not known).
        """
        for agency in self.agencies:
            approval = agency.approval
            if approval is None or approval.status == "pending":
                continue
            if approval.version is None:
                approval.version = self.protocol.version
            if approval.fingerprint is None and approval.version == self.protocol.version:
                approval.fingerprint = self.text_fingerprint()

    def unapproved(self) -> list[str]:
        """The agencies that have not approved the current version as it now reads."""
        text = self.text_fingerprint()
        return [a.name for a in self.agencies if not self.has_approved(a, text)]

    @classmethod
    def start(cls, checklist: Checklist) -> "Session":
        """A new, empty session for ``checklist``."""
        now = _now()
        return cls(isp=SCHEMA_VERSION, checklist=checklist.id, created=now, updated=now)

    # The text and its approvals ---------------------------------------------------------

    def text_parts(self) -> dict[str, str]:
        """A digest of each part of the protocol's text, by what the history calls it.

        The text is what the document says: the details, the member agencies and their
        signatories (not their approvals), each item's decision and answer with its
        structured part, the general provisions. Notes, drafts, approvals, privacy
        choices and the history are the task force's records, not the protocol's text.
        """
        roles = self.protocol.lead_agency or self.protocol.coordinator
        parts: dict[str, Any] = {
            DETAILS_PART: [
                self.protocol.model_dump(mode="json", exclude={"version", "status", *_ROLES}),
                self.review.interval_months if self.review else None,
                # Only once named, so that approvals made before these were asked hold.
                *([[self.protocol.lead_agency, self.protocol.coordinator]] if roles else []),
            ],
            AGENCIES_PART: [a.model_dump(mode="json", exclude={"approval"}) for a in self.agencies],
        }
        structured = _structured_by_item(self)
        for item_id in sorted(set(self.items) | set(self.skipped) | set(structured)):
            answer = self.items.get(item_id)
            parts[item_id] = [
                [answer.status, answer.response] if answer else None,
                item_id in self.skipped,
                structured.get(item_id),
            ]
        shipped = {
            provision_id: digest
            for provision_id, digest in self._shipped_wording.items()
            if provision_id not in self.provisions or self.provisions[provision_id].status == "keep"
        }
        parts[PROVISIONS_PART] = [
            {k: v.model_dump(mode="json") for k, v in self.provisions.items()},
            shipped,
        ]
        for key, text in self.wording.items():
            parts[f"{WORDING_PREFIX}{key}"] = text
        return {key: _digest(value) for key, value in parts.items()}

    def text_fingerprint(self) -> str:
        """One digest of the whole text: what an approval approved."""
        return _digest(sorted(self.text_parts().items()))

    def has_approved(self, agency: Agency, text: str | None = None) -> bool:
        """``agency`` approved this version of the protocol, as it now reads.

        ``text``: the text's fingerprint, when the caller has it (a digest of the whole
        text: a loop over the agencies computes it once).
        """
        approval = agency.approval
        return (
            approval is not None
            and approval.status == "approved"
            and not self.is_stale(approval, text)
        )

    def is_stale(self, approval: Approval, text: str | None = None) -> bool:
        """The approval was of another version or text than the protocol's now, or does
        not say which text it approved."""
        if approval.status == "pending":
            return False
        if approval.version != self.protocol.version:
            return True
        return approval.fingerprint != (text or self.text_fingerprint())

    def approval_for_now(self, status: ApprovalStatus, day: dt.date | None, by: str) -> Approval:
        """An approval of the protocol's current version and text."""
        if status == "pending":
            return Approval(status=status)
        return Approval(
            status=status,
            date=day,
            by=by,
            version=self.protocol.version,
            fingerprint=self.text_fingerprint(),
        )

    def version_is_settled(self) -> bool:
        """The current version is final, or an agency has decided on it: its text is
        what they saw, so a change to it makes the next version."""
        return self.protocol.status == "final" or any(
            a.approval is not None
            and a.approval.status != "pending"
            and a.approval.version == self.protocol.version
            for a in self.agencies
        )

    # The one rule for changes -----------------------------------------------------------

    def use_shipped_wording(self, wording: dict[str, str]) -> None:
        """The model language of the general provisions, by id (text or digest), as
        printed for the provisions kept or not yet decided."""
        self._shipped_wording = {key: _digest(text) for key, text in wording.items()}

    def mark_saved(self) -> None:
        """The text as it is now is what the file holds (after reading or saving)."""
        self._saved_parts = self.text_parts()

    def begin_amendment(self, summary: str) -> None:
        """Changes from here on make the next version (a review, an import), its row
        saying ``summary``; later changes in the same sitting are added to that row."""
        self._amendment = summary

    def record_changes(self, today: dt.date) -> list[str]:
        """Record what changed in the text since it was read or last saved.

        The one rule every change goes through (saving calls it, whatever made the
        change): a change to a version that is final or that an agency has decided on
        makes the next version, with a row of history; a change to a version still being
        drafted is added to that version's row. Approvals are never changed: those of an
        earlier version or text are stale (``is_stale``). Returns the parts changed.
        """
        now = self.text_parts()
        before, self._saved_parts = self._saved_parts, now
        if before is None:
            self.settle_status()
            return []
        changed = [key for key in _in_order(now, before) if before.get(key) != now.get(key)]
        if not changed:
            self.settle_status()
            return []
        if self._amendment is not None or self.version_is_settled():
            self.amend(self._amendment or self._amended_after(), changed, today)
            self._amendment = None
        elif self.history and self.history[-1].version == self.protocol.version:
            row = self.history[-1]
            row.items = [*row.items, *(key for key in changed if key not in row.items)]
        return changed

    def record_outside_changes(self, today: dt.date) -> bool:
        """Before a sitting changes anything: a text changed by hand since agencies
        decided on this version makes the next version (its row cannot say what
        changed). True if it did."""
        text = self.text_fingerprint()
        changed_by_hand = any(
            a.approval is not None
            and a.approval.status != "pending"
            and a.approval.version == self.protocol.version
            and a.approval.fingerprint not in (None, text)
            for a in self.agencies
        )
        if changed_by_hand:
            self.amend(self._amendment or self._amended_after(), [], today)
            self._amendment = None
        return changed_by_hand

    def _amended_after(self) -> str:
        old = self.protocol.version
        if self.protocol.status == "final":
            return f"Amended after version {old} was made final."
        return f"Amended after the member agencies began approving version {old}."

    def settle_status(self) -> None:
        """A final protocol that an agency has not approved (as it now reads) is a draft."""
        if self.protocol.status == "final" and self.unapproved():
            self.protocol.status = "draft"

    def amend(self, summary: str, items: list[str], today: dt.date) -> bool:
        """Make the next version, amending ``items``, with its row of history.

        An amended final protocol is a draft again. Approvals stay as they were recorded:
        they are of the version before, and every agency approves the new one. True if the
        protocol was final.
        """
        self._first_row(today)
        self.protocol.version = next_version(self.protocol.version)
        reopened = self.protocol.status == "final"
        if reopened:
            self.protocol.status = "draft"
        self.history.append(
            Revision(version=self.protocol.version, date=today, summary=summary, items=items)
        )
        self._saved_parts = self.text_parts()
        return reopened

    def version_made(self) -> dt.date | None:
        """The day the current version was made (its row of history, or the session's
        creation for a first draft), if known."""
        rows = [r for r in self.history if r.version == self.protocol.version]
        if rows:
            return rows[-1].date
        return self.created.date() if self.created and not self.history else None

    def make_final(self, day: dt.date) -> None:
        """Every agency approved this version as it reads: it is final (0.x becomes 1.0).

        The approvals are of this text, so they carry to its final number.
        """
        self._first_row(day)
        final = final_version(self.protocol.version)
        text = self.text_fingerprint()
        for agency in self.agencies:
            if agency.approval is not None and self.has_approved(agency, text):
                agency.approval.version = final
        self.protocol.version = final
        self.protocol.status = "final"
        self._saved_parts = self.text_parts()
        self.history.append(
            Revision(version=final, date=day, summary="Approved by every member agency; final.")
        )

    def _first_row(self, today: dt.date) -> None:
        """The first draft's row, so that the history starts at it."""
        if not self.history:
            first = (self.created.date() if self.created else None) or today
            self.history.append(
                Revision(version=self.protocol.version, date=first, summary=FIRST_DRAFT)
            )

    def rename_agency(self, old: str, new: str) -> None:
        """An agency's new name everywhere, the lead agency included."""
        super().rename_agency(old, new)
        if self.protocol.lead_agency == old:
            self.protocol.lead_agency = new

    def drop_agency(self, name: str, *, with_flows: bool) -> None:
        """Forget an agency everywhere; a lead agency that leaves is to be named again."""
        super().drop_agency(name, with_flows=with_flows)
        if self.protocol.lead_agency == name:
            self.protocol.lead_agency = None

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
        if self.wording:
            data["wording"] = dict(self.wording)
        if self.accepted:
            data["accepted"] = [entry.model_dump(exclude_none=True) for entry in self.accepted]
        if self.provisions:
            data["provisions"] = {
                key: answer.model_dump(exclude_defaults=True)
                for key, answer in self.provisions.items()
            }
        return data


def _structured_by_item(session: StructuredParts) -> dict[str, Any]:
    """Each structured part that holds something, by the item it is shown under."""
    data = session.structured_data()
    return {item: data[key] for key, item in STRUCTURED_ITEMS.items() if key in data}


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def _in_order(now: dict[str, str], before: dict[str, str]) -> list[str]:
    """Every key of either, in the order of ``now`` and then any that went away."""
    return [*now, *(key for key in before if key not in now)]


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
