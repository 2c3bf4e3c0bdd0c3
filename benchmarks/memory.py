"""Memory per input byte of one large document (issue 15 item 13), and what holds it.

Usage::

    python benchmarks/memory.py [--sizes 1,5,20] [--top 15] [--no-tracemalloc]

For each size (MB) it builds one mixed Markdown document (articles from
``make_corpus.py`` with tables, lists, quotes, HTML, links and footnotes between them),
then, in a fresh child process, lints it once with the built-in rules as ``ketlint
check`` does (``Linter.lint_text``) and reports:

* **peak/byte**: tracemalloc's peak of Python allocations during the lint, over the
  input's size in bytes (UTF-8);
* **RSS/byte**: the growth of the process's peak resident set (``ru_maxrss``) over the
  lint, over the input size (includes the allocator's slack; without tracemalloc's cost);
* with ``--top N``, the N source lines holding the most memory at the end of the lint
  (the document, its blocks and indexes, the findings: what lives until the result is
  returned), grouped by file and line.

A document over the engine's size limit (2,000,000 characters) is linted up to the limit,
so larger inputs measure the cut, the not-linted finding and the source kept whole.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

EXTRAS = [
    "| Outcome | Drug | Placebo |\n|---|---|---|\n| Deaths | 12% | 18% |\n| Stroke | 3 in 100 | 5 in 100 |\n",
    "> Experts say this miracle cure works for 45% of people.\n> > Nested quote with 30% claim.\n",
    "<p>A <b>new</b> study<sup>2</sup> found <i>fewer</i> heart attacks.</p>\n<!-- a comment -->\n",
    "1. First item with [a link](https://example.org/study)\n2. Second item, 20% better\n   - nested\n",
    "See the trial [^1] and the review [3].\n\n[^1]: https://example.org/trial\n",
    "```\ncode block 50% not prose\n```\n",
]


def make_document(megabytes: float, seed: int = 11) -> str:
    sys.path.insert(0, str(HERE))
    import make_corpus

    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    target = int(megabytes * 1_000_000)
    number = 0
    while size < target:
        text = _article(make_corpus, rng, number)
        parts.append(text)
        parts.append(rng.choice(EXTRAS))
        size += len(text.encode()) + len(parts[-1].encode())
        number += 1
    return "\n".join(parts)[:target]


def _article(make_corpus, rng: random.Random, number: int) -> str:  # type: ignore[no-untyped-def]
    import tempfile

    cache = getattr(_article, "cache", None)
    if cache is None:
        folder = Path(tempfile.mkdtemp(prefix="ketlint-mem-"))
        make_corpus.make_corpus(folder, files=250, words=1500, seed=5)
        cache = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("**/*.md"))]
        _article.cache = cache  # type: ignore[attr-defined]
    return cache[number % len(cache)]


def measure(path: str, tracing: bool, top: int) -> dict[str, object]:
    """In the child: lint the file once, return the figures."""
    import gc
    import resource
    import tracemalloc

    from ketlint.project import Project

    text = Path(path).read_text(encoding="utf-8")
    linter = Project(isolated=True).linter_for(None)
    linter.lint_text("# Warm-up\n\nA miracle cure cut deaths by 45%.\n", format="markdown")
    gc.collect()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    held: list[tuple[str, int]] = []
    if tracing:
        tracemalloc.start(1)
    result = linter.lint_text(text, format="markdown")
    peak = 0
    if tracing:
        _, peak = tracemalloc.get_traced_memory()
        if top:
            snapshot = tracemalloc.take_snapshot().filter_traces(
                [tracemalloc.Filter(False, tracemalloc.__file__)]
            )
            held = [
                (
                    f"{s.traceback[0].filename.split('/ketlint/')[-1]}:{s.traceback[0].lineno}",
                    s.size,
                )
                for s in snapshot.statistics("lineno")[:top]
            ]
        tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    del result
    return {
        "bytes": len(text.encode("utf-8")),
        "chars": len(text),
        "peak": peak,
        "rss": max(0, rss_after - rss_before),
        "held": held,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,5,20", help="megabytes, comma-separated")
    parser.add_argument("--top", type=int, default=0)
    parser.add_argument("--no-tracemalloc", action="store_true")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure(args.child[0], args.child[1] == "1", int(args.child[2]))))
        return 0
    import tempfile

    print("| input | peak/byte (tracemalloc) | RSS growth/byte |")
    print("|---|---|---|")
    tops = []
    for size in (float(s) for s in args.sizes.split(",")):
        with tempfile.NamedTemporaryFile("w", suffix=".md", encoding="utf-8", delete=False) as f:
            f.write(make_document(size))
        figures = []
        for tracing in ([] if args.no_tracemalloc else [True]) + [False]:
            child = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--child",
                    f.name,
                    "1" if tracing else "0",
                    str(args.top if tracing else 0),
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            figures.append(json.loads(child.stdout))
        Path(f.name).unlink()
        traced = figures[0] if len(figures) == 2 else None
        plain = figures[-1]
        peak = f"{traced['peak'] / traced['bytes']:.1f}" if traced else "-"
        print(f"| {size:g} MB | {peak} | {plain['rss'] / plain['bytes']:.1f} |")
        if traced and traced["held"]:
            tops.append((size, traced["held"]))
    for size, held in tops:
        print(f"\nHeld at the end of the lint, {size:g} MB:")
        for where, amount in held:
            print(f"  {amount / 1e6:9.1f} MB  {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
