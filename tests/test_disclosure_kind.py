"""The ``disclosure`` kind: an article of some kind owes one statement, anywhere in it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from ketlint.engine import Linter
from ketlint.kinds import available_kinds, kind_class
from ketlint.kinds.base import Kind, RuleSpec
from ketlint.model import LintResult, Severity
from ketlint.ruleset import Ruleset, load_rule_file

RULE_ID = "house-needs-dosage"
DOSAGE: dict[str, Any] = {
    "applies-if": [r"\bpills?\b"],
    "statements": [
        r"\bdose\s+is\b",
        {
            "pattern": r"\bmg\b",
            "with-any": [r"\btake\b"],
            "unless-any": [r"\bmaximum\b"],
            "label": "gives the dose",
        },
    ],
    "not-if": [r"\bask\s+your\s+pharmacist\b"],
    "subject-label": "the dose",
}


def run(text: str, options: dict[str, Any] | None = None, fmt: str = "markdown") -> LintResult:
    spec = RuleSpec(
        RULE_ID,
        "disclosure",
        Severity.INFO,
        "“{example}” needs {subject}.",
        options=options or DOSAGE,
        criterion="dosage",
    )
    result = Linter(Ruleset({RULE_ID: spec}), [RULE_ID]).lint_text(text, format=fmt)
    assert not result.errors, result.errors
    return result


def value(result: LintResult) -> str:
    [only] = result.verdicts
    return only.value


def test_the_kind_is_registered_and_every_option_is_described():
    assert "disclosure" in available_kinds()
    cls = kind_class("disclosure")
    assert issubclass(cls, Kind)
    properties = cls.options_schema["properties"]
    assert {"applies-if", "statements", "not-if", "lead-words", "min-mentions"} <= set(properties)
    assert all(schema.get("description") for schema in properties.values())


def test_a_missing_statement_is_reported_once_on_the_title_with_the_reason_related():
    text = "# Sleep pills\n\nThe pill helps you sleep. Another pill is on the way.\n"
    result = run(text)
    [finding] = result.findings
    assert text[finding.start : finding.end] == "Sleep pills"
    assert finding.message == "“pills” needs the dose."
    assert [text[r.start : r.end] for r in finding.related] == ["pills"]
    assert value(result) == "not-satisfactory"


def test_a_plain_statement_anywhere_satisfies_it():
    result = run("# Sleep pills\n\nThe pill helps.\n\nThe usual dose is one a night.\n")
    assert result.findings == []
    assert value(result) == "satisfactory"


def test_a_statement_object_needs_its_companion_words_and_none_of_its_exclusions():
    assert value(run("# Sleep pills\n\nTake 5 mg at night.\n")) == "satisfactory"
    assert value(run("# Sleep pills\n\nEach pill holds 5 mg.\n")) == "not-satisfactory"
    assert value(run("# Sleep pills\n\nTake no more than the maximum, 10 mg.\n")) == (
        "not-satisfactory"
    )


def test_a_not_if_sentence_never_counts():
    text = "# Sleep pills\n\nThe dose is whatever your doctor says; ask your pharmacist.\n"
    assert value(run(text)) == "not-satisfactory"


def test_the_verdict_reason_uses_the_statement_label():
    [verdict] = run("# Sleep pills\n\nTake 5 mg at night.\n").verdicts
    assert verdict.reason == "gives the dose: “mg”"


def test_nothing_is_owed_without_enough_mentions_or_outside_the_lead():
    assert value(run("# Sleep well\n\nDim the lights an hour before bed.\n")) == "not-applicable"
    twice = {**DOSAGE, "min-mentions": 2}
    assert value(run("# Sleep\n\nOne pill helps.\n", twice)) == "not-applicable"
    assert value(run("# Sleep\n\nOne pill helps. A pill a night.\n", twice)) == ("not-satisfactory")
    lead = {**DOSAGE, "lead-words": 5}
    far = "# Sleep well\n\nDim the lights an hour before bed, and later a pill.\n"
    assert run(far, lead).findings == []
    near = "# Sleep well\n\nA pill can help.\n"
    assert len(run(near, lead).findings) == 1


def test_the_mentions_are_counted_over_blocks_and_the_example_is_the_first_specific_one():
    # The mentions are kept by block and made into offsets only as far as read: the count,
    # the lead, the example must still see them all, in the document's order.
    options = {
        **DOSAGE,
        "applies-if": [r"\bpills?\b", r"\btablets?\b"],
        "generic-terms": [r"pills?"],
        "lead-words": 4,
    }
    text = "# Sleep\n\nA pill helps.\n\nDim the lights.\n\nTwo pills, then a tablet. A pill.\n"
    [finding] = run(text, options).findings
    assert finding.data["mentions"] == 4
    assert [(text[r.start : r.end], r.start) for r in finding.related] == [
        ("tablet", text.index("tablet"))
    ]
    no_specific = text.replace("a tablet", "more")
    [finding] = run(no_specific, options).findings
    assert finding.data["mentions"] == 3
    assert [r.start for r in finding.related] == [no_specific.index("pill")]


def test_a_statement_satisfies_the_verdict_even_where_nothing_was_owed():
    assert value(run("# Sleep well\n\nThe dose is one cup of tea.\n")) == "satisfactory"


def test_reference_lists_neither_owe_nor_satisfy():
    references = "## References\n\n1. Lee A. The dose is one pill. J Sleep. 2020;3(2):1-9.\n"
    text = f"# Sleep pills\n\nThe pill helps.\n\n{references}"
    assert value(run(text)) == "not-satisfactory"
    only_references = (
        "# Sleep well\n\nDim the lights.\n\n## References\n\n"
        "1. Lee A. A pill. J Sleep. 2020;3:1-9.\n"
    )
    assert value(run(only_references)) == "not-applicable"


def write_rule(tmp_path: Path, options: dict[str, Any]) -> Path:
    rule = {"id": RULE_ID, "kind": "disclosure", "message": "m", "options": options}
    path = tmp_path / "house.yml"
    path.write_text(yaml.safe_dump({"version": 1, "rules": [rule]}, sort_keys=False), "utf-8")
    return path


@pytest.mark.parametrize(
    ("options", "problem"),
    [
        ({"statements": ["dose"]}, "'applies-if' is a required property"),
        ({"applies-if": ["pill"], "statements": []}, "should be non-empty"),
        ({"applies-if": ["pill"], "statements": [{"with-any": ["x"]}]}, "statements.0"),
        ({"applies-if": ["pill"], "statements": ["dose"], "lead": 3}, "unknown option 'lead'"),
    ],
)
def test_bad_options_are_reported_with_a_plain_sentence(tmp_path, options, problem):
    specs, errors = load_rule_file(write_rule(tmp_path, options))
    assert specs == []
    assert any(problem in str(error) for error in errors), errors


def test_a_broken_statement_pattern_is_reported_on_its_own_line(tmp_path):
    options = {"applies-if": ["pill"], "statements": ["dose", {"pattern": "mg (a"}]}
    path = write_rule(tmp_path, options)
    _, errors = load_rule_file(path)
    assert len(errors) == 1 and "does not compile" in str(errors[0])
    line = next(i for i, t in enumerate(path.read_text("utf-8").splitlines(), 1) if "mg (a" in t)
    assert str(errors[0]).startswith(f"{path}:{line}:")
