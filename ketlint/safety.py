"""Checks that keep user-written patterns from stalling the engine."""

from __future__ import annotations

import regex

PROBE_TIMEOUT_SECONDS = 0.05
# Inputs that make backtracking patterns explode: long runs of one character,
# of letters and spaces, and of alternating characters, each ending in a mismatch.
_PROBES = (
    "a" * 5000 + "!",
    "aa " * 2000 + "!",
    "ab" * 2500 + "!",
    "1" * 5000 + "x",
    " " * 5000 + "!",
    "a." * 2500 + "!",
)


def probe_pattern(source: str) -> str | None:
    """A plain sentence describing what is wrong with ``source``, or None if it is fine."""
    try:
        compiled = regex.compile(source, regex.VERSION1 | regex.IGNORECASE)
    except regex.error as exc:
        where = f" at position {exc.pos}" if getattr(exc, "pos", None) is not None else ""
        return f"pattern {source!r} does not compile{where}: {getattr(exc, 'msg', exc)}"
    for probe in _PROBES:
        try:
            compiled.search(probe, timeout=PROBE_TIMEOUT_SECONDS)
        except TimeoutError:
            return (
                f"pattern {source!r} can backtrack catastrophically (it took longer than "
                f"{PROBE_TIMEOUT_SECONDS * 1000:.0f} ms on a probe text); avoid nested "
                "quantifiers such as (a+)+ or (\\w+\\s?)*"
            )
    return None
