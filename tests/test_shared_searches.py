"""Searches shared across rules: equal patterns are one (PatternSet.same), and a kind may
ask once of a paragraph which patterns cannot be in it (searching.may_match)."""

from __future__ import annotations

import regex

from ketlint import searching
from ketlint.engine import _ScanSearcher
from ketlint.prefilter import PatternSet, TextScan
from ketlint.timeouts import user_pattern

TEXT = "The trial enrolled 120 adults. Its funding came from the maker of the drug."


def test_equal_patterns_share_the_first_ones_search():
    first = user_pattern(r"\bfunding\b", regex.IGNORECASE)
    again = user_pattern(r"\bfunding\b", regex.IGNORECASE)
    other_flags = user_pattern(r"\bfunding\b")
    patterns = PatternSet([first, again, other_flags])
    assert patterns.same(again) is first
    assert patterns.same(first) is first
    assert patterns.same(other_flags) is other_flags
    assert patterns.formula(again) is patterns.formula(first)
    scan = TextScan(patterns, TEXT, [(0, len(TEXT))])
    assert scan.search(again, TEXT, 0, len(TEXT), 1.0) is scan.search(
        first, TEXT, 0, len(TEXT), 1.0
    )


def test_a_pattern_with_named_lists_is_its_own():
    # Its source does not say what it matches: the lists passed to compile do.
    drugs = regex.compile(r"\L<names>", names=["aspirin"])
    others = regex.compile(r"\L<names>", names=["ibuprofen"])
    patterns = PatternSet([drugs, others])
    assert patterns.same(others) is others


def test_a_scan_keeps_its_matches_in_the_dict_it_is_given():
    pattern = user_pattern(r"\bdrug\b")
    patterns = PatternSet([pattern])
    kept: dict = {}
    found = TextScan(patterns, TEXT, [(0, len(TEXT))], searches=kept).search(
        pattern, TEXT, 0, len(TEXT), 1.0
    )
    assert [m.group() for m in found] == ["drug"]
    again = TextScan(patterns, TEXT, [(0, len(TEXT))], searches=kept)
    assert again.search(pattern, TEXT, 0, len(TEXT), 1.0) is found


def test_only_what_the_prefilter_knows_is_ruled_out():
    absent = user_pattern(r"\bplacebo\b")
    present = user_pattern(r"\bmaker\b")
    unknown = user_pattern(r"\w+")  # no literal every match holds
    # Outside the engine nothing is ruled out.
    assert searching.may_match([absent], TEXT) == [True]
    patterns = PatternSet([absent, present, unknown])
    scan = TextScan(patterns, TEXT, [(0, len(TEXT))])
    with searching.searching_with(_ScanSearcher(scan, 1.0)):
        assert searching.may_match([absent], TEXT) == [False]
        assert searching.may_match([present], TEXT) == [True]
        assert searching.may_match([unknown], TEXT) == [True]
        # What the paragraph lacks, every sentence of it lacks: no search finds it there.
        assert searching.may_match([present], TEXT, 0, 30) == [False]
        assert not searching.search(present, TEXT, 0, 30)


def test_a_set_of_patterns_is_asked_at_once_inside_the_engine_and_out():
    absent = user_pattern(r"\bplacebo\b")
    funding = user_pattern(r"\bfunding\b")
    maker = user_pattern(r"\bmaker\b")
    patterns = (absent, funding, maker)
    with_none = (absent, None, maker)
    sentences = [(0, 30), (31, len(TEXT))]
    # Outside the engine every pattern may match; the answers are the plain searches'.
    assert searching.may_match(with_none, TEXT) == [True, False, True]
    assert searching.first_found(patterns, TEXT) == 1
    assert searching.first_found(patterns, TEXT, *sentences[0]) == -1
    plain = [[m.span() for m in p.finditer(TEXT)] for p in patterns]
    assert [[m.span() for m in found] for found in searching.search_each(patterns, TEXT)] == plain
    scan = TextScan(PatternSet(list(patterns)), TEXT, [(0, len(TEXT))])
    with searching.searching_with(_ScanSearcher(scan, 1.0)):
        assert searching.may_match(with_none, TEXT) == [False, False, True]
        # What the paragraph holds, each sentence is asked on its own.
        assert searching.may_match(patterns, TEXT, *sentences[0]) == [False, False, False]
        assert searching.may_match(patterns, TEXT, *sentences[1]) == [False, True, True]
        assert searching.first_found(patterns, TEXT) == 1
        assert searching.first_found((absent, maker), TEXT) == 1
        assert searching.first_found(patterns, TEXT, *sentences[0]) == -1
        found = searching.search_each(patterns, TEXT)
        assert [[m.span() for m in matches] for matches in found] == plain
