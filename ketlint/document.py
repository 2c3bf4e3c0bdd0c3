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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal, TypeVar

from ketlint.positions import LineIndex

T = TypeVar("T")

BlockKind = Literal["heading", "paragraph", "list-item", "table-cell", "quote"]


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
    # Who keeps what is derived from a block's own text across documents (the engine: with
    # the paragraph's facts, so an editor's keystroke derives it again for the edited
    # paragraph only); None: kept for this document (:meth:`remember`).
    paragraph_memo: Callable[[Block, str, Callable[[], Any]], Any] | None = field(
        default=None, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        if len(self.prose) != len(self.source):
            raise ValueError("the prose mask must have the length of the source")

    # -- text access --------------------------------------------------------------

    def block_text(self, block: Block) -> str:
        """The prose of a block, whitespace runs (and masked markup) folded to one space.

        Made once per block of the document: the rules that decide what is story, boilerplate
        or reference list each ask of every block on every lint (about five asks a block)."""
        texts: dict[int, tuple[Block, str]] | None = self.memo.get("document.block_texts")
        if texts is None:
            texts = self.memo["document.block_texts"] = {}
        known = texts.get(id(block))
        if known is None or known[0] is not block:
            known = texts[id(block)] = (
                block,
                " ".join(self.prose[block.start : block.end].split()),
            )
        return known[1]

    def remember(self, block: Block, name: str, compute: Callable[[], T]) -> T:
        """``compute()``, a value that depends on ``block``'s own text alone (its kind,
        heading level, source, prose and links, as ketlint.kinds.base.Paragraph holds
        them), kept under ``name``: by the engine with the paragraph's facts where it lints
        this document (:attr:`paragraph_memo`), else for this document."""
        if self.paragraph_memo is not None:
            return self.paragraph_memo(block, name, compute)  # type: ignore[no-any-return]
        known: dict[int, tuple[Block, Any]] = self.memo.setdefault("document.remember:" + name, {})
        kept = known.get(id(block))
        if kept is None or kept[0] is not block:
            kept = known[id(block)] = (block, compute())
        return kept[1]  # type: ignore[no-any-return]

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
        """Every block's sentences (:meth:`sentences_in`), in order."""
        return [sentence for block in self.blocks for sentence in self.sentences_in(block)]

    def sentences_in(self, block: Block) -> list[Sentence]:
        """``block``'s sentences (ketlint.sentences), trimmed of surrounding whitespace.
        Split on first asking, once per block of the document: a lint reads most paragraphs
        from the engine's cache, and whoever asks of a few paragraphs splits only those."""
        from ketlint.sentences import split_sentences

        split: dict[int, tuple[Block, list[Sentence]]] = self.memo.setdefault(
            "document.sentences_by_block", {}
        )
        known = split.get(id(block))
        if known is None or known[0] is not block:
            spans = split_sentences(self.prose, block.start, block.end)
            known = split[id(block)] = (block, [Sentence(s, e, block) for s, e in spans])
        return list(known[1])

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
        if not links:
            return []
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
        if low == high:
            return []
        chosen = sorted(i for i in order[low:high] if links[i].end <= end)
        return [links[i] for i in chosen]


def title_of(blocks: Iterable[Block], *, any_heading: bool = True) -> Block | None:
    """A document's title, as every parser picks it: its first level-1 heading, else (with
    ``any_heading``) its first heading of any level, in the order ``blocks`` come."""
    headings = [block for block in blocks if block.kind == "heading"]
    first_level_one = next((block for block in headings if block.heading_level == 1), None)
    if first_level_one is not None or not any_heading:
        return first_level_one
    return headings[0] if headings else None


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
