"""The Word document: styles, header and footer, the body from Markdown, properties.

The body is built by DocxBuilder from the template's Markdown; everything around
it (the style document, header, footer, properties, fingerprint) is set here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from isp_cli.document import docx_xml
from isp_cli.document.answer_markdown import xml_safe
from isp_cli.document.context import DocumentInfo
from isp_cli.document.fingerprint import save_with_fingerprint
from isp_cli.errors import RenderError

LANGUAGE = "en-US"
# Built-in styles whose colour is too light for WCAG contrast on white.
_LIGHT_STYLES = ("Heading 2", "Heading 3", "Heading 4", "Heading 8", "Subtitle", "Caption")


def build_docx(markdown: str, info: DocumentInfo, *, reference: Path | None) -> bytes:
    """The .docx bytes for ``markdown``, styled by ``reference`` or the built-in styles."""
    from isp_cli.document.docx_builder import DocxBuilder
    from isp_cli.document.style_document import open_style_document

    document = open_style_document(reference)
    if reference is None:
        docx_xml.fix_style_contrast(document.styles, _LIGHT_STYLES)
        docx_xml.set_compatibility_mode(document.settings)
    docx_xml.set_language(document.styles, LANGUAGE)
    docx_xml.update_fields_on_open(document.settings)
    styles = {style.name.lower(): style for style in document.styles if style.name}
    builder = DocxBuilder(document, styles)
    _header_and_footer(document, info, builder)
    builder.add_markdown(markdown)
    builder.finish()
    if builder.missing and reference is not None:
        raise RenderError(
            f"{reference}: this style document lacks the styles "
            f"{', '.join(sorted(builder.missing))}. Add them (in Word: Styles pane, "
            "New Style, with exactly these names) or render without --reference-docx."
        )
    _properties(document, info)
    return save_with_fingerprint(document)  # the whole package, so no hand edit goes unseen


# Word's core properties (docProps/core.xml) hold at most 255 characters each.
_PROPERTY_CHARS = 255


def _property(text: str) -> str:
    """``text`` as a core property: one line, no characters XML cannot hold, at most 255."""
    value = " ".join(xml_safe(text).split())
    if len(value) > _PROPERTY_CHARS:
        value = value[: _PROPERTY_CHARS - 1].rstrip() + "…"
    return value


def _properties(document: Any, info: DocumentInfo) -> None:
    props = document.core_properties
    subject = _property(info.subject)
    props.title = _property(info.title)
    props.subject = subject
    props.author = _property(info.author)
    props.last_modified_by = _property(info.author)
    props.keywords = _property(
        "; ".join(
            k
            for k in ("information sharing protocol", "human trafficking", "task force", subject)
            if k
        )
    )
    props.category = "Information Sharing Protocol"
    props.comments = "Prepared with isp from the ECM Information Sharing Protocol Checklist."
    props.content_status = _property(info.status)
    props.language = LANGUAGE
    props.version = _property(info.version)
    props.created = info.created
    props.modified = info.modified
    props.revision = 1


def _header_and_footer(document: Any, info: DocumentInfo, builder: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import RGBColor

    for section in document.sections:
        header = section.header
        if not any(p.text.strip() for p in header.paragraphs):
            paragraph = header.paragraphs[0]
            builder.apply_style(paragraph, "Header")
            paragraph.add_run(xml_safe(info.title))
        if info.draft:
            marking = header.add_paragraph()
            builder.apply_style(marking, "Header")
            run = marking.add_run("DRAFT: not for signature")
            run.bold = True
            run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)  # 5.9:1 on white
        footer = section.footer
        if not any(p.text.strip() for p in footer.paragraphs):
            paragraph = footer.paragraphs[0]
            builder.apply_style(paragraph, "Footer")
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run("Page ")
            docx_xml.add_field(paragraph, "PAGE", "1")
            paragraph.add_run(" of ")
            docx_xml.add_field(paragraph, "NUMPAGES", "1")
