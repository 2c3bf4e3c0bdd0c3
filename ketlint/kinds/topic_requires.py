"""``topic-requires``: a document that mentions a topic must also contain something else.

If any ``topics`` pattern matches the prose, one of ``requires`` must match
somewhere in the document's prose, or in the target of one of its links
(``tel:988``, ``https://988lifeline.org``). Otherwise one finding goes on the
first mention of the topic, exactly on its words; with ``insert`` the rule
offers an (unsafe) fix that appends that text to the paragraph of the first
mention.

``discouraged`` terms (the ``phrases`` kind's term format: literal phrases or
patterns, with ``suggestion``, ``replace`` and ``safe``) are flagged wherever
they appear, whether or not the requirement is met, with their replacement as
a fix.

With ``passing-mentions``, an article that mentions the topic only that many
times or fewer, and (with ``passing-if-lead``) whose title or the paragraph under it
says it reports research, gets the finding at ``passing-severity``: one word
in a trial's list of adverse events is a fair question for the editor, not
an article about the topic.

Reference lists do not count as mentions of the topic (a cited paper's title
is not the article talking about it), but a required resource counts wherever
it stands.

Message placeholders: ``{match}`` (the words of the first mention),
``{topic}`` (topic-label), ``{mentions}`` (a number) and ``{mention_count}``
("1 mention", "9 mentions") for the rule's message;
``{match}``, ``{suggestion}`` and ``{term}`` for ``discouraged-message``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import regex

from ketlint.citations import counted_blocks
from ketlint.document import Document
from ketlint.kinds.base import (
    BlockFacts,
    Judgement,
    Kind,
    LazyPattern,
    Paragraph,
    compile_alternatives,
    lead_blocks,
    render_message,
)
from ketlint.model import Finding, Fix, Severity
from ketlint.terms import TERM_SCHEMA, Term, compile_terms, match_case, parse_term
from ketlint.timeouts import user_pattern

PATTERN_LIST: dict[str, Any] = {"type": "array", "items": {"type": "string", "minLength": 1}}
DEFAULT_DISCOURAGED_MESSAGE = "Avoid “{match}”; say “{suggestion}”."


@dataclass(frozen=True)
class TopicFacts:
    """What a paragraph says for a topic-requires rule (offsets from its start)."""

    mentions: tuple[tuple[int, int], ...]  # the topic's mentions
    meets_requirement: bool  # whether ``requires`` matches in it
    discouraged: tuple[tuple[int, int, int], ...]  # discouraged terms: start, end, term index


class TopicRequiresRule(Kind[TopicFacts]):
    kind = "topic-requires"
    pattern_options = frozenset(
        (
            "passing-if-lead",
            "pattern",
            "requires",
            "topics",
        )
    )
    options_doc = (
        "When a topic is mentioned, requires something else in the document (a crisis line, "
        "a disclaimer...) in its prose or a link target, reported on the exact words of the "
        "first mention; also flags discouraged wording anywhere, with replacements as fixes. "
        "Message placeholders: {match}, {topic}, {mentions}, {mention_count}; for "
        "discouraged-message {match}, {suggestion}, {term}."
    )
    options_schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["topics"],
        "properties": {
            "topics": {
                **PATTERN_LIST,
                "minItems": 1,
                "description": "Regexes: a match means the document mentions the topic.",
            },
            "requires": {
                **PATTERN_LIST,
                "description": "Regexes: when the topic is mentioned, one of these must match the "
                "document's prose or a link target. Without any, only discouraged terms are "
                "checked.",
            },
            "min-mentions": {
                "type": "integer",
                "minimum": 1,
                "default": 1,
                "description": "The requirement applies from this many mentions of the topic on.",
            },
            "passing-mentions": {
                "type": "integer",
                "minimum": 0,
                "default": 0,
                "description": "With this many mentions or fewer (0: never) the topic is "
                "mentioned in passing, and the finding is reported at passing-severity.",
            },
            "passing-if-lead": {
                **PATTERN_LIST,
                "description": "Regexes: a passing mention counts as such only when the title "
                "or the paragraph under it matches one (e.g. the article reports a study).",
            },
            "passing-severity": {
                "enum": ["error", "warning", "info", "hint"],
                "default": "info",
                "description": "Severity of the finding on a passing mention.",
            },
            "topic-label": {
                "type": "string",
                "default": "this topic",
                "description": "How messages name the topic (placeholder {topic}).",
            },
            "insert": {
                "type": "string",
                "minLength": 1,
                "description": "Text the fix appends to the paragraph of the first mention "
                "(an unsafe fix: the author should check it fits the audience and locale).",
            },
            "discouraged": {
                "type": "array",
                "items": TERM_SCHEMA,
                "description": "Terms flagged wherever they appear (phrases-kind term format).",
            },
            "discouraged-message": {
                "type": "string",
                "default": DEFAULT_DISCOURAGED_MESSAGE,
                "description": "Message for discouraged terms without their own message.",
            },
            "ignore-case": {
                "type": "boolean",
                "default": True,
                "description": "Match patterns regardless of case.",
            },
        },
    }

    def configure(self, options: dict[str, Any]) -> None:
        ignore_case = options.get("ignore-case", True)
        flags = regex.VERSION1 | regex.UNICODE | (regex.IGNORECASE if ignore_case else 0)

        def compile_any(key: str) -> regex.Pattern[str] | None:
            return compile_alternatives(options.get(key, []), flags)

        self.topics = compile_any("topics") or regex.compile("(?!)")
        self.requires = compile_any("requires")
        self.topic_label = options.get("topic-label", "this topic")
        self.min_mentions = int(options.get("min-mentions", 1))
        self.passing_mentions = int(options.get("passing-mentions", 0))
        self.passing_if_lead = LazyPattern(options.get("passing-if-lead", []), flags)
        self.passing_severity = Severity.parse(options.get("passing-severity", "info"))
        self.insert_text: str | None = options.get("insert")
        self.terms: list[Term] = [parse_term(entry) for entry in options.get("discouraged", [])]
        self.discouraged: regex.Pattern[str] | None = None
        if self.terms:
            combined = compile_terms(self.terms, True, ignore_case)
            self.discouraged = user_pattern(f"(?-f){combined.pattern}", combined.flags)
        self.discouraged_message = options.get("discouraged-message", DEFAULT_DISCOURAGED_MESSAGE)

    # -- the requirement ----------------------------------------------------------

    # -- reading and judging ------------------------------------------------------

    def read_block(self, paragraph: Paragraph) -> TopicFacts:
        prose = paragraph.prose
        discouraged: tuple[tuple[int, int, int], ...] = ()
        if self.discouraged is not None:
            discouraged = tuple(
                (match.start(), match.end(), self._term_for(match))
                for match in self.search(self.discouraged, prose)
                if match.end() > match.start()
            )
        return TopicFacts(
            self.spans(self.topics, prose), self.found(self.requires, prose), discouraged
        )

    def judge(self, doc: Document, facts: BlockFacts[TopicFacts]) -> Judgement:
        findings = [*self._missing_requirement(doc, facts), *self._discouraged_terms(doc, facts)]
        return Judgement(findings, self.criterion_verdict(findings))

    def topic_mentions(self, doc: Document, facts: BlockFacts[TopicFacts]) -> list[tuple[int, int]]:
        return [
            (start + block.start, end + block.start)
            for block in counted_blocks(doc)
            for start, end in facts[block].mentions
        ]

    def requirement_met(self, doc: Document, facts: BlockFacts[TopicFacts]) -> bool:
        if self.requires is None:
            return True
        return any(facts[block].meets_requirement for block in doc.blocks) or any(
            self.found(self.requires, link.target) for link in doc.links
        )

    def _missing_requirement(
        self, doc: Document, facts: BlockFacts[TopicFacts]
    ) -> Iterable[Finding]:
        if self.requires is None:
            return
        mentions = self.topic_mentions(doc, facts)
        if not mentions or len(mentions) < self.min_mentions or self.requirement_met(doc, facts):
            return
        start, end = mentions[0]
        values = {
            "match": " ".join(doc.source[start:end].split()),
            "topic": self.topic_label,
            "mentions": len(mentions),
            "mention_count": f"{len(mentions)} mention{'s' if len(mentions) != 1 else ''}",
        }
        passing = self._in_passing(doc, len(mentions))
        yield self.finding(
            start,
            end,
            values=values,
            fix=self._insertion(doc, start),
            severity=self.passing_severity if passing else None,
            data={"kind": "missing-requirement", "mentions": len(mentions), "passing": passing},
        )

    def _in_passing(self, doc: Document, mentions: int) -> bool:
        """Whether the topic is only mentioned in passing (``passing-mentions``)."""
        if mentions > self.passing_mentions:
            return False
        if not self.passing_if_lead:
            return True
        pattern = self.passing_if_lead.get()
        return any(pattern.search(doc.prose, b.start, b.end) for b in lead_blocks(doc))

    def _insertion(self, doc: Document, offset: int) -> Fix | None:
        """Append ``insert`` to the paragraph of the first mention (after a heading: the next)."""
        if not self.insert_text:
            return None
        block = doc.block_at(offset)
        if block is None:
            return None
        if block.kind == "heading":
            following = [b for b in doc.body_blocks if b.start >= block.end]
            if following:
                block = following[0]
        at = block.end
        text = self.insert_text.strip()
        return Fix(at, at, f" {text}", f"Add “{text}”", safe=False)

    # -- discouraged wording ------------------------------------------------------

    def _discouraged_terms(self, doc: Document, facts: BlockFacts[TopicFacts]) -> Iterable[Finding]:
        if self.discouraged is None:
            return
        for block in doc.blocks:
            for start, end, number in facts[block].discouraged:
                yield self._term_finding(
                    doc, self.terms[number], start + block.start, end + block.start
                )

    def _term_for(self, match: regex.Match[str]) -> int:
        for index in range(len(self.terms)):
            if match.group(f"t{index}") is not None:
                return index
        raise LookupError("no discouraged term matched")

    def _term_finding(self, doc: Document, term: Term, start: int, end: int) -> Finding:
        matched = " ".join(doc.source[start:end].split())
        suggestion = term.suggestion or term.replace
        values = {"match": matched, "suggestion": suggestion, "term": term.label}
        message = render_message(term.message or self.discouraged_message, values)
        fix = None
        if term.replace is not None:
            replacement = match_case(matched, term.replace)
            fix = Fix(start, end, replacement, f"Replace with “{replacement}”", term.safe)
        return self.finding(
            start,
            end,
            message=message,
            fix=fix,
            data={"kind": "discouraged", "term": term.label},
        )
