"""``isp example``: a copy of the sample session isp ships, to try every command on."""

from __future__ import annotations

from pathlib import Path

from isp_cli.errors import SessionError, SessionExistsError
from isp_cli.invocation import isp_command
from isp_cli.storage.atomic import write_bytes_atomic
from isp_cli.storage.files import FileProblem, read_limited
from isp_cli.storage.resources import data_path

EXAMPLE = "metro-area-victim-referrals.isp.yaml"


def write_example(folder: Path) -> Path:
    """Copy the sample session into ``folder``; never over a file already there."""
    target = folder / EXAMPLE
    if target.exists() or target.is_symlink():
        raise SessionExistsError(
            f"{target} already exists, and isp example never overwrites a file. Use it as "
            f"it is ({isp_command('render', target)}), or name another folder."
        )
    try:
        data = read_limited(data_path(f"examples/{EXAMPLE}"), max_bytes=1_000_000)
    except FileProblem as exc:
        raise SessionError(
            f"isp's own sample session cannot be read: {exc.message}. Reinstall isp."
        ) from None
    try:
        write_bytes_atomic(target, data)
    except OSError as exc:
        raise SessionError(
            f"{target}: the sample session could not be written ({exc.strerror or exc}). "
            "Check that the folder exists and is writable."
        ) from None
    return target
