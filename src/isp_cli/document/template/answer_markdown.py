"""Answers as Markdown that means exactly what the user typed.

Answers are data, never markup. The only structure isp reads in an answer is the
one a coordinator types without thinking of Markdown: blank lines separate
paragraphs, a line starting with "- ", "* " or "• " is a bullet, and a line
starting with "1. " or "1) " is a numbered step. Everything else — ``**bold**``,
``# heading``, ``<b>``, ``{{ x }}`` — appears in the document literally: every
ASCII punctuation character is backslash-escaped, which CommonMark reads as the
character itself.
"""

from __future__ import annotations

import re

# Characters that XML 1.0 cannot hold; text pasted from PDFs and email has them.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Characters that mean something to CommonMark (or its tables) anywhere in a line,
# and the ones that start a block at the beginning of a line.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~!])")
_BLOCK_MARKER = re.compile(r"^[#=+\-]")
_NUMBER_MARKER = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")  # only a list marker before a space
_BULLET = re.compile(r"^\s*[-*•]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+(.*)$")


def xml_safe(text: str) -> str:
    """``text`` without the control characters a Word file cannot contain."""
    return _XML_INVALID.sub("", text)


def inline(text: object) -> str:
    """One line of literal text for Markdown: punctuation escaped, lines joined."""
    value = xml_safe(str(text)).replace("\r\n", "\n").replace("\r", "\n")
    value = " ".join(part.strip() for part in value.split("\n"))
    value = _INLINE_SPECIAL.sub(r"\\\1", value.strip())
    # "-", "#" or "1." at the start would begin a list or a heading.
    value = _BLOCK_MARKER.sub(r"\\\g<0>", value)
    return _NUMBER_MARKER.sub(r"\1\\\2", value)


def cell(text: object) -> str:
    """Literal text for a Markdown table cell (never empty, so the row keeps its shape)."""
    return inline(text) or " "


def blocks(text: str) -> str:
    """An answer as Markdown paragraphs and lists, every character literal."""
    value = xml_safe(text).replace("\r\n", "\n").replace("\r", "\n")
    out: list[str] = []
    for chunk in re.split(r"\n[ \t]*\n", value):
        out.extend(_chunk(chunk))
    return "\n\n".join(block for block in out if block)


def _chunk(chunk: str) -> list[str]:
    """Markdown blocks for one blank-line-separated chunk of an answer."""
    result: list[str] = []
    kind = ""
    lines: list[str] = []

    def flush() -> None:
        if not lines:
            return
        if kind == "p":
            # A single Enter in an answer is a line break, as the user saw it.
            result.append("\\\n".join(lines))
        else:
            markers = (
                ["-"] * len(lines) if kind == "ul" else [f"{n}." for n in range(1, 1 + len(lines))]
            )
            result.append("\n".join(f"{m} {line}" for m, line in zip(markers, lines, strict=True)))
        lines.clear()

    for raw in chunk.split("\n"):
        if not raw.strip():
            continue
        bullet, numbered = _BULLET.match(raw), _NUMBERED.match(raw)
        line_kind = "ul" if bullet else "ol" if numbered else "p"
        match = bullet or numbered
        content = inline(match.group(1) if match else raw.strip())
        if not content:
            continue
        if line_kind != kind:
            flush()
            kind = line_kind
        lines.append(content)
    flush()
    return result
