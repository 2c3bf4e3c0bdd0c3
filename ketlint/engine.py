"""The engine: a document and a resolved rule set in, plain findings out.

The CLI, the Python API and the language server all call :meth:`Linter.lint_text`,
so they cannot disagree about the same text and config.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import regex

from ketlint.common_text import common_prefix, common_suffix
from ketlint.document import Block, Document, Link
from ketlint.kinds.base import Judgement, Kind, Paragraph, Rule, RuleBudgetExceeded
from ketlint.model import Finding, LintResult, RuleFailure, Severity, Verdict
from ketlint.parsing import format_for_path, parse_again
from ketlint.prefilter import PatternSet, TextScan, collect_patterns
from ketlint.ruleset import Ruleset
from ketlint.searching import searching_with
from ketlint.suppression import UNKNOWN_RULE_ID, parse_suppressions
from ketlint.timeouts import PatternTimeout

# The budget. A wall-clock limit (the engine had one: 2 s per rule, findings dropped after
# the fact) makes the same file give different findings on a busy machine than on an idle
# one. The budget is a size limit instead, checked before any work: a document is linted
# up to MAX_DOCUMENT_CHARS (at a line break) and a block longer than MAX_BLOCK_CHARS is read
# as several blocks of at most that size (at sentence ends). With parsing and the rules
# linear in their input, that bounds the work per document, and the results depend on the
# text alone. What the limit leaves out is said in a "not-linted" info finding. A wall
# clock is kept only for user-supplied patterns that backtrack without end (ketlint.timeouts).
MAX_DOCUMENT_CHARS = 2_000_000
MAX_BLOCK_CHARS = 20_000
# How many paragraphs' facts a linter keeps by default (Linter.cache_blocks).
BLOCK_CACHE_SIZE = 20_000
# How many an editor's linter keeps: every keystroke makes a new version of one paragraph,
# read once and never again, so a long session would fill the default (about 10 kB each,
# some 200 MB) with versions nobody will ask for. The least recently used go first and each
# lint touches every paragraph of its document, so what stays is the open documents'
# current paragraphs: 2,000 hold some 50 articles of 1,500 words (benchmarks/lsp_memory.py).
EDITOR_BLOCK_CACHE_SIZE = 2_000
# How many paragraphs' literals (the prefilter's reading, PatternSet.paragraph) a linter
# that keeps no facts (cache_blocks 0) keeps within one lint: a paragraph is searched
# through several scans (the document's, its own reading's, the verdict models'), and
# keeping none read each paragraph's literals about nine times a lint. Forgotten when the
# next lint starts, so nothing is carried from one document to the next.
PARAGRAPHS_KEPT_IN_A_LINT = 4_096
# How many documents' last parses a linter keeps, by path (Linter._parses): an editor's
# next keystroke re-parses only what it changed. A handful: the document being typed in.
PARSES_KEPT = 8
# Rule ids of the engine's own findings: what was not linted, and a document that could not
# be parsed at all (the same id files.py gives a file that cannot be read).
NOT_LINTED = "not-linted"
PARSE_ERROR = "file-error"
# The id under which the language server shows a rule that did not run on a document.
RULE_FAILED = "rule-failed"

T = TypeVar("T")


@dataclass
class EngineSettings:
    regex_timeout_seconds: float = 1.0
    max_document_chars: int = MAX_DOCUMENT_CHARS
    max_block_chars: int = MAX_BLOCK_CHARS
    # Kept so that old callers still construct settings; not used (see the note above).
    rule_budget_seconds: float = 0.0


@dataclass
class Linter:
    """Runs the enabled rules of ``ruleset`` over documents; keeps what the rules read in
    each paragraph (the facts cache)."""

    ruleset: Ruleset
    enabled: list[str] | None = None  # None: every rule the ruleset enables by default
    settings: EngineSettings = field(default_factory=EngineSettings)
    # How many paragraphs' facts the engine keeps. An editor's documents change a paragraph
    # at a time and gain from many; a batch of different articles gains from few. The bound
    # is what keeps memory flat: a language server open for days, or a run over a whole
    # archive, would otherwise keep every paragraph it ever read.
    cache_blocks: int = BLOCK_CACHE_SIZE
    # Every pattern of the enabled rules, analysed once (made on the first lint).
    _patterns: PatternSet | None = field(default=None, repr=False)
    # What each rule's read_block (and each verdict model) found in a paragraph: by the
    # paragraph (Paragraph.key), then by rule id; least recently used first, so the
    # paragraphs beyond ``cache_blocks`` that go are those no recent lint has read.
    _facts: OrderedDict[tuple[Any, ...], dict[str, Any]] = field(
        default_factory=OrderedDict, repr=False
    )
    # The last parse of each recently linted path (and format), as ketlint.parsing's
    # parse_again reuses it; most recent last. Only where paragraphs' facts are kept (a
    # linter that keeps none, or a batch of files each linted once, gains nothing from it).
    _parses: OrderedDict[tuple[str, str], Any] = field(default_factory=OrderedDict, repr=False)
    # What the kinds judged of each paragraph in the last lint of each recently linted path
    # (_Judgements): a keystroke's lint gives back what an unchanged paragraph was judged in
    # an unchanged context. By path, as the parses are, and only the last lint's: what a
    # document no longer holds is not kept, and an archive's files (each linted once)
    # leave at most PARSES_KEPT lints' findings behind.
    _judged: OrderedDict[str, _LastLint] = field(default_factory=OrderedDict, repr=False)

    def __post_init__(self) -> None:
        if self.enabled is None:
            self.enabled = [rid for rid, spec in self.ruleset.specs.items() if spec.enabled]

    def release_caches(self) -> None:
        """Drop what was kept of the documents linted so far (the language server calls it
        when the last document is closed)."""
        self._facts.clear()
        self._parses.clear()
        self._judged.clear()
        if self._patterns is not None:
            self._patterns.forget()

    def pattern_set(self) -> PatternSet:
        """The patterns of the enabled rules, analysed once (ketlint.prefilter)."""
        if self._patterns is None:
            kept = self.cache_blocks if self.cache_blocks > 0 else PARAGRAPHS_KEPT_IN_A_LINT
            self._patterns = PatternSet(collect_patterns(self.rules), paragraphs_kept=kept)
        return self._patterns

    @property
    def rules(self) -> list[Kind[Any]]:
        return [self.ruleset.rule(rule_id) for rule_id in self.enabled or []]

    def lint_text(
        self,
        text: str,
        path: str | None = None,
        format: str | None = None,
        *,
        keep_document: bool = False,
    ) -> LintResult:
        """Lint ``text``. Never raises for what the text holds: a document the parser
        cannot read gives one error finding (the error boundary of a file and a request).

        The result's ``timings`` say how long parsing and linting took; with
        ``keep_document`` it also holds the parsed document (the editor reads it for code
        actions and lenses instead of parsing the text again).
        """
        started = time.perf_counter()
        limit = self.settings.max_document_chars
        notes: list[Finding] = []
        linted = text
        if len(text) > limit:
            cut = text.rfind("\n", 0, limit) + 1
            if cut < limit // 2:
                cut = limit
            linted = text[:cut]
            notes.append(
                _not_linted(
                    cut,
                    len(text),
                    f"ketlint linted the first {cut:,} characters of this document, not the "
                    f"{len(text) - cut:,} after them (the limit is {limit:,} characters a document)",
                )
            )
        try:
            doc = self._parse(linted, format or format_for_path(path), path)
        except Exception as exc:  # a parser bug must cost this document only
            finding = Finding(
                rule=PARSE_ERROR,
                severity=Severity.ERROR,
                start=0,
                end=0,
                message=f"ketlint could not parse this document ({type(exc).__name__}: "
                f"{str(exc)[:200]}); it was not linted",
            )
            return LintResult(
                path=path,
                source=text,
                findings=[finding],
                errors=[f"parsing raised {type(exc).__name__}: {exc}"],
                timings={"parse": time.perf_counter() - started},
            )
        notes.extend(doc.unparsed)
        _split_long_blocks(doc, self.settings.max_block_chars, notes)
        parsed = time.perf_counter()
        result = self.lint_document(doc)
        if notes:
            result.findings = sorted(
                [*result.findings, *notes], key=lambda f: (f.start, f.end, f.rule)
            )
        result.source = text
        result.timings = {"parse": parsed - started, "lint": time.perf_counter() - parsed}
        if keep_document:
            result.document = doc
        return result

    def _parse(self, text: str, format: str, path: str | None) -> Document:
        """The document of ``text``, re-parsing only what changed since the last parse of
        ``path`` where the format allows (ketlint.parsing.parse_again)."""
        key = (path, format) if path is not None and self.cache_blocks > 0 else None
        previous = self._parses.pop(key, None) if key is not None else None
        doc, kept = parse_again(text, format, path, previous)
        if key is not None and kept is not None:
            self._parses[key] = kept
            if len(self._parses) > PARSES_KEPT:
                self._parses.popitem(last=False)
        return doc

    def lint_document(self, doc: Document) -> LintResult:
        result = LintResult(path=doc.path, source=doc.source, findings=[])
        known = set(self.ruleset.specs) | {UNKNOWN_RULE_ID}
        suppressions = parse_suppressions(doc, known)
        findings: list[Finding] = list(suppressions.problems)
        patterns = self.pattern_set()
        if self.cache_blocks <= 0:  # the last lint's paragraphs are not this one's
            patterns.forget()
        # What the searches kept (searches made, paragraphs read) lives for this lint only.
        scan = TextScan(patterns, doc.prose, ((b.start, b.end) for b in doc.blocks))
        judgements = self._judgements(doc.path)
        paragraphs = _Paragraphs(doc, self._entry, judgements, self._facts)
        memo = _ParagraphMemo(self, paragraphs)
        # What shared modules derive from a block's own text is kept with its facts too,
        # for this lint (a document the caller keeps must not keep the engine's state).
        doc.paragraph_memo = memo
        try:
            findings.extend(self._run_rules(doc, result, scan, paragraphs, memo, judgements))
        finally:
            doc.paragraph_memo = None
        if judgements is not None and doc.path is not None:
            self._judged[doc.path] = _LastLint(judgements.now, paragraphs.keys_now, doc)
            if len(self._judged) > PARSES_KEPT:
                self._judged.popitem(last=False)
        findings = [f for f in findings if not suppressions.suppresses(f)]
        if suppressions.directives:
            findings.extend(self._unused_suppressions(doc, suppressions))
        findings.sort(key=lambda f: (f.start, f.end, f.rule))
        result.findings = _dedupe(findings)
        return result

    def _run_rules(
        self,
        doc: Document,
        result: LintResult,
        scan: TextScan,
        paragraphs: _Paragraphs,
        memo: _ParagraphMemo,
        judgements: _Judgements | None,
    ) -> list[Finding]:
        """Every enabled rule's findings on ``doc``; their verdicts, metrics and failures
        go into ``result``."""
        findings: list[Finding] = []
        for rule in self.rules:
            failures = len(result.rule_failures)
            judgement = self._judge(rule, doc, result, scan, paragraphs, judgements)
            rule_findings = judgement.findings
            if not rule.spec.trusted_fixes:
                rule_findings = [_without_safe_fix(f) for f in rule_findings]
            verdict = self._decided(rule, doc, judgement.verdict, rule_findings, result, scan, memo)
            if verdict is not None:
                result.verdicts.append(verdict)
                if verdict.value != "not-satisfactory":
                    # A finding that says the article lacks what the verdict found there.
                    rule_findings = [f for f in rule_findings if f.data.get("scope") != "document"]
            findings.extend(rule_findings)
            result.metrics.update(judgement.metrics)
            if len(result.rule_failures) == failures:  # a failed judge has nothing to measure
                self._measure(rule, doc, judgement, result)
        return findings

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

    def _judge(
        self,
        rule: Kind[Any],
        doc: Document,
        result: LintResult,
        scan: TextScan,
        paragraphs: _Paragraphs,
        judgements: _Judgements | None = None,
    ) -> Judgement:
        """What ``rule`` says of ``doc``: its judgement, over the facts of the paragraphs it
        asks for (read once, kept by paragraph). A rule that fails gives nothing."""
        timeout = self.settings.regex_timeout_seconds
        try:
            with searching_with(_ScanSearcher(scan, timeout)):
                judgement = rule.judge(doc, _Facts(rule, paragraphs, self._read, judgements))
        except (RuleBudgetExceeded, PatternTimeout) as exc:
            self._report(
                rule,
                f"was stopped on this document (a search ran past its time budget): {exc}",
                result,
                "timeout",
            )
            return Judgement()
        except RecursionError:
            self._report(rule, "was stopped on this document: nesting too deep", result, "nesting")
            return Judgement()
        except Exception as exc:
            self._report(rule, f"raised {type(exc).__name__}: {exc}", result, "error")
            return Judgement()
        source = doc.source
        size = len(source)
        inside = [f for f in judgement.findings if 0 <= f.start <= f.end <= size]
        # Most documents have no "\r": one scan of the text spares a test of every finding.
        judgement.findings = [_off_crlf(f, source) for f in inside] if "\r" in source else inside
        return judgement

    def _judgements(self, path: str | None) -> _Judgements | None:
        """What the kinds judged of each paragraph in the last lint of ``path`` (and a
        place for this lint's); None where nothing is kept (no path, or no facts kept)."""
        if path is None or self.cache_blocks <= 0:
            return None
        return _Judgements(self._judged.pop(path, None))

    def _read(self, rule: Kind[Any], paragraph: _Read) -> Any:
        """``rule.read_block`` of a paragraph, through the facts cache (:meth:`_kept`)."""
        known = paragraph.facts
        if rule.id in known:  # asked again in this lint, or kept from an earlier one
            return known[rule.id]

        def read() -> Any:
            timeout = self.settings.regex_timeout_seconds
            searcher = paragraph.searcher(self.pattern_set(), timeout)
            try:
                with searching_with(searcher):
                    return rule.read_block(paragraph.paragraph)
            finally:
                searcher.scan.forget_answers()

        return self._kept(paragraph, rule.id, read)

    def _kept(self, paragraph: _Read, name: str, compute: Callable[[], T]) -> T:
        """``compute()`` of a paragraph under ``name`` (a rule id, or a verdict model's):
        made once per paragraph text while the engine keeps it (:meth:`_entry`)."""
        known = paragraph.facts
        if name in known:
            return known[name]  # type: ignore[no-any-return]
        value = known[name] = compute()
        return value

    def _entry(self, key: tuple[Any, ...]) -> dict[str, Any]:
        """What was read in the paragraph ``key``, by rule id (or verdict model): the
        engine's one cache of what is read in paragraphs, kept across lints for at most
        ``cache_blocks`` paragraphs, least recently used dropped (none kept when 0).

        Looked up once per paragraph and lint, and then filled in place: a lint asks of
        each paragraph once per rule, and an ask must cost one dict lookup, not a walk
        through the cache (that walk was about a tenth of a keystroke's time)."""
        if self.cache_blocks <= 0:
            return {}
        cache = self._facts
        entry = cache.get(key)
        if entry is None:
            entry = cache[key] = {}
            if len(cache) > self.cache_blocks:
                cache.popitem(last=False)
        else:
            cache.move_to_end(key)
        return entry

    def _measure(
        self, rule: Kind[Any], doc: Document, judgement: Judgement, result: LintResult
    ) -> None:
        """The metrics ``rule`` measures from its judgement (Kind.metrics), into ``result``."""
        try:
            result.metrics.update(rule.metrics(doc, judgement))
        except Exception as exc:  # a metrics bug must not lose the findings
            self._report(
                rule,
                f"computing metrics raised {type(exc).__name__}: {exc}",
                result,
                missing="metrics",
            )

    def _decided(
        self,
        rule: Rule,
        doc: Document,
        verdict: Verdict | None,
        findings: list[Finding],
        result: LintResult,
        scan: TextScan,
        memo: _ParagraphMemo,
    ) -> Verdict | None:
        """The rule's own verdict, or its verdict model's decision over it."""
        if rule.spec.criterion is None or rule.verdict_model is None:
            return verdict if rule.spec.criterion is not None else None
        try:
            return rule.verdict_model.decide(
                doc, verdict, findings, rule.spec.criterion, scan, memo
            )
        except Exception as exc:
            self._report(rule, f"computing its verdict raised {type(exc).__name__}: {exc}", result)
            return None

    def _report(
        self,
        rule: Rule,
        problem: str,
        result: LintResult,
        reason: str = "error",
        missing: str = "findings",
    ) -> None:
        """Record a rule's failure on this document: a line in ``result.errors`` and a
        RuleFailure, the value the CLI (its JSON and stderr) and the language server (its
        diagnostics and messages) report it from."""
        message = f"rule {rule.id} ({rule.spec.source}) {problem}"
        result.errors.append(message)
        result.rule_failures.append(
            RuleFailure(rule.id, str(rule.spec.source), reason, message, missing)
        )


class _ScanSearcher:
    """Searches through the engine's prefilter (ketlint.searching): those that cannot match
    are skipped, those several rules make are made once."""

    def __init__(self, scan: TextScan, timeout: float) -> None:
        self.scan = scan
        self.timeout = timeout

    def search(
        self, pattern: regex.Pattern[str], text: str, start: int, end: int
    ) -> list[regex.Match[str]]:
        return self.scan.search(pattern, text, start, end, self.timeout)

    def may_match(
        self, patterns: Sequence[regex.Pattern[str] | None], text: str, start: int, end: int
    ) -> list[bool]:
        return self.scan.may_match(patterns, text, start, end)

    def search_possible(
        self, pattern: regex.Pattern[str], text: str, start: int, end: int
    ) -> list[regex.Match[str]]:
        return self.scan.search_possible(pattern, text, start, end, self.timeout)


class _Read:
    """A block of the document being linted as a paragraph, and what each rule read in
    it (the engine's cache entry of its text, filled in place)."""

    __slots__ = ("paragraph", "facts", "_searcher")

    def __init__(self, paragraph: Paragraph, facts: dict[str, Any]) -> None:
        self.paragraph = paragraph
        self.facts = facts
        self._searcher: _ScanSearcher | None = None

    def searcher(self, patterns: PatternSet, timeout: float) -> _ScanSearcher:
        """The paragraph's searches, one scan shared by every rule that reads it in this
        lint: the literals it holds (the prefilter's reading, made once per text by the
        pattern set of all rules), the searches made (rules list many of the same
        patterns: uncited-statistic and vague-attribution the same 19 study sources, so
        the second rule's search is the first one's) and where it has letters beyond
        ASCII. A first lint reads every paragraph one rule at a time, so a scan kept only
        for the last few paragraphs read was made again for nearly every rule's read
        (95,252 scans over the 422 archive files; 8,011 now).

        Kept for the whole lint and let go with it. The prefilter's answers by formula
        (narrowed formulas, places, group answers) are one rule's own (no two rules ask of
        the same formulas) and are dropped after each rule's read (:meth:`Linter._read`):
        kept for all paragraphs, a first lint of a generated 20,000-word document peaked
        at 21.7 MB of Python objects instead of 13.2 MB (tracemalloc), and the server's
        resident memory with 52 documents open rose from 93 to 97 MB."""
        searcher = self._searcher
        if searcher is None:
            prose = self.paragraph.prose
            scan = TextScan(patterns, prose, [(0, len(prose))])
            searcher = self._searcher = _ScanSearcher(scan, timeout)
        return searcher


# Where a block stands and what it is: with the text unchanged there since the last lint,
# the same paragraph (but for its links, compared apart).
BlockPlace = tuple[int, int, Any, int]


class _Paragraphs:
    """The blocks of one document as paragraphs, each made once for all rules, with the
    facts kept of its text (``entry``: Linter._entry).

    With the last lint of the same document (``judgements.last``), a block whose text lies
    before the first edited character or after the last one takes the paragraph key the
    block that stood there had: no slicing of its text, no new strings hashed and
    compared in the facts cache (about 400 blocks a keystroke at 20,000 words)."""

    def __init__(
        self,
        doc: Document,
        entry: Callable[[tuple[Any, ...]], dict[str, Any]],
        judgements: _Judgements | None = None,
        kept: OrderedDict[tuple[Any, ...], dict[str, Any]] | None = None,
    ) -> None:
        self.doc = doc
        self.entry = entry
        # The paragraph key of each block of this lint, by where it stands (kept for the
        # next lint of the document when there is one: Linter._judged).
        self.keys_now: dict[BlockPlace, tuple[Any, ...]] = {}
        self.keys_before: dict[BlockPlace, tuple[Any, ...]] = {}
        # Blocks ending at or before ``unchanged_until`` stand where they stood; blocks
        # starting at or after ``unchanged_from`` stood ``moved`` characters earlier.
        self.unchanged_until = self.unchanged_from = self.moved = 0
        # Whether the links outside the edit are the last lint's (then a kept paragraph's
        # links need no comparing: Document.links_in was most of what reuse cost).
        self.same_links = False
        # id(block) -> (block, its paragraph); the block is kept so that its id stays its own.
        self.made: dict[int, tuple[Block, _Read]] = {}
        # id(block) -> its paragraph's facts, for the asks of judges and shared readers
        # (thousands a lint): one lookup, and no test that the block is the one the id was
        # made for (``made``, or ``blocks`` for the document's own, keeps that block alive,
        # so no other object has its id).
        self.facts_of: dict[int, dict[str, Any]] = {}
        # id(block) -> its paragraph's key (what BlockFacts.judged keeps findings by).
        self.key_of: dict[int, tuple[Any, ...]] = {}
        self.blocks = doc.blocks
        last = judgements.last if judgements is not None else None
        if last is not None and last.format == doc.format:
            self._compare(last)
            if self.same_links and kept is not None:
                self._take_unchanged(kept)

    def _compare(self, last: _LastLint) -> None:
        """Where this document's source and prose differ from the last lint's."""
        old_source, old_prose = last.source, last.prose
        source, prose = self.doc.source, self.doc.prose
        if len(source) != len(prose) or len(old_source) != len(old_prose):
            return  # blocks' offsets would not name the same place in both
        prefix = min(common_prefix(old_source, source), common_prefix(old_prose, prose))
        most = min(len(old_source), len(source)) - prefix
        suffix = min(common_suffix(old_source, source, most), common_suffix(old_prose, prose, most))
        self.keys_before = last.keys
        self.unchanged_until = prefix
        self.unchanged_from = len(source) - suffix
        self.moved = len(source) - len(old_source)
        self.same_links = _links_outside(last.links, prefix, len(old_source) - suffix, 0) == (
            _links_outside(self.doc.links, prefix, self.unchanged_from, -self.moved)
        )

    def _take_unchanged(self, kept: OrderedDict[tuple[Any, ...], dict[str, Any]]) -> None:
        """Every block outside the edit whose paragraph's facts the engine still keeps
        (``kept``: Linter._facts): its facts and key by the block's id, in one pass over the
        blocks. Asked one block at a time (:meth:`__getitem__`), each block of a long
        document made a Paragraph and a _Read on every keystroke, about 2 ms at 20,000
        words; a block's _Read is now made only when a kind reads the paragraph."""
        before = self.keys_before
        until, after, moved = self.unchanged_until, self.unchanged_from, self.moved
        keys_now, facts_of, key_of = self.keys_now, self.facts_of, self.key_of
        for block in self.blocks:
            start, end = block.start, block.end
            if end <= until:
                place = (start, end, block.kind, block.heading_level)
                key = before.get(place)
            elif start >= after:
                place = (start, end, block.kind, block.heading_level)
                key = before.get((start - moved, end - moved, place[2], place[3]))
            else:
                continue
            if key is None:
                continue
            facts = kept.get(key)
            if facts is None:
                continue
            kept.move_to_end(key)  # as Linter._entry does for a paragraph asked for
            keys_now[place] = key
            facts_of[id(block)] = facts
            key_of[id(block)] = key

    def _paragraph(self, block: Block) -> Paragraph:
        """``block`` as a paragraph: the last lint's, where its text did not change."""
        if self.keys_before:
            start, end = block.start, block.end
            if end <= self.unchanged_until:
                key = self.keys_before.get((start, end, block.kind, block.heading_level))
            elif start >= self.unchanged_from:
                moved = self.moved
                key = self.keys_before.get(
                    (start - moved, end - moved, block.kind, block.heading_level)
                )
            else:
                key = None
            # A link's target may be defined outside the block (a Markdown reference); a
            # block's links are those of the document inside it, in the document's order.
            if key is not None and (
                self.same_links or key[4] == Paragraph.links_of(self.doc, block)
            ):
                return Paragraph.again(key)
        return Paragraph.of(self.doc, block)

    def __getitem__(self, block: Block) -> _Read:
        known = self.made.get(id(block))
        if known is None or known[0] is not block:
            paragraph = self._paragraph(block)
            self.keys_now[(block.start, block.end, block.kind, block.heading_level)] = paragraph.key
            read = _Read(paragraph, self.entry(paragraph.key))
            known = self.made[id(block)] = (block, read)
            self.facts_of[id(block)] = read.facts
            self.key_of[id(block)] = paragraph.key
        return known[1]


def _links_outside(
    links: list[Link], until: int, after: int, moved: int
) -> list[tuple[int, int, str, str]]:
    """The links that end by ``until`` or start at or after ``after``, in order, those after
    moved by ``moved`` (to where they stood in the last lint)."""
    return [
        (link.start, link.end, link.target, link.kind)
        if link.end <= until
        else (link.start + moved, link.end + moved, link.target, link.kind)
        for link in links
        if link.end <= until or link.start >= after
    ]


class _ParagraphMemo:
    """What a verdict model reads in a block, kept with the kinds' facts of its paragraph
    (verdict_model.ParagraphMemo): an edit re-reads one paragraph for the model too."""

    __slots__ = ("linter", "paragraphs", "facts_of")

    def __init__(self, linter: Linter, paragraphs: _Paragraphs) -> None:
        self.linter = linter
        self.paragraphs = paragraphs
        self.facts_of = paragraphs.facts_of

    def __call__(self, block: Block, name: str, compute: Callable[[], T]) -> T:
        # Asked of every paragraph on every lint by the shared modules and verdict models
        # (thousands of times in a long document), nearly always of what is kept: as
        # _Facts.__getitem__, that path is dict lookups, without a call.
        facts = self.facts_of.get(id(block))
        if facts is not None and name in facts:
            return facts[name]  # type: ignore[no-any-return]
        return self.linter._kept(self.paragraphs[block], name, compute)


class _LastLint:
    """What the engine keeps of the last lint of a document (Linter._judged): what the kinds
    judged of its paragraphs (_Judgements.now), each block's paragraph key by where it
    stood (_Paragraphs.keys_now), and the texts and format those were of."""

    __slots__ = ("judged", "keys", "source", "prose", "format", "links")

    def __init__(
        self,
        judged: dict[tuple[Any, ...], Any],
        keys: dict[BlockPlace, tuple[Any, ...]],
        doc: Document,
    ) -> None:
        self.judged = judged
        self.keys = keys
        self.source = doc.source
        self.prose = doc.prose
        self.format = doc.format
        self.links = list(doc.links)


class _Judgements:
    """What kinds judged of paragraphs (BlockFacts.judged) in the last lint of a document
    (``earlier``) and in this one (``now``): by (rule id, paragraph key), the context the
    kind gave, where the block stood and the findings there."""

    __slots__ = ("last", "earlier", "now")

    def __init__(self, last: _LastLint | None) -> None:
        self.last = last
        self.earlier: dict[tuple[Any, ...], Any] = last.judged if last is not None else {}
        self.now: dict[tuple[Any, ...], Any] = {}


class _Facts:
    """``facts[block]``: what ``rule`` read in ``block`` (kinds.base.BlockFacts)."""

    __slots__ = ("rule", "rule_id", "paragraphs", "facts_of", "key_of", "read", "judgements")

    def __init__(
        self,
        rule: Kind[Any],
        paragraphs: _Paragraphs,
        read: Callable[[Kind[Any], _Read], Any],
        judgements: _Judgements | None = None,
    ) -> None:
        self.rule = rule
        self.rule_id = rule.id
        self.paragraphs = paragraphs
        self.facts_of = paragraphs.facts_of
        self.key_of = paragraphs.key_of
        self.read = read
        self.judgements = judgements

    def judged(
        self, block: Block, context: Any, judge: Callable[[], list[Finding]]
    ) -> list[Finding]:
        """``judge()`` of ``block`` (kinds.base.BlockFacts.judged), or what the last lint of
        this document judged of the same paragraph in an equal context, moved by as much
        as the block moved (an edit before it)."""
        judgements = self.judgements
        if judgements is None or context is None:
            return judge()
        paragraph_key = self.key_of.get(id(block))
        if paragraph_key is None:
            paragraph_key = self.paragraphs[block].paragraph.key
        key = (self.rule_id, paragraph_key)
        known = judgements.earlier.get(key)
        if known is not None and known[0] == context:
            delta = block.start - known[1]
            findings = known[2] if delta == 0 else [f.shifted(delta) for f in known[2]]
        else:
            findings = judge()
        judgements.now[key] = (context, block.start, findings)
        return findings

    def __getitem__(self, block: Block) -> Any:
        # Judges ask of every paragraph on every lint (some several times), nearly always of
        # facts already read: that path is two dict lookups, without a call.
        facts = self.facts_of.get(id(block))
        if facts is not None:
            value = facts.get(self.rule_id, _UNREAD)
            if value is not _UNREAD:
                return value
        return self.read(self.rule, self.paragraphs[block])


_UNREAD = object()


def _not_linted(start: int, end: int, message: str) -> Finding:
    return Finding(rule=NOT_LINTED, severity=Severity.INFO, message=message, start=start, end=end)


_SENTENCE_END = (". ", "! ", "? ", ".\n", "!\n", "?\n")


def _split_long_blocks(doc: Document, limit: int, notes: list[Finding]) -> None:
    """Read a block longer than ``limit`` as several (cut at a sentence end, else at a space):
    rules see pieces of bounded size, so a 1 MB paragraph costs what 50 short ones do."""
    if limit <= 0 or all(block.end - block.start <= limit for block in doc.blocks):
        return
    from dataclasses import replace

    prose = doc.prose
    pieces: list[Block] = []
    for block in doc.blocks:
        start = block.start
        while block.end - start > limit:
            window_end = start + limit
            floor = start + limit // 2
            cut = max(prose.rfind(mark, floor, window_end) for mark in _SENTENCE_END)
            if cut != -1:
                cut += 2
            else:
                cut = prose.rfind(" ", floor, window_end)
                cut = window_end if cut == -1 else cut + 1
            pieces.append(replace(block, start=start, end=cut))
            start = cut
        pieces.append(replace(block, start=start) if start != block.start else block)
        if start != block.start:
            notes.append(
                _not_linted(
                    block.start,
                    block.start,
                    f"this block is {block.end - block.start:,} characters long; ketlint read it "
                    f"in pieces of at most {limit:,} characters, so a sentence cut between two "
                    "pieces is read as two",
                )
            )
    doc.blocks = pieces
    if doc.title_block is not None and doc.title_block not in pieces:
        doc.title_block = next((b for b in pieces if b.start == doc.title_block.start), None)


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
