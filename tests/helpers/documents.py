"""Word documents the tests give isp: a letterhead to take styles and a header from."""

from __future__ import annotations

from pathlib import Path

import docx


def letterhead(path: Path) -> Path:
    """A style document with a header, a body isp must not copy, and Georgia as Normal."""
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "METRO TASK FORCE LETTERHEAD"
    document.add_paragraph("This body text must not appear in the protocol.")
    document.styles["Normal"].font.name = "Georgia"
    document.save(str(path))
    return path
