"""The fourth round of scope fixes (issue 10): laboratory animals and tissue wherever they
stand make laboratory work (missing-safety-section's mild case); the study's subgroup results
are its own (uncited-statistic); a treatment's own dose is not a benefit figure."""

from __future__ import annotations

from functools import partial

import pytest
from conftest import lint_snippet, severities

safety_severities = partial(severities, rule="missing-safety-section")


LAB_STORY = (
    "# A compound may one day treat colon cancer\n\n"
    "Scientists gave a new drug to {subject}. {second} The drug could lead to new treatments, "
    "and the team hopes to test the drug and other drugs like it.\n"
)


@pytest.mark.parametrize(
    ("subject", "second"),
    [
        ("gene-deficient mice", "The treated mice grew fewer tumours."),
        ("strips of human muscle tissue", "The muscle tissue relaxed within minutes."),
        ("two animal models", "Animal models with the disease lived longer."),
    ],
)
def test_lab_animals_or_tissue_named_twice_make_laboratory_work(subject, second):
    text = LAB_STORY.format(subject=subject, second=second)
    assert safety_severities(text) == ["INFO"]


def test_lab_animals_beside_treated_patients_are_not_laboratory_work():
    text = LAB_STORY.format(
        subject="gene-deficient mice",
        second="The treated mice grew fewer tumours, and 40 patients then received it.",
    )
    assert safety_severities(text) == ["WARNING"]


def test_one_mention_of_mice_is_not_enough():
    text = LAB_STORY.format(subject="gene-deficient mice", second="It was a long project.")
    assert safety_severities(text) == ["WARNING"]


TEST_STORY = (
    "# A blood test spots concussion\n\n"
    "Scientists developed a blood test that spots concussion. {sentence} The blood test "
    "found the injury in 9 of 10 players.\n"
)


@pytest.mark.parametrize(
    "sentence",
    [
        "The pilot study included 40 players.",
        "With further research, the team expects the blood test to guide doctors.",
        "The design is available for licensing.",
        "The markers it reads could become a routine check for players.",
    ],
)
def test_a_test_in_a_pilot_study_or_still_in_development_is_early_work(sentence):
    assert safety_severities(TEST_STORY.format(sentence=sentence)) == ["INFO"]


def test_a_test_in_use_is_not_early_work():
    sentence = "The blood test is now available to doctors across the country."
    assert safety_severities(TEST_STORY.format(sentence=sentence)) == ["WARNING"]


def test_a_test_that_exposes_patients_to_radiation_names_a_harm():
    text = (
        "# Heart scans beat stress tests\n\n"
        "CT scans found blocked arteries better than stress tests in 400 patients. Doctors "
        "order the scans and the stress tests every day. Both tests expose patients to "
        "radiation. A stress test can rarely trigger an abnormal heart rhythm.\n"
    )
    assert safety_severities(text) == []


def test_a_design_named_for_a_body_of_work_is_not_the_study_s():
    text = (
        "# Teaching coping skills boosts health in people with HIV\n\n"
        "In a study of 159 people, 80 learned coping skills and 79 were in a control group. "
        "Observational studies in adults with HIV have shown that low mood goes with "
        "poorer health.\n"
    )
    findings = lint_snippet(text, "overstated-evidence")
    assert [text[f.start : f.end] for f in findings if f.severity.name == "WARNING"] == []


@pytest.mark.parametrize(
    "text",
    [
        "# Treadmills get patients running after knee surgery\n\n"
        "Patients recovering from hip operations are helped back to sport and exercise. "
        "Running and walking on the treadmill feel light. Runners return to their sport "
        "sooner, and walking and running build the knee up after surgery.\n",
        "# Talk therapy helps people afraid of the dentist\n\n"
        "Cognitive behavioural therapy helped people with a fear of dental injections. Many "
        "had been scared of injections for years. After "
        "cognitive behavioural therapy, most went on to have dental treatment. Cognitive "
        "behavioural therapy took five sessions.\n",
    ],
)
def test_a_topic_word_for_the_readers_history_or_fear_is_not_the_intervention(text):
    assert safety_severities(text) == ["INFO"]


def test_surgery_that_is_the_intervention_still_counts():
    text = (
        "# Knee surgery gets patients running\n\n"
        "Knee surgery helps patients back to sport and exercise. Running and walking build "
        "the knee up, and runners return to their sport sooner after the surgery.\n"
    )
    assert safety_severities(text) == ["WARNING"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Smoking is one of the main causes for cancer deaths, the study's author said.",
        "The study targets preventable causes such as tobacco and alcohol.",
    ],
)
def test_causes_as_a_noun_is_no_causal_claim(sentence):
    text = (
        "# Survey of smokers\n\n"
        f"A national survey of 4,000 adults found that smoking was linked to cancer. {sentence}\n"
    )
    findings = lint_snippet(text, "overstated-evidence")
    assert [text[f.start : f.end] for f in findings if f.severity.name == "WARNING"] == []


def test_a_concern_about_the_treatment_s_own_risk_is_a_harm_sentence():
    text = (
        "# Fish oil may help heart patients live longer\n\n"
        "Taking fish oil with heart drugs was linked to longer survival in 30 studies. "
        "Doctors may prescribe the capsules with statins. One of the worries about taking "
        "fish oil remains the potential for bleeding. In no study was serious "
        "bleeding reported, and the capsules are cheap.\n"
    )
    assert safety_severities(text) == []
