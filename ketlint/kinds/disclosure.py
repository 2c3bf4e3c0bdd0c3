"""``disclosure``: when an article reports on X, it must state Y somewhere (anywhere).

Some facts a reader needs are one sentence long and may sit anywhere, often in
the last lines of a press release: who paid for the study, what the treatment
costs. A rule of this kind names

* ``applies-if``: regexes showing the article is of the kind that owes the
  statement (it reports a study; it discusses a treatment or test). With
  ``lead-words``, one match must be in the title or the opening words, so an
  article only *mentioning* research in passing owes nothing;
* ``statements``: what counts as making it. Each is a regex, or an object whose
  ``pattern`` counts only when its sentence also matches one of ``with-any`` and
  none of ``unless-any`` ("$" counts next to "costs", not next to "market");
* ``not-if``: sentences that never count, however worded ("see the article for
  funding and disclosures" points elsewhere instead of disclosing).

One finding goes on the title (``doc.title_range``) when the statement is owed
and missing; it names the first match of ``applies-if`` as the related place.
Message placeholders: ``{subject}`` (``subject-label``) and ``{example}``.

Verdict, with a criterion: satisfactory when a statement is found (even if the
article did not owe one), not-applicable when nothing is owed, not-satisfactory
otherwise. Reference lists are not read; press-release boilerplate is, because
that is where funding notes usually are.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import regex

from ketlint import searching
from ketlint.citations import counted_blocks
from ketlint.document import Block, Document, Sentence, trim_range
from ketlint.kinds.base import (
    PATTERN_FLAGS,
    BlockFacts,
    Judgement,
    Kind,
    Paragraph,
    compile_alternatives,
    in_lead,
)
from ketlint.model import Finding, Related, Verdict

FLAGS = PATTERN_FLAGS

_PATTERNS: dict[str, Any] = {"type": "array", "items": {"type": "string", "minLength": 1}}

STATEMENT_SCHEMA: dict[str, Any] = {
    "oneOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "object",
            "additionalProperties": False,
            "required": ["pattern"],
            "properties": {
                "pattern": {
                    "type": "string",
                    "minLength": 1,
                    "description": "A regex for the statement's words.",
                },
                "with-any": {
                    **_PATTERNS,
                    "description": "Regexes: one must also occur in the sentence.",
                },
                "unless-any": {
                    **_PATTERNS,
                    "description": "Regexes: if one occurs in the sentence, this "
                    "match does not count.",
                },
                "label": {
                    "type": "string",
                    "description": "What the statement is, for the verdict's reason.",
                },
            },
        },
    ]
}


@dataclass(frozen=True)
class Statement:
    pattern: regex.Pattern[str]
    with_any: regex.Pattern[str] | None = None
    unless_any: regex.Pattern[str] | None = None
    label: str = ""


@dataclass
class DisclosureAssessment:
    # The matches of applies-if that owe the statement, by block: (the block's start, the
    # matches' offsets in it), blocks without one left out; empty where the rule does not
    # apply, and not gathered where a statement is found (it decides alone).
    owing: list[tuple[int, tuple[tuple[int, int], ...]]] = field(default_factory=list)
    owed_count: int = 0  # how many matches ``owing`` holds
    found: list[tuple[Sentence, tuple[int, int], str]] = field(default_factory=list)

    @property
    def applicable(self) -> bool:
        return self.owed_count > 0

    def owed_by(self) -> Iterator[tuple[int, int]]:
        """The matches that owe the statement, in the document's order (offsets in it):
        made on asking, as far as the asker reads (a long article has thousands)."""
        for shift, spans in self.owing:
            for start, end in spans:
                yield start + shift, end + shift

    @property
    def disclosed(self) -> bool:
        return bool(self.found)


@dataclass(frozen=True)
class DisclosureFacts:
    """What one paragraph gives the rule, offsets from the paragraph's start."""

    mentions: tuple[tuple[int, int], ...]  # matches of applies-if
    # Each sentence that makes the statement: (the sentence, the statement's words, its label).
    statements: tuple[tuple[tuple[int, int], tuple[int, int], str], ...]
    named: tuple[tuple[int, int], ...]  # matches of named-terms


class DisclosureRule(Kind[DisclosureFacts]):
    kind = "disclosure"
    pattern_options = frozenset(
        (
            "applies-if",
            "generic-terms",
            "named-terms",
            "not-if",
            "pattern",
            "statements",
            "unless-any",
            "with-any",
        )
    )
    options_doc = (
        "When an article is of a kind that owes a statement (it reports a study; it discusses "
        "a treatment), requires that statement somewhere in it (who funded the work; what the "
        "treatment costs). Reports once, on the title. Statements may require or exclude "
        "other words in their sentence. Message placeholders: {subject}, {example}. With a "
        "criterion, the verdict is satisfactory, not-satisfactory, or not-applicable when "
        "nothing is owed."
    )
    options_schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["applies-if", "statements"],
        "properties": {
            "applies-if": {
                **_PATTERNS,
                "minItems": 1,
                "description": "Regexes: a match shows the article owes the statement.",
            },
            "min-mentions": {
                "type": "integer",
                "minimum": 1,
                "default": 1,
                "description": "How many matches of applies-if it takes.",
            },
            "lead-words": {
                "type": "integer",
                "minimum": 0,
                "default": 0,
                "description": "When above 0, one match of applies-if must be in "
                "the title or within this many words of body prose from the start.",
            },
            "statements": {
                "type": "array",
                "minItems": 1,
                "items": STATEMENT_SCHEMA,
                "description": "What counts as making the statement: regexes, or "
                "objects {pattern, with-any, unless-any, label}.",
            },
            "not-if": {
                **_PATTERNS,
                "description": "Regexes: a sentence matching one never counts.",
            },
            "subject-label": {
                "type": "string",
                "default": "this",
                "description": "How the message names what is missing (placeholder {subject}).",
            },
            "named-terms": {
                **_PATTERNS,
                "description": "Regexes for the specific things an article may be about (a "
                "named drug, a product): {example} names the one mentioned most, rather than "
                "the applies-if word that made the rule apply. They do not make it apply.",
            },
            "generic-terms": {
                **_PATTERNS,
                "description": "Regexes for applies-if words too general to name what the "
                "article is about (treatment, care, therapy): {example} names one only when "
                "nothing more specific was matched.",
            },
        },
    }

    def configure(self, options: dict[str, Any]) -> None:
        self.applies_if = compile_alternatives(
            list(options.get("applies-if", []))
        ) or regex.compile("(?!)")
        self.min_mentions = int(options.get("min-mentions", 1))
        self.lead_words = int(options.get("lead-words", 0))
        self.not_if = compile_alternatives(list(options.get("not-if", [])))
        self.subject_label = str(options.get("subject-label", "this"))
        self.named = compile_alternatives(list(options.get("named-terms", [])))
        self.generic = compile_alternatives(list(options.get("generic-terms", [])))
        self.statements: list[Statement] = []
        for entry in options.get("statements", []):
            if isinstance(entry, str):
                entry = {"pattern": entry}
            pattern = compile_alternatives([entry["pattern"]])
            assert pattern is not None
            self.statements.append(
                Statement(
                    pattern=pattern,
                    with_any=compile_alternatives(list(entry.get("with-any", []))),
                    unless_any=compile_alternatives(list(entry.get("unless-any", []))),
                    label=str(entry.get("label", "")),
                )
            )
        # The statements' patterns and ``not-if`` as one set, asked of a paragraph at once.
        self.asked_of_paragraph = (
            *(statement.pattern for statement in self.statements),
            self.not_if,
        )

    # -- assessment ---------------------------------------------------------------

    def read_blocks(self, doc: Document) -> list[Block]:
        return counted_blocks(doc)

    def read_block(self, paragraph: Paragraph) -> DisclosureFacts:
        """The paragraph's mentions of what owes the statement, the sentences that make
        it, and the named terms (what the message may name)."""
        doc = paragraph.document
        (block,) = doc.blocks
        prose = doc.prose
        sentences = [Sentence(start, end, block) for start, end in paragraph.sentences]
        statements = tuple(
            ((sentences[index].start, sentences[index].end), (start, end), label)
            for index, start, end, label in self._statements_in(prose, block, sentences)
        )
        named = self.spans(self.named, prose) if self.named is not None else ()
        return DisclosureFacts(self.spans(self.applies_if, prose), statements, named)

    def assess(self, doc: Document, facts: BlockFacts[DisclosureFacts]) -> DisclosureAssessment:
        """What the rule reads in ``doc``: the statements of its counted blocks, and, where
        none makes the statement, the mentions that owe it.

        A statement found decides the rule alone (no finding; satisfactory), so the
        mentions are gathered only without one, and then by block (see ``owing``): the
        list of every mention's offsets was most of what a keystroke in a long article
        cost the rule beyond reading the edited paragraph."""
        blocks = self.read_blocks(doc)
        assessment = DisclosureAssessment()
        for block in blocks:
            shift = block.start
            for (sentence_start, sentence_end), (start, end), label in facts[block].statements:
                sentence = Sentence(sentence_start + shift, sentence_end + shift, block)
                assessment.found.append((sentence, (start + shift, end + shift), label))
        if assessment.found:
            return assessment
        # By block, not one offset pair per match: a keystroke's lint of a long article
        # reads the count and the first few, never the thousands of pairs.
        owing = [(block.start, spans) for block in blocks if (spans := facts[block].mentions)]
        count = sum(len(spans) for _, spans in owing)
        candidate = DisclosureAssessment(owing, count)
        if count >= self.min_mentions and (
            not self.lead_words
            or any(in_lead(doc, blocks, start, self.lead_words) for start, _ in candidate.owed_by())
        ):
            return candidate
        return assessment

    def _statements_in(
        self, prose: str, block: Block, sentences: list[Sentence]
    ) -> tuple[tuple[int, int, int, str], ...]:
        # Each pattern asked once of the paragraph: undisclosed-funding lists 19 statements,
        # and one the prefilter rules out of the paragraph is out of every sentence of it.
        possible = searching.may_match(self.asked_of_paragraph, prose)
        statements = [
            statement for statement, may in zip(self.statements, possible[:-1], strict=True) if may
        ]
        if not statements:
            return ()
        not_if = self.not_if if possible[-1] else None
        read = []
        for index, sentence in enumerate(sentences):
            found = self._statement_in(prose, sentence, statements, not_if)
            if found is not None:
                (start, end), label = found
                read.append((index, start - block.start, end - block.start, label))
        return tuple(read)

    def _statement_in(
        self,
        prose: str,
        sentence: Sentence,
        statements: list[Statement],
        not_if: regex.Pattern[str] | None,
    ) -> tuple[tuple[int, int], str] | None:
        """The first of ``statements`` (those that may be in the sentence's paragraph) the
        sentence makes, unless ``not_if`` (None: ruled out of the paragraph) matches in it."""
        start, end = sentence.start, sentence.end
        if not_if is not None and self._search(not_if, prose, start, end):
            return None
        for statement in statements:
            match = self._search(statement.pattern, prose, start, end)
            if match is None:
                continue
            if statement.with_any is not None and not self._search(
                statement.with_any, prose, start, end
            ):
                continue
            if statement.unless_any is not None and self._search(
                statement.unless_any, prose, start, end
            ):
                continue
            return match.span(), statement.label
        return None

    def _search(
        self, pattern: regex.Pattern[str], text: str, start: int, end: int
    ) -> regex.Match[str] | None:
        for match in self.search(pattern, text, start, end):
            if match.end() > match.start():
                return match
        return None

    def judge(self, doc: Document, facts: BlockFacts[DisclosureFacts]) -> Judgement:
        assessment = self.assess(doc, facts)
        findings = list(self._findings(doc, assessment, facts))
        return Judgement(findings, self.verdict_of(doc, assessment, findings))

    def _findings(
        self, doc: Document, assessment: DisclosureAssessment, facts: BlockFacts[DisclosureFacts]
    ) -> Iterable[Finding]:
        if not assessment.applicable or assessment.disclosed:
            return
        # Masked markup reads as spaces in the prose: the finding starts and ends on words.
        start, end = trim_range(doc.prose, *doc.title_range)
        first_start, first_end = self._example(doc, assessment, facts)
        example = " ".join(doc.source[first_start:first_end].split())
        yield self.finding(
            start,
            end,
            values={"subject": self.subject_label, "example": example},
            related=[Related(first_start, first_end, f"why {self.subject_label} is owed")],
            data={"scope": "document", "mentions": assessment.owed_count},
        )

    def _example(
        self, doc: Document, assessment: DisclosureAssessment, facts: BlockFacts[DisclosureFacts]
    ) -> tuple[int, int]:
        """The most specific thing the article is about, to name in the message: the named
        term mentioned most (then first), else the first applies-if match that is not a
        generic word, else the first match."""
        if self.named is not None:
            counts: dict[str, int] = {}
            first: dict[str, tuple[int, int]] = {}
            for block in self.read_blocks(doc):
                for start, end in facts[block].named:
                    span = (start + block.start, end + block.start)
                    key = " ".join(doc.source[span[0] : span[1]].split()).casefold()
                    counts[key] = counts.get(key, 0) + 1
                    first.setdefault(key, span)
            if counts:
                best = max(counts, key=lambda key: (counts[key], -first[key][0]))
                return first[best]
        if self.generic is not None:
            for span in assessment.owed_by():
                text = doc.source[span[0] : span[1]]
                if (
                    self.generic.fullmatch(
                        " ".join(text.split()),
                        timeout=searching.timeout(),
                    )
                    is None
                ):
                    return span
        return next(assessment.owed_by())

    def verdict_of(
        self, doc: Document, assessment: DisclosureAssessment, findings: list[Finding]
    ) -> Verdict | None:
        if self.spec.criterion is None:
            return None
        criterion = self.spec.criterion
        if assessment.disclosed:
            _, (start, end), label = assessment.found[0]
            shown = " ".join(doc.source[start:end].split())
            reason = f"{label}: “{shown}”" if label else f"states it: “{shown}”"
            return Verdict(criterion, "satisfactory", reason)
        if not assessment.applicable:
            return Verdict(criterion, "not-applicable", f"{self.subject_label} is not owed")
        reason = findings[0].message if findings else f"no {self.subject_label}"
        return Verdict(criterion, "not-satisfactory", reason)
