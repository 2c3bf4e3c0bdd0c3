"""preclinical-claim and the ``sentence-pattern`` kind's ``unless-lead``: an animal result in an
article whose lead reports a study in people is that study's background."""

from __future__ import annotations

from typing import Any

from ketlint.engine import Linter
from ketlint.kinds.base import RuleSpec
from ketlint.model import Severity
from ketlint.ruleset import Ruleset

RULE = "preclinical-claim"
BACKGROUND = (
    "Earlier work showed that the antioxidant can restore those levels and prevent relapse in "
    "animal models of addiction.\n"
)


def test_an_animal_result_after_a_lead_reporting_a_trial_in_people_is_background(lint):
    text = (
        "# An antioxidant for PTSD and addiction\n\n"
        "The antioxidant reduced cravings in veterans in a randomized controlled pilot trial.\n\n"
        + BACKGROUND
    )
    assert lint(text, RULE) == []


def test_the_same_animal_result_in_an_article_about_it_is_flagged(lint):
    text = (
        "# An antioxidant for addiction\n\n"
        "The antioxidant may one day help people with addiction, researchers say.\n\n" + BACKGROUND
    )
    [finding] = lint(text, RULE)
    assert text[finding.start : finding.end] == "in animal models"


def test_a_claim_in_the_lead_itself_is_still_read(lint):
    text = (
        "# A pill for memory\n\n"
        "The pill reversed memory loss in mice, and a trial in 40 people starts next year.\n"
    )
    assert len(lint(text, RULE)) == 1


OPTIONS: dict[str, Any] = {
    "patterns": [r"\bin\s+mice\b"],
    "with-any": [r"\bcured\b"],
    "unless-lead": [r"\btrial\b"],
}


def test_cached_findings_of_a_paragraph_are_not_shared_across_leads():
    # One linter, so the block cache is shared: the same paragraph is flagged under one lead
    # and excused under the other, in either order.
    spec = RuleSpec("house-mice", "sentence-pattern", Severity.WARNING, "{match}", options=OPTIONS)
    linter = Linter(Ruleset({"house-mice": spec}), ["house-mice"])
    paragraph = "\n\nThe drug cured the disease in mice.\n"
    excused = "# Drug\n\nA trial in people." + paragraph
    flagged = "# Drug\n\nA new drug." + paragraph
    for text, expected in [(flagged, 1), (excused, 0), (flagged, 1), (excused, 0)]:
        assert len(linter.lint_text(text).findings) == expected


def test_a_paragraph_under_a_section_heading_is_not_the_lead(lint):
    text = (
        "# An antioxidant for addiction\n\n## What the research says\n\n"
        "In a randomized controlled trial of 120 adults, cravings fell.\n\n" + BACKGROUND
    )
    assert len(lint(text, RULE)) == 1


def test_a_lead_reporting_a_preclinical_trial_does_not_excuse_the_animal_results(lint):
    # "a pre-clinical trial in mice" names a trial, but not one in people.
    for trial in ("a pre-clinical trial", "a preclinical trial"):
        text = (
            "# A drug for addiction\n\n"
            f"Researchers ran {trial} of the antioxidant in rats.\n\n" + BACKGROUND
        )
        [finding] = lint(text, RULE)
        assert text[finding.start : finding.end] == "in animal models"
