"""``--format md``: the template's Markdown as clean CommonMark a person would write.

The template's Markdown carries isp's directives for Word (styles, page breaks,
the contents field, keep-together blocks) and escapes every punctuation mark of
an answer. For email and wikis, the directives go, the title becomes a heading,
the document's details go into YAML front matter, and each backslash escape that
changes nothing is dropped: a block loses an escape only if CommonMark then reads
it exactly as before.
"""

from __future__ import annotations

import json
import re
from typing import Any

from isp_cli.document.template.context import DocumentInfo

_DIRECTIVE = re.compile(
    r"^<!--\s*(style|toc|pagebreak|keep|endkeep|item|answer|endanswer)\b\s*(.*?)\s*-->\s*$"
)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
# Never unescaped: "=" and "-" can turn the line before into a heading; "|" splits
# table cells; a backslash before a backslash is needed.
_KEEP_ESCAPED = set("=-|\\")
_EMPTY_CELL = re.compile(r"\| {2,}(?=\|)")


def clean_markdown(markdown: str, info: DocumentInfo) -> str:
    """``markdown`` from a template, as clean CommonMark with YAML front matter."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable("table")
    body = _without_directives(markdown)
    blocks = [b for b in re.split(r"\n[ \t]*\n", body) if b.strip()]
    cleaned = [_unescape(block.strip("\n").rstrip(), parser) for block in blocks]
    return _front_matter(info) + "\n\n".join(cleaned) + "\n"


def _front_matter(info: DocumentInfo) -> str:
    fields = {
        "title": info.title,
        "author": info.author,
        "subject": info.subject,
        "version": info.version,
        "status": info.status,
        "date": info.modified.date().isoformat(),
    }
    # A JSON string is a valid YAML scalar, whatever the text holds.
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def _without_directives(markdown: str) -> str:
    """The Markdown without isp's directives; the Title paragraph as a heading."""
    out: list[str] = []
    pending: str | None = None  # the style of the next paragraph
    for line in markdown.split("\n"):
        match = _DIRECTIVE.match(line.strip())
        if match:
            name, argument = match.groups()
            pending = argument if name == "style" else pending
            continue
        if pending is not None and line.strip():
            style, pending = pending, None
            if style.lower() == "title":
                line = "# " + line.strip()
            elif style.lower() == "toc heading":
                continue  # "Contents": a Markdown file has no contents field
        if line.startswith("|"):
            line = _EMPTY_CELL.sub("| ", line)
        out.append(line.rstrip())
    return "\n".join(out)


def _unescape(block: str, parser: Any) -> str:
    """``block`` without the backslash escapes CommonMark does not need there."""
    if "\\" not in block:
        return block
    expected = parser.render(block)
    spans = [m for m in _ESCAPE.finditer(block) if m.group(1) not in _KEEP_ESCAPED]
    everything = _drop(block, spans)
    if parser.render(everything) == expected:
        return everything
    kept: list[re.Match[str]] = []
    for index, span in enumerate(spans):
        # Drop this escape with the earlier ones found needless.
        trial = _drop(block, [s for s in spans[: index + 1] if s not in kept])
        if parser.render(trial) == expected:
            continue
        kept.append(span)
    return _drop(block, [s for s in spans if s not in kept])


def _drop(block: str, spans: list[re.Match[str]]) -> str:
    """``block`` with the backslash of each escape in ``spans`` removed."""
    pieces = []
    last = 0
    for span in spans:
        pieces.append(block[last : span.start()])
        last = span.start() + 1  # skip the backslash, keep the character
    pieces.append(block[last:])
    return "".join(pieces)
