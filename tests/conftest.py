"""Shared fixtures: sessions on disk, the CLI in-process, and a scripted user."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from isp_cli.cli import app
from isp_cli.interview import prompts
from isp_cli.interview.questions import DONE, Question
from isp_cli.model.checklist import Checklist
from isp_cli.options import app_for
from isp_cli.storage.resources import builtin_checklist

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ISP_SHARED", REPO.parent / "shared"))
SEED = SHARED / "seed" / "ecm-information-sharing-protocol-checklist.txt"
EXAMPLE = REPO / "examples" / "metro-area-victim-referrals.isp.yaml"


@pytest.fixture(autouse=True, scope="session")
def _own_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The tests' compiled templates and cached data go to a folder of their own, not the
    developer's ~/.cache/isp (the isp processes the tests start inherit it too)."""
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if before is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture
def checklist() -> Checklist:
    return builtin_checklist()


def minimal_data() -> dict[str, Any]:
    return {
        "isp": 1,
        "checklist": "ecm-isp",
        "protocol": {
            "task_force": "Metro Area Anti-Trafficking Task Force",
            "title": "Information Sharing Protocol - Victim Referrals",
            "topic": "victim-referrals",
            "jurisdiction": "Metro County, State",
            "version": "0.1",
            "status": "draft",
        },
        "agencies": [
            {
                "name": "Metro Police Department",
                "discipline": "law-enforcement",
                "representative": "Lt. A. Rivera",
                "title": "Human Trafficking Unit Supervisor",
            }
        ],
        "items": {
            "intro.rationale": {
                "status": "include",
                "response": "Free text.\n\n- first\n- second\n",
                "note": "optional",
            },
            "process.breach": {"status": "discuss", "response": ""},
            "requirements.hipaa": {"status": "omit"},
        },
    }


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
        # As the isp command runs: Typer builds only the command named (app_for).
        result = runner.invoke(app_for(app, list(args)), list(args), input=input, prog_name="isp")
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result.exit_code, result.stdout, result.stderr

    return run


def structured_done(item_id: str, disciplines: int = 3) -> list[tuple[str, Any]]:
    """The steps that leave an item's structured part as it is (structured_interview.py)."""
    keep: list[tuple[str, Any]] = [("authorities.federal", lambda q: q.default)] * disciplines
    return {
        "shared.details": [("flows.menu", DONE)],
        "shared.providers_recipients": [("flows.menu", DONE)],
        "shared.circumstances_exceptions": [("flows.menu", DONE)],
        "requirements.mandates": [*keep, ("authorities.local", DONE)],
        "process.responsible": [("point_persons.menu", DONE)],
        "process.breach": [("breach.menu", DONE)],
    }.get(item_id, [])


class Script:
    """A scripted user: answers questions in order, checking each question's key."""

    def __init__(self, steps: list[tuple[str, Any]]) -> None:
        self.steps = list(steps)
        self.asked: list[Question] = []
        self.said: list[str] = []

    def ask(self, question: Question, **_: Any) -> Any:
        self.asked.append(question)
        assert self.steps, f"unexpected question {question.key!r}: the script has ended"
        pattern, answer = self.steps.pop(0)
        assert re.fullmatch(pattern, question.key), f"asked {question.key!r}, expected {pattern!r}"
        if isinstance(answer, BaseException) or (
            isinstance(answer, type) and issubclass(answer, BaseException)
        ):
            raise answer
        if callable(answer):
            return answer(question)
        return answer

    def say(self, text: str = "", *, style: str | None = None) -> None:
        self.said.append(text)

    def rule(self, title: str) -> None:
        self.said.append(f"-- {title}")

    def command(self, intro: str, line: str) -> None:
        self.said.append(f"{intro}\n  {line}")


@pytest.fixture
def user(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """``user(steps)`` installs a Script as the terminal and returns it."""
    scripts: list[Script] = []

    def install(steps: list[tuple[str, Any]]) -> Script:
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
