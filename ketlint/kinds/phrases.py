"""``phrases``: flag listed words and patterns, optionally with a suggestion or fix.

All terms of a rule are compiled into one alternation, so a house list of
thousands of terms costs one pass over the text, not one pass per term.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import regex

from ketlint.document import Block, Document
from ketlint.kinds.base import CheckContext, Rule, render_message
from ketlint.model import Finding, Fix

WORD_CHAR = r"[\p{L}\p{N}_]"

TERM_SCHEMA: dict[str, Any] = {
    "oneOf": [
        {"type": "string", "minLength": 1, "description": "A literal phrase."},
        {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "term": {"type": "string", "minLength": 1, "description": "A literal phrase."},
                "pattern": {"type": "string", "minLength": 1, "description": "A regular expression (the `regex` module's syntax)."},
                "suggestion": {"type": "string", "description": "Plainer wording, shown in the message."},
                "replace": {"type": "string", "description": "Replacement offered as a fix."},
                "safe": {"type": "boolean", "description": "Whether the replacement is a safe fix (applied by --fix)."},
                "message": {"type": "string", "description": "Message for this term instead of the rule's."},
                "case-sensitive": {"type": "boolean"},
                "weight": {"type": "number", "minimum": 0, "description": "Strength, for document scores (default 1)."},
            },
            "oneOf": [{"required": ["term"]}, {"required": ["pattern"]}],
        },
    ]
}


@dataclass(frozen=True)
class Term:
    label: str
    pattern: str  # regex source, without word boundaries
    suggestion: str | None = None
    replace: str | None = None
    safe: bool = False
    message: str | None = None
    case_sensitive: bool = False
    weight: float = 1.0


def literal_pattern(phrase: str) -> str:
    """A literal phrase whose spaces match any whitespace run (masked markup becomes spaces)."""
    words = phrase.split()
    escaped = [regex.escape(word) for word in words]
    # Curly and straight apostrophes are the same letter to a reader.
    joined = r"\s+".join(escaped)
    return joined.replace("'", "['’]").replace("’", "['’]")


def parse_term(entry: Any) -> Term:
    if isinstance(entry, str):
        return Term(label=entry, pattern=literal_pattern(entry))
    if "term" in entry:
        label = entry["term"]
        source = literal_pattern(label)
    else:
        label = entry["pattern"]
        source = entry["pattern"]
    return Term(
        label=label,
        pattern=source,
        suggestion=entry.get("suggestion"),
        replace=entry.get("replace"),
        safe=bool(entry.get("safe", False)),
        message=entry.get("message"),
        case_sensitive=bool(entry.get("case-sensitive", False)),
        weight=float(entry.get("weight", 1.0)),
    )


def compile_terms(
    terms: list[Term], whole_word: bool, ignore_case: bool
) -> regex.Pattern[str]:
    """One pattern for all terms; group ``t<i>`` tells which term matched."""
    parts = []
    for index, term in enumerate(terms):
        body = term.pattern
        if term.case_sensitive and ignore_case:
            body = f"(?-i:{body})"
        parts.append(f"(?P<t{index}>{body})")
    alternation = "|".join(parts) or "(?!)"
    if whole_word:
        # The lookahead rejects positions inside whitespace runs (masked markup makes long
        # ones) at once, before any term's own lookbehind scans back over the run.
        alternation = f"(?<!{WORD_CHAR})(?=[\\p{{L}}\\p{{N}}_])(?:{alternation})(?!{WORD_CHAR})"
    flags = regex.VERSION1 | regex.UNICODE
    if ignore_case:
        flags |= regex.IGNORECASE
    return regex.compile(alternation, flags)


def match_case(original: str, replacement: str) -> str:
    if original[:1].isupper() and replacement[:1].islower():
        return replacement[0].upper() + replacement[1:]
    return replacement


class PhrasesRule(Rule):
    kind = "phrases"
    granularity = "block"
    options_doc = "Flags listed phrases and patterns anywhere in prose."
    options_schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["terms"],
        "properties": {
            "terms": {"type": "array", "minItems": 1, "items": TERM_SCHEMA,
                      "description": "Phrases (literal) or patterns (regex) to flag."},
            "exceptions": {"type": "array", "items": {"type": "string", "minLength": 1},
                           "description": "Regexes: a match inside a text matching one of these is not flagged."},
            "ignore-case": {"type": "boolean", "default": True},
            "whole-word": {"type": "boolean", "default": True},
            "skip-headings": {"type": "boolean", "default": False},
            "suggestion-message": {"type": "string", "default": "Consider “{suggestion}”.",
                                   "description": "Appended to the message when a term has a suggestion."},
        },
    }

    def configure(self, options: dict[str, Any]) -> None:
        self.terms = [parse_term(entry) for entry in options.get("terms", [])]
        ignore_case = options.get("ignore-case", True)
        self.pattern = compile_terms(self.terms, options.get("whole-word", True), ignore_case)
        flags = regex.VERSION1 | (regex.IGNORECASE if ignore_case else 0)
        self.exceptions = [regex.compile(p, flags) for p in options.get("exceptions", [])]
        self.skip_headings = options.get("skip-headings", False)
        self.suggestion_message = options.get("suggestion-message", "Consider “{suggestion}”.")

    def term_for(self, match: regex.Match[str]) -> Term:
        name = match.lastgroup
        if name is None or not name.startswith("t"):
            # Nested named groups inside a user pattern: find the outermost t<i>.
            for index in range(len(self.terms)):
                if match.group(f"t{index}") is not None:
                    return self.terms[index]
        else:
            return self.terms[int(name[1:])]
        raise LookupError("no term matched")

    def check_block(self, doc: Document, block: Block, ctx: CheckContext) -> Iterable[Finding]:
        if self.skip_headings and block.kind == "heading":
            return
        prose = doc.prose
        for match in self.finditer(self.pattern, prose, block.start, block.end, ctx):
            start, end = match.span()
            if start == end:
                continue
            if self.exceptions and self._excepted(prose, block, start, end, ctx):
                continue
            term = self.term_for(match)
            yield self.term_finding(doc, term, start, end)

    def term_finding(self, doc: Document, term: Term, start: int, end: int) -> Finding:
        # The words as read: markup inside the range ("a **beacon** of hope") is not quoted.
        matched = " ".join(doc.prose[start:end].split())
        values = {"match": matched, "suggestion": term.suggestion, "term": term.label}
        message = render_message(term.message or self.spec.message, values)
        if term.suggestion:
            message = f"{message} {render_message(self.suggestion_message, values)}"
        fix = None
        # Replacing a range that holds markup would delete half of it (an unclosed "**").
        if term.replace is not None and doc.source[start:end] == doc.prose[start:end]:
            replacement = match_case(matched, term.replace)
            fix = Fix(start, end, replacement, f"Replace with “{replacement}”", term.safe)
        return self.finding(
            start, end, message=message, fix=fix, data={"term": term.label, "weight": term.weight}
        )

    def _excepted(
        self, prose: str, block: Block, start: int, end: int, ctx: CheckContext
    ) -> bool:
        window_start = max(block.start, start - 80)
        window_end = min(block.end, end + 80)
        for exception in self.exceptions:
            for m in self.finditer(exception, prose, window_start, window_end, ctx):
                if m.start() <= start and m.end() >= end:
                    return True
        return False
