"""Word wrapping for prompt_toolkit, which itself only breaks lines between characters.

A processor pads the end of a screen row with spaces so that a word that would be
cut at the right edge starts on the next row instead; the padding exists only on
screen, never in the text.
"""

from __future__ import annotations

from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.formatted_text.utils import fragment_list_to_text
from prompt_toolkit.layout.processors import Processor, Transformation, TransformationInput
from prompt_toolkit.utils import get_cwidth


def padding(text: str, width: int) -> dict[int, int]:
    """Where to pad ``text`` (one logical line) so it wraps between words: index -> spaces."""
    pads: dict[int, int] = {}
    column = 0
    index = 0
    while index < len(text):
        if text[index] != " " and (index == 0 or text[index - 1] == " "):
            end = text.find(" ", index)
            word = text[index : len(text) if end < 0 else end]
            size = sum(get_cwidth(c) for c in word)
            # The space after a word stays on the word's row, not at the next row's start.
            needed = size + (1 if end >= 0 else 0)
            if column > 0 and column + needed > width and size < width:
                pads[index] = width - column
                column = 0
        column += get_cwidth(text[index])
        if column >= width:
            column = column - width if column > width else 0
        index += 1
    return pads


class WordWrap(Processor):
    """Pads each row's end so that words are not cut at the right edge."""

    def apply_transformation(self, ti: TransformationInput) -> Transformation:
        text = fragment_list_to_text(ti.fragments)
        width = ti.width
        if width < 2 or " " not in text:
            return Transformation(ti.fragments)
        pads = padding(text, width)
        if not pads:
            return Transformation(ti.fragments)
        fragments: StyleAndTextTuples = []
        position = 0
        for style, chunk, *_ in ti.fragments:
            for char in chunk:
                if position in pads:
                    fragments.append((style, " " * pads[position]))
                fragments.append((style, char))
                position += 1
        starts = sorted(pads)

        def to_display(i: int) -> int:
            return i + sum(pads[s] for s in starts if s <= i)

        def to_source(d: int) -> int:
            shift = 0
            for s in starts:
                if s + shift + pads[s] <= d:
                    shift += pads[s]
                elif s + shift <= d:
                    return s  # inside the padding: the word's first character
                else:
                    break
            return d - shift

        return Transformation(fragments, to_display, to_source)
