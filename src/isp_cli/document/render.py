"""``isp render`` and ``isp agenda``: a session becomes a Word document (or Markdown).

The template writes Markdown (templating); word_file turns it into Word paragraphs
in named styles taken from a style document. The file is written atomically, and
a file that someone edited after isp wrote it is never overwritten without
``--force`` (fingerprint).
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from isp_cli.atomic import write_bytes_atomic
from isp_cli.document.answer_markdown import xml_safe
from isp_cli.document.collector import collector_paused
from isp_cli.document.context import DocumentInfo, Kind, build_context, describe
from isp_cli.document.fingerprint import (
    Format,
    markdown_with_fingerprint,
    refuse_hand_edited,
    refuse_unsafe_output,
)
from isp_cli.document.templating import builtin_template, render_markdown
from isp_cli.errors import RenderError
from isp_cli.privacy import Located, scan_session
from isp_cli.session_file import load_session
from isp_cli.vocabulary import SUFFIX

if TYPE_CHECKING:
    from isp_cli.checklist import Checklist
    from isp_cli.session import Session


class Rendered(NamedTuple):
    """What ``render_protocol`` did."""

    path: Path
    findings: list[Located]


def default_output(session_file: Path, fmt: Format, kind: str = "protocol") -> Path:
    """``metro.isp.yaml`` -> ``metro.docx`` (``metro-agenda.docx``, ``metro-redline.docx``),
    beside the session."""
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
    with collector_paused():
        return _render(file, out, fmt, reference_docx, template, force, kind)


def _render(
    file: Path,
    out: Path | None,
    fmt: Format,
    reference_docx: Path | None,
    template: Path | None,
    force: bool,
    kind: Kind,
) -> Rendered:
    session, checklist = load_session(file)
    out = out or default_output(file, fmt, kind)
    refuse_unsafe_output(out, _inputs(file, session.checklist_file, reference_docx, template))
    markdown, info = document_markdown(session, checklist, file, template=template, kind=kind)
    if not force:
        refuse_hand_edited(out, fmt)
    if fmt == "md":
        from isp_cli.document.markdown_export import clean_markdown

        data = markdown_with_fingerprint(clean_markdown(xml_safe(markdown), info))
    else:
        from isp_cli.document.word_file import build_docx

        data = build_docx(markdown, info, reference=reference_docx)
    try:
        write_bytes_atomic(out, data)
    except OSError as exc:
        raise RenderError(
            f"{out}: the {kind} could not be written ({exc.strerror or exc}). Check that "
            "the folder exists and is writable, that the file is not open in Word, and that "
            "the disk is not full."
        ) from None
    found = scan_session(session, checklist)
    # A finding the user chose to keep ("Keep it as it is") is not warned about again.
    return Rendered(out, [f for f in found if not session.is_kept(f.where, f.finding.text)])


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
        from isp_cli.document.anchors import TEMPLATE

        source = info.source | {TEMPLATE: template.name} if info.source else info.source
        info = info._replace(source=source, builtin_template=False)
    return markdown, info


def _inputs(
    file: Path, checklist_file: str | None, reference: Path | None, template: Path | None
) -> dict[str, Path]:
    inputs = {"session file": file}
    if checklist_file is not None:
        inputs["session's checklist file"] = file.parent / checklist_file
    if reference is not None:
        inputs["style document"] = reference
    if template is not None:
        inputs["template"] = template
    return inputs


def document_moment(session: Session, file: Path) -> datetime:
    """The moment that dates a document made from ``session``: its last save."""
    if session.updated or session.created:
        return session.updated or session.created  # type: ignore[return-value]
    return datetime.fromtimestamp(int(file.stat().st_mtime), tz=timezone.utc)
