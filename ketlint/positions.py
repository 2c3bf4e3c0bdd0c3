"""Offsets to line/column, in code points, UTF-16 or UTF-8 units.

The engine works in code-point offsets. Editors speak LSP positions whose
``character`` is counted in the encoding negotiated at ``initialize``
(UTF-16 unless the client prefers otherwise); the JSON output uses code points.
"""

from __future__ import annotations

import bisect

import regex

_LINE_BREAK = regex.compile(r"\r\n?|\n")


class LineIndex:
    """Maps offsets in ``text`` to (line, column) pairs, 0-based, and back."""

    __slots__ = ("text", "line_starts")

    def __init__(self, text: str) -> None:
        self.text = text
        # LSP and CommonMark both end lines at "\r\n", "\r" or "\n".
        if "\r" in text:
            self.line_starts = [0, *(m.end() for m in _LINE_BREAK.finditer(text))]
        else:
            starts = [0]
            find = text.find
            pos = find("\n")
            while pos != -1:
                starts.append(pos + 1)
                pos = find("\n", pos + 1)
            self.line_starts = starts

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset) - 1

    def position(self, offset: int, encoding: str = "codepoint") -> tuple[int, int]:
        """0-based (line, column) of ``offset``; column counted in ``encoding`` units."""
        offset = max(0, min(offset, len(self.text)))
        line = self.line_of(offset)
        start = self.line_starts[line]
        return line, column_units(self.text[start:offset], encoding)

    def offset(self, line: int, column: int, encoding: str = "codepoint") -> int:
        """Inverse of :meth:`position`; clamps out-of-range input like LSP clients expect."""
        if line < 0:
            return 0
        if line >= len(self.line_starts):
            return len(self.text)
        start = self.line_starts[line]
        return start + codepoints_for_units(self.line_text(line), column, encoding)

    def line_text(self, line: int) -> str:
        """The text of ``line`` without its line break."""
        start = self.line_starts[line]
        end = self.line_starts[line + 1] if line + 1 < len(self.line_starts) else len(self.text)
        text = self.text[start:end]
        if text.endswith("\n"):
            text = text[:-1]
        if text.endswith("\r"):
            text = text[:-1]
        return text


def column_units(segment: str, encoding: str) -> int:
    if encoding == "codepoint" or encoding == "utf-32" or segment.isascii():
        return len(segment)
    if encoding == "utf-16":
        return len(segment) + sum(1 for ch in segment if ord(ch) > 0xFFFF)
    if encoding == "utf-8":
        return len(segment.encode("utf-8"))
    raise ValueError(f"unknown position encoding {encoding!r}")


def codepoints_for_units(line_text: str, units: int, encoding: str) -> int:
    """How many code points of ``line_text`` make up ``units`` units (never splits a character)."""
    if encoding == "codepoint" or encoding == "utf-32" or line_text.isascii():
        return min(units, len(line_text))
    count = 0
    for index, ch in enumerate(line_text):
        if count >= units:
            return index
        if encoding == "utf-16":
            count += 2 if ord(ch) > 0xFFFF else 1
        else:
            count += len(ch.encode("utf-8"))
    return len(line_text)
