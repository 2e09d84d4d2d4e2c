"""The lead agency and the task force coordinator (issue 24, point 4): named in the
protocol's details and definitions, open points until named, asked at 80x24, and kept
true when an agency is renamed or removed."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from helpers.docx_checks import body_text, open_docx
from helpers.paths import EXAMPLE
from helpers.platforms import needs_pty
from helpers.screen import DOWN, ENTER, Screen, isp_env
from helpers.sessions import minimal_data, write_session
from isp_cli.commands.render import render_protocol
from isp_cli.storage.session_file import load_session

POLICE = "Metro Police Department"
COORDINATOR = "S. Patel, Task Force Coordinator, Metro Police Department"


def details_table(document: Any) -> dict[str, str]:
    table = document.tables[0]
    return {row.cells[0].text: row.cells[1].text for row in table.rows[1:]}


def test_the_example_names_its_lead_agency_and_coordinator(tmp_path: Path) -> None:
    document = open_docx(render_protocol(file=shutil.copy(EXAMPLE, tmp_path / "s.isp.yaml")).path)
    details = details_table(document)
    assert details["Lead agency"] == POLICE
    assert details["Task force coordinator"] == COORDINATOR
    text = " ".join(body_text(document).split())
    assert f"The lead agency is the {POLICE}." in text
    assert f"The coordinator is {COORDINATOR}." in text


def test_unnamed_they_are_open_points_and_placeholders(tmp_path: Path, cli: Any) -> None:
    path = write_session(tmp_path, minimal_data())
    code, out, _ = cli("status", str(path))
    assert code == 0
    said = " ".join(out.split())
    assert "The lead agency is not named yet." in said
    assert "The task force coordinator is not named yet." in said
    document = open_docx(render_protocol(file=path).path)
    details = details_table(document)
    assert details["Lead agency"] == "[Lead agency]"
    assert details["Task force coordinator"] == "[Task force coordinator]"
    text = body_text(document)
    assert "The lead agency is the" not in text
    # Appendix B lists them with the other open points.
    assert "The lead agency is not named yet." in " ".join(text.split())


def test_a_lead_agency_that_is_not_a_member_is_refused_in_one_line(
    tmp_path: Path, cli: Any
) -> None:
    data = minimal_data()
    data["protocol"]["lead_agency"] = "Metro Police Dept"
    path = write_session(tmp_path, data)
    before = path.read_bytes()
    code, out, err = cli("status", str(path))
    assert code != 0 and "Traceback" not in err and out == ""
    said = " ".join(err.split())
    assert "the lead agency 'Metro Police Dept' is not one of the member agencies" in said
    assert f"did you mean '{POLICE}'?" in said and "line 10" in said
    assert path.read_bytes() == before


def test_renaming_or_removing_the_lead_agency_follows_it(tmp_path: Path) -> None:
    session, _ = load_session(shutil.copy(EXAMPLE, tmp_path / "s.isp.yaml"))
    session.rename_agency(POLICE, "Metro City Police Department")
    assert session.protocol.lead_agency == "Metro City Police Department"
    session.drop_agency("Metro City Police Department", with_flows=False)
    assert session.protocol.lead_agency is None


def test_naming_them_after_approvals_is_a_change_of_the_text(tmp_path: Path) -> None:
    session, _ = load_session(shutil.copy(EXAMPLE, tmp_path / "s.isp.yaml"))
    police = session.agencies[0]
    assert police.approval is not None and not session.is_stale(police.approval)
    session.protocol.coordinator = "D. Reyes, Task Force Coordinator, Metro Police Department"
    assert session.is_stale(police.approval)


@needs_pty
def test_asked_on_the_screen_with_the_details(tmp_path: Path) -> None:
    """isp edit FILE details at 80x24: after the details, the lead agency is picked from
    the member agencies and the coordinator typed; both saved."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    del data["protocol"]["lead_agency"], data["protocol"]["coordinator"]
    (tmp_path / "s.isp.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    env = dict(isp_env(), TERM="xterm", NO_COLOR="1")
    with Screen(tmp_path, "edit", "s.isp.yaml", "details", size=(24, 80), env=env) as term:
        for prompt in ("Name of the task force", "What does this protocol cover", "Title of",
                       "Jurisdiction"):  # fmt: skip
            term.wait_for(prompt)
            term.pause(0.2)
            term.keys(ENTER)  # each kept as it is
        shown = term.wait_for("Not decided yet")
        assert "Which member agency is the lead agency" in " ".join(" ".join(shown).split())
        assert all(len(line) <= 80 for line in shown)
        term.keys(DOWN, ENTER)  # the second agency
        term.wait_for("The task force coordinator")
        term.type("J. Okafor, Coordinator, Safe Harbor Survivor Services")
        term.keys(ENTER)
        term.wait_for("Saved in")
        assert term.wait_exit() == 0
    saved = yaml.safe_load((tmp_path / "s.isp.yaml").read_text(encoding="utf-8"))
    assert saved["protocol"]["lead_agency"] == "Safe Harbor Survivor Services"
    assert saved["protocol"]["coordinator"] == (
        "J. Okafor, Coordinator, Safe Harbor Survivor Services"
    )
