"""Verdicts that combine a rule's signals with weights learned from reviewers' labels.

A criterion rule's own verdict is one fixed threshold on one reading of the text; on
articles it was not tuned on, such thresholds generalise poorly (a release that reassures
"well tolerated" is not one that discusses harms; a company announcing its own trial
discloses its sponsor without the word "funded"). A rule file may therefore add a
``verdict-model``: a few named *signals* (how many sentences of the story match a list of
patterns, the rule's own verdict, ...) and one weight per signal, fitted by
``benchmarks/fit_verdicts.py`` with k-fold cross-validation on labelled articles. At run
time the verdict is plain arithmetic: satisfactory when ``bias + sum(weight * signal)``
is at least 0 (a logistic model's decision at probability 0.5). No model file, no
dependency, no network.

A signal's value is ``log(1 + n)`` where ``n`` counts sentences (``patterns``) or findings,
so one mention matters and the tenth adds little; the rule's own verdict gives 0 or 1.

The model is not asked where the rule's verdict is not-applicable (nothing to judge) or
``settled`` (a document unlike those the weights were fitted on, whose verdict is the rule's
own reading: see required-section's ``verdict-outside-lead-if``); such documents are not
fitted on either.

Signal sources (one per signal):

* ``patterns: [...]``: sentences in the scope that match any of the regexes (and, with
  ``near: [...]``, also match one of those; with ``unless: [...]``, match none of those);
* ``option: NAME``: the same with the rule's own list option ``NAME`` as the patterns;
* ``from: rule-not-satisfactory`` / ``rule-not-applicable``: 1 when the rule's own
  verdict is that, else 0;
* ``from: findings``: how many findings the rule made in the scope (by where they start).

Scopes: ``story`` (default: the body up to a press release's institutional boilerplate,
see :mod:`ketlint.boilerplate`), ``boilerplate`` (that material), ``title``, ``lead`` (the
title and the first body block), ``document`` (all of it).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import regex

from ketlint.casefolding import LETTER_BEYOND_ASCII, simple_folding
from ketlint.document import Block, Document
from ketlint.model import Finding, Verdict
from ketlint.prefilter import usable_lowered
from ketlint.timeouts import compile_now, escape, user_pattern

if TYPE_CHECKING:
    from ketlint.prefilter import TextScan

SCOPES = ("story", "boilerplate", "title", "lead", "document")
RULE_SOURCES = ("rule-not-satisfactory", "rule-not-applicable", "findings")
MODEL_KEYS = ("about", "signals", "weights", "bias", "fitted")
SIGNAL_KEYS = ("patterns", "option", "from", "near", "unless", "scope", "label")
_FLAGS = regex.VERSION1 | regex.UNICODE | regex.IGNORECASE


T = TypeVar("T")


class ParagraphMemo(Protocol):
    """What the engine keeps of a paragraph across lints: ``memo(block, name, compute)`` is
    ``compute()``, made once for the text of ``block`` (and kept under ``name``)."""

    def __call__(self, block: Block, name: str, compute: Callable[[], T]) -> T: ...


def _compute(block: Block, name: str, compute: Callable[[], T]) -> T:
    """No memo (a model asked outside the engine): every paragraph read afresh."""
    return compute()


class VerdictModelError(ValueError):
    """A ``verdict-model`` that cannot be used; the message names the key at fault."""


@dataclass(frozen=True)
class Signal:
    name: str
    label: str  # what the signal means, in words, for the verdict's reason
    source: str  # "patterns" or one of RULE_SOURCES
    pattern: regex.Pattern[str] | None = None
    near: regex.Pattern[str] | None = None
    unless: regex.Pattern[str] | None = None
    scope: str = "story"


@dataclass(frozen=True)
class VerdictModel:
    signals: tuple[Signal, ...]
    weights: tuple[float, ...]
    bias: float
    # Names the per-paragraph matches in the engine's paragraph memo: same signals, same
    # kept rows.
    memo_owner: str = ""
    # The signals searched in sentences, and their patterns as one set (asked of each
    # paragraph at once, :func:`_match_sentences`).
    sentence_signals: tuple[Signal, ...] = field(init=False, repr=False, compare=False)
    sentence_patterns: tuple[regex.Pattern[str] | None, ...] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        sentence_signals = tuple(s for s in self.signals if s.source == "patterns")
        object.__setattr__(self, "sentence_signals", sentence_signals)
        patterns = tuple(s.pattern for s in sentence_signals)
        object.__setattr__(self, "sentence_patterns", patterns)

    # -- reading --------------------------------------------------------------------

    def values(
        self,
        doc: Document,
        verdict: Verdict | None,
        findings: Sequence[Finding],
        scan: TextScan | None = None,
        memo: ParagraphMemo = _compute,
    ) -> dict[str, float]:
        """Each signal's value for ``doc`` (what the weights multiply); ``scan``: the
        document's prefilter (ketlint.prefilter), to skip sentences a pattern cannot match;
        ``memo``: what the engine keeps of each paragraph, so an edit re-reads one."""
        counts = _sentence_counts(
            doc, self.sentence_signals, self.memo_owner, scan, memo, self.sentence_patterns
        )
        out: dict[str, float] = {}
        value = verdict.value if verdict is not None else "satisfactory"
        for signal in self.signals:
            if signal.source == "rule-not-satisfactory":
                out[signal.name] = 1.0 if value == "not-satisfactory" else 0.0
            elif signal.source == "rule-not-applicable":
                out[signal.name] = 1.0 if value == "not-applicable" else 0.0
            elif signal.source == "findings":
                out[signal.name] = math.log1p(_findings_in_scope(doc, findings, signal.scope))
            else:
                out[signal.name] = math.log1p(counts[signal.name])
        return out

    def score(self, values: Mapping[str, float]) -> float:
        return self.bias + sum(
            weight * values[signal.name]
            for signal, weight in zip(self.signals, self.weights, strict=True)
        )

    def decide(
        self,
        doc: Document,
        verdict: Verdict | None,
        findings: Sequence[Finding],
        criterion: str,
        scan: TextScan | None = None,
        memo: ParagraphMemo = _compute,
    ) -> Verdict:
        """The model's verdict; where it agrees with the rule's own, the rule's (and its reason).
        A rule's not-applicable stands (see :func:`decide_value`), and so does a verdict the
        rule marks ``settled`` (a document unlike those the weights were fitted on)."""
        if verdict is not None and verdict.settled:
            return verdict
        values = self.values(doc, verdict, findings, scan, memo)
        score = self.score(values)
        rule_value = verdict.value if verdict is not None else "satisfactory"
        value = decide_value(rule_value, score)
        if verdict is not None and value == rule_value:
            return verdict
        return Verdict(criterion, value, f"on balance (score {score:+.2f}): {self.explain(values)}")

    def explain(self, values: Mapping[str, float], most: int = 3) -> str:
        """The signals that moved the score most, in words."""
        moved = sorted(
            (
                (weight * values[signal.name], signal)
                for signal, weight in zip(self.signals, self.weights, strict=True)
                if values[signal.name]
            ),
            key=lambda pair: -abs(pair[0]),
        )
        parts = [f"{signal.label} ({'+' if push > 0 else '−'})" for push, signal in moved[:most]]
        return "; ".join(parts) if parts else "none of its signals is present"


def decide_value(rule_value: str, score: float) -> str:
    """The verdict for a model score: satisfactory from 0 up, else not-satisfactory.

    Where the rule finds nothing its criterion applies to (no intervention, no study), the
    model is not asked: its weights were fitted on articles the criterion applies to.
    """
    if rule_value == "not-applicable":
        return rule_value
    return "satisfactory" if score >= 0 else "not-satisfactory"


# -- building from a rule file --------------------------------------------------------


def build_verdict_model(raw: Any, options: Mapping[str, Any]) -> VerdictModel:
    """A model from a rule file's ``verdict-model`` mapping; VerdictModelError if it is wrong."""
    if not isinstance(raw, dict):
        raise VerdictModelError(
            "'verdict-model' must be a mapping with 'signals', 'weights' and 'bias'"
        )
    for key in raw:
        if key not in MODEL_KEYS:
            raise VerdictModelError(
                f"unknown verdict-model key {key!r} (keys: {', '.join(MODEL_KEYS)})"
            )
    raw_signals = raw.get("signals")
    if not isinstance(raw_signals, dict) or not raw_signals:
        raise VerdictModelError(
            "verdict-model 'signals' must be a non-empty mapping of name to signal"
        )
    signals = _sharing_patterns(
        [_build_signal(name, spec, options) for name, spec in raw_signals.items()]
    )
    raw_weights = raw.get("weights", {})
    if not isinstance(raw_weights, dict):
        raise VerdictModelError("verdict-model 'weights' must map signal names to numbers")
    unknown = set(raw_weights) - {s.name for s in signals}
    if unknown:
        raise VerdictModelError(
            f"verdict-model weights name unknown signals: {', '.join(sorted(unknown))}"
        )
    weights = []
    for signal in signals:
        weight = raw_weights.get(signal.name, 0.0)
        if not isinstance(weight, (int, float)) or isinstance(weight, bool):
            raise VerdictModelError(f"verdict-model weight of {signal.name!r} must be a number")
        weights.append(float(weight))
    bias = raw.get("bias", 0.0)
    if not isinstance(bias, (int, float)) or isinstance(bias, bool):
        raise VerdictModelError("verdict-model 'bias' must be a number")
    owner = "verdict-model:" + "\0".join(
        f"{s.name}={s.pattern.pattern if s.pattern else ''}"
        f"~{s.near.pattern if s.near else ''}!{s.unless.pattern if s.unless else ''}"
        for s in signals
        if s.source == "patterns"
    )
    return VerdictModel(signals, tuple(weights), float(bias), owner)


def _sharing_patterns(signals: list[Signal]) -> tuple[Signal, ...]:
    """``signals`` with one pattern object for each distinct regex. Signals repeat lists (the
    same harm words with another ``near`` or ``unless``), and a sentence is searched once
    per pattern object (:func:`_match_sentences`), so a list shared is searched once."""
    shared: dict[Any, Any] = {}  # a user pattern is equal to another of its source and flags

    def one(pattern: regex.Pattern[str] | None) -> regex.Pattern[str] | None:
        return None if pattern is None else shared.setdefault(pattern, pattern)

    return tuple(
        replace(
            signal, pattern=one(signal.pattern), near=one(signal.near), unless=one(signal.unless)
        )
        for signal in signals
    )


def _build_signal(name: Any, spec: Any, options: Mapping[str, Any]) -> Signal:
    if not isinstance(name, str) or not name:
        raise VerdictModelError(f"verdict-model signal name {name!r} must be a string")
    where = f"verdict-model signal {name!r}"
    if not isinstance(spec, dict):
        raise VerdictModelError(f"{where} must be a mapping")
    for key in spec:
        if key not in SIGNAL_KEYS:
            raise VerdictModelError(
                f"{where}: unknown key {key!r} (keys: {', '.join(SIGNAL_KEYS)})"
            )
    sources = [key for key in ("patterns", "option", "from") if key in spec]
    if len(sources) != 1:
        raise VerdictModelError(f"{where} needs exactly one of 'patterns', 'option' or 'from'")
    label = str(spec.get("label") or name.replace("-", " "))
    scope = spec.get("scope", "story")
    if scope not in SCOPES:
        raise VerdictModelError(f"{where}: scope must be one of {', '.join(SCOPES)}, not {scope!r}")
    if "from" in spec:
        if spec["from"] not in RULE_SOURCES:
            raise VerdictModelError(f"{where}: 'from' must be one of {', '.join(RULE_SOURCES)}")
        return Signal(name, label, str(spec["from"]), scope=scope)
    if "option" in spec:
        patterns = _option_patterns(options.get(spec["option"]))
        if not patterns:
            raise VerdictModelError(
                f"{where}: the rule has no list option {spec['option']!r} of patterns"
            )
    else:
        patterns = spec["patterns"]
    pattern = _compile(patterns, f"{where} patterns")
    near = _compile(spec["near"], f"{where} near") if "near" in spec else None
    unless = _compile(spec["unless"], f"{where} unless") if "unless" in spec else None
    return Signal(name, label, "patterns", pattern, near, unless, scope)


def _findings_in_scope(doc: Document, findings: Sequence[Finding], scope: str) -> int:
    """How many of ``findings`` start in ``scope`` (placed as sentences are, :func:`_in_scope`):
    a word-list rule's findings in an "About the institution" blurb describe the institution,
    not the story, so a signal about the story must not count them."""
    if scope == "document":
        return len(findings)
    from ketlint.boilerplate import story_end

    end = story_end(doc)
    title = doc.title_block
    lead = _lead(doc)

    def within(block: Block | None, offset: int) -> bool:
        return block is not None and block.start <= offset < block.end

    return sum(
        1
        for f in findings
        if _in_scope(
            scope, f.start < end, within(title, f.start), any(within(b, f.start) for b in lead)
        )
    )


def _lead(doc: Document) -> list[Block]:
    """The blocks a ``lead`` scope reads: the title and the first body block."""
    body = doc.body_blocks
    return [b for b in (doc.title_block, body[0] if body else None) if b is not None]


def _option_patterns(value: Any) -> list[str]:
    """The regexes of a list option: plain strings, or the entries of the kinds' richer
    lists (a ``pattern``, ``patterns`` or a literal ``term``)."""
    if not isinstance(value, list):
        return []
    found: list[str] = []
    for entry in value:
        if isinstance(entry, str):
            found.append(entry)
        elif isinstance(entry, dict):
            if isinstance(entry.get("term"), str):
                words = entry["term"].split()
                found.append(r"\b" + r"\s+".join(escape(w) for w in words) + r"\b")
            inner = entry.get("pattern", entry.get("patterns"))
            if isinstance(inner, str):
                found.append(inner)
            elif isinstance(inner, list):
                found.extend(p for p in inner if isinstance(p, str))
    return found


def _compile(patterns: Any, where: str) -> regex.Pattern[str]:
    if isinstance(patterns, str):
        patterns = [patterns]
    if (
        not isinstance(patterns, list)
        or not patterns
        or not all(isinstance(p, str) for p in patterns)
    ):
        raise VerdictModelError(f"{where} must be a non-empty list of regexes")
    try:
        pattern = user_pattern("|".join(f"(?:{p})" for p in patterns), _FLAGS)
        # User patterns compile on first search; a broken one is reported here, as the
        # verdict model's own error (its line, its signal).
        compile_now([pattern])
        return pattern
    except regex.error as exc:
        raise VerdictModelError(f"{where}: {exc}") from None


# -- counting -------------------------------------------------------------------------


def _sentence_counts(
    doc: Document,
    signals: Sequence[Signal],
    owner: str,
    scan: TextScan | None = None,
    memo: ParagraphMemo = _compute,
    patterns: tuple[regex.Pattern[str] | None, ...] | None = None,
) -> dict[str, int]:
    """How many sentences in each signal's scope match it (``patterns``: the signals'
    patterns, as the model keeps them).

    Each paragraph is read once per text (``memo``), so an edit in the editor re-reads one
    paragraph.
    """
    counts = dict.fromkeys((s.name for s in signals), 0)
    if not signals:
        return counts
    from ketlint.boilerplate import story_end

    end = story_end(doc)
    title = doc.title_block
    lead_blocks = {id(block) for block in _lead(doc)}
    # Which signals count in a block depends on four things only: whether the block is in the
    # story, is the title, is in the lead (each signal's scope says which it needs). The
    # signals that count are listed once per such combination, not re-decided per block.
    chosen: dict[tuple[bool, bool, bool], tuple[int, ...]] = {}
    totals = [0] * len(signals)
    for block in doc.blocks:
        is_title = block is title
        if block.kind == "heading" and not is_title:
            continue
        # Each paragraph's per-signal sentence counts, kept by its text: an edit re-counts
        # one paragraph, and the document's counts are sums of these.
        sums: tuple[int, ...] = memo(
            block,
            owner,
            lambda block=block: _count_sentences(doc, block, signals, scan, patterns),  # type: ignore[misc]
        )
        if not sums:  # nothing matched in the block (or it has no sentences)
            continue
        where = (block.start < end, is_title, id(block) in lead_blocks)
        indices = chosen.get(where)
        if indices is None:
            indices = chosen[where] = tuple(
                i for i, signal in enumerate(signals) if _in_scope(signal.scope, *where)
            )
        for i in indices:
            totals[i] += sums[i]
    for signal, total in zip(signals, totals, strict=True):
        counts[signal.name] += total
    return counts


def _in_scope(scope: str, in_story: bool, is_title: bool, in_lead: bool) -> bool:
    """Whether a block so placed counts for a signal of ``scope``."""
    if scope == "story":
        return in_story
    if scope == "boilerplate":
        return not in_story
    if scope == "title":
        return is_title
    if scope == "lead":
        return in_lead
    return True  # "document"


def _count_sentences(
    doc: Document,
    block: Block,
    signals: Sequence[Signal],
    scan: TextScan | None = None,
    patterns: tuple[regex.Pattern[str] | None, ...] | None = None,
) -> tuple[int, ...]:
    """How many of ``block``'s sentences match each signal; () when none matches any."""
    rows = _match_sentences(doc, block, signals, scan, patterns)
    sums = tuple(sum(column) for column in zip(*rows, strict=True)) if rows else ()
    return sums if any(sums) else ()


def _search(
    scan: TextScan | None,
    pattern: regex.Pattern[str],
    searched: regex.Pattern[str],
    prose: str,
    sentence: str,
    sentence_start: int,
) -> bool:
    """Whether ``searched`` (``pattern`` or its simple-folding twin) matches in
    ``sentence``, cut out of ``prose`` at ``sentence_start``: tried only where
    a literal every match starts with occurs (:meth:`TextScan.leading_places`), where the
    scan knows them. Cut out, the sentence's first character starts a word whatever came
    before it in the prose, so a match is tried there too."""
    places = (
        None
        if scan is None
        else scan.leading_places(pattern, prose, sentence_start, sentence_start + len(sentence))
    )
    if places is None:
        return searched.search(sentence) is not None
    if not places or places[0] != sentence_start:
        places = [sentence_start, *places]
    return any(searched.match(sentence, place - sentence_start) is not None for place in places)


def _match_sentences(
    doc: Document,
    block: Block,
    signals: Sequence[Signal],
    scan: TextScan | None = None,
    patterns: tuple[regex.Pattern[str] | None, ...] | None = None,
) -> tuple[tuple[bool, ...], ...]:
    """Whether each of ``block``'s sentences matches each signal (``patterns``: the
    signals' patterns as one set, which the scan answers for the paragraph at once)."""
    rows = []
    prose = doc.prose
    if patterns is None:
        patterns = tuple(s.pattern for s in signals)
    # Signals whose pattern cannot match anywhere in the paragraph match none of its sentences.
    if scan is None:
        possible = [pattern is not None for pattern in patterns]
    else:
        possible = scan.may_occur_each(patterns, block.start, block.end)
    chosen = [(index, signals[index]) for index, can in enumerate(possible) if can]
    nothing = (False,) * len(signals)
    for sentence in doc.sentences_in(block):
        if not chosen:
            rows.append(nothing)
            continue
        text = prose[sentence.start : sentence.end]
        # The sentence is searched cut out on its own; signals share patterns (the same
        # harm words with another "near" or "unless"), so each is searched once.
        lowered = usable_lowered(text) if scan is not None else None
        found: dict[int, bool] = {}
        ascii_letters = LETTER_BEYOND_ASCII.search(text) is None

        def has(
            pattern: regex.Pattern[str],
            sentence_start: int = sentence.start,
            text: str = text,
            lowered: str | None = lowered,
            found: dict[int, bool] = found,
            ascii_letters: bool = ascii_letters,
        ) -> bool:
            answer = found.get(id(pattern))
            if answer is None:
                searched = (ascii_letters and simple_folding(pattern)) or pattern
                answer = found[id(pattern)] = (
                    lowered is None
                    or scan is None
                    or scan.may_occur_alone(pattern, text, lowered, block.start)
                ) and _search(scan, pattern, searched, prose, text, sentence_start)
            return answer

        row = list(nothing)
        for index, s in chosen:
            assert s.pattern is not None
            if (
                has(s.pattern)
                and (s.near is None or has(s.near))
                and (s.unless is None or not has(s.unless))
            ):
                row[index] = True
        rows.append(tuple(row))
    return tuple(rows)
