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
    assert values["harm-sentences"] == 0
    assert values["own-harm-sentences"] == 0
    found = STORY + "The drug caused side effects such as rashes in some patients.\n"
    assert signals(found)["harm-sentences"] > 0
    assert signals(found)["own-harm-sentences"] > 0
