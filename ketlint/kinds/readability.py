"""``readability``: the reading grade of the body prose, for the document and its sections.

What is graded
    Body prose only: paragraphs, list items and quotes. Headings, table cells,
    reference lists (a section headed "References", "Sources", ... and blocks
    that look like bibliography entries), in-text citation markers ("(1)",
    "[2]", "(Smith et al., 2020)") and short unpunctuated paragraphs (labels,
    unmarked sub-headings, blog chrome such as "top of page") are left out:
    none of them is read as sentences, and all of them would skew the counts.
    List items count as sentences even when short: a bulleted list is easier
    to read than the sentence it replaces, and the grade should show it.

Minimum-sample policy
    A grade formula on a handful of sentences is noise, so no grade is claimed
    (and nothing is reported) below ``min-words`` words or ``min-sentences``
    sentences for the document, ``min-section-words`` for a section. SMOG is
    defined on 30 sentences (McLaughlin 1969): below ``smog-min-sentences`` it
    is not computed, and ``metric: smog`` or ``max`` fall back to the
    Flesch-Kincaid grade, which the message then names.

Severity
    A document grade above ``severe-grade`` (12: more than high school) gets
    the rule's severity; a grade above the target but not that far, and every
    section grade, are reported at a milder severity (info by default), so an
    editor still shows them without making every careful page "fail".

Where findings go
    The document grade goes on the title (``doc.title_range``), each section's
    grade on that section's heading; never on line 1 for everything.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any

import regex

from ketlint.citations import is_reference_entry, reference_ranges
from ketlint.document import Block, Document, Section
from ketlint.kinds.base import BlockFacts, Judgement, Kind, Paragraph
from ketlint.model import Finding, Severity
from ketlint.textstats import SMOG_SAMPLE_SENTENCES, SampleCounts, count_sentences

METRIC_NAMES = {"fkgl": "Flesch-Kincaid", "smog": "SMOG"}

# In-text citation markers are not read as words.
_CITATION_MARKERS = regex.compile(
    r"[(\[]\s*\d{1,3}(?:\s*[-–,]\s*\d{1,3})*\s*[)\]]"
    r"|\((?=[^()]{0,120}\b(?:1[89]|20)\d{2}[a-z]?\s*\))[^()]{0,120}\)"
)
_TERMINAL = regex.compile(r"[.!?:;…][\"'”’)\]]*\s*$")
FRAGMENT_MAX_WORDS = 8


@dataclass(frozen=True)
class Grade:
    """The scores of one sample; ``grade`` is None when the sample is too small to claim one."""

    counts: SampleCounts
    fkgl: float | None
    smog: float | None
    grade: float | None
    metric: str  # the formula behind ``grade``: "fkgl" or "smog"


@dataclass(frozen=True)
class SectionGrade:
    section: Section
    heading: Block
    title: str
    grade: Grade


@dataclass(frozen=True)
class Report:
    document: Grade
    sections: list[SectionGrade]


@dataclass(frozen=True)
class Reading:
    """What one paragraph gives the grade: whether it is left out (empty, a reference
    entry, or but for a list item a fragment) and the counts of its sentences."""

    skipped: bool
    counts: SampleCounts


_SKIPPED = Reading(True, SampleCounts())


def is_fragment(text: str) -> bool:
    """A short line without closing punctuation: a label or sub-heading, not a sentence."""
    return len(text.split()) <= FRAGMENT_MAX_WORDS and not _TERMINAL.search(text)


def prose_blocks(doc: Document, facts: BlockFacts[Reading]) -> list[Block]:
    """Blocks whose sentences count: body prose outside reference lists, minus fragments."""
    excluded = reference_ranges(doc)
    chosen = []
    for block in doc.body_blocks:
        if block.kind == "table-cell":
            continue
        if excluded and any(start <= block.start < end for start, end in excluded):
            continue
        # A short list item ("nausea") is read as a unit, as plain-language guidance intends;
        # a short unpunctuated paragraph is a label or an unmarked sub-heading.
        if facts[block].skipped:
            continue
        chosen.append(block)
    return chosen


def read_paragraph(paragraph: Paragraph) -> Reading:
    """Whether ``paragraph`` is left out of the grade and, if not, its sentences' counts.

    The read text of a sentence has no citation markers or footnote references.
    """
    text = " ".join(paragraph.prose.split())
    if not text or is_reference_entry(text):
        return _SKIPPED
    if paragraph.kind != "list-item" and is_fragment(text):
        return _SKIPPED
    hidden = sorted((link.start, link.end) for link in paragraph.links if link.kind != "link")
    hidden_starts = [start for start, _ in hidden]
    prose = paragraph.prose
    return Reading(
        False,
        count_sentences(
            read_text(prose, start, end, hidden, hidden_starts)
            for start, end in paragraph.sentences
        ),
    )


def read_text(
    prose: str, start: int, end: int, hidden: list[tuple[int, int]], hidden_starts: list[int]
) -> str:
    """``prose[start:end]`` with the ``hidden`` ranges inside it blanked and citation
    markers removed."""
    chars = prose[start:end]
    first = bisect.bisect_left(hidden_starts, start)
    for hidden_start, hidden_end in hidden[first:]:
        if hidden_start >= end:
            break
        if hidden_end <= end:
            offset = hidden_start - start
            chars = (
                chars[:offset]
                + " " * (hidden_end - hidden_start)
                + chars[offset + hidden_end - hidden_start :]
            )
    return _CITATION_MARKERS.sub(" ", chars)


class ReadabilityRule(Kind[Reading]):
    kind = "readability"
    options_doc = (
        "Grades the reading level of body prose (Flesch-Kincaid grade, SMOG) for the document "
        "and, optionally, each section; reports grades above a target, the document's on the "
        "title and each section's on its heading. Headings, tables, reference lists, citation "
        "markers and short unpunctuated labels are not graded. No grade is claimed below "
        "min-words / min-sentences (min-section-words for a section), and SMOG only from "
        "smog-min-sentences (30, its definition), else the Flesch-Kincaid grade is used. A "
        "document grade above severe-grade gets the rule's severity, one merely above the "
        "target mild-severity. Message placeholders: {scope}, {grade}, {metric}, {target}, "
        "{words}, {sentences}. Scores are also returned as metrics (readability.document, "
        "readability.sections)."
    )
    options_schema = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "target-grade": {
                "type": "number",
                "minimum": 1,
                "maximum": 20,
                "default": 8,
                "description": "The highest acceptable US school grade.",
            },
            "tolerance": {
                "type": "number",
                "minimum": 0,
                "default": 0,
                "description": "Grades up to target + tolerance are not reported.",
            },
            "metric": {
                "enum": ["fkgl", "smog", "max"],
                "default": "fkgl",
                "description": "The grade compared with the target: Flesch-Kincaid, SMOG "
                "(Flesch-Kincaid when the sample is too short for SMOG), or the higher of the two.",
            },
            "min-words": {
                "type": "integer",
                "minimum": 1,
                "default": 100,
                "description": "No document grade is claimed below this many words of body prose.",
            },
            "min-sentences": {
                "type": "integer",
                "minimum": 1,
                "default": 5,
                "description": "No grade (document or section) is claimed below this many "
                "sentences.",
            },
            "smog-min-sentences": {
                "type": "integer",
                "minimum": 1,
                "default": SMOG_SAMPLE_SENTENCES,
                "description": "SMOG is computed only on samples of at least this many sentences "
                "(30 by its definition).",
            },
            "sections": {
                "type": "boolean",
                "default": True,
                "description": "Also grade each section, reported on its heading.",
            },
            "min-section-words": {
                "type": "integer",
                "minimum": 1,
                "default": 100,
                "description": "No section grade is claimed below this many words.",
            },
            "severe-grade": {
                "type": "number",
                "minimum": 1,
                "maximum": 30,
                "default": 12,
                "description": "A document grade above this (beyond high school by default) is "
                "reported with the rule's severity; a grade above the target but not above this, "
                "with mild-severity.",
            },
            "mild-severity": {
                "enum": ["error", "warning", "info", "hint"],
                "default": "info",
                "description": "Severity of a document grade above the target but not above "
                "severe-grade.",
            },
            "section-severity": {
                "enum": ["error", "warning", "info", "hint"],
                "default": "info",
                "description": "Severity of section findings.",
            },
        },
    }

    def configure(self, options: dict[str, Any]) -> None:
        self.target = float(options.get("target-grade", 8))
        self.tolerance = float(options.get("tolerance", 0))
        self.metric = options.get("metric", "fkgl")
        self.min_words = int(options.get("min-words", 100))
        self.min_sentences = int(options.get("min-sentences", 5))
        self.smog_min_sentences = int(options.get("smog-min-sentences", SMOG_SAMPLE_SENTENCES))
        self.grade_sections = bool(options.get("sections", True))
        self.min_section_words = int(options.get("min-section-words", 100))
        self.severe_grade = float(options.get("severe-grade", 12))
        self.mild_severity = Severity.parse(options.get("mild-severity", "info"))
        self.section_severity = Severity.parse(options.get("section-severity", "info"))

    # -- grading ------------------------------------------------------------------

    def grade(self, counts: SampleCounts, min_words: int) -> Grade:
        if counts.words < min_words or counts.sentences < self.min_sentences:
            return Grade(counts, None, None, None, "fkgl")
        fkgl = counts.flesch_kincaid_grade()
        smog = counts.smog_grade(self.smog_min_sentences)
        grade, metric = fkgl, "fkgl"
        if smog is not None and (
            self.metric == "smog" or (self.metric == "max" and fkgl is not None and smog > fkgl)
        ):
            grade, metric = smog, "smog"
        return Grade(counts, fkgl, smog, grade, metric)

    def read_block(self, paragraph: Paragraph) -> Reading:
        return read_paragraph(paragraph)

    def report(self, doc: Document, facts: BlockFacts[Reading]) -> Report:
        blocks = prose_blocks(doc, facts)
        counts = [facts[block].counts for block in blocks]
        document = self.grade(SampleCounts.total(counts), self.min_words)
        sections = self._section_grades(doc, blocks, counts) if self.grade_sections else []
        return Report(document, sections)

    def _section_grades(
        self, doc: Document, blocks: list[Block], counts: list[SampleCounts]
    ) -> list[SectionGrade]:
        """Each headed section's own prose (up to its first sub-heading), title excluded."""
        heading_starts = [heading.start for heading in doc.headings]
        # heading index -> counts of the prose under it, added once per section
        under: dict[int, list[SampleCounts]] = {}
        for block, block_count in zip(blocks, counts, strict=True):
            index = bisect.bisect_right(heading_starts, block.start) - 1
            if index >= 0:
                under.setdefault(index, []).append(block_count)
        own = {index: SampleCounts.total(parts) for index, parts in under.items()}
        sections = {id(s.heading): s for s in doc.iter_sections() if s.heading is not None}
        graded = []
        for index, heading in enumerate(doc.headings):
            if heading is doc.title_block or index not in own or id(heading) not in sections:
                continue
            grade = self.grade(own[index], self.min_section_words)
            graded.append(
                SectionGrade(sections[id(heading)], heading, doc.block_text(heading), grade)
            )
        return graded

    # -- findings and metrics -----------------------------------------------------

    def judge(self, doc: Document, facts: BlockFacts[Reading]) -> Judgement:
        report = self.report(doc, facts)
        findings = self._findings(doc, report)
        return Judgement(findings, self.criterion_verdict(findings), self._metrics(report))

    def _findings(self, doc: Document, report: Report) -> list[Finding]:
        findings: list[Finding] = []
        limit = self.target + self.tolerance
        document = report.document
        if document.grade is not None and document.grade > limit and doc.title_range != (0, 0):
            start, end = doc.title_range
            # Every grade above target is worth knowing; only text that needs more than the
            # severe grade (college level by default) is worth a warning (see the rule docs).
            severity = None if document.grade > self.severe_grade else self.mild_severity
            findings.append(self._grade_finding(start, end, "This article", document, severity))
        for graded in report.sections:
            grade = graded.grade
            heading = graded.heading
            if grade.grade is None or grade.grade <= limit:
                continue
            scope = f"The section “{graded.title}”"
            severity = self.section_severity
            findings.append(self._grade_finding(heading.start, heading.end, scope, grade, severity))
        return findings

    def _grade_finding(
        self, start: int, end: int, scope: str, grade: Grade, severity: Severity | None
    ) -> Finding:
        assert grade.grade is not None
        values = {
            "scope": scope,
            "grade": f"{grade.grade:.1f}",
            "metric": METRIC_NAMES[grade.metric],
            "target": _number(self.target),
            "words": grade.counts.words,
            "sentences": grade.counts.sentences,
        }
        data = {
            "grade": round(grade.grade, 2),
            "metric": grade.metric,
            "target": self.target,
            "words": grade.counts.words,
            "sentences": grade.counts.sentences,
        }
        return self.finding(start, end, values=values, severity=severity, data=data)

    def _metrics(self, report: Report) -> dict[str, Any]:
        document = report.document
        return {
            "readability": {
                "document": {
                    "words": document.counts.words,
                    "sentences": document.counts.sentences,
                    "fkgl": _rounded(document.fkgl),
                    "smog": _rounded(document.smog),
                    "grade": _rounded(document.grade),
                    "target": self.target,
                },
                "sections": [
                    {
                        "title": graded.title,
                        "heading_start": graded.heading.start,
                        "heading_end": graded.heading.end,
                        "words": graded.grade.counts.words,
                        "fkgl": _rounded(graded.grade.fkgl),
                        "smog": _rounded(graded.grade.smog),
                        "grade": _rounded(graded.grade.grade),
                        "target": self.target,
                    }
                    for graded in report.sections
                ],
            }
        }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
