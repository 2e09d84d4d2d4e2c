"""The style document: isp's built-in styles, or the task force's own letterhead.

Like pandoc's ``--reference-doc``: its styles, page setup, headers and footers are
used and its body is dropped. A user's file is untrusted, so it is checked before
python-docx opens it: a zip bomb, a huge part or a link to an outside file is refused.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from isp_cli.errors import StyleDocumentError

MAX_FILE_BYTES = 50_000_000
MAX_UNPACKED_BYTES = 200_000_000
MAX_PART_BYTES = 50_000_000
MAX_RATIO = 200  # unpacked size / packed size of one part
_LINKS_ALLOWED = ("/hyperlink",)  # relationship types that may point outside the file


def open_style_document(path: Path | None) -> Any:
    """A python-docx Document with the chosen styles and an empty body."""
    import docx

    from isp_cli.document.docx_xml import clear_body

    if path is None:
        return docx.Document()
    check_style_document(path)
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds for a file it cannot read
        raise StyleDocumentError(
            f"{path}: this file cannot be used as a style document ({type(exc).__name__}: "
            f"{exc}). Save it from Word as a .docx document and try again."
        ) from None
    clear_body(document)
    return document


def check_style_document(path: Path) -> None:
    """Refuse a style document that is not a safe, ordinary .docx."""
    where = f"{path}: "
    if path.suffix.lower() == ".dotx":
        raise StyleDocumentError(
            where + "a Word template (.dotx) cannot be read; open it in Word and save it "
            "as a .docx document."
        )
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise StyleDocumentError(where + "the style document is too large (over 50 MB).")
        with zipfile.ZipFile(path) as archive:
            _check_parts(archive, where)
    except FileNotFoundError:
        raise StyleDocumentError(where + "there is no such file.") from None
    except IsADirectoryError:
        raise StyleDocumentError(where + "this is a folder, not a .docx file.") from None
    except zipfile.BadZipFile:
        raise StyleDocumentError(
            where + "this is not a Word document (.docx); save it from Word as .docx."
        ) from None
    except OSError as exc:
        raise StyleDocumentError(where + f"it cannot be read ({exc.strerror or exc}).") from None


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
    for name in names:
        if not name.endswith(".rels"):
            continue
        rels = archive.read(name).decode("utf-8", errors="replace")
        for chunk in rels.split("<Relationship ")[1:]:
            if 'TargetMode="External"' in chunk and not any(t in chunk for t in _LINKS_ALLOWED):
                raise StyleDocumentError(
                    where + "the document links to an outside file or address "
                    "(an external relationship); isp never opens those. Remove the link or "
                    "use another document."
                )
