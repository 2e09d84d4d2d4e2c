"""isp: write a task force's Information Sharing Protocol, one checklist item at a time."""

import os

__version__ = "0.1.0"

# Pydantic hands every value it validates to the plugins installed beside it. isp uses
# none, and session answers are for the task force's eyes only; not looking for plugins
# also spares each run a scan of every installed package's metadata (about 4 ms).
os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
