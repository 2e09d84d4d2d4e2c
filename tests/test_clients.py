"""The Word output checked by real clients: Microsoft's OOXML validator and LibreOffice.

Skipped with a reason where a client is missing; CI sets ISP_REQUIRE_CLIENTS=1 and
installs both, so there they always run (the fixtures soffice and validator: conftest.py,
with helpers.clients).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers.clients import pdf_of, through_libreoffice
from helpers.documents import letterhead
from helpers.paths import EXAMPLE
from helpers.sessions import hostile_data, minimal_data, write_session
from isp_cli.commands.render import render_protocol

pytestmark = pytest.mark.clients


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
