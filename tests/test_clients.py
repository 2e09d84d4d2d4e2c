"""The Word output checked by real clients: Microsoft's OOXML validator and LibreOffice.

Skipped with a reason where a client is missing; CI sets ISP_REQUIRE_CLIENTS=1 and
installs both, so there they always run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import EXAMPLE, REPO, minimal_data
from isp_cli.commands.render import render_protocol
from test_render import hostile_data, letterhead, write_session

pytestmark = pytest.mark.clients


def _tool(name: str, candidates: list[Path | str | None]) -> str:
    for candidate in candidates:
        if candidate and (found := shutil.which(str(candidate))):
            return found
    reason = f"{name} is not installed (run 'make clients'; CI installs it)"
    if os.environ.get("ISP_REQUIRE_CLIENTS"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def validator() -> str:
    return _tool(
        "the OOXML validator",
        [
            os.environ.get("ISP_OOXML_VALIDATOR"),
            REPO / ".tools" / "node_modules" / ".bin" / "ooxml-validator",
            "ooxml-validator",
        ],
    )


@pytest.fixture(scope="module")
def soffice() -> str:
    return _tool("LibreOffice", ["soffice", "libreoffice"])


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("clients")
    shutil.copy(EXAMPLE, folder / "sample.isp.yaml")
    sessions = {
        "sample": folder / "sample.isp.yaml",
        "minimal": write_session(folder, minimal_data(), "minimal.isp.yaml"),
        "empty": write_session(folder, {"isp": 1, "checklist": "ecm-isp"}, "empty.isp.yaml"),
        "hostile": write_session(folder, hostile_data(), "hostile.isp.yaml"),
    }
    rendered = {name: render_protocol(file=path).path for name, path in sessions.items()}
    reference = letterhead(folder / "letterhead.docx")
    rendered["agenda"] = render_protocol(file=sessions["sample"], kind="agenda").path
    rendered["letterhead"] = render_protocol(
        file=sessions["minimal"], out=folder / "with-letterhead.docx", reference_docx=reference
    ).path
    return rendered


def pdf_of(soffice: str, docx: Path) -> Path:
    """The PDF LibreOffice makes of ``docx`` (beside it, in pdf/)."""
    out = docx.parent / "pdf"
    profile = docx.parent / "lo-profile"
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", "pdf",
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
        [soffice, "--headless", f"-env:UserInstallation=file://{docx.parent / 'lo-profile'}",
         "--convert-to", filter_name, "--outdir", str(out), str(docx)],
        capture_output=True, timeout=180, check=False,
    )  # fmt: skip
    saved = out / f"{docx.stem}.{fmt}"
    assert saved.exists(), f"LibreOffice could not save {docx.name}"
    return saved


def _pdf_text(soffice: str, docx: Path) -> str:
    pdf = pdf_of(soffice, docx)
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() or "" for page in PdfReader(pdf).pages)
    return " ".join(text.split())


@pytest.mark.parametrize("name", ["sample", "minimal", "empty", "hostile", "letterhead", "agenda"])
def test_schema_valid(validator: str, documents: dict[str, Path], name: str) -> None:
    result = subprocess.run(
        [validator, str(documents[name])], capture_output=True, text=True, timeout=120, check=False
    )
    report: Any = json.loads(result.stdout) if result.stdout.strip() else {}
    assert result.returncode == 0 and report.get("ok") is True, result.stdout + result.stderr


def test_libreoffice_shows_every_answer_heading_and_agency(
    soffice: str, documents: dict[str, Path]
) -> None:
    text = _pdf_text(soffice, documents["sample"])
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    for agency in data["agencies"]:
        assert agency["name"] in text
    for heading in ("1. Purpose and scope", "3.1 Information to be shared", "5.6 Breach response",
                    "7. Signatures", "Appendix A. Checklist summary"):  # fmt: skip
        assert heading in text
    for item_id, answer in data["items"].items():
        if answer["status"] != "include":
            continue
        for line in answer["response"].splitlines():
            words = line.strip().removeprefix("- ").split()
            if words and words[0].rstrip(".").isdigit():
                words = words[1:]
            # PDF text breaks lines anywhere: compare a run of words from the middle.
            fragment = " ".join(words[1:6])
            assert fragment in text, (item_id, fragment)
    assert "Page 2 of" in text and "DRAFT: not for signature" in text  # the cover has none


@pytest.mark.parametrize("name", ["minimal", "empty", "hostile", "letterhead"])
def test_libreoffice_opens_every_variant(
    soffice: str, documents: dict[str, Path], name: str
) -> None:
    text = _pdf_text(soffice, documents[name])
    assert "Purpose and scope" in text
    if name == "hostile":
        assert "{{ protocol.title }}" in text and "**bold**" in text
    if name == "letterhead":
        assert "METRO TASK FORCE LETTERHEAD" in text


def test_libreoffice_saved_style_document_works(
    soffice: str, validator: str, documents: dict[str, Path]
) -> None:
    folder = documents["minimal"].parent
    source = letterhead(folder / "lo-source.docx")
    reference = through_libreoffice(soffice, source)
    session = folder / "minimal.isp.yaml"
    out = render_protocol(
        file=session, out=folder / "lo-styled.docx", reference_docx=reference
    ).path
    result = subprocess.run([validator, str(out)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout
