"""Atomic file replacement: a crash, a kill -9 or a full disk leaves the old file or the new one."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import time
from pathlib import Path

from isp_cli import system
from isp_cli.storage.files import NEW_FILE, check_writable_target

# On Windows, the antivirus, the search indexer or OneDrive may hold a file that was
# just written for a moment: the rename over it is refused until they let go.
_REPLACE_WAITS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8)


def write_atomic(path: Path, text: str, *, mode: int = 0o600) -> None:
    """Replace ``path`` with ``text`` so that a crash leaves the old or the new file.

    Written to a temporary file in the same folder, flushed and fsynced, then
    renamed over the target; the folder is fsynced so the rename itself survives.
    """
    write_bytes_atomic(path, text.encode("utf-8"), mode=mode)


def temporary_name(path: Path) -> Path:
    """A fresh name for the temporary file of a save of ``path``: the process and a token."""
    return path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")


def write_bytes_atomic(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Bytes version of :func:`write_atomic`.

    The target must be a regular file or not exist (never a folder, FIFO or device).
    The temporary file is created exclusively and never through a symbolic link, so
    a link planted at its name cannot redirect the write to another file.
    """
    check_writable_target(path)
    folder = path.parent
    remove_stale_temporaries(path)
    tmp, fd = _create_temporary(path, mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            _set_mode(handle.fileno(), mode)
        _replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - some file systems refuse to open folders
        return
    try:
        os.fsync(dir_fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(dir_fd)


def _set_mode(fd: int, mode: int) -> None:
    """Owner-only permissions where the system has them (macOS, Linux), whatever the umask.

    Windows has no permission bits (os.fchmod exists there only from Python 3.13, and
    sets only the read-only flag): a new file takes the permissions of its folder.
    """
    if hasattr(os, "fchmod") and not system.WINDOWS:
        os.fchmod(fd, mode)


def _replace(tmp: Path, path: Path) -> None:
    """Rename ``tmp`` over ``path``; on Windows, wait briefly while another program holds it."""
    for wait in (*_REPLACE_WAITS, None):
        try:
            tmp.replace(path)
            return
        except PermissionError:
            if wait is None or not system.WINDOWS:
                raise
            time.sleep(wait)


def _create_temporary(path: Path, mode: int) -> tuple[Path, int]:
    # Something already at a fresh random name was planted there: take another name.
    for _ in range(5):
        tmp = temporary_name(path)
        try:
            return tmp, os.open(tmp, NEW_FILE, mode)
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "isp could not create a temporary file beside it")


_TEMPORARY = re.compile(r"\.(\d+)(?:-[0-9a-f]+)?\.tmp")


def remove_stale_temporaries(path: Path, *, every: bool = False) -> None:
    """Remove the temporary files of saves of ``path`` that were killed half-way.

    A temporary file names the process that wrote it; only those of processes that
    no longer run are removed (all of them with ``every``, for a caller that holds
    the session's lock). A link is removed itself, never followed.
    """
    prefix = f".{path.name}"
    try:
        names = [entry.name for entry in path.parent.iterdir()]
    except OSError:
        return
    for name in names:
        if not name.startswith(prefix):
            continue
        match = _TEMPORARY.fullmatch(name, len(prefix))
        if match is None or not (every or _gone(int(match.group(1)))):
            continue
        with contextlib.suppress(OSError):
            (path.parent / name).unlink()


def _gone(pid: int) -> bool:
    return not system.process_running(pid)
