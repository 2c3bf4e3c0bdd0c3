"""``required-section``: a topic that is discussed needs a section, or a real passage, on X.

The rule reads the whole document. When the topic patterns match at least
``min-topic-mentions`` times, the document must have either

* a heading matching one of ``headings`` (a section on the subject), or
* a real discussion: at least ``min-passage-sentences`` sentences matching
  ``passages``, or a single one that gives a number (a percentage, "1 in 10",
  "3 times", "two of the patients") when ``quantified-passage-suffices`` is on.

``supporting-passages`` are words that often, but not always, concern the
subject ("complications" may be a disease's or a surgery's; "nausea" a side
effect or a symptom): such sentences count toward ``min-passage-sentences``
only alongside at least one sentence matching ``passages``, and their numbers
never suffice on their own.

Sentences matching ``not-if`` never count: a bare "safe and effective" or "no
side effects" is a reassurance, not a discussion of harms. Reference lists
count neither as mentions nor as discussion.

With ``lead-words``, the topic must also be what the article is about: one
mention must fall in the title or the first words of the body (a disease page
whose last section lists treatments is not an article about a treatment).
With ``verdict-outside-lead-if`` as well, an article that mentions the topic often
enough but never in its lead, and whose title or lead matches one of those patterns
(it reports a study or news), gets no finding (the topic is not its subject) yet
still gets a verdict: the rule's own reading (satisfactory when a section, enough
passages or a quantified one are found), marked ``settled`` so that a verdict model
fitted on articles about the topic is not asked. Other such articles (a reference
page whose last section lists treatments) stay not-applicable.

One finding goes on the title (``doc.title_range``); it names the first mention
of the topic and any passing mentions as related places, and offers an
(unsafe) fix that inserts a section skeleton at the end of the document.

Message placeholders: ``{topic}`` (topic-label), ``{top}`` (the most frequent
matched words with counts), ``{example}`` (the first mention), ``{mentions}``,
``{section}`` (section-title) and ``{passing}`` (a note on passing mentions,
empty when there are none).

With ``message-passing``, a finding on an article that does say something on the
subject, too little to satisfy the rule, gets that message instead, and ``{passing}``
says what was found, so that the writer sees why their sentence did not count:
``passing-note`` for sentences that count but are too few (and give no number), or
``reassurance-note`` when those sentences, or failing them sentences of
``supporting-passages``, match ``reassurance`` (they play the subject down: "no more
than placebo", "did not differ"). The note is the message's only: what counts, and the
verdict, are unchanged.

``mild-if`` names kinds of article where the requirement is a fair question rather than
a plain fault (an exposure studied by observation, not offered to readers; laboratory
work): when every condition of one entry holds, the finding is reported at
``mild-severity`` with ``mild-message`` appended. The verdict does not change: whether
the article is satisfactory is one question, how loudly to tell its writer another.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import regex

from ketlint import searching
from ketlint.boilerplate import story_end
from ketlint.citations import counted_blocks
from ketlint.document import Block, Document, Sentence
from ketlint.kinds.base import (
    BlockFacts,
    Judgement,
    Kind,
    LazyPattern,
    Paragraph,
    compile_alternatives,
    in_lead,
)
from ketlint.model import Finding, Fix, Related, Severity, Verdict

PATTERN_LIST: dict[str, Any] = {"type": "array", "items": {"type": "string", "minLength": 1}}

# A number attached to the subject: "5%", "12 percent", "1 in 10", "one out of five",
# "3 times", and counts of people or cases who had something ("two of the patients",
# "none of the participants", "16 patients developed", "in eight cases"): a trial report that
# says how many people had a side effect quantifies it as much as a percentage does, and a
# test's misses counted ("missed one of these events", "25 missed heart attacks") are its
# error rate. A bare sample size ("a trial of 42 patients") is not a count of anything that
# happened.
_SMALL_NUMBER = r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|a\s+few)"
_COUNT = (
    r"(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"a\s+dozen|dozens|hundreds|thousands)"
)
_PEOPLE = (
    r"(?:patients?|participants?|subjects?|people|persons?|volunteers?|users?|women|men|"
    r"children|infants|babies|adults|cases?|events?)"
)
_HAPPENED = (
    r"(?:had|has|have|experienced|developed|reported|suffered|needed|required|stopped|"
    r"discontinued|withdrew|died|became|showed|were\s+(?:hospitali[sz]ed|harmed|injured))"
)
QUANTITY = regex.compile(
    rf"\d[\d,.]*\s*(?:%|percent\b|per\s+cent\b)"
    rf"|\b{_SMALL_NUMBER}\s+(?:in|out\s+of)\s+(?:\d[\d,]*|ten|twenty|fifty|a\s+hundred|"
    rf"hundred|a\s+thousand|thousand|every)\b"
    rf"|\b\d[\d,.]*\s*(?:times|fold)\b"
    rf"|\b\d[\d,.]*\s+(?:of|out\s+of|among)\s+(?:the\s+)?\d[\d,]*\b"
    rf"|\b(?:{_COUNT}|none)\s+of\s+(?:the|these|those|their)\s+(?:[\w-]+\s+)?{_PEOPLE}\b"
    rf"|\b(?:{_COUNT}|no)\s+(?:[\w-]+\s+)?{_PEOPLE}\s+(?:\w+\s+){{0,2}}?{_HAPPENED}\b"
    rf"|\bin\s+{_COUNT}\s+(?:cases|instances)\b"
    # a test's misses counted: "25 missed heart attacks"
    rf"|\b{_COUNT}\s+missed\b",
    regex.IGNORECASE,
)
DEFAULT_SECTION_TITLE = "Risks and side effects"
DEFAULT_MILD_MESSAGE = "(shown as a suggestion: the article reads as {label})"
# What the few sentences on the subject do ({sentences}: "1 sentence", "2 sentences").
DEFAULT_PASSING_NOTE = "only {sentences} touching on it in passing"
DEFAULT_REASSURANCE_NOTE = "only {sentences} touching on it, and only to reassure"
# How far before a topic mention `mild-topics-background` reads ("recovering from knee ").
BACKGROUND_CONTEXT = 60
MILD_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["label"],
    "properties": {
        "label": {
            "type": "string",
            "minLength": 1,
            "description": "What kind of article this is, in words (placeholder {label} of "
            "mild-message).",
        },
        "topics-only": {
            **PATTERN_LIST,
            "description": "Regexes: at least topics-share of the topic mentions must match "
            "one (the topic words are of this sort, e.g. foods and behaviours).",
        },
        "topics-share": {
            "type": "number",
            "minimum": 0,
            "maximum": 1,
            "default": 1,
            "description": "The share of topic mentions that must match topics-only (below 1, "
            "a stray word such as a metaphor does not decide).",
        },
        "topics-context": {
            "type": "integer",
            "minimum": 0,
            "default": 0,
            "description": "Characters before each topic mention (on its line) that topics-only "
            "may read too, so that a pattern can say which kind the mention is: the word "
            "'therapy' is a talk therapy in 'cognitive behavioural therapy', a drug in "
            "'hormone therapy'. A match counts when it reaches into the mention.",
        },
        "topics-neutral": {
            **PATTERN_LIST,
            "description": "Regexes: topic mentions matching one (and not topics-only) count "
            "neither way in topics-share: words as likely of a low-risk kind as of another "
            "('treatment', a bare 'device'). At least one mention must match topics-only.",
        },
        "title-only": {
            **PATTERN_LIST,
            "description": "Regexes: another way to meet topics-only: the title matches one "
            "and none of title-unless. What an article is about is named in its title even "
            "where most topic words in the text are something else (a test's article counts "
            "the treatments the test guides).",
        },
        "title-unless": {
            **PATTERN_LIST,
            "description": "Regexes: a title matching one does not meet topics-only through "
            "title-only (it also names a medicine or a procedure).",
        },
        "any": {
            **PATTERN_LIST,
            "description": "Regexes: at least min-any sentences outside the reference list "
            "must match one.",
        },
        "min-any": {
            "type": "integer",
            "minimum": 1,
            "default": 1,
            "description": "How many sentences must match any (one passing mention of mice "
            "does not make laboratory work).",
        },
        "none": {
            **PATTERN_LIST,
            "description": "Regexes: no sentence outside the reference list may match one "
            "(e.g. the words of a trial in people).",
        },
    },
}


@dataclass(frozen=True)
class MildCase:
    """A kind of article where the finding is reported more quietly (``mild-if``)."""

    label: str
    topics_only: LazyPattern
    any: LazyPattern
    none: LazyPattern
    min_any: int = 1
    topics_share: float = 1.0
    topics_context: int = 0
    topics_neutral: LazyPattern | None = None
    title_only: LazyPattern | None = None
    title_unless: LazyPattern | None = None


# What the section should say is the rule's content (missing-safety-section sets its own);
# a rule that sets none gets a placeholder.
DEFAULT_SECTION_TEMPLATE = "TODO: write this section."


@dataclass
class Assessment:
    """What the rule found in one document."""

    topic_mentions: list[tuple[int, int]] = field(default_factory=list)
    heading: Block | None = None  # a heading that satisfies the requirement
    passages: list[Sentence] = field(default_factory=list)  # sentences that discuss it
    supporting: list[Sentence] = field(default_factory=list)  # count only beside a passage
    quantified: bool = False  # one of ``passages`` gives a number
    # The topic is mentioned often enough, but not in the lead, in an article that reports a
    # study or news: no finding, a settled verdict (``verdict-outside-lead-if``).
    outside_lead: bool = False

    @property
    def discussion(self) -> list[Sentence]:
        """The sentences that count as discussion, in reading order."""
        if not self.passages:
            return []
        return sorted(self.passages + self.supporting, key=lambda sentence: sentence.start)

    @property
    def applicable(self) -> bool:
        return bool(self.topic_mentions)


@dataclass(frozen=True)
class SectionFacts:
    """What one paragraph gives the rule, offsets from the paragraph's start."""

    mentions: tuple[tuple[int, int], ...]  # of the topic, less those in a topic exception
    # (sentence, a passage (else supporting), quantified) of each of its sentences that
    # discusses the subject; none for a heading.
    discussion: tuple[tuple[tuple[int, int], bool, bool], ...]


class RequiredSectionRule(Kind[SectionFacts]):
    kind = "required-section"
    pattern_options = frozenset(
        (
            "any",
            "heading-exceptions",
            "headings",
            "mild-topics-background",
            "none",
            "not-if",
            "passages",
            "quantified-passages",
            "reassurance",
            "supporting-passages",
            "title-only",
            "title-unless",
            "topic-exceptions",
            "topics",
            "topics-neutral",
            "topics-only",
            "verdict-outside-lead-if",
        )
    )
    options_doc = (
        "When a topic is discussed, requires a section (by heading) or a real passage on a "
        "subject, such as risks when a treatment is discussed; reports on the title, with an "
        "(unsafe) fix that inserts a section skeleton at the end. Supporting passages (words "
        "that may concern something else) count only beside a clear passage. Reference lists "
        "count neither as mentions nor as discussion. Message placeholders: {topic}, {top}, "
        "{example}, {mentions}, {section}, {passing}. With a criterion, the verdict is "
        "satisfactory, not-satisfactory, or not-applicable when the topic is not discussed."
    )
    options_schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["topics"],
        "properties": {
            "topics": {
                **PATTERN_LIST,
                "minItems": 1,
                "description": "Regexes whose matches show the topic is discussed.",
            },
            "min-topic-mentions": {
                "type": "integer",
                "minimum": 1,
                "default": 3,
                "description": "The topic counts as discussed from this many matches on.",
            },
            "lead-words": {
                "type": "integer",
                "minimum": 0,
                "default": 0,
                "description": "When above 0, the topic must also appear in the title or in the "
                "first this-many words of body prose: it must be what the article is about, not "
                "a passing subject of one section.",
            },
            "verdict-outside-lead-if": {
                **PATTERN_LIST,
                "description": "With lead-words: regexes searched in the title and the lead. "
                "When one matches (the article reports a study or news), an article that "
                "mentions the topic min-topic-mentions times but never in its lead gets no "
                "finding (the topic is not its subject), but a verdict all the same, from the "
                "rule's own reading (satisfactory when a section, enough passages or a "
                "quantified one are found), marked settled so that a verdict model is not asked "
                "(its weights were fitted on articles about the topic). Otherwise, and without "
                "this option, such an article is not-applicable.",
            },
            "topic-label": {
                "type": "string",
                "default": "this topic",
                "description": "How the message names the topic (placeholder {topic}).",
            },
            "headings": {
                **PATTERN_LIST,
                "description": "Regexes: a heading matching one is a section on the subject.",
            },
            "heading-exceptions": {
                **PATTERN_LIST,
                "description": "Regexes: a heading matching one does not count even if it "
                "matches headings (e.g. 'Who is at risk?').",
            },
            "passages": {
                **PATTERN_LIST,
                "description": "Regexes: a sentence matching one discusses the subject.",
            },
            "supporting-passages": {
                **PATTERN_LIST,
                "description": "Regexes: a sentence matching one counts toward "
                "min-passage-sentences only when at least one sentence matches passages "
                "(words that may concern something else, such as a disease's complications).",
            },
            "quantified-passages": {
                **PATTERN_LIST,
                "description": "Regexes: a sentence matching one discusses the subject when it "
                "also gives a number (a complication or false-positive rate), and then counts as "
                "a quantified passage.",
            },
            "topic-exceptions": {
                **PATTERN_LIST,
                "description": "Regexes: topic mentions inside a match of one do not count "
                "(names of institutions, such as 'Department of Radiation Therapy').",
            },
            "mild-if-in-story-only": {
                "type": "boolean",
                "default": False,
                "description": "Read `mild-if` conditions in the story only, not in "
                'press-release boilerplate after it ("About ..." blurbs, media contacts; see '
                'ketlint/boilerplate.py): a company blurb\'s "commercialized" does not put the '
                "article's test on sale. Topic mentions and harms are read everywhere.",
            },
            "mild-topics-background": {
                **PATTERN_LIST,
                "description": "Regexes searched in the words just before a topic mention (on "
                "its line, up to 60 characters) and anchored at their end with `$`: a mention so "
                "introduced is the readers' history or fear, not the article's intervention "
                '("recovering from knee surgery", "fear of dental injections"), and counts '
                "neither way in the mild-if shares (topics-share). It still counts as a mention.",
            },
            "not-if": {
                **PATTERN_LIST,
                "description": "Regexes: a sentence matching one never counts as discussion "
                "(bare reassurances such as 'safe and effective').",
            },
            "min-passage-sentences": {
                "type": "integer",
                "minimum": 1,
                "default": 2,
                "description": "Without a section, this many discussing sentences are needed.",
            },
            "quantified-passage-suffices": {
                "type": "boolean",
                "default": True,
                "description": "One discussing sentence that gives a number (5%, 1 in 10) "
                "is enough on its own.",
            },
            "ignore-case": {
                "type": "boolean",
                "default": True,
                "description": "Match patterns regardless of case.",
            },
            "section-title": {
                "type": "string",
                "minLength": 1,
                "default": DEFAULT_SECTION_TITLE,
                "description": "Heading of the section the fix inserts (placeholder {section}).",
            },
            "message-passing": {
                "type": "string",
                "minLength": 1,
                "description": "Message of a finding on an article that says something on "
                "the subject, too little to satisfy the rule ({passing}: passing-note or "
                "reassurance-note, saying what was found). Without it, such findings get "
                "the rule's message with a note on passing mentions.",
            },
            "passing-note": {
                "type": "string",
                "default": DEFAULT_PASSING_NOTE,
                "description": "With message-passing: {passing} when sentences on the "
                "subject count but are too few ({sentences}: '1 sentence', '2 sentences').",
            },
            "reassurance": {
                **PATTERN_LIST,
                "description": "Regexes: with message-passing, sentences on the subject that "
                "match one only reassure ('no more than placebo'); then {passing} is "
                "reassurance-note. They are also read among supporting-passages when no "
                "sentence counts. The message's only: what counts is unchanged.",
            },
            "reassurance-note": {
                "type": "string",
                "default": DEFAULT_REASSURANCE_NOTE,
                "description": "With message-passing: {passing} when the sentences on the "
                "subject only reassure ({sentences} as in passing-note).",
            },
            "mild-if": {
                "type": "array",
                "items": MILD_SCHEMA,
                "description": "Kinds of article where the finding is a fair question rather "
                "than a plain fault (an exposure studied by observation, laboratory work): "
                "when every condition of one entry holds, the finding gets mild-severity and "
                "mild-message. The verdict is unchanged.",
            },
            "mild-severity": {
                "enum": ["error", "warning", "info", "hint"],
                "default": "info",
                "description": "Severity of a finding on an article that matches mild-if.",
            },
            "mild-message": {
                "type": "string",
                "default": DEFAULT_MILD_MESSAGE,
                "description": "Appended to the message of such a finding ({label}: the "
                "matching entry's label).",
            },
            "section-template": {
                "type": "string",
                "default": DEFAULT_SECTION_TEMPLATE,
                "description": "Body text of the inserted section, for the author to replace.",
            },
        },
    }

    def configure(self, options: dict[str, Any]) -> None:
        flags = regex.VERSION1 | regex.UNICODE
        if options.get("ignore-case", True):
            flags |= regex.IGNORECASE

        def compile_any(key: str) -> regex.Pattern[str] | None:
            return compile_alternatives(options.get(key, []), flags)

        self.topics = compile_any("topics") or regex.compile("(?!)")
        self.headings = compile_any("headings")
        self.heading_exceptions = compile_any("heading-exceptions")
        self.passages = compile_any("passages")
        self.supporting = compile_any("supporting-passages")
        self.not_if = compile_any("not-if")
        self.quantified_passages = compile_any("quantified-passages")
        # What each sentence is searched for, as one set asked of its paragraph at once.
        self.asked_of_paragraph = (
            self.passages,
            self.supporting,
            self.quantified_passages,
            self.not_if,
        )
        self.topic_exceptions = compile_any("topic-exceptions")
        # Searched branch by branch (searching.search_alternatives): the joined list, an
        # institution's name starting at any capital letter, is tried at every position.
        self.topic_exception_branches = tuple(
            compile_alternatives([source], flags) for source in options.get("topic-exceptions", [])
        )
        self.mild_in_story_only = bool(options.get("mild-if-in-story-only", False))
        self.min_mentions = int(options.get("min-topic-mentions", 3))
        self.lead_words = int(options.get("lead-words", 0))
        self.verdict_outside_lead_if = compile_any("verdict-outside-lead-if")
        self.min_passages = int(options.get("min-passage-sentences", 2))
        self.quantified_suffices = bool(options.get("quantified-passage-suffices", True))
        self.topic_label = options.get("topic-label", "this topic")
        self.section_title = options.get("section-title", DEFAULT_SECTION_TITLE)
        self.section_template = options.get("section-template", DEFAULT_SECTION_TEMPLATE)
        self.mild_cases = [
            MildCase(
                str(entry["label"]),
                LazyPattern(entry.get("topics-only", []), flags),
                LazyPattern(entry.get("any", []), flags),
                LazyPattern(entry.get("none", []), flags),
                int(entry.get("min-any", 1)),
                float(entry.get("topics-share", 1.0)),
                int(entry.get("topics-context", 0)),
                LazyPattern(entry.get("topics-neutral", []), flags),
                LazyPattern(entry.get("title-only", []), flags),
                LazyPattern(entry.get("title-unless", []), flags),
            )
            for entry in options.get("mild-if", [])
        ]
        self.mild_topics_background = LazyPattern(options.get("mild-topics-background", []), flags)
        self.mild_severity = Severity.parse(options.get("mild-severity", "info"))
        self.mild_message = str(options.get("mild-message", DEFAULT_MILD_MESSAGE))
        message_passing = options.get("message-passing")
        self.message_passing = str(message_passing) if message_passing else None
        self.passing_note = str(options.get("passing-note", DEFAULT_PASSING_NOTE))
        self.reassurance = compile_any("reassurance")
        self.reassurance_note = str(options.get("reassurance-note", DEFAULT_REASSURANCE_NOTE))

    # -- assessment ---------------------------------------------------------------

    def read_block(self, paragraph: Paragraph) -> SectionFacts:
        """The paragraph's topic mentions and, but in a heading, how its sentences read."""
        doc = paragraph.document
        (block,) = doc.blocks
        prose = doc.prose
        discussion: tuple[tuple[tuple[int, int], bool, bool], ...] = ()
        if block.kind != "heading" and self._reads_discussion:
            sentences = [Sentence(start, end, block) for start, end in paragraph.sentences]
            discussion = tuple(
                ((sentences[index].start, sentences[index].end), strong, quantified)
                for index, strong, quantified in self._classify_block(sentences, prose)
            )
        return SectionFacts(self._topic_spans(prose, block), discussion)

    @property
    def _reads_discussion(self) -> bool:
        return (
            self.passages is not None
            or self.supporting is not None
            or self.quantified_passages is not None
        )

    def assess(self, doc: Document, facts: BlockFacts[SectionFacts]) -> Assessment:
        """Topic mentions, and whatever satisfies the requirement, in reading order."""
        blocks = counted_blocks(doc)
        mentions = [
            (start + block.start, end + block.start)
            for block in blocks
            for start, end in facts[block].mentions
        ]
        assessment = Assessment()
        if len(mentions) < self.min_mentions:
            return assessment
        if self.lead_words and not any(
            in_lead(doc, blocks, start, self.lead_words) for start, _ in mentions
        ):
            if not self._reports_news(doc, blocks):
                return assessment
            assessment.outside_lead = True
        assessment.topic_mentions = mentions
        assessment.heading = self._satisfying_heading(doc, blocks)
        if self._reads_discussion:
            for block in blocks:
                if block.kind == "heading":
                    continue
                for (start, end), strong, quantified in facts[block].discussion:
                    sentence = Sentence(start + block.start, end + block.start, block)
                    if strong:
                        assessment.passages.append(sentence)
                        assessment.quantified = assessment.quantified or quantified
                    else:
                        assessment.supporting.append(sentence)
        return assessment

    def _reports_news(self, doc: Document, blocks: list[Block]) -> bool:
        """Whether the title or the lead matches ``verdict-outside-lead-if``."""
        if self.verdict_outside_lead_if is None:
            return False
        prose = doc.prose
        for block in blocks:
            if block is not doc.title_block and block.kind == "heading":
                continue
            for match in self.verdict_outside_lead_if.finditer(prose, block.start, block.end):
                if in_lead(doc, blocks, match.start(), self.lead_words):
                    return True
                if block is not doc.title_block:
                    return False  # past the lead: later blocks are further still
        return False

    def _classify_block(
        self, sentences: list[Sentence], prose: str
    ) -> tuple[tuple[int, bool, bool], ...]:
        """(sentence index, a passage (else supporting), quantified) of the block's sentences."""
        read = []
        if not sentences:
            return ()
        # What the paragraph cannot hold, none of its sentences holds: None here.
        block = sentences[0].block
        possible = searching.may_match(self.asked_of_paragraph, prose, block.start, block.end)
        asked = tuple(
            pattern if may else None
            for pattern, may in zip(self.asked_of_paragraph, possible, strict=True)
        )
        for index, sentence in enumerate(sentences):
            found = Assessment()
            self._classify(sentence, prose, found, *asked)
            if found.passages:
                read.append((index, True, found.quantified))
            elif found.supporting:
                read.append((index, False, False))
        return tuple(read)

    def _classify(
        self,
        sentence: Sentence,
        prose: str,
        assessment: Assessment,
        passages: regex.Pattern[str] | None,
        supporting: regex.Pattern[str] | None,
        quantified_passages: regex.Pattern[str] | None,
        not_if: regex.Pattern[str] | None,
    ) -> None:
        """File ``sentence`` as a passage, a supporting sentence, or neither (the rule's
        patterns, None where the sentence's paragraph cannot hold a match)."""
        start, end = sentence.start, sentence.end
        strong = passages is not None and self._matches(passages, prose, start, end)
        weak = (
            not strong and supporting is not None and self._matches(supporting, prose, start, end)
        )
        rated = (
            not strong
            and quantified_passages is not None
            and self._matches(quantified_passages, prose, start, end)
            and QUANTITY.search(prose, start, end) is not None
        )
        if rated:  # "wound infections in 4% of patients": a harm with its rate
            strong, weak = True, False
        if not (strong or weak):
            return
        if not_if is not None and self._matches(not_if, prose, start, end):
            return
        if weak:
            assessment.supporting.append(sentence)
            return
        assessment.passages.append(sentence)
        if QUANTITY.search(prose, start, end):
            assessment.quantified = True

    def _topic_spans(self, prose: str, block: Block) -> tuple[tuple[int, int], ...]:
        """Topic mentions in ``block`` (offsets in ``prose``), less those inside a topic
        exception such as an institution's name."""
        spans = self.spans(self.topics, prose, block.start, block.end)
        if self.topic_exceptions is None or not spans:
            return spans
        masked = [
            match.span()
            for match in searching.search_alternatives(
                self.topic_exceptions,
                self.topic_exception_branches,
                prose,
                block.start,
                block.end,
            )
            if match.end() > match.start()
        ]
        return tuple(
            (start, end)
            for start, end in spans
            if not any(m_start <= start and end <= m_end for m_start, m_end in masked)
        )

    def _satisfying_heading(self, doc: Document, blocks: list[Block]) -> Block | None:
        if self.headings is None:
            return None
        for block in blocks:
            # The title names the article, not one of its sections.
            if block.kind != "heading" or block is doc.title_block:
                continue
            if not self._matches(self.headings, doc.prose, block.start, block.end):
                continue
            if self.heading_exceptions is not None and self._matches(
                self.heading_exceptions, doc.prose, block.start, block.end
            ):
                continue
            return block
        return None

    def _matches(self, pattern: regex.Pattern[str], text: str, start: int, end: int) -> bool:
        return bool(self.search(pattern, text, start, end))

    def mild_case(self, doc: Document, assessment: Assessment) -> MildCase | None:
        """The first ``mild-if`` entry whose every condition holds for ``doc``."""
        if not self.mild_cases:
            return None
        end = story_end(doc) if self.mild_in_story_only else len(doc.source)
        sentences = [
            sentence
            for block in counted_blocks(doc)
            if (block.kind != "heading" or block is doc.title_block)  # the title says what it is
            and block.start < end
            for sentence in doc.sentences_in(block)
        ]
        prose = doc.prose

        def count(pattern: regex.Pattern[str], enough: int) -> int:
            """Sentences matching ``pattern``, counted up to ``enough``."""
            found = 0
            for sentence in sentences:
                if self._matches(pattern, prose, sentence.start, sentence.end):
                    found += 1
                    if found >= enough:
                        break
            return found

        for case in self.mild_cases:
            if (
                case.topics_only
                and not self._topics_of_kind(doc, assessment, case)
                and not self._title_of_kind(doc, case)
            ):
                continue
            if case.any and count(case.any.get(), case.min_any) < case.min_any:
                continue
            if case.none and count(case.none.get(), 1):
                continue
            return case
        return None

    def _title_of_kind(self, doc: Document, case: MildCase) -> bool:
        """Whether the title names a thing of the case's kind (``title-only``) and nothing
        that takes it out of the kind (``title-unless``): "New blood test detects ..." is
        about a test even when the text counts more words for the treatments it guides."""
        title = doc.title_block
        if title is None or not case.title_only:
            return False
        prose = doc.prose
        if not self._matches(case.title_only.get(), prose, title.start, title.end):
            return False
        return not (
            case.title_unless
            and self._matches(case.title_unless.get(), prose, title.start, title.end)
        )

    def _topics_of_kind(self, doc: Document, assessment: Assessment, case: MildCase) -> bool:
        """Whether at least ``topics-share`` of the topic mentions are of the case's kind
        (``topics-only``, read with ``topics-context`` characters before each mention),
        mentions of no telling kind (``topics-neutral``) left out."""
        only = case.topics_only.get()
        neutral = case.topics_neutral.get() if case.topics_neutral else None
        source = doc.source
        of_kind = counted = 0
        background = self.mild_topics_background.get() if self.mild_topics_background else None
        for start, end in assessment.topic_mentions:
            # The context stops at the line's start: a heading above says nothing about it.
            line_start = source.rfind("\n", 0, start) + 1
            if background is not None and background.search(
                source, max(line_start, start - BACKGROUND_CONTEXT), start
            ):
                continue  # the readers' history or fear ("after knee surgery"), not the topic
            context_start = max(line_start, start - case.topics_context)
            if any(match.end() > start for match in only.finditer(source, context_start, end)):
                of_kind += 1
                counted += 1
            elif neutral is None or not neutral.search(source[start:end]):
                counted += 1
        return of_kind > 0 and of_kind >= case.topics_share * counted

    def satisfied(self, assessment: Assessment) -> bool:
        if assessment.heading is not None:
            return True
        if len(assessment.discussion) >= self.min_passages:
            return True
        return self.quantified_suffices and assessment.quantified

    # -- findings -----------------------------------------------------------------

    def judge(self, doc: Document, facts: BlockFacts[SectionFacts]) -> Judgement:
        assessment = self.assess(doc, facts)
        findings = list(self._findings(doc, assessment))
        return Judgement(findings, self.verdict_of(doc, assessment, findings))

    def _findings(self, doc: Document, assessment: Assessment) -> Iterable[Finding]:
        if not assessment.applicable or assessment.outside_lead or self.satisfied(assessment):
            return
        start, end = doc.title_range
        first_start, first_end = assessment.topic_mentions[0]
        first = " ".join(doc.source[first_start:first_end].split())
        discussion = assessment.discussion
        passing = len(discussion)
        if passing:
            in_passing = (
                f" (only {passing} sentence{'s' if passing > 1 else ''} touch"
                f"{'es' if passing == 1 else ''} on it in passing)"
            )
        else:
            in_passing = ""
        words = Counter(
            " ".join(doc.source[s:e].split()).lower() for s, e in assessment.topic_mentions
        )
        top = ", ".join(f"“{word}” ×{count}" for word, count in words.most_common(3))
        values = {
            "topic": self.topic_label,
            "example": first,
            "top": top,
            "mentions": len(assessment.topic_mentions),
            "section": self.section_title,
            "passing": in_passing,
        }
        mild = self.mild_case(doc, assessment)
        related = [Related(first_start, first_end, f"{self.topic_label} first mentioned here")]
        message = None
        reassuring = self._reassuring(doc, assessment)
        if self.message_passing is not None and (discussion or reassuring):
            # Say what was found, not "nothing": the writer must see why it did not count.
            said = reassuring or discussion
            sentences = f"{len(said)} sentence{'s' if len(said) > 1 else ''}"
            note = self.reassurance_note if reassuring else self.passing_note
            values["passing"] = note.format(sentences=sentences)
            message = self.message_passing
            where = "only reassures here" if reassuring else "mentioned here only in passing"
            related += [Related(sentence.start, sentence.end, where) for sentence in said]
        else:
            related += [
                Related(sentence.start, sentence.end, "mentioned here only in passing")
                for sentence in discussion
            ]
        data: dict[str, Any] = {
            "scope": "document",
            "topic_mentions": len(assessment.topic_mentions),
            "passage_sentences": passing,
            "section": self.section_title,
        }
        if mild is not None:
            # Same verdict, quieter voice: the article is a fair question, not a plain fault.
            data["mild"] = mild.label
            values["label"] = mild.label
            message = f"{message or self.spec.message} {self.mild_message}"
        yield self.finding(
            start,
            end,
            values=values,
            message=message,
            fix=self.insertion_fix(doc),
            related=related,
            data=data,
            severity=self.mild_severity if mild is not None else None,
        )

    def _reassuring(self, doc: Document, assessment: Assessment) -> list[Sentence]:
        """The sentences on the subject that only reassure (``reassurance``): those that
        count when any do (all of them must reassure), else the supporting ones that do
        ("the safety profile did not differ from placebo" counts for nothing on its own)."""
        pattern, prose = self.reassurance, doc.prose
        if pattern is None or self.message_passing is None:
            return []

        def reassures(sentence: Sentence) -> bool:
            return self._matches(pattern, prose, sentence.start, sentence.end)

        if assessment.discussion:
            said = assessment.discussion
            return said if all(reassures(sentence) for sentence in said) else []
        return [sentence for sentence in assessment.supporting if reassures(sentence)]

    def insertion_fix(self, doc: Document) -> Fix:
        """Insert a section skeleton at the end of the document (before ``</body>`` in HTML)."""
        source = doc.source
        title = self.section_title
        body = self.section_template
        if doc.format == "html":
            # Imported here: only an HTML document's fix needs it (its parser has loaded the
            # package by then), and `html` with its entity table was ~2 ms of every cold check.
            import html

            closing = regex.search(r"</body\s*>", source, regex.IGNORECASE | regex.REVERSE)
            at = closing.start() if closing else len(source)
            text = f"<h2>{html.escape(title)}</h2>\n<p>{html.escape(body)}</p>\n"
            if at > 0 and source[at - 1] != "\n":
                text = "\n" + text
        else:
            at = len(source)
            newline = "\r\n" if "\r\n" in source else "\n"
            heading = title
            if doc.format in ("markdown", "mdx"):
                heading = f"{'#' * _section_level(doc)} {title}"
            elif doc.format == "rst":
                heading = f"{title}{newline}{_rst_section_underline(doc) * len(title)}"
            text = f"{heading}{newline}{newline}{body}{newline}" if body else f"{heading}{newline}"
            text = _separator(source, newline) + text
        return Fix(at, at, text, f"Insert a “{title}” section", safe=False)

    def verdict_of(
        self, doc: Document, assessment: Assessment, findings: list[Finding]
    ) -> Verdict | None:
        if self.spec.criterion is None:
            return None
        if not assessment.applicable:
            reason = f"{self.topic_label} is not discussed"
            return Verdict(self.spec.criterion, "not-applicable", reason)
        if assessment.outside_lead:
            return self._verdict_outside_lead(doc, assessment)
        if findings or not self.satisfied(assessment):
            reason = findings[0].message if findings else f"no section on {self.section_title}"
            return Verdict(self.spec.criterion, "not-satisfactory", reason)
        found = self._discussion_found(doc, assessment, "discuss it")
        reason = f"has {found}" if assessment.heading is not None else found
        return Verdict(self.spec.criterion, "satisfactory", reason)

    def _discussion_found(self, doc: Document, assessment: Assessment, sentences_do: str) -> str:
        """What satisfies the rule, for a verdict's reason: the section's heading, or how
        many sentences ``sentences_do`` (and whether with a number)."""
        if assessment.heading is not None:
            return f"a section “{doc.block_text(assessment.heading)}”"
        found = f"{len(assessment.discussion)} sentence(s) {sentences_do}"
        if assessment.quantified and len(assessment.discussion) < self.min_passages:
            found += " with a number"
        return found

    def _verdict_outside_lead(self, doc: Document, assessment: Assessment) -> Verdict:
        """The settled verdict on an article that mentions the topic but not in its lead.

        The reviewers whose verdicts the rules are measured against judge such articles
        too (a test named only "the test" in its title, a drug known by its name, with
        "drug" or "treatment" further down): the rule's reading of the whole document says
        whether harms are discussed. A verdict model is not asked: its weights were fitted on
        articles about the topic, and asked here it did no better than not-applicable (it
        failed, among others, releases whose harms are in a product's safety information
        after the story, which its signals do not read; docs/agreement.md).
        """
        assert self.spec.criterion is not None
        words = Counter(
            " ".join(doc.source[s:e].split()).lower() for s, e in assessment.topic_mentions
        )
        top = ", ".join(f"“{word}” ×{count}" for word, count in words.most_common(3))
        mentioned = f"{self.topic_label} is mentioned ({top}), not in the title or lead"
        if self.satisfied(assessment):
            found = self._discussion_found(doc, assessment, f"on {self.section_title}")
            reason = f"{mentioned}; {found}"
            return Verdict(self.spec.criterion, "satisfactory", reason, settled=True)
        reason = f"{mentioned}; nothing on {self.section_title}"
        return Verdict(self.spec.criterion, "not-satisfactory", reason, settled=True)


def _section_level(doc: Document) -> int:
    """The heading level the document uses for its sections (the title's level + 1 if unsure)."""
    levels = Counter(h.heading_level for h in doc.headings if h is not doc.title_block)
    if levels:
        return levels.most_common(1)[0][0]
    if doc.title_block is not None:
        return min(6, doc.title_block.heading_level + 1)
    return 2


def _rst_section_underline(doc: Document) -> str:
    """The character the document underlines its sections with (reST ranks section levels by
    the order styles first appear, so a new style would make a new level)."""
    chars: Counter[str] = Counter()
    for heading in doc.headings:
        if heading is doc.title_block:
            continue
        after = doc.source[heading.end :].lstrip("\r\n").split("\n", 1)[0].strip()
        if len(after) >= 2 and len(set(after)) == 1 and not after[0].isalnum():
            chars[after[0]] += 1
    return chars.most_common(1)[0][0] if chars else "-"


def _separator(source: str, newline: str) -> str:
    """Blank line between the existing text and an appended section."""
    if not source:
        return ""
    if source.endswith(newline * 2):
        return ""
    if source.endswith(newline):
        return newline
    return newline * 2
