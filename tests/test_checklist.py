"""The built-in checklist: the whole seed, as validated data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from helpers.paths import REPO, SEED
from isp_cli.errors import ChecklistError
from isp_cli.model.checklist import Checklist
from isp_cli.storage.resources import load_checklist

EXPECTED_IDS = [
    "intro.rationale",
    "intro.contributors",
    "intro.review_schedule",
    "shared.details",
    "shared.victim_rights",
    "shared.current_storage",
    "shared.providers_recipients",
    "shared.circumstances_exceptions",
    "shared.broader_members",
    "requirements.mandates",
    "requirements.agency",
    "requirements.steps",
    "requirements.hipaa",
    "requirements.unlocated_victims",
    "requirements.principles",
    "process.responsible",
    "process.storage",
    "process.confidentiality",
    "process.method",
    "process.electronic_limits",
    "process.breach",
]


def test_sections_and_items_in_seed_order(checklist: Checklist) -> None:
    assert checklist.id == "ecm-isp"
    assert [s.id for s in checklist.sections] == ["intro", "shared", "requirements", "process"]
    assert checklist.item_ids == EXPECTED_IDS
    assert [t.id for t in checklist.topics] == [
        "subcommittee-meetings",
        "shared-administration",
        "victim-referrals",
        "minors",
        "interstate",
    ]
    assert len(checklist.purposes) == 3
    assert checklist.definitions[0].term == "De-identified data"


def test_every_item_has_heading_help_and_no_artifacts(checklist: Checklist) -> None:
    for item in checklist.items:
        assert item.heading and item.help and item.text
        for text in (item.text, item.guidance, item.help):
            assert "**" not in text
        assert not item.text.endswith(")")


def _seed() -> str:
    """The seed checklist: the shared folder's, the repository's ../shared/seed/ unless
    ISP_SHARED names another (helpers.paths.SEED). Where it is not, the test is skipped."""
    if not SEED.is_file():
        pytest.skip(
            f"the seed checklist is not at {SEED} (in the shared folder: the "
            "repository's ../shared, or the folder ISP_SHARED names)"
        )
    return SEED.read_text(encoding="utf-8")


def _seed_lines() -> tuple[list[str], list[str]]:
    sections, items = [], []
    for line in _seed().splitlines():
        cells = line.split("\t")
        if len(cells) == 3 and cells[0] != "Section":
            if cells[0]:
                sections.append(cells[0])
            items.append(cells[1])
    return sections, items


def test_every_seed_item_is_in_the_checklist_word_for_word(checklist: Checklist) -> None:
    sections, seed_items = _seed_lines()
    assert [s.title for s in checklist.sections] == sections
    assert len(seed_items) == len(checklist.items) == 21
    for seed, item in zip(seed_items, checklist.items, strict=True):
        ours = item.text + (f" ({item.guidance})" if item.guidance else "")
        assert ours == seed.replace("**", "").strip(), item.id


def test_seed_topics_purposes_and_definition(checklist: Checklist) -> None:
    seed = _seed()
    for topic in checklist.topics:
        assert f"- {topic.text}\n" in seed
    for n, purpose in enumerate(checklist.purposes, start=1):
        first, rest = purpose.split(" ", 1)
        assert f"- {n} {first}** {rest}" in seed
    assert checklist.definitions[0].text in seed.replace("*De-identified", "De-identified")
    assert checklist.instructions in seed
    for paragraph in checklist.introduction:
        assert paragraph in seed


def _broken(tmp_path: Path, mutate: object) -> Path:
    data = yaml.safe_load((REPO / "checklist.yaml").read_text(encoding="utf-8"))
    mutate(data)  # type: ignore[operator]
    path = tmp_path / "checklist.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_duplicate_item_id_is_reported(tmp_path: Path) -> None:
    def dup(data: dict) -> None:  # type: ignore[type-arg]
        data["sections"][0]["items"][1]["id"] = "intro.rationale"

    with pytest.raises(ChecklistError, match=r"'intro\.rationale' is used twice"):
        load_checklist(_broken(tmp_path, dup))


def test_missing_field_names_file_line_and_key_path(tmp_path: Path) -> None:
    def drop(data: dict) -> None:  # type: ignore[type-arg]
        del data["sections"][1]["items"][2]["help"]

    path = _broken(tmp_path, drop)
    with pytest.raises(ChecklistError) as err:
        load_checklist(path)
    message = str(err.value)
    assert message.startswith(f"{path}, line ")
    assert "(sections → 1 → items → 2 → help)" in message
    assert "'help' is required but missing" in message
    line = int(re.search(r"line (\d+)", message).group(1))  # type: ignore[union-attr]
    assert "shared.current_storage" in path.read_text().splitlines()[line - 1]


def test_unknown_key_suggests_the_closest(tmp_path: Path) -> None:
    def typo(data: dict) -> None:  # type: ignore[type-arg]
        data["sections"][0]["items"][0]["guidence"] = data["sections"][0]["items"][0].pop(
            "guidance"
        )

    with pytest.raises(ChecklistError, match="did you mean 'guidance'"):
        load_checklist(_broken(tmp_path, typo))


def test_reserved_and_duplicate_topics_are_refused(tmp_path: Path) -> None:
    def other(data: dict) -> None:  # type: ignore[type-arg]
        data["topics"][0]["id"] = "other"

    with pytest.raises(ChecklistError, match="reserved"):
        load_checklist(_broken(tmp_path, other))


def test_item_must_belong_to_its_section(tmp_path: Path) -> None:
    def move(data: dict) -> None:  # type: ignore[type-arg]
        data["sections"][0]["items"][0]["id"] = "process.rationale"

    with pytest.raises(ChecklistError, match=r"should start with 'intro\.'"):
        load_checklist(_broken(tmp_path, move))
