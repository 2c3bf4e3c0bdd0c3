"""The ``required-section`` kind's ``mild-if``: kinds of article where the finding is reported
at a lower severity, the verdict unchanged."""

from __future__ import annotations

from typing import Any

from ketlint.engine import Linter
from ketlint.kinds.base import RuleSpec
from ketlint.model import Finding, LintResult, Severity
from ketlint.ruleset import Ruleset

RULE_ID = "house-costs"
OPTIONS: dict[str, Any] = {
    "topics": [r"\b(?:tea|coffee|drug)\b"],
    "min-topic-mentions": 2,
    "passages": [r"\bcosts?\b"],
    "mild-if": [
        {
            "label": "a drinks study",
            "topics-only": [r"\b(?:tea|coffee)\b"],
            "none": [r"\brandomi[sz]ed\b"],
        },
        {"label": "a mouse study", "any": [r"\bmice\b"], "min-any": 2},
    ],
}


def lint(text: str, **overrides: Any) -> LintResult:
    spec = RuleSpec(
        RULE_ID,
        "required-section",
        Severity.WARNING,
        "No word on costs.",
        options={**OPTIONS, **overrides},
        criterion="costs",
    )
    result = Linter(Ruleset({RULE_ID: spec}), [RULE_ID]).lint_text(text)
    assert not result.errors, result.errors
    return result


def only(result: LintResult) -> Finding:
    [finding] = result.findings
    return finding


def test_an_article_matching_an_entry_gets_the_mild_severity_and_note():
    finding = only(lint("# Tea\n\nTea and coffee were linked to long life.\n"))
    assert finding.severity == Severity.INFO
    assert finding.message == (
        "No word on costs. (shown as a suggestion: the article reads as a drinks study)"
    )


def test_every_condition_of_an_entry_must_hold():
    randomized = only(lint("# Tea\n\nTea and coffee were randomized.\n"))
    assert randomized.severity == Severity.WARNING
    other_topic = only(lint("# Tea\n\nTea and a drug were linked to long life.\n"))
    assert other_topic.severity == Severity.WARNING


def test_topics_share_lets_a_stray_word_pass():
    text = "# Tea\n\nTea, tea, coffee and tea. Tea helps, like a drug.\n"
    assert only(lint(text)).severity == Severity.WARNING
    relaxed = [dict(OPTIONS["mild-if"][0], **{"topics-share": 0.8})]
    assert only(lint(text, **{"mild-if": relaxed})).severity == Severity.INFO


def test_min_any_counts_sentences():
    once = "# A drug\n\nThe drug worked in mice. The drug is new.\n"
    assert only(lint(once)).severity == Severity.WARNING
    twice = "# A drug\n\nThe drug worked in mice. The drug is new, and mice liked it.\n"
    assert only(lint(twice)).severity == Severity.INFO


def test_the_verdict_does_not_change_and_severity_and_note_are_options():
    result = lint("# Tea\n\nTea and coffee were linked to long life.\n")
    [verdict] = result.verdicts
    assert verdict.value == "not-satisfactory"
    custom = only(
        lint(
            "# Tea\n\nTea and coffee were linked to long life.\n",
            **{"mild-severity": "hint", "mild-message": "[{label}]"},
        )
    )
    assert custom.severity == Severity.HINT
    assert custom.message == "No word on costs. [a drinks study]"


# A kind read from the words before each mention: "green tea" counts, a bare "tea" is no kind.
CONTEXT_OPTIONS: dict[str, Any] = {
    "topics": [r"\b(?:tea|drug)\b"],
    "mild-if": [
        {
            "label": "a green tea study",
            "topics-only": [r"\bgreen\s+tea\b"],
            "topics-context": 20,
            "topics-share": 0.6,
        }
    ],
}


def test_topics_context_reads_the_words_before_a_mention():
    text = "# Green tea\n\nGreen tea was drunk. Green tea helped. A drug did not.\n"
    assert only(lint(text, **CONTEXT_OPTIONS)).severity == Severity.INFO
    without_context = [dict(CONTEXT_OPTIONS["mild-if"][0], **{"topics-context": 0})]
    options = {**CONTEXT_OPTIONS, "mild-if": without_context}
    assert only(lint(text, **options)).severity == Severity.WARNING


def test_topics_neutral_mentions_count_neither_way():
    text = "# Green tea\n\nGreen tea was drunk. Tea, tea and more tea. A drug did not help.\n"
    assert only(lint(text, **CONTEXT_OPTIONS)).severity == Severity.WARNING
    neutral = [dict(CONTEXT_OPTIONS["mild-if"][0], **{"topics-neutral": [r"^tea$"]})]
    options = {**CONTEXT_OPTIONS, "mild-if": neutral}
    assert only(lint(text, **options)).severity == Severity.INFO
    # Neutral words alone do not make the kind: one mention of it must be there.
    bare = "# Tea\n\nTea, tea and more tea.\n"
    assert only(lint(bare, **options)).severity == Severity.WARNING


def test_a_mention_after_a_background_cue_counts_neither_way_in_the_shares():
    text = "# Tea\n\nTea and coffee after a drug course were linked to long life.\n"
    assert only(lint(text)).severity == Severity.WARNING
    quiet = lint(text, **{"mild-topics-background": [r"\bafter\s+(?:a\s+)?$"]})
    assert only(quiet).severity == Severity.INFO


def test_the_title_can_meet_topics_only_in_place_of_the_share():
    # Most topic words are the drug, but the title says the article is about tea.
    text = "# Tea in a cup\n\nA drug, a drug and tea were compared.\n"
    assert only(lint(text)).severity == Severity.WARNING
    by_title = [dict(OPTIONS["mild-if"][0], **{"title-only": [r"\btea\b"]})]
    assert only(lint(text, **{"mild-if": by_title})).severity == Severity.INFO


def test_title_unless_keeps_a_title_that_also_names_something_else():
    text = "# Tea or a drug\n\nA drug, a drug and tea were compared.\n"
    entry = dict(
        OPTIONS["mild-if"][0], **{"title-only": [r"\btea\b"], "title-unless": [r"\bdrug\b"]}
    )
    assert only(lint(text, **{"mild-if": [entry]})).severity == Severity.WARNING


def test_the_title_does_not_lift_the_other_conditions():
    text = "# Tea in a cup\n\nA drug, a drug and tea were randomized.\n"
    by_title = [dict(OPTIONS["mild-if"][0], **{"title-only": [r"\btea\b"]})]
    assert only(lint(text, **{"mild-if": by_title})).severity == Severity.WARNING
