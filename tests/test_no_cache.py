"""isp writes nothing outside the files it is asked to write: no cache, no settings."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from helpers.paths import EXAMPLE


def test_commands_write_only_the_files_they_name(tmp_path: Path) -> None:
    home, cache, work = tmp_path / "home", tmp_path / "cache", tmp_path / "work"
    for folder in (home, cache, work):
        folder.mkdir()
    session = shutil.copy(EXAMPLE, work / "metro.isp.yaml")
    env = dict(os.environ, HOME=str(home), USERPROFILE=str(home), XDG_CACHE_HOME=str(cache))
    for args in (["checklist"], ["status", session], ["check", session], ["render", session]):
        result = subprocess.run(
            [sys.executable, "-m", "isp_cli", *map(str, args)],
            cwd=work, env=env, capture_output=True, text=True, check=False, timeout=120,
        )  # fmt: skip
        assert result.returncode in (0, 1), result.stderr  # check: 1 when it finds something
    assert list(home.rglob("*")) == [] and list(cache.rglob("*")) == []
    assert sorted(p.name for p in work.iterdir()) == ["metro.docx", "metro.isp.yaml"]
