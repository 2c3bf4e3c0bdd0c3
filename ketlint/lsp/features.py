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
    """The documentation of the rule whose finding under ``offset`` is narrowest, then one
    line (its message and a link) for every other rule with a finding there; or the
    documentation of a rule id in a suppression comment under the cursor."""
    if outcome.result is None or outcome.linter is None:
        return None
    specs = outcome.linter.ruleset.specs
    covering = [
        f
        for f in outcome.result.findings
        if f.rule in specs and (f.start <= offset < f.end or f.start == f.end == offset)
    ]
    if covering:
        # A title can carry several whole-article findings; their full docs together ran to
        # 15,000 characters. The narrowest finding is the one the writer pointed at.
        covering.sort(key=lambda f: (f.end - f.start, f.start, f.rule))
        first = covering[0]
        body = render_rule_doc(specs[first.rule], markdown=markdown)
        seen = {first.rule}
        others = []
        for finding in covering[1:]:
            if finding.rule not in seen:
                seen.add(finding.rule)
                others.append(finding)
        if others:
            lines = [_one_line(f.rule, f.message, f.url, markdown) for f in others]
            separator = "\n\n---\n\n" if markdown else "\n"
            body = body.rstrip("\n") + separator + "Also here:\n\n" + "\n".join(lines) + "\n"
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


ONE_LINE_MESSAGE = 160  # characters of a message kept in the hover's one-line entries


def _one_line(rule: str, message: str, url: str | None, markdown: bool) -> str:
    text = " ".join(message.split())
    if len(text) > ONE_LINE_MESSAGE:
        text = text[: ONE_LINE_MESSAGE - 1].rstrip() + "…"
    if markdown:
        name = f"[`{rule}`]({url})" if url else f"`{rule}`"
        return f"- {name}: {text}"
    return f"- {rule}: {text}" + (f" ({url})" if url else "")


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
