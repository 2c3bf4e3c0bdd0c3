"""missing-safety-section: a treatment article must say what can go wrong."""

from __future__ import annotations

from conftest import rules_own_reading

from ketlint.engine import Linter
from ketlint.fixes import applicable_fixes, apply_fixes
from ketlint.model import LintResult, Severity
from ketlint.ruleset import builtin_ruleset
from ketlint.testing import parse_marked

RULE = "missing-safety-section"

PROMOTION = """# [[Ketamine infusions: fast relief for depression]]

Our clinic offers ketamine infusions for adults with depression. The treatment works within
hours for many patients, and most book a series of six infusions.

## What to expect

Each infusion takes about forty minutes in a quiet room. The medication is given through a
small drip in the arm.
"""


def run(text: str, fmt: str = "markdown", **options: object) -> LintResult:
    """The rule's own reading (its verdict model is tested in test_verdict_model.py)."""
    ruleset = builtin_ruleset().with_overrides({RULE: dict(options)} if options else {})
    ruleset = rules_own_reading(ruleset, RULE)
    result = Linter(ruleset, [RULE]).lint_text(text, format=fmt)
    assert not result.errors, result.errors
    return result


def verdict(result: LintResult) -> str:
    [only] = [v for v in result.verdicts if v.criterion == "harms"]
    return only.value


def test_a_treatment_article_without_risks_is_flagged_on_its_title(flags):
    [finding] = flags(PROMOTION, RULE)
    assert finding.severity == Severity.WARNING
    assert "“infusions” ×" in finding.message
    assert "risks or side effects" in finding.message
    assert "“Risks and side effects”" in finding.message


def test_the_finding_points_at_the_first_mention_and_offers_a_section_skeleton():
    text, _ = parse_marked(PROMOTION)
    result = run(text)
    [finding] = result.findings
    first = finding.related[0]
    assert (first.start, first.end) == (2, 10)  # "Ketamine", the title's first word
    assert text[first.start : first.end] == "Ketamine"
    fix = finding.fix
    assert fix is not None and not fix.safe
    assert fix.start == fix.end == len(text)
    assert "Risks and side effects" in fix.description
    fixed = text[: fix.start] + fix.replacement
    assert fixed.endswith("## Risks and side effects\n\n" + fix.replacement.split("\n\n")[-1])
    assert "\n\n## Risks and side effects\n\n" in fixed
    # The skeleton satisfies the rule.
    assert run(fixed).findings == []
    assert verdict(result) == "not-satisfactory"


def test_the_inserted_skeleton_follows_the_format():
    body = (
        "Ketamine infusions lift mood fast. The treatment is given as an infusion. "
        "Each infusion takes an hour."
    )
    text_doc = f"Ketamine infusions for depression\n\n{body}"
    [finding] = run(text_doc, fmt="text").findings
    assert (finding.start, finding.end) == (0, len("Ketamine infusions for depression"))
    assert finding.fix.replacement.startswith("\n\nRisks and side effects\n\n")
    html_doc = f"<html><body><h1>Ketamine infusions</h1><p>{body}</p></body></html>"
    [finding] = run(html_doc, fmt="html").findings
    fix = finding.fix
    assert fix.start == html_doc.index("</body>")
    assert fix.replacement.lstrip("\n").startswith("<h2>Risks and side effects</h2>")
    crlf = "# Ketamine infusions\r\n\r\n" + body + "\r\n"
    [finding] = run(crlf).findings
    assert finding.fix.replacement == (
        "\r\n## Risks and side effects\r\n\r\n" + finding.fix.replacement.split("\r\n")[-2] + "\r\n"
    )


def test_a_risks_section_satisfies_it():
    text, _ = parse_marked(PROMOTION)
    for heading in (
        "Risks and side effects",
        "Safety",
        "Possible complications",
        "Who should not have ketamine",
        "Limitations",
    ):
        result = run(f"{text}\n## {heading}\n\nAsk your doctor.\n")
        assert result.findings == [], heading
        assert verdict(result) == "satisfactory"


def test_headings_about_disease_risk_do_not_count():
    text, _ = parse_marked(PROMOTION)
    for heading in ("Who is at risk for depression?", "Risk factors"):
        assert len(run(f"{text}\n## {heading}\n\nAnyone can be.\n").findings) == 1, heading


def test_a_title_that_says_risk_is_not_a_section():
    text = PROMOTION.replace("fast relief for depression", "lower risk of relapse")
    clean, _ = parse_marked(text)
    assert len(run(clean).findings) == 1


def test_two_sentences_on_harms_satisfy_it_without_a_heading():
    text, _ = parse_marked(PROMOTION)
    passage = (
        "\nDuring an infusion, most people feel detached or dizzy. Blood pressure also rises for a "
        "while, so staff check it often.\n"
    )
    result = run(text + "\nSide effects are usually short-lived." + passage)
    assert result.findings == []
    assert verdict(result) == "satisfactory"


def test_one_passing_mention_is_not_a_discussion():
    text, _ = parse_marked(PROMOTION)
    result = run(text + "\nSide effects are usually mild.\n")
    [finding] = result.findings
    # The message says what was found, not "nothing": one sentence, no number.
    assert "says little about its risks or side effects" in finding.message
    assert "only 1 sentence on them, with no number for how often they happen" in finding.message
    assert "but not its risks" not in finding.message
    passing = finding.related[1]
    full = text + "\nSide effects are usually mild.\n"
    assert full[passing.start : passing.end] == "Side effects are usually mild."


def test_one_quantified_sentence_is_enough():
    text, _ = parse_marked(PROMOTION)
    assert run(text + "\nAbout 1 in 10 patients have side effects such as nausea.\n").findings == []
    assert run(text + "\nNausea is a side effect in 12% of patients.\n").findings == []
    strict = run(
        text + "\nNausea is a side effect in 12% of patients.\n",
        **{"quantified-passage-suffices": False},
    )
    assert len(strict.findings) == 1


def test_reassurance_is_not_a_discussion_of_harms():
    text, _ = parse_marked(PROMOTION)
    reassuring = (
        "\nThe treatment is safe and effective. It has no side effects. "
        "Further research is needed to establish its long-term safety.\n"
    )
    assert len(run(text + reassuring).findings) == 1


def test_reported_trial_harms_count_even_when_they_say_none_were_serious():
    text, _ = parse_marked(PROMOTION)
    reported = (
        "\nIn the trial, no serious side effects were observed. Two patients stopped because of "
        "nausea, and the infusions were well tolerated.\n"
    )
    assert run(text + reported).findings == []


def test_articles_that_do_not_discuss_a_treatment_are_not_applicable():
    text = (
        "# Living with low mood\n\nLow mood is common in winter. Daylight and routine help many "
        "people. Talking with friends helps too.\n"
    )
    result = run(text)
    assert result.findings == []
    assert verdict(result) == "not-applicable"


def test_a_disease_page_whose_treatment_section_comes_late_is_not_about_a_treatment():
    intro = "Asthma is a long-term condition of the airways that makes breathing hard. " * 15
    text = (
        f"# Asthma\n\n{intro}\n\n## Treatment\n\nDoctors prescribe inhaled medicines. "
        "Some people need tablets too. Treatment plans are reviewed every year.\n"
    )
    result = run(text)
    assert result.findings == []
    assert verdict(result) == "not-applicable"
    assert len(run(text, **{"lead-words": 0}).findings) == 1


def test_a_reference_list_is_neither_topic_nor_discussion():
    text = (
        "# Winter walks\n\nWalking outside in daylight can lift your mood.\n\n## References\n\n"
        "1. Smith, J. (2020). Drug therapy and infusion treatment. Journal of Therapy, 3(2), 1-9.\n"
        "2. Lee, K. (2019). Medication side effects and adverse events. Drugs, 4(1), 5-8.\n"
    )
    result = run(text)
    assert result.findings == []
    assert verdict(result) == "not-applicable"


def test_non_ascii_text_and_curly_quotes():
    text = (
        "# Kétamine : une thérapie rapide\n\nKetamine infusions help “fast”. The treatment costs "
        "€400 per infusion — ask about it.\n"
    )
    [finding] = run(text).findings
    assert text[finding.start : finding.end] == "Kétamine : une thérapie rapide"


def test_the_insertion_is_an_unsafe_fix_only():
    text, _ = parse_marked(PROMOTION)
    result = run(text)
    assert applicable_fixes(result.findings) == []
    [fix] = applicable_fixes(result.findings, unsafe=True)
    assert run(apply_fixes(text, [fix])).findings == []


# -- what counts as discussing harms ----------------------------------------------------------

TRIAL = """# A new drug for gout

A new drug lowered uric acid in a trial of 200 adults with gout. The treatment is a pill taken
once a day, and the company plans to ask regulators to approve the medication next year.
"""


def test_a_count_of_people_who_had_a_harm_quantifies_it():
    for sentence in (
        "Two of the patients had side effects that needed treatment.",
        "None of the 40 volunteers had serious side effects.",
        "Side effects were mild: 14 patients developed a rash.",
    ):
        result = run(TRIAL + "\n" + sentence + "\n")
        assert result.findings == [], sentence
        assert verdict(result) == "satisfactory"


def test_a_sample_size_is_not_a_count_of_harms():
    sentence = "Side effects were recorded in a trial of 120 patients."
    [finding] = run(TRIAL + "\n" + sentence + "\n").findings
    assert "only 1 sentence on them, with no number" in finding.message


def test_words_shared_with_the_disease_need_a_clear_passage_beside_them():
    disease_only = (
        "\nGout attacks cause severe pain and swelling. Untreated gout leads to complications "
        "such as joint damage. Flares often bring fatigue and nausea.\n"
    )
    result = run(TRIAL + disease_only)
    [finding] = result.findings
    assert "only 1 sentence" not in finding.message  # none of them is about the drug's harms
    assert "but not its risks or side effects" in finding.message
    assert verdict(result) == "not-satisfactory"
    with_side_effects = TRIAL + disease_only + "\nThe most common side effects were mild.\n"
    assert run(with_side_effects).findings == []


def test_the_intervention_named_as_the_cause_of_a_harm_is_a_clear_passage():
    text = TRIAL + (
        "\nThe drug can cause diarrhoea. Some patients also reported headaches in the first week.\n"
    )
    assert run(text).findings == []
    assert len(run(TRIAL + "\nGout can cause pain. Some patients reported headaches.\n").findings)


def test_a_study_of_safety_and_efficacy_is_not_a_discussion_of_harms():
    text = TRIAL + (
        "\nThe trial looked at the safety and efficacy of the drug. Its safety will be studied "
        "in a larger trial.\n"
    )
    assert len(run(text).findings) == 1


def test_a_trial_stopped_for_a_harm_counts_and_one_stopped_for_benefit_does_not():
    stopped_for_harm = "\nEight patients stopped taking the pill because of stomach pain.\n"
    assert run(TRIAL + stopped_for_harm).findings == []
    stopped_for_benefit = "\nThe trial was stopped early because of the clear benefit.\n"
    assert len(run(TRIAL + stopped_for_benefit).findings) == 1


# -- what counts as an intervention --------------------------------------------------------------

SCREENING = """# A blood test that spots bowel cancer early

A blood test found signs of bowel cancer in people who had no symptoms. Researchers say screening
with the test could be simpler than a colonoscopy.
"""


def test_screening_tests_and_diets_are_interventions_with_harms():
    [finding] = run(SCREENING).findings
    assert "an intervention" in finding.message
    assert "“blood test” ×" in finding.message
    diet = (
        "# A fasting diet for weight loss\n\nPeople on the diet ate only in an eight-hour "
        "window. The diet helped them lose weight, and many stayed on the diet for a year.\n"
    )
    assert len(run(diet).findings) == 1


def test_the_harms_of_screening_satisfy_it():
    text = SCREENING + (
        "\nLike other tests, it gives false positives, which lead to unnecessary colonoscopies. "
        "It may also cause overdiagnosis of growths that would never have caused harm.\n"
    )
    result = run(text)
    assert result.findings == []
    assert verdict(result) == "satisfactory"


def test_a_harm_reported_as_a_rate_is_a_quantified_harm():
    text = (
        "# Keyhole or open repair for hernia\n\n"
        "Surgeons compared keyhole surgery with open surgery for hernia repair in 400 patients. "
        "The operation took less time with the keyhole procedure.\n\n"
        "Wound infections occurred in 3% of the keyhole group and 7% of the open group.\n"
    )
    assert verdict(run(text)) == "satisfactory"
    # Without the rate the same words may be a disease's complications: not enough alone.
    vague = text.replace("in 3% of the keyhole group and 7% of the open group", "in both groups")
    assert verdict(run(vague)) == "not-satisfactory"


def test_an_institutions_name_is_not_an_intervention():
    text = (
        "# How the brain reads faces\n\n"
        "Researchers at the Department of Radiation Therapy and the Center for Drug Evaluation "
        "studied how the brain reads faces. The Institute for Cancer Therapy hosted the work.\n"
    )
    assert verdict(run(text)) == "not-applicable"
    named_by_role = text.replace("hosted the work", "tested a new drug therapy and its doses")
    assert verdict(run(named_by_role)) == "not-satisfactory"


def test_an_institution_word_counts_only_as_a_whole_word(lint):
    """An institution word is a whole word: "Gene Therapy Unit" is a name, "Gene Therapy
    United" is not (no "Unit" in "United"), so its "Therapy" counts."""
    text = (
        "# A new drug for migraine\n\n"
        "A new drug eased migraine in a trial of 300 adults. The drug was taken daily, and "
        "doctors at Gene Therapy Unit and at Gene Therapy United both gave the drug.\n"
    )
    [finding] = lint(text, "missing-safety-section")
    assert "“therapy” ×1" in finding.message


def test_a_talk_therapy_or_an_everyday_device_is_a_suggestion_a_drug_a_warning(lint):
    talk = (
        "# Cognitive behavioural therapy by telephone eases anxiety\n\n"
        "Older adults who had cognitive behavioural therapy by telephone worried less than "
        "those who had supportive therapy. The therapy took ten calls, and the treatment was "
        "cheap. Cognitive behavioural therapy also helped sleep.\n"
    )
    [talk_finding] = lint(talk, "missing-safety-section")
    assert talk_finding.severity.name == "INFO"
    # "Therapy" after "hormone" is a drug: the same article about it stays a warning.
    hormone = talk.replace("ognitive behavioural", "ombined hormone").replace(
        "supportive", "placebo"
    )
    [hormone_finding] = lint(hormone, "missing-safety-section")
    assert hormone_finding.severity.name == "WARNING"


def test_a_device_put_into_the_body_stays_a_warning(lint):
    wearable = (
        "# A wearable device for diabetes\n\n"
        "A wearable device lowered blood sugar. People wore the device for 12 weeks, and the "
        "device was comfortable. The device is light.\n"
    )
    [worn] = lint(wearable, "missing-safety-section")
    assert worn.severity.name == "INFO"
    implanted = wearable.replace("People wore", "Surgeons implanted")
    [inside] = lint(implanted, "missing-safety-section")
    assert inside.severity.name == "WARNING"


def test_a_device_brought_in_by_catheter_stays_a_warning(lint):
    wearable = (
        "# A wearable device for diabetes\n\n"
        "A wearable device lowered blood sugar. People wore the device for 12 weeks, and the "
        "device was comfortable. The device is light.\n"
    )
    for route in (
        "Doctors placed the device using a catheter",
        "Doctors placed the device through a catheter",
        "Doctors placed the catheter-based device",
    ):
        [inside] = lint(wearable.replace("People wore the device", route), "missing-safety-section")
        assert inside.severity.name == "WARNING", route


# -- a story that mentions interventions, though not in its lead --------------------------

# An invented release whose title and lead name a test only as "the test" (no intervention
# word), and whose later paragraphs mention drugs and treatment.
STUDY_LEAD = "Researchers report that a new test told two groups of patients apart. " * 16
LATER = (
    "\n\nThe patients then chose a drug with their doctors. The treatment was the same in "
    "both groups, and the medication was taken for a year.\n"
)


def test_a_study_that_mentions_interventions_after_its_lead_gets_a_settled_verdict():
    text = f"# A new test tells them apart\n\n{STUDY_LEAD}{LATER}"
    result = run(text)
    assert result.findings == []  # the intervention is not the article's subject: no warning
    [harms] = [v for v in result.verdicts if v.criterion == "harms"]
    assert harms.value == "not-satisfactory"
    assert harms.settled
    assert "not in the title or lead" in harms.reason
    assert "nothing on Risks and side effects" in harms.reason


def test_the_settled_verdict_reads_harms_anywhere_in_the_document():
    harms = (
        "\nSide effects of the drug included nausea in some patients. Other side effects were "
        "headaches and dizziness.\n"
    )
    result = run(f"# A new test tells them apart\n\n{STUDY_LEAD}{LATER}{harms}")
    assert result.findings == []
    [verdict_] = [v for v in result.verdicts if v.criterion == "harms"]
    assert (verdict_.value, verdict_.settled) == ("satisfactory", True)


def test_a_page_that_reports_no_study_in_its_lead_stays_not_applicable():
    # The same later paragraphs under a reference page's lead: not a story the criterion
    # judges (a disease page whose last section lists treatments).
    lead = "Asthma is a long-term condition of the airways that makes breathing hard. " * 15
    result = run(f"# Asthma\n\n{lead}{LATER}")
    assert result.findings == []
    assert verdict(result) == "not-applicable"
    # ... and without the option a study is not-applicable too, as before.
    text = f"# A new test tells them apart\n\n{STUDY_LEAD}{LATER}"
    assert verdict(run(text, **{"verdict-outside-lead-if": []})) == "not-applicable"


def test_the_settled_verdict_stands_whatever_the_builtin_model_says():
    # The built-in model (not the rule's own reading) would weigh the signals; it is not
    # asked about a settled verdict.
    text = f"# A new test tells them apart\n\n{STUDY_LEAD}{LATER}"
    result = Linter(builtin_ruleset(), [RULE]).lint_text(text, format="markdown")
    [harms] = [v for v in result.verdicts if v.criterion == "harms"]
    assert harms.value == "not-satisfactory" and harms.settled
    assert not harms.reason.startswith("on balance")


def test_a_lone_sentence_that_only_reassures_is_said_to_reassure():
    # What the writer wrote is named, so they see why it did not count; the verdict stands.
    for sentence in (
        "The risk of adverse events was no greater with the drug than with a placebo.",
        "There were no significant side effects.",
        "The injection works fast and without adverse events.",
        "Both creams carry an equal risk of local adverse events.",
    ):
        result = run(TRIAL + "\n" + sentence + "\n")
        [finding] = result.findings
        assert "says little about its risks or side effects" in finding.message, sentence
        assert "reassuring rather than saying which harms happen" in finding.message, sentence
        assert finding.related[-1].message == "only reassures here"
        assert verdict(result) == "not-satisfactory"


def test_a_supporting_sentence_that_only_reassures_is_named_though_it_counts_for_nothing():
    sentence = "The safety profile of the drug did not differ from placebo in either trial."
    text = TRIAL + "\n" + sentence + "\n"
    [finding] = run(text).findings
    assert "only 1 sentence on them, reassuring" in finding.message
    reassuring = finding.related[-1]
    assert text[reassuring.start : reassuring.end] == sentence


def test_a_benefit_said_with_risk_words_is_not_a_reassurance():
    # "reduced risk of heart disease" and "fewer complications" are outcomes, not harms
    # played down: the message stays "not its risks".
    for sentence in (
        "Eating the drug's parent plant is linked to a reduced risk of heart disease.",
        "Patients who took the drug before surgery experienced fewer complications.",
    ):
        [finding] = run(TRIAL + "\n" + sentence + "\n").findings
        assert "reassuring" not in finding.message, sentence


def test_a_named_harm_without_a_rate_is_said_to_lack_a_number():
    sentence = "The main side effect of the drug is bone loss."
    [finding] = run(TRIAL + "\n" + sentence + "\n").findings
    assert "only 1 sentence on them, with no number for how often they happen" in finding.message
    assert "reassuring" not in finding.message
