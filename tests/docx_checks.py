"""Reading a rendered .docx back: text, structure and accessibility facts."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn

from isp_cli.document.docx_xml import contrast_on_white

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def open_docx(path: Path) -> Any:
    return docx.Document(str(path))


def body_text(document: Any) -> str:
    """Every paragraph's text, tables included, one per line."""
    lines = []
    for block in document.element.body.iter(qn("w:p")):
        pieces = []
        for element in block.iter(qn("w:t"), qn("w:br")):
            pieces.append("\n" if element.tag == qn("w:br") else element.text or "")
        lines.append("".join(pieces))
    return "\n".join(lines)


def headings(document: Any) -> list[tuple[int, str]]:
    return [
        (int(p.style.name.split()[-1]), p.text)
        for p in document.paragraphs
        if p.style is not None and p.style.name.startswith("Heading ")
    ]


def part(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name).decode("utf-8")


def style_color(style: Any) -> str | None:
    """The effective text colour of a style, following basedOn."""
    while style is not None:
        color = style.element.find(f"{qn('w:rPr')}/{qn('w:color')}")
        if color is not None and color.get(qn("w:val")) not in (None, "auto"):
            return str(color.get(qn("w:val")))
        style = style.base_style
    return None


def low_contrast(document: Any) -> list[str]:
    """Styles and runs in use whose text colour is below 4.5:1 on white."""
    problems = []
    seen = set()
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(cell.paragraphs)
    for section in document.sections:
        paragraphs.extend(section.header.paragraphs)
        paragraphs.extend(section.footer.paragraphs)
    for paragraph in paragraphs:
        style = paragraph.style
        if style is not None and style.name not in seen:
            seen.add(style.name)
            color = style_color(style)
            if color and contrast_on_white(color) < 4.5:
                problems.append(f"style {style.name}: {color}")
        for run in paragraph.runs:
            rgb = run.font.color.rgb if run.font.color and run.font.color.type else None
            if rgb is not None and contrast_on_white(str(rgb)) < 4.5:
                problems.append(f"run {run.text!r}: {rgb}")
    return problems
