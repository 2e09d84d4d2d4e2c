"""The files the commands write beside a session: their default names, and writing one.

Every document isp writes (the protocol, the agenda, the redline) goes through
``write_output``: written atomically, never over a session, checklist, template or
style document it was made from, and (without ``--force``) never over a document
someone edited after isp wrote it.
"""

from __future__ import annotations

from pathlib import Path

from isp_cli.document.readback.fingerprint import (
    Format,
    refuse_hand_edited,
    refuse_unsafe_output,
)
from isp_cli.errors import RenderError
from isp_cli.model.vocabulary import SUFFIX
from isp_cli.storage.atomic import write_bytes_atomic


def default_output(session_file: Path, fmt: Format, kind: str = "protocol") -> Path:
    """``metro.isp.yaml`` -> ``metro.docx`` (``metro-agenda.docx``, ``metro-redline.docx``),
    beside the session."""
    name = session_file.name
    stem = name[: -len(SUFFIX)] if name.endswith(SUFFIX) else session_file.stem
    extra = "" if kind == "protocol" else f"-{kind}"
    return session_file.with_name(f"{stem}{extra}.{fmt}")


def check_output(out: Path, inputs: dict[str, Path], fmt: Format, *, force: bool) -> None:
    """RenderError if ``out`` is one of ``inputs`` or (unless ``force``) was edited by hand."""
    refuse_unsafe_output(out, inputs)
    if not force:
        refuse_hand_edited(out, fmt)


def write_output(out: Path, data: bytes, kind: str) -> None:
    """Write ``data`` to ``out`` atomically; a failure is one line saying what to check."""
    try:
        write_bytes_atomic(out, data)
    except OSError as exc:
        raise RenderError(
            f"{out}: the {kind} could not be written ({exc.strerror or exc}). Check that "
            "the folder exists and is writable, that the file is not open in Word, and that "
            "the disk is not full."
        ) from None
