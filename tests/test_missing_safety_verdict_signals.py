"""missing-safety-section: what the verdict model's signals read (ketlint.verdict_model)."""

from __future__ import annotations

from ketlint.parsing import parse
from ketlint.ruleset import builtin_ruleset

RULE = "missing-safety-section"
STORY = (
    "# A new pill for gout\n\n"
    "The drug lowered uric acid in a trial of adults with gout. The pill is taken once a day, "
    "and the medication was compared with the usual treatment.\n\n"
)


def signals(text: str) -> dict[str, float]:
    rule = builtin_ruleset().rule(RULE)
    assert rule.verdict_model is not None
    doc = parse(text, "markdown")
    judgement = rule.judge_alone(doc)
    return rule.verdict_model.values(doc, judgement.verdict, judgement.findings)


def test_what_a_study_watched_for_is_not_a_harm_it_found():
    watched = STORY + (
        "Participants were closely monitored for side effects at every visit. Patients took the "
        "drug until unacceptable toxicity or for two years, with safety assessments every month.\n"
    )
    values = signals(watched)
    assert values["own-harm-sentences"] == 0
    found = STORY + "The drug caused side effects such as rashes in some patients.\n"
    assert signals(found)["own-harm-sentences"] > 0


def test_background_harms_are_not_the_interventions_own():
    # Harms the story sets out from: what is done so far, what is widely used, the problems
    # the new treatment is meant to solve, and harms played down. None of them is a harm of
    # the pill the story reports.
    background = STORY + (
        "Currently, people with gout take tablets that can cause side effects such as rashes. "
        "The most widely used drugs for gout carry side effects. Every trial to date has failed "
        "due to side effects. We need to meet the challenges of side effects in gout. The new "
        "pill had minimal side effects.\n"
    )
    values = signals(background)
    assert values["own-harm-sentences"] == 0
    assert values["found-harms"] == 0
    # The same harms told as what the trial found are the intervention's own.
    found = STORY + (
        "The pill can cause side effects such as rashes. The most common side effects were "
        "rashes and headaches, and four patients experienced complications.\n"
    )
    values = signals(found)
    assert values["own-harm-sentences"] > 0
    assert values["found-harms"] > 0


def test_found_harms_need_a_harm_the_study_found():
    # What was watched for, denied, or a comparator's is not a harm found.
    watched = STORY + (
        "Researchers monitored patients for side effects. No side effects were reported. "
        "Side effects of the standard treatment include rashes.\n"
    )
    assert signals(watched)["found-harms"] == 0
    found = STORY + "Side effects included rashes in 12 percent of patients.\n"
    assert signals(found)["found-harms"] > 0


def test_background_harms_alone_leave_the_verdict_not_satisfactory():
    from ketlint.engine import Linter

    def verdict(text: str) -> str:
        result = Linter(builtin_ruleset(), [RULE]).lint_text(text, format="markdown")
        [only] = [v for v in result.verdicts if v.criterion == "harms"]
        return only.value

    background = STORY + (
        "Currently, people with gout take tablets that can cause side effects such as rashes. "
        "The most widely used drugs for gout carry side effects, a drawback for many.\n"
    )
    assert verdict(background) == "not-satisfactory"
    found = STORY + (
        "The most common side effects of the pill were rashes and headaches. Side effects "
        "included nausea in 12 percent of patients.\n"
    )
    assert verdict(found) == "satisfactory"


def test_what_patients_of_a_disease_endure_is_not_the_interventions_own():
    # What patients of the disease or of a standard treatment go through, said as a state (a
    # present-tense or modal enduring verb, or "often experience"), is background: the pill's
    # own harms are what its patients reported, or a warning about it.
    endured = STORY + (
        "People with gout can suffer a range of side effects from their tablets. Patients "
        "undergoing long courses of treatment face side effects for years. Survivors of severe "
        "gout often experience complications such as kidney stones and joint damage.\n"
    )
    values = signals(endured)
    assert values["own-harm-sentences"] == 0
    assert values["found-harms"] == 0
    assert values["own-harm-words"] == 0
    # What the trial's patients reported, and a warning said with a modal, stay the pill's own.
    reported = STORY + "Four patients suffered side effects such as rashes.\n"
    values = signals(reported)
    assert values["own-harm-sentences"] > 0
    assert values["found-harms"] > 0
    warned = STORY + "Patients may experience side effects such as dizziness while on the pill.\n"
    assert signals(warned)["own-harm-sentences"] > 0
