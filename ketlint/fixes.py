"""Applying fixes to source text."""

from __future__ import annotations

import difflib

from ketlint.model import Finding, Fix


def applicable_fixes(findings: list[Finding], unsafe: bool = False) -> list[Fix]:
    """Fixes to apply, without overlaps (the first in document order wins)."""
    fixes = sorted(
        (f.fix for f in findings if f.fix is not None and (f.fix.safe or unsafe)),
        key=lambda fix: (fix.start, fix.end),
    )
    chosen: list[Fix] = []
    last_end = -1
    for fix in fixes:
        if fix.start >= last_end or (
            fix.start == fix.end == last_end and chosen and chosen[-1].start != fix.start
        ):
            chosen.append(fix)
            last_end = max(last_end, fix.end)
    return chosen


def apply_fixes(source: str, fixes: list[Fix]) -> str:
    parts = []
    cursor = 0
    for fix in sorted(fixes, key=lambda f: (f.start, f.end)):
        parts.append(source[cursor : fix.start])
        parts.append(fix.replacement)
        cursor = fix.end
    parts.append(source[cursor:])
    return "".join(parts)


def unified_diff(path: str, before: str, after: str) -> str:
    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=f"a/{path}",
            tofile=f"b/{path}",
        )
    )
