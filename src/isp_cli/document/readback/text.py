"""The text of a paragraph or table in Word's XML, as ``isp import`` reads it.

A render needs only this, to take the digest of each item's text for its anchor
(anchors.mark_items); the full reader (docx_reading) adds tracked changes' authors
and dates, formats, comments and notes for ``isp import``. Both walk the XML by the
same rule (``children``), so that the two digests cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CHANGES = {"ins": "ins", "moveTo": "ins", "del": "del", "moveFrom": "del"}
_SKIP = {W + "pPr", W + "rPr", W + "txbxContent", W + "instrText", W + "delInstrText"}


def style_names(styles: Any) -> tuple[dict[str, str], str]:
    """Each style id's name, lower case (``styles``: the w:styles element), and the name
    of the default paragraph style."""
    names: dict[str, str] = {}
    default = "normal"
    for style in styles.iter(W + "style") if styles is not None else ():
        name = style.find(W + "name")
        style_id = style.get(W + "styleId", "")
        label = (name.get(W + "val", "") if name is not None else style_id).lower()
        names[style_id] = label
        if style.get(W + "default") in ("1", "true") and style.get(W + "type") == "paragraph":
            default = label
    return names, default


def children(element: Any) -> Iterator[tuple[Any, str]]:
    """The children of ``element`` that may hold a paragraph's text, each with its local
    name ("" outside Word's namespace): one rule for Reader._walk and block_text alike."""
    for child in element:
        tag = child.tag
        if isinstance(tag, str) and tag not in _SKIP:
            yield child, tag[len(W) :] if tag.startswith(W) else ""


def cells(table: Any) -> list[list[list[Any]]]:
    """A table's rows, each row's cells, each cell's paragraphs (w:p)."""
    rows = []
    for tr in table.iter(W + "tr"):
        if tr.getparent() is not table and tr.getparent().tag != W + "sdtContent":
            continue  # a row of a table nested in a cell belongs to that table
        rows.append([tc.findall(W + "p") for tc in tr.findall(W + "tc")])
    return rows


def block_text(element: Any) -> str:
    """The ``text`` of docx_reading's ``Reader.paragraph(element)`` (``.table`` for a
    w:tbl), read alone.

    isp's anchors need only the text: without the pieces' authors, dates and formats
    (and the objects that hold them), marking the sample's items costs half as much
    (~28M instructions before, ~14M now). tests/test_redline.py checks the two agree.
    """
    if element.tag == W + "tbl":
        return "\n".join(
            "\t".join(" / ".join(block_text(p) for p in cell) for cell in row)
            for row in cells(element)
        )
    out: list[str] = []
    _text(element, out, False)
    return "".join(out)


def _text(element: Any, out: list[str], deleted: bool) -> None:
    """Reader._walk, keeping only the text of runs that are not tracked deletions."""
    for child, local in children(element):
        if local in CHANGES:
            _text(child, out, CHANGES[local] == "del")
        elif local == "r":
            if not deleted:
                out.append(run_text(child))
        elif local != "bookmarkStart":
            _text(child, out, deleted)


def run_text(run: Any) -> str:
    """A run's text: tabs and line breaks as characters, a page or column break as none."""
    parts = []
    for child in run:
        local = child.tag[len(W) :] if isinstance(child.tag, str) else ""
        if local in ("t", "delText"):
            parts.append(child.text or "")
        elif local == "tab":
            parts.append("\t")
        elif local == "cr" or (local == "br" and child.get(W + "type") in (None, "textWrapping")):
            parts.append("\n")  # a line break; a page or column break is layout, not text
        elif local == "noBreakHyphen":
            parts.append("-")
    return "".join(parts)
