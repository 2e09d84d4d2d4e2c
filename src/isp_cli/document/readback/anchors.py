"""What isp leaves in a protocol so that ``isp import`` can read counsel's edits back.

- Each checklist item's heading carries a hidden bookmark (a name starting with "_",
  which Word hides from its Bookmark list) naming the item and the digest of the
  text isp wrote under the heading. Measured with LibreOffice 7.4: a bookmark on one
  paragraph survives a save, where a content control loses its tag and a bookmark
  over several paragraphs is rewritten. The heading's own text is the fallback.
- Custom document properties (File > Properties > Custom) say which session and
  version the document was made from, and with which template.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING, Any, NamedTuple

from isp_cli.document.readback.text import W, block_text, style_names

if TYPE_CHECKING:
    from isp_cli.document.readback.reading import Block

PREFIX = "_isp_"
_BOOKMARK = re.compile(r"^_isp_([0-9a-f]{8})_([0-9a-f]{12})$")
SESSION = "isp session"  # when the session was started: which session this is
SAVED = "isp session saved"  # when it was last saved: which state of it
VERSION = "isp version"
TEMPLATE = "isp template"
BUILTIN_TEMPLATE = "built-in"
_CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
)
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


# The anchor of a general provision ("provision.retention"), beside the items' ids: its
# text comes back from an edited document like an answer (import_edits).
PROVISION_PREFIX = "provision."


def item_key(item_id: str) -> str:
    """A short, fixed key for an item id, fit for a bookmark name."""
    return hashlib.sha256(item_id.encode("utf-8")).hexdigest()[:8]


def region_digest(blocks: list[Block]) -> str:
    """The digest of the text under an item's heading (tracked changes accepted)."""
    return text_digest([block.text for block in blocks])


def text_digest(texts: list[str]) -> str:
    """The digest of an item's region, given its blocks' text."""
    joined = "\x1e".join(texts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:12]


def parse_bookmark(name: str) -> tuple[str, str] | None:
    """(item key, digest) of one of isp's bookmarks, or None."""
    found = _BOOKMARK.match(name)
    return (found.group(1), found.group(2)) if found else None


def region_end(blocks: list[Block], start: int) -> int:
    """The index of the first heading after ``start`` (or the end): an item's text ends there."""
    from isp_cli.document.readback.reading import Para

    for index in range(start + 1, len(blocks)):
        block = blocks[index]
        if isinstance(block, Para) and block.heading_level is not None:
            return index
    return len(blocks)


def mark_items(document: Any, headings: dict[str, Any]) -> None:
    """Bookmark each item's heading paragraph (``headings``: item id -> its w:p).

    Only the items' own text is read (not the cover, the contents or the appendices),
    by the same reader ``isp import`` uses, so that the digests agree.
    """
    if not headings:
        return
    names, _ = style_names(document.styles.element)
    heading_ids = {i for i, name in names.items() if name.startswith("heading ")}
    for number, (item_id, element) in enumerate(headings.items(), start=1):
        region: list[str] = []  # each block's text, as isp import reads it (docx_text)
        sibling = element.getnext()
        while sibling is not None:
            if sibling.tag == W + "p":
                style = sibling.find(f"{W}pPr/{W}pStyle")
                if style is not None and style.get(W + "val") in heading_ids:
                    break
                region.append(block_text(sibling))
            elif sibling.tag == W + "tbl":
                region.append(block_text(sibling))
            sibling = sibling.getnext()
        _bookmark(element, f"{PREFIX}{item_key(item_id)}_{text_digest(region)}", number)


def _bookmark(paragraph: Any, name: str, number: int) -> None:
    from lxml import etree

    start = etree.Element(W + "bookmarkStart", {W + "id": str(number), W + "name": name})
    end = etree.Element(W + "bookmarkEnd", {W + "id": str(number)})
    properties = paragraph.find(W + "pPr")
    paragraph.insert(0 if properties is None else 1, start)
    paragraph.append(end)


class Source(NamedTuple):
    """Which session, in which state, a protocol was made from."""

    session: str  # the session's start, ISO 8601
    saved: str  # its last save, ISO 8601
    version: str
    template: str  # BUILTIN_TEMPLATE or the template's file name

    def as_properties(self) -> dict[str, str]:
        return {
            SESSION: self.session,
            SAVED: self.saved,
            VERSION: self.version,
            TEMPLATE: self.template,
        }

    @classmethod
    def from_properties(cls, properties: dict[str, str]) -> Source | None:
        if SESSION not in properties:
            return None
        return cls(
            session=properties[SESSION],
            saved=properties.get(SAVED, ""),
            version=properties.get(VERSION, ""),
            template=properties.get(TEMPLATE, BUILTIN_TEMPLATE),
        )


def set_custom_properties(document: Any, properties: dict[str, str]) -> None:
    """Write ``properties`` as the document's custom properties (docProps/custom.xml)."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    from isp_cli.document.docx.body_xml import attribute
    from isp_cli.document.template.answer_markdown import xml_safe

    entries = "".join(
        f'<property fmtid="{_FMTID}" pid="{pid}" name="{attribute(xml_safe(name))}">'
        f"<vt:lpwstr>{attribute(xml_safe(value))}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(properties.items(), start=2)
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'docPropsVTypes">{entries}</Properties>'
    )
    package = document.part.package
    for r_id, rel in list(package.rels.items()):
        if rel.reltype == _CUSTOM_REL:
            package.rels.pop(r_id)
    part = Part(PackURI("/docProps/custom.xml"), _CUSTOM_TYPE, xml.encode("utf-8"), package)
    package.relate_to(part, _CUSTOM_REL)
