"""The cyclic garbage collector paused while a filing is read, built or checked."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic collector for the block, and restore it after unless the
    caller had paused it already.

    Reading, building and checking a filing make hundreds of thousands of small
    acyclic objects (cells, origins, records, the rules' facts) that live until
    the filing is done; each full collection would walk them all again, which
    made a 100,000-row table several times slower than its reading alone."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()
