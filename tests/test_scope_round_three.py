"""The third round of scope fixes (issue 10): a difference between groups or a restated
surrogate is not a benefit figure; what a drug is used for is not a claim; evidence that
includes people is not preclinical; a paragraph that picks up the study's account is the
study's; harms scope of missing-safety-section."""

from __future__ import annotations

import pytest

from ketlint.engine import Linter
from ketlint.model import LintResult
from ketlint.ruleset import builtin_ruleset


def lint(text: str, rule: str) -> LintResult:
    result = Linter(builtin_ruleset(), [rule]).lint_text(text, format="markdown")
    assert not result.errors, result.errors
    return result


def flagged(text: str, rule: str) -> list[str]:
    return [text[f.start : f.end] for f in lint(text, rule).findings]


# -- benefit-without-numbers: a group difference, a restated surrogate -----------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The team saw a 3.1-fold increase in gut scarring in patients with the disease, "
        "compared to controls, and mapped where it lay.",
        "Scarring was 40% higher in the sickest group than in healthy volunteers.",
        "Levels were twice as high in people who have the illness as in age-matched "
        "healthy controls.",
    ],
)
def test_a_marker_differing_from_healthy_controls_is_not_a_benefit(sentence):
    assert flagged(sentence + "\n", "benefit-without-numbers") == []


def test_a_restated_surrogate_is_not_a_benefit():
    text = (
        "The new shot raised antibodies and gave a 20-fold increase in T cells. "
        "This is 9 times higher than older shots.\n"
    )
    assert flagged(text, "benefit-without-numbers") == []


@pytest.mark.parametrize(
    "text",
    [
        # The treated group set against controls: a benefit.
        "The pill cut relapses by 40% in patients with the illness on the pill, compared with "
        "controls.\n",
        # A restatement of a benefit stays a benefit.
        "The pill cut relapses in the trial. This is 3 times better than the older pill.\n",
        # Not a restatement: the sentence names its own measure.
        "The shot gave a 20-fold increase in T cells. Relapses were 3 times less likely "
        "with it.\n",
    ],
)
def test_benefits_stay_benefits(text):
    assert len(flagged(text, "benefit-without-numbers")) == 1
