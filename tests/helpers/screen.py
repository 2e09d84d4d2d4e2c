"""Screen tests: isp in a real pty, read through a terminal emulator, as a person sees it.

``Screen`` runs a command in a pseudo-terminal of a given size and feeds everything it
writes into pyte, a VT100 emulator, so that tests assert what is *on the screen*
(after redraws, erasures and wrapping), not what went through the byte stream. Keys are
sent one write at a time, with a pause, as a person types; ``pause`` makes the slow
moments (Esc, three seconds, Enter) explicit.

Never read the screen after a fixed sleep: on a busy machine isp may not have drawn it
yet. Wait until the screen shows what the test expects (``wait_for`` a text,
``wait_until`` a condition on the rows, ``settle`` until it stops changing), then assert;
each polls the program's output up to a generous deadline and, if it never comes, fails
with the screen's text. Use it for every screen a person reads (see
/work/shared/notes/testing.md):

    with Screen(tmp_path, "resume", "s.isp.yaml", size=(24, 80)) as term:
        term.wait_for("Your decision:")
        term.keys(ENTER)
        term.type("An answer typed one key at a time.")
        term.keys(ESC); term.pause(3); term.keys(ENTER)
        rows = term.wait_for("Note for the task force")  # the rows, to assert on

A condition rather than a text, such as two agencies ticked in a checkbox list:

        term.wait_until(lambda rows: sum("●" in row for row in rows) == 2, "two ticks")
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pexpect
import pyte

ENTER, ESC, CTRL_C, CTRL_D, CTRL_S, CTRL_B = "\r", "\x1b", "\x03", "\x04", "\x13", "\x02"
UP, DOWN = "\x1b[A", "\x1b[B"
PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"
KEY_GAP = 0.004  # between two keys typed (a fast typist; pauses are explicit)
DEADLINE = 20.0  # seconds to wait for what the screen should show: generous, for busy machines
POLL = 0.05  # seconds between two looks at the screen while waiting


def isp_env(**extra: str) -> dict[str, str]:
    """The environment of a terminal test: a colour terminal, no cursor-position wait."""
    return dict(os.environ, PROMPT_TOOLKIT_NO_CPR="1", TERM="xterm-256color", **extra)


class Screen:
    """A program in a pty of ``size`` (rows, columns), its output read through pyte."""

    def __init__(
        self,
        cwd: Path,
        *args: str,
        size: tuple[int, int] = (24, 80),
        program: str = sys.executable,
        module: bool = True,
        env: dict[str, str] | None = None,
    ) -> None:
        rows, columns = size
        argv = ["-m", "isp_cli", *args] if module else list(args)
        self.child = pexpect.spawn(
            program, argv, cwd=str(cwd), env=env or isp_env(), dimensions=(rows, columns)
        )
        self.child.delaybeforesend = None  # keys are paced by the test, not by pexpect
        self.screen = pyte.Screen(columns, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = bytearray()  # everything the program wrote, for byte-level checks
        self.ended = False  # the program's output has ended: the screen will not change

    def __enter__(self) -> Screen:
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.child.isalive():
            self.child.terminate(force=True)

    # Reading ------------------------------------------------------------------------

    def pump(self, wait: float = 0.05) -> None:
        """Feed whatever the program has written so far into the emulator."""
        deadline = time.monotonic() + wait
        while not self.child.closed:
            try:
                data = self.child.read_nonblocking(65536, timeout=min(wait, 0.02))
            except pexpect.TIMEOUT:
                data = b""
            except pexpect.EOF:
                self.ended = True
                return
            if data:
                self.raw.extend(data)
                self.stream.feed(data)
            elif time.monotonic() >= deadline:
                return

    def lines(self) -> list[str]:
        """The screen's rows, right-trimmed."""
        self.pump()
        return [row.rstrip() for row in self.screen.display]

    def text(self) -> str:
        """The screen as text, one row a line."""
        return "\n".join(self.lines())

    def wait_until(
        self, shows: Callable[[list[str]], bool], what: str, timeout: float = DEADLINE
    ) -> list[str]:
        """Wait until ``shows(rows)`` holds for the screen's rows (as ``lines``); the rows.

        The program's output is fed into the screen every ``POLL`` seconds. After
        ``timeout`` seconds, or once the program's output has ended, the test fails with
        ``what`` and the screen's text."""
        deadline = time.monotonic() + timeout
        while True:
            rows = self.lines()
            if shows(rows):
                return rows
            if self.ended or time.monotonic() >= deadline:
                why = "the program ended" if self.ended else f"after {timeout:g} s"
                raise AssertionError(f"never on the screen ({why}): {what}\n{self.text()}")
            self.pump(POLL)

    def wait_for(self, text: str, timeout: float = DEADLINE) -> list[str]:
        """Wait until ``text`` is on the screen (on one row, or wrapped across rows); the rows."""
        return self.wait_until(lambda rows: shows_text(rows, text), repr(text), timeout)

    def settle(self, quiet: float = 0.5, timeout: float = DEADLINE) -> list[str]:
        """Wait until the screen has not changed for ``quiet`` seconds; the rows.

        Only for a screen with nothing particular to wait for: a quiet screen may just be
        a busy machine, so prefer ``wait_for`` or ``wait_until`` what should be there."""
        deadline = time.monotonic() + timeout
        rows, since = self.lines(), time.monotonic()
        while time.monotonic() - since < quiet:
            if time.monotonic() >= deadline:
                raise AssertionError(f"the screen never settled in {timeout:g} s:\n{self.text()}")
            self.pump(POLL)
            if (now := self.lines()) != rows:
                rows, since = now, time.monotonic()
        return rows

    def cursor_row(self) -> int:
        return int(self.screen.cursor.y)

    # Typing -------------------------------------------------------------------------

    def keys(self, *keys: str) -> None:
        """Press keys one at a time (an escape sequence such as DOWN is one key)."""
        for key in keys:
            self.child.send(key)
            time.sleep(KEY_GAP)
            self.pump(0)

    def type(self, text: str) -> None:
        """Type ``text`` one character at a time; a newline is Enter."""
        self.keys(*[ENTER if c == "\n" else c for c in text])

    def paste(self, text: str) -> None:
        """Paste ``text`` as a terminal does with bracketed paste: one write."""
        self.child.send(PASTE_START + text + PASTE_END)
        self.pump(0.2)

    def pause(self, seconds: float) -> None:
        """A person's pause, with the screen kept up to date."""
        self.pump(seconds)

    def resize(self, rows: int, columns: int) -> None:
        """Resize the terminal window, as a person dragging its corner."""
        # pyte drops rows from the top when the window gets shorter but leaves the cursor
        # where it was; a terminal keeps the cursor on its text: move it up with it.
        dropped = max(0, self.screen.lines - rows)
        self.screen.resize(rows, columns)
        self.screen.cursor.y = max(0, self.screen.cursor.y - dropped)
        self.child.setwinsize(rows, columns)
        self.pump(0.5)

    def wait_exit(self, timeout: float = 30) -> int:
        """Wait for the program to end; its exit status."""
        deadline = time.monotonic() + timeout
        while self.child.isalive() and time.monotonic() < deadline:
            self.pump(0.1)
        self.pump(0.1)
        self.child.close()
        return self.child.exitstatus if self.child.exitstatus is not None else -1


def shows_text(rows: list[str], text: str) -> bool:
    """Whether ``text`` is in ``rows``: on one row, across rows, or wrapped between words."""
    wrapped = " ".join(" ".join(rows).split())
    return text in "\n".join(rows) or text in "".join(rows) or text in wrapped
