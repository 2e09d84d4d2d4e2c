"""What ``isp import`` shows: each changed item, what changed outside the answers, and why.

Changed text is shown by line, in the session's terms: "Added:", "Removed:", and
"Changed:" with [-removed-]{+added+} words; unchanged lines are left out ("…").
Everything is made printable first: the text comes from someone's document.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from isp_cli.printable import printable

if TYPE_CHECKING:
    from isp_cli.document.readback.edits import ImportPlan, ItemEdit
    from isp_cli.document.readback.reading import Comment


def comment_note(comment: Comment) -> str:
    when = f" ({comment.date[:10]})" if comment.date[:10] else ""
    return f"Comment from {comment.author or 'someone'}{when}: {comment.text}"


def report_lines(plan: ImportPlan) -> list[str]:
    """The whole report, as --dry-run prints it."""
    lines = opening(plan)
    changes = [e for e in plan.items if e.changes_answer or e.comments]
    for edit in changes:
        lines.extend(["", edit.label, *item_lines(edit)])
    lines.extend(outside_lines(plan))
    return lines


def opening(plan: ImportPlan) -> list[str]:
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


def item_lines(edit: ItemEdit) -> list[str]:
    from isp_cli.model.vocabulary import STATE_LABELS

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
        lines.append(comment_note(comment))
    if edit.formats:
        lines.append("Formatting isp does not carry into an answer (not imported):")
        lines.extend(f"  - {f}" for f in edit.formats)
    return [printable(line, None, keep_newlines=True) for line in lines]


def changed_lines(before: str, after: str, what: str) -> list[str]:
    """The lines of a text that changed: "Added:", "Removed:", "Changed:" (with
    [-removed-]{+added+} words); unchanged lines are left out ("…")."""
    from isp_cli.commands.diff import word_diff
    from isp_cli.model.comparison import opcodes

    old = [line for line in before.strip().split("\n") if line.strip()]
    new = [line for line in after.strip().split("\n") if line.strip()]
    lines = []
    for op, i1, i2, j1, j2 in opcodes(old, new).opcodes:
        if op == "equal":
            lines.append("  …")
            continue
        pairs = min(i2 - i1, j2 - j1) if op == "replace" else 0
        for k in range(pairs):
            lines.append(f"  Changed: {cut(_around(word_diff(old[i1 + k], new[j1 + k], 'text')))}")
        lines.extend(f"  Removed: {cut(line)}" for line in old[i1 + pairs : i2])
        lines.extend(f"  Added: {cut(line)}" for line in new[j1 + pairs : j2])
    return [f"{what}:", *lines]


_LINE_CHARS = 1_500  # a changed line is shown up to this long


def cut(line: str) -> str:
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


def outside_lines(plan: ImportPlan) -> list[str]:
    lines: list[str] = []
    if plan.outside:
        lines += [
            "",
            "Changed outside the answers. isp cannot carry these back into the session: "
            "its own wording comes from the template (use your own with --template), and "
            "details and agencies are changed with 'isp edit'.",
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
            *(f"- In {where}: {cut(what)}" for where, what in plan.extras),
        ]
    if plan.loose_comments:
        lines += [
            "",
            "Comments outside the answers (not imported; read them in the document):",
            *(f"- {comment_note(c)}" for c in plan.loose_comments),
        ]
    if plan.missing:
        lines += [
            "",
            "These items' headings are no longer in the document, so their text was not "
            "read (nothing is guessed):",
            *(f"- {label}" for label in plan.missing),
        ]
    return [printable(line, None, keep_newlines=True) for line in lines]


def nothing_line(plan: ImportPlan, file: Path, dry_run: bool) -> str:
    if dry_run:
        return f"Nothing was imported (--dry-run); {file} is unchanged."
    if plan.outside or plan.missing or plan.loose_comments or plan.extras:
        return f"No answer changed; {file} is unchanged."
    return f"No edits found: every answer in {plan.document} is as isp wrote it."
