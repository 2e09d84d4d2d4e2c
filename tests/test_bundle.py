"""The bundle for people without Python (tools/bundle.py), run as they would run it.

The tests of a built bundle run when ``ISP_BUNDLE`` names its folder
(``ISP_BUNDLE=dist/isp-0.1.0-linux-x86_64 pytest tests/test_bundle.py``; ``.ci/run``
builds one and sets it); without it they skip, and with it a folder that is not a
bundle is a failure. Each copies the bundle into an empty folder whose path has a
space in it, as a person's own folder often has, and runs it with a clean environment
(``env -i`` with a home folder and ``PATH=/usr/bin:/bin``: no Python, no virtualenv),
once with no locale set at all. The interview runs in an 80x24 pty read through pyte;
the command isp prints when stopped is copied off the screen and pasted into a shell.

The tests that only read tools/bundle.py (its data table, its README.txt) always run.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

from helpers.docx_checks import body_text, open_docx
from helpers.paths import REPO
from helpers.platforms import needs_posix_shell, needs_pty
from helpers.screen import CTRL_C, ENTER, Screen
from helpers.sessions import load
from isp_cli import __version__

EXE = "isp.exe" if sys.platform == "win32" else "isp"
EXAMPLE = "metro-area-victim-referrals.isp.yaml"
TASK_FORCE = "Metro Area Anti-Trafficking Task Force"  # the example's
CLEAN_PATH = "/usr/bin:/bin"
NO_LOCALE = "no locale"


def bundle_tool() -> ModuleType:
    """tools/bundle.py, imported by path (tools/ is not a package)."""
    spec = importlib.util.spec_from_file_location("bundle_tool", REPO / "tools" / "bundle.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# What tools/bundle.py writes, read without building ----------------------------------


def test_the_bundle_carries_the_data_files_where_the_wheel_does() -> None:
    tomllib = pytest.importorskip("tomllib", reason="reading pyproject.toml needs Python 3.11")
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    wheel = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert wheel == bundle_tool().DATA


def test_readme_says_how_to_start_isp_on_each_system() -> None:
    text = bundle_tool().readme("9.9.9", "isp-9.9.9-linux-x86_64")
    assert text.isascii()  # any viewer shows it, Notepad included
    assert max(len(line) for line in text.splitlines()) <= 80
    for words in (
        "isp 9.9.9",
        r".\isp new",  # Windows
        "Open in Terminal",
        "Edit environment variables for your account",  # PATH without administrator rights
        "./isp new",  # macOS and Linux
        "Gatekeeper",
        "System Settings > Privacy & Security",
        '"Open Anyway"',
        "xattr -dr com.apple.quarantine .",
        "unzip isp-9.9.9-linux-x86_64.zip",
        "isp render examples/metro-area-victim-referrals.isp.yaml",
        "Ctrl-C",
    ):
        assert words in text, words
    assert "{" not in text  # every placeholder filled


# A built bundle ------------------------------------------------------------------------


@pytest.fixture
def built() -> Path:
    """The bundle folder ``ISP_BUNDLE`` names, as tools/bundle.py wrote it."""
    named = os.environ.get("ISP_BUNDLE")
    if not named:
        pytest.skip("no bundle: build one (python tools/bundle.py), then set ISP_BUNDLE=dist/isp-…")
    if sys.platform == "win32":
        pytest.skip(
            "runs the bundle with POSIX shells and a pty; tools/bundle.py runs it on Windows"
        )
    source = Path(named).resolve()
    if not (source / EXE).is_file():
        pytest.fail(f"ISP_BUNDLE={named} is not a bundle folder: there is no {EXE} in it")
    return source


@pytest.fixture
def bundle(built: Path, tmp_path: Path) -> Path:
    """A copy of the bundle, in an empty folder of its own."""
    copy = tmp_path / "My Programs" / built.name
    shutil.copytree(built, copy, symlinks=True)
    return copy


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A folder of the person's own, away from the bundle."""
    folder = tmp_path / "Task force"
    folder.mkdir()
    return folder


def clean_env(home: Path, locale: str | None = "C.UTF-8", path: str = CLEAN_PATH) -> dict[str, str]:
    env = {"HOME": str(home), "PATH": path}
    if locale is not None:
        env["LANG"] = locale
    return env


def run(bundle: Path, cwd: Path, env: dict[str, str], *args: str) -> str:
    """Run the bundle's isp; what it printed. It must succeed."""
    result = subprocess.run(
        [str(bundle / EXE), *args],
        cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, f"isp {' '.join(args)}: {result.stdout}{result.stderr}"
    return result.stdout


@pytest.mark.parametrize("locale", ["C.UTF-8", None], ids=["C.UTF-8", NO_LOCALE])
def test_the_bundle_renders_the_example_with_a_clean_environment(
    bundle: Path, home: Path, work: Path, locale: str | None
) -> None:
    env = clean_env(home, locale)
    assert run(bundle, work, env, "--version").strip() == f"isp {__version__}"

    # As README.txt says: the example beside the executable, rendered in the bundle's folder.
    assert "Wrote examples/metro-area-victim-referrals.docx" in run(
        bundle, bundle, env, "render", f"examples/{EXAMPLE}"
    )
    assert TASK_FORCE in body_text(
        open_docx(bundle / "examples" / EXAMPLE.replace(".isp.yaml", ".docx"))
    )

    # In a folder of the person's own: the example copied there (``isp example``, where
    # this isp has it), its status and its Word protocol.
    if re.search(r"^\s+example\s", run(bundle, work, env, "--help"), re.MULTILINE):
        run(bundle, work, env, "example")
    else:
        shutil.copy2(bundle / "examples" / EXAMPLE, work / EXAMPLE)
    status = run(bundle, work, env, "status", EXAMPLE)
    assert "Information Sharing Protocol - Victim Referrals" in status
    assert "Specific Information to be Shared" in status
    run(bundle, work, env, "render", EXAMPLE)
    document = open_docx(work / EXAMPLE.replace(".isp.yaml", ".docx"))
    assert TASK_FORCE in body_text(document)
    assert home.is_dir() and not any(home.iterdir())  # nothing written in the home folder


def test_the_zip_holds_the_folder_and_its_executable_runs_once_unzipped(
    built: Path, home: Path, tmp_path: Path
) -> None:
    archive = built.with_name(built.name + ".zip")
    unzipped = tmp_path / "Downloads"
    with zipfile.ZipFile(archive) as bundle_zip:
        entries = bundle_zip.infolist()
        bundle_zip.extractall(unzipped)
    names = {entry.filename.rstrip("/") for entry in entries}
    assert names == {
        path.relative_to(built.parent).as_posix() for path in [built, *built.rglob("*")]
    } - {built.name}
    for entry in entries:  # as unzip and macOS's Archive Utility restore them
        mode = (entry.external_attr >> 16) & 0o777
        if mode and not entry.is_dir():
            (unzipped / entry.filename).chmod(mode)
    executable = next(e for e in entries if e.filename == f"{built.name}/{EXE}")
    assert (executable.external_attr >> 16) & 0o777 == 0o755
    folder = unzipped / built.name
    assert run(folder, tmp_path, clean_env(home), "--version").strip() == f"isp {__version__}"
    for name in ("README.txt", "LICENSE.txt", f"examples/{EXAMPLE}"):
        assert (folder / name).is_file(), name


# The interview in a terminal: stopped, then continued with the command isp printed.

STARTS = {
    # name: (where it runs, how it is started, PATH has the bundle's folder)
    "in-its-folder": ("bundle", "./isp", False),
    "by-its-path": ("work", "PATH", False),
    "on-PATH": ("work", "isp", True),
}


@needs_pty
@needs_posix_shell
@pytest.mark.parametrize("start", list(STARTS))
def test_the_printed_command_continues_the_interview_when_pasted(
    bundle: Path, home: Path, work: Path, start: str
) -> None:
    where, typed, on_path = STARTS[start]
    cwd = bundle if where == "bundle" else work
    if typed == "PATH":
        typed = shlex.quote(str(bundle / EXE))
    path = f"{bundle}:{CLEAN_PATH}" if on_path else CLEAN_PATH
    env = dict(clean_env(home, path=path), TERM="xterm-256color", PROMPT_TOOLKIT_NO_CPR="1")

    command = stop_at_the_title(cwd, env, f"{typed} new s.isp.yaml")
    words = shlex.split(command)
    assert words[1:] == ["resume", "s.isp.yaml"], command
    if on_path:
        assert words[0] == "isp", command
    else:  # a path (a bare name would be looked up on PATH), and to this bundle's isp
        assert "/" in words[0] and (cwd / words[0]).samefile(bundle / EXE), command

    with Screen(cwd, "-c", command, program="/bin/sh", module=False, env=env) as term:
        term.wait_for("Title of the protocol:")  # the next question: where it stopped
        assert "Name of the task force" not in term.text()
        term.keys(ENTER)  # the title isp suggests
        term.wait_for("Jurisdiction the task force serves")
        term.keys(CTRL_C)
        assert term.wait_exit() == 130
    protocol = load(cwd / "s.isp.yaml")["protocol"]
    assert protocol["task_force"] == "Metro Area Task Force"
    assert protocol["title"] == "Information Sharing Protocol - Closed Subcommittee Meetings"


def stop_at_the_title(cwd: Path, env: dict[str, str], typed: str) -> str:
    """Start the interview as typed into a shell, answer the first two questions, press
    Ctrl-C at the third; the command isp printed to continue, as on the screen."""
    with Screen(cwd, "-c", typed, program="/bin/sh", module=False, env=env) as term:
        term.wait_for("Name of the task force:")
        term.type("Metro Area Task Force")
        term.keys(ENTER)
        term.wait_for("What does this protocol cover?")
        term.wait_for("(arrow keys, then Enter)")  # the choices are live
        term.keys(ENTER)  # the first topic: closed subcommittee meetings
        term.wait_for("Title of the protocol:")
        term.keys(CTRL_C)
        assert term.wait_exit() == 130
        rows = term.lines()
        display = list(term.screen.display)  # the rows as wide as the screen, untrimmed
    screen = "\n".join(rows)
    assert "To continue:" in " ".join(screen.split()), screen
    after = next(n for n, row in enumerate(rows) if row.endswith("To continue:")) + 1
    return copied_line(display[after:])


def copied_line(display: list[str]) -> str:
    """The command on the first of these rows, as a terminal copies it: with the rows it
    runs on to when it is wider than the screen (a full row goes on to the next)."""
    parts = []
    for row in display:
        if not row.strip():
            break
        parts.append(row)
        if len(row.rstrip()) < len(row):  # not full: the command ends on this row
            break
    return "".join(parts).strip()
