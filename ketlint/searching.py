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

from collections.abc import Iterator, Sequence
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

    def may_match(
        self, patterns: Sequence[regex.Pattern[str] | None], text: str, start: int, end: int
    ) -> list[bool]:
        """For each of ``patterns``, False only when it is None or it cannot match in
        ``text[start:end]`` nor in any range inside it (as the searcher knows without
        searching): the set asked at once."""
        ...

    def search_possible(
        self, pattern: regex.Pattern[str], text: str, start: int, end: int
    ) -> list[regex.Match[str]]:
        """:meth:`search` of a pattern :meth:`may_match` said may match in the range."""
        ...


class PlainSearcher:
    """Every search made, none skipped: what a kind gets outside the engine."""

    def __init__(self, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.timeout = timeout

    def search(
        self, pattern: regex.Pattern[str], text: str, start: int, end: int
    ) -> list[regex.Match[str]]:
        return list(pattern.finditer(text, start, end, timeout=self.timeout))

    def may_match(
        self, patterns: Sequence[regex.Pattern[str] | None], text: str, start: int, end: int
    ) -> list[bool]:
        return [pattern is not None for pattern in patterns]

    def search_possible(
        self, pattern: regex.Pattern[str], text: str, start: int, end: int
    ) -> list[regex.Match[str]]:
        return self.search(pattern, text, start, end)


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


def may_match(
    patterns: Sequence[regex.Pattern[str] | None],
    text: str,
    start: int = 0,
    end: int | None = None,
) -> list[bool]:
    """For each of ``patterns`` (None: no pattern), whether it may match in
    ``text[start:end]`` or in a range inside it: False only where the current searcher's
    prefilter knows, without searching, that it cannot (or the pattern is None). One question for the whole set: a kind that
    searches each sentence of a paragraph for the same patterns asks it once of the
    paragraph, and the engine answers it in one pass over the set, not with a call
    through the searcher per pattern."""
    stop = len(text) if end is None else end
    return (_searcher.get() or _PLAIN).may_match(patterns, text, start, stop)


def first_found(
    patterns: Sequence[regex.Pattern[str]], text: str, start: int = 0, end: int | None = None
) -> int:
    """The index of the first of ``patterns`` that matches (even emptily) in
    ``text[start:end]``, or -1: ``any(found(p, ...) for p in patterns)`` with the set asked
    once (:func:`may_match`) and only the patterns that may match searched, in order.

    Raises RuleBudgetExceeded when a search runs out of time."""
    stop = len(text) if end is None else end
    searcher = _searcher.get() or _PLAIN
    possible = searcher.may_match(patterns, text, start, stop)
    if True not in possible:
        return -1
    try:
        for index, pattern in enumerate(patterns):
            if possible[index] and searcher.search_possible(pattern, text, start, stop):
                return index
    except TimeoutError:
        raise _over_budget(searcher, pattern) from None
    return -1


def search_each(
    patterns: Sequence[regex.Pattern[str]], text: str, start: int = 0, end: int | None = None
) -> list[list[regex.Match[str]]]:
    """Every match of each of ``patterns`` in ``text[start:end]`` (one list per pattern, in
    order): :func:`search` of each, the set asked once (:func:`may_match`) and only the
    patterns that may match searched.

    Raises RuleBudgetExceeded when a search runs out of time."""
    stop = len(text) if end is None else end
    searcher = _searcher.get() or _PLAIN
    possible = searcher.may_match(patterns, text, start, stop)
    if True not in possible:
        return [[] for _ in patterns]
    found: list[list[regex.Match[str]]] = []
    try:
        for index, pattern in enumerate(patterns):
            found.append(
                searcher.search_possible(pattern, text, start, stop) if possible[index] else []
            )
    except TimeoutError:
        raise _over_budget(searcher, pattern) from None
    return found


def search_alternatives(
    joined: regex.Pattern[str],
    branches: Sequence[regex.Pattern[str]],
    text: str,
    start: int = 0,
    end: int | None = None,
) -> list[regex.Match[str]]:
    """Every match of ``joined`` in ``text[start:end]``, where ``joined`` is ``branches``
    joined into one alternation in order (``compile_alternatives`` of their sources, and
    each branch ``compile_alternatives`` of its own), made from the branches' searches.

    A long alternation whose branches start differently (one at any capital letter, one at
    a lowercase word) is tried at every position of the text; each branch alone is found
    by the regex engine's own scan for what it starts or must contain, and is narrowed by
    the prefilter on its own. The alternation's matches follow from the branches': from a
    position, the next match starts where the first of any branch's next matches starts,
    and it is the match of the first branch (in order) that matches there, as the
    alternation tries its branches; the next search starts where it ends. A branch whose
    listed match starts before that position and ends after it hid the matches of its own
    that start inside it, so it is searched again from the position. An empty match makes
    the rule above wrong (the alternation steps on by one), so then ``joined`` is searched
    itself.

    Raises RuleBudgetExceeded when a search runs out of time."""
    stop = len(text) if end is None else end
    found = search_each(branches, text, start, stop)
    if any(m.end() == m.start() for listed in found for m in listed):
        return search(joined, text, start, stop)
    nexts = [0] * len(found)
    matches: list[regex.Match[str]] = []
    position = start
    while True:
        first: regex.Match[str] | None = None
        for index, listed in enumerate(found):
            at = nexts[index]
            while at < len(listed) and listed[at].start() < position:
                if listed[at].end() > position:  # it hid its own matches from here on
                    listed = found[index] = search(branches[index], text, position, stop)
                    at = 0
                    if any(m.end() == m.start() for m in listed):
                        return search(joined, text, start, stop)
                    break
                at += 1
            nexts[index] = at
            if at < len(listed) and (first is None or listed[at].start() < first.start()):
                first = listed[at]
        if first is None:
            return matches
        matches.append(first)
        position = first.end()


def _over_budget(searcher: Searcher, pattern: regex.Pattern[str]) -> RuleBudgetExceeded:
    return RuleBudgetExceeded(
        f"a pattern took longer than {searcher.timeout:.2f}s: {pattern.pattern[:80]!r}"
    )
