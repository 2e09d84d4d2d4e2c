"""How ``templates/styles.docx``, isp's built-in style document, is made from python-docx's.

python-docx's default document carries 164 styles, 97 of them table styles that isp
never uses ("Light Grid Accent 1" and the like), the same styles again for Word 2010
(stylesWithEffects.xml), a thumbnail and bibliography data: 900 KB of XML that every
render parsed, wrote back and compressed. The built-in style document keeps every
paragraph and character style (a template may name any of them) and the two table
styles isp uses, and drops the rest. Word and LibreOffice offer their own table
styles to anyone editing the protocol.

It also comes ready: what every render would otherwise do to it (accessible colours,
Word 2013 layout, the language, fields updated on opening, a cover with a header and
footer of its own, the running header and the "Page X of Y" footer) is done here, by
the same functions (word_file), so that a render adds only its title and marking.

Made, not edited: ``make styles`` writes it again, and a test checks that the file in
the repository is what this module makes from the installed python-docx.
Not imported by isp at run time.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
KEPT_TABLE_STYLES = ("Normal Table", "Table Grid")
_DROPPED = ("word/stylesWithEffects.xml", "docProps/thumbnail.jpeg")
_DROPPED_FOLDERS = ("customXml/",)
_APP_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'docPropsVTypes"><Application>isp</Application><DocSecurity>0</DocSecurity></Properties>'
)
_MOMENT = (2026, 1, 1, 0, 0, 0)  # every entry's date, so that the same input gives the same file


def _ready(data: bytes) -> bytes:
    """The trimmed document with what every render would otherwise do to it: accessible
    colours, Word 2013 layout, the language, and the running header and footer (page X
    of Y; a cover of its own), which a render then only gives its title."""
    from datetime import datetime

    import docx

    from isp_cli.document.docx import word_file
    from isp_cli.document.docx.builder import DocxBuilder
    from isp_cli.document.docx.ooxml import styles_by_name
    from isp_cli.document.template.context import DocumentInfo

    document = docx.Document(io.BytesIO(data))
    styles = styles_by_name(document.styles)
    word_file.prepare_styles(document, styles, builtin=True)
    moment = datetime(*_MOMENT)
    blank = DocumentInfo("protocol", "", "", "", "", False, "", moment, moment, {})
    word_file._header_and_footer(document, blank, DocxBuilder(document, styles))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def python_docx_default() -> bytes:
    """python-docx's own default document."""
    import docx

    return (Path(docx.__file__).parent / "templates" / "default.docx").read_bytes()


def make_style_document(source: bytes) -> bytes:
    """The built-in style document made from ``source`` (python-docx's default document)."""
    return _dated(_ready(_trimmed(source)))


def _dated(source: bytes) -> bytes:
    """``source`` with every entry dated _MOMENT, so that the same input gives the same file."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as archive, zipfile.ZipFile(out, "w") as target:
        for info in archive.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_MOMENT)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, archive.read(info))
    return out.getvalue()


def _trimmed(source: bytes) -> bytes:
    """``source`` without the parts and table styles isp never uses."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as archive, zipfile.ZipFile(out, "w") as target:
        for info in archive.infolist():
            name = info.filename
            if _dropped(name):
                continue
            data = archive.read(info)
            if name == "word/styles.xml":
                data = _trim_styles(data)
            elif name.endswith(".rels"):
                data = _without_relationships(data)
            elif name == "[Content_Types].xml":
                data = _without_overrides(data)
            elif name == "docProps/app.xml":
                data = _APP_XML
            entry = zipfile.ZipInfo(name, date_time=_MOMENT)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, data)
    return out.getvalue()


def _dropped(name: str) -> bool:
    return name in _DROPPED or name.startswith(_DROPPED_FOLDERS)


def _trim_styles(data: bytes) -> bytes:
    root = etree.fromstring(data)
    for style in root.findall(W + "style"):
        name = style.find(W + "name")
        label = name.get(W + "val") if name is not None else ""
        if style.get(W + "type") == "table" and label not in KEPT_TABLE_STYLES:
            root.remove(style)
    return _xml(root)


def _without_relationships(data: bytes) -> bytes:
    root = etree.fromstring(data)
    for relationship in root.findall(_RELS + "Relationship"):
        target = relationship.get("Target", "").lstrip("/")
        if _dropped(target) or _dropped("word/" + target) or target.startswith("../customXml/"):
            root.remove(relationship)
    return _xml(root)


def _without_overrides(data: bytes) -> bytes:
    root = etree.fromstring(data)
    for override in root.findall(_TYPES + "Override"):
        if _dropped(override.get("PartName", "").lstrip("/")):
            root.remove(override)
    return _xml(root)


def _xml(root: etree._Element) -> bytes:
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return data


def main() -> None:
    """``python -m isp_cli.document.docx.builtin_styles FILE``: write the style document to FILE."""
    Path(sys.argv[1]).write_bytes(make_style_document(python_docx_default()))


if __name__ == "__main__":
    main()
