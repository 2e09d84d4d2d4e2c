"""The command line, in-process: what the user reads and the exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers.platforms import POSIX_MODES, program_as_isp
from helpers.sessions import minimal_data


def test_help_lists_every_command_with_an_example(cli: Any) -> None:
    code, out, _ = cli("--help")
    assert code == 0
    for command in ("new", "resume", "edit", "status", "checklist"):
        assert f"  {command} " in out
    assert "Example: isp new" in out


def test_version(cli: Any) -> None:
    from isp_cli import __version__

    assert cli("--version") == (0, f"isp {__version__}\n", "")


def test_checklist_prints_all_items(cli: Any) -> None:
    code, out, _ = cli("checklist")
    assert code == 0
    assert "1. Introduction to the Information Sharing Protocol" in out
    assert "process.breach" in out and "Process if there is a data breach" in out
    assert out.strip().endswith("21 items in 4 sections.")


def test_checklist_json(cli: Any) -> None:
    code, out, _ = cli("checklist", "--json")
    data = json.loads(out)
    assert code == 0
    assert [len(s["items"]) for s in data["sections"]] == [3, 6, 6, 6]


def test_status_of_a_session(cli: Any, session_file: Path) -> None:
    code, out, err = cli("status", str(session_file))
    assert code == 0, err
    assert "Introduction to the Information Sharing Protocol" in out
    assert "3 of 21 items have a decision." in out
    assert 'decided. The others are marked "Counsel to confirm" in the protocol.' in out
    assert "No member agency represents victim services and prosecution" in out


def test_status_json(cli: Any, session_file: Path) -> None:
    code, out, _ = cli("status", "--json", str(session_file))
    data = json.loads(out)
    assert code == 0
    assert data["total"] == {
        "include": 1,
        "discuss": 1,
        "omit": 1,
        "skipped": 0,
        "unanswered": 18,
        "items": 21,
    }
    assert data["sections"][0]["items"]["intro.rationale"] == "include"
    assert data["missing_disciplines"] == ["victim-services", "prosecution"]
    assert data["complete"] is False


def test_status_of_a_broken_file_is_one_line_exit_1(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "bad.isp.yaml"
    data = minimal_data()
    data["items"]["intro.rationale"]["status"] = "yes"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    code, out, err = cli("status", str(path))
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"isp: {path}, line ")
    assert "'yes'" in err and "Traceback" not in err


def test_usage_error_exits_2(cli: Any) -> None:
    code, _, err = cli("status")
    assert code == 2
    assert "isp status needs a session file, for example: isp status metro.isp.yaml" in err
    assert cli("frobnicate")[0] == 2


def test_edit_unknown_item_is_usage_error(cli: Any, session_file: Path, user: Any) -> None:
    user([])
    code, _, err = cli("edit", str(session_file), "process.breech")
    assert code == 2
    assert "Did you mean 'process.breach'?" in err


def no_terminal(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """isp run with no terminal (standard input from /dev/null) in ``tmp_path``."""
    return subprocess.run(
        [sys.executable, "-m", "isp_cli", *args],
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )


def test_new_without_terminal_refuses_and_writes_nothing(tmp_path: Path) -> None:
    result = no_terminal(tmp_path, "new", "x.isp.yaml")
    assert result.returncode == 1
    assert "no terminal" in result.stderr and "--no-input" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "x.isp.yaml").write_text("isp: 1\nchecklist: ecm-isp\n", encoding="utf-8")
    for command in (["resume", "x.isp.yaml"], ["edit", "x.isp.yaml"]):
        other = no_terminal(tmp_path, *command)
        assert other.returncode == 1 and "no terminal" in other.stderr
        assert "--no-input" not in other.stderr and "x.isp.yaml" in other.stderr


def test_bare_isp_without_terminal_prints_help(tmp_path: Path) -> None:
    result = no_terminal(tmp_path)
    assert result.returncode == 0
    assert "Usage: isp" in result.stdout


def test_new_from_answers_without_input(cli: Any, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "protocol:\n  task_force: River Valley Task Force\n  topic: minors\n"
        "items:\n  process.breach:\n    status: include\n    response: Call the chair.\n",
        encoding="utf-8",
    )
    code, out, err = cli("new", "--answers", str(answers), "--no-input")
    assert code == 0, err
    path = tmp_path / "river-valley-task-force-minors.isp.yaml"
    assert f"Saved {path.name}" in out
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["isp"] == 3 and data["checklist"] == "ecm-isp"
    assert data["items"] == {"process.breach": {"status": "include", "response": "Call the chair."}}
    # Never overwrite: the same command again is refused and the file is unchanged.
    before = path.read_bytes()
    code, _, err = cli("new", "--answers", str(answers), "--no-input")
    assert code == 1
    assert "already exists" in err and f"isp resume {path.name}" in program_as_isp(err)
    assert path.read_bytes() == before


def test_new_with_broken_answers_writes_nothing(cli: Any, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("items:\n  process.breach:\n    status: sure\n", encoding="utf-8")
    code, _, err = cli("new", "out.isp.yaml", "--answers", str(answers), "--no-input")
    assert code == 1
    assert f"{answers}, line 3" in err
    assert not (tmp_path / "out.isp.yaml").exists()


def test_render_writes_docx_and_warns_about_personal_information(cli: Any, tmp_path: Path) -> None:
    data = minimal_data()
    data["items"]["intro.contributors"] = {
        "status": "include",
        "response": "Ask Jo at 202-555-0143.",
    }
    session = tmp_path / "tf.isp.yaml"
    session.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    code, out, err = cli("render", str(session))
    assert code == 0, err
    assert out == f"Wrote {tmp_path / 'tf.docx'}\n"
    assert (
        "warning: intro.contributors (answer) seems to contain a phone number (202-555-0143)" in err
    )
    if POSIX_MODES:  # owner-only; Windows files have no mode bits (helpers.platforms)
        assert (tmp_path / "tf.docx").stat().st_mode & 0o777 == 0o600
    code, out, err = cli("render", str(session), "--format", "md", "-o", str(tmp_path / "x.md"))
    assert code == 0 and (tmp_path / "x.md").read_text(encoding="utf-8").startswith(
        '---\ntitle: "Information Sharing Protocol - Victim Referrals"\n'
    )


def test_render_usage_and_user_errors(cli: Any, session_file: Path, tmp_path: Path) -> None:
    code, _, err = cli("render", str(session_file), "--format", "pdf")
    assert code == 2 and "Invalid value for '--format'" in err and "'docx', 'md'" in err
    code, _, err = cli("render", str(session_file), "--template", str(tmp_path / "none.md.j2"))
    assert code == 1 and "no such template file" in err and err.count("\n") == 1
    assert not (tmp_path / "metro.docx").exists()


@pytest.mark.parametrize("command", ["status", "check", "render", "resume", "edit"])
@pytest.mark.parametrize(
    "content",
    [b"", b"\xff\xfe\x00binary", b"- a list\n", b"isp: 1\nchecklist: ecm-isp\nitems:\n  x.y: {}\n"],
)
def test_every_command_refuses_a_broken_file_in_one_line(
    cli: Any, tmp_path: Path, user: Any, command: str, content: bytes
) -> None:
    user([])
    path = tmp_path / "broken.isp.yaml"
    path.write_bytes(content)
    code, _out, err = cli(command, str(path))
    assert code == 1
    assert err.startswith(f"isp: {path}") and err.count("\n") == 1, err
    assert "Traceback" not in err
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.isp.yaml"]


def test_status_points_to_the_agenda_when_items_are_open(cli: Any, tmp_path: Path) -> None:
    from helpers.paths import EXAMPLE

    path = tmp_path / "sample.isp.yaml"
    path.write_bytes(EXAMPLE.read_bytes())
    code, out, _ = cli("status", str(path))
    assert code == 0
    assert "2 item(s) are to be discussed by the task force. To write the agenda" in out
    assert f"isp agenda {path}\n" in program_as_isp(out)  # the command alone on its line, to copy
    assert "Approvals of version 0.3: 1 of 4 agencies (draft)." in out
    assert "November 18, 2027" in out  # due, or overdue once that date has passed


def test_a_missing_session_file_lists_the_ones_here(cli: Any, tmp_path: Path) -> None:
    (tmp_path / "metro.isp.yaml").write_text("isp: 1\nchecklist: ecm-isp\n", encoding="utf-8")
    code, _, err = cli("status", "metor.isp.yaml")
    assert code == 1
    assert "metor.isp.yaml: there is no such file." in err
    assert "The session files in this folder: metro.isp.yaml." in err
    code, _, err = cli("render")
    assert code == 2 and "isp render needs a session file, for example: isp render metro" in err


@pytest.mark.parametrize(
    ("command", "names"),
    [
        (["approve", "x.isp.yaml"], ["--agency", "--status", "--by", "--date", "--final"]),
        (["review", "x.isp.yaml"], ["isp status", "x.isp.yaml"]),
        (["resume", "x.isp.yaml"], ["isp status", "x.isp.yaml"]),
    ],
)
def test_no_terminal_messages_name_that_commands_way(
    tmp_path: Path, command: list[str], names: list[str]
) -> None:
    (tmp_path / "x.isp.yaml").write_text("isp: 1\nchecklist: ecm-isp\n", encoding="utf-8")
    result = no_terminal(tmp_path, *command)
    assert result.returncode == 1 and "no terminal" in result.stderr
    assert all(name in program_as_isp(result.stderr) for name in names), result.stderr
    assert "--no-input" not in result.stderr
