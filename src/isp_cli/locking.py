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
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from isp_cli.errors import SessionError, SessionLockedError


def _lock_paths(path: Path) -> tuple[Path, Path]:
    return path.with_name(f".{path.name}.lock"), path.with_name(f".{path.name}.owner")


@contextmanager
def session_lock(path: Path) -> Iterator[None]:
    """Hold the lock on ``path`` for the duration of the block."""
    from filelock import FileLock, Timeout

    lock_path, owner_path = _lock_paths(path)
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
        try:
            owner_path.write_text(_me(), encoding="utf-8")
            owner_path.chmod(0o600)
        except OSError:
            pass  # the owner note is a courtesy; the lock itself is held
        yield
    finally:
        owner_path.unlink(missing_ok=True)
        lock.release()


def _me() -> str:
    try:
        user = getpass.getuser()
    except Exception:  # no user name in some containers
        user = "unknown user"
    started = datetime.now().strftime("%Y-%m-%d %H:%M")
    return f"{user} on {socket.gethostname()}, process {os.getpid()}, since {started}"


def _owner(owner_path: Path) -> str:
    try:
        text = owner_path.read_text(encoding="utf-8").strip()
    except OSError:
        return "owner unknown"
    return text[:200] or "owner unknown"
