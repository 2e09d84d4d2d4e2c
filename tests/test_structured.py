"""The structured parts: the authorities catalog, schema version 2 and its upgrade,
validation of names and ids, and the tables in the protocol."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers.docx_checks import AUTHORITIES_HEADER, authority_rows, open_docx
from helpers.paths import EXAMPLE, REPO
from helpers.sessions import minimal_data
from helpers.sessions import write_session as write
from isp_cli.commands.render import render_protocol
from isp_cli.errors import IspError, SessionError
from isp_cli.model.session import SCHEMA_VERSION
from isp_cli.storage.resources import catalog, data_path, load_catalog
from isp_cli.storage.session_file import load_session, save_session
from isp_cli.storage.upgrades import upgrade, upgrade_1_to_2

REQUIRED = {
    "vawa-confidentiality": "34 U.S.C. 12291(b)(2)",
    "voca-confidentiality": "28 CFR 94.115",
    "fvpsa-confidentiality": "42 U.S.C. 10406(c)(5)",
    "hipaa-privacy-rule": "45 CFR Part 160",
    "hipaa-deidentification": "164.514",
    "part2-sud-records": "42 CFR Part 2",
    "ferpa": "20 U.S.C. 1232g; 34 CFR Part 99",
    "immigration-confidentiality-1367": "8 U.S.C. 1367",
    "cjis-security-policy": "(CJIS) Security Policy",
    "criminal-intelligence-28cfr23": "28 CFR Part 23",
    "brady-v-maryland": "Brady v. Maryland, 373 U.S. 83 (1963)",
    "giglio-v-united-states": "Giglio v. United States, 405 U.S. 150 (1972)",
}


def structured_data() -> dict[str, Any]:
    data = minimal_data()
    data["isp"] = 2
    data["agencies"].append({"name": "Safe Harbor", "discipline": "victim-services"})
    data["flows"] = [
        {
            "information": "tips-leads",
            "provided_by": ["Metro Police Department"],
            "shared_with": ["Safe Harbor"],
            "condition": "supervisor-approval",
        }
    ]
    return data


# The catalog ---------------------------------------------------------------------


def test_catalog_ids_unique_sourced_and_required_present() -> None:
    # The shipped catalog is built without validation at run time: validate it here.
    assert load_catalog(data_path("authorities.yaml")) == catalog()
    entries = catalog().authorities
    assert len({e.id for e in entries}) == len(entries) >= 15
    for entry in entries:
        assert entry.source.startswith(("https://", "http://")), entry.id
        assert entry.description and entry.applies_to and entry.checked
    for authority_id, citation in REQUIRED.items():
        entry = catalog().get(authority_id)
        assert entry is not None, authority_id
        assert citation in entry.citation


def test_1367_binds_dhs_doj_and_state_officials() -> None:
    entry = catalog().get("immigration-confidentiality-1367")
    assert entry is not None
    for who in ("Department of Justice", "Departments of Homeland Security and State"):
        assert who in entry.applies_to
    assert "officials and employees" in entry.applies_to
    assert "does not bind local police" in entry.applies_to


def test_descriptions_say_what_the_law_covers_not_what_to_do() -> None:
    for entry in catalog().authorities:
        assert "should" not in entry.description.lower(), entry.id
        # One sentence each, short enough for a table cell on a portrait page.
        assert len(entry.description.split()) <= 45, entry.id
        assert len(entry.applies_to.split()) <= 35, entry.id
        assert entry.description.count(". ") == 0, entry.id


def test_catalog_refuses_unknown_keys_and_duplicates(tmp_path: Path) -> None:
    text = (REPO / "authorities.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "a.yaml"
    bad.write_text(text.replace("    checked:", "    chekced:", 1), encoding="utf-8")
    with pytest.raises(IspError, match=r"line \d+.*'chekced'.*did you mean 'checked'"):
        load_catalog(bad)
    data = yaml.safe_load(text)
    data["authorities"].append(copy.deepcopy(data["authorities"][0]))
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(IspError, match="used twice"):
        load_catalog(bad)


# Schema version 2 ------------------------------------------------------------------


def test_upgrade_function_1_to_2() -> None:
    old = {"isp": 1, "checklist": "ecm-isp", "items": {}}
    assert upgrade_1_to_2(old) == {"isp": 2, "checklist": "ecm-isp", "items": {}}
    assert old["isp"] == 1  # a new dict: the input is untouched
    assert upgrade(old, 2, "f") == {"isp": 2, "checklist": "ecm-isp", "items": {}}
    with pytest.raises(SessionError, match="'flows' is part of session schema version 2"):
        upgrade({"isp": 1, "checklist": "x", "flows": []}, 2, "f")


def test_version_1_loads_renders_unchanged_and_is_saved_as_2(
    tmp_path: Path, cli: Any, checklist: Any
) -> None:
    path = write(tmp_path, minimal_data())
    before = path.read_bytes()
    session, _ = load_session(path)
    assert session.isp == SCHEMA_VERSION == 3
    for command in (["status"], ["render"], ["check"], ["agenda"], ["diff", str(path)]):
        code, _, err = cli(*command[:1], str(path), *command[1:])
        assert code in (0, 3), err
    assert path.read_bytes() == before  # reading commands never rewrite the file
    save_session(session, path, checklist)
    assert "\nisp: 3\n" in path.read_text(encoding="utf-8")


def test_mislabelled_version_1_file_names_the_line(tmp_path: Path) -> None:
    data = structured_data()
    data["isp"] = 1
    path = write(tmp_path, data)
    with pytest.raises(SessionError, match=r"line \d+ \(isp\).*change it to 'isp: 2'"):
        load_session(path)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["flows"][0].update(provided_by=["Metro Police Departmnet"]),
            r"line 3\d \(flows → 0 → provided_by → 0\).*did you mean 'Metro Police Department'",
        ),
        (
            lambda d: d["flows"][0].update(information="tips-lead"),
            r"\(flows → 0 → information\): 'tips-lead' is not a known kind.*'tips-leads'",
        ),
        (
            lambda d: d["flows"][0].update(condition="supervisor"),
            r"\(flows → 0 → condition\).*did you mean 'supervisor-approval'",
        ),
        (
            lambda d: d.update(authorities={"federal": ["ferpa", "brady-v-maryand"]}),
            r"\(authorities → federal → 1 → id\).*did you mean 'brady-v-maryland'",
        ),
        (
            lambda d: d.update(point_persons=[{"agency": "Safe Harbour", "name": "J"}]),
            r"\(point_persons → 0 → agency\).*did you mean 'Safe Harbor'",
        ),
        (
            lambda d: d["flows"][0].update(shared_with=["all-members", "Safe Harbor"]),
            r"\(flows → 0 → shared_with\): 'all-members' stands alone",
        ),
    ],
)
def test_unknown_names_and_ids_name_file_line_key_and_closest(
    tmp_path: Path, change: Any, message: str
) -> None:
    data = structured_data()
    change(data)
    path = write(tmp_path, data)
    before = path.read_bytes()
    with pytest.raises(SessionError, match=message) as caught:
        load_session(path)
    assert str(caught.value).startswith(str(path))
    assert path.read_bytes() == before


def test_newer_isp_refusal_still_clear(tmp_path: Path) -> None:
    data = structured_data()
    data["isp"] = SCHEMA_VERSION + 1
    with pytest.raises(SessionError, match=r"newer isp.*reads up to 3"):
        load_session(write(tmp_path, data))


# The document -----------------------------------------------------------------------


def _table_headers(document: Any) -> list[list[str]]:
    return [[c.text for c in table.rows[0].cells] for table in document.tables]


def test_example_protocol_has_the_three_tables_and_the_procedure(tmp_path: Path) -> None:
    session = tmp_path / "sample.isp.yaml"
    shutil.copy(EXAMPLE, session)
    result = render_protocol(file=session)
    document = open_docx(result.path)
    headers = _table_headers(document)
    assert ["Information", "Provided by", "Shared with", "Condition"] in headers
    assert AUTHORITIES_HEADER in headers
    assert ["Agency", "Point person", "Alternate", "Contact"] in headers
    flows = next(t for t in document.tables if t.rows[0].cells[0].text == "Information")
    rows = [[c.text for c in row.cells] for row in flows.rows[1:]]
    assert [
        "Case status updates",
        "Metro County Prosecutor's Office",
        "Case-holding members only",
        "Supervisor approval",
    ] in rows
    text = "\n".join(p.text for p in document.paragraphs)
    assert (
        "Advocacy case file held by Safe Harbor Survivor Services is never "
        "shared with Metro Police Department and Metro County Prosecutor's Office under this "
        "protocol."
    ) in text
    assert "within 24 hours of discovering it" in text
    cited = [row[1] for row in authority_rows(document).values()]
    brady = catalog().get("brady-v-maryland")
    assert brady is not None and brady.citation in cited
    assert brady.citation.startswith("Brady v. Maryland, 373 U.S. 83 (1963);")
    assert "[State statute citation]" in cited
    assert "could not" not in text  # the catalog's unverified notes are never printed


def test_typed_text_in_tables_is_literal(tmp_path: Path) -> None:
    data = structured_data()
    data["flows"][0].update(information="other", label="**Not bold** | pipe {{ x }}")
    data["items"]["shared.providers_recipients"] = {"status": "include", "response": "x"}
    result = render_protocol(file=write(tmp_path, data), fmt="md")
    text = result.path.read_text(encoding="utf-8")
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").enable("table").render(text)
    # Read back by a CommonMark parser, the label is literal text in its own cell.
    assert "<td>**Not bold** | pipe {{ x }}</td>" in html
    assert "<strong>" not in html.split("Not bold")[0][-30:]


def test_version_1_document_is_what_it_was_before_version_2(tmp_path: Path) -> None:
    """The template's structured line adds nothing, not even a blank line, when empty."""
    template = (REPO / "templates" / "protocol.md.j2").read_text(encoding="utf-8")
    line = "{% if item.structured %}\n\n{{ item.structured }}\n{% endif -%}\n"
    assert line in template
    without = tmp_path / "before.md.j2"
    without.write_text(template.replace(line, ""), encoding="utf-8")
    path = tmp_path / "old.isp.yaml"
    path.write_text(yaml.safe_dump(minimal_data(), sort_keys=False), encoding="utf-8")
    now = render_protocol(file=path, fmt="md", out=tmp_path / "now.md").path
    before = render_protocol(file=path, fmt="md", out=tmp_path / "b.md", template=without).path
    assert now.read_text(encoding="utf-8") == before.read_text(encoding="utf-8")
