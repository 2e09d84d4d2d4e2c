"""Reading a Word document's text back: paragraphs, tables, tracked changes, comments.

One reader serves the document isp has just built (to mark each item's anchor) and a
document someone edited in Word or LibreOffice (``isp import``), so that the two are
compared on exactly the same terms. A paragraph's text is read run by run, in
document order: text inside ``w:ins`` is an insertion, ``w:delText`` inside ``w:del``
a deletion, each with its author and date; a paragraph's "text" is what it says with
every change accepted, its "original" what it said before them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from isp_cli.document.readback.text import CHANGES, W, cells, children, run_text, style_names

_HEADING = re.compile(r"^heading ([1-9])$")
# Run properties isp does not carry into an answer, reported when an edit adds them.
_FORMATS = {
    "b": "bold",
    "i": "italic",
    "u": "underline",
    "strike": "strikethrough",
    "dstrike": "strikethrough",
    "highlight": "highlight",
    "color": "colour",
    "vertAlign": "superscript or subscript",
    "caps": "capitals",
    "vanish": "hidden",
}


class Piece(NamedTuple):
    """A stretch of a paragraph's text, and whether it is a tracked change."""

    text: str
    change: str = ""  # "ins" or "del" (a tracked insertion or deletion)
    author: str = ""
    date: str = ""
    formats: tuple[str, ...] = ()


@dataclass
class Para:
    """A paragraph, as its reader sees it."""

    style: str  # the style's name, lower case ("normal", "heading 2", "list bullet")
    pieces: list[Piece] = field(default_factory=list)
    bookmarks: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)  # ids of comments anchored here
    mark: str = ""  # "ins" or "del": the paragraph itself was inserted or deleted (tracked)
    list_kind: str = ""  # "ul" (bullets), "ol" (numbers) or ""
    notes: list[tuple[str, str]] = field(default_factory=list)  # ("footnote", id) marks here
    boxes: list[str] = field(default_factory=list)  # the text of text boxes anchored here
    element: Any = None

    @property
    def text(self) -> str:
        """The paragraph with every tracked change accepted."""
        return "".join(p.text for p in self.pieces if p.change != "del")

    @property
    def original(self) -> str:
        """The paragraph as it was before its tracked changes."""
        return "".join(p.text for p in self.pieces if p.change != "ins")

    @property
    def heading_level(self) -> int | None:
        found = _HEADING.match(self.style)
        return int(found.group(1)) if found else None

    @property
    def tracked(self) -> bool:
        return bool(self.mark) or any(p.change for p in self.pieces)


@dataclass
class Table:
    """A table: rows of cells, each cell its paragraphs."""

    rows: list[list[list[Para]]]
    element: Any = None

    @property
    def text(self) -> str:
        return "\n".join(
            "\t".join(" / ".join(p.text for p in cell) for cell in row) for row in self.rows
        )

    @property
    def original(self) -> str:
        return "\n".join(
            "\t".join(" / ".join(p.original for p in cell) for cell in row) for row in self.rows
        )

    def paragraphs(self) -> list[Para]:
        return [p for row in self.rows for cell in row for p in cell]


Block = Para | Table


class Comment(NamedTuple):
    """A comment anchored in the document."""

    id: str
    author: str
    date: str
    text: str


class Reader:
    """Turns a body's XML into blocks, given the document's styles and numbering."""

    def __init__(self, styles: Any, numbering: Any = None) -> None:
        self.names, self.default = style_names(styles)
        self.bullets = _bullet_lists(numbering)

    def blocks(self, body: Any) -> list[Block]:
        """The body's paragraphs and tables, in order (content controls opened up)."""
        out: list[Block] = []
        for child in body:
            if child.tag == W + "p":
                out.append(self.paragraph(child))
            elif child.tag == W + "tbl":
                out.append(self.table(child))
            elif child.tag == W + "sdt":
                content = child.find(W + "sdtContent")
                if content is not None:
                    out.extend(self.blocks(content))
        return out

    def table(self, element: Any) -> Table:
        rows = [[[self.paragraph(p) for p in cell] for cell in row] for row in cells(element)]
        return Table(rows, element)

    def paragraph(self, element: Any) -> Para:
        properties = element.find(W + "pPr")
        style_id, num_id = "", ""
        mark = ""
        if properties is not None:
            found = properties.find(W + "pStyle")
            style_id = found.get(W + "val", "") if found is not None else ""
            numbered = properties.find(f"{W}numPr/{W}numId")
            num_id = numbered.get(W + "val", "") if numbered is not None else ""
            mark_change = properties.find(W + "rPr")
            if mark_change is not None:
                for tag, kind in (("ins", "ins"), ("del", "del")):
                    if mark_change.find(W + tag) is not None:
                        mark = kind
        style = self.names.get(style_id, self.default) if style_id else self.default
        para = Para(style=style, mark=mark, element=element)
        if style.startswith("list bullet"):
            para.list_kind = "ul"
        elif style.startswith("list number"):
            para.list_kind = "ol"
        elif num_id and num_id != "0":
            para.list_kind = "ul" if num_id in self.bullets else "ol"
        self._walk(element, para, "", "", "")
        return para

    def _walk(
        self, element: Any, para: Para, change: str, author: str, date: str, link: bool = False
    ) -> None:
        for child, local in children(element):
            if local in CHANGES:
                who = child.get(W + "author", "")
                self._walk(child, para, CHANGES[local], who, child.get(W + "date", ""), link)
            elif local == "r":
                text = run_text(child)
                if text:
                    formats = _run_formats(child) + (("link",) if link else ())
                    para.pieces.append(Piece(text, change, author, date, formats))
                _run_extras(child, para)
            elif local == "bookmarkStart":
                para.bookmarks.append(child.get(W + "name", ""))
            elif local in ("commentRangeStart", "commentReference"):
                comment = child.get(W + "id", "")
                if comment not in para.comments:
                    para.comments.append(comment)
                self._walk(child, para, change, author, date, link)
            else:  # hyperlinks, smart tags, fields, content controls: their runs count
                self._walk(child, para, change, author, date, link or local == "hyperlink")


def _run_extras(run: Any, para: Para) -> None:
    """What a run holds besides its text: a footnote's mark, a text box, a comment's mark."""
    for mark in run.iter(W + "footnoteReference", W + "endnoteReference", W + "commentReference"):
        local = mark.tag[len(W) :]
        if local == "commentReference":
            if mark.get(W + "id", "") not in para.comments:
                para.comments.append(mark.get(W + "id", ""))
        else:
            para.notes.append((local.removesuffix("Reference"), mark.get(W + "id", "")))
    for box in run.iter(W + "txbxContent"):
        text = "\n".join("".join(t.text or "" for t in p.iter(W + "t")) for p in box.iter(W + "p"))
        if text.strip() and text.strip() not in para.boxes:  # Word writes a box twice
            para.boxes.append(text.strip())


def _run_formats(run: Any) -> tuple[str, ...]:
    properties = run.find(W + "rPr")
    if properties is None:
        return ()
    found = []
    for child in properties:
        local = child.tag[len(W) :] if isinstance(child.tag, str) else ""
        label = _FORMATS.get(local)
        if label is None:
            continue
        value = child.get(W + "val", "")
        if value.lower() in ("0", "false", "none", "auto", "baseline", "000000"):
            continue
        if label not in found:
            found.append(label)
    return tuple(found)


def _bullet_lists(numbering: Any) -> set[str]:
    """The numbering ids whose first level is a bullet (the others count as numbered)."""
    if numbering is None:
        return set()
    bullet_abstracts = set()
    for abstract in numbering.iter(W + "abstractNum"):
        level = abstract.find(f"{W}lvl/{W}numFmt")
        if level is not None and level.get(W + "val") == "bullet":
            bullet_abstracts.add(abstract.get(W + "abstractNumId"))
    out = set()
    for num in numbering.iter(W + "num"):
        abstract = num.find(W + "abstractNumId")
        if abstract is not None and abstract.get(W + "val") in bullet_abstracts:
            out.add(num.get(W + "numId", ""))
    return out
