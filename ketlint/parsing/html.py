"""HTML through the standard library's ``html.parser``.

Text nodes are prose; tags, attributes, comments, ``<script>``, ``<style>``,
``<code>``/``<pre>`` and ``<head>`` content are not. Block-level tags start a
new block; ``<h1>``-``<h6>`` are headings; ``<a href>`` and ``<sup>`` are
citation anchors; ``<meta name=author|date|reviewer>`` fill the metadata.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from functools import lru_cache
from html.parser import HTMLParser
from typing import Any

import regex

from ketlint.document import Block, BlockKind, Comment, Document, Link, title_of
from ketlint.parsing.common import Mask, apply_mask, new_mask, reveal

BLOCK_TAGS = frozenset(
    "address article aside blockquote body br dd details div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p section summary table tbody td "
    "tfoot th thead tr ul html".split()
)
HIDDEN_TAGS = frozenset(
    "script style code pre head template noscript svg math kbd samp var".split()
)
# Google Docs' HTML export (File > Download > Web page): footnote references link to
# "#ftnt1" and each footnote links back to "#ftnt_ref1"; endnotes are the same with "endnote".
_GOOGLE_DOCS_NOTE = regex.compile(r"#(?:ftnt|endnote)(?P<back>_ref)?(?P<n>\d+)")
VOID_TAGS = frozenset("area base br col embed hr img input link meta source track wbr".split())
# What ends a comment for html.parser (_markupbase._commentclose).
_COMMENT_CLOSE = regex.compile(r"--\s*>")


class _ProseCollector(HTMLParser):
    def __init__(self, source: str, begin: int, starts: list[int], mask: Mask) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.begin = begin
        self.starts = starts
        # The index in ``starts`` of the line holding ``begin``.
        self.first_line = bisect_right(starts, begin) - 1
        self.mask = mask
        self.blocks: list[Block] = []
        self.links: list[Link] = []
        self.comments: list[Comment] = []
        self.metadata: dict[str, Any] = {}
        self.hidden_depth = 0
        self.open_stack: list[str] = []
        # How many of each tag open_stack holds: "is it open?" in O(1), so "<b>"*n + "</i>"*n
        # stays linear.
        self.open_counts: Counter[str] = Counter()
        # The last comment-close search (from, found at): a later search from a position in
        # between has the same answer, so "<!--"*n (each one failing to close) is linear.
        self._close_search: tuple[str, int, int, int] = ("", -1, -1, -1)
        self.block_kind: BlockKind = "paragraph"
        self.heading_level = 0
        self.block_start = -1
        self.block_end = -1
        self.anchor: tuple[int, str] | None = None
        self.sup_start: int | None = None
        self.notes: list[tuple[int, int, str]] = []
        self.note_label: str | None = None

    def here(self) -> int:
        line, column = self.getpos()
        if line == 1:  # html.parser's columns on its first line count from what it was fed
            return self.begin + column
        return self.starts[self.first_line + line - 1] + column

    def flush(self) -> None:
        if self.block_start != -1 and self.block_end > self.block_start:
            self.blocks.append(
                Block(self.block_kind, self.block_start, self.block_end, self.heading_level)
            )
            if self.note_label is not None:
                self.notes.append((self.block_start, self.block_end, self.note_label))
        self.note_label = None
        self.block_start = self.block_end = -1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_TAGS:
            self.flush()
            self.heading_level = int(tag[1]) if tag in ("h1", "h2", "h3", "h4", "h5", "h6") else 0
            if self.heading_level:
                self.block_kind = "heading"
            elif tag in ("li", "dd", "dt"):
                self.block_kind = "list-item"
            elif tag in ("td", "th"):
                self.block_kind = "table-cell"
            elif tag == "blockquote":
                self.block_kind = "quote"
            elif tag == "p" and "title" in (dict(attrs).get("class") or "").split():
                # Google Docs' export writes the document's Title as <p class="... title">.
                self.block_kind, self.heading_level = "heading", 1
            else:
                self.block_kind = "paragraph"
        if tag == "meta":
            values = dict(attrs)
            name = (values.get("name") or values.get("property") or "").lower()
            for key in ("author", "date", "reviewer", "reviewed-by", "article:published_time"):
                if name == key and values.get("content"):
                    self.metadata[key.split(":")[-1]] = values["content"]
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.anchor = (self.here() + len(self.get_starttag_text() or ""), href)
        if tag == "sup":
            self.sup_start = self.here() + len(self.get_starttag_text() or "")
        if tag in HIDDEN_TAGS:
            self.hidden_depth += 1
        if tag not in VOID_TAGS:
            self.open_stack.append(tag)
            self.open_counts[tag] += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_TAGS:
            self.flush()
        if tag == "meta":
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self.open_counts[tag]:
            while self.open_stack:
                closed = self.open_stack.pop()
                self.open_counts[closed] -= 1
                if closed in HIDDEN_TAGS:
                    self.hidden_depth = max(0, self.hidden_depth - 1)
                if closed == tag:
                    break
        here = self.here()
        if tag == "a" and self.anchor is not None:
            start, href = self.anchor
            note = _GOOGLE_DOCS_NOTE.fullmatch(href)
            if note is not None and note.group("back"):
                # A Google Docs footnote's own paragraph: <a href="#ftnt_ref1" id="ftnt1">[1]</a>
                self.note_label = note.group("n")
            elif note is not None and here > start:
                # Google Docs' footnote reference: <sup><a href="#ftnt1" id="ftnt_ref1">[1]</a></sup>
                self.links.append(Link(start, here, note.group("n"), "footnote"))
            elif here > start:
                self.links.append(Link(start, here, href, "link"))
            self.anchor = None
        if tag == "sup" and self.sup_start is not None:
            text = self.source[self.sup_start : here]
            if text.strip():
                self.links.append(Link(self.sup_start, here, text.strip(), "superscript"))
            self.sup_start = None
        if tag in BLOCK_TAGS:
            self.flush()
            self.block_kind = "paragraph"
            self.heading_level = 0

    def handle_tail_text(self, start: int, stop: int) -> None:
        """Text after the last ">" (see :func:`_collect`), at ``start`` in the source."""
        self._data_at(self.source[start:stop], start)

    def handle_data(self, data: str) -> None:
        if self.hidden_depth or not data:
            return
        self._data_at(data, self.here())

    def _data_at(self, data: str, start: int) -> None:
        if self.hidden_depth or not data:
            return
        end = start + len(data)
        reveal(self.mask, start, end)
        if data.strip():
            if self.block_start == -1:
                self.block_start = start + (len(data) - len(data.lstrip()))
            self.block_end = end - (len(data) - len(data.rstrip()))

    # -- html.parser's scans, made linear and crash-free on hostile input ----------------

    def parse_comment(self, i: int, report: bool = True) -> int:
        rawdata = self.rawdata
        searched, searched_from, found_start, found_end = self._close_search
        # html.parser trims rawdata between feeds: a search in another string says nothing.
        reusable = searched is rawdata and searched_from <= i + 4
        if not (reusable and (found_start == -1 or i + 4 <= found_start)):
            match = _COMMENT_CLOSE.search(rawdata, i + 4)
            found_start, found_end = (match.start(), match.end()) if match else (-1, -1)
            self._close_search = (rawdata, i + 4, found_start, found_end)
        if found_start == -1:
            return -1
        if report:
            self.handle_comment(rawdata[i + 4 : found_start])
        return found_end

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        # html.parser raises AssertionError on "<![ x" or "<![foo[": read it as a bogus comment.
        try:
            return int(super().parse_marked_section(i, report))
        except AssertionError:
            return int(self.parse_bogus_comment(i, report))

    def parse_html_declaration(self, i: int) -> int:
        try:
            return int(super().parse_html_declaration(i))
        except AssertionError:
            return int(self.parse_bogus_comment(i))

    def handle_comment(self, data: str) -> None:
        start = self.here()
        self.comments.append(Comment(start, start + len(data) + 7, data, start + 4))


@lru_cache(maxsize=4)
def _newline_starts(source: str) -> list[int]:
    """Offsets after each "\\n" (cached: Markdown calls this for each raw HTML block)."""
    starts = [0]
    find = source.find
    position = find("\n")
    while position != -1:
        starts.append(position + 1)
        position = find("\n", position + 1)
    return starts


def _collect(source: str, begin: int, stop: int, mask: Mask) -> _ProseCollector:
    # html.parser counts lines by "\n" only (unlike CommonMark), so its positions use this table.
    starts = _newline_starts(source)
    # html.parser reports positions relative to what it was fed: feed from ``begin``
    # by offsetting the line table so getpos() maps back into the full source.
    collector = _ProseCollector(source, begin, starts, mask)
    # Past the last ">" no tag, comment or declaration can end, and html.parser would scan to
    # the end from every "<" there (quadratic on "<a "*n or "<!--"*n): that tail is text.
    tail = source.rfind(">", begin, stop) + 1 or begin
    if source.find("<", tail, stop) == -1:
        tail = stop
    collector.feed(source[begin:tail])
    collector.close()
    if tail < stop:
        collector.handle_tail_text(tail, stop)
    collector.flush()
    return collector


def reveal_html_fragment(
    source: str,
    mask: Mask,
    begin: int,
    stop: int,
    blocks: list[Block],
    links: list[Link],
    comments: list[Comment],
) -> None:
    """Used for raw HTML blocks inside Markdown."""
    collector = _collect(source, begin, stop, mask)
    blocks.extend(collector.blocks)
    links.extend(collector.links)
    comments.extend(collector.comments)


def parse_html(source: str, path: str | None = None) -> Document:
    mask = new_mask(len(source))
    collector = _collect(source, 0, len(source), mask)
    prose = apply_mask(source, mask)
    blocks = sorted(
        (b for b in collector.blocks if prose[b.start : b.end].strip()), key=lambda b: b.start
    )
    title = title_of(blocks)
    return Document(
        source=source,
        prose=prose,
        format="html",
        blocks=blocks,
        links=collector.links,
        comments=collector.comments,
        metadata=collector.metadata,
        title_block=title,
        path=path,
        notes=collector.notes,
    )
