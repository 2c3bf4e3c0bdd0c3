"""In-text citations, reference lists, and whether one points to the other.

Pure functions over a parsed :class:`~ketlint.document.Document`, shared by the
claim rules (is there a citation near this statistic?) and ``citation-reference``
(does every citation resolve?).

What counts as an in-text citation:

* author-year, parenthetical: "(Smith et al., 2020)", "(Smith & Jones, 2019; Lee, 2021a)",
  "(NICE, 2018)", "(Therapy Summary Group, 2025)", "(see WHO, 2021, p. 4)";
* author-year, narrative: "Smith et al. (2020)", "Smith and Jones (2019)", and a single
  name when a reporting verb follows ("Smith (2020) found ...");
* numbered: "(1)", "(1, 3)", "(2-4)", "[1]", "[1-3]", "[1,2]" (not after "Figure",
  "Table" ..., not an enumeration "(1) rest, (2) fluids", not "two (2)");
* superscript digits: "¹²", "¹⁻³" (not exponents such as "m²" or "10⁶");
* a digit run glued to a full stop and followed by a new sentence, "... each year.2 The ...",
  glued to a percent sign ("by 9-16%2 and"), or standing after a quotation's closing mark
  ('... to go," 2 said Dr. Lee'), which is what a superscript becomes when a page is
  flattened to text, or a run of lowercase roman numerals after sentences or percentages
  ("... techniques. iv The risk is about 0.1 percent v and"), as a word processor's endnotes
  become. These are *weak* citations: enough to show the writer cited, too uncertain to
  demand a reference list;
* the parser's links inside the range: hyperlinks, footnote references ``[^1]``, ``<sup>``.

Parentheses that only look similar are not citations: "(n = 120)", "(MDD)",
"(95% CI 1.2-3.4)", "(p < 0.05)", "(odds ratio = 28.94)", "(January 2020)".

A reference list is a section headed References / Sources / Bibliography / Works cited /
Citations / Notes / Footnotes (any level; a paragraph that is only such a word counts as
a heading too), a run of numbered bibliographic entries with no heading (as blog exports
often have), or Markdown footnote definitions.
"""

from __future__ import annotations

import functools
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate, pairwise
from typing import Literal, NamedTuple

import regex

from ketlint.document import Block, Document, Link

CitationKind = Literal["author-year", "numbered", "superscript", "footnote", "link"]


class AuthorYear(NamedTuple):
    """An author-year key: the first author's surname (or an organisation) and the year."""

    name: str  # as written, without "et al." ("Smith", "Therapy Summary Group", "NICE")
    year: str  # "2020", "2021a", "n.d." or "in press"


# A number (numbered citation), an author-year pair, or a footnote label ("1", "smith").
CitationKey = int | AuthorYear | str


@dataclass(frozen=True)
class Citation:
    start: int
    end: int
    kind: CitationKind
    keys: tuple[CitationKey, ...] = ()
    # True for digits glued to a full stop ("year.2 The"): probably a flattened
    # superscript, but could be a stray digit, so never enough to demand a reference list.
    weak: bool = False

    @property
    def needs_entry(self) -> bool:
        """Whether the citation points into a reference list (a hyperlink points by itself)."""
        return bool(self.keys)

    def text(self, doc: Document) -> str:
        return " ".join(doc.source[self.start : self.end].split())


@dataclass(frozen=True)
class ReferenceEntry:
    start: int  # the entry's text, number marker excluded
    end: int
    number: int | None = None  # "1." / "[1]" / position in an HTML <ol>
    label: str | None = None  # Markdown footnote label
    author_tokens: tuple[str, ...] = ()  # normalised words of the author part
    acronyms: tuple[str, ...] = ()  # "(NICE)" / "[CDC]" given with the author
    year: str | None = None


@dataclass(frozen=True)
class ReferenceList:
    heading: Block | None  # None for a headless numbered list or footnote definitions
    start: int  # the area claim rules must stay out of (heading included)
    end: int
    entries: tuple[ReferenceEntry, ...]

    def contains(self, start: int, end: int) -> bool:
        return start < self.end and end > self.start


# -- building blocks of the patterns -------------------------------------------------


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPERSCRIPT_TO_ASCII = str.maketrans(_SUPERSCRIPT_DIGITS + "⁻", "0123456789-")

# A capitalised name word ("Smith", "O’Brien", "Müller-Lüdenscheid", "NICE") or a dotted
# acronym ("U.S."). Particles ("van der", "de") may precede it.
_NAME_WORD = r"(?:\p{Lu}\.(?:\p{Lu}\.)+|\p{Lu}[\p{L}\p{M}'’\-]*)"
_PARTICLE = r"(?:(?:van|von|de|der|den|del|della|dos|das|du|da|di|la|le|ter|ten)\s+)"
# Organisation names carry lower-case joining words: "Institute for Health and Care".
_NAME = (
    rf"(?:{_PARTICLE}{{0,3}}{_NAME_WORD}"
    rf"(?:\s+(?:(?:of|for|and|on|in|the|de|du|des|la|y|&)\s+){{0,2}}{_NAME_WORD}){{0,8}}"
    rf"(?:\s*[\[(]\p{{Lu}}[\p{{Lu}}&]{{1,9}}[\])])?)"
)
_ET_AL = r"(?:,?\s+et\s*al\.?|,?\s+(?:&|and)\s+(?:colleagues|others|co-?workers|associates))"
_AUTHORS = rf"(?:{_NAME}(?:\s*,\s*{_NAME}){{0,6}}(?:,?\s+(?:&|and)\s+{_NAME})?{_ET_AL}?)"
_YEAR = r"(?:(?:1[89]|20)\d{2}[a-z]?(?![\p{L}\p{N}])|n\.\s?d\.|in\s+press|forthcoming)"
_YEARS = rf"(?:{_YEAR}(?:\s*,\s*(?:{_YEAR}|[a-z](?![\p{{L}}\p{{N}}]))){{0,6}})"
_LOCATOR = r"(?:\s*,\s*(?:p|pp|para|ch|chap|sec)\.?\s*[\divxlc]+(?:\s*[\-–]\s*[\divxlc]+)?)"
_PREFIX = (
    r"(?:(?:see(?:\s+also)?|e\.\s?g\.,?|cf\.|i\.\s?e\.,?|as\s+cited\s+in|reviewed\s+in"
    r"|for\s+(?:a\s+)?review,?\s+see|adapted\s+from|data\s+from|from)\s+)"
)
_SEGMENT = regex.compile(
    rf"\s*{_PREFIX}?(?P<authors>{_AUTHORS})(?:,\s*|\s+)(?P<years>{_YEARS}){_LOCATOR}?\s*",
)
_YEARS_ONLY = regex.compile(rf"\s*(?P<years>{_YEARS}){_LOCATOR}?\s*")
_NARRATIVE_NAME = regex.compile(rf"(?P<authors>{_AUTHORS})\s*$")
_ONE_YEAR = regex.compile(_YEAR)

_PARENTHESIS = regex.compile(r"\((?P<body>(?:[^()]|\([^()]{0,40}\)){1,400}?)\)")
_BRACKET = regex.compile(r"\[(?P<body>[^\[\]]{1,80})\]")
_NUMBERS = regex.compile(r"\s*(?P<numbers>\d{1,3}(?:\s*(?:,|;|–|-|—|to)\s*\d{1,3}){0,30})\s*")
_SUPERSCRIPT = regex.compile(rf"[{_SUPERSCRIPT_DIGITS}]+(?:\s?[,⁻–\-]\s?[{_SUPERSCRIPT_DIGITS}]+)*")
# "... each year.2 The disorder ..." / "... even death.1" (end of block).
_FLATTENED = regex.compile(
    r"(?<=[\p{Ll})%][.])(?P<numbers>\d{1,3}(?:[,–\-]\d{1,3}){0,10})(?=\s+[\"“‘']?\p{Lu}|\s*$)"
    # After a quotation's closing mark: '... a long way to go," 2 said Dr. Nelson'.
    r"|(?<=[.,!?][\"”]\s?)(?P<numbers>\d{1,3}(?:[,–\-]\d{1,3}){0,10})"
    r"(?=\s+(?:said|says|added|adds|explained|explains|noted|notes|wrote|writes)\b|\s+\p{Lu})"
    # Glued to a percent sign, "by 9-16%2 and": no figure is written that way, so the digits
    # are a flattened superscript.
    r"|(?<=\d%)(?P<numbers>\d{1,3}(?:[,–\-]\d{1,3}){0,10})(?![\p{N}%])"
)

# Endnote markers in lowercase roman numerals, as a word processor numbers endnotes
# (i, ii, iii ...), flattened to text: "... techniques. iv The risk of death is about
# 0.1 percent v and ...". Only after a sentence's end or a percentage, before a new sentence
# or "and"/"or"; and only a run of at least two consecutive numerals in the range counts
# (a lone "v" may be "versus", a lone "i" a typo).
_ROMAN_NOTE = regex.compile(
    r"(?<=(?:[.!?][\"”’)]?|%|\bper\s?cent|\bpercent)\s?)"
    r"(?P<numeral>x{0,2}(?:ix|iv|v?i{0,3}))(?<=[ivx])"
    r"(?=\s+(?:[\"“‘']?\p{Lu}|and\b|or\b|but\b)|\s*$)"
)
# What stands before the first numeral of every such marker (the look-behind above, with
# the numeral's first letter): the pattern is tried only where this ends, one scan that
# finds nothing in nearly every paragraph, where the look-behind would be tried at every
# position (a tenth of reading citations).
_BEFORE_ROMAN_NOTE = regex.compile(r"(?:[.!?\"”’)%]|cent)\s?[ivx]")
_BEFORE_ROMAN_NOTE_CHARS = len("cent ")  # how far before a marker that reaches
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10}
_MIN_ROMAN_RUN = 2


def _roman_value(numeral: str) -> int:
    """The value of a lowercase roman numeral ("iv" -> 4)."""
    total = 0
    for index, letter in enumerate(numeral):
        value = _ROMAN_VALUES[letter]
        following = _ROMAN_VALUES[numeral[index + 1]] if index + 1 < len(numeral) else 0
        total += -value if value < following else value
    return total


def _roman_note_matches(prose: str, start: int, end: int) -> Iterator[regex.Match[str]]:
    """``_ROMAN_NOTE.finditer(prose, start, end)``, trying the pattern only at the numerals
    that follow what its look-behind needs (where :data:`_BEFORE_ROMAN_NOTE` ends): tried
    at every position, the look-behind was a tenth of a keystroke in an article that has
    such a place."""
    resume = start  # finditer's matches do not overlap
    before_numerals = _BEFORE_ROMAN_NOTE.finditer(
        prose, max(0, start - _BEFORE_ROMAN_NOTE_CHARS), end, overlapped=True
    )
    for before in before_numerals:
        numeral = before.end() - 1
        if numeral < resume:
            continue
        match = _ROMAN_NOTE.match(prose, numeral, end)
        resume = numeral + 1 if match is None else match.end()
        if match is not None:
            yield match


def _roman_notes(prose: str, start: int, end: int) -> list[Citation]:
    """Flattened roman-numeral endnote markers in ``[start, end)`` that stand in a run of
    consecutive numbers (see :data:`_ROMAN_NOTE`), as weak citations."""
    marks = [
        (match.start(), match.end(), _roman_value(match.group("numeral")))
        for match in _roman_note_matches(prose, start, end)
    ]
    kept: set[int] = set()
    run = [0] if marks else []
    for index in range(1, len(marks) + 1):
        if index < len(marks) and marks[index][2] == marks[index - 1][2] + 1:
            run.append(index)
            continue
        if len(run) >= _MIN_ROMAN_RUN:
            kept.update(run)
        run = [index]
    return [
        Citation(mark_start, mark_end, "superscript", (value,), weak=True)
        for number, (mark_start, mark_end, value) in enumerate(marks)
        if number in kept
    ]


# Words before "(1)" that make it a label, not a citation: "Figure (1)", "Step (2)".
_LABEL_WORDS = _word_set(
    """
    figure figures fig figs table tables tab step steps equation equations eq eqs appendix
    section sections chapter chapters box panel phase type grade stage level class part item
    items question questions schedule article rule note exhibit model scenario group option
    no nos number numbers page pages line lines paragraph version
    """
)
_NUMBER_WORDS = _word_set(
    """
    zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy
    eighty ninety hundred thousand million
    """
)
# Words that open a clause: before them "(1)" is the first of an enumeration.
_ENUMERATION_LEADS = _word_set("and or then to are is include includes including")
# Capitalised words that can stand before a year in parentheses but are not authors.
_NOT_AUTHORS = _word_set(
    """
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec spring summer autumn fall winter
    updated published posted accessed retrieved revised reviewed last since until before
    after in as by at on of the a an this that these those from see also and or between
    during around circa about approved launched founded established introduced study
    trial report survey figure table version edition issue volume vol copyright
    monday tuesday wednesday thursday friday saturday sunday today
    """
)
_REPORTING_VERB = regex.compile(
    r"\s*(?:\p{Ll}+ly\s+)?(?:found|finds?|showed|shows?|shown|reported|reports?|suggested|suggests?"
    r"|noted|notes?|observed|observes?|concluded|concludes?|argued|argues?|demonstrated"
    r"|demonstrates?|wrote|writes?|described|describes?|recommended|recommends?|estimated"
    r"|estimates?|reviewed|reviews?|examined|examines?|analy[sz]ed|analy[sz]es|studied|studies"
    r"|stated|states?|proposed|proposes?|identified|identifies|measured|measures?|compared"
    r"|compares?|conducted|conducts?|published|publishes|defined|defines?|explained|explains?"
    r"|warned|warns?|cautioned|cautions?|calculated|calculates?|tested|tests?|followed|follows?"
    r"|surveyed|surveys?|enrolled|enrolls?|randomi[sz]ed|assessed|assesses?|evaluated"
    r"|evaluates?|confirmed|confirms?|highlighted|highlights?|claimed|claims?|said|says?"
    r"|believes?|believed|summari[sz]ed|summari[sz]es)\b"
)
_CITING_LEAD = regex.compile(r"(?:according\s+to|by|from|see|cf\.)\s*$", regex.I)
_UNIT_BEFORE_EXPONENT = regex.compile(r"(?:\b(?:[kcmµμnd]?m|ft|in|mi|yd|s|sec)|[\d/^])$")
_REFERENCE_LINK_TARGET = regex.compile(r"^#.*(?:ref|cite|fn|foot|note|bib|source)", regex.I)

# The headings of a reference list. A reference section is never linted by claim rules.
REFERENCE_HEADING_PATTERN = (
    r"^\s*(?:\d+(?:\.\d+)*\.?\s+)?(?:references?|reference\s+list|list\s+of\s+references"
    r"|sources?|sources\s+(?:and|&)\s+references|references\s+(?:and|&)\s+"
    r"(?:sources|notes|further\s+reading)|bibliography|works\s+cited|literature\s+cited"
    r"|citations?|notes|end\s?notes|foot\s?notes|notes\s+(?:and|&)\s+references"
    r"|cited\s+works|selected\s+references|notes\s+(?:for|to)\s+(?:the\s+)?editors?)\s*:?\s*$"
)
_REFERENCE_HEADING = regex.compile(REFERENCE_HEADING_PATTERN, regex.IGNORECASE)

# -- reference entries ----------------------------------------------------------

_MARKER_BEFORE = regex.compile(
    r"(?:(?P<n1>\d{1,3})[.)]|\[(?P<n2>\d{1,3})\]|\((?P<n3>\d{1,3})\))\s*$"
)
_MARKER_AT_START = regex.compile(
    r"\s*(?:\[(?P<n1>\d{1,3})\]|\((?P<n2>\d{1,3})\)|(?P<n3>\d{1,3})[.)]|(?P<n4>\d{1,3})(?=\s+\p{Lu}))"
    r"\s+(?=\S)"
)
# "[3] See ...": a bracketed number opening a paragraph marks a note even if it is no citation.
_NOTE_MARKER = regex.compile(r"\s*\[\d{1,3}\]\s")
_COUNT_BEFORE = regex.compile(r"(?<![\d,.])(?!(?:19|20)\d{2}$)\d[\d,.]*$")
# The first item of an enumeration inside a sentence opens its item, whatever the word
# before it: "(1)" followed by words, then, in the same sentence, a list separator and "(2)"
# followed by words. A citation "(1)" follows what it supports.
_ENUMERATION_FIRST = regex.compile(r"[(\[]\s*1\s*[)\]]")
_ENUMERATION_SECOND = regex.compile(
    r"[^.;!?\n]{1,300}?(?:,|\band|\bor)\s*[(\[]\s*2\s*[)\]]\s*\p{L}"
)
# "(405) 400-0680" is a telephone number.
_PHONE_TAIL = regex.compile(r"\s?\d{3}[\-.\s]\d{4}\b")
_FOOTNOTE_DEFINITION = regex.compile(r"(?m)^[ \t]{0,3}\[\^(?P<label>[^\]\s]+)\]:[ \t]*")
_ENTRY_YEAR_PAREN = regex.compile(r"\(\s*(?P<year>(?:1[89]|20)\d{2}[a-z]?|n\.\s?d\.)(?![\d])")
_ENTRY_YEAR_ANY = regex.compile(
    r"(?<![\d.\-/])(?P<year>(?:1[89]|20)\d{2}[a-z]?)(?![\d/])|(?P<nd>n\.\s?d\.)"
)
_ENTRY_ACRONYM = regex.compile(r"[\[(](?P<acronym>\p{Lu}[\p{Lu}&]{1,9})[\])]")
# Without a heading, only unmistakable entries make a list: author initials, "et al.",
# a DOI or link, or a volume(issue) — a numbered list of steps may well mention a year.
_STRONGLY_BIBLIOGRAPHIC = regex.compile(
    r"\bet\s+al\b|\b\p{Lu}[\p{L}'’\-]+,\s+(?:\p{Lu}\.\s?){1,3}|\b\p{Lu}[\p{L}'’\-]+\s+\p{Lu}{1,3},"
    r"|\bdoi\b|https?://|\d+\s*\(\d+\)\s*[,:]\s*\d|(?:1[89]|20)\d{2};\s*\d+"
)
_HAS_YEAR = regex.compile(r"(?<!\d)(?:1[89]|20)\d{2}(?!\d)|\bn\.\s?d\.")


# -- finding citations ----------------------------------------------------------


def find_citations(doc: Document, start: int, end: int) -> list[Citation]:
    """Every in-text citation that lies within ``[start, end)`` of ``doc``, in order."""
    prose = doc.prose
    found: list[Citation] = []
    from_links = [c for c in (_link_citation(doc, link) for link in doc.links_in(start, end)) if c]
    found.extend(from_links)
    for match in _PARENTHESIS.finditer(prose, start, end):
        citation = _parenthetical(prose, match, start)
        if citation is not None:
            found.append(citation)
    for match in _BRACKET.finditer(prose, start, end):
        keys = _numbered_keys(match.group("body"))
        if keys is not None and not _is_label_or_enumeration(prose, match, start):
            found.append(Citation(match.start(), match.end(), "numbered", keys))
    for match in _SUPERSCRIPT.finditer(prose, start, end):
        before = prose[max(start, match.start() - 12) : match.start()]
        if match.start() == start or not _UNIT_BEFORE_EXPONENT.search(before):
            keys = _numbered_keys(match.group().translate(_SUPERSCRIPT_TO_ASCII))
            if keys:
                found.append(Citation(match.start(), match.end(), "superscript", keys))
    for match in _FLATTENED.finditer(prose, start, end):
        word = _word_before(prose, match.start() - 1, start)
        keys = _numbered_keys(match.group("numbers"))
        if keys and word.casefold() not in _LABEL_WORDS | _ABBREVIATIONS_BEFORE_DIGITS:
            found.append(Citation(match.start(), match.end(), "superscript", keys, weak=True))
    found.extend(_roman_notes(prose, start, end))
    return _without_count_runs(prose, _without_overlaps(found, len(from_links)))


def citations_in_document(doc: Document) -> tuple[Citation, ...]:
    """Every in-text citation of ``doc`` (a paragraph's own document, as kinds read it)."""
    return tuple(find_citations(doc, 0, len(doc.prose)))


# How far before a superscript link find_citations looks for the unit of an exponent.
_SUPERSCRIPT_LOOK_BACK = 40


def reads_before(doc: Document, block: Block) -> bool:
    """Whether finding ``block``'s citations reads text before it (a superscript link at
    its start: "10" + "<sup>2</sup>" is an exponent, not a citation), so that they cannot
    be read from the paragraph alone."""
    # Asked of every block by two rules on every lint; most documents have no superscript
    # link at all, and then no block reads before itself (found once per document).
    has_superscripts = doc.memo.get("citations.has-superscripts")
    if has_superscripts is None:
        has_superscripts = doc.memo["citations.has-superscripts"] = any(
            link.kind == "superscript" for link in doc.links
        )
    if not has_superscripts:
        return False
    return any(
        link.kind == "superscript" and link.start - block.start < _SUPERSCRIPT_LOOK_BACK
        for link in doc.links_in(block.start, block.end)
    )


def body_citations(
    doc: Document, per_block: Callable[[Block], Sequence[Citation]]
) -> list[Citation]:
    """Citations outside reference lists (entries are full of "(2020)" and "[1]"), in
    document offsets; ``per_block(block)``: the block's :func:`citations_in_document` as
    read from the paragraph alone (offsets from its start)."""
    found: list[Citation] = []
    for block in doc.blocks:
        if in_reference_list(doc, block.start, block.end):
            continue
        if reads_before(doc, block):
            found.extend(find_citations(doc, block.start, block.end))
            continue
        # The constructor, not dataclasses.replace (three times its cost, for every
        # citation of every paragraph on every lint).
        shift = block.start
        found.extend(
            Citation(c.start + shift, c.end + shift, c.kind, c.keys, c.weak)
            for c in per_block(block)
        )
    return found


# Between two items of one enumeration: a short phrase with no sentence end.
_LIST_GAP = regex.compile(r"[^.;!?()\[\]\n]{1,60}")


def _without_count_runs(prose: str, found: list[Citation]) -> list[Citation]:
    """Drop "(n)" counts given item by item: "pain (1), tingling (2), spasm (1)".

    Numbered citations in one enumeration rise ("(1), (2), (3)"); numbers in brackets after
    the items of one list that fall or repeat are how many had each, not sources.
    """
    run: list[Citation] = []
    counts: set[Citation] = set()

    def close() -> None:
        numbers = [int(c.keys[0]) for c in run]  # type: ignore[arg-type]  # numbered keys are ints
        if len(run) >= 2 and any(b <= a for a, b in pairwise(numbers)):
            counts.update(run)

    for citation in found:
        single = citation.kind == "numbered" and len(citation.keys) == 1
        if single and run and _LIST_GAP.fullmatch(prose, run[-1].end, citation.start):
            run.append(citation)
            continue
        close()
        run = [citation] if single else []
    close()
    return [c for c in found if c not in counts]


_ABBREVIATIONS_BEFORE_DIGITS = _word_set(
    "vol p pp ch chap ref refs sec art ed pt st op ver v mg ml kg min max ex"
)


def has_citation(citations: Iterable[Citation], start: int, end: int) -> bool:
    """Whether any citation overlaps ``[start, end)``."""
    return any(c.start < end and c.end > start for c in citations)


def _without_overlaps(found: list[Citation], trusted: int) -> list[Citation]:
    """Drop pattern matches that overlap a parser link (``<sup>[1]</sup>`` is one citation)."""
    links = found[:trusted]
    kept = list(links)
    for citation in found[trusted:]:
        if any(c.start < citation.end and c.end > citation.start for c in kept):
            continue
        kept.append(citation)
    return sorted(kept, key=lambda c: (c.start, c.end))


def _link_citation(doc: Document, link: Link) -> Citation | None:
    if link.kind == "footnote":
        return Citation(link.start, link.end, "footnote", (link.target,))
    if link.kind == "superscript":
        text = link.target.strip().strip("[]")
        # Tags around the <sup> are masked to spaces: look at the prose just before them.
        before = doc.prose[max(0, link.start - 40) : link.start].rstrip()
        if _UNIT_BEFORE_EXPONENT.search(before):
            return None  # m<sup>2</sup>, 10<sup>6</sup>: exponents
        keys = _numbered_keys(text)
        if keys:
            return Citation(link.start, link.end, "superscript", keys)
        if text and all(ch in "*†‡§¶" for ch in text):
            return Citation(link.start, link.end, "superscript", (text,))
        return None
    target = link.target.strip()
    lowered = target.casefold()
    if lowered.startswith(("mailto:", "tel:", "javascript:", "data:")):
        return None
    if target.startswith("#"):
        if not _REFERENCE_LINK_TARGET.match(target):
            return None
        keys = _numbered_keys(doc.prose[link.start : link.end].strip().strip("[]()"))
        return Citation(link.start, link.end, "link", keys or ())
    return Citation(link.start, link.end, "link")


def _parenthetical(prose: str, match: regex.Match[str], floor: int) -> Citation | None:
    body = match.group("body")
    keys = _numbered_keys(body)
    if keys is not None:
        if _is_label_or_enumeration(prose, match, floor):
            return None
        return Citation(match.start(), match.end(), "numbered", keys)
    author_keys = _author_year_keys(body)
    if author_keys:
        return Citation(match.start(), match.end(), "author-year", author_keys)
    years = _YEARS_ONLY.fullmatch(body)
    if years is None:
        return None
    window_start = max(floor, match.start() - 160)
    name = _NARRATIVE_NAME.search(prose, window_start, match.start())
    if name is None:
        return None
    authors = _strip_leading_non_authors(name.group("authors"))
    if not authors:
        return None
    offset = name.end("authors") - len(authors)
    several = bool(regex.search(rf"{_ET_AL}|\s(?:and|&)\s|,", authors))
    if not several:
        after = prose[match.end() : match.end() + 40]
        lead = prose[max(floor, offset - 20) : offset]
        if not (_REPORTING_VERB.match(after) or _CITING_LEAD.search(lead)):
            return None
    if _first_author(authors).casefold() in _NOT_AUTHORS:
        return None
    first = _first_author(authors)
    narrative_keys: list[CitationKey] = [
        AuthorYear(first, y) for y in _split_years(years.group("years"))
    ]
    return Citation(offset, match.end(), "author-year", tuple(narrative_keys))


def _author_year_keys(body: str) -> tuple[AuthorYear, ...]:
    keys: list[AuthorYear] = []
    for segment in body.split(";"):
        match = _SEGMENT.fullmatch(segment)
        if match is None:
            return ()
        authors = _strip_leading_non_authors(match.group("authors"))
        if not authors:
            return ()
        # "(January 2020)" and "(Updated March 2021)" lost every word above: dates, not authors.
        name = _first_author(authors)
        keys.extend(AuthorYear(name, year) for year in _split_years(match.group("years")))
    return tuple(keys)


def _strip_leading_non_authors(authors: str) -> str:
    """Drop sentence words caught before a name: "In Smith et al." → "Smith et al."."""
    words = authors.split()
    while words and words[0].strip(",").casefold() in _NOT_AUTHORS:
        words.pop(0)
    return " ".join(words)


def _first_author(authors: str) -> str:
    """The first author's surname, or the whole organisation name."""
    name = regex.sub(rf"{_ET_AL}.*$", "", authors, flags=regex.DOTALL)
    # "Smith, Jones, & Lee" → "Smith"; organisations keep their joining words.
    name = regex.split(r"\s*,\s*|\s+&\s+", name)[0]
    parts = regex.split(r"\s+and\s+", name)
    if len(parts) == 2 and all(regex.fullmatch(rf"{_PARTICLE}*{_NAME_WORD}", p) for p in parts):
        name = parts[0]  # "Smith and Jones"; but "Health and Care Excellence" stays whole
    return name.strip()


def _split_years(years: str) -> list[str]:
    result: list[str] = []
    for part in regex.split(r"\s*,\s*", years.strip()):
        if not part:
            continue
        if len(part) == 1 and part.isalpha() and result:
            base = result[-1].rstrip("abcdefghijklmnopqrstuvwxyz")
            result.append(base + part)  # "2020a, b" → 2020a, 2020b
        else:
            result.append(" ".join(part.split()))
    return result


def _numbered_keys(body: str) -> tuple[int, ...] | None:
    """The numbers of "1", "1, 3", "2-4", "1–3, 7"; None if ``body`` is not such a list."""
    match = _NUMBERS.fullmatch(body)
    if match is None:
        return None
    numbers: list[int] = []
    for part in regex.split(r"\s*[,;]\s*", match.group("numbers")):
        bounds = regex.split(r"\s*(?:–|-|—|to)\s*", part)
        if len(bounds) == 1:
            numbers.append(int(bounds[0]))
            continue
        low, high = int(bounds[0]), int(bounds[-1])
        if high < low or high - low > 50:
            return None  # "(10-5)", "(1-200)": a score or a range, not citations
        numbers.extend(range(low, high + 1))
    if any(n == 0 for n in numbers):
        return None
    return tuple(numbers)


_LAST_WORD = regex.compile(r"(\p{L}+)[\s.#]*$")


def _word_before(text: str, index: int, floor: int) -> str:
    match = _LAST_WORD.search(text, max(floor, index - 30), max(floor, index))
    return match.group(1) if match else ""


def _is_label_or_enumeration(prose: str, match: regex.Match[str], floor: int) -> bool:
    """ "Figure (1)", "two (2)", "f(1)" and the first items of "(1) rest, (2) fluids"."""
    start = match.start()
    before = prose[max(floor, start - 40) : start]
    word = _word_before(prose, start, floor).casefold()
    if word in _LABEL_WORDS or word in _NUMBER_WORDS:
        return True
    if before and not before[-1].isspace() and regex.search(r"(?:^|[^\p{L}])\p{L}$", before):
        return True  # f(1), x[2]
    if before[-1:].isdigit() or prose[match.end() : match.end() + 1].isalnum():
        return True  # "6736(17)33102" in a DOI
    stripped = before.rstrip()
    if stripped.endswith("%") or _COUNT_BEFORE.search(stripped):
        return True  # "40% (574)": a count restating a number (a year may precede a citation)
    if _PHONE_TAIL.match(prose, match.end()):
        return True
    opens_clause = not stripped or stripped[-1] in ":;,(" or word in _ENUMERATION_LEADS
    following = prose[match.end() : match.end() + 3]
    if regex.match(r"\s*\p{L}", following):
        if opens_clause:
            return True  # "... : (1) rest, (2) fluids"
        if _ENUMERATION_FIRST.fullmatch(match.group()) and _ENUMERATION_SECOND.match(
            prose, match.end()
        ):
            return True  # "defined as (1) trauma to the head ..., (2) a score of 40 ..."
    return not stripped and match.group()[0] == "["  # "[1] Smith J..." opens a reference entry


# -- reference lists ------------------------------------------------------------


def reference_lists(doc: Document) -> list[ReferenceList]:
    """The document's reference lists (found once per document: every rule shares them)."""
    cached: list[ReferenceList] | None = doc.memo.get("citations.reference-lists")
    if cached is None:
        cached = doc.memo["citations.reference-lists"] = _find_reference_lists(doc)
    return cached


def reference_entries(doc: Document) -> list[ReferenceEntry]:
    return [entry for ref_list in reference_lists(doc) for entry in ref_list.entries]


def in_reference_list(doc: Document, start: int, end: int) -> bool:
    """Whether ``[start, end)`` is part of a reference list (claim rules stay out of it).
    Asked of every block and claim by several rules (thousands of times a lint of a long
    document): a bisection in the lists' bounds, made once per document (a long document
    joined from many articles has dozens of lists, and a loop over them all was a twentieth
    of its keystroke)."""
    spans: tuple[list[int], list[int]] | None = doc.memo.get("citations.reference-spans")
    if spans is None:
        bounds = sorted((ref_list.start, ref_list.end) for ref_list in reference_lists(doc))
        # The lists' starts in order, and how far the lists up to each one reach.
        spans = doc.memo["citations.reference-spans"] = (
            [list_start for list_start, _ in bounds],
            list(accumulate((list_end for _, list_end in bounds), max)),
        )
    starts, reach = spans
    if not starts:  # most documents have none
        return False
    # Of the lists that start before ``end``, one overlaps when the farthest reaches past ``start``.
    before_end = bisect_left(starts, end)
    return before_end > 0 and reach[before_end - 1] > start


def is_reference_heading(text: str) -> bool:
    return bool(_REFERENCE_HEADING.match(" ".join(text.split())))


def _find_reference_lists(doc: Document) -> list[ReferenceList]:
    lists: list[ReferenceList] = []
    covered: list[tuple[int, int]] = []
    for heading, area_end in _reference_headings(doc):
        blocks = [
            b for b in doc.blocks if heading.end <= b.start < area_end and b.kind != "heading"
        ]
        if heading.kind == "paragraph":
            if _EDITORS_NOTES.match(doc.block_text(heading)) and not (
                blocks and _explicit_number(doc, blocks[0])[0] is not None
            ):
                continue  # a press release's notes: contacts and background, not references
            blocks = _numbered_run_only(doc, blocks)
            area_end = blocks[-1].end if blocks else heading.end
        entries = _entries_from_blocks(doc, blocks)
        end = max((b.end for b in blocks), default=heading.end)
        lists.append(ReferenceList(heading, heading.start, end, tuple(entries)))
        covered.append((heading.start, area_end))
    for run in _headless_numbered_runs(doc, covered):
        entries = _entries_from_blocks(doc, run)
        line_start = doc.source.rfind("\n", 0, run[0].start) + 1
        lists.append(ReferenceList(None, line_start, run[-1].end, tuple(entries)))
    footnotes = _footnote_entries(doc)
    if footnotes:
        start = min(e.start for e in footnotes)
        line_start = doc.source.rfind("\n", 0, start) + 1
        end = max(e.end for e in footnotes)
        lists.append(ReferenceList(None, line_start, end, tuple(footnotes)))
    return lists


def _reference_headings(doc: Document) -> list[tuple[Block, int]]:
    """Reference-list headings with where their area ends (the next heading of its level)."""
    found: list[tuple[Block, int]] = []
    blocks = doc.blocks
    for index, block in enumerate(blocks):
        if not _reference_marks(doc, block) & _REFERENCE_HEADING_BIT:
            continue
        if block.kind == "heading":
            section_end = len(doc.source)
            for later in blocks[index + 1 :]:
                if later.kind == "heading" and later.heading_level <= block.heading_level:
                    section_end = later.start
                    break
            found.append((block, section_end))
        elif block.kind == "paragraph":
            # "References:" as a plain paragraph: its list runs to the next heading.
            following = next((b for b in blocks[index + 1 :] if b.kind == "heading"), None)
            found.append((block, following.start if following else len(doc.source)))
    return found


# What finding the reference lists asks of every block's own text, as bits of one small
# int (kept with the paragraph, Document.remember): a heading of a reference list, a "[n]"
# note marker at its start, strictly bibliographic text. One int, not a tuple, so that the
# thousands of paragraphs an editor keeps hold no object of their own for it.
_REFERENCE_HEADING_BIT = 1
_NOTE_MARKER_BIT = 2
_BIBLIOGRAPHIC_BIT = 4


def _reference_marks(doc: Document, block: Block) -> int:
    """The :data:`_REFERENCE_HEADING_BIT` ... bits of ``block``: the reference lists are
    found again on every lint, and a keystroke in a long document would otherwise read
    every block's text again for them."""
    return doc.remember(block, "citations.reference-marks", lambda: _read_marks(doc, block))


def _read_marks(doc: Document, block: Block) -> int:
    marks = 0
    if is_reference_heading(doc.block_text(block)):
        marks |= _REFERENCE_HEADING_BIT
    if block.kind != "heading":
        if _NOTE_MARKER.match(doc.prose, block.start, block.end):
            marks |= _NOTE_MARKER_BIT
        if _looks_bibliographic(doc, block, strict=True):
            marks |= _BIBLIOGRAPHIC_BIT
    return marks


def _numbered_run_only(doc: Document, blocks: list[Block]) -> list[Block]:
    """Under a heading that is only a paragraph ("Notes for editors", "References:"), a
    numbered list ends where its numbering does: the "About <organisation>" paragraphs of
    a press release that follow are no entries. An unnumbered list runs on as before."""
    if not blocks or _explicit_number(doc, blocks[0])[0] is None:
        return blocks
    run = [blocks[0]]
    for block in blocks[1:]:
        if _entry_number(doc, block, glued=True)[0] is not None:
            run.append(block)
            continue
        previous = doc.prose[run[-1].start : run[-1].end].rstrip()
        wrapped = not previous.endswith((".", "!", "?")) or doc.block_text(block)[:1].islower()
        if _explicit_number(doc, block)[0] is None and not (
            block.kind == run[-1].kind == "list-item" or _indented(doc, block) or wrapped
        ):
            break
        run.append(block)
    return run


def _indented(doc: Document, block: Block) -> bool:
    line_start = doc.source.rfind("\n", 0, block.start) + 1
    return doc.source[line_start : line_start + 1] in (" ", "\t")


def _headless_numbered_runs(doc: Document, covered: list[tuple[int, int]]) -> list[list[Block]]:
    """Runs of numbered bibliographic blocks (or "[n]" notes) outside any reference section."""
    runs: list[list[Block]] = []
    current: list[Block] = []
    for block in doc.blocks:
        if block.kind != "heading" and not any(s <= block.start < e for s, e in covered):
            marks = _reference_marks(doc, block)
            # The number may stand before the block (a list's marker): not the block's own
            # text, so it is read here, and only of a block that could be an entry.
            if marks & _NOTE_MARKER_BIT or (
                marks & _BIBLIOGRAPHIC_BIT and _explicit_number(doc, block)[0] is not None
            ):
                current.append(block)
                continue
        if current:
            runs.append(current)
        current = []
    if current:
        runs.append(current)
    return [_with_glued_neighbours(doc, run) for run in runs]


# "1Kyleena Prescribing Information, September 2016.": a superscript entry number the
# page lost, glued to the entry's first word.
_EDITORS_NOTES = regex.compile(r"\s*notes\s+(?:for|to)\s+(?:the\s+)?editors?\b", regex.IGNORECASE)
_GLUED_NUMBER = regex.compile(r"\s*(?P<n>\d{1,3})(?=\p{Lu}\p{Ll})")


def _with_glued_neighbours(doc: Document, run: list[Block]) -> list[Block]:
    """``run`` with the blocks just before and after it whose glued number continues its
    numbering and that look like an entry (a year or a link)."""
    blocks = doc.blocks
    first = _block_position(doc, run[0])
    last = _block_position(doc, run[-1])
    numbers = [_explicit_number(doc, b)[0] for b in run]
    if first is None or last is None or None in numbers:
        return run
    before = blocks[first - 1] if first > 0 else None
    if before is not None and _glued_number(doc, before) == numbers[0] - 1:  # type: ignore[operator]
        run = [before, *run]
    after = blocks[last + 1] if last + 1 < len(blocks) else None
    if after is not None and _glued_number(doc, after) == numbers[-1] + 1:  # type: ignore[operator]
        run = [*run, after]
    return run


def _glued_number(doc: Document, block: Block) -> int | None:
    if block.kind == "heading" or not _looks_bibliographic(doc, block):
        return None
    match = _GLUED_NUMBER.match(doc.prose, block.start, block.end)
    return int(match.group("n")) if match else None


def _block_position(doc: Document, block: Block) -> int | None:
    for index, candidate in enumerate(doc.blocks):
        if candidate is block:
            return index
    return None


def _looks_bibliographic(doc: Document, block: Block, strict: bool = False) -> bool:
    text = doc.block_text(block)
    if strict:
        source = doc.source[block.start : block.end]
        return bool(_HAS_YEAR.search(text) and _STRONGLY_BIBLIOGRAPHIC.search(source))
    # Under a reference heading, a dated or linked paragraph is an entry; "Comments" is not.
    return bool(doc.links_in(block.start, block.end) or _HAS_YEAR.search(text))


def _explicit_number(doc: Document, block: Block) -> tuple[int | None, int]:
    """The entry number shown before or at the start of ``block``, and where its text starts."""
    prefix = _line_prefix(doc.source, block.start) or ""
    before = _MARKER_BEFORE.search(prefix) if prefix else None
    if before and not prefix[: before.start()].strip(" \t>-*"):
        number = before.group("n1") or before.group("n2") or before.group("n3")
        return int(number), block.start
    at_start = _MARKER_AT_START.match(doc.prose, block.start, block.end)
    if at_start:
        number = next(at_start.group(g) for g in ("n1", "n2", "n3", "n4") if at_start.group(g))
        return int(number), at_start.end()
    return None, block.start


_MARK_CHARS = frozenset(" \t>-*")


def _line_prefix(source: str, start: int, window: int = 256) -> str | None:
    """``source`` from the start of the line to ``start``, where an entry marker may stand:
    None when the line holds anything but quote marks, list marks and spaces more than
    ``window`` characters back (no marker then). Read back from ``start``, never to the
    start of a long line: every cell of a table row a megabyte wide asks (that was
    quadratic)."""
    low = max(0, start - window)
    newline = source.rfind("\n", low, start)
    if newline >= 0 or low == 0:
        return source[newline + 1 : start]
    at = low
    while at > 0 and source[at - 1] in _MARK_CHARS:
        at -= 1
    if at > 0 and source[at - 1] != "\n":
        return None
    return source[at:start]


def _entry_number(doc: Document, block: Block, glued: bool) -> tuple[int | None, int]:
    """:func:`_explicit_number`, or in a list that has them a glued "1Kyleena" number."""
    number, text_start = _explicit_number(doc, block)
    if number is None and glued:
        match = _GLUED_NUMBER.match(doc.prose, block.start, block.end)
        if match:
            return int(match.group("n")), match.end()
    return number, text_start


def _entries_from_blocks(doc: Document, blocks: Sequence[Block]) -> list[ReferenceEntry]:
    entries: list[ReferenceEntry] = []
    numbered_list = any(_explicit_number(doc, b)[0] is not None for b in blocks)
    for block in blocks:
        number, text_start = _entry_number(doc, block, numbered_list)
        if number is None and numbered_list and entries and _continues(doc, entries[-1], block):
            # A wrapped line of the previous numbered entry.
            previous = entries.pop()
            entries.append(_make_entry(doc, previous.start, block.end, previous.number, None))
            continue
        if number is None and not _looks_bibliographic(doc, block):
            continue  # "Comments", "Back to top": chrome, not an entry
        entries.append(_make_entry(doc, text_start, block.end, number, None))
    if entries and all(e.number is None for e in entries) and _in_html_ordered_list(doc, blocks):
        entries = [
            _make_entry(doc, e.start, e.end, position, None)
            for position, e in enumerate(entries, start=1)
        ]
    return entries


def _continues(doc: Document, previous: ReferenceEntry, block: Block) -> bool:
    """Whether an unnumbered block is the wrapped rest of the numbered entry before it."""
    line_start = doc.source.rfind("\n", 0, block.start) + 1
    indented = doc.source[line_start : line_start + 1] in (" ", "\t")
    text = doc.block_text(block)
    previous_text = doc.prose[previous.start : previous.end].rstrip()
    mid_sentence = not previous_text.endswith((".", "!", "?")) or text[:1].islower()
    return indented or mid_sentence


def _in_html_ordered_list(doc: Document, blocks: Sequence[Block]) -> bool:
    if doc.format != "html" or not blocks or blocks[0].kind != "list-item":
        return False
    head = doc.source[: blocks[0].start].casefold()
    return head.rfind("<ol") > head.rfind("<ul")


def _footnote_entries(doc: Document) -> list[ReferenceEntry]:
    if doc.notes:  # the parser knows the format's footnotes (Word, Google Docs, reST)
        return [
            _make_entry(
                doc, start, end, int(label) if label.isdigit() and len(label) <= 3 else None, label
            )
            for start, end, label in doc.notes
        ]
    if doc.format not in ("markdown", "mdx"):
        return []
    entries = []
    for match in _FOOTNOTE_DEFINITION.finditer(doc.source):
        line_end = doc.source.find("\n", match.end())
        line_end = len(doc.source) if line_end == -1 else line_end
        block = next((b for b in doc.blocks if match.end() <= b.start <= line_end), None)
        end = block.end if block is not None else line_end
        label = match.group("label")
        number = int(label) if label.isdigit() and len(label) <= 3 else None
        entries.append(_make_entry(doc, match.end(), end, number, label))
    return entries


def _make_entry(
    doc: Document, start: int, end: int, number: int | None, label: str | None
) -> ReferenceEntry:
    # Footnote definitions the parser dropped are masked in prose; read the source there.
    text = doc.prose[start:end] if doc.prose[start:end].strip() else doc.source[start:end]
    author_tokens, acronyms, year = _entry_fields(" ".join(text.split()))
    return ReferenceEntry(
        start=start,
        end=end,
        number=number,
        label=label,
        author_tokens=author_tokens,
        acronyms=acronyms,
        year=year,
    )


@functools.lru_cache(maxsize=4096)
def _entry_fields(text: str) -> tuple[tuple[str, ...], tuple[str, ...], str | None]:
    """An entry's author words, acronyms and year, from its text alone. Kept by text: the
    reference lists are found again on every lint, and in an editor a keystroke leaves
    every entry as it was (their names cost more to fold than the rest of the search).
    """
    year_match = _ENTRY_YEAR_PAREN.search(text) or _ENTRY_YEAR_ANY.search(text)
    year = None
    author_part = text
    if year_match is not None:
        year = " ".join((year_match.group("year") or year_match.group(0)).split())
        author_part = text[: year_match.start()]
    if not author_part.strip():
        author_part = text
    acronyms = tuple(m.group("acronym") for m in _ENTRY_ACRONYM.finditer(author_part))
    return tuple(_name_tokens(author_part)[:40]), acronyms, year


# -- resolving ------------------------------------------------------------------

_ET_AL_WORDS = regex.compile(
    r"\bet\s*al\b\.?|\b(?:and|&)\s+(?:colleagues|others|co-?workers|associates)\b", regex.IGNORECASE
)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _name_tokens(text: str) -> list[str]:
    """ "Müller-Lüdenscheid, A." → ["muller", "ludenscheid", "a"]; leading "the" dropped."""
    words = regex.findall(r"[\p{L}\p{N}]+", _fold(_ET_AL_WORDS.sub(" ", text)))
    while words and words[0] == "the":
        words.pop(0)
    return words


def _years_match(cited: str, listed: str | None) -> bool:
    if listed is None:
        return False
    cited_folded = cited.casefold().replace(" ", "")
    listed_folded = listed.casefold().replace(" ", "")
    if cited_folded == listed_folded:
        return True
    # "2021a" against an entry that shows only "2021" (and the reverse) is tolerated.
    return (
        cited_folded[:4].isdigit()
        and cited_folded[:4] == listed_folded[:4]
        and (len(cited_folded) == 4 or len(listed_folded) == 4)
    )


def _is_subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(ch in letters for ch in short)


_BRACKETED = regex.compile(r"[\[(](?P<acronym>[^\])]*)[\])]")


def _names_match(name: str, entry: ReferenceEntry) -> bool:
    """Surname or organisation (or its acronym) against the start of an entry's author part."""
    acronyms = (m.group("acronym") for m in _BRACKETED.finditer(name))
    candidates = [_BRACKETED.sub(" ", name), *acronyms]
    return any(_name_matches(candidate, entry) for candidate in candidates)


def _name_matches(name: str, entry: ReferenceEntry) -> bool:
    tokens = _name_tokens(name)
    if not tokens:
        return False
    listed = list(entry.author_tokens)
    if listed[: len(tokens)] == tokens:
        return True
    bare = regex.sub(r"[^\p{L}]", "", name)
    if 2 <= len(bare) <= 10 and bare.isupper():
        if bare in entry.acronyms:
            return True
        # "CDC" for "Centers for Disease Control and Prevention": initials, in order.
        initials = "".join(t[0] for t in listed if t not in {"of", "for", "and", "on", "in", "the"})
        head = initials[: len(bare) + 3].upper()
        return len(bare) >= 3 and head[:1] == bare[:1] and _is_subsequence(bare, head)
    return False


def resolve_key(key: CitationKey, entries: Sequence[ReferenceEntry]) -> ReferenceEntry | None:
    """The entry ``key`` points to, or None."""
    if isinstance(key, AuthorYear):
        for entry in entries:
            if _years_match(key.year, entry.year) and _names_match(key.name, entry):
                return entry
        return None
    if isinstance(key, int):
        for entry in entries:
            if entry.number == key:
                return entry
        key = str(key)
    for entry in entries:
        if entry.label is not None and entry.label == key:
            return entry
    if key.isdigit():
        number = int(key)
        return next((e for e in entries if e.number == number and e.label is None), None)
    return None


def resolve(
    citation: Citation, entries: Sequence[ReferenceEntry]
) -> tuple[list[tuple[CitationKey, ReferenceEntry]], list[CitationKey]]:
    """(resolved (key, entry) pairs, unresolved keys) of one citation."""
    resolved: list[tuple[CitationKey, ReferenceEntry]] = []
    unresolved: list[CitationKey] = []
    for key in citation.keys:
        entry = resolve_key(key, entries)
        if entry is None:
            unresolved.append(key)
        else:
            resolved.append((key, entry))
    return resolved, unresolved


def describe_key(key: CitationKey) -> str:
    if isinstance(key, AuthorYear):
        return f"{key.name}, {key.year}"
    return str(key)


# -- what document rules skip: reference sections and entries ---------------------------
# The headings of a reference section as the document rules (readability, benefits, harms,
# evidence, disclosure) skip it: a looser reading than REFERENCE_HEADING_PATTERN's above
# ("Further reading", "Literature"), kept as it was when it lived in the readability kind.
REFERENCE_SECTION_HEADING = regex.compile(
    r"^\W*(?:references?|reference\s+list|bibliography|sources?|works\s+cited|"
    r"literature(?:\s+cited)?|citations?|(?:end|foot)?notes|further\s+reading)\W*$",
    regex.IGNORECASE,
)
# Signals of a bibliography entry; two of them make a block a reference, not prose.
_REFERENCE_SIGNALS = (
    regex.compile(r"\(\s*(?:1[89]|20)\d{2}[a-z]?(?:,[^()]{0,20})?\s*\)\s*\."),  # "(2006)."
    regex.compile(r"(?:^|\s)\p{Lu}[\p{L}'’-]+,\s+(?:\p{Lu}\.\s*){1,3}"),  # "Zarate, C. A."
    regex.compile(r"\b\d{1,4}\s*\(\d{1,4}\)\s*[,:]\s*\d+(?:\s*[-–]\s*\d+)?"),  # "63(8), 856-864"
    regex.compile(r"\bdoi\s*[:.]|\bdoi\.org\b|\bretrieved\s+from\b|\bPMID\b", regex.IGNORECASE),
    regex.compile(r"\bet\s+al\.\s*[,(]?\s*(?:1[89]|20)\d{2}"),
)


def is_reference_entry(text: str) -> bool:
    return sum(1 for signal in _REFERENCE_SIGNALS if signal.search(text)) >= 2


def counted_blocks(doc: Document) -> list[Block]:
    """Blocks outside reference lists that are no reference entry: what document rules
    read. Made once per document (several rules ask)."""
    chosen = doc.memo.get("readability:counted-blocks")
    if chosen is None:
        excluded = reference_ranges(doc)
        chosen = doc.memo["readability:counted-blocks"] = [
            block
            for block in doc.blocks
            if not any(start <= block.start < end for start, end in excluded)
            and not (block.kind != "heading" and is_reference_block(doc, block))
        ]
    return list(chosen)


def is_reference_block(doc: Document, block: Block) -> bool:
    """is_reference_entry of the block's text. The document rules that skip reference
    entries each ask it of every block on every lint, so the answer is kept with the
    paragraph (Document.remember): five searches a block, which a keystroke in a long
    document otherwise makes again for every paragraph."""
    return doc.remember(
        block, "citations.reference-entry", lambda: is_reference_entry(doc.block_text(block))
    )


def reference_ranges(doc: Document) -> list[tuple[int, int]]:
    """Source ranges of reference-list sections (heading included)."""
    return [
        (section.start, section.end)
        for section in doc.iter_sections()
        if section.heading is not None
        and REFERENCE_SECTION_HEADING.match(doc.block_text(section.heading))
    ]
