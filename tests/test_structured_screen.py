"""The structured parts as a person sees them: a checkbox list at 80x24 and 60x20, and
plain mode by numbers ("1,3")."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from helpers.platforms import needs_pty
from helpers.screen import CTRL_C, DOWN, ENTER, Screen, isp_env
from helpers.sessions import load, started

pytestmark = needs_pty

AGENCIES = ["Metro Police Department", "Safe Harbor", "County Prosecutor"]


def session(tmp_path: Path) -> Path:
    """The screen tests' session (three agencies), with item 7 answered."""
    path = started(tmp_path)
    data = load(path)
    data["items"] = {"shared.providers_recipients": {"status": "include", "response": "Who."}}
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("size", [(24, 80), (20, 60)], ids=["80x24", "60x20"])
def test_ticking_agencies_in_a_checkbox_list(tmp_path: Path, size: tuple[int, int]) -> None:
    path = session(tmp_path)
    with Screen(tmp_path, "edit", "s.isp.yaml", "shared.providers_recipients", size=size) as term:
        term.wait_for("Your decision:")
        term.keys(ENTER)
        term.wait_for("What should the protocol say?")
        term.keys("\x13")  # Ctrl-S: keep the answer
        term.wait_for("Add an information flow")
        term.keys(ENTER)
        term.wait_for("What information?")
        term.keys(DOWN, ENTER)  # tips and leads
        term.wait_for("Provided by")
        term.wait_for("Space ticks")  # the keys are named on the screen
        term.keys(ENTER)  # nothing ticked: refused, with a reason
        term.wait_for("Please tick at least one agency")
        term.keys(" ", DOWN, DOWN, " ")
        rows = term.wait_until(lambda rows: sum("●" in r for r in rows) == 2, "two agencies ticked")
        ticked = [r for r in rows if "●" in r]
        assert [r.split("●", 1)[1].strip() for r in ticked] == [AGENCIES[0], AGENCIES[2]]
        assert all(len(r.rstrip()) <= size[1] for r in rows)
        term.keys(ENTER)
        term.wait_for("Shared with")
        term.keys(" ", DOWN, DOWN, " ", ENTER)  # all members and an agency: refused
        term.wait_for("'All members' stands alone")
        term.wait_for("● All members")  # asked again, the ticks kept
        term.keys(DOWN, DOWN, " ", ENTER)  # untick the agency
        term.wait_for("On what condition?")
        term.keys(CTRL_C)
        assert term.wait_exit() == 130
    flow = load(path)["flows"][0]
    assert flow == {
        "information": "tips-leads",
        "provided_by": [AGENCIES[0], AGENCIES[2]],
        "shared_with": ["all-members"],
    }


def test_plain_mode_builds_a_flow_by_numbers(tmp_path: Path) -> None:
    path = session(tmp_path)
    env = dict(isp_env(), TERM="dumb")
    with Screen(
        tmp_path, "edit", "s.isp.yaml", "shared.providers_recipients", size=(24, 80), env=env
    ) as term:
        term.wait_for("Type a number from 1 to 4")
        term.type("1\n")  # include
        term.wait_for("only a full stop (.) to keep it")
        term.type(".\n")
        term.wait_for("Information flows (0 so far)")
        term.type("1\n")  # add
        term.wait_for("What information?")
        term.type("3\n")  # a referral with consent
        term.wait_for("1. [ ] Metro Police Department")
        term.type("1,9\n")
        term.wait_for("'1,9': type numbers from 1 to 3")
        term.type("1,3\n")
        term.wait_for("3. [ ] Metro Police Department")  # shared with: the groups first
        term.type("4\n")
        term.wait_for("On what condition?")
        term.type("1\n")  # the victim's written, time-limited release
        term.wait_for("Purpose, in a few words")
        term.type("\n")
        term.wait_for("Keep this flow")
        term.type("\n")
        term.wait_for("Information flows (1 so far)")
        term.type("\n")  # Enter alone: done
        term.wait_for("Note for the task force")
        term.type("\n")
        assert term.wait_exit() == 0
        raw = bytes(term.raw)
    assert b"\x1b" not in raw
    assert load(path)["flows"] == [
        {
            "information": "referral-with-consent",
            "provided_by": [AGENCIES[0], AGENCIES[2]],
            "shared_with": [AGENCIES[1]],
            "condition": "written-release",
        }
    ]
