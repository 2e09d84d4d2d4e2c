"""isp in a pseudo-terminal, read as a byte stream: pexpect's ``expect`` on what it prints.

For the screen a person reads (redraws, erasures, wrapping), use helpers.screen instead.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pexpect

from isp_cli.storage.resources import builtin_checklist

ENTER, DOWN, CTRL_C, FINISH = "\r", "\x1b[B", "\x03", "\x1b\r"
ITEMS = builtin_checklist().item_ids


class Terminal:
    """isp running in a pseudo-terminal."""

    def __init__(self, cwd: Path, *args: str) -> None:
        env = dict(os.environ, PROMPT_TOOLKIT_NO_CPR="1", TERM="xterm", NO_COLOR="1")
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "isp_cli", *args],
            cwd=str(cwd),
            env=env,
            dimensions=(50, 120),
            encoding="utf-8",
            timeout=15,
        )
        self.log = io.StringIO()
        self.child.logfile_read = self.log

    def answer(self, prompt: str, keys: str) -> None:
        self.child.expect_exact(prompt)
        self.child.send(keys)

    def text(self, prompt: str, text: str) -> None:
        self.answer(prompt, text + ENTER)

    def multiline(self, prompt: str, lines: list[str]) -> None:
        self.answer(prompt, "\r".join(lines) + FINISH)

    def finish(self) -> tuple[int, str]:
        self.child.expect(pexpect.EOF)
        self.child.close()
        # Text is wrapped to the terminal: compare with white space folded.
        output = " ".join(self.log.getvalue().split())
        return self.child.exitstatus or 0, output
