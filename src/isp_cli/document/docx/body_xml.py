"""The document body's paragraphs, runs and tables, written as XML text and parsed once.

python-docx's proxies find each new element's place by searching the schema order
(and the body for its final w:sectPr) on every call, which made a 1,000-item render
spend most of its time inserting elements. Building the elements one by one with
lxml was faster, but still cost a Python proxy object per element (python-docx's
element classes make each one dear): about half of building the sample's body.
So the body is collected as small records (a paragraph's properties and its runs'
XML), written out as one string and parsed in one call, then moved into the
document before its final w:sectPr: the time grows with the document, not with its
square. The XML is exactly what python-docx writes: the same
elements, in schema order, with the same attributes in the same order.
"""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import nsmap, qn
from docx.oxml.parser import element_class_lookup
from lxml import etree

# Our own XML, so no size limit is needed against a hostile file; one answer may be long.
_PARSER = etree.XMLParser(resolve_entities=False, huge_tree=True)
_PARSER.set_element_class_lookup(element_class_lookup)  # python-docx's element classes
_OPEN = f'<w:body xmlns:w="{nsmap["w"]}">'
_SECT_PR = qn("w:sectPr")
LINE_BREAK = "<w:r><w:br/></w:r>"  # a run holding a line break (a hard break in Markdown)
# python-docx's new table: auto width, and Word's default "look" (header row, first column).
_TABLE_PROPERTIES = (
    '<w:tblW w:type="auto" w:w="0"/><w:tblLayout w:type="fixed"/>'
    '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0"'
    ' w:noHBand="0" w:noVBand="1" w:val="04A0"/></w:tblPr>'
)


def _text(text: str) -> str:
    """``text`` as XML character data (a carriage return kept, as lxml writes it)."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )


def attribute(text: str) -> str:
    """``text`` as a double-quoted attribute value, read back unchanged."""
    return _text(text).replace('"', "&quot;").replace("\t", "&#9;").replace("\n", "&#10;")


def _t(text: str) -> str:
    """A w:t element; leading or trailing space kept, as python-docx marks it."""
    if text != text.strip():
        return f'<w:t xml:space="preserve">{_text(text)}</w:t>'
    return f"<w:t>{_text(text)}</w:t>"


def run(text: str, *, bold: bool = False, italic: bool = False) -> str:
    """A run of plain ``text`` (no tabs or line breaks), bold and/or italic."""
    if bold or italic:
        return f"<w:r>{run_properties(bold=bold, italic=italic)}{_t(text)}</w:r>"
    return f"<w:r>{_t(text)}</w:r>"


def text_run(text: str, properties: str = "") -> str:
    """A run as python-docx's ``add_run`` writes it: a tab becomes w:tab, a line end w:br.

    ``properties`` is the run's w:rPr (as setting ``run.bold`` leaves it), if any.
    """
    parts = [properties]
    pending: list[str] = []
    for char in text:
        if char in "\t\r\n":
            if pending:
                parts.append(_t("".join(pending)))
                pending.clear()
            parts.append("<w:tab/>" if char == "\t" else "<w:br/>")
        else:
            pending.append(char)
    if pending:
        parts.append(_t("".join(pending)))
    content = "".join(parts)
    return f"<w:r>{content}</w:r>" if content else "<w:r/>"


def run_properties(*, bold: bool, italic: bool) -> str:
    """The w:rPr python-docx leaves after ``run.bold = bold or None`` (and italic): maybe empty."""
    if not (bold or italic):
        return "<w:rPr/>"
    return f"<w:rPr>{'<w:b/>' if bold else ''}{'<w:i/>' if italic else ''}</w:rPr>"


class Paragraph:
    """A paragraph to be written: its properties and its runs (as XML)."""

    __slots__ = ("element", "keep", "num_id", "page_break", "properties", "runs", "style_id")

    def __init__(self, style_id: str | None = None, *, properties: bool = False) -> None:
        self.style_id = style_id
        # Whether it has a w:pPr at all (once made, it stays, even if emptied again).
        self.properties = properties or style_id is not None
        self.keep = False  # w:keepNext
        self.page_break = False  # w:pageBreakBefore
        self.num_id: int | None = None  # w:numPr, level 0 of this list
        self.runs: list[str] = []
        self.element: Any = None  # its w:p, once written

    def keep_with_next(self, keep: bool = True) -> None:
        """Keep it on the page of the next one (w:keepNext), or stop keeping it."""
        self.keep = keep
        self.properties = self.properties or keep

    def xml(self) -> str:
        if not self.properties:
            return f"<w:p>{''.join(self.runs)}</w:p>"
        parts = []
        if self.style_id is not None:
            parts.append(f'<w:pStyle w:val="{attribute(self.style_id)}"/>')
        if self.keep:
            parts.append("<w:keepNext/>")
        if self.page_break:
            parts.append("<w:pageBreakBefore/>")
        if self.num_id is not None:
            parts.append(f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{self.num_id}"/></w:numPr>')
        properties = f"<w:pPr>{''.join(parts)}</w:pPr>" if parts else "<w:pPr/>"
        return f"<w:p>{properties}{''.join(self.runs)}</w:p>"


class Row:
    """A table row: its cells' paragraphs, and how it behaves on the page."""

    __slots__ = ("cells", "header", "height")

    def __init__(self, cells: list[Paragraph]) -> None:
        self.cells = cells
        self.height: int | None = None  # twips, at least: a line to write on by hand
        self.header = False  # repeated at the top of each page


class Table:
    """A fixed-layout table to be written (no row split across two pages)."""

    __slots__ = ("element", "rows", "sizes", "style_id")

    def __init__(self, style_id: str | None, sizes: list[str], rows: int) -> None:
        self.style_id = style_id
        self.sizes = sizes
        self.rows = [Row([Paragraph() for _ in sizes]) for _ in range(rows)]
        self.element: Any = None

    def xml(self) -> str:
        style = "" if self.style_id is None else f'<w:tblStyle w:val="{attribute(self.style_id)}"/>'
        parts = [f"<w:tbl><w:tblPr>{style}{_TABLE_PROPERTIES}<w:tblGrid>"]
        parts.extend(f'<w:gridCol w:w="{size}"/>' for size in self.sizes)
        parts.append("</w:tblGrid>")
        for row in self.rows:
            height = (
                ""
                if row.height is None
                else f'<w:trHeight w:val="{row.height}" w:hRule="atLeast"/>'
            )
            # A bare w:tblHeader: w:val fails validation.
            header = "<w:tblHeader/>" if row.header else ""
            parts.append(f"<w:tr><w:trPr><w:cantSplit/>{height}{header}</w:trPr>")
            for size, cell in zip(self.sizes, row.cells, strict=True):
                parts.append(f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{size}"/></w:tcPr>')
                parts.append(cell.xml())
                parts.append("</w:tc>")
            parts.append("</w:tr>")
        parts.append("</w:tbl>")
        return "".join(parts)


class Body:
    """Collects block elements (paragraphs, tables) and adds them at the end of a body."""

    def __init__(self, body: Any) -> None:
        self.body = body
        self.blocks: list[Paragraph | Table] = []

    def paragraph(self, style_id: str | None, *, styled: bool = True) -> Paragraph:
        """A new paragraph at the end, in the style ``style_id`` (None: the default).

        ``styled`` False leaves it without properties (the style document has no style
        to give it); otherwise it has them, if empty, as python-docx's style setter
        leaves them.
        """
        paragraph = Paragraph(style_id, properties=styled)
        self.blocks.append(paragraph)
        return paragraph

    def table(self, widths: list[int], rows: int, *, style_id: str | None) -> Table:
        """A table of ``rows`` rows, columns ``widths`` (EMU) wide; each cell one paragraph."""
        made = Table(style_id, [twips(width) for width in widths], rows)
        self.blocks.append(made)
        return made

    def write(self) -> None:
        """Add the blocks to the body, before its section properties (which stay last);
        each block's ``element`` is then its w:p or w:tbl."""
        if not self.blocks:
            return
        xml = "".join([_OPEN, *(block.xml() for block in self.blocks), "</w:body>"])
        elements = list(etree.fromstring(xml, _PARSER))
        end = self.body.find(_SECT_PR)
        for block, element in zip(self.blocks, elements, strict=True):
            if end is None:
                self.body.append(element)
            else:
                end.addprevious(element)
            block.element = element
        self.blocks = []


def twips(emu: int) -> str:
    """A length in EMU as twips, rounded as python-docx rounds it."""
    return str(round(emu / 635.0))
