"""Saving during an interview: never over someone else's changes, never losing an answer.

The session file is locked while the interview runs. Before each save, isp checks
that the file is still the one it last wrote; if it was deleted or replaced (a
shared drive synced, a colleague edited it), or if the save fails (disk full,
folder read-only), the answers go to a recovery file beside it instead, and the
error carries the answer just typed, for the interview to show on screen.
"""

from __future__ import annotations

from contextlib import ExitStack
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from isp_cli.errors import SaveFailedError, SessionError, SessionExistsError
from isp_cli.invocation import isp_command
from isp_cli.model.vocabulary import SUFFIX
from isp_cli.storage.atomic import remove_stale_temporaries
from isp_cli.storage.locking import session_lock

if TYPE_CHECKING:  # the models load after the first question is on screen
    from isp_cli.model.checklist import Checklist
    from isp_cli.model.session import Session

Stamp = tuple[int, int, int] | None


def _stamp(path: Path) -> Stamp:
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return (info.st_mtime_ns, info.st_size, info.st_ino)


class SessionWriter:
    """Holds the lock on one session file and saves it safely."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stack = ExitStack()
        self._stamp: Stamp = None

    def __enter__(self) -> SessionWriter:
        self._stack.enter_context(session_lock(self.path))
        # With the lock held no other isp is saving this session, so a temporary
        # file beside it is the leftover of a save that was killed half-way.
        remove_stale_temporaries(self.path, every=True)
        # What the file is now, under the lock, is what later saves expect to find.
        self._stamp = _stamp(self.path)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stack.close()

    def save(self, session: Session, checklist: Checklist, typed: str = "") -> None:
        """Save; on any problem, rescue the answers and raise SaveFailedError."""
        from isp_cli.storage.session_file import save_session

        now = _stamp(self.path)
        if now != self._stamp:
            why = "was deleted" if now is None else "was changed by another program or person"
            self._rescue(session, checklist, typed, f"{self.path} {why} during this interview")
        try:
            save_session(session, self.path, checklist)
        except SessionError as exc:
            self._rescue(session, checklist, typed, str(exc).rstrip("."))
        self._stamp = _stamp(self.path)

    def _rescue(self, session: Session, checklist: Checklist, typed: str, reason: str) -> None:
        from isp_cli.storage.session_file import save_session

        name = self.path.name.removesuffix(SUFFIX)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        recovery = self.path.with_name(f"{name}.recovered-{stamp}{SUFFIX}")
        try:
            save_session(session, recovery, checklist)
        except SessionError:
            raise SaveFailedError(
                f"{reason}; isp could not write a recovery file either, so the answer you "
                "just typed is shown above. Copy it somewhere safe, fix the problem "
                "(disk space, folder permissions) and continue the session.",
                typed,
                reason=reason,
            ) from None
        raise SaveFailedError(
            f"{reason}, so isp did not overwrite it. Everything answered so far is in "
            f"{recovery}; compare the two, then continue with:\n"
            f"  {isp_command('resume', recovery)}",
            typed,
            reason=reason,
            recovery=recovery,
        )


def refuse_existing(path: Path) -> None:
    """``isp new`` never overwrites a session."""
    if path.exists():
        raise SessionExistsError(
            f"{path} already exists, and isp new never overwrites a session. For another "
            f"protocol, name a new file (isp new OTHER.isp.yaml). To continue this one:\n"
            f"  {isp_command('resume', path)}"
        )
