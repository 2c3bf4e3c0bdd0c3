"""Tools for people who write rules: validate packs, run their examples, baselines, compare.

Everything here returns plain data; ``ketlint.cli`` prints it.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ketlint.config import CONFIG_NAMES, load_config
from ketlint.limits import DataFileError
from ketlint.model import LintResult
from ketlint.project import ConfigError, Project, Selection
from ketlint.ruleset import (
    RULE_SUFFIXES,
    Ruleset,
    assemble_ruleset,
    builtin_ruleset,
    load_rule_dirs,
)
from ketlint.testing import ExampleOutcome, run_rule_examples

# -- rules check -----------------------------------------------------------------


def _expand(paths: Iterable[Path]) -> tuple[list[Path], list[Path], list[DataFileError]]:
    rule_files: list[Path] = []
    config_files: list[Path] = []
    errors: list[DataFileError] = []
    for path in paths:
        if path.is_dir():
            rule_files += sorted(
                p for p in path.rglob("*") if p.suffix in RULE_SUFFIXES and p.is_file()
            )
            config_files += [
                path / n for n in CONFIG_NAMES if (path / n).is_file() and n != "pyproject.toml"
            ]
        elif path.suffix in RULE_SUFFIXES:
            rule_files.append(path)
        elif path.suffix == ".toml":
            config_files.append(path)
        elif not path.exists():
            errors.append(DataFileError(str(path), 1, 1, "no such file or directory"))
        else:
            errors.append(
                DataFileError(
                    str(path), 1, 1, "not a rule file (.yml/.yaml) or config file (.toml)"
                )
            )
    return rule_files, config_files, errors


def check_rule_files(paths: list[Path]) -> tuple[list[DataFileError], int]:
    """Every problem in the given rule and config files, and how many rules were valid."""
    rule_files, config_files, errors = _expand(paths)
    packs, load_errors = load_rule_dirs(rule_files)
    _, assembly_errors = assemble_ruleset(packs, load_errors)
    errors.extend(assembly_errors)
    builtin_ids = set(builtin_ruleset().specs)
    count = sum(1 for rule_id in packs.specs if rule_id not in builtin_ids) + len(packs.extensions)
    for file in config_files:
        try:
            load_config(file)
            Project(config_path=file).linter_for(None)
        except DataFileError as exc:
            errors.append(exc)
        except ConfigError as exc:
            errors.extend(exc.errors)
    # A config's rule-dirs are often among the paths checked too: report each problem once.
    # The same file may be named two ways (a relative pack on the command line, the config's
    # absolute rule-dirs): compare where the files are, and keep the first name given.
    unique: dict[tuple[str, int, int, str], DataFileError] = {}
    for error in errors:
        unique.setdefault((_real(error.file), error.line, error.column, error.message), error)
    errors = sorted(unique.values(), key=lambda e: (e.file, e.line, e.column))
    return errors, count


def _real(file: str) -> str:
    try:
        return str(Path(file).resolve())
    except (OSError, ValueError):
        return file


# -- rules test ------------------------------------------------------------------


@dataclass
class RuleTestReport:
    outcomes: list[ExampleOutcome]
    load_errors: list[DataFileError]

    @property
    def failed(self) -> list[ExampleOutcome]:
        return [o for o in self.outcomes if not o.passed]


def run_rule_tests(paths: list[Path], include_builtin: bool = True) -> RuleTestReport:
    """Run the examples of the rules in ``paths`` (and of the built-in rules if asked)."""
    builtin_ids = list(builtin_ruleset().specs)
    tested = list(builtin_ids) if include_builtin else []
    packs, errors = load_rule_dirs(paths) if paths else (Ruleset(), [])
    ruleset, errors = assemble_ruleset(packs, errors)
    tested += [rule_id for rule_id in packs.specs if rule_id not in builtin_ids]
    tested += [e.extends for e in packs.extensions if e.extends and e.extends not in tested]
    outcomes: list[ExampleOutcome] = []
    for rule_id in tested:
        found = ruleset.specs.get(rule_id)
        if found is not None:
            outcomes.extend(run_rule_examples(found, ruleset))
    return RuleTestReport(outcomes, errors)


# -- baselines -------------------------------------------------------------------

BASELINE_VERSION = 1


def _finding_keys(result: LintResult, root: Path) -> list[tuple[str, str, str]]:
    path = Path(result.path or "-")
    try:
        rel = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        rel = path.as_posix()
    keys = []
    for f in result.findings:
        # Keyed by words, not lines: a baseline survives edits elsewhere in the file.
        text = " ".join(result.source[f.start : f.end].split())[:200]
        keys.append((rel, f.rule, text))
    return keys


@dataclass
class Baseline:
    """Known findings, counted by (file, rule, flagged words)."""

    path: Path
    counts: Counter[tuple[str, str, str]]

    @classmethod
    def load(cls, path: Path) -> Baseline:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise DataFileError(str(path), 1, 1, f"cannot read baseline: {exc}") from None
        if not isinstance(data, dict) or data.get("version") != BASELINE_VERSION:
            raise DataFileError(
                str(path), 1, 1, f"not a ketlint baseline (version {BASELINE_VERSION})"
            )
        counts: Counter[tuple[str, str, str]] = Counter()
        for entry in data.get("findings", []):
            counts[(entry["path"], entry["rule"], entry["text"])] += int(entry.get("count", 1))
        return cls(path, counts)

    @classmethod
    def record(cls, path: Path, results: Iterable[LintResult]) -> Baseline:
        counts: Counter[tuple[str, str, str]] = Counter()
        for result in results:
            counts.update(_finding_keys(result, path.parent))
        return cls(path, counts)

    def save(self) -> None:
        entries = [
            {"path": p, "rule": r, "text": t, "count": c}
            for (p, r, t), c in sorted(self.counts.items())
        ]
        self.path.write_text(
            json.dumps(
                {"version": BASELINE_VERSION, "findings": entries}, indent=1, ensure_ascii=False
            )
            + "\n",
            encoding="utf-8",
        )

    def new_findings(self, result: LintResult) -> LintResult:
        """``result`` without the findings this baseline already knows."""
        budget = Counter(self.counts)
        kept = []
        for finding, key in zip(
            result.findings, _finding_keys(result, self.path.parent), strict=True
        ):
            if budget[key] > 0:
                budget[key] -= 1
            else:
                kept.append(finding)
        return LintResult(
            result.path,
            result.source,
            kept,
            result.metrics,
            result.verdicts,
            result.errors,
            result.rule_failures,
        )


# -- compare ---------------------------------------------------------------------


def project_for_variant(variant: Path | None) -> Project:
    """A project whose rules are the built-ins plus ``variant`` (a rules folder/file or a config)."""
    if variant is None:
        return Project(isolated=True)
    if variant.suffix == ".toml":
        return Project(config_path=variant)
    return Project(isolated=True, selection=Selection(rule_dirs=[variant.resolve()]))


@dataclass
class Change:
    rule: str
    path: str
    line: int
    column: int
    text: str
    gained: bool


def compare(paths: list[Path], before: Path | None, after: Path | None) -> list[Change]:
    from ketlint.files import iter_files, read_article
    from ketlint.positions import LineIndex

    projects = (project_for_variant(before), project_for_variant(after))
    changes: list[Change] = []
    for file in iter_files(paths, projects[1]):
        results = [read_article(file, project) for project in projects]
        keyed: list[Counter[tuple[str, int, int]]] = [
            Counter((f.rule, f.start, f.end) for f in r.findings) for r in results
        ]
        index = LineIndex(results[1].source)
        for gained, (mine, other) in ((False, (keyed[0], keyed[1])), (True, (keyed[1], keyed[0]))):
            for (rule, start, end), count in (mine - other).items():
                line, column = index.position(start)
                text = " ".join(results[1].source[start:end].split())
                changes.extend(
                    Change(rule, str(file), line + 1, column + 1, text, gained)
                    for _ in range(count)
                )
    changes.sort(key=lambda c: (c.rule, c.path, c.line, c.column))
    return changes


def summarize_changes(changes: list[Change]) -> dict[str, dict[str, Any]]:
    summary: dict[str, dict[str, Any]] = {}
    for change in changes:
        entry = summary.setdefault(change.rule, {"gained": 0, "lost": 0})
        entry["gained" if change.gained else "lost"] += 1
    return summary
