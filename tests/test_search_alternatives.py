"""An alternation's matches made from its branches' searches (searching.search_alternatives)
are the alternation's own, inside the engine and out."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from ketlint import searching
from ketlint.engine import _ScanSearcher
from ketlint.kinds.base import compile_alternatives
from ketlint.prefilter import PatternSet, TextScan
from ketlint.project import Project

FLAGS = regex.VERSION1 | regex.UNICODE | regex.IGNORECASE

# Invented branches that overlap one another: a field of medicine, an institution's name
# that may start at any capital letter, a word inside both, and one inside a word.
OVERLAPPING = [
    r"\b(?:family|sports)\s+medicine\b",
    r"(?-i:(?:\p{Lu}[\p{L}.-]*\s+){0,3}(?:Center|Clinic)(?:\s+of(?:\s+\p{Lu}\p{L}*)+)?)",
    r"\bmedicine\b",
    r"medic",
]
# A branch that matches the empty string: the alternation steps on by one after it.
WITH_EMPTY = [r"\bcenter\b", r"x*", r"\bclinic\b"]


def _topic_exceptions() -> list[str]:
    rules = Project(isolated=True).linter_for(None).rules
    rule = next(r for r in rules if r.id == "missing-safety-section")
    return list(rule.options["topic-exceptions"])


MISSING_SAFETY = _topic_exceptions()

WORDS = (
    "Family family Medicine medicine Sports Center Clinic of the Heart Mayo Department "
    "Institute for Medicines Agency Laboratory Labs supplement journal special published "
    "personalized Unit the and , . - x xx drug MEDICINE"
).split()


def joined_and_branches(
    sources: list[str],
) -> tuple[regex.Pattern[str], tuple[regex.Pattern[str], ...]]:
    joined = compile_alternatives(sources, FLAGS)
    assert joined is not None
    branches = []
    for source in sources:
        branch = compile_alternatives([source], FLAGS)
        assert branch is not None
        branches.append(branch)
    return joined, tuple(branches)


def spans(matches: list[regex.Match[str]]) -> list[tuple[int, int]]:
    return [m.span() for m in matches]


def test_a_branch_that_matches_first_hides_a_later_branchs_longer_match():
    joined, branches = joined_and_branches(OVERLAPPING)
    text = "She saw the Family Medicine Center of Ohio staff."
    expected = [m.span() for m in joined.finditer(text)]
    # "Family Medicine" (the first branch) wins at "F"; the institution branch alone would
    # have matched "Family Medicine Center of Ohio" there, and matches "Center of Ohio" next.
    assert [text[a:b] for a, b in expected] == ["Family Medicine", "Center of Ohio"]
    assert spans(searching.search_alternatives(joined, branches, text)) == expected


def test_a_branch_that_matches_empty_gives_the_alternations_own_matches():
    joined, branches = joined_and_branches(WITH_EMPTY)
    text = "A center, a clinic."
    assert spans(searching.search_alternatives(joined, branches, text)) == [
        m.span() for m in joined.finditer(text)
    ]


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(st.sampled_from(WORDS), min_size=0, max_size=40),
    separators=st.lists(st.sampled_from([" ", "  ", "\n", "-", ""]), min_size=40, max_size=40),
    cut=st.tuples(st.floats(0, 1), st.floats(0, 1)),
    sources=st.sampled_from([OVERLAPPING, WITH_EMPTY, MISSING_SAFETY]),
)
def test_the_branches_searches_give_the_alternations_matches(
    words: list[str], separators: list[str], cut: tuple[float, float], sources: list[str]
) -> None:
    text = "".join(word + separators[i] for i, word in enumerate(words))
    start, end = sorted(int(f * len(text)) for f in cut)
    joined, branches = joined_and_branches(sources)
    expected = [m.span() for m in joined.finditer(text, start, end)]
    assert spans(searching.search_alternatives(joined, branches, text, start, end)) == expected
    # Inside the engine each branch goes through the prefilter; the answer is the same.
    scan = TextScan(PatternSet([joined, *branches]), text, [(0, len(text))])
    with searching.searching_with(_ScanSearcher(scan, 5.0)):
        found = searching.search_alternatives(joined, branches, text, start, end)
    assert spans(found) == expected
