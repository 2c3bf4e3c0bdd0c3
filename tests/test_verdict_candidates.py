"""Trying a verdict model before it goes into a rule file (``fit_verdicts.py --candidate``).

A candidate names a built-in rule and gives a ``verdict-model`` without weights; the fit
swaps it in for that rule only, and the rules that were tried and not adopted are kept in
``benchmarks/verdict_candidates/`` so that the figures in docs/agreement.md can be re-run.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from ketlint.ruleset import builtin_ruleset

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import fit_verdicts  # noqa: E402
from verdict_fit import Item, Label  # noqa: E402

CANDIDATE = """\
rule: undisclosed-funding
verdict-model:
  signals:
    rule-says-missing: {from: rule-not-satisfactory}
    public-funder:
      patterns: ['\\bNational\\s+Institutes?\\s+of\\s+Health\\b']
      near: ['\\bfunded\\b']
"""


def test_a_candidate_model_replaces_only_its_rules_model(tmp_path: Path) -> None:
    path = tmp_path / "candidate.yml"
    path.write_text(CANDIDATE, encoding="utf-8")
    ruleset = builtin_ruleset()
    tried, criterion = fit_verdicts.with_candidate(ruleset, path)
    assert criterion == "funding_coi"
    model = tried.rule("undisclosed-funding").verdict_model
    assert model is not None
    assert [signal.name for signal in model.signals] == ["rule-says-missing", "public-funder"]
    # The built-in rule set itself is untouched.
    assert ruleset.rule("undisclosed-funding").verdict_model is None


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("rule: no-such-rule\nverdict-model: {signals: {a: {from: findings}}}\n", "built-in rule"),
        ("rule: readability\nverdict-model: {signals: {a: {from: findings}}}\n", "no criterion"),
        ("rule: undisclosed-funding\n", "'verdict-model'"),
    ],
)
def test_a_candidate_that_cannot_be_tried_says_why(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "candidate.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SystemExit, match=problem):
        fit_verdicts.with_candidate(builtin_ruleset(), path)


def test_the_rules_own_reading_is_scored_without_the_model() -> None:
    def item(satisfactory: bool, rule_value: str) -> Item:
        return Item(Label("x", "HealthRelease", satisfactory, False), rule_value, [0.0])

    items = [
        item(True, "satisfactory"),
        item(False, "not-satisfactory"),
        item(False, "satisfactory"),
        item(True, "not-applicable"),
    ]
    # Satisfactory items: both read right; not satisfactory: one of two.
    assert fit_verdicts.rule_reading(items) == pytest.approx(0.75)


@pytest.mark.parametrize("path", sorted((BENCHMARKS / "verdict_candidates").glob("*.yml")))
def test_the_candidates_kept_for_the_record_still_build(path: Path) -> None:
    tried, criterion = fit_verdicts.with_candidate(builtin_ruleset(), path)
    spec = next(s for s in tried.specs.values() if s.criterion == criterion)
    assert tried.rule(spec.id).verdict_model is not None
