"""reStructuredText through docutils, the reference parser.

docutils builds a document tree but keeps no character offsets, and its text nodes hold
the text after markup and escapes are removed. Each block (section title, paragraph, list
item, table cell, definition, note ...) is found in the source from its ``rawsource``, in
document order; inside that range each of its text nodes is found in turn, so exactly the
characters of the words are prose and everything else (inline markup, roles, targets,
directives, adornments) stays masked.

Never prose: literal blocks and ``code``/``code-block``/``sourcecode`` directives, inline
literals, comments (read as ketlint directives: ``.. ketlint-disable-next-line RULE``),
targets, substitution definitions, raw blocks, unknown directives and roles (Sphinx's
``toctree``, ``:ref:`` ...), docutils' own messages. A leading field list (``:Author:``,
``:Date:``) is metadata. Footnotes and citations (``.. [1] ...``) are the reference list;
``[1]_`` and ``[Smith2020]_`` are citations, hyperlinks are links.

docutils runs with file inclusion and raw output off (``include``, ``raw``, ``csv-table``
with ``:file:`` or ``:url:`` read nothing), no config files, and no reports printed.
"""

from __future__ import annotations

from typing import Any

from ketlint.document import Block, BlockKind, Comment, Document, Link, title_of
from ketlint.parsing.common import apply_mask, conceal, new_mask, reveal

_SETTINGS = {
    "report_level": 5,
    "halt_level": 5,
    "warning_stream": False,
    "file_insertion_enabled": False,
    "raw_enabled": False,
    "_disable_config": True,
    "doctitle_xform": False,
    "sectsubtitle_xform": False,
    "smart_quotes": False,
    "input_encoding": "unicode",
    "syntax_highlight": "none",
    "embed_stylesheet": False,
}
# Subtrees that are never prose.
_SKIPPED = frozenset(
    "system_message problematic literal_block doctest_block literal comment target "
    "substitution_definition raw math math_block image figure_image label pending "
    "option_list_item option_string".split()
)
# Nodes whose text is one block.
_BLOCK_NODES = frozenset(
    "paragraph title subtitle term rubric line attribution caption field_name".split()
)
_METADATA_FIELDS = ("author", "date", "reviewer", "reviewed-by", "authors")


def parse_rst(source: str, path: str | None = None) -> Document:
    from docutils import nodes
    from docutils.core import publish_doctree

    tree = publish_doctree(source, settings_overrides=dict(_SETTINGS))
    walker = _Walker(source, nodes)
    walker.walk(tree, depth=0)
    prose = apply_mask(source, walker.mask)
    blocks = sorted(
        (b for b in walker.blocks if prose[b.start : b.end].strip()), key=lambda b: b.start
    )
    title = title_of(blocks)
    return Document(
        source=source,
        prose=prose,
        format="rst",
        blocks=blocks,
        links=walker.links,
        comments=walker.comments,
        metadata=walker.metadata,
        title_block=title,
        path=path,
        notes=walker.notes,
    )


class _Walker:
    def __init__(self, source: str, nodes: Any) -> None:
        self.source = source
        self.nodes = nodes
        self.mask = new_mask(len(source))
        self.blocks: list[Block] = []
        self.links: list[Link] = []
        self.comments: list[Comment] = []
        self.metadata: dict[str, Any] = {}
        self.notes: list[tuple[int, int, str]] = []
        self.cursor = 0

    # -- the tree ------------------------------------------------------------------

    def walk(self, node: Any, depth: int, kind: BlockKind = "paragraph") -> None:
        for child in node.children:
            name = child.tagname
            if name == "comment":
                self._comment(child)
                continue
            if name == "docinfo":
                self._docinfo(child)
                continue
            if name in _SKIPPED or isinstance(child, self.nodes.Text):
                continue
            if name == "section":
                self.walk(child, depth + 1, kind)
                continue
            if name in ("footnote", "citation"):
                before = len(self.blocks)
                self.walk(child, depth, "paragraph")
                inside = self.blocks[before:]
                if inside:
                    label = child["names"][0] if child.get("names") else ""
                    self.notes.append((inside[0].start, inside[-1].end, label))
                continue
            if name in _BLOCK_NODES:
                level = 0
                block_kind = kind
                if name == "title" and isinstance(node, self.nodes.section):
                    block_kind, level = "heading", max(1, min(depth, 6))
                elif name == "title" and isinstance(node, self.nodes.topic):
                    block_kind, level = "heading", max(1, min(depth + 1, 6))
                self._block(child, block_kind, level)
                continue
            self.walk(child, depth, self._container_kind(name, kind))

    @staticmethod
    def _container_kind(name: str, kind: BlockKind) -> BlockKind:
        if name in ("list_item", "definition", "field_body", "option_list"):
            return "list-item"
        if name == "entry":
            return "table-cell"
        if name in ("block_quote", "line_block") and kind == "paragraph":
            return "quote"
        return kind

    # -- blocks --------------------------------------------------------------------

    def _block(self, node: Any, kind: BlockKind, level: int) -> None:
        source = self.source
        raw = str(node.rawsource or "")
        raw_lines = [line.strip() for line in raw.split("\n") if line.strip()]
        start = self.cursor
        limit = len(source)
        if raw_lines:
            anchor = source.find(raw_lines[0], self.cursor)
            if anchor != -1:
                start = anchor
                tail = source.find(raw_lines[-1], anchor)
                if tail != -1:
                    limit = tail + len(raw_lines[-1])
        found: list[tuple[int, int]] = []
        position = start
        opened: list[int] = []
        for event, value in self._events(node):
            if event == "text":
                position = self._reveal_text(value, position, limit, found)
            elif event == "open":
                opened.append(len(found))
            else:
                spans = found[opened.pop() :]
                if spans:
                    self.links.append(self._link(value, spans[0][0], spans[-1][1]))
        if not found:
            return
        begin, end = found[0][0], max(e for _, e in found)
        self.blocks.append(Block(kind, begin, end, level))
        self.cursor = max(self.cursor, end)

    def _events(self, node: Any) -> list[tuple[str, Any]]:
        """The text nodes under ``node`` in order (skipped subtrees left out), with "open"
        and "close" around each link (reference, footnote or citation reference)."""
        out: list[tuple[str, Any]] = []
        nodes = self.nodes

        def visit(current: Any) -> None:
            for child in current.children:
                if isinstance(child, nodes.Text):
                    out.append(("text", str(child)))
                    continue
                if child.tagname in _SKIPPED or child.tagname == "substitution_reference":
                    continue
                is_link = child.tagname in ("reference", "footnote_reference", "citation_reference")
                if is_link:
                    out.append(("open", child))
                visit(child)
                if is_link:
                    out.append(("close", child))

        visit(node)
        return out

    def _reveal_text(
        self, text: str, position: int, limit: int, found: list[tuple[int, int]]
    ) -> int:
        source = self.source
        for piece in text.split("\n"):
            # docutils marks an escaped character with a NUL where the backslash was.
            piece = piece.strip().replace("\x00", "\\")
            if not piece:
                continue
            at = source.find(piece, position, limit)
            if at != -1:
                reveal(self.mask, at, at + len(piece))
                for offset, char in enumerate(piece, at):
                    if char == "\\":
                        conceal(self.mask, offset, offset + 1)
                found.append((at, at + len(piece)))
                position = at + len(piece)
                continue
            # A substitution changed the text: place what can be placed, word by word.
            for word in piece.split():
                at = source.find(word, position, limit)
                if at != -1:
                    reveal(self.mask, at, at + len(word))
                    found.append((at, at + len(word)))
                    position = at + len(word)
        return position

    @staticmethod
    def _link(node: Any, start: int, end: int) -> Link:
        if node.tagname == "reference":
            target = str(node.get("refuri") or node.get("refid") or node.get("refname") or "")
            return Link(start, end, target, "link")
        return Link(start, end, node.astext().strip(), "footnote")

    # -- comments and metadata -----------------------------------------------------

    def _comment(self, node: Any) -> None:
        text = node.astext()
        first = text.split("\n", 1)[0].strip()
        at = self.source.find(first, self.cursor) if first else -1
        if at == -1:
            return
        dots = self.source.rfind("..", 0, at)
        start = dots if dots != -1 else at
        end = at + len(first)
        if "\n" in text.strip():
            last = text.strip().split("\n")[-1].strip()
            tail = self.source.find(last, end)
            if tail != -1:
                end = tail + len(last)
        self.comments.append(Comment(start, end, self.source[at:end], at))
        self.cursor = max(self.cursor, end)

    def _docinfo(self, node: Any) -> None:
        for child in node.children:
            name = child.tagname
            if name == "field" and len(child.children) == 2:
                key = child.children[0].astext().strip().lower()
                value = child.children[1].astext().strip()
            else:
                key, value = name, child.astext().strip()
            if key in _METADATA_FIELDS:
                self.metadata["author" if key == "authors" else key] = value
