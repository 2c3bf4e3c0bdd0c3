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
