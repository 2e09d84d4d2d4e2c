"""The data isp ships (the checklist, the templates): where it is, installed or in a checkout."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent


def data_path(name: str) -> Path:
    """Path of a built-in data file or folder (``checklist.yaml``, ``templates``).

    A wheel carries them in ``isp_cli/data/``; an editable install or a source
    checkout reads them from the top of the repository, where they are edited.
    """
    installed = _PACKAGE / "data" / name
    if installed.exists():
        return installed
    return _PACKAGE.parent.parent / name


def builtin_checklist_data() -> dict[str, Any]:
    """The built-in checklist as plain data, read by the same strict reader as every file.

    Needs no models, so that ``isp checklist`` lists it quickly.
    """
    data: dict[str, Any] = builtin_data("checklist.yaml", max_bytes=2_000_000)
    return data


def builtin_data(name: str, *, max_bytes: int) -> Any:
    """The data in one of isp's own YAML files (checklist, provisions, authorities).

    Read by the same strict reader as every file, the first time. Parsing YAML costs a
    render 28 million instructions for the three files, so the data is then kept as
    JSON in the user's cache folder, under the digest of the file's bytes: an edited
    file is read afresh, and a cache that is missing, unreadable or damaged is not used.
    The JSON is kept after a line holding its own digest: the data is built into models
    without validation, so a cached file changed in any way (a damaged disk, a hand
    edit) must never be used: it would print a traceback, or silently change the text.
    """
    import hashlib
    import json

    from isp_cli.files import FileProblem, read_limited

    path = data_path(name)
    folder = cache_folder("data")
    cached = None
    with contextlib.suppress(FileProblem):  # if it cannot be read, read_text says why
        digest = hashlib.sha256(read_limited(path, max_bytes=max_bytes)).hexdigest()[:32]
        cached = folder / f"{Path(name).stem}-{digest}.json" if folder else None
    if cached is not None:
        try:
            head, _, body = read_limited(cached, max_bytes=4 * max_bytes).partition(b"\n")
            if head == _cache_header(body):
                return json.loads(body)
        except (FileProblem, ValueError):
            pass  # not there yet, or damaged: read the file and write it again
    from isp_cli.yamlio import parse, read_text  # PyYAML is loaded only now

    data = parse(read_text(path, max_bytes=max_bytes)).data
    if cached is not None:
        with contextlib.suppress(TypeError, ValueError):  # a date: JSON cannot hold it
            kept = json.dumps(data, ensure_ascii=False)
            if json.loads(kept) == data:  # kept only if JSON gives back exactly this
                from isp_cli.atomic import write_bytes_atomic

                body = kept.encode("utf-8")
                with contextlib.suppress(OSError):
                    write_bytes_atomic(cached, _cache_header(body) + b"\n" + body)
                    for old in cached.parent.glob(f"{Path(name).stem}-*.json"):
                        if old != cached:  # an earlier version of the file's: never used again
                            old.unlink()
    return data


@contextlib.contextmanager
def built_from(name: str) -> Iterator[None]:
    """One line, not a traceback, if isp's own data file ``name`` does not hold what the
    models need: it is built into them without validation (the test suite validates it)."""
    try:
        yield
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        from isp_cli.errors import IspError

        raise IspError(
            f"{data_path(name)}: this file, part of isp, is damaged ({type(exc).__name__}: "
            f"{exc}). Reinstall isp."
        ) from None


def _cache_header(body: bytes) -> bytes:
    """The first line of a cached data file: the format and the digest of the JSON after it."""
    import hashlib

    return b"isp-data-1 " + hashlib.sha256(body).hexdigest().encode("ascii")


def cache_folder(name: str) -> Path | None:
    """``~/.cache/isp/NAME`` (or under XDG_CACHE_HOME), made owner-only; None if it cannot be.

    What isp keeps there holds no answers: compiled templates and its own data files.
    """
    base = Path(os.environ.get("XDG_CACHE_HOME", ""))
    try:
        # A relative (or empty) XDG_CACHE_HOME is invalid (XDG Base Directory spec): it
        # would put a cache folder in whatever folder isp runs in, a task force's share.
        if not base.is_absolute():
            base = Path.home() / ".cache"
        folder = base / "isp" / name
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        found = folder.stat()
    except (OSError, RuntimeError):  # RuntimeError: no home folder to be found
        return None
    # A folder someone else owns or may write to (a shared XDG_CACHE_HOME) is not used:
    # what is in it would be taken as isp's own.
    if hasattr(os, "getuid") and (found.st_uid != os.getuid() or found.st_mode & 0o022):
        return None
    return folder
