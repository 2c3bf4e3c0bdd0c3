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

from collections.abc import Iterator
from typing import Any

import regex

PATTERN_TIMEOUT_SECONDS = 1.0


class PatternTimeout(Exception):
    """A user-supplied pattern's search ran past :data:`PATTERN_TIMEOUT_SECONDS`."""

    def __init__(self, pattern: str, timeout: float) -> None:
        super().__init__(f"a pattern took longer than {timeout:.2f}s: {pattern[:80]!r}")
        self.pattern = pattern


class TimedPattern:
    """A compiled pattern whose every search is bounded by a timeout.

    Quacks like ``regex.Pattern`` (``pattern``, ``flags``, ``groupindex`` ... are the
    wrapped pattern's); an explicit ``timeout=`` from the caller is capped, not replaced.
    """

    __slots__ = ("compiled",)

    def __init__(self, compiled: regex.Pattern[str]) -> None:
        self.compiled = compiled

    def __getattr__(self, name: str) -> Any:
        return getattr(self.compiled, name)

    def __reduce__(self) -> tuple[Any, ...]:
        return (TimedPattern, (self.compiled,))

    def __repr__(self) -> str:
        return f"TimedPattern({self.compiled!r})"

    def _timeout(self, kwargs: dict[str, Any]) -> float:
        asked = kwargs.pop("timeout", None)
        return PATTERN_TIMEOUT_SECONDS if asked is None else min(asked, PATTERN_TIMEOUT_SECONDS)

    def _call(self, method: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        timeout = self._timeout(kwargs)
        try:
            return getattr(self.compiled, method)(*args, timeout=timeout, **kwargs)
        except TimeoutError:
            raise PatternTimeout(self.compiled.pattern, timeout) from None

    def search(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("search", args, kwargs)

    def match(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("match", args, kwargs)

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
            return bool(self.compiled == other.compiled)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.compiled)


def user_pattern(source: str, flags: int = 0, **kwargs: Any) -> Any:
    """``regex.compile(source, flags)`` with every search under the timeout policy."""
    return TimedPattern(regex.compile(source, flags, **kwargs))


def timed(pattern: Any) -> Any:
    """Wrap an already compiled user pattern (None passes through)."""
    if pattern is None or isinstance(pattern, TimedPattern):
        return pattern
    return TimedPattern(pattern)
