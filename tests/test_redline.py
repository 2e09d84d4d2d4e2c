"""isp diff --format docx: a Word redline whose every difference is a real tracked change.

Two real sessions: the example, and a copy with a word changed in one answer, a paragraph
added to another, a decision changed, an agency renamed and one added. The redline is read
back as counsel's Word would: the marks where the answers differ and nowhere else,
Accept All giving the NEW protocol and Reject All the OLD one, the validator, LibreOffice.
"""

from __future__ import annotations

import difflib
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.clients import pdf_of, through_libreoffice
from helpers.docx_checks import (
    W,
    body_text,
    element_text,
    open_docx,
    part,
    resolve_changes,
    revision_marks,
)
from helpers.paths import EXAMPLE
from helpers.sessions import minimal_data, write_session
from isp_cli.commands.diff import redline_sessions
from isp_cli.commands.render import render_protocol

RENAMED = ("Metro County Children Services", "Metro County Children and Family Services")
ADDED_PARAGRAPH = "The coordinator keeps a record of every review and its outcome."


def changed_example() -> dict[str, Any]:
    """The example session, one review later."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    items = data["items"]
    breach = items["process.breach"]["response"]
    assert breach.count("within 24 hours") == 1
    items["process.breach"]["response"] = breach.replace("within 24 hours", "within 12 hours")
    schedule = items["intro.review_schedule"]["response"].rstrip("\n")
    items["intro.review_schedule"]["response"] = f"{schedule}\n\n{ADDED_PARAGRAPH}\n"
    items["process.method"]["status"] = "include"  # was "discuss"
    old_name, new_name = RENAMED
    for agency in data["agencies"]:
        if agency["name"] == old_name:
            agency["name"] = new_name
    for flow in data["flows"]:
        for field in ("provided_by", "shared_with"):
            flow[field] = [new_name if name == old_name else name for name in flow[field]]
    for authority in [*data["authorities"]["federal"], *data["authorities"]["state_local"]]:
        authority["binds"] = [new_name if n == old_name else n for n in authority["binds"]]
    data["agencies"].append(
        {
            "name": "Metro Health Clinic",
            "discipline": "other",
            "representative": "Dr. S. Patel",
            "title": "Medical Director",
        }
    )
    data["protocol"]["version"] = "0.4"
    data["updated"] = "2026-11-24T09:15:00+00:00"
    return data


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """OLD and NEW sessions, their renders, and the redline (written by the command)."""
    folder = tmp_path_factory.mktemp("redline")
    old = folder / "v0.3.isp.yaml"
    shutil.copy(EXAMPLE, old)
    new = write_session(folder, changed_example(), "v0.4.isp.yaml")
    redline, _ = redline_sessions(old=old, new=new)
    return {
        "old": old,
        "new": new,
        "redline": redline,
        "old.docx": render_protocol(file=old, out=folder / "old.docx").path,
        "new.docx": render_protocol(file=new, out=folder / "new.docx").path,
    }


def marks_by_kind(path: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {"ins": [], "del": []}
    for kind, text, _ in revision_marks(path):
        found[kind].append(text)
    return found


def paragraph_of(element: Any) -> Any:
    """The paragraph a mark is in (None for a row's mark)."""
    while element is not None and element.tag != f"{W}p":
        element = element.getparent()
    return element


def test_written_beside_new_with_every_change_by_isp_on_news_date(drafts: dict[str, Path]) -> None:
    assert drafts["redline"] == drafts["new"].with_name("v0.4-redline.docx")
    marks = revision_marks(drafts["redline"])
    assert marks
    for _, _, element in marks:
        assert element.get(f"{W}author") == "isp"
        assert element.get(f"{W}date") == "2026-11-24T09:15:00Z"  # when NEW was last changed
    ids = [  # a bookmark's end repeats its start's id; every other id is used once
        int(e.get(f"{W}id"))
        for e in paragraph_of_root(drafts["redline"]).iter()
        if e.get(f"{W}id") and e.tag != f"{W}bookmarkEnd"
    ]
    assert len(ids) == len(set(ids))
    # Tracking stays the reader's choice: isp does not switch it on for counsel's own edits.
    assert "trackRevisions" not in part(drafts["redline"], "word/settings.xml")


def paragraph_of_root(path: Path) -> Any:
    from lxml import etree

    return etree.fromstring(part(path, "word/document.xml").encode("utf-8"))


def test_the_changed_words_are_marked_in_place(drafts: dict[str, Path]) -> None:
    marks = revision_marks(drafts["redline"])
    # A word changed in one answer: "24" deleted and "12" inserted inside its paragraph.
    breach = [paragraph_of(e) for kind, text, e in marks if text in ("24", "12")]
    assert len(breach) == 2 and breach[0] is breach[1]
    kinds = {kind: text for kind, text, e in marks if paragraph_of(e) is breach[0] and text}
    assert kinds == {"del": "24", "ins": "12"}
    assert "within " in "".join(breach[0].itertext())  # the rest of the sentence is unmarked
    found = marks_by_kind(drafts["redline"])
    # A paragraph added to another answer: inserted whole, mark and all.
    assert ADDED_PARAGRAPH in found["ins"]
    added = next(paragraph_of(e) for k, t, e in marks if t == ADDED_PARAGRAPH)
    assert added.find(f"{W}pPr/{W}rPr/{W}ins") is not None
    # The agency renamed (member table, flows table, authorities table, signature page:
    # its name and the party that signs; and the four open points of Appendix B that name
    # it: point person, signatory, flow, approval).
    assert found["ins"].count("and Family ") + found["ins"].count(" and Family") == 9
    # Added: a row of the member table, a block of the signature page (its name and the
    # party that signs), and its open points in Appendix B (no point person, no
    # signatory, its approval still to come).
    assert sum("Metro Health Clinic" in text for text in found["ins"]) == 6
    # The decision: the item's "to be discussed" marking and draft label are deleted.
    assert "[To be discussed by the task force] How information will be shared." in found["del"]
    assert "Draft for discussion:" in found["del"]
    assert replaced_in_place(marks, "To discuss", "Included")  # Appendix A
    # The cover says which version and date: truthfully changed too.
    assert replaced_in_place(marks, "0.3", "0.4")
    assert replaced_in_place(marks, "18,", "24,")  # November 18, 2026 -> November 24


def replaced_in_place(marks: list[tuple[str, str, Any]], was: str, now: str) -> bool:
    """Whether one paragraph has ``was`` deleted and ``now`` inserted."""
    # Lists, not ids: lxml keeps an element's Python object only while it is referenced.
    deleted = [paragraph_of(e) for kind, text, e in marks if kind == "del" and text == was]
    inserted = [paragraph_of(e) for kind, text, e in marks if kind == "ins" and text == now]
    return any(d is i for d in deleted for i in inserted)


def test_unchanged_answers_carry_no_marks(drafts: dict[str, Path]) -> None:
    old = yaml.safe_load(drafts["old"].read_text(encoding="utf-8"))["items"]
    new = yaml.safe_load(drafts["new"].read_text(encoding="utf-8"))["items"]
    root = paragraph_of_root(drafts["redline"])
    paragraphs = [("".join(p.itertext()), p) for p in root.iter(f"{W}p")]
    checked = 0
    for item_id, answer in old.items():
        if answer != new[item_id] or answer["status"] != "include":
            continue
        for line in answer["response"].splitlines():
            words = line.strip().removeprefix("- ").split()
            if len(words) < 6:
                continue
            fragment = " ".join(words[1:6])
            holders = [p for text, p in paragraphs if fragment in text]
            assert holders, (item_id, fragment)
            for holder in holders:
                assert holder.find(f".//{W}ins") is None and holder.find(f".//{W}del") is None
                checked += 1
    assert checked > 40


def test_marks_are_where_the_protocols_differ_and_nowhere_else(drafts: dict[str, Path]) -> None:
    old_lines = body_text(open_docx(drafts["old.docx"])).split("\n")
    new_lines = body_text(open_docx(drafts["new.docx"])).split("\n")
    differing = set()
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal":
            differing.update(old_lines[i1:i2] + new_lines[j1:j2])
    for _, text, element in revision_marks(drafts["redline"]):
        holder = paragraph_of(element)
        if not text or holder is None:
            continue  # a paragraph or row mark; its runs are checked
        seen = "".join(t.text or "" for t in holder.iter(f"{W}t"))
        was = "".join(t.text or "" for t in holder.iter(f"{W}t", f"{W}delText") if not _inserted(t))
        assert seen in differing or was in differing, (text, seen)


def _inserted(text: Any) -> bool:
    return any(a.tag == f"{W}ins" for a in text.iterancestors())


def test_accepting_all_gives_new_and_rejecting_all_gives_old(drafts: dict[str, Path]) -> None:
    accepted = element_text(resolve_changes(drafts["redline"], accept=True))
    rejected = element_text(resolve_changes(drafts["redline"], accept=False))
    assert accepted == body_text(open_docx(drafts["new.docx"]))
    assert rejected == body_text(open_docx(drafts["old.docx"]))


def test_the_command_says_where_and_how_many(cli: Any, tmp_path: Path) -> None:
    shutil.copy(EXAMPLE, tmp_path / "old.isp.yaml")
    write_session(tmp_path, changed_example(), "new.isp.yaml")
    code, out, err = cli("diff", "old.isp.yaml", "new.isp.yaml", "--format", "docx")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Wrote new-redline.docx"
    marks = marks_by_kind(tmp_path / "new-redline.docx")
    assert lines[1].split()[0].isdigit() and " tracked changes: " in lines[1]
    insertions = int(lines[1].split(": ")[1].split()[0])
    assert insertions <= len(marks["ins"])
    # Again: isp's own redline is replaced without --force.
    assert cli("diff", "old.isp.yaml", "new.isp.yaml", "--format", "docx")[0] == 0


def test_identical_sessions_give_a_redline_without_changes(cli: Any, tmp_path: Path) -> None:
    shutil.copy(EXAMPLE, tmp_path / "a.isp.yaml")
    shutil.copy(EXAMPLE, tmp_path / "b.isp.yaml")
    code, out, err = cli("diff", "a.isp.yaml", "b.isp.yaml", "--format", "docx", "-o", "r.docx")
    assert code == 0, err
    assert out.splitlines() == [
        "Wrote r.docx",
        "No differences: the two protocols read the same, so it has no tracked changes.",
    ]
    assert revision_marks(tmp_path / "r.docx") == []
    rendered = render_protocol(file=tmp_path / "b.isp.yaml").path
    assert body_text(open_docx(tmp_path / "r.docx")) == body_text(open_docx(rendered))


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (
            ["missing.isp.yaml", "b.isp.yaml"],
            1,
            "missing.isp.yaml: this session file cannot be read",
        ),
        (["notes.yaml", "b.isp.yaml"], 1, "notes.yaml, line 1 (meeting)"),
        (["a.isp.yaml", "b.isp.yaml", "-o", "a.isp.yaml"], 1, "is the earlier session file itself"),
        (["a.isp.yaml", "b.isp.yaml", "-o", "out.docx"], 2, "-o and --force go with --format docx"),
        (["a.isp.yaml", "b.isp.yaml", "--format", "md", "--force"], 2, "-o and --force go with"),
    ],
)
def test_bad_input_is_one_line_and_nothing_is_written(
    cli: Any, tmp_path: Path, args: list[str], code: int, says: str
) -> None:
    shutil.copy(EXAMPLE, tmp_path / "a.isp.yaml")
    shutil.copy(EXAMPLE, tmp_path / "b.isp.yaml")
    (tmp_path / "notes.yaml").write_text("meeting: Tuesday\n", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    if "--format" not in args and "out.docx" not in args:
        args = [*args, "--format", "docx"]
    result = cli("diff", *args)
    assert result[0] == code
    assert says in result[2] and len(result[2].strip().splitlines()) == 1
    assert "Traceback" not in result[2]
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert (tmp_path / "a.isp.yaml").read_bytes() == EXAMPLE.read_bytes()


def test_a_document_edited_by_hand_is_kept_unless_forced(cli: Any, tmp_path: Path) -> None:
    shutil.copy(EXAMPLE, tmp_path / "a.isp.yaml")
    write_session(tmp_path, changed_example(), "b.isp.yaml")
    (tmp_path / "b-redline.docx").write_bytes(b"counsel's notes")
    code, _, err = cli("diff", "a.isp.yaml", "b.isp.yaml", "--format", "docx")
    assert code == 1 and "b-redline.docx already exists and was changed" in err
    assert (tmp_path / "b-redline.docx").read_bytes() == b"counsel's notes"
    assert cli("diff", "a.isp.yaml", "b.isp.yaml", "--format", "docx", "--force")[0] == 0
    assert revision_marks(tmp_path / "b-redline.docx")


def edge_cases() -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    """Smaller pairs of drafts that exercise the other shapes of change."""
    cases = {}
    old, new = minimal_data(), minimal_data()
    old["items"]["requirements.steps"] = {"status": "include", "response": "1. a\n2. b\n3. c\n"}
    new["items"]["requirements.steps"] = {"status": "include", "response": "1. a\n2. c\n"}
    new["items"]["intro.rationale"]["response"] = "1. first\n2. second\n"
    cases["numbered list items removed and a list added before"] = (old, new)
    old, new = minimal_data(), minimal_data()
    new["items"]["intro.rationale"]["status"] = "omit"  # a whole section and its heading go
    new["agencies"] = []
    cases["an item left out, the only agency removed"] = (old, new)
    old, new = minimal_data(), minimal_data()
    old["items"]["intro.rationale"]["response"] = "  Leading spaces & <b>markup</b>\tand a tab.\n"
    new["items"]["intro.rationale"]["response"] = "Completely different words here now.\n"
    cases["a rewrite of odd text"] = (old, new)
    old, new = minimal_data(), minimal_data()
    new["protocol"]["title"] = "Information Sharing Protocol - Victim Referrals and Services"
    cases["a new title, in the running header too"] = (old, new)
    return cases


@pytest.mark.parametrize("name", list(edge_cases()))
def test_other_changes_resolve_both_ways(tmp_path: Path, name: str) -> None:
    old_data, new_data = edge_cases()[name]
    old = write_session(tmp_path, old_data, "old.isp.yaml")
    new = write_session(tmp_path, new_data, "new.isp.yaml")
    redline, changes = redline_sessions(old=old, new=new)
    assert changes.total > 0
    old_text = body_text(open_docx(render_protocol(file=old, out=tmp_path / "o.docx").path))
    new_text = body_text(open_docx(render_protocol(file=new, out=tmp_path / "n.docx").path))
    assert element_text(resolve_changes(redline, accept=True)) == new_text
    assert element_text(resolve_changes(redline, accept=False)) == old_text
    # Every list paragraph refers to a list that exists in the redline's numbering.
    numbering = part(redline, "word/numbering.xml")
    for num_id in paragraph_of_root(redline).iter(f"{W}numId"):
        assert f'w:numId="{num_id.get(f"{W}val")}"' in numbering


word = st.sampled_from(
    ["the", "agency", "shares", "referral", "data", "within", "24", "hours", "victim"]
)
sentence = st.lists(word, min_size=1, max_size=8).map(" ".join)
block = st.one_of(
    sentence,
    st.lists(sentence, min_size=1, max_size=4).map(
        lambda items: "\n".join(f"- {i}" for i in items)
    ),
    st.lists(sentence, min_size=1, max_size=4).map(
        lambda items: "\n".join(f"{n}. {i}" for n, i in enumerate(items, 1))
    ),
)
answer = st.lists(block, max_size=4).map("\n\n".join)
decision = st.sampled_from(["include", "discuss", "omit"])
agencies = st.lists(
    st.sampled_from(["Metro Police Department", "Safe Harbor", "Metro Police", "County Clinic"]),
    unique=True,
    max_size=3,
)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    old_answers=st.tuples(answer, answer, decision, agencies),
    new_answers=st.tuples(answer, answer, decision, agencies),
)
def test_any_edit_resolves_to_old_and_new(
    tmp_path: Path,
    old_answers: tuple[str, str, str, list[str]],
    new_answers: tuple[str, str, str, list[str]],
) -> None:
    from isp_cli.commands.diff import protocol_document
    from isp_cli.document.readback.fingerprint import save_with_fingerprint
    from isp_cli.document.redline.build import mark_changes
    from isp_cli.storage.session_file import load_session

    documents = []
    for name, (first, second, status, members) in (("old", old_answers), ("new", new_answers)):
        data = minimal_data()
        data["agencies"] = [
            {"name": member, "discipline": "other", "representative": "A. B.", "title": "Chief"}
            for member in members
        ]
        data["items"]["intro.rationale"] = {"status": "include", "response": first}
        data["items"]["process.method"] = {"status": status, "response": second}
        path = write_session(tmp_path, data, f"{name}.isp.yaml")
        documents.append(protocol_document(path, *load_session(path)))
    (old, _), (new, moment) = documents
    old_text, new_text = (body_text(d) for d in (old, new))
    mark_changes(old, new, moment=moment)
    redline = tmp_path / "redline.docx"
    redline.write_bytes(save_with_fingerprint(new))
    assert element_text(resolve_changes(redline, accept=True)) == new_text
    assert element_text(resolve_changes(redline, accept=False)) == old_text


def test_the_running_header_shows_its_change_too(tmp_path: Path) -> None:
    old_data, new_data = edge_cases()["a new title, in the running header too"]
    old = write_session(tmp_path, old_data, "old.isp.yaml")
    new = write_session(tmp_path, new_data, "new.isp.yaml")
    redline, _ = redline_sessions(old=old, new=new)
    import zipfile

    with zipfile.ZipFile(redline) as archive:
        headers = [n for n in archive.namelist() if n.startswith("word/header")]
    running = [part(redline, name) for name in headers]
    assert any("<w:ins " in xml and "and Services" in xml for xml in running)
    assert all("<w:del " not in xml for xml in running)  # only words were added
    assert all("DRAFT: not for signature" in xml for xml in running)


# Real clients ------------------------------------------------------------------------


def _valid(tool: str, path: Path) -> None:
    result = subprocess.run(
        [tool, str(path)], capture_output=True, text=True, timeout=120, check=False
    )
    report: Any = json.loads(result.stdout) if result.stdout.strip() else {}
    assert result.returncode == 0 and report.get("ok") is True, result.stdout + result.stderr


@pytest.mark.clients
def test_the_validator_finds_the_redline_clean(
    validator: str,
    drafts: dict[str, Path],
    tmp_path: Path,
) -> None:
    _valid(validator, drafts["redline"])
    for name, (old_data, new_data) in edge_cases().items():
        folder = tmp_path / name.replace(" ", "-")
        folder.mkdir()
        old = write_session(folder, old_data, "old.isp.yaml")
        new = write_session(folder, new_data, "new.isp.yaml")
        _valid(validator, redline_sessions(old=old, new=new)[0])


@pytest.mark.clients
def test_libreoffice_shows_the_changes_and_keeps_them(
    soffice: str,
    drafts: dict[str, Path],
    tmp_path: Path,
) -> None:
    copy = tmp_path / "redline.docx"
    shutil.copy(drafts["redline"], copy)
    from pypdf import PdfReader

    pdf = pdf_of(soffice, copy)
    text = " ".join("\n".join(p.extract_text() or "" for p in PdfReader(pdf).pages).split())
    # LibreOffice prints tracked changes as they are shown: deleted text struck, still there.
    assert "Draft for discussion:" in text and ADDED_PARAGRAPH in text
    assert "Metro Health Clinic" in text and "Children and Family Services" in text
    # Saved again by LibreOffice as Word, the changes are still tracked changes by isp.
    saved = through_libreoffice(soffice, copy)
    found = marks_by_kind(saved)
    assert ADDED_PARAGRAPH in "".join(found["ins"])
    assert "Draft for discussion:" in "".join(found["del"])
    assert 'w:author="isp"' in part(saved, "word/document.xml")
    assert "12" in found["ins"] and "24" in found["del"]


_TRICKY = (
    f'<w:p xmlns:w="{W[1:-1]}"><w:pPr><w:rPr><w:del w:id="1"/></w:rPr></w:pPr>'
    '<w:bookmarkStart w:id="0" w:name="_x"/><w:r><w:rPr><w:b/></w:rPr><w:t>a</w:t><w:tab/>'
    '<w:br/><w:br w:type="page"/><w:noBreakHyphen/><w:cr/></w:r>'
    '<w:del w:id="2"><w:r><w:delText>gone</w:delText></w:r>'
    '<w:ins w:id="3"><w:r><w:t>back</w:t></w:r></w:ins></w:del>'
    '<w:hyperlink><w:r><w:t>link</w:t></w:r></w:hyperlink><w:commentRangeStart w:id="4"/>'
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>'
    "<w:moveFrom><w:r><w:t>moved</w:t></w:r></w:moveFrom><w:moveTo><w:r><w:t>here</w:t></w:r>"
    "</w:moveTo><w:smartTag><w:r><w:t>tag</w:t></w:r></w:smartTag></w:p>"
)


def test_anchor_text_is_the_text_import_reads(drafts: dict[str, Path]) -> None:
    """The anchors' digests read each block's text alone: the same text as isp import's Reader."""
    import zipfile

    from lxml import etree

    from isp_cli.document.readback.reading import Reader
    from isp_cli.document.readback.text import block_text

    tricky = etree.fromstring(_TRICKY)
    assert block_text(tricky) == Reader(None).paragraph(tricky).text == "a\t\n-\nbacklinkheretag"
    for name in ("redline", "new.docx"):
        with zipfile.ZipFile(drafts[name]) as package:
            styles, numbering, document = (
                etree.fromstring(package.read(f"word/{part}.xml"))
                for part in ("styles", "numbering", "document")
            )
        reader = Reader(styles, numbering)
        blocks = list(document.iter(f"{W}p", f"{W}tbl"))
        assert len(blocks) > 300
        for element in blocks:
            read = reader.table(element) if element.tag == f"{W}tbl" else reader.paragraph(element)
            assert block_text(element) == read.text
