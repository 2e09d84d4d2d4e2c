"""Text from a file, made safe to print: no control characters, no endless lines.

A session, checklist or template is untrusted text. Printed raw, a value holding
``\\x1b]0;...\\x07`` retitles the terminal, ``\\x1b[2J`` clears it, and a newline can
forge a second message ("Traceback ..."). Everything isp prints from a file goes
through :func:`printable`; every error goes through :func:`one_line`.
"""

from __future__ import annotations

import re

# The longest error line isp prints: long enough for a path, a key path, a value and
# the advice, short enough that a 200 KB value never floods the terminal.
MAX_ERROR_CHARS = 1_000
# The longest piece of a file's text quoted inside a message.
MAX_QUOTED_CHARS = 80

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x1b": "\\e"}
# C0 and C1 controls, DEL, and the invisible format characters that reorder or hide
# text on screen (bidirectional overrides, zero-width characters); lone surrogates.
_UNSAFE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff\ud800-\udfff]"
)


# _UNSAFE less the tab, harmless in text printed as several lines.
_UNSAFE_IN_TEXT = re.compile(_UNSAFE.pattern.replace("\\x00-\\x1f", "\\x00-\\x08\\x0a-\\x1f"))


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    named = _NAMED.get(char)
    if named:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(
    text: object, limit: int | None = MAX_QUOTED_CHARS, *, keep_newlines: bool = False
) -> str:
    """``text`` with every control character shown escaped, cut to ``limit`` characters.

    With ``keep_newlines``, line breaks stay (for text printed as several lines on
    purpose); everything else that could move the cursor or restyle the terminal
    is escaped. A cut text ends with an ellipsis and the number of characters left out.
    """
    value = str(text)
    if limit is not None and len(value) > limit * 6:
        value = value[: limit * 6]  # escaping grows a character to six at most
    if keep_newlines:
        unsafe = _UNSAFE_IN_TEXT
        value = "\n".join(unsafe.sub(_escape, line) for line in value.split("\n"))
    else:
        value = _UNSAFE.sub(_escape, value)
    if limit is not None and len(value) > limit:
        value = f"{value[:limit]}… (cut: {len(str(text)):,} characters in all)"
    return value


def quoted(text: object, limit: int = MAX_QUOTED_CHARS) -> str:
    """``'text'``, printable and short: a value from a file, quoted in a message."""
    if not isinstance(text, str):
        return printable(repr(text), limit)
    return "'" + printable(text, limit).replace("'", "\\'") + "'"


def one_line(message: str, limit: int = MAX_ERROR_CHARS) -> str:
    """An error message as one printable line of at most about ``limit`` characters."""
    return printable(message, limit)


def with_commands(message: str, limit: int = MAX_ERROR_CHARS) -> str:
    """A message, printable and short: one line, except that a command isp prints on a
    line of its own (after a line break and two spaces) stays there, to be copied."""
    return "\n  ".join(one_line(part, limit) for part in message.split("\n  "))
