"""One isp at a time on a session: a lock file beside it, released even if isp is killed.

The lock is an operating-system file lock (filelock), so the kernel drops it when
the process ends, however it ends; a stale lock never blocks anyone. Who holds it
is written to a second file, so that the refusal can name the other isp.
"""

from __future__ import annotations

import getpass
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path

from isp_cli.errors import SessionError, SessionLockedError
from isp_cli.printable import printable
from isp_cli.storage.files import NEW_FILE, FileProblem, read_limited


def _lock_paths(path: Path) -> tuple[Path, Path]:
    return path.with_name(f".{path.name}.lock"), path.with_name(f".{path.name}.owner")


@contextmanager
def session_lock(path: Path) -> Iterator[None]:
    """Hold the lock on ``path`` for the duration of the block."""
    from filelock import FileLock, Timeout

    lock_path, owner_path = _lock_paths(path)
    if lock_path.is_symlink():
        # filelock opens its file with O_TRUNC: through a planted link, it would empty
        # another file. A lock file is never a link; remove the link itself.
        _remove(lock_path)
    lock = FileLock(str(lock_path), timeout=0, mode=0o600)
    try:
        lock.acquire()
    except Timeout:
        raise SessionLockedError(
            f"{path} is being edited by another isp ({_owner(owner_path)}). Finish or stop "
            "that one first, then try again."
        ) from None
    except OSError as exc:
        raise SessionError(
            f"{path}: isp cannot create its lock file beside the session "
            f"({exc.strerror or exc}). Check that the folder exists and is writable."
        ) from None
    try:
        _write_owner_note(owner_path)
        yield
    finally:
        # In a folder that turned read-only, neither can fail the interview's ending.
        _remove(owner_path)
        with suppress(OSError):  # the kernel drops the lock when isp ends anyway
            lock.release()


def _write_owner_note(owner_path: Path) -> None:
    """Say who holds the lock; a courtesy, so any failure is ignored.

    We hold the lock, so a file already at the note's name is stale or planted: it
    is removed (a link itself, never its target) and the note created exclusively.
    """
    _remove(owner_path)
    try:
        fd = os.open(owner_path, NEW_FILE, 0o600)
    except OSError:
        return
    try:
        os.write(fd, _me().encode("utf-8"))
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    with suppress(OSError):
        path.unlink()


def _me() -> str:
    try:
        user = getpass.getuser()
    except Exception:  # no user name in some containers
        user = "unknown user"
    started = datetime.now().strftime("%Y-%m-%d %H:%M")
    return f"{user} on {socket.gethostname()}, process {os.getpid()}, since {started}"


def _owner(owner_path: Path) -> str:
    try:
        text = read_limited(owner_path, max_bytes=4096).decode("utf-8", "replace").strip()
    except FileProblem:
        return "owner unknown"
    return printable(text, 200) or "owner unknown"
