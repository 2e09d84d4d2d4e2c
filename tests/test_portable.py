"""What differs between Windows, macOS and Linux: quoting, paths across drives, renames
refused for a moment, processes, consoles. Each Windows rule is checked here on any
system (with Windows path rules, or isp told it runs on Windows), and for real on the
Windows runners in CI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from isp_cli import invocation, system
from isp_cli.storage import atomic
from isp_cli.storage.session_file import checklist_location, checklist_reference

# --- quoting the printed commands for the user's shell ---------------------------------


@pytest.mark.parametrize(
    ("argument", "posix", "powershell", "cmd"),
    [
        ("metro.isp.yaml", "metro.isp.yaml", "metro.isp.yaml", "metro.isp.yaml"),
        ("--json", "--json", "--json", "--json"),
        (
            r"C:\Users\Ana\My Protocols\metro.isp.yaml",
            r"'C:\Users\Ana\My Protocols\metro.isp.yaml'",
            r"'C:\Users\Ana\My Protocols\metro.isp.yaml'",
            r'"C:\Users\Ana\My Protocols\metro.isp.yaml"',
        ),
        (
            "O'Brien's.isp.yaml",
            "'O'\"'\"'Brien'\"'\"'s.isp.yaml'",
            "'O''Brien''s.isp.yaml'",
            "\"O'Brien's.isp.yaml\"",
        ),
        (
            "a&b;c$(x).isp.yaml",
            "'a&b;c$(x).isp.yaml'",
            "'a&b;c$(x).isp.yaml'",
            '"a&b;c$(x).isp.yaml"',
        ),
        ("Nguyễn.isp.yaml", "'Nguyễn.isp.yaml'", "Nguyễn.isp.yaml", "Nguyễn.isp.yaml"),
        ("", "''", "''", '""'),
    ],
)
def test_each_shell_reads_the_argument_back_whole(
    argument: str, posix: str, powershell: str, cmd: str
) -> None:
    assert system.quote(argument, "posix") == posix
    assert system.quote(argument, "powershell") == powershell
    assert system.quote(argument, "cmd") == cmd


def test_powershell_reads_typographic_quotes_as_quotes() -> None:
    # Word and Outlook turn ' into ’; PowerShell ends a single-quoted string at either.
    assert system.quote("Ana’s.isp.yaml", "powershell") == "'Ana’’s.isp.yaml'"


def test_powershell_runs_a_quoted_path_with_its_call_operator() -> None:
    program = r"C:\Program Files\isp\isp.exe"
    assert (
        system.command_line(program, ["resume", "m.isp.yaml"], "powershell")
        == r"& 'C:\Program Files\isp\isp.exe' resume m.isp.yaml"
    )
    assert (
        system.command_line(program, ["resume", "m.isp.yaml"], "cmd")
        == r'"C:\Program Files\isp\isp.exe" resume m.isp.yaml'
    )
    assert system.command_line("isp", ["status", "a b"], "posix") == "isp status 'a b'"


@pytest.mark.skipif(sys.platform == "win32", reason="runs sh, a POSIX shell")
def test_a_posix_command_pasted_into_sh_gets_every_argument_whole(tmp_path: Path) -> None:
    arguments = ["O'Brien's file.isp.yaml", "a&b;c$(touch hacked)", "Nguyễn → 東京", ""]
    line = system.command_line(
        sys.executable, ["-c", "import sys; print(sys.argv[1:])", *arguments], "posix"
    )
    shown = subprocess.run(
        ["sh", "-c", line], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert shown.stdout.strip() == repr(arguments)
    assert not (tmp_path / "hacked").exists()


# --- naming isp in a printed command --------------------------------------------------


def _fake_isp(folder: Path, name: str = "isp") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("#!/bin/sh\n", encoding="utf-8")
    path.chmod(0o755)
    return path


def test_a_bundle_names_its_own_executable_never_python_m(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exe = _fake_isp(tmp_path / "isp-0.1.0-linux-x86_64")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    monkeypatch.setattr(sys, "argv", [str(exe)])
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.chdir(tmp_path)
    assert invocation.program() == [str(Path("isp-0.1.0-linux-x86_64") / "isp")]
    assert "-m" not in invocation.isp_command("resume", "m.isp.yaml")
    monkeypatch.chdir(exe.parent)  # started as ./isp from its own folder
    assert invocation.program() == ["./isp"]
    monkeypatch.setenv("PATH", str(exe.parent))  # its folder on PATH
    assert invocation.isp_command("resume", "m.isp.yaml") == "isp resume m.isp.yaml"


def test_outside_the_current_folder_the_path_is_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exe = _fake_isp(tmp_path / "venv" / "bin")
    (tmp_path / "work").mkdir()
    monkeypatch.setattr(sys, "argv", [str(exe)])
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.chdir(tmp_path / "work")
    assert invocation.program() == [str(exe)]


def test_pips_windows_launcher_without_exe_still_names_isp_exe(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_isp(tmp_path / "Scripts", "isp.exe")
    monkeypatch.setattr(system, "WINDOWS", True)
    monkeypatch.setattr(sys, "argv", [str(tmp_path / "Scripts" / "isp")])
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.chdir(tmp_path)
    assert invocation.program() == [".\\" + str(Path("Scripts") / "isp.exe")]


def test_python_m_isp_cli_without_an_isp_beside_python(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    python = _fake_isp(tmp_path / "py", "python3")
    monkeypatch.setattr(sys, "executable", str(python))
    monkeypatch.setattr(sys, "argv", [str(tmp_path / "src" / "isp_cli" / "__main__.py")])
    assert invocation.program() == [str(python), "-m", "isp_cli"]


# --- paths stored in a session ---------------------------------------------------------


def test_a_checklist_beside_the_session_is_stored_with_forward_slashes() -> None:
    reference = checklist_reference(
        r"H:\Task Force\checklists\ours.yaml", r"H:\Task Force\sessions", windows=True
    )
    assert reference == "../checklists/ours.yaml"
    assert checklist_reference("/tf/checklists/ours.yaml", "/tf/sessions", windows=False) == (
        "../checklists/ours.yaml"
    )


def test_a_checklist_on_another_drive_is_stored_in_full() -> None:
    # ntpath.relpath raises ValueError between C: and H:.
    assert (
        checklist_reference(r"C:\Users\Ana\ours.yaml", r"H:\Task Force", windows=True)
        == "C:/Users/Ana/ours.yaml"
    )


def test_a_name_with_backslashes_is_followed_on_every_system(tmp_path: Path) -> None:
    session = tmp_path / "sessions" / "s.isp.yaml"
    found = checklist_location(session, r"..\checklists\ours.yaml")
    assert found == tmp_path / "sessions" / ".." / "checklists" / "ours.yaml"


# --- a rename Windows refuses for a moment ---------------------------------------------


def _refusing(times: int, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = Path.replace

    def replace(self: Path, target: Path) -> Path:
        calls.append(1)
        if len(calls) <= times:
            raise PermissionError(13, "The process cannot access the file")
        return real(self, target)

    monkeypatch.setattr(Path, "replace", replace)
    monkeypatch.setattr(atomic, "_REPLACE_WAITS", (0.0,) * 8)
    return calls


def test_a_save_waits_while_windows_holds_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "s.isp.yaml"
    target.write_text("old", encoding="utf-8")
    monkeypatch.setattr(system, "WINDOWS", True)
    calls = _refusing(3, monkeypatch)
    atomic.write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert len(calls) == 4
    assert [p.name for p in tmp_path.iterdir()] == ["s.isp.yaml"]


def test_a_file_held_for_good_fails_and_keeps_the_old_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "s.isp.yaml"
    target.write_text("old", encoding="utf-8")
    monkeypatch.setattr(system, "WINDOWS", True)
    calls = _refusing(100, monkeypatch)
    with pytest.raises(PermissionError):
        atomic.write_atomic(target, "new")
    assert len(calls) == 9
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["s.isp.yaml"]


def test_elsewhere_a_refused_rename_is_not_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(system, "WINDOWS", False)
    calls = _refusing(1, monkeypatch)
    with pytest.raises(PermissionError):
        atomic.write_atomic(tmp_path / "s.isp.yaml", "new")
    assert len(calls) == 1


# --- processes, editors, keys ----------------------------------------------------------


def test_a_process_that_ended_is_told_from_one_that_runs() -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert system.process_running(os.getpid())
    assert not system.process_running(child.pid)


def test_the_editor_command_is_split_as_the_systems_shell_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(system, "WINDOWS", False)
    assert system.editor_command("code --wait", "/tmp/a b.txt") == [
        "code",
        "--wait",
        "/tmp/a b.txt",
    ]
    monkeypatch.setattr(system, "WINDOWS", True)
    assert (
        system.editor_command(
            r'"C:\Program Files\Notepad++\notepad++.exe" -multiInst', r"C:\T\a b.txt"
        )
        == r'"C:\Program Files\Notepad++\notepad++.exe" -multiInst "C:\T\a b.txt"'
    )


def test_editor_advice_is_in_the_words_of_the_users_shell(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(system, "user_shell", lambda: "powershell")
    assert system.editor_advice() == '$env:EDITOR = "notepad"'
    monkeypatch.setattr(system, "user_shell", lambda: "cmd")
    assert system.editor_advice() == "set EDITOR=notepad"
    monkeypatch.setattr(system, "user_shell", lambda: "posix")
    assert system.editor_advice() == "export EDITOR=nano"


# --- the console -----------------------------------------------------------------------


def test_redirected_output_is_utf8_whatever_the_code_page(tmp_path: Path) -> None:
    session = tmp_path / "s.isp.yaml"
    session.write_text(
        "isp: 1\nchecklist: ecm-isp\nprotocol:\n  task_force: Nguyễn → 東京 Task Force\n"
        "  title: Nguyễn → 東京 Protocol\n",
        encoding="utf-8",
    )
    env = dict(os.environ, PYTHONIOENCODING="cp1252")
    for args in (["status", str(session), "--json"], ["status", str(session)]):
        result = subprocess.run(
            [sys.executable, "-m", "isp_cli", *args], env=env, capture_output=True, check=False
        )
        assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
        assert "Nguyễn → 東京" in result.stdout.decode("utf-8")
