"""The interview as a person sees it: the screen of an 80x24 (60x20, 120x40) terminal.

Every test reads the screen through a terminal emulator (helpers/screen.py), sends keys
one at a time, and pauses where a person would. It never reads the screen after a fixed
sleep: it waits until the screen shows what it should, then asserts.
"""

from __future__ import annotations

import re
import shlex
import time
from pathlib import Path

import pytest

from helpers.platforms import needs_pty
from helpers.screen import CTRL_B, CTRL_C, CTRL_S, DEADLINE, DOWN, ENTER, ESC, Screen, isp_env
from helpers.sessions import load, started
from isp_cli.storage.resources import builtin_provisions

pytestmark = needs_pty

SIZES = [(24, 80), (20, 60), (40, 120)]
SENTENCE = (
    "Partners share only what a victim has agreed to share, and only with the agency that "
    "needs it to serve that victim; every request is logged, every disclosure is recorded, "
    "and the coordinator reviews the log with the task force each quarter."
)
WORDS = SENTENCE.split(" ")


def answer_rows(rows: list[str], first_word: str, last_word: str) -> list[str]:
    """The rows from the first one starting with ``first_word`` to the last one with
    ``last_word`` (none if there are not both)."""
    starts = [n for n, row in enumerate(rows) if row.startswith(first_word)]
    ends = [n for n in range(starts[0], len(rows)) if last_word in rows[n]] if starts else []
    return rows[starts[0] : ends[-1] + 1] if ends else []


def wait_for_answer(term: Screen, text: str) -> list[str]:
    """Wait until every character of ``text`` is in the answer box; the answer's rows (how
    they wrap is for the test to check)."""
    first, last = text.split(" ")[0], text.split(" ")[-1]
    letters = "".join(text.split())
    rows = term.wait_until(
        lambda rows: "".join("".join(answer_rows(rows, first, last)).split()) == letters,
        f"the whole answer, from {first!r} to {last!r}",
    )
    return answer_rows(rows, first, last)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[1]}x{s[0]}")
def test_a_long_answer_fills_the_width_and_wraps_between_words(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    started(tmp_path)
    columns = size[1]
    text = " ".join(WORDS * 2)  # about 500 characters
    assert len(text) > 450
    with Screen(tmp_path, "resume", "s.isp.yaml", size=size) as term:
        term.wait_for("[2/21]")
        term.wait_for("Your decision:")
        term.keys(ENTER)
        term.wait_for("What should the protocol say?")
        term.type(text)
        shown = wait_for_answer(term, text)
        # Whole words, in order, starting at the left edge, on every row.
        assert " ".join(" ".join(shown).split()) == text
        assert all(row == row.lstrip() for row in shown)
        assert all(len(row) <= columns for row in shown)
        assert max(len(row) for row in shown) > columns - 15  # the full width is used
        term.wait_for("Ctrl-S")
        term.wait_for("finish")
        term.wait_for("Ctrl-C")  # how to stop is on screen too
        # A person's pause between Esc and Enter does not matter.
        term.keys(ESC)
        term.pause(3)
        term.wait_for("Esc pressed: now press Enter to finish")
        term.keys(ENTER)
        term.wait_for("Note for the task force")
        term.keys(CTRL_C)
        assert term.wait_exit() == 130
    assert load(tmp_path / "s.isp.yaml")["items"]["intro.contributors"]["response"] == text


def test_the_answer_survives_resizes_and_a_too_narrow_window(tmp_path: Path) -> None:
    started(tmp_path)
    text = " ".join(WORDS)
    with Screen(tmp_path, "resume", "s.isp.yaml", size=(24, 80)) as term:
        term.wait_for("Your decision:")
        term.keys(ENTER)
        term.wait_for("What should the protocol say?")
        term.type(text)
        wait_for_answer(term, text)  # all typed, at 80 columns
        term.resize(20, 60)
        shown = wait_for_answer(term, text)  # drawn again at 60 columns
        assert " ".join(" ".join(shown).split()) == text
        assert all(len(row) <= 60 for row in shown)
        term.resize(20, 35)
        term.wait_for("The window is too narrow")
        term.resize(24, 80)
        wait_for_answer(term, text)  # back, as it was
        term.keys(CTRL_S)  # the other finishing key
        term.wait_for("Note for the task force")
        term.keys(CTRL_C)
        assert term.wait_exit() == 130
    assert load(tmp_path / "s.isp.yaml")["items"]["intro.contributors"]["response"] == text


def test_done_when_three_paragraphs_back_one_item_ctrl_c_and_the_copied_command(
    tmp_path: Path,
) -> None:
    """The issue's "done when", as a coordinator in an 80x24 terminal does it."""
    started(tmp_path)
    paragraphs = [
        "Partners share what a victim agreed to share.",
        "Each request is logged by the agency that receives it.",
        "The coordinator reviews the log with the task force every quarter.",
    ]
    with Screen(tmp_path, "resume", "s.isp.yaml", size=(24, 80)) as term:
        term.wait_for("[2/21]")
        term.wait_for("Your decision:")
        term.keys(ENTER)
        term.wait_for("What should the protocol say?")
        term.type("\n\n".join(paragraphs))
        term.wait_for(paragraphs[2])  # isp has every key
        term.pause(2)
        term.keys(ESC)
        term.pause(3)
        term.keys(ENTER)
        term.wait_for("Note for the task force")
        term.keys(ENTER)
        term.wait_for("[3/21]")
        term.wait_for("Your decision:")
        term.keys(DOWN, DOWN, DOWN, DOWN, ENTER)  # "Go back to the previous item"
        term.wait_for("[2/21]")
        term.wait_for("Your decision:")
        term.wait_for("Include in the protocol (current decision)")
        term.keys(ENTER)
        term.wait_for(paragraphs[2])  # the answer, pre-filled
        term.keys(CTRL_S)
        term.wait_for("Note for the task force")
        term.keys(ENTER)
        term.wait_for("[3/21]")
        term.wait_for("Your decision:")
        term.keys(ENTER)
        term.wait_for("What should the protocol say?")
        term.type("Once a year, in January, the chair")
        term.keys(CTRL_C)
        assert term.wait_exit() == 130
        screen = term.lines()
    assert "kept as a draft" in " ".join(" ".join(screen).split())
    command = next(row.strip() for row in screen if re.search(r"isp resume s\.isp\.yaml$", row))
    data = load(tmp_path / "s.isp.yaml")
    assert data["items"]["intro.contributors"]["response"] == "\n\n".join(paragraphs)
    assert data["drafts"] == {
        "intro.review_schedule.response": "Once a year, in January, the chair"
    }
    assert "intro.review_schedule" not in data["items"]  # a draft, not a decision
    # The printed command works in a shell whose PATH does not hold isp's folder.
    env = dict(isp_env(), PATH="/usr/bin:/bin")
    with Screen(
        tmp_path, "-c", command, size=(24, 80), program="/bin/sh", module=False, env=env
    ) as term:
        term.wait_for("[3/21]")
        term.wait_for("Your decision:")
        term.keys(ENTER)
        term.wait_for("Once a year, in January, the chair")
        term.wait_for("unfinished text from last time")
        term.type(" reviews it.")
        term.keys(CTRL_S)
        term.wait_for("How many months between reviews?")
        term.keys(CTRL_C)
        assert term.wait_exit() == 130
    data = load(tmp_path / "s.isp.yaml")
    assert (
        data["items"]["intro.review_schedule"]["response"]
        == "Once a year, in January, the chair reviews it."
    )
    assert "drafts" not in data


def test_go_back_key_in_the_answer_box_returns_to_the_decision(tmp_path: Path) -> None:
    started(tmp_path)
    with Screen(tmp_path, "resume", "s.isp.yaml", size=(24, 80)) as term:
        term.wait_for("Your decision:")
        term.keys(ENTER)  # include
        term.wait_for("Ctrl-B: back to the decision")
        term.type("Half a thought")
        term.keys(CTRL_B)
        term.wait_for("Go back to the previous item")
        term.keys(DOWN, ENTER)  # discuss instead
        term.wait_for("Draft answer for the task force")
        term.wait_for("Half a thought")  # what was typed is still there
        term.keys(CTRL_S)
        term.wait_for("Note for the task force")
        term.keys(CTRL_C)
        assert term.wait_exit() == 130
    data = load(tmp_path / "s.isp.yaml")
    assert data["items"]["intro.contributors"] == {
        "status": "discuss",
        "response": "Half a thought",
    }
    assert "drafts" not in data


def test_pasted_and_typed_line_breaks_and_tabs(tmp_path: Path) -> None:
    path = started(tmp_path)
    with Screen(tmp_path, "resume", "s.isp.yaml", size=(24, 80)) as term:
        term.wait_for("Your decision:")
        term.keys(ENTER)
        term.wait_for("What should the protocol say?")
        term.paste("Agency\tContact  \r\nPolice\tLt. Rivera\r\n")
        term.keys(*"Typed\r\nCRLF")  # CRLF as keystrokes: one line break, not two
        rows = term.wait_for("CRLF")  # the last key typed is on the screen
        assert "^I" not in "\n".join(rows)
        term.keys(CTRL_S)
        term.wait_for("Note for the task force")
        term.keys(CTRL_C)
        assert term.wait_exit() == 130
    response = load(path)["items"]["intro.contributors"]["response"]
    assert response == "Agency  Contact\nPolice  Lt. Rivera\nTyped\nCRLF"
    assert "response: |" in path.read_text(encoding="utf-8")  # block style, readable


def skip_structured(term: Screen, n: int) -> None:
    """Leave the structured part of item ``n`` as it is, by numbers (plain mode)."""
    if n in (4, 7, 8):  # the flows are reached from three items
        term.wait_for("Information flows (0 so far)")
        term.type("2\n")  # Done
    elif n == 10:
        for agency in ("Metro Police Department", "Safe Harbor", "County Prosecutor"):
            term.wait_for(f"Federal authorities that bind {agency}")
            term.type("\n")  # the catalog's suggestions, ticked to start with, kept
        term.wait_for("State or local authorities (0 so far")
        term.type("\n")  # Done
    elif n == 16:
        term.wait_for("Point persons: choose an agency")
        term.type("4\n")  # Done
    elif n == 21:
        term.wait_for("Breach notification steps: who tells whom")
        term.type("2\n")  # Not now


def last_plain_question(rows: list[str]) -> str:
    """The question plain mode waits on: the last paragraph of the screen, its rows joined,
    if its last row is "Answer:"; else ""."""
    shown = [row.strip() for row in rows]
    while shown and not shown[-1]:
        shown.pop()
    if not shown or not shown[-1].startswith("Answer:"):
        return ""
    start = max((n + 1 for n, row in enumerate(shown) if not row), default=0)
    return " ".join(shown[start:])


def wait_for_plain_question(term: Screen, question: str) -> None:
    """Wait until plain mode asks ``question`` (and waits for the answer)."""
    term.wait_until(
        lambda rows: question in last_plain_question(rows), f"the question {question!r}"
    )


def test_plain_mode_completes_the_interview_by_numbers(tmp_path: Path) -> None:
    started(tmp_path)
    env = dict(isp_env(), TERM="dumb")
    with Screen(tmp_path, "resume", "s.isp.yaml", size=(24, 80), env=env) as term:
        for n in range(2, 22):
            term.wait_for(f"[{n}/21]")
            term.wait_for("Type a number from 1 to 5")
            if n == 13:
                term.type("3\n")  # leave out
            else:
                term.type("1\n")
                term.wait_for("a line with only a full stop (.) ends it")
                term.type(f"Answer {n}, line one.\nLine two.\n.\n")
                if n == 3:
                    term.wait_for("How many months between reviews?")
                    term.type("\n")
                skip_structured(term, n)
            term.wait_for("Note for the task force")
            term.type("\n")
        for provision in builtin_provisions().provisions:  # skipped for now, by number
            # A long text scrolls its "[n/15]" header off the screen: wait for its end.
            term.wait_for(" ".join(provision.model.split()[-5:]))
            term.wait_for("Type a number from 1 to 4")
            term.type("4\n")
        # The lead agency: the second one, by number; no coordinator named.
        term.wait_for("Which member agency is the lead agency")
        term.wait_for("Type a number from 1 to 4")
        term.type("2\n")
        wait_for_plain_question(term, "The task force coordinator")
        term.type("\n")
        for agency in ("Metro Police Department", "Safe Harbor", "County Prosecutor"):
            # The party, who signs for each agency, and their job title: left blank.
            wait_for_plain_question(term, f"The party that signs for {agency}")
            term.type("\n")
            wait_for_plain_question(term, f"Who signs for {agency}?")
            term.type("\n")
            wait_for_plain_question(term, "Their job title")
            term.type("\n")
        term.wait_for("Make the Word protocol now?")
        term.type("n\n")
        assert term.wait_exit() == 0
        raw = bytes(term.raw)
    assert b"\x1b" not in raw
    assert b"1. Include in the protocol" in raw
    data = load(tmp_path / "s.isp.yaml")
    assert data["items"]["process.breach"]["response"] == "Answer 21, line one.\nLine two."
    assert data["items"]["requirements.hipaa"] == {"status": "omit"}


def test_plain_option_and_ctrl_c_keep_the_lines_typed(tmp_path: Path) -> None:
    started(tmp_path)
    with Screen(tmp_path, "resume", "--plain", "s.isp.yaml", size=(24, 80)) as term:
        term.wait_for("Type a number from 1 to 5")
        term.type("2\n")  # discuss
        term.wait_for("a line with only a full stop (.) ends it")
        term.type("First line.\nSecond line.\n")
        term.keys(CTRL_C)
        assert term.wait_exit() == 130
        raw = bytes(term.raw)
    assert b"\x1b" not in raw
    drafts = load(tmp_path / "s.isp.yaml")["drafts"]
    assert drafts == {
        "intro.contributors.response": "First line.\nSecond line.",
        "intro.contributors.status": "discuss",  # the decision it was written for
    }


def test_printed_command_quotes_a_file_name_with_spaces(tmp_path: Path) -> None:
    path = started(tmp_path)
    spaced = path.rename(tmp_path / "metro county.isp.yaml")
    with Screen(tmp_path, "resume", spaced.name, size=(24, 80)) as term:
        term.wait_for("Your decision:")
        term.keys(CTRL_C)
        assert term.wait_exit() == 130
        lines = term.lines()
    command = next(row.strip() for row in lines if "resume" in row and row.startswith("  "))
    assert shlex.split(command)[-2:] == ["resume", "metro county.isp.yaml"]


def test_a_pause_in_typing_saves_a_draft_that_survives_kill_9(tmp_path: Path) -> None:
    path = started(tmp_path)
    with Screen(tmp_path, "resume", "s.isp.yaml", size=(24, 80)) as term:
        term.wait_for("Your decision:")
        term.keys(ENTER)
        term.wait_for("What should the protocol say?")
        term.type("Typed before a pause")
        term.wait_for("Typed before a pause")  # isp has every key
        term.pause(3)  # longer than the idle time: the draft is saved
        deadline = time.monotonic() + DEADLINE  # on a busy machine, allow isp longer
        while "drafts" not in load(path) and time.monotonic() < deadline:
            term.pause(0.2)
        term.type(" and lost")
        term.child.kill(9)
        term.wait_exit()
    assert load(path)["drafts"] == {"intro.contributors.response": "Typed before a pause"}


def test_the_home_menu_with_several_sessions_fits_the_screen(tmp_path: Path) -> None:
    path = started(tmp_path)
    for name in ("b.isp.yaml", "c.isp.yaml"):
        (tmp_path / name).write_bytes(path.read_bytes())
    with Screen(tmp_path, size=(24, 80)) as term:
        term.wait_for("Which session?")
        term.wait_for("Start a new protocol")
        term.wait_for("Quit")
        term.keys(DOWN, ENTER)  # the second session in the list
        term.wait_for("What would you like to do?")
        for action in ("Continue", "See how far", "Review", "Record an agency's approval"):
            term.wait_for(action)
        term.keys(DOWN, DOWN, DOWN, DOWN, ENTER)  # see how far it has come
        assert term.wait_exit() == 0
        assert "isp edit b.isp.yaml signatures" in " ".join(term.text().split())


def test_ctrl_e_writes_the_answer_in_the_users_own_editor(tmp_path: Path) -> None:
    started(tmp_path)
    editor = tmp_path / "editor.sh"
    editor.write_text("#!/bin/sh\nprintf 'Added in the editor.\\n' >> \"$1\"\n", encoding="utf-8")
    editor.chmod(0o755)
    env = dict(isp_env(), EDITOR=str(editor))
    env.pop("VISUAL", None)
    with Screen(tmp_path, "resume", "s.isp.yaml", size=(24, 80), env=env) as term:
        term.wait_for("Your decision:")
        term.keys(ENTER)
        term.wait_for("Ctrl-E: your editor")
        term.type("Typed first. ")
        term.keys("\x05")  # Ctrl-E
        term.wait_for("Typed first. Added in the editor.")
        term.keys(CTRL_S)
        term.wait_for("Note for the task force")
        term.keys(CTRL_C)
        assert term.wait_exit() == 130
    response = load(tmp_path / "s.isp.yaml")["items"]["intro.contributors"]["response"]
    assert response == "Typed first. Added in the editor."


def test_ctrl_e_without_an_editor_says_how_to_set_one(tmp_path: Path) -> None:
    started(tmp_path)
    env = {k: v for k, v in isp_env().items() if k not in ("EDITOR", "VISUAL")}
    with Screen(tmp_path, "resume", "s.isp.yaml", size=(24, 80), env=env) as term:
        term.wait_for("Your decision:")
        term.keys(ENTER)
        term.wait_for("What should the protocol say?")
        rows = term.wait_for("Ctrl-S")  # the keys are named, Ctrl-E not among them
        assert "Ctrl-E" not in "\n".join(rows)
        term.keys("\x05")
        term.wait_for("set EDITOR first (for example: export EDITOR=nano)")
        term.keys(CTRL_C)
        assert term.wait_exit() == 130


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[1]}x{s[0]}")
def test_long_choices_are_shortened_between_words_not_cut(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    columns = size[1]
    with Screen(tmp_path, "new", size=size) as term:
        term.wait_for("Name of the task force")
        term.type("Metro Area Task Force")
        term.keys(ENTER)
        term.wait_for("Another topic")
        shown = term.wait_for("administrative")
        rows = [row.rstrip() for row in shown if "administrative" in row]
        assert len(rows) == 1, "\n".join(shown)
        full = (
            "Shared administrative activities, such as agency emails, securing shared "
            "documents, and data for grant reporting"
        )
        row = rows[0]
        assert len(row) < columns  # never reaches the right edge, where it would be cut
        shown = row[row.index("Shared") :].removesuffix("…").rstrip()
        # What is shown is the start of the text, ending between two words.
        assert full.startswith(shown), row
        assert shown == full or full[len(shown)] == " ", row
        term.keys(CTRL_C)
        term.wait_exit()
