"""``isp diff``: what changed between two drafts, for counsel to review."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Literal

from isp_cli.printable import printable
from isp_cli.vocabulary import DISCIPLINES, STATE_LABELS

DiffFormat = Literal["text", "md"]
_DETAILS = (
    ("title", "Title"),
    ("task_force", "Task force"),
    ("topic", "Topic"),
    ("jurisdiction", "Jurisdiction"),
    ("version", "Version"),
    ("status", "Status"),
)
_AGENCY_FIELDS = ("discipline", "representative", "title", "email", "phone", "approval")


def word_diff(old: str, new: str, fmt: DiffFormat) -> str:
    """A word-level diff: [-removed-]{+added+} as text, ~~removed~~ **added** as Markdown."""
    a, b = re.findall(r"\S+|\s+", old), re.findall(r"\S+|\s+", new)
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        removed, added = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            out.append(removed)
            continue
        # Keep the white space around a change outside its markers.
        chunk = added if added.strip() else removed
        out.append(chunk[: len(chunk) - len(chunk.lstrip())])
        if removed.strip():
            out.append(f"~~{removed.strip()}~~" if fmt == "md" else f"[-{removed.strip()}-]")
            if added.strip() and fmt == "md":
                out.append(" ")
        if added.strip():
            out.append(f"**{added.strip()}**" if fmt == "md" else f"{{+{added.strip()}+}}")
        out.append(chunk[len(chunk.rstrip()) :])
    return "".join(out)


def diff_sessions(*, old: Path, new: Path, fmt: DiffFormat = "text") -> str:
    """A readable report of the differences between two session files."""
    from isp_cli.session import load_session

    before, checklist = load_session(old)
    after, _ = load_session(new)
    md = fmt == "md"
    lines: list[str] = [
        f"# Changes from {old.name} to {new.name}" if md else f"Changes from {old} to {new}"
    ]

    def heading(text: str) -> None:
        lines.extend(["", f"## {text}" if md else text, ""] if md else ["", text])

    details = []
    for field, label in _DETAILS:
        was, now = getattr(before.protocol, field), getattr(after.protocol, field)
        if was != now:
            details.append(f"- {label}: {was or '(none)'} -> {now or '(none)'}")
    if details:
        heading("Protocol details")
        lines.extend(details)

    old_agencies = {a.name: a for a in before.agencies}
    new_agencies = {a.name: a for a in after.agencies}
    agency_lines = [
        f"- Added: {n} ({DISCIPLINES[a.discipline]})"
        for n, a in new_agencies.items()
        if n not in old_agencies
    ]
    agency_lines += [f"- Removed: {n}" for n in old_agencies if n not in new_agencies]
    for name in old_agencies.keys() & new_agencies.keys():
        was, now = old_agencies[name], new_agencies[name]
        if was != now:
            changed = [f for f in _AGENCY_FIELDS if getattr(was, f) != getattr(now, f)]
            agency_lines.append(f"- Changed: {name} ({', '.join(changed)})")
    if agency_lines:
        heading("Member agencies")
        lines.extend(sorted(agency_lines))

    item_count = 0
    for item in checklist.items:
        was, now = before.items.get(item.id), after.items.get(item.id)
        if was == now:
            continue
        item_count += 1
        heading(f"{item.id}: {item.heading}")
        was_state = STATE_LABELS[was.status if was else "unanswered"].lower()
        now_state = STATE_LABELS[now.status if now else "unanswered"].lower()
        if was_state != now_state:
            lines.append(f"Decision: {was_state} -> {now_state}")
        old_text, new_text = (was.response if was else ""), (now.response if now else "")
        if old_text != new_text:
            lines.append(word_diff(old_text, new_text, fmt))
        if (was.note if was else "") != (now.note if now else ""):
            lines.append(
                f"Note: {word_diff(was.note if was else '', now.note if now else '', fmt)}"
            )
    if not details and not agency_lines and not item_count:
        lines.extend(["", "No differences."])
    else:
        lines.extend(["", f"{item_count} item(s) changed."])
    return printable("\n".join(lines), None, keep_newlines=True) + "\n"  # text from the files
