"""Render a generated checklist and session of N items; print seconds on stdout."""

from __future__ import annotations

import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from isp_cli.document.docx.word_file import build_docx
from isp_cli.document.template.context import build_context, describe
from isp_cli.document.template.templating import builtin_template, render_markdown
from isp_cli.model.checklist import Checklist
from isp_cli.model.session import Answer, Session
from isp_cli.storage.resources import builtin_checklist

items = int(sys.argv[1])
answer_bytes = int(sys.argv[2])
out = Path(sys.argv[3])
builtin = builtin_checklist()
# Keep the built-in first section (the template refers to its items) and add sections.
extra = max(0, items - len(builtin.items))
sections = [s.model_dump() for s in builtin.sections]
for n in range(0, extra, 50):
    count = min(50, extra - n)
    sections.append(
        {
            "id": f"extra{n // 50}",
            "title": f"Additional section {n // 50 + 1}",
            "items": [
                {
                    "id": f"extra{n // 50}.item{k}",
                    "heading": f"Additional item {n + k + 1}",
                    "text": f"Additional consideration number {n + k + 1}",
                    "guidance": "e.g., an example",
                    "help": "Why it matters.",
                }
                for k in range(count)
            ],
        }
    )
data = builtin.model_dump() | {"sections": sections}
checklist = Checklist.model_validate(data)
paragraph = ("Policy text about sharing information with partners. " * 20)[: answer_bytes // 2]
text = f"{paragraph}\n\n- {paragraph[: answer_bytes // 4]}\n- {paragraph[: answer_bytes // 4]}"
moment = datetime(2026, 11, 25, tzinfo=timezone.utc)
session = Session(isp=1, checklist=checklist.id, created=moment, updated=moment)
for item in checklist.items:
    session.items[item.id] = Answer(status="include", response=text)
start = time.perf_counter()
markdown = render_markdown(builtin_template(), build_context(session, checklist, moment=moment))
out.write_bytes(build_docx(markdown, describe(session, checklist, moment=moment), reference=None))
print(f"{time.perf_counter() - start:.4f}")
