"""benefit-without-numbers: which figures are benefits, and which absolute figures excuse them."""

from __future__ import annotations

import pytest

from ketlint.engine import Linter
from ketlint.ruleset import builtin_ruleset

RULE = "benefit-without-numbers"


def verdict(text: str) -> str:
    result = Linter(builtin_ruleset(), [RULE]).lint_text(text, format="markdown")
    assert not result.errors, result.errors
    [only] = [v for v in result.verdicts if v.criterion == "benefits_quantified"]
    return only.value


# -- relative figures that are not the benefit of an intervention ---------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        # a risk linked to an exposure
        "People with short telomeres had a 50% greater risk of heart disease than others.",
        "Carriers of the gene variant are three times more likely to develop the disease.",
        "Heart disease was three times more likely with this finding on a mammogram, a "
        "reduced chance of missing it.",
        # a background disparity between groups
        "Women in the region have a 40 percent higher death rate than women elsewhere.",
        # how common or deadly one disease is next to another
        "This eye cancer is 20 times less common than glaucoma but four times more likely "
        "to be deadly.",
        # a laboratory potency
        "The tweak gives the enzyme a 400-fold increase in activity, which could help.",
        "The booster produces a 12-fold increase in T cells, which could protect people.",
        "The new test is 100-fold more sensitive, which improves monitoring.",
        # a threshold that defines an outcome
        "Good relief was considered a 40 to 69 percent reduction in pain scores.",
        "Excellent relief meant a pain reduction of 70 percent or more.",
    ],
)
def test_relative_figures_that_are_not_a_benefit_are_not_flagged(lint, sentence):
    assert lint(sentence, RULE) == []


def test_a_benefit_next_to_a_risk_association_is_still_flagged(flags):
    flags(
        "Smokers had a higher risk of stroke. The new pill [[cut the risk of stroke by 30%]].",
        RULE,
    )


def test_a_change_named_after_a_long_list_is_still_read_as_a_relative_figure(flags):
    flags(
        "The stricter sugar target [[reduced rates of complications, such as kidney damage and "
        "nerve pain, as well as blindness, by 27 percent]].",
        RULE,
    )


def test_a_reduction_of_a_percentage_is_a_relative_figure(flags):
    flags("In the analysis, yoga brought a relapse rate [[reduction of 17%]].", RULE)


def test_a_word_that_only_starts_like_a_verb_does_not_open_a_change(flags):
    [finding] = flags(
        "The antigen [[decreased tubal blockage, a symptom of fallopian damage, by 80 per cent]].",
        RULE,
    )
    assert finding.message.startswith("“decreased")


# -- absolute figures close by -----------------------------------------------------------


def test_two_arms_changes_side_by_side_are_not_flagged(lint):
    text = (
        "Nurses given the nasal spray reported a 38% reduction in headaches, compared with a 12% "
        "reduction in the placebo group."
    )
    assert lint(text, RULE) == []


def test_the_control_arms_change_after_the_treated_arms_is_both_arms(lint, flags):
    text = (
        "In the trial, the spray reduced headache scores by 42 percent in the treated group, "
        "compared to 15.7 percent in the placebo group."
    )
    assert lint(text, RULE) == []
    # Another subgroup's figure is not the control arm's.
    flags(
        "In the trial, the spray [[reduced headache scores by 42 percent]] in women, "
        "compared to 15.7 percent in men.",
        RULE,
    )


def test_two_subgroups_relative_figures_side_by_side_still_lack_a_baseline(flags):
    flags(
        "Light walkers had a [[6 percent lower]] fracture risk, while brisk walkers had a "
        "[[13 percent lower]] fracture risk.",
        RULE,
    )


def test_the_level_reached_in_the_same_sentence_excuses_the_relative_change(lint):
    text = "After two months his cholesterol was down to 111, an almost 50 percent reduction."
    assert lint(text, RULE) == []


def test_a_count_per_round_number_excuses_the_relative_change(lint):
    text = "The new swab detected 30 percent more infections, or roughly 7 infections in 1,000 patients."
    assert lint(text, RULE) == []


def test_one_life_saved_for_every_n_excuses_relative_figures_anywhere_in_the_article(lint):
    text = (
        "Checkups saved the life of one patient for every 250 adults who were checked.\n\n"
        "Critics fear the checks will be overused.\n\n"
        "The checked group had a 15 percent lower risk of dying from a stroke.\n"
    )
    assert lint(text, RULE) == []


def test_a_share_of_a_group_elsewhere_does_not_excuse_a_relative_figure(flags):
    flags(
        "The drug [[reduced the risk of death by 30 percent]].\n\n"
        "Of those who joined, 45% of the participants were women.\n",
        RULE,
    )


# -- what does not count as an absolute benefit figure ----------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        # calendar years and dates
        "Researchers improved outcomes in records from 2005 to 2014.",
        "Patients enrolled at age 65 in 2001 lived longer and had better outcomes.",
        "The study on better sleep appears in the journal (8/16/2015).",
        # a study's design
        "The volunteers were randomized to 1 of 3 arms to ease itching.",
        # a kitchen measure
        "Eating walnuts (1/4 cup per serving) was linked to better function.",
        # a mixed number ("2 1/2 years") is a length of time, not one in two
        "Weight loss drugs have come and gone in the past 2 1/2 years.",
        # a number with a leading zero is a code or a date, never a count
        "The trial (code 01/04) improved survival.",
        # how common a disease is
        "One in eight women will develop breast cancer, and screening improves detection.",
        # who was studied
        "The patients improved; 38 percent of them were male.",
    ],
)
def test_years_designs_measures_and_background_are_not_absolute_benefits(sentence):
    # (With a benefit claimed beside them, so that the verdict is not "not-applicable".)
    assert verdict(f"{sentence} The treatment improved symptoms.") == "not-satisfactory"


def test_two_changes_in_a_list_are_not_two_rates_compared():
    text = "The drug reduced fractures of the spine by 86%, and hip fractures by 43%."
    assert verdict(text) == "not-satisfactory"


# -- absolute shapes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        # one measure for each arm, in the same unit
        "Without the device he walked 19 yards per minute; with it, 47 yards per minute.",
        # a change in a score for the drug, against the placebo's
        "The average reduction in depression scores was 17.0 points for women on the drug, "
        "versus 12.8 on placebo.",
        # a fraction with its percentage
        "Only a quarter of treated patients stayed at high risk, against over half (57 percent) "
        "of the control group.",
        # a test's accuracy, the benefit a test offers
        "The blood test diagnosed the disease with 93 percent accuracy.",
        # counts of events spelled out, and rates paired with their counts
        "For every 1,000 women screened there were five fewer deaths and three fewer strokes.",
        "There were 812 deaths (32.2 percent) on placebo vs 709 (28.1 percent) on the drug.",
        # the level a measure reached
        "After two months his cholesterol level was down to 111 on the new drug.",
    ],
)
def test_more_shapes_of_absolute_figures_make_the_benefit_quantified(sentence):
    assert verdict(sentence) == "satisfactory"


@pytest.mark.parametrize(
    "sentence",
    [
        # a schedule or a target, not two arms
        "The drug improved control with a target of 160 mm Hg, while another guideline "
        "recommended a target of 150 mm Hg.",
        # a laboratory step, not a level in patients
        "The marrow was filtered and concentrated down to 4 milliliters to help healing.",
        # a detection limit, not a count of people
        "The test can detect one cancer cell in 100,000 and improves monitoring.",
        # results in animals
        "Treated mice lost 20 percent of their tumour mass, compared with 2 percent of controls.",
        # what earlier research found
        "Previous studies found that 40 percent of patients improved with the drug.",
    ],
)
def test_figures_that_are_not_the_reported_benefit_do_not_quantify_it(sentence):
    assert verdict(f"{sentence} The treatment improved symptoms.") == "not-satisfactory"
