"""Streaming writers: each receives one file's result at a time, so memory stays flat."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote

from ketlint.model import LintResult, Related, Severity
from ketlint.output import locate, result_to_dict, safe_snippet, safe_text
from ketlint.positions import LineIndex

if TYPE_CHECKING:
    from ketlint.kinds.base import RuleSpec

SNIPPET_WIDTH = 100
COLORS = {
    Severity.ERROR: "\033[1;31m",
    Severity.WARNING: "\033[1;33m",
    Severity.INFO: "\033[1;36m",
    Severity.HINT: "\033[2m",
}
RESET = "\033[0m"
BOLD = "\033[1m"


class Writer:
    def __init__(self, stream: TextIO, color: bool = False, show_source: bool = True) -> None:
        self.stream = stream
        # Set by the caller: the rule behind a rule id (for formats that describe rules).
        self.rule_spec: Callable[[str], RuleSpec | None] = lambda rule_id: None
        self.color = color
        self.show_source = show_source
        self.counts: Counter[Severity] = Counter()
        self.fixable = 0
        self.files = 0
        # The terminal's width (COLUMNS), when known: text output fits snippets to it.
        self.columns: int | None = None

    def begin(self) -> None:
        pass

    def add(self, display_path: str, result: LintResult) -> None:
        self.files += 1
        for finding in result.findings:
            self.counts[finding.severity] += 1
            if finding.fix is not None and finding.fix.safe:
                self.fixable += 1

    def end(self) -> None:
        pass


def display_width(text: str) -> int:
    """How many terminal cells ``text`` takes (as wcwidth counts them, without its tables)."""
    if text.isascii():
        return len(text)
    import unicodedata

    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


class TextWriter(Writer):
    """ruff-like: ``path:line:col: rule-id message``, the source line and a caret under the range."""

    def paint(self, text: str, code: str) -> str:
        return f"{code}{text}{RESET}" if self.color else text

    def add(self, display_path: str, result: LintResult) -> None:
        super().add(display_path, result)
        index = LineIndex(result.source)
        out = self.stream
        # Nothing from an article or a file name reaches the terminal raw (see safe_text).
        display_path = safe_text(display_path)
        failed = {failure.message for failure in result.missing_findings}  # on stderr (cli.py)
        for error in result.errors:
            if error in failed:
                continue
            out.write(
                f"{display_path}: {self.paint('error', COLORS[Severity.ERROR])}: {safe_text(error)}\n"
            )
        for loc in locate(result, index):
            f = loc.finding
            head = f"{self.paint(display_path, BOLD)}:{loc.start_line}:{loc.start_column}:"
            sev = self.paint(f.severity.label, COLORS[f.severity])
            fixable = " [*]" if f.fix is not None and f.fix.safe else ""
            out.write(
                f"{head} {sev} {self.paint(safe_text(f.rule), BOLD)}{fixable} {safe_text(f.message)}\n"
            )
            if self.show_source:
                out.write(self.snippet(index, loc.start_line, f.start, f.end, f.severity))
        if result.findings and self.show_source:
            out.write("\n")

    def snippet(
        self, index: LineIndex, line_no: int, start: int, end: int, severity: Severity
    ) -> str:
        line = index.line_text(line_no - 1)
        line_start = index.line_starts[line_no - 1]
        col = start - line_start
        width = max(1, min(end, line_start + len(line)) - start)
        gutter = " " * len(str(line_no))
        # Long paragraphs are one line in many exports: show a window around the range, and
        # no wider than the window however long the range (a whole-article finding's title).
        # "N | " and two ellipses take the rest of the terminal's width.
        window = SNIPPET_WIDTH
        if self.columns is not None:
            window = max(20, self.columns - len(gutter) - 3 - 2)
        lo = max(0, col - (window - min(width, window)) // 2)
        hi = min(len(line), lo + window)
        prefix = "…" if lo > 0 else ""
        suffix = "…" if hi < len(line) else ""
        before = safe_snippet(line[lo:col].replace("\t", " "))
        marked = safe_snippet(line[col : min(col + width, hi)].replace("\t", " "))
        shown = prefix + safe_snippet(line[lo:hi].replace("\t", " ")) + suffix
        # The caret goes under the words as a terminal draws them: a wide character (an
        # emoji, CJK) takes two cells, a combining accent or a zero-width character none.
        caret_pad = " " * display_width(prefix + before)
        carets = self.paint("^" * max(1, display_width(marked)), COLORS[severity])
        return f"{gutter} |\n{line_no} | {shown}\n{gutter} | {caret_pad}{carets}\n"

    def end(self) -> None:
        total = sum(self.counts.values())
        out = self.stream
        if total == 0:
            out.write(f"All checks passed ({self.files} file{'s' if self.files != 1 else ''}).\n")
            return
        parts = [
            f"{self.counts[s]} {s.label}{'s' if self.counts[s] != 1 else ''}"
            for s in sorted(self.counts, reverse=True)
            if self.counts[s]
        ]
        out.write(
            f"Found {total} problem{'s' if total != 1 else ''} in {self.files} file{'s' if self.files != 1 else ''} ({', '.join(parts)}).\n"
        )
        if self.fixable:
            out.write(f"[*] {self.fixable} fixable with the `--fix` option.\n")


class StatisticsWriter(Writer):
    """``--statistics``: findings counted per rule, most first, like ruff's: the count, the
    rule id, ``[*]`` when its findings have a safe fix, and what the rule checks."""

    json = False

    def begin(self) -> None:
        self.per_rule: Counter[str] = Counter()
        self.fixable_rules: set[str] = set()

    def add(self, display_path: str, result: LintResult) -> None:
        super().add(display_path, result)
        for finding in result.findings:
            self.per_rule[finding.rule] += 1
            if finding.fix is not None and finding.fix.safe:
                self.fixable_rules.add(finding.rule)

    def summary(self, rule_id: str) -> str:
        spec = self.rule_spec(rule_id)
        if spec is None:
            return ENGINE_FINDINGS.get(rule_id, "")
        return " ".join((spec.docs.summary or spec.message).split())

    def end(self) -> None:
        rows = sorted(self.per_rule.items(), key=lambda item: (-item[1], item[0]))
        if self.json:
            import json

            data = [
                {
                    "code": rule,
                    "count": count,
                    "fixable": rule in self.fixable_rules,
                    "summary": self.summary(rule),
                }
                for rule, count in rows
            ]
            self.stream.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
            return
        if not rows:
            self.stream.write(
                f"All checks passed ({self.files} file{'s' if self.files != 1 else ''}).\n"
            )
            return
        count_w = max(len(str(count)) for _, count in rows)
        rule_w = max(len(rule) for rule, _ in rows)
        for rule, count in rows:
            marker = "[*]" if rule in self.fixable_rules else "[ ]"
            summary = _shortened(safe_text(self.summary(rule)), 80)
            self.stream.write(
                f"{count:>{count_w}}\t{safe_text(rule):<{rule_w}}\t{marker} {summary}\n"
            )


class JsonWriter(Writer):
    """The stable JSON contract (see docs/json-output.md), streamed file by file."""

    def begin(self) -> None:
        self.stream.write('{"version": 1, "files": [')
        self.first = True

    def add(self, display_path: str, result: LintResult) -> None:
        import json

        super().add(display_path, result)
        entry = result_to_dict(result)
        entry["path"] = display_path
        self.stream.write(
            ("" if self.first else ",") + "\n  " + json.dumps(entry, ensure_ascii=False)
        )
        self.first = False

    def end(self) -> None:
        import json

        summary = {s.label: self.counts[s] for s in Severity}
        summary["files"] = self.files
        self.stream.write(f'\n], "summary": {json.dumps(summary)}}}\n')


class GithubWriter(Writer):
    """GitHub Actions workflow commands: annotations on the pull request diff."""

    LEVELS = {
        Severity.ERROR: "error",
        Severity.WARNING: "warning",
        Severity.INFO: "notice",
        Severity.HINT: "notice",
    }

    def add(self, display_path: str, result: LintResult) -> None:
        super().add(display_path, result)
        for loc in locate(result):
            f = loc.finding
            props = ",".join(
                f"{k}={_escape_property(str(v))}"
                for k, v in (
                    ("file", display_path),
                    ("line", loc.start_line),
                    ("col", loc.start_column),
                    ("endLine", loc.end_line),
                    ("endColumn", loc.end_column),
                    ("title", f"ketlint {f.rule}"),
                )
            )
            self.stream.write(f"::{self.LEVELS[f.severity]} {props}::{_escape_data(f.message)}\n")


def _escape_data(value: str) -> str:
    # GitHub's own escapes for the line breaks, then no other control character raw (an ESC
    # in the log is a terminal sequence; see safe_text).
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return safe_text(value)


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


SARIF_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning"}
# Findings the engine itself reports, which no rule file describes.
ENGINE_FINDINGS = {
    "file-error": "The file could not be read or linted (missing, unreadable, binary or too large).",
    "unknown-rule-id": "A suppression comment names a rule that does not exist.",
}


def _shortened(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ,;:(") + "…"


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    end = text.find(". ")
    return text[: end + 1] if 0 < end < 200 else text[:200]


def _artifact_location(display_path: str) -> dict[str, str]:
    """A relative path is relative to the folder ketlint ran in (``%SRCROOT%``, given in the
    run's ``originalUriBaseIds``), so code scanning can place it."""
    uri = artifact_uri(display_path)
    return {"uri": uri} if uri.startswith("file:") else {"uri": uri, "uriBaseId": "%SRCROOT%"}


class SarifWriter(Writer):
    """SARIF 2.1.0 for code-scanning dashboards; columns in Unicode code points."""

    def begin(self) -> None:
        self.results: list[dict[str, Any]] = []
        self.rules: dict[str, dict[str, Any]] = {}

    def add(self, display_path: str, result: LintResult) -> None:
        super().add(display_path, result)
        location = _artifact_location(display_path)
        index = LineIndex(result.source)
        for loc in locate(result, index):
            f = loc.finding
            if f.rule not in self.rules:
                self.rules[f.rule] = self.descriptor(f.rule, f.url, f.severity)
            entry: dict[str, Any] = {
                "ruleId": f.rule,
                "level": SARIF_LEVELS.get(f.severity, "note"),
                "message": {"text": f.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": location,
                            "region": {
                                "startLine": loc.start_line,
                                "startColumn": loc.start_column,
                                "endLine": loc.end_line,
                                "endColumn": loc.end_column,
                            },
                        }
                    }
                ],
            }
            if f.related:
                entry["relatedLocations"] = [
                    _sarif_related(location, index, number, rel)
                    for number, rel in enumerate(f.related)
                ]
            self.results.append(entry)

    def descriptor(self, rule_id: str, url: str | None, severity: Severity) -> dict[str, Any]:
        """A SARIF ``reportingDescriptor`` with what GitHub code scanning requires of one:
        short and full descriptions and help (text and Markdown), from the rule's docs."""
        from ketlint.docs import render_rule_doc

        spec = self.rule_spec(rule_id)
        if spec is not None:
            docs = spec.docs
            short = docs.summary or spec.message
            full = " ".join(part for part in (docs.summary, docs.why) if part) or short
            help_text = render_rule_doc(spec)
            help_markdown = render_rule_doc(spec, markdown=True)
            level = spec.severity
        else:
            short = full = help_text = help_markdown = ENGINE_FINDINGS.get(
                rule_id, f"Reported by ketlint as {rule_id}."
            )
            level = severity
        descriptor: dict[str, Any] = {
            "id": rule_id,
            "shortDescription": {"text": _first_sentence(short)},
            "fullDescription": {"text": full},
            "help": {"text": help_text, "markdown": help_markdown},
            "defaultConfiguration": {"level": SARIF_LEVELS.get(level, "note")},
        }
        # SARIF wants `name` only where it differs from the id: "hype-phrase" -> "HypePhrase".
        if "-" in rule_id:
            descriptor["name"] = "".join(word.capitalize() for word in rule_id.split("-"))
        if url:
            descriptor["helpUri"] = url
        return descriptor

    def end(self) -> None:
        import json

        from ketlint import __version__

        log = {
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "ketlint",
                            "version": __version__,
                            "informationUri": "https://github.com/ketlint/ketlint",
                            "rules": list(self.rules.values()),
                        }
                    },
                    "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().as_uri() + "/"}},
                    "columnKind": "unicodeCodePoints",
                    "results": self.results,
                }
            ],
        }
        json.dump(log, self.stream, indent=2, ensure_ascii=False)
        self.stream.write("\n")


def artifact_uri(path: str) -> str:
    """A SARIF ``artifactLocation.uri``: a ``file:`` URI for an absolute path, else a
    relative reference, percent-encoded either way (a space, ``#``, ``%`` or a newline in a
    file name cannot change what it names)."""
    pure = PurePath(path)
    if pure.is_absolute():
        return Path(path).as_uri()
    return quote(pure.as_posix(), safe="/")


def _sarif_related(
    location: dict[str, str], index: LineIndex, number: int, rel: Related
) -> dict[str, Any]:
    start_line, start_column = index.position(rel.start)
    end_line, end_column = index.position(rel.end)
    return {
        "id": number,
        "message": {"text": rel.message},
        "physicalLocation": {
            "artifactLocation": location,
            "region": {
                "startLine": start_line + 1,
                "startColumn": start_column + 1,
                "endLine": end_line + 1,
                "endColumn": end_column + 1,
            },
        },
    }


WRITERS: dict[str, type[Writer]] = {
    "text": TextWriter,
    "json": JsonWriter,
    "github": GithubWriter,
    "sarif": SarifWriter,
}
