"""The general provisions step as a person sees it: a terminal emulator (pyte) at 80x24
and 60x20, keys sent one at a time."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from helpers.paths import EXAMPLE
from helpers.platforms import needs_pty
from helpers.screen import CTRL_C, DOWN, ENTER, Screen, isp_env

pytestmark = needs_pty

BACKSPACE = "\x7f"


@pytest.mark.parametrize(("rows", "cols"), [(24, 80), (20, 60)])
def test_provisions_step_on_a_small_terminal(tmp_path: Path, rows: int, cols: int) -> None:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    del data["provisions"]
    (tmp_path / "s.isp.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    env = dict(isp_env(), TERM="xterm", NO_COLOR="1")
    with Screen(tmp_path, "edit", "s.isp.yaml", "provisions", size=(rows, cols), env=env) as term:
        term.wait_for("Skip for now")
        for choice in ("Your decision:", "Keep the model language", "Leave out of this protocol"):
            shown = term.wait_for(choice)
        assert all(len(line) <= cols for line in shown)
        term.keys(ENTER)
        term.wait_for("take effect?")
        term.type("2027-01-01")
        term.keys(ENTER)
        term.wait_for("renewed?")
        term.keys(ENTER)  # the suggested 3 years
        term.wait_for("withdraw?")
        term.keys(BACKSPACE, BACKSPACE, "0", ENTER)  # 30 -> 0: not allowed, and the reason shows
        term.wait_for("from 1 to 365")
        term.keys(BACKSPACE, *"45", ENTER)
        # The next provision. (Its header scrolls off before the screen is read: its
        # text is longer than the screen. Wait for its last line instead.)
        term.wait_for("the law prevails.")
        term.keys(CTRL_C)
        assert term.wait_exit() == 130
    saved = yaml.safe_load((tmp_path / "s.isp.yaml").read_text(encoding="utf-8"))
    assert saved["provisions"] == {
        "term": {
            "status": "keep",
            "values": {"effective_date": yaml.safe_load("2027-01-01"), "term_years": 3,
                       "notice_days": 45},
        }
    }  # fmt: skip


def test_going_back_to_the_standard_wording_on_the_screen(tmp_path: Path) -> None:
    """isp edit FILE wording at 80x24: the task force's own scope (counsel's edit brought
    back by isp import) is shown whole, and one choice brings the standard wording back."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    own = "This protocol governs all information sharing among the member agencies."
    data["wording"] = {"scope": own}
    (tmp_path / "s.isp.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    env = dict(isp_env(), TERM="xterm", NO_COLOR="1")
    with Screen(tmp_path, "edit", "s.isp.yaml", "wording", size=(24, 80), env=env) as term:
        shown = term.wait_for("Go back to the standard wording")
        text = " ".join(" ".join(shown).split())
        assert "Scope, as the task force worded it:" in text and own in text
        assert all(len(line) <= 80 for line in shown)
        term.keys(DOWN, ENTER)
        shown = term.wait_for("Scope is the standard wording again.")
        assert term.wait_exit() == 0
    saved = yaml.safe_load((tmp_path / "s.isp.yaml").read_text(encoding="utf-8"))
    assert "wording" not in saved or not saved["wording"]
    assert "wording.scope" in saved["history"][-1]["items"]
