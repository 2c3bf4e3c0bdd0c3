"""``evidence``: does a report on a study convey what kind of evidence it is?

Readers cannot weigh a finding without knowing the study behind it: a trial
that assigned people at random, or records that only show an association; a
thousand patients, or twelve; mice or people; and what the authors say the
study cannot show. A rule of this kind reads the story (press-release
boilerplate left out) sentence by sentence for

* ``designs``: study types, in named groups that ``overreach`` entries can ask
  for; some (``needs-caveat``: observational, animal or cell work, a
  conference abstract) owe the reader their limits. A design named in a
  sentence about other or planned work (``not-this-study``: "the next step is
  a randomized trial") does not count;
* ``sizes``: how many people (or animals) were studied;
* ``lengths``: how long the study ran or followed them ("for 12 weeks", "a two-year
  trial"), which reviewers ask for beside the size;
* ``caveats``: the limits said aloud ("the study was small", "cannot prove
  cause and effect", "more research is needed");
* ``overreach``: words that claim more than the design allows, e.g. a causal
  verb when the article reports an association. Each entry may require one of
  its ``when-design`` groups to be reported somewhere in the article (by a design
  that stands: one whose own ``unless-design`` and ``descriptive-beside`` groups are not
  also named, so "associated with" in a mouse experiment does not make it association
  data), and is
  excused by ``unless-any`` in its sentence, or by a caveat in its paragraph.
  With ``subject-before`` its words count only when said of the reported study
  (the study or its authors named before them), and with ``other-work`` not
  when earlier or other work is the last named before them: whose claim it is.
  These are the inline findings; each covers exactly the offending words.

Verdict, with a criterion: not-applicable when the article does not report a
study (no ``reports-study`` match in its title or lead), unless its title
matches ``claims-without-study`` (a benefit claimed, a treatment announced, and
no evidence behind it: not-satisfactory); not-satisfactory when it overreaches
without any caveat (an entry's ``verdict-unless-design`` spares an article that
names one of those designs and its size); satisfactory when it states a limit
(with ``soft-caveats-need-design``, a stock hedge counts only beside a named
design and size); otherwise satisfactory only when it names its design and size
and no design whose limits it owes (with ``lengths``, also how long it ran, unless one
of its designs is in ``lengths-unless-design``: a review has no one length). With
``missing-message``, a not-satisfactory verdict that has no overreach finding to show for
it is reported once, on the title.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import regex

from ketlint import searching
from ketlint.boilerplate import story_end
from ketlint.citations import counted_blocks
from ketlint.document import Block, Document, Sentence, trim_range
from ketlint.kinds.base import (
    PATTERN_FLAGS,
    BlockFacts,
    Judgement,
    Kind,
    Paragraph,
    compile_alternatives,
    render_message,
)
from ketlint.model import Finding, Related, Severity, Verdict
from ketlint.negation import described_use
from ketlint.timeouts import user_pattern

FLAGS = PATTERN_FLAGS

_PATTERNS: dict[str, Any] = {"type": "array", "items": {"type": "string", "minLength": 1}}

DESIGN_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["label", "pattern"],
    "properties": {
        "label": {
            "type": "string",
            "minLength": 1,
            "description": "The design's name, for messages and the verdict's reason.",
        },
        "pattern": {"type": "string", "minLength": 1, "description": "A regex naming it."},
        "needs-caveat": {
            "type": "boolean",
            "default": False,
            "description": "A design whose limits the article must state for the verdict to "
            "be satisfactory (observational, animal, conference abstract). False: naming it "
            "and the study's size is enough (randomised, single-arm, phase 2).",
        },
        "group": {
            "type": "string",
            "minLength": 1,
            "description": "A group name that `overreach` entries can require "
            "(e.g. observational, animal).",
        },
        "unless-design": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "description": "Design groups that, named in the article, lift `needs-caveat` "
            "(association wording in a randomised trial's report).",
        },
        "descriptive-beside": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "description": "Design groups beside which this entry's words describe what "
            "was seen rather than name the study's design (\"behaviours associated with "
            'withdrawal" in a mouse experiment): the design then does not count for an '
            "overreach entry's `when-design` (its `needs-caveat` is unchanged).",
        },
        "cleared-by": {
            **_PATTERNS,
            "description": "Regexes that, anywhere in the story, lift `needs-caveat` (a "
            "conference abstract also published in a journal).",
        },
    },
}

OVERREACH_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["pattern"],
    "properties": {
        "pattern": {
            "type": "string",
            "minLength": 1,
            "description": "A regex for the words that claim too much (flagged).",
        },
        "when-design": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "description": "Design groups of which one must be reported in the article "
            "(anywhere) by a design that stands (its own `unless-design` and "
            "`descriptive-beside` groups not named); "
            "absent: always.",
        },
        "unless-design": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "description": "Design groups that, reported anywhere in the article, make the "
            "entry not apply (a randomized trial may well show a cause).",
        },
        "with-any": {
            **_PATTERNS,
            "description": "Regexes of which one must also occur in the sentence "
            "(e.g. that it is about the study's findings).",
        },
        "title-alone": {
            "type": "boolean",
            "default": False,
            "description": "In the title, the pattern needs no `with-any` match: a headline "
            "is always about the study.",
        },
        "unless-any": {
            **_PATTERNS,
            "description": "Regexes that excuse the sentence (hedges, negations).",
        },
        "verdict-unless-design": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "description": "Design groups that, reported anywhere in the article together "
            "with its size, keep this entry's findings from failing the verdict (they are "
            "still reported): the article has told the reader what the evidence is.",
        },
        "scope": {
            "enum": ["any", "title"],
            "default": "any",
            "description": "Where to look: every sentence of the story, or the title only.",
        },
        "message": {
            "type": "string",
            "description": "Message instead of the rule's (placeholders {match}, {design}).",
        },
        "subject-before": {
            **_PATTERNS,
            "description": "Regexes naming the reported study, its results or its authors "
            '("the study", "our results", "we"): one must come before the flagged words in '
            "their sentence (outside the title), so that the words are said of the study and "
            'not of something else ("the use of ECG to definitively detect").',
        },
        "other-work": {
            **_PATTERNS,
            "description": 'Regexes naming earlier, other or general work ("previous '
            'studies", "the landmark ... Study"): the flagged words are not the reported '
            "study's claim when such a mention comes before them in their sentence with no "
            "`subject-before` match in between.",
        },
    },
}


@dataclass(frozen=True)
class Design:
    label: str
    pattern: regex.Pattern[str]
    needs_caveat: bool
    group: str | None
    unless_design: frozenset[str] = frozenset()
    cleared_by: regex.Pattern[str] | None = None
    descriptive_beside: frozenset[str] = frozenset()


class _SentencePatterns(NamedTuple):
    """What EvidenceRule._read_sentence searches a sentence for (None: nothing)."""

    not_this_study: regex.Pattern[str] | None
    designs: list[Design]
    sizes: regex.Pattern[str] | None
    lengths: regex.Pattern[str] | None
    caveats: regex.Pattern[str] | None
    soft_caveats: regex.Pattern[str] | None


@dataclass(frozen=True)
class Overreach:
    pattern: regex.Pattern[str]
    when_design: frozenset[str]
    unless_design: frozenset[str]
    with_any: regex.Pattern[str] | None
    title_alone: bool
    unless_any: regex.Pattern[str] | None
    title_only: bool
    message: str | None
    verdict_unless_design: frozenset[str] = frozenset()
    subject_before: regex.Pattern[str] | None = None
    other_work: regex.Pattern[str] | None = None


class Mention(NamedTuple):
    """A design, size, caveat or length the story names, where it stands. A named tuple,
    not a dataclass: a lint of a long story makes one for every mention in every paragraph
    (about 1,500 at 20,000 words), and a tuple is made in a third of the time."""

    start: int
    end: int
    label: str


@dataclass
class EvidenceAssessment:
    """What a document says about the evidence behind it."""

    applicable: bool = False
    designs: list[tuple[Mention, Design]] = field(default_factory=list)
    sizes: list[Mention] = field(default_factory=list)
    lengths: list[Mention] = field(default_factory=list)
    caveats: list[Mention] = field(default_factory=list)
    soft_caveats: list[Mention] = field(default_factory=list)
    cleared: set[str] = field(default_factory=set)  # labels whose caveat need is lifted
    overreach: list[tuple[Mention, Overreach, str]] = field(default_factory=list)  # + design
    # With no study reported: a headline that claims a benefit or announces an intervention.
    unsupported_claim: Mention | None = None

    @property
    def needs_caveat(self) -> list[str]:
        """Labels of the designs named whose limits must be stated."""
        groups = self.groups
        return list(
            dict.fromkeys(
                d.label
                for _, d in self.designs
                if d.needs_caveat and not d.unless_design & groups and d.label not in self.cleared
            )
        )

    @property
    def groups(self) -> set[str]:
        return {design.group for _, design in self.designs if design.group}

    @property
    def standing_groups(self) -> set[str]:
        """Groups of the designs that stand as the study reported: a design whose
        ``unless-design`` groups are also named is the supporting evidence, and one whose
        ``descriptive-beside`` groups are named describes rather than names a design.
        Two designs that cancel each other (an experiment in mice whose symptoms are
        "associated with" withdrawal) leave neither standing: the design is unclear, and an
        overreach entry that needs it stays quiet."""
        groups = self.groups
        return {
            design.group
            for _, design in self.designs
            if design.group and not (design.unless_design | design.descriptive_beside) & groups
        }

    @property
    def design_labels(self) -> list[str]:
        return list(dict.fromkeys(design.label for _, design in self.designs))


@dataclass(frozen=True)
class EvidenceFacts:
    """What one paragraph says of the evidence, offsets from the paragraph's start."""

    sentences: tuple[tuple[int, int], ...]
    mentions: tuple[Any, ...]  # designs, sizes, caveats, soft caveats, lengths (_read_block)
    # (entry, sentence index, start, end, words) of each overreach of every entry, the
    # paragraph read as body text: the document knows which entries apply and which
    # paragraph is its title (read as a title, apart).
    overreach: tuple[tuple[int, int, int, int, str], ...]


@dataclass
class EvidenceJudgement(Judgement):
    """The judgement with the assessment it was made from, which the metrics report."""

    assessment: EvidenceAssessment = field(default_factory=EvidenceAssessment)


class EvidenceRule(Kind[EvidenceFacts]):
    kind = "evidence"
    pattern_options = frozenset(
        (
            "caveats",
            "claims-without-study",
            "cleared-by",
            "lengths",
            "not-this-study",
            "other-work",
            "pattern",
            "reports-study",
            "sizes",
            "soft-caveats",
            "subject-before",
            "unless-any",
            "with-any",
        )
    )
    options_doc = (
        "Reads a study report for its design, its size, its caveats, and "
        "words that claim more than the design allows (flagged). Message placeholders: "
        "{match}, {design}. With a criterion, the verdict is satisfactory when the article "
        "states its limits, or names its design and size (and, with `lengths`, how long it "
        "ran; some designs owe their limits) without uncaveated overreach; not-applicable "
        "when it reports no study."
    )
    options_schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["reports-study", "designs"],
        "properties": {
            "reports-study": {
                **_PATTERNS,
                "minItems": 1,
                "description": "Regexes: one in the title or the lead shows the article "
                "reports a study (else the verdict is not-applicable and nothing is flagged).",
            },
            "reports-study-designs": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Design groups whose mention in the title or the lead also "
                'shows the article reports a study ("patients were randomly assigned", '
                '"a phase 2 trial"): a design is a study, whatever words introduce it.',
            },
            "lead-words": {
                "type": "integer",
                "minimum": 0,
                "default": 150,
                "description": "How many words of body prose, after the title, count as "
                "the lead for `reports-study`.",
            },
            "designs": {
                "type": "array",
                "minItems": 1,
                "items": DESIGN_SCHEMA,
                "description": "Study types, and whether they owe their limits.",
            },
            "not-this-study": {
                **_PATTERNS,
                "description": "Regexes: a design named in a sentence matching one is about "
                "other or planned work and does not count.",
            },
            "sizes": {
                **_PATTERNS,
                "description": "Regexes: how many people (or animals) were studied.",
            },
            "lengths": {
                **_PATTERNS,
                "description": "Regexes: how long the study ran or followed its participants "
                '("for 12 weeks", "a two-year trial"). When set, naming the design and size '
                "passes the verdict only with a length named too.",
            },
            "lengths-unless-design": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Design groups that need no length (a review of trials has no "
                "one length): an article naming one is not asked for it.",
            },
            "caveats": {
                **_PATTERNS,
                "description": "Regexes: the study's limits said aloud. A caveat "
                "also excuses overreach.",
            },
            "soft-caveats": {
                **_PATTERNS,
                "description": 'Regexes: stock hedges ("more research is needed", '
                '"preliminary") that count as limits stated but do not excuse overreach.',
            },
            "claims-without-study": {
                **_PATTERNS,
                "description": "Regexes for a headline that claims a benefit or announces "
                "a treatment, test or device. An article whose title matches one but that "
                "reports no study gives no evidence for its claim: not-satisfactory instead "
                "of not-applicable.",
            },
            "soft-caveats-need-design": {
                "type": "boolean",
                "default": False,
                "description": "Stock hedges count as a stated limit for the verdict only "
                "when the article also names the study's design and size (and its length, "
                'with `lengths`): "preliminary" says the result is early, not what the '
                "evidence is.",
            },
            "overreach": {
                "type": "array",
                "items": OVERREACH_SCHEMA,
                "description": "Words that claim more than the design allows.",
            },
            "caveat-scope": {
                "enum": ["paragraph", "document"],
                "default": "paragraph",
                "description": "Where a caveat excuses an overreach finding: its paragraph, "
                "or anywhere in the article. (For the verdict, a caveat anywhere excuses it.)",
            },
            "missing-message": {
                "type": "string",
                "description": "Report a not-satisfactory verdict that no overreach "
                "finding explains once, on the title, with this message ({reason}).",
            },
            "missing-severity": {
                "enum": ["error", "warning", "info", "hint"],
                "default": "info",
                "description": "Severity of the `missing-message` finding.",
            },
            "skip-boilerplate": {
                "type": "boolean",
                "default": True,
                "description": "Do not read press-release boilerplate (after a `###` end "
                'mark, "About ..." blurbs, media contacts).',
            },
            "metric": {
                "type": "string",
                "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$",
                "description": "Put what was found in the result's metrics under this name.",
            },
        },
    }

    def configure(self, options: dict[str, Any]) -> None:
        self.reports_study = compile_alternatives(
            list(options.get("reports-study", []))
        ) or regex.compile("(?!)")
        self.lead_words = int(options.get("lead-words", 150))
        self.reports_study_designs = frozenset(options.get("reports-study-designs", []))
        self.designs = [
            Design(
                label=entry["label"],
                pattern=user_pattern("(?-f)" + entry["pattern"], FLAGS),
                needs_caveat=bool(entry.get("needs-caveat", False)),
                group=entry.get("group"),
                unless_design=frozenset(entry.get("unless-design", [])),
                cleared_by=compile_alternatives(list(entry.get("cleared-by", []))),
                descriptive_beside=frozenset(entry.get("descriptive-beside", [])),
            )
            for entry in options.get("designs", [])
        ]
        # The designs whose mention in the lead shows a study is reported.
        self.study_designs = [d for d in self.designs if d.group in self.reports_study_designs]
        self.not_this_study = compile_alternatives(list(options.get("not-this-study", [])))
        self.sizes = compile_alternatives(list(options.get("sizes", [])))
        self.lengths = compile_alternatives(list(options.get("lengths", [])))
        self.lengths_unless_design = frozenset(options.get("lengths-unless-design", []))
        self.caveats = compile_alternatives(list(options.get("caveats", [])))
        self.soft_caveats = compile_alternatives(list(options.get("soft-caveats", [])))
        self.soft_caveats_need_design = bool(options.get("soft-caveats-need-design", False))
        # What a sentence is searched for, as one set asked of its paragraph at once
        # (:meth:`_patterns_in`): not-this-study, sizes, lengths, caveats, soft caveats,
        # then the designs.
        self.asked_of_paragraph = (
            self.not_this_study,
            self.sizes,
            self.lengths,
            self.caveats,
            self.soft_caveats,
            *(design.pattern for design in self.designs),
        )
        self.claims_without_study = compile_alternatives(
            list(options.get("claims-without-study", []))
        )
        self.overreach = [
            Overreach(
                pattern=user_pattern("(?-f)" + entry["pattern"], FLAGS),
                when_design=frozenset(entry.get("when-design", [])),
                unless_design=frozenset(entry.get("unless-design", [])),
                with_any=compile_alternatives(list(entry.get("with-any", []))),
                title_alone=bool(entry.get("title-alone", False)),
                unless_any=compile_alternatives(list(entry.get("unless-any", []))),
                title_only=entry.get("scope", "any") == "title",
                message=entry.get("message"),
                verdict_unless_design=frozenset(entry.get("verdict-unless-design", [])),
                subject_before=compile_alternatives(list(entry.get("subject-before", []))),
                other_work=compile_alternatives(list(entry.get("other-work", []))),
            )
            for entry in options.get("overreach", [])
        ]
        # The overreach entries' patterns, as one set asked of a paragraph at once.
        self.overreach_patterns = tuple(entry.pattern for entry in self.overreach)
        self.caveat_scope = options.get("caveat-scope", "paragraph")
        self.missing_message: str | None = options.get("missing-message")
        self.missing_severity = Severity.parse(options.get("missing-severity", "info"))
        self.skip_boilerplate = bool(options.get("skip-boilerplate", True))
        self.metric: str | None = options.get("metric")

    # -- reading ------------------------------------------------------------------

    def story_blocks(self, doc: Document) -> list[Block]:
        """The blocks that are the story: no reference list, no press-kit boilerplate."""
        end = story_end(doc) if self.skip_boilerplate else len(doc.source)
        return [block for block in counted_blocks(doc) if block.start < end]

    def read_block(self, paragraph: Paragraph) -> EvidenceFacts:
        """The paragraph's sentences, what they mention, and where they overreach."""
        doc = paragraph.document
        (block,) = doc.blocks
        sentences = doc.sentences_in(block)
        every_entry = tuple(range(len(self.overreach)))
        return EvidenceFacts(
            tuple((sentence.start, sentence.end) for sentence in sentences),
            self._read_block(doc, block),
            self._overreach_in(doc.prose, block, sentences, every_entry, False),
        )

    def assess(self, doc: Document, facts: BlockFacts[EvidenceFacts]) -> EvidenceAssessment:
        assessment = EvidenceAssessment()
        blocks = self.story_blocks(doc)
        assessment.applicable = self._reports_study(doc, blocks)
        if assessment.applicable:
            for block in blocks:
                self._replay(facts[block].mentions, block.start, assessment)
            for _, design in assessment.designs:
                if design.label not in assessment.cleared and self._cleared(design, doc, blocks):
                    assessment.cleared.add(design.label)
            self._find_overreach(doc, blocks, assessment, facts)
        elif self.claims_without_study is not None:
            start, end = self._title_prose(doc)
            claim = self._first(self.claims_without_study, doc.prose, start, end)
            if claim is not None:
                assessment.unsupported_claim = self._mention(claim)
        return assessment

    def _cleared(self, design: Design, doc: Document, blocks: list[Block]) -> bool:
        """Whether the story says what lifts ``design``'s need of a caveat."""
        if design.cleared_by is None:
            return False
        prose = doc.prose
        return any(self._first(design.cleared_by, prose, b.start, b.end) for b in blocks)

    def _reports_study(self, doc: Document, blocks: list[Block]) -> bool:
        prose = doc.prose
        words = 0
        for block in blocks:
            is_title = block is doc.title_block
            if not is_title and block.kind == "heading":
                continue
            if self._first(self.reports_study, prose, block.start, block.end) is not None:
                return True
            if any(
                self._first(design.pattern, prose, block.start, block.end) is not None
                for design in self.study_designs
            ):
                return True
            if not is_title:
                words += len(prose[block.start : block.end].split())
                if words >= self.lead_words:
                    return False
        return False

    def _read_block(self, doc: Document, block: Block) -> tuple[Any, ...]:
        """What the sentences of ``block`` mention, offsets relative to the block's start."""
        found = EvidenceAssessment()
        sentences = doc.sentences_in(block)
        if sentences:
            patterns = self._patterns_in(doc.prose, block)
            for sentence in sentences:
                self._read_sentence(doc, sentence, found, patterns)
        shift = block.start
        index = {id(design): number for number, design in enumerate(self.designs)}
        return (
            tuple(
                (m.start - shift, m.end - shift, m.label, index[id(design)])
                for m, design in found.designs
            ),
            tuple((m.start - shift, m.end - shift, m.label) for m in found.sizes),
            tuple((m.start - shift, m.end - shift, m.label) for m in found.caveats),
            tuple((m.start - shift, m.end - shift, m.label) for m in found.soft_caveats),
            tuple((m.start - shift, m.end - shift, m.label) for m in found.lengths),
        )

    def _replay(self, read: tuple[Any, ...], shift: int, found: EvidenceAssessment) -> None:
        designs, sizes, caveats, soft_caveats, lengths = read
        if not (designs or sizes or caveats or soft_caveats or lengths):
            return  # most paragraphs: nothing to replay
        for start, end, label, number in designs:
            found.designs.append((Mention(start + shift, end + shift, label), self.designs[number]))
        found.sizes.extend(Mention(s + shift, e + shift, label) for s, e, label in sizes)
        found.caveats.extend(Mention(s + shift, e + shift, label) for s, e, label in caveats)
        found.soft_caveats.extend(
            Mention(s + shift, e + shift, label) for s, e, label in soft_caveats
        )
        found.lengths.extend(Mention(s + shift, e + shift, label) for s, e, label in lengths)

    def _patterns_in(self, prose: str, block: Block) -> _SentencePatterns:
        """The patterns a sentence is searched for, less those the prefilter rules out of
        the whole block (None; designs left out): 17 designs and five lists are asked once
        of the paragraph, not of each of its sentences."""

        possible = searching.may_match(self.asked_of_paragraph, prose, block.start, block.end)
        return _SentencePatterns(
            not_this_study=self.not_this_study if possible[0] else None,
            designs=[design for design, may in zip(self.designs, possible[5:], strict=True) if may],
            sizes=self.sizes if possible[1] else None,
            lengths=self.lengths if possible[2] else None,
            caveats=self.caveats if possible[3] else None,
            soft_caveats=self.soft_caveats if possible[4] else None,
        )

    def _read_sentence(
        self,
        doc: Document,
        sentence: Sentence,
        found: EvidenceAssessment,
        patterns: _SentencePatterns,
    ) -> None:
        prose, start, end = doc.prose, sentence.start, sentence.end
        other_work = self._first(patterns.not_this_study, prose, start, end) is not None
        if not other_work:
            for design in patterns.designs:
                match = self._first(design.pattern, prose, start, end)
                if match is not None:
                    found.designs.append((self._mention(match, design.label), design))
            size = self._first(patterns.sizes, prose, start, end)
            if size is not None:
                found.sizes.append(self._mention(size))
            length = self._first(patterns.lengths, prose, start, end)
            if length is not None:
                found.lengths.append(self._mention(length))
        caveat = self._first(patterns.caveats, prose, start, end)
        if caveat is not None:
            found.caveats.append(self._mention(caveat))
        soft = self._first(patterns.soft_caveats, prose, start, end)
        if soft is not None:
            found.soft_caveats.append(self._mention(soft))

    def _find_overreach(
        self,
        doc: Document,
        blocks: list[Block],
        found: EvidenceAssessment,
        facts: BlockFacts[EvidenceFacts],
    ) -> None:
        prose = doc.prose
        groups = found.groups
        standing = found.standing_groups

        def sentences_of(block: Block) -> list[Sentence]:
            return [
                Sentence(s + block.start, e + block.start, block) for s, e in facts[block].sentences
            ]

        # The blocks of the sentences that hold a caveat; a binary search per sentence
        # (was a scan of every caveat for every sentence: quadratic on long stories). A
        # caveat stands in a sentence of its own block, so only those blocks are read.
        caveat_starts = sorted(c.start for c in found.caveats)
        caveat_blocks = set()
        if caveat_starts:
            for block in blocks:
                first = bisect.bisect_left(caveat_starts, block.start)
                if first == len(caveat_starts) or caveat_starts[first] >= block.end:
                    continue  # no caveat in the block, so none in its sentences
                for s in sentences_of(block):
                    at = bisect.bisect_left(caveat_starts, s.start)
                    if at < len(caveat_starts) and caveat_starts[at] < s.end:
                        caveat_blocks.add(id(block))
                        break
        active = tuple(
            number
            for number, entry in enumerate(self.overreach)
            if not (entry.when_design and not entry.when_design & standing)
            and not entry.unless_design & groups
        )
        if not active:
            return
        designs = {
            number: self._design_for(found, self.overreach[number].when_design) for number in active
        }
        hits: list[tuple[int, int, int, Mention]] = []  # (entry, block, sentence, mention)
        title = doc.title_block
        for position, block in enumerate(blocks):
            if block is title:
                # Some entries read a title otherwise (scope: title, title-alone): one
                # block a document, read here rather than among the paragraph's facts.
                block_sentences = sentences_of(block)
                if not block_sentences:
                    continue
                read = self._overreach_in(prose, block, block_sentences, active, True)
            else:
                read = tuple(hit for hit in facts[block].overreach if hit[0] in active)
                if not read or not facts[block].sentences:
                    continue
            for number, index, start, end, label in read:
                if self.caveat_scope == "paragraph" and id(block) in caveat_blocks:
                    continue
                if self.caveat_scope == "document" and found.caveats:
                    continue
                mention = Mention(start + block.start, end + block.start, label)
                hits.append((number, position, index, mention))
        # In the order the entries, then the sentences, come (the sort below is stable).
        for number, _, _, mention in sorted(hits, key=lambda hit: (hit[0], hit[1], hit[2])):
            found.overreach.append((mention, self.overreach[number], designs[number]))
        found.overreach.sort(key=lambda item: item[0].start)

    def _overreach_in(
        self,
        prose: str,
        block: Block,
        sentences: list[Sentence],
        active: tuple[int, ...],
        in_title: bool,
    ) -> tuple[tuple[int, int, int, int, str], ...]:
        """(entry, sentence index, start, end, text) of each overreach in ``block``'s
        sentences, offsets relative to the block; the document-wide caveat tests come later."""
        read = []
        # An entry the block cannot hold is in none of its sentences.
        possible = searching.may_match(self.overreach_patterns, prose, block.start, block.end)
        for number in active:
            entry = self.overreach[number]
            if entry.title_only and not in_title or not possible[number]:
                continue
            for index, sentence in enumerate(sentences):
                start, end = sentence.start, sentence.end
                # What a treatment is for, said in passing ("a drug used to boost
                # dopamine"), is no claim of the study's (ketlint.negation.described_use).
                match = next(
                    (
                        m
                        for m in self.search(entry.pattern, prose, start, end)
                        if m.end() > m.start() and not described_use(prose, start, m.start())
                    ),
                    None,
                )
                if match is None:
                    continue
                needs_context = not (in_title and entry.title_alone)
                if (
                    needs_context
                    and entry.with_any is not None
                    and not self._first_outside(entry.with_any, prose, start, end, match)
                ):
                    continue
                if self._first(entry.unless_any, prose, start, end) is not None:
                    continue
                if not self._about_reported_study(entry, prose, start, match, needs_context):
                    continue
                mention = self._mention(match)
                read.append(
                    (
                        number,
                        index,
                        mention.start - block.start,
                        mention.end - block.start,
                        mention.label,
                    )
                )
        return tuple(read)

    def _about_reported_study(
        self,
        entry: Overreach,
        prose: str,
        sentence_start: int,
        hit: regex.Match[str],
        needs_context: bool,
    ) -> bool:
        """Whether the flagged words are said of the reported study: its subject (the study,
        its results, its authors) comes before them, and the last work named before them is
        not earlier or other work ("the landmark Physicians' Health Study was the first to
        show"). Certainty about something else (a test in use for decades) is no overreach
        of the study's."""
        subjects: list[tuple[int, int]] = []
        if entry.subject_before is not None:
            subjects = [
                m.span()
                for m in self.search(entry.subject_before, prose, sentence_start, hit.start())
                if m.end() > m.start()
            ]
            if needs_context and not subjects:
                return False
        if entry.other_work is None:
            return True
        others = [
            m.span()
            for m in self.search(entry.other_work, prose, sentence_start, hit.start())
            if m.end() > m.start()
        ]
        if not others:
            return True
        # Named after the earlier work, the reported study takes the claim back ("previous
        # studies were mixed, but this study shows ..."); an entry without `subject-before`
        # knows the study by its `with-any` words. A subject inside the other-work mention
        # ("previous *studies*") is that work's.
        if entry.subject_before is None and entry.with_any is not None:
            subjects = [
                m.span()
                for m in self.search(entry.with_any, prose, sentence_start, hit.start())
                if m.end() > m.start()
            ]
        last_other_end = others[-1][1]
        return any(start >= last_other_end for start, _ in subjects)

    @staticmethod
    def _design_for(found: EvidenceAssessment, groups: frozenset[str]) -> str:
        for _, design in found.designs:
            if design.group in groups:
                return design.label
        return ""

    # -- findings and verdict -----------------------------------------------------

    def judge(self, doc: Document, facts: BlockFacts[EvidenceFacts]) -> EvidenceJudgement:
        found = self.assess(doc, facts)
        findings = list(self._findings(doc, found))
        verdict = None
        if self.spec.criterion is not None:
            value, reason = self.verdict_for(found)
            verdict = Verdict(self.spec.criterion, value, reason)
        return EvidenceJudgement(findings, verdict, assessment=found)

    def _findings(self, doc: Document, found: EvidenceAssessment) -> Iterable[Finding]:
        seen: set[tuple[int, int]] = set()
        for mention, entry, design in found.overreach:
            if (mention.start, mention.end) in seen:
                continue
            seen.add((mention.start, mention.end))
            values = {"match": mention.label, "design": design or "this study"}
            related = [
                Related(m.start, m.end, f"the study is described as {d.label} here")
                for m, d in found.designs
                if d.group in entry.when_design
            ][:1]
            yield self.finding(
                mention.start,
                mention.end,
                values=values,
                message=entry.message,
                related=related,
                data={"match": mention.label, "design": design},
            )
        if self.missing_message and not found.overreach:
            value, reason = self.verdict_for(found)
            if value == "not-satisfactory":
                start, end = self._title_prose(doc)
                yield self.finding(
                    start,
                    end,
                    values={"reason": reason},
                    message=self.missing_message,
                    severity=self.missing_severity,
                    data={"scope": "document", "reason": reason},
                )

    def verdict_for(self, found: EvidenceAssessment) -> tuple[str, str]:
        """The verdict's value and reason for an assessment.

        Overreach without any caveat fails; a stated limit passes (it conveys the study's
        weight even when the design goes unnamed: "a small study of ten athletes"); else
        the article must name its design, state its size (and, with ``lengths``, how long
        the study ran), and not name a design whose limits it owes ("in mice",
        "observational") without stating them.
        """
        if not found.applicable:
            if found.unsupported_claim is not None:
                claim = found.unsupported_claim.label
                return "not-satisfactory", f"its headline says “{claim}” but it reports no study"
            return "not-applicable", "the article does not report a study"
        labels = ", ".join(found.design_labels[:3]) or "this"
        # Some overreach (the certainty words) does not fail an article that has told the
        # reader what the evidence is: a randomized trial and its size.
        groups = found.groups
        failing = [
            mention
            for mention, entry, _ in found.overreach
            if not (entry.verdict_unless_design & groups and found.sizes)
        ]
        if failing and not found.caveats:
            claim = failing[0].label
            return "not-satisfactory", render_message(
                "“{claim}” claims more than a {design} study shows",
                {"claim": claim, "design": labels},
            )
        stated: list[Mention] = list(found.caveats)
        # A stock hedge says the result is early, not what the evidence is.
        hedge_counts = not self.soft_caveats_need_design or bool(
            found.designs and found.sizes and not self._length_missing(found)
        )
        if not stated and hedge_counts:
            stated = found.soft_caveats
        if stated:
            return "satisfactory", f"limits stated (“{stated[0].label}”)"
        if not found.designs:
            return "not-satisfactory", "it does not say what kind of study this was"
        owed = found.needs_caveat
        if owed:
            return "not-satisfactory", render_message(
                "a {design} study, and no word on its limits", {"design": ", ".join(owed[:2])}
            )
        if not found.sizes:
            return "not-satisfactory", render_message(
                "a {design} study of unstated size", {"design": labels}
            )
        if self._length_missing(found):
            return "not-satisfactory", render_message(
                "a {design} study, its size stated (“{size}”) but not how long it ran",
                {"design": labels, "size": found.sizes[0].label},
            )
        return "satisfactory", f"{labels}; size stated (“{found.sizes[0].label}”)"

    def _length_missing(self, found: EvidenceAssessment) -> bool:
        """Whether the article owes the reader how long the study ran and does not say."""
        if self.lengths is None or found.lengths:
            return False
        return not self.lengths_unless_design & found.groups

    def metrics(self, doc: Document, judgement: Judgement) -> dict[str, Any]:
        if self.metric is None or not isinstance(judgement, EvidenceJudgement):
            return {}
        found = judgement.assessment
        return {
            self.metric: {
                "applicable": found.applicable,
                "designs": found.design_labels,
                "needs_caveat": found.needs_caveat,
                "sizes": [m.label for m in found.sizes],
                "lengths": [m.label for m in found.lengths],
                "caveats": [m.label for m in found.caveats],
                "soft_caveats": [m.label for m in found.soft_caveats],
                "overreach": [m.label for m, _, _ in found.overreach],
                "unsupported_claim": (
                    found.unsupported_claim.label if found.unsupported_claim else None
                ),
            }
        }

    # -- helpers ------------------------------------------------------------------

    @staticmethod
    def _title_prose(doc: Document) -> tuple[int, int]:
        """The title's range trimmed to prose (it may begin on markup: "*", "-->")."""
        start, end = trim_range(doc.prose, *doc.title_range)
        if start < end:
            return start, end
        for block in doc.blocks:  # a title line of nothing but markup: the first prose
            start, end = trim_range(doc.prose, block.start, block.end)
            if start < end:
                return start, end
        return 0, 0

    @staticmethod
    def _mention(match: regex.Match[str], label: str | None = None) -> Mention:
        text = " ".join(match.group(0).split())
        return Mention(match.start(), match.end(), label if label is not None else text)

    def _first(
        self,
        pattern: regex.Pattern[str] | None,
        text: str,
        start: int,
        end: int,
    ) -> regex.Match[str] | None:
        if pattern is None:
            return None
        for match in self.search(pattern, text, start, end):
            if match.end() > match.start():
                return match
        return None

    def _first_outside(
        self,
        pattern: regex.Pattern[str],
        text: str,
        start: int,
        end: int,
        hit: regex.Match[str],
    ) -> bool:
        for match in self.search(pattern, text, start, end):
            if match.end() > match.start() and not (
                hit.start() <= match.start() and match.end() <= hit.end()
            ):
                return True
        return False
