"""missing-cost: an article about a treatment or test says what it costs, or who pays."""

from __future__ import annotations

import pytest
from conftest import rules_own_reading

from ketlint.engine import Linter
from ketlint.model import LintResult, Severity
from ketlint.ruleset import builtin_ruleset
from ketlint.testing import parse_marked

RULE = "missing-cost"

STORY = """# [[New knee implant eases arthritis pain]]

Surgeons report that the implant eased pain in 200 patients a year after surgery, and most
walked without a cane.
"""


def run(text: str, fmt: str = "markdown") -> LintResult:
    """The rule's own reading (its verdict model is tested in test_verdict_model.py)."""
    result = Linter(rules_own_reading(builtin_ruleset(), RULE), [RULE]).lint_text(text, format=fmt)
    assert not result.errors, result.errors
    return result


def verdict(text: str) -> str:
    [only] = [v for v in run(text).verdicts if v.criterion == "costs"]
    return only.value


def with_sentence(sentence: str) -> str:
    text, _ = parse_marked(STORY)
    return f"{text}\n{sentence}\n"


def test_an_intervention_without_a_word_on_cost_is_flagged_once_on_its_title(flags):
    [finding] = flags(STORY, RULE)
    assert finding.severity == Severity.INFO
    assert "what it costs" in finding.message
    text, _ = parse_marked(STORY)
    assert verdict(text) == "not-satisfactory"


@pytest.mark.parametrize(
    "sentence",
    [
        "The implant costs about $4,000, on top of the surgeon's fees.",
        "Patients pay €3,500 per procedure in private clinics.",
        "A year's supply of the pain pills costs several hundred dollars.",
        "The hospital estimated a cost saving of $9,200 per patient.",
        "Medicare covers the operation for people over 65.",
        "Most insurance plans will not yet pay for the implant.",
        "The price of the implant has not yet been set.",
    ],
)
def test_a_price_coverage_or_an_unknown_price_said_plainly_satisfies_it(lint, sentence):
    text = with_sentence(sentence)
    assert lint(text, RULE) == []
    assert verdict(text) == "satisfactory"


@pytest.mark.parametrize(
    "sentence",
    [
        # Money that is not the price of the intervention.
        "Analysts expect the implant market to be worth $5 billion by 2030.",
        "Shares of the maker closed at $27.61, up from $12 last year.",
        "The study was paid for with a $250,000 grant from a charity.",
        "Arthritis costs the economy $300 million a year in lost work.",
        # Cost words without an amount.
        "The implant is cost-effective and less expensive than a full knee replacement.",
        # Insurance mentioned without coverage.
        "Patients with private insurance were more satisfied with their care.",
    ],
)
def test_money_or_cost_words_that_say_nothing_about_the_price_do_not(sentence):
    assert verdict(with_sentence(sentence)) == "not-satisfactory"


def test_an_article_about_no_intervention_owes_no_price(lint):
    text = "# Why we yawn\n\nYawning is contagious: seeing someone yawn makes most people yawn.\n"
    assert lint(text, RULE) == []
    assert verdict(text) == "not-applicable"


def test_a_trademarked_product_in_the_title_counts_as_an_intervention(flags):
    flags("# [[Zenflex® eases back pain]]\n\nPeople who used it reported less pain.\n", RULE)


def test_the_satisfying_sentence_is_named_in_the_verdict():
    result = run(with_sentence("Medicare covers the operation for people over 65."))
    [only] = result.verdicts
    assert only.value == "satisfactory"
    assert "insurance coverage" in only.reason
