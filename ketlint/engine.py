"""The engine: a document and a resolved rule set in, plain findings out.

The CLI, the Python API and the language server all call :meth:`Linter.lint_text`,
so they cannot disagree about the same text and config.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ketlint.document import BLOCK_MEMO_KEY, Block, BlockMemo, Document
from ketlint.kinds.base import CheckContext, Rule, RuleBudgetExceeded
from ketlint.model import Finding, LintResult, Verdict
from ketlint.parsing import format_for_path, parse
from ketlint.ruleset import Ruleset
from ketlint.suppression import UNKNOWN_RULE_ID, parse_suppressions

DEFAULT_RULE_BUDGET_SECONDS = 2.0
BLOCK_CACHE_SIZE = 20_000


@dataclass
class EngineSettings:
    rule_budget_seconds: float = DEFAULT_RULE_BUDGET_SECONDS
    regex_timeout_seconds: float = 1.0


@dataclass
class Linter:
    """Runs the enabled rules of ``ruleset`` over documents; keeps per-block results cached."""

    ruleset: Ruleset
    enabled: list[str] | None = None  # None: every rule the ruleset enables by default
    settings: EngineSettings = field(default_factory=EngineSettings)
    # Rule ids whose failure has been reported already (report once per Linter).
    failed_rules: dict[str, str] = field(default_factory=dict)
    _block_cache: OrderedDict[tuple[Any, ...], tuple[Finding, ...]] = field(
        default_factory=OrderedDict, repr=False
    )
    # Per-block values of document-level rules (Document.block_memo), kept across documents.
    _block_memo: BlockMemo = field(default_factory=BlockMemo, repr=False)
    # How many blocks' findings the cache keeps. An editor's documents change a block at a
    # time and gain from many; a batch of different articles gains from few (they bound the
    # memory a long run holds: flat, whatever the number of files).
    cache_blocks: int = BLOCK_CACHE_SIZE

    def __post_init__(self) -> None:
        if self.enabled is None:
            self.enabled = [rid for rid, spec in self.ruleset.specs.items() if spec.enabled]
        if self.cache_blocks != BLOCK_CACHE_SIZE:
            self._block_memo = BlockMemo(max_entries=self.cache_blocks * 2)

    @property
    def rules(self) -> list[Rule]:
        return [self.ruleset.rule(rule_id) for rule_id in self.enabled or []]

    def lint_text(
        self, text: str, path: str | None = None, format: str | None = None
    ) -> LintResult:
        doc = parse(text, format or format_for_path(path), path)
        return self.lint_document(doc)

    def lint_document(self, doc: Document) -> LintResult:
        result = LintResult(path=doc.path, source=doc.source, findings=[])
        doc.memo.setdefault(BLOCK_MEMO_KEY, self._block_memo)
        known = set(self.ruleset.specs) | {UNKNOWN_RULE_ID}
        suppressions = parse_suppressions(doc, known)
        findings: list[Finding] = list(suppressions.problems)
        for rule in self.rules:
            rule_findings = self._run_rule(rule, doc, result)
            if not rule.spec.trusted_fixes:
                rule_findings = [_without_safe_fix(f) for f in rule_findings]
            verdict = self._verdict(rule, doc, rule_findings, result)
            if verdict is not None:
                result.verdicts.append(verdict)
                if verdict.value != "not-satisfactory":
                    # A finding that says the article lacks what the verdict found there.
                    rule_findings = [f for f in rule_findings if f.data.get("scope") != "document"]
            findings.extend(rule_findings)
            metrics = getattr(rule, "metrics", None)
            if metrics is not None and rule_findings is not None:
                try:
                    result.metrics.update(metrics(doc))
                except Exception as exc:  # a metrics bug must not lose the findings
                    self._report(
                        rule, f"computing metrics raised {type(exc).__name__}: {exc}", result
                    )
        findings = [f for f in findings if not suppressions.suppresses(f)]
        if suppressions.directives:
            findings.extend(self._unused_suppressions(doc, suppressions))
        findings.sort(key=lambda f: (f.start, f.end, f.rule))
        result.findings = _dedupe(findings)
        return result

    def _unused_suppressions(self, doc: Document, suppressions: Any) -> list[Finding]:
        """What the ``unused-suppression`` rules (if run) say of the document's directives."""
        from ketlint.suppression import unused_directives

        reporters = [rule for rule in self.rules if rule.kind == "unused-suppression"]
        if not reporters:
            return []
        ran = set(self.enabled or [])
        defaults = {rid for rid, spec in self.ruleset.specs.items() if spec.enabled}
        every = defaults <= ran

        def report() -> list[Finding]:
            unused = unused_directives(suppressions, ran, every_rule_ran=every)
            found: list[Finding] = []
            for rule in reporters:
                found.extend(rule.report(doc, unused))  # type: ignore[attr-defined]
            return [f for f in found if not suppressions.suppresses(f)]

        # Twice: a directive that suppresses unused-suppression itself is used when there
        # was something for it to suppress.
        report()
        return report()

    # -- running one rule ---------------------------------------------------------

    def _run_rule(self, rule: Rule, doc: Document, result: LintResult) -> list[Finding]:
        started = time.perf_counter()
        ctx = CheckContext(
            deadline=started + self.settings.rule_budget_seconds,
            regex_timeout=self.settings.regex_timeout_seconds,
        )
        try:
            if rule.granularity == "block":
                found = list(self._check_blocks(rule, doc, ctx))
            else:
                found = list(rule.check(doc, ctx))
        except RuleBudgetExceeded as exc:
            self._report(
                rule, f"exceeded its time budget and was skipped for this document: {exc}", result
            )
            return []
        except Exception as exc:
            self._report(rule, f"raised {type(exc).__name__}: {exc}", result)
            return []
        elapsed = time.perf_counter() - started
        if elapsed > self.settings.rule_budget_seconds:
            self._report(
                rule,
                f"took {elapsed:.2f}s, over its {self.settings.rule_budget_seconds:.2f}s budget; "
                "its findings for this document were dropped",
                result,
            )
            return []
        source = doc.source
        return [_off_crlf(f, source) for f in found if 0 <= f.start <= f.end <= len(source)]

    def _check_blocks(self, rule: Rule, doc: Document, ctx: CheckContext) -> Iterable[Finding]:
        cache = self._block_cache
        for block in doc.blocks:
            key = _block_key(rule, doc, block)
            cached = cache.get(key) if self.cache_blocks else None
            if cached is None:
                fresh = list(rule.check_block(doc, block, ctx))
                cached = tuple(f.shifted(-block.start) for f in fresh)
                cache[key] = cached
                if len(cache) > self.cache_blocks:
                    cache.popitem(last=False)
                yield from fresh
            else:
                cache.move_to_end(key)
                for finding in cached:
                    yield finding.shifted(block.start)

    def _verdict(
        self, rule: Rule, doc: Document, findings: list[Finding], result: LintResult
    ) -> Verdict | None:
        if rule.spec.criterion is None:
            return None
        try:
            verdict = rule.verdict(doc, findings)
            if rule.verdict_model is not None:
                verdict = rule.verdict_model.decide(doc, verdict, findings, rule.spec.criterion)
            return verdict
        except Exception as exc:
            self._report(rule, f"computing its verdict raised {type(exc).__name__}: {exc}", result)
            return None

    def _report(self, rule: Rule, problem: str, result: LintResult) -> None:
        message = f"rule {rule.id} ({rule.spec.source}) {problem}"
        result.errors.append(message)
        self.failed_rules.setdefault(rule.id, message)


def _block_key(rule: Rule, doc: Document, block: Block) -> tuple[Any, ...]:
    return (rule.id, id(rule), doc.block_key(block), rule.block_context(doc, block))


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, int, int, str]] = set()
    unique = []
    for finding in findings:
        key = (finding.rule, finding.start, finding.end, finding.message)
        if key not in seen:
            seen.add(key)
            unique.append(finding)
    return unique


def _without_safe_fix(finding: Finding) -> Finding:
    """A workspace's rule may offer a fix, never apply one unasked (see RuleSpec.trusted_fixes)."""
    if finding.fix is None or not finding.fix.safe:
        return finding
    from dataclasses import replace

    return replace(finding, fix=replace(finding.fix, safe=False))


def _inside_crlf(source: str, offset: int) -> bool:
    return 0 < offset < len(source) and source[offset - 1] == "\r" and source[offset] == "\n"


def _off_crlf(finding: Finding, source: str) -> Finding:
    """Move an end point that falls between "\r" and "\n" out of the pair (no position names it)."""
    from dataclasses import replace

    start, end = finding.start, finding.end
    if _inside_crlf(source, start):
        start += 1
    if _inside_crlf(source, end):
        end -= 1
    if (start, end) == (finding.start, finding.end):
        return finding
    return replace(finding, start=start, end=max(start, end))
