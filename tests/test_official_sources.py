"""Where counsel reads the official text: every catalog entry names it (``official``), the
U.S. Code, CFR and U.S. Reports addresses follow the entry's own citation, and the
protocol's Appendix C prints it for each federal authority."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from markdown_it import MarkdownIt

from helpers.docx_checks import open_docx
from helpers.paths import EXAMPLE, REPO
from helpers.sessions import write_session
from isp_cli.commands.render import render_protocol
from isp_cli.errors import IspError
from isp_cli.model.authorities import OFFICIAL, Authority
from isp_cli.storage.resources import catalog, load_catalog

APPENDIX = "Appendix C. Sources of the legal authorities"
HOSTS = {"uscode.house.gov", "www.ecfr.gov", "tile.loc.gov", "www.fbi.gov", "www.uscis.gov"}
USC = (
    "https://uscode.house.gov/view.xhtml?req=granuleid:USC-prelim-title{title}-section{section}"
    "&num=0&edition=prelim"
)
CFR = "https://www.ecfr.gov/current/title-{title}/{unit}"
REPORTS = (
    "https://tile.loc.gov/storage-services/service/ll/usrep/"
    "usrep{volume}/usrep{volume}{page:0>3}/usrep{volume}{page:0>3}.pdf"
)
# The texts a citation names, each with the official address it has. A section number
# may carry letters and a hyphenated part (552a, 1232g, 290dd-2); a subsection does not
# belong in the address.
CITED = {
    "usc": re.compile(r"\b(?P<title>\d+) U\.S\.C\. (?P<section>\d+[a-z]*(?:-\d+[a-z]*)?)"),
    "cfr-part": re.compile(r"\b(?P<title>\d+) CFR Part (?P<part>\d+)\b"),
    "cfr-section": re.compile(r"\b(?P<title>\d+) CFR (?P<section>\d+\.\d+)\b"),
    "case": re.compile(r"\b(?P<volume>\d+) U\.S\. (?P<page>\d+)\b"),
    "form": re.compile(r"\bForm (?P<form>I-\d+)\b"),
}


def expected_official(citation: str) -> str | None:
    """The official address of the first text ``citation`` names, if isp can build it."""
    found = [(m.start(), kind, m) for kind, rx in CITED.items() for m in rx.finditer(citation)]
    if not found:
        return None
    _, kind, match = min(found, key=lambda f: f[0])
    if kind == "usc":
        return USC.format(**match.groupdict())
    if kind == "cfr-part":
        return CFR.format(title=match["title"], unit=f"part-{match['part']}")
    if kind == "cfr-section":
        return CFR.format(title=match["title"], unit=f"section-{match['section']}")
    if kind == "case":
        return REPORTS.format(**match.groupdict())
    return f"https://www.uscis.gov/{match['form'].lower()}"


# The catalog ----------------------------------------------------------------------------


def test_every_entry_names_its_official_text_on_an_official_host() -> None:
    for authority in catalog().authorities:
        url = urlsplit(authority.official)
        assert url.scheme == "https", authority.id
        host = url.hostname or ""
        assert host in HOSTS or host.endswith(".gov"), authority.id
        assert url.path.startswith("/") and len(url.path) > 1, authority.id
        assert not re.search(r"\s", authority.official), authority.id
        if authority.official == authority.source:  # never an unofficial copy as official
            assert authority.verification == OFFICIAL, authority.id


def test_the_official_address_follows_the_first_text_the_citation_names() -> None:
    for authority in catalog().authorities:
        expected = expected_official(authority.citation)
        if expected is None:  # no U.S. Code, CFR, case or form cited: the agency's page
            assert urlsplit(authority.official).hostname not in {
                "uscode.house.gov",
                "www.ecfr.gov",
                "tile.loc.gov",
            }, authority.id
            continue
        assert authority.official == expected, (authority.id, authority.citation)


@pytest.mark.parametrize(
    ("authority_id", "official"),
    [
        (
            "vawa-confidentiality",  # 34 U.S.C. 12291(b)(2): the section, not (b)(2)
            "https://uscode.house.gov/view.xhtml?req=granuleid:USC-prelim-title34-section12291"
            "&num=0&edition=prelim",
        ),
        (
            "part2-sud-records",  # a section number with letters and a hyphen
            "https://uscode.house.gov/view.xhtml?req=granuleid:USC-prelim-title42-section290dd-2"
            "&num=0&edition=prelim",
        ),
        ("voca-confidentiality", "https://www.ecfr.gov/current/title-28/section-94.115"),
        ("ovw-nondisclosure-rule", "https://www.ecfr.gov/current/title-28/section-90.4"),
        ("criminal-intelligence-28cfr23", "https://www.ecfr.gov/current/title-28/part-23"),
        (
            "brady-v-maryland",  # the first of the four cases cited, page zero-padded
            "https://tile.loc.gov/storage-services/service/ll/usrep/usrep373/usrep373083/usrep373083.pdf",
        ),
        (
            "cjis-security-policy",
            "https://www.fbi.gov/services/cjis/cjis-security-policy-resource-center",
        ),
        ("t-visa-lea-declaration", "https://www.uscis.gov/i-914"),
    ],
)
def test_official_addresses_built_by_hand(authority_id: str, official: str) -> None:
    found = catalog().get(authority_id)
    assert found is not None
    assert found.official == official


def test_the_catalog_requires_an_official_https_address(tmp_path: Path) -> None:
    text = (REPO / "authorities.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "a.yaml"
    data = yaml.safe_load(text)
    missing = copy.deepcopy(data)
    del missing["authorities"][0]["official"]
    bad.write_text(yaml.safe_dump(missing), encoding="utf-8")
    with pytest.raises(IspError, match="official"):
        load_catalog(bad)
    entry = catalog().authorities[0].model_dump()
    for value in ("http://www.ecfr.gov/current/title-28/part-23", "ecfr.gov", "https://a b.gov/"):
        with pytest.raises(ValueError, match="official"):
            Authority(**(entry | {"official": value}))


# The protocol ---------------------------------------------------------------------------


def appendix_items(document: Any) -> list[str]:
    """The paragraphs after Appendix C's heading (the last one: the first is in the TOC)."""
    texts = [p.text for p in document.paragraphs]
    start = len(texts) - 1 - texts[::-1].index(APPENDIX)
    return [text for text in texts[start + 1 :] if text.strip()]


def official_line(items: list[str], authority: Authority) -> list[str]:
    item = next((text for text in items if text.startswith(authority.name)), None)
    assert item is not None, authority.id
    return item.split("\n")


def test_the_examples_appendix_c_gives_each_official_text_on_its_own_line(
    tmp_path: Path,
) -> None:
    session = tmp_path / "example.isp.yaml"
    session.write_bytes(EXAMPLE.read_bytes())
    items = appendix_items(open_docx(render_protocol(file=session).path))
    named = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))["authorities"]["federal"]
    assert named
    for chosen in named:
        authority = catalog().get(chosen["id"])
        assert authority is not None
        lines = official_line(items, authority)
        # Name and citation, then where to read the official text, then what was checked.
        assert lines[0].startswith(authority.name) and authority.citation in lines[0]
        assert lines[1] == f"Official text: {authority.official}", authority.id
        assert lines[2].startswith("Date checked: ") and authority.source in lines[2]


def test_every_catalog_entry_prints_its_official_text(tmp_path: Path) -> None:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    agency = data["agencies"][0]["name"]
    data["authorities"]["federal"] = [
        {"id": authority.id, "binds": [agency]} for authority in catalog().authorities
    ]
    session = write_session(tmp_path, data, name="all.isp.yaml")
    items = appendix_items(open_docx(render_protocol(file=session).path))
    for authority in catalog().authorities:
        assert f"Official text: {authority.official}" in official_line(items, authority)
    markdown = render_protocol(file=session, fmt="md").path.read_text(encoding="utf-8")
    appendix = markdown[markdown.rindex(f"# {APPENDIX}") :]
    html = MarkdownIt("commonmark").render(appendix)
    for authority in catalog().authorities:
        assert f"Official text: {authority.official}" in appendix, authority.id
        # A line of its own in the Markdown too: a CommonMark hard line break before it.
        official = authority.official.replace("&", "&amp;")
        assert f"<br />\nOfficial text: {official}<br />" in html, authority.id
