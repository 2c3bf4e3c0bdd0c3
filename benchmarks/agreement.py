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
labelled row counts as "satisfactory" (nothing to warn about).

Beside each row, the keyword baseline: "satisfactory" when any of the
criterion's words occurs anywhere in the article (inverted for the two fault
criteria), the simple approach the dataset's README quotes.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

SATISFACTORY = "Satisfactory"
NOT_SATISFACTORY = "Not Satisfactory"
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


@dataclass
class Tally:
    """Confusion counts with "satisfactory" as the positive class."""

    tp: int = 0  # satisfactory, predicted satisfactory
    fn: int = 0  # satisfactory, predicted not satisfactory (a false alarm)
    fp: int = 0  # not satisfactory, predicted satisfactory (a miss)
    tn: int = 0  # not satisfactory, predicted not satisfactory
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    def add(self, truth_ok: bool, predicted_ok: bool, article_id: str) -> None:
        if truth_ok and predicted_ok:
            self.tp += 1
        elif truth_ok:
            self.fn += 1
            self.false_alarms.append(article_id)
        elif predicted_ok:
            self.fp += 1
            self.misses.append(article_id)
        else:
            self.tn += 1

    @property
    def n(self) -> int:
        return self.tp + self.fn + self.fp + self.tn

    @property
    def balanced_accuracy(self) -> float:
        rates = []
        if self.tp + self.fn:
            rates.append(self.tp / (self.tp + self.fn))
        if self.tn + self.fp:
            rates.append(self.tn / (self.tn + self.fp))
        return sum(rates) / len(rates) if rates else 0.0

    @property
    def precision_not_ok(self) -> float:
        flagged = self.tn + self.fn
        return self.tn / flagged if flagged else 0.0

    @property
    def recall_not_ok(self) -> float:
        actual = self.tn + self.fp
        return self.tn / actual if actual else 0.0


def keyword_says_ok(criterion: str, text: str) -> bool:
    lowered = text.lower()
    mentioned = any(word in lowered for word in BASELINE_KEYWORDS.get(criterion, []))
    return not mentioned if criterion in FAULT_CRITERIA else mentioned


def read_labels(path: Path) -> tuple[list[dict[str, str]], list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        columns = reader.fieldnames or []
    criteria = [c for c in columns if c in BASELINE_KEYWORDS]
    return rows, criteria


def evaluate(articles: Path, labels: Path) -> dict[str, dict[str, Tally]]:
    from ketlint.engine import Linter
    from ketlint.ruleset import builtin_ruleset

    ruleset = builtin_ruleset()
    judges = {spec.criterion: spec.id for spec in ruleset.specs.values() if spec.criterion}
    linter = Linter(ruleset, list(ruleset.specs))
    rows, criteria = read_labels(labels)
    tallies: dict[str, dict[str, Tally]] = {
        c: {"ketlint": Tally(), "baseline": Tally()} for c in criteria
    }
    for row in rows:
        article_id = row["id"]
        path = articles / f"{article_id}.md"
        if not path.is_file():
            print(f"warning: {path} not found; skipped", file=sys.stderr)
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        result = linter.lint_text(text, path=str(path), format="markdown")
        verdicts = {v.criterion: v.value for v in result.verdicts}
        for criterion in criteria:
            label = (row.get(criterion) or "").strip()
            if label not in (SATISFACTORY, NOT_SATISFACTORY):
                continue
            truth_ok = label == SATISFACTORY
            if criterion in judges:
                predicted_ok = verdicts.get(criterion, "satisfactory") != "not-satisfactory"
                tallies[criterion]["ketlint"].add(truth_ok, predicted_ok, article_id)
            tallies[criterion]["baseline"].add(
                truth_ok, keyword_says_ok(criterion, text), article_id
            )
    for criterion in criteria:
        if criterion not in judges:
            tallies[criterion].pop("ketlint")
    return tallies


def report(tallies: dict[str, dict[str, Tally]], disagreements: int) -> str:
    lines = [
        "| criterion | n | balanced accuracy | precision (not sat.) | recall (not sat.) | confusion [[TP FN] [FP TN]] | keyword baseline |",
        "|---|---|---|---|---|---|---|",
    ]
    for criterion, pair in tallies.items():
        base = pair["baseline"]
        mine = pair.get("ketlint")
        if mine is None:
            lines.append(
                f"| {criterion} | {base.n} | (no rule) | | | | {base.balanced_accuracy:.2f} |"
            )
            continue
        lines.append(
            f"| {criterion} | {mine.n} | {mine.balanced_accuracy:.2f} | {mine.precision_not_ok:.2f} | "
            f"{mine.recall_not_ok:.2f} | [[{mine.tp} {mine.fn}] [{mine.fp} {mine.tn}]] | {base.balanced_accuracy:.2f} |"
        )
    if disagreements:
        lines.append("")
        for criterion, pair in tallies.items():
            mine = pair.get("ketlint")
            if mine is None:
                continue
            lines.append(
                f"{criterion}: misses {mine.misses[:disagreements]}; false alarms {mine.false_alarms[:disagreements]}"
            )
    return "\n".join(lines)


def as_json(tallies: dict[str, dict[str, Tally]]) -> dict[str, dict[str, float | int | None]]:
    out: dict[str, dict[str, float | int | None]] = {}
    for criterion, pair in tallies.items():
        mine = pair.get("ketlint")
        base = pair["baseline"]
        out[criterion] = {
            "n": mine.n if mine else base.n,
            "balanced_accuracy": round(mine.balanced_accuracy, 4) if mine else None,
            "precision": round(mine.precision_not_ok, 4) if mine else None,
            "recall": round(mine.recall_not_ok, 4) if mine else None,
            "baseline_balanced_accuracy": round(base.balanced_accuracy, 4),
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
        "--disagreements",
        type=int,
        default=0,
        metavar="N",
        help="also list up to N missed and falsely flagged article ids per criterion",
    )
    args = parser.parse_args(argv)
    tallies = evaluate(args.articles, args.labels)
    if args.json:
        print(json.dumps(as_json(tallies), indent=2))
    else:
        print(report(tallies, args.disagreements))
    return 0


if __name__ == "__main__":
    sys.exit(main())
