"""Sentence boundaries inside a block of prose.

A boundary is ``.``, ``!`` or ``?`` (optionally followed by closing quotes or
brackets, or by a citation such as "(1)" or "[2]") followed by whitespace and
a character that can start a sentence. Abbreviations ("et al.", "e.g.",
"Dr.", "vs."), initials and decimals are not boundaries.
"""

from __future__ import annotations

import regex

# Lower-cased abbreviations after which a period does not end a sentence.
ABBREVIATIONS = frozenset(
    """
    al e.g i.e etc vs v cf dr drs mr mrs ms prof st no nos fig figs approx ca jr sr
    inc ltd co corp dept univ vol pp p ed eds est mt ft u.s u.k a.m p.m ph.d m.d
    jan feb mar apr jun jul aug sep sept oct nov dec mg kg ml mcg
    """.split()
)

_END = regex.compile(
    r"""
    (?P<stop>[.!?]+|…)                # the terminal punctuation
    (?P<close>["'”’)\]]*)             # closing quotes or brackets
    (?P<cite>\s?(?:\(\d{1,3}(?:[-–,]\s?\d{1,3})*\)|\[\d{1,3}(?:[-–,]\s?\d{1,3})*\]))?
    (?P<space>\s+)
    (?=["'“‘(\[]?[\p{Lu}\p{N}])       # the next sentence starts with a capital or digit
    """,
    regex.VERBOSE,
)

_WORD_BEFORE = regex.compile(r"([\p{L}.]+)$")


def _is_abbreviation(text: str, stop_index: int) -> bool:
    """True when the period at ``stop_index`` closes an abbreviation or an initial."""
    match = _WORD_BEFORE.search(text, max(0, stop_index - 20), stop_index)
    if not match:
        return False
    word = match.group(1).lower().strip(".")
    if not word:
        return False
    if word in ABBREVIATIONS:
        return True
    # A single capital letter ("J. Smith", "Zarate C. A.") is an initial.
    return len(word) == 1 and text[match.start(1)].isupper()


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence ranges within ``text[start:end]``, trimmed of surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in _END.finditer(text, start, end):
        stop = match.group("stop")
        if stop == "." and _is_abbreviation(text, match.start("stop")):
            continue
        sentence_end = match.start("space")
        if sentence_end > cursor:
            spans.append((cursor, sentence_end))
        cursor = match.end("space")
    if cursor < end:
        spans.append((cursor, end))
    trimmed = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            trimmed.append((s, e))
    return trimmed
