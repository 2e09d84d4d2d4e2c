"""``isp diff``: what changed between two drafts, for counsel to review: a report
(text or Markdown), or a Word redline whose every change is a tracked change."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from isp_cli.model import comparison
from isp_cli.model.vocabulary import (
    APPROVAL_LABELS,
    DISCIPLINES,
    STATE_LABELS,
    DiffOutput,
    ReportFormat,
)
from isp_cli.printable import printable

if TYPE_CHECKING:
    from datetime import datetime

    from isp_cli.document.redline.build import Changes
    from isp_cli.model.checklist import Checklist
    from isp_cli.model.session import Agency, Answer, Session

Marking = Literal["text", "md", "colour"]
_MARKS = {  # how a removed and an added run of words is shown
    "text": ("[-{}-]", "{{+{}+}}"),
    "md": ("~~{}~~", "**{}**"),
    # Colour is marked with private-use characters first, and turned into escape
    # sequences only after the report (text from the files) has been made printable.
    "colour": ("\ue000{}\ue002", "\ue001{}\ue002"),
}
# Removed words red and struck through, added words green and underlined.
_COLOURS = {"\ue000": "\x1b[9;31m", "\ue001": "\x1b[4;32m", "\ue002": "\x1b[0m"}
_NO_MARKS = str.maketrans(dict.fromkeys(_COLOURS, ""))  # a file cannot bring its own
FEW_WORDS = 3  # up to this many words changed, a text diff is shown inline
WHOLE = (
    "(Parts of this text changed too much to compare word by word: they are shown as "
    "removed and added whole.)"
)
_DETAILS = (
    ("title", "Title"),
    ("task_force", "Task force"),
    ("topic", "Topic"),
    ("jurisdiction", "Jurisdiction"),
    ("lead_agency", "Lead agency"),
    ("coordinator", "Task force coordinator"),
    ("version", "Version"),
    ("status", "Status"),
)
_AGENCY_FIELDS = (
    "discipline", "representative", "title", "email", "phone", "approval",
    "signatory", "signatory_title",
)  # fmt: skip


def _opcodes(old: str, new: str) -> tuple[list[str], list[str], list[Any]]:
    a, b, diff = comparison.word_diff(old, new)
    return a, b, diff.opcodes


def changed_words(old: str, new: str) -> int:
    """How many words were removed or added between ``old`` and ``new``."""
    a, b, opcodes = _opcodes(old, new)
    return sum(
        len("".join(a[i1:i2]).split()) + len("".join(b[j1:j2]).split())
        for op, i1, i2, j1, j2 in opcodes
        if op != "equal"
    )


def word_diff(old: str, new: str, fmt: Marking) -> str:
    """A word-level diff: [-removed-]{+added+} as text, ~~removed~~ **added** as Markdown,
    struck red and underlined green in colour."""
    removed_mark, added_mark = _MARKS[fmt]
    a, b, opcodes = _opcodes(old, new)
    out: list[str] = []
    for op, i1, i2, j1, j2 in opcodes:
        removed, added = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            out.append(removed)
            continue
        if removed.split() == added.split():  # only a line break moved: the words as now
            out.append(added)
            continue
        # Keep the white space around a change outside its markers.
        chunk = added if added.strip() else removed
        out.append(chunk[: len(chunk) - len(chunk.lstrip())])
        if removed.strip():
            out.append(removed_mark.format(removed.strip()))
            if added.strip() and fmt == "md":
                out.append(" ")
        if added.strip():
            out.append(added_mark.format(added.strip()))
        out.append(chunk[len(chunk.rstrip()) :])
    return "".join(out)


def text_change(label: str, old: str, new: str, fmt: ReportFormat, colour: bool) -> list[str]:
    """A changed answer or note, as a track-changes summary reads it.

    In colour (or Markdown), the words are marked in place. In plain text, a few changed
    words are marked in place; a larger change is shown whole, before and after.
    """
    prefix = f"{label}: " if label else ""
    old, new = old.translate(_NO_MARKS), new.translate(_NO_MARKS)
    if fmt == "md" or colour:
        marked = [prefix + word_diff(old, new, "md" if fmt == "md" else "colour")]
        return marked + ([WHOLE] if comparison.word_diff(old, new)[2].whole else [])
    if old.strip() and new.strip() and changed_words(old, new) <= FEW_WORDS:
        return [prefix + word_diff(old, new, "text")]
    lines = []
    for when, text in (("Before", old), ("After", new)):
        body = "\n".join(f"  {line}" for line in text.strip("\n").split("\n"))
        lines.append(f"{label} {when.lower()}:" if label else f"{when}:")
        lines.append(body if text.strip() else "  (empty)")
    return lines


def _approval(agency: Agency) -> str:
    approval = agency.approval
    if approval is None:
        return APPROVAL_LABELS["pending"].lower()
    details = [d for d in (approval.date.isoformat() if approval.date else "", approval.by) if d]
    extra = f" ({', '.join(details)})" if details else ""
    pending = approval.status == "pending"
    of = f" of version {approval.version}" if approval.version and not pending else ""
    return APPROVAL_LABELS[approval.status].lower() + of + extra


def diff_sessions(*, old: Path, new: Path, fmt: ReportFormat = "text", colour: bool = False) -> str:
    """A readable report of the differences between two session files.

    ``colour``: mark changed words with colour (text on a terminal).
    """
    from isp_cli.commands.structured_text import changes
    from isp_cli.storage.session_file import load_session

    before, checklist = load_session(old)
    after, after_checklist = load_session(new)
    md = fmt == "md"
    lines: list[str] = [
        f"# Changes from {old.name} to {new.name}" if md else f"Changes from {old} to {new}"
    ]

    def heading(text: str) -> None:
        lines.extend(["", f"## {text}", ""] if md else ["", text])

    def change(label: str, was: str, now: str) -> list[str]:
        return text_change(label, was, now, fmt, colour)

    details = _detail_lines(before, after)
    if details:
        heading("Protocol details")
        lines.extend(details)
    agency_lines = _agency_lines(before, after)
    if agency_lines:
        heading("Member agencies")
        lines.extend(agency_lines)
    item_count = 0
    # Sessions on different checklists: the items of both, so that nothing is hidden.
    ids = set(checklist.item_ids)
    items = checklist.items + [i for i in after_checklist.items if i.id not in ids]
    if (checklist.id, checklist.version, checklist.item_ids) != (
        after_checklist.id,
        after_checklist.version,
        after_checklist.item_ids,
    ):
        lines.extend(
            [
                "",
                f"The two sessions use different checklists: {checklist.title} (version "
                f"{checklist.version}) and {after_checklist.title} (version "
                f"{after_checklist.version}). The items of both are compared.",
            ]
        )
    for item in items:
        item_lines = _item_lines(before.items.get(item.id), after.items.get(item.id), change)
        if item_lines is not None:
            item_count += 1
            heading(f"{item.id}: {item.heading}")
            lines.extend(item_lines)
    provision_count = _provisions(before, after, heading, lines, lambda a, b: change("", a, b))
    wording_count = _wording(before, after, heading, lines, lambda a, b: change("", a, b))
    structured = changes(before, after)
    for part, part_lines in structured:
        heading(part)
        lines.extend(part_lines)
    if not (
        details or agency_lines or item_count or provision_count or wording_count or structured
    ):
        lines.extend(["", "No differences."])
    else:
        also = f" and {provision_count} general provision(s)" if provision_count else ""
        if wording_count:
            also += f" and {wording_count} part(s) of the standard wording"
        tables = f" {len(structured)} structured part(s) changed." if structured else ""
        lines.extend(["", f"{item_count} item(s){also} changed.{tables}"])
    report = printable("\n".join(lines), None, keep_newlines=True) + "\n"  # text from the files
    for mark, sequence in _COLOURS.items():
        report = report.replace(mark, sequence if colour else "")
    return report


def _detail_lines(before: Session, after: Session) -> list[str]:
    """The protocol's details (title, version, ...) that changed."""
    lines = []
    for field, label in _DETAILS:
        was, now = getattr(before.protocol, field), getattr(after.protocol, field)
        if was != now:
            lines.append(f"- {label}: {was or '(none)'} -> {now or '(none)'}")
    return lines


def _agency_lines(before: Session, after: Session) -> list[str]:
    """The member agencies added, removed or changed, and approvals that moved; sorted."""
    old_agencies = {a.name: a for a in before.agencies}
    new_agencies = {a.name: a for a in after.agencies}
    lines = [
        f"- Added: {n} ({DISCIPLINES[a.discipline]})"
        for n, a in new_agencies.items()
        if n not in old_agencies
    ]
    lines += [f"- Removed: {n}" for n in old_agencies if n not in new_agencies]
    for name in old_agencies.keys() & new_agencies.keys():
        was, now = old_agencies[name], new_agencies[name]
        changed = [
            f
            for f in _AGENCY_FIELDS
            if (
                _approval(was) != _approval(now)
                if f == "approval"
                else getattr(was, f) != getattr(now, f)
            )
        ]
        if changed and changed != ["approval"]:
            fields = ", ".join(f for f in changed if f != "approval")
            lines.append(f"- Changed: {name} ({fields})")
        if "approval" in changed:
            lines.append(f"- Approval: {name}: {_approval(was)} -> {_approval(now)}")
    return sorted(lines)


def _item_lines(
    was: Answer | None, now: Answer | None, change: Callable[[str, str, str], list[str]]
) -> list[str] | None:
    """What changed in one item's answer (decision, text, note); None if nothing did."""
    if was == now:
        return None
    lines = []
    was_state = STATE_LABELS[was.status if was else "unanswered"].lower()
    now_state = STATE_LABELS[now.status if now else "unanswered"].lower()
    if was_state != now_state:
        lines.append(f"Decision: {was_state} -> {now_state}")
    old_text, new_text = (was.response if was else ""), (now.response if now else "")
    if old_text != new_text:
        lines.extend(change("", old_text, new_text))
    old_note, new_note = (was.note if was else ""), (now.note if now else "")
    if old_note != new_note:
        lines.extend(change("Note", old_note, new_note))
    return lines


def _provisions(
    before: Session,
    after: Session,
    heading: Callable[[str], None],
    lines: list[str],
    change: Callable[[str, str], list[str]],
) -> int:
    """The general provisions that changed, as the items are shown; how many."""
    from isp_cli.model.provisions import PROVISION_LABELS
    from isp_cli.storage.resources import builtin_provisions

    count = 0
    for provision in builtin_provisions().provisions:
        was, now = before.provisions.get(provision.id), after.provisions.get(provision.id)
        if was == now:
            continue
        count += 1
        heading(f"General provision: {provision.heading}")
        was_state = PROVISION_LABELS[was.status].lower() if was else "not decided"
        now_state = PROVISION_LABELS[now.status].lower() if now else "not decided"
        if was_state != now_state:
            lines.append(f"Decision: {was_state} -> {now_state}")
        old_values, new_values = (was.values if was else {}), (now.values if now else {})
        for value in provision.values:
            a, b = old_values.get(value.id), new_values.get(value.id)
            if a != b:
                lines.append(f"- {value.label}: {a or '(none)'} -> {b or '(none)'}")
        old_text, new_text = (was.text if was else ""), (now.text if now else "")
        if old_text != new_text:
            lines.extend(change(old_text, new_text))
    return count


def _wording(
    before: Session,
    after: Session,
    heading: Callable[[str], None],
    lines: list[str],
    change: Callable[[str, str], list[str]],
) -> int:
    """The parts of the standard wording the task force rewrote (or gave back); how many."""
    from isp_cli.model.session import WORDING

    count = 0
    for key, name in WORDING.items():
        was, now = before.wording.get(key, ""), after.wording.get(key, "")
        if was == now:
            continue
        count += 1
        heading(f"Standard wording: {name}")
        lines.extend(change(was or "(the standard wording)", now or "(the standard wording)"))
    return count


def diff_command(
    *,
    old: Path,
    new: Path,
    fmt: DiffOutput = "text",
    colour: bool = False,
    out: Path | None = None,
    force: bool = False,
) -> str:
    """What ``isp diff`` prints: the report, or what the redline holds and where it is."""
    if fmt != "docx":
        if out is not None or force:
            from isp_cli.errors import UsageError

            raise UsageError(
                "-o and --force go with --format docx (the Word redline); the text and md "
                "reports are printed. Add --format docx, or leave out -o and --force."
            )
        return diff_sessions(old=old, new=new, fmt=fmt, colour=colour)
    path, count = redline_sessions(old=old, new=new, out=out, force=force)
    if not count.total:
        summary = "No differences: the two protocols read the same, so it has no tracked changes."
    else:
        summary = (
            f"{_count(count.total, 'tracked change')}: {_count(count.insertions, 'insertion')}, "
            f"{_count(count.deletions, 'deletion')}. In Word: Review, then Next, Accept or Reject."
        )
    return printable(f"Wrote {path}", None) + "\n" + summary + "\n"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def redline_sessions(
    *, old: Path, new: Path, out: Path | None = None, force: bool = False
) -> tuple[Path, Changes]:
    """Write the Word protocol of ``new`` with every difference from ``old`` tracked.

    ``out`` defaults to NEW's name with ``-redline.docx``, beside it. Like ``isp
    render``, it never writes over a session or checklist, nor (without ``force``) over
    a document someone edited since isp wrote it.
    """
    from isp_cli.commands.output import check_output, default_output, write_output
    from isp_cli.document.readback.fingerprint import save_with_fingerprint
    from isp_cli.document.redline.build import mark_changes
    from isp_cli.storage.session_file import load_session

    sessions = {"earlier": load_session(old), "later": load_session(new)}
    out = out or default_output(new, "docx", "redline")
    inputs = {f"{when} session file": path for when, path in (("earlier", old), ("later", new))}
    for when, path in (("earlier", old), ("later", new)):
        if (checklist_file := sessions[when][0].checklist_file) is not None:
            inputs[f"{when} session's checklist file"] = path.parent / checklist_file
    check_output(out, inputs, "docx", force=force)
    old_document, _ = protocol_document(old, *sessions["earlier"])
    new_document, moment = protocol_document(new, *sessions["later"])
    count = mark_changes(old_document, new_document, moment=moment)
    write_output(out, save_with_fingerprint(new_document), "redline")
    return out, count


def protocol_document(file: Path, session: Session, checklist: Checklist) -> tuple[Any, datetime]:
    """The Word protocol of a session, as ``isp render`` makes it (not saved), and its date."""
    from isp_cli.document.docx.word_file import build_document
    from isp_cli.document.protocol import document_markdown

    markdown, info = document_markdown(session, checklist, file)
    return build_document(markdown, info, reference=None)[0], info.modified
