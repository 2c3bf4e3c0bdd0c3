"""``phrases``: flag listed words and patterns, optionally with a suggestion or fix.

The terms (how they match, in which order, and the index that finds them fast) are
:mod:`ketlint.terms`; this kind reads each paragraph's matches, places them (quotation,
denial, boilerplate: :mod:`ketlint.kinds.placement`) and scores the document.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

import regex

from ketlint import searching
from ketlint.boilerplate import story_end, story_end_within, story_word_count
from ketlint.document import Block, Document
from ketlint.kinds.base import (
    BlockFacts,
    Judgement,
    Kind,
    Paragraph,
    RuleBudgetExceeded,
    render_message,
)
from ketlint.kinds.placement import PLACEMENT_OPTIONS, Placement, Treatment, Where, treated
from ketlint.model import Finding, Fix, Severity, Verdict
from ketlint.terms import (
    TERM_SCHEMA,
    Term,
    TermIndex,
    build_index,
    compile_terms,
    literal_pattern,
    match_case,
    parse_term,
)
from ketlint.timeouts import user_pattern

SCORE_OPTIONS: dict[str, Any] = {
    "verdict-threshold": {
        "type": "number",
        "minimum": 0,
        "description": "With a criterion, the verdict is not-satisfactory when the document's "
        "score (the matched terms' weights, per 1,000 words by default) is above this. "
        "Absent: any finding makes it not-satisfactory.",
    },
    "verdict-per-1000-words": {
        "type": "boolean",
        "default": True,
        "description": "Score the sum of weights per 1,000 words of the story (true), so that "
        "the score grows with density and strength; false: the plain sum of weights.",
    },
    "verdict-score-label": {
        "type": "string",
        "minLength": 1,
        "default": "score",
        "description": "What the score is called in a not-satisfactory verdict's reason "
        '("hype score 2.4 per 1,000 words (above 1): ...").',
    },
    "verdict-min-words": {
        "type": "integer",
        "minimum": 1,
        "default": 300,
        "description": "The density is taken over at least this many words, so one word in a "
        "short snippet does not read as dense.",
    },
    "verdict-skip-boilerplate": {
        "type": "boolean",
        "default": True,
        "description": "Leave press-release boilerplate (everything after a `###` end mark, "
        '"About ..." blurbs, media contacts) out of the score: it describes the '
        "institution, not the finding. Its findings are still reported.",
    },
    "metric": {
        "type": "string",
        "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$",
        "description": "Put the score in the result's metrics under this name: "
        "`{score, terms, weight, words, threshold}`.",
    },
    "mild-below": {
        "type": "number",
        "minimum": 0,
        "description": "Terms whose weight is below this are mild: their findings get "
        "`mild-severity` instead of the rule's severity.",
    },
    "mild-severity": {
        "enum": ["error", "warning", "info", "hint"],
        "default": "info",
        "description": "Severity of mild terms' findings (with `mild-below`).",
    },
}


@dataclass(frozen=True)
class ScoreSettings:
    threshold: float | None = None
    per_1000_words: bool = True
    min_words: int = 300
    label: str = "score"
    skip_boilerplate: bool = True
    metric: str | None = None
    mild_below: float | None = None
    mild_severity: Severity = Severity.INFO

    @classmethod
    def from_options(cls, options: dict[str, Any]) -> ScoreSettings:
        threshold = options.get("verdict-threshold")
        mild_below = options.get("mild-below")
        return cls(
            threshold=None if threshold is None else float(threshold),
            per_1000_words=bool(options.get("verdict-per-1000-words", True)),
            min_words=int(options.get("verdict-min-words", 300)),
            label=str(options.get("verdict-score-label", "score")),
            skip_boilerplate=bool(options.get("verdict-skip-boilerplate", True)),
            metric=options.get("metric"),
            mild_below=None if mild_below is None else float(mild_below),
            mild_severity=Severity.parse(options.get("mild-severity", "info")),
        )

    def severity_for(self, weight: float) -> Severity | None:
        """The severity of a term's findings: ``None`` (the rule's) unless the term is mild."""
        if self.mild_below is not None and weight < self.mild_below:
            return self.mild_severity
        return None


@dataclass(frozen=True)
class PhraseScore:
    value: float  # what the threshold is compared with
    weight: float  # the sum of the counted terms' weights
    words: int  # words of the story (boilerplate left out when so configured)
    terms: list[str]  # the counted matches, as written


# What a phrases rule reads in a paragraph: each match's finding (offsets from the
# paragraph's start) and where it stands there; the document places it (boilerplate).
PhraseFacts = tuple[tuple[Finding, Where], ...]


DEFAULT_NOTE_MESSAGE = "{message} (Hedged, or said of the field rather than of this work: check.)"


class PhrasesRule(Kind[PhraseFacts]):
    kind = "phrases"
    pattern_options = frozenset(
        (
            "exceptions",
            "notes",
            "pattern",
        )
    )
    options_doc = "Flags listed phrases and patterns anywhere in prose."
    options_schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["terms"],
        "properties": {
            "terms": {
                "type": "array",
                "minItems": 1,
                "items": TERM_SCHEMA,
                "description": "Phrases (literal) or patterns (regex) to flag.",
            },
            "exceptions": {
                "type": "array",
                "items": {"type": "string", "minLength": 1},
                "description": "Regexes: a match inside a text matching one of these is not flagged.",
            },
            "notes": {
                "type": "array",
                "items": {"type": "string", "minLength": 1},
                "description": "Regexes: a match inside a text matching one of these is reported "
                "at most at `notes-severity`, with `notes-message`, and still counts in the "
                'score (a hedged conclusion, "may be safe and effective", or a field\'s news, '
                '"the latest breakthroughs": worth a look, not a warning).',
            },
            "notes-severity": {
                "enum": ["error", "warning", "info", "hint"],
                "default": "info",
                "description": "Severity of matches inside a `notes` text.",
            },
            "notes-message": {
                "type": "string",
                "default": DEFAULT_NOTE_MESSAGE,
                "description": "Message of matches inside a `notes` text; {message} is the "
                "term's own message, {match} the matched words.",
            },
            "ignore-case": {"type": "boolean", "default": True},
            "whole-word": {"type": "boolean", "default": True},
            "skip-headings": {"type": "boolean", "default": False},
            "suggestion-message": {
                "type": "string",
                "default": "Consider “{suggestion}”.",
                "description": "Appended to the message when a term has a suggestion.",
            },
            **SCORE_OPTIONS,
            **PLACEMENT_OPTIONS,
        },
    }

    def configure(self, options: dict[str, Any]) -> None:
        self.terms = [parse_term(entry) for entry in options.get("terms", [])]
        ignore_case = options.get("ignore-case", True)
        self._whole_word, self._ignore_case = options.get("whole-word", True), ignore_case
        self._pattern: regex.Pattern[str] | None = None
        self.index = build_index(self.terms, self._whole_word, ignore_case)
        if self.index is None:
            self._pattern = compile_terms(self.terms, self._whole_word, ignore_case)
        else:
            self._validate_patterns(self.index)
        flags = regex.VERSION1 | (regex.IGNORECASE if ignore_case else 0)
        self.exceptions = [user_pattern(p, flags) for p in options.get("exceptions", [])]
        self.note_patterns = [user_pattern(p, flags) for p in options.get("notes", [])]
        self.note_treatment = Treatment(
            Severity.parse(options.get("notes-severity", "info")),
            options.get("notes-message", DEFAULT_NOTE_MESSAGE),
        )
        self.skip_headings = options.get("skip-headings", False)
        self.suggestion_message = options.get("suggestion-message", "Consider “{suggestion}”.")
        self.scoring = ScoreSettings.from_options(options)
        self.placement = Placement.from_options(options)

    @property
    def pattern(self) -> regex.Pattern[str]:
        """All terms as one alternation (group ``t<i>`` is term ``i``); compiled on first use."""
        if self._pattern is None:
            self._pattern = compile_terms(self.terms, self._whole_word, self._ignore_case)
        return self._pattern

    def _validate_patterns(self, index: TermIndex) -> None:
        """Compile every user pattern now, so a broken one fails when the rule is loaded."""
        try:
            for position, term in enumerate(self.terms):
                if term.pattern != literal_pattern(term.label):
                    index.regex_for(position)
        except regex.error:
            _ = self.pattern  # raise the error the alternation gives (its positions, its words)
            raise

    def term_for(self, match: regex.Match[str]) -> Term:
        name = match.lastgroup
        if name is None or not name.startswith("t"):
            # Nested named groups inside a user pattern: find the outermost t<i>.
            for index in range(len(self.terms)):
                if match.group(f"t{index}") is not None:
                    return self.terms[index]
        else:
            return self.terms[int(name[1:])]
        raise LookupError("no term matched")

    def read_block(self, paragraph: Paragraph) -> PhraseFacts:
        """Each match's finding in ``paragraph`` and where it stands there (quoted, denied...)."""
        if self.skip_headings and paragraph.kind == "heading":
            return ()
        doc = paragraph.document
        (block,) = doc.blocks
        prose = doc.prose
        read: list[tuple[Finding, Where]] = []
        for start, end, term in self.matches(paragraph):
            if start == end:
                continue
            if self.exceptions and self._excepted(prose, block, start, end):
                continue
            finding = self.term_finding(doc, term, start, end)
            if self.note_patterns and self._covered(self.note_patterns, prose, block, start, end):
                finding = self._noted(doc, finding)
            read.append((finding, self.placement.read(doc, block, start, end)))
        return tuple(read)

    def judge(self, doc: Document, facts: BlockFacts[PhraseFacts]) -> Judgement:
        findings: list[Finding] = []
        boilerplate = self.placement.in_boilerplate is not None
        for block in doc.blocks:
            read = facts[block]
            if not read:
                continue
            # Beyond the paragraph's own matches, a finding depends only on whether it
            # stands in the boilerplate (Placement.apply).
            context = story_end_within(doc, block) if boilerplate else 0
            findings.extend(facts.judged(block, context, partial(self._placed, doc, block, read)))
        return Judgement(findings, self.verdict_of(doc, findings))

    def _placed(self, doc: Document, block: Block, read: PhraseFacts) -> list[Finding]:
        """The findings of ``block``'s matches, where they stand: inside a quotation or in
        boilerplate, a rule may report them otherwise."""
        placed = []
        for finding, where in read:
            found = self.placement.apply(doc, finding.shifted(block.start), where)
            if found is not None:
                placed.append(found)
        return placed

    def matches(self, paragraph: Paragraph) -> Iterator[tuple[int, int, Term]]:
        """(start, end, term) of each match in ``paragraph``, as the alternation finds them."""
        prose = paragraph.prose
        end = len(prose)
        index = self.index
        if index is None:
            for match in self.search(self.pattern, prose, 0, end):
                yield match.start(), match.end(), self.term_for(match)
            return
        # The index tries one term's regex where a word starts: a match, not a search, so
        # not one the prefilter could skip; it keeps the searches' time budget.
        timeout = searching.timeout()
        position = 0
        words, lengths = index.words, index.beginning_lengths
        for start, key in paragraph.words:
            if start < position:
                continue
            if key is None:  # a word the index cannot fold: ask the alternation
                found = self._alternation_match(prose, start, end, timeout)
                if found is not None:
                    position = found.end()
                    yield start, position, self.term_for(found)
                continue
            candidates = words.get(key, ())
            if lengths:
                candidates = index.terms_at(key)
            for term_index in candidates:
                compiled = index.regex_for(term_index)
                try:
                    match = compiled.match(prose, start, end, timeout=timeout)
                except TimeoutError:
                    raise RuleBudgetExceeded(
                        f"a pattern took longer than {timeout:.2f}s: {compiled.pattern[:80]!r}"
                    ) from None
                if match is not None:
                    position = match.end()
                    yield start, position, self.terms[term_index]
                    break

    def _alternation_match(
        self, prose: str, start: int, end: int, timeout: float
    ) -> regex.Match[str] | None:
        try:
            match = self.pattern.match(prose, start, end, timeout=timeout)
        except TimeoutError:
            raise RuleBudgetExceeded(f"the terms took longer than {timeout:.2f}s") from None
        return match if match is not None and match.end() > start else None

    def term_finding(self, doc: Document, term: Term, start: int, end: int) -> Finding:
        # The words as read: markup inside the range ("a **beacon** of hope") is not quoted.
        matched = " ".join(doc.prose[start:end].split())
        values = {"match": matched, "suggestion": term.suggestion, "term": term.label}
        message = render_message(term.message or self.spec.message, values)
        if term.suggestion:
            message = f"{message} {render_message(self.suggestion_message, values)}"
        fix = None
        # Replacing a range that holds markup would delete half of it (an unclosed "**").
        if term.replace is not None and doc.source[start:end] == doc.prose[start:end]:
            replacement = match_case(matched, term.replace)
            fix = Fix(start, end, replacement, f"Replace with “{replacement}”", term.safe)
        return self.finding(
            start,
            end,
            message=message,
            fix=fix,
            severity=self.scoring.severity_for(term.weight),
            data={"term": term.label, "weight": term.weight},
        )

    def _excepted(self, prose: str, block: Block, start: int, end: int) -> bool:
        return self._covered(self.exceptions, prose, block, start, end)

    def _covered(
        self, patterns: list[regex.Pattern[str]], prose: str, block: Block, start: int, end: int
    ) -> bool:
        """Whether a match of one of ``patterns`` near ``start``..``end`` covers it."""
        window_start = max(block.start, start - 80)
        window_end = min(block.end, end + 80)
        for pattern in patterns:
            for m in self.search(pattern, prose, window_start, window_end):
                if m.start() <= start and m.end() >= end:
                    return True
        return False

    def _noted(self, doc: Document, finding: Finding) -> Finding:
        """``finding`` as a note: a lower severity and a message that says why. Its weight
        stays, so the score (and any verdict fitted on it) reads the article as before."""
        return treated(doc, finding, self.note_treatment, "note") or finding

    # -- the document score (verdict and metrics) ----------------------------------------

    def score(self, doc: Document, findings: list[Finding]) -> PhraseScore:
        """How strongly and densely the story uses the listed terms (see :class:`ScoreSettings`)."""
        settings = self.scoring
        end = story_end(doc) if settings.skip_boilerplate else len(doc.source)
        counted = [f for f in findings if f.rule == self.id and f.start < end]
        weight = sum(float(f.data.get("weight", 1.0)) for f in counted)
        words = story_word_count(doc) if settings.skip_boilerplate else doc.word_count
        value = weight
        if settings.per_1000_words:
            value = 1000.0 * weight / max(words, settings.min_words, 1)
        terms = [" ".join(doc.prose[f.start : f.end].split()) for f in counted]
        return PhraseScore(round(value, 3), round(weight, 3), words, terms)

    def verdict_of(self, doc: Document, findings: list[Finding]) -> Verdict | None:
        threshold = self.scoring.threshold
        if self.spec.criterion is None or threshold is None:
            return self.criterion_verdict(findings)
        score = self.score(doc, findings)
        if score.value > threshold:
            unit = " per 1,000 words" if self.scoring.per_1000_words else ""
            listed = ", ".join(f"“{term}”" for term in score.terms[:5])
            label = self.scoring.label
            reason = f"{label} {score.value:g}{unit} (above {threshold:g}): {listed}"
            return Verdict(self.spec.criterion, "not-satisfactory", reason)
        return Verdict(self.spec.criterion, "satisfactory")

    def metrics(self, doc: Document, judgement: Judgement) -> dict[str, Any]:
        name = self.scoring.metric
        if name is None:
            return {}
        score = self.score(doc, judgement.findings)
        metric: dict[str, Any] = {
            "score": score.value,
            "terms": score.terms,
            "weight": score.weight,
            "words": score.words,
        }
        if self.scoring.threshold is not None:
            metric["threshold"] = self.scoring.threshold
        return {name: metric}
