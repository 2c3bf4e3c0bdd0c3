"""ketlint.subject: which intervention is the story's own, read from its title and lead."""

from __future__ import annotations

import regex

from ketlint.parsing import parse
from ketlint.subject import OTHER, OWN, UNNAMED, story_subject

WORDS = regex.compile(
    r"\b(?:drugs?|treatments?|chemotherapy|radiotherapy|surgery|acupuncture|blood\s+tests?)\b",
    regex.IGNORECASE,
)
GENERAL = regex.compile(r"\b(?:drugs?|treatments?)\b", regex.IGNORECASE)


def subject_of(text: str):
    return story_subject(parse(text, "markdown"), WORDS, GENERAL)


STORY = (
    "# Acupuncture eases hot flushes\n\n"
    "Acupuncture cut hot flushes by a third in a trial of women after breast cancer.\n\n"
    "Radiotherapy can leave women tired for months.\n"
)


def test_the_title_and_lead_name_the_storys_own_intervention():
    assert subject_of(STORY).own == {"acupuncture"}


def test_a_sentence_naming_only_another_treatment_is_anothers():
    subject = subject_of(STORY)
    assert subject.role("Radiotherapy can leave women tired for months.") == OTHER
    assert subject.role("Two women had bruising after acupuncture.") == OWN
    # One that names both is the story's own: it may compare them.
    assert subject.role("Acupuncture caused less fatigue than radiotherapy.") == OWN


def test_general_words_tell_nothing():
    subject = subject_of(STORY)
    assert subject.role("The treatment caused bruising in two women.") == UNNAMED
    assert subject.role("No drug was given.") == UNNAMED


def test_plural_and_singular_are_one_word():
    subject = subject_of("# Blood tests for sepsis\n\nTwo blood tests were compared.\n")
    assert subject.role("The blood test gave a false alarm in 3 percent.") == OWN
    assert subject.role("Surgery was needed in two cases.") == OTHER
