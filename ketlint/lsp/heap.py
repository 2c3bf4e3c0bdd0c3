"""Garbage collection in the language server: when idle, not dozens of times per lint.

A lint allocates tens of thousands of containers, so the default young-generation threshold
(700) collects dozens of times per keystroke, each time walking whatever the lint holds at
that moment. The server collects when it is idle instead (after a publish, nothing else
pending), and automatically only past :data:`GC_YOUNG_THRESHOLD` new containers.
"""

from __future__ import annotations

import asyncio
import gc
import linecache
import time
from collections.abc import Callable

GC_YOUNG_THRESHOLD = 100_000
FULL_GC_SECONDS = 30.0  # an idle collection is a full one at most this often


# The names under which attrs and cattrs keep the source of the methods they generate.
_GENERATED_SOURCES = ("<attrs generated", "<cattrs generated")


def forget_generated_sources() -> None:
    """Drop the source text attrs and cattrs keep in :mod:`linecache` for every method they
    generate (lsprotocol's some 600 message classes: about 1.6 MB of lines), kept only so
    that a debugger can show it; the server is not stepped through, and a traceback through
    such a method still names its file and line."""
    for name in [name for name in linecache.cache if name.startswith(_GENERATED_SOURCES)]:
        del linecache.cache[name]


class HeapKeeper:
    """Freezes what is loaded for good and collects the rest between lints."""

    def __init__(self) -> None:
        self.tuned = False  # the thresholds are raised (after the first warm-up)
        self._handle: asyncio.Handle | None = None
        self._last_full = time.monotonic()

    def settle(self) -> None:
        """Freeze what is loaded now (modules, rules, dictionaries: nothing a collection
        could free) so collections never walk it again, and collect young objects when
        idle rather than every 700 allocations."""
        gc.unfreeze()  # the rules of a generation before a reload may be garbage now
        forget_generated_sources()
        gc.collect()
        gc.freeze()
        self._last_full = time.monotonic()
        if not self.tuned:
            _, middle, old = gc.get_threshold()
            gc.set_threshold(GC_YOUNG_THRESHOLD, middle, old)
            self.tuned = True

    def collect_soon(self, busy: Callable[[], bool]) -> None:
        """After a publish: collect what the lint left, unless ``busy()`` says more lints
        are on the way (the last of them will collect)."""
        if self.tuned and self._handle is None:
            self._handle = asyncio.get_running_loop().call_soon(self._collect, busy)

    def _collect(self, busy: Callable[[], bool]) -> None:
        self._handle = None
        if busy():
            return
        now = time.monotonic()
        if now - self._last_full >= FULL_GC_SECONDS:
            gc.collect()
            self._last_full = now
        else:
            gc.collect(1)
