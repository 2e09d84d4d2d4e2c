"""The benchmark's own programs still run against the current code (no timing here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from helpers.docx_checks import body_text, open_docx
from helpers.paths import REPO


def test_scale_child_renders_a_generated_checklist(tmp_path: Path) -> None:
    out = tmp_path / "scale.docx"
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "scale_child.py"), "60", "256", str(out)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert float(result.stdout) > 0
    text = body_text(open_docx(out))
    assert "Additional consideration number 39" in text


def test_baselines_run(tmp_path: Path) -> None:
    for script, args in (("baseline_typer.py", ["show"]), ("baseline_render_imports.py", ["x"])):
        result = subprocess.run(
            [sys.executable, str(REPO / "benchmarks" / script), *args],
            capture_output=True, text=True, check=False, cwd=tmp_path,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
