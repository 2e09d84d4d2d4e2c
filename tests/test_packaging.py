"""An installed isp (a built wheel, not the source tree) finds its checklist and templates."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

from helpers.paths import EXAMPLE, REPO


def test_wheel_carries_data_and_works_outside_the_source_tree(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(dist), str(REPO)],
        check=True, capture_output=True,
    )  # fmt: skip
    wheel = next(dist.glob("isp_cli-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "isp_cli/data/checklist.yaml" in names
    assert "isp_cli/data/provisions.yaml" in names
    assert "isp_cli/data/authorities.yaml" in names
    assert "isp_cli/data/templates/protocol.md.j2" in names
    assert "isp_cli/data/examples/metro-area-victim-referrals.isp.yaml" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names), names
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site),
         str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = dict(os.environ, PYTHONPATH=str(site))
    where = subprocess.run(
        [sys.executable, "-c", "import isp_cli.storage.resources as r; print(r.data_path('checklist.yaml'))"],
        cwd=work, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert where.stdout.strip() == str(site / "isp_cli" / "data" / "checklist.yaml")
    listed = subprocess.run(
        [sys.executable, "-m", "isp_cli", "checklist"],
        cwd=work, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "21 items in 4 sections." in listed.stdout
    rendered = subprocess.run(
        [sys.executable, "-m", "isp_cli", "render", str(EXAMPLE), "-o", str(work / "p.docx")],
        cwd=work, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert rendered.returncode == 0, rendered.stderr
    assert (work / "p.docx").exists()
    # The README's first try, after any install: the sample session, then its protocol.
    for args in (["example"], ["render", "metro-area-victim-referrals.isp.yaml"]):
        done = subprocess.run(
            [sys.executable, "-m", "isp_cli", *args],
            cwd=work, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
    assert (work / "metro-area-victim-referrals.docx").exists()


def test_the_source_archive_carries_the_license_and_the_example(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "--target", "sdist", "--directory",
         str(tmp_path)],
        cwd=REPO, check=True, capture_output=True,
    )  # fmt: skip
    sdist = next(tmp_path.glob("isp_cli-*.tar.gz"))
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {"LICENSE", "examples/metro-area-victim-referrals.isp.yaml", "tools/bundle.py"} <= names
