"""One timeout policy for every pattern a user (a rule file or a config) can write.

Rule files and configs come from the repository being linted, so their regexes may
backtrack catastrophically (``(b|bb)+c`` on a long run of ``b``). The load-time probe
(:mod:`ketlint.safety`) catches the common shapes but not every one, so every such
pattern is compiled through :func:`user_pattern` (or wrapped by :func:`timed`), whose
searches all carry a timeout, whatever the call site. A search that runs out raises
:class:`PatternTimeout`, which the engine reports as that rule's failure on that
document (the other rules' findings stand); it never hangs the CLI or the server.

The timeout is wall time, the only limit the ``regex`` module offers, so it is kept for
patterns that are broken, not slow: at one second a search on an article-sized text
either finishes in milliseconds or never does. The engine's budget for ordinary work is
a deterministic size limit instead (:mod:`ketlint.engine`), so results do not depend on
machine load.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import regex

PATTERN_TIMEOUT_SECONDS = 1.0


class PatternTimeout(Exception):
    """A user-supplied pattern's search ran past :data:`PATTERN_TIMEOUT_SECONDS`."""

    def __init__(self, pattern: str, timeout: float) -> None:
        super().__init__(f"a pattern took longer than {timeout:.2f}s: {pattern[:80]!r}")
        self.pattern = pattern


class TimedPattern:
    """A pattern whose every search is bounded by a timeout, compiled on its first search.

    Quacks like ``regex.Pattern`` (``groupindex``, ``groups`` ... are the compiled pattern's);
    an explicit ``timeout=`` from the caller is capped, not replaced. ``pattern`` and
    ``given_flags`` (what it was compiled with) are known without compiling: the `regex`
    module's compiler is written in Python (about 2 ms a pattern), a rule pack holds some
    800 patterns, and in one article the prefilter (:mod:`ketlint.prefilter`, which reads
    only the source) rules most of them out, so a pattern never searched is never compiled.
    A rule pack that may hold a broken pattern is compiled at load (:func:`check_compiles`).
    """

    __slots__ = ("pattern", "given_flags", "_kwargs", "_compiled")

    def __init__(self, compiled: regex.Pattern[str]) -> None:
        self.pattern: str = compiled.pattern
        self.given_flags: int = int(compiled.flags)
        self._kwargs: dict[str, Any] = {}
        self._compiled: regex.Pattern[str] | None = compiled

    @classmethod
    def lazy(cls, source: str, flags: int = 0, **kwargs: Any) -> TimedPattern:
        pattern = cls.__new__(cls)
        pattern.pattern, pattern.given_flags, pattern._kwargs = source, int(flags), kwargs
        pattern._compiled = None
        return pattern

    @property
    def compiled(self) -> regex.Pattern[str]:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = regex.compile(
                self.pattern, self.given_flags, **self._kwargs
            )
        return compiled

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # copy and pickle probe for hooks before __init__ has run
            raise AttributeError(name)
        return getattr(self.compiled, name)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_lazy_pattern, (self.pattern, self.given_flags, self._kwargs))

    def __repr__(self) -> str:
        return f"TimedPattern({self.pattern!r}, {self.given_flags})"

    def _timeout(self, kwargs: dict[str, Any]) -> float:
        asked = kwargs.pop("timeout", None)
        return PATTERN_TIMEOUT_SECONDS if asked is None else min(asked, PATTERN_TIMEOUT_SECONDS)

    def _call(self, method: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        timeout = self._timeout(kwargs)
        try:
            return getattr(self.compiled, method)(*args, timeout=timeout, **kwargs)
        except TimeoutError:
            raise PatternTimeout(self.compiled.pattern, timeout) from None

    # search and match written out (what _call does, without naming the method): they are
    # called hundreds of thousands of times over an archive.
    def search(self, *args: Any, **kwargs: Any) -> Any:
        asked = kwargs.pop("timeout", None)
        timeout = PATTERN_TIMEOUT_SECONDS if asked is None else min(asked, PATTERN_TIMEOUT_SECONDS)
        compiled = self._compiled if self._compiled is not None else self.compiled
        try:
            return compiled.search(*args, timeout=timeout, **kwargs)
        except TimeoutError:
            raise PatternTimeout(compiled.pattern, timeout) from None

    def match(self, *args: Any, **kwargs: Any) -> Any:
        asked = kwargs.pop("timeout", None)
        timeout = PATTERN_TIMEOUT_SECONDS if asked is None else min(asked, PATTERN_TIMEOUT_SECONDS)
        compiled = self._compiled if self._compiled is not None else self.compiled
        try:
            return compiled.match(*args, timeout=timeout, **kwargs)
        except TimeoutError:
            raise PatternTimeout(compiled.pattern, timeout) from None

    def fullmatch(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("fullmatch", args, kwargs)

    def findall(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("findall", args, kwargs)

    def split(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("split", args, kwargs)

    def sub(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("sub", args, kwargs)

    def subn(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("subn", args, kwargs)

    def finditer(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        # The timeout of regex's finditer is per match; a lazy iterator is drained here so
        # that a timeout surfaces at the call site, inside the rule that asked.
        timeout = self._timeout(kwargs)
        try:
            return iter(list(self.compiled.finditer(*args, timeout=timeout, **kwargs)))
        except TimeoutError:
            raise PatternTimeout(self.compiled.pattern, timeout) from None

    def __eq__(self, other: object) -> bool:
        if isinstance(other, TimedPattern):
            return (self.pattern, self.given_flags) == (other.pattern, other.given_flags)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.pattern, self.given_flags))


def _lazy_pattern(source: str, flags: int, kwargs: dict[str, Any]) -> TimedPattern:
    return TimedPattern.lazy(source, flags, **kwargs)


def escape(text: str) -> str:
    """``regex.escape(text)``: a word of letters and digits (most of what rules list) as
    it is, without ``regex.escape``'s loop over its characters, which escapes only
    punctuation and spaces (about 2 us a word; a rule set escapes some 1,700 words when it
    is built)."""
    return text if text.isalnum() else regex.escape(text)


def user_pattern(source: str, flags: int = 0, **kwargs: Any) -> Any:
    """``regex.compile(source, flags)`` with every search under the timeout policy,
    compiled when first searched (:class:`TimedPattern`)."""
    return TimedPattern.lazy(source, flags, **kwargs)


def compile_now(patterns: Iterable[Any]) -> None:
    """Compile ``patterns`` now (the language server, while idle: no keystroke compiles)."""
    for pattern in patterns:
        if isinstance(pattern, TimedPattern):
            pattern.compiled  # noqa: B018 - compiling is the point


def check_compiles(patterns: Iterable[Any]) -> None:
    """Raise ``regex.error`` for a broken one of ``patterns`` here (where a rule pack is
    loaded and its errors are reported) rather than at its first search. One `regex`'s
    cache already holds compiled (read from the start-up cache, which this version of
    `regex` wrote: ``holds_compiled`` of :mod:`ketlint.startup_cache`'s cache) is known to
    compile and is left to its first search; any other is compiled now."""
    import sys

    cache = getattr(sys.modules.get("regex._main"), "_cache", None)
    holds = getattr(cache, "holds_compiled", None)
    for pattern in patterns:
        if isinstance(pattern, TimedPattern) and pattern._compiled is None:
            if (
                holds is not None
                and not pattern._kwargs
                and holds(pattern.pattern, pattern.given_flags)
            ):
                continue
            pattern.compiled  # noqa: B018 - compiling is the point


def timed(pattern: Any) -> Any:
    """Wrap an already compiled user pattern (None passes through)."""
    if pattern is None or isinstance(pattern, TimedPattern):
        return pattern
    return TimedPattern(pattern)
