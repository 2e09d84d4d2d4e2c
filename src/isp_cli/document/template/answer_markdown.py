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
    return _blocks(text, terms=False)


def definitions(text: str) -> str:
    """A list of definitions as the task force worded it, as ``blocks`` shows an answer,
    except that a bullet that opens with a term and a colon ("- Breach: any access …")
    shows the term in bold, as the standard definitions do."""
    return _blocks(text, terms=True)


def _blocks(text: str, *, terms: bool) -> str:
    value = xml_safe(text).replace("\r\n", "\n").replace("\r", "\n")
    out: list[str] = []
    for chunk in re.split(r"\n[ \t]*\n", value):
        out.extend(_chunk(chunk, terms=terms))
    return "\n\n".join(block for block in out if block)


# A defined term at the start of a bullet: a few words, then a colon and the meaning.
_TERM = re.compile(r"^([^:.;!?]{1,60}):\s+(\S.*)$")


def _term(line: str) -> str:
    """A bullet's text with its opening term in bold ("**Breach:** any access …")."""
    match = _TERM.match(line)
    if match is None or len(match.group(1).split()) > 6:
        return inline(line)
    return f"**{inline(match.group(1))}:** {inline(match.group(2))}"


def _chunk(chunk: str, *, terms: bool = False) -> list[str]:
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
        if bullet and terms:
            content = _term(bullet.group(1).strip())
        else:
            content = inline(match.group(1) if match else raw.strip())
        if not content:
            continue
        if line_kind != kind:
            flush()
            kind = line_kind
        lines.append(content)
    flush()
    return result
