"""isp diff as a track-changes summary: before and after, colour, approvals from -> to."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from helpers.sessions import minimal_data, write_session
from isp_cli.commands.diff import diff_sessions
from isp_cli.interview import prompts

OLD = "Partners share information by secure email, within two working days of a request."
NEW = "Agencies meet monthly; urgent requests go to the coordinator by telephone the same day."


def two_drafts(tmp_path: Path) -> tuple[Path, Path]:
    data = minimal_data()
    data["items"]["intro.rationale"]["response"] = OLD
    data["items"]["intro.rationale"]["note"] = "Ask counsel before the meeting."
    old = write_session(tmp_path, data, "v1.isp.yaml")
    data["items"]["intro.rationale"]["response"] = NEW
    data["items"]["intro.rationale"]["note"] = "Ask counsel before the March meeting."
    data["agencies"][0]["approval"] = {"status": "approved", "date": "2026-12-01", "by": "Chief"}
    return old, write_session(tmp_path, data, "v2.isp.yaml")


def test_a_large_change_reads_as_before_and_after(tmp_path: Path) -> None:
    old, new = two_drafts(tmp_path)
    report = diff_sessions(old=old, new=new)
    assert f"Before:\n  {OLD}\nAfter:\n  {NEW}" in report
    assert "[-" not in report.split("Note")[0]  # no markers woven through a rewrite
    assert "Note: Ask counsel before the {+March+} meeting." in report  # a few words: in place
    assert (
        "- Approval: Metro Police Department: pending -> approved of version 0.1 (2026-12-01, Chief)"
        in report
    )
    assert "\x1b" not in report


def test_colour_marks_words_in_place(tmp_path: Path) -> None:
    old, new = two_drafts(tmp_path)
    report = diff_sessions(old=old, new=new, colour=True)
    assert "\x1b[9;31m" in report and "\x1b[4;32m" in report
    assert "Before:" not in report


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_terminal_and_never_with_no_color(
    monkeypatch: pytest.MonkeyPatch, cli: Any
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert prompts.colour_on(Tty())
    assert not prompts.colour_on(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not prompts.colour_on(Tty())
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    assert not prompts.colour_on(Tty())
