"""suicide-safe-messaging and the ``topic-requires`` kind's ``passing-mentions``: one mention in
a research report is a question for the editor (info); an article about suicide, or a
patient-facing page, gets the warning."""

from __future__ import annotations

from test_suicide_safe_messaging import run

from ketlint.model import Severity

TRIAL = (
    "# A contraceptive injection for men\n\n"
    "Researchers tested a hormone injection in a trial of 320 men.\n\n"
    "Adverse events included acne and mood changes, and one death by suicide that was judged "
    "unrelated to the drug.\n"
)


def test_one_mention_in_a_research_report_is_info():
    [finding] = run(TRIAL)
    assert finding.severity == Severity.INFO
    assert finding.data["passing"] is True


def test_two_mentions_in_a_research_report_get_the_warning():
    text = TRIAL + "\nSuicidal thoughts were asked about at every visit.\n"
    [finding] = run(text)
    assert finding.severity == Severity.WARNING


def test_one_mention_on_a_patient_facing_page_gets_the_warning():
    text = (
        "# Ketamine at our clinic\n\n"
        "Ketamine may ease suicidal thoughts within hours. Talk to your doctor about it.\n"
    )
    [finding] = run(text)
    assert finding.severity == Severity.WARNING


def test_passing_mentions_is_an_option():
    [finding] = run(TRIAL, **{"passing-mentions": 0})
    assert finding.severity == Severity.WARNING
    [anywhere] = run(
        "# Ketamine\n\nKetamine may ease suicidal thoughts.\n",
        **{"passing-if-lead": [], "passing-severity": "hint"},
    )
    assert anywhere.severity == Severity.HINT
