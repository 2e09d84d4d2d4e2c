"""``isp render`` and ``isp agenda``: a session becomes a Word document (or Markdown).

The session is loaded and checked, the output refused if it would replace a file it
must not, the document made (document/protocol.py) and written; what the privacy
scan finds in the answers comes back to be warned about.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from isp_cli.commands.output import check_output, default_output, write_output
from isp_cli.document.protocol import document_bytes, document_markdown
from isp_cli.document.readback.fingerprint import Format
from isp_cli.document.template.context import Kind
from isp_cli.model.privacy import Located, scan_session
from isp_cli.storage.session_file import load_session


class Rendered(NamedTuple):
    """What ``render_protocol`` did."""

    path: Path
    findings: list[Located]


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
    inputs = _inputs(file, session.checklist_file, reference_docx, template)
    check_output(out, inputs, fmt, force=force)
    markdown, info = document_markdown(session, checklist, file, template=template, kind=kind)
    write_output(out, document_bytes(markdown, info, fmt, reference=reference_docx), kind)
    found = scan_session(session, checklist)
    # A finding the user chose to keep ("Keep it as it is") is not warned about again.
    return Rendered(out, [f for f in found if not session.is_kept(f.where, f.finding.text)])


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
