"""The session file: its shape on disk, strict loading, safe saving."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.platforms import POSIX_MODES
from helpers.sessions import minimal_data
from isp_cli.errors import SessionError
from isp_cli.model.checklist import Checklist
from isp_cli.model.session import Answer, Session, default_filename
from isp_cli.storage.session_file import load_session, save_session


def test_loads_the_documented_example(session_file: Path) -> None:
    session, checklist = load_session(session_file)
    assert checklist.id == "ecm-isp"
    assert session.protocol.task_force == "Metro Area Anti-Trafficking Task Force"
    assert session.agencies[0].discipline == "law-enforcement"
    assert session.items["intro.rationale"].response == "Free text.\n\n- first\n- second\n"
    assert session.items["requirements.hipaa"].status == "omit"


def test_save_writes_stable_readable_yaml(session_file: Path, checklist: Checklist) -> None:
    session, _ = load_session(session_file)
    session.items["intro.contributors"] = Answer(status="include", response="One line")
    save_session(session, session_file, checklist)
    text = session_file.read_text(encoding="utf-8")
    body = text[text.index("protocol:") :]
    assert body == (
        "protocol:\n"
        "  task_force: Metro Area Anti-Trafficking Task Force\n"
        "  title: Information Sharing Protocol - Victim Referrals\n"
        "  topic: victim-referrals\n"
        "  jurisdiction: Metro County, State\n"
        "  version: '0.1'\n"
        "  status: draft\n"
        "agencies:\n"
        "- name: Metro Police Department\n"
        "  discipline: law-enforcement\n"
        "  representative: Lt. A. Rivera\n"
        "  title: Human Trafficking Unit Supervisor\n"
        "items:\n"
        "  intro.rationale:\n"
        "    status: include\n"
        "    response: |\n"
        "      Free text.\n"
        "\n"
        "      - first\n"
        "      - second\n"
        "    note: optional\n"
        "  intro.contributors:\n"
        "    status: include\n"
        "    response: One line\n"
        "  requirements.hipaa:\n"
        "    status: omit\n"
        "  process.breach:\n"
        "    status: discuss\n"
    )
    assert text.startswith("# isp session file")
    assert "isp: 3\nchecklist: ecm-isp\n" in text


def test_save_is_owner_only_and_leaves_no_temporary_file(
    tmp_path: Path, checklist: Checklist
) -> None:
    path = tmp_path / "new.isp.yaml"
    save_session(Session.start(checklist), path, checklist)
    if POSIX_MODES:  # owner-only; Windows files have no mode bits (helpers.platforms)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["new.isp.yaml"]
    session, _ = load_session(path)
    assert session.items == {}


def test_save_into_missing_folder_is_a_clear_error(tmp_path: Path, checklist: Checklist) -> None:
    with pytest.raises(SessionError, match="could not be saved"):
        save_session(Session.start(checklist), tmp_path / "nope" / "x.isp.yaml", checklist)


def test_default_filename_from_task_force_and_topic(session_file: Path) -> None:
    session, _ = load_session(session_file)
    assert default_filename(session.protocol) == (
        "metro-area-anti-trafficking-task-force-victim-referrals.isp.yaml"
    )


# Text a user can type or paste: any characters but lone surrogates (which no
# keyboard or clipboard produces and UTF-8 cannot hold).
typed_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),
    max_size=300,
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(response=typed_text, note=typed_text, name=typed_text.filter(lambda s: s != ""))
def test_any_text_round_trips(
    tmp_path: Path, checklist: Checklist, response: str, note: str, name: str
) -> None:
    session = Session.start(checklist)
    session.protocol.task_force = name
    session.items["shared.details"] = Answer(status="include", response=response, note=note)
    path = tmp_path / "rt.isp.yaml"
    save_session(session, path, checklist)
    loaded, _ = load_session(path)
    assert loaded.items["shared.details"].response == response
    assert loaded.items["shared.details"].note == note
    assert loaded.protocol.task_force == name


def test_long_answer_round_trips(tmp_path: Path, checklist: Checklist) -> None:
    text = ("A paragraph of policy text. " * 400 + "\n\n") * 10
    session = Session.start(checklist)
    session.items["shared.details"] = Answer(status="include", response=text)
    path = tmp_path / "long.isp.yaml"
    save_session(session, path, checklist)
    assert load_session(path)[0].items["shared.details"].response == text


# Broken files: each one gets one clear message and the file is left as it was.

BROKEN = {
    "empty": ("", "is empty"),
    "not-yaml": ("isp: 1\nprotocol: [unclosed\n", "not valid YAML"),
    "list": ("- a\n- b\n", "is a list"),
    "string": ("just some words\n", "single piece of text"),
    "wrong-status": (None, "'maybe'"),
    "unknown-key": (None, "did you mean 'response'"),
    "unknown-item": (None, "'intro.rational' is not an item"),
    "unknown-topic": (None, "'victim-referral' is not a topic"),
    "unknown-discipline": (None, "'police'"),
    "missing-status": (None, "'status' is required"),
    "newer": (None, "made by a newer isp"),
    "duplicate": ("isp: 1\nisp: 1\nchecklist: ecm-isp\n", "appears twice"),
    "alias": ("isp: 1\nchecklist: &c ecm-isp\nx: *c\n", "alias"),
    "python-tag": ("isp: !!python/object:os.system 1\nchecklist: ecm-isp\n", "tag"),
    "binary": ("isp: 1\x00\x01\x02", "binary data"),
    "wrong-type": (None, "protocol → task_force"),
    "missing-checklist": ("isp: 1\nitems: {}\n", "'checklist' is required"),
    "duplicate-item": (
        "isp: 1\nchecklist: ecm-isp\nitems:\n  process.breach: {status: omit}\n"
        "  process.breach: {status: include}\n",
        "'process.breach' appears twice",
    ),
    "merge-key": ("isp: 1\nchecklist: ecm-isp\nprotocol:\n  <<: {title: x}\n", "merge key"),
    "number": ("42\n", "single value"),
    "schema-text": ("isp: two\nchecklist: ecm-isp\n", "whole number"),
    "tabs": ("isp: 1\nchecklist: ecm-isp\nprotocol:\n\ttitle: x\n", "not valid YAML"),
    "pasted-word-quotes": ("isp: 1\nchecklist: ecm-isp\nprotocol: “title”: x\n", "not valid YAML"),
    "older-checklist": ("isp: 1\nchecklist: iacp-confidentiality\n", "is not known to isp"),
}


def _variant(name: str) -> str:
    data = minimal_data()
    if name == "wrong-status":
        data["items"]["intro.rationale"]["status"] = "maybe"
    elif name == "unknown-key":
        data["items"]["intro.rationale"]["respons"] = "x"
    elif name == "unknown-item":
        data["items"]["intro.rational"] = {"status": "include"}
    elif name == "unknown-topic":
        data["protocol"]["topic"] = "victim-referral"
    elif name == "unknown-discipline":
        data["agencies"][0]["discipline"] = "police"
    elif name == "missing-status":
        del data["items"]["intro.rationale"]["status"]
    elif name == "newer":
        data["isp"] = 99
    elif name == "wrong-type":
        data["protocol"]["task_force"] = ["a", "b"]
    return yaml.safe_dump(data, sort_keys=False)


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_file_one_line_and_untouched(tmp_path: Path, name: str) -> None:
    text, expected = BROKEN[name]
    path = tmp_path / f"{name}.isp.yaml"
    path.write_bytes((text if text is not None else _variant(name)).encode("utf-8"))
    before = path.read_bytes()
    with pytest.raises(SessionError) as err:
        load_session(path)
    message = str(err.value)
    assert expected in message
    assert "\n" not in message
    assert message.startswith(str(path))
    assert path.read_bytes() == before


def test_error_names_the_line_of_the_bad_value(tmp_path: Path) -> None:
    path = tmp_path / "bad.isp.yaml"
    path.write_text(_variant("wrong-status"), encoding="utf-8")
    with pytest.raises(SessionError) as err:
        load_session(path)
    lines = path.read_text().splitlines()
    line = int(str(err.value).split("line ")[1].split(" ")[0])
    assert lines[line - 1].strip() == "status: maybe"


def test_invalid_utf8_and_folder_and_missing(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.isp.yaml"
    bad.write_bytes(
        "isp: 1\nchecklist: ecm-isp\nprotocol:\n  task_force: Caf\xe9\n".encode("latin-1")
    )
    with pytest.raises(SessionError, match=r"line 4.*not UTF-8"):
        load_session(bad)
    with pytest.raises(SessionError, match="is a folder"):
        load_session(tmp_path)
    with pytest.raises(SessionError, match="no such file"):
        load_session(tmp_path / "missing.isp.yaml")


def test_utf8_bom_loads(tmp_path: Path) -> None:
    path = tmp_path / "bom.isp.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + _variant("ok").encode("utf-8"))
    assert load_session(path)[0].protocol.topic == "victim-referrals"


def test_hand_written_numeric_version_is_text(tmp_path: Path) -> None:
    path = tmp_path / "v.isp.yaml"
    path.write_text(_variant("ok").replace("version: '0.1'", "version: 0.2"), encoding="utf-8")
    assert load_session(path)[0].protocol.version == "0.2"


def test_huge_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.isp.yaml"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("isp: 1\nchecklist: ecm-isp\n# ")
        handle.write("x" * 21_000_000)
    with pytest.raises(SessionError, match="far larger than any real file"):
        load_session(path)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.isp.yaml"
    path.write_text(_variant("ok"), encoding="utf-8")

    real_open = os.open

    def deny(name: Any, flags: int, *args: Any) -> int:
        if Path(name) == path:
            raise PermissionError(13, "Permission denied")
        return real_open(name, flags, *args)

    # Tests run as root in CI, where chmod 000 does not deny a read.
    monkeypatch.setattr(os, "open", deny)
    with pytest.raises(SessionError, match="do not have permission to read it"):
        load_session(path)


def test_shared_objects_are_written_out_not_aliased(tmp_path: Path, checklist: Checklist) -> None:
    import datetime as dt

    from isp_cli.model.session import Revision

    session = Session.start(checklist)
    day = dt.date(2026, 12, 1)
    session.history.append(Revision(version="1.0", date=day, summary="Final."))
    session.history.append(Revision(version="1.1", date=day, summary="Same day."))
    path = tmp_path / "shared.isp.yaml"
    save_session(session, path, checklist)
    assert "&" not in path.read_text(encoding="utf-8").split("history:")[1]
    assert [r.date for r in load_session(path)[0].history] == [day, day]
