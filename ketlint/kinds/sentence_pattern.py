"""``sentence-pattern``: flag a phrase only when its sentence also says something else.

Some problems are not a word but a pairing inside one sentence: an animal
study ("in mice") next to a benefit ("reverses memory loss"), with no caveat
anywhere near ("not yet tested in people"). A rule of this kind names three
lists of regexes:

* ``patterns``: what gets flagged; the finding covers exactly its match;
* ``with-any`` (optional): at least one must occur in the same sentence;
* ``unless-any`` (optional): if one occurs in the ``unless-scope`` (the
  sentence or the whole paragraph), nothing in that sentence is flagged;
* ``unless-lead`` (optional): if one occurs in the article's lead (its title
  and the paragraph under it), nothing after the lead is flagged: the article is
  about something else (a trial in people), and later sentences are its
  background.

All matching runs on the prose mask, so markup, code, URLs and link targets can
neither trigger nor excuse a finding. Reference-list entries are not read: they
name other work, they do not make the article's claims. Findings depend only on the block's own
text (a paragraph is a block), so the kind works per block and is cached.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import regex

from ketlint import searching
from ketlint.citations import in_reference_list
from ketlint.document import Block, Document
from ketlint.kinds.base import BlockFacts, Judgement, Kind, LazyPattern, Paragraph, lead_blocks
from ketlint.model import Finding, Related
from ketlint.negation import described_use
from ketlint.timeouts import user_pattern

PATTERN_LIST_SCHEMA: dict[str, Any] = {
    "type": "array",
    "items": {"type": "string", "minLength": 1},
}


def _pattern_list(description: str, *, required: bool = False) -> dict[str, Any]:
    schema = dict(PATTERN_LIST_SCHEMA, description=description)
    if required:
        schema["minItems"] = 1
    return schema


def compile_alternation(sources: list[str], ignore_case: bool) -> regex.Pattern[str] | None:
    """One pattern for a list of regexes (one pass over a sentence), or None for an empty list."""
    if not sources:
        return None
    flags = regex.VERSION1 | regex.UNICODE | (regex.IGNORECASE if ignore_case else 0)
    # Each source in its own non-capturing group so an alternation inside one stays inside it.
    return user_pattern("|".join(f"(?:{source})" for source in sources), flags)


class SentencePatternRule(Kind[tuple[Finding, ...]]):
    kind = "sentence-pattern"
    pattern_options = frozenset(
        (
            "patterns",
            "unless-any",
            "unless-lead",
            "with-any",
        )
    )
    options_doc = (
        "Flags a pattern in a sentence that also matches one of `with-any`, "
        "unless one of `unless-any` occurs in the sentence or its paragraph."
    )
    options_schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["patterns"],
        "properties": {
            "patterns": _pattern_list(
                "Regexes for the words to flag; a finding covers exactly one match.",
                required=True,
            ),
            "with-any": _pattern_list(
                "Regexes of which at least one must also occur in the same sentence "
                "(for example a benefit claim). Empty or absent: no such condition."
            ),
            "unless-any": _pattern_list(
                "Regexes that excuse the sentence (for example a caveat) when one occurs "
                "within `unless-scope`."
            ),
            "unless-lead": _pattern_list(
                "Regexes: when one occurs in the title or the paragraph under it (the lead), "
                "nothing after that paragraph is flagged (for example, the article reports a "
                "trial in people, so an animal result further down is its background)."
            ),
            "unless-scope": {
                "enum": ["sentence", "paragraph"],
                "default": "sentence",
                "description": "Where `unless-any` is looked for: the flagged sentence only, "
                "or the whole paragraph (block) it belongs to.",
            },
            "first-only": {
                "type": "boolean",
                "default": True,
                "description": "Flag only the first match of `patterns` in a sentence, so one "
                "claim gives one finding. False: flag every match.",
            },
            "skip-described-uses": {
                "type": "boolean",
                "default": False,
                "description": "A `with-any` match right after a description of what a "
                'treatment is for or how it works ("a drug used to boost", "which works '
                'by") does not count: it describes the treatment, not a finding '
                "(ketlint.negation.described_use).",
            },
            "ignore-case": {
                "type": "boolean",
                "default": True,
                "description": "Match all patterns regardless of case.",
            },
            "skip-headings": {
                "type": "boolean",
                "default": False,
                "description": "Do not check headings (titles included).",
            },
        },
    }

    def configure(self, options: dict[str, Any]) -> None:
        ignore_case = bool(options.get("ignore-case", True))
        patterns = compile_alternation(list(options.get("patterns", [])), ignore_case)
        if patterns is None:
            raise ValueError("'patterns' needs at least one regex")
        self.patterns = patterns
        self.asked_of_paragraph = (patterns,)  # asked once of a paragraph: see read_block
        self.with_any = compile_alternation(list(options.get("with-any", [])), ignore_case)
        self.unless_any = compile_alternation(list(options.get("unless-any", [])), ignore_case)
        flags = regex.VERSION1 | regex.UNICODE | (regex.IGNORECASE if ignore_case else 0)
        self.unless_lead = LazyPattern(list(options.get("unless-lead", [])), flags)
        self.unless_scope = options.get("unless-scope", "sentence")
        self.first_only = bool(options.get("first-only", True))
        self.skip_headings = bool(options.get("skip-headings", False))
        self.skip_described_uses = bool(options.get("skip-described-uses", False))

    def _lead_excuses(self, doc: Document) -> bool:
        """Whether ``unless-lead`` matches in the lead (excusing the blocks after it)."""
        pattern = self.unless_lead.get()
        return any(pattern.search(doc.prose, b.start, b.end) for b in lead_blocks(doc))

    def read_block(self, paragraph: Paragraph) -> tuple[Finding, ...]:
        """The paragraph's findings (offsets from its start), before the lead is asked."""
        if self.skip_headings and paragraph.kind == "heading":
            return ()
        prose = paragraph.prose
        # A paragraph-wide excuse clears every sentence of the block at once.
        if self.unless_scope == "paragraph" and self.found(self.unless_any, prose):
            return ()
        # A paragraph that cannot hold the patterns holds them in none of its sentences.
        if not searching.may_match(self.asked_of_paragraph, prose)[0]:
            return ()
        return tuple(
            finding
            for start, end in paragraph.sentences
            for finding in self._check_sentence(prose, start, end)
        )

    def judge(self, doc: Document, facts: BlockFacts[tuple[Finding, ...]]) -> Judgement:
        findings: list[Finding] = []
        lead: list[Block] | None = None
        lead_excuses: bool | None = None
        for block in doc.blocks:
            # A reference list's entries are titles of other work, not the article's claims.
            if in_reference_list(doc, block.start, block.end):
                continue
            found = facts[block]
            # The lead is read only once there is something to excuse.
            if found and self.unless_lead:
                lead = lead_blocks(doc) if lead is None else lead
                if not any(block is b for b in lead):
                    if lead_excuses is None:
                        lead_excuses = self._lead_excuses(doc)
                    if lead_excuses:
                        continue
            findings.extend(finding.shifted(block.start) for finding in found)
        return Judgement(findings, self.criterion_verdict(findings))

    def _check_sentence(self, prose: str, start: int, end: int) -> Iterable[Finding]:
        hits = [m for m in self.search(self.patterns, prose, start, end) if m.end() > m.start()]
        if not hits:
            return
        claim: regex.Match[str] | None = None
        if self.with_any is not None:
            claim = self._first_outside(self.with_any, prose, start, end, hits)
            if claim is None:
                return
        if self.unless_scope == "sentence" and self.found(self.unless_any, prose, start, end):
            return
        for hit in hits[:1] if self.first_only else hits:
            yield self._finding(hit, claim)

    def _finding(self, hit: regex.Match[str], claim: regex.Match[str] | None) -> Finding:
        matched = " ".join(hit.group(0).split())
        values: dict[str, Any] = {"match": matched}
        related: list[Related] = []
        data: dict[str, Any] = {"match": matched}
        if claim is not None:
            claim_text = " ".join(claim.group(0).split())
            values["claim"] = claim_text
            data["claim"] = claim_text
            note = f"“{claim_text}” in the same sentence"
            related.append(Related(claim.start(), claim.end(), note))
        return self.finding(hit.start(), hit.end(), values=values, related=related, data=data)

    def _first_outside(
        self,
        pattern: regex.Pattern[str],
        text: str,
        start: int,
        end: int,
        hits: list[regex.Match[str]],
    ) -> regex.Match[str] | None:
        """The first ``pattern`` match outside every flagged match (a word is not its own claim)."""
        for match in self.search(pattern, text, start, end):
            if match.end() == match.start():
                continue
            if self.skip_described_uses and described_use(text, start, match.start()):
                continue
            if not any(hit.start() <= match.start() and match.end() <= hit.end() for hit in hits):
                return match
        return None
