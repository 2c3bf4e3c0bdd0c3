"""Where a finding stands, and what a rule does about it: inside a direct quotation, in
press-release boilerplate after the story, or denied by the words before it.

A word-list rule judges the writer's wording. Inside quotation marks the words are
someone else's (a researcher's, a patient's own description of themselves), and an
"About the company" blurb at the end of a release is the institution's standard text,
not the story. Whether such findings still deserve a warning is a house decision, so
it is rule data: ``in-quotes-severity`` and ``in-boilerplate-severity`` (at most this
severity, or ``off``), each with a message of its own. Likewise ``when-denied-severity``
for a phrase the writer rejects ("should not be seen as a panacea"; see ketlint.negation).

Whatever the options say, a fix inside a quotation is never applied by ``--fix``:
rewriting a quote silently would misquote the speaker. It is still offered, as an
unsafe fix, for an editor who paraphrases.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ketlint.boilerplate import story_end
from ketlint.document import Block, Document
from ketlint.kinds.base import render_message
from ketlint.model import Finding, Severity
from ketlint.negation import denied, unclaimed
from ketlint.quotes import quotation_at

_SEVERITY_OR_OFF = ["error", "warning", "info", "hint", "off"]

DEFAULT_QUOTE_MESSAGE = (
    "{message} It stands inside a direct quotation: the speaker's words, which an editor "
    "may paraphrase but not reword."
)
DEFAULT_DENIED_MESSAGE = "{message} (The sentence seems to reject it: check.)"
DEFAULT_UNCLAIMED_MESSAGE = (
    "{message} (It reads as a wish or as how it felt to the speaker, not as a claim "
    "about the result: check.)"
)
DEFAULT_BOILERPLATE_MESSAGE = (
    '{message} It stands in the boilerplate after the story (an "About ..." blurb, contacts).'
)

PLACEMENT_OPTIONS: dict[str, Any] = {
    "in-quotes-severity": {
        "enum": _SEVERITY_OR_OFF,
        "description": "Report matches inside a direct quotation (double quotation marks, "
        "straight or curly; see ketlint.quotes) at most at this severity, or not at all "
        "(`off`). Absent: like any other match. Either way a fix inside a quotation is "
        "never applied by --fix.",
    },
    "in-quotes-message": {
        "type": "string",
        "default": DEFAULT_QUOTE_MESSAGE,
        "description": "Message of matches inside a quotation (with `in-quotes-severity`); "
        "{message} is the message the match would have had, {match} the words matched.",
    },
    "in-boilerplate-severity": {
        "enum": _SEVERITY_OR_OFF,
        "description": "Report matches in press-release boilerplate (from a `###` end mark "
        'or an "About ..." blurb on; see ketlint.boilerplate) at most at this severity, '
        "or not at all (`off`). Absent: like any other match.",
    },
    "in-boilerplate-message": {
        "type": "string",
        "default": DEFAULT_BOILERPLATE_MESSAGE,
        "description": "Message of matches in boilerplate (with `in-boilerplate-severity`); "
        "{message} and {match} as for `in-quotes-message`.",
    },
    "when-denied-severity": {
        "enum": _SEVERITY_OR_OFF,
        "description": 'Report matches that the words just before them deny ("should not '
        'be seen as a panacea", "far from a breakthrough", "too early to call it a '
        'cure": a denial cue within 8 words, in the same clause; see ketlint.negation) at '
        "most at this severity, or not at all (`off`). Absent: like any other match.",
    },
    "when-denied-message": {
        "type": "string",
        "default": DEFAULT_DENIED_MESSAGE,
        "description": "Message of denied matches (with `when-denied-severity`); {message} "
        "and {match} as for `in-quotes-message`.",
    },
    "when-unclaimed-severity": {
        "enum": _SEVERITY_OR_OFF,
        "description": "Report matches that the words just before them frame as no claim "
        "about a result at most at this severity, or not at all (`off`): a wish in the "
        'conditional ("would be a major breakthrough"; "could be" stays a claim) or, '
        'inside a quotation, how it felt to the speaker ("it was like a miracle"); see '
        "ketlint.negation. Absent: like any other match.",
    },
    "when-unclaimed-message": {
        "type": "string",
        "default": DEFAULT_UNCLAIMED_MESSAGE,
        "description": "Message of such matches (with `when-unclaimed-severity`); {message} "
        "and {match} as for `in-quotes-message`.",
    },
}


@dataclass(frozen=True)
class Treatment:
    severity: Severity | None  # None: off (the finding is dropped)
    message: str


def _treatment(options: dict[str, Any], key: str, default_message: str) -> Treatment | None:
    level = options.get(f"{key}-severity")
    if level is None:
        return None
    severity = None if level == "off" else Severity.parse(level)
    return Treatment(severity, options.get(f"{key}-message", default_message))


@dataclass(frozen=True)
class Placement:
    in_quotes: Treatment | None = None
    in_boilerplate: Treatment | None = None
    when_denied: Treatment | None = None
    when_unclaimed: Treatment | None = None

    @classmethod
    def from_options(cls, options: dict[str, Any]) -> Placement:
        return cls(
            _treatment(options, "in-quotes", DEFAULT_QUOTE_MESSAGE),
            _treatment(options, "in-boilerplate", DEFAULT_BOILERPLATE_MESSAGE),
            _treatment(options, "when-denied", DEFAULT_DENIED_MESSAGE),
            _treatment(options, "when-unclaimed", DEFAULT_UNCLAIMED_MESSAGE),
        )

    def read(self, doc: Document, block: Block, start: int, end: int) -> Where:
        """Where ``start``..``end`` stands in ``block``: what the block's own text says
        (so a kind may read it with the paragraph, see kinds.base.Kind.read_block)."""
        quoted = quotation_at(doc, start, end, block) is not None
        return Where(
            denied=self.when_denied is not None and denied(doc, block, start),
            quoted=quoted,
            unclaimed=self.when_unclaimed is not None
            and unclaimed(doc, block, start, quoted=quoted, end=end),
        )

    def apply(self, doc: Document, finding: Finding, where: Where) -> Finding | None:
        """``finding``, standing where :meth:`read` found, as the rule reports it; None when
        it is not reported. Whether it is in the boilerplate is asked of ``doc`` here."""
        if self.when_denied is not None and where.denied:
            return treated(doc, finding, self.when_denied, "denied")
        if self.in_boilerplate is not None and finding.start >= story_end(doc):
            return treated(doc, finding, self.in_boilerplate, "boilerplate")
        fix = finding.fix
        if where.quoted and fix is not None and fix.safe:
            finding = replace(finding, fix=replace(fix, safe=False))
        if self.when_unclaimed is not None and where.unclaimed:
            return treated(doc, finding, self.when_unclaimed, "unclaimed")
        if not where.quoted:
            return finding
        if self.in_quotes is None:
            return finding
        return treated(doc, finding, self.in_quotes, "quotation")


@dataclass(frozen=True)
class Where:
    """Where a span stands in its paragraph, as far as :class:`Placement` asks."""

    denied: bool  # the words before it deny it (when-denied options only)
    quoted: bool  # inside a direct quotation
    unclaimed: bool  # framed as a wish or a feeling (when-unclaimed options only)


def treated(doc: Document, finding: Finding, treatment: Treatment, where: str) -> Finding | None:
    """``finding`` as ``treatment`` says (its severity at most, its message, ``where`` in its
    data), or None where the treatment drops it."""
    if treatment.severity is None:
        return None
    matched = " ".join(doc.prose[finding.start : finding.end].split())
    message = render_message(treatment.message, {"message": finding.message, "match": matched})
    return replace(
        finding,
        severity=min(finding.severity, treatment.severity),
        message=message,
        data={**finding.data, "placement": where},
    )
