"""Fixtures and hooks only: sessions on disk, the CLI in-process, a scripted user, the real
clients. What the tests share otherwise is in the helpers package (helpers/__init__.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from helpers.clients import require_tool
from helpers.paths import REPO
from helpers.platforms import WINDOWS
from helpers.scripted_user import Script, Steps
from helpers.sessions import minimal_data
from isp_cli.cli import app
from isp_cli.interview import prompts
from isp_cli.model.checklist import Checklist
from isp_cli.storage.resources import builtin_checklist


@pytest.fixture
def checklist() -> Checklist:
    return builtin_checklist()


@pytest.fixture
def session_file(tmp_path: Path) -> Path:
    path = tmp_path / "metro.isp.yaml"
    path.write_text(yaml.safe_dump(minimal_data(), sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    """Run isp in-process in ``tmp_path``; returns (exit code, stdout, stderr)."""
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
        result = runner.invoke(app, list(args), input=input, prog_name="isp")
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result.exit_code, result.stdout, result.stderr

    return run


@pytest.fixture
def user(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """``user(steps)`` installs a Script (helpers.scripted_user) as the terminal; returns it."""
    scripts: list[Script] = []

    def install(steps: Steps) -> Script:
        script = Script(steps)
        monkeypatch.setattr(prompts, "ask", script.ask)
        monkeypatch.setattr(prompts, "say", script.say)
        monkeypatch.setattr(prompts, "rule", script.rule)
        monkeypatch.setattr(prompts, "command", script.command)
        monkeypatch.setattr(prompts, "require_terminal", lambda command, instead: None)
        scripts.append(script)
        return script

    yield install
    for script in scripts:
        assert not script.steps, f"questions never asked: {script.steps}"


# The real clients of the Word output (helpers.clients): skipped where missing, not in CI.


@pytest.fixture(scope="module")
def validator() -> str:
    """Microsoft's OOXML schema validator (``make clients`` installs it in .tools/)."""
    installed = REPO / ".tools" / "node_modules" / ".bin" / "ooxml-validator"
    return require_tool(
        "the OOXML validator",
        [
            os.environ.get("ISP_OOXML_VALIDATOR"),
            # On Windows npm's launcher is the .cmd; the file without a suffix is for sh.
            installed.with_name("ooxml-validator.cmd") if WINDOWS else None,
            installed,
            "ooxml-validator",
        ],
    )


@pytest.fixture(scope="module")
def soffice() -> str:
    """LibreOffice."""
    return require_tool("LibreOffice", ["soffice", "libreoffice"])
