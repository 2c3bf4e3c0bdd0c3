"""Hover (rule documentation) and code lens (readability where the writer looks)."""

from __future__ import annotations

from typing import Any

import regex
from lsprotocol import types

from ketlint.docs import render_rule_doc
from ketlint.lsp.convert import to_range
from ketlint.lsp.documents import LintOutcome

_DIRECTIVE_IN_LINE = regex.compile(
    r"ketlint-(?:disable-next-line|disable-line|disable-file|disable|enable)\b"
)
_RULE_WORD = regex.compile(r"[a-z0-9][a-z0-9-]*")


def hover(outcome: LintOutcome, offset: int, encoding: str, markdown: bool) -> types.Hover | None:
    """The documentation of the rules whose findings cover ``offset``, or of a rule id in a
    suppression comment under the cursor."""
    if outcome.result is None or outcome.linter is None:
        return None
    specs = outcome.linter.ruleset.specs
    covering = [
        f
        for f in outcome.result.findings
        if f.start <= offset < f.end or f.start == f.end == offset
    ]
    rule_ids = list(dict.fromkeys(f.rule for f in covering if f.rule in specs))
    if rule_ids:
        first = next(f for f in covering if f.rule in specs)
        body = "\n\n---\n\n".join(render_rule_doc(specs[r], markdown=markdown) for r in rule_ids)
        return _hover(body, markdown, to_range(outcome.index, first.start, first.end, encoding))
    word = _rule_id_in_directive(outcome, offset)
    if word is not None and word[0] in specs:
        rule_id, start, end = word
        return _hover(
            render_rule_doc(specs[rule_id], markdown=markdown),
            markdown,
            to_range(outcome.index, start, end, encoding),
        )
    return None


def _hover(body: str, markdown: bool, range_: types.Range) -> types.Hover:
    kind = types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText
    return types.Hover(contents=types.MarkupContent(kind=kind, value=body), range=range_)


def _rule_id_in_directive(outcome: LintOutcome, offset: int) -> tuple[str, int, int] | None:
    index = outcome.index
    line = index.line_of(offset)
    line_start = index.line_starts[line]
    text = index.line_text(line)
    directive = _DIRECTIVE_IN_LINE.search(text)
    if directive is None:
        return None
    column = offset - line_start
    for match in _RULE_WORD.finditer(text, directive.end()):
        if match.start() <= column <= match.end():
            return match.group(), line_start + match.start(), line_start + match.end()
    return None


# -- code lens --------------------------------------------------------------------------


def _grade_text(entry: dict[str, Any]) -> str:
    grade = entry.get("grade")
    target = entry.get("target")
    words = entry.get("words")
    target_text = f"target ≤ {target:g}" if isinstance(target, (int, float)) else ""
    if not isinstance(grade, (int, float)):
        parts = ["too short to grade"]
    else:
        verdict = ""
        if isinstance(target, (int, float)):
            verdict = " ✓" if grade <= target else " — above target"
        parts = [f"grade {_number(grade)}{verdict}"]
    if target_text:
        parts.append(target_text)
    if isinstance(words, int):
        parts.append(f"{words:,} words")
    return " · ".join(parts)


def _number(value: float) -> str:
    return f"{value:.1f}" if isinstance(value, float) else str(value)


def code_lenses(outcome: LintOutcome, encoding: str) -> list[types.CodeLens]:
    """A lens on the title (whole article) and on each section heading, from the readability
    metric. Nothing when that metric is missing or not shaped as expected."""
    if outcome.result is None:
        return []
    metric = outcome.result.metrics.get("readability")
    if not isinstance(metric, dict):
        return []
    lenses: list[types.CodeLens] = []
    document = metric.get("document")
    if isinstance(document, dict):
        start, end = outcome.model.title_range if outcome.model is not None else (0, 0)
        lenses.append(
            _lens(outcome, start, end, f"Readability (article): {_grade_text(document)}", encoding)
        )
    sections = metric.get("sections")
    if isinstance(sections, list):
        for section in sections:
            if not isinstance(section, dict):
                continue
            heading_start, heading_end = section.get("heading_start"), section.get("heading_end")
            if not isinstance(heading_start, int) or not isinstance(heading_end, int):
                continue
            start, end = heading_start, heading_end
            if not 0 <= start <= end <= len(outcome.text):
                continue
            lenses.append(
                _lens(outcome, start, end, f"Readability: {_grade_text(section)}", encoding)
            )
    return lenses


def _lens(outcome: LintOutcome, start: int, end: int, title: str, encoding: str) -> types.CodeLens:
    # An empty command id makes the lens a label: editors show it but have nothing to run.
    return types.CodeLens(
        range=to_range(outcome.index, start, end, encoding),
        command=types.Command(title=title, command=""),
    )
