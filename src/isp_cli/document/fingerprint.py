"""Hand edits: isp marks what it wrote, so that it never replaces someone's edits unasked.

A .docx carries the SHA-256 of its main part in its identifier property; a Markdown
file ends with a comment holding the SHA-256 of what comes before it.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path
from typing import Literal

from isp_cli.errors import RenderError

Format = Literal["docx", "md"]
FINGERPRINT_PREFIX = "isp-sha256:"
_MD_FINGERPRINT = "<!-- isp-sha256:{} -->\n"


def sha256(data: str | bytes) -> str:
    """The hex SHA-256 of ``data`` (text as UTF-8)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()


def docx_identifier(main_part: bytes) -> str:
    """The identifier property that marks a .docx whose main part is ``main_part``."""
    return FINGERPRINT_PREFIX + sha256(main_part)


def markdown_with_fingerprint(body: str) -> bytes:
    """The Markdown file's bytes: ``body`` and the comment that marks it as isp's."""
    return (body + _MD_FINGERPRINT.format(sha256(body))).encode("utf-8")


def fingerprint_matches(path: Path, fmt: Format) -> bool:
    """Whether ``path`` is exactly as isp wrote it."""
    try:
        if fmt == "md":
            text = path.read_text(encoding="utf-8")
            body, _, last = text.rstrip("\n").rpartition("\n")
            return last == _MD_FINGERPRINT.format(sha256(body + "\n")).rstrip("\n")
        with zipfile.ZipFile(path) as archive:
            body_xml = archive.read("word/document.xml")
            core = archive.read("docProps/core.xml").decode("utf-8")
    except (OSError, KeyError, zipfile.BadZipFile, UnicodeDecodeError, ValueError):
        return False
    return f"{docx_identifier(body_xml)}<" in core


def refuse_unsafe_output(out: Path, inputs: dict[str, Path]) -> None:
    """RenderError if ``out`` is one of the ``inputs`` (the session, its checklist, ...).

    Even with --force, a document is never written over the file it is made from.
    """
    from isp_cli.files import check_writable_target, same_file

    try:
        check_writable_target(out)
    except OSError as exc:
        raise RenderError(
            f"{out}: isp cannot write a document there ({exc.strerror or exc}). "
            "Choose a file name with -o."
        ) from None
    for what, source in inputs.items():
        if same_file(out, source):
            raise RenderError(
                f"{out} is the {what} itself; a document is never written over it, even with "
                "--force. Choose another name with -o (such as one ending in .docx)."
            )


def refuse_hand_edited(out: Path, fmt: Format) -> None:
    """RenderError if ``out`` exists and is not exactly as isp wrote it."""
    if not out.exists():
        return
    if fingerprint_matches(out, fmt):
        return
    raise RenderError(
        f"{out} already exists and was changed after isp wrote it (or isp did not write it). "
        "To keep those edits, choose another name with -o; to replace it, add --force."
    )
