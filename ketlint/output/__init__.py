"""Output formats for ``ketlint check``: text, json, sarif, github."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ketlint.model import Finding, LintResult
from ketlint.positions import LineIndex

FORMATS = ("text", "json", "sarif", "github")

# C0 controls but tab, DEL, C1 controls, and the bidirectional overrides and isolates that
# reorder what a reader sees ("Trojan Source"): an article or a file name can hold any of
# them, and a terminal obeys ESC/OSC sequences, CR rewrites a line, LF starts a new one.
_CONTROLS = "".join(
    [chr(c) for c in range(0x20) if c != 0x09]
    + [chr(c) for c in range(0x7F, 0xA0)]
    + [chr(c) for c in (0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A))]
)
_ESCAPES = {ord(c): c.encode("unicode_escape").decode("ascii") for c in _CONTROLS}
_ESCAPES.update({ord("\n"): "\\n", ord("\r"): "\\r"})
# One character for one, so carets under a source line stay aligned: C0 controls become
# their Unicode control pictures (ESC -> "␛"), the rest U+FFFD.
_PICTURES = {ord(c): chr(0x2400 + ord(c)) if ord(c) < 0x20 else "\ufffd" for c in _CONTROLS}


def safe_text(text: str) -> str:
    """``text`` with control characters written as escapes (``\\x1b``, ``\\n``): safe to print
    on one line of a terminal or a log, whatever an article or a file name holds."""
    return text.translate(_ESCAPES)


def safe_snippet(text: str) -> str:
    """Like :func:`safe_text`, but one visible character for each control character."""
    return text.translate(_PICTURES)


@dataclass(frozen=True)
class Located:
    """A finding with 1-based line and code-point column positions (end exclusive)."""

    finding: Finding
    start_line: int
    start_column: int
    end_line: int
    end_column: int


def locate(result: LintResult, index: LineIndex | None = None) -> list[Located]:
    index = index or LineIndex(result.source)
    out = []
    for finding in result.findings:
        sl, sc = index.position(finding.start)
        el, ec = index.position(finding.end)
        out.append(Located(finding, sl + 1, sc + 1, el + 1, ec + 1))
    return out


def finding_to_dict(located: Located, index: LineIndex) -> dict[str, Any]:
    finding = located.finding
    entry: dict[str, Any] = {
        "rule": finding.rule,
        "severity": finding.severity.label,
        "message": finding.message,
        "start": {"line": located.start_line, "column": located.start_column},
        "end": {"line": located.end_line, "column": located.end_column},
        "offset": {"start": finding.start, "end": finding.end},
        "url": finding.url,
    }
    if finding.fix is not None:
        fix = finding.fix
        fsl, fsc = index.position(fix.start)
        fel, fec = index.position(fix.end)
        entry["fix"] = {
            "description": fix.description,
            "safe": fix.safe,
            "replacement": fix.replacement,
            "start": {"line": fsl + 1, "column": fsc + 1},
            "end": {"line": fel + 1, "column": fec + 1},
        }
    if finding.related:
        entry["related"] = []
        for rel in finding.related:
            rl, rc = index.position(rel.start)
            el, ec = index.position(rel.end)
            entry["related"].append(
                {
                    "message": rel.message,
                    "start": {"line": rl + 1, "column": rc + 1},
                    "end": {"line": el + 1, "column": ec + 1},
                }
            )
    return entry


def result_to_dict(result: LintResult) -> dict[str, Any]:
    index = LineIndex(result.source)
    return {
        "path": result.path,
        "findings": [finding_to_dict(loc, index) for loc in locate(result, index)],
        "metrics": result.metrics,
        "verdicts": {v.criterion: {"value": v.value, "reason": v.reason} for v in result.verdicts},
        "errors": result.errors,
        # The rules that did not run on this file (their findings here are missing).
        "rule_failures": [
            {"rule": f.rule, "source": f.source, "reason": f.reason, "message": f.message}
            for f in result.missing_findings
        ],
    }
