"""isp render: what the Word document (and the Markdown) hold."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from docx.oxml.ns import qn

from helpers.documents import letterhead
from helpers.docx_checks import (
    AUTHORITIES_HEADER,
    body_text,
    headings,
    low_contrast,
    open_docx,
    part,
)
from helpers.paths import EXAMPLE
from helpers.sessions import HOSTILE, hostile_data, minimal_data, write_session
from isp_cli.commands.render import render_protocol
from isp_cli.document.readback.fingerprint import fingerprint_matches
from isp_cli.errors import IspError


def render_docx(tmp_path: Path, data: dict[str, Any], **options: Any) -> tuple[Path, Any]:
    session = write_session(tmp_path, data)
    result = render_protocol(file=session, **options)
    return result.path, open_docx(result.path)


def test_sample_protocol_structure(tmp_path: Path) -> None:
    session = tmp_path / "sample.isp.yaml"
    shutil.copy(EXAMPLE, session)
    result = render_protocol(file=session)
    assert result.path == tmp_path / "sample.docx"
    document = open_docx(result.path)
    text = body_text(document)
    levels = headings(document)
    assert levels[:3] == [(1, "Document control"), (1, "1. Purpose and scope"), (2, "1.1 Purpose")]
    titles = [t for _, t in levels]
    for expected in (
        "2. Introduction to the Information Sharing Protocol",
        "3.1 Information to be shared",
        "5.6 Breach response",
        "6. General provisions",
        "6.1 Effective date, term, amendment and withdrawal",
        "7. Signatures",
        "Appendix A. Checklist summary",
        "Appendix B. Open items",
    ):
        assert expected in titles
    # Heading levels never skip.
    previous = 1
    for level, title in levels:
        assert level <= previous + 1, title
        previous = level
    # Left out: not in the body. To discuss: in place with the marker, and in the appendix.
    assert "Protected health information" not in titles
    assert "[To be discussed by the task force] How information will be shared." in text
    assert (
        "Sharing with the broader task force (section 3.6): Considerations for information" in text
    )
    # Every agency in the member table and with a signature block.
    for agency in (
        "Metro Police Department",
        "Safe Harbor Survivor Services",
        "Metro County Children Services",
    ):
        assert f"\n{agency}: " in text  # its signature block
        assert any(agency in cell.text for cell in document.tables[2].columns[0].cells)
    # The task force representative is not presented as the one who signs.
    assert "Authorized representative" not in text
    # Answers as real paragraphs and lists.
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    assert "Metro Police Department: the department's records management system." in bullets
    assert numbered[0].text.startswith("The referring staff member explains the referral")
    # The checklist summary: one table per section, with the decision and the section
    # that covers each item.
    summary = [t for t in document.tables if t.rows[0].cells[0].text == "Checklist item"]
    assert len(summary) == 4
    assert [c.text for c in summary[0].rows[0].cells] == [
        "Checklist item",
        "Decision",
        "Covered in",
    ]
    marks = {row.cells[0].text: (row.cells[1].text, row.cells[2].text)
             for table in summary for row in table.rows[1:]}  # fmt: skip
    assert len(marks) == 21
    assert marks["Rationale for information sharing protocol"] == ("Included", "Section 1.2")
    assert marks["How information will be shared"] == ("To discuss", "Section 5.4; Appendix B")
    assert marks["Process if there is a data breach"] == ("Included", "Section 5.6")
    assert marks[
        "How Health Insurance Portability and Accountability Act (HIPAA) protected health "
        "information will be managed and protected"
    ] == ("Not included", "Not in this protocol")


def test_every_included_answer_is_in_the_document_as_typed(tmp_path: Path) -> None:
    session = tmp_path / "sample.isp.yaml"
    shutil.copy(EXAMPLE, session)
    document = open_docx(render_protocol(file=session).path)
    text = " ".join(body_text(document).split())
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    for item_id, answer in data["items"].items():
        if answer["status"] == "omit":
            continue
        for line in answer.get("response", "").splitlines():
            line = line.strip().removeprefix("- ")
            if line[:2] in {f"{n}." for n in range(10)}:
                line = line[2:].strip()
            assert " ".join(line.split()) in text, (item_id, line)


def test_unanswered_items_are_bracketed_placeholders(tmp_path: Path) -> None:
    _, document = render_docx(tmp_path, {"isp": 1, "checklist": "ecm-isp"})
    text = body_text(document)
    assert "[To be completed: Rationale for information sharing protocol.]" in text
    assert (
        "[To be completed: Where information is currently being stored "
        "(e.g. is the information maintained in a specific database).]" in text
    )
    assert "[Protocol title]" in text and "[Task force name]" in text
    assert "Not yet answered:" in text


def test_properties_language_and_settings(tmp_path: Path) -> None:
    session = tmp_path / "sample.isp.yaml"
    shutil.copy(EXAMPLE, session)
    path = render_protocol(file=session).path
    props = open_docx(path).core_properties
    assert props.title == "Information Sharing Protocol - Victim Referrals"
    assert props.subject == "Victim Referrals"
    assert props.author == "Metro Area Anti-Trafficking Task Force"
    assert "human trafficking" in props.keywords
    assert props.created.isoformat() == "2026-10-06T14:00:00+00:00"
    assert props.modified.isoformat() == "2026-11-18T16:30:00+00:00"
    assert "python-docx" not in (props.comments + props.author + props.last_modified_by)
    defaults = part(path, "word/styles.xml").split("<w:rPrDefault>")[1].split("</w:rPrDefault>")[0]
    assert '<w:lang w:val="en-US"' in defaults
    settings = part(path, "word/settings.xml")
    assert '<w:updateFields w:val="true"/>' in settings
    assert (
        'w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"'
        in settings
    )


def test_toc_header_footer_and_draft_marking(tmp_path: Path) -> None:
    path, document = render_docx(tmp_path, minimal_data())
    xml = part(path, "word/document.xml")
    assert 'TOC \\o "1-2" \\h \\z \\u' in xml
    header = "\n".join(p.text for p in document.sections[0].header.paragraphs)
    assert "Information Sharing Protocol - Victim Referrals" in header
    assert "DRAFT: not for signature" in header
    footer_xml = document.sections[0].footer._element.xml
    assert " PAGE " in footer_xml and " NUMPAGES " in footer_xml
    assert document.sections[0].footer.paragraphs[0].text.startswith("Page 1 of 1")
    final = minimal_data()
    final["protocol"]["status"] = "final"
    final["agencies"][0]["approval"] = {"status": "approved", "date": "2026-12-01", "by": "Chief"}
    (tmp_path / "final").mkdir()
    _, document = render_docx(tmp_path / "final", final)
    assert "DRAFT" not in "\n".join(p.text for p in document.sections[0].header.paragraphs)
    assert "DRAFT." not in body_text(document)


def test_accessibility(tmp_path: Path) -> None:
    session = tmp_path / "sample.isp.yaml"
    shutil.copy(EXAMPLE, session)
    document = open_docx(render_protocol(file=session).path)
    assert document.core_properties.title
    for table in document.tables:
        tr_pr = table.rows[0]._tr.trPr
        assert tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None
        assert tr_pr.find(qn("w:tblHeader")).get(qn("w:val")) is None
    assert low_contrast(document) == []


def test_hostile_text_renders_literally(tmp_path: Path) -> None:
    _, document = render_docx(tmp_path, hostile_data())
    text = body_text(document)
    assert "Controlchars and  escapesstripped." in text
    assert HOSTILE["intro.contributors"] in text
    assert HOSTILE["shared.details"] in text
    assert HOSTILE["shared.victim_rights"] in text
    for line in ("# not a heading", "> not a quote", "---", "1986. A year, not a list."):
        assert line in text.split("\n")
    assert HOSTILE["shared.providers_recipients"] in text
    assert HOSTILE["requirements.mandates"] in text
    assert not any(p.style.name == "Quote" for p in document.paragraphs)


def test_answer_paragraphs_and_lists(tmp_path: Path) -> None:
    data = minimal_data()
    data["items"]["intro.contributors"] = {
        "status": "include",
        "response": (
            "First paragraph\nwith a line break.\n\n"
            "Second paragraph.\n- one\n- two\n\n1. step\n2. step"
        ),
    }
    _, document = render_docx(tmp_path, data)
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    start = paragraphs.index(("Normal", "First paragraph\nwith a line break."))
    assert paragraphs[start : start + 6] == [
        ("Normal", "First paragraph\nwith a line break."),
        ("Normal", "Second paragraph."),
        ("List Bullet", "one"),
        ("List Bullet", "two"),
        ("List Number", "step"),
        ("List Number", "step"),
    ]


def test_each_numbered_list_starts_at_one(tmp_path: Path) -> None:
    data = minimal_data()
    data["items"]["intro.contributors"] = {"status": "include", "response": "1. a\n2. b"}
    data["items"]["intro.review_schedule"] = {"status": "include", "response": "1. c\n2. d"}
    _, document = render_docx(tmp_path, data)
    ids = [p._p.pPr.numPr.numId.val for p in document.paragraphs if p.style.name == "List Number"]
    assert ids[0] == ids[1] and ids[2] == ids[3] and ids[0] != ids[2]


def test_same_session_same_document(tmp_path: Path) -> None:
    session = write_session(tmp_path, minimal_data())
    first = render_protocol(file=session, out=tmp_path / "a.docx").path
    second = render_protocol(file=session, out=tmp_path / "b.docx").path
    for name in ("word/document.xml", "word/styles.xml", "docProps/core.xml", "word/header1.xml"):
        assert part(first, name) == part(second, name)


def test_hand_edited_output_is_not_overwritten(tmp_path: Path) -> None:
    session = write_session(tmp_path, minimal_data())
    out = render_protocol(file=session).path
    assert fingerprint_matches(out, "docx")
    render_protocol(file=session)  # isp's own file: replaced without asking
    edited = docx.Document(str(out))
    edited.add_paragraph("Counsel's edit.")
    edited.save(str(out))
    before = out.read_bytes()
    with pytest.raises(IspError, match=r"changed after isp wrote it.*--force"):
        render_protocol(file=session)
    assert out.read_bytes() == before
    render_protocol(file=session, force=True)
    assert "Counsel's edit." not in body_text(open_docx(out))


def test_markdown_output(tmp_path: Path) -> None:
    session = write_session(tmp_path, hostile_data())
    out = render_protocol(file=session, fmt="md").path
    assert out == tmp_path / "s.md"
    text = out.read_text(encoding="utf-8")
    assert "# 1. Purpose and scope\n" in text
    assert "bold" in text and "<!-- style" not in text and "<!-- pagebreak" not in text
    assert "\x00" not in text and "\x07" not in text
    assert fingerprint_matches(out, "md")
    out.write_text(text + "edited\n", encoding="utf-8")
    with pytest.raises(IspError, match="--force"):
        render_protocol(file=session, fmt="md")


def test_markdown_reads_back_literally(tmp_path: Path) -> None:
    from markdown_it import MarkdownIt

    session = write_session(tmp_path, hostile_data())
    text = render_protocol(file=session, fmt="md").path.read_text(encoding="utf-8")
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<strong>bold</strong>" not in html and "<b>html</b>" not in html
    assert "&lt;b&gt;html&lt;/b&gt;" in html
    assert "<h1>not a heading</h1>" not in html


# Templates ----------------------------------------------------------------------------


def test_user_template(tmp_path: Path) -> None:
    template = tmp_path / "mine.md.j2"
    template.write_text(
        "# {{ protocol.title | md }}\n\n{% for a in agencies %}- {{ a.name | md }}\n{% endfor %}",
        encoding="utf-8",
    )
    _, document = render_docx(tmp_path, minimal_data(), template=template)
    assert [(p.style.name, p.text) for p in document.paragraphs] == [
        ("Heading 1", "Information Sharing Protocol - Victim Referrals"),
        ("List Bullet", "Metro Police Department"),
    ]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "line one\n{{ protocol.nope }}\n",
            r"mine\.md\.j2, line 2: the template could not be filled in",
        ),
        ("ok\n{% if %}\n", r"mine\.md\.j2, line 2: the template has an error"),
        ("{{ ''.__class__.__mro__[1].__subclasses__() }}", r"mine\.md\.j2, line 1: .*unsafe"),
        ("{% include '../secret.txt' %}", r"mine\.md\.j2.*secret\.txt"),
    ],
)
def test_template_errors_name_template_and_line(tmp_path: Path, source: str, expected: str) -> None:
    (tmp_path / "secret.txt").write_text("top secret", encoding="utf-8")
    folder = tmp_path / "templates"
    folder.mkdir()
    template = folder / "mine.md.j2"
    template.write_text(source, encoding="utf-8")
    session = write_session(tmp_path, minimal_data())
    with pytest.raises(IspError, match=expected) as err:
        render_protocol(file=session, template=template)
    assert "\n" not in str(err.value)
    assert not (tmp_path / "s.docx").exists()


# Style documents ----------------------------------------------------------------------


def test_reference_docx_gives_styles_and_header(tmp_path: Path) -> None:
    reference = letterhead(tmp_path / "org.docx")
    _path, document = render_docx(tmp_path, minimal_data(), reference_docx=reference)
    header = [p.text for p in document.sections[0].header.paragraphs]
    assert header[0] == "METRO TASK FORCE LETTERHEAD"
    assert "DRAFT: not for signature" in header
    assert "This body text must not appear" not in body_text(document)
    assert document.styles["Normal"].font.name == "Georgia"
    assert "1. Purpose and scope" in [t for _, t in headings(document)]


def test_reference_docx_missing_styles_are_named(tmp_path: Path) -> None:
    reference = tmp_path / "plain.docx"
    document = docx.Document()
    document.styles["List Bullet"].delete()
    document.styles["Table Grid"].delete()
    document.save(str(reference))
    session = write_session(tmp_path, minimal_data())
    with pytest.raises(IspError, match="lacks the styles List Bullet, Table Grid"):
        render_protocol(file=session, reference_docx=reference)
    assert not (tmp_path / "s.docx").exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"not a zip", "not a Word document"),
        (None, "outside file"),
        ("dotx", "Word template"),
        ("bomb", "zip bomb|far more"),
    ],
)
def test_untrusted_reference_docx_is_refused(tmp_path: Path, content: Any, expected: str) -> None:
    import zipfile

    reference = tmp_path / "org.docx"
    if content is None:
        letterhead(reference)
        with zipfile.ZipFile(reference, "a") as archive:
            archive.writestr(
                "word/_rels/extra.xml.rels",
                '<Relationships><Relationship Id="r9" Type="http://x/oleObject" '
                'Target="file:///etc/passwd" TargetMode="External"/></Relationships>',
            )
    elif content == "dotx":
        reference = letterhead(tmp_path / "org.dotx")
    elif content == "bomb":
        letterhead(reference)
        with zipfile.ZipFile(reference, "a", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("word/media/big.bin", b"\0" * 60_000_000)
    else:
        reference.write_bytes(content)
    session = write_session(tmp_path, minimal_data())
    with pytest.raises(IspError, match=expected):
        render_protocol(file=session, reference_docx=reference)


# The meeting agenda ---------------------------------------------------------------------


def test_agenda_lists_what_is_still_open(tmp_path: Path) -> None:
    session = tmp_path / "sample.isp.yaml"
    shutil.copy(EXAMPLE, session)
    out = render_protocol(file=session, kind="agenda").path
    assert out == tmp_path / "sample-agenda.docx"
    document = open_docx(out)
    text = body_text(document)
    titles = [t for _, t in headings(document)]
    assert titles == [
        "Specific Information to be Shared",
        "Sharing with the broader task force",
        "Process for Information Sharing",
        "How information is shared",
        "General provisions",
        "Minors",
        "Emergencies",
        "New member agencies and a change of lead agency",
        "Each agency's staff",
        "Notices",
        "Other agreements and grant conditions",
        "Governing law",
        "Severability",
        "Counterparts and electronic signatures",
        "Information flows without a condition",
        "Other points to settle",
        "Approvals",
    ]
    assert "Screening results for a child or youth" in text  # its condition is not decided
    assert "Current draft:" in text and "Safe Harbor is not on the county email system." in text
    decisions = [t for t in document.tables if t.rows[0].cells[0].text == "Decision"]
    assert len(decisions) == 11 and all(t.rows[1].cells[0].text == "" for t in decisions)
    assert "isp edit" not in text and "Examples: e.g." not in text
    header = [p.text for p in document.sections[0].header.paragraphs]
    assert header[0] == "Meeting agenda: Information Sharing Protocol - Victim Referrals"
    assert "DRAFT: not for signature" not in header
    assert document.core_properties.title.startswith("Meeting agenda:")


def test_agenda_of_a_new_session_lists_everything_and_missing_disciplines(tmp_path: Path) -> None:
    session = write_session(tmp_path, minimal_data())
    text = body_text(open_docx(render_protocol(file=session, kind="agenda").path))
    assert "No member agency represents victim services, prosecution." in text
    assert text.count("Not yet answered") == 18
    assert "Rationale for information sharing protocol" not in text  # included: not on the agenda
    md = render_protocol(file=session, kind="agenda", fmt="md").path
    assert md.name == "s-agenda.md"


def test_builtin_style_document_is_made_from_python_docx_and_has_every_style_used(
    tmp_path: Path,
) -> None:
    """templates/styles.docx is python-docx's default less what isp never uses
    (builtin_styles): what the module makes now, part by part; every paragraph and
    character style of python-docx's is in it, and a render finds every style it asks for."""
    import io
    import zipfile

    from isp_cli.document.docx.builtin_styles import make_style_document, python_docx_default
    from isp_cli.document.docx.word_file import build_document
    from isp_cli.document.protocol import document_markdown
    from isp_cli.storage.resources import data_path
    from isp_cli.storage.session_file import load_session

    shipped = zipfile.ZipFile(data_path("templates") / "styles.docx")
    made = zipfile.ZipFile(io.BytesIO(make_style_document(python_docx_default())))
    assert shipped.namelist() == made.namelist(), "run 'make styles'"
    for name in made.namelist():
        assert shipped.read(name) == made.read(name), f"{name} differs: run 'make styles'"
    assert "word/stylesWithEffects.xml" not in made.namelist()

    def styles(document: Any) -> dict[str, set[str]]:
        kinds: dict[str, set[str]] = {}
        for style in document.styles.element.findall(qn("w:style")):
            kinds.setdefault(style.get(qn("w:type")), set()).add(
                style.find(qn("w:name")).get(qn("w:val"))
            )
        return kinds

    ours = styles(docx.Document(str(data_path("templates") / "styles.docx")))
    theirs = styles(docx.Document())
    assert ours["paragraph"] == theirs["paragraph"]
    assert ours["character"] == theirs["character"]
    assert ours["table"] == {"Normal Table", "Table Grid"}

    session = shutil.copy(EXAMPLE, tmp_path / "s.isp.yaml")
    loaded, checklist = load_session(Path(session))
    for kind in ("protocol", "agenda"):
        markdown, info = document_markdown(loaded, checklist, Path(session), kind=kind)  # type: ignore[arg-type]
        _, builder = build_document(markdown, info, reference=None)
        assert builder.missing == set(), kind


def test_table_columns_share_the_width_by_their_text(tmp_path: Path) -> None:
    """The column with the most text is the widest, every column keeps room for its
    longest word, and a line may end after a hyphen that a letter follows."""
    from isp_cli.document.docx.builder import _HYPHEN_BREAK, _share

    # In the sample's authorities table, "CJISD-ITS-DOC-08140" may wrap at its hyphens:
    # the citations no longer take a wider column than what each authority governs.
    document = open_docx(render_protocol(file=shutil.copy(EXAMPLE, tmp_path / "s.isp.yaml")).path)
    table = next(t for t in document.tables if t.rows[0].cells[0].text == AUTHORITIES_HEADER[0])
    assert [c.text for c in table.rows[0].cells] == AUTHORITIES_HEADER
    widths = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert widths[2] == max(widths) and widths[2] > sum(widths) * 2 // 5

    minimum = [100, 80, 100, 90]
    widths = _share(468, minimum, [506, 716, 1346, 2046])
    assert widths[3] == max(widths) and widths[0] == 116 and widths[1] == 93  # a sixth more
    assert all(w >= m * 7 // 6 for w, m in zip(widths, minimum, strict=True))
    assert sum(widths) <= 468
    # No room for the margin: each its minimum, and what is left by how much more it wants.
    assert _share(468, [114, 93, 121, 100], [506, 716, 1346, 2046]) == [117, 98, 132, 118]
    assert _share(468, [100, 100], [200, 200]) == [234, 234]  # fits: fills the width
    assert _share(300, [200, 200], [400, 400]) == [150, 150]  # words cannot fit: in proportion
    assert _HYPHEN_BREAK.split("CJISD-ITS-DOC-08140") == ["CJISD-", "ITS-", "DOC-08140"]
    assert _HYPHEN_BREAK.split("a-5") == ["a-5"]
