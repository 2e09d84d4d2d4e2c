"""Every comparison isp makes is bounded (issue 25): the work is counted, never timed.

The hostile corpus: a one-word change in an answer of 1 MB, two long answers that
differ everywhere, a change every fiftieth word, thousands of paragraphs half edited,
text made of one repeated word, and sessions on different checklists.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers.paths import EXAMPLE
from helpers.sessions import custom_checklist_session, load, minimal_data, write_session
from isp_cli.model import comparison
from isp_cli.model.comparison import WORK, opcodes, word_diff

WORDS = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "is",
    "that",
    "for",
    "it",
    "as",
    "was",
    "with",
    "be",
    "by",
    "on",
    "not",
    "victim",
    "agency",
    "shared",
]


def prose(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def rebuilt(a: list[Any], b: list[Any], ops: list[comparison.Opcode]) -> list[Any]:
    """``b`` made from ``a`` and the opcodes, checking each equal run and the order."""
    out: list[Any] = []
    i = j = 0
    for op, i1, i2, j1, j2 in ops:
        assert (i1, j1) == (i, j), "opcodes must follow one another"
        if op == "equal":
            assert a[i1:i2] == b[j1:j2]
        out += b[j1:j2]
        i, j = i2, j2
    assert (i, j) == (len(a), len(b))
    return out


@pytest.mark.parametrize("work", [WORK, 500, 0])
def test_the_opcodes_always_turn_one_side_into_the_other(work: int) -> None:
    rng = random.Random(work)
    for _ in range(1500):
        a = [rng.choice("abcdef") for _ in range(rng.randint(0, 80))]
        b = list(a)
        for _ in range(rng.randint(0, 6)):
            k = rng.randint(0, len(b))
            b[k : k + rng.randint(0, 4)] = [
                rng.choice("abcdefgh") for _ in range(rng.randint(0, 4))
            ]
        diff = opcodes(a, b, work=work)
        assert rebuilt(a, b, diff.opcodes) == b
        assert diff.work <= work
        if a == b:
            assert diff.opcodes == ([("equal", 0, len(a), 0, len(b))] if a else [])


def test_small_changes_are_found_as_difflib_finds_them() -> None:
    a = ["one", "two", "three", "four", "five"]
    b = ["one", "two", "3", "four", "five", "six"]
    assert opcodes(a, b).opcodes == [
        ("equal", 0, 2, 0, 2),
        ("replace", 2, 3, 2, 3),
        ("equal", 3, 5, 3, 5),
        ("insert", 5, 5, 5, 6),
    ]


def test_one_word_changed_in_a_megabyte_costs_a_scan() -> None:
    text = prose(random.Random(1), 180_000)  # about 1 MB
    middle = len(text) // 2
    middle = text.index(" ", middle) + 1
    new = text[:middle] + "REDACTED " + text[middle:].split(" ", 1)[1]
    _a, b, diff = word_diff(text, new)
    assert diff.work <= 10 and not diff.whole
    changed = [op for op in diff.opcodes if op[0] != "equal"]
    assert len(changed) == 1 and "".join(b[changed[0][3] : changed[0][4]]).strip() == "REDACTED"


def test_texts_that_differ_everywhere_are_replaced_whole_and_say_so() -> None:
    rng = random.Random(2)
    old, new = prose(rng, 35_000), prose(rng, 35_000)  # about 200 KB each
    _, _, diff = word_diff(old, new)
    assert diff.work <= WORK
    assert diff.whole


def test_a_change_every_fiftieth_word_is_found_word_by_word() -> None:
    rng = random.Random(3)
    words = [f"w{rng.randint(0, 10**7)}" for _ in range(100_000)]
    edited = ["X" if k % 50 == 0 else w for k, w in enumerate(words)]
    diff = opcodes(words, edited)
    assert not diff.whole and diff.work <= WORK
    assert sum(1 for op in diff.opcodes if op[0] == "replace") == 2_000


def test_one_word_repeated_is_bounded() -> None:
    a, b = ["the"] * 20_000, ["the"] * 10_000 + ["a"] + ["the"] * 9_000
    diff = opcodes(a, b)
    assert diff.work <= WORK and rebuilt(a, b, diff.opcodes) == b


def test_a_line_break_that_moves_is_not_a_changed_word() -> None:
    from isp_cli.commands.diff import word_diff as marked

    assert marked("one two\nthree", "one two three", "text") == "one two three"
    assert marked("one two three", "one 2 three", "text") == "one [-two-]{+2+} three"


# The commands ------------------------------------------------------------------------------


def _with_answer(tmp_path: Path, name: str, answer: str) -> Path:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["items"]["shared.details"]["response"] = answer
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[comparison.Diff]:
    """Every comparison the command makes, with its work."""
    made: list[comparison.Diff] = []
    real = comparison.opcodes

    def counting(a: Any, b: Any, **kw: Any) -> comparison.Diff:
        diff = real(a, b, **kw)
        made.append(diff)
        return diff

    monkeypatch.setattr(comparison, "opcodes", counting)
    comparison.word_diff.cache_clear()
    return made


@pytest.mark.parametrize("colour", [False, True])
def test_isp_diff_of_a_megabyte_answer_is_bounded(
    tmp_path: Path, counted: list[comparison.Diff], colour: bool
) -> None:
    from isp_cli.commands.diff import diff_sessions

    text = prose(random.Random(4), 180_000)
    old = _with_answer(tmp_path, "a.isp.yaml", text)
    new = _with_answer(tmp_path, "b.isp.yaml", text.replace(" agency ", " AGENCY ", 1))
    report = diff_sessions(old=old, new=new, colour=colour)
    assert "AGENCY" in report
    assert len(counted) == 1  # the answer's words, compared once
    assert counted[0].work <= 10


def test_isp_diff_of_two_long_rewrites_says_they_were_replaced_whole(
    tmp_path: Path, counted: list[comparison.Diff]
) -> None:
    from isp_cli.commands.diff import WHOLE, diff_sessions

    rng = random.Random(5)
    old = _with_answer(tmp_path, "a.isp.yaml", prose(rng, 35_000))
    new = _with_answer(tmp_path, "b.isp.yaml", prose(rng, 35_000))
    report = diff_sessions(old=old, new=new, fmt="md")
    assert " ".join(WHOLE.split()) in " ".join(report.split())
    assert sum(d.work for d in counted) <= WORK


def test_sessions_on_different_checklists_show_the_items_of_both(tmp_path: Path, cli: Any) -> None:
    custom = custom_checklist_session(tmp_path)
    checklist = yaml.safe_load((tmp_path / "my-checklist.yaml").read_text(encoding="utf-8"))
    checklist["sections"][0]["items"].append(
        {
            "id": "intro.local_rules",
            "heading": "Local rules",
            "text": "Local rules",
            "guidance": "",
            "help": "h",
        }
    )
    (tmp_path / "my-checklist.yaml").write_text(yaml.safe_dump(checklist), encoding="utf-8")
    data = load(custom)
    data["items"]["intro.local_rules"] = {"status": "include", "response": "County rule 7."}
    custom.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    (tmp_path / "b").mkdir()
    builtin = write_session(tmp_path / "b", minimal_data())
    code, out, err = cli("diff", str(builtin), str(custom))
    assert code == 0, err
    said = " ".join(out.split())
    assert "The two sessions use different checklists" in said
    assert "intro.local_rules: Local rules" in said and "County rule 7." in said
    assert "No differences" not in said


def test_import_of_thousands_of_paragraphs_half_edited_is_bounded(
    tmp_path: Path, counted: list[comparison.Diff]
) -> None:
    from isp_cli.commands.import_report import changed_lines

    rng = random.Random(6)
    before = "\n\n".join(f"Paragraph {n}: {prose(rng, 12)}" for n in range(20_000))
    lines = before.split("\n\n")
    after = "\n\n".join(line + " (edited)" if n % 2 else line for n, line in enumerate(lines))
    shown = changed_lines(before, after, "Information to be shared")
    assert sum(1 for line in shown if line.startswith("  Changed:")) == 10_000
    assert sum(d.work for d in counted) <= WORK * 2


def test_a_redline_of_a_long_rewrite_is_bounded(tmp_path: Path, cli: Any) -> None:
    rng = random.Random(7)
    old = _with_answer(tmp_path, "a.isp.yaml", prose(rng, 30_000))
    new = _with_answer(tmp_path, "b.isp.yaml", prose(rng, 30_000))
    code, _out, err = cli("diff", str(old), str(new), "--format", "docx", "-o", "r.docx")
    assert code == 0, err
    assert (tmp_path / "r.docx").stat().st_size > 10_000


def test_the_example_compares_with_itself_as_no_differences(tmp_path: Path, cli: Any) -> None:
    copy = shutil.copy(EXAMPLE, tmp_path / "copy.isp.yaml")
    code, out, _ = cli("diff", str(EXAMPLE), str(copy))
    assert code == 0 and "No differences." in out
