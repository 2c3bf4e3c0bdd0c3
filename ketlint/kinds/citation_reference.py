"""``citation-reference``: in-text citations and the reference list must agree.

Every "(Smith et al., 2020)", "(3)", "[^2]" or "¹" should lead the reader to
an entry of the reference list (numbered by number; author-year by first author
or organisation, or its acronym, and year; footnotes by label). An entry nobody
cites is reported too, more mildly: it is usually a leftover, but it may also be
background reading.

The rule speaks only when the article has a reference list or numbered
citations: an article that cites by hyperlink, or not at all, gets nothing from
it (other rules judge whether claims are sourced). Numbered citations with no
numbered reference list are one finding, not one per citation. Digits glued to a
full stop ("each year.2") are too uncertain to demand a list on their own.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ketlint.citations import (
    Citation,
    ReferenceEntry,
    ReferenceList,
    body_citations,
    citations_in_document,
    describe_key,
    reference_lists,
    resolve,
)
from ketlint.document import Document
from ketlint.kinds.base import BlockFacts, Judgement, Kind, Paragraph
from ketlint.model import Finding, Related, Severity

DEFAULT_UNCITED_ENTRY_MESSAGE = "This reference is never cited in the text."
DEFAULT_NO_LIST_MESSAGE = (
    "Numbered citation “{citation}” (and {others} more) points to a numbered reference list, "
    "but the article has none."
)
# The lowest number a set of numbered notes can start from and still be taken for notes
# with no list (an excerpt may begin a few notes in).
_LOWEST_FIRST_NOTE = 9
# Citation kinds that point by number or label, which an unnumbered list cannot answer.
_NUMBERED_KINDS = frozenset({"numbered", "superscript", "footnote"})


class CitationReferenceRule(Kind[tuple[Citation, ...]]):
    kind = "citation-reference"
    options_doc = (
        "Checks that in-text citations resolve to entries of the reference list, and reports "
        "entries that are never cited."
    )
    options_schema = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "report-uncited-entries": {
                "type": "boolean",
                "default": True,
                "description": "Report reference entries that no citation points to (only when "
                "the text cites at least one entry of that list).",
            },
            "uncited-entry-severity": {
                "enum": ["error", "warning", "info", "hint"],
                "default": "info",
                "description": "Severity of a never-cited entry.",
            },
            "uncited-entry-message": {
                "type": "string",
                "minLength": 1,
                "default": DEFAULT_UNCITED_ENTRY_MESSAGE,
                "description": "Message for a never-cited entry; `{entry}` is its first words.",
            },
            "no-list-message": {
                "type": "string",
                "minLength": 1,
                "default": DEFAULT_NO_LIST_MESSAGE,
                "description": "Message when numbered citations have no numbered reference list; "
                "`{citation}` is the first one, `{count}` how many there are, `{others}` the rest.",
            },
        },
    }

    def configure(self, options: dict[str, Any]) -> None:
        self.report_uncited = bool(options.get("report-uncited-entries", True))
        self.uncited_severity = Severity.parse(options.get("uncited-entry-severity", "info"))
        self.uncited_message = options.get("uncited-entry-message", DEFAULT_UNCITED_ENTRY_MESSAGE)
        self.no_list_message = options.get("no-list-message", DEFAULT_NO_LIST_MESSAGE)

    def read_block(self, paragraph: Paragraph) -> tuple[Citation, ...]:
        return citations_in_document(paragraph.document)

    def judge(self, doc: Document, facts: BlockFacts[tuple[Citation, ...]]) -> Judgement:
        findings = list(self._findings(doc, facts))
        return Judgement(findings, self.criterion_verdict(findings))

    def _findings(
        self, doc: Document, facts: BlockFacts[tuple[Citation, ...]]
    ) -> Iterable[Finding]:
        lists = reference_lists(doc)
        citations = [c for c in body_citations(doc, facts.__getitem__) if c.needs_entry]
        entries = [entry for ref_list in lists for entry in ref_list.entries]
        if not any(e.number is not None or e.label is not None for e in entries):
            # Nothing to count along: numbered citations are one finding, not one each.
            numbered = [c for c in citations if c.kind in _NUMBERED_KINDS]
            yield from self._no_list(doc, numbered)
            citations = [c for c in citations if c.kind not in _NUMBERED_KINDS]
        if not entries:
            return
        cited: set[ReferenceEntry] = set()
        for citation in citations:
            resolved, unresolved = resolve(citation, entries)
            cited.update(entry for _, entry in resolved)
            if unresolved:
                yield self._unresolved(doc, citation, unresolved, lists)
        if self.report_uncited:
            yield from self._uncited_entries(doc, lists, cited)

    def _no_list(self, doc: Document, citations: list[Citation]) -> Iterable[Finding]:
        # Digits glued to a full stop are too uncertain to demand a list on their own.
        numbered = [c for c in citations if not c.weak]
        if not numbered:
            return
        keys = [key for c in numbered for key in c.keys]
        numbers = [key for key in keys if isinstance(key, int)]
        if len(numbers) == len(keys) and min(numbers) > _LOWEST_FIRST_NOTE:
            # Notes are numbered from 1; markers that all stand far beyond it, with no list to
            # count along, are counts in brackets ("Multicenter (317)"), not lost notes.
            return
        first = numbered[0]
        others = [
            Related(c.start, c.end, f"numbered citation “{c.text(doc)}”") for c in numbered[1:]
        ]
        yield self.finding(
            first.start,
            first.end,
            message=self.no_list_message,
            values={"citation": first.text(doc), "count": len(numbered), "others": len(others)},
            related=others,
            data={"unresolved": [describe_key(k) for c in numbered for k in c.keys]},
        )

    def _unresolved(
        self,
        doc: Document,
        citation: Citation,
        unresolved: list[Any],
        lists: list[ReferenceList],
    ) -> Finding:
        keys = "; ".join(describe_key(key) for key in unresolved)
        related = []
        target = _list_anchor(lists, citation)
        if target is not None:
            related.append(Related(target[0], target[1], "the reference list"))
        return self.finding(
            citation.start,
            citation.end,
            values={"citation": citation.text(doc), "keys": keys},
            related=related,
            data={"unresolved": [describe_key(key) for key in unresolved]},
        )

    def _uncited_entries(
        self, doc: Document, lists: list[ReferenceList], cited: set[ReferenceEntry]
    ) -> Iterable[Finding]:
        for ref_list in lists:
            # A list the text never cites from is a bibliography ("Further sources"), not notes.
            if not any(entry in cited for entry in ref_list.entries):
                continue
            for entry in ref_list.entries:
                if entry in cited:
                    continue
                words = " ".join(doc.source[entry.start : entry.end].split()[:6])
                yield self.finding(
                    entry.start,
                    entry.end,
                    message=self.uncited_message,
                    values={"entry": words},
                    severity=self.uncited_severity,
                    data={"number": entry.number, "label": entry.label},
                )


def _list_anchor(lists: list[ReferenceList], citation: Citation) -> tuple[int, int] | None:
    """Where to point the reader: the heading of the list the citation's style uses."""
    footnote = citation.kind == "footnote"
    for ref_list in lists:
        is_footnotes = any(entry.label is not None for entry in ref_list.entries)
        if is_footnotes != footnote:
            continue
        if ref_list.heading is not None:
            return ref_list.heading.start, ref_list.heading.end
        if ref_list.entries:
            return ref_list.entries[0].start, ref_list.entries[0].end
    if lists and lists[0].heading is not None:
        return lists[0].heading.start, lists[0].heading.end
    return None
