"""The style document: isp's built-in styles, or the task force's own letterhead.

Like pandoc's ``--reference-doc``: its styles, page setup, headers and footers are
used and its body is dropped. A user's file is untrusted, so it is checked before
python-docx opens it: a zip bomb, a huge part or a link to an outside file is refused.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from isp_cli.errors import StyleDocumentError

MAX_FILE_BYTES = 50_000_000
MAX_UNPACKED_BYTES = 200_000_000
MAX_PART_BYTES = 50_000_000
MAX_RATIO = 200  # unpacked size / packed size of one part


def open_style_document(path: Path | None) -> Any:
    """A python-docx Document with the chosen styles and an empty body."""
    import docx

    from isp_cli.document.docx.ooxml import clear_body

    if path is None:
        from isp_cli.storage.resources import data_path

        # python-docx's default, less what isp never uses (builtin_styles): a fifth of the XML.
        return docx.Document(str(data_path("templates") / "styles.docx"))
    data = check_style_document(path)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a file it cannot read
        raise StyleDocumentError(
            f"{path}: this file cannot be used as a style document ({type(exc).__name__}: "
            f"{exc}). Save it from Word as a .docx document and try again."
        ) from None
    clear_body(document)
    return document


def check_style_document(path: Path) -> bytes:
    """The bytes of the style document at ``path``, refused unless it is a safe, ordinary .docx.

    Read once, through a size limit, so that what is checked is what is used.
    """
    from isp_cli.document.docx.package_check import check_package_content
    from isp_cli.storage.files import FileProblem, read_limited

    where = f"{path}: "
    if path.suffix.lower() in (".dotx", ".dotm", ".docm"):
        raise StyleDocumentError(
            where + "a Word template or macro-enabled file cannot be used; open it in Word "
            "and save it as a .docx document."
        )
    try:
        data = read_limited(path, max_bytes=MAX_FILE_BYTES)
    except FileProblem as problem:
        raise StyleDocumentError(
            where + f"this style document cannot be read: {problem.message}."
        ) from None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_parts(archive, where)
            check_package_content(archive, where)
    except zipfile.BadZipFile:
        raise StyleDocumentError(
            where + "this is not a Word document (.docx); save it from Word as .docx."
        ) from None
    except (OSError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise StyleDocumentError(where + f"it cannot be unpacked ({exc}).") from None
    return data


def _check_parts(archive: zipfile.ZipFile, where: str) -> None:
    names = archive.namelist()
    if "word/document.xml" not in names and "[Content_Types].xml" not in names:
        raise StyleDocumentError(where + "this zip file is not a Word document (.docx).")
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if info.file_size > MAX_PART_BYTES or total > MAX_UNPACKED_BYTES:
            raise StyleDocumentError(
                where + "the document unpacks to far more than a letterhead needs; refusing it."
            )
        if (
            info.compress_size
            and info.file_size / info.compress_size > MAX_RATIO
            and info.file_size > 1_000_000
        ):
            raise StyleDocumentError(
                where + "the document is compressed suspiciously well (a zip bomb?); refusing it."
            )
