"""``benefit-claims``: are the benefits an article claims quantified in absolute terms?

Readers cannot weigh "cuts the risk by 50%" without the risk it is cut from: 2 in
100 becoming 1 in 100 is not 40 in 100 becoming 20 in 100. The kind reads every
sentence that claims a benefit (a rule lists the words of such claims in
``claim-words``) and sorts the numbers in it:

* **relative** figures: "a 30% lower risk", "reduced the risk by half",
  "three times more likely", "2-fold", "halved", hazard or odds ratios;
* **absolute** figures: two rates compared ("9% compared with 21%"), counts in a
  group ("13 of the 22 patients", "nine out of 10"), the share of a group with an
  outcome ("45% of the participants"), outcome rates ("a response rate of 79%"),
  changes in units ("lost 6 kg", "12 mg/dL lower", "47 months versus 42 months",
  "from 230 to 135"), and the explicit absolute measures: percentage points,
  absolute risk, number needed to treat.

Findings, on the claim words only:

* a relative figure whose paragraph gives no absolute figure (the rule's ``message``);
* a vague benefit word (``vague-words``: "significantly improved", "highly
  effective") when no benefit claim in the whole article gives a number
  (``vague-message``).

Verdict (with a criterion): satisfactory when at least one benefit claim is
quantified in absolute terms; not-applicable when the article claims no benefit;
not-satisfactory otherwise. Reference lists and "About us" boilerplate are not read.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import regex

from ketlint import searching
from ketlint.boilerplate import story_end
from ketlint.citations import is_reference_block, reference_ranges
from ketlint.document import Block, Document, Sentence
from ketlint.kinds.base import (
    PATTERN_FLAGS,
    BlockFacts,
    Judgement,
    Kind,
    Paragraph,
    compile_alternatives,
    data_file,
)
from ketlint.model import Finding, Related, Severity, Verdict
from ketlint.paths import builtin_rules_dir
from ketlint.timeouts import check_compiles, user_pattern

FLAGS = PATTERN_FLAGS

# -- the figure grammar ---------------------------------------------------------------
# The figures themselves (relative and absolute shapes, rates, the words that compare two
# figures) are data in the rule file (``figures``); fragments such as ``{number}`` are
# inserted where a pattern names them.

_FRAGMENT = regex.compile(r"(?<!\\[pP])\{([a-z][a-z0-9-]*)\}")


class FigureGrammarError(ValueError):
    """A ``figures`` pattern names a fragment that is not defined (or defined in a loop)."""


def expand_fragments(template: str, fragments: dict[str, str], using: tuple[str, ...] = ()) -> str:
    """``template`` with every ``{name}`` replaced by that fragment (itself expanded)."""

    def insert(match: regex.Match[str]) -> str:
        name = match.group(1)
        if name not in fragments:
            raise FigureGrammarError(f"unknown fragment {{{name}}}")
        if name in using:
            raise FigureGrammarError(f"fragment {{{name}}} uses itself")
        return expand_fragments(fragments[name], fragments, (*using, name))

    return _FRAGMENT.sub(insert, template)


def _compile_each(
    sources: dict[str, str], fragments: dict[str, str]
) -> tuple[tuple[str, regex.Pattern[str]], ...]:
    """One pattern per shape of figure.

    The regex engine scans a few small patterns several times faster than one alternation
    of them all, and a match can say which shape it is.
    """
    compiled = []
    for label, source in sources.items():
        try:
            expanded = expand_fragments(source, fragments)
        except FigureGrammarError as exc:
            raise FigureGrammarError(f"{label!r}: {exc}") from None
        compiled.append((label, user_pattern(rf"(?<!\w)(?:{expanded})", FLAGS | regex.VERBOSE)))
    return tuple(compiled)


DEFAULT_FIGURES_FILE = "data/figures.yml"
_FIGURE_PATTERNS = ("rate", "comparison", "hint")


@dataclass(frozen=True)
class FigureGrammar:
    relative: tuple[tuple[str, regex.Pattern[str]], ...]
    absolute: tuple[tuple[str, regex.Pattern[str]], ...]
    rate: regex.Pattern[str]
    comparison: regex.Pattern[str]
    hint: regex.Pattern[str]
    translated: frozenset[str]


def figure_grammar(path: Path) -> FigureGrammar:
    """The figure grammar in the data file at ``path``, read again only when the file
    changes. Raises ValueError naming the file (and, for YAML errors, the line) when it
    cannot be used."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise ValueError(f"{path}: cannot read the figure grammar: {exc}") from None
    return _figure_grammar(path, stat.st_mtime_ns, stat.st_size)


def _figure_data(path: Path, mtime_ns: int, size: int) -> Any:
    """The figure grammar file's YAML, kept by the start-up cache (and shipped in the
    package's start-up data for the built-in file): importing PyYAML and reading the file
    was about 20 ms of every fresh run, for plain data that changes only with the file."""
    from ketlint import startup_cache

    def parse() -> Any:
        from ketlint.limits import DataFileError, safe_yaml_load

        # Under the limits of every ketlint data file (size, nesting, alias expansion): a
        # rule pack from the workspace may name any file, and an alias bomb read by a plain
        # loader stalled the lint (and the language server's engine thread) for good.
        try:
            return safe_yaml_load(path.read_text(encoding="utf-8"), str(path))
        except (OSError, UnicodeDecodeError) as exc:
            raise ValueError(f"{path}: cannot read the figure grammar: {exc}") from None
        except DataFileError as exc:
            raise ValueError(f"cannot read the figure grammar: {exc}") from None

    return startup_cache.cached_data(
        "figure-grammar",
        (os.fspath(path), mtime_ns, size),
        parse,
        lambda: startup_cache.content_key(path),  # the bundled copy's key: the file's content
    )


@functools.lru_cache(maxsize=8)
def _figure_grammar(path: Path, _mtime_ns: int, _size: int) -> FigureGrammar:
    data = _figure_data(path, _mtime_ns, _size)

    def texts(key: str) -> dict[str, str]:
        value = data.get(key, {}) if isinstance(data, dict) else None
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and v for k, v in value.items()
        ):
            raise ValueError(f"{path}: `{key}` must map names to patterns")
        return value

    fragments = texts("fragments")
    try:
        missing = [key for key in _FIGURE_PATTERNS if not isinstance(data.get(key), str)]
        if missing:
            raise ValueError(f"{path}: `{missing[0]}` must be a pattern")

        def compile_one(key: str) -> regex.Pattern[str]:
            try:
                expanded = expand_fragments(data[key], fragments)
            except FigureGrammarError as exc:
                raise FigureGrammarError(f"{key!r}: {exc}") from None
            return user_pattern(expanded, FLAGS | regex.VERBOSE)

        grammar = FigureGrammar(
            relative=_compile_each(texts("relative"), fragments),
            absolute=_compile_each(texts("absolute"), fragments),
            rate=compile_one("rate"),
            comparison=compile_one("comparison"),
            hint=compile_one("hint"),
            translated=frozenset(str(label) for label in data.get("translated", [])),
        )
        if path.resolve().parent.parent != builtin_rules_dir():
            # Someone else's grammar may not compile: say so now, naming the file. The
            # built-in one is tested, and compiles pattern by pattern when first searched.
            check_compiles(
                [grammar.rate, grammar.comparison, grammar.hint]
                + [pattern for _, pattern in grammar.relative + grammar.absolute]
            )
    except FigureGrammarError as exc:
        raise ValueError(f"{path}: {exc}") from None
    except regex.error as exc:
        raise ValueError(f"{path}: a pattern does not compile: {exc}") from None
    return grammar


# "by 43%" is the size of a change, not a rate: two of them side by side are not two arms.
CHANGE_BY = regex.compile(r"\bby\s+(?:about\s+|around\s+|nearly\s+|almost\s+|some\s+)?$", FLAGS)
CONTROL_ARM = regex.compile(
    r"\b(?:placebo|control|sham|usual\s+care|comparator|vehicle|untreated|standard\s+(?:care|treatment))\b",
    FLAGS,
)
CONTROL_AFTER = 60  # characters after the second arm's figure that may name the control arm
_ARM_FIGURE_WITHIN = 30  # characters after "compared with" in which the other arm's figure stands
# Two arms of a trial set side by side: "a 46% reduction, compared with a 25% reduction".
ARMS = regex.compile(r"\b(?:compared\s+(?:with|to)|versus|vs\.?|whereas|while|against)\b", FLAGS)

NAMED_AFTER = 30  # characters after a relative figure that may say what it measures
# A sentence that restates the one before: "This is 9 times more ...", "That was twice ...".
RESTATES = regex.compile(
    r"\W*(?:this|that|it|which)\s+(?:is|was|represents|means|amounts\s+to)\s+"
    r"(?:(?:about|around|nearly|almost|roughly|some|more\s+than|over|up\s+to)\s+)?\S*\d|"
    r"\W*(?:this|that|it)\s+(?:is|was)\s+(?:twice|half|three|four|five|six|seven|eight|nine|ten)\b",
    FLAGS,
)


@dataclass(frozen=True)
class Figure:
    start: int
    end: int
    relative: bool


@dataclass
class ClaimSentence:
    sentence: Sentence
    claim: tuple[int, int]  # the first claim word
    relative: list[Figure] = field(default_factory=list)
    absolute: list[Figure] = field(default_factory=list)
    rates: int = 0  # percentages and rates in the sentence, whatever they measure
    translated: bool = (
        False  # an absolute measure of the effect: NNT, absolute risk, "1 for every N"
    )


@dataclass(frozen=True)
class SentenceClaim:
    """A sentence of a paragraph that claims a benefit, offsets from the paragraph's start."""

    sentence: tuple[int, int]
    claim: tuple[int, int]  # the first claim word (else the first absolute figure)
    relative: tuple[tuple[int, int], ...]
    absolute: tuple[tuple[int, int], ...]
    rates: int
    translated: bool


class _Asked(NamedTuple):
    """What each sentence of a paragraph is searched for (BenefitClaimsRule._asked): None,
    or left out of a figure list, where the paragraph cannot hold a match."""

    not_claims: regex.Pattern[str] | None
    harm_words: regex.Pattern[str] | None
    benefit_words: regex.Pattern[str] | None
    claim_words: regex.Pattern[str] | None
    rate: regex.Pattern[str] | None
    relative: tuple[tuple[str, regex.Pattern[str]], ...]
    absolute: tuple[tuple[str, regex.Pattern[str]], ...]


@dataclass(frozen=True)
class BenefitFacts:
    """What a paragraph says for a benefit-claims rule."""

    claims: tuple[SentenceClaim, ...]
    vague: tuple[tuple[int, int], ...]  # vague benefit words


def _patterns(description: str) -> dict[str, Any]:
    return {
        "type": "array",
        "items": {"type": "string", "minLength": 1},
        "description": description,
    }


class BenefitClaimsRule(Kind[BenefitFacts]):
    kind = "benefit-claims"
    pattern_options = frozenset(
        (
            "benefit-words",
            "claim-words",
            "harm-words",
            "not-benefit-comparisons",
            "not-benefit-figures",
            "not-claims",
            "population-states",
            "vague-words",
        )
    )
    options_doc = (
        "Reads the sentences that claim a benefit and sorts their numbers into relative "
        'figures ("30% lower risk", "halved", "3 times") and absolute ones (two rates '
        'compared, "13 of 22 patients", changes in units, percentage points). Flags relative '
        "figures whose paragraph has no absolute one, and vague benefit words when no claim "
        "in the article gives a number. Message placeholders: {match}, {claim}. With a "
        "criterion, the verdict is satisfactory when a benefit is quantified in absolute "
        "terms, not-applicable when no benefit is claimed."
    )
    options_schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["claim-words"],
        "properties": {
            "claim-words": {
                **_patterns("Regexes: a sentence matching one claims a benefit or an effect."),
                "minItems": 1,
            },
            "not-claims": _patterns(
                "Regexes: a sentence matching one is not read as a benefit claim (background "
                "figures such as how common a disease is)."
            ),
            "harm-words": _patterns(
                "Regexes: a sentence matching one reports harms (side effects, adverse events); "
                "it is not read as a benefit claim unless it also matches `benefit-words`."
            ),
            "benefit-words": _patterns(
                "Regexes: words that make a sentence about harms a benefit claim too "
                '("effective", "response rate").'
            ),
            "not-benefit-figures": _patterns(
                "Regexes, searched in a relative figure and the few words after it: a figure "
                "matching one is not a benefit (a risk linked to an exposure, how common or "
                'deadly a disease is, a laboratory potency: "50% higher risk", "35 times less '
                'common", "a 1,000-fold increase in activity") and is neither flagged nor counted.'
            ),
            "not-benefit-comparisons": _patterns(
                "Regexes, searched from a relative figure to the end of its sentence: what the "
                "figure is set against says it is a difference between groups, not an effect of "
                'an intervention ("in patients with the disease, compared with healthy '
                'controls"); such a figure is neither flagged nor counted. A figure in a '
                'sentence that opens by restating the one before ("This is 9 times more") '
                "is read with that sentence's `not-benefit-figures` too."
            ),
            "population-states": _patterns(
                "Regexes, matched from the end of an absolute figure: words that make it the "
                "standing state of a population, not what happened to the people studied "
                '("40 percent of adults over 65 have high blood pressure", "only 5% '
                'of smokers who could use the helpline are getting help"); such a figure does not quantify '
                "a benefit."
            ),
            "vague-words": _patterns(
                "Regexes: vague benefit words, flagged when no benefit claim in the article "
                "gives a number."
            ),
            "vague-message": {
                "type": "string",
                "description": "Message for vague benefit words (placeholder {match}).",
            },
            "vague-severity": {
                "enum": ["error", "warning", "info", "hint"],
                "description": "Severity of vague-word findings instead of the rule's.",
            },
            "figures-file": {
                "type": "string",
                "minLength": 1,
                "default": DEFAULT_FIGURES_FILE,
                "description": "The figure grammar (relative and absolute figures, rates, the "
                "words that compare two figures): a YAML data file, relative to the rule file "
                "(or the built-in rules); see rules/data/figures.yml.",
            },
            "skip-boilerplate": {
                "type": "boolean",
                "default": True,
                "description": "Do not read press-release boilerplate: sections headed "
                '"About ...", "Media contact", and everything after a "###" line.',
            },
        },
    }

    def configure(self, options: dict[str, Any]) -> None:
        def compile_any(key: str) -> regex.Pattern[str] | None:
            return compile_alternatives(options.get(key, []), FLAGS)

        self.claim_words = compile_any("claim-words") or regex.compile("(?!)")
        self.not_claims = compile_any("not-claims")
        self.harm_words = compile_any("harm-words")
        self.benefit_words = compile_any("benefit-words")
        self.not_benefit_figures = compile_any("not-benefit-figures")
        self.not_benefit_comparisons = compile_any("not-benefit-comparisons")
        self.population_states = compile_any("population-states")
        self.vague_words = compile_any("vague-words")
        self.vague_message: str | None = options.get("vague-message")
        severity = options.get("vague-severity")
        self.vague_severity = Severity.parse(severity) if severity else None
        self.skip_boilerplate = bool(options.get("skip-boilerplate", True))
        grammar = figure_grammar(
            data_file(self.spec, options.get("figures-file", DEFAULT_FIGURES_FILE))
        )
        self.relative = grammar.relative
        self.absolute = grammar.absolute
        self.rate = grammar.rate
        self.comparison = grammar.comparison
        self.figure_hint = grammar.hint
        self.translated = grammar.translated
        # What each sentence is searched for, as one set asked of its paragraph at once.
        self.asked_of_paragraph = (
            self.not_claims,
            self.harm_words,
            self.benefit_words,
            self.claim_words,
            self.rate,
            *(pattern for _, pattern in self.relative),
            *(pattern for _, pattern in self.absolute),
        )

    # -- reading ------------------------------------------------------------------

    def read_blocks(self, doc: Document) -> list[Block]:
        """Body blocks that are the article itself: no references, no press-kit boilerplate
        (from where :func:`story_end` says it begins)."""
        excluded = reference_ranges(doc)
        boilerplate_start = story_end(doc) if self.skip_boilerplate else len(doc.source)
        chosen: list[Block] = []
        for block in doc.blocks:
            if block is doc.title_block:
                chosen.append(block)
                continue
            if excluded and any(start <= block.start < end for start, end in excluded):
                continue
            if block.start >= boilerplate_start:
                break
            if block.kind != "heading" and is_reference_block(doc, block):
                continue
            chosen.append(block)
        return chosen

    def read_block(self, paragraph: Paragraph) -> BenefitFacts:
        """The claims of the paragraph's sentences and its vague benefit words."""
        prose = paragraph.prose
        sentences = paragraph.sentences
        claims = []
        asked = self._asked(prose)
        for index, (start, end) in enumerate(sentences):
            previous = sentences[index - 1] if index else None
            claim = self._read_sentence(prose, start, end, asked, previous)
            if claim is not None:
                claims.append(claim)
        vague = self.spans(self.vague_words, prose) if self.vague_words is not None else ()
        return BenefitFacts(tuple(claims), vague)

    def _asked(self, prose: str) -> _Asked:
        """What a sentence of the paragraph ``prose`` is searched for: the patterns the
        prefilter rules out of the whole paragraph (asked once, as one set) are None, or
        left out of the figure lists; a sentence holds no match of those."""
        possible = searching.may_match(self.asked_of_paragraph, prose)
        kept = [
            pattern if may else None
            for pattern, may in zip(self.asked_of_paragraph, possible, strict=True)
        ]
        count = len(self.relative)
        return _Asked(
            not_claims=kept[0],
            harm_words=kept[1],
            benefit_words=kept[2],
            claim_words=kept[3],
            rate=kept[4],
            relative=tuple(
                figure
                for figure, may in zip(self.relative, possible[5 : 5 + count], strict=True)
                if may
            ),
            absolute=tuple(
                figure
                for figure, may in zip(self.absolute, possible[5 + count :], strict=True)
                if may
            ),
        )

    def _read_sentence(
        self,
        prose: str,
        start: int,
        end: int,
        asked: _Asked,
        previous: tuple[int, int] | None = None,
    ) -> SentenceClaim | None:
        if self.found(asked.not_claims, prose, start, end):
            return None
        if self.found(asked.harm_words, prose, start, end) and not self.found(
            asked.benefit_words, prose, start, end
        ):
            return None
        claim = (
            None if asked.claim_words is None else self.first(asked.claim_words, prose, start, end)
        )
        relative: list[tuple[int, int]] = []
        absolute: list[tuple[int, int]] = []
        # The figure grammar is long; most sentences have no figure for it to find.
        if self.figure_hint.search(prose, start, end):
            relative = [
                span
                for span in _merged(self._spans(asked.relative, prose, start, end))
                if not self._not_benefit(prose, span, end)
                and not self._restates_not_benefit(prose, start, span, previous)
            ]
            absolute = [
                (s, e)
                for s, e in _merged(self._spans(asked.absolute, prose, start, end))
                if not _inside((s, e), relative)
                and not _best_case(prose, s, e)
                and not self._population_state(prose, e, end)
            ]
            if not absolute:
                absolute = [
                    (s, e)
                    for s, e in self._compared_rates(prose, start, end, relative, asked.rate)
                    if not self._population_state(prose, e, end)
                ]
        if claim is None and not absolute:
            return None
        return SentenceClaim(
            sentence=(start, end),
            claim=claim.span() if claim is not None else absolute[0],
            relative=tuple((s, e) for s, e in relative if e > s),
            absolute=tuple(absolute),
            rates=0
            if asked.rate is None
            else sum(1 for m in self.search(asked.rate, prose, start, end) if m.end() > m.start()),
            translated=any(
                self.found(pattern, prose, s, e)
                for s, e in absolute
                for label, pattern in asked.absolute
                if label in self.translated
            ),
        )

    def _not_benefit(self, prose: str, span: tuple[int, int], end: int) -> bool:
        """Whether a relative figure measures something other than a benefit.

        What it measures is named in the figure ("50% greater risk") or just after it
        ("35 times less common", "a 1,000-fold increase in activity").
        """
        if _DEFINITION.search(prose[max(0, span[0] - 30) : span[0]]):
            return True
        if self.found(self.not_benefit_figures, prose, span[0], min(end, span[1] + NAMED_AFTER)):
            return True
        # What the figure is set against, later in its sentence: a group named by its
        # condition against healthy controls is a difference between groups, not an effect.
        return self.found(self.not_benefit_comparisons, prose, span[1], end)

    def _population_state(self, prose: str, figure_end: int, end: int) -> bool:
        """Whether an absolute figure is a population's standing state, read from the words
        right after it: a share of a group named without a treatment, then a verb in the
        present tense ("40 percent of adults over 65 have high blood pressure").
        A study reports what happened to its participants in the past tense; the present
        tense describes the population the study is about (background, uptake)."""
        if self.population_states is None:
            return False
        return self.population_states.match(prose, figure_end, end) is not None

    def _restates_not_benefit(
        self,
        prose: str,
        start: int,
        span: tuple[int, int],
        previous: tuple[int, int] | None,
    ) -> bool:
        """Whether a figure restates the previous sentence's measure ("... a 20-fold rise
        in T cells. This is 9 times more than ...") and that measure is not a benefit.

        Only a sentence that opens with a pronoun standing for what came before ("This is",
        "That was", "It is") and whose figure comes before any other noun says what it
        measures through the sentence before it.
        """
        if previous is None or self.not_benefit_figures is None:
            return False
        opening = RESTATES.match(prose, start, span[0] + 1)
        if opening is None:
            return False
        return self.found(self.not_benefit_figures, prose, previous[0], previous[1])

    def _compared_rates(
        self,
        prose: str,
        start: int,
        end: int,
        relative: list[tuple[int, int]],
        rate: regex.Pattern[str] | None,
    ) -> list[tuple[int, int]]:
        """Two rates side by side ("9.6% of X, compared with 21.2% of Y") are absolute figures
        (``rate``: the rate pattern, None where the paragraph cannot hold one)."""
        if rate is None:
            return []
        rates = [
            m.span()
            for m in self.search(rate, prose, start, end)
            if m.end() > m.start()
            and not _overlaps(m.span(), relative)
            and not CHANGE_BY.search(prose, max(start, m.start() - 20), m.start())
        ]
        if len(rates) < 2:
            return []
        for (first_start, first_end), (second_start, second_end) in zip(
            rates, rates[1:], strict=False
        ):
            if self.comparison.search(prose, first_end, second_start):
                return [(first_start, second_end)]
        return []

    def _spans(
        self, patterns: tuple[tuple[str, regex.Pattern[str]], ...], text: str, start: int, end: int
    ) -> list[tuple[int, int]]:
        return [span for _, pattern in patterns for span in self.spans(pattern, text, start, end)]

    # -- findings -----------------------------------------------------------------

    def judge(self, doc: Document, facts: BlockFacts[BenefitFacts]) -> Judgement:
        story = [(block, facts[block]) for block in self.read_blocks(doc)]
        claims = [claim for _, read in story for claim in read.claims]
        has_absolute = any(claim.absolute for claim in claims)
        findings: list[Finding] = []
        # The article translates its result into absolute terms ("one life saved for every
        # 300 screened", an absolute risk reduction): its relative figures have their
        # baseline, wherever it is given.
        if not any(claim.translated for claim in claims):
            title = doc.title_block
            for block, read in story:
                # A paragraph with an absolute figure gives the baseline of its relative
                # ones; a headline has no room for it, and the body's absolute figures
                # excuse it.
                if not read.claims or any(claim.absolute for claim in read.claims):
                    continue
                if block is title and has_absolute:
                    continue
                # Beyond the paragraph, its findings read the words after it that may name
                # a control arm (_arms_compared).
                context = ("relative", doc.prose[block.end : block.end + CONTROL_AFTER])
                judge = functools.partial(self._relative_findings, doc, block, read)
                findings.extend(facts.judged(block, context, judge))
        if not any(claim.absolute or claim.relative or claim.rates for claim in claims):
            # No claim gives a figure at all, relative or absolute: its vague words are.
            for block, read in story:
                if read.vague:
                    judge = functools.partial(self._vague_findings, doc, block, read)
                    findings.extend(facts.judged(block, ("vague",), judge))
        return Judgement(findings, self._verdict(doc, story))

    def _relative_findings(self, doc: Document, block: Block, read: BenefitFacts) -> list[Finding]:
        """The relative figures of ``block``'s claims that nothing in their sentence sets
        against the other arm."""
        findings: list[Finding] = []
        shift = block.start
        for claim in read.claims:
            sentence = Sentence(claim.sentence[0] + shift, claim.sentence[1] + shift, block)
            item = ClaimSentence(sentence, (claim.claim[0] + shift, claim.claim[1] + shift))
            item.relative = [Figure(s + shift, e + shift, True) for s, e in claim.relative]
            # Both arms' changes side by side ("a 46% reduction, compared with a 25%
            # reduction on placebo") say how much each group gained, if not from what.
            if _arms_compared(doc.prose, item.relative) or self._set_against_control(
                doc.prose, item
            ):
                continue
            findings.extend(self._relative_finding(doc, figure, item) for figure in item.relative)
        return findings

    def _vague_findings(self, doc: Document, block: Block, read: BenefitFacts) -> list[Finding]:
        return [self._vague_finding(doc, s + block.start, e + block.start) for s, e in read.vague]

    def _set_against_control(self, prose: str, claim: ClaimSentence) -> bool:
        """Whether the sentence gives the control arm's change right after its relative
        figures ("reduced symptoms by 42 percent ..., compared to 15.7 percent in the control
        group"): both arms' changes, as with two relative figures (:func:`_arms_compared`)."""
        if not claim.relative:
            return False
        end = claim.sentence.end
        arms = ARMS.search(prose, claim.relative[-1].end, end)
        if arms is None:
            return False
        near = min(end, arms.end() + _ARM_FIGURE_WITHIN)
        rate = self.rate.search(prose, arms.end(), near)
        return rate is not None and (
            CONTROL_ARM.search(prose, rate.end(), min(end, rate.end() + CONTROL_AFTER)) is not None
        )

    def _relative_finding(self, doc: Document, figure: Figure, claim: ClaimSentence) -> Finding:
        matched = " ".join(doc.source[figure.start : figure.end].split())
        claim_text = " ".join(doc.source[claim.claim[0] : claim.claim[1]].split())
        related = []
        if not (figure.start <= claim.claim[0] < figure.end):
            related.append(Related(claim.claim[0], claim.claim[1], "the benefit claimed"))
        return self.finding(
            figure.start,
            figure.end,
            values={"match": matched, "claim": claim_text},
            related=related,
            data={"kind": "relative-only", "match": matched},
        )

    def _vague_finding(self, doc: Document, start: int, end: int) -> Finding:
        matched = " ".join(doc.source[start:end].split())
        return self.finding(
            start,
            end,
            values={"match": matched, "claim": matched},
            message=self.vague_message,
            severity=self.vague_severity,
            data={"kind": "vague", "match": matched},
        )

    def _verdict(self, doc: Document, story: list[tuple[Block, BenefitFacts]]) -> Verdict | None:
        if self.spec.criterion is None:
            return None
        criterion = self.spec.criterion
        if not any(read.claims for _, read in story):
            return Verdict(criterion, "not-applicable", "no benefit is claimed")
        for block, read in story:
            for claim in read.claims:
                if claim.absolute:
                    start, end = claim.absolute[0]
                    shown = " ".join(doc.source[start + block.start : end + block.start].split())
                    return Verdict(
                        criterion, "satisfactory", f"quantified in absolute terms: “{shown}”"
                    )
        if any(claim.relative for _, read in story for claim in read.claims):
            return Verdict(criterion, "not-satisfactory", "benefits given only in relative terms")
        return Verdict(criterion, "not-satisfactory", "benefits claimed without absolute numbers")


# A threshold that defines an outcome: "relief was considered a 40-69 percent reduction".
_DEFINITION = regex.compile(
    r"\b(?:considered|defined\s+as|counted\s+as|classified\s+as|meaning)\s+(?:as\s+)?(?:an?\s+)?$",
    FLAGS,
)
_UP_TO = regex.compile(r"\bup\s+to\s*$|^(?:by\s+)?up\s+to\b", FLAGS)


def _best_case(text: str, start: int, end: int) -> bool:
    """A figure "up to" some value is the best case, not what patients can expect."""
    return bool(_UP_TO.search(text[max(0, start - 12) : start]) or _UP_TO.search(text[start:end]))


def _arms_compared(prose: str, figures: list[Figure]) -> bool:
    """Whether two of a sentence's relative figures are set against each other as two arms.

    The second must be the comparison arm's ("compared with a 25% reduction in the placebo
    group"): two subgroups' relative figures side by side still lack a baseline.
    """
    return any(
        ARMS.search(prose, first.end, second.start) is not None
        and CONTROL_ARM.search(prose, second.end, second.end + CONTROL_AFTER) is not None
        for first, second in zip(figures, figures[1:], strict=False)
    )


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans in reading order; where two shapes matched overlapping words, one span for both."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in spans)


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)
