"""Inline suppression comments.

In Markdown and HTML, inside ``<!-- ... -->``; in plain text, on a line of its own
(optionally after ``#``, ``//`` or ``%``)::

    ketlint-disable                      all rules from here on
    ketlint-disable hype-phrase, readability
    ketlint-enable [RULES]               undo a disable
    ketlint-disable-next-line [RULES]
    ketlint-disable-line [RULES]         the line the comment is on
    ketlint-disable-file [RULES]         the whole document

An unknown rule id in a directive is reported (rule ``unknown-rule-id``), never ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ketlint.document import Document
from ketlint.model import Finding, Severity

DIRECTIVE = regex.compile(
    r"^\s*ketlint-(?P<action>disable-next-line|disable-line|disable-file|disable|enable)\b(?P<rules>[^\n]*?)\s*(?:--.*)?$"
)
ALL = "*"
UNKNOWN_RULE_ID = "unknown-rule-id"


@dataclass
class Suppressions:
    # (start_offset, end_offset, rule ids or {"*"}) ranges in which findings are dropped.
    ranges: list[tuple[int, int, frozenset[str]]] = field(default_factory=list)
    file_rules: set[str] = field(default_factory=set)
    problems: list[Finding] = field(default_factory=list)

    def suppresses(self, finding: Finding) -> bool:
        if ALL in self.file_rules or finding.rule in self.file_rules:
            return finding.rule != UNKNOWN_RULE_ID
        for start, end, rules in self.ranges:
            if start <= finding.start < end and (ALL in rules or finding.rule in rules):
                return True
        return False


def parse_suppressions(doc: Document, known_rules: set[str]) -> Suppressions:
    result = Suppressions()
    index = doc.line_index
    open_disables: dict[str, int] = {}  # rule (or "*") -> start offset
    for comment in doc.comments:
        match = DIRECTIVE.match(comment.text)
        if not match:
            continue
        action = match.group("action")
        listed = [r.strip() for r in regex.split(r"[,\s]+", match.group("rules")) if r.strip()]
        rules = frozenset(listed) if listed else frozenset({ALL})
        search_from = match.start("rules")
        for rule in listed:
            position = comment.text.find(rule, search_from)
            search_from = max(search_from, position + len(rule))
            if rule not in known_rules:
                at = comment.text_offset + max(position, 0)
                result.problems.append(
                    Finding(
                        rule=UNKNOWN_RULE_ID,
                        severity=Severity.WARNING,
                        message=f"Unknown rule id “{rule}” in a ketlint comment; it suppresses nothing.",
                        start=at,
                        end=at + len(rule),
                    )
                )
        line = index.line_of(comment.start)
        if action == "disable-file":
            result.file_rules |= rules
        elif action == "disable-line":
            start = index.line_starts[line]
            result.ranges.append((start, _line_end(index, line), rules))
        elif action == "disable-next-line":
            target = index.line_of(comment.end) + 1
            # Skip blank lines: "next line" means the next line with text.
            while target < len(index.line_starts) and not index.line_text(target).strip():
                target += 1
            if target < len(index.line_starts):
                result.ranges.append((index.line_starts[target], _line_end(index, target), rules))
        elif action == "disable":
            for rule in rules:
                open_disables.setdefault(rule, comment.end)
        elif action == "enable":
            targets = (
                list(open_disables) if ALL in rules else [r for r in rules if r in open_disables]
            )
            for rule in targets:
                start = open_disables.pop(rule)
                result.ranges.append((start, comment.start, frozenset({rule})))
    for rule, start in open_disables.items():
        result.ranges.append((start, len(doc.source) + 1, frozenset({rule})))
    return result


def _line_end(index: object, line: int) -> int:
    from ketlint.positions import LineIndex

    assert isinstance(index, LineIndex)
    if line + 1 < len(index.line_starts):
        return index.line_starts[line + 1]
    return len(index.text) + 1
