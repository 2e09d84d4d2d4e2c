"""Hostile and unusual input (issue 12): every case ends in one clear line, a non-zero
exit, no traceback, no hang, and no file changed.

A hand-made corpus per class (model and command level), and a seeded fuzzer over
session files run in a child process under a timeout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from helpers.paths import EXAMPLE, REPO
from helpers.platforms import needs_device, needs_fifo
from isp_cli.errors import IspError
from isp_cli.storage.session_file import load_session

ESCAPES = "\\e]0;pwned\\a\\e[2J"  # as YAML writes them in double quotes


def _one_line(err: str) -> None:
    assert err.startswith("isp: ") and err.count("\n") == 1, err[:500]
    assert not any(c in err for c in "\x1b\x07\x00\r"), err[:500]
    assert len(err) < 1_200


def _example(tmp_path: Path, old: str, new: str) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "s.isp.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


# 1. Values YAML can parse but Python cannot build, and dates that overflow ------------

CREATED = "created: '2026-10-06T14:00:00+00:00'"
VALUES = {
    "February 30": (CREATED, "created: 2026-02-30T14:00:00", "line 8: this session file"),
    "hour 25": (CREATED, "created: 2026-10-06T25:00:00", "not a real date and time"),
    "offset +99:00": (CREATED, "created: 2026-10-06T14:00:00+99:00", "not a real date"),
    "year 0": ("  last_review: 2026-11-18", "  last_review: 0000-11-18", "not a real date"),
    "timestamp tag on text": (CREATED, "created: !!timestamp soon", "'soon' is not a real"),
    "int tag on a float": ("  interval_months: 12", "  interval_months: !!int 1e3", "valid value"),
    "5,000 digits": ("  interval_months: 12", "  interval_months: " + "9" * 5000, "5,000 digits"),
    "year 9999 plus a year": (
        "  last_review: 2026-11-18", "  last_review: 9999-12-01", "year 9999 is not plausible"
    ),
    "year 1 with an offset": (
        "updated: '2026-11-18T16:30:00+00:00'", "updated: 0001-01-01T00:00:00+05:00",
        "year 1 is not plausible",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", list(VALUES))
def test_values_python_cannot_build_are_one_line(cli: Any, tmp_path: Path, case: str) -> None:
    old, new, expected = VALUES[case]
    path = _example(tmp_path, old, new)
    before = path.read_bytes()
    with pytest.raises(IspError, match=expected.replace("plausible", "a plausible date")):
        load_session(path)
    for command in (["status"], ["check"], ["render", "--format", "md"]):
        code, out, err = cli(*command, str(path))
        assert code == 1 and out == ""
        _one_line(err)
    assert path.read_bytes() == before
    assert not (tmp_path / "s.md").exists()


# 4 and 13. Text that reaches the terminal, and messages of any length -----------------

TERMINAL = {
    "escapes in a key": ("isp: 3", f'isp: 3\n"{ESCAPES}": x'),
    "newline and fake traceback in a key": (
        "isp: 3", 'isp: 3\n"x\\nTraceback (most recent call last):\\n  File": y'
    ),
    "escapes in a value": ("  status: draft", f'  status: "{ESCAPES}final"'),
    "a 200 KB value": ("  status: draft", "  status: " + "z" * 200_000),
    "a 200 KB key": ("isp: 3", "isp: 3\n" + "k" * 200_000 + ": 1"),
    "escapes in a tag": ("  status: draft", "  status: !<tag:\x1b[2J> draft"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(TERMINAL))
def test_file_text_in_errors_is_printable_and_short(cli: Any, tmp_path: Path, case: str) -> None:
    old, new = TERMINAL[case]
    path = _example(tmp_path, old, new)
    before = path.read_bytes()
    code, out, err = cli("status", str(path))
    assert code == 1 and out == ""
    _one_line(err)
    assert path.read_bytes() == before


def test_status_shows_file_text_escaped(cli: Any, tmp_path: Path) -> None:
    path = _example(
        tmp_path, "  representative: Lt. A. Rivera", f'  representative: "Lt. {ESCAPES}"'
    )
    text = path.read_text(encoding="utf-8")
    odd_name = f'"Metro PD{ESCAPES}\\nX"'
    text = text.replace("- name: Metro Police Department", f"- name: {odd_name}", 1)
    # The flows and point persons name the agency too: renamed there alike.
    text = text.replace("  - Metro Police Department\n", f"  - {odd_name}\n")
    text = text.replace("- agency: Metro Police Department\n", f"- agency: {odd_name}\n")
    text = text.replace("lead_agency: Metro Police Department\n", f"lead_agency: {odd_name}\n")
    text = text.replace("title: Information Sharing", f'title: "{ESCAPES}Information Sharing', 1)
    text = text.replace("Victim Referrals\n", 'Victim Referrals"\n', 1)
    path.write_text(text, encoding="utf-8")
    load_session(path)  # a valid session: odd text is allowed, just never printed raw
    code, out, _ = cli("status", str(path))
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out
    assert "Metro PD\\e]0;pwned\\x07\\e[2J\\nX: Approved" in out


# 5. Paths that are not regular files -----------------------------------------------------


def _special(tmp_path: Path, kind: str) -> str:
    target = tmp_path / f"special-{kind}"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "folder":
        target.mkdir()
    elif kind == "device":
        return "/dev/zero"
    return str(target)


SPECIAL = [
    pytest.param("fifo", marks=needs_fifo),
    pytest.param("device", marks=needs_device("/dev/zero")),
    "folder",
    "missing",
]


@pytest.mark.parametrize("kind", SPECIAL)
@pytest.mark.parametrize(
    "command",
    [
        ["status", "@"],
        ["render", "s.isp.yaml", "--template", "@"],
        ["render", "s.isp.yaml", "--reference-docx", "@"],
        ["new", "n.isp.yaml", "--answers", "@", "--no-input"],
        ["new", "n.isp.yaml", "--checklist", "@", "--no-input"],
        ["diff", "s.isp.yaml", "@"],
        ["checklist", "@", "--yaml"],
    ],
)
def test_paths_that_are_not_files_end_in_one_line(
    tmp_path: Path, kind: str, command: list[str]
) -> None:
    # A child process under a timeout: a FIFO opened for reading would wait for ever.
    (tmp_path / "s.isp.yaml").write_bytes(EXAMPLE.read_bytes())
    given = _special(tmp_path, kind)
    args = [given if part == "@" else part for part in command]
    before = sorted(p.name for p in tmp_path.iterdir())
    done = subprocess.run(
        [sys.executable, "-m", "isp_cli", *args],
        cwd=tmp_path, capture_output=True, text=True, timeout=30, check=False,
        env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"),
    )  # fmt: skip
    assert done.returncode == 1 and done.stdout == ""
    _one_line(done.stderr)
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_nul_byte_in_a_path(tmp_path: Path) -> None:
    from isp_cli.commands.render import render_protocol

    with pytest.raises(IspError, match="NUL"):
        load_session(tmp_path / "a\x00b.isp.yaml")
    (tmp_path / "s.isp.yaml").write_bytes(EXAMPLE.read_bytes())
    for option in ("template", "reference_docx", "out"):
        with pytest.raises(IspError, match="NUL") as caught:
            render_protocol(file=tmp_path / "s.isp.yaml", **{option: tmp_path / "x\x00.j2"})
        assert "\n" not in str(caught.value)


# The fuzzer --------------------------------------------------------------------------------


def _fuzz(folder: Path, *args: str) -> list[dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, str(REPO / "tests" / "helpers" / "fuzz_child.py"), str(folder), *args],
        capture_output=True, text=True, timeout=240, check=True, cwd=folder,
    )  # fmt: skip
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    for row in rows:
        assert row["escaped"] is None, row
        assert row["unchanged"], row
        assert row["code"] in (0, 1, 3), row
        if row["code"] == 1:
            _one_line(row["stderr"])
        elif row["code"] == 3 and row["args"] == ["check"]:  # a mutation that looks personal
            _one_line(row["stderr"])
            assert "seem to identify an individual" in row["stderr"], row
        else:
            assert all(line.startswith("isp: warning: ") for line in row["stderr"].splitlines())
    return rows


@pytest.mark.parametrize("seed", [20261125, 12])
def test_fuzzed_session_files(tmp_path: Path, seed: int) -> None:
    rows = _fuzz(tmp_path, str(seed), "300")
    assert len(rows) == 300
    assert {0, 1} <= {row["code"] for row in rows}  # both valid and invalid files are made


def test_a_type_swap_at_every_key_path(tmp_path: Path) -> None:
    rows = _fuzz(tmp_path, "sweep")
    assert len(rows) > 300
    assert sum(row["code"] == 1 for row in rows) > len(rows) // 2


# 2. Document properties: long and odd text renders, shortened and cleaned ---------------


@pytest.mark.parametrize(
    "protocol",
    [
        {"topic": "other", "topic_description": "Sharing between " + "partner agencies " * 12},
        {"title": "Protocol " + "on victim referrals " * 20},
        {"task_force": "Task Force " * 40, "version": "0." + "1" * 300},
        {"title": "Referrals\x0bbetween\ufffepartners\ufeff", "jurisdiction": "Metro\x0c County"},
    ],
)
def test_long_and_odd_property_text_renders(tmp_path: Path, protocol: dict[str, str]) -> None:
    import docx

    from helpers.sessions import minimal_data, write_session
    from isp_cli.commands.render import render_protocol

    data = minimal_data()
    data["protocol"] |= protocol
    session = write_session(tmp_path, data)
    props = docx.Document(str(render_protocol(file=session).path)).core_properties
    for value in (props.title, props.subject, props.author, props.keywords, props.version):
        assert len(value) <= 255
        assert not any(c in value for c in "\x0b\x0c\ufffe")
    assert props.title.startswith(("Protocol on victim", "Referralsbetween", "Information"))


def test_diff_shows_file_text_escaped_and_keeps_lines(cli: Any, tmp_path: Path) -> None:
    old = _example(tmp_path, "  status: draft", "  status: draft")
    new = tmp_path / "new.isp.yaml"
    text = old.read_text(encoding="utf-8")
    new.write_text(
        text.replace(
            "title: Information Sharing", f'title: "{ESCAPES}Information Sharing', 1
        ).replace("Victim Referrals\n", 'Victim Referrals"\n', 1),
        encoding="utf-8",
    )
    code, out, _ = cli("diff", str(old), str(new))
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out
    assert "\\e]0;pwned\\x07\\e[2J" in out and out.count("\n") > 2
