"""``isp check``: is the session valid, and does any answer identify an individual?"""

from __future__ import annotations

from pathlib import Path

from isp_cli.privacy import Located, scan_session
from isp_cli.session import load_session


def check_session(*, file: Path) -> list[Located]:
    """Validate ``file`` (SessionError if invalid) and scan every answer and note."""
    session, checklist = load_session(file)
    return scan_session(session, checklist)
