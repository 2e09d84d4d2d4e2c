"""Comparing two sequences (the words of an answer, the lines of a text), always in
bounded time.

Every diff isp shows goes through ``opcodes``: the report of ``isp diff``, the lines and
words ``isp import`` lists, the review's display of a change, the Word redline and the
text outside the answers that import compares. It gives difflib's opcodes
(``equal``, ``replace``, ``delete``, ``insert``), found this way:

1. The common start and end are taken off first (a one-word change in a long answer
   costs a scan, nothing more).
2. What is left is compared with difflib when it is small (the product of the two
   lengths at most ``SMALL``).
3. A larger stretch is cut at anchors, as patience diff does: the elements that occur
   exactly once in each side, in an order both share (the longest increasing run of
   their positions). Each piece between anchors is compared again from step 1.
4. A stretch with no anchor that is still too large to compare, or any stretch once the
   whole comparison has used up ``WORK`` element pairs, is reported as replaced whole:
   ``Diff.whole`` says so, for the caller to tell the user.

Every step is linear or n log n in the lengths, except difflib's, which is held to
``SMALL`` pairs a call and ``WORK`` in all.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

SMALL = 40_000  # element pairs difflib may compare in one stretch (200 x 200)
WORK = 4_000_000  # element pairs difflib may compare in one comparison, in all
_DEPTH = 60  # stretches within stretches cut at anchors, at most (Python's stack)

Opcode = tuple[str, int, int, int, int]


@dataclass
class Diff:
    """The opcodes that turn ``a`` into ``b``; ``whole``: some stretch was too large to
    compare and is shown as replaced whole; ``work``: element pairs difflib compared."""

    opcodes: list[Opcode] = field(default_factory=list)
    whole: bool = False
    work: int = 0


def opcodes(a: Sequence[Hashable], b: Sequence[Hashable], *, work: int = WORK) -> Diff:
    """How ``a`` becomes ``b``, as difflib's opcodes, in bounded time (module docstring)."""
    diff = Diff()
    budget = [work]
    raw: list[Opcode] = []
    _compare(a, b, 0, len(a), 0, len(b), raw, budget, diff)
    diff.work = work - budget[0]
    diff.opcodes = _merged(raw)
    return diff


def _compare(
    a: Sequence[Hashable],
    b: Sequence[Hashable],
    alo: int,
    ahi: int,
    blo: int,
    bhi: int,
    out: list[Opcode],
    budget: list[int],
    diff: Diff,
    depth: int = 0,
) -> None:
    start_a, start_b = alo, blo
    while alo < ahi and blo < bhi and a[alo] == b[blo]:
        alo, blo = alo + 1, blo + 1
    if alo > start_a:
        out.append(("equal", start_a, alo, start_b, blo))
    end_a, end_b = ahi, bhi
    while ahi > alo and bhi > blo and a[ahi - 1] == b[bhi - 1]:
        ahi, bhi = ahi - 1, bhi - 1
    tail = ("equal", ahi, end_a, bhi, end_b) if ahi < end_a else None
    _middle(a, b, alo, ahi, blo, bhi, out, budget, diff, depth)
    if tail:
        out.append(tail)


def _middle(
    a: Sequence[Hashable],
    b: Sequence[Hashable],
    alo: int,
    ahi: int,
    blo: int,
    bhi: int,
    out: list[Opcode],
    budget: list[int],
    diff: Diff,
    depth: int,
) -> None:
    """The stretch between a common start and end: nothing alike at either edge."""
    n, m = ahi - alo, bhi - blo
    if not n and not m:
        return
    if not n or not m:
        out.append(("insert" if not n else "delete", alo, ahi, blo, bhi))
        return
    if n * m <= min(SMALL, budget[0]):
        budget[0] -= n * m
        matcher = difflib.SequenceMatcher(a=a[alo:ahi], b=b[blo:bhi], autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            out.append((op, alo + i1, alo + i2, blo + j1, blo + j2))
        return
    anchors = _anchors(a, b, alo, ahi, blo, bhi) if depth < _DEPTH else []
    if not anchors:
        diff.whole = True
        out.append(("replace", alo, ahi, blo, bhi))
        return
    i, j = alo, blo
    for ai, bj in anchors:
        _compare(a, b, i, ai, j, bj, out, budget, diff, depth + 1)
        out.append(("equal", ai, ai + 1, bj, bj + 1))
        i, j = ai + 1, bj + 1
    _compare(a, b, i, ahi, j, bhi, out, budget, diff, depth + 1)


def _anchors(
    a: Sequence[Hashable], b: Sequence[Hashable], alo: int, ahi: int, blo: int, bhi: int
) -> list[tuple[int, int]]:
    """Elements found once in each stretch, in an order both share (patience diff)."""
    seen_a: dict[Hashable, int] = {}
    for i in range(alo, ahi):
        seen_a[a[i]] = -1 if a[i] in seen_a else i
    seen_b: dict[Hashable, int] = {}
    for j in range(blo, bhi):
        key = b[j]
        if seen_a.get(key, -1) >= 0:
            seen_b[key] = -1 if key in seen_b else j
    pairs = [(seen_a[key], j) for key, j in seen_b.items() if j >= 0]
    pairs.sort()
    return _longest_increasing(pairs)


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of ``pairs`` (sorted by the first) whose seconds increase."""
    tails: list[int] = []  # the second of the last pair of the best run of each length
    tail_at: list[int] = []
    before: list[int] = []
    for k, (_, j) in enumerate(pairs):
        place = bisect.bisect_left(tails, j)
        if place == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[place], tail_at[place] = j, k
        before.append(tail_at[place - 1] if place else -1)
    run: list[tuple[int, int]] = []
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        run.append(pairs[k])
        k = before[k]
    return run[::-1]


def _merged(raw: list[Opcode]) -> list[Opcode]:
    """Neighbouring opcodes of one kind as one; a delete next to an insert as a replace."""
    out: list[Opcode] = []
    for op, i1, i2, j1, j2 in raw:
        if i1 == i2 and j1 == j2:
            continue
        if out:
            last, li1, _, lj1, _ = out[-1]
            if last == op or (last != "equal" and op != "equal"):
                kind = last if last == op else "replace"
                out[-1] = (kind, li1, i2, lj1, j2)
                continue
        out.append((op, i1, i2, j1, j2))
    return [
        ("replace" if op != "equal" and i1 < i2 and j1 < j2 else op, i1, i2, j1, j2)
        for op, i1, i2, j1, j2 in out
    ]


# Words -----------------------------------------------------------------------------------

_TOKEN = re.compile(r"\s+|\S+\s*")


def tokens(text: str) -> list[str]:
    """``text`` as words, each with the white space after it (and any white space before
    the first word on its own): joined, they give ``text`` back."""
    return _TOKEN.findall(text)


def _key(token: str) -> tuple[str, int]:
    """What a word is compared by: the word, and whether a line or paragraph ends after it
    (so that the spaces between words are never matched on their own)."""
    word = token.rstrip()
    return word, min(token.count("\n", len(word)), 2)


@functools.lru_cache(maxsize=16)
def word_diff(old: str, new: str) -> tuple[list[str], list[str], Diff]:
    """The words of ``old`` and ``new`` and how one becomes the other (each pair of texts
    is compared once, however many times a report asks)."""
    a, b = tokens(old), tokens(new)
    return a, b, opcodes([_key(t) for t in a], [_key(t) for t in b])
