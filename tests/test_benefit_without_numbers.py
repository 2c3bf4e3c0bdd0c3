"""benefit-without-numbers: benefits in relative terms only, or in vague words, and the verdict."""

from __future__ import annotations

import pytest

from ketlint.engine import Linter
from ketlint.model import LintResult, Severity
from ketlint.ruleset import builtin_ruleset

RULE = "benefit-without-numbers"


def run(text: str, fmt: str = "markdown") -> LintResult:
    result = Linter(builtin_ruleset(), [RULE]).lint_text(text, format=fmt)
    assert not result.errors, result.errors
    return result


def verdict(text: str) -> str:
    [only] = [v for v in run(text).verdicts if v.criterion == "benefits_quantified"]
    return only.value


# -- relative-only figures ---------------------------------------------------------------


@pytest.mark.parametrize(
    "marked",
    [
        "In the trial, the new drug [[cut the risk of a second stroke by 50%]].",
        "Patients on the diet had a [[23 per cent lower odds]] of gout flares.",
        "Those who walked daily were [[35 percent less likely]] to fall.",
        "People who took the supplement were [[three times more likely]] to recover.",
        "The pill [[halved the risk]] of a migraine attack.",
        "Vaccinated children were [[twice as likely]] to stay healthy.",
        "The spray [[shortened colds by a third]] in the study.",
        "Exercise was linked to fewer deaths ([[hazard ratio 0.71]]).",
        "A meta-analysis found a strong effect on anxiety ([[odds ratio = 2.5]]).",
    ],
)
def test_a_relative_figure_with_no_absolute_one_nearby_is_flagged_on_its_claim_words(flags, marked):
    [finding] = flags(marked, RULE)
    assert finding.severity == Severity.WARNING
    assert "relative figure" in finding.message


def test_an_absolute_figure_in_the_same_paragraph_excuses_the_relative_one(lint):
    text = (
        "After a year, 2 in 100 patients on the drug had a second stroke, compared with 4 in "
        "100 on a placebo. The drug cut the risk by 50%."
    )
    assert lint(text, RULE) == []


def test_an_absolute_figure_in_another_paragraph_does_not_excuse_it(flags):
    flags(
        "The drug [[cut the risk of a second stroke by 50%]].\n\n"
        "The trial enrolled 400 patients; 8 of the 200 on placebo had a stroke.\n",
        RULE,
    )


def test_a_headline_is_excused_by_an_absolute_figure_anywhere_in_the_article(lint, flags):
    body = "After a year, 2 in 100 patients on the drug had a stroke, compared with 4 in 100."
    assert lint(f"# Pill halves stroke risk\n\n{body}\n", RULE) == []
    flags("# Pill [[halves stroke risk]]\n\nThe pill worked well in the trial.\n", RULE)


def test_the_finding_points_at_the_benefit_claimed_when_it_is_elsewhere_in_the_sentence(lint):
    [finding] = lint("Coffee protects the heart: mortality was 30% lower in drinkers.", RULE)
    assert finding.data["kind"] == "relative-only"
    assert [r.message for r in finding.related] == ["the benefit claimed"]


# -- vague benefit words -----------------------------------------------------------------


def test_vague_benefit_words_are_flagged_as_info_when_no_claim_gives_a_figure(flags):
    findings = flags(
        "# Ginger tea for nausea\n\nIn a small study, ginger tea [[significantly reduced]] "
        "nausea, and patients found it [[highly effective]].\n",
        RULE,
    )
    assert {f.severity for f in findings} == {Severity.INFO}
    assert all("how big" in f.message for f in findings)


def test_vague_words_are_quiet_once_any_benefit_claim_gives_a_figure(lint):
    text = (
        "Ginger tea significantly reduced nausea: 30 of the 50 patients who drank it felt "
        "better within an hour."
    )
    assert lint(text, RULE) == []


# -- the verdict -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "After a year, 9.6% of the treated patients had a stroke, compared with 21.2% of the "
        "controls.",
        "13 of the 22 patients responded to the new treatment.",
        "Nine out of 10 people improved.",
        "Participants on the diet lost 6.2 kg on average.",
        "Total cholesterol fell from 230 mg/dL to 135 mg/dL after the change.",
        "45 percent of the participants reached remission.",
        "The treatment had a response rate of 79 percent.",
        "The device reduced deaths by 7.1 percentage points.",
        "The number needed to treat to prevent one fracture was 50.",
        "The scans saved one life for every 300 people screened.",
        "Attacks per child averaged 0.81 in the treated group versus 0.87 with placebo.",
        "Median survival improved, to 47.8 months versus 42 months.",
    ],
)
def test_a_benefit_quantified_in_absolute_terms_is_satisfactory(sentence):
    assert verdict(f"# A new treatment\n\n{sentence}\n") == "satisfactory"


@pytest.mark.parametrize(
    "sentence",
    [
        "The new drug cut the risk of stroke by half.",
        "Patients improved dramatically on the new treatment.",
        # Not absolute figures: ages, a best case, ratings, a count of centres.
        "The trial improved mood in people who ranged in age from 31 to 88.",
        "The scanner could reduce delays by up to 60 minutes.",
        "Patients rated the improved clinic 5 out of 5 stars.",
        "The clinic was one of 21 centres to see better results.",
        # Background, not a benefit: how common the disease is.
        "Migraine affects 1 in 7 adults worldwide, and treatment may help.",
        # Harms are not benefits.
        "In the trial, 7 of the 100 patients had side effects from the new drug.",
    ],
)
def test_relative_vague_or_non_benefit_figures_are_not_satisfactory(sentence):
    claim = "The new treatment worked better than the old one."
    assert verdict(f"# A new treatment\n\n{claim} {sentence}\n") == "not-satisfactory"


def test_a_harm_sentence_that_also_states_the_benefit_counts():
    text = "# A gel\n\nThe gel had an 86 percent efficacy rate and no serious side effects.\n"
    assert verdict(text) == "satisfactory"


def test_an_article_that_claims_no_benefit_is_not_applicable():
    assert verdict("# Why we yawn\n\nYawning is contagious, scientists say.\n") == "not-applicable"


def test_press_release_boilerplate_is_not_read_but_a_section_about_the_study_is():
    claim = "The new drug eased gout pain."
    boilerplate = "###\n\nAbout Acme\n\nAcme has helped 9 out of 10 hospitals improve care.\n"
    assert verdict(f"# Gout drug\n\n{claim}\n\n{boilerplate}") == "not-satisfactory"
    study = "## About the study\n\n13 of the 22 patients responded to the drug.\n"
    assert verdict(f"# Gout drug\n\n{claim}\n\n{study}") == "satisfactory"


def test_a_contact_line_above_the_story_is_its_header_not_the_press_kit():
    """Releases often put "Media contact:" under the dateline; the story below it is read.
    The same line after most of the story starts the press kit."""
    story = "13 of the 22 patients responded to the drug. Doctors called the result striking.\n"
    header = "# Gout drug\n\nMedia contact:\n\nJane Roe, 555-0100\n\n"
    assert verdict(f"{header}{story}") == "satisfactory"
    assert verdict(f"{header.replace('Media contact:', 'Contact Example.org')}{story}") == (
        "satisfactory"
    )
    claim = "The new drug eased gout pain in most patients who took it for a year.\n\n"
    kit = "Media contact:\n\nJane Roe, 555-0100\n\n13 of the 22 patients responded.\n"
    assert verdict(f"# Gout drug\n\n{claim}{kit}") == "not-satisfactory"


@pytest.mark.parametrize(
    "sentence",
    [
        "Survival improved 30 percent more in coastal counties than in inland counties.",
        "The rate was twice as high in southern states than in northern ones.",
    ],
)
def test_places_set_against_places_are_a_disparity_not_a_benefit(lint, sentence):
    text = f"In the trial, the new drug cut overdose deaths by 30 percent. {sentence}\n"
    warned = [text[f.start : f.end] for f in lint(text, RULE) if f.severity.name == "WARNING"]
    assert warned == ["cut overdose deaths by 30 percent"]


def test_reference_lists_are_not_read():
    text = (
        "# Gout drug\n\nThe new drug eased gout pain.\n\n## References\n\n"
        "1. Smith J. 13 of 22 patients improved. J Med. 2020;12(3):1-9.\n"
    )
    assert verdict(text) == "not-satisfactory"


def test_the_verdict_names_the_figure_it_relied_on():
    result = run("# A diet\n\nParticipants on the diet lost 6.2 kg on average.\n")
    [only] = result.verdicts
    assert "lost 6.2 kg" in only.reason


def test_plain_text_and_html_are_read_the_same_way(lint):
    body = "In the trial, the new drug cut the risk of a second stroke by 50%."
    assert len(lint(body, RULE, "text")) == 1
    [finding] = lint(f"<html><body><p><b>{body}</b></p></body></html>", RULE, "html")
    source = f"<html><body><p><b>{body}</b></p></body></html>"
    assert source[finding.start : finding.end] == "cut the risk of a second stroke by 50%"


def test_other_studies_results_set_beside_this_one_are_no_benefit_figure(lint):
    """Figures from other studies, quoted for comparison, are background, not this work's
    benefit; this work's own relative figure in the sentence before is still read."""
    text = (
        "One year after surgery, the treatment reduced pain scores by 60 percent.\n\n"
        "That was much larger than in studies of adults with other kinds of ulcer: for "
        "example, an average 23 percent healing rate after compression bandages.\n"
    )
    warned = [
        text[f.start : f.end]
        for f in lint(text, "benefit-without-numbers")
        if f.severity.name == "WARNING"
    ]
    assert any("60 percent" in w for w in warned)
    assert not any("19 percent" in w for w in warned)


# -- a population's standing state is not a benefit figure ----------------------------------


@pytest.mark.parametrize(
    "background",
    [
        # how common a disorder is
        "About 40 percent of adults over 65 have high blood pressure.",
        # how many get a treatment (uptake)
        "Only 5% of smokers who could use the helpline are getting help.",
        # what a population does
        "Nearly 65 percent of adults want to drink less.",
    ],
)
def test_a_share_of_a_population_in_the_present_tense_is_background(lint, background):
    """The share tells how things stand for a population, not what happened to the people
    studied: it does not make the verdict satisfactory, and it does not excuse a relative
    figure in its paragraph."""
    claim = "The new treatment cut the risk of relapse by 40%."
    assert verdict(f"# A new treatment\n\n{claim} {background}\n") == "not-satisfactory"
    warned = [f for f in lint(f"{claim} {background}\n", RULE) if f.severity == Severity.WARNING]
    assert len(warned) == 1


@pytest.mark.parametrize(
    "result",
    [
        # the study's result, in the past tense
        "After a year, 45 percent of the adults had high blood pressure.",
        # a group named by its treatment, in the present tense
        "Three years on, 62 percent of patients on the drug are alive.",
        # a state that is itself the result
        "Today 40 percent of the children are free of seizures.",
        # the verb of a relative clause, or after a modal, is not the sentence's
        "Two-thirds (68%) of women who have the gene were protected by the vaccine.",
        "The test identified 61% of patients at low risk who may have been sent home early.",
    ],
)
def test_a_study_result_stays_a_benefit_figure(result):
    assert verdict(f"# A new treatment\n\n{result}\n") == "satisfactory"
