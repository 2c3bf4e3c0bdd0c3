"""uncited-statistic: numbers that read like study results need a source in their sentence."""

from __future__ import annotations

import pytest

from ketlint.engine import Linter
from ketlint.model import Severity
from ketlint.ruleset import builtin_ruleset

RULE = "uncited-statistic"


@pytest.mark.parametrize(
    "marked",
    [
        "Ketamine relieves depression in [[50% to 70%]] of patients.",
        "Response rates of [[50–70%]] were reported in trials.",
        "Between [[40 and 60 percent]] of patients responded.",
        "Symptoms improved in [[65 percent]] of people.",
        "About [[1 in 5]] adults respond to a first drug.",
        "Only [[one in four]] people responded.",
        "Smokers are [[3 times more likely]] to relapse.",
        "Women are [[twice as likely]] to be diagnosed.",
        "Levels rose [[4-fold]] in the treated group.",
        "The treated group had [[odds ratio = 17.32]] for response.",
        "Relapse was less common ([[OR 1.8]]).",
        "Deaths fell ([[HR, 0.7]]).",
        "The [[hazard ratio was 0.62]] for death.",
        "The [[relative risk reduction of 25%]] held at a year.",
        "The [[number needed to treat was 6]] for response.",
        "The effect was significant ([[p = 0.03]]).",
        "Scores fell by 4 points ([[95% CI 1.2-3.4]]).",
        "A [[study of 1,200 adults]] found fewer relapses.",
        "The trial [[enrolled 300 patients]] with depression.",
        "In the trial ([[n = 48]]), most responded.",
        "Overdoses reached [[12 deaths per 100,000]] after the change.",
    ],
)
def test_statistics_without_a_source_are_flagged_on_exactly_their_words(flags, marked):
    flags(marked, RULE)


@pytest.mark.parametrize(
    "text",
    [
        "Patients received six infusions over two to three weeks.",
        "Most felt better within 24 hours.",
        "It was first used in the 1960s as an anesthetic.",
        "The dose is 0.5 mg/kg given over 40 minutes.",
        "The usual course is 2 mg per day for 3 weeks.",
        "3 min read",
        "Children aged 6 to 12 years can take it.",
        "The clinic has 12 rooms and 40 staff.",
        "Rinse the wound with 0.9% saline or 1% hydrocortisone cream.",
        "Rated 4 out of 5 stars.",
        "Take 1 in 2 days if needed.",
        "She won 1 in 2019 and another in 2021.",
    ],
)
def test_dates_durations_doses_and_counts_are_not_statistics(lint, text):
    assert lint(text, RULE) == []


@pytest.mark.parametrize(
    "cited",
    [
        "Ketamine relieves depression in 50% to 70% of patients (Smith et al., 2020).",
        "Smith et al. (2020) found relief in 50% to 70% of patients.",
        "Ketamine relieves depression in 50% to 70% of patients (1).",
        "Ketamine relieves depression in 50% to 70% of patients [2, 3].",
        "Ketamine relieves depression in 50% to 70% of patients.¹",
        "Ketamine relieves depression in [50% to 70%](https://example.org/trial) of patients.",
        "Ketamine relieves depression in 50% to 70% of patients.[^1]\n\n[^1]: Lee K. (2019).",
        "A review published in The Lancet found relief in 50% to 70% of patients.",
        "According to the CDC, about 1 in 5 adults has depression.",
    ],
)
def test_any_citation_in_the_sentence_counts(lint, cited):
    assert lint(cited, RULE) == []


def test_html_superscript_citations_count(lint):
    html = "<p>Relief came in 60% of patients.<sup>3</sup></p>"
    assert lint(html, RULE, "html") == []
    assert len(lint("<p>Relief came in 60% of patients.</p>", RULE, "html")) == 1


def test_a_citation_in_another_sentence_does_not_count_by_default(flags):
    flags("A trial was done (Smith, 2020). Relief came in [[60%]] of patients.", RULE)


def test_paragraph_scope_accepts_a_citation_anywhere_in_the_block(flags, lint):
    text = "A trial was done (Smith, 2020). Relief came in 60% of patients."
    assert lint(text, RULE, options={RULE: {"scope": "paragraph"}}) == []
    # The scope never reaches into the next block.
    flags(
        "A trial was done (Smith, 2020).\n\nRelief came in [[60%]] of patients.",
        RULE,
        options={RULE: {"scope": "paragraph"}},
    )


def test_a_range_is_one_finding_and_its_message_quotes_it(flags):
    [finding] = flags("Relief came in [[50% to 70%]] of patients in trials.", RULE)
    assert "“50% to 70%”" in finding.message
    assert finding.data["label"] == "percentage"


def test_curly_quotes_em_dashes_and_accented_authors(flags, lint):
    flags("“It works,” she said — relief came in [[50–70%]] of patients in trials.", RULE)
    cited = "Relief came in 50–70% of patients — as trials show (Müller & Núñez, 2021)."
    assert lint(cited, RULE) == []


def test_study_results_are_warnings_and_plain_prevalence_is_info(lint):
    [result] = lint("In the trial, 40% of patients improved.", RULE)
    [prevalence] = lint("About 7% of adults have this condition.", RULE)
    [effect] = lint("Smokers are 3 times more likely to have it.", RULE)
    assert result.severity == Severity.WARNING
    assert prevalence.severity == Severity.INFO
    assert effect.severity == Severity.WARNING


def test_the_reference_section_is_never_linted(lint):
    text = (
        "# Ketamine\n\nRelief came in most patients (Lee, 2019).\n\n## References\n\n"
        "Lee, K. (2019). Response in 50% to 70% of 1,200 adults (OR 1.8, p < 0.05). Mood, 3(2).\n"
    )
    assert lint(text, RULE) == []


def test_a_headless_numbered_reference_list_is_not_linted(lint):
    text = (
        "Ketamine and the brain: what we know\n"
        "A review (1) found quick relief.\n\n"
        "1. Zeller, C. A., & Singh, J. B. (2006). Response in 45% of 1,200 adults. Mood, 6(8).\n"
    )
    assert lint(text, RULE, "text") == []


def test_the_same_text_in_the_body_and_in_the_references_is_judged_by_where_it_is(lint):
    # One linter, so the per-block cache is shared: the reference-list block must not
    # borrow the body block's findings (or the reverse).
    entry = "Lee, K. (2019). Relief in 60% of patients."
    body_first = f"# Notes on relief\n\n{entry}\n\n## References\n\n{entry}\n"
    linter = Linter(builtin_ruleset(), [RULE])
    findings = linter.lint_text(body_first, format="markdown").findings
    assert [body_first.count("\n", 0, f.start) for f in findings] == [2]


def test_exceptions_and_claims_can_be_configured(lint):
    options = {RULE: {"exceptions": [r"\d+% of adults"]}}
    assert lint("About 7% of adults have it.", RULE, options=options) == []
    claims = {RULE: {"claims": [{"pattern": r"\bmost\b", "label": "vague quantity"}]}}
    [finding] = lint("Most patients improved.", RULE, options=claims)
    assert "vague quantity" in finding.message


@pytest.mark.parametrize(
    ("marked", "fmt"),
    [
        ("<p>Relief came in 60% of patients.<sup>3</sup> Then [[40%]] relapsed.</p>", "html"),
        ("Relief came in 60% of patients.³ Then [[40%]] relapsed in trials.", "markdown"),
        ("Relief came in 60% of patients.[^3] Then [[40%]] relapsed.\n\n[^3]: Lee.", "markdown"),
        ("Relief came in 60% of patients in trials.2 Then [[40%]] relapsed.", "text"),
    ],
)
def test_a_marker_after_the_full_stop_belongs_to_the_sentence_before_it(flags, marked, fmt):
    flags(marked, RULE, fmt)


# -- whose claim it is: the study a story reports (ketlint.attribution) -------------------

NEWS = (
    "# Inhaler eases asthma in a year-long trial\n\n"
    "A new inhaler cut asthma attacks by [[40 percent]], according to a trial published "
    "today in the Journal of Breathing Studies.\n\n"
    "{body}\n"
)


def warned(findings):
    return [f for f in findings if f.severity is Severity.WARNING]


@pytest.mark.parametrize(
    "body",
    [
        "The trial enrolled 1,200 participants, and 12% of them smoked at baseline.",
        "The researchers found that attacks fell in 38% of the inhaler group.",
        "Attacks fell in 38 percent of those given the inhaler, compared with 20 percent "
        "on placebo (p < 0.01).",
        "Of the 600 patients treated, 45% (270/600) had no attack at all.",
        '"Nearly half had no attack at all, and 45 percent stopped their rescue inhaler," '
        "said Dr. Jane Roe, who led the work.",
    ],
)
def test_the_figures_of_a_study_the_story_names_are_attributed_to_it(lint, body):
    text = NEWS.replace("[[40 percent]]", "40 percent").format(body=body)
    assert warned(lint(text, RULE)) == []


def test_the_headline_of_a_story_that_names_its_study_is_attributed(lint):
    text = (
        "# Inhaler cuts asthma attacks by 40 percent\n\n"
        "The trial, published in the Journal of Breathing Studies, followed 1,200 adults.\n"
    )
    assert warned(lint(text, RULE)) == []


@pytest.mark.parametrize(
    "body",
    [
        # Nobody can trace these: no study is named anywhere.
        "The trial [[enrolled 1,200 participants]], and attacks fell in [[38 percent]] of them.",
        "In our clinic, [[80%]] of patients respond to the first course.",
    ],
)
def test_the_same_figures_with_no_study_named_anywhere_are_still_flagged(flags, body):
    flags("# Our asthma programme\n\n" + body + "\n", RULE)


@pytest.mark.parametrize(
    "sentence",
    [
        # Someone else's unnamed claim, inside a paragraph about the study.
        "Previous studies have shown that [[55 to 85 percent]] of patients improve with any inhaler.",
        "Nationwide, inhalers relieve symptoms in [[70 percent]] of adults.",
    ],
)
def test_unnamed_claims_beside_the_study_are_still_flagged(flags, sentence):
    body = "The trial enrolled 1,200 participants. " + sentence
    flags(NEWS.replace("[[40 percent]]", "40 percent").format(body=body), RULE)


def test_a_study_named_only_in_the_boilerplate_does_not_count(flags):
    text = (
        "# Our inhaler\n\n"
        "The inhaler relieves symptoms in [[80 percent]] of the patients who try it.\n\n"
        "###\n\n"
        "About Example Pharma\n\n"
        "Example Pharma's trials are published in the Journal of Breathing Studies.\n"
    )
    flags(text, RULE)


def test_figures_in_the_about_blurb_are_not_checked(lint):
    text = (
        "# Our inhaler\n\nThe inhaler was approved this week.\n\n"
        "About Example Pharma\n\n"
        "Example Pharma's medicines relieve symptoms in 90% of the patients who use them.\n"
    )
    assert lint(text, RULE) == []


def test_a_list_item_reads_the_paragraph_that_introduces_it(lint):
    text = (
        "# Old hearts, young cells\n\n"
        "Researchers at Example University, writing in the Journal of Hearts, found that the "
        "treated rats:\n\n"
        "- improved their exercise capacity by about 20 percent\n"
        "- had 30 percent less scarring\n"
    )
    assert warned(lint(text, RULE)) == []


# -- figures that are not the writer's unsourced claim --------------------------------


def severities(lint, text: str) -> list[Severity]:
    return [f.severity for f in lint(text, RULE)]


STUDY_STORY = (
    "# Walking eases knee pain\n\n"
    "Walking eased knee pain, according to a study published in the Journal of Joint "
    "Health by researchers at Ridgeway University.\n\n"
    "{paragraph}\n"
)


def test_a_list_written_as_paragraphs_reads_its_lead_in(lint):
    text = STUDY_STORY.format(
        paragraph="In the current analysis, researchers found:\n\n"
        "each week of delay cut the chance of recovery by 11 percent; and\n\n"
        "walkers were 35 percent more likely to recover."
    )
    assert severities(lint, text) == []


def test_fragments_after_a_lead_in_are_its_items_but_prose_is_not(lint):
    items = STUDY_STORY.format(
        paragraph="Results of those tests show that rats given the cells:\n\n"
        "Regrew hair faster\n\n"
        "Improved their exercise capacity by about 20 percent"
    )
    assert severities(lint, items) == []
    prose = STUDY_STORY.format(
        paragraph="Results of those tests show that rats given the cells:\n\n"
        "Regrew hair faster than the others did.\n\n"
        "Elsewhere, up to 20 percent of treatments are expected to benefit more."
    )
    assert severities(lint, prose) == [Severity.WARNING]


def test_a_results_label_and_recruitment_figures_are_the_studys(lint):
    text = STUDY_STORY.format(
        paragraph="Results: The absolute risk reduction was 0.41 percent.\n\n"
        "Of 112 eligible patients, 80 consented (71 percent) to join the sessions."
    )
    assert severities(lint, text) == []


def test_background_epidemiology_in_a_story_about_a_named_study_is_a_note(lint):
    text = STUDY_STORY.format(
        paragraph="Smoking causes a two-fold risk of heart disease and kills 480,000 "
        "people each year."
    )
    assert severities(lint, text) == [Severity.INFO]


def test_a_benefit_figure_in_a_story_about_a_named_study_stays_a_warning(lint):
    # The figure a reader acts on: a forecast of benefit needs its basis.
    text = STUDY_STORY.format(
        paragraph="Up to 30 percent of patients are expected to benefit from the new therapy."
    )
    assert severities(lint, text) == [Severity.WARNING]


@pytest.mark.parametrize(
    "text",
    [
        "It has been shown that up to 70% of adults in some regions have been infected with the virus.",
        "Studies suggest that 30% to 40% of women report persistent hot flashes.",
        "Mr. Brown's LDL fell to 111, an almost 50 percent reduction.",
    ],
)
def test_how_common_a_condition_is_and_one_patients_values_are_notes(lint, text):
    assert severities(lint, text) == [Severity.INFO]


def test_a_figure_cited_where_it_is_first_given_may_be_restated(lint):
    text = (
        "Surgery cures the disorder in more than 95 percent of operations.2\n\n"
        "## Points to remember\n\n"
        "- Surgery cures the disorder in more than 95 percent of operations.\n"
    )
    assert severities(lint, text) == []
    once = "- Surgery cures the disorder in more than 95 percent of operations.\n"
    assert severities(lint, once) == [Severity.WARNING]


def test_a_figure_in_a_named_speakers_quotation_is_the_speakers(lint):
    text = '"About 60% of patients were cured," said Dr. Lee.'
    findings = lint(text, RULE)
    assert [(f.severity, f.data.get("placement")) for f in findings] == [
        (Severity.INFO, "quotation")
    ]


def test_naming_the_study_in_an_edited_paragraph_credits_its_figures_on_the_next_lint():
    # The study's source is read per paragraph and kept between lints (as the server does
    # on every keystroke); the credit must follow the edit both ways.
    linter = Linter(builtin_ruleset(), [RULE])
    before = (
        "# A new drug\n\n"
        "The drug was tested last year.\n\n"
        "In the trial, symptoms improved in 65 percent of the patients.\n"
    )
    named = before.replace(
        "was tested last year", "was tested by researchers at Ridgeway University"
    )

    def flagged(text: str) -> list[str]:
        return [text[f.start : f.end] for f in linter.lint_text(text, format="markdown").findings]

    assert flagged(before) == ["65 percent"]
    assert flagged(named) == []
    assert flagged(before) == ["65 percent"]
