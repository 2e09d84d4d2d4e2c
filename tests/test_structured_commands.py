"""What status, agenda, diff, review, check and new --answers make of the structured parts."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import yaml

from helpers.paths import EXAMPLE
from isp_cli.commands.render import render_protocol


def example(tmp_path: Path, name: str = "s.isp.yaml") -> Path:
    path = tmp_path / name
    shutil.copy(EXAMPLE, path)
    return path


def edited(tmp_path: Path, change: Any, name: str = "new.isp.yaml") -> Path:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def test_status_counts_the_structured_parts(tmp_path: Path, cli: Any) -> None:
    path = example(tmp_path)
    code, out, _ = cli("status", str(path))
    assert code == 0
    assert (
        "Structured parts: 6 information flow(s) (1 without a decided condition), "
        "6 legal authorities, 3 point person(s), breach notification steps set."
    ) in " ".join(out.split())
    code, out, _ = cli("status", "--json", str(path))
    assert json.loads(out)["structured"] == {
        "flows": 6,
        "authorities": 6,
        "point_persons": 3,
        "breach": 1,
        "flows_undecided": 1,
    }


def test_diff_shows_entries_added_removed_and_changed_field_by_field(
    tmp_path: Path, cli: Any
) -> None:
    old = example(tmp_path, "old.isp.yaml")

    def change(data: dict[str, Any]) -> None:
        data["flows"][1]["condition"] = "legal-mandate"
        data["flows"][1]["shared_with"] = ["all-members"]
        del data["flows"][3]
        data["flows"].append(
            {"information": "tips-leads", "provided_by": ["Metro Police Department"]}
        )
        federal = data["authorities"]["federal"]
        federal[:] = [a for a in federal if a["id"] != "cjis-security-policy"]
        federal.append({"id": "ferpa", "binds": ["Metro County Children Services"]})
        data["point_persons"][1]["phone"] = "555-0199"
        data["breach"]["report_hours"] = 12

    new = edited(tmp_path, change)
    code, out, _ = cli("diff", str(old), str(new))
    assert code == 0, out
    text = out.split("Information flows\n", 1)[1]
    assert (
        "- Changed: Case status updates: shared with: Case-holding members only -> All members; "
        "condition: Supervisor approval -> Court order or legal mandate"
    ) in text
    assert "- Removed: A referral, with the victim's consent: Safe Harbor Survivor Services" in text
    assert "- Added: Tips and leads: Metro Police Department → ? (Not yet decided)" in text
    assert "Legal authorities\n" in out
    assert "- Added: Family Educational Rights and Privacy Act (FERPA)" in out
    assert "- Removed: FBI CJIS Security Policy" in out
    assert "- Changed: Safe Harbor Survivor Services: phone (none) -> 555-0199" in out
    assert "- first report within: 24 hours -> 12 hours" in out
    code, out, _ = cli("diff", str(old), str(old))
    assert "No differences." in out


def test_agenda_lists_flows_whose_condition_is_undecided(tmp_path: Path, cli: Any) -> None:
    path = example(tmp_path)
    code, _, err = cli("agenda", str(path), "--format", "md")
    assert code == 0, err
    md = (tmp_path / "s-agenda.md").read_text(encoding="utf-8")
    section = md.split("# Information flows without a condition", 1)[1]
    assert "| Screening results for a child or youth | Metro County Children Services |" in section
    assert "Tips and leads" not in section and "Case status updates" not in section


def test_new_answers_of_the_example_reproduces_the_same_document(tmp_path: Path, cli: Any) -> None:
    path = example(tmp_path, "example.isp.yaml")
    code, _, err = cli("new", "copy.isp.yaml", "--answers", str(path), "--no-input")
    assert code == 0, err
    documents = []
    for name in ("example.isp.yaml", "copy.isp.yaml"):
        text = render_protocol(file=tmp_path / name, fmt="md").path.read_text(encoding="utf-8")
        # The date (cover, front matter) is the session's last change; the mark is the
        # file's own hash.
        documents.append(
            [
                line
                for line in text.splitlines()
                if not line.startswith(("| Date |", "date: ", "fingerprint: "))
            ]
        )
    assert documents[0] == documents[1]
    assert "| Information | Provided by | Shared with | Condition |" in documents[0]


def test_check_scans_structured_text_but_not_point_persons(tmp_path: Path, cli: Any) -> None:
    def change(data: dict[str, Any]) -> None:
        data["flows"][0]["purpose"] = "Call the victim at 202-555-0143"
        data["point_persons"][0]["phone"] = "202-555-0100"

    path = edited(tmp_path, change)
    code, out, _ = cli("check", str(path))
    assert code == 3
    assert "flows, flow 1 (purpose): a phone number: 202-555-0143" in out
    assert "202-555-0100" not in out
    code, out, _ = cli("check", str(example(tmp_path)))
    assert code == 0, out


def test_review_shows_the_parts_and_counts_a_change(tmp_path: Path, user: Any) -> None:
    from isp_cli.commands.review import review_session
    from isp_cli.storage.resources import builtin_checklist

    path = example(tmp_path)
    steps: list[tuple[str, Any]] = []
    for item_id in builtin_checklist().item_ids:
        if item_id != "process.breach":
            steps.append((f"review.{item_id}", "keep"))
            continue
        steps += [
            (f"review.{item_id}", "change"),
            ("process.breach.status", "include"),
            ("process.breach.response", lambda q: q.default),
            ("breach.menu", "set"),
            ("breach.coordinator", lambda q: q.default),
            ("breach.report_hours", "12"),
            ("breach.notify_hours", lambda q: q.default),
            ("process.breach.note", ""),
        ]
    steps.append(("review.summary", "Breach reports within 12 hours."))
    script = user(steps)
    line = review_session(file=path)
    assert "1 part of the protocol changed" in line
    said = "\n".join(script.said)
    assert "Information flows:\n• A referral, with the victim's consent:" in said
    assert "Point persons:\n• Metro Police Department: Lt. A. Rivera" in said
    assert "Legal authorities:\n• VAWA confidentiality provision (34 U.S.C. 12291(b)(2))" in said
    data = yaml.safe_load(path.read_text())
    assert data["history"][-1]["items"] == ["process.breach"]
    assert data["breach"]["report_hours"] == 12
