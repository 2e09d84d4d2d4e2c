"""The fixed words of isp: each vocabulary, its one set of labels, and the words the
document uses for them.

Each vocabulary is a Literal that pydantic checks in the session file and Typer
checks and lists on the command line, so a choice is defined once.
"""

from __future__ import annotations

from typing import Literal

SUFFIX = ".isp.yaml"  # the ending of a session file's name
DEFAULT_TITLE = "Information Sharing Protocol"  # a protocol whose topic is not known yet

# What the task force decided for an item.
Status = Literal["include", "discuss", "omit"]
DECISION_LABELS: dict[str, str] = {
    "include": "Include in the protocol",
    "discuss": "Discuss with the task force",
    "omit": "Leave out of this protocol",
    "skip": "Skip for now",
}

# The states an item can be in (a decision, or none yet), in the order reports show them.
ItemState = Literal["include", "discuss", "omit", "skipped", "unanswered"]
STATES: tuple[ItemState, ...] = ("include", "discuss", "omit", "skipped", "unanswered")
STATE_LABELS: dict[ItemState, str] = {
    "include": "Included",
    "discuss": "To discuss",
    "omit": "Left out",
    "skipped": "Skipped for now",
    "unanswered": "Unanswered",
}
# The same states as the protocol's Appendix A says them: the document speaks of
# the protocol ("Not included"), the screens of the item ("Left out").
DOCUMENT_STATE_LABELS: dict[ItemState, str] = {
    "include": "Included",
    "discuss": "To discuss",
    "omit": "Not included",
    "skipped": "Not yet answered",
    "unanswered": "Not yet answered",
}
# The protocol's checklist summary (Appendix A) marks each decided item.
SUMMARY_MARKS: dict[str, str] = {
    "include": "✓",
    "discuss": "Discuss",
    "omit": DOCUMENT_STATE_LABELS["omit"],
}

# The disciplines a member agency can belong to.
Discipline = Literal["law-enforcement", "victim-services", "prosecution", "other"]
DISCIPLINES: dict[Discipline, str] = {
    "law-enforcement": "Law enforcement",
    "victim-services": "Victim services",
    "prosecution": "Prosecution",
    "other": "Other",
}
REQUIRED_DISCIPLINES: tuple[Discipline, ...] = ("law-enforcement", "victim-services", "prosecution")

# Topics: the checklist's own, or one the task force describes.
OTHER_TOPIC = "other"

# What the task force decided for one of isp's general provisions (provisions.yaml).
ProvisionStatus = Literal["keep", "edit", "omit"]
# The same decisions as the protocol's appendix says them ("unconfirmed": none yet).
DOCUMENT_PROVISION_LABELS: dict[str, str] = {
    "unconfirmed": "Counsel to confirm",
    "keep": "Included",
    "edit": "Included (reworded)",
    "omit": DOCUMENT_STATE_LABELS["omit"],
}

# Where an agency stands on signing the protocol.
ApprovalStatus = Literal["approved", "awaiting-board", "pending"]
APPROVAL_LABELS: dict[ApprovalStatus, str] = {
    "pending": "Pending",
    "approved": "Approved",
    "awaiting-board": "Awaiting board or council approval",
}

# The protocol's own status, as the document and its properties say it.
ProtocolStatus = Literal["draft", "final"]
PROTOCOL_STATUS_LABELS: dict[ProtocolStatus, str] = {"draft": "Draft", "final": "Final"}

# The files isp writes: a document (isp render, isp agenda), and what isp diff shows.
DocumentFormat = Literal["docx", "md"]
DiffOutput = Literal["text", "md", "docx"]  # docx: a Word redline
ReportFormat = Literal["text", "md"]  # the report isp diff prints


def and_list(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def discipline_labels(disciplines: list[Discipline]) -> str:
    """'law enforcement and prosecution' for a list of discipline ids."""
    return and_list([DISCIPLINES[d].lower() for d in disciplines])


def closest(name: str, choices: list[str]) -> str | None:
    """The choice ``name`` was most likely meant to be, for a 'did you mean' hint."""
    import difflib

    found = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
    return found[0] if found else None
