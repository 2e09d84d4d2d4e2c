"""A session becomes a document: the template's Markdown, then Word (or clean Markdown).

The template writes Markdown (template/); docx/ turns it into Word paragraphs in named
styles taken from a style document. Writing the file, and refusing to write over one
that must not be replaced, is the commands' job (commands/output.py).
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from isp_cli.document.readback.fingerprint import Format
from isp_cli.document.template.context import DocumentInfo, Kind, build_context, describe
from isp_cli.document.template.templating import builtin_template, render_markdown

if TYPE_CHECKING:
    from isp_cli.model.checklist import Checklist
    from isp_cli.model.session import Session


def document_bytes(
    markdown: str, info: DocumentInfo, fmt: Format, *, reference: Path | None = None
) -> bytes:
    """The file's bytes: a Word document styled by ``reference``, or clean Markdown."""
    from isp_cli.document.readback.fingerprint import markdown_with_fingerprint
    from isp_cli.document.template.answer_markdown import xml_safe

    if fmt == "md":
        from isp_cli.document.template.markdown_export import clean_markdown

        return markdown_with_fingerprint(clean_markdown(xml_safe(markdown), info))
    from isp_cli.document.docx.word_file import build_docx

    return build_docx(markdown, info, reference=reference)


def document_markdown(
    session: Session,
    checklist: Checklist,
    file: Path,
    *,
    template: Path | None = None,
    kind: Kind = "protocol",
) -> tuple[str, DocumentInfo]:
    """The template's Markdown for the session in ``file``, and the document's own data.

    The document is dated when the session was last changed, so the same session
    gives the same document.
    """
    moment = document_moment(session, file)
    context = build_context(session, checklist, moment=moment)
    markdown = render_markdown(template or builtin_template(kind), context)
    info = describe(session, checklist, moment=moment, kind=kind)
    if template is not None:
        from isp_cli.document.readback.anchors import TEMPLATE

        source = info.source | {TEMPLATE: template.name} if info.source else info.source
        info = info._replace(source=source, builtin_template=False)
    return markdown, info


def document_moment(session: Session, file: Path) -> datetime:
    """The moment that dates a document made from ``session``: its last save."""
    if session.updated or session.created:
        return session.updated or session.created  # type: ignore[return-value]
    return datetime.fromtimestamp(int(file.stat().st_mtime), tz=timezone.utc)
