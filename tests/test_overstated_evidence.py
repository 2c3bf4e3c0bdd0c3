"""overstated-evidence: does a study report say what kind of evidence it is?

The verdict on ``evidence_quality`` asks for the study type and its size or limits, with
no claim beyond what the design allows left without a caveat. Inline findings cover the
words that claim too much: a causal verb for an association, "proves" for one study, a
benefit headlined from animal work.
"""

from __future__ import annotations

from ketlint.engine import Linter
from ketlint.model import LintResult, Severity
from ketlint.ruleset import builtin_ruleset
from ketlint.testing import mark, parse_marked

RULE = "overstated-evidence"
CRITERION = "evidence_quality"


def lint(text: str) -> LintResult:
    ruleset = builtin_ruleset()
    result = Linter(ruleset, [RULE]).lint_text(text, format="markdown")
    assert not result.errors, result.errors
    return result


def verdict(text: str) -> str:
    return next(v.value for v in lint(text).verdicts if v.criterion == CRITERION)


def warnings_at(marked: str) -> LintResult:
    """Lint ``marked`` and assert its warnings cover exactly the [[marked]] ranges."""
    text, expected = parse_marked(marked)
    result = lint(text)
    got = sorted((f.start, f.end) for f in result.findings if f.severity >= Severity.WARNING)
    assert got == sorted(expected), f"\nexpected: {marked}\ngot:      {mark(text, got)}"
    return result


SURVEY = "Adults who ate pears weighed less, according to a national survey of 4,000 adults."


# -- causal verbs for associations -------------------------------------------------------


def test_a_causal_headline_on_survey_data_is_flagged_and_fails():
    result = warnings_at(f"# Pears [[cut]] the risk of obesity\n\n{SURVEY}\n")
    assert result.verdicts[0].value == "not-satisfactory"
    assert "“cut”" in result.verdicts[0].reason
    assert "association" in result.findings[0].message


def test_a_causal_verb_in_a_sentence_about_the_findings_is_flagged():
    warnings_at(
        f"# Pear study\n\n{SURVEY} The study shows that eating pears [[prevents]] obesity.\n"
    )


def test_hedged_or_associative_wording_is_not_flagged():
    for title in ("Pears linked to lower weight", "Pears may cut the risk of obesity"):
        result = warnings_at(f"# {title}\n\n{SURVEY}\n")
        # An association with no word on its limits is still not enough for the verdict.
        assert result.verdicts[0].value == "not-satisfactory"
        assert [f.severity for f in result.findings] == [Severity.INFO]


def test_a_caveat_in_the_paragraph_excuses_the_verb_and_satisfies_the_verdict():
    caveat = "The survey cannot prove cause and effect."
    result = warnings_at(f"# Pear survey\n\n{SURVEY} Pears cut the risk, {caveat}\n")
    assert result.verdicts[0].value == "satisfactory"


def test_a_stock_hedge_does_not_excuse_overreach():
    text = f"# Pears [[cut]] the risk of obesity\n\n{SURVEY} More research is needed.\n"
    result = warnings_at(text)
    assert result.verdicts[0].value == "not-satisfactory"


def test_a_randomized_trial_may_say_what_its_treatment_does():
    text = (
        "# Drug cuts the risk of migraine attacks\n\n"
        "In a 12-week randomized, placebo-controlled trial of 400 adults, the drug cut the "
        "risk of attacks by a third. Attacks were also associated with poor sleep.\n"
    )
    result = warnings_at(text)
    assert result.verdicts[0].value == "satisfactory"
    assert result.metrics["evidence"]["sizes"] == ["400 adults"]


# -- certainty ---------------------------------------------------------------------------


def test_proof_claimed_for_one_study_is_flagged_and_denied_proof_is_a_caveat():
    result = warnings_at("# New study\n\nThe trial of 40 patients [[proves]] the implant works.\n")
    assert result.verdicts[0].value == "not-satisfactory"
    careful = "# New study\n\nThe trial of 40 patients does not prove that the implant caused it.\n"
    assert warnings_at(careful).verdicts[0].value == "satisfactory"


def test_first_to_show_unequivocal_and_proof_that_are_claims_of_certainty():
    warnings_at(
        "# Trial\n\nThis is the [[first controlled trial to show]] that the implant works.\n"
    )
    warnings_at('# Trial\n\n"We have [[unequivocal]] evidence that the implant works."\n')
    warnings_at("# Trial\n\nThe trial gives [[proof that]] the implant works.\n")
    # "First" about something other than a study is not a claim about evidence.
    warnings_at("# Trial\n\nThe hippocampus is the first brain region to show damage.\n")


def test_reduced_mortality_is_a_causal_claim_for_observational_data():
    warnings_at(
        "# Walking study\n\nIn an observational study of 9,000 adults, the analysis found "
        "that walking [[reduced mortality]] in the elderly.\n"
    )


def test_a_randomized_trial_of_stated_size_is_not_failed_for_a_word_of_certainty():
    # The word is still flagged: the reader has been told what the evidence is, though.
    result = warnings_at(
        "# Implant study\n\nThe year-long randomized trial of 400 patients [[proves]] the "
        "implant works.\n"
    )
    assert result.verdicts[0].value == "satisfactory"
    unsized = "# Implant study\n\nThe randomized trial [[proves]] the implant works.\n"
    assert warnings_at(unsized).verdicts[0].value == "not-satisfactory"


# -- stock hedges ------------------------------------------------------------------------


def test_a_stock_hedge_alone_does_not_say_what_the_evidence_is():
    hedged = (
        "# Implant eases pain\n\nResearchers report that the implant eased pain. More "
        "research is needed.\n"
    )
    assert verdict(hedged) == "not-satisfactory"
    described = (
        "# Implant eases pain\n\nIn a randomized trial of 120 patients followed for six "
        "months, the implant eased pain. More research is needed.\n"
    )
    assert verdict(described) == "satisfactory"


# -- animal and cell work -----------------------------------------------------------------


def test_a_benefit_headlined_from_rats_is_flagged():
    warnings_at(
        "# Fruit extract [[prevents]] fibromyalgia pain\n\n"
        "In a study, rats fed the extract showed less pain; 60 rats were tested.\n"
    )


def test_an_animal_study_needs_its_limit_said():
    base = "# Fruit extract eases pain in rats\n\nIn a study, 60 rats fed the extract showed less pain."
    assert verdict(base + "\n") == "not-satisfactory"
    assert verdict(base + " It has not been tested in people.\n") == "satisfactory"


# -- what counts as the study's design and size --------------------------------------------


def test_a_design_named_for_planned_work_does_not_count():
    text = (
        "# Implant helps sleep\n\n"
        "Researchers gave the implant to 30 patients, and most slept better. "
        "The next step will be a randomized trial.\n"
    )
    result = lint(text)
    assert result.metrics["evidence"]["designs"] == []
    assert result.verdicts[0].value == "not-satisfactory"
    assert "what kind of study" in result.verdicts[0].reason
    # The verdict is explained once, as an info on the title.
    [finding] = result.findings
    assert (finding.severity, text[finding.start : finding.end]) == (
        Severity.INFO,
        "Implant helps sleep",
    )


def test_a_body_of_work_said_in_the_present_tense_is_not_the_reported_design():
    trial = "In a 12-week single-arm trial of 80 adults, the drug eased gout flares. "
    background = "Large observational studies suggest that people who take it live longer.\n"
    result = lint("# Drug eases gout\n\n" + trial + background)
    assert result.metrics["evidence"]["designs"] == ["uncontrolled"]
    assert result.verdicts[0].value == "satisfactory"
    # The reported studies, named as such, still count.
    reported = "The two observational studies suggest that people who take it live longer.\n"
    result = lint("# Drug eases gout\n\n" + trial + reported)
    assert "observational" in result.metrics["evidence"]["needs_caveat"]
    assert result.verdicts[0].value == "not-satisfactory"


def test_percentages_and_populations_are_not_sample_sizes():
    text = (
        "# Scan study\n\n"
        "In a single-arm trial, 6 percent of the patients had side effects. "
        "One in 20 men has the condition, and 2 million people are screened each year.\n"
    )
    result = lint(text)
    assert result.metrics["evidence"]["sizes"] == []
    assert result.verdicts[0].value == "not-satisfactory"
    assert "unstated size" in result.verdicts[0].reason


def test_a_conference_abstract_needs_a_caveat_unless_also_published():
    presented = (
        "# Drug eases gout\n\n"
        "The six-month study of 120 patients was presented today at the annual meeting of "
        "the American College of Rheumatology."
    )
    assert verdict(presented + "\n") == "not-satisfactory"
    assert verdict(presented + " It is also published in The Lancet.\n") == "satisfactory"
    # A randomized trial presented at a meeting has told the reader its design.
    randomized = presented.replace("month study", "month randomized trial")
    assert verdict(randomized + "\n") == "satisfactory"


def test_press_release_boilerplate_is_not_read():
    text = (
        "# Implant helps sleep\n\nResearchers gave the implant to 30 patients.\n\n"
        "###\n\nAbout Example Health\n\n"
        "Example Health runs randomized trials and knows the limitations of small studies.\n"
    )
    result = lint(text)
    assert result.metrics["evidence"]["designs"] == []
    assert result.metrics["evidence"]["caveats"] == []


def test_a_headline_claiming_a_benefit_with_no_study_behind_it_fails():
    text = (
        "# New knee injection helps patients walk again\n\nThe clinic now offers the "
        "injection to patients with worn knees. Patients say they feel better.\n"
    )
    result = lint(text)
    assert result.verdicts[0].value == "not-satisfactory"
    assert "reports no study" in result.verdicts[0].reason
    assert [f.severity for f in result.findings] == [Severity.INFO]


def test_a_page_that_reports_no_study_is_not_judged():
    text = (
        "# Babesiosis\n\n"
        "Babesiosis is caused by parasites that infect red blood cells. The parasite is "
        "found in ticks, which cut through the skin.\n"
    )
    result = lint(text)
    assert result.findings == []
    assert result.verdicts[0].value == "not-applicable"


def test_a_design_named_in_the_lead_is_a_study_reported():
    # No "study", "trial" or "researchers" in the lead: the random assignment alone says a
    # study is being reported, so the article is judged, here on its stated limits.
    text = (
        "# Heat packs or pills for a sore back\n\n"
        "Bottom line: 300 adults with back pain were randomly assigned to heat packs or "
        "pain pills for two weeks, and their pain eased about as much.\n\n"
        "Limitations: the participants knew which treatment they had.\n"
    )
    result = lint(text)
    assert result.verdicts[0].value == "satisfactory"
    assert "Limitations" in result.verdicts[0].reason


def test_association_wording_in_a_lead_does_not_make_a_page_a_study_report():
    text = (
        "# Gout\n\n"
        "Gout is linked to a diet rich in meat and is associated with kidney stones. "
        "Doctors treat flares with rest and pain relief.\n"
    )
    assert verdict(text) == "not-applicable"


# -- whose certainty: the reported study's, not another's ---------------------------------


TRIAL = "# Implant study\n\nA trial of 40 patients tested the implant against a sham.\n\n"


def test_certainty_said_of_the_study_or_its_results_is_flagged():
    warnings_at(TRIAL + "Our results show [[conclusively]] that the implant works.\n")
    warnings_at(TRIAL + "The trial is the [[first to show]] that an implant eases the pain.\n")


def test_certainty_about_something_other_than_the_study_is_not_flagged():
    # A test in use for decades, named for comparison; a drug's standing, not the study's.
    warnings_at(
        TRIAL + "Dr. Lee likens the implant to the use of an ECG to definitively "
        "detect a heart attack.\n"
    )
    warnings_at(TRIAL + "Doctors value the old drug for its proven strength against pain.\n")


def test_certainty_claimed_by_earlier_work_is_not_the_reported_studys():
    warnings_at(
        TRIAL + "The original research from the landmark Nurses' Health Study, which Dr. Lee "
        "led, was the first to show that the marker predicts pain.\n"
    )
    warnings_at(TRIAL + "Previous studies in 1997 proved that the nerve carries the pain.\n")


def test_the_reported_study_named_after_earlier_work_is_still_read():
    warnings_at(
        TRIAL + "Our trial challenges earlier trials because our data show "
        "[[conclusively]] that the implant works.\n"
    )


def test_a_causal_verb_after_earlier_work_is_excused_unless_the_study_takes_it_back():
    earlier = "Previous studies in 1997 suggested that eating pears cuts the risk of obesity."
    warnings_at(f"# Pear study\n\n{SURVEY} {earlier}\n")
    warnings_at(
        f"# Pear study\n\n{SURVEY} Previous studies were mixed, but the new survey shows that "
        "eating pears [[cuts]] the risk of obesity.\n"
    )


def test_association_wording_in_a_mouse_experiment_is_not_association_data():
    # "Associated with" describes what was seen in the mice; the causal verb fits an experiment.
    mouse_experiment = (
        "# Blocking one protein eases withdrawal in mice\n\n"
        "The shaking and jumping associated with withdrawal were measured in 48 mice given "
        "morphine. The researchers found that blocking the protein prevents these behaviours."
    )
    warnings_at(mouse_experiment)
    # The same words about people's records are association data: the causal verb is flagged.
    records = (
        "# Tea and memory\n\n"
        "Memory loss associated with age was rarer in tea drinkers in the health records of "
        "4,000 adults. The researchers found that tea [[prevents]] memory loss."
    )
    warnings_at(records)


def test_the_disease_called_uncontrolled_is_not_an_uncontrolled_study():
    designs = lambda text: lint(text).metrics["evidence"]["designs"]  # noqa: E731
    assert "uncontrolled" not in designs(
        "# Gene loss speeds bowel cancer\n\nThe study found that losing the gene causes "
        "uncontrolled growth of gut cells, and people with uncontrolled diabetes fared worse."
    )
    assert "uncontrolled" in designs(
        "# A new drug for gout\n\nIn an uncontrolled pilot study, 20 patients took the drug."
    )


def test_an_experiment_on_the_mice_is_animal_work_and_may_say_what_causes_what():
    text = (
        "# Gut bacteria and bowel cancer\n\n"
        "In a new study, cancer growth was associated with the loss of one gene in human "
        "tumours. The team then studied normal and gene-deficient mice. The researchers found "
        "that the loss causes growth."
    )
    assert "animal" in lint(text).metrics["evidence"]["designs"]
    warnings_at(text)  # no warning: "causes" is what an experiment can show


def test_what_a_treatment_is_taken_for_is_not_a_causal_claim_from_the_data():
    records = (
        "# Transplant drugs and memory\n\n"
        "A study of the health records of 4,000 adults found that people who take a drug "
        "daily to prevent organ rejection had less memory loss. In the data, the drug was shown "
        "to [[prevent]] memory loss. The data show that people should eat greens to "
        "[[prevent]] it."
    )
    # Only the finding and the advice drawn from it: the first describes the drug's use.
    warnings_at(records)


# -- how long the study ran (tenth round) ---------------------------------------------------


def test_a_design_and_size_without_a_length_do_not_say_what_the_evidence_is():
    unlimited = (
        "# Balance training helps older adults\n\nIn a randomized trial of 240 older adults, "
        "those who trained fell less often than those who did not.\n"
    )
    result = lint(unlimited)
    assert result.verdicts[0].value == "not-satisfactory"
    assert "not how long it ran" in result.verdicts[0].reason
    # Explained once, as a note on the title; no warning.
    assert [f.severity for f in result.findings] == [Severity.INFO]
    for said in (
        "In a 12-week randomized trial of 240 older adults",
        "In a randomized trial of 240 older adults followed for two years",
        "In a year-long randomized trial of 240 older adults",
        "In a randomized trial of 240 older adults, at week 8",
    ):
        text = unlimited.replace("In a randomized trial of 240 older adults", said)
        result = lint(text)
        assert result.verdicts[0].value == "satisfactory", said
        assert result.metrics["evidence"]["lengths"], said


def test_ages_and_time_before_the_study_are_not_its_length():
    text = (
        "# Balance training helps older adults\n\nIn a randomized trial of 240 adults aged "
        "65 to 80 years, those who trained fell less often. Falls have become more common "
        "over the past 20 years, and a 70-year-old who falls may not walk again.\n"
    )
    result = lint(text)
    assert result.metrics["evidence"]["lengths"] == []
    assert result.verdicts[0].value == "not-satisfactory"


def test_a_stock_hedge_counts_only_beside_a_length_too():
    text = (
        "# Balance training helps older adults\n\nIn a randomized trial of 240 older adults, "
        "those who trained fell less often. More research is needed.\n"
    )
    assert verdict(text) == "not-satisfactory"
    assert verdict(text.replace("older adults,", "older adults over six months,")) == (
        "satisfactory"
    )


def test_a_review_has_no_one_length():
    for review in (
        "In a meta-analysis of 14 trials with 2,400 older adults",
        "The researchers reviewed 14 randomized trials with 2,400 older adults and found that",
    ):
        text = (
            f"# Balance training helps older adults\n\n{review}, those who trained fell "
            "less often.\n"
        )
        assert verdict(text) == "satisfactory", review


def test_a_year_that_opens_a_dateline_is_not_a_sample_size():
    text = (
        "# Balance training helps older adults\n\nMarch 3, 2024 - Older adults who trained "
        "fell less often in a six-month randomized trial.\n"
    )
    result = lint(text)
    assert result.metrics["evidence"]["sizes"] == []
    assert result.verdicts[0].value == "not-satisfactory"
    assert "unstated size" in result.verdicts[0].reason


def test_a_randomized_design_said_as_assignment_at_random_is_read():
    # Said in any of these ways, the trial is randomized: association wording about its
    # results owes no caveat of observational data.
    base = (
        "# Balance training helps older adults\n\nIn a six-month trial, 240 older adults "
        "{said}. Training was associated with fewer falls.\n"
    )
    assert verdict(base.format(said="took part")) == "not-satisfactory"
    for said in (
        "were assigned randomly to training or usual care",
        "were divided at random into two groups",
        "were allocated at random to training or usual care",
        "took part, and the randomization was done by computer",
    ):
        result = lint(base.format(said=said))
        assert "randomized" in result.metrics["evidence"]["designs"], said
        assert result.verdicts[0].value == "satisfactory", said


def test_a_number_of_dogs_or_monkeys_in_words_is_a_size():
    for animals in ("four dogs", "twelve monkeys", "forty animals"):
        text = (
            "# Gene therapy corrects a clotting disorder in dogs\n\nIn a clinical trial of "
            f"the gene therapy in {animals}, the effect lasted two years.\n"
        )
        assert lint(text).metrics["evidence"]["sizes"], animals


def test_a_limitations_label_states_a_limit():
    text = (
        "# Drug slows tumors\n\nIn a phase 1 clinical trial of 225 patients, tumors shrank.\n\n"
        "Limitations: the trial included many kinds of cancer, and confirmatory trials in "
        "each are necessary.\n"
    )
    result = lint(text)
    assert result.verdicts[0].value == "satisfactory"
    assert result.verdicts[0].reason.startswith("limits stated")


def test_randomization_that_is_not_a_trials_design_is_not_read_as_one():
    # Mendelian randomization uses genes as a natural experiment in observational data, and
    # "without randomization" says the study was not randomized.
    for said in (
        "A Mendelian randomization analysis of 240 older adults found",
        "Without randomization, a comparison of 240 older adults found",
    ):
        text = f"# Training and falls\n\n{said} that training was associated with fewer falls.\n"
        assert "randomized" not in lint(text).metrics["evidence"]["designs"], said
