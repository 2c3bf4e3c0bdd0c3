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

import bisect
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field

import regex

from ketlint.document import Comment, Document
from ketlint.model import Finding, Severity

DIRECTIVE = regex.compile(
    r"^\s*ketlint-(?P<action>disable-next-line|disable-line|disable-file|disable|enable)\b(?P<rules>[^\n]*?)\s*(?:--.*)?$"
)
ALL = "*"
UNKNOWN_RULE_ID = "unknown-rule-id"
UNUSED_SUPPRESSION = "unused-suppression"


@dataclass
class Directive:
    """One ``ketlint-disable...`` comment, and the rules it has suppressed a finding of."""

    comment: Comment
    action: str
    rules: frozenset[str]  # the ids listed, or {"*"}
    # Where the listed ids are in the source, in order: (id, start, end).
    listed: list[tuple[str, int, int]] = field(default_factory=list)
    used: set[str] = field(default_factory=set)
    number: int = -1  # its index in Suppressions.directives


@dataclass
class Suppressions:
    # (start_offset, end_offset, rule ids or {"*"}, directive index) ranges in which
    # findings are dropped.
    ranges: list[tuple[int, int, frozenset[str], int]] = field(default_factory=list)
    file_rules: dict[str, list[int]] = field(default_factory=dict)  # rule -> directives
    problems: list[Finding] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)
    # The ranges sorted by start, for _ranges_around (rebuilt when ranges change).
    _sorted: list[tuple[int, int, frozenset[str], int]] = field(default_factory=list, repr=False)
    _starts: list[int] = field(default_factory=list, repr=False)
    _reach: list[int] = field(default_factory=list, repr=False)
    _sorted_count: int = field(default=-1, repr=False)

    def suppresses(self, finding: Finding) -> bool:
        """Whether a directive drops ``finding`` (and each such directive is marked used)."""
        if finding.rule == UNKNOWN_RULE_ID and self._file_directives(finding.rule):
            return False
        hit = False
        # A directive's own unused-suppression report is not something it suppresses.
        about = finding.data.get("directive") if finding.rule == UNUSED_SUPPRESSION else None
        for index in self._file_directives(finding.rule):
            if index == about:
                continue
            self.directives[index].used.add(finding.rule)
            hit = True
        for start, end, rules, index in self._ranges_around(finding.start):
            if index == about:
                continue
            if start <= finding.start < end and (ALL in rules or finding.rule in rules):
                self.directives[index].used.add(finding.rule)
                hit = True
        return hit

    def _ranges_around(self, offset: int) -> Iterator[tuple[int, int, frozenset[str], int]]:
        """The ranges that may hold ``offset``, without a scan of all of them per finding
        (a file of thousands of directives would make that quadratic): ranges sorted by start,
        walked back from the last one starting at or before ``offset`` until no earlier range
        reaches it (the running maximum of their ends says when)."""
        if self._sorted_count != len(self.ranges):
            self._sorted = sorted(self.ranges)
            self._starts = [r[0] for r in self._sorted]
            self._reach = list(itertools.accumulate((r[1] for r in self._sorted), max))
            self._sorted_count = len(self.ranges)
        at = bisect.bisect_right(self._starts, offset) - 1
        while at >= 0 and self._reach[at] > offset:
            yield self._sorted[at]
            at -= 1

    def _file_directives(self, rule: str) -> list[int]:
        return [*self.file_rules.get(ALL, []), *self.file_rules.get(rule, [])]


def parse_suppressions(doc: Document, known_rules: set[str]) -> Suppressions:
    result = Suppressions()
    index = doc.line_index
    open_disables: dict[str, tuple[int, int]] = {}  # rule (or "*") -> start, directive
    for comment in doc.comments:
        match = DIRECTIVE.match(comment.text)
        if not match:
            continue
        action = match.group("action")
        listed = [r.strip() for r in regex.split(r"[,\s]+", match.group("rules")) if r.strip()]
        rules = frozenset(listed) if listed else frozenset({ALL})
        search_from = match.start("rules")
        directive = Directive(comment, action, rules)
        number = len(result.directives)
        if action != "enable":
            result.directives.append(directive)
        for rule in listed:
            position = comment.text.find(rule, search_from)
            search_from = max(search_from, position + len(rule))
            at = comment.text_offset + max(position, 0)
            directive.listed.append((rule, at, at + len(rule)))
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
            for rule in rules:
                result.file_rules.setdefault(rule, []).append(number)
        elif action == "disable-line":
            start = index.line_starts[line]
            result.ranges.append((start, _line_end(index, line), rules, number))
        elif action == "disable-next-line":
            target = index.line_of(comment.end) + 1
            # Skip blank lines: "next line" means the next line with text.
            while target < len(index.line_starts) and not index.line_text(target).strip():
                target += 1
            if target < len(index.line_starts):
                result.ranges.append(
                    (index.line_starts[target], _line_end(index, target), rules, number)
                )
        elif action == "disable":
            for rule in rules:
                open_disables.setdefault(rule, (comment.end, number))
        elif action == "enable":
            targets = (
                list(open_disables) if ALL in rules else [r for r in rules if r in open_disables]
            )
            for rule in targets:
                start, opened = open_disables.pop(rule)
                result.ranges.append((start, comment.start, frozenset({rule}), opened))
    for rule, (start, opened) in open_disables.items():
        result.ranges.append((start, len(doc.source) + 1, frozenset({rule}), opened))
    return result


def unused_directives(
    suppressions: Suppressions, ran: set[str], every_rule_ran: bool
) -> list[tuple[Directive, list[str]]]:
    """Directives that suppressed nothing, with the listed ids that suppressed nothing.

    Only what this run can judge: an id naming a rule that did not run (not selected) is
    never called unused, and a directive without ids only when every rule enabled by
    default ran. An unknown id is reported as unknown-rule-id already.
    """
    unused: list[tuple[Directive, list[str]]] = []
    for number, directive in enumerate(suppressions.directives):
        directive.number = number
        if ALL in directive.rules:
            if every_rule_ran and not directive.used:
                unused.append((directive, []))
            continue
        idle = [
            rule for rule, _, _ in directive.listed if rule in ran and rule not in directive.used
        ]
        if idle:
            unused.append((directive, idle))
    return unused


def _line_end(index: object, line: int) -> int:
    from ketlint.positions import LineIndex

    assert isinstance(index, LineIndex)
    if line + 1 < len(index.line_starts):
        return index.line_starts[line + 1]
    return len(index.text) + 1
