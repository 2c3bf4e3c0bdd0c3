"""The ``benefit-claims`` kind: relative and absolute figures in the sentences that claim benefits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ketlint.engine import Linter
from ketlint.kinds import available_kinds, kind_class
from ketlint.kinds.base import Kind, RuleSpec
from ketlint.kinds.benefit_claims import FigureGrammarError, expand_fragments
from ketlint.model import LintResult, Severity
from ketlint.ruleset import Ruleset, load_rule_dirs

RULE_ID = "house-benefits"
OPTIONS: dict[str, Any] = {
    "claim-words": [r"\bhelp(?:s|ed)?\b", r"\blower\b", r"\bcut\b"],
    "not-claims": [r"\bnationwide\b"],
    "harm-words": [r"\bside\s+effects?\b"],
    "benefit-words": [r"\bhelp(?:s|ed)?\b"],
    "vague-words": [r"\bgreatly\s+helped\b"],
    "vague-severity": "hint",
    "vague-message": "“{match}”: how much?",
}


def run(text: str, **changes: Any) -> LintResult:
    options = {**OPTIONS, **changes}
    message = "“{match}” (claim: “{claim}”)"
    spec = RuleSpec(
        RULE_ID, "benefit-claims", Severity.WARNING, message, options=options, criterion="b"
    )
    result = Linter(Ruleset({RULE_ID: spec}), [RULE_ID]).lint_text(text, format="markdown")
    assert not result.errors, result.errors
    return result


def value(result: LintResult) -> str:
    [only] = result.verdicts
    return only.value


def test_the_kind_is_registered_and_every_option_is_described():
    assert "benefit-claims" in available_kinds()
    cls = kind_class("benefit-claims")
    assert issubclass(cls, Kind)
    properties = cls.options_schema["properties"]
    assert {"claim-words", "not-claims", "harm-words", "vague-words"} <= set(properties)
    assert all(schema.get("description") for schema in properties.values())


def test_messages_name_the_figure_and_the_claim_word():
    [finding] = run("The tea helped: colds were 30% shorter.").findings
    assert finding.message == "“30% shorter” (claim: “helped”)"
    assert finding.severity == Severity.WARNING


def test_the_claim_words_decide_whether_a_benefit_is_claimed_at_all():
    assert value(run("# Tea\n\nTea is made from leaves.\n")) == "not-applicable"
    assert value(run("# Tea\n\nTea helped with colds.\n")) == "not-satisfactory"
    # An absolute figure makes a sentence a claim even without a claim word.
    assert value(run("# Tea\n\n13 of the 22 drinkers had shorter colds.\n")) == "satisfactory"


def test_not_claims_sentences_are_never_read():
    text = "# Tea\n\nTea helped. Nationwide, 1 in 5 people drink it daily.\n"
    assert value(run(text)) == "not-satisfactory"
    assert value(run(text, **{"not-claims": []})) == "satisfactory"


def test_a_harm_sentence_counts_only_with_a_benefit_word():
    assert value(run("# Tea\n\nTea helped. 3 of 50 drinkers had side effects.\n")) == (
        "not-satisfactory"
    )
    assert value(run("# Tea\n\nIt helped 30 of 50 drinkers, with few side effects.\n")) == (
        "satisfactory"
    )


def test_vague_words_use_their_own_message_and_severity_when_nothing_is_quantified():
    [finding] = run("# Tea\n\nTea greatly helped people with colds.\n").findings
    assert finding.message == "“greatly helped”: how much?"
    assert finding.severity == Severity.HINT
    assert run("# Tea\n\nTea greatly helped: colds were 30% shorter.\n").findings[0].data == {
        "kind": "relative-only",
        "match": "30% shorter",
    }


@pytest.mark.parametrize("skip", [True, False])
def test_boilerplate_can_be_read_when_a_rule_asks(skip):
    text = "# Tea\n\nTea helped.\n\n## About Teaco\n\nTeaco helped 9 out of 10 customers.\n"
    expected = "not-satisfactory" if skip else "satisfactory"
    assert value(run(text, **{"skip-boilerplate": skip})) == expected


# -- the figure grammar is data ---------------------------------------------------------

HOUSE_RULE = """\
version: 1
rules:
  - id: house-halved
    kind: benefit-claims
    severity: warning
    message: "“{match}”: of how many?"
    options:
      claim-words: ['\\bhalved\\b', '\\bcut\\b']
      figures-file: data/figures.yml
"""
HOUSE_GRAMMAR = """\
fragments:
  number: '\\d+'
relative:
  halved: '\\bhalved\\b'
absolute:
  count: '{number}\\s+of\\s+{number}'
rate: '{number}\\s?%'
comparison: '\\bversus\\b'
hint: '\\d|halved'
"""


def house_pack(tmp_path: Path, grammar: str = HOUSE_GRAMMAR) -> Path:
    (tmp_path / "data").mkdir()
    (tmp_path / "house.yml").write_text(HOUSE_RULE, encoding="utf-8")
    (tmp_path / "data" / "figures.yml").write_text(grammar, encoding="utf-8")
    return tmp_path


def test_a_house_rule_brings_its_own_figure_grammar(tmp_path):
    ruleset, errors = load_rule_dirs([house_pack(tmp_path)])
    assert errors == []
    assert list(ruleset.specs) == ["house-halved"]  # data/figures.yml is not a rule file
    linter = Linter(ruleset, ["house-halved"])
    text = "The drug halved pain.\n\nThe drug cut pain in 12 of 20 patients, and halved it.\n"
    found = [text[f.start : f.end] for f in linter.lint_text(text, format="markdown").findings]
    assert found == ["halved"]  # the second "halved" has its count beside it


def test_a_grammar_that_names_an_unknown_fragment_is_reported_with_its_file(tmp_path):
    broken = HOUSE_GRAMMAR.replace("{number}\\s+of", "{numbr}\\s+of")
    _ruleset, errors = load_rule_dirs([house_pack(tmp_path, broken)])
    [error] = errors
    assert "house.yml" in str(error) and "figures.yml" in str(error)
    assert "'count': unknown fragment {numbr}" in str(error)


def test_fragments_expand_inside_fragments_and_leave_quantifiers_and_properties_alone():
    fragments = {"digit": r"\d", "number": r"{digit}{1,3}"}
    assert expand_fragments(r"\p{L}+ {number}", fragments) == r"\p{L}+ \d{1,3}"
    with pytest.raises(FigureGrammarError, match="uses itself"):
        expand_fragments("{loop}", {"loop": "a{loop}"})
