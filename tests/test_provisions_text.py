"""The general provisions as counsel reads them (issue 24): onward sharing, compelled
disclosure, binding duties, the closing clauses, one breach procedure and retention that
agrees with itself, each legal statement with its citation; read back from the Word
document with python-docx, for a session with every provision undecided and one with
every provision kept. And old session files, whose oversight provision still holds the
breach deadline it no longer states, keep loading."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers.docx_checks import body_text, headings, open_docx
from helpers.paths import REPO
from helpers.sessions import load, minimal_data, write_session
from isp_cli.commands.render import render_protocol
from isp_cli.errors import SessionError
from isp_cli.interview.provisions import ask_provision
from isp_cli.model.session import SCHEMA_VERSION
from isp_cli.storage.resources import builtin_provisions
from isp_cli.storage.session_file import load_session, save_session

# What each clause must say, with its citation: (provision id, the words).
CLAUSES: list[tuple[str, str]] = [
    # 1. Onward sharing inside the task force.
    ("outside_requests", "passes it on only to the member agencies, and only for the purpose"),
    ("outside_requests", "that the victim's written release covers"),
    (
        "outside_requests",
        "Members that do not hold the case receive only aggregate or de-identified",
    ),
    ("outside_requests", "as the section “Sharing with the broader task force” says"),
    ("outside_requests", "to anyone else, inside or outside the task force"),
    # 2. Compelled disclosure.
    ("outside_requests", "tells the agency that provided the information promptly, before it"),
    ("outside_requests", "asserts every privilege and confidentiality protection that applies"),
    ("outside_requests", "seeks a protective order"),
    ("outside_requests", "such as [State public records exemption citation]"),
    (
        "outside_requests",
        "makes reasonable attempts to provide notice to the victims affected by the disclosure "
        "and takes steps necessary to protect the privacy and safety of the persons affected by "
        "the release (34 U.S.C. 12291(b)(2)(C))",
    ),
    ("outside_requests", "sub-recipient of VOCA funds does the same (28 CFR 94.115(b))"),
    ("outside_requests", "The prosecution's disclosure duties are an exception to this protocol"),
    ("outside_requests", "Brady v. Maryland, 373 U.S. 83 (1963)"),
    ("outside_requests", "Giglio v. United States, 405 U.S. 150 (1972)"),
    ("outside_requests", "Kyles v. Whitley, 514 U.S. 419 (1995)"),
    ("outside_requests", "nor any duty under the rules of discovery that apply"),
    # 3. Binding force.
    ("legal_status", "agrees with every other member agency to three duties"),
    ("legal_status", "These duties continue, for the information an agency received"),
    ("legal_status", "after that agency withdraws and after this protocol ends"),
    ("legal_status", "enforceable at law or otherwise by any person who is not a member agency"),
    ("legal_status", "does not obligate any member agency to spend funds"),
    ("term", "does not end the duties an agency accepted"),
    # 5. The closing clauses.
    ("governing_law", "under the law of [State], except where federal law applies"),
    ("severability", "the rest of this protocol remains in full effect"),
    ("counterparts", "may be signed in counterparts"),
    ("counterparts", "A signature made electronically"),
    ("notices", "to the point person of each member agency it concerns"),
    ("notices", "and to the task force coordinator"),
    ("notices", "by hand, by mail, or by email"),
    ("precedence", "the special conditions of its grant awards and its CJIS user agreement"),
    ("precedence", "then the task force's memorandum of understanding"),
    ("own_staff", "for the acts and omissions of its own staff"),
    ("joining", "by signing a written joinder"),
    ("joining", "when every member agency has approved it in writing"),
    ("joining", "When the task force's lead agency changes"),
    ("emergency", "an imminent threat to the life or safety of a person"),
    ("emergency", "the VOCA rule (28 CFR 94.115), most often a victim service provider"),
    ("emergency", "the VAWA confidentiality provision (34 U.S.C. 12291(b)(2))"),
    ("emergency", "Law enforcement and prosecution agencies share under the law"),
    ("emergency", "(28 CFR 23.20(f)(2))"),
    ("emergency", "only as the HIPAA Privacy Rule allows, for example under 45 CFR 164.512(j)"),
    # 7. One breach procedure: the oversight provision refers to it.
    ("oversight", "as the breach response procedure of this protocol says"),
    ("oversight", "this provision sets no other deadline or recipient"),
    # 8. Retention that agrees with itself.
    ("retention", "The log names no victim"),
    ("retention", "only by the agency's own case reference"),
    ("retention", "is kept no longer than the limit above"),
    ("retention", "Information under a litigation hold is not destroyed"),
    ("retention", "discovery request or public records request that covers the information"),
]
SOFTWARE = re.compile(r"\bisp\b|isp_cli", re.I)
KEPT_VALUES: dict[str, dict[str, Any]] = {
    "term": {"effective_date": dt.date(2027, 1, 1), "term_years": 3, "notice_days": 30},
    "retention": {"identifying_years": 3, "log_years": 5},
    "publishing": {"small_count": 10},
    "emergency": {"emergency_notice_hours": 24},
    "joining": {"lead_review_days": 90},
}


def undecided_data() -> dict[str, Any]:
    """The minimal session: no provision decided; the breach steps recorded."""
    data = minimal_data() | {"isp": SCHEMA_VERSION}
    data["items"]["process.breach"] = {"status": "include", "response": "As below."}
    data["breach"] = {"coordinator": "the task force coordinator", "report_hours": 24,
                      "notify_hours": 48}  # fmt: skip
    return data


def kept_data() -> dict[str, Any]:
    """The same session with every provision kept, every value given."""
    data = undecided_data()
    data["provisions"] = {
        p.id: {"status": "keep"} | ({"values": KEPT_VALUES[p.id]} if p.values else {})
        for p in builtin_provisions().provisions
    }
    return data


@pytest.fixture(params=["undecided", "kept"])
def document(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    data = undecided_data() if request.param == "undecided" else kept_data()
    return open_docx(render_protocol(file=write_session(tmp_path, data)).path)


def _section(document: Any, heading: str) -> str:
    """The text of the section under the level-2 heading that ends with ``heading``."""
    lines: list[str] = []
    inside = False
    for paragraph in document.paragraphs:
        style = paragraph.style.name if paragraph.style is not None else ""
        if style.startswith("Heading "):
            inside = style == "Heading 2" and paragraph.text.endswith(f" {heading}")
            continue
        if inside:
            lines.append(paragraph.text)
    assert lines, f"no section {heading!r}"
    return "\n".join(lines)


def test_every_value_of_the_kept_session_is_given() -> None:
    for provision in builtin_provisions().provisions:
        assert {v.id for v in provision.values} == set(KEPT_VALUES.get(provision.id, {}))


def test_each_clause_is_in_its_provision_with_its_citation(document: Any) -> None:
    headings_by_id = {p.id: p.heading for p in builtin_provisions().provisions}
    for provision_id, words in CLAUSES:
        section = " ".join(_section(document, headings_by_id[provision_id]).split())
        assert words in section, (provision_id, words)


def test_every_provision_is_in_the_document_once(document: Any) -> None:
    titles = [t for level, t in headings(document) if level == 2]
    for provision in builtin_provisions().provisions:
        found = [t for t in titles if re.fullmatch(rf"6\.\d+ {re.escape(provision.heading)}", t)]
        assert len(found) == 1, provision.heading


def test_no_bracket_inside_another(document: Any) -> None:
    depth = 0
    text = body_text(document)
    for n, char in enumerate(text):
        if char == "[":
            depth += 1
            assert depth == 1, f"a bracket inside another: …{text[max(0, n - 80) : n + 40]}…"
        elif char == "]":
            depth = max(0, depth - 1)
    assert depth == 0


def test_the_document_never_names_the_software(document: Any) -> None:
    text = body_text(document)
    assert not SOFTWARE.search(text), SOFTWARE.search(text)


def test_the_breach_procedure_is_stated_once(document: Any) -> None:
    text = body_text(document)
    steps = _section(document, "Breach response")
    for words in (
        "tells the task force coordinator and the agency that provided the information within "
        "24 hours of discovering it",
        "tells every member agency within 48 hours of that report",
        "without any personally identifying information about the victims concerned",
        "decides, with the victim service provider that serves the victim, whether, how and "
        "when each affected victim is told, as the law that applies to each of them requires",
        "HIPAA (45 CFR 164.400-414) and of 42 CFR Part 2 (42 CFR 2.16",
    ):
        assert words in steps, words
        assert text.count(words) == 1, words  # nowhere else
    oversight = _section(document, "Oversight and compliance")
    assert not re.search(r"\d+ hours|\[To be completed", oversight)  # no deadline of its own
    assert "within" not in oversight


def test_what_the_kept_session_shows_for_its_values(tmp_path: Path) -> None:
    document = open_docx(render_protocol(file=write_session(tmp_path, kept_data())).path)
    text = " ".join(body_text(document).split())
    assert "the task force coordinator within 24 hours, and records what it shared" in text
    assert "review this protocol within 90 days" in text
    assert "for 5 years. The log names no victim" in text
    assert "Counsel to confirm" not in _section(document, "Governing law")
    assert "[To be completed" not in text.split("General provisions")[-1]


# Old session files: oversight's retired value ---------------------------------------------


def _old_session(tmp_path: Path, values: dict[str, Any]) -> Path:
    data = undecided_data()
    data["provisions"] = {"oversight": {"status": "keep", "values": values}}
    return write_session(tmp_path, data)


def test_an_old_oversight_deadline_still_loads_and_is_kept_but_not_printed(
    tmp_path: Path, checklist: Any
) -> None:
    path = _old_session(tmp_path, {"breach_notice_hours": 12})
    session, _ = load_session(path)
    assert session.provisions["oversight"].values == {"breach_notice_hours": 12}
    save_session(session, path, checklist)
    assert load(path)["provisions"]["oversight"] == {
        "status": "keep",
        "values": {"breach_notice_hours": 12},
    }
    oversight = _section(open_docx(render_protocol(file=path).path), "Oversight and compliance")
    assert "12" not in oversight and "breach response procedure" in oversight


def test_the_retired_value_is_no_loophole_for_others(tmp_path: Path) -> None:
    with pytest.raises(SessionError, match=r"the provision 'oversight' has no value 'hours'"):
        load_session(_old_session(tmp_path, {"breach_notice_hours": 12, "hours": 12}))
    (tmp_path / "b").mkdir()
    with pytest.raises(SessionError, match=r"provisions → oversight → values"):
        load_session(_old_session(tmp_path / "b", {"breach_notice_hours": "soon"}))


def test_the_interview_no_longer_asks_for_the_deadline_and_keeps_it(
    tmp_path: Path, user: Any
) -> None:
    session, _ = load_session(_old_session(tmp_path, {"breach_notice_hours": 12}))
    script = user([("provisions.oversight.status", "keep")])
    oversight = builtin_provisions().get("oversight")
    assert oversight is not None
    ask_provision(session, oversight, lambda text: None, script.ask)
    assert session.provisions["oversight"].values == {"breach_notice_hours": 12}
    assert any("breach response procedure" in s for s in script.said)


def test_provisions_file_states_each_citation_it_relies_on() -> None:
    """Each citation above is in provisions.yaml exactly as the tests read it."""
    raw = yaml.safe_load((REPO / "provisions.yaml").read_text(encoding="utf-8"))
    models = " ".join(p["model"] for p in raw["provisions"])
    for citation in ("34 U.S.C. 12291(b)(2)(C)", "28 CFR 94.115(b)", "28 CFR 23.20(f)(2)",
                     "45 CFR 164.512(j)", "Strickler v. Greene, 527 U.S. 263, 280-82 (1999)"):  # fmt: skip
        assert citation in models, citation
