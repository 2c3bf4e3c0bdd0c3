"""``unused-suppression``: a ``ketlint-disable...`` comment that suppressed nothing (ruff's RUF100).

The engine calls :meth:`UnusedSuppressionRule.report` after every other rule has run and
their findings have met the document's suppression comments. A comment naming rules is
reported only for the rules this run ran (an id for a rule not selected may well suppress
something in another run); a comment without ids only when every rule enabled by default
ran. Its safe fix deletes the comment (its line, when the comment is alone on it), or only
the ids that suppressed nothing. Message placeholders: ``{directive}``, ``{rules}``.
"""

from __future__ import annotations

from ketlint.document import Document
from ketlint.kinds.base import BlockFacts, Judgement, Kind
from ketlint.model import Finding, Fix
from ketlint.suppression import Directive


class UnusedSuppressionRule(Kind[None]):
    kind = "unused-suppression"
    options_doc = (
        "Reports ketlint-disable comments that suppressed nothing in this run (the engine "
        "computes it after the other rules). No options. Message placeholders: {directive} "
        "(the comment's words), {rules} (the ids that suppressed nothing, or 'any rule')."
    )
    options_schema = {"type": "object", "additionalProperties": False, "properties": {}}

    def judge(self, doc: Document, facts: BlockFacts[None]) -> Judgement:
        return Judgement()  # see report(): it needs every other rule's findings

    def report(self, doc: Document, unused: list[tuple[Directive, list[str]]]) -> list[Finding]:
        findings = []
        for directive, idle in unused:
            comment = directive.comment
            words = " ".join(comment.text.split())
            whole = not idle or len(idle) == len(directive.listed)
            if whole:
                start, end = _comment_extent(doc.source, comment.start, comment.end)
                fix = Fix(start, end, "", "remove the unused suppression comment")
                at = (comment.start, comment.end)
            else:
                first, last = directive.listed[0][1], directive.listed[-1][2]
                kept = [rule for rule, _, _ in directive.listed if rule not in idle]
                fix = Fix(
                    first, last, ", ".join(kept), f"remove {', '.join(idle)} from the comment"
                )
                spans = [(s, e) for rule, s, e in directive.listed if rule in idle]
                at = (spans[0][0], spans[-1][1])
            findings.append(
                self.finding(
                    at[0],
                    at[1],
                    values={"directive": words, "rules": ", ".join(idle) or "any rule"},
                    fix=fix,
                    data={"unused": idle or ["*"], "directive": directive.number},
                )
            )
        return findings


def _comment_extent(source: str, start: int, end: int) -> tuple[int, int]:
    """What to delete for a comment: its whole line when nothing else is on it, else the
    comment and the spaces before it."""
    line_start = source.rfind("\n", 0, start) + 1
    line_end = source.find("\n", end)
    line_end = len(source) if line_end < 0 else line_end
    if not source[line_start:start].strip() and not source[end:line_end].strip():
        return line_start, min(len(source), line_end + 1)
    while start > line_start and source[start - 1] in " \t":
        start -= 1
    return start, end
