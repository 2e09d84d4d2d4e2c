"""The command line's options and arguments shared by several commands, and the fixed
choices Typer checks and lists in --help. Only cli.py and this module import typer."""

from pathlib import Path
from typing import Annotated

import typer

from isp_cli.model.vocabulary import DiffOutput, DocumentFormat

SessionFile = Annotated[
    Path | None, typer.Argument(help="The session file (*.isp.yaml).", show_default=False)
]
PlainOption = Annotated[
    bool,
    typer.Option(
        "--plain",
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
    DocumentFormat,
    typer.Option("--format", help="docx (Word) or md (Markdown).", case_sensitive=False),
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
AnswersOption = Annotated[
    Path | None,
    typer.Option(
        "--answers",
        help="Take answers from this file (same shape as a session file, any part of it).",
        show_default=False,
    ),
]
NoInputFlag = Annotated[
    bool, typer.Option("--no-input", help="Ask nothing; leave the rest unanswered.")
]
ChecklistOption = Annotated[
    Path | None,
    typer.Option(
        "--checklist",
        help="Use your own checklist file instead of the built-in one.",
        show_default=False,
    ),
]
EditedDocument = Annotated[
    Path | None,
    typer.Argument(help="The protocol (.docx) that counsel edited.", show_default=False),
]
AcceptAllFlag = Annotated[
    bool, typer.Option("--accept-all", help="Take every change without asking (scripts).")
]
DryRunFlag = Annotated[
    bool, typer.Option("--dry-run", help="Only show what changed; change nothing.")
]
DiffFormatOption = Annotated[
    DiffOutput,
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
