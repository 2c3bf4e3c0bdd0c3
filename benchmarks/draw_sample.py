"""Draw a new held-out precision sample of development items.

Usage::

    python benchmarks/draw_sample.py --seed N --n 30 --name heldout2 [--shared PATH]
                                     [--exclude benchmarks/precision/sample.json ...]

It takes the first ``n`` names of ``precision.choose_items`` (a seeded shuffle of the
sorted names in ``eval-dev/articles``) that are in none of the excluded samples, and
writes ``benchmarks/precision/<name>-sample.json`` in the format ``precision.py --sample``
reads, naming ``<name>-judgements.jsonl`` and ``<name>-misses.jsonl`` as its data files.
It reads only the folder listing, never the articles: the sample is drawn before anyone
looks at what the rules say about it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from precision import DATA, DEFAULT_SHARED, choose_items  # noqa: E402


def eval_dev_names(sample_path: Path) -> list[str]:
    """The eval-dev files a sample lists."""
    sample = json.loads(sample_path.read_text(encoding="utf-8"))
    spec = sample.get("sources", {}).get("eval-dev", {})
    return [str(name) for name in spec.get("files", [])]


def draw(
    names: list[str], seed: int, n: int, excluded: list[Path], name: str, about: str
) -> dict[str, object]:
    skip: set[str] = set()
    for path in excluded:
        skip.update(eval_dev_names(path))
    files = choose_items(names, seed, n, exclude=skip)
    return {
        "about": about,
        "eval_dev_seed": seed,
        "eval_dev_n": n,
        "excludes": [path.name for path in excluded],
        "judgements": f"{name}-judgements.jsonl",
        "misses": f"{name}-misses.jsonl",
        "sources": {"eval-dev": {"dir": "eval-dev/articles", "files": files}},
        "misses_checked": [],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--name", required=True, help="the sample's name, e.g. heldout2")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument(
        "--exclude",
        type=Path,
        action="append",
        default=None,
        help="a sample file whose eval-dev items to skip (repeatable; default: every "
        "*sample.json in benchmarks/precision)",
    )
    parser.add_argument("--about", default="")
    args = parser.parse_args(argv)
    folder = args.shared / "eval-dev" / "articles"
    if not folder.is_dir():
        print(f"draw_sample.py: error: {folder} does not exist", file=sys.stderr)
        return 2
    excluded = args.exclude or sorted(DATA.glob("*sample.json"))
    out = DATA / f"{args.name}-sample.json"
    excluded = [path for path in excluded if path.resolve() != out.resolve()]
    names = [path.name for path in folder.iterdir() if path.is_file()]
    sample = draw(names, args.seed, args.n, excluded, args.name, args.about)
    out.write_text(json.dumps(sample, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out} ({len(sample['sources']['eval-dev']['files'])} items)")  # type: ignore[index]
    return 0


if __name__ == "__main__":
    sys.exit(main())
