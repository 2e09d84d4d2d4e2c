"""The Word document: styles, header and footer, the body from Markdown, properties.

The body is built by DocxBuilder from the template's Markdown; everything around
it (the style document, header, footer, properties, fingerprint) is set here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from isp_cli.document.docx import ooxml
from isp_cli.document.readback.fingerprint import save_with_fingerprint
from isp_cli.document.template.answer_markdown import xml_safe
from isp_cli.document.template.context import DocumentInfo
from isp_cli.errors import RenderError

LANGUAGE = "en-US"
# Built-in styles whose colour is too light for WCAG contrast on white.
_LIGHT_STYLES = ("Heading 2", "Heading 3", "Heading 4", "Heading 8", "Subtitle", "Caption")


def build_docx(markdown: str, info: DocumentInfo, *, reference: Path | None) -> bytes:
    """The .docx bytes for ``markdown``, styled by ``reference`` or the built-in styles."""
    document, _ = build_document(markdown, info, reference=reference)
    return save_with_fingerprint(document)  # the whole package, so no hand edit goes unseen


def build_document(markdown: str, info: DocumentInfo, *, reference: Path | None) -> Any:
    """The python-docx document for ``markdown``, and the DocxBuilder that built it."""
    from isp_cli.document.docx.builder import DocxBuilder
    from isp_cli.document.docx.style_document import open_style_document

    document = open_style_document(reference)
    styles = ooxml.styles_by_name(document.styles)
    builder = DocxBuilder(document, styles)
    if reference is None:  # made ready by builtin_styles: only the title and marking to add
        _title_and_marking(document.sections[0], info, builder)
    else:
        prepare_styles(document, styles, builtin=False)
        _header_and_footer(document, info, builder)
    builder.add_markdown(markdown)
    builder.finish()
    if info.source:
        from isp_cli.document.readback.anchors import mark_items, set_custom_properties

        mark_items(document, builder.item_headings)
        set_custom_properties(document, info.source)
    if builder.missing and reference is not None:
        raise RenderError(
            f"{reference}: this style document lacks the styles "
            f"{', '.join(sorted(builder.missing))}. Add them (in Word: Styles pane, "
            "New Style, with exactly these names) or render without --reference-docx."
        )
    _properties(document, info)
    _package_parts(document)
    return document, builder


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
    props.comments = "Prepared from the ECM Information Sharing Protocol Checklist."
    props.content_status = _property(info.status)
    props.language = LANGUAGE
    props.version = _property(info.version)
    props.created = info.created
    props.modified = info.modified
    props.revision = 1


def prepare_styles(document: Any, styles: dict[str, Any], *, builtin: bool) -> None:
    """What every render does to its style document before the body: the language,
    fields updated on opening, and for the built-in one Word 2013 layout and accessible
    colours. (builtin_styles does it once for the built-in style document.)"""
    if builtin:
        light = [styles[name.lower()] for name in _LIGHT_STYLES if name.lower() in styles]
        ooxml.fix_style_contrast(light, _LIGHT_STYLES)
        ooxml.set_compatibility_mode(document.settings)
    ooxml.set_language(document.styles, LANGUAGE)
    ooxml.update_fields_on_open(document.settings)


def _header_and_footer(document: Any, info: DocumentInfo, builder: Any) -> None:
    """The running header (title, draft marking) and footer (page X of Y).

    The first page, the cover, has its own header and footer: the letterhead (if
    any) and the draft marking, without the running title or a page number.
    (builtin_styles calls this with no title and no marking for the built-in style
    document, which then needs only ``_title_and_marking``.)
    """
    for section in document.sections:
        _fit_header_and_footer(section)
        distinct_first = not section.different_first_page_header_footer
        if distinct_first:
            section.different_first_page_header_footer = True
            _copy_story(section.header, section.first_page_header)
            _copy_story(section.footer, section.first_page_footer)
        header = section.header
        if not any(p.text.strip() for p in header.paragraphs):
            paragraph = header.paragraphs[0]
            builder.apply_style(paragraph, "Header")
            if info.title:
                paragraph.add_run(xml_safe(info.title))
        if info.draft:
            _draft_marking(header, builder)
            if distinct_first:
                _draft_marking(section.first_page_header, builder)
        footer = section.footer
        if not any(p.text.strip() for p in footer.paragraphs):
            from docx.enum.text import WD_ALIGN_PARAGRAPH

            paragraph = footer.paragraphs[0]
            builder.apply_style(paragraph, "Footer")
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run("Page ")
            ooxml.add_field(paragraph, "PAGE", "1")
            paragraph.add_run(" of ")
            ooxml.add_field(paragraph, "NUMPAGES", "1")


def _title_and_marking(section: Any, info: DocumentInfo, builder: Any) -> None:
    """The title in the running header, and the draft marking on every page, of a
    section whose header and footer _header_and_footer has already made."""
    section.header.paragraphs[0].add_run(xml_safe(info.title))
    if info.draft:
        _draft_marking(section.header, builder)
        _draft_marking(section.first_page_header, builder)


def _draft_marking(header: Any, builder: Any) -> None:
    from docx.shared import RGBColor

    marking = header.add_paragraph()
    builder.apply_style(marking, "Header")
    run = marking.add_run("DRAFT: not for signature")
    run.bold = True
    run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)  # 5.9:1 on white


def _copy_story(source: Any, target: Any) -> None:
    """Give the first page a copy of the letterhead's header (or footer), if it has one.

    Content that refers to other parts (a logo) cannot be copied as it is; the first
    page then goes without it rather than show a broken picture.
    """
    import copy

    target.is_linked_to_previous = False
    if source.is_linked_to_previous or not any(p.text.strip() for p in source.paragraphs):
        return
    xml = source._element.xml
    if ' r:id="' in xml or ' r:embed="' in xml or ' r:link="' in xml:
        return
    element = target._element
    for child in list(element):
        element.remove(child)
    for child in source._element:
        element.append(copy.deepcopy(child))


def _fit_header_and_footer(section: Any) -> None:
    """Keep the header and footer on the paper.

    A letterhead saved by LibreOffice can say the footer (or header) is 0 from the
    page edge, which puts isp's page numbers off the printable page.
    """
    from docx.shared import Inches

    least, room = Inches(0.4), Inches(0.35)
    if not section.footer_distance or section.footer_distance < least:
        section.footer_distance = Inches(0.5)
    if (section.bottom_margin or 0) < section.footer_distance + room:
        section.bottom_margin = section.footer_distance + room
    if not section.header_distance or section.header_distance < least:
        section.header_distance = Inches(0.5)
    if (section.top_margin or 0) < section.header_distance + room:
        section.top_margin = section.header_distance + room


_APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<DocSecurity>0</DocSecurity></Properties>"
)
_THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"


def _package_parts(document: Any) -> None:
    """No stock thumbnail (python-docx's, or the letterhead's), and no application named.

    The built-in template's app.xml says "Microsoft Macintosh Word", which did not write
    this document; and the protocol is the agencies' own, naming no software. A
    thumbnail would show a page that is not this document.
    """
    package = document.part.package
    for r_id, rel in list(package.rels.items()):
        if rel.reltype == _THUMBNAIL:
            package.rels.pop(r_id)
    for part in package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = _APP_XML.encode("utf-8")
