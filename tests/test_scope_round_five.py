"""The fifth round of scope fixes (issue 10): enumerations and counts in brackets are not
citations (citation-reference); an earlier paper named with its journal and a question that
work still to come will ask are not the reported study's claims (overstated-evidence)."""

from __future__ import annotations

import pytest
from conftest import lint_snippet


def warned_words(text: str, rule: str) -> list[str]:
    return [text[f.start : f.end] for f in lint_snippet(text, rule) if f.severity.name == "WARNING"]


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


def safety_severities(text: str) -> list[str]:
    return [f.severity.name for f in lint_snippet(text, "missing-safety-section")]


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
