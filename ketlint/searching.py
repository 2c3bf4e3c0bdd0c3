"""How a kind's searches are made: the one route from a kind to the engine's prefilter.

A kind searches with :func:`search` (through ``Rule.search`` and friends) and never sees
how: the engine, while it runs a kind's ``read_block`` or ``judge``, installs a
:class:`Searcher` that skips what cannot match and makes a search several rules ask for
once (:mod:`ketlint.prefilter`). Outside the engine (a kind's method called on its own,
a test) every search is made, bounded by the default timeout.

This module imports nothing else of ketlint's, so kinds and the engine can both use it
without an import circle.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Protocol

import regex

DEFAULT_TIMEOUT = 1.0


class RuleBudgetExceeded(Exception):
    """A search ran past its time budget (a user pattern that backtracks without end)."""


class Searcher(Protocol):
    timeout: float  # seconds a search may take

    def search(
        self, pattern: regex.Pattern[str], text: str, start: int, end: int
    ) -> list[regex.Match[str]]:
        """Every match of ``pattern`` in ``text[start:end]``."""
        ...

    def rules_out(self, pattern: regex.Pattern[str], text: str, start: int, end: int) -> bool:
        """True only when ``pattern`` cannot match in ``text[start:end]``, nor in any range
        inside it."""
        ...


class PlainSearcher:
    """Every search made, none skipped: what a kind gets outside the engine."""

    def __init__(self, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.timeout = timeout

    def search(
        self, pattern: regex.Pattern[str], text: str, start: int, end: int
    ) -> list[regex.Match[str]]:
        return list(pattern.finditer(text, start, end, timeout=self.timeout))

    def rules_out(self, pattern: regex.Pattern[str], text: str, start: int, end: int) -> bool:
        return False


# A context variable rather than a global: the language server lints on more than one
# thread, and each lint has its own document and prefilter.
_searcher: ContextVar[Searcher | None] = ContextVar("ketlint_searcher", default=None)
_PLAIN = PlainSearcher()


@contextmanager
def searching_with(searcher: Searcher) -> Iterator[None]:
    """Make the searches of the code run inside the ``with`` block through ``searcher``."""
    token = _searcher.set(searcher)
    try:
        yield
    finally:
        _searcher.reset(token)


def timeout() -> float:
    """Seconds a search may take, for a kind that must match a pattern itself (a match
    at one position, which no prefilter could skip)."""
    return (_searcher.get() or _PLAIN).timeout


def search(
    pattern: regex.Pattern[str], text: str, start: int = 0, end: int | None = None
) -> list[regex.Match[str]]:
    """Every match of ``pattern`` in ``text[start:end]``, through the current searcher.

    Raises RuleBudgetExceeded when a search runs out of time.
    """
    stop = len(text) if end is None else end
    searcher = _searcher.get() or _PLAIN
    try:
        return searcher.search(pattern, text, start, stop)
    except TimeoutError:
        raise RuleBudgetExceeded(
            f"a pattern took longer than {searcher.timeout:.2f}s: {pattern.pattern[:80]!r}"
        ) from None


def found(pattern: regex.Pattern[str], text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether ``pattern`` matches (even emptily) in ``text[start:end]``, through the
    current searcher: for helpers that kinds call, which search on the kind's behalf."""
    return bool(search(pattern, text, start, end))


def ruled_out(
    pattern: regex.Pattern[str], text: str, start: int = 0, end: int | None = None
) -> bool:
    """True only when ``pattern`` cannot match in ``text[start:end]`` nor in any range
    inside it (a sentence of a paragraph), as the current searcher's prefilter knows
    without searching; False whenever it does not know. For a kind that searches each
    sentence of a paragraph for the same patterns: asked once of the paragraph, it spares
    the sentences' searches (each a call through the prefilter) of the patterns that
    cannot be there."""
    stop = len(text) if end is None else end
    return (_searcher.get() or _PLAIN).rules_out(pattern, text, start, stop)
