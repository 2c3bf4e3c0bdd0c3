"""How often ketlint's inline findings are right, and how many it misses, on a judged sample.

Usage::

    python benchmarks/precision.py [--shared PATH] [--severity warning|all|LEVEL]
                                   [--json] [--unjudged] [--sample PATH]

The sample (``benchmarks/precision/sample.json``) names real articles kept outside the
repository, in the shared folder (``../shared`` beside the repo by default): seeded
random development items from ``eval-dev/articles``, the 20 consumer pages of
``corpus/consumer`` and the two clinic posts ``corpus/00*.txt``. The repository holds
only offsets and verdicts, never the articles' text:

- ``judgements.jsonl``: one finding a person read as an editor would, keyed by
  (source, file, rule, start, end), with ``verdict`` true / debatable / false and a
  one-line ``reason``. Offsets are character offsets into the text as ketlint reads it
  (UTF-8, BOM dropped), the JSON output's ``offset.start`` / ``offset.end``.
- ``misses.jsonl``: the same shape without ``verdict``: an instance the rule should have
  flagged and did not, recorded for the items ``sample.json`` lists under
  ``misses_checked`` (every miss of every rule in those items).

ketlint runs with the built-in rules and their default settings (the rule time budget is
raised so that a busy machine cannot drop findings). For each rule it prints the
findings at the chosen severity, how many were judged true, debatable and false,
precision = true / judged (debatable counts against it) with a Wilson 95% interval, the
unjudged findings (new since judging: list them with ``--unjudged`` and judge them), and
stale judgements (judged findings the rules no longer produce). Recall is counted on the
misses-checked items only: true found / (true found + stored misses still missed), where
a stored miss counts as found when a finding of that rule at the chosen severity now
overlaps it.

``--sample PATH`` counts another judged sample, such as the held-out
``benchmarks/precision/fresh-sample.json``. A sample file names its own judgement and
miss files under the keys ``judgements`` and ``misses`` (paths relative to the sample
file's folder); without those keys they are ``judgements.jsonl`` and ``misses.jsonl``
beside it, which is how the main ``sample.json`` finds its data.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "precision"
DEFAULT_SHARED = REPO.parent / "shared"
VERDICTS = ("true", "debatable", "false")
SEVERITIES = ("hint", "info", "warning", "error")
Z95 = 1.959963984540054
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")

Key = tuple[str, str, str, int, int]  # source, file, rule, start, end


class HarnessError(Exception):
    """A problem with the sample, the stored judgements or the shared folder."""


@dataclass(frozen=True)
class Item:
    source: str
    file: str
    path: Path


@dataclass(frozen=True)
class Found:
    """One finding ketlint produced now."""

    source: str
    file: str
    rule: str
    start: int
    end: int
    severity: str
    message: str

    @property
    def key(self) -> Key:
        return (self.source, self.file, self.rule, self.start, self.end)


@dataclass(frozen=True)
class Judgement:
    source: str
    file: str
    rule: str
    start: int
    end: int
    verdict: str | None = None  # None for a miss
    reason: str = ""

    @property
    def key(self) -> Key:
        return (self.source, self.file, self.rule, self.start, self.end)


@dataclass
class Counts:
    """The tallies of one row (a rule, a source or everything)."""

    findings: int = 0
    true: int = 0
    debatable: int = 0
    false: int = 0
    unjudged: int = 0
    stale: int = 0
    # Recall, on the misses-checked items only.
    true_found: int = 0
    missed: int = 0
    misses_found: int = 0
    words: int = 0
    unjudged_list: list[Found] = field(default_factory=list)

    @property
    def judged(self) -> int:
        return self.true + self.debatable + self.false

    @property
    def precision(self) -> float | None:
        return self.true / self.judged if self.judged else None

    @property
    def precision_interval(self) -> tuple[float, float] | None:
        return wilson(self.true, self.judged) if self.judged else None

    @property
    def recall(self) -> float | None:
        total = self.true_found + self.missed
        return self.true_found / total if total else None

    @property
    def per_1000_words(self) -> float | None:
        return 1000 * self.findings / self.words if self.words else None

    @property
    def false_share(self) -> float | None:
        return self.false / self.judged if self.judged else None

    def as_json(self) -> dict[str, Any]:
        interval = self.precision_interval
        out: dict[str, Any] = {
            "findings": self.findings,
            "true": self.true,
            "debatable": self.debatable,
            "false": self.false,
            "unjudged": self.unjudged,
            "stale_judgements": self.stale,
            "precision": _round(self.precision),
            "precision_95": [_round(interval[0]), _round(interval[1])] if interval else None,
            "recall": _round(self.recall),
            "recall_true_found": self.true_found,
            "recall_missed": self.missed,
            "misses_now_found": self.misses_found,
        }
        if self.words:
            out["words"] = self.words
            out["per_1000_words"] = _round(self.per_1000_words)
            out["false_share"] = _round(self.false_share)
        return out


@dataclass
class Report:
    severity: str
    rules: dict[str, Counts]
    sources: dict[str, Counts]
    overall: Counts
    warnings: list[str]

    def as_json(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "overall": self.overall.as_json(),
            "rules": {rule: c.as_json() for rule, c in self.rules.items()},
            "sources": {source: c.as_json() for source, c in self.sources.items()},
            "warnings": self.warnings,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for a binomial proportion (0, 1 when ``n`` is 0)."""
    if n <= 0:
        return (0.0, 1.0)
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


def count_words(text: str) -> int:
    """Words as runs of letters or digits (joined by an apostrophe or hyphen)."""
    return len(_WORD.findall(text))


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Spans overlap; an empty span overlaps a span that contains its position."""
    if a_start == a_end or b_start == b_end:
        return max(a_start, b_start) <= min(a_end, b_end)
    return max(a_start, b_start) < min(a_end, b_end)


# -- stored data ----------------------------------------------------------------------


def choose_items(names: Iterable[str], seed: int, n: int, exclude: Iterable[str] = ()) -> list[str]:
    """The sample's development items: the first ``n`` of a seeded shuffle of the sorted
    names (so a larger sample with the same seed extends a smaller one), skipping the
    names in ``exclude`` (a held-out sample leaves out every item of the main one)."""
    import random

    order = sorted(names)
    random.Random(seed).shuffle(order)
    skip = set(exclude)
    return [name for name in order if name not in skip][:n]


JUDGEMENTS_NAME = "judgements.jsonl"
MISSES_NAME = "misses.jsonl"


def sample_data_files(sample_path: Path) -> tuple[Path, Path]:
    """The judgement and miss files of a sample: named in the sample file under
    ``judgements`` and ``misses`` (relative to its folder), else ``judgements.jsonl`` and
    ``misses.jsonl`` beside it. Raises HarnessError."""
    try:
        sample = json.loads(sample_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise HarnessError(f"cannot read the sample {sample_path}: {exc}") from None
    folder = sample_path.parent
    return (
        folder / str(sample.get("judgements", JUDGEMENTS_NAME)),
        folder / str(sample.get("misses", MISSES_NAME)),
    )


def load_sample(
    data: Path, shared: Path, sample_path: Path | None = None
) -> tuple[list[Item], set[tuple[str, str]]]:
    """The sampled items (with their paths under ``shared``) and the misses-checked ones,
    from ``sample_path`` (default: ``data/sample.json``)."""
    if sample_path is None:
        sample_path = data / "sample.json"
    try:
        sample = json.loads(sample_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise HarnessError(f"cannot read the sample {sample_path}: {exc}") from None
    items: list[Item] = []
    for source, spec in sample["sources"].items():
        folder = shared / spec["dir"]
        for name in spec["files"]:
            items.append(Item(source, name, folder / name))
    checked = {(entry["source"], entry["file"]) for entry in sample.get("misses_checked", [])}
    return items, checked


def load_judgements(path: Path, *, misses: bool) -> list[Judgement]:
    """Read a JSONL file of judgements (``misses``: no verdict). Raises HarnessError."""
    if not path.exists():
        return []
    out: list[Judgement] = []
    seen: set[Key] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path.name}:{number}"
        try:
            row = json.loads(line)
            judgement = Judgement(
                source=str(row["source"]),
                file=str(row["file"]),
                rule=str(row["rule"]),
                start=int(row["start"]),
                end=int(row["end"]),
                verdict=None if misses else str(row["verdict"]),
                reason=str(row.get("reason", "")),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise HarnessError(f"{where}: not a judgement ({exc})") from None
        if not misses and judgement.verdict not in VERDICTS:
            raise HarnessError(f"{where}: verdict must be one of {', '.join(VERDICTS)}")
        if not 0 <= judgement.start <= judgement.end:
            raise HarnessError(f"{where}: start and end must satisfy 0 <= start <= end")
        if judgement.key in seen:
            # A finding judged again (its message changed) is appended, marked, so the file
            # keeps the first reading and the later one counts; an unmarked repeat is a slip.
            if misses or row.get("rejudged") is not True:
                raise HarnessError(
                    f"{where}: the same (source, file, rule, start, end) twice "
                    '(mark a later judgement of the same finding "rejudged": true)'
                )
            out = [earlier for earlier in out if earlier.key != judgement.key]
        seen.add(judgement.key)
        out.append(judgement)
    return out


# -- running ketlint ------------------------------------------------------------------


def run_ketlint(items: Sequence[Item]) -> tuple[list[Found], dict[tuple[str, str], str]]:
    """Every finding of the built-in rules on the items, and each item's text."""
    from ketlint.engine import EngineSettings, Linter
    from ketlint.files import decode_article
    from ketlint.ruleset import builtin_ruleset

    ruleset = builtin_ruleset()
    # A generous budget: on a busy machine a rule must not be skipped for time.
    linter = Linter(
        ruleset,
        settings=EngineSettings(rule_budget_seconds=120.0, regex_timeout_seconds=60.0),
        cache_blocks=2_000,
    )
    found: list[Found] = []
    texts: dict[tuple[str, str], str] = {}
    for item in items:
        try:
            text = decode_article(item.path.read_bytes())
        except (OSError, ValueError) as exc:
            raise HarnessError(f"cannot read {item.path}: {exc}") from None
        texts[(item.source, item.file)] = text
        result = linter.lint_text(text, path=str(item.path))
        for finding in result.findings:
            if finding.rule not in ruleset.specs:
                continue  # file errors and suppression problems are not rule findings
            found.append(
                Found(
                    source=item.source,
                    file=item.file,
                    rule=finding.rule,
                    start=finding.start,
                    end=finding.end,
                    severity=finding.severity.name.lower(),
                    message=finding.message,
                )
            )
    return found, texts


def severity_filter(severity: str) -> set[str]:
    """``all``, or a level and every level above it (``warning`` also keeps errors)."""
    if severity == "all":
        return set(SEVERITIES)
    if severity not in SEVERITIES:
        raise HarnessError(f"--severity must be 'all' or one of {', '.join(SEVERITIES)}")
    return set(SEVERITIES[SEVERITIES.index(severity) :])


# -- counting -------------------------------------------------------------------------


def tally(
    found: Iterable[Found],
    judgements: Iterable[Judgement],
    misses: Iterable[Judgement],
    *,
    severity: str = "warning",
    misses_checked: set[tuple[str, str]] | None = None,
    words: dict[tuple[str, str], int] | None = None,
    word_sources: Iterable[str] = (),
) -> Report:
    """Match findings to judgements by exact key and count per rule, per source, overall.

    ``misses_checked``: the (source, file) pairs whose misses were recorded (recall is
    counted there only); None means every file that has a stored miss. ``words`` and
    ``word_sources``: per-item word counts, and the sources whose rows report findings
    per 1,000 words.
    """
    levels = severity_filter(severity)
    found = list(found)
    kept = [f for f in found if f.severity in levels]
    judged = {j.key: j for j in judgements}
    misses = list(misses)
    if misses_checked is None:
        misses_checked = {(m.source, m.file) for m in misses}
    rules: dict[str, Counts] = {}
    sources: dict[str, Counts] = {}
    overall = Counts()
    warnings: list[str] = []

    def rows(source: str, rule: str) -> tuple[Counts, Counts, Counts]:
        return (
            rules.setdefault(rule, Counts()),
            sources.setdefault(source, Counts()),
            overall,
        )

    true_keys: set[Key] = set()
    for f in kept:
        judgement = judged.get(f.key)
        checked = (f.source, f.file) in misses_checked
        for counts in rows(f.source, f.rule):
            counts.findings += 1
            if judgement is None:
                counts.unjudged += 1
                counts.unjudged_list.append(f)
            else:
                assert judgement.verdict is not None
                setattr(counts, judgement.verdict, getattr(counts, judgement.verdict) + 1)
                if judgement.verdict == "true" and checked:
                    counts.true_found += 1
        if judgement is not None and judgement.verdict == "true":
            true_keys.add(f.key)

    # Judgements of findings the rules no longer produce (at any severity).
    produced = {f.key for f in found}
    for j in judged.values():
        if j.key not in produced:
            for counts in rows(j.source, j.rule):
                counts.stale += 1

    # Recall: a stored miss is found when a kept finding of its rule overlaps it. Count
    # it as a true find unless that finding is already counted as judged true.
    by_item_rule: dict[tuple[str, str, str], list[Found]] = {}
    for f in kept:
        by_item_rule.setdefault((f.source, f.file, f.rule), []).append(f)
    for miss in misses:
        if (miss.source, miss.file) not in misses_checked:
            warnings.append(
                f"miss in {miss.source}/{miss.file} ({miss.rule}) is not in misses_checked"
            )
            continue
        hits = [
            f
            for f in by_item_rule.get((miss.source, miss.file, miss.rule), [])
            if overlaps(f.start, f.end, miss.start, miss.end)
        ]
        for counts in rows(miss.source, miss.rule):
            if not hits:
                counts.missed += 1
            else:
                counts.misses_found += 1
                if not any(f.key in true_keys for f in hits):
                    counts.true_found += 1

    if words:
        for (source, _file), n in words.items():
            if source in word_sources:
                sources.setdefault(source, Counts()).words += n
    return Report(
        severity=severity,
        rules=dict(sorted(rules.items())),
        sources=dict(sorted(sources.items())),
        overall=overall,
        warnings=warnings,
    )


# -- printing -------------------------------------------------------------------------


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _interval(counts: Counts) -> str:
    interval = counts.precision_interval
    return "-" if interval is None else f"{interval[0]:.2f}-{interval[1]:.2f}"


def format_table(report: Report) -> str:
    header = (
        "| {name} | findings | true | debatable | false | unjudged | precision | 95% CI "
        "| recall (found/missed) | stale |"
    )
    rule_lines = "|---|---|---|---|---|---|---|---|---|---|"

    def row(name: str, c: Counts) -> str:
        return (
            f"| {name} | {c.findings} | {c.true} | {c.debatable} | {c.false} | {c.unjudged} "
            f"| {_fmt(c.precision)} | {_interval(c)} "
            f"| {_fmt(c.recall)} ({c.true_found}/{c.missed}) | {c.stale} |"
        )

    lines = [f"Severity: {report.severity}", "", header.format(name="rule"), rule_lines]
    lines += [row(rule, c) for rule, c in report.rules.items()]
    lines.append(row("**all rules**", report.overall))
    lines += ["", header.format(name="source"), rule_lines]
    lines += [row(source, c) for source, c in report.sources.items()]
    rated = [(s, c) for s, c in report.sources.items() if c.words]
    if rated:
        lines += [
            "",
            "| source | words | findings per 1,000 words | judged false share |",
            "|---|---|---|---|",
        ]
        for source, c in rated:
            lines.append(
                f"| {source} | {c.words} | {_fmt(c.per_1000_words)} | {_fmt(c.false_share)} |"
            )
    if report.warnings:
        lines += [""] + [f"note: {w}" for w in report.warnings]
    return "\n".join(lines)


def context(text: str, start: int, end: int, width: int = 90) -> str:
    """The finding's span in brackets with up to ``width`` characters either side, one line."""
    before = text[max(0, start - width) : start]
    span = text[start:end]
    if len(span) > 160:
        span = span[:75] + " ... " + span[-75:]
    after = text[end : end + width]
    flat = f"{before}[[{span}]]{after}"
    return " ".join(flat.split())


def format_unjudged(report: Report, texts: dict[tuple[str, str], str]) -> str:
    lines: list[str] = []
    for f in report.overall.unjudged_list:
        text = texts.get((f.source, f.file), "")
        lines.append(
            f'{{"source": "{f.source}", "file": "{f.file}", "rule": "{f.rule}", '
            f'"start": {f.start}, "end": {f.end}, "verdict": "?", "reason": "?"}}'
        )
        lines.append(f"    {f.severity}: {f.message}")
        lines.append(f"    {context(text, f.start, f.end)}")
    return "\n".join(lines) if lines else "no unjudged findings"


# -- main -----------------------------------------------------------------------------


def evaluate(
    shared: Path, data: Path = DATA, severity: str = "warning", sample: Path | None = None
) -> tuple[Report, dict[tuple[str, str], str]]:
    """Run and count one judged sample: ``sample`` (default ``data/sample.json``) with the
    judgement and miss files it names (see ``sample_data_files``)."""
    if not shared.is_dir():
        raise HarnessError(
            f"the shared folder {shared} does not exist; pass --shared PATH (the folder "
            "holding eval-dev/ and corpus/)"
        )
    sample_path = data / "sample.json" if sample is None else sample
    items, checked = load_sample(data, shared, sample_path)
    judgements_path, misses_path = sample_data_files(sample_path)
    absent = [item.path for item in items if not item.path.is_file()]
    if absent:
        raise HarnessError(
            f"{len(absent)} sampled file(s) not found under {shared}, e.g. {absent[0]}"
        )
    severity_filter(severity)  # reject a bad level before the slow part
    judgements = load_judgements(judgements_path, misses=False)
    misses = load_judgements(misses_path, misses=True)
    found, texts = run_ketlint(items)
    words = {key: count_words(text) for key, text in texts.items()}
    report = tally(
        found,
        judgements,
        misses,
        severity=severity,
        misses_checked=checked,
        words=words,
        word_sources=("consumer",),
    )
    sampled = {(item.source, item.file) for item in items}
    for j in [*judgements, *misses]:
        if (j.source, j.file) not in sampled:
            report.warnings.append(f"{j.source}/{j.file} is judged but not in the sample")
        elif j.end > len(texts[(j.source, j.file)]):
            report.warnings.append(f"{j.source}/{j.file}: offsets {j.start}-{j.end} past the end")
    report.warnings = sorted(set(report.warnings))
    return report, texts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--shared",
        type=Path,
        default=DEFAULT_SHARED,
        help="the shared folder holding eval-dev/ and corpus/ (default: ../shared beside the repo)",
    )
    parser.add_argument(
        "--severity",
        default="warning",
        help="count findings of this level and above, or 'all' (default: warning)",
    )
    parser.add_argument("--json", action="store_true", help="print the counts as JSON")
    parser.add_argument(
        "--unjudged",
        action="store_true",
        help="list the unjudged findings with some context, to judge (terminal only)",
    )
    parser.add_argument(
        "--sample",
        type=Path,
        default=None,
        help="the sample file to count (default: benchmarks/precision/sample.json); its "
        "'judgements' and 'misses' keys name its data files, else judgements.jsonl and "
        "misses.jsonl beside it",
    )
    parser.add_argument("--data", type=Path, default=DATA, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        report, texts = evaluate(args.shared, args.data, args.severity, args.sample)
    except HarnessError as exc:
        print(f"precision.py: error: {exc}", file=sys.stderr)
        return 2
    if args.unjudged:
        print(format_unjudged(report, texts))
    elif args.json:
        print(json.dumps(report.as_json(), indent=2))
    else:
        print(format_table(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
