"""A budget for running a template: bounded time, memory and output.

Jinja2's sandbox stops a template from reaching outside, but not from running for
ever or filling the memory: a macro that calls itself, ``range(10**9)``,
``'x' * 10**9``, loops nested until the heat death of the universe. A template run
here stops, with an error naming the template and line, when it:

- runs longer than MAX_SECONDS (a wall-clock alarm, and a deadline checked on every
  call the template makes);
- multiplies text or a list beyond MAX_OUTPUT_CHARS, or raises to a huge power;
- asks for more than MAX_EXTRA_MEMORY bytes of memory (a soft address-space limit
  around the run, restored after it);
- writes more than MAX_OUTPUT_CHARS characters.

A fork per render with OS limits would be simpler but costs more than the whole
render of the sample; these guards cost microseconds (benchmarks/run.py).
"""

from __future__ import annotations

import contextlib
import operator
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

MAX_SECONDS = 10.0
MAX_OUTPUT_CHARS = 20_000_000
MAX_EXTRA_MEMORY = 512 << 20
MAX_EXPONENT = 10_000


class OverBudget(Exception):
    """A template went past one of the limits; the message says which."""


class Deadline:
    """The moment a template run must have ended by."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds
        self.alarm_set = False

    def check(self) -> None:
        """OverBudget once the deadline has passed (checked on every call a template makes)."""
        if time.monotonic() > self.at:
            raise self.expired()

    def expired(self) -> OverBudget:
        """The error to raise; the alarm is disarmed first, so it cannot ring again while
        the first error is being reported."""
        if self.alarm_set:
            signal.setitimer(signal.ITIMER_REAL, 0)
            self.alarm_set = False
        return OverBudget(f"it ran for more than {self.seconds:g} seconds (an endless loop?)")


def guarded_binop(op: str, left: Any, right: Any) -> Any:
    """``left * right`` and ``left ** right``, refused where the result would be huge."""
    if op == "*":
        for sequence, times in ((left, right), (right, left)):
            sized = isinstance(sequence, str | list | tuple) and isinstance(times, int)
            if sized and len(sequence) * times > MAX_OUTPUT_CHARS:
                raise OverBudget(
                    f"it multiplies a text or list {times:,} times, far beyond any document"
                )
        return operator.mul(left, right)
    if op == "**":
        if isinstance(right, int) and abs(right) > MAX_EXPONENT and abs(left) not in (0, 1):
            raise OverBudget(f"it raises a number to the power {right:,}")
        return operator.pow(left, right)
    raise AssertionError(op)  # pragma: no cover - only the intercepted operators come here


def generate_within(chunks: Iterator[str]) -> str:
    """Join a template's output, stopping at MAX_OUTPUT_CHARS."""
    parts: list[str] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_OUTPUT_CHARS:
            raise OverBudget(f"it writes more than {MAX_OUTPUT_CHARS:,} characters")
        parts.append(chunk)
    return "".join(parts)


@contextlib.contextmanager
def limits(deadline: Deadline) -> Iterator[None]:
    """An alarm at the deadline and a cap on new memory, for the block's duration."""
    with contextlib.ExitStack() as stack:
        stack.enter_context(_alarm(deadline))
        stack.enter_context(_memory_cap(MAX_EXTRA_MEMORY))
        yield


@contextlib.contextmanager
def _alarm(deadline: Deadline) -> Iterator[None]:
    # Signals are delivered to the main thread only; elsewhere the deadline checked on
    # every call is the guard.
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        yield
        return

    def ring(_signum: int, _frame: Any) -> None:
        if deadline.alarm_set:
            raise deadline.expired()

    previous = signal.signal(signal.SIGALRM, ring)
    deadline.alarm_set = True
    signal.setitimer(signal.ITIMER_REAL, deadline.seconds)
    try:
        yield
    finally:
        deadline.alarm_set = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _memory_cap(extra: int) -> Iterator[None]:
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        statm = Path("/proc/self/statm").read_text(encoding="ascii")
        in_use = int(statm.split()[0]) * resource.getpagesize()
    except (OSError, ValueError):  # no /proc (macOS): the output cap still holds
        yield
        return
    cap = in_use + extra
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    if soft != resource.RLIM_INFINITY and soft <= cap:
        yield  # already tighter than ours
        return
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
