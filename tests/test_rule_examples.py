"""Every built-in rule carries examples in its rule file; each must behave as written."""

from __future__ import annotations

import pytest

from ketlint.ruleset import builtin_ruleset
from ketlint.testing import run_rule_examples

SPECS = list(builtin_ruleset().specs.values())


@pytest.mark.parametrize("spec", SPECS, ids=[s.id for s in SPECS])
def test_rule_examples_behave_as_written(spec):
    assert any(e.flagged for e in spec.examples), f"{spec.id} has no example that must be flagged"
    assert any(not e.flagged for e in spec.examples), f"{spec.id} has no example that must pass"
    failures = [o.describe() for o in run_rule_examples(spec) if not o.passed]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("spec", SPECS, ids=[s.id for s in SPECS])
def test_rule_is_documented_with_its_standard(spec):
    docs = spec.docs
    for field in ("summary", "why", "bad", "good", "standard"):
        assert getattr(docs, field), f"{spec.id}: docs.{field} is empty"


PATHOLOGICAL = {
    # Masked markup leaves long runs of spaces inside a paragraph.
    "long-masked-run": "Intro `" + "x" * 6000 + "` will cure " + "[a](" + "y" * 6000 + ") hope.\n",
    "long-whitespace": "It will" + " " * 6000 + "cure and offers" + " \t" * 3000 + "hope for.\n",
    "long-word": "a" * 20000 + " cure.\n",
    "many-short-words": "will can may cure hope new era " * 1500 + "\n",
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_every_builtin_rule_finishes_within_its_budget_on_pathological_text(name):
    from ketlint.engine import Linter

    ruleset = builtin_ruleset()
    result = Linter(ruleset, list(ruleset.specs)).lint_text(PATHOLOGICAL[name], format="markdown")
    assert not result.errors, result.errors


def _first_flagged(spec):
    from ketlint.testing import parse_marked

    for example in spec.examples:
        if example.flagged:
            text, _ = parse_marked(example.text)
            return text, example.format
    raise AssertionError(f"{spec.id} has no flag example")


@pytest.mark.parametrize("spec", SPECS, ids=[s.id for s in SPECS])
def test_every_rule_can_be_suppressed_for_the_file_and_reconfigured(spec):
    from ketlint.engine import Linter

    text, fmt = _first_flagged(spec)
    ruleset = builtin_ruleset()

    def findings(source, rules=ruleset):
        result = Linter(rules, [spec.id]).lint_text(source, format=fmt)
        return [f for f in result.findings if f.rule == spec.id]

    assert findings(text), "the example is flagged to begin with"
    if fmt == "text":
        suppressed = f"ketlint-disable-file {spec.id}\n{text}"
    else:
        suppressed = f"{text}\n\n<!-- ketlint-disable-file {spec.id} -->\n"
    assert findings(suppressed) == []
    louder = ruleset.with_overrides({spec.id: {"severity": "error"}})
    assert {f.severity.label for f in findings(text, louder)} == {"error"}
