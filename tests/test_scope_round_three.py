"""The third round of scope fixes (issue 10): a difference between groups or a restated
surrogate is not a benefit figure; what a drug is used for is not a claim; evidence that
includes people is not preclinical; a paragraph that picks up the study's account is the
study's; harms scope of missing-safety-section."""

from __future__ import annotations

import pytest

from ketlint.engine import Linter
from ketlint.model import LintResult
from ketlint.ruleset import builtin_ruleset


def lint(text: str, rule: str) -> LintResult:
    result = Linter(builtin_ruleset(), [rule]).lint_text(text, format="markdown")
    assert not result.errors, result.errors
    return result


def flagged(text: str, rule: str) -> list[str]:
    return [text[f.start : f.end] for f in lint(text, rule).findings]


# -- benefit-without-numbers: a group difference, a restated surrogate -----------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The team saw a 3.1-fold increase in gut scarring in patients with the disease, "
        "compared to controls, and mapped where it lay.",
        "Scarring was 40% higher in the sickest group than in healthy volunteers.",
        "Levels were twice as high in people who have the illness as in age-matched "
        "healthy controls.",
    ],
)
def test_a_marker_differing_from_healthy_controls_is_not_a_benefit(sentence):
    assert flagged(sentence + "\n", "benefit-without-numbers") == []


def test_a_restated_surrogate_is_not_a_benefit():
    text = (
        "The new shot raised antibodies and gave a 20-fold increase in T cells. "
        "This is 9 times higher than older, less effective shots.\n"
    )
    assert flagged(text, "benefit-without-numbers") == []


@pytest.mark.parametrize(
    "text",
    [
        # The treated group set against controls: a benefit.
        "The pill cut relapses by 40% in patients with the illness on the pill, compared with "
        "controls.\n",
        # A restatement of a benefit stays a benefit.
        "The pill cut relapses in the trial. This is 3 times better than the older pill.\n",
        # Not a restatement: the sentence names its own measure.
        "The shot gave a 20-fold increase in T cells. Relapses were 3 times less likely with it.\n",
    ],
)
def test_benefits_stay_benefits(text):
    assert len(flagged(text, "benefit-without-numbers")) == 1


# -- what a treatment is for is not a claim; evidence that includes people ------------------


def test_described_use_frames():
    from ketlint.negation import described_use_in

    assert described_use_in("Mice were given levodopa, a drug used to ")
    assert described_use_in("The pill, which is commonly prescribed to ")
    assert described_use_in("the compound, which works by ")
    assert not described_use_in("The drug used to treat gout ")
    assert not described_use_in("In mice, the compound ")


MOUSE_USE = (
    "The study involved mice that were given levodopa, a drug used to boost levels of a "
    "brain chemical that the illness depletes.\n"
)


def test_a_drugs_use_said_in_passing_is_not_a_preclinical_benefit():
    assert flagged(MOUSE_USE, "preclinical-claim") == []


def test_a_benefit_in_its_own_clause_still_rests_on_mice():
    text = (
        "Mice were given levodopa, a drug used to treat tremor, and the new compound "
        "reversed memory loss in mice.\n"
    )
    assert flagged(text, "preclinical-claim") == ["in mice"]


@pytest.mark.parametrize(
    "text",
    [
        "Her studies both in the laboratory and in patients suggest the gel heals burns.\n",
        "Tests in patients and in the lab show the gel heals burns.\n",
    ],
)
def test_evidence_that_includes_people_is_not_preclinical(text):
    assert flagged(text, "preclinical-claim") == []


def test_lab_evidence_alone_is_still_flagged():
    text = "Her studies in the laboratory suggest the gel heals burns.\n"
    assert flagged(text, "preclinical-claim") == ["in the laboratory"]


OBSERVATIONAL = (
    "# Tea and memory\n\n"
    "An observational study of 2,000 adults who drank tea was published in a journal. "
    "{sentence}\n"
)


def test_a_drugs_use_is_not_a_causal_claim():
    text = OBSERVATIONAL.format(
        sentence="Some also took levodopa, a drug used to boost dopamine, the researchers said."
    )
    assert [f for f in lint(text, "overstated-evidence").findings if "boost" in f.message] == []


def test_a_causal_claim_of_the_study_is_still_flagged():
    text = OBSERVATIONAL.format(sentence="The study found that tea boosts memory.")
    assert any("boost" in f.message for f in lint(text, "overstated-evidence").findings)


# -- uncited-statistic: a paragraph that picks up the study's account -------------------------

LAB_STORY = (
    "# New compounds stop a superbug\n\n"
    "Chemists at Ridgeway University made a family of pump blockers. Their findings were "
    "published in the journal Example Chemistry.\n\n"
    "In this study, they tested two blockers against resistant strains, and both stopped the "
    "germs from growing.\n\n"
    "{paragraph}\n"
)


def test_a_paragraph_picking_up_the_study_is_the_studys():
    text = LAB_STORY.format(
        paragraph="The best blocker in this group was up to 40 times more potent than the "
        "usual antibiotics."
    )
    assert [f.severity.name for f in lint(text, "uncited-statistic").findings] in ([], ["INFO"])


@pytest.mark.parametrize(
    "paragraph",
    [
        # No pick-up: a new paragraph of its own.
        "Resistant germs are 40 times more potent killers than they were.",
        # "This year" is a time, not the study's object.
        "This year resistant germs were 40 times more potent killers than before.",
    ],
)
def test_other_paragraphs_are_not_credited(paragraph):
    text = LAB_STORY.format(paragraph=paragraph)
    assert [f.severity.name for f in lint(text, "uncited-statistic").findings] == ["WARNING"]


# -- missing-safety-section ----------------------------------------------------------------------

SAFETY_STORY = (
    "# A new pill for cholesterol\n\n"
    "In a trial of 1,600 patients, the pill raised good cholesterol, and the drug was taken "
    "once a day. There were no significant side effects.\n\n"
    "{paragraph}\n"
)


def safety(text: str) -> list[str]:
    return [f.severity.name for f in lint(text, "missing-safety-section").findings]


def test_a_story_with_only_a_reassurance_is_still_flagged():
    text = SAFETY_STORY.format(paragraph="Doctors hope to prescribe the drug widely.")
    assert safety(text) == ["WARNING"]


def test_a_department_named_with_commas_is_not_an_intervention():
    text = (
        "# Porridge for hungry children\n\n"
        "Children in the study ate fortified porridge for twelve weeks and grew taller, said "
        "a team from the Department of Nutrition, Exercise and Sports at Example University.\n\n"
        "The Department of Nutrition, Exercise and Sports, Example University, ran it.\n"
    )
    assert safety(text) == []


def test_a_blurb_does_not_put_early_work_on_sale():
    text = (
        "# Eye scans may spot memory loss\n\n"
        "The experimental technology uses imaging of the eye. In a feasibility study, imaging "
        "picked out 20 people with the disease, and screening with the scan took minutes.\n\n"
        "About Example Vision Inc\n\nIts chief has commercialized many eye devices.\n"
    )
    assert safety(text) == ["INFO"]


def test_an_experimental_imaging_technique_is_early_work():
    text = (
        "# Eye scans may spot memory loss\n\n"
        "The experimental technology uses imaging of the eye. In a feasibility study, imaging "
        "picked out 20 people with the disease, and screening with the scan took minutes.\n"
    )
    assert safety(text) == ["INFO"]


def test_germs_tested_in_the_lab_are_laboratory_work():
    text = (
        "# A stronger antibiotic\n\n"
        "Chemists changed an old antibiotic so that it works against resistant germs. The "
        "antibiotic has been prescribed for decades. Tested against Example bacteria, the new "
        "antibiotic killed both resistant and ordinary forms. The next step is to make it with "
        "fewer steps in the lab.\n"
    )
    assert safety(text) == ["INFO"]


def test_an_antibiotic_given_to_patients_is_not_laboratory_work():
    text = (
        "# A stronger antibiotic\n\n"
        "Doctors gave a changed antibiotic to 40 patients with resistant infections. The "
        "antibiotic has been prescribed for decades. Tested against Example bacteria, the new "
        "antibiotic killed both resistant and ordinary forms. The next step is to make it with "
        "fewer steps in the lab.\n"
    )
    assert safety(text) == ["WARNING"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dr. Roe, director of substance abuse services at the hospital, led it.\n", []),
        ("In rural areas, substance abuse services are scarce.\n", ["substance abuse"]),
    ],
)
def test_a_job_title_names_an_office(text, expected):
    found = [
        text[f.start : f.end]
        for f in lint(text, "stigmatizing-language").findings
        if f.severity.name == "WARNING"
    ]
    assert found == expected


@pytest.mark.parametrize(
    ("heading", "blurb"),
    [
        ("About The Example Research Institute", True),
        ("About Example Research UK", True),
        ("About the research", False),
        ("About the Study", False),
    ],
)
def test_an_institute_named_research_is_a_blurb(heading, blurb):
    from ketlint.boilerplate import story_end
    from ketlint.parsing import parse

    story = "# Trial results\n\nIn the trial, the new inhaler eased symptoms in most patients.\n\n"
    text = story + heading + "\n\nIt works on lungs.\n"
    assert (story_end(parse(text, "markdown")) == len(story)) is blurb
