"""What isp keeps in the user's cache folder: its own data files as JSON (resources)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from isp_cli import resources, yamlio
from isp_cli.resources import builtin_data, data_path

FILES = {"checklist.yaml": 2_000_000, "provisions.yaml": 1_000_000, "authorities.yaml": 2_000_000}


def strict(name: str) -> object:
    return yamlio.parse(yamlio.read_text(data_path(name), max_bytes=FILES[name])).data


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "isp" / "data"


def test_data_is_read_strictly_once_then_from_the_cache(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = {name: strict(name) for name in FILES}
    for name in FILES:
        assert builtin_data(name, max_bytes=FILES[name]) == expected[name]
    kept = sorted(p.name.split("-")[0] for p in cache_home.iterdir())
    assert kept == ["authorities", "checklist", "provisions"]
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in cache_home.iterdir())
    assert cache_home.stat().st_mode & 0o777 == 0o700

    def no_parsing(text: str) -> yamlio.Document:
        raise AssertionError("parsed again")

    monkeypatch.setattr(yamlio, "parse", no_parsing)
    for name in FILES:
        assert builtin_data(name, max_bytes=FILES[name]) == expected[name]


def test_an_edited_file_is_read_afresh(
    cache_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "data"
    source.mkdir()
    (source / "provisions.yaml").write_text("a: 1\n", encoding="utf-8")
    monkeypatch.setattr(resources, "data_path", lambda name: source / name)
    assert builtin_data("provisions.yaml", max_bytes=1000) == {"a": 1}
    (source / "provisions.yaml").write_text("a: 2\n", encoding="utf-8")
    assert builtin_data("provisions.yaml", max_bytes=1000) == {"a": 2}
    # A date cannot be kept as JSON: such data is read from the file each time.
    (source / "provisions.yaml").write_text("a: 2026-01-01\n", encoding="utf-8")
    assert str(builtin_data("provisions.yaml", max_bytes=1000)["a"]) == "2026-01-01"
    assert len(list(cache_home.iterdir())) == 1  # the earlier version's, removed when a=2 came


@pytest.mark.parametrize("damage", ["garbage", "empty", "folder", "fifo", "huge"])
def test_a_damaged_cache_is_not_used_and_nothing_hangs(cache_home: Path, damage: str) -> None:
    builtin_data("checklist.yaml", max_bytes=FILES["checklist.yaml"])
    (kept,) = cache_home.iterdir()
    kept.unlink()
    if damage == "garbage":
        kept.write_bytes(b"\x00{not json")
    elif damage == "empty":
        kept.write_bytes(b"")
    elif damage == "folder":
        kept.mkdir()
    elif damage == "fifo":
        os.mkfifo(kept)
    else:
        kept.write_bytes(b" " * (9 * FILES["checklist.yaml"]))
    assert builtin_data("checklist.yaml", max_bytes=FILES["checklist.yaml"]) == strict(
        "checklist.yaml"
    )
    if damage in ("garbage", "empty", "huge"):  # written again, whole
        assert 100 < kept.stat().st_size < 4 * FILES["checklist.yaml"]


def test_no_cache_folder_is_no_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert builtin_data("authorities.yaml", max_bytes=FILES["authorities.yaml"]) == strict(
        "authorities.yaml"
    )
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_a_cache_folder_others_may_write_is_not_used(cache_home: Path) -> None:
    cache_home.mkdir(parents=True)
    cache_home.chmod(0o777)
    assert builtin_data("checklist.yaml", max_bytes=FILES["checklist.yaml"]) == strict(
        "checklist.yaml"
    )
    assert list(cache_home.iterdir()) == []


@pytest.mark.parametrize(
    "kept", [b"{}", b"[]", b"null", b'{"version": 1}', b"changed", b"[" * 100_000]
)
def test_a_cache_changed_in_any_way_is_not_used(
    cache_home: Path, kept: bytes, cli: Any, tmp_path: Path
) -> None:
    """Valid JSON of the wrong shape, or one character changed in a text, is never used:
    the data is built into models without validation (a traceback, or a changed protocol)."""
    for name in FILES:
        builtin_data(name, max_bytes=FILES[name])
    for path in cache_home.iterdir():
        head, body = path.read_bytes().split(b"\n", 1)
        # A text the protocol prints changed (still valid JSON), or JSON of another shape
        # after the format's line.
        body = body.replace(b"a", b"e", 1) if kept == b"changed" else kept
        damaged = head + b"\n" + body
        path.write_bytes(damaged)
    for name in FILES:
        assert builtin_data(name, max_bytes=FILES[name]) == strict(name)
    for path in cache_home.iterdir():  # written again, whole
        assert path.read_bytes() != damaged
    for path in cache_home.iterdir():
        path.write_bytes(b"{}")  # as a hand edit would leave it
    code, out, err = cli("checklist")
    assert (code, err) == (0, "") and "Information Sharing Protocol" in out


def test_a_relative_xdg_cache_home_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The XDG spec says a relative path is invalid: isp never makes a cache folder in the
    folder it runs in (a task force's shared folder), but in the home folder's .cache."""
    work, home = tmp_path / "work", tmp_path / "home"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", "cache")
    assert resources.cache_folder("data") == home / ".cache" / "isp" / "data"
    assert builtin_data("checklist.yaml", max_bytes=FILES["checklist.yaml"]) == strict(
        "checklist.yaml"
    )
    assert list(work.iterdir()) == []
    assert [p.name.split("-")[0] for p in (home / ".cache" / "isp" / "data").iterdir()] == [
        "checklist"
    ]


def test_an_earlier_version_of_a_cached_file_is_removed(
    cache_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "data"
    source.mkdir()
    monkeypatch.setattr(resources, "data_path", lambda name: source / name)
    for n in range(3):
        (source / "provisions.yaml").write_text(f"a: {n}\n", encoding="utf-8")
        assert builtin_data("provisions.yaml", max_bytes=1000) == {"a": n}
        assert len(list(cache_home.glob("provisions-*.json"))) == 1


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("checklist.yaml", "{}\n"),
        ("provisions.yaml", "title: x\nprovisions: 3\n"),
        ("authorities.yaml", "version: 1\nauthorities:\n- checked: not a date\n"),
    ],
)
def test_a_damaged_data_file_of_isps_own_is_one_line(
    cache_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str
) -> None:
    from isp_cli.authorities import catalog
    from isp_cli.checklist import builtin_checklist
    from isp_cli.errors import IspError
    from isp_cli.provisions import builtin_provisions

    source = tmp_path / "data"
    source.mkdir()
    (source / name).write_text(text, encoding="utf-8")
    monkeypatch.setattr(resources, "data_path", lambda file: source / file)
    build = {"checklist.yaml": builtin_checklist, "provisions.yaml": builtin_provisions}.get(
        name, catalog
    )
    build.cache_clear()
    try:
        with pytest.raises(IspError, match=r"this file, part of isp, is damaged .*Reinstall isp"):
            build()
    finally:
        build.cache_clear()
