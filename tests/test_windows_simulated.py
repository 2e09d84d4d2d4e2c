"""The simulated-Windows run: every command that asks nothing, end to end, as on Windows.

Each isp runs in its own Python with tests/windows/sitecustomize.py on PYTHONPATH: the
POSIX-only parts of the standard library that Windows Python 3.10-3.12 lacks are gone
(``os.fchmod``, ``os.getuid``, ``O_NOFOLLOW``, ``termios``, ``resource``,
``signal.setitimer``...), ``os.kill`` may not be called by isp, a text file opened
without an encoding is an error, isp believes it runs on Windows, and the console's
encoding is cp1252. Answers hold text that cp1252 cannot encode ("Nguyễn", "→"), and
every output is redirected, as ``isp status --json > status.json`` would be.

Windows itself runs the whole suite in CI (.github/workflows/ci.yml); this run is what
catches a missing guard on a machine that is not Windows.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helpers.sessions import minimal_data, write_session

SHIM = Path(__file__).parent / "windows"
REPO = Path(__file__).parents[1]

# cp1252 has none of these: a Vietnamese name, an arrow, Japanese, a Cyrillic name.
NON_LATIN = "Nguyễn Thị Hương → 東京 · Ольга"


def _env() -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "LC_", "LANG")) and key != "COLUMNS"
    }
    return env | {
        "PYTHONPATH": os.pathsep.join([str(SHIM), str(REPO / "src")]),
        "PYTHONIOENCODING": "cp1252",
        "PYTHONWARNDEFAULTENCODING": "1",
        "PYTHONUTF8": "0",
        "NO_COLOR": "",
    }


def windows_isp(
    *args: str | Path, cwd: Path, stdin: str = ""
) -> subprocess.CompletedProcess[bytes]:
    """isp in a simulated Windows Python; output as bytes, to be decoded as the user's file."""
    return subprocess.run(
        [sys.executable, "-m", "isp_cli", *map(str, args)],
        cwd=cwd,
        env=_env(),
        input=stdin.encode("utf-8"),
        capture_output=True,
        timeout=120,
        check=False,
    )


def _ok(result: subprocess.CompletedProcess[bytes]) -> str:
    out, err = result.stdout.decode("utf-8"), result.stderr.decode("utf-8")
    assert "Traceback" not in err, err
    assert result.returncode == 0, err
    return out


@pytest.fixture
def sessions(tmp_path: Path) -> tuple[Path, Path]:
    """Two drafts of one protocol whose answers hold text cp1252 cannot encode."""
    data = minimal_data()
    data["agencies"][0]["representative"] = "Lt. Nguyễn Thị Hương"
    data["protocol"]["title"] = f"Protocol of {NON_LATIN}"
    data["items"]["intro.rationale"]["response"] = f"Contacts → {NON_LATIN}.\n\nSecond, more."
    old = write_session(tmp_path, data, "old.isp.yaml")
    data["items"]["intro.rationale"]["response"] = f"Contacts → {NON_LATIN}.\n\nSecond, less."
    data["protocol"]["version"] = "0.2"
    new = write_session(tmp_path, data, "new.isp.yaml")
    return old, new


def test_the_simulation_takes_away_what_windows_lacks(tmp_path: Path) -> None:
    probe = (
        "import os, signal, importlib.util as u\n"
        "import isp_cli.system as s\n"
        "gone = [hasattr(os, 'fchmod'), hasattr(os, 'getuid'), hasattr(os, 'O_NOFOLLOW'),"
        " hasattr(signal, 'setitimer')]\n"
        "for m in ('termios', 'resource', 'pwd'):\n"
        "    try:\n"
        "        __import__(m); gone.append(True)\n"
        "    except ImportError:\n"
        "        gone.append(False)\n"
        "print(gone, s.WINDOWS)\n"
        "open('x.txt', 'w')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, env=_env(), capture_output=True, check=False
    )
    assert result.stdout.decode().strip() == f"{[False] * 7} True"
    assert b"EncodingWarning" in result.stderr  # open() without an encoding fails


def test_read_only_commands(sessions: tuple[Path, Path]) -> None:
    old, _ = sessions
    folder = old.parent
    assert "isp" in _ok(windows_isp("--version", cwd=folder))
    assert "Commands" in _ok(windows_isp("--help", cwd=folder))
    assert "Introduction" in _ok(windows_isp("checklist", cwd=folder))
    json.loads(_ok(windows_isp("checklist", "--json", cwd=folder)))
    yaml.safe_load(_ok(windows_isp("checklist", "--yaml", cwd=folder)))
    assert f"Protocol of {NON_LATIN}" in _ok(windows_isp("status", old, cwd=folder))
    report = json.loads(_ok(windows_isp("status", old, "--json", cwd=folder)))
    assert report["file"] == str(old)
    assert report["protocol"]["title"] == f"Protocol of {NON_LATIN}"
    _ok(windows_isp("check", old, cwd=folder))


def test_diff_of_text_cp1252_cannot_hold(sessions: tuple[Path, Path]) -> None:
    old, new = sessions
    text = _ok(windows_isp("diff", old, new, cwd=old.parent))
    assert "more" in text and "less" in text
    markdown = _ok(windows_isp("diff", old, new, "--format", "md", cwd=old.parent))
    assert "→" in markdown and "less" in markdown
    _ok(windows_isp("diff", old, new, "--format", "docx", cwd=old.parent))
    assert (old.parent / "new-redline.docx").is_file()


def test_render_agenda_import_approve(sessions: tuple[Path, Path]) -> None:
    from docx import Document

    old, _ = sessions
    folder = old.parent
    _ok(windows_isp("render", old, cwd=folder))
    document = Document(str(folder / "old.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert NON_LATIN in text
    _ok(windows_isp("render", old, "--format", "md", cwd=folder))
    assert NON_LATIN in (folder / "old.md").read_text(encoding="utf-8")
    _ok(windows_isp("agenda", old, cwd=folder))
    _ok(windows_isp("import", old, folder / "old.docx", "--dry-run", cwd=folder))
    _ok(
        windows_isp(
            "approve",
            old,
            "--agency",
            "Metro Police Department",
            "--status",
            "approved",
            "--by",
            "Chief Nguyễn",
            "--date",
            "2026-11-30",
            cwd=folder,
        )
    )
    assert "Nguyễn" in old.read_text(encoding="utf-8")
    _ok(windows_isp("status", old, cwd=folder))


def test_new_example_and_the_printed_command(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        yaml.safe_dump(
            {"protocol": {"task_force": "Hương Valley Task Force", "topic": "victim-referrals"}},
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    out = _ok(windows_isp("new", "hv.isp.yaml", "--answers", answers, "--no-input", cwd=tmp_path))
    command = out.strip().splitlines()[-1].strip()
    # A Python without an isp beside it, run with -m: PowerShell runs a quoted path with &.
    assert command.endswith(" -m isp_cli resume hv.isp.yaml"), command
    assert "Hương Valley" in (tmp_path / "hv.isp.yaml").read_text(encoding="utf-8")
    _ok(windows_isp("example", cwd=tmp_path))
    _ok(windows_isp("render", "metro-area-victim-referrals.isp.yaml", cwd=tmp_path))
    assert (tmp_path / "metro-area-victim-referrals.docx").is_file()


def test_a_damaged_session_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.isp.yaml"
    bad.write_text("isp: 1\nprotocol: [Nguyễn\n", encoding="utf-8")
    result = windows_isp("status", bad, cwd=tmp_path)
    err = result.stderr.decode("utf-8")
    assert result.returncode != 0
    assert "Traceback" not in err
    assert err.count("\n") <= 2, err
