"""Session files for the tests: their data, written to disk and read back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from isp_cli.storage.resources import builtin_checklist


def minimal_data() -> dict[str, Any]:
    """A small session: its details, one agency and three items (include, discuss, omit)."""
    return {
        "isp": 1,
        "checklist": "ecm-isp",
        "protocol": {
            "task_force": "Metro Area Anti-Trafficking Task Force",
            "title": "Information Sharing Protocol - Victim Referrals",
            "topic": "victim-referrals",
            "jurisdiction": "Metro County, State",
            "version": "0.1",
            "status": "draft",
        },
        "agencies": [
            {
                "name": "Metro Police Department",
                "discipline": "law-enforcement",
                "representative": "Lt. A. Rivera",
                "title": "Human Trafficking Unit Supervisor",
            }
        ],
        "items": {
            "intro.rationale": {
                "status": "include",
                "response": "Free text.\n\n- first\n- second\n",
                "note": "optional",
            },
            "process.breach": {"status": "discuss", "response": ""},
            "requirements.hipaa": {"status": "omit"},
        },
    }


def write_session(tmp_path: Path, data: dict[str, Any], name: str = "s.isp.yaml") -> Path:
    """``data`` written as the session file ``name`` in ``tmp_path``; its path."""
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def load(path: Path) -> dict[str, Any]:
    """A session file (any YAML file) as plain data."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


# Answers that must reach the document as typed, not as markup, code or control characters.
HOSTILE = {
    "intro.rationale": "Control\x00chars\x07 and \x1b escapes\x0bstripped.",
    "intro.contributors": "Emoji 🚀👩🏽‍⚖️ and right-to-left: مرحبا بالعالم, שלום עולם.",
    "shared.details": "Template code {{ protocol.title }} {% if true %}x{% endif %} {# c #}",
    "shared.victim_rights": "**bold** _em_ <b>html</b> &amp; [link](http://example.org) `code`",
    "shared.current_storage": "# not a heading\n> not a quote\n---\n1986. A year, not a list.",
    "shared.providers_recipients": "Supercalifragilistic" * 40,
    "requirements.mandates": ("A long answer. " * 7000).strip(),
}


def hostile_data() -> dict[str, Any]:
    """The minimal session with the HOSTILE answers, each included."""
    data = minimal_data()
    data["items"] = {k: {"status": "include", "response": v} for k, v in HOSTILE.items()}
    return data


def started(tmp_path: Path) -> Path:
    """s.isp.yaml: a session with its details, three agencies and the first item answered."""
    path = tmp_path / "s.isp.yaml"
    data = {
        "isp": 1,
        "checklist": "ecm-isp",
        "protocol": {
            "task_force": "Metro Area Anti-Trafficking Task Force",
            "title": "Information Sharing Protocol",
            "topic": "victim-referrals",
            "jurisdiction": "Metro County, Ohio",
        },
        "agencies": [
            {"name": "Metro Police Department", "discipline": "law-enforcement"},
            {"name": "Safe Harbor", "discipline": "victim-services"},
            {"name": "County Prosecutor", "discipline": "prosecution"},
        ],
        "items": {"intro.rationale": {"status": "include", "response": "Why we share."}},
    }
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def custom_checklist_session(tmp_path: Path) -> Path:
    """A session beside its own checklist file, my-checklist.yaml."""
    data = builtin_checklist().model_dump() | {"id": "metro-isp", "version": "2026.1"}
    (tmp_path / "my-checklist.yaml").write_text(
        yaml.safe_dump(data, sort_keys=False), encoding="utf-8"
    )
    session = minimal_data() | {
        "checklist": "metro-isp",
        "checklist_version": "2026.1",
        "checklist_file": "my-checklist.yaml",
    }
    return write_session(tmp_path, session)
