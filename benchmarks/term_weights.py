"""Does a weight per listed term lift a word-list rule's verdict model? Learned honestly.

Usage::

    python benchmarks/term_weights.py ARTICLES_DIR LABELS_CSV [--criterion NAME]
        [--features presence logcount ...] [--curve]

The rule judging ``--criterion`` (default ``sensational_language``) keeps its verdict
model's signals; each variant adds one feature per term of the rule's list (the term's
findings in the story, :func:`term_counts`) or per term class (the term's own weight), and
fits all of them with the same class-balanced logistic regression as
``benchmarks/fit_verdicts.py``. The model's own signals keep their L2 penalty
(``verdict_fit.L2``); the term features get their own, **chosen inside each training fold**
by an inner 5-fold cross-validation on that fold alone, from ``GRID`` (nested: the held-out
fold never helps to choose it). Printed per variant: the plain figure (penalty chosen by
5-fold CV on all items, fitted and scored on all), the 5-fold nested cross-validated one
with its bootstrap interval, the mean over ``REPEAT_SEEDS`` splits [lowest, highest], and a
paired bootstrap of the cross-validated gain over the model as it is (95% interval and the
share of resamples with no gain). ``--curve`` prints instead the mean over the splits at
each fixed penalty: what the best penalty chosen on these very items would give (an upper
bound, not a figure to report as a result).

The term features are not a signal source of ``ketlint.verdict_model``: this measures
whether one would be worth adding. docs/agreement.md, nineteenth round (``verdicts22``).
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from verdict_fit import (  # noqa: E402
    FOLDS,
    L2,
    REPEAT_SEEDS,
    SEED,
    Item,
    _solve,
    balanced_accuracy,
    bootstrap_interval,
    label_of,
    model_predictions,
    read_rows,
    stratified_folds,
)

# The term features' L2 penalties tried inside each training fold (the largest all but
# switches them off: the model as it is).
GRID = (3.0, 10.0, 30.0, 100.0, 300.0, 1000.0)
# Class features (the variants' "C:" features) are penalised like the model's own signals.
CLASS_PREFIX = "C:"

Features = Callable[[Mapping[str, int], Mapping[str, float]], dict[str, float]]

FEATURES: dict[str, Features] = {
    # One feature per term: whether the story has a finding of it.
    "presence": lambda counts, weights: dict.fromkeys(counts, 1.0),
    # ... or log(1 + how many), as the model's own counts.
    "logcount": lambda counts, weights: {t: math.log1p(n) for t, n in counts.items()},
    # One per term class: the rule's own weight of the term (1 strong, 0.7, 0.5, 0.3 mild).
    "classes": lambda counts, weights: {f"{CLASS_PREFIX}w{weights[t]}": 1.0 for t in counts},
    # Both: a term's weight is its class's plus a deviation, the deviation shrunk harder.
    "classes+terms": lambda counts, weights: {
        **{f"{CLASS_PREFIX}w{weights[t]}": 1.0 for t in counts},
        **dict.fromkeys(counts, 1.0),
    },
}
# Variants whose term features stand in for the model's own hype signals.
REPLACING = {"replace": ("presence", ("hype-findings", "rule-says-hype"))}


@dataclass(frozen=True)
class Article:
    """One labelled article: the model's item and its story's findings by term."""

    item: Item
    counts: dict[str, int]  # term label -> findings of it in the story
    weights: dict[str, float]  # term label -> the term's weight in the rule


def term_counts(findings: Iterable[Any], story_end: int) -> tuple[dict[str, int], dict[str, float]]:
    """How many findings of each term start in the story (before ``story_end``: not in a
    press release's boilerplate, as the model's ``hype-findings`` counts), and each
    term's weight. Findings that name no term (the rule's document verdict) are skipped."""
    counts: dict[str, int] = {}
    weights: dict[str, float] = {}
    for finding in findings:
        term = finding.data.get("term")
        if term is None or finding.start >= story_end:
            continue
        counts[term] = counts.get(term, 0) + 1
        weights[term] = float(finding.data.get("weight", 1.0))
    return counts, weights


def read_articles(
    articles: Path, rows: Sequence[dict[str, str]], criterion: str
) -> tuple[list[Article], list[str]]:
    from ketlint.boilerplate import story_end
    from ketlint.parsing import parse
    from ketlint.ruleset import builtin_ruleset

    ruleset = builtin_ruleset()
    spec = next(s for s in ruleset.specs.values() if s.criterion == criterion)
    rule = ruleset.rule(spec.id)
    model = rule.verdict_model
    if model is None:
        raise SystemExit(f"{spec.id} has no verdict-model")
    out = []
    for row in rows:
        label = label_of(row, criterion)
        if label is None:
            continue
        path = articles / f"{row['id']}.md"
        doc = parse(path.read_text(encoding="utf-8", errors="replace"), "markdown", str(path))
        judgement = rule.judge_alone(doc)
        verdict = judgement.verdict
        values = model.values(doc, verdict, judgement.findings)
        counts, weights = term_counts(judgement.findings, story_end(doc))
        item = Item(
            label,
            verdict.value if verdict else "satisfactory",
            [values[s.name] for s in model.signals],
            settled=verdict is not None and verdict.settled,
        )
        out.append(Article(item, counts, weights))
    return out, [s.name for s in model.signals]


def fit_penalised(
    rows: Sequence[Sequence[tuple[int, float]]],
    truth: Sequence[bool],
    penalties: Sequence[float],
    iterations: int = 50,
) -> tuple[list[float], float]:
    """``verdict_fit.fit_logistic`` with one L2 penalty per feature, on sparse rows (the
    (index, value) pairs of a row's non-zero features: most terms are absent)."""
    n = len(rows)
    width = len(penalties)
    positives = sum(truth)
    negatives = n - positives
    if not positives or not negatives:
        return [0.0] * width, (5.0 if positives else -5.0)
    sample_weight = [n / (2 * positives) if ok else n / (2 * negatives) for ok in truth]
    theta = [0.0] * (width + 1)
    for _ in range(iterations):
        gradient = [0.0] * (width + 1)
        hessian = [[0.0] * (width + 1) for _ in range(width + 1)]
        for row, ok, weight in zip(rows, truth, sample_weight, strict=True):
            x = [*row, (width, 1.0)]
            z = max(-30.0, min(30.0, sum(theta[i] * v for i, v in x)))
            p = 1.0 / (1.0 + math.exp(-z))
            residual = weight * (p - (1.0 if ok else 0.0))
            curvature = weight * p * (1.0 - p)
            for i, vi in x:
                gradient[i] += residual * vi
                line = hessian[i]
                for j, vj in x:
                    line[j] += curvature * vi * vj
        for i in range(width):  # the bias is not shrunk
            gradient[i] += penalties[i] * theta[i]
            hessian[i][i] += penalties[i]
        hessian[width][width] += 1e-9
        step = _solve(hessian, gradient)
        theta = [a - b for a, b in zip(theta, step, strict=True)]
        if max(abs(s) for s in step) < 1e-7:
            break
    return theta[:width], theta[width]


class Variant:
    """The model's signals (less ``drop``) and a variant's term features, per article."""

    def __init__(
        self,
        articles: Sequence[Article],
        signal_names: Sequence[str],
        features: Features,
        drop: Sequence[str] = (),
    ) -> None:
        extras = [features(a.counts, a.weights) for a in articles]
        self.extra_names = sorted({name for extra in extras for name in extra})
        column = {name: i for i, name in enumerate(self.extra_names)}
        kept = [i for i, name in enumerate(signal_names) if name not in drop]
        self.own = len(kept)
        self.items: list[Item] = []
        self.rows: list[list[tuple[int, float]]] = []
        for article, extra in zip(articles, extras, strict=True):
            dense = [article.item.values[i] for i in kept] + [0.0] * len(self.extra_names)
            for name, value in extra.items():
                dense[self.own + column[name]] = value
            item = article.item
            self.items.append(Item(item.label, item.rule_value, dense, item.settled))
            self.rows.append([(i, v) for i, v in enumerate(dense) if v])
        self.truth = [item.label.satisfactory for item in self.items]

    def penalties(self, term_penalty: float) -> list[float]:
        return [L2] * self.own + [
            L2 if name.startswith(CLASS_PREFIX) else term_penalty for name in self.extra_names
        ]

    def fit(self, indices: Sequence[int], term_penalty: float) -> tuple[list[float], float]:
        """Fitted on the items the model is asked about (as ``verdict_fit.fit_items``)."""
        asked = [
            i
            for i in indices
            if self.items[i].rule_value != "not-applicable" and not self.items[i].settled
        ]
        return fit_penalised(
            [self.rows[i] for i in asked],
            [self.truth[i] for i in asked],
            self.penalties(term_penalty),
        )

    def predict(self, indices: Sequence[int], fitted: tuple[list[float], float]) -> list[bool]:
        return model_predictions([self.items[i] for i in indices], *fitted)

    def out_of_fold(
        self, indices: Sequence[int], seed: int, penalty: Callable[[list[int]], float]
    ) -> tuple[list[bool], list[float]]:
        """Predictions for ``indices``, each by a model fitted on the other folds of them;
        ``penalty(train)`` gives the term penalty from the training items alone."""
        fold_of = stratified_folds([self.truth[i] for i in indices], FOLDS, seed)
        predicted = [False] * len(indices)
        chosen = []
        for fold in range(FOLDS):
            train = [i for i, f in zip(indices, fold_of, strict=True) if f != fold]
            places = [k for k, f in enumerate(fold_of) if f == fold]
            term_penalty = penalty(train)
            chosen.append(term_penalty)
            fitted = self.fit(train, term_penalty)
            for k, said in zip(
                places, self.predict([indices[k] for k in places], fitted), strict=True
            ):
                predicted[k] = said
        return predicted, chosen

    def choose_penalty(self, train: list[int], seed: int) -> float:
        """The term penalty of ``GRID`` whose 5-fold CV within ``train`` is best (a tie goes
        to the larger penalty: the simpler model)."""
        truth = [self.truth[i] for i in train]
        best_score, best = -1.0, GRID[0]
        for term_penalty in GRID:
            predicted, _ = self.out_of_fold(train, seed + 1000, lambda _train, p=term_penalty: p)
            score = balanced_accuracy(truth, predicted)
            if score >= best_score - 1e-12:
                best_score, best = score, term_penalty
        return best

    def nested(self, seed: int) -> tuple[list[bool], list[float]]:
        """Nested cross-validation over all items: the penalty chosen inside each training fold."""
        return self.out_of_fold(
            list(range(len(self.items))), seed, lambda train: self.choose_penalty(train, seed)
        )


def paired_gain(
    truth: Sequence[bool],
    before: Sequence[bool],
    after: Sequence[bool],
    rounds: int = 2000,
    seed: int = SEED,
) -> tuple[float, float, float]:
    """95% interval of the balanced-accuracy gain of ``after`` over ``before``, the same
    items resampled for both, and the share of resamples with no gain."""
    rng = random.Random(seed)
    n = len(truth)
    gains = []
    for _ in range(rounds):
        picks = [rng.randrange(n) for _ in range(n)]
        sample = [truth[i] for i in picks]
        gains.append(
            balanced_accuracy(sample, [after[i] for i in picks])
            - balanced_accuracy(sample, [before[i] for i in picks])
        )
    gains.sort()
    no_gain = sum(g <= 0 for g in gains) / rounds
    return gains[int(0.025 * rounds)], gains[min(rounds - 1, int(0.975 * rounds))], no_gain


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("articles", type=Path)
    parser.add_argument("labels", type=Path)
    parser.add_argument("--criterion", default="sensational_language")
    parser.add_argument(
        "--features",
        nargs="+",
        choices=[*FEATURES, *REPLACING],
        default=[*FEATURES, *REPLACING],
    )
    parser.add_argument("--curve", action="store_true", help="fixed penalties, no nesting")
    args = parser.parse_args(argv)
    rows, _ = read_rows(args.labels)
    articles, signal_names = read_articles(args.articles, rows, args.criterion)
    every = list(range(len(articles)))

    def variant(name: str) -> Variant:
        if name in REPLACING:
            features, drop = REPLACING[name]
            return Variant(articles, signal_names, FEATURES[features], drop)
        return Variant(articles, signal_names, FEATURES[name])

    if args.curve:
        for name in args.features:
            tried = variant(name)
            for term_penalty in (1.0, *GRID):
                scores = [
                    balanced_accuracy(
                        tried.truth, tried.out_of_fold(every, seed, lambda _t, p=term_penalty: p)[0]
                    )
                    for seed in REPEAT_SEEDS
                ]
                print(
                    f"{name}  penalty {term_penalty:g}: mean of splits {sum(scores) / len(scores):.4f}"
                )
        return 0

    # The model as it is: no term feature counts (an infinite penalty, here one fit with none).
    today = Variant(articles, signal_names, lambda counts, weights: {})
    today_cv, _ = today.out_of_fold(every, SEED, lambda _train: L2)
    print(
        f"| variant | term features | plain | {FOLDS}-fold nested CV [95% CI] | penalties chosen "
        "| mean of 8 splits [lowest, highest] | CV gain vs today [95% CI], P(no gain) |"
    )
    print("|---|---|---|---|---|---|---|")
    for name in ["today", *args.features]:
        tried = today if name == "today" else variant(name)
        if not any(p != L2 for p in tried.penalties(GRID[-1])):
            # Nothing under the term penalty (the model as it is, or class features only,
            # penalised as its own signals): nothing to choose, one plain 5-fold CV.
            plain_penalty = L2
            crossed, chosen = tried.out_of_fold(every, SEED, lambda _t: L2)
            chosen = []
            splits = [tried.out_of_fold(every, s, lambda _t: L2)[0] for s in REPEAT_SEEDS]
        else:
            plain_penalty = tried.choose_penalty(every, SEED)
            crossed, chosen = tried.nested(SEED)
            splits = [tried.nested(s)[0] for s in REPEAT_SEEDS]
        fitted = tried.fit(every, plain_penalty)
        plain = balanced_accuracy(tried.truth, tried.predict(every, fitted))
        cv = balanced_accuracy(tried.truth, crossed)
        low, high = bootstrap_interval(tried.truth, crossed)
        scores = [balanced_accuracy(tried.truth, p) for p in splits]
        gain_low, gain_high, no_gain = paired_gain(tried.truth, today_cv, crossed)
        print(
            f"| {name} | {len(tried.extra_names)} | {plain:.3f} | {cv:.3f} [{low:.2f}, {high:.2f}] "
            f"| {', '.join(f'{p:g}' for p in chosen) or f'none (all at {L2:g})'} "
            f"| {sum(scores) / len(scores):.3f} [{min(scores):.3f}, {max(scores):.3f}] "
            f"| {cv - balanced_accuracy(tried.truth, today_cv):+.3f} "
            f"[{gain_low:+.3f}, {gain_high:+.3f}], {no_gain:.2f} |"
        )
        heaviest = sorted(
            zip(tried.extra_names, fitted[0][tried.own :], strict=True), key=lambda p: -abs(p[1])
        )
        for term, weight in heaviest[:5]:
            print(f"    {weight:+.3f}  {term[:70]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
