"""Where a press release stops being the story (ketlint.boilerplate.story_end)."""

from __future__ import annotations

import pytest

from ketlint.boilerplate import story_end
from ketlint.parsing import parse

STORY = "# Trial results\n\nIn the trial, the new inhaler eased symptoms in most patients.\n\n"


def boilerplate_of(text: str) -> str:
    """The text from where the boilerplate starts ("" when it is all story)."""
    return text[story_end(parse(text, "markdown")) :]


@pytest.mark.parametrize(
    "opener",
    [
        "About Example Health\n\nExample Health runs twelve hospitals.\n",
        "ABOUT EXAMPLE PHARMA\n\nExample Pharma makes inhalers.\n",
        "About the Example Institute\n\nThe institute studies lungs.\n",
        "Media contact: Jane Roe, press office\n",
        "Forward-Looking Statements\n\nThis release contains forward-looking statements.\n",
        "###\n\nMore about the company.\n",
    ],
)
def test_institutional_material_starts_the_boilerplate(opener):
    assert boilerplate_of(STORY + opener) == opener


@pytest.mark.parametrize(
    "paragraph",
    [
        # "About" + a number or a common word is a figure or a quantity, not a blurb.
        "About 900,000 people in the country have the disease.\n",
        "About 1 in 3 adults has high blood pressure.\n",
        "About one in three adults has high blood pressure.\n",
        "About half of the patients improved.\n",
        # A section about the study itself is part of the story.
        "About the trial\n\nThe trial enrolled adults with asthma.\n",
        "About the Study\n\nIt ran for two years.\n",
    ],
)
def test_figures_and_the_study_itself_are_story(paragraph):
    assert boilerplate_of(STORY + paragraph) == ""


def test_a_document_that_opens_with_about_is_all_story():
    assert boilerplate_of("About Example Health\n\nExample Health runs hospitals.\n") == ""


def test_a_contact_line_above_the_first_paragraph_is_a_header_not_the_end():
    header = (
        "# Trial results\n\nPress release for immediate release: Monday\n\n"
        "Contact: Media Relations\n\n(555) 010-0000\n\n"
    )
    story = (
        "In the trial, the new inhaler eased symptoms in most of the patients who used it "
        "every day for a year, and fewer of them needed a hospital visit.\n\n"
    )
    assert boilerplate_of(header + story) == ""
    # Below the story, the same line starts the boilerplate.
    assert boilerplate_of(header + story + "Contact: Jane Roe\n") == "Contact: Jane Roe\n"


def test_a_section_about_a_numbered_trial_phase_is_story():
    section = "About the Phase 2 Trial\n\nThe trial enrolled adults with asthma.\n"
    assert boilerplate_of(STORY + section) == ""


LONG_BLURB = (
    " Example runs nine hospitals and two research institutes across the region, trains "
    "doctors and nurses, and treats more than a million patients a year.\n"
)


@pytest.mark.parametrize(
    "label",
    [
        # A run-in label ending in a colon, however long the paragraph after it.
        "About Examplia Health Trust (EHT):",
        "About EHT:",
        # The heading lost its line break and runs into the blurb's first word.
        "About Riverside College of MedicineLocated on a hill,",
    ],
)
def test_a_run_in_about_label_on_a_long_paragraph_starts_the_boilerplate(label):
    blurb = label + LONG_BLURB
    assert boilerplate_of(STORY + blurb) == blurb


@pytest.mark.parametrize(
    "paragraph",
    [
        # A colon after a figure or a plain sentence is story, not a label.
        "About 40 patients joined: most were women." + LONG_BLURB,
        "About half of the patients improved: they slept better and walked further." + LONG_BLURB,
    ],
)
def test_a_long_paragraph_that_is_not_a_run_in_label_is_story(paragraph):
    assert boilerplate_of(STORY + paragraph) == ""
