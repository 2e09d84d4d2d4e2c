"""A protocol counsel would sign (issue 13): its parts, references, signature page and
layout, read back as clients read them: LibreOffice's PDF, the docx XML, and the
Markdown through a CommonMark parser."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from docx.oxml.ns import qn

from helpers.clients import pdf_of, require_tool, through_libreoffice
from helpers.docx_checks import body_text, headings, open_docx, part
from helpers.paths import EXAMPLE, REPO
from helpers.sessions import minimal_data, write_session
from isp_cli.commands.render import render_protocol
from isp_cli.errors import SessionError
from isp_cli.storage.resources import builtin_provisions
from isp_cli.storage.session_file import load_session

WORD = re.compile(r"[A-Za-z]{4,}")


def sample(tmp_path: Path) -> Path:
    shutil.copy(EXAMPLE, tmp_path / "sample.isp.yaml")
    return tmp_path / "sample.isp.yaml"


def example_data() -> dict[str, Any]:
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


# The parts, the references and the words -----------------------------------------------


def test_general_provisions_confirmed_unconfirmed_and_left_out(tmp_path: Path) -> None:
    data = example_data()
    data["provisions"]["publishing"] = {"status": "omit"}
    document = open_docx(render_protocol(file=write_session(tmp_path, data)).path)
    text = body_text(document)
    titles = [t for _, t in headings(document)]
    assert "6. General provisions" in titles and "7. Signatures" in titles
    assert "This protocol takes effect on January 1, 2027" in text  # kept, with its value
    assert "in effect for 3 years" in text and "at least 30 days before" in text
    assert "no longer than three years after the referral closes" in text  # reworded
    # Not decided yet: a label, not brackets around brackets.
    assert (
        "Counsel to confirm: model language, not yet decided by the task force.\nWhen a victim is under 18"
        in text
    )
    assert "28 CFR 94.115" in text
    assert not any("Publishing data" in t for t in titles)  # left out
    assert "the task force's own additions" in text and "not legal advice" in text
    provisions = [t for t in document.tables if t.rows[0].cells[0].text == "Provision"]
    rows = {r.cells[0].text: (r.cells[1].text, r.cells[2].text) for r in provisions[0].rows[1:]}
    assert rows["Minors"] == ("Counsel to confirm", "Section 6.6")
    assert rows["Publishing data"] == ("Not included", "Not in this protocol")
    assert rows["Retention, destruction and access"] == ("Included (reworded)", "Section 6.4")
    assert "General provisions: the task force's own additions to the ECM checklist" in text


def test_no_document_names_the_software(tmp_path: Path) -> None:
    """The protocol is the agencies' document: counsel does not know what isp is."""
    session = sample(tmp_path)
    protocol = render_protocol(file=session).path
    markdown = render_protocol(file=session, fmt="md").path
    agenda = render_protocol(file=session, kind="agenda").path
    changed = example_data()
    changed["items"]["intro.rationale"]["response"] += "\n\nOne more sentence."
    newer = write_session(tmp_path, changed, "newer.isp.yaml")
    redline = tmp_path / "redline.docx"
    subprocess.run(
        [sys.executable, "-m", "isp_cli", "diff", str(session), str(newer), "--format", "docx",
         "-o", str(redline)],
        check=True, capture_output=True,
    )  # fmt: skip
    software = re.compile(r"\bisp\b|python-docx|isp_cli", re.I)
    for path in (protocol, agenda, redline):
        with zipfile.ZipFile(path) as package:
            for name in package.namelist():
                # docProps/custom.xml holds the import's marks (which session, which
                # version), named for the program that reads them back; no reader sees them.
                if name.endswith(".xml") and name != "docProps/custom.xml":
                    text = re.sub(r"<[^>]+>", " ", package.read(name).decode("utf-8"))
                    assert not software.search(text), (path.name, name, software.search(text))
    assert not software.search(markdown.read_text(encoding="utf-8"))


def test_a_new_session_shows_every_provision_for_counsel_with_blanks(tmp_path: Path) -> None:
    text = body_text(open_docx(render_protocol(file=write_session(tmp_path, minimal_data())).path))
    from isp_cli.storage.resources import builtin_provisions

    marked = re.findall(r"^Counsel to confirm: model language", text, re.M)
    assert len(marked) == len(builtin_provisions().provisions)
    assert not re.search(r"\[[^\]]*\[", text)  # no bracket inside another
    assert "takes effect on [To be completed: effective date]" in text


def test_a_custom_checklist_can_leave_the_general_provisions_out(tmp_path: Path) -> None:
    checklist = yaml.safe_load((REPO / "checklist.yaml").read_text(encoding="utf-8"))
    checklist["id"] = "mine"
    checklist["general_provisions"] = False
    (tmp_path / "mine.yaml").write_text(yaml.safe_dump(checklist), encoding="utf-8")
    data = minimal_data() | {
        "checklist": "mine",
        "checklist_version": "1",
        "checklist_file": "mine.yaml",
    }
    document = open_docx(render_protocol(file=write_session(tmp_path, data)).path)
    titles = [t for _, t in headings(document)]
    assert "6. Signatures" in titles and not any("General provisions" in t for t in titles)
    assert "Counsel to confirm" not in body_text(document)


def test_cross_references_are_computed(tmp_path: Path) -> None:
    data = minimal_data()
    data["items"]["intro.contributors"] = {"status": "omit"}
    data["items"]["shared.details"] = {"status": "include", "response": "Referrals."}
    document = open_docx(render_protocol(file=write_session(tmp_path, data)).path)
    text = body_text(document)
    titles = [t for _, t in headings(document)]
    # Contributors is left out: the review schedule becomes 2.1, and the text says so.
    assert "2.1 Review and amendment" in titles and "3.1 Information to be shared" in titles
    assert "as described in section 2.1 (Review and amendment) and section 6.1" in text
    assert "listed in section 1.5 and to the information described in section 3.1" in text
    assert titles[titles.index("1. Purpose and scope") + 1 :][:5] == [
        "1.1 Purpose", "1.2 Rationale", "1.3 Scope", "1.4 Definitions", "1.5 Member agencies"
    ]  # fmt: skip
    data["items"]["shared.details"] = {"status": "omit"}
    (tmp_path / "b").mkdir()
    text = body_text(open_docx(render_protocol(file=write_session(tmp_path / "b", data)).path))
    assert "information described in section" not in text


def test_definitions_state_their_sources(tmp_path: Path) -> None:
    text = body_text(open_docx(render_protocol(file=sample(tmp_path)).path))
    assert "Personally identifying information: Individually identifying information" in text
    assert "34 U.S.C. 12291(a)" in text
    assert "The ECM checklist describes it as “De-identified data refers to" in text
    assert "Removing names is not enough" in text and "45 CFR 164.514(b)" in text


def test_the_example_states_8_usc_1367_exactly() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert "all agencies: 8 U.S.C. 1367" not in text
    assert "Homeland Security, Justice and State" in text
    help_text = yaml.safe_load((REPO / "checklist.yaml").read_text(encoding="utf-8"))
    mandates = next(
        i for s in help_text["sections"] for i in s["items"] if i["id"] == "requirements.mandates"
    )
    assert "DHS, DOJ and the State Department (not local" in mandates["help"]


def test_the_shipped_provisions_are_valid() -> None:
    from isp_cli.storage.resources import builtin_provisions

    validated = builtin_provisions()
    for provision in validated.provisions:  # every {slot} in the model language has a value
        slots = set(re.findall(r"\{([a-z_]+)\}", provision.model))
        assert slots == {v.id for v in provision.values}, provision.id


# The signature page ---------------------------------------------------------------------


def test_signature_page_never_claims_a_signature(tmp_path: Path) -> None:
    document = open_docx(render_protocol(file=sample(tmp_path)).path)
    text = body_text(document)
    blocks = [t for t in document.tables if t.rows[0].cells[0].text == "Signed for the agency"]
    assert len(blocks) == 4
    rows = [[(r.cells[0].text, r.cells[1].text) for r in t.rows[1:]] for t in blocks]
    assert rows[0] == [
        ("Party", "Metro Police Department"),  # no legal name given: the agency's
        ("Name", "R. Alvarez"),
        ("Title", "Chief of Police"),
        ("Signature", ""),
        ("Date", ""),
        ("Approved as to form (the agency's counsel)", ""),
        ("Date", ""),
    ]
    assert [value for _, value in rows[2]][1:] == [""] * 6
    assert "that the party has the legal authority to enter into this protocol" in text
    assert (
        "Metro Police Department: Approved version 0.3 on November 20, 2026 by Chief R. Alvarez"
        in text
    )
    assert "Safe Harbor Survivor Services: Awaiting approval of version 0.3 by the agency's" in text
    assert "Metro County Prosecutor's Office: Not yet approved." in text
    assert "This is a draft, not for signature" in text
    # Each block stays on one page: every paragraph but the block's last keeps with next.
    for table in blocks:
        paragraph = table._tbl.getprevious()
        assert paragraph.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None
        cells = [c for r in table.rows for c in r.cells]
        kept = [c.paragraphs[0].paragraph_format.keep_with_next for c in cells]
        assert all(kept)
        after = table._tbl.getnext()  # the block's end: free to go to the next page
        assert after.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is None


def test_signatories_and_provisions_come_from_an_answers_file(cli: Any, tmp_path: Path) -> None:
    data = minimal_data()
    data["agencies"][0] |= {"signatory": "R. Alvarez", "signatory_title": "Chief of Police"}
    data["provisions"] = {"term": {"status": "keep", "values": {"term_years": 5}}}
    answers = write_session(tmp_path, data, "answers.yaml")
    code, _, err = cli("new", "s.isp.yaml", "--answers", str(answers), "--no-input")
    assert code == 0, err
    session, _ = load_session(tmp_path / "s.isp.yaml")
    assert session.agencies[0].signatory == "R. Alvarez"
    assert session.provisions["term"].values == {"term_years": 5}


@pytest.mark.parametrize(
    ("provisions", "message"),
    [
        ({"terms": {"status": "keep"}}, r"line \d+ \(provisions → terms\).*did you mean 'term'"),
        (
            {"term": {"status": "keep", "values": {"term_years": 0}}},
            r"line \d+ \(provisions → term → values → term_years\): the term in years should be "
            "between 1 and 10",
        ),
        (
            {"term": {"status": "keep", "values": {"years": 3}}},
            r"the provision 'term' has no value 'years' \(its values: effective_date",
        ),
        ({"term": {"status": "maybe"}}, r"provisions → term → status"),
    ],
)
def test_wrong_provisions_are_refused_with_line_and_key(
    tmp_path: Path, provisions: dict[str, Any], message: str
) -> None:
    data = minimal_data() | {"provisions": provisions}
    with pytest.raises(SessionError, match=message):
        load_session(write_session(tmp_path, data))


# The docx XML ---------------------------------------------------------------------------


def test_docx_keeps_headings_rows_and_header_rows(tmp_path: Path) -> None:
    path = render_protocol(file=sample(tmp_path)).path
    document = open_docx(path)
    for paragraph in document.paragraphs:
        if paragraph.style.name.startswith("Heading"):
            assert paragraph.paragraph_format.keep_with_next, paragraph.text
    for table in document.tables:
        first = table.rows[0]._tr.trPr
        assert first is not None and first.find(qn("w:tblHeader")) is not None
        for row in table.rows:
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    # "Not yet answered:" and the like keep with the list they introduce.
    intro = next(p for p in document.paragraphs if p.text == "To be discussed by the task force:")
    assert intro.paragraph_format.keep_with_next
    # The cover has its own (empty) footer: no page number on it.
    section = document.sections[0]
    assert section.different_first_page_header_footer
    assert "PAGE" not in section.first_page_footer._element.xml
    assert "DRAFT: not for signature" in section.first_page_header._element.xml


def test_docx_package_has_no_stock_thumbnail_or_application(tmp_path: Path) -> None:
    path = render_protocol(file=sample(tmp_path)).path
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
    assert not any("thumbnail" in name for name in names)
    app = part(path, "docProps/app.xml")
    assert "Microsoft" not in app and "<Application>" not in app  # no software named
    assert "thumbnail" not in part(path, "_rels/.rels")


# LibreOffice's PDF ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def office() -> str:
    return require_tool("LibreOffice", ["soffice", "libreoffice"])


def _words_by_page(soffice: str, docx: Path) -> list[dict[str, Any]]:
    """Each page's size and words with their boxes, as pdftotext -bbox reads the PDF."""
    pdf = pdf_of(soffice, docx)
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for match in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S):
        words = [
            (float(x0), float(y0), float(x1), float(y1), word)
            for x0, y0, x1, y1, word in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
                match.group(3),
            )
        ]
        pages.append(
            {"width": float(match.group(1)), "height": float(match.group(2)), "words": words}
        )
    return pages


def _on_paper(pages: list[dict[str, Any]], margin: float = 18) -> None:
    """Every word lies inside the page, ``margin`` points from its edges (what prints)."""
    for number, page in enumerate(pages, start=1):
        for x0, y0, x1, y1, word in page["words"]:
            assert x0 >= margin and y0 >= margin, (number, word)
            assert x1 <= page["width"] - margin and y1 <= page["height"] - margin, (number, word)


@pytest.mark.clients
def test_pdf_tables_keep_words_whole_and_the_cover_has_no_page_number(
    office: str, tmp_path: Path
) -> None:
    soffice = office
    docx = render_protocol(file=sample(tmp_path)).path
    document = open_docx(docx)
    pages = _words_by_page(soffice, docx)
    pdf_words = {found for page in pages for w in page["words"] for found in WORD.findall(w[4])}
    table_words = {
        word
        for table in document.tables
        for row in table.rows
        for cell in row.cells
        for word in WORD.findall(cell.text)
    }
    _on_paper(pages)
    broken = sorted(w for w in table_words if w not in pdf_words)
    assert not broken, f"table words broken across lines in the PDF: {broken}"
    cover = " ".join(w[4] for w in pages[0]["words"])
    assert "Page" not in cover and "DRAFT:" in cover
    assert "Page 2 of" in " ".join(w[4] for w in pages[1]["words"])
    # The contents: every chapter and appendix, on the pages before "Document control"
    # (two pages, now that the general provisions are fifteen).
    contents = ""
    for page in pages[1:]:
        words = " ".join(w[4] for w in page["words"])
        if "Document control" in words and "Contents" not in words:
            break
        contents += " " + words
    assert "Contents" in contents and "Appendix B. Open items" in contents
    assert "Appendix C. Sources of the legal authorities" in contents


@pytest.mark.clients
def test_pdf_text_stays_on_the_page_with_a_libreoffice_letterhead(
    office: str, tmp_path: Path
) -> None:
    soffice = office
    import docx as python_docx

    source = python_docx.Document()
    section = source.sections[0]
    section.header.paragraphs[0].text = "METRO TASK FORCE LETTERHEAD"
    section.footer_distance = 0
    section.bottom_margin = 0
    source.save(str(tmp_path / "source.docx"))
    reference = through_libreoffice(soffice, tmp_path / "source.docx")
    assert 'w:footer="0"' in part(reference, "word/document.xml")
    out = render_protocol(
        file=sample(tmp_path), out=tmp_path / "styled.docx", reference_docx=reference
    ).path
    pages = _words_by_page(soffice, out)
    _on_paper(pages)
    footer = [w for w in pages[1]["words"] if w[4] == "Page"]
    assert footer, "page 2 has its page number"
    assert "LETTERHEAD" in {w[4] for w in pages[0]["words"]}


@pytest.mark.clients
def test_pdf_agenda_items_stay_on_one_page(office: str, tmp_path: Path) -> None:
    pages = _words_by_page(office, render_protocol(file=sample(tmp_path), kind="agenda").path)
    _on_paper(pages)
    texts = [" ".join(w[4] for w in page["words"]) for page in pages]
    for heading in ("How information is shared", "Minors"):
        page = next(t for t in texts if heading in t)
        assert "Decision" in page.split(heading, 1)[1], heading  # its decision box follows
    first = texts[0]
    assert "Date and time" in first and "Attendees" in first and "Page" not in first


# The Markdown, through a CommonMark parser ----------------------------------------------


def test_markdown_is_clean_commonmark(tmp_path: Path) -> None:
    from markdown_it import MarkdownIt

    out = render_protocol(file=sample(tmp_path), fmt="md").path
    text = out.read_text(encoding="utf-8")
    front, body = re.match(r"^---\n(.*?)\n---\n\n(.*)$", text, re.S).groups()  # type: ignore[union-attr]
    meta = yaml.safe_load(front)
    assert meta["title"] == "Information Sharing Protocol - Victim Referrals"
    assert meta["version"] == "0.3" and meta["status"] == "Draft"
    assert meta["fingerprint"].startswith("sha256:")  # the mark, as metadata
    assert "<!--" not in body and "\n\n\n" not in body  # no marker or directive left
    # No escape that CommonMark does not need; a backslash ending a line is a line break
    # (Appendix C puts each authority's official text on a line of its own).
    assert not re.search(r"\\(?!\n)", body)
    assert "Official text: https://" in body.split("\\\n", 1)[1]
    tokens = MarkdownIt("commonmark").enable("table").parse(body)
    assert tokens[0].type == "heading_open" and tokens[0].tag == "h1"
    assert tokens[1].content == "Information Sharing Protocol - Victim Referrals"
    html = MarkdownIt("commonmark").enable("table").render(body)
    assert "<ol>" in html and "2. The victim signs a separate release" in body
    assert "<td>0.3</td>" in html
    assert "<strong>Counsel to confirm:</strong> model language" in html
    assert "When a victim is under 18" in html


def test_markdown_keeps_the_escapes_it_needs(tmp_path: Path) -> None:
    from markdown_it import MarkdownIt

    data = minimal_data()
    data["items"]["intro.rationale"]["response"] = (
        "**not bold** _not em_ [not](a link) <b>not html</b> 1986. A year\n\n# not a heading"
    )
    out = render_protocol(file=write_session(tmp_path, data), fmt="md").path
    html = MarkdownIt("commonmark").enable("table").render(out.read_text(encoding="utf-8"))
    html = html[html.index("<h2>1.2 Rationale</h2>") : html.index("<h2>1.3 Scope</h2>")]
    assert "<strong>" not in html and "<em>" not in html and "<a " not in html
    assert "**not bold** _not em_ [not](a link) &lt;b&gt;not html&lt;/b&gt; 1986. A year" in html
    assert "<p># not a heading</p>" in html


# The agenda -----------------------------------------------------------------------------


def test_agenda_a_chair_can_run(tmp_path: Path) -> None:
    document = open_docx(render_protocol(file=sample(tmp_path), kind="agenda").path)
    text = body_text(document)
    meeting = document.tables[0]
    assert [r.cells[0].text for r in meeting.rows] == [
        "Meeting", "Date and time", "Place", "Chair", "Attendees", "Protocol"
    ]  # fmt: skip
    assert all(r.cells[1].text == "" for r in meeting.rows[1:5])
    assert "isp edit" not in text and "Examples: e.g." not in text
    assert "Checklist guidance: i.e., non-case holding members" in text
    assert "Model language:" in text and "cannot consent on the minor's behalf" in text
    heading = next(p for p in document.paragraphs if p.text == "How information is shared")
    assert heading.paragraph_format.keep_with_next


def test_edit_reaches_provisions_and_signatures(tmp_path: Path, user: Any) -> None:
    from isp_cli.commands.edit import edit_session
    from isp_cli.errors import UsageError

    path = write_session(tmp_path, minimal_data())
    user([])
    with pytest.raises(
        UsageError,
        match=r"Did you mean 'provisions'.*'agencies', 'signatures', 'checks', 'wording' or",
    ):
        edit_session(file=path, target="provision")
    user(
        [
            ("agency.party", ""),
            ("agency.signatory", "R. Alvarez"),
            ("agency.signatory_title", "Chief of Police"),
        ]
    )
    edit_session(file=path, target="signatures")
    session, _ = load_session(path)
    assert (session.agencies[0].signatory, session.agencies[0].signatory_title) == (
        "R. Alvarez",
        "Chief of Police",
    )
    user([(f"provisions.{p.id}.status", "omit") for p in builtin_provisions().provisions])
    edit_session(file=path, target="provisions")
    session, _ = load_session(path)
    assert {a.status for a in session.provisions.values()} == {"omit"}
    text = body_text(open_docx(render_protocol(file=path).path))
    assert "6. General provisions" not in text and "6. Signatures" in text


def test_diff_shows_provisions_and_signatories(cli: Any, tmp_path: Path) -> None:
    old = sample(tmp_path)
    data = example_data()
    data["provisions"]["term"]["values"]["notice_days"] = 60
    data["provisions"]["minors"] = {"status": "keep"}
    data["agencies"][2]["signatory"] = "M. Chen"
    new = write_session(tmp_path, data, "new.isp.yaml")
    code, out, err = cli("diff", str(old), str(new))
    assert code == 0, err
    assert "- Changed: Metro County Prosecutor's Office (signatory)" in out
    assert "General provision: Effective date, term, amendment and withdrawal\n" in out
    assert "- days of notice for withdrawal: 30 -> 60" in out
    assert "General provision: Minors\nDecision: not decided -> keep the model language" in out
    assert out.rstrip().endswith("0 item(s) and 2 general provision(s) changed.")
