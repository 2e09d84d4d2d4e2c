"""Child process of the session fuzzer: runs isp in-process on mutated session files.

``python fuzz_child.py FOLDER SEED COUNT`` prints one JSON line per case: the command,
exit code, stderr, any exception that escaped, and whether the session file was left
exactly as it was. ``python fuzz_child.py FOLDER sweep`` does the same for a type swap
at every key path of the example session, with each of SWEEP. The parent test runs
this under a timeout, so a hang fails it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import sys
from pathlib import Path
from typing import Any

import typer
import typer.testing
import yaml
from typer.testing import CliRunner

from isp_cli.cli import app

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "metro-area-victim-referrals.isp.yaml"

VALUES: list[Any] = [
    None, True, 0, -1, 10**30, 1.5e308, "", "x" * 300, "y" * 70_000, [], {}, [1, [2]],
    {"a": {"b": None}}, "\x1b]0;pwned\x07\x1b[2J", "one\nTraceback (most recent call last):",
    "\x0b\ufffe\u202e", "2026-02-30", dt.date(2026, 1, 1), "intro.rationale", "final",
    "approved", "other", 12, 121, "1-888-373-7888", "SSN 123456789",
]  # fmt: skip
TEXT_VALUES = [
    "2026-02-30", "2026-01-01T25:00:00", "2026-01-01T00:00:00+99:00", "0000-01-01",
    "9999-12-31", "0001-01-01T00:00:00+05:00", "!!timestamp hello", "9" * 5000,
    "!!binary aGVsbG8=", "!!python/object:os.system", "&a x", "*a", "{<<: {}}", "!!int 1e3",
    '"\\e]0;pwned\\a\\e[2J"', '"\\x00\\ud800"', "[" * 200, "'" + "z" * 250_000 + "'",
]  # fmt: skip
KEYS = ["\x1b[2Jkey", "key\nTraceback", "k" * 5000, "", "<<", "1", "status "]
COMMANDS = [
    ["status"], ["status", "--json"], ["check"], ["render", "--format", "md", "-o", "out.md"],
    ["agenda", "--format", "md", "-o", "agenda.md"], ["diff", "@", "@"],
]  # fmt: skip


SWEEP: list[Any] = [10**30, ["\x1b[2J"], {"k\nTraceback": "\x1b]0;x\x07" * 500}]


def _dump(data: Any, width: int = 80) -> str:
    return yaml.dump(
        data, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True, width=width
    )


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_paths(value, (*prefix, key)))
    elif isinstance(node, list):
        for n, value in enumerate(node):
            found.extend(_paths(value, (*prefix, n)))
    return found


def _mutate_data(rng: random.Random, data: dict[str, Any]) -> str:
    for _ in range(rng.randint(1, 3)):
        path = rng.choice(_paths(data))
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        last = path[-1]
        action = rng.random()
        if action < 0.7:
            parent[last] = rng.choice(VALUES)
        elif action < 0.85 and isinstance(parent, dict):
            parent[rng.choice(KEYS)] = parent.pop(last)
        elif isinstance(parent, dict):
            del parent[last]
    return _dump(data, width=10**9)


def _mutate_text(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    n = rng.randrange(len(lines))
    line = lines[n]
    action = rng.random()
    if ": " in line and action < 0.6:
        key, _, _ = line.partition(": ")
        lines[n] = f"{key}: {rng.choice(TEXT_VALUES)}"
    elif action < 0.7:
        lines[n] = line + rng.choice(["\t", " \x1b[2J", "\x00", " #\x85", ":"])
    elif action < 0.8:
        lines.insert(n, line)  # a duplicate key or list entry
    elif action < 0.9:
        return "\n".join(lines)[: rng.randrange(len(text))]
    else:
        raw = "\n".join(lines).encode("utf-8")
        cut = rng.randrange(len(raw))
        return (raw[:cut] + rng.choice([b"\xff\xfe", b"\xc3", b"\x00"]) + raw[cut:]).decode(
            "utf-8", "surrogateescape"
        )
    return "\n".join(lines)


def _cases(folder: Path, rng: random.Random, count: int) -> Any:
    original = EXAMPLE.read_text(encoding="utf-8")
    base = yaml.safe_load(original)
    if count < 0:  # the sweep: every key path, every value of SWEEP, with isp check
        for path in _paths(base):
            for value in SWEEP:
                data = json.loads(json.dumps(base, default=str))
                parent = data
                for part in path[:-1]:
                    parent = parent[part]
                parent[path[-1]] = value
                yield _dump(data), ["check", "@"]
        return
    for _ in range(count):
        if rng.random() < 0.5:
            text = _mutate_data(rng, json.loads(json.dumps(base, default=str)))
        else:
            text = _mutate_text(rng, original)
        command = rng.choice(COMMANDS)
        yield text, command if command[0] == "diff" else [command[0], "@", *command[1:]]


def main() -> None:
    folder = Path(sys.argv[1])
    sweep = sys.argv[2] == "sweep"
    rng = random.Random(0 if sweep else int(sys.argv[2]))
    runner = CliRunner()
    command_line = typer.main.get_command(app)  # built once, not on every run
    typer.testing._get_command = lambda _: command_line  # type: ignore[attr-defined]
    for case, (text, command) in enumerate(_cases(folder, rng, -1 if sweep else int(sys.argv[3]))):
        session = folder / f"case{case}.isp.yaml"
        session.write_bytes(text.encode("utf-8", "surrogateescape"))
        before = hashlib.sha256(session.read_bytes()).hexdigest()
        args = [str(session) if part == "@" else part for part in command]
        args = [str(folder / part) if part.endswith(".md") else part for part in args]
        result = runner.invoke(app, args, prog_name="isp")
        escaped = result.exception
        if isinstance(escaped, SystemExit):
            escaped = None
        print(
            json.dumps(
                {
                    "case": case,
                    "args": args[:1],
                    "code": result.exit_code,
                    "stderr": result.stderr,
                    "escaped": repr(escaped) if escaped else None,
                    "unchanged": hashlib.sha256(session.read_bytes()).hexdigest() == before,
                }
            ),
            flush=True,
        )
        session.unlink()


if __name__ == "__main__":
    main()
