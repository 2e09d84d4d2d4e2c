"""A .docx on disk, read safely: its body, comments, notes and properties.

The file is someone's edit of a protocol, so it is untrusted: read through a size
limit, refused when it unpacks to far more than it holds (a zip bomb), every XML
part parsed with DTDs and entities refused; nothing it links to is ever followed.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from isp_cli.document.readback.reading import Block, Comment, Reader
from isp_cli.document.readback.text import W
from isp_cli.errors import ImportEditsError

MAX_FILE_BYTES = 50_000_000
MAX_UNPACKED_BYTES = 200_000_000
MAX_PART_BYTES = 50_000_000
MAX_RATIO = 200  # unpacked size / packed size of one part


@dataclass
class WordFile:
    """A .docx read from disk: its blocks, comments and properties."""

    path: Path
    blocks: list[Block]
    comments: dict[str, Comment]
    properties: dict[str, str]  # custom properties, by name
    identifier: str  # the core "identifier" property
    title: str = ""  # the core "title" property
    notes: dict[tuple[str, str], str] = field(default_factory=dict)  # footnotes, endnotes


def read_word_file(path: Path) -> WordFile:
    """Read ``path`` as a Word document, refusing anything unsafe or unreadable."""
    where = f"{path}: "
    parts = _parts(path, where)
    body = _xml(parts, "word/document.xml", where)
    found = body.find(W + "body") if body is not None else None
    if found is None:
        raise ImportEditsError(where + "this .docx has no document body; is it a Word document?")
    reader = Reader(_xml(parts, "word/styles.xml", where), _xml(parts, "word/numbering.xml", where))
    comments = {}
    comments_xml = _xml(parts, "word/comments.xml", where)
    for comment in comments_xml.iter(W + "comment") if comments_xml is not None else ():
        text = "\n".join(reader.paragraph(p).text for p in comment.iter(W + "p")).strip()
        cid = comment.get(W + "id", "")
        comments[cid] = Comment(
            cid, comment.get(W + "author", ""), comment.get(W + "date", ""), text
        )
    notes = {}
    for kind in ("footnote", "endnote"):
        root = _xml(parts, f"word/{kind}s.xml", where)
        for note in root.iter(W + kind) if root is not None else ():
            if note.get(W + "type", "normal") == "normal":
                text = "\n".join(reader.paragraph(p).text for p in note.iter(W + "p")).strip()
                notes[(kind, note.get(W + "id", ""))] = text
    core = _xml(parts, "docProps/core.xml", where)
    return WordFile(
        path=path,
        blocks=reader.blocks(found),
        comments=comments,
        properties=_custom_properties(_xml(parts, "docProps/custom.xml", where)),
        identifier=_core(core, "identifier"),
        title=_core(core, "title"),
        notes=notes,
    )


def _parts(path: Path, where: str) -> dict[str, bytes]:
    from isp_cli.storage.files import FileProblem, read_limited

    try:
        data = read_limited(path, max_bytes=MAX_FILE_BYTES)
    except FileProblem as problem:
        raise ImportEditsError(where + f"the document cannot be read: {problem.message}.") from None
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise ImportEditsError(
            where + "this file is password-protected, or an old Word 97-2003 document (.doc). "
            "Remove the password (in Word: File > Info > Protect Document) or save it as a "
            ".docx document, then try again."
        )
    wanted = (
        "word/document.xml",
        "word/styles.xml",
        "word/numbering.xml",
        "word/comments.xml",
        "word/footnotes.xml",
        "word/endnotes.xml",
        "docProps/custom.xml",
        "docProps/core.xml",
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = 0
            for info in archive.infolist():
                total += info.file_size
                too_packed = (
                    info.compress_size
                    and info.file_size > 1_000_000
                    and info.file_size / info.compress_size > MAX_RATIO
                )
                if info.file_size > MAX_PART_BYTES or total > MAX_UNPACKED_BYTES or too_packed:
                    raise ImportEditsError(
                        where + "the document unpacks to far more than a protocol can hold "
                        "(a zip bomb?); refusing it."
                    )
            names = set(archive.namelist())
            if "word/document.xml" not in names:
                raise ImportEditsError(
                    where + "this is not a Word document (.docx): it has no document part. "
                    "Give the .docx that was edited."
                )
            return {name: archive.read(name) for name in wanted if name in names}
    except zipfile.BadZipFile:
        raise ImportEditsError(
            where + "this is not a Word document (.docx). In Word or LibreOffice, save it as "
            "a .docx document (Word 2007-365) and try again."
        ) from None
    except (OSError, EOFError, NotImplementedError, RuntimeError, ValueError) as exc:
        raise ImportEditsError(where + f"the document cannot be unpacked ({exc}).") from None


def _xml(parts: dict[str, bytes], name: str, where: str) -> Any:
    """The part ``name`` parsed with DTDs and entities refused; None if it is absent."""
    from lxml import etree

    data = parts.get(name)
    if data is None:
        return None
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ImportEditsError(
            where + f"the part {name} is not well-formed XML ({exc.msg}); open the document "
            "in Word or LibreOffice and save it again."
        ) from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise ImportEditsError(
            where + f"the part {name} declares a DTD, which Word never writes (an entity "
            "can fetch from outside); refusing it."
        )
    return root


def _custom_properties(root: Any) -> dict[str, str]:
    if root is None:
        return {}
    out = {}
    for prop in root:
        name = prop.get("name")
        if name is not None and len(prop):
            out[name] = prop[0].text or ""
    return out


def _core(root: Any, name: str) -> str:
    """A core property (Dublin Core ``identifier``, ``title``)."""
    if root is None:
        return ""
    found = root.find("{http://purl.org/dc/elements/1.1/}" + name)
    return (found.text or "") if found is not None else ""


def read_properties(path: Path) -> dict[str, str]:
    """The custom properties of the .docx at ``path``; empty if it cannot be read safely."""
    try:
        parts = _parts(path, "")
        return _custom_properties(_xml(parts, "docProps/custom.xml", ""))
    except ImportEditsError:
        return {}
