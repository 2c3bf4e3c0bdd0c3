"""A pattern's simple-folding twin is searched only where it finds what the pattern finds:
the rules' searches (through the prefilter) and the verdict signals' use one rule
(:mod:`ketlint.casefolding`)."""

from __future__ import annotations

import sys

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from ketlint import casefolding
from ketlint.prefilter import PatternSet, TextScan
from ketlint.project import Project
from ketlint.timeouts import user_pattern

FLAGS = regex.VERSION1 | regex.IGNORECASE


def test_only_letters_beyond_ascii_fold_to_several_characters() -> None:
    # What casefolding.LETTER_BEYOND_ASCII must find for a twin to match as its pattern
    # does, checked against `regex`'s own case-folding tables.
    from regex import _regex

    full = regex.FULLCASE | regex.IGNORECASE | regex.UNICODE
    simple = regex.IGNORECASE | regex.UNICODE
    differing = [
        chr(code)
        for code in range(sys.maxunicode + 1)
        if _regex.fold_case(full, chr(code)) != _regex.fold_case(simple, chr(code))
    ]
    assert differing  # "ß", "ﬁ", ...
    assert all(casefolding.LETTER_BEYOND_ASCII.fullmatch(char) for char in differing)


def _spans(found: list[regex.Match[str]]) -> list[tuple[int, int]]:
    return [m.span() for m in found]


def test_a_text_with_a_letter_that_folds_to_several_is_searched_with_the_pattern() -> None:
    strasse = user_pattern("strasse", FLAGS)
    assert casefolding.simple_folding(strasse) is not None
    text = "Die Straße, the STRASSE"
    scan = TextScan(PatternSet([strasse]), text)
    assert _spans(scan.search(strasse, text, 0, len(text), 1.0)) == [(4, 10), (16, 23)]
    # The range without the "ß" finds what the pattern finds there.
    assert _spans(scan.search(strasse, text, 12, len(text), 1.0)) == [(16, 23)]


def test_a_pattern_naming_a_letter_that_folds_to_several_is_searched_as_it_is() -> None:
    sharp = user_pattern("straße", FLAGS)
    assert casefolding.simple_folding(sharp) is None
    text = "the STRASSE"  # ASCII only: the twin, were there one, would miss it
    scan = TextScan(PatternSet([sharp]), text)
    assert _spans(scan.search(sharp, text, 0, len(text), 1.0)) == [(4, 11)]


def test_a_look_behind_sees_before_the_range_so_the_text_before_counts() -> None:
    # A look-behind looks before the start of the range searched: "ss" there folds to the
    # "ß" before the range, which the twin would not see.
    behind = user_pattern("(?<=ss)x", FLAGS)
    assert casefolding.looks_behind(behind)
    assert casefolding.simple_folding(behind) is not None
    text = "ßx"
    scan = TextScan(PatternSet([behind]), text)
    assert _spans(scan.search(behind, text, 1, 2, 1.0)) == [(1, 2)]
    # Looking ahead stops at the range's end: nothing after it counts.
    ahead = user_pattern("x(?=ss)", FLAGS)
    assert not casefolding.looks_behind(ahead)
    assert _spans(TextScan(PatternSet([ahead]), "xß").search(ahead, "xß", 0, 1, 1.0)) == []


def test_a_timeout_of_the_twin_is_told_with_the_patterns_own_source() -> None:
    from ketlint.timeouts import PatternTimeout

    slow = user_pattern(r"(?:b|bb)+c", FLAGS)
    # The "c" after the run keeps the prefilter from ruling the search out, so the
    # exponential backtracking over the run of "b" really runs into the budget.
    text = "b" * 60 + "ac"
    with pytest.raises(PatternTimeout) as raised:
        TextScan(PatternSet([slow]), text).search(slow, text, 0, len(text), 0.01)
    assert raised.value.pattern == slow.pattern
    assert "(?-f)" not in str(raised.value)


# -- every built-in rule pattern, on ASCII text and text beside letters that fold to several


def _builtin_patterns() -> list[regex.Pattern[str]]:
    linter = Project(isolated=True).linter_for(None)
    return linter.pattern_set().patterns


BUILTIN_PATTERNS = _builtin_patterns()
BUILTIN_SET = PatternSet(BUILTIN_PATTERNS)

# Words of the built-in patterns, ASCII spellings of what full folding expands ("ss" for
# "ß", "fi" for "ﬁ"), symbols beyond ASCII the lists name, and a few letters that fold to
# several (kept to some texts, so that many ranges hold none).
ASCII_WORDS = (
    "study trial of 500 patients side effects nausea risk cost $40 per cent % one in ten "
    "someone often funded by n = 12 breakthrough miracle cure mice placebo randomized "
    "2.5 between and 20 – 30 (1) [2] researchers found that significantly reduced pain . , "
    "meta-analysis systematic review published JAMA Psychiatry Lancet 2019 et al. "
    "Spravato ketamine Zoloft sertraline sold as Xanax® ™ €40 £ drugs care "
    "STRASSE strasse office fine FFI ss SS fi st ’ “ ” —"
).split()
FOLDING_WORDS = ["Straße", "ﬁnal", "oﬃce", "ŉ", "İstanbul", "café"]


@settings(max_examples=150, deadline=None)
@given(
    words=st.lists(st.sampled_from(ASCII_WORDS), min_size=1, max_size=50),
    folding=st.lists(
        st.tuples(st.integers(0, 50), st.sampled_from(FOLDING_WORDS)), min_size=0, max_size=2
    ),
    cut=st.tuples(st.floats(0, 1), st.floats(0, 1)),
)
def test_the_rules_searches_find_what_full_folding_finds(
    words: list[str], folding: list[tuple[int, str]], cut: tuple[float, float]
) -> None:
    for at, word in folding:
        words.insert(min(at, len(words)), word)
    text = " ".join(words)
    start, end = sorted(int(x * len(text)) for x in cut)
    scan = TextScan(BUILTIN_SET, text, [(0, len(text))])
    for pattern in BUILTIN_PATTERNS:
        for low, high in ((start, end), (0, len(text)), (end, len(text))):
            found = _spans(scan.search(pattern, text, low, high, 5.0))
            assert found == _spans(list(pattern.finditer(text, low, high))), pattern.pattern


def test_most_built_in_rule_patterns_have_a_twin() -> None:
    assert len(BUILTIN_PATTERNS) > 100
    twins = [casefolding.simple_folding(pattern) for pattern in BUILTIN_PATTERNS]
    assert sum(twin is not None for twin in twins) >= len(twins) // 2
