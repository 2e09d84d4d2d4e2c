"""``isp check``: is the session valid, and does any answer identify an individual?"""

from __future__ import annotations

from pathlib import Path

from isp_cli.model.privacy import scan_session
from isp_cli.printable import printable
from isp_cli.storage.session_file import load_session


def check_report(*, file: Path) -> tuple[list[str], int]:
    """The lines ``isp check`` prints, and how many findings the user has not chosen to keep.

    A finding the user chose to keep ("Keep it as it is") is listed, marked as kept.
    """
    session, checklist = load_session(file)
    found = scan_session(session, checklist)
    if not found:
        where = printable(file, 300)
        return [f"{where} is valid, and no answer seems to contain personal information."], 0
    lines = []
    open_count = 0
    for located in found:
        kept = session.is_kept(located.where, located.finding.text)
        open_count += not kept
        mark = " (kept: you chose to keep it as it is)" if kept else ""
        lines.append(located.report_line() + mark)
    return lines, open_count
