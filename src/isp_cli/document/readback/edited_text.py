"""The text of an edited item, read back as an answer; and the text around the answers.

How isp reads paragraphs back as an answer (the way it reads typed answers: blank
lines between paragraphs, "- " bullets, "1." steps), where an item's answer lies
among isp's own wording, how tracked changes are described, and which text outside
the answers changed, section by section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from isp_cli.document.readback.reading import Block, Para
from isp_cli.model.comparison import opcodes

PLACEHOLDER = re.compile(r"^\[To be completed: .*\]$", re.DOTALL)
_TOC_STYLES = ("toc", "contents", "table of contents")
_TOC_HEADINGS = ("toc heading", "contents heading")


@dataclass
class OutsideEdit:
    """A change outside the answers: isp's own wording, a heading, a table."""

    where: str  # the section (heading) it is in
    before: str
    after: str
    why: str = ""  # why an item's text is listed here rather than taken as its answer


def answer_blocks(
    base: list[Block], answer_at: set[int], region: list[Block]
) -> list[Block] | None:
    """The blocks of ``region`` that hold the answer; None if isp's wording around it changed.

    The answer lies between isp's wording before it (a "[To be discussed]" line) and
    after it (the item's tables); where there is no answer yet, a "[To be completed: …]"
    line stands in its place, and counsel may write over it.
    """
    placeholder = not answer_at and bool(base) and PLACEHOLDER.match(base[0].text) is not None
    if answer_at:
        start, end = min(answer_at), max(answer_at) + 1
    elif placeholder:
        start, end = 0, 1
    else:
        start = end = min(1, len(base))  # after the "[To be discussed]" line, if any
    prefix, suffix = base[:start], base[end:]
    tail = len(region) - len(suffix)
    if tail < len(prefix):
        return None
    if [b.text for b in region[: len(prefix)]] != [b.text for b in prefix]:
        return None
    if [b.text for b in region[tail:]] != [b.text for b in suffix]:
        return None
    return [
        b
        for b in region[len(prefix) : tail]
        if not (placeholder and isinstance(b, Para) and b.text == base[0].text)
    ]


def answer_text(paragraphs: list[Para]) -> str:
    """Paragraphs back as an answer, written the way isp reads answers: blank lines between
    paragraphs, "- " bullets, "1." numbered steps, a line break as a new line."""
    blocks: list[str] = []
    previous = ""
    number = 0
    carry = ""
    for paragraph in paragraphs:
        text = carry + paragraph.text.replace("\t", " ")
        if paragraph.mark == "del" and paragraph.original:  # joined with the next one
            carry = text
            continue
        carry = ""
        text = "\n".join(line.strip() for line in text.split("\n")).strip()
        if not text:
            continue
        kind = paragraph.list_kind
        if kind == "ol":
            number = number + 1 if previous == "ol" else 1
            line = f"{number}. {text}"
        else:
            line = f"- {text}" if kind == "ul" else text
        if kind and kind == previous:
            blocks[-1] += "\n" + line
        else:
            blocks.append(line)
        previous = kind
    if carry.strip():
        blocks.append(carry.strip())
    return "\n\n".join(blocks)


def describe_tracked(paragraph: Para) -> list[str]:
    out = []
    for piece in paragraph.pieces:
        if piece.change and piece.text.strip():
            who = ", ".join(x for x in (piece.author, piece.date[:10]) if x)
            what = "inserted" if piece.change == "ins" else "deleted"
            out.append(f"{what} “{piece.text.strip()}”" + (f" ({who})" if who else ""))
    if paragraph.mark and not any(p.change for p in paragraph.pieces):
        out.append(("inserted" if paragraph.mark == "ins" else "deleted") + " a paragraph break")
    return out


def outside(
    base: list[Block], covered_base: set[int], edited: list[Block], covered_edited: set[int]
) -> list[OutsideEdit]:
    """Differences in the text outside the items' answers, by section."""
    old, new = _lines(base, covered_base), _lines(edited, covered_edited)
    found = []
    for op, i1, i2, j1, j2 in opcodes([t for _, t in old], [t for _, t in new]).opcodes:
        if op == "equal":
            continue
        where = old[i1][0] if i1 < len(old) else (new[j1][0] if j1 < len(new) else "The end")
        found.append(
            OutsideEdit(
                where, "\n".join(t for _, t in old[i1:i2]), "\n".join(t for _, t in new[j1:j2])
            )
        )
    return found


def _lines(blocks: list[Block], covered: set[int]) -> list[tuple[str, str]]:
    """(section, text) of every block not in ``covered`` and not in the table of contents."""
    out: list[tuple[str, str]] = []
    section = "The cover"
    in_contents = False  # the table of contents: Word and LibreOffice fill it in anew
    for i, block in enumerate(blocks):
        if isinstance(block, Para):
            if block.heading_level is not None:
                section, in_contents = block.text, False
            elif block.style in _TOC_HEADINGS:
                in_contents = True
            if in_contents or block.style.startswith(_TOC_STYLES):
                continue
        if i not in covered:
            out.extend((section, text) for text in _block_lines(block))
    return out


def _block_lines(block: Block) -> list[str]:
    """A paragraph's text, or a table's rows (so that a changed row stands out)."""
    if isinstance(block, Para):
        return [block.text] if block.text.strip() else []
    rows = [[" / ".join(p.text for p in cell) for cell in row] for row in block.rows]
    return [" | ".join(cells) for cells in rows if any(c.strip() for c in cells)]
