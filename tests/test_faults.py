"""Faults: two isps at once, kill -9, full disks, files changed underneath, failed renders."""

from __future__ import annotations

import errno
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pexpect
import pytest

from helpers.paths import REPO
from helpers.platforms import needs_pty
from helpers.sessions import minimal_data, write_session
from helpers.terminal import Terminal
from isp_cli.commands.render import render_protocol
from isp_cli.commands.resume import resume_session
from isp_cli.errors import IspError, SessionError
from isp_cli.storage import atomic
from isp_cli.storage.session_file import load_session


@needs_pty
def test_second_isp_on_the_same_session_is_refused(tmp_path: Path) -> None:
    write_session(tmp_path, minimal_data())
    first = Terminal(tmp_path, "resume", "s.isp.yaml")
    first.child.expect_exact("Your decision:")
    second = Terminal(tmp_path, "resume", "s.isp.yaml")
    code, output = second.finish()
    assert code == 1
    assert re.search(r"s\.isp\.yaml is being edited by another isp \(.+ process \d+", output)
    # A killed isp leaves its lock file behind, but the lock itself is gone.
    first.child.kill(signal.SIGKILL)
    first.child.close()
    assert (tmp_path / ".s.isp.yaml.lock").exists()
    third = Terminal(tmp_path, "resume", "s.isp.yaml")
    third.answer("Your decision:", "\x03")
    assert third.finish()[0] == 130


@pytest.mark.slow
def test_kill_9_at_random_moments_never_loses_a_confirmed_answer(tmp_path: Path) -> None:
    rng = random.Random(20261125)
    env = dict(os.environ, PYTHONPATH=str(REPO / "tests" / "helpers"))
    runs = 0
    procs: list[tuple[subprocess.Popen[str], Path, float]] = []

    def finish(proc: subprocess.Popen[str], path: Path) -> None:
        proc.kill()
        out, _ = proc.communicate()
        confirmed = [int(n) for n in re.findall(r"confirmed (\d+)", out)]
        session, _ = load_session(path)  # always loads
        found = (re.match(r"answer (\d+)", a.response) for a in session.items.values())
        numbers = [int(m.group(1)) for m in found if m]
        if confirmed:
            assert numbers and max(numbers) >= confirmed[-1], (path, confirmed[-1], numbers)
        # Only the session, its lock files, and perhaps the temporary file of the save
        # that was killed, which the next isp on this session removes.
        names = {p.name for p in path.parent.iterdir()}
        assert names - {".s.isp.yaml.lock", ".s.isp.yaml.owner"} <= {"s.isp.yaml"} | {
            n for n in names if n.startswith(".s.isp.yaml.") and n.endswith(".tmp")
        }

    while runs < 200:
        folder = tmp_path / f"run{runs}"
        folder.mkdir()
        path = write_session(folder, minimal_data())
        proc = subprocess.Popen(
            [sys.executable, str(REPO / "tests" / "helpers" / "crash_child.py"), str(path)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
        )  # fmt: skip
        procs.append((proc, path, time.monotonic() + rng.uniform(0.25, 0.9)))
        runs += 1
        while len(procs) >= 4 or (runs == 200 and procs):
            procs.sort(key=lambda entry: entry[2])
            proc, path, deadline = procs.pop(0)
            time.sleep(max(0.0, deadline - time.monotonic()))
            finish(proc, path)


def _fail_writes_to(monkeypatch: pytest.MonkeyPatch, failing: str, err: int) -> None:
    real = atomic.write_bytes_atomic

    def write(path: Path, data: bytes, *, mode: int = 0o600) -> None:
        if failing in path.name:
            raise OSError(err, os.strerror(err))
        real(path, data, mode=mode)

    monkeypatch.setattr(atomic, "write_bytes_atomic", write)


@pytest.mark.parametrize("err", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_failed_save_rescues_the_answers(
    tmp_path: Path, user: Any, monkeypatch: pytest.MonkeyPatch, err: int
) -> None:
    path = write_session(tmp_path, minimal_data())
    before = path.read_bytes()
    _fail_writes_to(monkeypatch, "s.isp.yaml", err)
    script = user(
        [
            ("intro.contributors.status", "include"),
            ("intro.contributors.response", "The workgroup wrote this."),
        ]
    )
    with pytest.raises(SessionError) as raised:
        resume_session(file=path)
    message = str(raised.value)
    assert os.strerror(err) in message and "isp resume" in message
    assert path.read_bytes() == before
    recovery = next(tmp_path.glob("s.recovered-*.isp.yaml"))
    assert f"isp resume {recovery}" in message
    assert oct(recovery.stat().st_mode & 0o777) == "0o600"
    rescued, _ = load_session(recovery)
    assert rescued.items["intro.contributors"].response == "The workgroup wrote this."
    assert "The workgroup wrote this." in script.said


def test_nowhere_to_write_prints_the_answer(
    tmp_path: Path, user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_session(tmp_path, minimal_data())
    _fail_writes_to(monkeypatch, ".isp.yaml", errno.ENOSPC)
    script = user(
        [
            ("intro.contributors.status", "include"),
            ("intro.contributors.response", "Do not lose me."),
        ]
    )
    with pytest.raises(SessionError, match="could not write a recovery file either"):
        resume_session(file=path)
    assert "Do not lose me." in script.said


@pytest.mark.parametrize("change", ["replaced", "deleted"])
def test_file_changed_underneath_is_not_overwritten(tmp_path: Path, user: Any, change: str) -> None:
    path = write_session(tmp_path, minimal_data())

    def meddle(question: Any) -> str:
        if change == "deleted":
            path.unlink()
        else:
            path.write_text(path.read_text() + "# a colleague's edit\n", encoding="utf-8")
        return "Our answer."

    user(
        [
            ("intro.contributors.status", "include"),
            ("intro.contributors.response", meddle),
        ]
    )
    with pytest.raises(SessionError, match=r"was (deleted|changed by another program or person)"):
        resume_session(file=path)
    if change == "replaced":
        assert path.read_text(encoding="utf-8").endswith("# a colleague's edit\n")
    else:
        assert not path.exists()
    recovery = next(tmp_path.glob("s.recovered-*.isp.yaml"))
    assert load_session(recovery)[0].items["intro.contributors"].response == "Our answer."


def test_failed_render_leaves_no_half_written_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = write_session(tmp_path, minimal_data())
    good = render_protocol(file=session).path
    before = good.read_bytes()
    real_replace = Path.replace

    def crash(self: Path, target: Any) -> Path:
        if str(target).endswith(".docx"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", crash)
    with pytest.raises(IspError, match=r"could not be written.*No space left"):
        render_protocol(file=session)
    assert good.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.docx", "s.isp.yaml"]


def test_no_network_during_interview_and_render(
    tmp_path: Path, user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("isp tried to open a network connection")

    for name in ("connect", "connect_ex", "bind", "sendto"):
        monkeypatch.setattr(socket.socket, name, refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    from helpers.scripted_user import AGENCIES, DETAILS, closing, structured_done
    from isp_cli.commands.new import new_session
    from isp_cli.storage.resources import builtin_checklist

    steps = DETAILS + AGENCIES
    for item_id in builtin_checklist().item_ids:
        steps += [
            (f"{item_id}.status", "include"),
            (f"{item_id}.response", "Policy, with 202-555-0143 to wake the phone matcher."),
            ("privacy.keep", "keep"),
        ]
        if item_id == "intro.review_schedule":
            steps.append(("review.interval", "24"))
        steps += structured_done(item_id)
        steps.append((f"{item_id}.note", ""))
    user([*steps, *closing(3), ("render.now", True)])
    path = new_session(file=tmp_path / "n.isp.yaml", answers=None, no_input=False)
    render_protocol(file=path, fmt="md")
    assert (tmp_path / "n.docx").exists() and (tmp_path / "n.md").exists()


@needs_pty
def test_isp_terminal_stays_offline_with_unshare(tmp_path: Path) -> None:
    if (
        shutil.which("unshare") is None
        or subprocess.run(["unshare", "-rn", "true"], capture_output=True, check=False).returncode
    ):
        pytest.skip("unshare (a network namespace without network) is not available here")
    write_session(tmp_path, minimal_data())
    child = pexpect.spawn(
        "unshare", ["-rn", sys.executable, "-m", "isp_cli", "render", "s.isp.yaml"],
        cwd=str(tmp_path), encoding="utf-8", timeout=60,
        env=dict(os.environ, PROMPT_TOOLKIT_NO_CPR="1"),
    )  # fmt: skip
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    assert (tmp_path / "s.docx").stat().st_size > 10_000


def test_leftover_temporary_file_is_removed_by_the_next_isp(tmp_path: Path, user: Any) -> None:
    path = write_session(tmp_path, minimal_data())
    leftover = tmp_path / ".s.isp.yaml.4242.tmp"
    leftover.write_text("half a save", encoding="utf-8")
    user([("intro.contributors.status", KeyboardInterrupt)])
    with pytest.raises(IspError):
        resume_session(file=path)
    assert not leftover.exists()
