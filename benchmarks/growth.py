"""How the lint's cost grows with input shapes that were once quadratic (issue 15, item 7).

Usage::

    python benchmarks/growth.py [--scale 10] [--max-ratio 20] [--json FILE]

For each hostile shape (thousands of suppression comments, unclosed ``<!--`` or ``<a``,
mismatched ``<b>``/``</i>``, superscript citations, wide tables, one long paragraph, one
table row thousands of cells wide) it lints a small input and one ``--scale`` times larger,
each twice, and prints the best CPU time of each and their ratio. Linear growth gives
about ``--scale``, quadratic about its square. With ``--max-ratio`` it exits 1 when a
shape's ratio reaches it (20 for a tenfold input leaves room for a loaded machine).

This was a pair of timed tests; timings belong here, not in the test suite, where a
loaded machine made them fail (`tests/test_benchmarks_smoke.py` only checks that this
script runs and prints a row per shape).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from ketlint.engine import Linter
from ketlint.project import Project
from ketlint.ruleset import Ruleset

# The engine's own text shapes: (name, format, text of about ``size`` characters).
SHAPE_NAMES = (
    "disable-next-line",
    "b-i",
    "comment-open-html",
    "comment-open-md",
    "open-tags",
    "sup",
    "wide-table",
    "paragraph",
)
# One table row thousands of cells wide, for the rules that read reference lists (every
# cell once asked for the text from its line's start to itself).
WIDE_ROW_RULES = ("citation-reference", "vague-attribution")
SMALL = 10_000
WIDE_ROW_SMALL = 5_000


def shape(name: str, size: int) -> tuple[str, str]:
    """(text, format) of the shape ``name``, about ``size`` characters long."""
    if name == "disable-next-line":
        unit = "<!-- ketlint-disable-next-line -->\n"
        return unit * (size // len(unit)), "markdown"
    if name == "b-i":
        return "<b>" * (size // 7) + "</i>" * (size // 7), "html"
    if name == "comment-open-html":
        return "<!--" * (size // 4), "html"
    if name == "comment-open-md":
        return "<!--" * (size // 4), "markdown"
    if name == "open-tags":
        return "<a " * (size // 3), "html"
    if name == "sup":
        unit = "Drug X cut deaths by 40%.<sup>1</sup> "
        return unit * (size // len(unit)), "markdown"
    if name == "wide-table":
        head = "| " + " | ".join("h" for _ in range(200)) + " |\n" + "|" + "---|" * 200 + "\n"
        row = "| " + " | ".join("45% of people" for _ in range(200)) + " |\n"
        return head + row * max(1, (size - len(head)) // len(row)), "markdown"
    if name == "paragraph":
        unit = "A study found that 45% of patients improved after taking the new supplement daily. "
        return unit * (size // len(unit)), "markdown"
    raise ValueError(f"unknown shape {name!r}")


def wide_row(fmt: str, size: int) -> str:
    """One table row of about ``size`` characters: thousands of cells on one line."""
    if fmt == "html":
        return "<table><tr>" + "<td>45% of people</td>" * (size // 22) + "</tr></table>\n"
    cells = size // 16
    return (
        "| "
        + " | ".join("h" for _ in range(cells))
        + " |\n|"
        + "---|" * cells
        + "\n| "
        + " | ".join("45% of people" for _ in range(cells))
        + " |\n"
    )


@dataclass
class Row:
    shape: str
    small_chars: int
    large_chars: int
    small_seconds: float
    large_seconds: float

    @property
    def ratio(self) -> float:
        return self.large_seconds / self.small_seconds


def best_cpu_seconds(lint: Callable[[], object], runs: int = 2) -> float:
    """The best CPU time of ``runs`` calls: the process's own time, so that other work on
    a shared machine enters the ratio less than it would wall time."""
    best = float("inf")
    for _ in range(runs):
        started = time.process_time()
        lint()
        best = min(best, time.process_time() - started)
    return best


def measure(
    name: str, make: Callable[[int], tuple[str, str]], linter: Linter, small: int, scale: int
) -> Row:
    small_text, fmt = make(small)
    large_text, _ = make(small * scale)
    best_cpu_seconds(lambda: linter.lint_text(small_text, format=fmt))  # warm up
    # A floor, so that a very fast small run does not make the ratio meaningless.
    floor = 0.005
    small_seconds = max(best_cpu_seconds(lambda: linter.lint_text(small_text, format=fmt)), floor)
    large_seconds = best_cpu_seconds(lambda: linter.lint_text(large_text, format=fmt))
    return Row(name, len(small_text), len(large_text), small_seconds, large_seconds)


def rows(ruleset: Ruleset, scale: int, small: int, wide_row_small: int) -> list[Row]:
    result = []
    everything = Linter(ruleset, cache_blocks=0)
    for name in SHAPE_NAMES:
        result.append(measure(name, lambda size, n=name: shape(n, size), everything, small, scale))
    for rule in WIDE_ROW_RULES:
        one_rule = Linter(ruleset, enabled=[rule], cache_blocks=0)
        for fmt in ("markdown", "html"):
            result.append(
                measure(
                    f"wide-row {fmt} ({rule})",
                    lambda size, f=fmt: (wide_row(f, size), f),
                    one_rule,
                    wide_row_small,
                    scale,
                )
            )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=10, help="how many times larger (10)")
    parser.add_argument("--small", type=int, default=SMALL, help="small input, characters")
    parser.add_argument(
        "--wide-row-small", type=int, default=WIDE_ROW_SMALL, help="small wide row, characters"
    )
    parser.add_argument(
        "--max-ratio", type=float, default=None, help="exit 1 when a ratio reaches this"
    )
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    args = parser.parse_args(argv)
    ruleset = Project(isolated=True).linter_for(None).ruleset
    measured = rows(ruleset, args.scale, args.small, args.wide_row_small)
    print(f"| shape | small | {args.scale}x | CPU small | CPU large | ratio |")
    print("|---|---|---|---|---|---|")
    for row in measured:
        print(
            f"| {row.shape} | {row.small_chars:,} | {row.large_chars:,} | "
            f"{row.small_seconds:.3f} s | {row.large_seconds:.3f} s | {row.ratio:.1f} |"
        )
    if args.json:
        args.json.write_text(
            json.dumps([{**asdict(r), "ratio": r.ratio} for r in measured], indent=2),
            encoding="utf-8",
        )
    too_steep = [r for r in measured if args.max_ratio is not None and r.ratio >= args.max_ratio]
    for row in too_steep:
        print(f"{row.shape}: ratio {row.ratio:.1f} >= {args.max_ratio}", file=sys.stderr)
    return 1 if too_steep else 0


if __name__ == "__main__":
    raise SystemExit(main())
