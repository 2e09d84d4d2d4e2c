"""isp's benchmark: each case against a baseline measured in the same run.

Whole-process cases run a case and its baseline alternately, after a warm-up,
and report medians and the ratio case / baseline. In-process cases report
milliseconds against the floor that the same work needs without isp. Peak memory
comes from the operating system's accounting of each child process (wait4).

Usage: python benchmarks/run.py [--quick] [--json FILE]
       python benchmarks/run.py --instructions   (needs valgrind; counts, not times)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BIN = Path(sys.executable).parent
ISP = [str(BIN / "isp")] if (BIN / "isp").exists() else [sys.executable, "-m", "isp_cli"]
PY = sys.executable
SAMPLE = REPO / "examples" / "metro-area-victim-referrals.isp.yaml"
ENV = dict(os.environ, PROMPT_TOOLKIT_NO_CPR="1", TERM="xterm", NO_COLOR="1")


def run_process(command: list[str], cwd: Path) -> tuple[float, int]:
    """Seconds and peak memory (KiB) of one whole process."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        command,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        env=ENV,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(command)}")
    return elapsed, usage.ru_maxrss


def until_prompt(command: list[str], cwd: Path, text: str) -> float:
    """Seconds from start until ``text`` is on the terminal."""
    import pexpect

    start = time.perf_counter()
    child = pexpect.spawn(
        command[0],
        command[1:],
        cwd=str(cwd),
        env=ENV,
        dimensions=(40, 120),
        encoding="utf-8",
        timeout=30,
    )
    child.expect_exact(text)
    elapsed = time.perf_counter() - start
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    return elapsed


def interleave(
    case: Callable[[], float], base: Callable[[], float], runs: int
) -> tuple[float, float]:
    case(), base()  # warm-up: file system caches, .pyc files
    case_times, base_times = [], []
    for _ in range(runs):
        case_times.append(case())
        base_times.append(base())
    return statistics.median(case_times), statistics.median(base_times)


def timed(action: Callable[[], object], runs: int) -> float:
    action()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def whole_process_cases(work: Path, runs: int) -> list[dict[str, Any]]:
    base = [PY, str(HERE / "baseline_typer.py")]
    rows = []
    for name, case_args, base_args, target in (
        ("isp --help", ["--help"], ["--help"], 1.2),
        ("isp --version", ["--version"], ["--version"], 1.2),
        ("isp checklist", ["checklist"], ["show"], 1.2),
    ):
        case_s, base_s = interleave(
            lambda a=case_args: run_process(ISP + a, work)[0],
            lambda a=base_args: run_process(base + a, work)[0],
            runs,
        )
        rows.append(row(name, "minimal Typer app", case_s, base_s, target))

    counter = iter(range(10_000))
    case_s, base_s = interleave(
        lambda: until_prompt(
            [*ISP, "new", f"b{next(counter)}.isp.yaml"], work, "Name of the task force"
        ),
        lambda: until_prompt(
            [PY, str(HERE / "baseline_prompt.py")], work, "Name of the task force"
        ),
        runs,
    )
    rows.append(
        row(
            "isp new, until the first prompt",
            "Typer command showing one questionary prompt",
            case_s,
            base_s,
            1.3,
        )
    )

    session = work / "sample.isp.yaml"
    shutil.copy(SAMPLE, session)
    peak: list[int] = []

    def render() -> float:
        seconds, rss = run_process(
            [*ISP, "render", str(session), "-o", str(work / "s.docx"), "--force"], work
        )
        peak.append(rss)
        return seconds

    floor = [PY, str(HERE / "baseline_render_imports.py"), "x"]
    case_s, base_s = interleave(render, lambda: run_process(floor, work)[0], runs)
    rows.append(
        row(
            "isp render (sample), whole process",
            "Typer command importing render's libraries",
            case_s,
            base_s,
            1.3,
        )
        | {"peak_mib": round(max(peak) / 1024, 1)}
    )
    return rows


def row(name: str, baseline: str, case_s: float, base_s: float, target: float) -> dict[str, Any]:
    ratio = case_s / base_s
    return {
        "case": name,
        "baseline": baseline,
        "case_ms": round(case_s * 1000, 1),
        "baseline_ms": round(base_s * 1000, 1),
        "ratio": round(ratio, 2),
        "target": f"<= {target}x",
        "met": ratio <= target,
    }


def in_process_cases(work: Path, runs: int) -> list[dict[str, Any]]:
    import yaml

    from isp_cli.commands.render import render_protocol
    from isp_cli.model.session import Answer, Session
    from isp_cli.storage.atomic import write_atomic
    from isp_cli.storage.resources import builtin_checklist
    from isp_cli.storage.session_file import load_session, save_session

    rows = []
    checklist = builtin_checklist()
    session = Session.start(checklist)
    answer = ("Policy text about what partners share and how. " * 45)[:2000]
    for item in checklist.items:
        session.items[item.id] = Answer(status="include", response=answer + "\nsecond line")
    path = work / "save.isp.yaml"
    data = session.to_data(checklist)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    save_s = timed(lambda: save_session(session, path, checklist), runs * 5)
    floor_s = timed(
        lambda: write_atomic(work / "floor.yaml", yaml.dump(data, Dumper=dumper)), runs * 5
    )
    rows.append(ms_row("autosave, 21 items x 2 KB", save_s, floor_s, 15))

    big, big_checklist = _big_session(1000, 1024)
    big_path = work / "big.isp.yaml"
    big_data = big.to_data(big_checklist)
    save_s = timed(lambda: save_session(big, big_path, big_checklist), runs)
    floor_s = timed(
        lambda: write_atomic(work / "floor.yaml", yaml.dump(big_data, Dumper=dumper)), runs
    )
    rows.append(ms_row("autosave, 1,000 items, 1 MB", save_s, floor_s, 80))

    sample = work / "sample-inproc.isp.yaml"
    shutil.copy(SAMPLE, sample)
    render_protocol(file=sample, force=True)  # imports and caches
    render_s = timed(lambda: render_protocol(file=sample, force=True), runs)
    load_s = timed(lambda: load_session(sample), runs)
    rows.append(
        ms_row(
            "render the sample, in process", render_s, load_s, 100, floor_name="loading the session"
        )
    )
    return rows


def _big_session(items: int, answer_bytes: int) -> tuple[Any, Any]:
    from isp_cli.model.checklist import Checklist
    from isp_cli.model.session import Answer, Session

    sections = [
        {
            "id": f"s{n}",
            "title": f"Section {n}",
            "items": [
                {
                    "id": f"s{n}.i{k}",
                    "heading": f"Item {k}",
                    "text": f"Item {k}",
                    "guidance": "",
                    "help": "Why.",
                }
                for k in range(50)
            ],
        }
        for n in range(items // 50)
    ]
    checklist = Checklist.model_validate(
        {
            "id": "big",
            "version": "1",
            "title": "Big",
            "source": "generated",
            "introduction": [],
            "purposes": [],
            "topics": [],
            "instructions": "",
            "definitions": [],
            "sections": sections,
        }
    )
    session = Session.start(checklist)
    text = ("x" * 99 + "\n") * (answer_bytes // 100)
    for item in checklist.items:
        session.items[item.id] = Answer(status="include", response=text)
    return session, checklist


def ms_row(
    name: str, seconds: float, floor: float, target_ms: float, floor_name: str = ""
) -> dict[str, Any]:
    return {
        "case": name,
        "baseline": floor_name or "yaml.dump (libyaml) + atomic write",
        "case_ms": round(seconds * 1000, 2),
        "baseline_ms": round(floor * 1000, 2),
        "ratio": round(seconds / floor, 2),
        "target": f"<= {target_ms} ms",
        "met": seconds * 1000 <= target_ms,
    }


def scale_cases(work: Path) -> list[dict[str, Any]]:
    rows = []
    for items in (21, 200, 1000):
        out = work / f"scale{items}.docx"
        command = [PY, str(HERE / "scale_child.py"), str(items), "1024", str(out)]
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=ENV)
        _, _status, usage = os.wait4(proc.pid, 0)
        assert proc.stdout is not None
        seconds = float(proc.stdout.read().strip())
        rows.append(
            {
                "case": f"render {items} items (1 KB answers)",
                "items": items,
                "render_s": round(seconds, 3),
                "ms_per_item": round(seconds * 1000 / items, 2),
                "peak_mib": round(usage.ru_maxrss / 1024, 1),
            }
        )
    last = rows[-1]
    last["target"] = "<= 3 s, <= 200 MiB"
    last["met"] = last["render_s"] <= 3 and last["peak_mib"] <= 200
    return rows


def instructions(command: list[str], cwd: Path) -> int:
    """Instructions one whole process executes, counted by valgrind (cachegrind).

    Unlike time, the count hardly moves between runs on a busy machine: a change of 1%
    shows. It is not time (it ignores cache misses and waiting for the disk), so it
    complements the timed cases rather than replacing them.
    """
    result = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
         *command],
        cwd=cwd, env=ENV | {"PYTHONHASHSEED": "0"}, capture_output=True, text=True, check=False,
    )  # fmt: skip
    for line in result.stderr.splitlines():
        if "I" in line and "refs:" in line:
            return int(line.split("refs:")[1].replace(",", "").strip())
    raise SystemExit(f"valgrind gave no count for: {' '.join(command)}\n{result.stderr[-500:]}")


def instruction_cases(work: Path) -> list[dict[str, Any]]:
    """The whole-process cases' instructions against their baselines' (one run each)."""
    session = work / "sample.isp.yaml"
    shutil.copy(SAMPLE, session)
    base = [PY, str(HERE / "baseline_typer.py")]
    rows = []
    for name, case, baseline in (
        ("isp --help", [*ISP, "--help"], [*base, "--help"]),
        ("isp checklist", [*ISP, "checklist"], [*base, "show"]),
        (
            "isp render (sample), whole process",
            [*ISP, "render", str(session), "-o", str(work / "s.docx"), "--force"],
            [PY, str(HERE / "baseline_render_imports.py"), "x"],
        ),
    ):
        instructions(case, work)  # the first run writes caches (.pyc, templates, data)
        counted, floor = instructions(case, work), instructions(baseline, work)
        rows.append(
            {
                "case": name,
                "isp_millions": round(counted / 1e6),
                "baseline_millions": round(floor / 1e6),
                "ratio": round(counted / floor, 3),
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs (a smoke test)")
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="count instructions with valgrind instead of timing (stable on a busy machine)",
    )
    parser.add_argument("--json", type=Path, default=HERE / "results.json")
    options = parser.parse_args()
    if options.instructions:
        with tempfile.TemporaryDirectory() as folder:
            print(f"{'case':44} {'isp':>10} {'baseline':>10} {'ratio':>6}  (instructions)")
            for r in instruction_cases(Path(folder)):
                print(
                    f"{r['case']:44} {r['isp_millions']:>9}M {r['baseline_millions']:>9}M "
                    f"{r['ratio']:>6}"
                )
        return
    runs = 3 if options.quick else 15
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        results = {
            "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}",
            "runs": runs,
            # Scale first: a child's peak memory counts what this process held when it
            # forked, so measure it while this process is still small.
            "scale": scale_cases(work),
            "whole_process": whole_process_cases(work, runs),
            "in_process": in_process_cases(work, runs),
        }
    print(f"isp benchmark, {results['date']}, {results['machine']}, median of {runs}\n")
    print(f"{'case':44} {'isp':>10} {'baseline':>10} {'ratio':>6}  target      met")
    for r in results["whole_process"] + results["in_process"]:
        print(
            f"{r['case']:44} {r['case_ms']:>8} ms {r['baseline_ms']:>7} ms {r['ratio']:>6}  "
            f"{r['target']:<11} {'yes' if r['met'] else 'NO'}"
        )
        print(
            f"{'':44} baseline: {r['baseline']}"
            + (f"; peak {r['peak_mib']} MiB" if "peak_mib" in r else "")
        )
    print(f"\n{'scale':44} {'render':>10} {'per item':>10} {'peak':>10}")
    for r in results["scale"]:
        print(
            f"{r['case']:44} {r['render_s']:>8} s {r['ms_per_item']:>7} ms {r['peak_mib']:>6} MiB"
        )
    options.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nWrote {options.json}")


if __name__ == "__main__":
    main()
