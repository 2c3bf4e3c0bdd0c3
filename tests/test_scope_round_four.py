"""The fourth round of scope fixes (issue 10): laboratory animals and tissue wherever they
stand make laboratory work (missing-safety-section's mild case); the study's subgroup results
are its own (uncited-statistic); a treatment's own dose is not a benefit figure."""

from __future__ import annotations

import pytest
from conftest import lint_snippet


def safety_severities(text: str) -> list[str]:
    return [f.severity.name for f in lint_snippet(text, "missing-safety-section")]


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
        "Observational studies in people living with HIV have shown that mood is tied to "
        "health.\n"
    )
    findings = lint_snippet(text, "overstated-evidence")
    assert [text[f.start : f.end] for f in findings if f.severity.name == "WARNING"] == []
