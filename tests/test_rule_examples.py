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
