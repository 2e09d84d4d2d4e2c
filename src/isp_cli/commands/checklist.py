"""``isp checklist``: a checklist as plain text, without loading the models."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from isp_cli.resources import builtin_checklist_data, data_path


def checklist_data(file: Path | None) -> dict[str, Any]:
    """The checklist in ``file`` (validated), or the built-in one, as plain data."""
    if file is None:
        return builtin_checklist_data()
    from isp_cli.checklist import load_checklist

    return load_checklist(file).model_dump()


def checklist_file_text(file: Path | None) -> str:
    """The text of the checklist file, to start one's own (``isp checklist --yaml``)."""
    if file is None:
        return data_path("checklist.yaml").read_text(encoding="utf-8")
    from isp_cli.checklist import load_checklist

    load_checklist(file)  # a file that is not a checklist gets one clear line
    return file.read_text(encoding="utf-8")


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
    return "\n".join(lines)
