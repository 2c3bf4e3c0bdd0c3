"""``citation-mismatch``: what a sentence says about its source against the entry it cites.

"A meta-analysis in the Journal of Affective Disorders (1)": the sentence says
what kind of study entry 1 is and where it appeared. When entry 1 is a randomized trial in
Archives of General Psychiatry, the reader who checks finds neither. This kind compares,
for a sentence that cites exactly one reference entry (numbered, author-year, footnote or
an in-page link to a numbered entry):

* the **journal** the sentence names after a cue ("published in", "a study in", "the
  journal") with the journal the entry names (read where a journal stands in an entry:
  after the title's full stop and before the volume or year), both through a data file of
  journal names, abbreviations and former titles;
* the **design** ("a randomized controlled trial", "a meta-analysis", "a case report"...)
  with the design the entry's title states ("a randomized trial of", "systematic review
  and meta-analysis"). A title that states no design contradicts nothing;
* the **year** ("a 2019 study") with the entry's year (one year apart is tolerated:
  online and print dates differ);
* the **first author** ("Smith and colleagues (3)") with the entry's authors, for
  citations that do not name their author themselves.

Each contradiction is one finding on the sentence's own words, with the entry as related
information. Sentences that cite several entries, name several unrelated designs, or speak
of a design as missing or wanted ("no randomized trial has", "a larger trial is needed")
are left alone: which source the words describe is not clear.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import regex

from ketlint.citations import (
    Citation,
    ReferenceEntry,
    body_citations,
    citations_in_document,
    in_reference_list,
    reference_lists,
    resolve,
)
from ketlint.document import Document
from ketlint.kinds.base import (
    PATTERN_FLAGS,
    BlockFacts,
    Judgement,
    Kind,
    Paragraph,
    compile_alternatives,
    data_file,
    read_data_lines,
)
from ketlint.model import Finding, Related
from ketlint.timeouts import escape, user_pattern

_STRING_LIST = {"type": "array", "items": {"type": "string", "minLength": 1}}

DEFAULT_MESSAGES = {
    "journal": "The sentence says the source appeared in {claim}, but the entry it cites "
    "({citation}) is in {actual}.",
    "design": "The sentence calls the source {claim}, but the entry it cites ({citation}) "
    "is {actual}.",
    "year": "The sentence dates the source {claim}, but the entry it cites ({citation}) is "
    "from {actual}.",
    "author": "The sentence names {claim}, but the entry it cites ({citation}) lists no such "
    "author ({actual}).",
}


@dataclass(frozen=True)
class Design:
    name: str
    label: str  # "a randomized trial": how messages name it
    sentence: regex.Pattern[str] | None
    title: regex.Pattern[str] | None
    compatible: frozenset[str]


@dataclass(frozen=True)
class Claim:
    aspect: str  # journal, design, year, author
    start: int
    end: int
    value: Any  # journal id, design name, year, folded name tokens


class Journals:
    """Journal names from a data file: one journal a line, its names separated by " | "."""

    def __init__(self, lines: Iterable[str]) -> None:
        self.titles: list[str] = []  # the first name of each journal, for messages
        self.by_name: dict[str, int] = {}  # casefolded name -> journal id
        self.written: dict[str, str] = {}  # casefolded name -> as the data file writes it
        self.single_words: set[str] = set()  # names written as one word: case must match
        for line in lines:
            names = [" ".join(n.split()) for n in line.split("|") if n.strip()]
            if not names:
                continue
            journal_id = len(self.titles)
            self.titles.append(names[0])
            for name in names:
                self.by_name.setdefault(name.casefold(), journal_id)
                self.written.setdefault(name.casefold(), name)
                if " " not in name:
                    self.single_words.add(name)
        ordered = sorted(self.by_name, key=len, reverse=True)
        names_pattern = "|".join(
            r"\s+".join(escape(word) for word in name.split()) for name in ordered
        )
        # Compiled when first searched (4 ms of `regex` rebuilding it from the start-up
        # cache, which most articles never pay: they never search it),
        # with the timeout of any pattern made of a pack's data.
        self.pattern = (
            user_pattern(
                rf"(?-f)(?<![\p{{L}}\p{{N}}&'’-])(?:{names_pattern})(?![\p{{L}}\p{{N}}'’-])",
                PATTERN_FLAGS,
            )
            if ordered
            else None
        )

    def family(self, claimed: int, actual: int) -> bool:
        """Whether a name of ``claimed`` opens a name of ``actual`` ("JAMA", "JAMA Psychiatry";
        "Nature", "Nature Medicine"): the sentence named the family, not another journal."""
        claimed_names = [n.split() for n, i in self.by_name.items() if i == claimed]
        actual_names = [n.split() for n, i in self.by_name.items() if i == actual]
        for short in claimed_names:
            stripped = short[1:] if short[:1] == ["the"] else short
            for long in actual_names:
                body = long[1:] if long[:1] == ["the"] else long
                if stripped and len(body) > len(stripped) and body[: len(stripped)] == stripped:
                    return True
        return False

    def masked(self, text: str) -> str:
        """``text`` with every journal name blanked out."""
        if self.pattern is None:
            return text
        return self.pattern.sub(lambda m: " " * len(m.group()), text)

    def identify(self, text: str) -> int | None:
        return self.by_name.get(" ".join(text.split()).casefold())

    def written_as_name(self, text: str) -> bool:
        """Whether ``text`` (a match in prose) is written like a journal's name: capitalised,
        and a one-word name ("Science", "Brain", "JAMA") exactly as listed."""
        text = " ".join(text.split())
        if not text[:1].isupper():
            return False
        if " " not in text:
            return text in self.single_words
        return True


class CitationMismatchRule(Kind[tuple[Citation, ...]]):
    kind = "citation-mismatch"
    pattern_options = frozenset(
        (
            "author-claims",
            "entry-journal-after",
            "entry-journal-before",
            "journal-cues",
            "not-descriptions",
            "sentence",
            "title",
            "year-claims",
        )
    )
    options_doc = (
        "Compares what a sentence says about the source it cites (the journal, the study "
        "design, the year, the first author) with the reference entry that citation resolves "
        "to, and reports each contradiction on the sentence's words, with the entry as related "
        "information. Only sentences that cite exactly one entry are read; a design is "
        "contradicted only when the entry's title states another one. Message placeholders: "
        "{claim}, {actual}, {citation}."
    )
    options_schema = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "journals-file": {
                "type": "string",
                "minLength": 1,
                "description": "Data file of journal names, relative to the rule file (or the "
                "built-in rules): one journal a line, its full title, abbreviations, variants "
                "and former titles separated by ' | '; '#' starts a comment line.",
            },
            "journals": {
                "type": "array",
                "items": _STRING_LIST,
                "description": "More journals, each a list of its names (first: the title).",
            },
            "journal-cues": {
                **_STRING_LIST,
                "description": "Regexes matched against the words just before a journal name "
                "(they must end where the name starts): a journal named after one of them is "
                "where the sentence says its source appeared ('published in', 'a study in the "
                "journal').",
            },
            "entry-journal-before": {
                **_STRING_LIST,
                "description": "Regexes that must end just before a journal name in an entry "
                "for it to be the entry's journal (the title's full stop, 'In:').",
            },
            "entry-journal-after": {
                **_STRING_LIST,
                "description": "Regexes that must match just after a journal name in an entry "
                "for it to be the entry's journal (a volume, a year, a DOI, the end).",
            },
            "designs": {
                "type": "array",
                "description": "Study designs: how a sentence names one (singular: 'trials' "
                "are other studies), how an entry's title states one, and which other designs "
                "do not contradict it.",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["name", "label"],
                    "properties": {
                        "name": {"type": "string", "minLength": 1},
                        "label": {"type": "string", "minLength": 1},
                        "sentence": _STRING_LIST,
                        "title": _STRING_LIST,
                        "compatible": _STRING_LIST,
                    },
                },
            },
            "not-descriptions": {
                **_STRING_LIST,
                "description": "Regexes: a sentence matching one speaks of a design as "
                "missing, wanted or planned ('no randomized trial', 'a larger trial is "
                "needed'); its design words are not read as describing the cited source.",
            },
            "year-claims": {
                **_STRING_LIST,
                "description": "Regexes with a group named 'year': the year a sentence gives "
                "its source ('a 2019 study', 'published in 2019').",
            },
            "year-tolerance": {
                "type": "integer",
                "minimum": 0,
                "default": 1,
                "description": "Years this far from the entry's are not a contradiction "
                "(online-first and print dates differ).",
            },
            "author-claims": {
                **_STRING_LIST,
                "description": "Regexes with a group named 'name': the author a sentence names "
                "for a source it cites by number ('Smith and colleagues (3)').",
            },
            "journal-message": {"type": "string", "minLength": 1},
            "design-message": {"type": "string", "minLength": 1},
            "year-message": {"type": "string", "minLength": 1},
            "author-message": {"type": "string", "minLength": 1},
        },
    }

    def configure(self, options: dict[str, Any]) -> None:
        lines: list[str] = []
        if options.get("journals-file"):
            lines.extend(read_data_lines(data_file(self.spec, options["journals-file"])))
        lines.extend(" | ".join(names) for names in options.get("journals", []))
        self.journals = Journals(lines)
        self.journal_cues = _anchored(options.get("journal-cues", []))
        self.entry_before = _anchored(options.get("entry-journal-before", []))
        self.entry_after = compile_alternatives(options.get("entry-journal-after", []))
        designs = []
        for item in options.get("designs", []):
            designs.append(
                Design(
                    name=item["name"],
                    label=item["label"],
                    sentence=compile_alternatives(item.get("sentence", [])),
                    title=compile_alternatives(item.get("title", [])),
                    compatible=frozenset([item["name"], *item.get("compatible", [])]),
                )
            )
        names = {d.name for d in designs}
        for design in designs:
            unknown = sorted(design.compatible - names)
            if unknown:
                raise ValueError(f"design {design.name!r}: unknown compatible design(s) {unknown}")
        # Compatibility is symmetric: "a review" does not contradict "a meta-analysis" and back.
        self.designs = [
            Design(
                d.name,
                d.label,
                d.sentence,
                d.title,
                d.compatible | {o.name for o in designs if d.name in o.compatible},
            )
            for d in designs
        ]
        self.not_descriptions = compile_alternatives(options.get("not-descriptions", []))
        self.year_claims = [regex.compile(p, PATTERN_FLAGS) for p in options.get("year-claims", [])]
        self.year_tolerance = int(options.get("year-tolerance", 1))
        self.author_claims = [
            regex.compile(p, regex.VERSION1 | regex.UNICODE)
            for p in options.get("author-claims", [])
        ]
        self.messages = {
            aspect: options.get(f"{aspect}-message", default)
            for aspect, default in DEFAULT_MESSAGES.items()
        }

    # -- checking -------------------------------------------------------------------

    def read_block(self, paragraph: Paragraph) -> tuple[Citation, ...]:
        return citations_in_document(paragraph.document)

    def judge(self, doc: Document, facts: BlockFacts[tuple[Citation, ...]]) -> Judgement:
        findings = list(self._findings(doc, facts))
        return Judgement(findings, self.criterion_verdict(findings))

    def _findings(
        self, doc: Document, facts: BlockFacts[tuple[Citation, ...]]
    ) -> Iterable[Finding]:
        entries = [entry for ref_list in reference_lists(doc) for entry in ref_list.entries]
        if not entries:
            return
        citations = [c for c in body_citations(doc, facts.__getitem__) if c.needs_entry]
        if not citations:
            return
        # Only the sentences of blocks that hold one of the citations can be cited.
        starts = sorted(c.start for c in citations)
        cited_blocks = [
            block
            for block in doc.blocks
            if bisect_left(starts, block.start) < bisect_left(starts, block.end)
        ]
        for sentence in (s for block in cited_blocks for s in doc.sentences_in(block)):
            if in_reference_list(doc, sentence.start, sentence.end):
                continue
            cited = [c for c in citations if sentence.start <= c.start and c.end <= sentence.end]
            if not cited:
                continue
            entry = _single_entry(cited, entries)
            if entry is None:
                continue
            # Claims stand before the citation, in the clause that leads to it.
            last = cited[-1]
            clause_start = sentence.start
            semicolon = doc.prose.rfind(";", sentence.start, cited[0].start)
            if semicolon != -1:
                clause_start = semicolon + 1
            yield from self._compare(doc, clause_start, cited[0].start, last, entry)

    def _compare(
        self,
        doc: Document,
        start: int,
        end: int,
        citation: Citation,
        entry: ReferenceEntry,
    ) -> Iterable[Finding]:
        prose = doc.prose
        entry_text = " ".join(doc.source[entry.start : entry.end].split())
        entry_prose = " ".join(prose[entry.start : entry.end].split()) or entry_text
        citation_text = citation.text(doc)
        related = [Related(entry.start, entry.end, f"the reference entry cited as {citation_text}")]
        journal_spans: list[tuple[int, int]] = []
        for claim in self._journal_claims(doc, start, end):
            journal_spans.append((claim.start, claim.end))
            if self._other_referent(prose, claim.end, end):
                continue
            actual = self._entry_journals(entry_prose)
            if len(actual) != 1 or claim.value in actual:
                continue  # unknown, agreeing, or two journals in one entry (a misread list)
            if claim.value in self._mentioned_journals(entry_prose):
                continue  # named in the entry, where the reading above did not expect it
            if self.journals.family(claim.value, next(iter(actual))):
                continue  # "published in JAMA" for JAMA Psychiatry: loose, not wrong
            yield self._finding(
                "journal", claim, prose, citation_text, next(iter(actual.values())), related
            )
        design_claims = self._design_claims(doc, start, end, journal_spans)
        if design_claims and self._other_referent(prose, design_claims[-1].end, end, journal_spans):
            design_claims = []  # "a trial found it, as earlier reviews had (2)"
        if design_claims:
            title_designs = self._title_designs(self.journals.masked(entry_prose))
            claimed = self._design(design_claims[0].value)
            if title_designs and not (claimed.compatible & title_designs):
                first, last = design_claims[0], design_claims[-1]
                joined = (
                    len(prose[first.end : last.start]) <= 12
                )  # "systematic review and meta-analysis"
                span = Claim("design", first.start, (last if joined else first).end, claimed.name)
                stated = self._design(sorted(title_designs, key=self._design_order)[0])
                yield self._finding("design", span, prose, citation_text, stated.label, related)
        for claim in self._year_claims(doc, start, end):
            if self._other_referent(prose, claim.end, end):
                continue
            if entry.year is None or not entry.year[:4].isdigit():
                continue
            listed = int(entry.year[:4])
            if abs(int(claim.value) - listed) <= self.year_tolerance or claim.value in entry_text:
                continue
            yield self._finding("year", claim, prose, citation_text, str(listed), related)
        if citation.kind != "author-year" and not _TRUNCATED_AUTHORS.search(entry_text):
            for claim in self._author_claims(doc, start, end):
                if self._other_referent(prose, claim.end, end):
                    continue
                if _contains_words(entry_text, claim.value.split()[-1]):
                    continue
                authors = " ".join(entry_text.split()[:4])
                yield self._finding("author", claim, prose, citation_text, authors, related)

    def _finding(
        self,
        aspect: str,
        claim: Claim,
        prose: str,
        citation: str,
        actual: str,
        related: list[Related],
    ) -> Finding:
        words = " ".join(prose[claim.start : claim.end].split())
        return self.finding(
            claim.start,
            claim.end,
            message=self.messages[aspect],
            values={"claim": f"“{words}”", "actual": actual, "citation": citation},
            related=related,
            data={"aspect": aspect, "claim": words, "actual": actual},
        )

    # -- the sentence's claims ---------------------------------------------------------

    def _journal_claims(self, doc: Document, start: int, end: int) -> list[Claim]:
        pattern = self.journals.pattern
        if pattern is None or self.journal_cues is None:
            return []
        claims = []
        for match in self.search(pattern, doc.prose, start, end):
            text, begin = match.group(), match.start()
            if text.startswith("the ") or text.startswith("the\n"):
                text, begin = text[4:], begin + 4  # "in the BMJ": "The BMJ" lower-cased
            journal = self.journals.identify(text)
            if journal is None or not self.journals.written_as_name(text):
                continue
            before = doc.prose[max(start, begin - 80) : begin]
            if not self.journal_cues.search(before):
                continue
            if _NAME_GOES_ON.match(doc.prose, match.end(), end):
                continue  # "Nature Reviews Cardiology": a longer name than the one known
            claims.append(Claim("journal", begin, match.end(), journal))
        return claims

    def _design_claims(
        self,
        doc: Document,
        start: int,
        end: int,
        masked: list[tuple[int, int]],
    ) -> list[Claim]:
        text = doc.prose[start:end]
        if self.not_descriptions is not None and self.not_descriptions.search(text):
            return []
        claims = []
        for design in self.designs:
            if design.sentence is None:
                continue
            for match in self.search(design.sentence, doc.prose, start, end):
                if any(s < match.end() and match.start() < e for s, e in masked):
                    continue  # "Reviews" in "Neuroscience & Biobehavioral Reviews"
                claims.append(Claim("design", match.start(), match.end(), design.name))
        claims.sort(key=lambda c: (c.start, -c.end))
        # Overlapping names of one design ("randomized controlled trial" and "trial"): keep
        # the longest. Designs that contradict each other: the sentence is not clear.
        kept: list[Claim] = []
        for claim in claims:
            if kept and claim.start < kept[-1].end:
                continue
            kept.append(claim)
        for claim in kept:
            if any(other.value not in self._design(claim.value).compatible for other in kept):
                return []
        return kept

    def _year_claims(self, doc: Document, start: int, end: int) -> list[Claim]:
        claims = []
        for pattern in self.year_claims:
            for match in self.search(pattern, doc.prose, start, end):
                if match.group("year"):
                    claims.append(
                        Claim("year", match.start("year"), match.end("year"), match.group("year"))
                    )
        return claims

    def _author_claims(self, doc: Document, start: int, end: int) -> list[Claim]:
        claims = []
        for pattern in self.author_claims:
            for match in pattern.finditer(doc.prose, start, end):
                name = match.group("name")
                claims.append(Claim("author", match.start("name"), match.end("name"), name))
        return claims

    # -- the entry ---------------------------------------------------------------------

    def _entry_journals(self, entry_text: str) -> dict[int, str]:
        """The journals an entry names where a journal stands (not words of its title), with
        the name it uses."""
        found: dict[int, str] = {}
        if self.journals.pattern is None:
            return found
        for match in self.journals.pattern.finditer(entry_text):
            before = entry_text[max(0, match.start() - 40) : match.start()]
            if self.entry_before is not None and not self.entry_before.search(before):
                continue
            if self.entry_after is not None and not self.entry_after.match(entry_text, match.end()):
                continue
            journal = self.journals.identify(match.group())
            if journal is not None and journal not in found:
                key = " ".join(match.group().split()).casefold()
                found[journal] = self.journals.written.get(key, self.journals.titles[journal])
        return found

    def _mentioned_journals(self, entry_text: str) -> set[int]:
        if self.journals.pattern is None:
            return set()
        found = (
            self.journals.identify(m.group()) for m in self.journals.pattern.finditer(entry_text)
        )
        return {journal for journal in found if journal is not None}

    def _title_designs(self, entry_text: str) -> set[str]:
        """Designs an entry states (its journal's name masked: "Case Reports", "Reviews")."""
        return {
            design.name
            for design in self.designs
            if design.title is not None and design.title.search(entry_text)
        }

    def _other_referent(
        self, prose: str, start: int, end: int, journals: Iterable[tuple[int, int]] = ()
    ) -> bool:
        """Whether words between a claim and the citation name other work ("... as earlier
        studies found (2)"), which the citation may be for. Journal names (``journals``:
        "... Biobehavioral Reviews") are not such words."""
        chars = list(prose[start:end])
        for s, e in journals:
            for i in range(max(s, start), min(e, end)):
                chars[i - start] = " "
        between = "".join(chars)
        return bool(_OTHER_REFERENT.search(between) and not _OF_POOLED.match(between))

    def _design(self, name: str) -> Design:
        return next(d for d in self.designs if d.name == name)

    def _design_order(self, name: str) -> int:
        return [d.name for d in self.designs].index(name)


# Words that, between a design and the citation, may be what the citation is for.
_OTHER_REFERENT = regex.compile(
    r"\b(?:trials|studies|meta-?analyses|reviews|analyses|reports|research|evidence|data"
    r"|findings|experiments|guidelines?|guidance|recommendations|consensus|polic(?:y|ies)"
    r"|surveys|papers|articles|literature)\b",
    regex.IGNORECASE,
)
# ... unless they say what the design pooled: "a meta-analysis of 12 trials (1)".
_OF_POOLED = regex.compile(
    r"\s+(?:of|from|across|including|pooling|combining|covering)\s+(?:[\w,-]+\s+){0,5}?"
    r"(?:trials|studies|analyses|reports|papers|articles|experiments|surveys)\b"
    r"(?:(?![\w\s,-]*\b(?:trials|studies|meta-?analyses|reviews|research|evidence|data|findings"
    r"|guidelines?|literature)\b)[^;])*$",
    regex.IGNORECASE,
)
# An author list cut short ("et al.", "...") may hide the author a sentence names.
_TRUNCATED_AUTHORS = regex.compile(
    r"\bet\s*al\b|\.\.\.|…|\band\s+others\b|&\s+others\b", regex.IGNORECASE
)
# After a journal's name, more capitalised words: the name goes on ("Nature Reviews ...").
_NAME_GOES_ON = regex.compile(r"[ \t]*(?:,[ \t]*)?(?:(?:of|and|for|&)[ \t]+)?\p{Lu}\p{Ll}")


def _single_entry(cited: list[Citation], entries: list[ReferenceEntry]) -> ReferenceEntry | None:
    """The one entry all of a sentence's citations point to, or None."""
    found: list[ReferenceEntry] = []
    for citation in cited:
        resolved, unresolved = resolve(citation, entries)
        if unresolved:
            return None
        for _, entry in resolved:
            if entry not in found:
                found.append(entry)
    return found[0] if len(found) == 1 else None


def _anchored(sources: list[str]) -> regex.Pattern[str] | None:
    """One pattern matching any of ``sources`` where it ends at the end of the text."""
    if not sources:
        return None
    return regex.compile("|".join(f"(?:{s})$" for s in sources), PATTERN_FLAGS)


def _fold_words(text: str) -> list[str]:
    return regex.findall(r"[\p{L}\p{N}]+", text.casefold())


def _contains_words(text: str, name: str) -> bool:
    """Whether the words of ``name`` stand, in order and together, in ``text``."""
    words = _fold_words(name)
    haystack = _fold_words(text)
    if not words:
        return False
    return any(haystack[i : i + len(words)] == words for i in range(len(haystack)))
