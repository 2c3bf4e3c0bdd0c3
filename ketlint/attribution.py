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

The answer for a block depends on the document (does it name a study? where does the
story end?), so rules that use it put :meth:`ReportedStudy.context` in their block cache
key.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any, Literal

import regex

from ketlint.boilerplate import story_end
from ketlint.document import Block, Document

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
        "unattributed": {
            **_PATTERNS,
            "description": "Regexes: a claim whose sentence matches one of these is never "
            "credited to the study (\"previous studies have shown\", \"nationwide\").",
        },
        "scope": {
            "enum": ["claim", "sentence", "paragraph"],
            "default": "paragraph",
            "description": "Where a reference must be: overlapping the claim itself, in its "
            "sentence, or in its paragraph.",
        },
    },
}


@dataclass(frozen=True)
class ReportedStudy:
    named: tuple[regex.Pattern[str], ...]
    references: tuple[regex.Pattern[str], ...]
    unattributed: tuple[regex.Pattern[str], ...] = ()
    scope: Scope = "paragraph"

    @classmethod
    def from_options(cls, options: dict[str, Any] | None, flags: int) -> ReportedStudy | None:
        if not options:
            return None
        return cls(
            named=tuple(regex.compile(p, flags) for p in options.get("named", [])),
            references=tuple(regex.compile(p, flags) for p in options.get("references", [])),
            unattributed=tuple(regex.compile(p, flags) for p in options.get("unattributed", [])),
            scope=options.get("scope", "paragraph"),
        )

    # -- the document ---------------------------------------------------------------

    def named_in(self, doc: Document) -> bool:
        """Whether the story's body names the source of a study (once per document)."""
        key = f"attribution.named:{id(self)}"
        found = doc.memo.get(key)
        if not isinstance(found, bool):
            found = self._find_named(doc)
            doc.memo[key] = found
        return found

    def _find_named(self, doc: Document) -> bool:
        end = story_end(doc)
        prose = doc.prose
        for block in doc.body_blocks:
            if block.start >= end:
                break
            if any(p.search(prose, block.start, block.end) for p in self.named):
                return True
        return False

    def context(self, doc: Document, block: Block) -> Hashable:
        """What, beside the block's text, :meth:`attributes` reads for claims in ``block``."""
        in_story = block.start < story_end(doc)
        lead_in = self._lead_in(doc, block)
        refers = lead_in is not None and self._refers(doc, lead_in.start, lead_in.end)
        return (self.named_in(doc), block is doc.title_block, in_story, refers)

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
        if any(p.search(prose, *sentence) for p in self.unattributed):
            return False
        if block is doc.title_block:
            return True
        if self.scope == "sentence":
            return False
        if self._refers(doc, block.start, block.end):
            return True
        lead_in = self._lead_in(doc, block)
        return lead_in is not None and self._refers(doc, lead_in.start, lead_in.end)

    def _refers(self, doc: Document, start: int, end: int) -> bool:
        """A reference to the study, or a named source, in ``[start, end)``."""
        prose = doc.prose
        return any(p.search(prose, start, end) for p in self.references) or any(
            p.search(prose, start, end) for p in self.named
        )

    @staticmethod
    def _lead_in(doc: Document, block: Block) -> Block | None:
        """The paragraph that introduces the list ``block`` is an item of, if any."""
        if block.kind != "list-item":
            return None
        index = _block_index(doc, block)
        for previous in reversed(doc.blocks[:index]):
            if previous.kind == "list-item":
                continue
            return previous if previous.kind == "paragraph" else None
        return None


def _block_index(doc: Document, block: Block) -> int:
    """Position of ``block`` in ``doc.blocks`` (an index built once per document)."""
    index: dict[int, int] | None = doc.memo.get("attribution.block_index")
    if index is None:
        index = doc.memo["attribution.block_index"] = {id(b): i for i, b in enumerate(doc.blocks)}
    return index.get(id(block), 0)
