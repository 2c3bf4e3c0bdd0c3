"""Plain data that flows out of the engine: findings, fixes, severities.

Everything here is a frozen dataclass or an enum so results can be cached,
compared, pickled across processes and turned into JSON without surprises.
Offsets are indexes into the source string (Unicode code points), end-exclusive.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ketlint.document import Document

# Finding.shifted makes its copies without the dataclass's __init__ (see there).
_new_object = object.__new__


class Severity(enum.IntEnum):
    """Ordered so that ``severity >= Severity.WARNING`` reads naturally."""

    HINT = 1
    INFO = 2
    WARNING = 3
    ERROR = 4

    @classmethod
    def parse(cls, name: str) -> Severity:
        try:
            return cls[name.strip().upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {name!r} (expected error, warning, info or hint)"
            ) from None

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Fix:
    """Replace ``source[start:end]`` with ``replacement`` (an insertion when start == end)."""

    start: int
    end: int
    replacement: str
    description: str
    safe: bool = True


@dataclass(frozen=True)
class Related:
    """Another place in the same document that explains a finding."""

    start: int
    end: int
    message: str


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    start: int
    end: int
    fix: Fix | None = None
    related: tuple[Related, ...] = ()
    url: str | None = None
    data: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def shifted(self, delta: int) -> Finding:
        """The same finding moved by ``delta`` characters (used by the incremental cache)."""
        fix = self.fix
        if fix is None and not self.related:
            # Most findings: a copy of the fields with two of them moved. Judges move
            # hundreds a keystroke (kinds from their paragraphs' offsets, the engine from
            # where a block stood in the last lint), and a frozen dataclass's __init__ sets
            # each of its nine fields through object.__setattr__: about 3 µs a finding
            # against under 1 µs for this copy. ``data`` is shared, as the constructor
            # call before it shared it.
            moved = _new_object(Finding)
            fields = moved.__dict__
            fields.update(self.__dict__)
            fields["start"] = self.start + delta
            fields["end"] = self.end + delta
            return moved
        from dataclasses import replace

        if fix is not None:
            fix = replace(fix, start=fix.start + delta, end=fix.end + delta)
        related = tuple(replace(r, start=r.start + delta, end=r.end + delta) for r in self.related)
        return replace(
            self, start=self.start + delta, end=self.end + delta, fix=fix, related=related
        )


@dataclass(frozen=True)
class Verdict:
    """A document-level judgement, scored the way HealthNewsReview's reviewers score."""

    criterion: str
    value: str  # "satisfactory", "not-satisfactory" or "not-applicable"
    reason: str = ""
    # The rule's own reading stands: its verdict model (ketlint.verdict_model) is not asked,
    # because the document is of a kind its weights were not fitted on (for instance an
    # article that mentions an intervention without being about one).
    settled: bool = False


@dataclass(frozen=True)
class RuleFailure:
    """A rule that did not run to the end on one document: its findings there are missing.

    ``reason`` is ``"timeout"`` (a user-supplied pattern ran past its time budget,
    :mod:`ketlint.timeouts`), ``"nesting"`` (the text nests too deep for the rule) or
    ``"error"`` (the rule raised: a bug). ``message`` is the line also in
    ``LintResult.errors``. ``missing`` says what the failure cost: ``"findings"`` (the rule
    did not run to the end), or only its ``"metrics"`` or its ``"verdict"``.
    """

    rule: str
    source: str  # the rule file it comes from ("built-in" for ketlint's own)
    reason: str
    message: str
    missing: str = "findings"

    @property
    def findings_missing(self) -> bool:
        """Whether the rule's findings on the document are missing (not just a number or
        a verdict): what JSON's ``rule_failures`` and the editor's ``rule-failed`` report."""
        return self.missing == "findings"


@dataclass
class LintResult:
    """Everything the engine says about one document."""

    path: str | None
    source: str
    findings: list[Finding]
    metrics: dict[str, Any] = field(default_factory=dict)
    verdicts: list[Verdict] = field(default_factory=list)
    # Problems with the run itself (a rule that raised, a file that could not be read).
    errors: list[str] = field(default_factory=list)
    # Every rule among them that failed on this document, as a value (see RuleFailure).
    rule_failures: list[RuleFailure] = field(default_factory=list)
    # Seconds per stage of Linter.lint_text ("parse", "lint"): for the language server's
    # timings log; not part of what the result says, so left out of comparisons.
    timings: dict[str, float] = field(default_factory=dict, compare=False, repr=False)
    # The parsed document, kept only on request (lint_text(keep_document=True)): the
    # editor's code actions and lenses read its parse. None otherwise.
    document: Document | None = field(default=None, compare=False, repr=False)

    @property
    def missing_findings(self) -> list[RuleFailure]:
        """The rules that did not run to the end on this document (their findings are missing)."""
        return [failure for failure in self.rule_failures if failure.findings_missing]
