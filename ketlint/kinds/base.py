"""What every rule kind shares.

A *kind* is an extension point written in Python (``phrases``,
``uncited-claim``, ...). A *rule* is data: a YAML entry that names a kind and
gives it options. ``RuleSpec`` is that data after loading and merging with
config; a kind class turns a spec into a compiled, callable rule.

A kind reads, the engine caches. A kind implements two methods:

* :meth:`Kind.read_block`: what one paragraph (:class:`Paragraph`: a block's own source,
  prose and links, offsets from its start) says, as plain data (the kind's *facts*). It
  must depend on that paragraph alone: the engine keeps the facts by (rule, paragraph)
  for the CLI and the language server alike, so an edit re-reads only the paragraph it
  touched and a paragraph repeated across files is read once.
* :meth:`Kind.judge`: the findings, verdict and metrics of one document, from the
  document and the facts of whichever of its blocks the kind asks for (``facts[block]``).
  It may search the document too (what depends on more than one paragraph: the title,
  the lead, a heading that satisfies a requirement); those searches are made afresh each
  lint.

:meth:`Kind.metrics` measures what the judgement found, asked for apart so that a bug
there costs the metrics only.

Kinds search through :meth:`Rule.search` and its friends; what is skipped because it
cannot match (:mod:`ketlint.prefilter`) is the engine's business, as is every cache.
Every kind has this shape (:class:`Rule` holds what they share besides); a tool or test
that wants one rule's say on a document without the engine calls :meth:`Kind.judge_alone`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar

import regex

from ketlint import searching
from ketlint.document import Block, BlockKind, Document, Link
from ketlint.model import Finding, Fix, Related, Severity, Verdict
from ketlint.paths import builtin_rules_dir, is_builtin_source
from ketlint.searching import RuleBudgetExceeded
from ketlint.sentences import split_sentences
from ketlint.timeouts import user_pattern
from ketlint.word_keys import WORD_RUN, word_key

if TYPE_CHECKING:
    from ketlint.verdict_model import VerdictModel

DOCS_BASE_URL = "https://github.com/ketlint/ketlint/blob/main/docs/rules.md"


@dataclass(frozen=True)
class RuleDocs:
    summary: str = ""
    why: str = ""
    bad: str = ""
    good: str = ""
    standard: str = ""
    url: str = ""
    limits: str = ""  # what the rule can and cannot judge


@dataclass(frozen=True)
class RuleExample:
    text: str
    flagged: bool  # True: must be flagged (spans marked [[like this]]); False: must pass
    format: str = "markdown"


@dataclass
class RuleSpec:
    id: str
    kind: str
    severity: Severity
    message: str
    options: dict[str, Any] = field(default_factory=dict)
    docs: RuleDocs = field(default_factory=RuleDocs)
    examples: list[RuleExample] = field(default_factory=list)
    criterion: str | None = None  # HealthNewsReview criterion the rule's verdict scores
    source: str = "<builtin>"  # file the rule came from
    line: int = 1
    enabled: bool = True
    extends: str | None = None  # for an extension entry: the id of the rule it changes
    # Raw settings of an extension entry (options, add-*/remove-* lists, message ...).
    changes: dict[str, Any] = field(default_factory=dict)
    # The (line, column) in ``source`` of values that problems found after loading point
    # at, by path in the entry: its ``("id",)`` (a duplicate id), and for an extension each
    # value under ``("options", ...)`` (a problem applying it).
    positions: dict[tuple[str | int, ...], tuple[int, int]] = field(default_factory=dict)
    # Learned weights over the rule's signals that decide its verdict (ketlint.verdict_model).
    verdict_model: dict[str, Any] | None = None
    # False for a rule from a workspace's own rule pack or config settings that you have not
    # trusted (see ketlint.project): its fixes are never applied as safe.
    trusted_fixes: bool = True


__all__ = ["RuleBudgetExceeded"]  # where kinds and the engine have always imported it from


_PLACEHOLDER = regex.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


_ARTICLE_BEFORE = regex.compile(r"(?<![\w’'-])(a|an|A|An|AN)(\s+)$")
_FIRST_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’.-]*")
# Spellings whose sound does not follow their first letter.
_A_BEFORE_VOWEL = ("uni", "use", "usu", "uti", "ure", "uro", "eu", "one", "once", "ubi", "uku")
_AN_BEFORE_H = ("hour", "honest", "honor", "honour", "heir")


def indefinite_article(text: str) -> str:
    """ "a" or "an", by the sound of the first word of ``text`` ("an animal study", "a
    unique", "an hour", "an MRI", "a CT scan", "an 18-month trial"); quotes are skipped."""
    match = _FIRST_WORD.search(text)
    if match is None:
        return "a"
    word = match.group(0)
    lower = word.casefold()
    if lower[0].isdigit():
        digits = regex.match(r"[\d,]+", lower)
        number = (digits.group(0) if digits else lower).replace(",", "")
        spoken_an = number.startswith("8") or (number[:2] in ("11", "18") and len(number) % 3 == 2)
        return "an" if spoken_an else "a"
    letters = word.split("-")[0].rstrip(".'’")
    if len(letters) == 1 or (
        letters.isupper() and not regex.search(r"[AEIOU][^AEIOU]*[AEIOU]", letters)
    ):
        # A letter, or an initialism read letter by letter: "an X-ray", "an MRI", "a CT".
        return "an" if letters[0].upper() in "AEFHILMNORSX" else "a"
    if lower.startswith(_AN_BEFORE_H):
        return "an"
    if lower[0] in "aeiou" and not lower.startswith(_A_BEFORE_VOWEL):
        return "an"
    return "a"


def _with_article(article: str, following: str) -> str:
    """``article`` ("a", "An" ...) changed, if need be, to agree with ``following``."""
    wanted = indefinite_article(following)
    if article.casefold() == wanted:
        return article
    if article.isupper() and len(article) > 1:
        return wanted.upper()
    return wanted.capitalize() if article[0].isupper() else wanted


def render_message(template: str, values: dict[str, Any]) -> str:
    """Fill ``{name}`` placeholders. Only plain names: templates are data, not format strings.

    An indefinite article right before a placeholder agrees with the value put there:
    "a {design} study" reads "an animal study" or "a randomized study".
    """
    parts: list[str] = []
    position = 0
    for match in _PLACEHOLDER.finditer(template):
        parts.append(template[position : match.start()])
        position = match.end()
        value = values.get(match.group(1))
        if value is None:
            parts.append(match.group(0))
            continue
        text = str(value)
        before = "".join(parts)
        article = _ARTICLE_BEFORE.search(before)
        if article is not None and text.strip():
            fixed = _with_article(article.group(1), text)
            parts = [before[: article.start(1)], fixed, article.group(2)]
        parts.append(text)
    parts.append(template[position:])
    return " ".join("".join(parts).split())


# How kinds compile the patterns of rule files: version 1 of the regex module, Unicode.
PATTERN_FLAGS = regex.VERSION1 | regex.UNICODE | regex.IGNORECASE


def in_lead(doc: Document, blocks: list[Block], offset: int, lead_words: int) -> bool:
    """Whether ``offset`` is in the title or within the first ``lead_words`` of body prose
    (headings are not counted) of ``blocks``."""
    title = doc.title_block
    if title is not None and title.start <= offset < title.end:
        return True
    words = 0
    for block in blocks:
        if block.kind == "heading":
            continue
        if block.start <= offset < block.end:
            return words + len(doc.prose[block.start : offset].split()) < lead_words
        words += len(doc.prose[block.start : block.end].split())
        if words >= lead_words:
            return False
    return False


def compile_alternatives(
    sources: Iterable[str], flags: int = PATTERN_FLAGS
) -> regex.Pattern[str] | None:
    """One pattern matching any of ``sources`` (tried in order); None when there are none.

    "(?-f)": simple case folding. Full folding (ß = SS) makes a long alternation about six
    times slower, and no health term needs it.
    """
    listed = list(sources)
    if not listed:
        return None
    return user_pattern("(?-f)" + "|".join(f"(?:{source})" for source in listed), flags)


def data_file(spec: RuleSpec, name: str) -> Path:
    """A data file a rule option names (``journals-file: data/journals.txt``): relative to
    the rule's own file, else to the built-in rule pack (the ``rules/data`` files ship with
    it). Raises ValueError, with a plain sentence, when there is no such file."""
    given = Path(name)
    candidates = [given] if given.is_absolute() else []
    if not given.is_absolute():
        # An extension entry's source reads "base.yml + extension.yml": try each.
        for source in spec.source.split(" + "):
            if source and not source.startswith("<"):
                candidates.append(Path(source).parent / given)
        candidates.append(builtin_rules_dir() / given)
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise ValueError(
        f"data file {name!r} not found (looked beside the rule file and in the built-in rules)"
    )


def read_data_lines(path: Path) -> list[str]:
    """The non-empty lines of a data file, without ``#`` comment lines."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            lines.append(stripped)
    return lines


class Paragraph:
    """One block's own content, as :meth:`Kind.read_block` sees it: its kind, its source
    and prose (offsets from the block's start) and the links inside it.

    Two blocks with the same :attr:`key` are the same paragraph to every kind, wherever
    and in whatever document they stand: the engine keeps facts by that key.
    """

    __slots__ = ("kind", "heading_level", "source", "prose", "links", "format", "key", "__dict__")

    def __init__(
        self,
        kind: BlockKind,
        source: str,
        prose: str,
        heading_level: int = 0,
        links: tuple[Link, ...] = (),
        format: str = "text",
    ) -> None:
        self.kind: BlockKind = kind
        self.heading_level = heading_level
        self.source = source
        self.prose = prose
        self.links = links
        self.format = format  # of the document it came from ("markdown", "html", "text")
        self.key: tuple[Any, ...] = (kind, heading_level, source, prose, links, format)

    @classmethod
    def of(cls, doc: Document, block: Block) -> Paragraph:
        """``block`` of ``doc`` on its own."""
        start, end = block.start, block.end
        links = cls.links_of(doc, block)
        source = doc.source[start:end]
        prose = doc.prose[start:end]
        if prose == source:
            # Most paragraphs' prose is their source (no markup in them): one string, kept
            # once by the engine's cache of facts and hashed once for the paragraph's key.
            prose = source
        return cls(block.kind, source, prose, block.heading_level, links, doc.format)

    @classmethod
    def again(cls, key: tuple[Any, ...]) -> Paragraph:
        """The paragraph whose :attr:`key` is ``key`` (an earlier paragraph's), without
        slicing its text again; the key is that same tuple, so the engine's cache finds
        its entry by identity."""
        kind, heading_level, source, prose, links, format = key
        paragraph = cls(kind, source, prose, heading_level, links, format)
        paragraph.key = key
        return paragraph

    @staticmethod
    def links_of(doc: Document, block: Block) -> tuple[Link, ...]:
        """The links inside ``block``, with offsets from its start."""
        start = block.start
        return tuple(
            Link(link.start - start, link.end - start, link.target, link.kind)
            for link in doc.links_in(start, block.end)
        )

    @cached_property
    def sentences(self) -> tuple[tuple[int, int], ...]:
        """The paragraph's sentences (ketlint.sentences), trimmed of surrounding whitespace."""
        return tuple(split_sentences(self.prose, 0, len(self.prose)))

    @cached_property
    def words(self) -> tuple[tuple[int, str | None], ...]:
        """(start, lookup key: ketlint.word_keys.word_key) of every word of the paragraph's
        prose, read once for every rule that looks its words up (the phrase rules)."""
        return tuple(
            (match.start(), word_key(match.group())) for match in WORD_RUN.finditer(self.prose)
        )

    @cached_property
    def document(self) -> Document:
        """The paragraph as a document of one block, for helpers that read a Document."""
        block = Block(self.kind, 0, len(self.source), self.heading_level)
        return Document(self.source, self.prose, self.format, [block], links=list(self.links))


F = TypeVar("F")
F_co = TypeVar("F_co", covariant=True)


class BlockFacts(Protocol[F_co]):
    """What a kind's :meth:`Kind.read_block` found in each block of the document it judges
    (read on first asking, kept by the engine)."""

    def __getitem__(self, block: Block) -> F_co: ...

    def judged(
        self, block: Block, context: Hashable, judge: Callable[[], list[Finding]]
    ) -> list[Finding]:
        """``judge()``: the findings a kind makes of ``block`` from its facts and
        ``context``, a hashable value that holds everything else of the document they
        depend on (None: something not put in a context, so judged afresh). The engine
        may give back what an earlier lint of the same document judged of the same
        paragraph in the same context instead, moved to where the block now stands: a
        keystroke then re-judges only the paragraph it changed."""
        ...


@dataclass
class Judgement:
    """What a kind says of one document."""

    findings: list[Finding] = field(default_factory=list)
    verdict: Verdict | None = None
    metrics: dict[str, Any] = field(default_factory=dict)


class _ReadNow(Generic[F]):
    """Facts read on asking and kept for one document: :meth:`Kind.judge_alone`."""

    def __init__(self, rule: Kind[F], doc: Document) -> None:
        self.rule = rule
        self.doc = doc
        self.read: dict[int, tuple[Block, F]] = {}

    def __getitem__(self, block: Block) -> F:
        known = self.read.get(id(block))
        if known is None or known[0] is not block:
            known = self.read[id(block)] = (
                block,
                self.rule.read_block(Paragraph.of(self.doc, block)),
            )
        return known[1]

    def judged(
        self, block: Block, context: Hashable, judge: Callable[[], list[Finding]]
    ) -> list[Finding]:
        return judge()  # one document, judged once: nothing to keep


class Rule:
    """What every kind has: its spec, options, searches and finding helpers. Kinds derive
    from :class:`Kind`, which adds the shape the engine runs (see the module doc)."""

    kind: ClassVar[str] = ""
    # JSON Schema (draft 2020-12) of this kind's ``options``; the rule-file schema embeds it.
    options_schema: ClassVar[dict[str, Any]] = {"type": "object", "additionalProperties": False}
    # The names of options (at any depth of ``options``) whose texts are regexes: the
    # load-time probe for slow patterns runs on these in a workspace's rule files
    # (ketlint.ruleset). tests/test_pattern_options.py checks the list against what the
    # kind compiles.
    pattern_options: ClassVar[frozenset[str]] = frozenset()
    options_doc: ClassVar[str] = ""

    def __init__(self, spec: RuleSpec) -> None:
        self.spec = spec
        self.id = spec.id
        self.options = spec.options
        self.configure(spec.options)
        # Learned weights that decide the verdict (ketlint.verdict_model); the rule set
        # attaches them, so that kinds need not import what the verdict model needs.
        self.verdict_model: VerdictModel | None = None

    def criterion_verdict(self, findings: list[Finding]) -> Verdict | None:
        """The plain verdict on the rule's criterion, if it scores one: not satisfactory
        when there are findings (the default of kinds without a verdict of their own)."""
        if self.spec.criterion is None:
            return None
        if findings:
            return Verdict(self.spec.criterion, "not-satisfactory", findings[0].message)
        return Verdict(self.spec.criterion, "satisfactory")

    # -- searching (the engine decides what need not be searched) ------------------------

    def search(
        self, pattern: regex.Pattern[str], text: str, start: int = 0, end: int | None = None
    ) -> list[regex.Match[str]]:
        """Every match of ``pattern`` in ``text[start:end]`` (bounded by the time budget)."""
        return searching.search(pattern, text, start, end)

    def first(
        self, pattern: regex.Pattern[str], text: str, start: int = 0, end: int | None = None
    ) -> regex.Match[str] | None:
        """The first match of ``pattern`` in ``text[start:end]``, if any."""
        found = searching.search(pattern, text, start, end)
        return found[0] if found else None

    def found(
        self, pattern: regex.Pattern[str] | None, text: str, start: int = 0, end: int | None = None
    ) -> bool:
        """Whether ``pattern`` (None: nothing) matches in ``text[start:end]``."""
        return pattern is not None and bool(searching.search(pattern, text, start, end))

    def spans(
        self, pattern: regex.Pattern[str], text: str, start: int = 0, end: int | None = None
    ) -> tuple[tuple[int, int], ...]:
        """The non-empty matches of ``pattern`` in ``text[start:end]``, as ranges."""
        return tuple(
            m.span() for m in searching.search(pattern, text, start, end) if m.end() > m.start()
        )

    # -- for subclasses -----------------------------------------------------------

    def configure(self, options: dict[str, Any]) -> None:
        """Compile options (patterns, thresholds). Raise ValueError with a plain sentence."""

    # -- helpers ------------------------------------------------------------------

    def finding(
        self,
        start: int,
        end: int,
        *,
        values: dict[str, Any] | None = None,
        message: str | None = None,
        fix: Fix | None = None,
        related: Iterable[Related] = (),
        severity: Severity | None = None,
        data: dict[str, Any] | None = None,
    ) -> Finding:
        # Equal messages are one string: the server keeps the findings of every open
        # document, and a rule's message is often the same word for word.
        text = sys.intern(render_message(message or self.spec.message, values or {}))
        return Finding(
            rule=self.id,
            severity=severity or self.spec.severity,
            message=text,
            start=start,
            end=end,
            fix=fix,
            related=tuple(related),
            url=self.url,
            data=data or {},
        )

    @cached_property
    def url(self) -> str | None:
        # One string for every finding of the rule (the server keeps thousands of them);
        # a rule's spec does not change once it is built (a reload builds new rules).
        if self.spec.docs.url:
            return self.spec.docs.url
        # Only ketlint's own rules have a section in docs/rules.md: a house rule without a
        # `docs.url` of its own gets no link rather than one that leads nowhere.
        return f"{DOCS_BASE_URL}#{self.id}" if is_builtin_source(self.spec.source) else None


class Kind(Rule, Generic[F]):
    """The shape of every kind: it reads paragraphs (:meth:`read_block`, facts of type
    ``F``) and judges documents (:meth:`judge`); the engine does the caching."""

    # -- the shape of a kind ----------------------------------------------------------

    def read_block(self, paragraph: Paragraph) -> F:
        """What ``paragraph`` says that this rule needs, as plain data with offsets from the
        paragraph's start. Must depend on nothing but ``paragraph`` and the rule's options."""
        raise NotImplementedError(f"{type(self).__name__} reads no paragraphs")

    def judge(self, doc: Document, facts: BlockFacts[F]) -> Judgement:
        """Findings, verdict and metrics of ``doc``; ``facts[block]`` is what
        :meth:`read_block` found in ``block`` (the engine reads each paragraph once).

        A finding that states the verdict itself ("this article never mentions costs")
        carries ``data["scope"] == "document"``: when a verdict model overrules the rule
        and finds the article satisfactory, the engine drops such findings with it.
        """
        raise NotImplementedError(f"{type(self).__name__} must implement judge()")

    def metrics(self, doc: Document, judgement: Judgement) -> dict[str, Any]:
        """Metrics of ``doc`` measured from the rule's judgement, beside those the judgement
        holds. The engine asks for them apart, so that a bug here costs the metrics only,
        not the findings."""
        return {}

    # -- outside the engine ------------------------------------------------------------

    def judge_alone(
        self, doc: Document, regex_timeout: float = searching.DEFAULT_TIMEOUT
    ) -> Judgement:
        """The judgement of ``doc`` by this rule on its own, for tools and tests: every
        paragraph read afresh, every search made (the engine gives the same, cached and
        prefiltered, and then lets a verdict model decide)."""
        with searching.searching_with(searching.PlainSearcher(regex_timeout)):
            return self.judge(doc, _ReadNow(self, doc))


class LazyPattern:
    """A list of regexes joined into one pattern, compiled on its first search.

    For options read only once a finding is at hand. The joined pattern is a lazy
    :func:`user_pattern` held from the start, so the pattern collection finds it
    (ketlint.prefilter.collect_patterns): a rule pack from elsewhere has it compiled at
    load, where a broken regex is reported at its rule's line, and the start-up bundle
    ships its compiled form. The built-in pack's are compiled when first searched (the test
    suite compiles them), not validated on every start: that compile cost a fresh run
    about 40 ms of `regex`'s Python compiler.
    """

    def __init__(self, sources: list[str], flags: int) -> None:
        self.sources = list(sources)
        self.flags = flags
        self._pattern: regex.Pattern[str] | None = (
            user_pattern(self._joined(), flags) if self.sources else None
        )

    def _joined(self) -> str:
        return "(?-f)" + "|".join(f"(?:{source})" for source in self.sources)

    def __bool__(self) -> bool:
        return bool(self.sources)

    def get(self) -> regex.Pattern[str]:
        if self._pattern is None:  # no sources: the empty pattern (callers test bool first)
            self._pattern = user_pattern(self._joined(), self.flags)
        return self._pattern


def lead_blocks(doc: Document) -> list[Block]:
    """The title and the paragraph under it: what the article says it is about. A paragraph
    that first comes under a section heading is that section's, not the lead."""
    title = doc.title_block
    lead = [title] if title is not None else []
    for block in doc.blocks:
        if title is not None and block.start <= title.start:
            continue  # the title, and anything before it
        if block.kind != "heading":
            lead.append(block)
        break
    return lead
