"""The real clients of the Word output: LibreOffice and Microsoft's OOXML validator.

A test that needs one skips with a reason where it is missing; with ISP_REQUIRE_CLIENTS
set (as CI sets it) it fails instead. The fixtures ``soffice`` and ``validator``
(conftest.py) find them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def require_tool(name: str, candidates: list[Path | str | None]) -> str:
    """The first of ``candidates`` that is a program; else skip (or fail, in CI)."""
    for candidate in candidates:
        if candidate and (found := shutil.which(str(candidate))):
            return found
    reason = f"{name} is not installed (run 'make clients'; CI installs it)"
    if os.environ.get("ISP_REQUIRE_CLIENTS"):
        pytest.fail(reason)
    pytest.skip(reason)


def pdf_of(soffice: str, docx: Path) -> Path:
    """The PDF LibreOffice makes of ``docx`` (beside it, in pdf/)."""
    out = docx.parent / "pdf"
    profile = docx.parent / "lo-profile"
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "pdf",
         "--outdir", str(out), str(docx)],
        capture_output=True, timeout=180, check=False,
    )  # fmt: skip
    pdf = out / (docx.stem + ".pdf")
    assert pdf.exists(), f"LibreOffice could not open {docx.name}"
    return pdf


def through_libreoffice(soffice: str, docx: Path, fmt: str = "docx") -> Path:
    """``docx`` opened and saved again by LibreOffice (as Word 2007-365, or ``fmt``)."""
    out = docx.parent / f"lo-{fmt}"
    filter_name = "docx:MS Word 2007 XML" if fmt == "docx" else fmt
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation={(docx.parent / 'lo-profile').as_uri()}",
         "--convert-to", filter_name, "--outdir", str(out), str(docx)],
        capture_output=True, timeout=180, check=False,
    )  # fmt: skip
    saved = out / f"{docx.stem}.{fmt}"
    assert saved.exists(), f"LibreOffice could not save {docx.name}"
    return saved
