"""The document-level kinds as a rule author uses them: required-section and topic-requires
with their own options, loaded from YAML like any user rule pack."""

from __future__ import annotations

import textwrap
from pathlib import Path

from ketlint.engine import Linter
from ketlint.kinds.base import RuleSpec
from ketlint.model import LintResult
from ketlint.ruleset import Ruleset, load_rule_file
from ketlint.testing import parse_marked


def load(yaml_text: str) -> tuple[list[RuleSpec], list[str]]:
    specs, errors = load_rule_file(Path("house.yml"), textwrap.dedent(yaml_text))
    return specs, [str(error) for error in errors]


def lint(yaml_text: str, text: str, fmt: str = "markdown") -> LintResult:
    specs, errors = load(yaml_text)
    assert not errors, errors
    ruleset = Ruleset({spec.id: spec for spec in specs})
    result = Linter(ruleset, [spec.id for spec in specs]).lint_text(text, format=fmt)
    assert not result.errors, result.errors
    return result


COST_RULE = """
version: 1
rules:
  - id: missing-cost
    kind: required-section
    severity: warning
    criterion: costs
    message: "Mentions {topic} ({top}) but not what it costs{passing}; add “{section}”."
    options:
      topic-label: a paid service
      topics: ['\\bclinic\\b', '\\bappointments?\\b', '\\bsessions?\\b']
      min-topic-mentions: 2
      headings: ['\\b(?:costs?|prices?|fees?|insurance)\\b']
      heading-exceptions: ['\\bcost of doing nothing\\b']
      passages: ['\\bcosts?\\b', '\\bprices?\\b', '\\binsurance\\b', '\\$\\s?\\d']
      not-if: ['\\baffordable\\b']
      min-passage-sentences: 2
      section-title: Costs and insurance
      section-template: "TODO: list the prices."
"""

SERVICE = """# [[Our clinic]]

Book a session at the clinic. Each session lasts an hour.
"""


def test_a_custom_required_section_reports_on_the_title_with_its_own_words():
    text, expected = parse_marked(SERVICE)
    result = lint(COST_RULE, text)
    [finding] = result.findings
    assert [(finding.start, finding.end)] == expected
    assert finding.message == (
        "Mentions a paid service (“clinic” ×2, “session” ×2) but not what it costs; "
        "add “Costs and insurance”."
    )
    assert finding.fix.replacement == "\n## Costs and insurance\n\nTODO: list the prices.\n"
    assert [v.value for v in result.verdicts] == ["not-satisfactory"]
    assert result.verdicts[0].criterion == "costs"


def test_minimum_mentions_heading_exceptions_and_not_if():
    text, _ = parse_marked(SERVICE)
    assert lint(COST_RULE, "# Our clinic\n\nWe are open daily.\n").verdicts[0].value == (
        "not-applicable"
    )
    assert lint(COST_RULE, text + "\n## Fees\n\nSee below.\n").findings == []
    excepted = text + "\n## The cost of doing nothing\n\nIt adds up.\n"
    assert len(lint(COST_RULE, excepted).findings) == 1
    reassured = text + "\nThe price is affordable. Our prices are affordable.\n"
    assert len(lint(COST_RULE, reassured).findings) == 1
    priced = text + "\nEach session costs $120. Insurance rarely pays.\n"
    result = lint(COST_RULE, priced)
    assert result.findings == []
    assert result.verdicts[0].value == "satisfactory"


def test_a_quantified_passage_suffices_unless_switched_off():
    text, _ = parse_marked(SERVICE)
    one = text + "\nThe price rose by 20% this year.\n"
    assert lint(COST_RULE, one).findings == []
    strict = COST_RULE.replace(
        "min-passage-sentences: 2",
        "min-passage-sentences: 2\n      quantified-passage-suffices: false",
    )
    [finding] = lint(strict, one).findings
    assert "(only 1 sentence touches on it in passing)" in finding.message


def test_required_section_options_are_validated_where_they_are_written():
    specs, errors = load(COST_RULE.replace("min-passage-sentences: 2", "min-passage-sentence: 2"))
    assert not specs
    assert any("unknown option 'min-passage-sentence'" in e and "did you mean" in e for e in errors)
    specs, errors = load(COST_RULE.replace("min-topic-mentions: 2", "min-topic-mentions: two"))
    assert any("min-topic-mentions" in e for e in errors)
    specs, errors = load(COST_RULE.replace("'\\bclinic\\b'", "'(clinic'"))
    assert any("does not compile" in e for e in errors)
    without_topics = COST_RULE.replace(
        "      topics: ['\\bclinic\\b', '\\bappointments?\\b', '\\bsessions?\\b']\n", ""
    )
    specs, errors = load(without_topics)
    assert any("'topics' is a required property" in e for e in errors)


def test_html_documents_get_the_section_before_the_body_closes():
    html = (
        "<html><body><h1>Our clinic</h1><p>Book a session. A session is an hour.</p></body></html>"
    )
    [finding] = lint(COST_RULE, html, fmt="html").findings
    assert html[finding.start : finding.end] == "Our clinic"
    assert finding.fix.start == html.index("</body>")
    assert "<h2>Costs and insurance</h2>" in finding.fix.replacement


DISCLAIMER_RULE = """
version: 1
rules:
  - id: supplement-disclaimer
    kind: topic-requires
    severity: info
    message: "“{match}”: a page about {topic} needs the FDA disclaimer ({mentions} mentions)."
    options:
      topic-label: supplements
      topics: ['\\bsupplements?\\b']
      requires: ['not been evaluated by the Food and Drug Administration', 'fda\\.gov/food']
      insert: "These statements have not been evaluated by the Food and Drug Administration."
      discouraged-message: "Say “{suggestion}” instead of “{match}” (term: {term})."
      discouraged:
        - term: cures
          replace: may help with
        - pattern: 'detox\\w*'
          suggestion: (no proven effect)
          message: "“{match}” is not a medical effect."
        - term: all-natural
          replace: natural
          safe: true
"""


def test_topic_requires_reports_the_first_mention_with_an_insertion_fix():
    marked = "# Our shop\n\nThis [[supplement]] is new. Every supplement ships free.\n"
    text, expected = parse_marked(marked)
    [finding] = lint(DISCLAIMER_RULE, text).findings
    assert [(finding.start, finding.end)] == expected
    assert finding.message == (
        "“supplement”: a page about supplements needs the FDA disclaimer (2 mentions)."
    )
    assert finding.fix.start == text.index("free.") + len("free.")
    assert finding.fix.replacement.startswith(" These statements have not been evaluated")
    assert finding.fix.safe is False


def test_topic_requires_is_met_by_prose_or_by_a_link_target():
    text = (
        "# Our shop\n\nThis supplement is new. These statements have not been evaluated by the "
        "Food and Drug Administration.\n"
    )
    assert lint(DISCLAIMER_RULE, text).findings == []
    linked = "# Our shop\n\nThis supplement is new. [Read this](https://www.fda.gov/food/x).\n"
    assert lint(DISCLAIMER_RULE, linked).findings == []


def test_discouraged_terms_use_their_own_or_the_rule_message_and_fixes():
    text = "# Tea\n\nOur all-natural tea cures colds and detoxifies.\n"
    findings = lint(DISCLAIMER_RULE, text).findings
    by_word = {text[f.start : f.end]: f for f in findings}
    assert set(by_word) == {"all-natural", "cures", "detoxifies"}
    assert by_word["cures"].message == "Say “may help with” instead of “cures” (term: cures)."
    assert by_word["cures"].fix.replacement == "may help with" and not by_word["cures"].fix.safe
    assert by_word["all-natural"].fix.safe
    assert by_word["detoxifies"].message == "“detoxifies” is not a medical effect."
    assert by_word["detoxifies"].fix is None


def test_topic_requires_without_requires_only_checks_wording():
    only_terms = DISCLAIMER_RULE.replace(
        "      requires: ['not been evaluated by the Food and Drug Administration', "
        "'fda\\.gov/food']\n",
        "",
    )
    text = "# Shop\n\nA supplement that cures colds.\n"
    findings = lint(only_terms, text).findings
    assert [text[f.start : f.end] for f in findings] == ["cures"]


def test_the_requirement_can_start_from_several_mentions():
    twice = DISCLAIMER_RULE.replace(
        "topic-label: supplements", "topic-label: supplements\n      min-mentions: 2"
    )
    assert lint(twice, "# Shop\n\nOne supplement.\n").findings == []
    [finding] = lint(twice, "# Shop\n\nOne supplement. Another supplement.\n").findings
    assert "(2 mentions)" in finding.message


def test_case_sensitivity_is_an_option():
    sensitive = DISCLAIMER_RULE.replace(
        "topic-label: supplements", "topic-label: supplements\n      ignore-case: false"
    )
    assert lint(sensitive, "# Shop\n\nSUPPLEMENT sale.\n").findings == []
    assert len(lint(DISCLAIMER_RULE, "# Shop\n\nSUPPLEMENT sale.\n").findings) == 1


def test_topic_requires_options_are_validated():
    specs, errors = load(DISCLAIMER_RULE.replace("discouraged-message", "discouraged-mesage"))
    assert any("unknown option 'discouraged-mesage'" in e for e in errors)
    bad_term = DISCLAIMER_RULE.replace("        - term: cures\n", "        - trem: cures\n")
    specs, errors = load(bad_term)
    assert errors and not specs


def test_supporting_passages_count_only_beside_a_clear_passage():
    supported = COST_RULE.replace(
        "      not-if: ['\\baffordable\\b']\n",
        "      not-if: ['\\baffordable\\b']\n"
        "      supporting-passages: ['\\bpay\\w*\\b', '\\bbudget\\b']\n",
    )
    text, _ = parse_marked(SERVICE)
    only_supporting = text + "\nPlan your budget. Pay at the desk.\n"
    [finding] = lint(supported, only_supporting).findings
    assert "in passing" not in finding.message
    assert lint(supported, only_supporting).verdicts[0].value == "not-satisfactory"
    beside = only_supporting + "\nA session costs a lot.\n"
    result = lint(supported, beside)
    assert result.findings == []
    assert result.verdicts[0].value == "satisfactory"
    assert result.verdicts[0].reason == "3 sentence(s) discuss it"


def test_a_number_in_a_supporting_sentence_does_not_suffice():
    supported = COST_RULE.replace(
        "      not-if: ['\\baffordable\\b']\n",
        "      not-if: ['\\baffordable\\b']\n      supporting-passages: ['\\bbudget\\b']\n",
    )
    text, _ = parse_marked(SERVICE)
    assert len(lint(supported, text + "\nKeep 10% of your budget free.\n").findings) == 1
    assert lint(supported, text + "\nThe price rose by 10% this year.\n").findings == []
