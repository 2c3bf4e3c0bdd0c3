"""ketlint.quotes: which words of a paragraph are someone's direct quotation.

Each case marks the quoted words with [[...]] (the marks themselves stay outside).
"""

from __future__ import annotations

import pytest

from ketlint.parsing import parse
from ketlint.quotes import block_quotations, quotation_at, quotations
from ketlint.testing import mark, parse_marked


def quoted(text: str) -> list[tuple[int, int]]:
    return [(q.start, q.end) for q in quotations(text)]


def assert_quoted(marked: str) -> None:
    text, expected = parse_marked(marked)
    got = quoted(text)
    assert got == expected, f"\nexpected: {marked}\ngot:      {mark(text, got)}"


@pytest.mark.parametrize(
    "marked",
    [
        'The nurse said "[[most patients recover]]" and left.',
        "“[[We were surprised,]]” said Dr. Lee, “[[and so were the families.]]”",
        '"[[It works,]]" she said. "[[It is not a cure.]]"',
        "A so-called “[[miracle drug]]” was tested.",
    ],
)
def test_straight_and_curly_double_quotes_enclose_the_quoted_words(marked):
    assert_quoted(marked)


@pytest.mark.parametrize(
    "marked",
    [
        # A curly opening mark closed by a straight one, and the reverse.
        'The cost is “[[between $14,000 and $19,000]]"--more than surgery.',
        'She said: "[[it helped.]]” Then she left.',
        # French closing guillemets after a straight opening mark.
        '"[[We wondered whether it was possible,]]» explains the professor.',
        # The typewriter pair of the wire services.
        "``[[I'm very open to it,]]'' he said.",
        # The German pair.
        "Er sagte „[[es wirkt]]“ und ging.",
    ],
)
def test_mixed_marks_pair_up_with_whatever_is_open(marked):
    assert_quoted(marked)


@pytest.mark.parametrize(
    "marked",
    [
        "He is 5'10\" tall and weighs 80 kg.",
        'A 12" ruler and a "[[tape measure]]" were used.',
        # Inside a quotation, a mark after a digit closes it.
        'The plan was called "[[4 x 4]]").',
    ],
)
def test_an_inch_mark_after_a_digit_is_not_a_quotation_mark(marked):
    assert_quoted(marked)


@pytest.mark.parametrize(
    "marked",
    [
        # A quote that goes on into the next paragraph is left unclosed here...
        '"[[We found that a better diet helped. More work is needed]]',
        # ...and the next paragraph may close it without opening it again.
        '[[It has to be replicated first,]]" she added. The trial ends in May.',
    ],
)
def test_a_quotation_across_paragraphs_runs_to_the_paragraph_edge(marked):
    assert_quoted(marked)
    text, _ = parse_marked(marked)
    assert not quotations(text)[0].closed


def test_a_quotation_inside_a_quotation_keeps_the_outer_one_open():
    # The inner marks should have been single ones; the outer quote still ends at its end.
    assert_quoted('Lee said: "[[Voices, or "hearing voices", can frighten sufferers]]". Then')


def test_an_opening_mark_that_lost_its_closing_one_still_quotes_what_follows():
    # Read as a quotation inside one: the outer one, never closed, runs to the end.
    assert_quoted('"[[It hurts, she says. "Knowing why matters."]]')


@pytest.mark.parametrize(
    "marked",
    [
        "The patients’ families weren’t told.",
        "She called it ‘a relief’ and went home.",
        "No quotation marks here.",
        '"" is an empty string.',
    ],
)
def test_single_marks_and_apostrophes_quote_nothing(marked):
    assert_quoted(marked)


def test_document_offsets_are_per_paragraph_and_cover_the_quoted_words():
    text = 'Addicts relapse.\n\nShe said "addicts relapse" twice.\n'
    doc = parse(text, "markdown")
    first, second = doc.blocks
    assert block_quotations(doc, first) == ()
    [quotation] = block_quotations(doc, second)
    assert text[quotation.start : quotation.end] == "addicts relapse"
    inside = text.index("addicts relapse")
    assert quotation_at(doc, inside, inside + 7) == quotation
    assert quotation_at(doc, 0, 7) is None


def test_an_unclosed_quotation_does_not_reach_into_the_next_paragraph():
    text = '"We are hopeful.\n\nAddicts relapse, the report says.\n'
    doc = parse(text, "markdown")
    start = text.index("Addicts")
    assert quotation_at(doc, start, start + 7) is None
