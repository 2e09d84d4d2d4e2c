"""The command line's options and arguments shared by several commands, and the fixed
choices Typer checks and lists in --help. Only cli.py and this module import typer."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from isp_cli import prompts


class DocFormat(str, Enum):  # isp render, isp agenda
    docx = "docx"
    md = "md"


class DiffFormat(str, Enum):  # isp diff
    text = "text"
    md = "md"
    docx = "docx"


class ApprovalChoice(str, Enum):  # isp approve --status
    approved = "approved"
    awaiting_board = "awaiting-board"
    pending = "pending"


SessionFile = Annotated[
    Path | None, typer.Argument(help="The session file (*.isp.yaml).", show_default=False)
]
PlainOption = Annotated[
    bool,
    typer.Option(
        "--plain",
        callback=prompts.set_plain,
        help="For screen readers and simple terminals: no colour, no redraws, choices by "
        "number (also when TERM=dumb).",
    ),
]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
OutOption = Annotated[
    Path | None,
    typer.Option(
        "-o", "--out", help="Where to write (default: beside the session).", show_default=False
    ),
]
DocFormatOption = Annotated[
    DocFormat, typer.Option("--format", help="docx (Word) or md (Markdown).", case_sensitive=False)
]
ForceOption = Annotated[
    bool, typer.Option("--force", help="Replace OUT even if someone edited it since isp wrote it.")
]
ReferenceOption = Annotated[
    Path | None,
    typer.Option(
        "--reference-docx",
        help="Use this Word document's styles, page setup, header and footer (letterhead).",
        show_default=False,
    ),
]
TemplateOption = Annotated[
    Path | None,
    typer.Option("--template", help="Your own protocol template (FILE.md.j2).", show_default=False),
]
DiffFormatOption = Annotated[
    DiffFormat,
    typer.Option(
        "--format",
        help="text; md for email; docx: a Word redline, every change a tracked change.",
        case_sensitive=False,
    ),
]
RedlineOutOption = Annotated[
    Path | None,
    typer.Option(
        "-o",
        "--out",
        help="With --format docx: where to write (default: NEW's name + -redline.docx).",
        show_default=False,
    ),
]
