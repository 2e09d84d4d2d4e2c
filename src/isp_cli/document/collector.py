"""Python's cycle collector, paused while one document is made.

A render allocates tens of thousands of small objects (Markdown tokens, XML
proxies, model instances) and frees nearly all of them by reference counting. Each
automatic collection meanwhile walks every object alive, most of them the
libraries and models that were just imported: about a tenth of a whole-process
render went to collections that found nothing. The few cycles a render leaves
are collected after it, at the next automatic collection.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No automatic cycle collection inside the block; as before after it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
