"""``isp checklist``: the built-in checklist as text or JSON, without loading the models.

The built-in checklist is validated by the test suite and by every command that
uses it with a session; listing it needs only its data, which keeps it fast.
"""

from __future__ import annotations

import textwrap
from typing import Any

from isp_cli.resources import data_path


def builtin_checklist_data() -> dict[str, Any]:
    """The built-in checklist as plain data (the same shape as ``--json`` prints)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with data_path("checklist.yaml").open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.load(handle, Loader=loader)
    return data


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
