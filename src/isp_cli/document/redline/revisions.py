"""Tracked changes in WordprocessingML: the ``w:ins`` and ``w:del`` marks a redline is made of.

Word's own Accept, Reject and Next Change work on these marks: runs wrapped in
``w:ins`` or ``w:del`` (deleted text in ``w:delText``), a paragraph mark inserted or
deleted (``w:pPr/w:rPr/w:ins|w:del``), a table row inserted or deleted
(``w:trPr/w:ins|w:del``). Every mark carries the author "isp", one date, and an id
unique in the document. Elements are written at their schema position, as the
OOXML validator and Word require.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Literal

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

Mark = Literal["ins", "del"]
AUTHOR = "isp"

P, R, T, TBL, TR, TC = (qn(f"w:{tag}") for tag in ("p", "r", "t", "tbl", "tr", "tc"))
PPR, RPR, TRPR = qn("w:pPr"), qn("w:rPr"), qn("w:trPr")
W_ID = qn("w:id")
_SPACE = qn("xml:space")
# In a deleted run, text and field codes change their names.
_DELETED_NAMES = {T: qn("w:delText"), qn("w:instrText"): qn("w:delInstrText")}
_TOKENS = re.compile(r"\s+|\S+")


@dataclass(frozen=True)
class Atom:
    """The smallest piece a paragraph's text is compared by: a word, a run of spaces,
    or another run child (a tab, a line break, a field character), with its formatting."""

    key: tuple[bytes, str, str]  # formatting, kind, text: what is compared
    rpr: Any  # the run properties (w:rPr) it had, or None
    child: Any  # for a word or spaces, None (the text is in key)


def atoms(paragraph: Any) -> list[Atom]:
    """The paragraph's runs as atoms, in order (only direct ``w:r`` children)."""
    from lxml import etree

    found: list[Atom] = []
    for run in paragraph.iterchildren(R):
        rpr = run.find(RPR)
        formatting = etree.tostring(rpr) if rpr is not None else b""
        for child in run:
            if child.tag == RPR:
                continue
            if child.tag == T:
                found.extend(
                    Atom((formatting, "t", token), rpr, None)
                    for token in _TOKENS.findall(child.text or "")
                )
            else:
                text = etree.tostring(child).decode("utf-8")
                found.append(Atom((formatting, child.tag, text), rpr, child))
    return found


class Marker:
    """Makes the marks of one redline: one author, one date, ids counted up."""

    def __init__(self, moment: datetime, first_id: int) -> None:
        if moment.tzinfo is not None:
            moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
        self.date = moment.replace(microsecond=0).isoformat() + "Z"
        self.next_id = first_id

    def fresh_id(self) -> str:
        """An id no other mark, bookmark or comment in the document has."""
        value = self.next_id
        self.next_id += 1
        return str(value)

    def mark(self, kind: Mark) -> Any:
        """A new, empty ``w:ins`` or ``w:del``."""
        element = OxmlElement(f"w:{kind}")
        element.set(W_ID, self.fresh_id())
        element.set(qn("w:author"), AUTHOR)
        element.set(qn("w:date"), self.date)
        return element

    def runs(self, atom_list: list[Atom], kind: Mark | None) -> list[Any]:
        """Runs holding ``atom_list`` (neighbours with the same formatting share a run),
        wrapped in one ``w:ins`` or ``w:del`` when ``kind`` is given."""
        built: list[Any] = []
        last_format: bytes | None = None
        text: Any = None
        for atom in atom_list:
            if atom.key[0] != last_format or not built:
                run = OxmlElement("w:r")
                if atom.rpr is not None:
                    run.append(copy.deepcopy(atom.rpr))
                built.append(run)
                last_format, text = atom.key[0], None
            run = built[-1]
            if atom.child is None:
                if text is None:
                    text = OxmlElement("w:delText" if kind == "del" else "w:t")
                    text.text = ""
                    run.append(text)
                text.text += atom.key[2]
                if text.text != text.text.strip():
                    text.set(_SPACE, "preserve")
            else:
                child = copy.deepcopy(atom.child)
                if kind == "del":
                    child.tag = _DELETED_NAMES.get(child.tag, child.tag)
                run.append(child)
                text = None
        if kind is None or not built:
            return built
        wrapper = self.mark(kind)
        wrapper.extend(built)
        return [wrapper]

    def whole_paragraph(self, paragraph: Any, kind: Mark, *, mark_end: bool = True) -> None:
        """Mark every run of ``paragraph`` (and, with ``mark_end``, its paragraph mark)."""
        runs = [r for r in paragraph.iter(R) if r.getparent().tag not in (qn("w:ins"), qn("w:del"))]
        for run in runs:
            if kind == "del":
                for child in run.iter(*_DELETED_NAMES):
                    child.tag = _DELETED_NAMES[child.tag]
            wrapper = self.mark(kind)
            run.addprevious(wrapper)
            wrapper.append(run)
        _merge_neighbours(paragraph, kind)
        if mark_end:
            self.paragraph_mark(paragraph, kind)

    def paragraph_mark(self, paragraph: Any, kind: Mark) -> None:
        """Mark the paragraph mark inserted or deleted (``w:pPr/w:rPr``, first child)."""
        ppr = paragraph.find(PPR)
        if ppr is None:
            ppr = OxmlElement("w:pPr")
            paragraph.insert(0, ppr)
        rpr = ppr.find(RPR)
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            later = [ppr.find(qn(tag)) for tag in ("w:sectPr", "w:pPrChange")]
            anchor = next((el for el in later if el is not None), None)
            if anchor is None:
                ppr.append(rpr)
            else:
                anchor.addprevious(rpr)
        # w:ins comes before w:del: a mark both inserted and deleted has both.
        existing = rpr.find(qn("w:ins"))
        if kind == "del" and existing is not None:
            existing.addnext(self.mark(kind))
        else:
            rpr.insert(0, self.mark(kind))

    def whole_row(self, row: Any, kind: Mark) -> None:
        """Mark a table row, and everything in its cells, inserted or deleted."""
        trpr = row.find(TRPR)
        if trpr is None:
            trpr = OxmlElement("w:trPr")
            before = row.find(qn("w:tblPrEx"))
            if before is None:
                row.insert(0, trpr)
            else:
                before.addnext(trpr)
        change = trpr.find(qn("w:trPrChange"))
        if change is None:
            trpr.append(self.mark(kind))
        else:
            change.addprevious(self.mark(kind))
        for cell in row.iterchildren(TC):
            paragraphs = list(cell.iter(P))
            for paragraph in paragraphs:
                # A cell's last paragraph mark ends the cell: it goes only with the row.
                self.whole_paragraph(paragraph, kind, mark_end=paragraph is not paragraphs[-1])

    def whole_table(self, table: Any, kind: Mark) -> None:
        """Mark every row of a table inserted or deleted."""
        for row in table.iterchildren(TR):
            self.whole_row(row, kind)


def _merge_neighbours(paragraph: Any, kind: Mark) -> None:
    """One ``w:ins`` (``w:del``) around neighbouring runs, not one per run."""
    tag = qn(f"w:{kind}")
    previous = None
    for child in list(paragraph):
        if child.tag == tag and previous is not None and previous.tag == tag:
            previous.extend(list(child))
            paragraph.remove(child)
        else:
            previous = child


def largest_id(parts: Iterable[Any]) -> int:
    """The largest numeric ``w:id`` in these XML parts (0 if none)."""
    largest = 0
    for element in parts:
        for node in element.iter():
            value = node.get(W_ID)
            if value is not None and value.lstrip("-").isdigit():
                largest = max(largest, int(value))
    return largest


def xml_parts(document: Any) -> Iterator[Any]:
    """The root element of every XML part of a python-docx document's package."""
    for part in document.part.package.iter_parts():
        element = getattr(part, "_element", None)
        if element is not None:
            yield element
