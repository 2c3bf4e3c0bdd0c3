"""Engine data (code-point offsets) to LSP data (positions in the negotiated encoding)."""

from __future__ import annotations

from lsprotocol import types

from ketlint.limits import DataFileError
from ketlint.model import Finding, Severity
from ketlint.positions import LineIndex

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
