"""The small pieces of WordprocessingML that python-docx has no API for.

Kept in one module: fields (table of contents, page numbers), repeated table
header rows, document language, settings, restarting numbered lists, and the
built-in styles' colours. Each helper writes elements at their schema position,
because Word "repairs" (or refuses) a file whose elements are out of order.
"""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor

# Children of w:settings that come after w:updateFields, in schema order.
_AFTER_UPDATE_FIELDS = (
    "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids",
    "m:mathPr", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade",
    "w:captions", "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary",
    "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator",
)  # fmt: skip
# Children of w:rPr that come after w:lang, in schema order.
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")


def _element(tag: str, **attributes: str) -> Any:
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element


def add_field(paragraph: Any, instruction: str, placeholder: str = "") -> None:
    """Append a complex field (``PAGE``, ``NUMPAGES``, ``TOC ...``) to a paragraph.

    ``placeholder`` is the field's result until Word updates it.
    """
    p = paragraph._p

    def run_with(child: Any) -> None:
        run = _element("w:r")
        run.append(child)
        p.append(run)

    run_with(_element("w:fldChar", fldCharType="begin"))
    instr = _element("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    run_with(_element("w:fldChar", fldCharType="separate"))
    text = _element("w:t")
    text.set(qn("xml:space"), "preserve")
    text.text = placeholder
    run_with(text)
    run_with(_element("w:fldChar", fldCharType="end"))


def add_toc(
    paragraph: Any, entries: list[tuple[int, str]], placeholder: str, levels: int = 3
) -> None:
    """A TOC field in ``paragraph`` whose result already lists ``entries``.

    Word rebuilds it with page numbers when it opens the file (updateFields);
    readers that do not update fields, such as LibreOffice, still show the list.
    """
    p = paragraph._p
    lines = entries or [(1, placeholder)]
    first_level, first_text = lines[0]

    def append_run(target: Any, child: Any) -> None:
        run = _element("w:r")
        run.append(child)
        target.append(run)

    def text_run(target: Any, text: str) -> None:
        t = _element("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = text
        append_run(target, t)

    append_run(p, _element("w:fldChar", fldCharType="begin"))
    instr = _element("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f' TOC \\o "1-{levels}" \\h \\z \\u '
    append_run(p, instr)
    append_run(p, _element("w:fldChar", fldCharType="separate"))
    _indent(paragraph, first_level)
    text_run(p, first_text)
    last = p
    for level, text in lines[1:]:
        new = last.makeelement(qn("w:p"))  # in the default style, right after the last
        last.addnext(new)
        _indent_new(new, level)
        text_run(new, text)
        last = new
    append_run(last, _element("w:fldChar", fldCharType="end"))


def _indent(paragraph: Any, level: int) -> None:
    from docx.shared import Pt

    paragraph.paragraph_format.left_indent = Pt(18 * (level - 1))
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = 1.0  # a contents list of ~45 lines on one page


def _indent_new(p: Any, level: int) -> None:
    """What ``_indent`` writes, for a new paragraph that has no properties yet."""
    from lxml.etree import SubElement

    properties = SubElement(p, qn("w:pPr"))
    spacing = {qn("w:after"): "0", qn("w:line"): "240", qn("w:lineRule"): "auto"}
    SubElement(properties, qn("w:spacing"), spacing)
    SubElement(properties, qn("w:ind"), {qn("w:left"): str(18 * (level - 1) * 20)})  # twips


def update_fields_on_open(settings: Any) -> None:
    """Ask Word to refresh fields (the table of contents) when it opens the file."""
    element = settings.element
    existing = element.find(qn("w:updateFields"))
    if existing is None:
        existing = _element("w:updateFields")
        element.insert_element_before(existing, *_AFTER_UPDATE_FIELDS)
    existing.set(qn("w:val"), "true")


def set_compatibility_mode(settings: Any, mode: int = 15) -> None:
    """Word 2013+ layout, so Word does not open the file in Compatibility Mode."""
    compat = settings.element.find(qn("w:compat"))
    if compat is None:
        return
    for setting in compat.findall(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), str(mode))


def set_language(styles: Any, language: str) -> None:
    """Set the document's default language (docDefaults/rPrDefault/rPr/w:lang)."""
    root = styles.element
    defaults = root.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = _element("w:docDefaults")
        root.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = _element("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = _element("w:rPr")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = _element("w:lang")
        following = [rpr.find(qn(tag)) for tag in _AFTER_LANG]
        anchor = next((el for el in following if el is not None), None)
        if anchor is None:
            rpr.append(lang)
        else:
            anchor.addprevious(lang)
    lang.set(qn("w:val"), language)


def restart_numbering(document: Any, style: Any) -> int | None:
    """A new list numbering that starts at 1, based on ``style``'s; its numId.

    Without this, every "List Number" list in a document continues the last one.
    """
    num_pr = style.element.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
    if num_pr is None or num_pr.find(qn("w:numId")) is None:
        return None
    style_num_id = num_pr.find(qn("w:numId")).get(qn("w:val"))
    numbering = document.part.numbering_part.element
    source = next(
        (n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == style_num_id), None
    )
    if source is None:
        return None
    abstract_id = source.find(qn("w:abstractNumId")).get(qn("w:val"))
    used = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    num_id = max(used, default=0) + 1
    num = _element("w:num", numId=str(num_id))
    num.append(_element("w:abstractNumId", val=abstract_id))
    override = _element("w:lvlOverride", ilvl="0")
    override.append(_element("w:startOverride", val="1"))
    num.append(override)
    numbering.append(num)  # w:num elements follow every w:abstractNum
    return num_id


def styles_by_name(styles: Any) -> dict[str, Any]:
    """Every named style, by its name (as Word shows it) in lower case.

    Read from the XML: python-docx's ``style.name`` looks the name up through the
    element API, which cost as much as building the body's headings.
    """
    from docx.styles import BabelFish
    from docx.styles.style import StyleFactory

    found = {}
    for element in styles.element.iterchildren(qn("w:style")):
        name = element.find(qn("w:name"))
        value = element.name_val if name is not None else None  # raises as python-docx does
        if value:
            found[BabelFish.internal2ui(value).lower()] = StyleFactory(element)
    return found


# Colours of the built-in template that are too light on white (contrast < 4.5:1).
ACCESSIBLE_ACCENT = RGBColor(0x36, 0x5F, 0x91)  # Heading 1's colour: 6.4:1 on white


def fix_style_contrast(styles: Any, names: tuple[str, ...]) -> None:
    """Give light-coloured built-in styles a colour that passes WCAG 4.5:1."""
    for style in styles:
        if style.name not in names:
            continue
        color = style.element.find(f"{qn('w:rPr')}/{qn('w:color')}")
        if color is None:
            continue
        value = color.get(qn("w:val"))
        if value and value.lower() != "auto" and contrast_on_white(value) < 4.5:
            style.font.color.rgb = ACCESSIBLE_ACCENT
            new_color = style.element.find(f"{qn('w:rPr')}/{qn('w:color')}")
            for attribute in ("w:themeColor", "w:themeShade", "w:themeTint"):
                new_color.attrib.pop(qn(attribute), None)


def contrast_on_white(hex_color: str) -> float:
    """WCAG contrast ratio of an RRGGBB colour against white."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_color[i : i + 2], 16) for i in (0, 2, 4))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (luminance + 0.05)


def clear_body(document: Any) -> None:
    """Remove a style document's content, keeping its final section properties."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
