"""Markdown (CommonMark + GFM tables + footnotes + YAML front matter) via markdown-it-py."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ketlint.document import Block, BlockKind, Comment, Document, Link
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
    original = source
    if "\x00" in source:
        source = source.replace("\x00", "\ufffd")
    env: dict[str, Any] = {}
    tokens = _tokens(source, env, mdx)
    unparsed = _too_deep(tokens, source)
    starts = line_starts(source)
    mask = new_mask(len(source))
    blocks: list[Block] = []
    links: list[Link] = []
    comments: list[Comment] = []
    metadata: dict[str, Any] = {}
    references = frozenset(normalize_label(k) for k in env.get("references", {}))

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

    prose = apply_mask(original, mask)
    blocks = [b for b in blocks if prose[b.start : b.end].strip()]
    title = next((b for b in blocks if b.kind == "heading" and b.heading_level == 1), None)
    if title is None:
        title = next((b for b in blocks if b.kind == "heading"), None)
    doc = Document(
        source=original,
        prose=prose,
        format="markdown",
        blocks=sorted(blocks, key=lambda b: b.start),
        links=links,
        comments=comments,
        metadata=metadata,
        title_block=title,
        path=path,
    )
    doc.unparsed = unparsed
    return doc


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
