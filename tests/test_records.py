"""What isp records and says about a protocol is true (issue 23): each untruth a test."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from helpers.sessions import minimal_data, write_session
from isp_cli.storage.session_file import load_session


def test_approve_final_that_cannot_finish_says_so_and_exits_non_zero(
    cli: Any, tmp_path: Path
) -> None:
    data = minimal_data()
    data["agencies"].append({"name": "Safe Harbor", "discipline": "victim-services"})
    path = write_session(tmp_path, data)
    code, out, err = cli("approve", str(path), "--agency", "Safe Harbor", "--status", "approved",
                         "--by", "J. Okafor", "--date", "2026-12-01", "--final")  # fmt: skip
    assert code == 2, out
    assert "Safe Harbor: approved. (recorded)" in err
    assert "The protocol cannot be final yet" in err
    assert "Metro Police Department (pending)" in err  # what is still open, named
    session, _ = load_session(path)
    assert session.agencies[1].approved  # the approval itself was kept
    assert session.protocol.status == "draft"
