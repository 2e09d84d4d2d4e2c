"""Child process for the kill -9 test: the real interview code, answering as fast as it can.

Prints "confirmed N" after the answer numbered N (response and note) is saved.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path
from typing import Any

from isp_cli.interview import prompts
from isp_cli.interview.items import Interview
from isp_cli.storage.session_file import load_session

counter = itertools.count()
current = {"n": 0}


def ask(question: Any) -> Any:
    if question.key.endswith(".status"):
        current["n"] = next(counter)
        return "include"
    if question.key.endswith(".response"):
        return f"answer {current['n']}\n" + "policy text " * 150
    return f"note {current['n']}"


prompts.ask = ask
prompts.say = lambda *a, **k: None
prompts.rule = lambda *a, **k: None

path = Path(sys.argv[1])
session, checklist = load_session(path)
with Interview(session, checklist, path) as interview:
    for item in itertools.cycle(checklist.items):
        interview.ask_item(item)
        print(f"confirmed {current['n']}", flush=True)
