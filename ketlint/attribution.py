"""Whose claim it is: a statistic or a "researchers found" that belongs to the study an
article reports.

A news story or press release about a study *is* citing that study. When it names the
study's source somewhere in the story (the journal, the meeting, the researchers'
institution, the lead author, a named trial), then "the 1,200 participants", "in the
placebo group, 12% ..." and "the researchers found" are that study's, not claims nobody
can trace. A clinic blog that names no study, or a bare "1 in 3 adults" with no source
anywhere, gets no such credit.

Three lists of patterns, all data in the rule files (see :data:`ATTRIBUTION_SCHEMA`):

* ``named``: what names the source of a study the document reports ("published in The
  Lancet", "researchers at Ridgeway University", "the SPRINT trial"). Searched in the
  story's body blocks only: a title ("New Study Shows ...") or an "About us" blurb names
  nothing.
* ``references``: what ties a claim to that study ("the study", "participants",
  "the researchers found", "in the placebo group"), searched in the claim's ``scope``:
  the claim itself, its sentence or its paragraph.
* ``unattributed``: what makes a sentence someone else's unnamed claim even inside a
  paragraph about the study ("previous studies have shown", "nationwide"): such a claim
  is never credited to the study.

A claim in the title of a document that names its study is the study's too: a headline
summarises what the story reports.

Optionally (``background``), what a news story says *besides* its study is background: a
claim in a story that reports a named study (``background.reports``), not credited to the
study, is reported at most at ``background.severity``, unless its sentence matches
``background.unless`` (a benefit claim, say, which stays at full strength). A document that
cites inline ("(Smith et al., 2020)", "(3)", footnotes) is not a news story in this sense:
there every claim is expected to carry its citation, so it gets no such leniency.

The answer for a block depends on the document (does it name a study? where does the
story end?), so rules that use it put :meth:`ReportedStudy.context` in their block cache
key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import regex

from ketlint import searching
from ketlint.boilerplate import story_end
from ketlint.citations import find_citations
from ketlint.document import Block, Document
from ketlint.model import Severity
from ketlint.timeouts import user_pattern

Scope = Literal["claim", "sentence", "paragraph"]

_PATTERNS = {"type": "array", "items": {"type": "string", "minLength": 1}}

ATTRIBUTION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["named", "references"],
    "description": "Credit claims to the study the document reports and names "
    "(see ketlint/attribution.py).",
    "properties": {
        "named": {
            **_PATTERNS,
            "description": "Regexes: a match in the story's body names the source of a study "
            "the document reports (journal, meeting, institution, lead author, named trial).",
        },
        "references": {
            **_PATTERNS,
            "description": "Regexes: a match in the claim's `scope` ties it to that study.",
        },
        "continues": {
            **_PATTERNS,
            "description": "Regexes, matched at the start of a paragraph: a paragraph that "
            'opens by picking up the one before ("The best inhibitor in this group", '
            '"These compounds") continues its account, so a reference to the study in the '
            "paragraph before counts for it (scope paragraph only).",
        },
        "unattributed": {
            **_PATTERNS,
            "description": "Regexes: a claim whose sentence matches one of these is never "
            'credited to the study ("previous studies have shown", "nationwide").',
        },
        "background": {
            "type": "object",
            "additionalProperties": False,
            "required": ["severity"],
            "description": "Claims of a story that reports a named study, not credited to it, "
            "are background: reported at most at `severity` (a document that cites inline "
            "gets no such leniency).",
            "properties": {
                "severity": {
                    "enum": ["error", "warning", "info", "hint", "off"],
                    "description": "At most this severity for background claims (`off`: not "
                    "reported).",
                },
                "reports": {
                    **_PATTERNS,
                    "description": "Regexes: a match in the story's body says the document "
                    "reports a study (a journal, a meeting, a named trial). Default: `named`.",
                },
                "unless": {
                    "type": "string",
                    "minLength": 1,
                    "description": "A regex searched in the claim's sentence: a match keeps "
                    "the claim at its full severity (a benefit claim, say).",
                },
            },
        },
        "scope": {
            "enum": ["claim", "sentence", "paragraph"],
            "default": "paragraph",
            "description": "Where a reference must be: overlapping the claim itself, in its "
            "sentence, or in its paragraph.",
        },
    },
}


# Citation kinds that show a document cites inline, as papers and careful blogs do; a
# hyperlink does not (news stories link), nor do digits glued to a full stop (weak).
_INLINE_KINDS = frozenset({"author-year", "numbered", "superscript", "footnote"})
# Two such citations make a citing document: one "[1]" may be a stray marker.
_INLINE_CITATIONS = 2


@dataclass(frozen=True)
class Background:
    """How a story that reports a named study treats claims it does not credit to it."""

    severity: Severity | None  # None: not reported
    reports: tuple[regex.Pattern[str], ...] = ()  # empty: the `named` patterns
    unless: regex.Pattern[str] | None = None


@dataclass(frozen=True)
class ReportedStudy:
    named: tuple[regex.Pattern[str], ...]
    references: tuple[regex.Pattern[str], ...]
    unattributed: tuple[regex.Pattern[str], ...] = ()
    continues: tuple[regex.Pattern[str], ...] = ()
    scope: Scope = "paragraph"
    background: Background | None = None

    @classmethod
    def from_options(cls, options: dict[str, Any] | None, flags: int) -> ReportedStudy | None:
        if not options:
            return None
        named = {source: user_pattern(source, flags) for source in options.get("named", [])}
        background = None
        if "background" in options:
            entry = options["background"]
            level = entry["severity"]
            background = Background(
                severity=None if level == "off" else Severity.parse(level),
                # A pattern listed in both is the same object: the engine's searches are
                # kept by pattern, so a paragraph's :meth:`read` searches it once, not twice.
                reports=tuple(
                    named.get(source) or user_pattern(source, flags)
                    for source in entry.get("reports", [])
                ),
                unless=user_pattern(entry["unless"], flags) if "unless" in entry else None,
            )
        return cls(
            named=tuple(named[source] for source in options.get("named", [])),
            # Compiled when first searched, as the others: of some 25, an article searches
            # a few (the prefilter rules most out), and compiling all at every start was
            # 4 M instructions of a cold check.
            references=tuple(user_pattern(p, flags) for p in options.get("references", [])),
            unattributed=tuple(user_pattern(p, flags) for p in options.get("unattributed", [])),
            continues=tuple(user_pattern(p, flags) for p in options.get("continues", [])),
            scope=options.get("scope", "paragraph"),
            background=background,
        )

    # -- a paragraph ----------------------------------------------------------------

    def read(self, prose: str) -> tuple[bool, bool]:
        """Whether a paragraph's ``prose`` names a study's source, and whether it says the
        document reports one (``background.reports``): facts of the paragraph alone, so a
        kind keeps them per paragraph and an edit re-reads only the paragraph it touched.
        Each list is asked of the paragraph as one set (:func:`searching.first_found`):
        most paragraphs hold none of its 19 sources, and the engine says so at once."""
        names = searching.first_found(self.named, prose) >= 0
        reports = self.background is not None and (
            searching.first_found(self.background.reports, prose) >= 0
            if self.background.reports
            else names
        )
        return names, reports

    def settle(self, doc: Document, read: Callable[[Block], tuple[bool, bool]]) -> None:
        """Decide :meth:`named_in` and :meth:`reports_study` for ``doc`` from what
        :meth:`read` found in each of its blocks (``read(block)``), instead of searching
        the whole story again."""
        end = story_end(doc)
        names = reports = False
        for block in doc.body_blocks:
            if block.start >= end:
                break
            block_names, block_reports = read(block)
            names, reports = names or block_names, reports or block_reports
            if names and reports:
                break
        doc.memo[f"attribution.named:{id(self)}"] = names
        if self.background is not None:
            doc.memo[f"attribution.reports:{id(self)}"] = reports and not cites_inline(doc)

    # -- the document ---------------------------------------------------------------

    def named_in(self, doc: Document) -> bool:
        """Whether the story's body names the source of a study (once per document)."""
        key = f"attribution.named:{id(self)}"
        found = doc.memo.get(key)
        if not isinstance(found, bool):
            found = self._find_named(doc)
            doc.memo[key] = found
        return found

    def _find_named(self, doc: Document, patterns: tuple[regex.Pattern[str], ...] = ()) -> bool:
        end = story_end(doc)
        prose = doc.prose
        for block in doc.body_blocks:
            if block.start >= end:
                break
            if searching.first_found(patterns or self.named, prose, block.start, block.end) >= 0:
                return True
        return False

    def reports_study(self, doc: Document) -> bool:
        """Whether the document is a story about a named study that does not cite inline
        (once per document): where :attr:`background` applies."""
        if self.background is None:
            return False
        key = f"attribution.reports:{id(self)}"
        found = doc.memo.get(key)
        if not isinstance(found, bool):
            found = self._find_named(doc, self.background.reports) and not cites_inline(doc)
            doc.memo[key] = found
        return found

    def background_severity(
        self, doc: Document, block: Block, sentence: tuple[int, int], severity: Severity
    ) -> Severity | None:
        """The severity of a claim the study is not credited with: ``severity``, or at most
        the background severity in a story that reports a named study (None: dropped)."""
        background = self.background
        if background is None or block.start >= story_end(doc) or not self.reports_study(doc):
            return severity
        if background.unless is not None and background.unless.search(doc.prose, *sentence):
            return severity
        if background.severity is None:
            return None
        return min(severity, background.severity)

    # -- a claim ----------------------------------------------------------------------

    def attributes(
        self,
        doc: Document,
        block: Block,
        claim: tuple[int, int],
        sentence: tuple[int, int],
    ) -> bool:
        """Whether the claim at ``claim`` (in ``sentence`` of ``block``) is the reported study's.

        The sentence decides first: its own reference (or named source) credits the claim
        even where a population word also stands ("the study found that, in the United
        States, ..."), and an unattributed claim ("previous studies have shown") is not
        credited from the rest of the paragraph. A list item reads its lead-in paragraph
        too ("The researchers found that the treated mice:").
        """
        if block.start >= story_end(doc) or not self.named_in(doc):
            return False
        prose = doc.prose
        if self.scope == "claim":
            start, end = claim
            if block is doc.title_block:
                # A headline's "research finds" is the study the story reports, unless it
                # speaks of a body of work ("mounting evidence", "many studies").
                return not any(
                    m.start() < end and m.end() > start
                    for p in self.unattributed
                    for m in p.finditer(prose, sentence[0], sentence[1])
                )
            # A reference counts when it overlaps the claim ("researchers found" is both).
            return any(
                m.start() < end and m.end() > start
                for p in self.references
                for m in p.finditer(prose, sentence[0], sentence[1])
            )
        if self._refers(doc, *sentence):
            return True
        if searching.first_found(self.unattributed, prose, *sentence) >= 0:
            return False
        if block is doc.title_block:
            return True
        if self.scope == "sentence":
            return False
        if self._refers(doc, block.start, block.end):
            return True
        return self.refers_around(doc, block)

    def refers_around(self, doc: Document, block: Block) -> bool:
        """Whether the paragraph ``block`` picks up (:meth:`_continued`), or the lead-in of
        the list it is an item of (:meth:`_lead_in`), refers to the study: all that
        :meth:`attributes` reads outside the claim's own block."""
        continued = self._continued(doc, block)
        if continued is not None and self._refers(doc, continued.start, continued.end):
            return True
        lead_in = self._lead_in(doc, block)
        return lead_in is not None and self._refers(doc, lead_in.start, lead_in.end)

    def context(self, doc: Document, block: Block) -> tuple[bool, ...]:
        """What :meth:`attributes` and :meth:`background_severity` of a claim in ``block``
        read beyond the block's own text: whether the block is in the story, the
        document's :meth:`named_in` and :meth:`reports_study`, whether it is the title, and
        (where a paragraph's neighbours are read) :meth:`refers_around`."""
        in_story = block.start < story_end(doc)
        named = self.named_in(doc)
        title = block is doc.title_block
        around = (
            in_story and named and not title and self.scope not in ("claim", "sentence")
        ) and self.refers_around(doc, block)
        return (in_story, named, self.reports_study(doc), title, around)

    def _refers(self, doc: Document, start: int, end: int) -> bool:
        """A reference to the study, or a named source, in ``[start, end)``."""
        prose = doc.prose
        return (
            searching.first_found(self.references, prose, start, end) >= 0
            or searching.first_found(self.named, prose, start, end) >= 0
        )

    def _continued(self, doc: Document, block: Block) -> Block | None:
        """The paragraph right before ``block`` when ``block`` opens by picking it up
        ("The best inhibitor in this group, ...", "These compounds ..."), else None."""
        if not self.continues or block.kind != "paragraph" or block is doc.title_block:
            return None
        index = _block_index(doc, block)
        if index == 0:
            return None
        previous = doc.blocks[index - 1]
        if previous.kind != "paragraph" or previous is doc.title_block:
            return None
        prose = doc.prose
        if not any(p.match(prose, block.start, block.end) for p in self.continues):
            return None
        return previous

    @staticmethod
    def _lead_in(doc: Document, block: Block) -> Block | None:
        """The paragraph that introduces the list ``block`` is an item of, if any.

        A list may also be written as paragraphs: "The researchers found:" followed by
        fragments or paragraphs ending in ";" ("each delay cut recovery by 11 percent; and").
        """
        index = _block_index(doc, block)
        if block.kind == "list-item":
            for previous in reversed(doc.blocks[:index]):
                if previous.kind == "list-item":
                    continue
                return previous if previous.kind == "paragraph" else None
            return None
        if block.kind != "paragraph":
            return None
        for previous in reversed(doc.blocks[:index]):
            if previous.kind != "paragraph":
                return None
            tail = doc.prose[previous.start : previous.end].rstrip()
            if tail.endswith(":"):
                return previous
            if _SENTENCE_END.search(tail):
                return None  # a full sentence: prose, not an item of the list
        return None


# An item of a list written as paragraphs is a fragment ("Regrew hair faster") or ends in
# ";" / "; and"; a paragraph that ends like a sentence is prose, not an item.
_SENTENCE_END = regex.compile(r"[.!?][\"”’')\]]*$")


def cites_inline(doc: Document) -> bool:
    """Whether the story cites inline, as papers and careful blogs do (once per document)."""
    found = doc.memo.get("attribution.cites_inline")
    if not isinstance(found, bool):
        citations = find_citations(doc, 0, story_end(doc))
        inline = [c for c in citations if c.kind in _INLINE_KINDS and not c.weak]
        found = len(inline) >= _INLINE_CITATIONS
        doc.memo["attribution.cites_inline"] = found
    return found


def _block_index(doc: Document, block: Block) -> int:
    """Position of ``block`` in ``doc.blocks`` (an index built once per document)."""
    index: dict[int, int] | None = doc.memo.get("attribution.block_index")
    if index is None:
        index = doc.memo["attribution.block_index"] = {id(b): i for i, b in enumerate(doc.blocks)}
    return index.get(id(block), 0)
