"""The parsed article that every rule reads.

Parsers (``ketlint.parsing``) turn Markdown, HTML or plain text into a
:class:`Document`. Its central idea is the *prose mask*: ``doc.prose`` has
exactly the length of ``doc.source``, with every character that is not prose
(markup, code, URLs, link targets, front matter, comments, tags) replaced by a
space and newlines kept. A regex match on ``prose`` is therefore already a
range in the source file, and markup can never produce a finding.
"""

from __future__ import annotations

import bisect
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Any, Literal, TypeVar

from ketlint.positions import LineIndex

BlockKind = Literal["heading", "paragraph", "list-item", "table-cell", "quote"]
T = TypeVar("T")
BLOCK_MEMO_KEY = "engine.block_memo"


class BlockMemo:
    """Values computed from one block's own text, by that text, least recently used dropped.

    The engine keeps one per Linter and hands it to every document it lints (see
    :meth:`Document.block_memo`), so a document-level rule can reuse, for every paragraph
    an edit did not touch, what it worked out the last time, as block rules' findings are.
    """

    def __init__(self, max_entries: int = 50_000) -> None:
        self.max_entries = max_entries
        self._values: OrderedDict[tuple[Any, ...], Any] = OrderedDict()

    def get(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        values = self._values
        if key in values:
            values.move_to_end(key)
            return values[key]  # type: ignore[no-any-return]
        value = compute()
        values[key] = value
        if len(values) > self.max_entries:
            values.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._values)


@dataclass(frozen=True)
class Block:
    """A run of prose: a heading, a paragraph, a list item's text or a table cell."""

    kind: BlockKind
    start: int
    end: int
    heading_level: int = 0  # 1-6 for headings, 0 otherwise


@dataclass(frozen=True)
class Link:
    """A hyperlink or footnote reference; counts as a citation where it stands."""

    start: int  # range of the visible text (or of the reference marker)
    end: int
    target: str
    kind: Literal["link", "footnote", "superscript"] = "link"


@dataclass(frozen=True)
class Comment:
    """A comment in the source (HTML/Markdown comment or a plain-text directive line)."""

    start: int
    end: int
    text: str
    text_start: int = -1  # offset of ``text`` in the source (after "<!--" for HTML comments)

    @property
    def text_offset(self) -> int:
        return self.text_start if self.text_start >= 0 else self.start


@dataclass
class Section:
    """A heading and everything under it until the next heading of the same or higher level."""

    heading: Block | None  # None for the preamble before the first heading
    level: int
    start: int
    end: int
    children: list[Section] = field(default_factory=list)

    def title(self, doc: Document) -> str:
        if self.heading is None:
            return ""
        return doc.block_text(self.heading)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    block: Block


@dataclass
class Document:
    source: str
    prose: str
    format: str  # "markdown", "html" or "text"
    blocks: list[Block]
    links: list[Link] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    title_block: Block | None = None
    path: str | None = None
    # Footnote and endnote bodies the format marks as such (a Word footnote, a Google Docs
    # export's footnote section, a reST footnote): (start, end, label). They form the
    # document's reference list (ketlint.citations); Markdown's are found from its syntax.
    notes: list[tuple[int, int, str]] = field(default_factory=list)
    # Derived data that rules share for this document (e.g. the words of each block), by name.
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    # "not-linted" findings from the parser: text it had to leave out (ketlint.engine reports them).
    unparsed: list[Any] = field(default_factory=list, repr=False, compare=False)
    # The engine's prefilter of this document's searches (ketlint.prefilter.TextScan), for
    # helpers that search the prose without a rule's CheckContext; None: search everything.
    scan: Any = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.prose) != len(self.source):
            raise ValueError("the prose mask must have the length of the source")

    # -- text access --------------------------------------------------------------

    def may_match(self, pattern: Any, start: int, end: int) -> bool:
        """False only when ``pattern`` cannot match in ``prose[start:end]`` (the engine's
        prefilter, when the document is being linted)."""
        return self.scan is None or not self.scan.rules_out(pattern, self.prose, start, end)

    def block_memo(self, owner: str, block: Block, compute: Callable[[], T]) -> T:
        """``compute()``, cached by ``block``'s text (and kind) across edits and documents.

        For values that depend on nothing but the block's own source and prose, with any
        offsets relative to ``block.start`` (the same block may sit elsewhere next time).
        ``owner`` keeps rules apart: a rule id plus what the value is, e.g. "my-rule:claims".
        Without a Linter (a document parsed on its own) the cache lasts as long as the document.
        """
        memo = self.memo.get(BLOCK_MEMO_KEY)
        if memo is None:
            memo = self.memo[BLOCK_MEMO_KEY] = BlockMemo()
        return memo.get((owner, self.block_key(block)), compute)

    def block_key(self, block: Block) -> tuple[Any, ...]:
        """What a block's own content is: kind, level, source and prose (made once per block)."""
        keys = self.memo.get("document.block_keys")
        if keys is None:
            keys = self.memo["document.block_keys"] = {}
        key = keys.get(id(block))
        if key is None or key[0] is not block:
            text = (
                block.kind,
                block.heading_level,
                self.source[block.start : block.end],
                self.prose[block.start : block.end],
            )
            key = keys[id(block)] = (block, text)
        return key[1]  # type: ignore[no-any-return]

    def block_text(self, block: Block) -> str:
        """The prose of a block, whitespace runs (and masked markup) folded to one space."""
        return " ".join(self.prose[block.start : block.end].split())

    @cached_property
    def line_index(self) -> LineIndex:
        return LineIndex(self.source)

    @cached_property
    def headings(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "heading"]

    @cached_property
    def body_blocks(self) -> list[Block]:
        """Blocks that are not headings: the paragraphs a reader reads."""
        return [b for b in self.blocks if b.kind != "heading"]

    @cached_property
    def sentences(self) -> list[Sentence]:
        from ketlint.sentences import split_sentences

        def split(block: Block) -> tuple[tuple[int, int], ...]:
            return tuple(
                (start - block.start, end - block.start)
                for start, end in split_sentences(self.prose, block.start, block.end)
            )

        result: list[Sentence] = []
        for block in self.blocks:
            # By the block's text (block memo): an edit re-splits one paragraph.
            for start, end in self.block_memo("document:sentences", block, partial(split, block)):
                result.append(Sentence(start + block.start, end + block.start, block))
        return result

    def sentences_in(self, block: Block) -> list[Sentence]:
        # Grouped once, so a rule asking block by block does not rescan every sentence.
        sentences = self.sentences
        grouped = self.memo.get("document.sentences_by_block")
        if grouped is None or grouped[0] != (id(sentences), len(sentences)):
            by_block: dict[int, list[Sentence]] = {}
            for sentence in sentences:
                by_block.setdefault(id(sentence.block), []).append(sentence)
            key = (id(sentences), len(sentences))
            grouped = self.memo["document.sentences_by_block"] = (key, by_block)
        return [s for s in grouped[1].get(id(block), ()) if s.block is block]

    @cached_property
    def word_count(self) -> int:
        return sum(len(self.prose[b.start : b.end].split()) for b in self.body_blocks)

    # -- structure ----------------------------------------------------------------

    @cached_property
    def sections(self) -> list[Section]:
        """Top-level sections; nested by heading level. The preamble comes first if any."""
        roots: list[Section] = []
        stack: list[Section] = []
        end_of_text = len(self.source)
        first_heading_start = self.headings[0].start if self.headings else end_of_text
        if any(b.start < first_heading_start for b in self.body_blocks):
            roots.append(Section(None, 0, 0, first_heading_start))
        for heading in self.headings:
            section = Section(heading, heading.heading_level, heading.start, end_of_text)
            while stack and stack[-1].level >= section.level:
                stack.pop().end = heading.start
            if stack:
                stack[-1].children.append(section)
            else:
                roots.append(section)
            stack.append(section)
        # Close ancestors that ended before the last heading's parent chain.
        return roots

    def iter_sections(self) -> list[Section]:
        """Every section, depth first, in document order."""
        out: list[Section] = []

        def walk(sections: list[Section]) -> None:
            for section in sections:
                out.append(section)
                walk(section.children)

        walk(self.sections)
        return out

    def section_of(self, offset: int) -> Section | None:
        """The innermost section containing ``offset``."""
        found: Section | None = None
        for section in self.iter_sections():
            if section.start <= offset < section.end:
                found = section
        return found

    def blocks_between(self, start: int, end: int) -> list[Block]:
        return [b for b in self.blocks if b.start >= start and b.end <= end]

    def block_at(self, offset: int) -> Block | None:
        for block in self.blocks:
            if block.start <= offset < block.end:
                return block
        return None

    @property
    def title_range(self) -> tuple[int, int]:
        """Where document-level findings go: the title, else the first prose, else 0..0."""
        if self.title_block is not None:
            return self.title_block.start, self.title_block.end
        if self.blocks:
            block = self.blocks[0]
            line_end = self.source.find("\n", block.start, block.end)
            return block.start, line_end if line_end != -1 else block.end
        return 0, 0

    def links_in(self, start: int, end: int) -> list[Link]:
        """Links within ``[start, end)``, in ``links`` order (called per block: no full scan)."""
        links = self.links
        index = self.memo.get("document.links_by_start")
        if index is None or index[0] != (id(links), len(links)):
            order = sorted(range(len(links)), key=lambda i: links[i].start)
            # Bisecting on starts is exact only if no link ends before it starts.
            well_formed = all(link.start <= link.end for link in links)
            starts = [links[i].start for i in order]
            key = (id(links), len(links))
            index = self.memo["document.links_by_start"] = (key, order, starts, well_formed)
        _, order, starts, well_formed = index
        if not well_formed:
            return [link for link in links if link.start >= start and link.end <= end]
        low = bisect.bisect_left(starts, start)
        high = bisect.bisect_right(starts, end)
        chosen = sorted(i for i in order[low:high] if links[i].end <= end)
        return [links[i] for i in chosen]


def trim_range(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` so it neither starts nor ends with whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


BOM = "\ufeff"


def behind_bom(doc: Document) -> Document:
    """``doc``, parsed from a text after its byte-order mark, as the document of the text
    with the mark: every offset moved by one, the mark masked out of the prose.

    So a leading BOM changes nothing but offsets, whoever hands the text in (a file, stdin,
    the Python API, an editor's buffer): the same front matter, the same findings.
    """
    from dataclasses import replace

    def moved(block: Block) -> Block:
        return replace(block, start=block.start + 1, end=block.end + 1)

    blocks = {id(b): moved(b) for b in doc.blocks}
    title = doc.title_block
    return Document(
        source=BOM + doc.source,
        prose=" " + doc.prose,
        format=doc.format,
        blocks=[blocks[id(b)] for b in doc.blocks],
        links=[replace(link, start=link.start + 1, end=link.end + 1) for link in doc.links],
        comments=[
            replace(
                c,
                start=c.start + 1,
                end=c.end + 1,
                text_start=c.text_start + 1 if c.text_start >= 0 else -1,
            )
            for c in doc.comments
        ],
        metadata=doc.metadata,
        title_block=None if title is None else blocks.get(id(title), moved(title)),
        notes=[(start + 1, end + 1, label) for start, end, label in doc.notes],
        path=doc.path,
    )
