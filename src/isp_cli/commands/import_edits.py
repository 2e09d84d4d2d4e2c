"""``isp import``: counsel's edits of a rendered protocol, item by item, back into the session.

Each changed item is shown (a few words marked in place, or the whole text before
and after), with its tracked changes, comments and any formatting isp cannot carry;
the user takes or keeps each one. Everything else that changed in the document is
listed by section: isp says what it cannot carry back, and never guesses.
Nothing is written until every question is answered: a Ctrl-C changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from isp_cli import command_questions, prompts
from isp_cli.errors import (
    ImportEditsError,
    IspError,
    NoTerminalError,
    SaveFailedError,
    SessionError,
)
from isp_cli.invocation import isp_command
from isp_cli.printable import printable

if TYPE_CHECKING:
    from isp_cli.checklist import Checklist
    from isp_cli.document.docx_reading import Comment
    from isp_cli.document.edits import ImportPlan, ItemEdit
    from isp_cli.privacy import Located
    from isp_cli.session import Session


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
    from isp_cli.saving import SessionWriter
    from isp_cli.session_file import load_session

    check_document(file, document)
    if dry_run:  # reads only: no lock needed, nothing written
        session, checklist = load_session(file)
        plan = _plan(session, checklist, file, document, template)
        return Imported("\n".join(report_lines(plan)) + "\n\n" + _nothing_line(plan, file, True))
    with SessionWriter(file) as writer:
        session, checklist = load_session(file)
        plan = _plan(session, checklist, file, document, template)
        changes = [e for e in plan.items if e.changes_answer or e.comments]
        if not changes:
            report = "\n".join(report_lines(plan))
            return Imported(report + "\n\n" + _nothing_line(plan, file, False))
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
        except SaveFailedError as exc:  # nothing was typed: say what was not imported
            raise SessionError(
                f"{str(exc).split('; isp could not write')[0]}. Nothing was imported into "
                f"{file}; run 'isp import' again once that is fixed."
            ) from None
    from isp_cli.privacy import scan_session

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
    from isp_cli.document.edits import plan_import

    plan = plan_import(session, checklist, file, document, template)
    for edit in plan.items:  # a comment already kept (an import done before) is not new
        note = session.items[edit.item_id].note if edit.item_id in session.items else ""
        edit.comments = [c for c in edit.comments if _comment_note(c) not in note]
    return plan


def _ask(
    session: Session, plan: ImportPlan, changes: list[ItemEdit], accept_all: bool
) -> tuple[list[ItemEdit], list[ItemEdit]]:
    """Show each changed item and ask (or, with --accept-all, take): what is taken, noted."""
    for line in _opening(plan):
        prompts.say(line)
    taken: list[ItemEdit] = []
    noted: list[ItemEdit] = []
    for number, edit in enumerate(changes, start=1):
        prompts.rule(f"[{number}/{len(changes)}] {edit.label}")
        for line in _item_lines(edit):
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
    for line in _outside_lines(plan):
        prompts.say(line, quoting=True)
    return taken, noted


def _apply(
    session: Session, plan: ImportPlan, taken: list[ItemEdit], noted: list[ItemEdit], file: Path
) -> str:
    """Put the taken changes into ``session``; a new minor version and a history entry."""
    from isp_cli.schedule import next_version
    from isp_cli.session import Answer, Revision

    for edit in taken:
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
        kept = [_comment_note(c) for c in edit.comments]
        current.note = "\n\n".join(n for n in [current.note.strip(), *kept] if n)
    notes = f"{len(noted)} item(s)' comments kept as notes" if noted else ""
    if not taken:  # notes are the task force's own, never in the protocol: no new version
        return (
            f"Kept the comments of {len(noted)} item(s) in their notes in {file}; the "
            f"protocol's text did not change, so its version stays {session.protocol.version}."
        )
    items = [e.item_id for e in taken]
    old = session.protocol.version
    session.protocol.version = next_version(old)
    reopened = ""
    if session.protocol.status == "final":
        # An amended protocol needs every agency's approval again, as after a review.
        for agency in session.agencies:
            agency.approval = None
        session.protocol.status = "draft"
        reopened = " The protocol is a draft again: every agency approves the amended text."
    session.history.append(
        Revision(
            version=session.protocol.version,
            date=dt.date.today(),
            summary=f"Edits imported from {plan.document.name}",
            items=items,
        )
    )
    return (
        f"Imported {len(taken)} change(s){', ' + notes if notes else ''} from {plan.document} "
        f"into {file}: version {old} -> {session.protocol.version}.{reopened} To make the "
        f"updated protocol:\n  {_render_command(file, plan.document, session.protocol.version)}"
    )


def edited_copies(session_file: Path) -> list[Path]:
    """The .docx files beside ``session_file`` made from it by isp and edited since."""
    from isp_cli.document.anchors import SESSION
    from isp_cli.document.docx_package import read_properties
    from isp_cli.document.fingerprint import fingerprint_matches
    from isp_cli.document.render import document_moment
    from isp_cli.session_file import load_session

    try:
        session, _ = load_session(session_file)
        started = (session.created or document_moment(session, session_file)).isoformat()
    except (IspError, OSError):
        return []
    found = []
    for path in sorted(session_file.parent.glob("*.docx")):
        if read_properties(path).get(SESSION) == started and not fingerprint_matches(path, "docx"):
            found.append(path)
    return found


def _render_command(file: Path, document: Path, version: str) -> str:
    """The render command that makes the updated protocol without replacing counsel's copy."""
    from isp_cli.document.render import default_output
    from isp_cli.files import same_file

    out = default_output(file, "docx")
    if out.exists() and same_file(out, document):
        return isp_command("render", file, "-o", out.with_name(f"{out.stem}-v{version}.docx"))
    return isp_command("render", file)


def _comment_note(comment: Comment) -> str:
    when = f" ({comment.date[:10]})" if comment.date[:10] else ""
    return f"Comment from {comment.author or 'someone'}{when}: {comment.text}"


# What the user reads ----------------------------------------------------------------


def report_lines(plan: ImportPlan) -> list[str]:
    """The whole report, as --dry-run prints it."""
    lines = _opening(plan)
    changes = [e for e in plan.items if e.changes_answer or e.comments]
    for edit in changes:
        lines.extend(["", edit.label, *_item_lines(edit)])
    lines.extend(_outside_lines(plan))
    return lines


def _opening(plan: ImportPlan) -> list[str]:
    source = plan.source
    lines = [
        printable(
            f"{plan.document} was made from version {source.version} of this session "
            f"(saved {source.saved[:10]}).",
            None,
        )
    ]
    if plan.session_moved_on:
        lines.append(
            "The session has changed since then: an item changed in both places is marked "
            "“changed in the session too”; taking counsel's text replaces the session's."
        )
    changes = [e for e in plan.items if e.changes_answer]
    comments = [e for e in plan.items if e.comments]
    lines.append("Below, “…” stands for lines that did not change.")
    lines.append(
        f"{len(changes)} answer(s) changed, {len(comments)} item(s) with comments, "
        f"{len(plan.outside)} change(s) outside the answers"
        + (f", {len(plan.loose_comments)} comment(s) outside them." if plan.loose_comments else ".")
    )
    return lines


def _item_lines(edit: ItemEdit) -> list[str]:
    from isp_cli.vocabulary import STATE_LABELS

    lines: list[str] = []
    if edit.uncertain:
        lines.append(
            "(the heading's hidden mark was lost and the session has changed since the "
            "document was made: isp cannot tell whether counsel or the session changed this; "
            "taking it may undo a change made in the session)"
        )
    elif edit.both_changed:
        lines.append("(changed in the session too since the document was made)")
    if edit.status_after != edit.status_before:
        was = STATE_LABELS.get(edit.status_before, edit.status_before)  # type: ignore[call-overload]
        lines.append(f"Decision: {was.lower()} -> {STATE_LABELS[edit.status_after].lower()}")
    if edit.after != edit.before:
        lines.extend(changed_lines(edit.before, edit.after, "The answer"))
    if edit.tracked:
        lines.append("Tracked changes (taking the change accepts them):")
        lines.extend(f"  - {t}" for t in edit.tracked)
    for comment in edit.comments:
        lines.append(_comment_note(comment))
    if edit.formats:
        lines.append("Formatting isp does not carry into an answer (not imported):")
        lines.extend(f"  - {f}" for f in edit.formats)
    return [printable(line, None, keep_newlines=True) for line in lines]


def changed_lines(before: str, after: str, what: str) -> list[str]:
    """The lines of a text that changed: "Added:", "Removed:", "Changed:" (with
    [-removed-]{+added+} words); unchanged lines are left out ("…")."""
    import difflib

    from isp_cli.commands.diff import word_diff

    old = [line for line in before.strip().split("\n") if line.strip()]
    new = [line for line in after.strip().split("\n") if line.strip()]
    lines = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            lines.append("  …")
            continue
        pairs = min(i2 - i1, j2 - j1) if op == "replace" else 0
        for k in range(pairs):
            a, b = old[i1 + k], new[j1 + k]
            if len(a) * len(b) > _WORD_DIFF_WORK:  # a word diff would take minutes: show both
                lines += [f"  Removed: {_cut(a)}", f"  Added: {_cut(b)}"]
            else:
                lines.append(f"  Changed: {_cut(_around(word_diff(a, b, 'text')))}")
        lines.extend(f"  Removed: {_cut(line)}" for line in old[i1 + pairs : i2])
        lines.extend(f"  Added: {_cut(line)}" for line in new[j1 + pairs : j2])
    return [f"{what}:", *lines]


_WORD_DIFF_WORK = 4_000_000  # characters x characters: a paragraph of ~2,000 each
_LINE_CHARS = 1_500  # a changed line is shown up to this long


def _cut(line: str) -> str:
    """A line cut to what a screen can show; the rest is in the document."""
    if len(line) <= _LINE_CHARS:
        return line
    return line[:_LINE_CHARS].rsplit(" ", 1)[0] + f" … ({len(line):,} characters in all)"


def _around(marked: str, context: int = 60) -> str:
    """A long changed line cut to its changes and some words around them."""
    marks = [m.start() for m in re.finditer(r"\[-|\{\+", marked)]
    ends = [m.end() for m in re.finditer(r"-\]|\+\}", marked)]
    if not marks or len(marked) <= 3 * context:
        return marked
    start, end = max(0, marks[0] - context), min(len(marked), ends[-1] + context)
    if start > 0:
        start = marked.find(" ", start) + 1 or start
    if end < len(marked):
        end = marked.rfind(" ", 0, end) if marked.rfind(" ", 0, end) > ends[-1] else end
    return ("…" if start > 0 else "") + marked[start:end] + ("…" if end < len(marked) else "")


def _outside_lines(plan: ImportPlan) -> list[str]:
    lines: list[str] = []
    if plan.outside:
        lines += [
            "",
            "Changed outside the answers. isp cannot carry these back into the session: "
            "its own wording comes from the template (use your own with --template), and "
            "details, agencies and general provisions are changed with 'isp edit'.",
        ]
        if plan.session_moved_on:
            lines.append(
                "The session changed after the document was made, so some of these may be "
                "the session's own changes, not counsel's: check before changing anything."
            )
        for edit in plan.outside:
            where = f"In {edit.where}" + (f" ({edit.why})" if edit.why else "")
            lines.extend(changed_lines(edit.before, edit.after, where))
    if plan.extras:
        lines += [
            "",
            "Footnotes, endnotes and text boxes (isp writes none, so these are counsel's; not "
            "imported: carry what matters into an answer with 'isp edit'):",
            *(f"- In {where}: {_cut(what)}" for where, what in plan.extras),
        ]
    if plan.loose_comments:
        lines += [
            "",
            "Comments outside the answers (not imported; read them in the document):",
            *(f"- {_comment_note(c)}" for c in plan.loose_comments),
        ]
    if plan.missing:
        lines += [
            "",
            "These items' headings are no longer in the document, so their text was not "
            "read (nothing is guessed):",
            *(f"- {label}" for label in plan.missing),
        ]
    return [printable(line, None, keep_newlines=True) for line in lines]


def _nothing_line(plan: ImportPlan, file: Path, dry_run: bool) -> str:
    if dry_run:
        return f"Nothing was imported (--dry-run); {file} is unchanged."
    if plan.outside or plan.missing or plan.loose_comments or plan.extras:
        return f"No answer changed; {file} is unchanged."
    return f"No edits found: every answer in {plan.document} is as isp wrote it."


def check_document(file: Path, document: Path) -> None:
    """ImportEditsError unless ``document`` names a .docx (and the two are not swapped)."""
    from isp_cli.vocabulary import SUFFIX

    if file.name.lower().endswith(".docx") and document.name.endswith(SUFFIX):
        raise ImportEditsError(
            f"the session comes first, then the edited document: isp import {document} {file}"
        )
    if document.suffix.lower() not in (".docx",):
        raise ImportEditsError(
            f"{document}: isp imports a Word document (.docx). If counsel sent a .doc, .odt "
            "or PDF, ask for the .docx, or save it as .docx in Word or LibreOffice."
        )
