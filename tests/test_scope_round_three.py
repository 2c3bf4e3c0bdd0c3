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
        "This is 9 times higher than older, less effective shots.\n"
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


# -- what a treatment is for is not a claim; evidence that includes people ------------------


def test_described_use_frames():
    from ketlint.negation import described_use_in

    assert described_use_in("Mice were given levodopa, a drug used to ")
    assert described_use_in("The pill, which is commonly prescribed to ")
    assert described_use_in("the compound, which works by ")
    assert not described_use_in("The drug used to treat gout ")
    assert not described_use_in("In mice, the compound ")


MOUSE_USE = (
    "The study involved mice that were given levodopa, a drug used to boost levels of a "
    "brain chemical that the illness depletes.\n"
)


def test_a_drugs_use_said_in_passing_is_not_a_preclinical_benefit():
    assert flagged(MOUSE_USE, "preclinical-claim") == []


def test_a_benefit_in_its_own_clause_still_rests_on_mice():
    text = (
        "Mice were given levodopa, a drug used to treat tremor, and the new compound "
        "reversed memory loss in mice.\n"
    )
    assert flagged(text, "preclinical-claim") == ["in mice"]


@pytest.mark.parametrize(
    "text",
    [
        "Her studies both in the laboratory and in patients suggest the gel heals burns.\n",
        "Tests in patients and in the lab show the gel heals burns.\n",
    ],
)
def test_evidence_that_includes_people_is_not_preclinical(text):
    assert flagged(text, "preclinical-claim") == []


def test_lab_evidence_alone_is_still_flagged():
    text = "Her studies in the laboratory suggest the gel heals burns.\n"
    assert flagged(text, "preclinical-claim") == ["in the laboratory"]


OBSERVATIONAL = (
    "# Tea and memory\n\n"
    "An observational study of 2,000 adults who drank tea was published in a journal. "
    "{sentence}\n"
)


def test_a_drugs_use_is_not_a_causal_claim():
    text = OBSERVATIONAL.format(
        sentence="Some also took levodopa, a drug used to boost dopamine, the researchers said."
    )
    assert [f for f in lint(text, "overstated-evidence").findings if "boost" in f.message] == []


def test_a_causal_claim_of_the_study_is_still_flagged():
    text = OBSERVATIONAL.format(sentence="The study found that tea boosts memory.")
    assert any("boost" in f.message for f in lint(text, "overstated-evidence").findings)
