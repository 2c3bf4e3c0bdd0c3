"""Engine data (code-point offsets) to LSP data (positions in the negotiated encoding)."""

from __future__ import annotations

import bisect
import json
from collections.abc import Callable
from typing import Any

from lsprotocol import types

from ketlint.engine import RULE_FAILED
from ketlint.limits import DataFileError
from ketlint.model import Finding, LintResult, RuleFailure, Severity
from ketlint.positions import LineIndex, column_units

SOURCE = "ketlint"

SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
    Severity.HINT: types.DiagnosticSeverity.Hint,
}

# LSP names the encodings "utf-8", "utf-16" and "utf-32"; LineIndex counts in all three.
KNOWN_ENCODINGS = ("utf-8", "utf-16", "utf-32")


def lsp_encoding(kind: types.PositionEncodingKind | str) -> str:
    """The LineIndex encoding for a negotiated ``PositionEncodingKind`` (UTF-16 if unknown)."""
    name = str(getattr(kind, "value", kind))
    return name if name in KNOWN_ENCODINGS else "utf-16"


def position(index: LineIndex, offset: int, encoding: str) -> types.Position:
    line, column = index.position(offset, encoding)
    return types.Position(line=line, character=column)


def to_range(index: LineIndex, start: int, end: int, encoding: str) -> types.Range:
    return types.Range(start=position(index, start, encoding), end=position(index, end, encoding))


def to_offset(index: LineIndex, pos: types.Position, encoding: str) -> int:
    return index.offset(pos.line, pos.character, encoding)


def finding_to_diagnostic(
    finding: Finding, index: LineIndex, encoding: str, uri: str
) -> types.Diagnostic:
    related = [
        types.DiagnosticRelatedInformation(
            location=types.Location(uri=uri, range=to_range(index, rel.start, rel.end, encoding)),
            message=rel.message,
        )
        for rel in finding.related
    ]
    data: dict[str, object] = {}
    if finding.fix is not None:
        data["fix"] = {"safe": finding.fix.safe, "description": finding.fix.description}
    return types.Diagnostic(
        range=to_range(index, finding.start, finding.end, encoding),
        message=finding.message,
        severity=SEVERITIES[finding.severity],
        code=finding.rule,
        code_description=types.CodeDescription(href=finding.url) if finding.url else None,
        source=SOURCE,
        related_information=related or None,
        data=data or None,
    )


def failure_finding(failure: RuleFailure) -> Finding:
    """An info finding at the top of the document for a rule that did not run on it."""
    return Finding(
        rule=RULE_FAILED,
        severity=Severity.INFO,
        start=0,
        end=0,
        message=f"{failure.message}; its findings in this document are missing",
        data={"rule": failure.rule, "reason": failure.reason},
    )


def findings_shown(result: LintResult) -> list[Finding]:
    """What the editor shows of a lint: its findings, and a rule-failed note for each rule
    whose findings are missing (the CLI's JSON carries the same as ``rule_failures``)."""
    missing = result.missing_findings
    if not missing:
        return result.findings
    return [*result.findings, *map(failure_finding, missing)]


def diagnostics_of(result: LintResult, encoding: str, uri: str) -> list[types.Diagnostic]:
    index = LineIndex(result.source)
    return [finding_to_diagnostic(f, index, encoding, uri) for f in findings_shown(result)]


def dedupe(diagnostics: list[types.Diagnostic]) -> list[types.Diagnostic]:
    """One diagnostic per place and message (config problems found twice, two ways)."""
    seen: set[tuple[int, int, str]] = set()
    out = []
    for diagnostic in diagnostics:
        key = (diagnostic.range.start.line, diagnostic.range.start.character, diagnostic.message)
        if key not in seen:
            seen.add(key)
            out.append(diagnostic)
    return out


DiagnosticKey = tuple[Any, ...]
Locate = Callable[[int], tuple[int, int]]


class DiagnosticCache:
    """The diagnostics of one document's last lint, by everything they show.

    A keystroke moves the offsets of every finding after it, but the line and column of
    only those on the edited line: the others come back as the same
    :class:`~lsprotocol.types.Diagnostic` object and the same JSON text, made once,
    instead of being converted and serialized again on every lint. Only the entries of
    the latest lint are kept, so the cache never outgrows the document's findings.
    """

    def __init__(self, encoding: str, unstructure: Callable[[Any, Any], Any]) -> None:
        self.encoding = encoding
        self._unstructure = unstructure  # pygls's converter: the JSON exactly as it would send
        self._entries: dict[DiagnosticKey, tuple[types.Diagnostic, str]] = {}

    def convert(
        self, findings: list[Finding], index: LineIndex, uri: str
    ) -> tuple[list[types.Diagnostic], list[str]]:
        """The diagnostics of ``findings`` and each one's JSON text, in order."""
        old = self._entries
        new: dict[DiagnosticKey, tuple[types.Diagnostic, str]] = {}
        diagnostics: list[types.Diagnostic] = []
        texts: list[str] = []
        locate = locator(index, self.encoding)
        for finding in findings:
            key = _key(finding, locate, uri)
            entry = new.get(key) or old.get(key)
            if entry is None:
                diagnostic = finding_to_diagnostic(finding, index, self.encoding, uri)
                entry = (diagnostic, json.dumps(self._unstructure(diagnostic, types.Diagnostic)))
            new[key] = entry
            diagnostics.append(entry[0])
            texts.append(entry[1])
        self._entries = new
        return diagnostics, texts

    def __len__(self) -> int:
        return len(self._entries)


def locator(index: LineIndex, encoding: str) -> Locate:
    """``index.position`` (in ``encoding``) for many offsets in a row, with less overhead."""
    text = index.text
    starts = index.line_starts
    size = len(text)
    bisect_right = bisect.bisect_right

    def locate(offset: int) -> tuple[int, int]:
        if offset > size:
            offset = size
        elif offset < 0:
            offset = 0
        line = bisect_right(starts, offset) - 1
        start = starts[line]
        if encoding == "utf-32":
            return line, offset - start
        segment = text[start:offset]
        if segment.isascii():
            return line, offset - start
        return line, column_units(segment, encoding)

    return locate


def _key(finding: Finding, locate: Locate, uri: str) -> DiagnosticKey:
    fix = finding.fix
    return (
        finding.rule,
        int(finding.severity),
        finding.message,
        finding.url,
        None if fix is None else (fix.safe, fix.description),
        locate(finding.start),
        locate(finding.end),
        tuple((r.message, locate(r.start), locate(r.end)) for r in finding.related)
        if finding.related
        else None,
        uri if finding.related else None,
    )


def data_error_to_diagnostic(
    error: DataFileError, index: LineIndex, encoding: str
) -> types.Diagnostic:
    """A rule or config file problem, on its exact line: from its column to the line's end."""
    line = max(0, error.line - 1)
    if line >= len(index.line_starts):
        line = len(index.line_starts) - 1
    text = index.line_text(line)
    column_cp = min(max(0, error.column - 1), len(text))
    end_cp = len(text.rstrip())
    if end_cp <= column_cp:
        end_cp = len(text)
    line_start = index.line_starts[line]
    return types.Diagnostic(
        range=to_range(index, line_start + column_cp, line_start + end_cp, encoding),
        message=error.message,
        severity=types.DiagnosticSeverity.Error,
        code="config-error",
        source=SOURCE,
    )
