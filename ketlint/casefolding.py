"""Simple case folding where full case folding cannot change an answer.

User patterns are compiled with version 1 and IGNORECASE, so with full case folding: "ss"
matches "ß", "fi" matches "ﬁ". That makes a long word list about five times slower to
search than simple folding. The two differ only where a character folds to several: in
the text (every such character is a letter beyond ASCII; tests/test_casefolding.py
checks it against `regex`'s own tables) or among the characters the pattern names (a
pattern without letters beyond ASCII, escapes naming characters or lists, and ranges
from or to a character beyond ASCII names none; properties such as \\p{L} do not
expand). So a text without letters beyond ASCII is searched with the pattern's
simple-folding twin (:func:`simple_folding`), which matches where the pattern does.

Where a search looks in the text: ``finditer(text, start, end)`` looks at nothing from
``end`` on, but a look-behind looks before ``start`` (to the start of the text), so a
pattern with one needs the text up to ``end`` free of such letters (:func:`looks_behind`).

This module imports only :mod:`ketlint.timeouts`, so the prefilter and the verdict models
can both use it.
"""

from __future__ import annotations

from typing import Any

import regex

from ketlint.timeouts import user_pattern

LETTER_BEYOND_ASCII = regex.compile(r"(?![\x00-\x7f])\p{L}")
_NAMES_A_CHARACTER = regex.compile(r"\\(?:[xuUNL0-7]|$)|[^\x00-\x7f]\s*-|-\s*[^\x00-\x7f]")
# The same, where the source is all ASCII (as most are): its only branch that can match
# there. Searching the sources of a cold check's ~90 patterns (60,000 characters) with the
# two patterns above took 5 ms; this one, after str.isascii, 0.2 ms.
_NAMES_BY_ESCAPE = regex.compile(r"\\(?:[xuUNL0-7]|$)")
# "(?<=" and "(?<!" (an escaped "(" counted too: a false alarm only costs the twin's use).
_LOOK_BEHIND = regex.compile(r"\(\?<[=!]")
_SIMPLE_ALREADY = "(?-f)"
_TWINS: dict[Any, Any] = {}  # a user pattern -> its twin (False: none); equal by source and flags
_LOOKS_BEHIND: dict[Any, bool] = {}


def simple_folding(pattern: regex.Pattern[str]) -> regex.Pattern[str] | None:
    """The simple-case-folding twin of ``pattern`` (see above), compiled when first searched;
    the pattern itself where it already folds simply (its source starts with ``(?-f)``);
    None where the pattern is not a user pattern of version 1 and IGNORECASE, or may name a
    character that folds to several."""
    twin = _TWINS.get(pattern)
    if twin is None:
        flags: int = getattr(pattern, "given_flags", 0)  # a user pattern's (timeouts)
        source = pattern.pattern
        simple = (
            flags & regex.VERSION1
            and flags & regex.IGNORECASE
            and (
                _NAMES_BY_ESCAPE.search(source) is None
                if source.isascii()  # no letter beyond ASCII, no range to or from one
                else (
                    LETTER_BEYOND_ASCII.search(source) is None
                    and _NAMES_A_CHARACTER.search(source) is None
                )
            )
        )
        if not simple:
            twin = False
        elif source.startswith(_SIMPLE_ALREADY):
            twin = pattern
        else:
            twin = user_pattern(_SIMPLE_ALREADY + source, flags)
        _TWINS[pattern] = twin
    return twin or None


def looks_behind(pattern: regex.Pattern[str]) -> bool:
    """Whether ``pattern`` may look before the start of the range it is searched in."""
    answer = _LOOKS_BEHIND.get(pattern)
    if answer is None:
        answer = _LOOKS_BEHIND[pattern] = _LOOK_BEHIND.search(pattern.pattern) is not None
    return answer
