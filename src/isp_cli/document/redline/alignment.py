"""Aligning two sequences of blocks (paragraphs and tables, or table rows) for a redline.

The blocks are matched by their keys with difflib; a stretch that differs is then
paired up the way difflib's Differ pairs lines: the most alike old and new blocks
are taken as one changed block, and the stretches either side are paired the same
way. What is left over is deleted or inserted whole. The caller (``redline``) says
what a key is, how alike two blocks are, and what becomes of each block.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any, Literal, NamedTuple, Protocol

from isp_cli.model.comparison import opcodes

# Two paragraphs (rows) this alike are compared word by word; less alike, they are
# deleted and inserted whole, which reads better than words woven through a rewrite.
ALIKE = 0.5
# Pairing looks at every old block against every new one within a changed stretch;
# past this many pairs, the stretch is deleted and inserted whole.
PAIRING_LIMIT = 10_000


class Sides(Protocol):
    """What the alignment asks of the comparison."""

    def key(self, block: Any) -> str:
        """Equal keys: equal blocks."""

    def alike(self, old: Any, new: Any) -> float | None:
        """How alike, 0 to 1; None if the two can never be one changed block."""

    def same(self, old: Any, new: Any) -> Any:
        """The redline's block for an unchanged block."""

    def paired(self, old: Any, new: Any, likeness: float) -> Any:
        """The redline's block for a block that changed."""

    def deleted(self, old: Any) -> Any:
        """The redline's block for a block that is gone."""

    def inserted(self, new: Any) -> Any:
        """The redline's block for a new block."""


class Step(NamedTuple):
    """One step of the alignment: old block ``i`` and/or new block ``j``."""

    kind: Literal["same", "paired", "deleted", "inserted"]
    i: int = -1
    j: int = -1
    likeness: float = 1.0


def align(old: Sequence[Any], new: Sequence[Any], sides: Sides) -> list[Any]:
    """The redline's blocks for ``old`` becoming ``new``, in order."""
    old_keys, new_keys = [sides.key(b) for b in old], [sides.key(b) for b in new]
    steps: list[Step] = []
    for op, i1, i2, j1, j2 in opcodes(old_keys, new_keys).opcodes:
        if op == "equal":
            steps.extend(Step("same", i1 + k, j1 + k) for k in range(i2 - i1))
        else:
            steps.extend(_pair_up(old, new, sides, (i1, i2, j1, j2)))
    merged: list[Any] = []
    for step in _slid(steps, old_keys, new_keys):
        if step.kind == "same":
            merged.append(sides.same(old[step.i], new[step.j]))
        elif step.kind == "paired":
            merged.append(sides.paired(old[step.i], new[step.j], step.likeness))
        elif step.kind == "deleted":
            merged.append(sides.deleted(old[step.i]))
        else:
            merged.append(sides.inserted(new[step.j]))
    return merged


def _slid(steps: list[Step], old_keys: list[str], new_keys: list[str]) -> list[Step]:
    """Each run of insertions (deletions) moved as far down as it can go.

    A new agency's [name, signature table] after another agency's identical blank
    table reads, to difflib, as [table, name] inserted before that table; moved
    down, it reads as the agency added after the last one, as a person would say it.
    """
    steps = list(steps)
    n = 0
    while n < len(steps):
        kind = steps[n].kind
        if kind not in ("inserted", "deleted"):
            n += 1
            continue
        end = n
        while end < len(steps) and steps[end].kind == kind:
            end += 1
        # [x1 .. xk] changed, then x1's twin unchanged: the twin is x1, xk+1 changed.
        while end < len(steps) and steps[end].kind == "same":
            first, twin = steps[n], steps[end]
            if kind == "inserted" and new_keys[first.j] == new_keys[twin.j]:
                steps[n : end + 1] = [
                    Step("same", twin.i, first.j),
                    *steps[n + 1 : end],
                    twin._replace(kind="inserted", i=-1),
                ]
            elif kind == "deleted" and old_keys[first.i] == old_keys[twin.i]:
                steps[n : end + 1] = [
                    Step("same", first.i, twin.j),
                    *steps[n + 1 : end],
                    twin._replace(kind="deleted", j=-1),
                ]
            else:
                break
            n, end = n + 1, end + 1
        n = max(end, n + 1)
    return steps


def _pair_up(
    old: Sequence[Any], new: Sequence[Any], sides: Sides, stretch: tuple[int, int, int, int]
) -> list[Step]:
    """A changed stretch: the most alike pair first, then the stretches either side of it
    (as difflib's Differ pairs lines). Deletions come before insertions, as in Word."""
    likeness: dict[tuple[int, int], float | None] = {}

    def measure(i: int, j: int) -> float | None:
        if (i, j) not in likeness:
            likeness[(i, j)] = sides.alike(old[i], new[j])
        return likeness[(i, j)]

    def solve(lo_a: int, hi_a: int, lo_b: int, hi_b: int) -> list[Step]:
        best: tuple[int, int] | None = None
        best_ratio = 0.0
        if hi_a - lo_a == 1 and hi_b - lo_b == 1:
            # One block became one block: the same block, changed, whenever it can be.
            ratio = measure(lo_a, lo_b)
            if ratio is not None:
                best, best_ratio = (lo_a, lo_b), ratio
        elif 0 < (hi_a - lo_a) * (hi_b - lo_b) <= PAIRING_LIMIT:
            for j in range(lo_b, hi_b):
                for i in range(lo_a, hi_a):
                    ratio = measure(i, j)
                    if ratio is not None and ratio >= ALIKE and ratio > best_ratio:
                        best, best_ratio = (i, j), ratio
        if best is None:
            return [Step("deleted", i=i) for i in range(lo_a, hi_a)] + [
                Step("inserted", j=j) for j in range(lo_b, hi_b)
            ]
        i, j = best
        return [
            *solve(lo_a, i, lo_b, j),
            Step("paired", i, j, best_ratio),
            *solve(i + 1, hi_a, j + 1, hi_b),
        ]

    return solve(*stretch)


def ratio(a: list[str], b: list[str]) -> float:
    """How alike two lists of words are, 0 to 1 (below ALIKE, only roughly)."""
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    if matcher.real_quick_ratio() < ALIKE or matcher.quick_ratio() < ALIKE:
        return matcher.quick_ratio() / 2  # unlike enough: no need for the exact figure
    same = sum(i2 - i1 for op, i1, i2, _, _ in opcodes(a, b).opcodes if op == "equal")
    return 2 * same / (len(a) + len(b)) if a or b else 1.0
