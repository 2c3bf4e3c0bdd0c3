"""The ``phrases`` kind: exact ranges over prose only, exceptions, suggestions and fixes."""

from __future__ import annotations

from typing import Any

import pytest

from ketlint.engine import Linter
from ketlint.fixes import applicable_fixes, apply_fixes
from ketlint.kinds.base import RuleSpec
from ketlint.model import Finding, Severity
from ketlint.ruleset import Ruleset, load_rule_file
from ketlint.testing import mark, parse_marked

RULE_ID = "house-words"


def house_rule(options: dict[str, Any], message: str = "Avoid “{match}”.") -> Ruleset:
    spec = RuleSpec(RULE_ID, "phrases", Severity.WARNING, message, options=options)
    return Ruleset({RULE_ID: spec})


def lint(text: str, options: dict[str, Any], fmt: str = "markdown") -> list[Finding]:
    result = Linter(house_rule(options), [RULE_ID]).lint_text(text, format=fmt)
    assert not result.errors, result.errors
    return result.findings


def assert_marked(marked: str, options: dict[str, Any], fmt: str = "markdown") -> list[Finding]:
    text, expected = parse_marked(marked)
    findings = lint(text, options, fmt)
    got = sorted((f.start, f.end) for f in findings)
    assert got == sorted(expected), f"\nexpected: {marked}\ngot:      {mark(text, got)}"
    return findings


HOPE = {"terms": [{"term": "beacon of hope", "suggestion": "an option"}]}


@pytest.mark.parametrize(
    "marked",
    [
        "Ketamine is a [[beacon of hope]].",
        "Ketamine is a [[Beacon Of Hope]].",
        "Ketamine is a [[beacon\nof   hope]] for some.",
        "A **[[beacon** of hope]] for families.",
        "A [[beacon *of* hope]] for families.",
        "A _[[beacon of hope]]_ for families.",
    ],
)
def test_a_literal_phrase_matches_across_whitespace_case_and_emphasis(marked):
    assert_marked(marked, HOPE)


@pytest.mark.parametrize(
    "text",
    [
        "Ketamine is a `beacon of hope` in code.",
        "```\nbeacon of hope\n```\n",
        "Read [the review](https://example.org/beacon-of-hope) first.",
        "<!-- beacon of hope -->\nPlain text.",
        "A beacon of hopefulness.",
        "A beaconof hope.",
    ],
)
def test_code_comments_link_targets_and_partial_words_are_never_flagged(text):
    assert lint(text, HOPE) == []


def test_link_text_is_prose_and_is_flagged():
    assert_marked("Read about this [[beacon of hope]](https://example.org/x).", HOPE)


def test_html_tags_inside_a_phrase_are_skipped_but_the_words_are_found():
    assert_marked("<p>A <b>[[beacon</b> of hope]] indeed.</p>", HOPE, fmt="html")


def test_the_message_quotes_the_words_as_read_and_appends_the_suggestion():
    [finding] = lint("A **beacon** of hope.", HOPE)
    assert finding.message == "Avoid “beacon of hope”. Consider “an option”."


def test_straight_and_curly_apostrophes_are_the_same_letter():
    options = {"terms": ["doctor's orders"]}
    assert_marked("Follow [[doctor’s orders]] and [[doctor's orders]].", options)


def test_a_pattern_term_keeps_its_lookarounds_as_context_not_as_range():
    options = {"terms": [{"pattern": r"(?<=\bwill\s)cure(?=\s+\p{L})"}]}
    assert_marked("It will [[cure]] colds, not cure-rate tables.", options)


def test_an_exception_covering_the_match_silences_it_and_nothing_else():
    options = {"terms": ["miracle"], "exceptions": [r"\bnot\s+a\s+miracle"]}
    assert_marked("It is not a miracle. Some call it a [[miracle]].", options)


def test_an_exception_that_only_overlaps_the_match_does_not_silence_it():
    options = {"terms": ["miracle cure"], "exceptions": [r"\bmiracle\b"]}
    assert_marked("A [[miracle cure]].", options)


def test_a_case_sensitive_term_ignores_other_casings():
    options = {"terms": [{"term": "AIDS", "case-sensitive": True}]}
    assert_marked("Hearing aids help. [[AIDS]] is a syndrome.", options)


def test_headings_are_checked_unless_skipped():
    text = "# A miracle\n\nA miracle.\n"
    assert len(lint(text, {"terms": ["miracle"]})) == 2
    assert len(lint(text, {"terms": ["miracle"], "skip-headings": True})) == 1


def test_each_finding_carries_its_term_and_weight():
    options = {"terms": [{"term": "promising", "weight": 0.3}, "miracle"]}
    findings = lint("A promising miracle.", options)
    weights = [(f.data["term"], f.data["weight"]) for f in findings]
    assert weights == [("promising", 0.3), ("miracle", 1.0)]


def test_a_replacement_keeps_the_capital_of_a_sentence_start_and_applies():
    options = {"terms": [{"term": "suffers from", "replace": "has", "safe": True}]}
    text = "Suffers from asthma. She suffers from hay fever.\n"
    findings = lint(text, options)
    assert [f.fix.replacement for f in findings if f.fix] == ["Has", "has"]
    assert apply_fixes(text, applicable_fixes(findings)) == "Has asthma. She has hay fever.\n"


def test_an_unsafe_replacement_is_applied_only_when_asked():
    options = {"terms": [{"term": "suffers from", "replace": "has"}]}
    text = "She suffers from asthma.\n"
    findings = lint(text, options)
    assert applicable_fixes(findings) == []
    assert apply_fixes(text, applicable_fixes(findings, unsafe=True)) == "She has asthma.\n"


def test_no_fix_is_offered_across_markup_it_would_break():
    options = {"terms": [{"term": "suffers from", "replace": "has", "safe": True}]}
    [finding] = lint("She **suffers** from asthma.\n", options)
    assert finding.fix is None
    assert finding.message.startswith("Avoid “suffers from”")


@pytest.mark.parametrize(
    ("options", "problem"),
    [
        ("terms: []", "should be non-empty"),
        ("terms: [{term: a, pattern: b}]", "exactly one of 'term' or 'pattern'"),
        ("terms: [miracle]\n      exception: ['x']", "unknown option 'exception'"),
        ("terms: [{pattern: 'cure('}]", "does not compile"),
    ],
)
def test_bad_options_are_reported_with_a_plain_sentence(tmp_path, options, problem):
    path = tmp_path / "house.yml"
    path.write_text(
        "version: 1\nrules:\n  - id: house-words\n    kind: phrases\n    message: m\n"
        f"    options:\n      {options}\n",
        encoding="utf-8",
    )
    specs, errors = load_rule_file(path)
    assert specs == []
    assert any(problem in str(error) for error in errors), errors


NOTED = {
    "terms": [{"term": "breakthrough", "weight": 1.0}],
    "notes": [r"\bmight\s+be\s+a\s+breakthrough\b"],
    "verdict-threshold": 0.5,
    "verdict-min-words": 1,
}


def test_a_match_inside_a_notes_text_is_a_note_that_still_counts_in_the_score():
    """A hedged word is worth a look, not a warning; the score reads it as before, so a
    verdict fitted on the score does not move."""
    text = "It might be a breakthrough. It is a breakthrough."
    hedged, plain = sorted(lint(text, NOTED), key=lambda f: f.start)
    assert hedged.severity == Severity.INFO and "check" in hedged.message
    assert plain.severity == Severity.WARNING
    spec = RuleSpec(
        RULE_ID,
        "phrases",
        Severity.WARNING,
        "Avoid.",
        options=NOTED,
        criterion="sensational_language",
    )
    result = Linter(Ruleset({RULE_ID: spec}), [RULE_ID]).lint_text("It might be a breakthrough.")
    assert [v.value for v in result.verdicts if v.criterion == "sensational_language"] == [
        "not-satisfactory"
    ]
