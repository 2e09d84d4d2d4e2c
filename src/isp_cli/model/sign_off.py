"""Where each agency stands on signing the protocol's current version, in words.

One sentence per agency, the same in ``isp status``, the agenda and the signature
page: an approval names the version it approved, and one of an earlier version or
text says so ("...; the protocol has changed since").
"""

from __future__ import annotations

from isp_cli.model.schedule import long_date
from isp_cli.model.session import Agency, Session

CHANGED_SINCE = "the protocol has changed since"


def approval_line(session: Session, agency: Agency, text: str | None = None) -> str:
    """'Approved version 0.3 on December 1, 2026 by Chief Ana Ruiz.' and the like.

    ``text``: the protocol's text fingerprint, when the caller has it.
    """
    approval = agency.approval
    if approval is None or approval.status == "pending":
        return "Not yet approved."
    version = f"version {approval.version}"
    when = f" on {long_date(approval.date)}" if approval.date else ""
    stale = session.is_stale(approval, text)
    if approval.status == "approved":
        line = f"Approved {version}{when}" + (f" by {approval.by}" if approval.by else "")
    else:
        line = f"Awaiting approval of {version} by the agency's board or council" + (
            f" ({approval.by})" if approval.by else ""
        )
    if stale:
        same = approval.version == session.protocol.version
        line += f"; {CHANGED_SINCE}" + (" (its text was changed)" if same else "")
    return line + "."


def approved_count(session: Session, text: str | None = None) -> int:
    """How many agencies approved the current version as it reads now."""
    text = text or session.text_fingerprint()
    return sum(session.has_approved(agency, text) for agency in session.agencies)


def stale_agencies(session: Session, text: str | None = None) -> list[Agency]:
    """The agencies whose recorded approval is of an earlier version or text."""
    text = text or session.text_fingerprint()
    return [
        agency
        for agency in session.agencies
        if agency.approval is not None and session.is_stale(agency.approval, text)
    ]


def approvals_line(session: Session, text: str | None = None) -> str:
    """'Approvals of version 0.3: 2 of 5 agencies (draft); 1 approved an earlier version.'"""
    text = text or session.text_fingerprint()
    total = len(session.agencies)
    protocol = session.protocol
    line = (
        f"Approvals of version {protocol.version}: {approved_count(session, text)} of {total} "
        f"agenc{'y' if total == 1 else 'ies'} ({protocol.status})."
    )
    stale = len(stale_agencies(session, text))
    if stale:
        who = "agency decided" if stale == 1 else "agencies decided"
        line += f" {stale} {who} on an earlier version or text and must approve this one."
    return line
