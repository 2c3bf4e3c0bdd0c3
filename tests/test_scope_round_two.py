"""The second round of scope fixes (issue 10): where the story ends when an "About ..."
blurb runs into its last paragraph, words framed as a wish or as a speaker's feeling, a
test's counted misses as its harms, everyday habits tried in a trial, a device's own error."""

from __future__ import annotations

import pytest
from test_missing_safety_section import run as run_safety
from test_missing_safety_section import verdict as safety_verdict

from ketlint.boilerplate import story_end
from ketlint.engine import Linter
from ketlint.model import LintResult, Severity
from ketlint.negation import unclaimed_in
from ketlint.parsing import parse
from ketlint.ruleset import builtin_ruleset


def lint(text: str, rule: str) -> LintResult:
    result = Linter(builtin_ruleset(), [rule]).lint_text(text, format="markdown")
    assert not result.errors, result.errors
    return result


# -- a blurb run into the last paragraph ---------------------------------------------------

STORY = (
    "# A new pill for gout\n\n"
    "The pill lowered uric acid in most of the 80 volunteers, the team reported.\n\n"
    "Flares were less common on the pill than on the older drug.\n\n"
)
RUN_IN = (
    "“We are glad to offer this option,” said the lead author. About Example Medical "
    "CenterExample Medical Center is responsible for groundbreaking medical advances.\n"
)


def test_an_about_blurb_run_into_the_last_paragraph_starts_the_boilerplate():
    text = STORY + RUN_IN
    end = story_end(parse(text, "markdown"))
    assert text[end:].startswith("About Example Medical Center")


@pytest.mark.parametrize(
    "paragraph",
    [
        # "About" with a figure or a common word, mid-paragraph: story.
        "The team treated them for a year. About Half of them improved.\n",
        "Most were older. About 900 patients in the clinic were screened.\n",
        # A capitalised name with no institution word after it.
        "He spoke to reporters. About Mr Brown, he said little more.\n",
    ],
)
def test_about_mid_paragraph_without_an_institution_is_story(paragraph):
    text = STORY + paragraph
    assert story_end(parse(text, "markdown")) == len(text)


def test_a_run_in_blurb_near_the_top_of_a_long_story_is_not_looked_for():
    early = STORY.replace(
        "the team reported.", "the team reported. About Example Medical Center, see below."
    )
    text = early + "".join(f"Paragraph {n} of the story goes on.\n\n" for n in range(6))
    assert story_end(parse(text, "markdown")) == len(text)


def test_hype_in_a_run_in_blurb_is_a_note_not_a_warning():
    [finding] = [f for f in lint(STORY + RUN_IN, "hype-phrase").findings]
    assert finding.severity == Severity.INFO
    assert finding.data["placement"] == "boilerplate"
    [kept] = lint(STORY + RUN_IN.replace("About Example", "Also, Example"), "hype-phrase").findings
    assert kept.severity == Severity.WARNING


# -- a wish, or how it felt to the speaker --------------------------------------------------


@pytest.mark.parametrize(
    ("before", "quoted"),
    [
        ("A test that told the two apart would be a major ", False),
        ("Such a drug would truly represent a ", False),
        ("For me it was just like a ", True),
        ("It felt like a ", True),
        ("That was a ", True),
    ],
)
def test_a_wish_or_a_quoted_feeling_is_no_claim(before, quoted):
    assert unclaimed_in(before, quoted=quoted)


@pytest.mark.parametrize(
    ("before", "quoted"),
    [
        ("The drug could be a ", False),  # hedged, still a claim
        ("The new drug is a ", True),
        ("It was a ", False),  # the writer's own words, not a speaker's feeling
        ("It would be wrong to doubt this ", False),  # the wish is not about the word
        ("It's an ", True),
    ],
)
def test_claims_stay_claims(before, quoted):
    assert not unclaimed_in(before, quoted=quoted)


def test_hype_framed_as_a_wish_or_a_feeling_is_a_note():
    wish = "Having a cheap test for it would be a major breakthrough, the researchers said."
    felt = "“It was like a miracle,” said one patient after the operation."
    claim = "The researchers called the test a major breakthrough."
    for text, expected in ((wish, Severity.INFO), (felt, Severity.INFO), (claim, Severity.WARNING)):
        [finding] = lint(text + "\n", "hype-phrase").findings
        assert finding.severity == expected, text


# -- a test's harms counted as misses; specificity in plain words ---------------------------

SCORE_STORY = (
    "# A quick blood test score for chest pain\n\n"
    "A score built from three blood tests sorted emergency patients with chest pain. The "
    "blood tests take an hour, and the score could replace repeat blood tests.\n\n"
)


def test_a_tests_misses_counted_are_its_harms():
    counted = SCORE_STORY + (
        "Used alone, the score missed only one of these events, against 19 missed heart "
        "attacks with the usual test.\n"
    )
    result = run_safety(counted)
    assert result.findings == []
    assert safety_verdict(run_safety(SCORE_STORY)) == "not-satisfactory"
    assert len(run_safety(SCORE_STORY).findings) == 1


def test_a_tests_specificity_in_plain_words_is_its_harm_quantified():
    plain = SCORE_STORY + (
        "The score correctly identified healthy patients only 40 percent of the time.\n"
    )
    assert run_safety(plain).findings == []
    # Its hit rate alone says nothing of false alarms.
    hits = SCORE_STORY + "The score correctly identified 95 percent of heart attacks.\n"
    assert len(run_safety(hits).findings) == 1


# -- a device's own error is not a patient's benefit ----------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "In bench tests the new frame reduced the targeting error by 70 percent.",
        "The cap had 60 percent lower error rates than the older headband.",
    ],
)
def test_a_devices_error_is_not_a_benefit_figure(sentence):
    assert lint(sentence + "\n", "benefit-without-numbers").findings == []


def test_fewer_medication_errors_is_a_benefit_figure():
    text = "The new ordering system cut medication error rates by 40 percent.\n"
    [finding] = lint(text, "benefit-without-numbers").findings
    assert finding.severity == Severity.WARNING


# -- early work on a test that is not yet in use; gentle practices ----------------------------

EARLY_TEST = (
    "# A saliva test for gum disease\n\n"
    "A saliva test picked out gum disease in 40 adults. The saliva test could one day "
    "replace the probe, and screening with it would take minutes.\n"
)


def assert_early_work_suggestion(result: LintResult) -> None:
    """One finding, a suggestion for early work on a test; the verdict still fails it."""
    [finding] = result.findings
    assert finding.severity == Severity.INFO
    assert finding.data["mild"] == "early work on a test or device that is not yet in use"
    assert safety_verdict(result) == "not-satisfactory"


def test_early_work_on_a_test_not_yet_in_use_is_a_suggestion():
    assert_early_work_suggestion(run_safety(EARLY_TEST))


def test_a_test_on_sale_or_not_said_to_be_early_gets_the_warning():
    on_sale = EARLY_TEST.replace("and screening", "it is now available, and screening")
    [finding] = run_safety(on_sale).findings
    assert finding.severity == Severity.WARNING
    in_use = EARLY_TEST.replace("could one day replace", "replaces")
    [finding] = run_safety(in_use).findings
    assert finding.severity == Severity.WARNING


# A test whose text counts more words for the treatments it would guide than for itself:
# the title says what the article is about.
GUIDING_TEST = (
    "# New saliva test detects which patients need chemotherapy\n\n"
    "A saliva test sorted 40 patients into those who need chemotherapy and those who can skip "
    "the treatment. Further research is needed to confirm the findings before doctors use "
    "the test to choose a therapy or a drug.\n"
)


def test_a_test_named_in_the_title_is_early_work_when_the_text_says_so():
    titled = GUIDING_TEST.replace("need chemotherapy\n", "need more care\n")
    assert_early_work_suggestion(run_safety(titled))


def test_a_title_that_also_names_a_treatment_keeps_the_warning():
    [finding] = run_safety(GUIDING_TEST).findings
    assert finding.severity == Severity.WARNING


def test_a_titled_test_without_a_word_of_early_work_keeps_the_warning():
    titled = GUIDING_TEST.replace("need chemotherapy\n", "need more care\n")
    settled = titled.replace("Further research is needed to confirm the findings before", "Now")
    [finding] = run_safety(settled).findings
    assert finding.severity == Severity.WARNING


def test_gentle_practices_count_as_everyday_habits():
    text = (
        "# Yoga and massage for back pain\n\n"
        "Weekly yoga classes and a massage eased back pain in a trial. People who kept up the "
        "yoga and the massage missed fewer days of work.\n"
    )
    [finding] = run_safety(text).findings
    assert finding.severity == Severity.INFO


# -- early work said as what must come first or what it hangs on; a food study's measures ----


@pytest.mark.parametrize(
    "still_to_come",
    [
        "Before we can develop a saliva test from it, we need to know what it measures.",
        "If widely adopted, the saliva test would make screening quicker.",
        "If validated and adopted in clinics, the saliva test would make screening quicker.",
    ],
)
def test_what_must_come_first_or_what_it_hangs_on_is_early_work(still_to_come):
    text = EARLY_TEST.replace(" The saliva test could one day replace the probe,", "").replace(
        "and screening with it would take minutes.", still_to_come
    )
    assert_early_work_suggestion(run_safety(text))


def test_a_condition_on_a_test_already_on_sale_keeps_the_warning():
    text = EARLY_TEST.replace(
        "The saliva test could one day replace the probe,",
        "The saliva test is now available, and if widely adopted it would replace the probe;",
    )
    [finding] = run_safety(text).findings
    assert finding.severity == Severity.WARNING


COCOA_STUDY = (
    "# Cocoa and heart biomarkers\n\n"
    "Cocoa drinks and dark chocolate improved blood biomarkers in a review of trials. People "
    "who had more cocoa saw lower biomarkers of inflammation, and the chocolate eaters had "
    "better biomarkers of insulin resistance. Cocoa is no treatment, the authors said.\n"
)


def test_a_food_studys_biomarkers_are_what_it_measured_not_the_intervention():
    [finding] = run_safety(COCOA_STUDY).findings
    assert finding.severity == Severity.INFO
    assert finding.data["mild"].startswith("an everyday food")


def test_biomarkers_beside_a_drug_keep_the_warning():
    text = COCOA_STUDY.replace("Cocoa drinks and dark chocolate", "A statin drug and cocoa")
    text = text.replace("more cocoa", "the drug").replace("the chocolate eaters", "the drug")
    [finding] = run_safety(text).findings
    assert finding.severity == Severity.WARNING


BIOMARKER_FIND = (
    "# Scientists find saliva biomarkers that could lead to better treatments\n\n"
    "Researchers found two saliva biomarkers of gum disease. Screening for the biomarkers "
    "could lead to new tests, and the markers may explain why some treatments and drugs "
    "fail.\n"
)


def test_treatments_a_finding_could_lead_to_are_a_hope_not_the_subject():
    assert_early_work_suggestion(run_safety(BIOMARKER_FIND))


def test_a_title_that_names_the_treatment_itself_keeps_the_warning():
    text = BIOMARKER_FIND.replace("that could lead to better treatments", "guide treatments")
    [finding] = run_safety(text).findings
    assert finding.severity == Severity.WARNING
