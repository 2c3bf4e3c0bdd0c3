"""The hype score: a document verdict that grows with the density and strength of hype.

hype-phrase flags every term inline; its verdict on ``sensational_language`` weighs them:
strong terms count fully, mild ones little, per 1,000 words of the story, so one mild word
in a careful article does not condemn it while a pattern of hype does. The scoring itself
belongs to the ``phrases`` kind and is tested here with house rules too.
"""

from __future__ import annotations

from typing import Any

import pytest

from ketlint.engine import Linter
from ketlint.kinds.base import RuleSpec
from ketlint.model import LintResult, Severity
from ketlint.ruleset import Ruleset, builtin_ruleset

RULE = "hype-phrase"
CRITERION = "sensational_language"

# Plain sentences (10 words each) to give an article its length without any hype in it.
CAREFUL = [
    "Participants wrote down how long they slept every single night.",
    "The researchers compared the two groups after twelve weeks apart.",
    "Side effects were mild and went away within a week.",
    "The study was paid for by a national research agency.",
]


def careful_paragraphs(words: int) -> str:
    """About ``words`` words of neutral prose in paragraphs of four sentences."""
    sentences = [CAREFUL[i % len(CAREFUL)] for i in range(max(1, words // 10))]
    paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
    return "\n\n".join(paragraphs)


def article(*middle: str, words: int = 600, title: str = "Sleep study reports results") -> str:
    body = careful_paragraphs(words)
    return "\n\n".join([f"# {title}", *middle, body]) + "\n"


def lint_builtin(text: str) -> LintResult:
    ruleset = builtin_ruleset()
    result = Linter(ruleset, [RULE]).lint_text(text, format="markdown")
    assert not result.errors, result.errors
    return result


def verdict_of(result: LintResult, criterion: str = CRITERION) -> str:
    values = {v.criterion: v.value for v in result.verdicts}
    return values[criterion]


# -- the built-in rule ---------------------------------------------------------------------


def test_one_mild_word_in_a_careful_article_is_reported_but_does_not_condemn_it():
    text = article("Early results are promising, the authors said.")
    result = lint_builtin(text)
    assert [(f.severity, text[f.start : f.end]) for f in result.findings] == [
        (Severity.INFO, "promising")
    ]
    assert verdict_of(result) == "satisfactory"
    assert result.metrics["hype"]["terms"] == ["promising"]
    assert 0 < result.metrics["hype"]["score"] <= result.metrics["hype"]["threshold"]


def test_a_strong_word_in_a_short_release_condemns_it():
    text = article("The clinic calls the implant a miracle for people with migraine.", words=300)
    result = lint_builtin(text)
    assert [f.severity for f in result.findings] == [Severity.WARNING]
    assert verdict_of(result) == "not-satisfactory"
    assert result.metrics["hype"]["terms"] == ["miracle"]
    reason = next(v.reason for v in result.verdicts if v.criterion == CRITERION)
    assert "“miracle”" in reason


def test_the_score_is_a_density_so_the_same_word_weighs_less_in_a_longer_article():
    hype = "The clinic calls the implant a game changer."
    short = lint_builtin(article(hype, words=400)).metrics["hype"]
    long = lint_builtin(article(hype, words=2400)).metrics["hype"]
    assert short["weight"] == long["weight"] == 1.0
    assert short["score"] > 2 * long["score"]
    assert lint_builtin(article(hype, words=2400)).verdicts[0].value == "satisfactory"


def test_several_mild_words_add_up_to_a_pattern_of_hype():
    mild = (
        "The very exciting results are promising, a first-of-its-kind finding with "
        "enormous potential that brings patients one step closer to a cure."
    )
    result = lint_builtin(article(mild, words=500))
    assert len(result.findings) == 5
    assert verdict_of(result) == "not-satisfactory"


def test_an_article_without_hype_scores_zero():
    result = lint_builtin(article())
    assert result.findings == []
    assert result.metrics["hype"]["score"] == 0
    assert verdict_of(result) == "satisfactory"


def test_press_release_boilerplate_is_flagged_but_left_out_of_the_score():
    text = article(words=400) + (
        "\n###\n\nAbout the Example Health System\n\n"
        "The Example Health System makes groundbreaking discoveries every year.\n"
    )
    result = lint_builtin(text)
    assert [text[f.start : f.end] for f in result.findings] == ["groundbreaking"]
    assert result.metrics["hype"]["terms"] == []
    assert verdict_of(result) == "satisfactory"


def test_an_about_heading_without_end_mark_also_starts_the_boilerplate():
    text = article(words=400) + (
        "\nAbout Example Pharma\n\nExample Pharma develops revolutionary medicines.\n"
    )
    result = lint_builtin(text)
    assert len(result.findings) == 1
    assert verdict_of(result) == "satisfactory"


def test_a_paragraph_about_the_study_is_not_boilerplate():
    text = article(words=400) + (
        "\nAbout the trial\n\nThe trial showed the revolutionary drug works in everyone.\n"
    )
    assert verdict_of(lint_builtin(text)) == "not-satisfactory"


def test_hype_in_the_title_counts():
    result = lint_builtin(article(words=500, title="Breakthrough implant stops migraine"))
    assert result.metrics["hype"]["terms"] == ["Breakthrough"]
    assert verdict_of(result) == "not-satisfactory"


@pytest.mark.parametrize(
    "marked",
    [
        "The pump proves [[safe and effective]] in children.",
        "The new procedure is [[safe and effective]] for older adults.",
        "The pill has been shown to be [[safe and efficacious]] in men.",
        "The implant is [[safe, effective]] and quick.",
    ],
)
def test_safe_and_effective_stated_as_a_fact_is_flagged(marked, flags):
    flags(marked, RULE)


@pytest.mark.parametrize(
    "text",
    [
        "Trials find out whether new treatments are safe and effective.",
        "The next trial will establish the safe and effective dose in people.",
        "It is not safe and effective for children.",
        "Making sure a skin patch is safe and effective for teenagers is the next goal.",
        "The lab is investigating the causes, treatments, and cures of rare skin diseases.",
    ],
)
def test_safe_and_effective_as_a_question_aim_or_denial_is_not_flagged(text, lint):
    assert lint(text, RULE) == []


@pytest.mark.parametrize(
    ("marked", "severity"),
    [
        ("The device is [[far better]] at finding tumors.", Severity.INFO),
        ("The change [[will significantly]] reduce waiting times.", Severity.INFO),
        ("It brings us [[one step closer]] to a cure.", Severity.INFO),
        ("The drug has [[enormous potential]].", Severity.WARNING),
        ("For busy parents, it is the [[clear choice]].", Severity.WARNING),
        ("The findings are [[very exciting]].", Severity.INFO),
    ],
)
def test_promises_and_intensifiers_are_flagged_with_severity_by_strength(marked, severity, flags):
    findings = flags(marked, RULE)
    assert [f.severity for f in findings] == [severity]


@pytest.mark.parametrize(
    "text",
    [
        "Pain scores were significantly reduced (p = 0.01).",
        "Blood pressure drugs can significantly slow kidney damage.",
        "The work takes us one step closer to understanding sleep.",
        "Exercise is a far more common cause of knee pain than gout.",
    ],
)
def test_reported_results_and_modest_progress_are_not_flagged(text, lint):
    assert lint(text, RULE) == []


# -- the phrases kind's scoring options ----------------------------------------------------

HOUSE = "house-hype"


def house_linter(options: dict[str, Any], criterion: str | None = "house") -> Linter:
    spec = RuleSpec(HOUSE, "phrases", Severity.WARNING, "“{match}”", options=options)
    spec.criterion = criterion
    return Linter(Ruleset({HOUSE: spec}), [HOUSE])


TERMS = [{"term": "wonder", "weight": 1}, {"term": "neat", "weight": 0.2}]


def test_without_a_threshold_any_finding_makes_the_verdict_not_satisfactory():
    result = house_linter({"terms": TERMS}).lint_text(article("A neat result.", words=2000))
    assert verdict_of(result, "house") == "not-satisfactory"
    assert result.metrics == {}  # no metric asked for


def test_without_per_1000_words_the_score_is_the_sum_of_weights():
    options = {
        "terms": TERMS,
        "verdict-threshold": 1.1,
        "verdict-per-1000-words": False,
        "metric": "house",
    }
    linter = house_linter(options)
    below = linter.lint_text(article("A wonder.", words=50))
    above = linter.lint_text(article("A wonder, and neat.", words=5000))
    assert below.metrics["house"]["score"] == 1.0
    assert verdict_of(below, "house") == "satisfactory"
    assert above.metrics["house"]["score"] == 1.2
    assert verdict_of(above, "house") == "not-satisfactory"


def test_short_texts_are_scored_over_at_least_min_words():
    options = {"terms": TERMS, "verdict-threshold": 1, "verdict-min-words": 2000, "metric": "m"}
    result = house_linter(options).lint_text("A neat wonder.\n")
    assert result.metrics["m"]["score"] == pytest.approx(1000 * 1.2 / 2000)
    assert verdict_of(result, "house") == "satisfactory"


def test_boilerplate_counts_when_skipping_it_is_turned_off():
    text = article(words=900) + "\n###\n\nAbout Example Labs\n\nExample Labs: a wonder.\n"
    counted = {"terms": TERMS, "verdict-threshold": 0.5, "verdict-skip-boilerplate": False}
    skipped = {"terms": TERMS, "verdict-threshold": 0.5}
    assert verdict_of(house_linter(counted).lint_text(text), "house") == "not-satisfactory"
    assert verdict_of(house_linter(skipped).lint_text(text), "house") == "satisfactory"


def test_a_rule_without_criterion_still_reports_its_metric():
    options = {"terms": TERMS, "metric": "house", "mild-below": 0.5, "mild-severity": "hint"}
    result = house_linter(options, criterion=None).lint_text(article("Neat, a wonder.", words=800))
    assert result.verdicts == []
    assert result.metrics["house"]["terms"] == ["Neat", "wonder"]
    assert result.metrics["house"]["weight"] == 1.2
    assert [f.severity for f in result.findings] == [Severity.HINT, Severity.WARNING]


def test_the_verdict_reason_calls_the_score_what_the_rule_says():
    text = article("A wonder, and neat.", words=300)

    def reason(options: dict[str, object]) -> str:
        result = house_linter(options).lint_text(text)
        return next(v.reason for v in result.verdicts if v.criterion == "house")

    assert reason({"terms": TERMS, "verdict-threshold": 1}).startswith(
        "score 3.947 per 1,000 words (above 1)"
    )
    labelled = {"terms": TERMS, "verdict-threshold": 1, "verdict-score-label": "wonder score"}
    assert reason(labelled).startswith("wonder score 3.947 per 1,000 words (above 1)")


def test_a_claim_of_changed_practice_weighs_like_a_strong_word():
    """A claim that one study changes the standard of care counts fully, like "paradigm
    shift": one in a short release condemns it."""
    text = article(
        "The lead author said the results will change the standard of care for gout.", words=300
    )
    result = lint_builtin(text)
    assert [f.severity for f in result.findings] == [Severity.WARNING]
    assert result.metrics["hype"]["weight"] == 1.0
    assert result.metrics["hype"]["terms"] == ["change the standard of care"]
    assert verdict_of(result) == "not-satisfactory"
