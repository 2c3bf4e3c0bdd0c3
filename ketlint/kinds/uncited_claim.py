"""``uncited-claim``: a claim (a statistic, "studies show") with no citation near it.

A rule lists its claims as regexes. A claim is cited when its *scope* — its
sentence (default) or its whole paragraph — holds an in-text citation of any
kind that :mod:`ketlint.citations` recognises: "(Smith et al., 2020)", "(1)",
"[2]", "¹", a hyperlink, a footnote reference or a ``<sup>``. A citation that
follows the sentence's full stop ("... 40%. [^1]") belongs to that sentence.

Reference lists are never linted: their entries are full of numbers and years.

A claim is also cited when it belongs to the study the document reports and names
(option ``attribution``, :mod:`ketlint.attribution`): "the researchers found", "the 1,200
participants" in a news story about a named trial. With ``skip-boilerplate``, a press
release's institutional material after the story (:mod:`ketlint.boilerplate`) is not
checked: an "About us" blurb presents no result.

In a story that reports a named study, claims not credited to it are background
(``attribution.background``): at most a note. Inside a direct quotation a claim is the
speaker's (``in-quotes-severity``, shared with the phrases kind through
:mod:`ketlint.kinds.placement`). With ``restated-claims``, a claim the document cites
elsewhere ("95 percent of operations.2" in the text, the same words again in a summary
list) counts as cited: the reader has already been given its source.

Findings cover exactly the claim's words. Where claims overlap, the one listed
first wins, so list a range ("50% to 70%") before a single percentage.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from itertools import accumulate
from typing import Any, Generic, TypeVar

import regex

from ketlint import searching
from ketlint.attribution import ATTRIBUTION_SCHEMA, ReportedStudy
from ketlint.boilerplate import story_end, story_end_within
from ketlint.citations import (
    REFERENCE_HEADING_PATTERN,
    Citation,
    find_citations,
    in_reference_list,
    reads_before,
)
from ketlint.document import Block, Document, trim_range
from ketlint.kinds.base import BlockFacts, Judgement, Kind, Paragraph
from ketlint.kinds.placement import PLACEMENT_OPTIONS, Placement, Where
from ketlint.model import Finding, Severity
from ketlint.sentences import split_sentences
from ketlint.timeouts import user_pattern


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
        "label": _text('What the claim is ("percentage", "odds ratio"); `{label}` in messages'),
        "severity": {
            "enum": ["error", "warning", "info", "hint"],
            "description": "Severity of this claim's findings instead of the rule's.",
        },
        "when": _text(
            "A regex searched in the claim's sentence: the claim counts only if it matches. "
            "List a pattern twice, with and without `when`, to give it one severity in one "
            "context and another elsewhere."
        ),
        "unless": _text(
            "A regex searched in the claim's sentence: the claim does not count if it matches "
            "(a hedge, say). List the pattern again after it, with another severity, for "
            "what it is then."
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
    unless: regex.Pattern[str] | None = None
    message: str | None = None


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    priority: int  # the claim's position in the rule's list; lower wins an overlap
    claim: Claim
    sentence: tuple[int, int]


T = TypeVar("T")


@dataclass(frozen=True)
class UncitedCandidate:
    """A claim that nothing in its paragraph cites (offsets from the paragraph's start)."""

    start: int
    end: int
    priority: int  # the claim's position in the rule's list
    sentence: tuple[int, int]  # the sentence it is in
    where: Where  # in a quotation, denied ... (see kinds.placement)
    # lead-in-sources: the next sentence of the paragraph names and cites one source; the
    # claim's sentence is the paragraph's last (the next paragraph's first may do so).
    lead_in: bool = False
    last: bool = False
    # restated-claims: the claim's key (_claim_key) where the paragraph holds all it reads,
    # so that a lint need not read it again; None where it reads on past the paragraph.
    key: str | None = None


@dataclass(frozen=True)
class UncitedFacts:
    """What a paragraph says for an uncited-claim rule (offsets from its start)."""

    uncited: tuple[UncitedCandidate, ...]  # claims nothing in the paragraph cites
    cited: tuple[tuple[int, int], ...]  # claim matches in its cited sentences (restated-claims)
    # Whether it names a study's source / says the document reports one (attribution).
    study: tuple[bool, bool] = (False, False)
    # lead-in-sources: its first sentence names and cites one source.
    opens_with_source: bool = False
    # The key of each of ``cited`` where the paragraph holds all it reads (see
    # UncitedCandidate.key), else None.
    cited_keys: tuple[str | None, ...] = ()
    # A heading that names a section the rule skips (skip-sections).
    skips_section: bool = False


class UncitedClaimRule(Kind[UncitedFacts]):
    kind = "uncited-claim"
    pattern_options = frozenset(
        (
            "citation-patterns",
            "continues",
            "exceptions",
            "lead-in-sources",
            "named",
            "pattern",
            "references",
            "reports",
            "skip-sections",
            "unattributed",
            "unless",
            "when",
        )
    )
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
                '"published in The Lancet" or "according to the CDC".'
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
            "skip-boilerplate": {
                "type": "boolean",
                "default": False,
                "description": "Do not check press-release boilerplate (after a `###` end "
                'mark, "About <organisation>" blurbs, media contacts, forward-looking '
                "statements): it describes the institution, not the story.",
            },
            "attribution": ATTRIBUTION_SCHEMA,
            "restated-claims": {
                "type": "boolean",
                "default": False,
                "description": "A claim whose words (and the two words after them) stand "
                "elsewhere in the document in a cited sentence counts as cited: a summary "
                "restating a figure cited earlier.",
            },
            "lead-in-sources": _texts(
                'Regexes for a sentence that names one source ("a meta-analysis found", "a '
                'review published in"): a claim whose next sentence (in its paragraph, or the '
                "next paragraph's first) matches one and is itself cited leads in to that "
                "source, and is reported at lead-in-severity."
            ),
            "lead-in-severity": {
                "enum": ["error", "warning", "info", "hint"],
                "default": "info",
                "description": "Severity of a claim that leads in to a cited source (lead-in-sources).",
            },
            **PLACEMENT_OPTIONS,
            "ignore-case": {"type": "boolean", "default": True},
        },
    }

    def configure(self, options: dict[str, Any]) -> None:
        flags = regex.VERSION1 | (regex.IGNORECASE if options.get("ignore-case", True) else 0)
        self.claims = [
            Claim(
                label=entry.get("label", entry["pattern"]),
                pattern=user_pattern(entry["pattern"], flags),
                severity=Severity.parse(entry["severity"]) if "severity" in entry else None,
                when=user_pattern(entry["when"], flags) if "when" in entry else None,
                unless=user_pattern(entry["unless"], flags) if "unless" in entry else None,
                message=entry.get("message"),
            )
            for entry in options.get("claims", [])
        ]
        # The claims' patterns as one set: a paragraph is asked about all of them at once.
        self.claim_patterns = tuple(claim.pattern for claim in self.claims)
        self.scope = options.get("scope", "sentence")
        self.exceptions = tuple(user_pattern(p, flags) for p in options.get("exceptions", []))
        self.citation_patterns = tuple(
            user_pattern(p, flags) for p in options.get("citation-patterns", [])
        )
        skip = options.get("skip-sections", [REFERENCE_HEADING_PATTERN])
        self.skip_sections = [user_pattern(p, regex.VERSION1 | regex.IGNORECASE) for p in skip]
        self.skip_headings = bool(options.get("skip-headings", False))
        self.skip_boilerplate = bool(options.get("skip-boilerplate", False))
        self.reported_study = ReportedStudy.from_options(options.get("attribution"), flags)
        self.restated = bool(options.get("restated-claims", False))
        self.lead_in_sources = tuple(
            user_pattern(p, flags) for p in options.get("lead-in-sources", [])
        )
        self.lead_in_severity = Severity.parse(options.get("lead-in-severity", "info"))
        self.placement = Placement.from_options(options)

    # -- which blocks are checked ---------------------------------------------------

    def _skipped(self, doc: Document, block: Block, sections: list[tuple[int, int]]) -> bool:
        """Whether ``block`` is not checked (``sections``: :meth:`_skipped_sections`)."""
        if in_reference_list(doc, block.start, block.end):
            return True
        if self.skip_boilerplate and block.start >= story_end(doc):
            return True
        if not sections:  # the common case: no generator made per block and lint
            return False
        return any(start <= block.start < end for start, end in sections)

    def _skipped_sections(
        self, doc: Document, facts: BlockFacts[UncitedFacts]
    ) -> list[tuple[int, int]]:
        """Ranges of sections under a skip-sections heading. Whether a heading names one
        is read with the heading's paragraph (:meth:`_names_skipped_section`): searched
        here, every section title of a long document was searched on every keystroke."""
        if not self.skip_sections:
            return []
        skipped = []
        for section in doc.iter_sections():
            heading = section.heading
            if heading is None:
                continue
            if heading.kind == "heading":
                skips = facts[heading].skips_section
            else:
                skips = self._names_skipped_section(section.title(doc))
            if skips:
                skipped.append((section.start, section.end))
        return skipped

    def _names_skipped_section(self, title: str) -> bool:
        """Whether a section's title (its heading's text, whitespace folded) is one the
        rule skips."""
        return bool(title) and any(p.search(title) for p in self.skip_sections)

    # -- checking -------------------------------------------------------------------

    def read_block(self, paragraph: Paragraph) -> UncitedFacts:
        """The paragraph's claims that nothing in it cites, and (for ``restated-claims``)
        those its cited sentences make (offsets from its start); of a heading, also
        whether it names a section the rule skips."""
        facts = self._read_claims(paragraph)
        if (
            paragraph.kind == "heading"
            and self.skip_sections
            and self._names_skipped_section(" ".join(paragraph.prose.split()))
        ):
            return replace(facts, skips_section=True)
        return facts

    def _read_claims(self, paragraph: Paragraph) -> UncitedFacts:
        prose = paragraph.prose
        block = paragraph.document.blocks[0]
        # Most paragraphs hold no claim: their citations are read only where needed.
        citations = _Once(partial(find_citations, paragraph.document, 0, len(prose)))
        cited = self._cited_spans(prose, block, citations.value()) if self.restated else ()
        cited_keys = tuple(_claim_key_within(prose, start, end) for start, end in cited)
        study = self.reported_study.read(prose) if self.reported_study else None
        matches = self._matches(paragraph.prose)
        lead_ins = _Spans(self._spans(self.lead_in_sources, prose))
        if not matches and not lead_ins.spans:  # most paragraphs: nothing more to read
            return UncitedFacts((), cited, study or (False, False), cited_keys=cited_keys)
        view = _BlockView(prose, block, citations.value())
        # Each helper pattern runs once over the block; every claim is then a binary search.
        named_sources = _Spans(self._spans(self.citation_patterns, prose))
        sources = _LeadInSources(lead_ins, view, named_sources)
        opens_with_source = sources.at(0)
        if not matches:
            return UncitedFacts((), cited, study or (False, False), opens_with_source, cited_keys)
        excepted = _Spans(self._spans(self.exceptions, prose))
        contexts: dict[int, _Spans] = {}
        hedges: dict[int, _Spans] = {}
        candidates: list[_Candidate] = []
        for start, end, priority in matches:
            claim = self.claims[priority]
            sentence = view.sentences[view.sentence_index(start)]
            if claim.when is not None:
                if priority not in contexts:
                    contexts[priority] = _Spans([m.span() for m in self.search(claim.when, prose)])
                if not contexts[priority].any_within(*sentence):
                    continue
            if claim.unless is not None:
                if priority not in hedges:
                    hedges[priority] = _Spans([m.span() for m in self.search(claim.unless, prose)])
                if hedges[priority].any_within(*sentence):
                    continue
            if excepted.any_covering(start, end):
                continue
            candidates.append(_Candidate(start, end, priority, claim, sentence))
        uncited = []
        for candidate in self._without_overlaps(candidates):
            if self.scope == "paragraph":
                scope = (block.start, block.end)
            else:
                scope = view.sentence_scope(view.sentence_index(candidate.start))
            scope = (min(scope[0], candidate.start), max(scope[1], candidate.end))
            if view.cited(*scope) or named_sources.any_within(*scope):
                continue
            where = self.placement.read(paragraph.document, block, candidate.start, candidate.end)
            index = view.sentence_index(candidate.start)
            uncited.append(
                UncitedCandidate(
                    candidate.start,
                    candidate.end,
                    candidate.priority,
                    candidate.sentence,
                    where,
                    lead_in=sources.at(index + 1),
                    last=index == len(view.sentences) - 1,
                    key=_claim_key_within(prose, candidate.start, candidate.end)
                    if self.restated
                    else None,
                )
            )
        return UncitedFacts(
            tuple(uncited), cited, study or (False, False), opens_with_source, cited_keys
        )

    def _cited_spans(
        self, prose: str, block: Block, citations: list[Citation]
    ) -> tuple[tuple[int, int], ...]:
        """Every claim match in the cited sentences of a paragraph (see ``restated-claims``)."""
        if not citations or block.kind == "heading":
            return ()
        view = _BlockView(prose, block, citations)
        spans: list[tuple[int, int]] = []
        for index in range(len(view.sentences)):
            if not view.cited(*view.sentence_scope(index)):
                continue
            start, end = view.sentences[index]
            for matches in searching.search_each(self.claim_patterns, prose, start, end):
                spans.extend(match.span() for match in matches)
        return tuple(spans)

    def judge(self, doc: Document, facts: BlockFacts[UncitedFacts]) -> Judgement:
        if self.reported_study:
            self.reported_study.settle(doc, lambda block: facts[block].study)
        sections = self._skipped_sections(doc, facts)
        cited_claims = _Once(partial(self._cited_claims, doc, facts))
        blocks = doc.blocks
        findings: list[Finding] = []
        for index, block in enumerate(blocks):
            if (self.skip_headings and block.kind == "heading") or self._skipped(
                doc, block, sections
            ):
                continue
            uncited = facts[block].uncited
            if not uncited:  # most paragraphs
                continue
            next_opens = self._next_opens_with_source(blocks, index, facts)
            context = self._context(doc, block, uncited, cited_claims, next_opens)
            judge = partial(self._judge_block, doc, block, uncited, cited_claims, next_opens)
            findings.extend(facts.judged(block, context, judge))
        return Judgement(findings, self.criterion_verdict(findings))

    def _context(
        self,
        doc: Document,
        block: Block,
        uncited: tuple[UncitedCandidate, ...],
        cited_claims: _Once[frozenset[str]],
        next_opens_with_source: bool,
    ) -> tuple[Any, ...]:
        """All that :meth:`_judge_block` reads of the document beyond ``block``'s own text
        and facts (BlockFacts.judged): whether the next paragraph opens with a source,
        which claims the document restates cited (their keys read two words on, perhaps
        into the next block), where the boilerplate starts, and what the reported study's
        reading depends on."""
        restated: tuple[bool, ...] = ()
        if self.restated:
            shift = block.start
            keys = cited_claims.value()
            restated = tuple(_key_of(doc, read, shift) in keys for read in uncited)
        boilerplate = (
            story_end_within(doc, block) if self.placement.in_boilerplate is not None else 0
        )
        study = self.reported_study.context(doc, block) if self.reported_study else ()
        return (next_opens_with_source, restated, boilerplate, study)

    def _next_opens_with_source(
        self, blocks: list[Block], index: int, facts: BlockFacts[UncitedFacts]
    ) -> bool:
        """Whether the paragraph after ``blocks[index]`` opens with a named, cited source
        (lead-in-sources); a heading between them starts another subject."""
        if not self.lead_in_sources or index + 1 >= len(blocks):
            return False
        block, following = blocks[index], blocks[index + 1]
        if "heading" in (block.kind, following.kind):
            return False
        if not any(read.last for read in facts[block].uncited):
            return False
        return facts[following].opens_with_source

    def _judge_block(
        self,
        doc: Document,
        block: Block,
        uncited: tuple[UncitedCandidate, ...],
        cited_claims: _Once[frozenset[str]],
        next_opens_with_source: bool = False,
    ) -> list[Finding]:
        """What the document around them says of a block's uncited claims
        (``next_opens_with_source``: the next paragraph's first sentence names and cites
        one source, see lead-in-sources)."""
        shift = block.start
        findings: list[Finding] = []
        for read in uncited:
            claim = self.claims[read.priority]
            sentence = (read.sentence[0] + shift, read.sentence[1] + shift)
            candidate = _Candidate(
                read.start + shift, read.end + shift, read.priority, claim, sentence
            )
            if self.restated and _key_of(doc, read, shift) in cited_claims.value():
                continue
            study = self.reported_study
            claim_range = (candidate.start, candidate.end)
            severity = candidate.claim.severity or self.spec.severity
            demoted = False
            if study:
                if study.attributes(doc, block, claim_range, candidate.sentence):
                    continue
                background = study.background_severity(doc, block, candidate.sentence, severity)
                if background is None:
                    continue
                demoted = background < severity
                severity = background
            lead_in = read.lead_in or (read.last and next_opens_with_source)
            if lead_in and self.lead_in_severity < severity:
                severity = self.lead_in_severity
            finding = self._finding(doc, candidate, severity)
            if study and demoted:
                finding = replace(
                    finding,
                    message=f"{finding.message} {_BACKGROUND_NOTE}",
                    data={**finding.data, "placement": "background"},
                )
            elif lead_in:
                finding = replace(
                    finding,
                    message=f"{finding.message} {_LEAD_IN_NOTE}",
                    data={**finding.data, "placement": "lead-in"},
                )
            placed = self.placement.apply(doc, finding, read.where)
            if placed is not None:
                findings.append(placed)
        return findings

    def _cited_claims(self, doc: Document, facts: BlockFacts[UncitedFacts]) -> frozenset[str]:
        """The claims (with the two words after them, which may stand in the next block) of
        the document's cited sentences (see ``restated-claims``)."""
        found: set[str] = set()
        prose = doc.prose
        for block in doc.body_blocks:
            if in_reference_list(doc, block.start, block.end):
                continue
            if reads_before(doc, block):
                # Whether a superscript at the paragraph's start is a citation depends on the
                # text before the paragraph too: read here, with the document.
                spans = self._cited_spans(prose, block, find_citations(doc, block.start, block.end))
                found.update(_claim_key(prose, start, end) for start, end in spans)
                continue
            read = facts[block]
            shift = block.start
            for (start, end), key in zip(read.cited, read.cited_keys, strict=True):
                found.add(key if key is not None else _claim_key(prose, start + shift, end + shift))
        return frozenset(found)

    def _spans(self, patterns: tuple[regex.Pattern[str], ...], prose: str) -> list[tuple[int, int]]:
        return [
            match.span() for matches in searching.search_each(patterns, prose) for match in matches
        ]

    def _matches(self, prose: str) -> list[tuple[int, int, int]]:
        """(start, end, claim index) of every claim pattern's match in the paragraph."""
        found: list[tuple[int, int, int]] = []
        for priority, matches in enumerate(searching.search_each(self.claim_patterns, prose)):
            for match in matches:
                start, end = trim_range(prose, *match.span())
                if start < end:
                    found.append((start, end, priority))
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

    def _finding(self, doc: Document, candidate: _Candidate, severity: Severity) -> Finding:
        claim_text = " ".join(doc.source[candidate.start : candidate.end].split())
        values = {"claim": claim_text, "label": candidate.claim.label, "scope": self.scope}
        return self.finding(
            candidate.start,
            candidate.end,
            values=values,
            message=candidate.claim.message,
            severity=severity,
            data={"label": candidate.claim.label, "claim": claim_text},
        )


class _Once(Generic[T]):
    """A value worked out on first asking (what a judgement may not need at all)."""

    def __init__(self, compute: Callable[[], T]) -> None:
        self._compute: Callable[[], T] | None = compute
        self._value: T | None = None

    def value(self) -> T:
        if self._compute is not None:
            self._value, self._compute = self._compute(), None
        return self._value  # type: ignore[return-value]


# Why a claim followed at once by a cited source is only a note.
_LEAD_IN_NOTE = (
    "The next sentence names and cites a source: if it is this claim's source, cite it here too."
)

# Why a claim of a story about a named study is only a note.
_BACKGROUND_NOTE = (
    "It is background to the study the story reports, not its evidence: a source would "
    "still help the reader."
)

_WORD = regex.compile(r"[\p{L}\p{N}]+")


# How far past a claim its key reads (the two words after it).
_KEY_READS_ON = 60


def _claim_key(prose: str, start: int, end: int) -> str:
    """A claim's words and the two after it, folded ("95 percent of operations"): enough
    context that the same figure restated matches and an unrelated "95%" does not."""
    after = _WORD.findall(prose, end, min(len(prose), end + _KEY_READS_ON))[:2]
    words = _WORD.findall(prose, start, end) + after
    return " ".join(words).casefold()


def _claim_key_within(prose: str, start: int, end: int) -> str | None:
    """:func:`_claim_key` of a claim in a paragraph's ``prose`` where all it reads is in the
    paragraph (then it is the key in any document), else None."""
    if end + _KEY_READS_ON > len(prose):
        return None
    return _claim_key(prose, start, end)


def _key_of(doc: Document, read: UncitedCandidate, shift: int) -> str:
    """The key of ``read``, a claim of the block that starts at ``shift`` in ``doc``."""
    if read.key is not None:
        return read.key
    return _claim_key(doc.prose, read.start + shift, read.end + shift)


class _Spans:
    """Match ranges of helper patterns in a block, for "is there one inside / around here"."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [start for start, _ in self.spans]

    def any_within(self, start: int, end: int) -> bool:
        """A match that starts inside ``[start, end)`` and does not run past it."""
        first = bisect_left(self.starts, start)
        last = bisect_left(self.starts, end)
        return any(e <= end for _, e in self.spans[first:last])

    def any_covering(self, start: int, end: int) -> bool:
        """A match that contains all of ``[start, end)``."""
        last = bisect_right(self.starts, start)
        # Exceptions are phrases: only the last few matches that start before the claim can
        # still reach over it, so a block full of them stays linear.
        return any(e >= end for _, e in self.spans[:last][-64:])


class _LeadInSources:
    """Which sentences of a block name and cite one source (the rule's lead-in-sources)."""

    def __init__(self, matches: _Spans, view: _BlockView, named: _Spans) -> None:
        self.matches = matches  # of the rule's lead-in-sources in the block
        self.view = view
        self.named = named
        self.known: dict[int, bool] = {}

    def at(self, index: int) -> bool:
        """Whether sentence ``index`` names one source and is itself cited."""
        if not self.matches.spans or not 0 <= index < len(self.view.sentences):
            return False
        known = self.known.get(index)
        if known is None:
            scope = self.view.sentence_scope(index)
            known = self.known[index] = self.matches.any_within(*self.view.sentences[index]) and (
                self.view.cited(*scope) or self.named.any_within(*scope)
            )
        return known


class _BlockView:
    """A block's sentences and citations, indexed so every lookup is a binary search."""

    def __init__(self, prose: str, block: Block, citations: list[Citation]) -> None:
        self.prose = prose
        self.block = block
        self.citations = sorted(citations, key=lambda c: c.start)
        self.citation_starts = [c.start for c in self.citations]
        # Running maximum of ends: citations could nest ("([1])"), so ends need not be sorted.
        self.citation_reach = list(accumulate((c.end for c in self.citations), max))
        self.markers = [c for c in self.citations if c.kind in _MARKER_KINDS]
        self.marker_starts = [c.start for c in self.markers]
        raw = split_sentences(prose, block.start, block.end) or [(block.start, block.end)]
        self.sentences = self._split_after_markers(raw)
        self.sentence_starts = [start for start, _ in self.sentences]

    def _split_after_markers(self, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Split "... patients.³ Then ..." after the marker; the sentence splitter misses it."""
        prose = self.prose
        cuts = [
            c.end
            for c in self.markers
            # Masked markup ("[^", "<sup>") may stand between the full stop and the marker.
            if prose[max(0, c.start - 8) : c.start].rstrip()[-1:] in (".", "!", "?")
            and _NEXT_SENTENCE.match(prose, c.end, min(len(prose), c.end + 4))
        ]
        if not cuts:
            return sentences
        result: list[tuple[int, int]] = []
        for start, end in sentences:
            for cut in cuts[bisect_right(cuts, start) : bisect_left(cuts, end)]:
                result.append((start, cut))
                start, _ = trim_range(prose, cut, end)
            result.append((start, end))
        return result

    def sentence_index(self, offset: int) -> int:
        """The sentence holding ``offset`` (or the one before it, for the space between)."""
        return max(0, bisect_right(self.sentence_starts, offset) - 1)

    def sentence_scope(self, index: int) -> tuple[int, int]:
        """Where a citation counts for sentence ``index``.

        It runs to the next sentence, so "... 40%. [^1] Next" keeps its footnote; a marker
        split off as the start of the next sentence ("patients.<sup>3</sup> Then") belongs
        to this one, and a marker opening this sentence belongs to the one before.
        """
        prose = self.prose
        start, _ = self.sentences[index]
        last = index + 1 >= len(self.sentences)
        end = self.block.end if last else self.sentences[index + 1][0]
        if index > 0:
            i = max(0, bisect_right(self.marker_starts, start) - 1)
            while i < len(self.markers):
                marker = self.markers[i]
                if marker.end <= start:
                    i += 1
                elif marker.start <= start or not prose[start : marker.start].strip():
                    start = marker.end
                    i += 1
                else:
                    break
        i = bisect_left(self.marker_starts, end)
        while i < len(self.markers) and not prose[end : self.markers[i].start].strip():
            end = self.markers[i].end
            i += 1
        return start, max(start, end)

    def cited(self, start: int, end: int) -> bool:
        """Whether a citation overlaps ``[start, end)``."""
        before_end = bisect_left(self.citation_starts, end)
        return before_end > 0 and self.citation_reach[before_end - 1] > start


_NEXT_SENTENCE = regex.compile(r"\s+[\"“‘(\[]?[\p{Lu}\p{N}]")
