"""MDX: Markdown with JSX, ESM ``import``/``export`` and ``{expressions}``.

No maintained Python parser of MDX exists (PyPI has ``mdxjs-py``, an alpha binding of the
Rust compiler that produces JavaScript, with no syntax tree), so this is a small layer over
the Markdown parser, following the MDX 2/3 syntax (mdxjs.com/docs/what-is-mdx):

* **ESM**: a line starting with ``import`` or ``export`` (at the start of a block: the first
  line, or after a blank line) starts a statement that runs to the next blank line, or on
  while its brackets are open (``export const meta = {`` ... ``}``);
* **expressions**: ``{`` ... ``}`` with nested braces, strings, template literals and
  comments, in text and in attributes; ``{/* ... */}`` is MDX's comment, and
  ``{/* ketlint-disable-next-line RULE */}`` a ketlint directive as ``<!-- ... -->`` is in
  Markdown;
* **JSX**: ``<Tag attr="x" prop={...}>``, ``</Tag>``, ``<Tag />``, ``<>`` and ``</>``: the
  tags are markup, the children between them are Markdown (prose), as MDX renders them.

Fenced code and code spans are left to the Markdown parser (their content is code). Every
piece of MDX syntax is blanked out of a copy of the source, keeping its length and newlines;
the copy is parsed as Markdown, with indented code off as in MDX, so offsets stay those of
the file.
"""

from __future__ import annotations

import regex

from ketlint.document import Comment, Document
from ketlint.parsing.common import _FRONT_MATTER, line_starts

_FENCE = regex.compile(r"[ \t]*(`{3,}|~{3,})")
_ESM_START = regex.compile(r"(?:import|export)(?=[\s{*])")
_BLANK_LINE = regex.compile(r"[ \t]*(?:\r\n?|\n|\Z)")
_TAG_START = regex.compile(r"</?[\p{L}_$]|<>|</>")
_COMMENT_BODY = regex.compile(r"\{\s*/\*(.*?)\*/\s*\}", regex.DOTALL)


def mdx_syntax(source: str) -> tuple[list[tuple[int, int]], list[Comment]]:
    """The ranges of ESM, JSX tags and expressions in ``source``, and its ``{/* */}`` comments."""
    ranges: list[tuple[int, int]] = []
    comments: list[Comment] = []
    starts = line_starts(source)
    length = len(source)
    fence: str | None = None
    front_matter = _FRONT_MATTER.match(source)
    position = front_matter.end() if front_matter else 0  # the Markdown parser reads it
    line_number = 0
    previous_blank = True
    while line_number < len(starts):
        line_start = starts[line_number]
        if line_start >= length and line_number:
            break
        line_end = starts[line_number + 1] if line_number + 1 < len(starts) else length
        if line_start < position:  # front matter, or a range that ran over this line
            line_number += 1
            continue
        line = source[line_start:line_end]
        is_blank = not line.strip()
        fence_match = _FENCE.match(line)
        if fence is not None:
            if (
                fence_match
                and fence_match.group(1)[0] == fence[0]
                and len(fence_match.group(1)) >= len(fence)
            ):
                fence = None
            line_number += 1
            previous_blank = is_blank
            continue
        if fence_match:
            fence = fence_match.group(1)
            line_number += 1
            previous_blank = False
            continue
        if previous_blank and _ESM_START.match(line):
            end = _esm_end(source, line_start)
            ranges.append((line_start, end))
            position = end
            line_number += 1
            previous_blank = False
            continue
        position = max(position, line_start)
        position = _scan_text(source, position, line_end, ranges, comments)
        line_number += 1
        previous_blank = is_blank
    return ranges, comments


def _esm_end(source: str, start: int) -> int:
    """Where an ``import``/``export`` statement starting at ``start`` ends (its last newline
    excluded): at a blank line with every bracket closed, or the end of the text."""
    depth = 0
    position = start
    length = len(source)
    while position < length:
        skipped = _past_string_or_comment(source, position, line_comments=True)
        if skipped is not None:
            position = skipped
            continue
        char = source[position]
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "\n" and depth <= 0 and _BLANK_LINE.match(source, position + 1):
            return position
        position += 1
    return length


def _past_string_or_comment(source: str, position: int, *, line_comments: bool) -> int | None:
    """Where a string or comment that starts at ``position`` ends (brackets inside it do not
    count), or None when none starts there. ``//`` comments only where asked for."""
    if source[position] in "\"'`":
        return _string_end(source, position)
    if line_comments and source.startswith("//", position):
        newline = source.find("\n", position)
        return len(source) if newline == -1 else newline
    if source.startswith("/*", position):
        close = source.find("*/", position + 2)
        return len(source) if close == -1 else close + 2
    return None


def _string_end(source: str, start: int) -> int:
    quote = source[start]
    position = start + 1
    while position < len(source):
        char = source[position]
        if char == "\\":
            position += 2
            continue
        if char == quote:
            return position + 1
        if quote == "`" and source.startswith("${", position):
            position = _expression_end(source, position + 1)
            continue
        if char == "\n" and quote != "`":
            return position
        position += 1
    return len(source)


def _expression_end(source: str, start: int) -> int:
    """The end (after ``}``) of the expression whose ``{`` is at ``start``."""
    depth = 0
    position = start
    length = len(source)
    while position < length:
        skipped = _past_string_or_comment(source, position, line_comments=False)
        if skipped is not None:
            position = skipped
            continue
        char = source[position]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return position + 1
        position += 1
    return length


def _tag_end(source: str, start: int) -> int:
    """The end (after ``>``) of the JSX tag at ``start``: quotes and ``{}`` may hold ``>``."""
    position = start + 1
    length = len(source)
    while position < length:
        char = source[position]
        if char in "\"'":
            position = _string_end(source, position)
            continue
        if char == "{":
            position = _expression_end(source, position)
            continue
        if char == ">":
            return position + 1
        position += 1
    return length


def _scan_text(
    source: str,
    position: int,
    line_end: int,
    ranges: list[tuple[int, int]],
    comments: list[Comment],
) -> int:
    """Find expressions and tags from ``position`` to the end of the line (a range found may
    run past it); code spans and escapes are skipped. Returns where scanning stopped."""
    while position < line_end:
        char = source[position]
        if char == "\\":
            position += 2
            continue
        if char == "`":
            run = len(source) - len(source[position:].lstrip("`")) - position
            run = min(run, line_end - position)
            ticks = "`" * run
            close = _code_span_close(source, position + run, ticks)
            position = close if close != -1 else position + run
            continue
        if char == "{":
            end = _expression_end(source, position)
            ranges.append((position, end))
            comment = _COMMENT_BODY.fullmatch(source, position, end)
            if comment is not None:
                comments.append(Comment(position, end, comment.group(1), comment.start(1)))
            position = end
            continue
        if (
            char == "<"
            and not source.startswith("<!--", position)
            and _TAG_START.match(source, position)
        ):
            end = _tag_end(source, position)
            ranges.append((position, end))
            position = end
            continue
        position += 1
    return position


def _code_span_close(source: str, start: int, ticks: str) -> int:
    """The end of the code span opened by ``ticks`` before ``start`` (within its paragraph)."""
    paragraph_end = regex.compile(r"\n[ \t]*\n").search(source, start)
    limit = paragraph_end.start() if paragraph_end else len(source)
    pattern = regex.compile(r"(?<!`)" + ticks + r"(?!`)")
    match = pattern.search(source, start, limit)
    return match.end() if match else -1


def blank_ranges(source: str, ranges: list[tuple[int, int]]) -> str:
    """``source`` with each range's characters but line breaks replaced by spaces."""
    pieces: list[str] = []
    cursor = 0
    for start, end in sorted(ranges):
        if start < cursor:
            start = cursor
        if end <= start:
            continue
        pieces.append(source[cursor:start])
        pieces.append(regex.sub(r"[^\r\n]", " ", source[start:end]))
        cursor = end
    pieces.append(source[cursor:])
    return "".join(pieces)


def parse_mdx(source: str, path: str | None = None) -> Document:
    from ketlint.parsing.markdown import parse_markdown

    ranges, comments = mdx_syntax(source)
    blanked = blank_ranges(source, ranges)
    doc = parse_markdown(blanked, path, mdx=True)
    doc.source = source
    doc.format = "mdx"
    doc.comments = sorted([*doc.comments, *comments], key=lambda c: c.start)
    return doc
