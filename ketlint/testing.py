"""Testing rules: the marked-span notation and a runner for rule-file examples.

An example that must be flagged marks each expected range with double
brackets: ``This is a [[miracle]] cure.`` The runner lints the example with
only that rule enabled and compares the exact ranges. An example that must
pass has no marks and must produce no finding from the rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ketlint.engine import Linter
from ketlint.kinds.base import RuleExample, RuleSpec
from ketlint.ruleset import Ruleset

_MARK = regex.compile(r"\[\[(.*?)\]\]", regex.DOTALL)


def parse_marked(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Strip ``[[...]]`` marks; return the clean text and the marked ranges in it."""
    spans: list[tuple[int, int]] = []
    clean: list[str] = []
    cursor = 0
    length = 0
    for match in _MARK.finditer(text):
        before = text[cursor : match.start()]
        clean.append(before)
        length += len(before)
        inner = match.group(1)
        spans.append((length, length + len(inner)))
        clean.append(inner)
        length += len(inner)
        cursor = match.end()
    clean.append(text[cursor:])
    return "".join(clean), spans


def mark(text: str, spans: list[tuple[int, int]]) -> str:
    """The inverse of :func:`parse_marked`, to show what a rule actually flagged."""
    out = []
    cursor = 0
    for start, end in sorted(spans):
        out.append(text[cursor:start])
        out.append(f"[[{text[start:end]}]]")
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


@dataclass
class ExampleOutcome:
    rule: str
    example: RuleExample
    expected: list[tuple[int, int]]
    got: list[tuple[int, int]]
    text: str
    error: str | None = None
    messages: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        if self.error:
            return False
        if self.example.flagged and not self.expected:
            # A "flag" example without marks only asks for at least one finding.
            return bool(self.got)
        return sorted(set(self.got)) == sorted(set(self.expected))

    def describe(self) -> str:
        kind = "flag" if self.example.flagged else "pass"
        if self.error:
            return f"{self.rule} [{kind}] {self.example.text!r}: error: {self.error}"
        return (
            f"{self.rule} [{kind}] example failed\n"
            f"  expected: {mark(self.text, self.expected) if self.expected else '(no findings)' if not self.example.flagged else '(at least one finding)'}\n"
            f"  got:      {mark(self.text, self.got) if self.got else '(no findings)'}"
        )


def run_example(
    spec: RuleSpec, example: RuleExample, ruleset: Ruleset | None = None
) -> ExampleOutcome:
    text, expected = parse_marked(example.text)
    rules = ruleset or Ruleset({spec.id: spec})
    linter = Linter(rules, [spec.id])
    result = linter.lint_text(text, format=example.format)
    got = [(f.start, f.end) for f in result.findings if f.rule == spec.id]
    error = "; ".join(result.errors) or None
    return ExampleOutcome(
        spec.id, example, expected, got, text, error, [f.message for f in result.findings]
    )


def run_rule_examples(spec: RuleSpec, ruleset: Ruleset | None = None) -> list[ExampleOutcome]:
    return [run_example(spec, example, ruleset) for example in spec.examples]
