"""Reading a rendered .docx back: text, structure and accessibility facts."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn

from isp_cli.document.docx.ooxml import contrast_on_white

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


def _mark(element: Any, place: str, kind: str) -> bool:
    """Whether a paragraph's mark (place "p") or a row (place "tr") is marked ``kind``."""
    props = element.find(f"{W}pPr/{W}rPr" if place == "p" else f"{W}trPr")
    return props is not None and props.find(f"{W}{kind}") is not None


def resolve_changes(path: Path, *, accept: bool) -> Any:
    """The body of a redline with every tracked change accepted (or rejected), as Word's
    Accept All (Reject All) leaves it: the kept marks' content unwrapped, the others'
    content gone, with the paragraphs and rows they marked."""
    from lxml import etree

    root = etree.fromstring(part(path, "word/document.xml").encode("utf-8"))
    body = root.find(f"{W}body")
    gone, kept = ("del", "ins") if accept else ("ins", "del")
    _remove_marked(body, gone)
    for wrapper in list(body.iter(f"{W}{kept}", f"{W}{gone}")):
        parent = wrapper.getparent()
        if parent.tag in (f"{W}rPr", f"{W}trPr"):
            parent.remove(wrapper)
        else:
            for child in wrapper:
                wrapper.addprevious(child)
            parent.remove(wrapper)
    for text in body.iter(f"{W}delText", f"{W}delInstrText"):
        text.tag = f"{W}t" if text.tag == f"{W}delText" else f"{W}instrText"
    return body


def _remove_marked(body: Any, gone: str) -> None:
    """Remove what is marked ``gone`` (ins or del) with its content: the rows (and tables
    left without one), the runs, and the paragraphs whose mark is gone."""
    from lxml import etree

    for row in list(body.iter(f"{W}tr")):
        if _mark(row, "tr", gone):
            row.getparent().remove(row)
    for table in list(body.iter(f"{W}tbl")):
        if table.find(f"{W}tr") is None:
            table.getparent().remove(table)
    for wrapper in list(body.iter(f"{W}{gone}")):
        if wrapper.getparent().tag not in (f"{W}rPr", f"{W}trPr"):
            wrapper.getparent().remove(wrapper)
    for paragraph in list(body.iter(f"{W}p")):
        if _mark(paragraph, "p", gone):
            # Its mark is gone: it joins the next paragraph, and its content was all
            # marked the same way, so nothing of it is left.
            assert "".join(paragraph.itertext()) == "", etree.tostring(paragraph)
            paragraph.getparent().remove(paragraph)


def element_text(body: Any) -> str:
    """Every paragraph's text in a body element, tables included, one per line (as body_text)."""
    lines = []
    for block in body.iter(f"{W}p"):
        pieces = []
        for element in block.iter(f"{W}t", f"{W}br"):
            pieces.append("\n" if element.tag == f"{W}br" else element.text or "")
        lines.append("".join(pieces))
    return "\n".join(lines)


def revision_marks(path: Path) -> list[tuple[str, str, Any]]:
    """Every tracked change in a redline's body: (ins or del, its text, the element)."""
    from lxml import etree

    root = etree.fromstring(part(path, "word/document.xml").encode("utf-8"))
    marks = []
    for element in root.iter(f"{W}ins", f"{W}del"):
        text = "".join(t.text or "" for t in element.iter(f"{W}t", f"{W}delText"))
        marks.append((element.tag.removeprefix(W), text, element))
    return marks


AUTHORITIES_HEADER = ["Authority and citation", "Binds (member agencies)", "What it governs"]


def authority_rows(document: Any) -> dict[str, list[str]]:
    """The protocol's table of legal authorities read back from the .docx.

    Each row by the authority's name (the bold text of its first cell) as ``[name,
    citation, binds, what it governs]``: the first cell is "**name**: citation".
    """
    table = next(t for t in document.tables if t.rows[0].cells[0].text == AUTHORITIES_HEADER[0])
    assert [c.text for c in table.rows[0].cells] == AUTHORITIES_HEADER
    rows = {}
    for row in table.rows[1:]:
        first, binds, governs = (c.text for c in row.cells)
        name = "".join(r.text for r in row.cells[0].paragraphs[0].runs if r.bold)
        assert first.startswith(name), first
        rows[name] = [name, first[len(name) :].removeprefix(": "), binds, governs]
    return rows
