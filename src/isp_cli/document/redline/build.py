"""A redline: the NEW protocol, with every difference from OLD as a Word tracked change.

Both protocols are rendered by the same pipeline, so the two Word bodies are made of
the same kinds of blocks in the same styles. They are compared block by block:
paragraphs by their style and text, tables row by row and cell by cell, aligned by
``model.comparison`` (in bounded time). Unchanged blocks stay exactly as NEW has
them. Where blocks differ, the most alike pairs (same style, mostly the same words)
are compared word by word, keeping each run's formatting; what is left is deleted
(OLD's block, copied in) or inserted (NEW's block) whole. The marks
themselves are written by ``revisions``.

Accepting every change gives NEW's text; rejecting every change gives OLD's.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from isp_cli.document.redline import revisions
from isp_cli.document.redline.alignment import ALIKE, align, ratio
from isp_cli.document.redline.revisions import PPR, TBL, TC, TR, Atom, Marker, P, atoms
from isp_cli.model.comparison import opcodes

_NUM_ID = f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}"


@dataclass
class Changes:
    """How many insertions and deletions the redline holds."""

    insertions: int = 0
    deletions: int = 0

    @property
    def total(self) -> int:
        """Insertions and deletions together."""
        return self.insertions + self.deletions


def mark_changes(old_document: Any, new_document: Any, *, moment: datetime) -> Changes:
    """Turn ``new_document`` into the redline against ``old_document``; the changes made.

    Both are python-docx Documents rendered by isp, not yet saved; ``old_document`` is
    only read. ``moment`` dates every change (when NEW was last changed).
    """
    first_id = revisions.largest_id(revisions.xml_parts(new_document)) + 1
    # OLD's item bookmarks (for isp import) must not come along with deleted text: the
    # redline is NEW's protocol, and a bookmark's name and id appear once.
    old_body = old_document.element.body
    for mark in list(old_body.iter(qn("w:bookmarkStart"), qn("w:bookmarkEnd"))):
        mark.getparent().remove(mark)
    comparison = _Comparison(old_document, new_document, Marker(moment, first_id))
    body = new_document.element.body
    section = body.find(qn("w:sectPr"))
    merged = comparison.blocks(_blocks(old_body), _blocks(body))
    for child in list(body):
        if child is not section:
            body.remove(child)
    for block in merged:
        if section is None:
            body.append(block)
        else:
            section.addprevious(block)
    # The running header (title, draft marking) and the footer, compared the same way.
    for old_section, new_section in zip(old_document.sections, new_document.sections, strict=False):
        for story in ("header", "first_page_header", "footer", "first_page_footer"):
            old_story, new_story = getattr(old_section, story), getattr(new_section, story)
            if old_story.is_linked_to_previous or new_story.is_linked_to_previous:
                continue
            old_part, new_part = old_story._element, new_story._element
            _replace_content(new_part, comparison.blocks(_blocks(old_part), _blocks(new_part)))
    comparison.renumber_copied_lists()
    return comparison.changes


def _blocks(container: Any) -> list[Any]:
    """The paragraphs and tables of a body or a table cell, in order."""
    return [child for child in container if child.tag in (P, TBL)]


class _Comparison:
    """One comparison: the marker, the count, and the lists OLD's copied blocks refer to."""

    def __init__(self, old_document: Any, new_document: Any, marker: Marker) -> None:
        self.marker = marker
        self.changes = Changes()
        self.keys: dict[Any, str] = {}
        self.word_lists: dict[Any, list[str]] = {}
        self.list_ids: dict[str, str] = {}  # OLD's numbering id -> NEW's, learned from pairs
        self.copied: list[Any] = []  # paragraphs copied from OLD into the redline
        self.old_numbering = _numbering(old_document)
        self.new_numbering = _numbering(new_document)

    # Aligning ------------------------------------------------------------------------

    def blocks(self, old: list[Any], new: list[Any]) -> list[Any]:
        """The redline of a run of blocks (a body, or a table cell's content)."""
        return self._apart(align(old, new, self))

    def key(self, block: Any) -> str:
        """What two blocks are compared by: kind, style and text (tables: every row)."""
        known = self.keys.get(block)
        if known is None:
            if block.tag == P:
                known = f"p\x1f{_shape(block)}\x1f{_text(block)}"
            elif block.tag == TBL:
                known = "t\x1f" + "\x1e".join(self.key(row) for row in block.iterchildren(TR))
            else:  # a row: its cells' blocks
                known = "\x1d".join(
                    "\x1c".join(self.key(b) for b in _blocks(cell))
                    for cell in block.iterchildren(TC)
                )
            self.keys[block] = known
        return known

    def alike(self, old: Any, new: Any) -> float | None:
        """How alike two blocks are, 0 to 1; None when they can never be one changed block
        (other kinds, styles or numbers of cells)."""
        if old.tag != new.tag:
            return None
        if old.tag == P:
            if _shape(old) != _shape(new) or not (_simple(old) and _simple(new)):
                return None
            return ratio(self.words(old), self.words(new))
        if old.tag == TR:
            if len(list(old.iterchildren(TC))) != len(list(new.iterchildren(TC))):
                return None
            return ratio(self.words(old), self.words(new))
        if _columns(old) != _columns(new):
            return None
        old_rows, new_rows = list(old.iterchildren(TR)), list(new.iterchildren(TR))
        # Tables with the same header row are one table, however many rows changed.
        if old_rows and new_rows and self.key(old_rows[0]) == self.key(new_rows[0]):
            return 1.0
        return ratio([self.key(r) for r in old_rows], [self.key(r) for r in new_rows])

    def words(self, block: Any) -> list[str]:
        """The words of a paragraph or row, for how alike two of them are."""
        known = self.word_lists.get(block)
        if known is None:
            known = " ".join(t.text or "" for t in block.iter(revisions.T)).split()
            self.word_lists[block] = known
        return known

    def same(self, old: Any, new: Any) -> Any:
        """An unchanged block: NEW's, as it is."""
        self._learn_lists(old, new)
        return new

    def paired(self, old: Any, new: Any, likeness: float) -> Any:
        """Two blocks taken as one changed block: NEW's, with the changes marked inside."""
        self._learn_lists(old, new)
        if new.tag == P:
            return self._paragraph(old, new, likeness)
        if new.tag == TR:
            for old_cell, new_cell in zip(old.iterchildren(TC), new.iterchildren(TC), strict=True):
                _replace_content(new_cell, self.blocks(_blocks(old_cell), _blocks(new_cell)))
            return new
        old_rows, new_rows = list(old.iterchildren(TR)), list(new.iterchildren(TR))
        rows = align(old_rows, new_rows, self)
        for row in new_rows:
            new.remove(row)
        new.extend(rows)
        return new

    def deleted(self, old: Any) -> Any:
        """OLD's block, copied in and marked deleted."""
        block = self._copy(old)
        self.changes.deletions += 1
        if block.tag == P:
            self.marker.whole_paragraph(block, "del")
        elif block.tag == TR:
            self.marker.whole_row(block, "del")
        else:
            self.marker.whole_table(block, "del")
        return block

    def inserted(self, new: Any) -> Any:
        """NEW's block, marked inserted."""
        self.changes.insertions += 1
        if new.tag == P:
            self.marker.whole_paragraph(new, "ins")
        elif new.tag == TR:
            self.marker.whole_row(new, "ins")
        else:
            self.marker.whole_table(new, "ins")
        return new

    # Inside a paragraph ---------------------------------------------------------------

    def _paragraph(self, old: Any, new: Any, likeness: float) -> Any:
        old_atoms, new_atoms = atoms(old), atoms(new)
        pieces: list[tuple[str, list[Atom]]] = []
        if likeness >= ALIKE:
            found = opcodes([a.key for a in old_atoms], [a.key for a in new_atoms])
            for op, i1, i2, j1, j2 in found.opcodes:
                if op == "equal":
                    pieces.append(("equal", new_atoms[j1:j2]))
                    continue
                pieces.append(("del", old_atoms[i1:i2]))
                pieces.append(("ins", new_atoms[j1:j2]))
        else:  # a rewrite: all that was, then all that is
            pieces = [("del", old_atoms), ("ins", new_atoms)]
        runs: list[Any] = []
        for kind, piece in pieces:
            if not piece:
                continue
            if kind == "equal":
                runs.extend(self.marker.runs(piece, None))
                continue
            runs.extend(self.marker.runs(piece, "del" if kind == "del" else "ins"))
            if kind == "del":
                self.changes.deletions += 1
            else:
                self.changes.insertions += 1
        marks = [child for child in new if child.tag in _BOOKMARKS]  # isp import's anchor
        for child in list(new):
            if child.tag != PPR:
                new.remove(child)
        new.extend([m for m in marks if m.tag == _BOOKMARKS[0]])
        new.extend(runs)
        new.extend([m for m in marks if m.tag == _BOOKMARKS[1]])
        return new

    # Keeping the result well formed ---------------------------------------------------

    def _apart(self, merged: list[Any]) -> list[Any]:
        """Two tables next to each other would join into one: keep them apart.

        The paragraph between them is marked both inserted and deleted, so that it is
        gone whether the changes are accepted or rejected.
        """
        result: list[Any] = []
        for block in merged:
            if block.tag == TBL and result and result[-1].tag == TBL:
                spacer = OxmlElement("w:p")
                self.marker.paragraph_mark(spacer, "ins")
                self.marker.paragraph_mark(spacer, "del")
                result.append(spacer)
            result.append(block)
        return result

    def _copy(self, old: Any) -> Any:
        """A copy of OLD's block for the redline: ids renumbered, its lists noted."""
        block = copy.deepcopy(old)
        fresh: dict[str, str] = {}
        for node in block.iter():
            value = node.get(revisions.W_ID)
            if value is not None:
                node.set(revisions.W_ID, fresh.setdefault(value, self.marker.fresh_id()))
        self.copied.extend(block.iter(P))
        return block

    def _learn_lists(self, old: Any, new: Any) -> None:
        """Note which of NEW's numbered lists each of OLD's lists became."""
        for old_p, new_p in zip(old.iter(P), new.iter(P), strict=False):
            old_id, new_id = old_p.find(_NUM_ID), new_p.find(_NUM_ID)
            if old_id is not None and new_id is not None:
                self.list_ids.setdefault(old_id.get(qn("w:val")), new_id.get(qn("w:val")))

    def renumber_copied_lists(self) -> None:
        """Point OLD's copied list paragraphs at lists that exist in NEW's numbering.

        Each numbered list has its own numbering instance, so OLD's ids mean other
        lists (or none) in NEW: a deleted item joins the list its neighbours became,
        or else a copy of OLD's list is added.
        """
        for paragraph in self.copied:
            num_id = paragraph.find(_NUM_ID)
            if num_id is None:
                continue
            old_value = num_id.get(qn("w:val"))
            new_value = self.list_ids.get(old_value) or self._copy_list(old_value)
            if new_value is not None:
                num_id.set(qn("w:val"), new_value)

    def _copy_list(self, old_value: str) -> str | None:
        if self.old_numbering is None or self.new_numbering is None:
            return None
        source = next(
            (n for n in self.old_numbering.iterchildren(qn("w:num")) if n.get(_NUM) == old_value),
            None,
        )
        if source is None:
            return None
        used = [int(n.get(_NUM)) for n in self.new_numbering.iterchildren(qn("w:num"))]
        num = copy.deepcopy(source)
        num.set(_NUM, str(max(used, default=0) + 1))
        self.new_numbering.append(num)  # w:num elements follow every w:abstractNum
        self.list_ids[old_value] = num.get(_NUM)
        return str(num.get(_NUM))


_NUM = qn("w:numId")


def _numbering(document: Any) -> Any:
    try:
        return document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return None


def _shape(paragraph: Any) -> str:
    """The paragraph's style, and whether it is a numbered list item."""
    ppr = paragraph.find(PPR)
    if ppr is None:
        return ""
    style = ppr.find(qn("w:pStyle"))
    numbered = "#" if ppr.find(qn("w:numPr")) is not None else ""
    return (style.get(qn("w:val")) if style is not None else "") + numbered


_BOOKMARKS = (qn("w:bookmarkStart"), qn("w:bookmarkEnd"))  # isp import's anchors: not text


def _simple(paragraph: Any) -> bool:
    """Whether the paragraph holds only runs, so that it can be compared word by word."""
    return all(child.tag in (PPR, revisions.R, *_BOOKMARKS) for child in paragraph)


def _text(paragraph: Any) -> str:
    """Everything a reader sees in a paragraph, field codes and run formatting included."""
    return "\x1f".join(repr(atom.key) for atom in atoms(paragraph)) + (
        "" if _simple(paragraph) else "\x1f" + _markup(paragraph)
    )


def _markup(paragraph: Any) -> str:
    from lxml import etree

    return str(etree.tostring(paragraph, encoding="unicode"))


def _columns(table: Any) -> int:
    grid = table.find(qn("w:tblGrid"))
    return 0 if grid is None else len(grid.findall(qn("w:gridCol")))


def _replace_content(container: Any, blocks: list[Any]) -> None:
    """Give a table cell (a header, a footer) these blocks, after its own properties."""
    for child in list(container):
        if child.tag in (P, TBL):
            container.remove(child)
    container.extend(blocks)
