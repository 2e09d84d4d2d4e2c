"""isp --help stays fast: heavy libraries are imported only where they are used."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("docx", "lxml", "jinja2", "questionary", "prompt_toolkit", "markdown_it",
         "phonenumbers", "pydantic", "rich", "filelock")  # fmt: skip

PROBE = """
import sys
from isp_cli.cli import app
try:
    app(sys.argv[1:], prog_name="isp")
except SystemExit:
    pass
heavy = sorted({name.split(".")[0] for name in sys.modules} & set(sys.argv[0].split(",")))
print("HEAVY:" + ",".join(heavy), file=sys.stderr)
"""


@pytest.mark.parametrize(
    ("args", "allowed"),
    [
        (["--help"], set()),
        (["--version"], set()),
        # Typer itself imports pydantic to convert a command's parameters.
        (["checklist"], {"pydantic"}),
        (["checklist", "--json"], {"pydantic"}),
        (["new", "--help"], {"pydantic"}),
        (["render", "--help"], {"pydantic"}),
    ],
)
def test_heavy_modules_are_not_imported(args: list[str], allowed: set[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.replace("sys.argv[0]", repr(",".join(HEAVY))), *args],
        capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    line = next(line for line in result.stderr.splitlines() if line.startswith("HEAVY:"))
    imported = set(filter(None, line.removeprefix("HEAVY:").split(",")))
    assert imported <= allowed, f"isp {' '.join(args)} imported {sorted(imported)}"


def test_new_asks_its_first_question_before_loading_the_models() -> None:
    probe = "import sys, isp_cli.commands.new; print(sorted(m for m in sys.modules if m.startswith('isp_cli')))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    loaded = result.stdout
    assert "isp_cli.model.session" not in loaded and "isp_cli.model.checklist'" not in loaded
    assert "isp_cli.interview.questions" in loaded
