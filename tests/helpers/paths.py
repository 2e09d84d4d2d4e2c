"""Where things are: the repository, the shared folder beside it, the example session."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# The shared folder is the repository's ../shared; ISP_SHARED names another.
SHARED = Path(os.environ.get("ISP_SHARED") or REPO.parent / "shared")
SEED = SHARED / "seed" / "ecm-information-sharing-protocol-checklist.txt"
EXAMPLE = REPO / "examples" / "metro-area-victim-referrals.isp.yaml"
