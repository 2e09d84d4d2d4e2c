"""Paths and files that are not what they seem (issue 12): side files behind planted
links, outputs that are devices or the session itself, hand edits anywhere in a
document, and a folder that turns read-only in the middle of an interview."""

from __future__ import annotations

import errno
import os
import zipfile
from pathlib import Path
from typing import Any

import pytest

from helpers.platforms import WINDOWS, needs_device, needs_fifo, needs_symlinks
from helpers.sessions import minimal_data, write_session
from isp_cli.commands.render import render_protocol
from isp_cli.commands.resume import resume_session
from isp_cli.errors import Interrupted, RenderError, SessionError
from isp_cli.storage import atomic
from isp_cli.storage.session_file import load_session

VICTIM_TEXT = "a file that is not isp's and must never change\n"


def _victim(tmp_path: Path) -> Path:
    victim = tmp_path / "elsewhere" / "victim.txt"
    victim.parent.mkdir()
    victim.write_text(VICTIM_TEXT, encoding="utf-8")
    return victim


@needs_symlinks
def test_links_at_every_side_file_are_never_followed(
    tmp_path: Path, user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_session(tmp_path, minimal_data())
    victim = _victim(tmp_path)
    monkeypatch.setattr(atomic.secrets, "token_hex", lambda n: "feedface")
    tmp_name = f".s.isp.yaml.{os.getpid()}-feedface.tmp"
    for name in (tmp_name, ".s.isp.yaml.owner", ".s.isp.yaml.lock"):
        (tmp_path / name).symlink_to(victim)
    monkeypatch.setattr(  # the first name is planted; the second try is fresh
        atomic, "temporary_name", _names(path, [tmp_name, ".s.isp.yaml.1-fresh.tmp"])
    )
    user(
        [
            ("intro.contributors.status", "include"),
            ("intro.contributors.response", "Saved past the planted links."),
            ("intro.contributors.note", ""),
            (r"intro\.\w+\.status", KeyboardInterrupt),
        ]
    )
    with pytest.raises(Interrupted):
        resume_session(file=path)
    assert victim.read_text(encoding="utf-8") == VICTIM_TEXT
    session, _ = load_session(path)
    assert session.items["intro.contributors"].response == "Saved past the planted links."
    assert not path.is_symlink()


def _names(path: Path, names: list[str]) -> Any:
    queue = list(names)
    original = atomic.temporary_name  # taken before the test puts next_name in its place

    def next_name(target: Path) -> Path:
        return target.with_name(queue.pop(0)) if queue else original(target)

    return next_name


def test_a_stale_temporary_file_of_a_killed_render_is_removed(tmp_path: Path) -> None:
    session = write_session(tmp_path, minimal_data())
    dead = tmp_path / ".s.docx.999999999-0badc0de.tmp"  # no such process
    dead.write_bytes(b"half a document")
    alive = tmp_path / f".s.docx.{os.getppid()}-0badc0de.tmp"  # a running process: kept
    alive.write_bytes(b"another isp's render in progress")
    render_protocol(file=session)
    assert not dead.exists() and alive.exists()


@pytest.mark.parametrize(
    ("out", "expected"),
    [
        ("s.isp.yaml", "is the session file itself"),
        ("./sub/../s.isp.yaml", "is the session file itself"),
        pytest.param("link.docx", "is the session file itself", marks=needs_symlinks),
        ("my-checklist.yaml", "is the session's checklist file itself"),
        pytest.param("/dev/full", "it is a device", marks=needs_device("/dev/full")),
        pytest.param("fifo.docx", "it is a pipe", marks=needs_fifo),
        ("folder", "it is a folder"),
        ("nul\x00.docx", "NUL"),
        ("s.isp.yaml/x.docx", "is a file, not a folder"),
    ],
)
def test_outputs_that_must_never_be_written(
    cli: Any, tmp_path: Path, out: str, expected: str
) -> None:
    from helpers.sessions import custom_checklist_session

    session = custom_checklist_session(tmp_path)
    (tmp_path / "sub").mkdir()
    if not WINDOWS:  # the link and the pipe of the cases marked as needing them
        (tmp_path / "link.docx").symlink_to(session)
        os.mkfifo(tmp_path / "fifo.docx")
    (tmp_path / "folder").mkdir()
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    with pytest.raises(RenderError, match=expected) as caught:
        render_protocol(file=session, out=Path(out), force=True)
    assert "\n" not in str(caught.value)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == before


def _edit_part(path: Path, part: str, old: bytes, new: bytes) -> None:
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    assert old in parts[part], part
    parts[part] = parts[part].replace(old, new, 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


@pytest.mark.parametrize(
    ("part", "old", "new"),
    [
        ("word/document.xml", b"Purpose", b"Porpoise"),
        ("word/header1.xml", b"DRAFT", b"DRAFTED"),
        ("word/footer2.xml", b"Page ", b"Sheet "),  # footer1 is the cover's empty one
        ("word/styles.xml", b"</w:styles>", b"<!-- counsel --></w:styles>"),
        ("docProps/core.xml", b"<dc:title>", b"<dc:title>Edited "),
    ],
)
def test_hand_edits_anywhere_in_the_document_are_kept(
    tmp_path: Path, part: str, old: bytes, new: bytes
) -> None:
    session = write_session(tmp_path, minimal_data())
    out = render_protocol(file=session).path
    render_protocol(file=session)  # unchanged: isp replaces its own file
    _edit_part(out, part, old, new)
    edited = out.read_bytes()
    with pytest.raises(RenderError, match="was changed after isp wrote it"):
        render_protocol(file=session)
    assert out.read_bytes() == edited


@pytest.mark.parametrize("err", [errno.EROFS, errno.EACCES])
def test_a_folder_that_turns_read_only_mid_interview(
    tmp_path: Path, user: Any, monkeypatch: pytest.MonkeyPatch, err: int
) -> None:
    path = write_session(tmp_path, minimal_data())
    before = path.read_bytes()
    folder = str(tmp_path)
    read_only = [False]
    real_open, real_unlink, real_replace = os.open, os.unlink, os.replace

    def guard(name: Any) -> None:
        if read_only[0] and str(name).startswith(folder):
            raise OSError(err, os.strerror(err), str(name))

    def fake_open(name: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            guard(name)
        return real_open(name, flags, *args, **kwargs)

    def fake_unlink(name: Any, *args: Any, **kwargs: Any) -> None:
        guard(name)
        real_unlink(name, *args, **kwargs)

    def fake_replace(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        guard(dst)
        real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(os, "unlink", fake_unlink)
    monkeypatch.setattr(os, "replace", fake_replace)

    def turn_read_only(question: Any) -> str:
        read_only[0] = True
        return "Typed just before the folder turned read-only."

    script = user(
        [
            ("intro.contributors.status", "include"),
            ("intro.contributors.response", turn_read_only),
        ]
    )
    with pytest.raises(SessionError, match="could not write a recovery file either") as caught:
        resume_session(file=path)
    assert "\n" not in str(caught.value)
    assert "Typed just before the folder turned read-only." in script.said
    read_only[0] = False
    assert path.read_bytes() == before
