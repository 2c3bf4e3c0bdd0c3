"""How well ketlint's document verdicts agree with HealthNewsReview.org's expert reviewers.

Usage::

    python benchmarks/agreement.py ARTICLES_DIR LABELS_CSV [--json] [--disagreements N]

Each article is ``ARTICLES_DIR/<id>.md``, matched by the CSV's ``id`` column; the
other columns are criteria holding ``Satisfactory``, ``Not Satisfactory`` or
``Not Applicable``. Rows labelled Not Applicable, or empty, are left out of that
criterion. The positive class is "Satisfactory" as the reviewers define it (for
``sensational_language`` and ``disease_mongering`` that means the article does
*not* commit the fault). Precision and recall are reported for the class
"not satisfactory", the one a linter warns about.

ketlint's prediction for a criterion is the verdict of the built-in rule that
scores it (``criterion:`` in its rule file). A ``not-applicable`` verdict on a
labelled row counts as "satisfactory" (nothing to warn about), except on the
news-story rows whose label is the binary ``Not Satisfactory or Not Applicable``:
there any verdict other than satisfactory agrees with the label.

Two figures per criterion: the *plain* one (the rules as shipped, on these items)
and the *cross-validated* one. A rule whose verdict has a ``verdict-model`` was
fitted to labelled items, so its plain figure flatters it: the cross-validated
figure refits the weights on four fifths of the items and predicts the fifth it
did not see, five times (stratified folds). A large gap between the two means the
model memorised items. Rules with nothing fitted show the plain figure only.
Brackets hold a bootstrap 95% interval (1,000 resamples of the items). Rows per
dataset follow the overall row.

Beside each row, the keyword baseline: "satisfactory" when any of the
criterion's words occurs anywhere in the article (inverted for the two fault
criteria), the simple approach the dataset's README quotes.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from verdict_fit import (  # noqa: E402
    L2,
    Item,
    Label,
    Tally,
    bootstrap_interval,
    criterion_items,
    cross_validated_items,
    label_of,
    predicted_ok,
    read_rows,
)

# Criteria where "Satisfactory" means the article does NOT do the thing.
FAULT_CRITERIA = {"sensational_language", "disease_mongering"}

# The keyword baseline: the obvious words for each criterion.
BASELINE_KEYWORDS: dict[str, list[str]] = {
    "harms": ["side effect", "adverse", "risk", "harm", "safety", "complication", "toxicity"],
    "benefits_quantified": ["percent", "%", "reduced", "increased", "times", "risk"],
    "evidence_quality": [
        "study",
        "trial",
        "randomized",
        "participants",
        "limitation",
        "observational",
    ],
    "sensational_language": [
        "breakthrough",
        "miracle",
        "revolutionary",
        "game changer",
        "cure",
        "hope",
        "groundbreaking",
        "dramatic",
        "remarkable",
        "first",
    ],
    "funding_coi": ["funded", "funding", "grant", "supported by", "conflict", "disclos"],
    "costs": ["cost", "price", "$", "insurance", "afford", "expensive", "cheap"],
    "alternatives": ["alternative", "compared with", "other treatment", "standard"],
    "availability": ["available", "approved", "fda", "market", "prescription"],
    "novelty": ["new", "novel", "first", "previous"],
    "disease_mongering": ["epidemic", "silent killer", "millions suffer"],
    "independent_sources": ["said", "not involved", "independent"],
    "relies_on_news_release": ["news release", "press release", "said in a statement"],
}


def keyword_says_ok(criterion: str, text: str) -> bool:
    lowered = text.lower()
    mentioned = any(word in lowered for word in BASELINE_KEYWORDS.get(criterion, []))
    return not mentioned if criterion in FAULT_CRITERIA else mentioned


class Scores:
    """One criterion's labels with ketlint's plain and cross-validated predictions."""

    def __init__(self, criterion: str, judged: bool) -> None:
        self.criterion = criterion
        self.judged = judged  # whether a built-in rule scores this criterion
        self.labels: list[Label] = []
        self.plain: list[bool] = []
        self.baseline: list[bool] = []
        self.cross_validated: dict[str, bool] | None = None  # by article id; None: nothing fitted

    def tally(self, which: str, dataset: str | None = None) -> Tally:
        tally = Tally()
        for index, label in enumerate(self.labels):
            if dataset is not None and label.dataset != dataset:
                continue
            tally.add(label.satisfactory, self.predictions(which)[index], label.article_id)
        return tally

    def predictions(self, which: str) -> list[bool]:
        if which == "plain":
            return self.plain
        if which == "baseline":
            return self.baseline
        assert self.cross_validated is not None
        return [self.cross_validated[label.article_id] for label in self.labels]

    def interval(self, which: str, dataset: str | None = None) -> tuple[float, float]:
        picked = [i for i, label in enumerate(self.labels) if dataset in (None, label.dataset)]
        predictions = self.predictions(which)
        return bootstrap_interval(
            [self.labels[i].satisfactory for i in picked], [predictions[i] for i in picked]
        )

    @property
    def datasets(self) -> list[str]:
        return sorted({label.dataset for label in self.labels})


def evaluate(articles: Path, labels: Path, cross_validate: bool = True) -> dict[str, Scores]:
    from ketlint.engine import Linter
    from ketlint.ruleset import builtin_ruleset

    ruleset = builtin_ruleset()
    judges = {spec.criterion for spec in ruleset.specs.values() if spec.criterion}
    linter = Linter(ruleset, list(ruleset.specs))
    rows, columns = read_rows(labels)
    criteria = [c for c in columns if c in BASELINE_KEYWORDS]
    scores = {c: Scores(c, c in judges) for c in criteria}
    for row in rows:
        path = articles / f"{row['id']}.md"
        wanted = {c: label_of(row, c) for c in criteria}
        if not any(wanted.values()):
            continue
        if not path.is_file():
            print(f"warning: {path} not found; skipped", file=sys.stderr)
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        result = linter.lint_text(text, path=str(path), format="markdown")
        verdicts = {v.criterion: v.value for v in result.verdicts}
        for criterion, label in wanted.items():
            if label is None:
                continue
            entry = scores[criterion]
            entry.labels.append(label)
            entry.plain.append(
                entry.judged and predicted_ok(verdicts.get(criterion, "satisfactory"), label)
            )
            entry.baseline.append(keyword_says_ok(criterion, text))
    if cross_validate:
        fitted: dict[str, list[Item]] = criterion_items(articles, rows, criteria, ruleset)
        for criterion, items in fitted.items():
            predicted = cross_validated_items(items, L2)
            scores[criterion].cross_validated = {
                item.label.article_id: said for item, said in zip(items, predicted, strict=True)
            }
    return scores


def _cell(scores: Scores, which: str, dataset: str | None) -> str:
    if which == "cv" and scores.cross_validated is None:
        return "(nothing fitted)"
    tally = scores.tally(which, dataset)
    low, high = scores.interval(which, dataset)
    return f"{tally.balanced_accuracy:.2f} [{low:.2f}, {high:.2f}]"


def report(scores: dict[str, Scores], disagreements: int) -> str:
    lines = [
        "| criterion | items | n | balanced accuracy, plain [95% CI] | cross-validated [95% CI] "
        "| precision (not sat.) | recall (not sat.) | confusion, satisfactory as positive [[TP FN] [FP TN]] | keyword baseline |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for criterion, entry in scores.items():
        for dataset in [None, *entry.datasets]:
            mine = entry.tally("plain", dataset)
            if not mine.n:
                continue
            base = entry.tally("baseline", dataset)
            if not entry.judged:
                if dataset is None:
                    lines.append(
                        f"| {criterion} | all | {base.n} | (no rule) | | | | | {base.balanced_accuracy:.2f} |"
                    )
                continue
            lines.append(
                f"| {criterion} | {dataset or 'all'} | {mine.n} | {_cell(entry, 'plain', dataset)} "
                f"| {_cell(entry, 'cv', dataset)} | {mine.precision_not_ok:.2f} | {mine.recall_not_ok:.2f} "
                f"| [[{mine.tp} {mine.fn}] [{mine.fp} {mine.tn}]] | {base.balanced_accuracy:.2f} |"
            )
    if disagreements:
        lines.append("")
        for criterion, entry in scores.items():
            if not entry.judged:
                continue
            mine = entry.tally("plain")
            lines.append(
                f"{criterion}: misses {mine.misses[:disagreements]}; false alarms {mine.false_alarms[:disagreements]}"
            )
    return "\n".join(lines)


def as_json(scores: dict[str, Scores]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for criterion, entry in scores.items():
        mine = entry.tally("plain")
        base = entry.tally("baseline")
        cv = entry.tally("cv") if entry.cross_validated is not None else None
        if not entry.judged:
            out[criterion] = {
                "n": base.n,
                "balanced_accuracy": None,
                "precision": None,
                "recall": None,
                "baseline_balanced_accuracy": round(base.balanced_accuracy, 4),
            }
            continue
        out[criterion] = {
            "n": mine.n,
            "balanced_accuracy": round(mine.balanced_accuracy, 4),
            "precision": round(mine.precision_not_ok, 4),
            "recall": round(mine.recall_not_ok, 4),
            "baseline_balanced_accuracy": round(base.balanced_accuracy, 4),
            "interval": [round(x, 4) for x in entry.interval("plain")],
            "cv_balanced_accuracy": round(cv.balanced_accuracy, 4) if cv else None,
            "cv_interval": [round(x, 4) for x in entry.interval("cv")] if cv else None,
            "datasets": {
                dataset: {
                    "n": entry.tally("plain", dataset).n,
                    "balanced_accuracy": round(entry.tally("plain", dataset).balanced_accuracy, 4),
                    "cv_balanced_accuracy": (
                        round(entry.tally("cv", dataset).balanced_accuracy, 4) if cv else None
                    ),
                }
                for dataset in entry.datasets
            },
        }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("articles", type=Path, help="folder of <id>.md articles")
    parser.add_argument(
        "labels", type=Path, help="labels CSV with an id column and criterion columns"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object per criterion")
    parser.add_argument(
        "--no-cv", action="store_true", help="skip the cross-validated figures (faster)"
    )
    parser.add_argument(
        "--disagreements",
        type=int,
        default=0,
        metavar="N",
        help="also list up to N missed and falsely flagged article ids per criterion",
    )
    args = parser.parse_args(argv)
    scores = evaluate(args.articles, args.labels, cross_validate=not args.no_cv)
    if args.json:
        print(json.dumps(as_json(scores), indent=2))
    else:
        print(report(scores, args.disagreements))
    return 0


if __name__ == "__main__":
    sys.exit(main())
