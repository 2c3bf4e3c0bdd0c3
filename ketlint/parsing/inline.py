"""Reveal the prose inside one line of Markdown inline content.

markdown-it-py gives block tokens with line ranges but no offsets for inline
tokens, so inline markup is found here by a small scanner that follows the
CommonMark inline rules that matter for linting: code spans, autolinks, raw
HTML, links and images (the text is prose, the destination is not), footnote
references, bare URLs, emphasis markers, backslash escapes and entity references
(``&nbsp;``, ``&#8209;``: markup, as the HTML parser has them).
"""

from __future__ import annotations

import regex

from ketlint.document import Comment, Link
from ketlint.parsing.common import Mask, conceal, reveal

_BARE_URL = regex.compile(
    r"(?:https?://|www\.)[^\s<>()\[\]]+(?:\([^\s()]*\)[^\s<>()\[\]]*)*(?<![.,;:!?'\"”’])"
)
_EMAIL = regex.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_AUTOLINK = regex.compile(
    r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)>"
)
_HTML_COMMENT = regex.compile(r"<!--.*?-->", regex.DOTALL)
_HTML_TAG = regex.compile(
    r"</?[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w:.-]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*\s*/?>"
)
_FOOTNOTE_REF = regex.compile(r"\[\^[^\]\s]+\]")
_LINK_DEST = regex.compile(
    r"\(\s*(?:<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
)
_REF_LABEL = regex.compile(r"\[([^\]]*)\]")
# Where reveal_inline's scanner has something to look at: every character a branch of it
# handles, and the starts of bare URLs (the scanner's "h"/"w" branch only fires there).
_INLINE_SPECIAL = regex.compile(r"[\\`<!\[*_~@&]|https?://|www\.")
# An entity or numeric character reference (CommonMark: a named one only when HTML5 names it).
_ENTITY = regex.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|([A-Za-z][A-Za-z0-9]{1,31}));")
_BRACKET_SPECIAL = regex.compile(r"[\\`\[\]]")
_SUP_TAG = regex.compile(r"<sup>\s*([\d,–\-\s]+)\s*</sup>", regex.IGNORECASE)


def reveal_inline(
    source: str,
    mask: Mask,
    start: int,
    end: int,
    links: list[Link],
    comments: list[Comment],
    references: frozenset[str] = frozenset(),
) -> None:
    """Mark ``source[start:end]`` as prose except for inline markup.

    ``mask[i]`` is 1 where character ``i`` is prose. Links and footnote
    references found here are appended to ``links``; HTML comments to ``comments``.
    """
    reveal(mask, start, end)
    # One pass pairs every bracket, so nested or unbalanced "[[[...]]]" stays linear.
    brackets = _bracket_pairs(source, start, end)

    def hide(a: int, b: int) -> None:
        conceal(mask, a, b)

    i = start
    while i < end:
        # Plain text between markup characters needs no look: jump to the next candidate.
        special = _INLINE_SPECIAL.search(source, i, end)
        if special is None:
            break
        i = special.start()
        ch = source[i]
        if (
            ch == "\\"
            and i + 1 < end
            and not source[i + 1].isalnum()
            and not source[i + 1].isspace()
        ):
            hide(i, i + 1)
            i += 2
            continue
        if ch == "`":
            run = i
            while run < end and source[run] == "`":
                run += 1
            fence = source[i:run]
            close = source.find(fence, run, end)
            # A closing run must be exactly as long as the opening one.
            while close != -1 and close + len(fence) < end and source[close + len(fence)] == "`":
                close = source.find(fence, close + len(fence) + 1, end)
            if close != -1:
                hide(i, close + len(fence))
                i = close + len(fence)
                continue
            hide(i, run)
            i = run
            continue
        if ch == "<":
            for pattern in (_HTML_COMMENT, _SUP_TAG, _AUTOLINK, _HTML_TAG):
                m = pattern.match(source, i, end)
                if m:
                    if pattern is _HTML_COMMENT:
                        comments.append(Comment(m.start(), m.end(), m.group()[4:-3], m.start() + 4))
                        hide(m.start(), m.end())
                    elif pattern is _SUP_TAG:
                        # The digits stay visible prose (a reader sees them); the tags do not.
                        links.append(Link(m.start(1), m.end(1), m.group(1).strip(), "superscript"))
                        hide(m.start(), m.start(1))
                        hide(m.end(1), m.end())
                    else:
                        hide(m.start(), m.end())
                    i = m.end()
                    break
            else:
                i += 1
            continue
        if ch == "!" and i + 1 < end and source[i + 1] == "[":
            # Images: alt text is not prose a reader sees in the flow.
            closing = brackets.get(i + 1, -1)
            if closing != -1:
                dest = _LINK_DEST.match(source, closing + 1, end)
                stop = dest.end() if dest else closing + 1
                hide(i, stop)
                i = stop
                continue
        if ch == "[":
            fn = _FOOTNOTE_REF.match(source, i, end)
            if fn:
                # Readers see the label (a superscript "1"); the brackets are markup.
                links.append(Link(fn.start() + 2, fn.end() - 1, fn.group()[2:-1], "footnote"))
                hide(fn.start(), fn.start() + 2)
                hide(fn.end() - 1, fn.end())
                i = fn.end()
                continue
            closing = brackets.get(i, -1)
            if closing != -1:
                dest = _LINK_DEST.match(source, closing + 1, end)
                label = source[i + 1 : closing]
                target: str | None = None
                stop = closing + 1
                if dest:
                    target = dest.group().strip("() \t")
                    stop = dest.end()
                else:
                    ref = _REF_LABEL.match(source, closing + 1, end)
                    ref_key = (ref.group(1) or label) if ref else label
                    if _normalize_label(ref_key) in references:
                        target = ref_key
                        stop = ref.end() if ref else closing + 1
                if target is not None:
                    hide(i, i + 1)
                    hide(closing, stop)
                    text_start, text_end = i + 1, closing
                    links.append(Link(text_start, text_end, target, "link"))
                    # The link text itself may hold markup (emphasis, code).
                    i += 1
                    _hide_within(source, mask, text_start, text_end, links, comments, references)
                    i = stop
                    continue
        if ch == "&":
            m = _ENTITY.match(source, i, end)
            if m and (m.group(1) is None or _is_html5_entity(m.group(1))):
                # "beacon&nbsp;of&nbsp;hope" reads as the words a browser shows.
                hide(m.start(), m.end())
                i = m.end()
                continue
        if ch in "*_~":
            run = i
            while run < end and source[run] == ch:
                run += 1
            before = source[i - 1] if i > start else " "
            after = source[run] if run < end else " "
            # Intraword underscores are literal text (snake_case); asterisks are emphasis.
            intraword_underscore = ch == "_" and before.isalnum() and after.isalnum()
            free_standing = before.isspace() and after.isspace()
            if not intraword_underscore and not free_standing:
                hide(i, run)
            i = run
            continue
        if ch in "hHwW":
            m = _BARE_URL.match(source, i, end)
            if m and (i == start or not source[i - 1].isalnum()):
                hide(m.start(), m.end())
                links.append(Link(m.start(), m.end(), m.group(), "link"))
                i = m.end()
                continue
        if ch == "@":
            m = _EMAIL.search(source, max(start, i - 64), min(end, i + 256))
            if m and m.start() <= i < m.end():
                hide(m.start(), m.end())
                i = m.end()
                continue
        i += 1


def _is_html5_entity(name: str) -> bool:
    from html.entities import html5

    return f"{name};" in html5


def _hide_within(
    source: str,
    mask: Mask,
    start: int,
    end: int,
    links: list[Link],
    comments: list[Comment],
    references: frozenset[str],
) -> None:
    if start < end:
        reveal_inline(source, mask, start, end, links, comments, references)


def _bracket_pairs(source: str, start: int, end: int) -> dict[int, int]:
    """Offsets of matching ``[``/``]`` pairs, skipping escapes and code spans."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    i = start
    while i < end:
        special = _BRACKET_SPECIAL.search(source, i, end)
        if special is None:
            break
        i = special.start()
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "`":
            run = i
            while run < end and source[run] == "`":
                run += 1
            close = source.find(source[i:run], run, end)
            i = close + (run - i) if close != -1 else run
            continue
        if ch == "[":
            stack.append(i)
        elif ch == "]" and stack:
            pairs[stack.pop()] = i
        i += 1
    return pairs


def _normalize_label(label: str) -> str:
    return " ".join(label.split()).casefold()


def normalize_label(label: str) -> str:
    return _normalize_label(label)
