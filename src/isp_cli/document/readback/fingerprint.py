"""Hand edits: isp marks what it wrote, so that it never replaces someone's edits unasked.

A .docx carries, in its identifier property, the SHA-256 of the whole package: every
part (body, headers, footers, styles, settings, properties...) by name, with the
identifier itself left out. A Markdown file ends with a comment holding the SHA-256
of what comes before it. Documents from isp before the package mark carry the hash of
the body alone (``isp-sha256:``); those are still recognised by their body.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path
from typing import Any

from isp_cli.errors import RenderError
from isp_cli.model.vocabulary import DocumentFormat

Format = DocumentFormat
# The marks name no software: the document is the agencies', and a reader of its
# properties sees only what the mark is. Marks of earlier isp versions are still read.
PACKAGE_PREFIX = "package-sha256:"
EARLIER_PREFIXES = ("isp-package-sha256:", "isp-sha256:")  # the second: the body only
FINGERPRINT_PREFIX = EARLIER_PREFIXES[1]
_PLACEHOLDER = PACKAGE_PREFIX + "0" * 64
_CORE = "docProps/core.xml"
MAX_DOCUMENT_BYTES = 200_000_000
_ZIP_LEVEL = 1
# A Markdown file carries its fingerprint as the last key of its YAML front matter,
# where a reader sees document metadata, not a stray marker.
_MD_KEY = "fingerprint: "
_EARLIER_MD_KEY = "isp_fingerprint: "
_FRONT_MATTER_END = "\n---\n"


def sha256(data: str | bytes) -> str:
    """The hex SHA-256 of ``data`` (text as UTF-8)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()


def docx_identifier(main_part: bytes) -> str:
    """The identifier property that marks a .docx whose main part is ``main_part``."""
    return FINGERPRINT_PREFIX + sha256(main_part)


def package_digest(parts: dict[str, bytes]) -> str:
    """The SHA-256 over every part of a package, names and bytes, in name order."""
    digest = hashlib.sha256()
    for name in sorted(parts):
        data = parts[name]
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


class _Recorder:
    """Stands in for python-docx's zip writer: keeps each part's bytes, in order."""

    def __init__(self) -> None:
        self.parts: dict[str, bytes] = {}

    def write(self, pack_uri: Any, blob: bytes) -> None:
        self.parts[pack_uri.membername] = blob


def save_with_fingerprint(document: Any) -> bytes:
    """The .docx bytes of a python-docx ``document``, marked with its package fingerprint.

    Every part is serialised once, by python-docx's own package writer, to take the
    fingerprint; then only the core properties, which hold it, are serialised again.
    The parts are compressed at zlib's fastest level: the sample protocol is 32 KB
    instead of 27 KB, and zlib's default level costs a render 1% more.
    """
    from docx.opc.pkgwriter import PackageWriter

    writer: Any = PackageWriter  # its steps, called one by one with the recorder
    package = document.part.package
    document.core_properties.identifier = _PLACEHOLDER
    parts = package.parts
    for part in parts:
        part.before_marshal()
    recorder: Any = _Recorder()  # duck-typed as the zip writer
    writer._write_content_types_stream(recorder, parts)
    writer._write_pkg_rels(recorder, package.rels)
    writer._write_parts(recorder, parts)
    document.core_properties.identifier = PACKAGE_PREFIX + package_digest(recorder.parts)
    core = package._core_properties_part
    recorder.parts[core.partname.membername] = core.blob
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=_ZIP_LEVEL) as archive:
        for name, blob in recorder.parts.items():  # in python-docx's order
            archive.writestr(name, blob)
    return buffer.getvalue()


def _docx_matches(path: Path) -> bool:
    from isp_cli.storage.files import FileProblem, read_limited

    try:
        data = read_limited(path, max_bytes=MAX_DOCUMENT_BYTES)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if sum(info.file_size for info in infos) > MAX_DOCUMENT_BYTES:
                return False  # not a document isp wrote
            parts = {info.filename: archive.read(info) for info in infos}
    except (FileProblem, zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError):
        return False
    core = parts.get(_CORE, b"").decode("utf-8", "replace")
    found = re.search(r">((?:isp-)?package-sha256:)([0-9a-f]{64})<", core)
    if found is None:  # an earlier isp's mark: the body only
        body = parts.get("word/document.xml")
        return body is not None and f"{docx_identifier(body)}<" in core
    prefix, digest = found.groups()
    parts[_CORE] = parts[_CORE].replace(
        (prefix + digest).encode("ascii"), (prefix + "0" * 64).encode("ascii")
    )
    return package_digest(parts) == digest


def markdown_with_fingerprint(text: str) -> bytes:
    """The Markdown file's bytes: ``text`` (which opens with YAML front matter) with the
    SHA-256 of ``text`` as the front matter's last key, marking the file as isp's."""
    if not text.startswith("---\n") or _FRONT_MATTER_END not in text:
        raise ValueError("the Markdown has no front matter to hold its fingerprint")
    end = text.index(_FRONT_MATTER_END)
    line = f"\n{_MD_KEY}sha256:{sha256(text)}"
    return (text[:end] + line + text[end:]).encode("utf-8")


def _markdown_matches(text: str) -> bool:
    """Whether ``text`` is exactly as isp wrote it: its fingerprint is of the rest."""
    if not text.startswith("---\n") or _FRONT_MATTER_END not in text:
        return False
    end = text.index(_FRONT_MATTER_END)
    head, _, last = text[:end].rpartition("\n")
    for key in (_MD_KEY, _EARLIER_MD_KEY):
        if last.startswith(key + "sha256:"):
            return last.removeprefix(key + "sha256:") == sha256(head + text[end:])
    return False


def fingerprint_matches(path: Path, fmt: Format) -> bool:
    """Whether ``path`` is exactly as isp wrote it."""
    if fmt == "docx":
        return _docx_matches(path)
    from isp_cli.storage.files import FileProblem, read_limited

    try:
        text = read_limited(path, max_bytes=MAX_DOCUMENT_BYTES).decode("utf-8")
    except (FileProblem, UnicodeDecodeError):
        return False
    return _markdown_matches(text)


def refuse_unsafe_output(out: Path, inputs: dict[str, Path]) -> None:
    """RenderError if ``out`` is one of the ``inputs`` (the session, its checklist, ...).

    Even with --force, a document is never written over the file it is made from.
    """
    from isp_cli.storage.files import check_writable_target, same_file

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
