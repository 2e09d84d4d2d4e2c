"""Property tests: any text a user can type survives save, load, render and read-back."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from helpers.docx_checks import body_text, open_docx
from isp_cli.commands.render import render_protocol
from isp_cli.model.session import Answer, Session
from isp_cli.storage.resources import builtin_checklist
from isp_cli.storage.session_file import load_session, save_session

XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
LIST_MARKER = re.compile(r"^\s*(?:[-*•]|\d{1,3}[.)])\s+", re.MULTILINE)

answers = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400)


def visible(text: str) -> str:
    """The characters a reader sees, in order: no white space, no list markers."""
    return "".join(LIST_MARKER.sub("", XML_INVALID.sub("", text)).split())


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=answers)
@example(text="**bold** _em_ # not a heading <b>tag</b> &amp; &#65; \\* [a](http://b) `c` ~~s~~")
@example(text="- a\n* b\n• c\n1. d\n2) e\n+ f\n> g\n    indented\n---\n===")
@example(text="line one  \nline two\\\nline three\r\nwindows\rmac\u2028sep\x85nel")
@example(text="{{ protocol.title }} {% raw %} {# c #} | a | b |\n|---|---|")
@example(text="\x00\x01\x0b\x0c\x1f\ufffe\uffff control")
def test_any_answer_round_trips_to_the_word_document(tmp_path: Path, text: str) -> None:
    checklist = builtin_checklist()
    template = tmp_path / "only.md.j2"
    template.write_text("{{ items['shared.details'].response | md_blocks }}\n", encoding="utf-8")
    session = Session.start(checklist)
    session.items["shared.details"] = Answer(status="include", response=text)
    path = tmp_path / "p.isp.yaml"
    save_session(session, path, checklist)
    loaded, _ = load_session(path)
    assert loaded.items["shared.details"].response == text
    out = render_protocol(file=path, template=template, force=True).path
    document_text = body_text(open_docx(out))
    assert visible(document_text) == visible(text.strip())
