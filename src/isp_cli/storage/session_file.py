"""Session files on disk: loading one (strictly, with errors that name file, line and key,
against the checklist it was written for) and saving one atomically.

The file's shape is a contract (docs/reference/session-file.md): people read, diff
and hand-edit it, and scripts write it. A file of an older schema version is upgraded
step by step in memory (upgrades.py); it is written in the new version only when isp
next saves it, so reading commands never change a file.
"""

from __future__ import annotations

import datetime as dt
import ntpath
import posixpath
from pathlib import Path, PurePosixPath, PureWindowsPath

from isp_cli import system
from isp_cli.errors import SessionError
from isp_cli.model.checklist import Checklist
from isp_cli.model.session import MAX_SESSION_BYTES, SCHEMA_VERSION, Session, _now
from isp_cli.model.vocabulary import OTHER_TOPIC, closest
from isp_cli.storage.atomic import write_atomic
from isp_cli.storage.loading import read_document, validate, where
from isp_cli.storage.resources import builtin_checklist
from isp_cli.storage.session_checks import check_provisions, check_structured
from isp_cli.storage.upgrades import upgrade
from isp_cli.storage.yamlio import Document, dump

_HINT = "Correct the session file (it is plain text) and try again."


def upgrade_document(document: Document, to: int, where: str) -> None:
    """Upgrade a parsed session file's data in place (in memory only), if it is older."""
    data = document.data
    if isinstance(data, dict) and isinstance(data.get("isp"), int) and data["isp"] < to:
        document.data = upgrade(data, to, where)


def load_session(path: Path) -> tuple[Session, Checklist]:
    """Load and validate a session file, and the checklist it was written against.

    Raises SessionError with the file, line, key path and what to do.
    """
    document = read_document(
        path, kind="session file", error=SessionError, max_bytes=MAX_SESSION_BYTES
    )
    return _from_document(document, path)


def load_answers(path: Path, checklist: Checklist | None = None) -> tuple[Session, Checklist]:
    """Load an answers file: a session file of which any part may be left out.

    Its answers are checked against ``checklist`` (default: the built-in one).
    """
    document = read_document(
        path, kind="answers file", error=SessionError, max_bytes=MAX_SESSION_BYTES
    )
    if isinstance(document.data, dict):
        document.data.setdefault("isp", SCHEMA_VERSION)
        document.data.setdefault("checklist", (checklist or builtin_checklist()).id)
    session, checklist = _from_document(document, path, checklist, answers=True)
    session.created = session.updated = _now()
    return session, checklist


def _from_document(
    document: Document, path: Path, given: Checklist | None = None, *, answers: bool = False
) -> tuple[Session, Checklist]:
    _check_schema_version(document, path)
    data = document.data
    older = isinstance(data, dict) and isinstance(data.get("isp"), int) and data["isp"] < 3
    upgrade_document(document, SCHEMA_VERSION, where(path, document.line_of(("isp",)), ("isp",)))
    session = validate(
        document, Session, source=path, kind="session file", error=SessionError, hint=_HINT
    )
    checklist = given or _checklist_for(session, document, path)
    _check_against(session, checklist, document, path)
    if checklist.general_provisions:
        from isp_cli.storage.resources import builtin_provisions

        session.use_shipped_wording({p.id: p.model for p in builtin_provisions().provisions})
    if older or answers:  # approvals that could not say which text they approved
        session.stamp_approvals()
    _check_final(session, document, path, answers=answers)
    session.mark_saved()
    return session, checklist


def _check_final(session: Session, document: Document, path: Path, *, answers: bool) -> None:
    """A final protocol is approved, as it reads, by every member agency."""
    if session.protocol.status != "final":
        return
    loc: tuple[str, ...] = ("protocol", "status")
    place = where(path, document.line_of(loc), loc)
    if answers:
        raise SessionError(
            f"{place}: an answers file cannot make a protocol final. Leave out 'status: "
            "final'; once the agencies have approved, make it final with 'isp approve FILE "
            "--final'."
        )
    pending = session.unapproved()
    if pending:
        raise SessionError(
            f"{place}: the protocol is marked final, but these agencies have not approved "
            f"version {session.protocol.version} as it now reads: {', '.join(pending)}. "
            "Change 'final' here to 'draft', then record their approvals with 'isp approve'."
        )


def _check_schema_version(document: Document, path: Path) -> None:
    data = document.data
    if not isinstance(data, dict) or "isp" not in data:
        return  # validate() reports the shape or the missing key
    version = data["isp"]
    line = document.line_of(("isp",))
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SessionError(
            f"{where(path, line, ('isp',))}: the session schema version should be a whole "
            f"number such as {SCHEMA_VERSION}. {_HINT}"
        )
    if version > SCHEMA_VERSION:
        raise SessionError(
            f"{where(path, line, ('isp',))}: this session was made by a newer isp (schema "
            f"version {version}; this isp reads up to {SCHEMA_VERSION}). Upgrade isp to open it."
        )


def _checklist_for(session: Session, document: Document, path: Path) -> Checklist:
    if session.checklist_file is not None:
        return _custom_checklist(session, document, path)
    checklist = builtin_checklist()
    if session.checklist != checklist.id:
        raise SessionError(
            f"{where(path, document.line_of(('checklist',)), ('checklist',))}: the checklist "
            f"'{session.checklist}' is not known to isp; the built-in one is "
            f"'{checklist.id}'. {_HINT}"
        )
    return checklist


def checklist_reference(checklist: str, folder: str, *, windows: bool | None = None) -> str:
    """How a session names its checklist file ``checklist``, saved in ``folder``.

    Relative to the session's folder, so that the two can move together, and with
    forward slashes, which Windows, macOS and Linux all read. A checklist on another
    drive than the session (C: and H:) has no relative path: it is named in full.
    """
    on_windows = system.WINDOWS if windows is None else windows
    paths, flavour = (ntpath, PureWindowsPath) if on_windows else (posixpath, PurePosixPath)
    try:
        reference = paths.relpath(checklist, folder)
    except ValueError:
        reference = checklist
    return flavour(reference).as_posix()


def checklist_location(session_path: Path, reference: str) -> Path:
    """The checklist file a session names, found from the session's folder.

    A name written with backslashes (by an earlier isp on Windows) is read with
    them as folder separators, on every system.
    """
    if "\\" in reference:
        reference = PureWindowsPath(reference).as_posix()
    return session_path.parent / reference


def _custom_checklist(session: Session, document: Document, path: Path) -> Checklist:
    """The checklist file the session names, found relative to the session's folder."""
    from isp_cli.errors import ChecklistError
    from isp_cli.storage.resources import load_checklist

    assert session.checklist_file is not None
    source = checklist_location(path, session.checklist_file)
    loc = ("checklist_file",)
    try:
        checklist = load_checklist(source)
    except ChecklistError as exc:
        raise SessionError(
            f"{where(path, document.line_of(loc), loc)}: this session uses the checklist "
            f"'{session.checklist}' from {source}, which isp cannot use: {exc}"
        ) from None
    if checklist.id != session.checklist:
        raise SessionError(
            f"{where(path, document.line_of(loc), loc)}: {source} is the checklist "
            f"'{checklist.id}', but this session was written for '{session.checklist}'. "
            "Point checklist_file at the right file."
        )
    return checklist


def _check_against(session: Session, checklist: Checklist, document: Document, path: Path) -> None:
    known = checklist.item_ids
    for item_id in session.items:
        if item_id not in checklist.item_ids:
            _unknown_item(item_id, ("items", item_id), checklist, document, path)
    for n, item_id in enumerate(session.skipped):
        if item_id not in known:
            _unknown_item(item_id, ("skipped", n), checklist, document, path)
    seen: set[str] = set()
    for n, agency in enumerate(session.agencies):
        if agency.name.strip().casefold() in seen:
            name_at = ("agencies", n, "name")
            raise SessionError(
                f"{where(path, document.line_of(name_at), name_at)}: the member agency "
                f"'{agency.name}' is listed twice. Give each agency once (each signs once). "
                f"{_HINT}"
            )
        seen.add(agency.name.strip().casefold())
    check_structured(session, lambda loc: where(path, document.line_of(loc), loc))
    lead = session.protocol.lead_agency
    if lead is not None and lead not in session.agency_names():
        at = ("protocol", "lead_agency")
        close = closest(lead, session.agency_names())
        hint = f" (did you mean '{close}'?)" if close else ""
        raise SessionError(
            f"{where(path, document.line_of(at), at)}: the lead agency '{lead}' is not one of "
            f"the member agencies{hint}. Name a member agency, or remove the line. {_HINT}"
        )
    if session.provisions:
        check_provisions(session.provisions, document, path)
    topic = session.protocol.topic
    if topic is not None and topic != OTHER_TOPIC and checklist.topic(topic) is None:
        loc: tuple[str, ...] = ("protocol", "topic")
        choices = [t.id for t in checklist.topics] + [OTHER_TOPIC]
        raise SessionError(
            f"{where(path, document.line_of(loc), loc)}: '{topic}' is not a topic of the checklist"
            f"{_suggest(topic, choices)}; use one of: {', '.join(choices)}. {_HINT}"
        )


def _unknown_item(
    item_id: str, loc: tuple[str | int, ...], checklist: Checklist, document: Document, path: Path
) -> None:
    raise SessionError(
        f"{where(path, document.line_of(loc), loc)}: '{item_id}' is not an item of the checklist "
        f"'{checklist.id}'{_suggest(item_id, checklist.item_ids)}. "
        "Run 'isp checklist' to see the item ids."
    )


def _suggest(name: str, choices: list[str]) -> str:
    close = closest(name, choices)
    return f" (did you mean '{close}'?)" if close else ""


def save_session(session: Session, path: Path, checklist: Checklist) -> None:
    """Write the session atomically (temporary file, fsync, rename), owner-only.

    What changed in the protocol's text since it was read or last saved is recorded
    first (Session.record_changes: a new version once agencies have approved).
    """
    session.record_changes(dt.date.today())
    session.updated = _now()
    text = (
        "# isp session file: the answers to the information sharing protocol checklist.\n"
        "# Plain YAML; edit with care and check with 'isp status FILE'.\n"
    ) + dump(session.to_data(checklist))
    try:
        write_atomic(path, text)
    except OSError as exc:
        raise SessionError(
            f"{path}: the session could not be saved ({exc.strerror or exc}). "
            "Check that the folder exists, is writable and the disk is not full."
        ) from None
