"""``isp render``: a session becomes the protocol as a Word document (or Markdown).

The template writes Markdown; docx_build turns it into Word paragraphs in named
styles taken from a style document. The file is written atomically, and a file
that someone edited after isp wrote it is never overwritten without ``--force``.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

from isp_cli.answer_markdown import xml_safe
from isp_cli.atomic import write_bytes_atomic
from isp_cli.check import Located, scan_session
from isp_cli.checklist import Checklist
from isp_cli.errors import IspError
from isp_cli.protocol_context import build_context
from isp_cli.session import Session, load_session
from isp_cli.templating import builtin_template, render_markdown
from isp_cli.vocabulary import SUFFIX

Format = Literal["docx", "md"]
FINGERPRINT_PREFIX = "isp-sha256:"
_MD_FINGERPRINT = "<!-- isp-sha256:{} -->\n"
LANGUAGE = "en-US"
# Built-in styles whose colour is too light for WCAG contrast on white.
_LIGHT_STYLES = ("Heading 2", "Heading 3", "Heading 4", "Heading 8", "Subtitle", "Caption")


class RenderError(IspError):
    """The protocol could not be rendered or written."""


@dataclass
class Rendered:
    """What ``render_protocol`` did."""

    path: Path
    findings: list[Located] = field(default_factory=list)


Kind = Literal["protocol", "agenda"]


def default_output(session_file: Path, fmt: Format, kind: Kind = "protocol") -> Path:
    """``metro.isp.yaml`` -> ``metro.docx`` (``metro-agenda.docx``), beside the session."""
    name = session_file.name
    stem = name[: -len(SUFFIX)] if name.endswith(SUFFIX) else session_file.stem
    extra = "" if kind == "protocol" else f"-{kind}"
    return session_file.with_name(f"{stem}{extra}.{fmt}")


def render_protocol(
    *,
    file: Path,
    out: Path | None = None,
    fmt: Format = "docx",
    reference_docx: Path | None = None,
    template: Path | None = None,
    force: bool = False,
    kind: Kind = "protocol",
) -> Rendered:
    """Render the session in ``file`` to ``out``; see the module docstring.

    ``kind`` "agenda" writes the discussion agenda for the next meeting instead.
    """
    session, checklist = load_session(file)
    out = out or default_output(file, fmt, kind)
    moment = session.updated or session.created or _mtime(file)
    context = build_context(session, checklist, moment=moment)
    markdown = render_markdown(template or builtin_template(kind), context)
    if not force:
        _refuse_hand_edited(out, fmt)
    if fmt == "md":
        data = _markdown_file(markdown)
    else:
        title = session.protocol.title or "Information Sharing Protocol"
        data = build_docx(
            markdown,
            session,
            moment=moment,
            reference=reference_docx,
            title=title if kind == "protocol" else f"Meeting agenda: {title}",
            subject=_topic_name(session, checklist),
            draft=kind == "protocol" and session.protocol.status != "final",
        )
    try:
        write_bytes_atomic(out, data)
    except OSError as exc:
        raise RenderError(
            f"{out}: the {kind} could not be written ({exc.strerror or exc}). Check that "
            "the folder exists and is writable, that the file is not open in Word, and that "
            "the disk is not full."
        ) from None
    return Rendered(out, scan_session(session, checklist))


def _mtime(path: Path) -> datetime:
    return datetime.fromtimestamp(int(path.stat().st_mtime), tz=timezone.utc)


# Hand edits -------------------------------------------------------------------------


def _refuse_hand_edited(out: Path, fmt: Format) -> None:
    if not out.exists():
        return
    if out.is_dir():
        raise RenderError(f"{out} is a folder; choose a file name with -o.")
    if fingerprint_matches(out, fmt):
        return
    raise RenderError(
        f"{out} already exists and was changed after isp wrote it (or isp did not write it). "
        "To keep those edits, choose another name with -o; to replace it, add --force."
    )


def fingerprint_matches(path: Path, fmt: Format) -> bool:
    """Whether ``path`` is exactly as isp wrote it."""
    try:
        if fmt == "md":
            text = path.read_text(encoding="utf-8")
            body, _, last = text.rstrip("\n").rpartition("\n")
            return last == _MD_FINGERPRINT.format(_sha(body + "\n")).rstrip("\n")
        with zipfile.ZipFile(path) as archive:
            body_xml = archive.read("word/document.xml")
            core = archive.read("docProps/core.xml").decode("utf-8")
    except (OSError, KeyError, zipfile.BadZipFile, UnicodeDecodeError, ValueError):
        return False
    return f"{FINGERPRINT_PREFIX}{_sha(body_xml)}<" in core


def _sha(data: str | bytes) -> str:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()


def _markdown_file(markdown: str) -> bytes:
    body = xml_safe(markdown).rstrip("\n") + "\n"
    return (body + _MD_FINGERPRINT.format(_sha(body))).encode("utf-8")


# The Word document --------------------------------------------------------------------


def build_docx(
    markdown: str,
    session: Session,
    *,
    moment: datetime,
    reference: Path | None,
    title: str,
    draft: bool,
    subject: str = "",
) -> bytes:
    """The .docx bytes for ``markdown``, styled by ``reference`` or the built-in styles."""
    from isp_cli import docx_xml
    from isp_cli.docx_build import DocxBuilder
    from isp_cli.style_document import open_style_document

    document = open_style_document(reference)
    if reference is None:
        docx_xml.fix_style_contrast(document.styles, _LIGHT_STYLES)
        docx_xml.set_compatibility_mode(document.settings)
    docx_xml.set_language(document.styles, LANGUAGE)
    docx_xml.update_fields_on_open(document.settings)
    styles = {style.name.lower(): style for style in document.styles if style.name}
    builder = DocxBuilder(document, styles)
    _header_and_footer(document, title, draft, builder)
    builder.add_markdown(markdown)
    builder.finish()
    if builder.missing and reference is not None:
        raise RenderError(
            f"{reference}: this style document lacks the styles "
            f"{', '.join(sorted(builder.missing))}. Add them (in Word: Styles pane, "
            "New Style, with exactly these names) or render without --reference-docx."
        )
    _properties(document, session, moment, title, subject)
    # The main part's bytes are exactly what save() writes to word/document.xml.
    document.core_properties.identifier = FINGERPRINT_PREFIX + _sha(document.part.blob)
    return _save(document)


def _save(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _properties(
    document: Any, session: Session, moment: datetime, title: str, topic_name: str
) -> None:
    protocol = session.protocol
    props = document.core_properties
    props.title = title
    props.subject = topic_name
    props.author = protocol.task_force or ""
    props.last_modified_by = protocol.task_force or ""
    props.keywords = "; ".join(
        k
        for k in ("information sharing protocol", "human trafficking", "task force", topic_name)
        if k
    )
    props.category = "Information Sharing Protocol"
    props.comments = "Prepared with isp from the ECM Information Sharing Protocol Checklist."
    props.content_status = "Final" if protocol.status == "final" else "Draft"
    props.language = LANGUAGE
    props.version = protocol.version
    props.created = _naive_utc(session.created or moment)
    props.modified = _naive_utc(moment)
    props.revision = 1


def _header_and_footer(document: Any, title: str, draft: bool, builder: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import RGBColor

    from isp_cli import docx_xml

    for section in document.sections:
        header = section.header
        if not any(p.text.strip() for p in header.paragraphs):
            paragraph = header.paragraphs[0]
            builder.apply_style(paragraph, "Header")
            paragraph.add_run(xml_safe(title))
        if draft:
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


def _topic_name(session: Session, checklist: Checklist) -> str:
    topic = checklist.topic(session.protocol.topic or "")
    return topic.title if topic else (session.protocol.topic_description or "")


def _naive_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(timezone.utc).replace(tzinfo=None)
