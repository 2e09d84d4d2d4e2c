"""The document body's paragraphs, runs and tables, written as lxml elements directly.

python-docx's proxies find each new element's place by searching the schema order
(and the body for its final w:sectPr) on every call, which made a 1,000-item render
spend most of its time inserting elements. These helpers write exactly the XML that
python-docx writes, but append in place: a new paragraph goes before the body's
w:sectPr, a run at the end of its paragraph, and a table is built in one pass.
"""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn
from lxml.etree import SubElement

_P, _P_PR, _P_STYLE = qn("w:p"), qn("w:pPr"), qn("w:pStyle")
_R, _R_PR, _B, _I, _T, _BR = qn("w:r"), qn("w:rPr"), qn("w:b"), qn("w:i"), qn("w:t"), qn("w:br")
_VAL, _TYPE, _W = qn("w:val"), qn("w:type"), qn("w:w")
_SPACE = qn("xml:space")
_TBL, _TBL_PR, _TBL_STYLE = qn("w:tbl"), qn("w:tblPr"), qn("w:tblStyle")
_TBL_W, _TBL_LAYOUT, _TBL_LOOK = qn("w:tblW"), qn("w:tblLayout"), qn("w:tblLook")
_TBL_GRID, _GRID_COL = qn("w:tblGrid"), qn("w:gridCol")
_TR, _TR_PR, _CANT_SPLIT = qn("w:tr"), qn("w:trPr"), qn("w:cantSplit")
_TBL_HEADER, _TR_HEIGHT, _H_RULE = qn("w:tblHeader"), qn("w:trHeight"), qn("w:hRule")
_TC, _TC_PR, _TC_W = qn("w:tc"), qn("w:tcPr"), qn("w:tcW")
# python-docx's new table: auto width, and Word's default "look" (header row, first column).
_LOOK = {
    qn(f"w:{name}"): value
    for name, value in (
        ("firstColumn", "1"),
        ("firstRow", "1"),
        ("lastColumn", "0"),
        ("lastRow", "0"),
        ("noHBand", "0"),
        ("noVBand", "1"),
        ("val", "04A0"),
    )
}


class Body:
    """Adds block elements (paragraphs, tables) at the end of a document's body."""

    def __init__(self, body: Any) -> None:
        self.body = body
        # Blocks go before the body's own section properties, which must stay last.
        self.end = body.find(qn("w:sectPr"))

    def add(self, element: Any) -> Any:
        """Put ``element`` at the end of the body's content; return it."""
        if self.end is None:
            self.body.append(element)
        else:
            self.end.addprevious(element)
        return element

    def paragraph(self, style_id: str | None, *, styled: bool = True) -> Any:
        """A new w:p at the end of the body, in the style ``style_id`` (None: the default).

        ``styled`` False leaves it without properties (the style document has no style
        to give it); otherwise it has them, if empty, as python-docx's style setter
        leaves them.
        """
        p = self.add(self.body.makeelement(_P))
        if styled:
            properties = SubElement(p, _P_PR)
            if style_id is not None:
                SubElement(properties, _P_STYLE, {_VAL: style_id})
        return p


def add_run(p: Any, text: str, *, bold: bool = False, italic: bool = False) -> None:
    """Append a run of plain ``text`` (no tabs or line breaks), bold and/or italic."""
    run = SubElement(p, _R)
    if bold or italic:
        properties = SubElement(run, _R_PR)
        if bold:
            SubElement(properties, _B)
        if italic:
            SubElement(properties, _I)
    t = SubElement(run, _T)
    t.text = text
    if text != text.strip():
        t.set(_SPACE, "preserve")


def add_line_break(p: Any) -> None:
    """Append a run holding a line break (a hard break in Markdown)."""
    SubElement(SubElement(p, _R), _BR)


def twips(emu: int) -> str:
    """A length in EMU as twips, rounded as python-docx rounds it."""
    return str(round(emu / 635.0))


def table(
    body: Body, widths: list[int], rows: int, *, style_id: str | None
) -> list[tuple[Any, list[Any]]]:
    """A fixed-layout table of ``rows`` rows, columns ``widths`` (EMU) wide, at the end of
    the body; each row (w:tr) with its cells' paragraphs (w:p).

    Each cell holds its width and one empty paragraph, as python-docx makes them, and no
    row is split across two pages.
    """
    tbl = body.add(body.body.makeelement(_TBL))
    properties = SubElement(tbl, _TBL_PR)
    if style_id is not None:
        SubElement(properties, _TBL_STYLE, {_VAL: style_id})
    SubElement(properties, _TBL_W, {_TYPE: "auto", _W: "0"})
    SubElement(properties, _TBL_LAYOUT, {_TYPE: "fixed"})
    SubElement(properties, _TBL_LOOK, _LOOK)
    grid = SubElement(tbl, _TBL_GRID)
    sizes = [twips(width) for width in widths]
    for size in sizes:
        SubElement(grid, _GRID_COL, {_W: size})
    made = []
    for _ in range(rows):
        tr = SubElement(tbl, _TR)
        SubElement(SubElement(tr, _TR_PR), _CANT_SPLIT)
        cells = []
        for size in sizes:
            tc = SubElement(tr, _TC)
            SubElement(SubElement(tc, _TC_PR), _TC_W, {_TYPE: "dxa", _W: size})
            cells.append(SubElement(tc, _P))
        made.append((tr, cells))
    return made


def mark_header_row(tr: Any) -> None:
    """Repeat this row at the top of each page (bare w:tblHeader: w:val fails validation)."""
    SubElement(tr[0], _TBL_HEADER)


def set_row_height(tr: Any, twips_high: int) -> None:
    """The row is at least ``twips_high`` high (a line to write on by hand)."""
    SubElement(tr[0], _TR_HEIGHT, {_VAL: str(twips_high), _H_RULE: "atLeast"})
