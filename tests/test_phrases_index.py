"""The phrases kind's term index finds exactly what the single regex alternation finds.

The index (``ketlint.terms.TermIndex``) is an optimisation only: every test here
compares it with the alternation it replaces, on the built-in rules and on made-up lists.
"""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from ketlint.kinds.base import Paragraph, RuleSpec
from ketlint.kinds.phrases import PhrasesRule
from ketlint.model import Severity
from ketlint.parsing import parse
from ketlint.ruleset import builtin_ruleset
from ketlint.terms import (
    _FOLDED_WORD_CHAR,
    WORD_CHAR,
    NotIndexable,
    term_prefixes,
)
from ketlint.word_keys import word_key


def phrases_rule(terms: list[object], **options: object) -> PhrasesRule:
    spec = RuleSpec(
        id="house",
        kind="phrases",
        severity=Severity.parse("info"),
        message="“{match}”",
        options={"terms": terms, **options},
    )
    return PhrasesRule(spec)


def both_ways(rule: PhrasesRule, text: str, fmt: str = "markdown") -> tuple[list, list]:
    """(alternation, index) matches of ``rule`` in every block of ``text``."""
    doc = parse(text, fmt)
    slow, fast = [], []
    for block in doc.blocks:
        slow += [
            (m.start(), m.end(), rule.term_for(m).label)
            for m in rule.search(rule.pattern, doc.prose, block.start, block.end)
        ]
        fast += [
            (block.start + start, block.start + end, term.label)
            for start, end, term in rule.matches(Paragraph.of(doc, block))
        ]
    return slow, fast


BUILTIN_PHRASES = [rid for rid, spec in builtin_ruleset().specs.items() if spec.kind == "phrases"]

ARTICLE = """# A closer look at a new nasal spray

Some clinics call the spray a miracle cure and a game-changer; others say it is
not a miracle. The first-of-its-kind trial, a “breakthrough”, found that it cures
depression in days, which it does not. Breakthrough pain is something else.

- Former addicts and drug abusers were excluded; people who suffer from migraine were not.
- The mentally ill, the handicapped and **wheelchair-bound** patients took part.
- It is the ﬁrst real cure for tinnitus, a STATE-OF-THE-ART, life-saving, cutting edge idea.

The team hopes to eventually cure the rash. It will cure migraine, they say.
A beacon\nof hope; a ray of  hope; Straße; İbuprofen; o’clock; don't; café.
"""


@pytest.mark.parametrize("rule_id", BUILTIN_PHRASES)
def test_builtin_phrase_rules_are_indexed_and_match_like_the_alternation(rule_id: str) -> None:
    rule = builtin_ruleset().rule(rule_id)
    assert isinstance(rule, PhrasesRule)
    assert rule.index is not None, f"{rule_id} fell back to the slow alternation"
    for fmt in ("markdown", "text", "html"):
        slow, fast = both_ways(rule, ARTICLE, fmt)
        assert fast == slow
    assert both_ways(rule, ARTICLE)[0], "the article should give the comparison something to match"


HOUSE_TERMS = [
    "utilize",
    "in order to",
    "side effects",
    "a cure",
    "the",
    "o'clock",
    "don’t",
    "e.g.",
    "Dr.",
    "3.5 mg",
    "café",
    "K-9",
    "first",
    "straße",
    "ibuprofen",
    "cure",
    "cure-all",
    "wonder drug",
    "wonder drugs",
    {"term": "FDA", "case-sensitive": True},
    {"pattern": r"over-?the-?counter"},
    {"pattern": r"(?:un)?proven\s+(?:remed(?:y|ies)|cures?)"},
    {"pattern": r"improv\p{L}*"},
]
WORDS = [
    "utilize",
    "in",
    "order",
    "to",
    "side",
    "effects",
    "a",
    "cure",
    "the",
    "o'clock",
    "o’clock",
    "don't",
    "don’t",
    "e.g.",
    "Dr.",
    "DR",
    "3.5",
    "mg",
    "café",
    "CAFÉ",
    "K-9",
    "ﬁrst",
    "first",
    "Straße",
    "STRASSE",
    "stra\U0001df95e",
    "İbuprofen",
    "ıbuprofen",
    "IBUPROFEN",
    "ibuprofen",
    "cure-all",
    "wonder",
    "drug",
    "drugs",
    "FDA",
    "fda",
    "over-the-counter",
    "overthe-counter",
    "unproven",
    "proven",
    "remedies",
    "cures",
    "improving",
    "improv",
    "miracle",
    "breakthrough",
    "addicts",
    "sufferers",
    "x",
]
SEPARATORS = [" ", " ", " ", "\n", "  ", ", ", ". ", "-", "**", "*", "_", "`", "[", "](u)", "—"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=40),
    st.sampled_from(["markdown", "text"]),
)
def test_index_matches_the_alternation_on_any_mix_of_terms_and_markup(
    pieces: list[tuple[str, str]], fmt: str
) -> None:
    text = "".join(word + separator for word, separator in pieces)
    for rule in (HOUSE, *(builtin_ruleset().rule(rid) for rid in BUILTIN_PHRASES)):
        slow, fast = both_ways(rule, text, fmt)
        assert fast == slow


HOUSE = phrases_rule(HOUSE_TERMS)


def test_a_house_list_is_indexed_and_tries_only_the_terms_of_each_word() -> None:
    terms = [f"term{number} phrase" for number in range(5000)] + ["side effects", "side"]
    rule = phrases_rule(terms)
    assert rule.index is not None
    assert rule.index.terms_at(word_key("side")) == (5000, 5001)
    assert rule.index.terms_at(word_key("sideways")) == ()
    text = "Common side effects: none on the side. Term12 phrase."
    slow, fast = both_ways(rule, text)
    side, term = text.index("side."), text.index("Term12")
    assert (
        fast
        == slow
        == [(7, 19, "side effects"), (side, side + 4, "side"), (term, term + 13, "term12 phrase")]
    )


@pytest.mark.parametrize(
    ("options", "terms"),
    [
        ({"whole-word": False}, ["cure"]),
        ({}, [{"pattern": r"\d+ percent"}]),  # \d also matches other scripts' digits
        ({}, [{"pattern": r"-ish"}]),  # starts with punctuation
        ({}, [{"pattern": r"(a)\1"}]),  # a back reference counts groups across terms
        ({}, [{"pattern": r"(?x) c u r e"}]),
        ({}, [{"pattern": r"ıbuprofen"}]),  # folds one way in Python, another in regex
        ({}, [{"pattern": r"x?"}]),  # may match nothing
        ({}, [{"pattern": r".ure"}]),
    ],
)
def test_terms_the_index_cannot_read_use_the_alternation(options: dict, terms: list) -> None:
    rule = phrases_rule(terms, **options)
    assert rule.index is None
    text = "A cure, 12 percent, a newish aa, fine cure ure."
    doc = parse(text, "markdown")
    found = [
        (block.start + s, block.start + e)
        for block in doc.blocks
        for s, e, _ in rule.matches(Paragraph.of(doc, block))
    ]
    expected = [m.span() for m in rule.pattern.finditer(doc.prose)]
    assert found == [span for span in expected if span[0] != span[1]]


def test_prefixes_read_from_patterns() -> None:
    assert term_prefixes(r"miracles?(?:\s+cures?)?") == (
        frozenset({"miracle", "miracles"}),
        frozenset(),
    )
    assert term_prefixes(r"(?<=\b(?:a|the)\s+)cures?(?=\s+for)") == (
        frozenset({"cure", "cures"}),
        frozenset(),
    )
    assert term_prefixes(r"(?:the\s+)?handicapped") == (
        frozenset({"the", "handicapped"}),
        frozenset(),
    )
    assert term_prefixes(r"improv\p{L}*") == (frozenset({"improv"}), frozenset({"improv"}))
    # Read to fewer letters than a lookup key has, spellings are beginnings of words.
    assert term_prefixes(r"Ha?emophiliacs", width=3) == (frozenset(), frozenset({"hae", "hem"}))
    with pytest.raises(NotIndexable):
        term_prefixes(r"\p{Lu}\w+")


def test_case_insensitive_word_boundary_is_the_same_set_of_characters() -> None:
    folded = regex.compile(_FOLDED_WORD_CHAR, regex.VERSION1 | regex.IGNORECASE)
    ignoring_case = regex.compile(WORD_CHAR, regex.VERSION1 | regex.IGNORECASE)
    different = [
        code
        for code in range(0x110000)
        if not 0xD800 <= code <= 0xDFFF
        and (folded.match(chr(code)) is None) != (ignoring_case.match(chr(code)) is None)
    ]
    assert different == []
