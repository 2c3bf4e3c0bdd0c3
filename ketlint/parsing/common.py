"""Helpers shared by the parsers."""

from __future__ import annotations

from typing import Any

import regex

from ketlint.limits import safe_yaml_load

_LINE_BREAK = regex.compile(r"\r\n?|\n")


def line_starts(source: str) -> list[int]:
    """Line start offsets, with "\\r\\n", "\\r" and "\\n" all ending a line (as CommonMark says)."""
    return [0, *(m.end() for m in _LINE_BREAK.finditer(source))]


# The prose mask: one byte per source character, 1 where the character is prose. A bytearray
# (not a list of bools) so that ranges are set with one slice assignment, not a Python loop.
Mask = bytearray


def new_mask(length: int) -> Mask:
    return bytearray(length)


def reveal(mask: Mask, start: int, end: int) -> None:
    """Mark ``[start, end)`` as prose."""
    end = min(end, len(mask))
    if end > start:
        mask[start:end] = b"\x01" * (end - start)


def conceal(mask: Mask, start: int, end: int) -> None:
    """Mark ``[start, end)`` as markup."""
    end = min(end, len(mask))
    if end > start:
        mask[start:end] = bytes(end - start)


def _blank(segment: str) -> str:
    if "\n" not in segment:
        return " " * len(segment)
    return "\n".join(" " * len(line) for line in segment.split("\n"))


# Hyphens that Word and other editors put in a word ("game\u2011changer", a non-breaking
# hyphen typed as Ctrl+Shift+Minus) read as the ASCII hyphen every rule's words are written
# with. One character for one: the prose keeps the source's length, so positions are unchanged.
_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-"})


def _plain_hyphens(text: str) -> str:
    if "\u2010" in text or "\u2011" in text:
        return text.translate(_HYPHENS)
    return text


def apply_mask(source: str, mask: Mask | list[bool]) -> str:
    """Replace every non-prose character with a space, keeping newlines and length; Unicode
    hyphens in prose read as "-"."""
    if len(mask) != len(source):
        raise ValueError("the mask must have the length of the source")
    source = _plain_hyphens(source)
    flags = mask if isinstance(mask, bytearray) else bytearray(mask)
    pieces = []
    position, length = 0, len(source)
    while position < length:
        hidden = flags.find(0, position)
        if hidden == -1:
            pieces.append(source[position:])
            break
        pieces.append(source[position:hidden])
        shown = flags.find(1, hidden)
        if shown == -1:
            shown = length
        pieces.append(_blank(source[hidden:shown]))
        position = shown
    return "".join(pieces)


def load_front_matter(text: str) -> dict[str, Any]:
    """Front matter is metadata (author, date, reviewer); a broken one is just ignored."""
    try:
        data = safe_yaml_load(text, "front matter")
    except Exception:
        return {}
    return {str(k).lower(): v for k, v in data.items()} if isinstance(data, dict) else {}


_FRONT_MATTER = regex.compile(
    r"\A---[ \t]*(?:\r\n?|\n)(.*?)(?:\r\n?|\n)(?:---|\.\.\.)[ \t]*(?:\r\n?|\n|\Z)", regex.DOTALL
)


def split_front_matter(source: str) -> tuple[int, dict[str, Any]]:
    """For non-Markdown formats: the length of a leading YAML front matter and its data."""
    match = _FRONT_MATTER.match(source)
    if not match:
        return 0, {}
    return match.end(), load_front_matter(match.group(1))
