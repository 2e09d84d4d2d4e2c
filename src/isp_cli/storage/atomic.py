"""Atomic file replacement: a crash, a kill -9 or a full disk leaves the old file or the new one."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
from pathlib import Path

from isp_cli.storage.files import check_writable_target

# O_NOFOLLOW is missing on Windows, where planting a link needs privileges anyway.
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)


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
            os.fchmod(handle.fileno(), mode)
        tmp.replace(path)
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


def _create_temporary(path: Path, mode: int) -> tuple[Path, int]:
    # Something already at a fresh random name was planted there: take another name.
    for _ in range(5):
        tmp = temporary_name(path)
        try:
            return tmp, os.open(tmp, _NEW_FILE, mode)
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
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError, OSError):
        return False
    return False
