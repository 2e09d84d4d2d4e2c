"""Reading files isp is given, and choosing where to write, without surprises.

A path on the command line or in a session may name a FIFO (opening it would wait
for a writer for ever), ``/dev/zero`` (reading it never ends), a folder, or hold a
NUL byte. Every file isp reads is opened without blocking, checked to be a regular
file, and read through a size limit; every file it writes must be a regular file
or not exist yet.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

MISSING = "there is no such file"


class FileProblem(Exception):
    """A path that cannot be read or written; ``message`` says why, in plain English."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


# Non-blocking, so that opening a FIFO does not wait for a writer; never a controlling
# terminal. Both are POSIX only: Windows has neither, and needs O_BINARY instead.
_READ_ONLY = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
)

# A new file: created exclusively, never through a symbolic link (O_NOFOLLOW is POSIX
# only; planting a link on Windows needs privileges anyway), in binary mode on Windows
# (without O_BINARY, each newline written would become CR LF there).
NEW_FILE = (
    os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
)


def read_limited(path: Path, *, max_bytes: int) -> bytes:
    """The bytes of the regular file ``path``, at most ``max_bytes`` of them.

    Raises FileProblem naming what is wrong: missing, a folder, a pipe or device,
    too large, unreadable, or a path with a NUL byte.
    """
    try:
        fd = os.open(path, _READ_ONLY)
    except FileNotFoundError:
        raise FileProblem(MISSING) from None
    except PermissionError:
        raise FileProblem("you do not have permission to read it") from None
    except IsADirectoryError:
        raise FileProblem("it is a folder, not a file") from None
    except (ValueError, TypeError):  # an embedded NUL byte
        raise FileProblem("the file name holds a NUL character, which no file can have") from None
    except OSError as exc:
        raise FileProblem(f"it cannot be read ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileProblem(f"it is {_kind(info.st_mode)}, not a file isp can read")
        if info.st_size > max_bytes:
            raise FileProblem(
                f"it is {info.st_size / 1_000_000:.1f} MB, far larger than any real file of "
                f"this kind (the limit is {max_bytes / 1_000_000:.0f} MB)"
            )
        chunks = []
        left = max_bytes + 1  # one byte more tells a file that grew past the limit
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        if left <= 0:
            raise FileProblem(
                f"it is larger than any real file of this kind (the limit is "
                f"{max_bytes / 1_000_000:.0f} MB)"
            )
        return b"".join(chunks)
    except OSError as exc:
        raise FileProblem(f"it cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def check_writable_target(path: Path) -> None:
    """OSError unless ``path`` is a regular file or does not exist yet.

    Writing "over" a folder, a FIFO or a device (``-o /dev/full``) would hang, fail
    half-way, or replace something that is not a document.
    """
    if "\x00" in str(path):
        raise OSError(errno.EINVAL, "the file name holds a NUL character")
    try:
        info = path.stat()
    except FileNotFoundError:
        return
    except NotADirectoryError:
        raise OSError(errno.ENOTDIR, "a part of the path is a file, not a folder") from None
    if not stat.S_ISREG(info.st_mode):
        raise OSError(errno.EINVAL, f"it is {_kind(info.st_mode)}, not a file isp can write")


def same_file(one: Path, other: Path) -> bool:
    """Whether the two paths name the same file (through links and different spellings)."""
    try:
        return one.samefile(other)
    except (OSError, ValueError):
        return one.absolute() == other.absolute()
