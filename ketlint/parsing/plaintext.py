"""Plain text, as exported from blogs and word processors.

Paragraphs are lines (blank lines optional). A heading is a short line with no
closing punctuation that starts with a capital or a digit, set apart from the
paragraphs around it. The first heading of three words or more is the title.
Bare URLs are masked. Lines that hold only a ``ketlint-...`` directive are
comments, the plain-text equivalent of ``<!-- ketlint-disable -->``.
"""

from __future__ import annotations

import regex

from ketlint.document import Block, BlockKind, Comment, Document, Link, title_of
from ketlint.parsing.common import apply_mask, conceal, new_mask, reveal, split_front_matter
from ketlint.parsing.inline import _BARE_URL, _EMAIL

_DIRECTIVE_LINE = regex.compile(
    r"^[ \t]*(?:#|//|%|--)?[ \t]*(ketlint-[a-z-]+\b[^\n]*?)[ \t]*$", regex.MULTILINE
)
_LIST_MARKER = regex.compile(r"^[ \t]*(?:[-*•·▪◦]|\d{1,3}[.)])[ \t]+")
MAX_HEADING_WORDS = 20
MAX_HEADING_CHARS = 160


def _looks_like_heading(line: str) -> bool:
    text = line.strip()
    if not text or len(text) > MAX_HEADING_CHARS:
        return False
    if text[-1] in ".!?;,:…\"”)'’" or text[0] in '-*•("“[':
        return False
    first = text[0]
    if not (first.isupper() or first.isdigit()):
        return False
    words = text.split()
    if len(words) > MAX_HEADING_WORDS:
        return False
    # A line that is mostly a URL or a reference entry is not a heading.
    return not ("http" in text or regex.search(r"\(\d{4}[a-z]?\)", text))


def parse_text(source: str, path: str | None = None) -> Document:
    front_end, metadata = split_front_matter(source)
    mask = new_mask(len(source))
    blocks: list[Block] = []
    links: list[Link] = []
    comments: list[Comment] = []

    lines: list[tuple[int, int]] = []  # (start, end) of each line, end excludes "\n"
    position = front_end
    while position <= len(source):
        newline = source.find("\n", position)
        end = len(source) if newline == -1 else newline
        lines.append((position, end))
        if newline == -1:
            break
        position = newline + 1

    directive_lines = set()
    for match in _DIRECTIVE_LINE.finditer(source, front_end):
        comments.append(Comment(match.start(1), match.end(1), match.group(1), match.start(1)))
        directive_lines.add(source.count("\n", 0, match.start()))

    first_line_number = source.count("\n", 0, front_end)
    texts = [source[s:e].rstrip("\r") for s, e in lines]
    title_seen = False
    for index, (start, _end) in enumerate(lines):
        text = texts[index]
        if not text.strip() or (first_line_number + index) in directive_lines:
            continue
        content_start = start + (len(text) - len(text.lstrip()))
        content_end = start + len(text.rstrip())
        marker = _LIST_MARKER.match(text)
        previous = texts[index - 1] if index > 0 else ""
        following = texts[index + 1] if index + 1 < len(texts) else ""
        set_apart = (
            not previous.strip()
            or previous.rstrip()[-1:] in '.!?:"”)'
            or _looks_like_heading(previous)
        ) and bool(following.strip() or index + 2 < len(texts))
        if marker is None and set_apart and _looks_like_heading(text):
            words = len(text.split())
            level = 2
            if not title_seen and words >= 3:
                level = 1
                title_seen = True
            reveal(mask, content_start, content_end)
            blocks.append(Block("heading", content_start, content_end, level))
            continue
        if marker is not None:
            content_start = start + marker.end()
        reveal(mask, content_start, content_end)
        kind: BlockKind = "list-item" if marker is not None else "paragraph"
        blocks.append(Block(kind, content_start, content_end))

    for pattern in (_BARE_URL, _EMAIL):
        for match in pattern.finditer(source, front_end):
            conceal(mask, match.start(), match.end())
            if pattern is _BARE_URL:
                links.append(Link(match.start(), match.end(), match.group(), "link"))

    prose = apply_mask(source, mask)
    blocks = [b for b in blocks if prose[b.start : b.end].strip()]
    title = title_of(blocks, any_heading=False)
    return Document(
        source=source,
        prose=prose,
        format="text",
        blocks=blocks,
        links=links,
        comments=comments,
        metadata=metadata,
        title_block=title,
        path=path,
    )
