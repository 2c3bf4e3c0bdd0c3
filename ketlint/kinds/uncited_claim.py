"""``uncited-claim``: a claim (a statistic, "studies show") with no citation near it.

A rule lists its claims as regexes. A claim is cited when its *scope* — its
sentence (default) or its whole paragraph — holds an in-text citation of any
kind that :mod:`ketlint.citations` recognises: "(Smith et al., 2020)", "(1)",
"[2]", "¹", a hyperlink, a footnote reference or a ``<sup>``. A citation that
follows the sentence's full stop ("... 40%. [^1]") belongs to that sentence.

Reference lists are never linted: their entries are full of numbers and years.

Findings cover exactly the claim's words. Where claims overlap, the one listed
first wins, so list a range ("50% to 70%") before a single percentage.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import regex

from ketlint.citations import (
    REFERENCE_HEADING_PATTERN,
    Citation,
    find_citations,
    has_citation,
    in_reference_list,
)
from ketlint.document import Block, Document, trim_range
from ketlint.kinds.base import CheckContext, Rule
from ketlint.model import Finding, Severity
from ketlint.sentences import split_sentences


def _text(description: str) -> dict[str, Any]:
    return {"type": "string", "minLength": 1, "description": description}


def _texts(description: str) -> dict[str, Any]:
    items = {"type": "string", "minLength": 1}
    return {"type": "array", "items": items, "description": description}


CLAIM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["pattern"],
    "properties": {
        "pattern": _text(
            "A regular expression (the `regex` module's syntax) matching the claim's words; "
            "the finding covers exactly the match."
        ),
        "label": _text("What the claim is (\"percentage\", \"odds ratio\"); `{label}` in messages"),
        "severity": {
            "enum": ["error", "warning", "info", "hint"],
            "description": "Severity of this claim's findings instead of the rule's.",
        },
        "when": _text(
            "A regex searched in the claim's sentence: the claim counts only if it matches. "
            "List a pattern twice, with and without `when`, to give it one severity in one "
            "context and another elsewhere."
        ),
        "message": {"type": "string", "description": "This claim's message instead of the rule's."},
    },
}


# Citation markers that trail their sentence rather than open the next one.
_MARKER_KINDS = frozenset({"numbered", "superscript", "footnote"})


@dataclass(frozen=True)
class Claim:
    label: str
    pattern: regex.Pattern[str]
    severity: Severity | None = None
    when: regex.Pattern[str] | None = None
    message: str | None = None


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    priority: int  # the claim's position in the rule's list; lower wins an overlap
    claim: Claim
    sentence: tuple[int, int]


class UncitedClaimRule(Rule):
    kind = "uncited-claim"
    granularity = "block"
    options_doc = (
        "Flags claims (regexes) that have no in-text citation, hyperlink or footnote in their "
        "sentence or paragraph. Reference lists are never checked."
    )
    options_schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["claims"],
        "properties": {
            "claims": {
                "type": "array",
                "minItems": 1,
                "items": CLAIM_SCHEMA,
                "description": "The claims to find, in priority order (earlier wins an overlap).",
            },
            "scope": {
                "enum": ["sentence", "paragraph"],
                "default": "sentence",
                "description": "Where a citation must be for the claim to count as cited: its "
                "sentence (a citation right after its full stop included) or its whole block.",
            },
            "exceptions": _texts("Regexes: a claim inside a match of one of these is not flagged."),
            "citation-patterns": _texts(
                "Regexes for named attributions that count as a citation in the scope, such as "
                "\"published in The Lancet\" or \"according to the CDC\"."
            ),
            "skip-sections": _texts(
                "Heading regexes: sections (and their subsections) under a matching heading are "
                "not checked. Default: reference-list headings. Reference lists are never checked."
            ),
            "skip-headings": {
                "type": "boolean",
                "default": False,
                "description": "Do not check headings.",
            },
            "ignore-case": {"type": "boolean", "default": True},
        },
    }

    def configure(self, options: dict[str, Any]) -> None:
        flags = regex.VERSION1 | (regex.IGNORECASE if options.get("ignore-case", True) else 0)
        self.claims = [
            Claim(
                label=entry.get("label", entry["pattern"]),
                pattern=regex.compile(entry["pattern"], flags),
                severity=Severity.parse(entry["severity"]) if "severity" in entry else None,
                when=regex.compile(entry["when"], flags) if "when" in entry else None,
                message=entry.get("message"),
            )
            for entry in options.get("claims", [])
        ]
        self.scope = options.get("scope", "sentence")
        self.exceptions = [regex.compile(p, flags) for p in options.get("exceptions", [])]
        self.citation_patterns = [
            regex.compile(p, flags) for p in options.get("citation-patterns", [])
        ]
        skip = options.get("skip-sections", [REFERENCE_HEADING_PATTERN])
        self.skip_sections = [regex.compile(p, regex.VERSION1 | regex.IGNORECASE) for p in skip]
        self.skip_headings = bool(options.get("skip-headings", False))

    # -- which blocks are checked ---------------------------------------------------

    def block_context(self, doc: Document, block: Block) -> bool:
        return self._skipped(doc, block)

    def _skipped(self, doc: Document, block: Block) -> bool:
        if in_reference_list(doc, block.start, block.end):
            return True
        return any(start <= block.start < end for start, end in self._skipped_sections(doc))

    def _skipped_sections(self, doc: Document) -> list[tuple[int, int]]:
        """Ranges of sections under a skip-sections heading (computed once per document)."""
        attribute = f"_ketlint_skipped_sections_{self.id}"
        cached: list[tuple[int, int]] | None = doc.__dict__.get(attribute)
        if cached is None:
            cached = []
            for section in doc.iter_sections():
                title = section.title(doc)
                if title and any(p.search(title) for p in self.skip_sections):
                    cached.append((section.start, section.end))
            doc.__dict__[attribute] = cached
        return cached

    # -- checking -------------------------------------------------------------------

    def check_block(self, doc: Document, block: Block, ctx: CheckContext) -> Iterable[Finding]:
        if (self.skip_headings and block.kind == "heading") or self._skipped(doc, block):
            return
        matches = self._matches(doc, block, ctx)
        if not matches:
            return
        citations = find_citations(doc, block.start, block.end)
        sentences = _split_after_markers(
            doc.prose,
            split_sentences(doc.prose, block.start, block.end) or [(block.start, block.end)],
            citations,
        )
        candidates = self._candidates(doc, block, matches, sentences, ctx)
        for candidate in self._without_overlaps(candidates):
            scope_start, scope_end = self._scope(doc, block, sentences, candidate, citations)
            if has_citation(citations, scope_start, scope_end):
                continue
            if self._names_a_source(doc.prose, scope_start, scope_end, ctx):
                continue
            yield self._finding(doc, candidate)

    def _matches(
        self, doc: Document, block: Block, ctx: CheckContext
    ) -> list[tuple[int, int, int]]:
        """(start, end, claim index) of every claim pattern's match in the block."""
        found: list[tuple[int, int, int]] = []
        for priority, claim in enumerate(self.claims):
            for match in self.finditer(claim.pattern, doc.prose, block.start, block.end, ctx):
                start, end = trim_range(doc.prose, *match.span())
                if start < end:
                    found.append((start, end, priority))
        return found

    def _candidates(
        self,
        doc: Document,
        block: Block,
        matches: list[tuple[int, int, int]],
        sentences: list[tuple[int, int]],
        ctx: CheckContext,
    ) -> list[_Candidate]:
        prose = doc.prose
        found: list[_Candidate] = []
        for start, end, priority in matches:
            claim = self.claims[priority]
            sentence = _sentence_of(sentences, start, block)
            if claim.when is not None and not self._found(claim.when, prose, *sentence, ctx):
                continue
            if self.exceptions and self._excepted(prose, block, start, end, ctx):
                continue
            found.append(_Candidate(start, end, priority, claim, sentence))
        return found

    @staticmethod
    def _without_overlaps(candidates: list[_Candidate]) -> list[_Candidate]:
        """Leftmost first; at the same start, the claim listed first; overlapping ones dropped."""
        kept: list[_Candidate] = []
        for candidate in sorted(candidates, key=lambda c: (c.start, c.priority, -c.end)):
            if kept and candidate.start < kept[-1].end:
                continue
            kept.append(candidate)
        return kept

    def _scope(
        self,
        doc: Document,
        block: Block,
        sentences: list[tuple[int, int]],
        candidate: _Candidate,
        citations: list[Citation],
    ) -> tuple[int, int]:
        if self.scope == "paragraph":
            return block.start, block.end
        start, _ = candidate.sentence
        # The sentence runs up to the next one, so "... 40%. [^1] Next" keeps its footnote.
        following = [s for s, _ in sentences if s > start]
        end = following[0] if following else block.end
        # A marker after the full stop ("patients.<sup>3</sup> Then ...", "year.² The ...") may
        # be split off as the start of the next sentence: it belongs to the one before.
        markers = sorted(
            (c for c in citations if c.kind in _MARKER_KINDS), key=lambda c: c.start
        )
        prose = doc.prose
        if start > block.start:
            for marker in markers:
                if marker.start <= start < marker.end or (
                    marker.start >= start and not prose[start : marker.start].strip()
                ):
                    start = marker.end
        for marker in markers:
            if marker.start >= end and not prose[end : marker.start].strip():
                end = marker.end
        return min(start, candidate.start), max(end, candidate.end)

    def _names_a_source(self, prose: str, start: int, end: int, ctx: CheckContext) -> bool:
        return any(self._found(p, prose, start, end, ctx) for p in self.citation_patterns)

    def _found(
        self, pattern: regex.Pattern[str], text: str, start: int, end: int, ctx: CheckContext
    ) -> bool:
        return next(iter(self.finditer(pattern, text, start, end, ctx)), None) is not None

    def _excepted(self, prose: str, block: Block, start: int, end: int, ctx: CheckContext) -> bool:
        window_start = max(block.start, start - 80)
        window_end = min(block.end, end + 80)
        for exception in self.exceptions:
            for match in self.finditer(exception, prose, window_start, window_end, ctx):
                if match.start() <= start and match.end() >= end:
                    return True
        return False

    def _finding(self, doc: Document, candidate: _Candidate) -> Finding:
        claim_text = " ".join(doc.source[candidate.start : candidate.end].split())
        values = {"claim": claim_text, "label": candidate.claim.label, "scope": self.scope}
        return self.finding(
            candidate.start,
            candidate.end,
            values=values,
            message=candidate.claim.message,
            severity=candidate.claim.severity,
            data={"label": candidate.claim.label, "claim": claim_text},
        )


def _split_after_markers(
    prose: str, sentences: list[tuple[int, int]], citations: list[Citation]
) -> list[tuple[int, int]]:
    """Split "... patients.³ Then ..." after the marker, which the sentence splitter misses."""
    cuts = sorted(
        c.end
        for c in citations
        if c.kind in _MARKER_KINDS
        and prose[c.start - 1 : c.start] in (".", "!", "?")
        and regex.match(r"\s+[\"“‘(\[]?[\p{Lu}\p{N}]", prose[c.end : c.end + 4])
    )
    if not cuts:
        return sentences
    result: list[tuple[int, int]] = []
    for start, end in sentences:
        for cut in cuts:
            if start < cut < end:
                result.append((start, cut))
                start, _ = trim_range(prose, cut, end)
        result.append((start, end))
    return result


def _sentence_of(sentences: list[tuple[int, int]], offset: int, block: Block) -> tuple[int, int]:
    for start, end in sentences:
        if start <= offset < end:
            return start, end
    # Between sentences (or in trimmed space): the sentence before it.
    before = [s for s in sentences if s[0] <= offset]
    return before[-1] if before else (block.start, block.end)
