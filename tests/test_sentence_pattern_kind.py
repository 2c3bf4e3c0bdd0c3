"""The ``sentence-pattern`` kind: a phrase flagged only beside a claim, unless a caveat is near."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from ketlint.engine import Linter
from ketlint.kinds import available_kinds, kind_class
from ketlint.kinds.base import Kind, RuleSpec
from ketlint.model import Finding, Severity
from ketlint.ruleset import Ruleset, load_rule_file
from ketlint.testing import mark, parse_marked

RULE_ID = "house-animal-claim"
MOUSE_CLAIM: dict[str, Any] = {
    "patterns": [r"\bin\s+mice\b"],
    "with-any": [r"\bcur(?:e|es|ed)\b", r"\breverse[sd]?\b"],
    "unless-any": [r"\bnot\s+(?:yet\s+)?tested\s+in\s+people\b"],
}


def ruleset(options: dict[str, Any], message: str = "“{match}” backs “{claim}”.") -> Ruleset:
    spec = RuleSpec(RULE_ID, "sentence-pattern", Severity.WARNING, message, options=options)
    return Ruleset({RULE_ID: spec})


def lint(text: str, options: dict[str, Any], fmt: str = "markdown") -> list[Finding]:
    result = Linter(ruleset(options), [RULE_ID]).lint_text(text, format=fmt)
    assert not result.errors, result.errors
    return result.findings


def assert_marked(marked: str, options: dict[str, Any], fmt: str = "markdown") -> list[Finding]:
    text, expected = parse_marked(marked)
    findings = lint(text, options, fmt)
    got = sorted((f.start, f.end) for f in findings)
    assert got == sorted(expected), f"\nexpected: {marked}\ngot:      {mark(text, got)}"
    return findings


def test_the_kind_is_registered_by_name():
    assert "sentence-pattern" in available_kinds()
    # Of the new shape: it reads paragraphs and the engine keeps what it read.
    assert issubclass(kind_class("sentence-pattern"), Kind)


def test_every_option_is_described_for_the_generated_docs():
    properties = kind_class("sentence-pattern").options_schema["properties"]
    assert {"patterns", "with-any", "unless-any", "unless-scope"} <= set(properties)
    assert all(schema.get("description") for schema in properties.values())


def test_the_pattern_is_flagged_when_its_sentence_makes_the_claim():
    assert_marked("The herb cured gout [[in mice]].", MOUSE_CLAIM)


def test_a_claim_in_another_sentence_does_not_count():
    assert lint("The herb was given in mice. It cured gout in a man.", MOUSE_CLAIM) == []


def test_without_with_any_the_pattern_alone_is_enough():
    options = {"patterns": [r"\bin\s+mice\b"]}
    assert_marked("The herb was tested [[in mice]]. Nothing else.", options)


def test_the_finding_names_the_claim_and_points_at_it():
    text = "The herb reversed gout in mice."
    [finding] = lint(text, MOUSE_CLAIM)
    assert finding.message == "“in mice” backs “reversed”."
    [related] = finding.related
    assert text[related.start : related.end] == "reversed"
    assert finding.data == {"match": "in mice", "claim": "reversed"}


def test_a_caveat_in_the_sentence_excuses_it():
    assert lint("The herb cured gout in mice but was not tested in people.", MOUSE_CLAIM) == []


def test_with_sentence_scope_a_caveat_in_the_next_sentence_does_not_excuse():
    assert_marked("The herb cured gout [[in mice]]. It was not tested in people.", MOUSE_CLAIM)


def test_with_paragraph_scope_a_caveat_anywhere_in_the_paragraph_excuses():
    options = dict(MOUSE_CLAIM, **{"unless-scope": "paragraph"})
    assert lint("The herb cured gout in mice. It was not tested in people.", options) == []


def test_with_paragraph_scope_a_caveat_in_another_paragraph_does_not_excuse():
    options = dict(MOUSE_CLAIM, **{"unless-scope": "paragraph"})
    marked = "The herb cured gout [[in mice]].\n\nIt was not tested in people.\n"
    assert_marked(marked, options)


def test_one_finding_per_sentence_unless_every_match_is_asked_for():
    options = {"patterns": [r"\bin\s+(?:mice|rats)\b"], "with-any": [r"\bcured\b"]}
    assert_marked("It cured gout [[in mice]] and in rats.", options)
    every_match = dict(options, **{"first-only": False})
    assert_marked("It cured gout [[in mice]] and [[in rats]].", every_match)


def test_a_claim_word_inside_the_flagged_phrase_is_not_its_own_claim():
    options = {"patterns": [r"\bcured\s+mice\b"], "with-any": [r"\bcured\b"]}
    assert lint("The study used cured mice.", options) == []
    assert_marked("The herb cured gout in [[cured mice]].", options)


@pytest.mark.parametrize(
    "text",
    [
        "The herb cured gout `in mice`.",
        "The herb [was studied](https://example.org/in-mice) and cured gout.",
        "```\nThe herb cured gout in mice.\n```\n",
        "<!-- The herb cured gout in mice. -->\nPlain.",
    ],
)
def test_code_link_targets_and_comments_can_neither_trigger_nor_claim(text):
    assert lint(text, MOUSE_CLAIM) == []


def test_a_caveat_hidden_in_a_link_target_does_not_excuse():
    marked = "The herb cured gout [[in mice]] ([notes](https://example.org/not-tested-in-people))."
    assert_marked(marked, MOUSE_CLAIM)


def test_the_range_is_exact_across_emphasis_and_case():
    options = {"patterns": [r"\bin\s+rodent\s+models\b"], "with-any": [r"\breverse[sd]?\b"]}
    assert_marked("It reversed the deficit **[[In** rodent models]].", options)


def test_headings_are_checked_unless_skipped():
    text = "# Herb cures gout in mice\n\nA paragraph.\n"
    assert len(lint(text, MOUSE_CLAIM)) == 1
    assert lint(text, dict(MOUSE_CLAIM, **{"skip-headings": True})) == []


def test_findings_stay_the_same_when_the_paragraph_moves():
    linter = Linter(ruleset(MOUSE_CLAIM), [RULE_ID])
    paragraph = "The herb cured gout in mice.\n"
    for prefix in ("", "Intro.\n\n", "A longer introduction here.\n\n"):
        text = prefix + paragraph
        [finding] = linter.lint_text(text, format="markdown").findings
        assert text[finding.start : finding.end] == "in mice"


def write_rule(tmp_path: Path, options: dict[str, Any]) -> Path:
    rule = {"id": RULE_ID, "kind": "sentence-pattern", "message": "m", "options": options}
    path = tmp_path / "house.yml"
    path.write_text(yaml.safe_dump({"version": 1, "rules": [rule]}, sort_keys=False), "utf-8")
    return path


IN_MICE = [r"\bin\s+mice\b"]


@pytest.mark.parametrize(
    ("options", "problem"),
    [
        ({"with-any": ["cure"]}, "'patterns' is a required property"),
        ({"patterns": []}, "should be non-empty"),
        (
            {"patterns": IN_MICE, "unless-scope": "section"},
            "is not one of ['sentence', 'paragraph']",
        ),
        (
            {"patterns": IN_MICE, "with_any": ["cure"]},
            "unknown option 'with_any' for kind 'sentence-pattern' (did you mean 'with-any'?)",
        ),
        ({"patterns": ["in (mice"]}, "does not compile"),
        ({"patterns": ["(a|aa)+b"]}, "can backtrack catastrophically"),
        ({"patterns": IN_MICE, "with-any": ["(a|aa)+b"]}, "can backtrack catastrophically"),
        ({"patterns": IN_MICE, "unless-any": ["not (tested"]}, "does not compile"),
    ],
)
def test_bad_options_are_reported_with_a_plain_sentence(tmp_path, options, problem):
    specs, errors = load_rule_file(write_rule(tmp_path, options))
    assert specs == []
    assert any(problem in str(error) for error in errors), errors


def test_a_broken_caveat_pattern_is_reported_on_its_own_line(tmp_path):
    path = write_rule(tmp_path, {"patterns": IN_MICE, "unless-any": ["early", "not (tested"]})
    line = path.read_text("utf-8").splitlines().index("    - not (tested") + 1
    _, errors = load_rule_file(path)
    assert [str(e).split(": ")[0] for e in errors] == [f"{path}:{line}:7"]


def test_a_good_rule_file_loads(tmp_path):
    options = {"patterns": IN_MICE, "with-any": ["cure"], "unless-scope": "paragraph"}
    specs, errors = load_rule_file(write_rule(tmp_path, options))
    assert errors == [] and [s.kind for s in specs] == ["sentence-pattern"]
