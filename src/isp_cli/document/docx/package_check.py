"""What a letterhead may not carry: links that fetch from outside, macros, DTDs.

A style document comes from anyone, and the protocol made from it is opened by
counsel in Word. It must never make that document reach out when it is opened: an
external relationship (an image, an attached template on a web server, a linked
subdocument), a field that fetches (INCLUDEPICTURE "http://...", INCLUDETEXT, LINK,
DDE), or macros. Every XML part is read with a real XML parser (expat) with DTDs and
entity declarations refused, so that quoting, character references, whitespace or
UTF-16 cannot hide an attribute from the check.
"""

from __future__ import annotations

import re
import zipfile
from xml.parsers import expat

from isp_cli.errors import StyleDocumentError

# The one relationship that may point outside: a hyperlink, followed only if clicked.
_HYPERLINK = "/hyperlink"
# Fields that fetch content when Word updates them (isp asks Word to update on open).
_FETCHING_FIELDS = re.compile(
    r"\b(?:INCLUDEPICTURE|INCLUDETEXT|INCLUDE|LINK|DDE|DDEAUTO|IMPORT|DATABASE)\b", re.IGNORECASE
)
_MACRO_PART = re.compile(r"(?:vbaProject|vbaData|activeX|/embeddings/|oleObject)", re.IGNORECASE)
_MACRO_TYPES = re.compile(r"macroEnabled|vbaProject|activeX|oleObject", re.IGNORECASE)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


class _Refused(Exception):
    pass


def check_package_content(archive: zipfile.ZipFile, where: str) -> None:
    """StyleDocumentError naming the first outside link, macro, fetching field or DTD."""
    for name in archive.namelist():
        if _MACRO_PART.search(name):
            raise StyleDocumentError(
                where + f"the document carries macros or embedded programs ({name}); isp never "
                "passes those on. Save the letterhead as a plain .docx without macros."
            )
        if not name.endswith((".xml", ".rels")):
            continue
        try:
            _check_part(name, archive.read(name))
        except _Refused as refused:
            raise StyleDocumentError(where + str(refused)) from None
        except expat.ExpatError as exc:
            reason = expat.errors.messages.get(exc.code, str(exc))
            raise StyleDocumentError(
                where + f"the part {name} is not well-formed XML ({reason}); save the "
                "letterhead again from Word."
            ) from None


def _check_part(name: str, data: bytes) -> None:
    """_Refused if the XML part ``name`` declares a DTD, links outside, carries macros or
    has a field that fetches content from outside; ExpatError if it is not XML."""
    _PartCheck(name).parse(data)


class _PartCheck:
    """One part read by expat, refused at the first thing isp never passes on."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.field_text: list[str] = []
        self.in_instr = False

    def parse(self, data: bytes) -> None:
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartDoctypeDeclHandler = self.doctype
        parser.EntityDeclHandler = self.doctype
        parser.ExternalEntityRefHandler = self.external
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.text
        parser.Parse(data, True)
        found = _FETCHING_FIELDS.search("".join(self.field_text))
        if found:
            raise _Refused(
                f"the part {self.name} has a {found.group(0).upper()} field, which fetches "
                "content from outside the document when Word updates it; remove the field or "
                "use another document."
            )

    def doctype(self, *_: object) -> None:
        raise _Refused(
            f"the part {self.name} declares a DTD, which Word never writes (an external entity "
            "can fetch from outside); refusing it."
        )

    def external(self, *_: object) -> int:
        self.doctype()
        return 0

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        local = tag.rpartition(" ")[2]
        if local == "Relationship":
            _check_relationship(self.name, attrs)
        elif local in ("Override", "Default"):
            if _MACRO_TYPES.search(attrs.get("ContentType", "")):
                raise _Refused(
                    "the document declares macros or embedded programs; save the letterhead "
                    "as a plain .docx without macros."
                )
        elif tag == f"{_W} instrText":
            self.in_instr = True
        elif tag == f"{_W} fldSimple":
            self.field_text.append(" " + attrs.get(f"{_W} instr", "") + " ")

    def end(self, tag: str) -> None:
        if tag == f"{_W} instrText":
            self.in_instr = False
            self.field_text.append(" ")

    def text(self, data: str) -> None:
        if self.in_instr:
            self.field_text.append(data)


def _check_relationship(name: str, attrs: dict[str, str]) -> None:
    mode = attrs.get("TargetMode", "").strip().lower()
    target = attrs.get("Target", "").strip()
    kind = attrs.get("Type", "").strip()
    outside = mode == "external" or "://" in target or target.startswith(("\\\\", "//"))
    outside = outside or target.lower().startswith(("file:", "mhtml:", "http:", "https:"))
    if outside and not kind.endswith(_HYPERLINK):
        raise _Refused(
            f"the document links to an outside file or address ({_short(target)}, in {name}); "
            "isp never passes such links on. Remove the link or use another document."
        )


def _short(text: str) -> str:
    from isp_cli.printable import quoted

    return quoted(text, 60)
