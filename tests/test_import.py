"""``isp import``: counsel's edits of the Word protocol come back into the session.

Documents are edited as counsel's tools edit them: python-docx for a changed word, an
added paragraph, a tracked insertion and a comment, then saved again by LibreOffice;
and a document edited by LibreOffice alone (through its own OpenDocument format).
What is checked is the session file on disk and what the user reads.
"""

from __future__ import annotations

import copy
import io
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.text.paragraph import Paragraph

from helpers.clients import require_tool, through_libreoffice
from helpers.docx_checks import body_text, open_docx
from helpers.paths import EXAMPLE
from helpers.platforms import needs_posix_file_names, needs_pty, program_as_isp
from helpers.screen import CTRL_C, DOWN, ENTER, Screen
from helpers.sessions import load
from isp_cli.commands.render import render_protocol

DETAILS, RIGHTS, STORAGE, UNLOCATED = (
    "shared.details",
    "shared.victim_rights",
    "shared.current_storage",
    "requirements.unlocated_victims",
)


@pytest.fixture
def rendered(tmp_path: Path) -> tuple[Path, Path]:
    """The example session beside its rendered protocol."""
    session = tmp_path / "metro.isp.yaml"
    shutil.copy(EXAMPLE, session)
    return session, render_protocol(file=session).path


def heading(document: Any, number: str) -> int:
    """The index of the heading paragraph numbered ``number`` ("3.1")."""
    for index, paragraph in enumerate(document.paragraphs):
        if paragraph.style.name.startswith("Heading") and paragraph.text.startswith(number + " "):
            return index
    raise AssertionError(f"no heading {number}")


def edit(source: Path, target: Path, *changes: Callable[[Any], None]) -> Path:
    document = Document(str(source))
    for change in changes:
        change(document)
    document.save(str(target))
    return target


def change_word(number: str, old: str, new: str) -> Callable[[Any], None]:
    def apply(document: Any) -> None:
        paragraph = document.paragraphs[heading(document, number) + 1]
        for run in paragraph.runs:
            if old in run.text:
                run.text = run.text.replace(old, new, 1)
                return
        raise AssertionError(f"{old!r} not in {paragraph.text!r}")

    return apply


def add_paragraph_after_first(number: str, text: str) -> Callable[[Any], None]:
    def apply(document: Any) -> None:
        first = document.paragraphs[heading(document, number) + 1]
        element = copy.deepcopy(first._p)
        first._p.addnext(element)
        added = Paragraph(element, first._parent)
        for run in added.runs[1:]:
            run._r.getparent().remove(run._r)
        added.runs[0].text = text

    return apply


def tracked_insertion(number: str, text: str, author: str) -> Callable[[Any], None]:
    def apply(document: Any) -> None:
        paragraph = document.paragraphs[heading(document, number) + 1]
        paragraph._p.append(
            parse_xml(
                f'<w:ins {nsdecls("w")} w:id="901" w:author="{author}" '
                f'w:date="2026-11-24T10:00:00Z"><w:r><w:t xml:space="preserve">{text}</w:t>'
                "</w:r></w:ins>"
            )
        )

    return apply


def comment(number: str, text: str, author: str) -> Callable[[Any], None]:
    def apply(document: Any) -> None:
        paragraph = document.paragraphs[heading(document, number) + 1]
        document.add_comment(paragraph.runs, text=text, author=author, initials="JC")

    return apply


def delete_heading(number: str) -> Callable[[Any], None]:
    def apply(document: Any) -> None:
        element = document.paragraphs[heading(document, number)]._p
        element.getparent().remove(element)

    return apply


def change_own_wording(document: Any) -> None:
    """An edit of the template's own wording (the signature page's opening): not an answer."""
    for paragraph in document.paragraphs:
        if paragraph.text.startswith("Each member agency signs this protocol"):
            paragraph.runs[0].text = paragraph.runs[0].text.replace("signs", "executes", 1)
            return
    raise AssertionError("no signature page opening")


def counsel_edits(source: Path, target: Path) -> Path:
    """A word changed, a paragraph added, a tracked insertion, a comment, the scope edited."""
    return edit(
        source,
        target,
        change_word("3.3", "the department's", "the Department's"),
        add_paragraph_after_first("3.1", "Counsel added this paragraph."),
        tracked_insertion("3.2", " They are told this in writing.", "Jane Counsel"),
        comment("4.4", "Should this say who records the attempts?", "Jane Counsel"),
        change_own_wording,
    )


def assert_imported_exactly(
    before: dict[str, Any], after: dict[str, Any], changed: set[str]
) -> None:
    """Only ``changed`` items differ; every other answer is byte for byte what it was."""
    for item_id, answer in before["items"].items():
        if item_id not in changed:
            assert after["items"][item_id] == answer, item_id
    assert set(after["items"]) == set(before["items"])
    for key in ("protocol", "agencies", "provisions", "flows", "point_persons"):
        if key == "protocol":
            assert {**after[key], "version": None} == {**before[key], "version": None}
        elif key == "agencies":  # approvals now name what they approved (schema 3)
            assert _unversioned(after[key]) == _unversioned(before[key])
        else:
            assert after.get(key) == before.get(key), key


def _unversioned(agencies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    drop = ("version", "fingerprint")
    return [
        {**a, "approval": {k: v for k, v in a["approval"].items() if k not in drop}}
        if "approval" in a
        else a
        for a in agencies
    ]


# The whole round trip -------------------------------------------------------------------


def check_counsel_import(cli: Any, session: Path, edited: Path) -> None:
    before = load(session)
    code, out, err = cli("import", str(session), str(edited), "--accept-all")
    assert code == 0, err
    after = load(session)
    assert_imported_exactly(before, after, {DETAILS, RIGHTS, STORAGE, UNLOCATED})
    assert "the Department's records management system" in after["items"][STORAGE]["response"]
    paragraphs = after["items"][DETAILS]["response"].split("\n\n")
    assert paragraphs[1] == "Counsel added this paragraph."
    assert "They are told this in writing." in after["items"][RIGHTS]["response"]
    # The comment is kept in the note; the answer itself is untouched.
    assert after["items"][UNLOCATED]["response"] == before["items"][UNLOCATED]["response"]
    assert "Should this say who records the attempts?" in after["items"][UNLOCATED]["note"]
    assert "Jane Counsel" in after["items"][UNLOCATED]["note"]
    # Bullets come back as isp writes them.
    assert after["items"][STORAGE]["response"].startswith("- Metro Police Department: ")
    entry = after["history"][-1]
    assert entry["summary"] == "Edits to the Word document of version 0.3 accepted."
    assert edited.stem not in str(after["history"])  # no file name in the document's history
    assert set(entry["items"]) == {DETAILS, RIGHTS, STORAGE}  # a note is not in the text
    assert after["protocol"]["version"] == entry["version"] == "0.4"
    # What the user read: the outside edit, named by section, and the closing line.
    assert "In 7. Signatures:" in out
    assert "Each member agency [-signs-]{+executes+} this protocol" in out
    assert "isp cannot carry these back" in out
    assert "version 0.3 -> 0.4" in out
    # The session now makes a document with the imported text; importing it changes nothing.
    fresh = render_protocol(file=session, out=session.with_name("again.docx")).path
    code, out, _ = cli("import", str(session), str(fresh), "--accept-all")
    assert code == 0 and "No edits found" in out
    assert load(session) == after


def test_counsel_edits_come_back_exactly(cli: Any, rendered: tuple[Path, Path]) -> None:
    session, docx = rendered
    check_counsel_import(cli, session, counsel_edits(docx, docx.with_name("counsel.docx")))


@pytest.mark.clients
def test_counsel_edits_saved_again_by_libreoffice_come_back_exactly(
    cli: Any, rendered: tuple[Path, Path]
) -> None:
    soffice = require_tool("LibreOffice", ["soffice", "libreoffice"])
    session, docx = rendered
    edited = counsel_edits(docx, docx.with_name("counsel.docx"))
    check_counsel_import(cli, session, through_libreoffice(soffice, edited))


@pytest.mark.clients
def test_a_document_edited_in_libreoffice_alone(cli: Any, rendered: tuple[Path, Path]) -> None:
    """LibreOffice's own format in between: the edit is made in what LibreOffice wrote."""
    soffice = require_tool("LibreOffice", ["soffice", "libreoffice"])
    session, docx = rendered
    odt = through_libreoffice(soffice, docx, "odt")
    with zipfile.ZipFile(odt) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    content = parts["content.xml"].decode("utf-8")
    assert content.count("records management system") == 1
    parts["content.xml"] = content.replace(
        "records management system", "records management system and its archive"
    ).encode("utf-8")
    edited = odt.with_name("edited.odt")
    with zipfile.ZipFile(edited, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), parts.pop("mimetype"))
        for name, data in parts.items():
            archive.writestr(name, data, zipfile.ZIP_DEFLATED)
    back = through_libreoffice(soffice, edited)
    before = load(session)
    code, out, err = cli("import", str(session), str(back), "--accept-all")
    assert code == 0, err
    after = load(session)
    assert_imported_exactly(before, after, {STORAGE})
    assert "records management system and its archive." in after["items"][STORAGE]["response"]
    assert "isp cannot carry these back" not in out  # nothing else changed


# What is reported, never guessed --------------------------------------------------------


def test_edits_outside_the_answers_and_a_lost_heading_are_reported(
    cli: Any, rendered: tuple[Path, Path]
) -> None:
    session, docx = rendered
    edited = edit(docx, docx.with_name("e.docx"), change_own_wording, delete_heading("3.3"))
    original = session.read_bytes()
    code, out, err = cli("import", str(session), str(edited), "--dry-run")
    assert code == 0, err
    text = " ".join(out.split())
    assert "In 7. Signatures: Changed: Each member agency [-signs-]{+executes+} this" in text
    assert "no longer in the document" in text and "- 3.3 Where information is kept today" in out
    # The item before the lost heading now runs on into its text: reported, not imported.
    assert "In 3.2 Victim rights (a heading next to it was removed, restyled or added" in " ".join(
        out.split()
    )
    assert "Nothing was imported (--dry-run)" in out
    assert session.read_bytes() == original


def test_counsel_writing_over_a_placeholder_answers_the_item(cli: Any, tmp_path: Path) -> None:
    session = tmp_path / "metro.isp.yaml"
    data = load(EXAMPLE)
    del data["items"][STORAGE]
    session.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    docx = render_protocol(file=session).path

    def fill(document: Any) -> None:
        placeholder = document.paragraphs[heading(document, "3.3") + 1]
        assert placeholder.text.startswith("[To be completed: ")
        for run in placeholder.runs[1:]:
            run._r.getparent().remove(run._r)
        placeholder.runs[0].text = "Each agency keeps referrals in its own case system."
        placeholder.runs[0].bold = True

    edited = edit(docx, tmp_path / "filled.docx", fill)
    code, out, err = cli("import", str(session), str(edited), "--accept-all")
    assert code == 0, err
    answer = load(session)["items"][STORAGE]
    assert answer == {
        "status": "include",
        "response": "Each agency keeps referrals in its own case system.",
    } or answer == {
        "status": "include",
        "response": "Each agency keeps referrals in its own case system.",
        "note": "",
    }
    assert "Decision: unanswered -> included" in out
    assert "bold: “Each agency keeps referrals in its own case system.”" in out


# Bad input: one line, the session untouched ---------------------------------------------


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _with_part(docx: Path, name: str, data: bytes) -> bytes:
    with zipfile.ZipFile(docx) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    parts[name] = data
    return _zip(parts)


HOSTILE: dict[str, tuple[Callable[[Path, Path], bytes], str]] = {
    "not a zip": (lambda d, s: b"PK\x03\x04 not really a zip", "is not a Word document"),
    "a text file": (lambda d, s: b"hello", "is not a Word document"),
    "a zip without a document": (lambda d, s: _zip({"a.txt": b"x"}), "has no document part"),
    "a DTD with entities": (
        lambda d, s: _with_part(
            d,
            "word/document.xml",
            b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            b"<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>",
        ),
        "declares a DTD",
    ),
    "broken XML": (
        lambda d, s: _with_part(d, "word/document.xml", b"<w:document"),
        "not well-formed",
    ),
    "a zip bomb": (
        lambda d, s: _with_part(d, "word/media/big.bin", b"\0" * 60_000_000),
        "zip bomb",
    ),
    "a document isp did not make": (
        lambda d, s: (Document().save(str(s / "foreign.docx")), (s / "foreign.docx").read_bytes())[
            1
        ],
        "isp did not make this document",
    ),
}


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hostile_and_foreign_documents_get_one_line(
    cli: Any, rendered: tuple[Path, Path], kind: str
) -> None:
    session, docx = rendered
    make, expected = HOSTILE[kind]
    target = session.parent / "bad.docx"
    target.write_bytes(make(docx, session.parent))
    original = session.read_bytes()
    code, out, err = cli("import", str(session), str(target), "--accept-all")
    assert code == 1
    assert err.startswith("isp: ") and expected in " ".join(err.split())
    assert "Traceback" not in err + out
    assert session.read_bytes() == original


def test_another_sessions_protocol_is_refused(cli: Any, rendered: tuple[Path, Path]) -> None:
    session, _ = rendered
    other = session.with_name("other.isp.yaml")
    data = load(EXAMPLE)
    data["created"] = "2026-09-01T09:00:00+00:00"
    other.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    foreign = render_protocol(file=other).path
    original = session.read_bytes()
    code, _, err = cli("import", str(session), str(foreign), "--accept-all")
    assert code == 1
    assert "made from another session (started 2026-09-01)" in " ".join(err.split())
    assert session.read_bytes() == original


def test_a_missing_document_a_folder_and_not_a_docx(cli: Any, rendered: tuple[Path, Path]) -> None:
    session, _ = rendered
    original = session.read_bytes()
    for target, expected in (
        ("missing.docx", "there is no such file"),
        (".", "isp imports a Word document (.docx)"),
        ("counsel.pdf", "isp imports a Word document (.docx)"),
    ):
        code, _, err = cli("import", str(session), target, "--accept-all")
        assert code == 1 and expected in " ".join(err.split()), err
    code, _, err = cli("import", str(session))
    assert code == 2 and "Name the edited protocol too" in err
    assert session.read_bytes() == original


def test_pending_changes_in_a_script_need_accept_all(cli: Any, rendered: tuple[Path, Path]) -> None:
    session, docx = rendered
    edited = counsel_edits(docx, docx.with_name("counsel.docx"))
    original = session.read_bytes()
    code, _, err = cli("import", str(session), str(edited))
    assert code == 1
    flat = " ".join(err.split())
    assert "has 4 changed item(s)" in flat and "nothing was imported" in flat
    assert re.search(r"\n  \S*isp import \S+ \S+ --accept-all", program_as_isp(err))
    assert session.read_bytes() == original


# In a terminal, as a person uses it -----------------------------------------------------


@needs_pty
def test_import_in_a_terminal_asks_about_each_item(rendered: tuple[Path, Path]) -> None:
    session, docx = rendered
    edited = counsel_edits(docx, docx.with_name("counsel.docx"))
    before = load(session)
    with Screen(session.parent, "import", session.name, edited.name, size=(24, 80)) as term:
        term.wait_for("Take this change to 3.1 Information to be shared into the session?")
        assert max(len(line) for line in term.lines()) <= 80
        term.keys(ENTER)  # take it
        term.wait_for("[2/4] 3.2 Victim rights")
        term.wait_for("inserted “They are told this in writing.” (Jane Counsel, 2026-11-24)")
        term.keys(DOWN, ENTER)  # keep the session's answer
        term.wait_for("[3/4] 3.3 Where information is kept today")
        term.wait_for("Changed: - Metro Police Department: the [-department's-]{+Department's+}")
        term.keys(ENTER)
        term.wait_for("Keep this comment in the item's note?")
        term.keys("n")
        term.wait_for("Imported 2 change(s)")
        assert term.wait_exit() == 0
    after = load(session)
    assert_imported_exactly(before, after, {DETAILS, STORAGE})
    assert after["items"][RIGHTS] == before["items"][RIGHTS]


@needs_pty
def test_ctrl_c_during_import_changes_nothing(rendered: tuple[Path, Path]) -> None:
    session, docx = rendered
    edited = counsel_edits(docx, docx.with_name("counsel.docx"))
    original = session.read_bytes()
    with Screen(session.parent, "import", session.name, edited.name, size=(24, 80)) as term:
        term.wait_for("Take this change to 3.1")
        term.keys(ENTER)
        term.wait_for("Take this change to 3.2")
        term.wait_for("No, keep the session's answer")  # the choices are live: Ctrl-C is a key
        term.keys(CTRL_C)
        term.wait_for("Stopped; nothing was saved or changed.")
        assert term.wait_exit() == 130
    assert session.read_bytes() == original


def test_a_session_that_moved_on_since_the_document_was_made(
    cli: Any, rendered: tuple[Path, Path]
) -> None:
    """Counsel edits the old copy while the task force edits the session: both are kept apart."""
    session, docx = rendered
    edited = edit(
        docx,
        docx.with_name("counsel.docx"),
        change_word("3.3", "the department's", "the Department's"),
        add_paragraph_after_first("3.1", "Counsel added this paragraph."),
    )
    data = load(session)
    data["items"][STORAGE]["response"] += "- Safe Harbor's backup drive.\n"  # both changed
    data["items"][RIGHTS]["response"] = "Victims are told their rights.\n"  # the session only
    data["protocol"]["version"] = "0.4"
    data["updated"] = "2026-11-20T10:00:00+00:00"
    data["history"].append({"version": "0.4", "date": "2026-11-20", "summary": "Review."})
    for agency in data["agencies"]:  # approved before the review, as isp records it
        if "approval" in agency:
            agency["approval"]["version"] = "0.3"
    session.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    code, out, err = cli("import", str(session), str(edited), "--dry-run")
    assert code == 0, err
    assert "The session has changed since then" in out
    assert "3.1 Information to be shared\nThe answer" in out
    assert "3.3 Where information is kept today\n(changed in the session too" in out
    assert "3.2 Victim rights" not in out  # changed in the session only: not counsel's edit
    assert "outside the answers" in out and "0 change(s) outside the answers" in out
    code, out, err = cli("import", str(session), str(edited), "--accept-all")
    after = load(session)
    assert after["items"][RIGHTS]["response"] == "Victims are told their rights.\n"
    assert "Counsel added this paragraph." in after["items"][DETAILS]["response"]
    assert after["protocol"]["version"] == "0.5"


def test_importing_the_same_document_twice_changes_nothing_the_second_time(
    cli: Any, rendered: tuple[Path, Path]
) -> None:
    session, docx = rendered
    edited = counsel_edits(docx, docx.with_name("counsel.docx"))
    assert cli("import", str(session), str(edited), "--accept-all")[0] == 0
    once = session.read_bytes()
    code, out, _ = cli("import", str(session), str(edited), "--accept-all")
    assert code == 0 and "No answer changed" in out
    assert session.read_bytes() == once


# Red-team regressions -----------------------------------------------------------------


def merge_heading_into_previous(number: str) -> Callable[[Any], None]:
    """Backspace at the start of a heading: Word joins it to the paragraph before."""

    def apply(document: Any) -> None:
        element = document.paragraphs[heading(document, number)]._p
        previous = element.getprevious()
        for child in list(element):
            if child.tag != qn("w:pPr"):
                previous.append(child)
        element.getparent().remove(element)

    return apply


def test_a_heading_merged_into_the_answer_before_is_not_imported_into_it(
    cli: Any, rendered: tuple[Path, Path]
) -> None:
    session, protocol = rendered
    before = load(session)
    edited = edit(protocol, protocol.with_name("merged.docx"), merge_heading_into_previous("3.3"))
    code, _out, _ = cli("import", str(session), str(edited), "--accept-all")
    assert code == 0
    after = load(session)
    assert after["items"][RIGHTS] == before["items"][RIGHTS]
    assert "Metro Police Department" not in after["items"][RIGHTS]["response"]


def test_a_comment_on_an_unanswered_item_decides_nothing(
    cli: Any, rendered: tuple[Path, Path]
) -> None:
    session, _ = rendered
    data = load(session)
    del data["items"][UNLOCATED]
    session.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    protocol = render_protocol(file=session, force=True).path
    edited = edit(protocol, protocol.with_name("c.docx"), comment("4.4", "Decide this.", "C"))
    code, _out, _ = cli("import", str(session), str(edited), "--accept-all")
    assert code == 0
    assert UNLOCATED not in load(session)["items"]


def test_comments_come_in_once(cli: Any, rendered: tuple[Path, Path]) -> None:
    session, protocol = rendered
    edited = edit(protocol, protocol.with_name("c.docx"), comment("4.4", "Once.", "C"))
    assert cli("import", str(session), str(edited), "--accept-all")[0] == 0
    first = session.read_bytes()
    code, _out, _ = cli("import", str(session), str(edited), "--accept-all")
    assert code == 0 and session.read_bytes() == first


# What counsel's tools add that an answer cannot hold --------------------------------------


def add_footnote(number: str, text: str) -> Callable[[Any], None]:
    """A footnote on an item's answer, as Word writes one (a footnotes part and a mark)."""

    def apply(document: Any) -> None:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part

        w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        xml = (
            f'<w:footnotes {w}><w:footnote w:type="separator" w:id="-1"><w:p><w:r>'
            '<w:separator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r>'
            f"<w:t>{text}</w:t></w:r></w:p></w:footnote></w:footnotes>"
        )
        part = Part(
            PackURI("/word/footnotes.xml"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
            xml.encode(),
            document.part.package,
        )
        document.part.relate_to(part, RT.FOOTNOTES)
        paragraph = document.paragraphs[heading(document, number) + 1]
        paragraph._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:footnoteReference w:id="1"/></w:r>'))

    return apply


def test_footnotes_and_a_word_updated_contents_list(cli: Any, rendered: tuple[Path, Path]) -> None:
    session, docx = rendered

    def word_updates_the_contents(document: Any) -> None:
        start = next(i for i, p in enumerate(document.paragraphs) if p.text == "Contents")
        entries = document.paragraphs[start + 1 : start + 6]
        for paragraph in entries:
            paragraph.runs[-1].text = paragraph.text + "\t3" if paragraph.runs else ""

    edited = edit(
        docx,
        docx.with_name("e.docx"),
        add_footnote("4.4", "Counsel: see the state statute."),
        word_updates_the_contents,
    )
    code, out, err = cli("import", str(session), str(edited), "--dry-run")
    assert code == 0, err
    flat = " ".join(out.split())
    assert (
        "In 4.4 When a victim cannot be located: footnote: Counsel: see the state statute." in flat
    )
    assert "isp writes none, so these are counsel's" in flat
    assert "Changed outside the answers" not in flat  # the contents list is Word's to fill in


def test_comments_alone_keep_the_version(cli: Any, rendered: tuple[Path, Path]) -> None:
    session, docx = rendered
    edited = edit(docx, docx.with_name("c.docx"), comment("4.4", "Fine as it is.", "Counsel"))
    before = load(session)
    code, out, err = cli("import", str(session), str(edited), "--accept-all")
    assert code == 0, err
    after = load(session)
    assert after["protocol"] == before["protocol"] and after["history"] == before["history"]
    assert "Fine as it is." in after["items"][UNLOCATED]["note"]
    assert "its version stays 0.3" in " ".join(out.split())


def test_wrong_template_swapped_arguments_agenda_and_a_locked_file(
    cli: Any, rendered: tuple[Path, Path]
) -> None:
    session, docx = rendered
    original = session.read_bytes()
    template = session.with_name("mine.md.j2")
    template.write_text("# {{ protocol.title }}\n", encoding="utf-8")
    agenda = render_protocol(file=session, kind="agenda").path
    locked = session.with_name("locked.docx")
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    for args, expected in (
        (
            (str(session), str(docx), "--template", str(template)),
            "made with isp's built-in template; leave out --template",
        ),
        (
            (str(docx), str(session)),
            f"the session comes first, then the edited document: isp import {session} {docx}",
        ),
        (
            (str(session), str(agenda)),
            "this is the meeting agenda ('isp agenda'), not the protocol",
        ),
        ((str(session), str(locked)), "password-protected, or an old Word 97-2003 document"),
    ):
        code, _, err = cli("import", *args, "--accept-all")
        assert code == 1 and expected in " ".join(err.split()), err
    assert session.read_bytes() == original


def test_a_huge_rewritten_paragraph_is_shown_cut_and_quickly(cli: Any, tmp_path: Path) -> None:
    session = tmp_path / "metro.isp.yaml"
    data = load(EXAMPLE)
    words = [f"word{i}" for i in range(3000)]
    data["items"][STORAGE]["response"] = " ".join(words) + "\n"
    session.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    docx = render_protocol(file=session).path

    def rewrite(document: Any) -> None:
        paragraph = document.paragraphs[heading(document, "3.3") + 1]
        paragraph.runs[0].text = " ".join(
            w.upper() if i % 3 == 0 else w for i, w in enumerate(words)
        )
        for run in paragraph.runs[1:]:
            run._r.getparent().remove(run._r)

    edited = edit(docx, tmp_path / "e.docx", rewrite)
    code, out, err = cli("import", str(session), str(edited), "--dry-run")
    assert code == 0, err
    assert "characters in all)" in out  # cut, not 3,000 words on the screen
    assert max(len(line) for line in out.splitlines()) < 2_000


@needs_pty
def test_the_home_menu_offers_an_edited_copy(rendered: tuple[Path, Path]) -> None:
    """Counsel's copy saved beside the session: 'isp' alone offers to bring it back."""
    session, docx = rendered
    counsel_edits(docx, docx.with_name("from-counsel.docx"))
    before = load(session)
    with Screen(session.parent, size=(24, 80)) as term:
        term.wait_for("Bring the edits in from-counsel.docx back")
        rows = term.wait_for("Quit")  # the menu's last choice: the whole menu is drawn
        assert "Bring the edits in metro.docx back" not in "\n".join(rows)  # as isp wrote it
        for _ in range(7):  # past the session's seven actions
            term.keys(DOWN)
        term.keys(ENTER)
        term.wait_for("Take this change to 3.1 Information to be shared into the session?")
        term.wait_for("No, keep the session's answer")  # the choices are live: Ctrl-C is a key
        term.keys(CTRL_C)
        term.wait_for("Stopped; nothing was saved or changed.")
        assert term.wait_exit() == 130
    assert load(session) == before


@needs_posix_file_names
def test_a_template_whose_name_has_a_control_character(cli: Any, tmp_path: Path) -> None:
    """Word cannot store the control character in the template's name: the protocol's
    property holds the name without it, and the import still takes that template."""
    session = tmp_path / "metro.isp.yaml"
    shutil.copy(EXAMPLE, session)
    template = tmp_path / "mine\x01.md.j2"
    template.write_text("# {{ protocol.title }}\n\nText.\n", encoding="utf-8")
    docx = render_protocol(file=session, template=template).path
    code, _, err = cli("import", str(session), str(docx), "--template", str(template), "--dry-run")
    assert code == 0, err
    code, _, err = cli("import", str(session), str(docx), "--dry-run")
    assert code == 1 and "give it with --template mine.md.j2" in " ".join(err.split()), err


def test_counsels_edit_of_a_general_provision_comes_back_as_its_own_wording(
    cli: Any, rendered: tuple[Path, Path]
) -> None:
    """A provision's text comes back like an answer: the task force's own wording, kept
    by the next render, and a new version (issue 24, point 9)."""
    session, docx = rendered
    edited = edit(
        docx,
        docx.with_name("counsel.docx"),
        change_word("6.2", "every other member agency", "each other member agency"),
    )
    code, out, err = cli("import", str(session), str(edited), "--accept-all")
    assert code == 0, err
    assert "6.2 Binding duties and legal status" in out
    after = load(session)
    assert after["provisions"]["legal_status"]["status"] == "edit"
    assert "agrees with each other member agency" in after["provisions"]["legal_status"]["text"]
    assert after["protocol"]["version"] == "0.4"
    assert after["history"][-1]["items"] == ["provisions"]
    text = body_text(open_docx(render_protocol(file=session).path))
    assert "agrees with each other member agency" in text
    assert "Changed: General provisions." in " ".join(text.split())


def test_counsels_edit_of_the_scope_comes_back_and_is_kept(
    cli: Any, rendered: tuple[Path, Path]
) -> None:
    """The scope is the protocol's own wording: counsel's edit of it comes back into the
    session, and every later render keeps it (issue 24, point 9)."""
    session, docx = rendered
    edited = edit(
        docx,
        docx.with_name("counsel.docx"),
        change_word("1.3", "governs information sharing", "governs all information sharing"),
    )
    code, out, err = cli("import", str(session), str(edited), "--accept-all")
    assert code == 0, err
    assert "isp cannot carry these back" not in out
    after = load(session)
    assert after["wording"]["scope"].startswith("This protocol governs all information sharing")
    assert after["history"][-1]["items"] == ["wording.scope"]
    text = body_text(open_docx(render_protocol(file=session).path))
    assert "This protocol governs all information sharing among the member agencies" in text
    assert "Changed: Scope." in " ".join(text.split())
    code, out, _ = cli("diff", str(EXAMPLE), str(session))
    assert "Standard wording: Scope" in out and "governs all information sharing" in out
    assert out.rstrip().endswith("0 item(s) and 1 part(s) of the standard wording changed.")


def test_counsels_edits_of_the_purpose_and_definitions_come_back(
    cli: Any, rendered: tuple[Path, Path]
) -> None:
    """The purpose (the intentions the members agree to) and the definitions are the
    protocol's own wording too: counsel's edits come back, and the terms stay in bold."""
    session, docx = rendered

    def change_definition(document: Any) -> None:
        start = heading(document, "1.4")
        for paragraph in document.paragraphs[start + 1 :]:
            if paragraph.text.startswith("Breach:"):
                paragraph.runs[-1].text = paragraph.runs[-1].text.replace(
                    "whether or not anyone", "whether or not any person"
                )
                return
        raise AssertionError("no definition of a breach")

    edited = edit(
        docx,
        docx.with_name("counsel.docx"),
        change_word("1.1", "By agreeing to this protocol", "By signing this protocol"),
        change_definition,
    )
    code, out, err = cli("import", str(session), str(edited), "--accept-all")
    assert code == 0, err
    assert "isp cannot carry these back" not in out
    after = load(session)
    assert after["wording"]["purpose"].startswith("By signing this protocol, the member agencies")
    assert "- Streamline information sharing" in after["wording"]["purpose"]
    assert "whether or not any person is known" in after["wording"]["definitions"]
    assert after["wording"]["definitions"].startswith("- Personally identifying information: ")
    assert sorted(after["history"][-1]["items"]) == ["wording.definitions", "wording.purpose"]
    document = open_docx(render_protocol(file=session).path)
    paragraphs = [p for p in document.paragraphs if p.text.startswith("Breach: ")]
    assert len(paragraphs) == 1 and "whether or not any person is known" in paragraphs[0].text
    assert [r.text for r in paragraphs[0].runs if r.bold] == ["Breach:"]
    text = body_text(document)
    assert "By signing this protocol, the member agencies of the Metro Area" in text
    # The next render of the edited document imports nothing more.
    again = render_protocol(file=session, out=session.with_name("again.docx")).path
    code, out, err = cli("import", str(session), str(again), "--dry-run")
    assert code == 0, err
    assert "0 answer(s) changed, 0 item(s) with comments, 0 change(s) outside" in out
