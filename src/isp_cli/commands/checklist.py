"""``isp checklist``: a checklist as plain text, or the text of its file."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from isp_cli.printable import printable
from isp_cli.storage.resources import builtin_checklist, data_path, load_checklist


def checklist_data(file: Path | None) -> dict[str, Any]:
    """The checklist in ``file`` (validated), or the built-in one, as plain data."""
    checklist = builtin_checklist() if file is None else load_checklist(file)
    return checklist.model_dump()


def checklist_file_text(file: Path | None) -> str:
    """The text of the checklist file, to start one's own (``isp checklist --yaml``).

    A file of one's own is read through the same guards as every file (a regular
    file, a size limit) and checked as a checklist before it is printed.
    """
    from isp_cli.errors import ChecklistError
    from isp_cli.storage.loading import where
    from isp_cli.storage.resources import MAX_CHECKLIST_BYTES
    from isp_cli.storage.yamlio import YamlProblem, read_text

    source = data_path("checklist.yaml") if file is None else file
    try:
        text = read_text(source, max_bytes=MAX_CHECKLIST_BYTES)
    except YamlProblem as problem:
        raise ChecklistError(
            f"{where(source, problem.line)}: this checklist cannot be read: {problem.message}."
        ) from None
    if file is not None:
        load_checklist(file)  # a file that is not a checklist gets one clear line
    return text


def checklist_text(data: dict[str, Any], width: int = 100) -> str:
    """The checklist as plain text: sections, item ids and item wording."""
    lines = [data["title"], f"(checklist '{data['id']}', version {data['version']})", ""]
    items = [item for section in data["sections"] for item in section["items"]]
    id_width = max(len(item["id"]) for item in items) + 2
    for number, section in enumerate(data["sections"], start=1):
        lines.append(f"{number}. {section['title']}")
        for item in section["items"]:
            guidance = (item.get("guidance") or "").strip()
            text = item["text"].strip() + (f" ({guidance})" if guidance else "")
            wrapped = textwrap.wrap(text, width=max(40, width - id_width - 3))
            lines.append(f"   {item['id']:<{id_width}}{wrapped[0]}")
            lines.extend(" " * (3 + id_width) + rest for rest in wrapped[1:])
        lines.append("")
    lines.append(f"{len(items)} items in {len(data['sections'])} sections.")
    # A checklist of one's own is a file: its text is printed with control characters escaped.
    return "\n".join(printable(line, None) for line in lines)
