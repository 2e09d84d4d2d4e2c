"""Open points on the terminal: each with the command that settles it."""

from __future__ import annotations

from pathlib import Path

from isp_cli.invocation import isp_command
from isp_cli.model.open_points import APPROVE, OpenPoint


def point_command(point: OpenPoint, file: Path) -> str:
    """The isp command that settles ``point``."""
    if point.target == APPROVE:
        return isp_command("approve", file)
    return isp_command("edit", file, point.target)


def point_lines(points: list[OpenPoint], file: Path) -> list[str]:
    """'  - Breach notification: to be discussed.' lines, each with its command on the
    line below (alone, so that it can be copied)."""
    return [f"  - {point.text}\n      {point_command(point, file)}" for point in points]
