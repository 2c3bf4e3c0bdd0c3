"""The fifth round of scope fixes (issue 10): an earlier paper named with its journal, a
question that work still to come will ask, a drug's use and a claim reported as an idea are
not the reported study's claims (overstated-evidence); what a study is to measure is no
claim (preclinical-claim); rates per hour and results recalled from before are not benefit
figures; laboratory work, nutrients observed in food, early tests, fields of medicine and
journal supplements (missing-safety-section). Enumerations and counts in brackets are pinned
in test_citations.py and test_citation_reference.py."""

from __future__ import annotations

from functools import partial

import pytest
from conftest import lint_snippet, severities, warned_words

safety_severities = partial(severities, rule="missing-safety-section")


SURVEY = (
    "# Pears and weight\n\n"
    "Adults who ate pears weighed less, according to a national survey of 4,000 adults. {}\n"
)


@pytest.mark.parametrize(
    "sentence",
    [
        "The next step in this research is a trial to determine the ability of pears to prevent"
        " obesity.",
        "Researchers now want to determine the ability of pears to prevent obesity.",
    ],
)
def test_a_question_for_later_work_is_not_a_causal_claim(sentence):
    assert warned_words(SURVEY.format(sentence), "overstated-evidence") == []


def test_the_survey_itself_saying_prevent_is_still_a_causal_claim():
    text = SURVEY.format("The survey found that pears prevent obesity.")
    assert warned_words(text, "overstated-evidence") == ["prevent"]


TRIAL = (
    "# Tea leaves and malaria\n\n"
    "In a trial of 60 mice, the leaves lowered parasite levels. {} was the first to "
    "demonstrate that the leaves deliver more of the drug.\n"
)


def test_an_earlier_paper_named_with_its_journal_and_year_is_other_work():
    text = TRIAL.format("A study she published in Plant Medicine Reviews in 2011")
    assert warned_words(text, "overstated-evidence") == []


def test_the_reported_study_being_first_is_still_overreach():
    text = TRIAL.format("The study")
    assert warned_words(text, "overstated-evidence") == ["first to demonstrate"]


def test_a_benefit_word_that_a_planned_animal_study_will_measure_is_no_claim():
    text = (
        "Next steps include testing the efficacy of the injection in preclinical animal studies.\n"
    )
    assert warned_words(text, "preclinical-claim") == []


def test_a_benefit_shown_in_animal_studies_is_still_a_claim():
    text = "The injection showed efficacy in preclinical animal studies.\n"
    assert warned_words(text, "preclinical-claim") == ["in preclinical"]


LAB_DRUG = (
    "# A plant extract may ease pain\n\n"
    "Scientists gave a new drug made from the extract to {subject}. {second} The drug could "
    "lead to new treatments.\n"
)


@pytest.mark.parametrize(
    ("subject", "second"),
    [
        ("60 rats in the laboratories of the faculty", "The animals were divided into groups."),
        (
            "mice in the lab",
            "The treated mice had less pain, and the team hopes to move toward clinical "
            "trials in patients in the next few years.",
        ),
        (
            "mice in the lab",
            "The treated mice had less pain; the disease affects 113 million people.",
        ),
    ],
)
def test_laboratory_work_is_a_suggestion_not_a_warning(subject, second):
    assert safety_severities(LAB_DRUG.format(subject=subject, second=second)) == ["INFO"]


def test_laboratory_animals_beside_a_clinical_trial_done_are_not_laboratory_work():
    text = LAB_DRUG.format(
        subject="mice in the lab",
        second="The treated mice had less pain, and clinical trials in patients found the same.",
    )
    assert safety_severities(text) == ["WARNING"]


NUTRIENT = (
    "# Vitamin C and cataracts\n\n"
    "People whose diets were rich in vitamin C had less cataract growth. {} Vitamin C intake "
    "was associated with a lower risk, and vitamin C from food mattered most.\n"
)


def test_a_nutrient_observed_in_food_is_a_suggestion_not_a_warning():
    text = NUTRIENT.format("The study tracked vitamin intake with a food questionnaire.")
    assert safety_severities(text) == ["INFO"]


def test_a_nutrient_given_in_doses_owes_its_harms():
    text = NUTRIENT.format("Half the volunteers took daily vitamin C pills, half a placebo.")
    assert safety_severities(text) == ["WARNING"]


def test_a_field_of_medicine_is_not_the_articles_intervention():
    text = (
        "# Knee injections\n\nAt the sports medicine clinic, patients got knee injections. "
        "The injections eased pain, a step for precision medicine, said a sports medicine "
        "doctor.\n"
    )
    [finding] = lint_snippet(text, "missing-safety-section")
    assert "(“injections” ×3)" in finding.message
    assert "medicine" not in finding.message.split(" but ")[0]


TEST_STORY = (
    "# New blood test for cancer\n\n"
    "A new blood test found tumour DNA in six patients. {} Blood tests like it are simple.\n"
)


@pytest.mark.parametrize(
    "cue",
    [
        "The saliva test may transform the way asthma is tracked.",
        "The blood test has the real potential to guide care.",
    ],
)
def test_a_test_that_may_one_day_help_is_early_work(cue):
    assert safety_severities(TEST_STORY.format(cue)) == ["INFO"]


def test_a_test_already_offered_owes_its_harms():
    text = TEST_STORY.format("The blood test is now available to doctors and may transform care.")
    assert safety_severities(text) == ["WARNING"]


@pytest.mark.parametrize(
    "sentence",
    [
        "The chance of a good outcome decreases by about 20 percent for each hour before "
        "treatment.",
        '"Back then we showed that radiotherapy reduces the risk of relapse by over 50 per '
        'cent," she says.',
    ],
)
def test_a_rate_per_hour_or_a_result_recalled_from_back_then_is_no_benefit_figure(sentence):
    assert warned_words(sentence + "\n", "benefit-without-numbers") == []


def test_a_relative_benefit_the_trial_found_is_still_flagged():
    text = "In the trial, radiotherapy reduced the risk of relapse by over 50 per cent.\n"
    assert warned_words(text, "benefit-without-numbers") != []


def test_what_a_drug_is_taken_for_is_no_causal_claim_even_after_a_long_list():
    text = SURVEY.format(
        "In the survey, patients must take anti-seizure medications, such as valproate or "
        "lamotrigine, for many years to prevent attacks of the illness."
    )
    assert warned_words(text, "overstated-evidence") == []


def test_a_claim_reported_as_an_idea_is_no_causal_claim():
    text = SURVEY.format("Some survey data support the idea that pears protect against obesity.")
    assert warned_words(text, "overstated-evidence") == []


def test_a_possible_route_named_is_no_causal_claim_but_a_finding_pointed_to_still_is():
    """ "Points to this as a pathway to prevent" names a route to test, as "suggests"
    would; the survey's own "prevent" elsewhere is still read."""
    hedged = SURVEY.format('"The survey points to fruit as a way to prevent obesity," she said.')
    assert warned_words(hedged, "overstated-evidence") == []
    plain = SURVEY.format("The survey points out that pears prevent obesity.")
    assert warned_words(plain, "overstated-evidence") == ["prevent"]


def test_a_journal_supplement_is_not_a_dietary_supplement():
    text = (
        "# Potatoes for children\n\n"
        "Children eat too few vegetables, says a special supplement of the journal Clinical "
        "Dietetics. The journal supplement collects five papers. Potatoes and other "
        "vegetables give children fibre, and vegetables are well liked.\n"
    )
    assert safety_severities(text) == ["INFO"]
