"""Helpers shared by the parsers."""

from __future__ import annotations

from typing import Any

import regex

from ketlint.limits import safe_yaml_load

_LINE_BREAK = regex.compile(r"\r\n?|\n")


def line_starts(source: str) -> list[int]:
    """Line start offsets, with "\\r\\n", "\\r" and "\\n" all ending a line (as CommonMark says)."""
    return [0, *(m.end() for m in _LINE_BREAK.finditer(source))]


def apply_mask(source: str, mask: list[bool]) -> str:
    """Replace every non-prose character with a space, keeping newlines and length."""
    return "".join(
        ch if keep or ch == "\n" else " " for ch, keep in zip(source, mask, strict=True)
    )


def load_front_matter(text: str) -> dict[str, Any]:
    """Front matter is metadata (author, date, reviewer); a broken one is just ignored."""
    try:
        data = safe_yaml_load(text, "front matter")
    except Exception:
        return {}
    return {str(k).lower(): v for k, v in data.items()} if isinstance(data, dict) else {}


_FRONT_MATTER = regex.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", regex.DOTALL)


def split_front_matter(source: str) -> tuple[int, dict[str, Any]]:
    """For non-Markdown formats: the length of a leading YAML front matter and its data."""
    match = _FRONT_MATTER.match(source)
    if not match:
        return 0, {}
    return match.end(), load_front_matter(match.group(1))
