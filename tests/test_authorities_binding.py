"""Each legal authority names the member agencies it binds (session schema version 3).

What a person sees: the interview's screen per agency at 80x24, the saved session, the
protocol's table (Authority and citation | Binds (member agencies) | What it governs), the
upgrade of a version-2 file's flat list, the load checks, and what status, review and
diff say.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from helpers.docx_checks import authority_rows, open_docx
from helpers.platforms import needs_pty
from helpers.screen import CTRL_S, ENTER, Screen
from helpers.sessions import load, minimal_data
from helpers.sessions import write_session as write
from isp_cli.commands.edit import edit_session
from isp_cli.commands.render import render_protocol
from isp_cli.commands.structured_text import changes, counts_line, part_lines
from isp_cli.errors import SessionError
from isp_cli.interview.questions import DONE
from isp_cli.interview.structured_questions import ADD
from isp_cli.model.structured import AUTHORITIES_ITEM, Authorities, FederalAuthority
from isp_cli.storage.resources import catalog
from isp_cli.storage.session_file import load_session
from isp_cli.storage.upgrades import authorities_2_to_3, upgrade

POLICE, HARBOR, PROSECUTOR, SCHOOLS = (
    "Metro Police Department",
    "Safe Harbor",
    "County Prosecutor",
    "Metro Schools",
)
VAWA = "VAWA confidentiality provision"
VAWA_APPLIES = (
    "Grantees and subgrantees of VAWA grant programs, most funded by the DOJ Office on "
    "Violence Against Women; not agencies without such a grant."
)


def four_agencies(isp: int = 3) -> dict[str, Any]:
    data = minimal_data()
    data["isp"] = isp
    data["agencies"] = [
        {"name": POLICE, "discipline": "law-enforcement"},
        {"name": HARBOR, "discipline": "victim-services"},
        {"name": PROSECUTOR, "discipline": "prosecution"},
        {"name": SCHOOLS, "discipline": "other"},
    ]
    data["items"]["requirements.mandates"] = {"status": "include", "response": "Laws."}
    return data


def version_2() -> dict[str, Any]:
    """A version-2 session: one flat list of ids behind every discipline's screen."""
    data = four_agencies(isp=2)
    data["authorities"] = {
        "federal": ["vawa-confidentiality", "fvpsa-confidentiality", "ferpa", "brady-v-maryland"],
        "state_local": [
            {
                "name": "State child abuse reporting law",
                "citation": "[State statute citation]",
                "applies_to": "Mandated reporters named in the statute",
                "description": "Requires named professionals to report suspected abuse.",
            }
        ],
    }
    return data


def table_rows(path: Path) -> dict[str, list[str]]:
    """The protocol's authorities table read back from the .docx: name -> its cells."""
    return authority_rows(open_docx(path))


# The upgrade from version 2 -------------------------------------------------------------


def test_upgrade_binds_each_id_to_the_agencies_of_the_disciplines_it_was_shown_under() -> None:
    old = version_2()
    before = copy.deepcopy(old)
    new = authorities_2_to_3(old)
    assert old == before  # the input is never changed
    assert new["authorities"]["federal"] == [
        # victim-services, law-enforcement, prosecution: not the school
        {"id": "vawa-confidentiality", "binds": [POLICE, HARBOR, PROSECUTOR]},
        {"id": "fvpsa-confidentiality", "binds": [HARBOR]},
        {"id": "ferpa", "binds": [SCHOOLS]},
        {"id": "brady-v-maryland", "binds": [PROSECUTOR]},
    ]
    local = new["authorities"]["state_local"][0]
    assert local["binds"] == []
    assert local["applies_to"] == "Mandated reporters named in the statute"  # kept
    assert {k: v for k, v in new.items() if k != "authorities"} == {
        k: v for k, v in before.items() if k != "authorities"
    }
    # Through the whole chain, as reading a file does.
    assert upgrade(copy.deepcopy(before), 3, "f")["authorities"] == new["authorities"]


@pytest.mark.parametrize(
    ("authorities", "agencies", "federal"),
    [
        # No member agencies: every entry was shown under "the task force's members".
        ({"federal": ["vawa-confidentiality"]}, [], [{"id": "vawa-confidentiality", "binds": []}]),
        # An unknown id binds none; loading then names it.
        ({"federal": ["vawa-confidental"]}, None, [{"id": "vawa-confidental", "binds": []}]),
        # Not an id: left for validation to report.
        ({"federal": [7, "ferpa"]}, None, [7, {"id": "ferpa", "binds": [SCHOOLS]}]),
    ],
)
def test_upgrade_of_odd_lists(authorities: Any, agencies: Any, federal: Any) -> None:
    data = four_agencies(isp=2) | {"authorities": authorities}
    if agencies is not None:
        data["agencies"] = agencies
    assert authorities_2_to_3(data)["authorities"]["federal"] == federal


@pytest.mark.parametrize(
    "authorities",
    [["vawa-confidentiality"], "vawa", {"federal": "vawa"}, {"state_local": "x"}, None],
)
def test_upgrade_leaves_garbage_shapes_for_validation(authorities: Any) -> None:
    data = four_agencies(isp=2) | {"authorities": authorities}
    assert authorities_2_to_3(data) == data
    assert authorities_2_to_3({"isp": 2, "agencies": "x"}) == {"isp": 2, "agencies": "x"}


def test_a_version_2_file_loads_and_its_table_names_the_agencies(tmp_path: Path) -> None:
    path = write(tmp_path, version_2())
    before = path.read_bytes()
    session, _ = load_session(path)
    assert session.authorities is not None
    assert session.authorities.binding(HARBOR) == ["vawa-confidentiality", "fvpsa-confidentiality"]
    rows = table_rows(render_protocol(file=path).path)
    assert path.read_bytes() == before  # reading never rewrites the file
    assert rows[VAWA][:3] == [VAWA, "34 U.S.C. 12291(b)(2)", f"{POLICE}; {HARBOR}; {PROSECUTOR}"]
    assert rows[VAWA][3].endswith(f"Applies to: {VAWA_APPLIES}")  # whom, as the law says
    assert rows["Family Educational Rights and Privacy Act (FERPA)"][2] == SCHOOLS
    assert rows["State child abuse reporting law"][2] == "No member agency named yet"
    assert rows["State child abuse reporting law"][3].endswith(
        "Applies to: Mandated reporters named in the statute"
    )
    # The Markdown the template makes has the same table.
    md = render_protocol(file=path, fmt="md").path.read_text(encoding="utf-8")
    assert "| Authority and citation | Binds (member agencies) | What it governs |" in md
    assert f"| **{VAWA}**: 34 U.S.C. 12291(b)(2) | {POLICE}; {HARBOR}; {PROSECUTOR} |" in md


def test_a_saved_upgrade_writes_binds_even_when_empty(tmp_path: Path, user: Any) -> None:
    path = write(tmp_path, version_2())
    user(
        [
            ("requirements.mandates.status", "include"),
            ("requirements.mandates.response", lambda q: q.default),
            *[("authorities.federal", lambda q: q.default)] * 4,
            ("authorities.local", DONE),
            ("requirements.mandates.note", ""),
        ]
    )
    edit_session(file=path, target="requirements.mandates")
    data = load(path)
    assert data["isp"] == 3
    assert data["authorities"]["federal"][1] == {"id": "fvpsa-confidentiality", "binds": [HARBOR]}
    assert data["authorities"]["state_local"][0]["binds"] == []
    assert "binds: []" in path.read_text(encoding="utf-8")


# The interview, as a person sees it ------------------------------------------------------


def is_choice(row: str, title: str) -> bool:
    """``row`` is the choice ``title`` of a checkbox list (ticked or not)."""
    return title in row and ("●" in row or "○" in row)


def ticks(rows: list[str], title: str) -> str:
    """The mark ("●" or "○") of the choice ``title`` in a checkbox list on screen."""
    row = next(r for r in rows if is_choice(r, title))
    return "●" if "●" in row else "○"


def on_one_line_or_between_words(rows: list[str], text: str) -> bool:
    """``text`` is on the screen, wrapped only at spaces (never cut inside a word)."""
    return text in " ".join(row.strip() for row in rows)


def check_choice_rows(rows: list[str]) -> None:
    for row in rows:
        assert len(row) <= 80
        if "●" in row or "○" in row:
            title = row.split("●" if "●" in row else "○", 1)[1].strip()
            assert len(title) <= 74, row  # _fit and _clip: one line of the list


@needs_pty
def test_ticks_on_one_agencys_screen_never_change_anothers(tmp_path: Path) -> None:
    """Tick VAWA for the victim services agency, untick it for the prosecutor's office:
    the session and the protocol still say VAWA binds the victim services agency."""
    data = four_agencies()
    data["agencies"] = data["agencies"][:3]
    path = write(tmp_path, data)
    with Screen(tmp_path, "edit", "s.isp.yaml", "requirements.mandates", size=(24, 80)) as term:
        term.wait_for("Your decision:")
        term.keys(ENTER)
        term.wait_for("What should the protocol say?")
        term.keys(CTRL_S)  # keep the answer
        # The police: nothing chosen yet, so the catalog's suggestions are ticked.
        rows = term.wait_for(f"Federal authorities that bind {POLICE} (law enforcement)")
        rows = term.wait_for("Crime Victims' Rights Act")  # the list's last entry
        assert ticks(rows, VAWA) == "●"
        term.keys(" ", ENTER)  # VAWA is the first entry: untick it, go on
        # The victim services agency: the sentence saying why, and VAWA ticked.
        rows = term.wait_for(f"Federal authorities that bind {HARBOR} (victim services)")
        rows = term.wait_for("HIPAA de-identification standard")
        why = (
            "Suggested by the catalog for agencies in victim services, and ticked as a start. "
            f"Each binds only those its text names, such as the {VAWA}: “{VAWA_APPLIES}” "
            "Untick any that does not bind this agency."
        )
        assert on_one_line_or_between_words(rows, why), "\n".join(rows)
        assert ticks(rows, VAWA) == "●"
        check_choice_rows(rows)
        term.keys(ENTER)
        # The prosecutor: VAWA is suggested, ticked; untick it here.
        rows = term.wait_for(f"Federal authorities that bind {PROSECUTOR} (prosecution)")
        rows = term.wait_for("Crime Victims' Rights Act")
        # The longest list (ten entries) and its question fit on the screen at once.
        question = f"Federal authorities that bind {PROSECUTOR} (prosecution): tick those that "
        assert on_one_line_or_between_words(rows, question + "apply; counsel confirms.")
        assert on_one_line_or_between_words(rows, "Untick any that does not bind this agency.")
        assert ticks(rows, VAWA) == "●"
        check_choice_rows(rows)
        term.keys(" ")
        rows = term.wait_until(lambda r: ticks(r, VAWA) == "○", "VAWA unticked")
        term.keys(ENTER)
        term.wait_for("State or local authorities (0 so far")
        term.keys(ENTER)  # done
        term.wait_for("Note for the task force")
        term.keys(ENTER)
        assert term.wait_exit() == 0
    federal = {a["id"]: a["binds"] for a in load(path)["authorities"]["federal"]}
    assert federal["vawa-confidentiality"] == [HARBOR]
    assert PROSECUTOR in federal["brady-v-maryland"]
    rows = table_rows(render_protocol(file=path).path)
    assert rows[VAWA][2] == HARBOR  # not the prosecutor, not the police
    # Asked again, each screen shows what binds that agency, not a shared list.
    with Screen(tmp_path, "edit", "s.isp.yaml", "requirements.mandates", size=(24, 80)) as term:
        term.wait_for("Your decision:")
        term.keys(ENTER)
        term.wait_for("What should the protocol say?")
        term.keys(CTRL_S)
        for agency, mark in ((POLICE, "○"), (HARBOR, "●"), (PROSECUTOR, "○")):
            term.wait_for(f"Federal authorities that bind {agency}")
            rows = term.wait_until(lambda r: any(is_choice(row, VAWA) for row in r), "VAWA's row")
            assert "ticked as a start" not in " ".join(rows)  # chosen already: as saved
            assert ticks(rows, VAWA) == mark, agency
            term.keys(ENTER)
        term.wait_for("State or local authorities (0 so far")
        term.keys(ENTER)
        term.wait_for("Note for the task force")
        term.keys(ENTER)
        assert term.wait_exit() == 0
    assert {a["id"]: a["binds"] for a in load(path)["authorities"]["federal"]} == federal


def test_a_state_law_binds_the_agencies_ticked(tmp_path: Path, user: Any) -> None:
    path = write(tmp_path, four_agencies())
    script = user(
        [
            ("requirements.mandates.status", "include"),
            ("requirements.mandates.response", lambda q: q.default),
            *[("authorities.federal", [])] * 4,
            ("authorities.local", ADD),
            ("authority.name", "State child abuse reporting law"),
            ("authority.citation", "[State statute citation]"),
            ("authority.applies_to", "Mandated reporters"),
            ("authority.description", "Requires reports of suspected abuse."),
            ("authority.binds", [SCHOOLS, HARBOR]),
            ("authorities.local", 0),
            ("authorities.action", "change"),
            ("authority.name", lambda q: q.default),
            ("authority.citation", lambda q: q.default),
            ("authority.applies_to", lambda q: q.default),
            ("authority.description", lambda q: q.default),
            ("authority.binds", lambda q: q.default),
            ("authorities.local", DONE),
            ("requirements.mandates.note", ""),
        ]
    )
    edit_session(file=path, target="requirements.mandates")
    local = load(path)["authorities"]["state_local"]
    assert local == [
        {
            "name": "State child abuse reporting law",
            "citation": "[State statute citation]",
            "applies_to": "Mandated reporters",
            "binds": [HARBOR, SCHOOLS],  # in the agencies' order
            "description": "Requires reports of suspected abuse.",
        }
    ]
    binds = [q for q in script.asked if q.key == "authority.binds"]
    assert [c.value for c in binds[0].choices] == [POLICE, HARBOR, PROSECUTOR, SCHOOLS]
    assert binds[1].default == [HARBOR, SCHOOLS]  # asked again: as saved
    assert "federal" not in load(path)["authorities"]  # nothing ticked for any agency
    md = render_protocol(file=path, fmt="md").path.read_text(encoding="utf-8")
    assert (
        "| **State child abuse reporting law**: [State statute citation] | Safe Harbor; Metro "
        "Schools | Requires reports of suspected abuse. Applies to: Mandated reporters |"
    ) in md


def test_names_in_the_binds_column_are_literal(tmp_path: Path) -> None:
    from markdown_it import MarkdownIt

    data = four_agencies()
    data["agencies"][1]["name"] = "Harbor | *Shelter* {{ x }}"
    data["authorities"] = {
        "federal": [{"id": "fvpsa-confidentiality", "binds": ["Harbor | *Shelter* {{ x }}"]}]
    }
    text = render_protocol(file=write(tmp_path, data), fmt="md").path.read_text(encoding="utf-8")
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<td>Harbor | *Shelter* {{ x }}</td>" in html


# Agencies renamed or removed --------------------------------------------------------------


def bound() -> dict[str, Any]:
    data = four_agencies()
    data["authorities"] = {
        "federal": [
            {"id": "vawa-confidentiality", "binds": [HARBOR, PROSECUTOR]},
            {"id": "brady-v-maryland", "binds": [PROSECUTOR]},
        ],
        "state_local": [{"name": "State privilege law", "binds": [PROSECUTOR]}],
    }
    return data


def test_renaming_an_agency_renames_it_in_what_binds_it(tmp_path: Path, user: Any) -> None:
    path = write(tmp_path, bound())
    user(
        [
            ("agencies.menu", 2),
            ("agencies.action", "change"),
            ("agency.name", "Metro County Prosecutor's Office"),
            ("agency.discipline", "prosecution"),
            ("agency.representative", ""),
            ("agency.title", ""),
            ("agencies.menu", DONE),
        ]
    )
    edit_session(file=path, target="agencies")
    authorities = load(path)["authorities"]
    new = "Metro County Prosecutor's Office"
    assert authorities["federal"][0]["binds"] == [HARBOR, new]
    assert authorities["federal"][1]["binds"] == [new]
    assert authorities["state_local"][0]["binds"] == [new]


@pytest.mark.parametrize("choice", ["names", "keep"])
def test_removing_an_agency_that_authorities_bind_asks_first(
    tmp_path: Path, user: Any, choice: str
) -> None:
    path = write(tmp_path, bound())
    script = user(
        [
            ("agencies.menu", 2),
            ("agencies.action", "remove"),
            ("agencies.referenced", choice),
            ("agencies.menu", DONE),
        ]
    )
    edit_session(file=path, target="agencies")
    question = next(q for q in script.asked if q.key == "agencies.referenced")
    assert question.message.startswith(f"{PROSECUTOR} is named in 3 legal authorities")
    assert [c.value for c in question.choices] == ["names", "keep"]  # no flows to remove
    assert f"• {VAWA} binds {PROSECUTOR}" in script.said
    data = load(path)
    if choice == "keep":
        assert len(data["agencies"]) == 4
        assert data["authorities"] == bound()["authorities"]
        return
    assert [a["name"] for a in data["agencies"]] == [POLICE, HARBOR, SCHOOLS]
    # The authorities stay (the protocol may rely on them), without the agency's name.
    assert data["authorities"]["federal"] == [
        {"id": "vawa-confidentiality", "binds": [HARBOR]},
        {"id": "brady-v-maryland", "binds": []},
    ]
    assert data["authorities"]["state_local"] == [{"name": "State privilege law", "binds": []}]
    rows = table_rows(render_protocol(file=path).path)
    assert rows["Brady v. Maryland (prosecution's duty to disclose favorable evidence)"][2] == (
        "No member agency named yet"
    )


# Load checks -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda a: a["federal"][0]["binds"].append("Safe Harbour"),
            r"line \d+ \(authorities → federal → 0 → binds → 2\): 'Safe Harbour' is not a known "
            r"member agency \(did you mean 'Safe Harbor'\?\)\. Use an agency's name exactly",
        ),
        (
            lambda a: a["state_local"][0].update(binds=["County Prosecuter"]),
            r"line \d+ \(authorities → state_local → 0 → binds → 0\): 'County Prosecuter' is not"
            r" a known member agency \(did you mean 'County Prosecutor'\?\)",
        ),
        (
            lambda a: a["federal"][1].update(id="brady-v-maryand"),
            r"\(authorities → federal → 1 → id\): 'brady-v-maryand' is not a known authority id "
            r"\(did you mean 'brady-v-maryland'\?\)",
        ),
        (
            lambda a: a["federal"].append({"id": "brady-v-maryland", "binds": [POLICE]}),
            r"\(authorities → federal → 2 → id\): 'brady-v-maryland' is listed twice; keep one "
            r"entry and list in its 'binds' every agency it binds",
        ),
        (
            lambda a: a["federal"][1]["binds"].append(PROSECUTOR),
            r"\(authorities → federal → 1 → binds → 1\): 'County Prosecutor' is listed twice",
        ),
        (
            lambda a: a["federal"][0].update(agencies=[HARBOR]),
            r"\(authorities → federal → 0 → agencies\): 'agencies' is not a key isp knows here; "
            r"the keys allowed here are: id, binds",
        ),
    ],
)
def test_load_checks_name_file_line_and_key(
    tmp_path: Path, cli: Any, change: Any, message: str
) -> None:
    data = bound()
    change(data["authorities"])
    path = write(tmp_path, data)
    with pytest.raises(SessionError, match=message) as caught:
        load_session(path)
    assert str(caught.value).startswith(f"{path}, line ")
    code, out, err = cli("status", str(path))
    assert code != 0 and not out
    assert len(err.strip().splitlines()) == 1  # one line, without a traceback
    assert err.startswith(f"isp: {path}, line ")


def test_the_line_is_the_line_of_the_unknown_name(tmp_path: Path) -> None:
    data = bound()
    data["authorities"]["federal"][0]["binds"][1] = "Nobody"
    path = write(tmp_path, data)
    lines = path.read_text(encoding="utf-8").splitlines()
    expected = next(n for n, line in enumerate(lines, 1) if "Nobody" in line)
    with pytest.raises(SessionError, match=rf", line {expected} "):
        load_session(path)


# Status, review and diff ------------------------------------------------------------------


def test_review_status_and_diff_name_the_agencies_each_binds(tmp_path: Path, cli: Any) -> None:
    old_path = write(tmp_path, bound(), "old.isp.yaml")
    data = bound()
    data["authorities"]["federal"][0]["binds"] = [POLICE, HARBOR]
    data["authorities"]["federal"].append({"id": "ferpa", "binds": [SCHOOLS]})
    data["authorities"]["state_local"][0]["binds"] = []
    new_path = write(tmp_path, data, "new.isp.yaml")
    old, _ = load_session(old_path)
    new, _ = load_session(new_path)
    assert part_lines(new, AUTHORITIES_ITEM) == [
        "Legal authorities:",
        f"• {VAWA} (34 U.S.C. 12291(b)(2)): binds {POLICE}; {HARBOR}",
        "• Brady v. Maryland (prosecution's duty to disclose favorable evidence) "
        "(Brady v. Maryland, 373 U.S. 83 (1963); United States v. Agurs, 427 U.S. 97 (1976); "
        "United States v. Bagley, 473 U.S. 667 (1985); Strickler v. Greene, 527 U.S. 263, "
        f"280-82 (1999)): binds {PROSECUTOR}",
        "• Family Educational Rights and Privacy Act (FERPA) (20 U.S.C. 1232g; 34 CFR Part 99): "
        f"binds {SCHOOLS}",
        "• State privilege law: binds no member agency yet",
    ]
    assert changes(old, new) == [
        (
            "Legal authorities",
            [
                "- Added: Family Educational Rights and Privacy Act (FERPA) (20 U.S.C. 1232g; 34 "
                f"CFR Part 99): binds {SCHOOLS}",
                f"- Changed: {VAWA} (34 U.S.C. 12291(b)(2)): binds: {HARBOR}; {PROSECUTOR} -> "
                f"{POLICE}; {HARBOR}",
                f"- Changed: State privilege law: binds: {PROSECUTOR} -> (none)",
            ],
        )
    ]
    assert "4 legal authorities (1 with no member agency named)" in (counts_line(new) or "")
    assert "3 legal authorities," in (counts_line(old) or "")
    code, out, _ = cli("diff", str(old_path), str(new_path))
    assert code == 0
    assert f"binds: {HARBOR}; {PROSECUTOR} -> {POLICE}; {HARBOR}" in out


# The model -------------------------------------------------------------------------------


def test_one_agencys_choice_changes_only_its_own_name() -> None:
    order, agencies = catalog().ids, [POLICE, HARBOR, PROSECUTOR]
    chosen = Authorities(
        federal=[
            FederalAuthority(id="vawa-confidentiality", binds=[HARBOR]),
            FederalAuthority(id="brady-v-maryland", binds=[PROSECUTOR]),
            FederalAuthority(id="ferpa"),  # binds none yet (an upgraded file)
        ]
    )
    offered = ["vawa-confidentiality", "brady-v-maryland", "ferpa", "giglio-v-united-states"]
    chosen.choose_for(
        PROSECUTOR, offered, {"giglio-v-united-states"}, order=order, agencies=agencies
    )
    assert [(a.id, a.binds) for a in chosen.federal] == [
        ("vawa-confidentiality", [HARBOR]),  # not the prosecutor's to untick
        ("ferpa", []),  # bound no one before: stays
        ("giglio-v-united-states", [PROSECUTOR]),
    ]  # Brady: its last agency unticked it
    chosen.choose_for(POLICE, offered, {"vawa-confidentiality"}, order=order, agencies=agencies)
    assert chosen.get("vawa-confidentiality") == FederalAuthority(
        id="vawa-confidentiality", binds=[POLICE, HARBOR]
    )  # in the agencies' order
    assert chosen.binding(POLICE) == ["vawa-confidentiality"]
    assert chosen.ids == ["vawa-confidentiality", "ferpa", "giglio-v-united-states"]
    assert chosen.unbound == 1


def test_authorities_forbid_unknown_keys_and_bare_ids_in_version_3(tmp_path: Path) -> None:
    data = four_agencies()
    data["authorities"] = {"federal": ["vawa-confidentiality"]}
    with pytest.raises(SessionError, match=r"authorities → federal → 0"):
        load_session(write(tmp_path, data))
    data["authorities"] = {"state_local": [{"name": "X", "bind": [POLICE]}]}
    with pytest.raises(SessionError, match=r"'bind'.*did you mean 'binds'"):
        load_session(write(tmp_path, data))
