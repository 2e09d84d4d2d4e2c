"""Keys typed before the answer box is on screen reach it as they were typed.

Between the question being printed and the answer box taking the keyboard, the
terminal is in its ordinary ("cooked") mode: a pasted CRLF would become two line
breaks (the terminal turns CR into LF), a Ctrl-C would interrupt isp wherever it
is, and typed keys would be echoed twice. This puts the terminal in the answer
box's own mode a moment early, and back as it was afterwards.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress


@contextmanager
def keys_as_typed() -> Iterator[None]:
    """Inside: no echo, no line editing, CR kept, Ctrl-C a key (not a signal)."""
    try:
        import termios

        fd = sys.stdin.fileno()
        before = termios.tcgetattr(fd)
    except (ImportError, OSError, ValueError, AttributeError):
        yield
        return
    mode = list(before)
    mode[0] &= ~(termios.ICRNL | termios.IXON)  # input flags
    mode[3] &= ~(termios.ICANON | termios.ECHO | termios.ISIG | termios.IEXTEN)  # local flags
    try:
        termios.tcsetattr(fd, termios.TCSANOW, mode)
    except termios.error:
        yield
        return
    try:
        yield
    finally:
        with suppress(termios.error):
            termios.tcsetattr(fd, termios.TCSANOW, before)
