"""Shared by ``agreement.py`` and ``fit_verdicts.py``: labels, scoring, fitting, intervals.

Everything here runs offline in plain Python: a logistic regression over a handful of
signals needs no numerical library (Newton's method on a matrix of side 10 or so).
"""

from __future__ import annotations

import csv
import math
import random
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SATISFACTORY = "Satisfactory"
NOT_SATISFACTORY = "Not Satisfactory"
# News-story rows whose source kept two values: any verdict but satisfactory agrees.
BINARY_NOT_SATISFACTORY = "Not Satisfactory or Not Applicable"
FOLDS = 5
# L2 penalty of the verdict models' weights: the signals are few and on one scale (log counts).
# 10 was chosen from 1, 3, 10 and 30 as the one whose 5-fold figures were best and closest
# to the plain ones (a selection on the same folds: a small optimism the docs state).
L2 = 10.0
BOOTSTRAP_ROUNDS = 1000
SEED = 20261205


@dataclass(frozen=True)
class Label:
    """One reviewer label that can be scored: is the article satisfactory, and is the row
    binary (its "not satisfactory" includes not applicable)."""

    article_id: str
    dataset: str
    satisfactory: bool
    binary: bool


def read_rows(path: Path) -> tuple[list[dict[str, str]], list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader), list(reader.fieldnames or [])


def label_of(row: dict[str, str], criterion: str) -> Label | None:
    """The scorable label of ``row`` for ``criterion``; None when not applicable or not asked."""
    value = (row.get(criterion) or "").strip()
    dataset = row.get("dataset", "") or "all"
    if value == SATISFACTORY:
        return Label(row["id"], dataset, True, False)
    if value == NOT_SATISFACTORY:
        return Label(row["id"], dataset, False, False)
    if value == BINARY_NOT_SATISFACTORY:
        return Label(row["id"], dataset, False, True)
    return None


def predicted_ok(verdict_value: str, label: Label) -> bool:
    """Whether a verdict says "satisfactory" as this label is scored.

    On a three-valued row a not-applicable verdict has nothing to warn about, so it counts
    as satisfactory; on a binary row ("Not Satisfactory or Not Applicable") it agrees with
    the label, so it counts as not satisfactory.
    """
    if verdict_value == "not-applicable":
        return not label.binary
    return verdict_value != "not-satisfactory"


# -- scores -----------------------------------------------------------------------------


@dataclass
class Tally:
    """Confusion counts with "satisfactory" as the positive class."""

    tp: int = 0  # satisfactory, predicted satisfactory
    fn: int = 0  # satisfactory, predicted not satisfactory (a false alarm)
    fp: int = 0  # not satisfactory, predicted satisfactory (a miss)
    tn: int = 0  # not satisfactory, predicted not satisfactory
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    def add(self, truth_ok: bool, predicted: bool, article_id: str) -> None:
        if truth_ok and predicted:
            self.tp += 1
        elif truth_ok:
            self.fn += 1
            self.false_alarms.append(article_id)
        elif predicted:
            self.fp += 1
            self.misses.append(article_id)
        else:
            self.tn += 1

    @property
    def n(self) -> int:
        return self.tp + self.fn + self.fp + self.tn

    @property
    def balanced_accuracy(self) -> float:
        return balanced_accuracy_of(self.tp, self.fn, self.fp, self.tn)

    @property
    def precision_not_ok(self) -> float:
        flagged = self.tn + self.fn
        return self.tn / flagged if flagged else 0.0

    @property
    def recall_not_ok(self) -> float:
        actual = self.tn + self.fp
        return self.tn / actual if actual else 0.0


def balanced_accuracy_of(tp: int, fn: int, fp: int, tn: int) -> float:
    rates = []
    if tp + fn:
        rates.append(tp / (tp + fn))
    if tn + fp:
        rates.append(tn / (tn + fp))
    return sum(rates) / len(rates) if rates else 0.0


def balanced_accuracy(truth: Sequence[bool], predicted: Sequence[bool]) -> float:
    tally = Tally()
    for index, (ok, said) in enumerate(zip(truth, predicted, strict=True)):
        tally.add(ok, said, str(index))
    return tally.balanced_accuracy


def bootstrap_interval(
    truth: Sequence[bool],
    predicted: Sequence[bool],
    rounds: int = BOOTSTRAP_ROUNDS,
    seed: int = SEED,
) -> tuple[float, float]:
    """95% percentile interval of the balanced accuracy, items resampled with replacement."""
    n = len(truth)
    if n == 0:
        return (0.0, 0.0)
    rng = random.Random(seed)
    scores = []
    for _ in range(rounds):
        picks = [rng.randrange(n) for _ in range(n)]
        scores.append(balanced_accuracy([truth[i] for i in picks], [predicted[i] for i in picks]))
    scores.sort()
    return scores[int(0.025 * rounds)], scores[min(rounds - 1, int(0.975 * rounds))]


# -- fitting ----------------------------------------------------------------------------


def fit_logistic(
    rows: Sequence[Sequence[float]], truth: Sequence[bool], l2: float = 1.0, iterations: int = 50
) -> tuple[list[float], float]:
    """Weights and bias of an L2-regularised logistic regression, classes weighted equally
    (the score is a balanced accuracy, and most labels are "not satisfactory")."""
    n = len(rows)
    width = len(rows[0]) if rows else 0
    positives = sum(truth)
    negatives = n - positives
    if not positives or not negatives:
        bias = 5.0 if positives else -5.0
        return [0.0] * width, bias
    sample_weight = [n / (2 * positives) if ok else n / (2 * negatives) for ok in truth]
    theta = [0.0] * (width + 1)
    for _ in range(iterations):
        gradient = [0.0] * (width + 1)
        hessian = [[0.0] * (width + 1) for _ in range(width + 1)]
        for row, ok, weight in zip(rows, truth, sample_weight, strict=True):
            x = [*row, 1.0]
            z = max(-30.0, min(30.0, sum(a * b for a, b in zip(theta, x, strict=True))))
            p = 1.0 / (1.0 + math.exp(-z))
            residual = weight * (p - (1.0 if ok else 0.0))
            curvature = weight * p * (1.0 - p)
            for i in range(width + 1):
                gradient[i] += residual * x[i]
                for j in range(i, width + 1):
                    hessian[i][j] += curvature * x[i] * x[j]
        for i in range(width + 1):
            for j in range(i):
                hessian[i][j] = hessian[j][i]
        for i in range(width):  # the bias is not shrunk
            gradient[i] += l2 * theta[i]
            hessian[i][i] += l2
        hessian[width][width] += 1e-9
        step = _solve(hessian, gradient)
        theta = [a - b for a, b in zip(theta, step, strict=True)]
        if max(abs(s) for s in step) < 1e-7:
            break
    return theta[:width], theta[width]


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (the Hessian is small and positive definite)."""
    size = len(vector)
    rows = [list(matrix[i]) + [vector[i]] for i in range(size)]
    for col in range(size):
        pivot = max(range(col, size), key=lambda r: abs(rows[r][col]))
        rows[col], rows[pivot] = rows[pivot], rows[col]
        if abs(rows[col][col]) < 1e-12:
            continue
        for r in range(size):
            if r != col:
                factor = rows[r][col] / rows[col][col]
                if factor:
                    for k in range(col, size + 1):
                        rows[r][k] -= factor * rows[col][k]
    return [rows[i][size] / rows[i][i] if abs(rows[i][i]) > 1e-12 else 0.0 for i in range(size)]


def stratified_folds(truth: Sequence[bool], folds: int = FOLDS, seed: int = SEED) -> list[int]:
    """The fold of each item: shuffled, then dealt class by class so folds keep the balance."""
    order = list(range(len(truth)))
    random.Random(seed).shuffle(order)
    fold_of = [0] * len(truth)
    dealt = 0
    for wanted in (True, False):
        for index in order:
            if truth[index] == wanted:
                fold_of[index] = dealt % folds
                dealt += 1
    return fold_of


def cross_validated(
    truth: Sequence[bool],
    fit_and_predict: Callable[[list[int], list[int]], list[bool]],
    folds: int = FOLDS,
    seed: int = SEED,
) -> list[bool]:
    """Out-of-fold predictions: each item predicted by a model fitted without its fold.

    ``fit_and_predict(train_indices, test_indices)`` returns predictions for the test ones.
    """
    fold_of = stratified_folds(truth, folds, seed)
    predicted = [False] * len(truth)
    for fold in range(folds):
        train = [i for i in range(len(truth)) if fold_of[i] != fold]
        test = [i for i in range(len(truth)) if fold_of[i] == fold]
        for index, said in zip(test, fit_and_predict(train, test), strict=True):
            predicted[index] = said
    return predicted


# -- signals of articles ----------------------------------------------------------------


@dataclass
class Item:
    """One labelled article's view through one criterion rule."""

    label: Label
    rule_value: str  # the rule's own verdict, before any model
    values: list[float]  # the model's signals, in the model's order
    settled: bool = False  # the rule's verdict stands: the model is not asked (Verdict.settled)


def criterion_items(
    articles: Path, rows: Sequence[dict[str, str]], criteria: Sequence[str], ruleset: Any
) -> dict[str, list[Item]]:
    """Per criterion with a verdict-model rule: each labelled article's signals."""
    from ketlint.parsing import parse

    judges = {
        spec.criterion: ruleset.rule(spec.id)
        for spec in ruleset.specs.values()
        if spec.criterion in criteria and spec.verdict_model is not None
    }
    items: dict[str, list[Item]] = {criterion: [] for criterion in judges}
    for row in rows:
        labels = {c: label_of(row, c) for c in judges}
        if not any(labels.values()):
            continue
        path = articles / f"{row['id']}.md"
        if not path.is_file():
            print(f"warning: {path} not found; skipped", file=sys.stderr)
            continue
        doc = parse(path.read_text(encoding="utf-8", errors="replace"), "markdown", str(path))
        for criterion, rule in judges.items():
            label = labels[criterion]
            if label is None:
                continue
            judgement = rule.judge_alone(doc)
            verdict = judgement.verdict
            values = rule.verdict_model.values(doc, verdict, judgement.findings)
            items[criterion].append(
                Item(
                    label,
                    verdict.value if verdict else "satisfactory",
                    [values[s.name] for s in rule.verdict_model.signals],
                    settled=verdict is not None and verdict.settled,
                )
            )
    return items


def model_predictions(items: Sequence[Item], weights: Sequence[float], bias: float) -> list[bool]:
    """What the final verdicts (model over the rule's own) say, as each label is scored."""
    from ketlint.verdict_model import decide_value

    out = []
    for item in items:
        if item.settled:
            out.append(predicted_ok(item.rule_value, item.label))
            continue
        score = bias + sum(w * v for w, v in zip(weights, item.values, strict=True))
        out.append(predicted_ok(decide_value(item.rule_value, score), item.label))
    return out


def fit_items(items: Sequence[Item], l2: float) -> tuple[list[float], float]:
    """Fitted on the items the rule finds its criterion applies to: the model is not asked
    about the others (ketlint.verdict_model.decide_value), nor about settled verdicts."""
    applicable = [i for i in items if i.rule_value != "not-applicable" and not i.settled]
    return fit_logistic(
        [i.values for i in applicable], [i.label.satisfactory for i in applicable], l2
    )


def cross_validated_items(items: Sequence[Item], l2: float, seed: int = SEED) -> list[bool]:
    truth = [i.label.satisfactory for i in items]

    def fit_and_predict(train: list[int], test: list[int]) -> list[bool]:
        weights, bias = fit_items([items[i] for i in train], l2)
        return model_predictions([items[i] for i in test], weights, bias)

    return cross_validated(truth, fit_and_predict, seed=seed)


# Other ways of dealing the items into folds: one split can be lucky (on the harms items the
# figure moved by 0.03 between splits), so fit_verdicts.py also reports the mean over these.
REPEAT_SEEDS = (1, 2, 3, 4, 5, 6, 7, 8)


def repeated_cross_validation(items: Sequence[Item], l2: float) -> tuple[float, float, float]:
    """Mean, lowest and highest cross-validated balanced accuracy over REPEAT_SEEDS splits."""
    truth = [i.label.satisfactory for i in items]
    scores = [
        balanced_accuracy(truth, cross_validated_items(items, l2, seed)) for seed in REPEAT_SEEDS
    ]
    return sum(scores) / len(scores), min(scores), max(scores)
