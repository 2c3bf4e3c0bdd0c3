"""Where a phrases finding stands: inside a direct quotation, or in press-release
boilerplate. House rules choose what such findings become (ketlint.kinds.placement)."""

from __future__ import annotations

from typing import Any

from ketlint.engine import Linter
from ketlint.fixes import applicable_fixes
from ketlint.kinds.base import RuleSpec
from ketlint.model import Finding, Severity
from ketlint.ruleset import Ruleset

RULE_ID = "house-words"
TERMS = [
    {"term": "game changer", "suggestion": "an advance", "replace": "an advance", "safe": True}
]


def lint(text: str, severity: Severity = Severity.WARNING, **options: Any) -> list[Finding]:
    spec = RuleSpec(
        RULE_ID, "phrases", severity, "Avoid “{match}”.", options={"terms": TERMS, **options}
    )
    result = Linter(Ruleset({RULE_ID: spec}), [RULE_ID]).lint_text(text, format="markdown")
    assert not result.errors, result.errors
    return result.findings


QUOTED = 'It is a game changer, and "a game changer for patients," he said.\n'
BOILERPLATE = "The drug is a game changer.\n\n###\n\nAbout Acme\n\nAcme makes a game changer.\n"


def test_without_options_a_quoted_match_is_reported_like_any_other():
    writer, quoted = lint(QUOTED)
    assert writer.severity is quoted.severity is Severity.WARNING
    assert writer.message == quoted.message


def test_a_fix_inside_a_quotation_is_never_safe_whatever_the_options():
    writer, quoted = lint(QUOTED)
    assert writer.fix is not None and writer.fix.safe
    assert quoted.fix is not None and not quoted.fix.safe
    assert applicable_fixes([writer, quoted]) == [writer.fix]


def test_in_quotes_severity_lowers_the_quoted_match_and_its_message_says_why():
    writer, quoted = lint(QUOTED, **{"in-quotes-severity": "hint"})
    assert writer.severity is Severity.WARNING
    assert quoted.severity is Severity.HINT
    assert quoted.message.startswith("Avoid “game changer”. Consider “an advance”. It stands")
    assert "direct quotation" in quoted.message
    assert quoted.data["placement"] == "quotation"


def test_in_quotes_message_is_a_template_over_the_match_and_the_old_message():
    _, quoted = lint(
        QUOTED, **{"in-quotes-severity": "info", "in-quotes-message": "Quoted: {match} ({message})"}
    )
    assert quoted.message == "Quoted: game changer (Avoid “game changer”. Consider “an advance”.)"


def test_off_drops_quoted_matches():
    [writer] = lint(QUOTED, **{"in-quotes-severity": "off"})
    assert QUOTED[writer.start : writer.end] == "game changer"
    assert writer.start < QUOTED.index('"')


def test_the_option_never_raises_a_rule_above_its_own_severity():
    findings = lint(QUOTED, Severity.INFO, **{"in-quotes-severity": "warning"})
    assert [f.severity for f in findings] == [Severity.INFO, Severity.INFO]


def test_boilerplate_matches_get_the_boilerplate_severity():
    story, blurb = lint(BOILERPLATE, **{"in-boilerplate-severity": "info"})
    assert story.severity is Severity.WARNING
    assert blurb.severity is Severity.INFO
    assert blurb.data["placement"] == "boilerplate"
    assert [f.severity for f in lint(BOILERPLATE)] == [Severity.WARNING, Severity.WARNING]
    assert len(lint(BOILERPLATE, **{"in-boilerplate-severity": "off"})) == 1


def test_the_same_paragraph_in_the_story_and_in_the_boilerplate_is_not_confused():
    # Block findings are cached by the paragraph's text; where it stands is part of the key.
    text = "Acme makes a game changer.\n\n###\n\nAbout Acme\n\nAcme makes a game changer.\n"
    linter = Linter(
        Ruleset(
            {
                RULE_ID: RuleSpec(
                    RULE_ID,
                    "phrases",
                    Severity.WARNING,
                    "Avoid “{match}”.",
                    options={"terms": TERMS, "in-boilerplate-severity": "info"},
                )
            }
        ),
        [RULE_ID],
    )
    for _ in range(2):
        result = linter.lint_text(text, format="markdown")
        assert [f.severity for f in result.findings] == [Severity.WARNING, Severity.INFO]


def test_when_denied_severity_drops_or_lowers_a_match_the_sentence_rejects():
    text = "It is not a game changer. It is a game changer.\n"
    rejected, claimed = lint(text, **{"when-denied-severity": "info"})
    assert rejected.severity is Severity.INFO and rejected.data["placement"] == "denied"
    assert claimed.severity is Severity.WARNING
    [kept] = lint(text, **{"when-denied-severity": "off"})
    assert kept.start == text.rindex("game changer")
    assert len(lint(text)) == 2  # without the option a denial is a match like any other
