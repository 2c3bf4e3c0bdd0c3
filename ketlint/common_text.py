"""The common prefix and suffix of two texts: where an edit of a document starts and ends
(the Markdown parser re-parses only the blocks between, the engine reuses the paragraphs
outside)."""

from __future__ import annotations


def common_prefix(a: str, b: str) -> int:
    """The longest n with ``a[:n] == b[:n]``."""
    low, high = 0, min(len(a), len(b))
    while low < high:  # by halving: slices compare in C
        middle = (low + high + 1) // 2
        if a[low:middle] == b[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def common_suffix(a: str, b: str, most: int) -> int:
    """The longest n up to ``most`` (at most either's length) with ``a[-n:] == b[-n:]``."""
    low, high = 0, most
    la, lb = len(a), len(b)
    while low < high:
        middle = (low + high + 1) // 2
        if a[la - middle : la - low] == b[lb - middle : lb - low]:
            low = middle
        else:
            high = middle - 1
    return low
