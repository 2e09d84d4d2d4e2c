"""Markdown (as the templates write it) to a Word document, with python-docx.

The Markdown is parsed by markdown-it-py; each block becomes a paragraph in a
named Word style, so that the task force's own style document (letterhead) can
restyle everything.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from isp_cli.document.docx import body_xml, ooxml
from isp_cli.document.template.answer_markdown import xml_safe

_DIRECTIVE = re.compile(
    r"^<!--\s*(style|toc|pagebreak|keep|endkeep|item|answer|endanswer)\b\s*(.*?)\s*-->\s*$"
)
_TOC_LEVELS = re.compile(r"^1-([1-9])$")
# Where a line may break inside a word: after a hyphen that a letter follows.
_HYPHEN_BREAK = re.compile(r"(?<=-)(?=[^\W\d_])")
# Table text as LibreOffice and Word lay it out by default (11 pt Calibri, bold
# header): a generous average width per character, and a cell's side margins.
_CHAR_WIDTH = 7 * 12700  # 7 pt, in EMU
_CELL_PADDING = 16 * 12700
_WRITING_CHARS = 40
_WRITING_ROW = 28 * 20  # twips: a row with a blank to fill in by hand (a signature)
_NOTES_ROW = 96 * 20  # a row left wholly blank: room for a few lines (a decision)
TOC_PLACEHOLDER = "Table of contents: Word fills this in when the document is opened."


@dataclass
class _State:
    """Where the walk over the tokens is."""

    lists: list[dict[str, Any]] = field(default_factory=list)
    next_style: str | None = None
    break_before: bool = False
    in_blockquote: int = 0
    keeping: list[body_xml.Paragraph] | None = None  # keep on one page: keep ... endkeep
    item: str | None = None  # the checklist item whose heading comes next
    answer: str | None = None  # the item whose answer is being added


class DocxBuilder:
    """Adds Markdown to a python-docx Document."""

    def __init__(self, document: Any, styles: dict[str, Any]) -> None:
        self.document = document
        self.styles = styles  # name -> style object, found case-insensitively
        self.state = _State()
        self.missing: set[str] = set()  # styles asked for that the style document lacks
        self.toc: Any = None  # the paragraph holding the table of contents, once placed
        self._toc: body_xml.Paragraph | None = None
        self.toc_levels = 3
        self.headings: list[tuple[int, str]] = []
        # For isp import: each item's heading paragraph, and its answer's paragraphs.
        self.item_headings: dict[str, Any] = {}
        self.answers: dict[str, list[Any]] = {}
        # The same, as paragraphs not yet written (their elements are made at the end).
        self._headings: dict[str, body_xml.Paragraph] = {}
        self._answers: dict[str, list[body_xml.Paragraph]] = {}
        self._style_ids: dict[str, tuple[str | None, bool]] = {}  # name -> (id, found)
        from docx.enum.style import WD_STYLE_TYPE

        default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        self._default_id = default.style_id if default is not None else None
        self.body = body_xml.Body(document.element.body)
        self._usable: int | None = None  # the width between the margins, once known

    def add_markdown(self, markdown: str) -> None:
        """Parse ``markdown`` and add it to the document."""
        tokens = _markdown_parser().parse(markdown)
        index = 0
        while index < len(tokens):
            index = self._block(tokens, index)
        self.body.write()
        for item, paragraph in self._headings.items():
            self.item_headings[item] = paragraph.element
        for item, paragraphs in self._answers.items():
            self.answers.setdefault(item, []).extend(p.element for p in paragraphs)
        self._headings, self._answers = {}, {}
        if self._toc is not None:
            from docx.text.paragraph import Paragraph

            self.toc, self._toc = Paragraph(self._toc.element, self.document._body), None

    # Blocks ------------------------------------------------------------------------

    def _block(self, tokens: list[Any], i: int) -> int:
        """Add the block that starts at ``tokens[i]``; the index of the token after it."""
        step = _BLOCKS.get(tokens[i].type)
        # list_item_open/close and the like carry no content of their own
        return step(self, tokens, i) if step else i + 1

    def _heading(self, tokens: list[Any], i: int) -> int:
        level = int(tokens[i].tag[1])
        paragraph = self._add_paragraph(f"Heading {level}")
        text = self._inline(paragraph, tokens[i + 1])
        paragraph.keep_with_next()  # never alone at a page foot
        if self.state.item is not None:
            self._headings[self.state.item] = paragraph
            self.state.item = None
        self.headings.append((level, text))
        return i + 3

    def _paragraph(self, tokens: list[Any], i: int) -> int:
        paragraph = self._new_paragraph()
        if self._inline(paragraph, tokens[i + 1]).rstrip().endswith(":"):
            # "Not yet answered:" introduces what follows: keep them together.
            paragraph.keep_with_next()
        return i + 3

    def _list_open(self, tokens: list[Any], i: int) -> int:
        ordered = tokens[i].type == "ordered_list_open"
        entry: dict[str, Any] = {"ordered": ordered, "num_id": None}
        if ordered:
            entry["num_id"] = ooxml.restart_numbering(
                self.document, self.style(self._list_style(True, len(self.state.lists) + 1))
            )
        self.state.lists.append(entry)
        return i + 1

    def _list_close(self, _tokens: list[Any], i: int) -> int:
        self.state.lists.pop()
        return i + 1

    def _quote_open(self, _tokens: list[Any], i: int) -> int:
        self.state.in_blockquote += 1
        return i + 1

    def _quote_close(self, _tokens: list[Any], i: int) -> int:
        self.state.in_blockquote -= 1
        return i + 1

    def _html(self, tokens: list[Any], i: int) -> int:
        self._directive(tokens[i].content)
        return i + 1

    def _code(self, tokens: list[Any], i: int) -> int:
        for line in tokens[i].content.rstrip("\n").split("\n"):
            self._add_paragraph("Normal").runs.append(body_xml.text_run(xml_safe(line)))
        return i + 1

    def _rule(self, _tokens: list[Any], i: int) -> int:
        self._add_paragraph("Normal")
        return i + 1

    def _new_paragraph(self) -> body_xml.Paragraph:
        if self.state.lists:
            depth = len(self.state.lists)
            current = self.state.lists[-1]
            paragraph = self._add_paragraph(self._list_style(current["ordered"], depth))
            paragraph.num_id = current["num_id"]
            return paragraph
        if self.state.in_blockquote:
            return self._add_paragraph("Quote")
        name = self.state.next_style or "Normal"
        self.state.next_style = None
        return self._add_paragraph(name)

    def _add_paragraph(self, style: str) -> body_xml.Paragraph:
        known = self._style_ids.get(style)
        if known is None:  # each name looked up once (a missing one is noted then)
            found = self.style(style)
            default = found is None or found.style_id == self._default_id
            known = self._style_ids[style] = (
                None if default else found.style_id,
                found is not None,
            )
        paragraph = self.body.paragraph(known[0], styled=known[1])
        self._keep(paragraph)
        if self.state.answer is not None:
            self._answers.setdefault(self.state.answer, []).append(paragraph)
        if self.state.break_before:
            # A page break as a property of the next paragraph, not a paragraph of its
            # own, which would leave a blank page when it falls at the end of a page.
            paragraph.page_break = paragraph.properties = True
            self.state.break_before = False
        return paragraph

    def _list_style(self, ordered: bool, depth: int) -> str:
        base = "List Number" if ordered else "List Bullet"
        name = base if depth == 1 else f"{base} {min(depth, 3)}"
        return name if depth == 1 or name.lower() in self.styles else base

    def _directive(self, content: str) -> None:
        match = _DIRECTIVE.match(content.strip())
        if match is None:
            # Raw HTML is not part of the protocol language: show it as text.
            self._add_paragraph("Normal").runs.append(body_xml.text_run(xml_safe(content.strip())))
            return
        name, argument = match.groups()
        if name == "style":
            self.state.next_style = argument
        elif name == "item":
            self.state.item = argument
        elif name == "answer":
            self.state.answer = argument or None
        elif name == "endanswer":
            self.state.answer = None
        elif name == "pagebreak":
            self.state.break_before = True
        elif name == "keep":
            self.state.keeping = []
        elif name == "endkeep":
            kept, self.state.keeping = self.state.keeping or [], None
            if kept:  # the last one need not keep with what follows the block
                kept[-1].keep_with_next(keep=False)
        else:
            levels = _TOC_LEVELS.match(argument)
            self.toc_levels = int(levels.group(1)) if levels else 3
            self._toc = self._add_paragraph("Normal")

    def _keep(self, paragraph: body_xml.Paragraph) -> None:
        """Inside keep ... endkeep: the paragraph stays on the page of the next one."""
        if self.state.keeping is not None:
            paragraph.keep_with_next()
            self.state.keeping.append(paragraph)

    def finish(self) -> None:
        """Fill in what needs the whole document: the table of contents."""
        if self.toc is not None:
            entries = [(lv, text) for lv, text in self.headings if lv <= self.toc_levels]
            ooxml.add_toc(self.toc, entries, TOC_PLACEHOLDER, self.toc_levels)

    def _table(self, tokens: list[Any], i: int) -> int:
        rows: list[list[Any]] = []
        header_rows = 0
        in_head = False
        while tokens[i].type != "table_close":
            token = tokens[i]
            if token.type == "thead_open":
                in_head = True
            elif token.type == "thead_close":
                in_head = False
            elif token.type == "tr_open":
                rows.append([])
                header_rows += in_head
            elif token.type == "inline":
                rows[-1].append(token)
            i += 1
        columns = max(len(row) for row in rows)
        if self.state.break_before:
            self._add_paragraph("Normal")  # carries the page break
        grid = self.style("Table Grid", fallback=None)
        made = self.body.table(
            self._column_widths(rows, columns),
            len(rows),
            style_id=grid.style_id if grid is not None else None,
        )
        for r, (row, written) in enumerate(zip(rows, made.rows, strict=True)):
            for c, paragraph in enumerate(written.cells):
                if c < len(row):
                    self._inline(paragraph, row[c], bold=r < header_rows)
                self._keep(paragraph)
            blank = [not t.content.strip() for t in row]
            if r >= header_rows and any(blank):  # room to write by hand
                written.height = _NOTES_ROW if all(blank) else _WRITING_ROW
            written.header = r < header_rows
        # A paragraph after the table keeps two tables from merging into one.
        self._add_paragraph("Normal")
        return i + 1

    def _column_widths(self, rows: list[list[Any]], columns: int) -> list[int]:
        """Size columns to their content: each at least as wide as its longest word.

        Columns share the width by how much text they hold, but each gets room for its
        longest word (so that no word is broken).
        """
        if self._usable is None:  # the body's own section, which nothing here changes
            section = self.document.sections[-1]
            self._usable = section.page_width - section.left_margin - section.right_margin
        usable = self._usable
        least = [0] * columns
        most = [0] * columns
        for row in rows:
            for c, token in enumerate(row):
                text = token.content.replace("\\", "")
                # Word and LibreOffice may end a line after a hyphen that a letter follows
                # ("CJISD-ITS-DOC-08140" wraps as "CJISD-ITS-" / "DOC-08140").
                longest_word = max(
                    (
                        _word_width(part)
                        for word in text.split()
                        for part in _HYPHEN_BREAK.split(word)
                    ),
                    default=0,
                )
                least[c] = max(least[c], longest_word)
                # A blank cell is a place to write by hand: it wants room.
                most[c] = max(most[c], len(text) if text.strip() else _WRITING_CHARS)
        # A very long "word" (an email address, a web address) may wrap inside itself
        # rather than squeeze every other column below its own longest word.
        minimum = [min(width + _CELL_PADDING, usable * 2 // 5) for width in least]
        wanted = [
            max(n * _CHAR_WIDTH + _CELL_PADDING, low) for n, low in zip(most, minimum, strict=True)
        ]
        return _share(usable, minimum, wanted)

    # Inline ------------------------------------------------------------------------

    def _inline(self, paragraph: body_xml.Paragraph, token: Any, *, bold: bool = False) -> str:
        """Add an inline token's runs to ``paragraph``; the text they hold."""
        runs = paragraph.runs
        depth = {"strong": 1 if bold else 0, "em": 0}
        link: str | None = None
        pieces: list[str] = []
        for child in token.children or []:
            kind = child.type
            if kind in ("text", "code_inline", "html_inline"):
                text = xml_safe(child.content)
                if text:
                    pieces.append(text)
                    if "\t" in text or "\n" in text:
                        # As python-docx's add_run, then run.bold = ... or None (and italic).
                        look = body_xml.run_properties(
                            bold=depth["strong"] > 0, italic=depth["em"] > 0
                        )
                        runs.append(body_xml.text_run(text, look))
                    else:
                        runs.append(
                            body_xml.run(text, bold=depth["strong"] > 0, italic=depth["em"] > 0)
                        )
            elif kind == "softbreak":
                pieces.append(" ")
                runs.append(body_xml.run(" "))
            elif kind == "hardbreak":
                pieces.append("\n")
                runs.append(body_xml.LINE_BREAK)
            elif kind in _MARKS:
                mark, step = _MARKS[kind]
                depth[mark] += step
            elif kind == "link_open":
                link = str(child.attrs.get("href", ""))
            elif kind == "link_close" and link:
                text = f" ({xml_safe(link)})"
                pieces.append(text)
                runs.append(body_xml.text_run(text))
                link = None
        return "".join(pieces)

    def apply_style(self, paragraph: Any, name: str) -> None:
        """Give ``paragraph`` the style called ``name``.

        Sets the style id directly: python-docx's ``paragraph.style = ...`` looks up
        the default style among all styles on every call, which made rendering slow.
        """
        style = self.style(name)
        if style is None:
            return
        paragraph._p.style = None if style.style_id == self._default_id else style.style_id

    def style(self, name: str, fallback: str | None = "normal") -> Any:
        """The style called ``name`` (any case); if none, noted as missing, ``fallback``."""
        style = self.styles.get(name.lower())
        if style is None:
            self.missing.add(name)
            return self.styles.get(fallback) if fallback else None
        return style


# A word's width in ems of the table's font, by the kind of letter (Calibri, Carlito and
# the serif fonts LibreOffice may put in their place are all within these).
_NARROW, _WIDE = set("fijlrt.,;:'!|()[]-/ "), set("mwMW@%")
_TABLE_EM = 11 * 12700  # 11 pt text (a bold header and a wider stand-in font: see the factors)


def _word_width(word: str) -> int:
    """How wide ``word`` is on the page, in EMU (a little more than it is, never less)."""
    ems = 0.0
    for char in word:
        if char in _NARROW:
            ems += 0.36
        elif char in _WIDE:
            ems += 0.92
        elif char.isupper() or char.isdigit():
            ems += 0.66
        else:
            ems += 0.56
    return int(ems * _TABLE_EM)


def _share(usable: int, minimum: list[int], wanted: list[int]) -> list[int]:
    """Widths that sum to ``usable`` (at most): each column's share in proportion to the
    room its text wants, and never less than its minimum (its longest word) and a margin.

    A column held at its floor gives up the rest of its share to the others, so a column
    of prose is not left long and thin beside a column of short words (before, the
    column with the most text could be the narrowest). Without room for the margins,
    each column gets its minimum and the rest by how much more it wants.
    """
    low = sum(minimum)
    if low >= usable:  # the words alone do not fit: shrink in proportion
        return [int(usable * m / low) for m in minimum]
    if sum(wanted) <= usable:  # everything fits on one line: give the rest by content
        total = sum(wanted)
        return [int(usable * w / total) for w in wanted]
    # The estimate is an average: a column is held at a sixth more than its minimum, room
    # for a wider font (LibreOffice's stand-in for a missing one) or a bold heading.
    floor = [min(w, m * 7 // 6) for m, w in zip(minimum, wanted, strict=True)]
    if sum(floor) >= usable:  # no room for that: each its minimum, the rest by need
        extra = [w - m for w, m in zip(wanted, minimum, strict=True)]
        spare = usable - low
        return [m + int(spare * e / sum(extra)) for m, e in zip(minimum, extra, strict=True)]
    widths = list(floor)
    free = list(range(len(wanted)))
    room = usable
    while free:
        total = sum(wanted[c] for c in free)
        held = [c for c in free if room * wanted[c] / total < floor[c]]
        if not held:
            for c in free:
                widths[c] = int(room * wanted[c] / total)
            break
        for c in held:  # its share is below its floor: keep that, share the rest
            free.remove(c)
            room -= floor[c]
    return widths


@functools.cache
def _markdown_parser() -> Any:
    """The Markdown parser every document is read with: CommonMark with tables."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


# The block steps, by the Markdown token that starts the block.
_BLOCKS: dict[str, Callable[[DocxBuilder, list[Any], int], int]] = {
    "heading_open": DocxBuilder._heading,
    "paragraph_open": DocxBuilder._paragraph,
    "bullet_list_open": DocxBuilder._list_open,
    "ordered_list_open": DocxBuilder._list_open,
    "bullet_list_close": DocxBuilder._list_close,
    "ordered_list_close": DocxBuilder._list_close,
    "blockquote_open": DocxBuilder._quote_open,
    "blockquote_close": DocxBuilder._quote_close,
    "table_open": DocxBuilder._table,
    "html_block": DocxBuilder._html,
    "fence": DocxBuilder._code,
    "code_block": DocxBuilder._code,
    "hr": DocxBuilder._rule,
}
# Inline marks that nest: which depth each token moves, and which way.
_MARKS = {
    "strong_open": ("strong", 1),
    "strong_close": ("strong", -1),
    "em_open": ("em", 1),
    "em_close": ("em", -1),
}
