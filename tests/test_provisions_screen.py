"""The general provisions step as a person sees it: a terminal emulator (pyte) at 80x24
and 60x20, keys sent one at a time."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pexpect
import pytest
import yaml

from conftest import EXAMPLE

pyte = pytest.importorskip("pyte")


class Screen:
    """isp in a pty, its output fed to a terminal emulator."""

    def __init__(self, cwd: Path, rows: int, cols: int, *args: str) -> None:
        env = dict(os.environ, PROMPT_TOOLKIT_NO_CPR="1", TERM="xterm", NO_COLOR="1")
        self.child = pexpect.spawn(sys.executable, ["-m", "isp_cli", *args], cwd=str(cwd),
                                   env=env, dimensions=(rows, cols), encoding="utf-8")  # fmt: skip
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.Stream(self.screen)

    def wait_for(self, text: str, timeout: float = 15) -> str:
        """Read output until ``text`` is on the screen; the screen's text."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            shown = "\n".join(self.screen.display)
            if text in shown:
                return shown
            try:
                self.stream.feed(self.child.read_nonblocking(65536, timeout=0.2))
            except pexpect.TIMEOUT:
                continue
            except pexpect.EOF:
                break
        raise AssertionError(f"{text!r} never appeared on:\n" + "\n".join(self.screen.display))

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.child.send(key)
            time.sleep(0.05)


@pytest.mark.parametrize(("rows", "cols"), [(24, 80), (20, 60)])
def test_provisions_step_on_a_small_terminal(tmp_path: Path, rows: int, cols: int) -> None:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    del data["provisions"]
    (tmp_path / "s.isp.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    term = Screen(tmp_path, rows, cols, "edit", "s.isp.yaml", "provisions")
    shown = term.wait_for("Skip for now")
    for line in ("Your decision:", "Keep the model language", "Leave out of this protocol"):
        assert line in shown
    assert all(len(line.rstrip()) <= cols for line in term.screen.display)
    term.keys("\r")
    term.wait_for("take effect?")
    term.keys(*"2027-01-01", "\r")
    term.wait_for("renewed?")
    term.keys("\r")  # the suggested 3 years
    term.wait_for("withdraw?")
    term.keys("\x7f", "\x7f", "0", "\r")  # 30 -> 0: not allowed, and the reason shows
    term.wait_for("from 1 to 365")
    term.keys("\x7f", *"45", "\r")
    shown = term.wait_for("[2/7] Legal status")
    term.keys("\x03")
    term.child.expect(pexpect.EOF)
    term.child.close()
    assert term.child.exitstatus == 130
    saved = yaml.safe_load((tmp_path / "s.isp.yaml").read_text(encoding="utf-8"))
    assert saved["provisions"] == {
        "term": {
            "status": "keep",
            "values": {"effective_date": yaml.safe_load("2027-01-01"), "term_years": 3,
                       "notice_days": 45},
        }
    }  # fmt: skip
