"""How a paragraph's words are looked up in a phrase index (ketlint.terms.TermIndex).

A module of its own, importing nothing of ketlint's, because both the index (ketlint.terms)
and the engine's paragraph (ketlint.kinds.base.Paragraph.words, read once per paragraph)
use it, and the index reaches the start-up cache, which reaches the kinds.
"""

from __future__ import annotations

import unicodedata

import regex

# A word's first letters that its key keeps: how far the index reads each term's first word.
PREFIX_CHARS = 16
WORD_RUN = regex.compile(r"[\p{L}\p{N}_]+")

# The regex engine matches "i" with "İ" and "I" with "ı" (but "İ" and "ı" fold apart in Python).
_DOTTED_AND_DOTLESS_I = str.maketrans({"İ": "i", "ı": "i"})


def word_key(word: str) -> str | None:
    """How a word of the text is looked up: its first letters, case-folded like the index.

    None for a word holding a character this Python's Unicode tables do not know: the regex
    engine may know how it folds (its tables are newer), so such a word is tried against
    the whole alternation instead of the index.
    """
    head = word[:PREFIX_CHARS]
    if not head.isascii():
        head = head.translate(_DOTTED_AND_DOTLESS_I)
        if any(unicodedata.category(char) == "Cn" for char in head):
            return None
    return head.casefold()[:PREFIX_CHARS]
