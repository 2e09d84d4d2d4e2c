"""``isp import``: counsel's edits of a rendered protocol, item by item, back into the session.

Each changed item is shown (a few words marked in place, or the whole text before
and after), with its tracked changes, comments and any formatting isp cannot carry;
the user takes or keeps each one. Everything else that changed in the document is
listed by section: isp says what it cannot carry back, and never guesses.
Nothing is written until every question is answered: a Ctrl-C changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from isp_cli.commands.import_report import (
    comment_note,
    item_lines,
    nothing_line,
    opening,
    outside_lines,
    report_lines,
)
from isp_cli.errors import (
    ImportEditsError,
    IspError,
    NoTerminalError,
    SaveFailedError,
    SessionError,
)
from isp_cli.interview import command_questions, prompts
from isp_cli.invocation import isp_command

if TYPE_CHECKING:
    from isp_cli.document.readback.edits import ImportPlan, ItemEdit
    from isp_cli.model.checklist import Checklist
    from isp_cli.model.privacy import Located
    from isp_cli.model.session import Session


@dataclass
class Imported:
    """What ``isp import`` did: its closing line, and warnings about personal details."""

    line: str
    findings: list[Located] = field(default_factory=list)


def import_edits(
    *,
    file: Path,
    document: Path,
    accept_all: bool = False,
    dry_run: bool = False,
    template: Path | None = None,
) -> Imported:
    """Bring the edits in ``document`` into the session ``file``; see the module docstring."""
    from isp_cli.storage.saving import SessionWriter
    from isp_cli.storage.session_file import load_session

    check_document(file, document)
    if dry_run:  # reads only: no lock needed, nothing written
        session, checklist = load_session(file)
        plan = _plan(session, checklist, file, document, template)
        return Imported("\n".join(report_lines(plan)) + "\n\n" + nothing_line(plan, file, True))
    with SessionWriter(file) as writer:
        session, checklist = load_session(file)
        plan = _plan(session, checklist, file, document, template)
        changes = [e for e in plan.items if e.changes_answer or e.comments]
        if not changes:
            report = "\n".join(report_lines(plan))
            return Imported(report + "\n\n" + nothing_line(plan, file, False))
        if not accept_all and not prompts.can_ask():
            raise NoTerminalError(
                f"{document} has {len(changes)} changed item(s), and 'isp import' asks about "
                "each one, but there is no terminal to ask on; nothing was imported. To only "
                "see them, add --dry-run; to take them all:\n"
                f"  {isp_command('import', file, document, '--accept-all')}"
            )
        taken, noted = _ask(session, plan, changes, accept_all)
        if not (taken or noted):
            return Imported(f"Nothing imported; {file} is unchanged.")
        line = _apply(session, plan, taken, noted, file)
        try:
            writer.save(session, checklist)
        except SaveFailedError as exc:
            if exc.recovery is not None:
                raise  # the imported session is in the recovery file the message names
            # Nothing was typed, so nothing is shown: say that nothing was imported.
            raise SessionError(
                f"{exc.reason}. Nothing was imported into {file}; run 'isp import' again once that "
                "is fixed."
            ) from None
    from isp_cli.model.privacy import scan_session

    changed = {e.item_id for e in taken + noted}
    found = [
        f
        for f in scan_session(session, checklist)
        if f.where.split(" ")[0] in changed and not session.is_kept(f.where, f.finding.text)
    ]
    return Imported(line, found)


def _plan(
    session: Session, checklist: Checklist, file: Path, document: Path, template: Path | None
) -> ImportPlan:
    from isp_cli.document.readback.edits import plan_import

    plan = plan_import(session, checklist, file, document, template)
    for edit in plan.items:  # a comment already kept (an import done before) is not new
        note = session.items[edit.item_id].note if edit.item_id in session.items else ""
        edit.comments = [c for c in edit.comments if comment_note(c) not in note]
    return plan


def _ask(
    session: Session, plan: ImportPlan, changes: list[ItemEdit], accept_all: bool
) -> tuple[list[ItemEdit], list[ItemEdit]]:
    """Show each changed item and ask (or, with --accept-all, take): what is taken, noted."""
    for line in opening(plan):
        prompts.say(line)
    taken: list[ItemEdit] = []
    noted: list[ItemEdit] = []
    for number, edit in enumerate(changes, start=1):
        prompts.rule(f"[{number}/{len(changes)}] {edit.label}")
        for line in item_lines(edit):
            prompts.say(line, quoting=True)
        if edit.changes_answer and accept_all and edit.uncertain:
            prompts.say("(Not taken by --accept-all: isp cannot tell who changed this item.)")
        elif edit.changes_answer and (
            accept_all or prompts.ask(command_questions.import_take(edit.label)) == "take"
        ):
            taken.append(edit)
        if edit.comments and not (edit in taken or edit.item_id in session.items):
            prompts.say("(The item has no answer yet, so a comment cannot be kept as its note.)")
        elif edit.comments and (
            accept_all or prompts.ask(command_questions.import_comments(len(edit.comments)))
        ):
            noted.append(edit)
    for line in outside_lines(plan):
        prompts.say(line, quoting=True)
    return taken, noted


def _apply(
    session: Session, plan: ImportPlan, taken: list[ItemEdit], noted: list[ItemEdit], file: Path
) -> str:
    """Put the taken changes into ``session``; a new minor version and a history entry."""
    from isp_cli.document.readback.anchors import PROVISION_PREFIX
    from isp_cli.model.session import WORDING, WORDING_PREFIX, Answer, ProvisionAnswer

    old = session.protocol.version
    was_final = session.protocol.status == "final"
    # The revision history is part of the signed document: no file name (a private
    # one, such as "... counsel comments (initials).docx"), only what happened.
    session.begin_amendment(f"Edits to the Word document of version {old} accepted.")

    for edit in taken:
        if edit.item_id.startswith(PROVISION_PREFIX):  # counsel's wording of a provision
            provision_id = edit.item_id.removeprefix(PROVISION_PREFIX)
            decided = session.provisions.get(provision_id)
            values = decided.values if decided else {}
            session.provisions[provision_id] = ProvisionAnswer(
                status="edit", text=edit.after, values=values
            )
            continue
        if edit.item_id.startswith(WORDING_PREFIX):  # counsel's wording of the scope, ...
            key = next(k for k in WORDING if f"{WORDING_PREFIX}{k}" == edit.item_id)
            session.wording[key] = edit.after
            continue
        current = session.items.get(edit.item_id)
        note = current.note if current else ""
        session.items[edit.item_id] = Answer(
            status=edit.status_after, response=edit.after, note=note
        )
        if edit.item_id in session.skipped:
            session.skipped.remove(edit.item_id)
    for edit in noted:
        current = session.items.get(edit.item_id)
        if current is None:  # not answered: a note needs an answer to belong to
            continue
        kept = [comment_note(c) for c in edit.comments]
        current.note = "\n\n".join(n for n in [current.note.strip(), *kept] if n)
    notes = f"{len(noted)} item(s)' comments kept as notes" if noted else ""
    if not taken:  # notes are the task force's own, never in the protocol: no new version
        return (
            f"Kept the comments of {len(noted)} item(s) in their notes in {file}; the "
            f"protocol's text did not change, so its version stays {session.protocol.version}."
        )
    session.record_changes(dt.date.today())  # the next version, as saving would
    reopened = " The protocol is a draft again." if was_final else ""
    if session.agencies:
        reopened += f" Approvals of version {old} do not carry over: each agency approves "
        reopened += f"version {session.protocol.version}."
    return (
        f"Imported {len(taken)} change(s){', ' + notes if notes else ''} from {plan.document} "
        f"into {file}: version {old} -> {session.protocol.version}.{reopened} To make the "
        f"updated protocol:\n  {_render_command(file, plan.document, session.protocol.version)}"
    )


def edited_copies(session_file: Path) -> list[Path]:
    """The .docx files beside ``session_file`` made from it by isp and edited since."""
    from isp_cli.document.protocol import document_moment
    from isp_cli.document.readback.anchors import SESSION
    from isp_cli.document.readback.fingerprint import fingerprint_matches
    from isp_cli.document.readback.package import read_properties
    from isp_cli.document.template.context import source_of
    from isp_cli.storage.session_file import load_session

    try:
        session, _ = load_session(session_file)
        started = source_of(session, document_moment(session, session_file)).session
    except (IspError, OSError):
        return []
    found = []
    for path in sorted(session_file.parent.glob("*.docx")):
        if read_properties(path).get(SESSION) == started and not fingerprint_matches(path, "docx"):
            found.append(path)
    return found


def _render_command(file: Path, document: Path, version: str) -> str:
    """The render command that makes the updated protocol without replacing counsel's copy."""
    from isp_cli.commands.output import default_output
    from isp_cli.storage.files import same_file

    out = default_output(file, "docx")
    if out.exists() and same_file(out, document):
        return isp_command("render", file, "-o", out.with_name(f"{out.stem}-v{version}.docx"))
    return isp_command("render", file)


def check_document(file: Path, document: Path) -> None:
    """ImportEditsError unless ``document`` names a .docx (and the two are not swapped)."""
    from isp_cli.model.vocabulary import SUFFIX

    if file.name.lower().endswith(".docx") and document.name.endswith(SUFFIX):
        raise ImportEditsError(
            f"the session comes first, then the edited document: isp import {document} {file}"
        )
    if document.suffix.lower() not in (".docx",):
        raise ImportEditsError(
            f"{document}: isp imports a Word document (.docx). If counsel sent a .doc, .odt "
            "or PDF, ask for the .docx, or save it as .docx in Word or LibreOffice."
        )
