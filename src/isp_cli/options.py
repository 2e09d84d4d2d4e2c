"""The fixed choices of command-line options, which Typer checks and lists in --help."""

from __future__ import annotations

from enum import Enum


class DocFormat(str, Enum):  # isp render, isp agenda
    docx = "docx"
    md = "md"


class DiffFormat(str, Enum):  # isp diff
    text = "text"
    md = "md"


class ApprovalChoice(str, Enum):  # isp approve --status
    approved = "approved"
    awaiting_board = "awaiting-board"
    pending = "pending"
