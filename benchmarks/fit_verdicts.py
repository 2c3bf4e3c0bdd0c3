"""Fit the weights of the built-in rules' verdict models on labelled articles.

Usage::

    python benchmarks/fit_verdicts.py ARTICLES_DIR LABELS_CSV [--write] [--only CRITERION]

For each built-in rule with a ``verdict-model`` and a ``criterion``, every labelled
article's signals are read (:mod:`ketlint.verdict_model`), an L2-regularised logistic
regression with balanced classes is fitted on all of them, and its figures are printed:
the plain balanced accuracy (fitted and scored on the same items, which flatters it) and
the 5-fold cross-validated one (each item scored by weights fitted without it), both with
bootstrap 95% intervals. With ``--write`` the weights, bias and a ``fitted`` note are
written into the rule file, in place (only those three lines change).

``--candidate FILE`` tries a verdict model before it goes into a rule file: FILE is YAML
with ``rule`` (a built-in rule's id) and ``verdict-model`` (signals only; weights are
fitted). Its criterion is fitted and scored in place of the rule's own model, and the
rule's own reading (its verdict with no model) is printed beside it, the figure a model
must beat. Nothing is written. ``benchmarks/verdict_candidates/`` keeps the ones tried.

Fit on development items only; a held-out set is for checking, never for fitting.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path
from typing import Any

import regex
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from verdict_fit import (  # noqa: E402
    FOLDS,
    L2,
    Item,
    balanced_accuracy,
    bootstrap_interval,
    criterion_items,
    cross_validated_items,
    fit_items,
    model_predictions,
    predicted_ok,
    read_rows,
    repeated_cross_validation,
)


def write_weights(
    path: Path, names: list[str], weights: list[float], bias: float, note: str
) -> None:
    """Replace the ``weights:``, ``bias:`` and ``fitted:`` lines of the file's verdict-model."""
    text = path.read_text(encoding="utf-8")
    mapping = ", ".join(
        f"{name}: {weight:.4f}" for name, weight in zip(names, weights, strict=True)
    )
    for key, value in (("weights", "{" + mapping + "}"), ("bias", f"{bias:.4f}"), ("fitted", note)):
        line = regex.compile(rf"^(?P<indent>[ \t]+){key}:.*$", regex.MULTILINE)
        found = line.findall(text)
        if len(found) != 1:
            raise SystemExit(
                f"{path}: expected one '{key}:' line in its verdict-model, found {len(found)}"
            )
        text = line.sub(lambda m, v=value, k=key: f"{m.group('indent')}{k}: {v}", text)
    path.write_text(text, encoding="utf-8")


def with_candidate(ruleset: Any, path: Path) -> tuple[Any, str]:
    """A copy of ``ruleset`` whose rule named in the candidate file ``path`` has the file's
    verdict model (weights left to the fit), and that rule's criterion."""
    from dataclasses import replace

    from ketlint.verdict_model import build_verdict_model

    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict) or not isinstance(raw.get("verdict-model"), dict):
        raise SystemExit(f"{path}: expected a mapping with 'rule' and 'verdict-model'")
    rule_id = raw.get("rule")
    if rule_id not in ruleset.specs:
        raise SystemExit(f"{path}: 'rule' must name a built-in rule, not {rule_id!r}")
    spec = ruleset.specs[rule_id]
    if spec.criterion is None:
        raise SystemExit(f"{path}: rule {rule_id!r} judges no criterion")
    build_verdict_model(raw["verdict-model"], spec.options)  # a clear error before the run
    tried = ruleset.copy()
    tried.specs[rule_id] = replace(spec, verdict_model=raw["verdict-model"])
    return tried, str(spec.criterion)


def rule_reading(items: list[Item]) -> float:
    """Balanced accuracy of the rule's own verdict, no model: what a model must beat."""
    truth = [item.label.satisfactory for item in items]
    return balanced_accuracy(truth, [predicted_ok(i.rule_value, i.label) for i in items])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("articles", type=Path)
    parser.add_argument("labels", type=Path)
    parser.add_argument("--write", action="store_true", help="write the fitted weights into rules/")
    parser.add_argument("--only", metavar="CRITERION", help="fit one criterion")
    parser.add_argument(
        "--candidate",
        metavar="FILE",
        type=Path,
        help="try the verdict model in FILE (YAML: rule, verdict-model) on its rule's "
        "criterion; prints the rule's own reading beside it; writes nothing",
    )
    args = parser.parse_args(argv)
    if args.candidate and args.write:
        parser.error("--candidate writes nothing: put the model in the rule file to --write it")

    from ketlint.ruleset import builtin_ruleset

    ruleset = builtin_ruleset()
    rows, columns = read_rows(args.labels)
    criteria = [args.only] if args.only else columns
    if args.candidate:
        ruleset, criterion = with_candidate(ruleset, args.candidate)
        criteria = [criterion]
    items_by_criterion = criterion_items(args.articles, rows, criteria, ruleset)
    specs = {spec.criterion: spec for spec in ruleset.specs.values() if spec.criterion}
    print(
        f"| criterion | n | plain [95% CI] | {FOLDS}-fold cross-validated [95% CI] | gap "
        "| mean over 8 other splits [lowest, highest] |"
    )
    print("|---|---|---|---|---|---|")
    for criterion, items in items_by_criterion.items():
        truth = [item.label.satisfactory for item in items]
        weights, bias = fit_items(items, L2)
        plain = model_predictions(items, weights, bias)
        crossed = cross_validated_items(items, L2)
        plain_ba, cv_ba = balanced_accuracy(truth, plain), balanced_accuracy(truth, crossed)
        low, high = bootstrap_interval(truth, plain)
        cv_low, cv_high = bootstrap_interval(truth, crossed)
        mean, lowest, highest = repeated_cross_validation(items, L2)
        print(
            f"| {criterion} | {len(items)} | {plain_ba:.3f} [{low:.2f}, {high:.2f}] "
            f"| {cv_ba:.3f} [{cv_low:.2f}, {cv_high:.2f}] | {plain_ba - cv_ba:+.3f} "
            f"| {mean:.3f} [{lowest:.3f}, {highest:.3f}] |"
        )
        if args.candidate:
            print(f"    rule's own reading (no model): {rule_reading(items):.3f}")
        spec = specs[criterion]
        rule = ruleset.rule(spec.id)
        assert rule.verdict_model is not None
        names = [signal.name for signal in rule.verdict_model.signals]
        for name, weight in sorted(zip(names, weights, strict=True), key=lambda p: -abs(p[1])):
            print(f"    {weight:+.3f}  {name}")
        print(f"    {bias:+.3f}  (bias)")
        if args.write:
            note = (
                f"benchmarks/fit_verdicts.py, {len(items)} labelled items, "
                f"{FOLDS}-fold CV balanced accuracy {cv_ba:.2f} (plain {plain_ba:.2f}), "
                f"{datetime.date.today().isoformat()}"
            )
            write_weights(Path(spec.source), names, weights, bias, note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
