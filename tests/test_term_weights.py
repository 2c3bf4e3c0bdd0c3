"""A weight per listed term, learned inside each training fold (``benchmarks/term_weights.py``).

The measurement behind docs/agreement.md's nineteenth round: the term features count a
rule's findings by term in the story only, the fit is the verdict models' own with a
penalty per feature, and the term penalty is chosen from the training items alone.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from ketlint.ruleset import builtin_ruleset

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import term_weights  # noqa: E402
import verdict_fit  # noqa: E402

RELEASE = """\
# New gel is a breakthrough for dry skin, researchers say

Researchers at an invented university tested a gel on 40 volunteers with dry skin. The
team called the result a breakthrough and a game changer for people with eczema.

###

About the Invented University: a groundbreaking institution whose breakthrough research
changes lives.
"""


def test_term_counts_read_the_story_and_leave_the_boilerplate_out() -> None:
    from ketlint.boilerplate import story_end
    from ketlint.parsing import parse

    doc = parse(RELEASE, "markdown", "release.md")
    rule = builtin_ruleset().rule("hype-phrase")
    findings = rule.judge_alone(doc).findings
    counts, weights = term_weights.term_counts(findings, story_end(doc))
    # Terms are named by their pattern in the rule file ("breakthroughs?").
    by_word = {term[:5]: n for term, n in counts.items()}
    # Title and body: two "breakthrough"s, one "game changer"; the "breakthrough" and
    # "groundbreaking" of the "About" blurb after the end mark are not counted.
    assert by_word == {"break": 2, "game[": 1}
    assert all(weights[term] == 1.0 for term in counts)


def test_penalised_fit_is_the_models_fit_when_every_penalty_is_its_l2() -> None:
    dense = [[0.0, 1.0, 0.0], [0.7, 0.0, 1.0], [0.1, 1.0, 0.0], [2.0, 0.0, 0.0], [1.8, 1.0, 1.0]]
    truth = [False, False, True, True, True]
    sparse = [[(i, v) for i, v in enumerate(row) if v] for row in dense]
    weights, bias = verdict_fit.fit_logistic(dense, truth, l2=2.0)
    penalised, penalised_bias = term_weights.fit_penalised(sparse, truth, [2.0, 2.0, 2.0])
    assert penalised == pytest.approx(weights, abs=1e-9)
    assert penalised_bias == pytest.approx(bias, abs=1e-9)


def test_a_heavy_penalty_switches_one_feature_off_and_leaves_the_other() -> None:
    sparse = [[(0, 0.1)], [(0, 0.2), (1, 1.0)], [(0, 2.0), (1, 1.0)], [(0, 1.9)]]
    truth = [False, False, True, True]
    (kept, shrunk), _ = term_weights.fit_penalised(sparse, truth, [0.1, 1e6])
    assert abs(shrunk) < 1e-5
    assert kept > 1.0


def _articles(n: int) -> list[term_weights.Article]:
    out = []
    for i in range(n):
        ok = i % 2 == 0
        label = verdict_fit.Label(f"a{i}", "all", ok, False)
        counts = {"hype": 1} if not ok else {}
        item = verdict_fit.Item(label, "satisfactory", [float(i % 3)])
        out.append(term_weights.Article(item, counts, dict.fromkeys(counts, 1.0)))
    return out


def test_the_term_penalty_is_chosen_from_the_training_items_alone() -> None:
    variant = term_weights.Variant(_articles(40), ["noise"], term_weights.FEATURES["presence"])
    asked: list[list[int]] = []

    def penalty(train: list[int]) -> float:
        asked.append(train)
        return 1.0

    predicted, chosen = variant.out_of_fold(list(range(40)), 7, penalty)
    assert chosen == [1.0] * term_weights.FOLDS
    assert len(asked) == term_weights.FOLDS
    # Each fold's penalty saw four fifths of the items, and every item was left out once.
    assert all(len(train) == 32 for train in asked)
    left_out = [set(range(40)) - set(train) for train in asked]
    assert set().union(*left_out) == set(range(40))
    assert sum(len(s) for s in left_out) == 40
    # The term separates the classes here, so the held-out predictions follow it.
    assert predicted == variant.truth


def test_a_paired_gain_of_the_same_predictions_is_nothing() -> None:
    truth = [i % 3 == 0 for i in range(60)]
    said = [i % 2 == 0 for i in range(60)]
    low, high, no_gain = term_weights.paired_gain(truth, said, said, rounds=200)
    assert low == high == 0.0 and no_gain == 1.0
    low, high, no_gain = term_weights.paired_gain(truth, said, truth, rounds=200)
    assert low > 0 and no_gain == 0.0
