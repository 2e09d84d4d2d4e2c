"""The docs cannot drift: every command and option in --help is in the reference, and
every link in the README and docs/ leads to a file that exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from helpers.paths import REPO
from isp_cli.cli import app

COMMANDS_DOC = REPO / "docs" / "reference" / "commands.md"
PAGES = [REPO / "README.md", REPO / "CONTRIBUTING.md", *sorted((REPO / "docs").rglob("*.md"))]


def _help(*args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--help"], prog_name="isp", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.output


def _commands() -> list[str]:
    return [c.name or c.callback.__name__.replace("_", "-") for c in app.registered_commands]  # type: ignore[union-attr]


def _sections() -> dict[str, str]:
    """The reference's text under each ``## `isp NAME` `` heading, by NAME."""
    text = COMMANDS_DOC.read_text(encoding="utf-8")
    parts = re.split(r"^## `isp ?([a-z-]*)`\s*$", text, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_every_command_has_its_section_and_no_other() -> None:
    assert set(_sections()) == {"", *_commands()}


@pytest.mark.parametrize("command", _commands())
def test_every_option_of_a_command_is_in_its_section(command: str) -> None:
    section = _sections()[command]
    options = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", _help(command))) - {"--help"}
    missing = sorted(o for o in options if o not in section)
    assert not missing, f"docs/reference/commands.md, isp {command}: {missing}"


def test_the_options_of_isp_alone_are_in_its_section() -> None:
    options = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", _help())) - {"--help"}
    assert all(o in _sections()[""] for o in options)


def _links(page: Path) -> list[str]:
    tokens = MarkdownIt("commonmark").parse(page.read_text(encoding="utf-8"))
    found = []
    for token in tokens:
        for child in token.children or []:
            if child.type == "link_open":
                found.append(str(child.attrs.get("href", "")))
    return found


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_relative_link_leads_to_a_file(page: Path) -> None:
    broken = []
    for href in _links(page):
        if re.match(r"^[a-z]+:", href) or href.startswith("#"):
            continue
        target = (page.parent / href.split("#", 1)[0]).resolve()
        if not target.exists():
            broken.append(href)
    assert not broken, f"{page.relative_to(REPO)}: {broken}"


def test_the_readme_stays_short() -> None:
    assert len((REPO / "README.md").read_text(encoding="utf-8").splitlines()) < 300
