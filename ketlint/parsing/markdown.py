"""Markdown (CommonMark + GFM tables + footnotes + YAML front matter) via markdown-it-py."""

from __future__ import annotations

import copy
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ketlint.common_text import common_prefix, common_suffix
from ketlint.document import Block, BlockKind, Comment, Document, Link, title_of
from ketlint.model import Finding, Severity
from ketlint.parsing.common import (
    Mask,
    apply_mask,
    conceal,
    line_starts,
    load_front_matter,
    new_mask,
)
from ketlint.parsing.inline import normalize_label, reveal_inline

# markdown-it drops, silently, whatever is nested deeper than its maxNesting (20 by default:
# a 20-deep blockquote, a list about 9 deep). Deeper is allowed here, and what is still
# deeper is reported in a "not-linted" finding (ketlint.engine picks up Document.unparsed).
MAX_NESTING = 100


@lru_cache(maxsize=4)
def _parser(block_only: bool = False, mdx: bool = False) -> Any:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    parser = (
        MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING})
        .enable("table")
        .enable("strikethrough")
        .use(front_matter_plugin)
        .use(footnote_plugin)
    )
    if mdx:
        # MDX has no indented code: JSX children are indented as the author likes.
        parser.disable("code")
    if block_only:
        # Only block structure is read from markdown-it (inline tokens' content and line
        # map); inline markup is found by ketlint.parsing.inline. markdown-it's own inline
        # parse (most of its time) matters to this module only through footnotes: it counts
        # the references that decide which definitions the footnote plugin keeps.
        parser.disable("inline")
    return parser


def _tokens(source: str, env: dict[str, Any], mdx: bool = False) -> Any:
    block_only = "[^" not in source and "^[" not in source  # no footnotes: same tokens
    return _parser(block_only, mdx).parse(source, env)


def parse_markdown(source: str, path: str | None = None, *, mdx: bool = False) -> Document:
    # markdown-it turns NUL into U+FFFD (as CommonMark says), so its tokens' text would not
    # be found in the source and a paragraph holding a NUL was lost: parse the text with the
    # same replacement (one character for one, offsets unchanged), mask the original.
    return _parse_whole(source, path, mdx)[0]


def _parse_whole(source: str, path: str | None, mdx: bool) -> tuple[Document, KeptParse | None]:
    """The document, and what a later re-parse of an edited text can reuse of it (None
    where it can reuse nothing: see :func:`reparse_markdown`)."""
    original = source
    if "\x00" in source:
        source = source.replace("\x00", "\ufffd")
    env: dict[str, Any] = {}
    tokens = _tokens(source, env, mdx)
    unparsed = _too_deep(tokens, source)
    starts = line_starts(source)
    mask = new_mask(len(source))
    read = _Read(frozenset(normalize_label(k) for k in env.get("references", {})))
    _read_tokens(tokens, source, starts, mask, read)
    prose = apply_mask(original, mask)
    blocks = [b for b in read.blocks if prose[b.start : b.end].strip()]
    doc = _document(original, prose, blocks, read.links, read.comments, read.metadata, path)
    doc.unparsed = unparsed
    kept = None
    if not mdx and not unparsed and source is original and _reusable(original, env):
        kept = KeptParse(
            original,
            prose,
            tuple(doc.blocks),
            tuple(read.links),
            tuple(read.comments),
            read.metadata,
            read.references,
            _chunks(tokens, starts, len(original)),
        )
    return doc, kept


def _document(
    source: str,
    prose: str,
    blocks: list[Block],
    links: list[Link],
    comments: list[Comment],
    metadata: dict[str, Any],
    path: str | None,
) -> Document:
    title = title_of(blocks)
    return Document(
        source=source,
        prose=prose,
        format="markdown",
        blocks=sorted(blocks, key=lambda b: b.start),
        links=links,
        comments=comments,
        metadata=metadata,
        title_block=title,
        path=path,
    )


class _Read:
    """What the token walk (:func:`_read_tokens`) finds: blocks, links, comments, metadata."""

    def __init__(self, references: frozenset[str]) -> None:
        self.references = references
        self.blocks: list[Block] = []
        self.links: list[Link] = []
        self.comments: list[Comment] = []
        self.metadata: dict[str, Any] = {}


def _read_tokens(tokens: Any, source: str, starts: list[int], mask: Mask, read: _Read) -> None:
    """Blocks, links and comments of markdown-it's ``tokens`` into ``read``, their prose into
    ``mask``. ``starts[n]`` is where the tokens' line ``n`` starts in ``source`` (the tokens
    of a re-parsed window count lines from the window's first)."""
    blocks, links, comments, metadata = read.blocks, read.links, read.comments, read.metadata
    references = read.references

    def line_range(first: int, last: int) -> tuple[int, int]:
        begin = starts[first] if first < len(starts) else len(source)
        stop = starts[last] if last < len(starts) else len(source)
        return begin, stop

    container_stack: list[str] = []
    table_row_map: list[int] | None = None
    for index, token in enumerate(tokens):
        kind = token.type
        if kind == "front_matter":
            metadata.update(load_front_matter(token.content))
            continue
        if kind in ("bullet_list_open", "ordered_list_open", "blockquote_open"):
            container_stack.append(kind)
            continue
        if kind in ("bullet_list_close", "ordered_list_close", "blockquote_close"):
            if container_stack:
                container_stack.pop()
            continue
        if kind == "html_block" and token.map:
            # html.parser is imported for articles with HTML blocks only.
            from ketlint.parsing.html import reveal_html_fragment

            begin, stop = line_range(*token.map)
            reveal_html_fragment(source, mask, begin, stop, blocks, links, comments)
            continue
        if kind == "tr_open":
            table_row_map = token.map
            continue
        if kind != "inline" or token.map is None:
            continue
        opener = tokens[index - 1] if index else None
        block_kind: BlockKind = "paragraph"
        level = 0
        if opener is not None and opener.type == "heading_open":
            block_kind = "heading"
            level = int(opener.tag[1])
        elif opener is not None and opener.type in ("th_open", "td_open"):
            block_kind = "table-cell"
        elif container_stack and container_stack[-1] != "blockquote_open":
            block_kind = "list-item"
        elif container_stack:
            block_kind = "quote"

        if block_kind == "table-cell" and table_row_map is not None:
            span = _find_cell(source, starts, table_row_map[0], token.content, blocks)
            if span is None:
                continue
            begin, stop = span
        else:
            begin, stop = _inline_span(source, starts, token.map, token.content)
        if begin >= stop:
            continue
        _reveal_lines(source, mask, begin, stop, token.content, links, comments, references)
        if block_kind == "heading":
            stop = _strip_closing_hashes(source, mask, begin, stop)
        blocks.append(Block(block_kind, begin, stop, level))


# -- re-parsing an edited text --------------------------------------------------------
#
# In an editor a keystroke changes a few characters of one paragraph, and a full parse of
# a 20,000-word article (markdown-it's block parse, then the walk over its tokens) is about
# 30 ms of the keystroke's time. Markdown's block structure is local where paragraphs and
# headings stand between blank lines: what comes after a blank line that closes every
# block before it is parsed the same whatever came before (reference definitions and
# footnotes apart, which act on the whole text). So an edit inside such a run of plain
# blocks re-parses only that run, and keeps the rest of the previous parse with its
# offsets moved. Anything else (the edit touches a list, a table, a fence, an HTML block,
# front matter, a reference definition or a footnote, or turns the run into one) is parsed
# in full: the re-parse is taken only where it gives what a full parse gives, and
# tests/test_reparse.py compares the two on many random edits.

# A top-level block of a parse: where it starts, where the line after it starts, and whether
# it is "plain" (a paragraph or a heading, which end at a blank line or their own line).
Chunk = tuple[int, int, bool]


@dataclass(frozen=True)
class KeptParse:
    """What a re-parse reuses of a Markdown parse (:func:`reparse_markdown`)."""

    source: str
    prose: str
    blocks: tuple[Block, ...]
    links: tuple[Link, ...]
    comments: tuple[Comment, ...]
    metadata: dict[str, Any]
    references: frozenset[str]
    chunks: tuple[Chunk, ...]  # the top-level blocks, in order


def reparse_markdown(
    source: str, path: str | None, previous: KeptParse | None
) -> tuple[Document, KeptParse | None]:
    """``parse_markdown(source, path)``, and what a later call can reuse of it; where
    ``source`` is ``previous.source`` edited inside a run of plain blocks, only that run
    is parsed again."""
    if previous is not None:
        again = _reparse(source, path, previous)
        if again is not None:
            return again
    return _parse_whole(source, path, mdx=False)


def _reusable(source: str, env: dict[str, Any]) -> bool:
    """Whether a later edit of ``source`` may re-parse a part of it: not where what one part
    says changes what another is (footnotes; references act through Document links only
    when defined, and a window that defines one is parsed whole), nor with "\r" (CommonMark
    line ends that a window's blank-line tests below do not read)."""
    return (
        "[^" not in source
        and "^[" not in source
        and "\r" not in source
        and not env.get("footnotes")
    )


def _chunks(tokens: Any, starts: list[int], length: int, shift: int = 0) -> tuple[Chunk, ...]:
    found: list[Chunk] = []
    for token in tokens:
        if token.level != 0 or token.nesting == -1:
            continue
        if token.map is None:  # a top-level token without lines: nothing can be reused
            return ((0, length, False),)
        first, last = token.map
        begin = starts[first] if first < len(starts) else length
        stop = starts[last] if last < len(starts) else length
        found.append(
            (begin + shift, stop + shift, token.type in ("paragraph_open", "heading_open"))
        )
    return tuple(found)


def _blank_line_at(text: str, at: int) -> bool:
    """Whether the line that starts at ``at`` is blank (the end of the text counts as one)."""
    stop = text.find("\n", at)
    line = text[at:] if stop == -1 else text[at:stop]
    return not line.strip(" \t")


def _reparse(
    source: str, path: str | None, previous: KeptParse
) -> tuple[Document, KeptParse] | None:
    """The parse of ``source`` from ``previous`` and a re-parse of the edited run of plain
    blocks; None where that cannot be known to equal a full parse."""
    old = previous.source
    if source == old:
        return _rebuilt(previous, path), previous
    if not _reusable(source, {}) or "\x00" in source:
        return None
    prefix = common_prefix(old, source)
    suffix = common_suffix(old, source, min(len(old), len(source)) - prefix)
    changed_end = len(old) - suffix  # the edit replaced old[prefix:changed_end]
    chunks = previous.chunks
    # The window: the top-level blocks from the last that starts at or before the edit to
    # the first that ends at or after it (with the blank lines between them).
    first = bisect_right([c[0] for c in chunks], prefix) - 1
    if first < 0:
        return None
    last = first
    while last < len(chunks) and chunks[last][1] < changed_end:
        last += 1
    if last == len(chunks):
        return None
    # A block right under another, without a blank line (a paragraph under its heading),
    # is taken into the window with it: the window must stand between blank lines.
    while first > 0 and chunks[first - 1][1] == chunks[first][0] and chunks[first][0] > 0:
        if _blank_line_at(old, old.rfind("\n", 0, chunks[first][0] - 1) + 1):
            break
        first -= 1
    while last + 1 < len(chunks) and chunks[last][1] == chunks[last + 1][0]:
        last += 1
    window = chunks[first : last + 1]
    if len(window) > _MOST_CHUNKS or not all(plain for _, _, plain in window):
        return None
    begin, old_end = window[0][0], window[-1][1]
    if not (begin <= prefix and changed_end <= old_end):
        return None
    # Between the window's blocks only blank lines (no reference definition, which no token
    # covers); before it a blank line (or the start), so every block before it is closed.
    for (_, gap_start, _), (gap_end, _, _) in zip(window, window[1:], strict=False):
        if old[gap_start:gap_end].strip(" \t\n"):
            return None
    if begin > 0 and not _blank_line_at(old, old.rfind("\n", 0, begin - 1) + 1):
        return None
    delta = len(source) - len(old)
    end = old_end + delta  # where the window ends in the new text
    # The window's text: it must start with a line that continues nothing before it (not
    # indented: a list item's or code block's continuation is), and end where a blank line
    # (or the end of the text) closes its last block.
    text = source[begin:end]
    if text[:1].isspace() or (end > 0 and end < len(source) and source[end - 1] != "\n"):
        return None
    if end < len(source) and not _blank_line_at(source, end):
        return None
    env: dict[str, Any] = {}
    tokens = _tokens(text, env, False)
    if env.get("references") or env.get("footnotes"):
        return None
    if not tokens:
        # The run was deleted: what stood before it (a list item) may now take in the
        # indented text after it. Only a block of the window's own closes what came before.
        return None
    for token in tokens:
        if token.level == 0:
            if token.type not in _PLAIN_TOKENS or (token.nesting == 1 and token.map is None):
                return None
        elif token.level != 1 or token.type != "inline":
            return None
    starts = [begin + offset for offset in line_starts(text)]
    mask = new_mask(len(source))
    read = _Read(previous.references)
    _read_tokens(tokens, source, starts, mask, read)
    window_prose = apply_mask(text, mask[begin:end])
    prose = previous.prose[:begin] + window_prose + previous.prose[old_end:]
    new_blocks = [b for b in read.blocks if window_prose[b.start - begin : b.end - begin].strip()]
    blocks = [
        *(b for b in previous.blocks if b.start < begin),
        *new_blocks,
        *(
            Block(b.kind, b.start + delta, b.end + delta, b.heading_level)
            for b in previous.blocks
            if b.start >= old_end
        ),
    ]
    links = [
        *(link for link in previous.links if link.start < begin),
        *read.links,
        *(
            Link(link.start + delta, link.end + delta, link.target, link.kind)
            for link in previous.links
            if link.start >= old_end
        ),
    ]
    comments = [
        *(c for c in previous.comments if c.start < begin),
        *read.comments,
        *(
            Comment(
                c.start + delta,
                c.end + delta,
                c.text,
                c.text_start + delta if c.text_start >= 0 else -1,
            )
            for c in previous.comments
            if c.start >= old_end
        ),
    ]
    metadata = copy.deepcopy(previous.metadata)  # each document its own, as a parse gives
    doc = _document(source, prose, blocks, links, comments, metadata, path)
    kept = KeptParse(
        source,
        prose,
        tuple(doc.blocks),
        tuple(links),
        tuple(comments),
        previous.metadata,
        previous.references,
        (
            *chunks[:first],
            *_chunks(tokens, [offset - begin for offset in starts], len(text), begin),
            *((s + delta, e + delta, plain) for s, e, plain in chunks[last + 1 :]),
        ),
    )
    return doc, kept


# A window of more top-level blocks than this (an edit that spans much of the text) is
# parsed in full: the re-parse would save little.
_MOST_CHUNKS = 64
_PLAIN_TOKENS = frozenset({"paragraph_open", "paragraph_close", "heading_open", "heading_close"})


def _rebuilt(kept: KeptParse, path: str | None) -> Document:
    """The document of an unchanged text, from what was kept of its parse."""
    return _document(
        kept.source,
        kept.prose,
        list(kept.blocks),
        list(kept.links),
        list(kept.comments),
        copy.deepcopy(kept.metadata),
        path,
    )


def _too_deep(tokens: Any, source: str) -> list[Finding]:
    """A not-linted finding for each container whose content markdown-it skipped as too deep."""
    starts: list[int] | None = None
    found: list[Finding] = []
    for token in tokens:
        if token.nesting == 1 and token.level >= MAX_NESTING - 1 and token.map:
            starts = starts or line_starts(source)
            first, last = token.map
            begin = starts[first] if first < len(starts) else len(source)
            stop = starts[last] if last < len(starts) else len(source)
            if found and found[-1].end >= stop:
                continue
            found.append(
                Finding(
                    rule="not-linted",
                    severity=Severity.INFO,
                    start=begin,
                    end=stop,
                    message=f"this text is nested more than {MAX_NESTING} levels deep (quotes or "
                    "lists); ketlint did not lint it",
                )
            )
    return found


def _inline_span(
    source: str, starts: list[int], line_map: list[int], content: str
) -> tuple[int, int]:
    """The source range of an inline token: from its first content char to its last."""
    first_line, last_line = line_map
    lines = content.split("\n")
    begin_line_start = starts[first_line]
    first = lines[0].strip()
    begin = source.find(first[:40], begin_line_start) if first else begin_line_start
    if begin == -1:
        begin = begin_line_start
    end_line = first_line + len(lines) - 1
    last = lines[-1].rstrip()
    end_line_start = starts[end_line] if end_line < len(starts) else len(source)
    end_line_stop = (starts[end_line + 1] - 1) if end_line + 1 < len(starts) else len(source)
    tail = source.rfind(last[-40:], end_line_start, end_line_stop + 1) if last else -1
    stop = tail + len(last[-40:]) if tail != -1 else end_line_stop
    return begin, max(begin, stop)


def _reveal_lines(
    source: str,
    mask: Mask,
    begin: int,
    stop: int,
    content: str,
    links: list[Link],
    comments: list[Comment],
    references: frozenset[str],
) -> None:
    """Reveal each content line of a (possibly nested) paragraph, skipping container prefixes."""
    cursor = begin
    for content_line in content.split("\n"):
        piece = content_line.strip()
        if not piece:
            continue
        at = source.find(piece, cursor, stop + 1)
        if at == -1:
            continue
        reveal_inline(source, mask, at, at + len(piece), links, comments, references)
        cursor = at + len(piece)


def _strip_closing_hashes(source: str, mask: Mask, begin: int, stop: int) -> int:
    """ATX headings may end with "###"; those are markup."""
    end = stop
    while end > begin and source[end - 1] == "#":
        end -= 1
    if end < stop and (end == begin or source[end - 1].isspace()):
        conceal(mask, end, stop)
        return end
    return stop


def _find_cell(
    source: str, starts: list[int], row_line: int, content: str, blocks: list[Block]
) -> tuple[int, int] | None:
    line_begin = starts[row_line]
    line_end = (starts[row_line + 1] - 1) if row_line + 1 < len(starts) else len(source)
    cursor = line_begin
    for block in reversed(blocks):
        if block.kind == "table-cell" and line_begin <= block.start < line_end:
            cursor = block.end
            break
    piece = content.strip()
    if not piece:
        return None
    at = source.find(piece, cursor, line_end)
    if at == -1:
        return None
    return at, at + len(piece)
