"""``isp checklist`` and custom checklists given what is not a checklist (issue 12)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from helpers.platforms import needs_device, needs_fifo
from helpers.sessions import custom_checklist_session


def _make(tmp_path: Path, kind: str) -> str:
    target = tmp_path / "given.yaml"
    if kind == "missing":
        return str(target)
    if kind == "folder":
        target.mkdir()
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "binary":
        target.write_bytes(bytes(range(256)) * 10)
    elif kind == "latin-1":
        target.write_bytes("id: caf\xe9\n".encode("latin-1"))
    elif kind == "not a checklist":
        target.write_text("isp: 1\nchecklist: ecm-isp\n", encoding="utf-8")
    elif kind == "escape sequences":
        target.write_text('"\\e]0;pwned\\a\\e[2J": 1\n', encoding="utf-8")
    elif kind == "device":
        return "/dev/zero"
    return str(target)


FIFO = pytest.param("fifo", marks=needs_fifo)
DEVICE = pytest.param("device", marks=needs_device("/dev/zero"))
KINDS = [
    "missing", "folder", FIFO, "binary", "latin-1", "not a checklist", "escape sequences",
    DEVICE,
]  # fmt: skip


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("flags", [[], ["--yaml"], ["--json"]])
def test_checklist_command_given_what_is_not_a_checklist(
    cli: Any, tmp_path: Path, kind: str, flags: list[str]
) -> None:
    code, out, err = cli("checklist", _make(tmp_path, kind), *flags)
    assert code == 1 and out == ""
    assert err.startswith("isp: ") and err.count("\n") == 1
    assert "\x1b" not in err and "\x07" not in err


def test_checklist_yaml_prints_a_good_file_exactly(cli: Any, tmp_path: Path) -> None:
    custom_checklist_session(tmp_path)
    code, out, _ = cli("checklist", str(tmp_path / "my-checklist.yaml"), "--yaml")
    assert code == 0
    assert out == (tmp_path / "my-checklist.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", ["folder", FIFO, DEVICE, "missing"])
def test_session_whose_checklist_file_is_not_a_file(cli: Any, tmp_path: Path, kind: str) -> None:
    session = custom_checklist_session(tmp_path)
    (tmp_path / "my-checklist.yaml").unlink()
    given = _make(tmp_path, kind)
    text = session.read_text(encoding="utf-8").replace("my-checklist.yaml", given)
    session.write_text(text, encoding="utf-8")
    code, out, err = cli("status", str(session))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "checklist_file" in err
