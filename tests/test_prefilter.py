"""The literal prefilter skips searches that cannot match, and never loses a match."""

from __future__ import annotations

import string
import sys

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from ketlint import prefilter
from ketlint.prefilter import (
    AllOf,
    AnyOf,
    Digit,
    Literal,
    PatternSet,
    TextScan,
    requirement,
    search_all,
)
from ketlint.project import Project


def compile_rule_pattern(source: str) -> regex.Pattern[str]:
    # The flags the rule kinds compile with.
    return regex.compile(source, regex.IGNORECASE | regex.V1)


def plain_spans(
    pattern: regex.Pattern[str], text: str, start: int, end: int
) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text, start, end)]


def prefiltered_spans(
    pattern: regex.Pattern[str], text: str, start: int, end: int
) -> list[tuple[int, int]]:
    return [m.span() for m in search_all(pattern, text, start, end, timeout=5.0)]


# -- what a match must contain ----------------------------------------------------------


def test_alternatives_of_words_require_one_of_the_words_at_a_word_start() -> None:
    assert requirement(compile_rule_pattern(r"(?-f)\bplacebos?\b|\bsham\b")) == AnyOf(
        (Literal("placebo", word_start=True), Literal("sham", word_start=True))
    )


def test_a_sequence_requires_all_of_its_literal_parts() -> None:
    formula = requirement(compile_rule_pattern(r"\badverse\s+outcomes?\b"))
    # "outcome" follows whitespace, so it too starts a word.
    assert formula == AllOf(
        (Literal("adverse", word_start=True), Literal("outcome", word_start=True))
    )


def test_a_look_behind_excluding_letters_and_digits_marks_a_word_start() -> None:
    formula = requirement(compile_rule_pattern(r"(?<![\p{L}\p{N}.,])\d+\s?%"))
    assert formula == AllOf((Digit(word_start=True), Literal("%")))


def test_optional_parts_and_look_arounds_require_nothing() -> None:
    formula = requirement(compile_rule_pattern(r"(?<=\bbetween\s)(?:very\s+)?large(?=\s+trial)"))
    assert formula == Literal("large")


def test_a_literal_after_optional_text_is_not_known_to_start_a_word() -> None:
    formula = requirement(compile_rule_pattern(r"\bsafe\s*effective"))
    assert formula == AllOf((Literal("safe", word_start=True), Literal("effective")))


def test_single_letters_are_not_worth_a_test() -> None:
    assert requirement(compile_rule_pattern(r"\bn\s*\w+")) is None


@pytest.mark.parametrize(
    "source",
    [
        r"(?:ketamine){e<=1}",  # fuzzy matching reads as literal braces to re
        r"[[a-z]--[aeiou]]x",  # version-1 set difference
        r"\L<words>",  # named lists
        r"[[:alpha:]]+ing",  # POSIX classes
        r"(?|(a)|(b))c",  # branch reset
        r"(?r)backwards",  # reverse search flag
    ],
)
def test_syntax_the_analysis_does_not_model_gets_no_prefilter(source: str) -> None:
    pattern = (
        regex.compile(source, regex.IGNORECASE | regex.V1, words=["x"])
        if "\\L" in source
        else compile_rule_pattern(source)
    )
    assert requirement(pattern) is None


# -- searching ----------------------------------------------------------------------------


def test_a_range_without_the_required_literal_is_not_searched() -> None:
    text = "Side effects are rare. The trial was small."
    pattern = compile_rule_pattern(r"\bside\s+effects?\b")
    # Two blocks: the second lacks the literal altogether, the first has it in one sentence.
    scan = TextScan(PatternSet([pattern]), text, [(0, 22), (23, len(text))])
    assert not scan.rules_out(pattern, text, 0, 22)
    assert scan.rules_out(pattern, text, 23, len(text))
    assert scan.rules_out(pattern, text, 13, 22)
    # Without blocks, the range is tested on its own.
    whole = TextScan(PatternSet([pattern]), text)
    assert whole.rules_out(pattern, text, 23, len(text))
    assert not whole.rules_out(pattern, text, 0, len(text))
    assert prefiltered_spans(pattern, text, 0, len(text)) == [(0, 12)]


def test_a_symbol_without_case_is_a_literal() -> None:
    assert requirement(compile_rule_pattern(r"\b\p{L}{3,}[®™]")) == AnyOf(
        (Literal("®"), Literal("™"))
    )
    assert requirement(compile_rule_pattern(r"€\d")) == AllOf((Literal("€"), Digit()))
    # A letter other than ASCII may match another case: not a literal.
    assert requirement(compile_rule_pattern(r"é")) is None


def test_a_word_start_requirement_ignores_the_word_inside_another_word() -> None:
    text = "Someone often wrote. Then one person left."
    pattern = compile_rule_pattern(r"(?<![\p{L}\p{N}])(?:one|ten)\s+person")
    scan = TextScan(PatternSet([pattern]), text, [(0, len(text))])
    assert scan.rules_out(pattern, text, 0, 20)
    assert not scan.rules_out(pattern, text, 21, len(text))
    assert prefiltered_spans(pattern, text, 0, len(text)) == plain_spans(
        pattern, text, 0, len(text)
    )


def test_letters_that_fold_to_ascii_turn_the_prefilter_off_for_that_text() -> None:
    kelvin = "\u212a"  # KELVIN SIGN: matches "k" case-insensitively
    text = f"The {kelvin}etamine dose."
    pattern = compile_rule_pattern(r"\bketamine\b")
    assert plain_spans(pattern, text, 0, len(text)) == [(4, 12)]
    assert prefiltered_spans(pattern, text, 0, len(text)) == [(4, 12)]


def test_full_case_folding_is_respected() -> None:
    text = "Die Straße ist lang."
    pattern = compile_rule_pattern(r"strasse")  # V1 + IGNORECASE folds "ß" to "ss"
    assert plain_spans(pattern, text, 0, len(text)) == [(4, 10)]
    assert prefiltered_spans(pattern, text, 0, len(text)) == [(4, 10)]


def test_the_same_search_is_made_once_per_text() -> None:
    text = "Nausea and dizziness were common. " * 3
    pattern = compile_rule_pattern(r"\bnausea\b")
    scan = TextScan(PatternSet([pattern]), text, [(0, len(text))])
    first = scan.search(pattern, text, 0, len(text), timeout=1.0)
    again = scan.search(pattern, text, 0, len(text), timeout=1.0)
    assert first is again
    other_text = "".join(list(text))  # equal, but another object: searched afresh
    assert [
        m.span() for m in scan.search(pattern, other_text, 0, len(other_text), timeout=1.0)
    ] == [m.span() for m in first]


def test_a_paragraph_is_read_once_and_kept_by_its_text() -> None:
    pattern = compile_rule_pattern(r"\bnausea\b")
    patterns = PatternSet([pattern])
    first = TextScan(patterns, "Nausea was common.", [(0, 18)])
    assert not first.rules_out(pattern, first.text, 0, 18)
    other = "Hello.\n\n" + "".join(list("Nausea was common."))
    second = TextScan(patterns, other, [(0, 6), (8, len(other))])
    assert second.rules_out(pattern, other, 0, 6)
    assert not second.rules_out(pattern, other, 8, len(other))
    assert len(patterns._paragraphs) == 2  # "Hello." and the paragraph both texts share


def test_a_pattern_the_set_was_not_built_with_is_still_tested_soundly() -> None:
    known = compile_rule_pattern(r"\bnausea\b")
    late = compile_rule_pattern(r"\bdizziness\b")
    text = "Dizziness was common."
    scan = TextScan(PatternSet([known]), text, [(0, len(text))])
    assert not scan.rules_out(late, text, 0, len(text))
    assert scan.rules_out(known, text, 0, len(text))


def test_without_the_automaton_the_same_literals_are_found() -> None:
    text = "Side effects, nausea and a 40% risk were reported in 2019."
    lowered = text.lower()
    fallback = PatternSet(BUILTIN_PATTERNS)
    fallback._automaton = None  # as where pyahocorasick is not installed
    assert fallback.literals_in(lowered) == BUILTIN_SET.literals_in(lowered)
    assert {"side", "nausea", "%"} <= BUILTIN_SET.literals_in(lowered)


def test_a_match_tried_at_a_leading_literal_that_runs_out_of_time_is_a_pattern_timeout():
    # Matches at the places of a leading literal go to the compiled pattern directly, under
    # the timeout the rule's pattern would set; running out is told as the pattern's.
    from ketlint.timeouts import PatternTimeout, user_pattern

    slow = user_pattern(r"\bdrug(?:b|bb)+(?:c|!)")
    text = "c drug" + "b" * 60 + "x"
    scan = TextScan(PatternSet([slow]), text, [(0, len(text))])
    assert scan.leading_places(slow, text, 0, len(text)) == [2]
    with pytest.raises(PatternTimeout) as raised:
        scan.search(slow, text, 0, len(text), 0.02)
    assert raised.value.pattern == slow.pattern
    fast = user_pattern(r"\bdrug(?:b|bb)+(?:c|!)")
    text = "c drugbbbc and drugb!"
    scan = TextScan(PatternSet([fast]), text, [(0, len(text))])
    found = [m.span() for m in scan.search(fast, text, 0, len(text), 0.5)]
    assert found == plain_spans(fast, text, 0, len(text)) == [(2, 10), (15, 21)]


def test_the_engine_collects_the_patterns_of_its_rules() -> None:
    # The figure grammar (a data file) and user patterns alike: all in the automaton.
    linter = Project(isolated=True).linter_for(None)
    patterns = linter.pattern_set()
    assert len(patterns.literals) > 1000
    benefits = linter.ruleset.rule("benefit-without-numbers")
    for _label, pattern in benefits.relative:  # type: ignore[attr-defined]
        assert any(given is pattern for given in patterns.patterns)


def test_the_list_of_letters_folding_to_ascii_is_complete() -> None:
    found = []
    for code_point in range(128, sys.maxunicode + 1):
        char = chr(code_point)
        forms = (char.lower(), char.upper(), char.casefold(), char.title())
        if any(c in string.ascii_letters for form in forms for c in form):
            found.append(char)
    assert "".join(found) == prefilter.CASE_FOLDS_TO_ASCII


# -- never a lost match: the built-in patterns on generated text --------------------------


def builtin_patterns() -> list[regex.Pattern[str]]:
    # Every pattern the engine prefilters: the rules' own (user patterns included) and the
    # grammars of the kinds' modules.
    linter = Project(isolated=True).linter_for(None)
    return linter.pattern_set().patterns


BUILTIN_PATTERNS = builtin_patterns()
BUILTIN_SET = PatternSet(BUILTIN_PATTERNS)

# Words of the built-in patterns, inside other words, numbers, and letters that fold to ASCII.
WORDS = (
    "study trial of 500 patients side effects nausea risk cost $40 per cent % one in ten "
    "someone often funded by n = 12 Suicide 988 breakthrough miracle cure mice placebo "
    "randomized 2.5 between and 20 – 30 \u212aelvin Straße ﬁnal İstanbul café (1) [2] "
    "researchers found that significantly reduced pain . ,"
    # citation-mismatch and drug-name: designs, journals, years, brands beside generics
    " meta-analysis systematic review published JAMA Psychiatry Lancet 2019 et al."
    " colleagues Spravato ketamine esketamine ( ) Zoloft sertraline sold as"
    # symbols other than ASCII that patterns require ("Brand®", prices in euros)
    " Xanax® Spravato™ ™ ® €40 £ drugs care"
).split() + ["\n"]


def _text_range_and_lines(
    words: list[str], separators: list[str], cut: tuple[float, float]
) -> tuple[str, tuple[int, int], list[tuple[int, int]]]:
    """The words joined by the separators, the range ``cut`` picks out of it, and the
    (start, end) of each non-empty line: the property tests' text, range and blocks."""
    text = "".join(word + separators[i] for i, word in enumerate(words))
    start, end = sorted(int(x * len(text)) for x in cut)
    blocks = []
    at = 0
    for line in text.split("\n"):
        if line:
            blocks.append((at, at + len(line)))
        at += len(line) + 1
    return text, (start, end), blocks


def _ranges_asked(start: int, end: int, blocks: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The ranges rules ask about: the random one, every whole block, and the part of the
    random range inside the block it starts in (a sentence)."""
    ranges = {(start, end), *blocks}
    for block_start, block_end in blocks:
        if block_start <= start < block_end:
            ranges.add((start, min(end, block_end)))
    return ranges


FALLBACK_SET = PatternSet(BUILTIN_PATTERNS)
FALLBACK_SET._automaton = None  # as where pyahocorasick is not installed


@settings(max_examples=150, deadline=None)
@given(
    words=st.lists(st.sampled_from(WORDS), min_size=0, max_size=60),
    separators=st.lists(st.sampled_from([" ", "  ", "-", "", "\n"]), min_size=60, max_size=60),
)
def test_a_paragraphs_mask_has_the_bit_of_every_literal_it_holds_and_no_other(
    words: list[str], separators: list[str]
) -> None:
    # The automaton's hits or'd as bits give what one ``in`` test per literal gives.
    lowered = "".join(word + separators[i] for i, word in enumerate(words)).lower()
    mask = BUILTIN_SET.mask_of(lowered)
    assert mask == FALLBACK_SET.mask_of(lowered)
    held = {literal for literal in BUILTIN_SET.literals if literal in lowered}
    assert set(BUILTIN_SET.named(mask)) == held == BUILTIN_SET.literals_in(lowered)


@settings(max_examples=150, deadline=None)
@given(
    words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=60),
    separators=st.lists(st.sampled_from([" ", "  ", "-", "", "\n"]), min_size=60, max_size=60),
    cut=st.tuples(st.floats(0, 1), st.floats(0, 1)),
)
def test_prefiltered_search_equals_plain_search(
    words: list[str], separators: list[str], cut: tuple[float, float]
) -> None:
    text, (start, end), blocks = _text_range_and_lines(words, separators, cut)
    # Blocks: the lines.
    ranges = _ranges_asked(start, end, blocks)
    # Paragraphs are kept by their text: a second, fresh set reads them afresh.
    for patterns in (BUILTIN_SET, PatternSet(list(BUILTIN_PATTERNS[:40]))):
        for scan in (TextScan(patterns, text, blocks), TextScan(patterns, text)):
            for pattern in BUILTIN_PATTERNS:
                for low, high in ranges:
                    found = [m.span() for m in scan.search(pattern, text, low, high, 5.0)]
                    assert found == plain_spans(pattern, text, low, high), pattern.pattern


# The built-in patterns in sets as kinds ask about them at once (with a "no pattern" in
# each, as an optional list of a rule is None): tuples, kept as groups, and a list.
BUILTIN_GROUPS: list[tuple[regex.Pattern[str] | None, ...]] = [
    (*BUILTIN_PATTERNS[i : i + 19], None) for i in range(0, len(BUILTIN_PATTERNS), 19)
]


@settings(max_examples=100, deadline=None)
@given(
    words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=60),
    separators=st.lists(st.sampled_from([" ", "  ", "-", "", "\n"]), min_size=60, max_size=60),
    cut=st.tuples(st.floats(0, 1), st.floats(0, 1)),
)
def test_a_set_asked_at_once_answers_as_each_pattern_asked_alone(
    words: list[str], separators: list[str], cut: tuple[float, float]
) -> None:
    # TextScan.may_match of a set is, pattern by pattern, "not rules_out" (False for None),
    # on whole blocks, a range inside one, and ranges across blocks; and a pattern that
    # matches in the range is never said not to.
    text, (start, end), blocks = _text_range_and_lines(words, separators, cut)
    ranges = _ranges_asked(start, end, blocks)
    for patterns in (BUILTIN_SET, PatternSet(list(BUILTIN_PATTERNS[:40]))):
        scan = TextScan(patterns, text, blocks)
        alone = TextScan(patterns, text, blocks)
        for group in [*BUILTIN_GROUPS, list(BUILTIN_GROUPS[0])]:
            for low, high in ranges:
                answers = scan.may_match(group, text, low, high)
                assert answers == [
                    p is not None and not alone.rules_out(p, text, low, high) for p in group
                ]
                for pattern, may in zip(group, answers, strict=True):
                    if pattern is not None and pattern.search(text, low, high) is not None:
                        assert may, pattern.pattern
                # As a verdict model asks of a block for its sentences cut out alone.
                assert scan.may_occur_each(group, low, high) == [
                    p is not None and alone.may_occur_in(p, low, high) for p in group
                ]


def _formula_holds(patterns: PatternSet, formula: prefilter.Formula, present: int) -> bool:
    """What a paragraph test must answer, read off the formula: a literal the set does not
    look for may be anywhere."""
    if isinstance(formula, (Literal, Digit)):
        text = formula.text if isinstance(formula, Literal) else prefilter.DIGIT_MARK
        return text not in patterns._testable or bool(patterns.bit(text) & present)
    parts = [_formula_holds(patterns, part, present) for part in formula.parts]
    return all(parts) if isinstance(formula, AllOf) else any(parts)


@settings(max_examples=100, deadline=None)
@given(
    words=st.lists(st.sampled_from(WORDS), min_size=0, max_size=60),
    bits=st.lists(st.integers(0, len(BUILTIN_SET.literals)), max_size=40),
)
def test_a_patterns_paragraph_test_and_its_checks_answer_as_its_formula(
    words: list[str], bits: list[int]
) -> None:
    # Each built-in pattern's paragraph test (its masks tested inline where parts are
    # masks) and its checks as data (PatternSet.checks_of: masks, then the test left,
    # as a set asked at once loops over them) answer what the formula says, for the
    # literals of generated text and for literals added at random.
    present = BUILTIN_SET.mask_of(" ".join(words).lower())
    for bit in bits:
        present |= 1 << bit
    for pattern in BUILTIN_PATTERNS:
        formula = BUILTIN_SET.formula(pattern)
        if formula is None:
            continue
        expected = _formula_holds(BUILTIN_SET, formula, present)
        assert BUILTIN_SET.test_of(formula)(present) == expected, pattern.pattern
        masks, test = BUILTIN_SET.checks_of(formula)
        answer = all(mask & present for mask in masks) and (test is None or test(present))
        assert answer == expected, pattern.pattern


def test_a_set_whose_literals_a_paragraph_lacks_is_ruled_out_at_once() -> None:
    words = (compile_rule_pattern(r"\bplacebo\b"), compile_rule_pattern(r"\bcohort\s+study"))
    digits = compile_rule_pattern(r"\d+\s*patients")
    patterns = PatternSet([*words, digits])
    text = "The placebo group slept well.\nNothing here at all."
    scan = TextScan(patterns, text, [(0, 29), (30, len(text))])
    assert patterns.group(words).mask is not None
    assert patterns.group(words) is patterns.group(words)  # a tuple's group is kept
    assert scan.may_match(words, text, 30, len(text)) == [False, False]
    assert scan.may_match(words, text, 0, 29) == [True, False]
    assert scan.may_match((*words, digits), text, 0, 29) == [True, False, False]
    # A pattern without a formula may match anywhere: no set it is in is ruled out at once.
    anything = compile_rule_pattern(r"(?:x)?")
    assert patterns.group((words[0], anything)).mask is None
    assert scan.may_match((words[0], anything), text, 30, len(text)) == [False, True]


def test_requirements_survive_the_round_trip_through_the_start_up_cache() -> None:
    import marshal

    for pattern in BUILTIN_PATTERNS:
        formula, leads, guards = prefilter._read_requirement(pattern)
        saved = (prefilter._encode(formula), leads, tuple(map(prefilter._encode, guards)))
        stored = marshal.loads(marshal.dumps(saved))
        assert prefilter._decode(stored[0]) == formula
        assert stored[1] == leads
        assert tuple(map(prefilter._decode, stored[2])) == guards


# A paragraph of pattern words with separators, and a range of it (as fractions).
PARAGRAPH_AND_RANGE = dict(
    words=st.lists(st.sampled_from(WORDS[:-1]), min_size=1, max_size=40),
    separators=st.lists(st.sampled_from([" ", "  ", "-", ""]), min_size=40, max_size=40),
    cut=st.tuples(st.floats(0, 1), st.floats(0, 1)),
)


@settings(max_examples=100, deadline=None)
@given(**PARAGRAPH_AND_RANGE)
def test_a_formula_narrowed_to_a_paragraph_answers_as_the_whole_formula(
    words: list[str], separators: list[str], cut: tuple[float, float]
) -> None:
    # What each range of a paragraph holds, asked of the formula narrowed to that paragraph
    # (PatternSet.narrowed), is what the whole formula says of it.
    text = "".join(word + separators[i] for i, word in enumerate(words))
    lowered = prefilter.usable_lowered(text)
    if lowered is None:
        return
    start, end = sorted(int(x * len(text)) for x in cut)
    present = BUILTIN_SET.paragraph(text).present
    for pattern in BUILTIN_PATTERNS:
        formula = BUILTIN_SET.formula(pattern)
        if formula is None:
            continue
        narrowed = BUILTIN_SET.narrowed(formula, present)
        whole = prefilter.holds(formula, text, lowered, start, end)
        assert prefilter.holds(narrowed, text, lowered, start, end) == whole, pattern.pattern


@settings(max_examples=100, deadline=None)
@given(**PARAGRAPH_AND_RANGE)
def test_a_part_of_a_paragraph_searched_on_its_own_never_loses_a_match(
    words: list[str], separators: list[str], cut: tuple[float, float]
) -> None:
    # As a verdict model searches a sentence: cut out of its paragraph, searched alone.
    text = "".join(word + separators[i] for i, word in enumerate(words))
    start, end = sorted(int(x * len(text)) for x in cut)
    part = text[start:end]
    lowered = prefilter.usable_lowered(part)
    if lowered is None:
        return
    scan = TextScan(BUILTIN_SET, text, [(0, len(text))])
    for pattern in BUILTIN_PATTERNS:
        if pattern.search(part) is not None:
            assert scan.may_occur_alone(pattern, part, lowered, 0), pattern.pattern
            assert scan.may_occur_in(pattern, start, end), pattern.pattern


@pytest.mark.parametrize("count", [0, 1, 2, prefilter._FEW_BITS, prefilter._FEW_BITS + 1, 200])
def test_the_literals_of_a_mask_are_named_whether_it_has_few_bits_or_many(count: int) -> None:
    # PatternSet._named reads a mask of few bits a bit at a time, others by its binary digits.
    names = BUILTIN_SET._names
    chosen = sorted({(i * 7919) % len(names) for i in range(count)})
    mask = 0
    for index in chosen:
        mask |= 1 << index
    assert BUILTIN_SET._named(mask) == [names[index] for index in chosen]


def test_a_paragraph_keeps_its_literals_as_one_bit_each() -> None:
    # The server keeps what the prefilter knows of every paragraph of every open document:
    # the literals present as an int of one bit per literal (a frozenset of them was about
    # 4 kB a paragraph), and the clause tests and narrowing read the same answers off it.
    text = "Side effects such as nausea hit 40% of the 120 patients in the trial."
    paragraph = BUILTIN_SET.paragraph(text)
    assert isinstance(paragraph.present, int)
    expected = BUILTIN_SET.literals_in(text.lower()) | {prefilter.DIGIT_MARK}
    assert set(BUILTIN_SET._named(paragraph.present)) == expected
    without_digits = BUILTIN_SET.paragraph("Side effects such as nausea were reported.")
    assert prefilter.DIGIT_MARK not in BUILTIN_SET._named(without_digits.present)
    assert BUILTIN_SET.bit("no such literal, ever") == 0
    # A formula needing a literal the paragraph lacks is ruled out by the mask alone.
    nausea = BUILTIN_SET.formula(compile_rule_pattern(r"\bnausea\b"))
    dizziness = BUILTIN_SET.formula(compile_rule_pattern(r"\bdizziness\b"))
    assert nausea is not None and dizziness is not None
    assert BUILTIN_SET.possible(nausea, paragraph.present)
    if "dizziness" in BUILTIN_SET.literals:
        assert not BUILTIN_SET.possible(dizziness, paragraph.present)
        assert BUILTIN_SET.narrowed(dizziness, paragraph.present) is prefilter.NEVER


# -- searched only where a match can start (prefilter.leading) ---------------------------


def test_a_word_list_starts_with_one_of_its_words() -> None:
    pattern = compile_rule_pattern(r"(?<![\w.])(?:drugs?|therap(?:y|ies))\b|\bside[\s-]effects?")
    assert prefilter.leading(pattern) == (("drug", True), ("side", True), ("therap", True))


def test_a_number_starts_with_a_digit() -> None:
    pattern = compile_rule_pattern(r"(?<![\p{L}\p{N}.,])\d+\s+patients|\bn\s*=\s*\d+")
    assert prefilter.leading(pattern) == ((prefilter.DIGIT_MARK, True), ("n", True))
    pattern = compile_rule_pattern(r"(?:\d+|one)%")
    assert prefilter.leading(pattern) == ((prefilter.DIGIT_MARK, False), ("one", False))


def test_a_branch_starting_otherwise_is_left_out_with_what_it_requires(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Where a paragraph has no "®" or "™", every match starts with one of the words.
    monkeypatch.setattr(prefilter, "CHARS_PER_PLACE", 0)  # however dense the places
    pattern = compile_rule_pattern(r"\b(?:drugs?|pills?)\b|\b\p{L}[\p{L}\d-]{2,}[®™]")
    assert prefilter.leading(pattern) == (("drug", True), ("pill", True))
    assert prefilter.unled(pattern) == (AnyOf((Literal("®"), Literal("™"))),)
    text = "A drug, a pill and Brand® pills."
    scan = TextScan(PatternSet([pattern]), text, [(0, len(text))])
    assert scan.leading_places(pattern, text, 0, len(text)) is None
    text = "A drug, a pill and more pills."
    scan = TextScan(PatternSet([pattern]), text, [(0, len(text))])
    assert scan.leading_places(pattern, text, 0, len(text)) == [2, 10, 24]


@pytest.mark.parametrize(
    "source",
    [
        r"a?bc",  # an optional first character
        r"\w+ing\b",  # a class
        r"(?:drugs|\w+)",  # a branch starting with a class, requiring nothing
        r"(?:x|y)z",  # re reads a class of one-character branches
    ],
)
def test_a_match_that_may_start_otherwise_has_no_leading_literals(source: str) -> None:
    assert prefilter.leading(compile_rule_pattern(source)) is None


# The words without letters that fold to ASCII (a text with one is searched plainly).
LOWERABLE_WORDS = [word for word in WORDS if prefilter.usable_lowered(word) is not None]


@settings(max_examples=100, deadline=None)
@given(
    words=st.lists(st.sampled_from(LOWERABLE_WORDS), min_size=1, max_size=60),
    separators=st.lists(st.sampled_from([" ", "  ", "-", "", "\n", "."]), min_size=60, max_size=60),
    cut=st.tuples(st.floats(0, 1), st.floats(0, 1)),
)
def test_searching_only_where_a_match_can_start_finds_every_match(
    words: list[str], separators: list[str], cut: tuple[float, float]
) -> None:
    # However many the places (the limit that sends dense paragraphs to a plain search
    # lifted), matches tried at the leading literals are the plain search's, in blocks,
    # in ranges of a block, and in a part cut out on its own (as a verdict model asks).
    from ketlint.verdict_model import _search

    text, (start, end), blocks = _text_range_and_lines(words, separators, cut)
    ranges = set(blocks)
    for block_start, block_end in blocks:
        if block_start <= start < block_end:
            ranges.add((start, min(end, block_end)))
    limit = prefilter.CHARS_PER_PLACE
    prefilter.CHARS_PER_PLACE = 0
    try:
        scan = TextScan(BUILTIN_SET, text, blocks)
        for pattern in BUILTIN_PATTERNS:
            for low, high in ranges:
                found = [m.span() for m in scan.search(pattern, text, low, high, 5.0)]
                assert found == plain_spans(pattern, text, low, high), pattern.pattern
                part = text[low:high]
                alone = _search(scan, pattern, pattern, text, part, low)
                assert alone == (pattern.search(part) is not None), pattern.pattern
    finally:
        prefilter.CHARS_PER_PLACE = limit


def test_a_class_of_a_colon_is_not_a_posix_class() -> None:
    # "[:]" is a colon (a rule's "limitations:"); "[:alpha:]" is still refused.
    pattern = compile_rule_pattern(r"\blimitations?\s*[:]")
    assert requirement(pattern) == AllOf((Literal("limitation", True), Literal(":")))
    assert requirement(compile_rule_pattern(r"\blimitations?[:alpha:]")) is None
