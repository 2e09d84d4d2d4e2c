"""The Markdown parser a document's Markdown is read with (markdown-it-py).

CommonMark with tables, one parser per process; isp's own templates are read
with a lean one (LEAN_OFF), and text in which no inline rule can start skips the
inline parse (``_inline``). Both leave the tokens exactly as markdown-it makes them:
tests/test_render.py compares them.
"""

from __future__ import annotations

import functools
from typing import Any

# What isp's own templates never write, and answers cannot (answer_markdown escapes
# every character that could start them): skipping these rules makes the parse about 15%
# cheaper; tests/test_render.py checks the tokens are the same as with every rule.
LEAN_OFF = (
    "code",
    "fence",
    "reference",
    "lheading",
    "hr",
    "image",
    "autolink",
    "entity",
    "backticks",
    "blockquote",
)


@functools.cache
def markdown_parser(*, lean: bool = False) -> Any:
    """One Markdown parser for every document: CommonMark with tables (``lean``: less
    the rules isp's own templates do not need, LEAN_OFF)."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable("table")
    if lean:
        parser.disable(list(LEAN_OFF))
    if getattr(parser.inline, "terminator_re", None) is not None:  # markdown-it-py 4.3 on
        parser.core.ruler.at("inline", _inline)
    return parser


def _inline(state: Any) -> None:
    """markdown-it's core rule "inline", less the inline parse of plain text.

    Text in which no inline rule can start (no character of the parser's
    terminator_re) always becomes one "text" token: its first rule, "text", takes it
    all. Most table cells and many paragraphs are such text; building the token here
    skips a parser state and three post-processing passes each.
    tests/test_render.py checks the tokens are the same as markdown-it's own.
    """
    from markdown_it.token import Token

    md = state.md
    terminators = md.inline.terminator_re
    for token in state.tokens:
        if token.type != "inline":
            continue
        if token.children is None:
            token.children = []
        content = token.content
        if content and terminators.search(content) is None:
            text = Token("text", "", 0)
            text.content = content
            token.children.append(text)
        else:
            md.inline.parse(content, md, state.env, token.children)
