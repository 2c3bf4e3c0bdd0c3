"""Benchmark ketlint against proselint, and the language server's latency and memory.

Usage::

    benchmarks/setup.sh                 # once: proselint 0.16.0 in its own venv (optional)
    python benchmarks/run.py [FOLDER]   # FOLDER: any folder of articles; default: a generated
                                        # corpus of 200 Markdown articles (make_corpus.py)

It prints one Markdown table (the one in the README's Performance section):

* **Archive**: ``ketlint check FOLDER --jobs 2`` and ``proselint check FOLDER`` on the same
  files, run alternately ``--repeat`` times; files/s of each (median run) and their ratio.
* **Single file, cold**: one article, start-up included, for both tools.
* **Single file, fresh machine**: the same with no start-up cache at all (KETLINT_NO_CACHE=1),
  as a CI runner or a pre-commit hook's first run has it.
* **Keystroke** and **server memory**: ``ketlint lsp`` over stdio, driven by the client in
  ``benchmarks/lsp_latency.py`` with the debounce set to 0: a word typed at a random word
  boundary, one edit at a time, timed from ``didChange`` to the ``publishDiagnostics`` of
  that version, on an article of the folder (the one closest to 1,500 words) and on a
  generated 20,000-word one; then the server's resident memory once 50 articles of the
  folder are open too.
* **CLI memory and corpus scaling**: peak RSS and time of ``ketlint check --jobs 1`` on the
  first half of the files and on all of them (flat memory, linear time).
* **Term scaling**: the archive (``--jobs 1``) with the default rules, then with a house
  ``phrases`` rule of 500 and of 5,000 generated terms on top.

The runner installs nothing. proselint is looked up in ``--proselint``, ``$PROSELINT``,
the venv ``setup.sh`` makes, then ``PATH``; when absent its column says so. Absolute times
on a shared machine are noisy; compare the ratios, which are measured side by side.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from make_corpus import make_corpus, make_long_article  # noqa: E402

# Where benchmarks/setup.sh puts proselint (same default, same override).
PROSELINT_VENV = Path(
    os.environ.get("PROSELINT_VENV")
    or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    / "ketlint-bench"
    / "proselint-venv"
)
ARTICLE_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm")


# -- running commands ------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    peak_rss_mb: float  # the largest single process (ru_maxrss of the child and its children)
    returncode: int


def run_command(command: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run ``command`` with its output discarded; wall time and peak RSS from wait4()."""
    started = time.perf_counter()
    process = subprocess.Popen(
        list(command), cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert process.stderr is not None
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):  # 1: findings (both tools)
        message = stderr.decode("utf-8", "replace").strip()[-2000:]
        raise RuntimeError(f"{' '.join(command)} exited with {process.returncode}:\n{message}")
    return Run(elapsed, usage.ru_maxrss / 1024, process.returncode)


# ketlint's caches for the benchmark (set in main): the start-up cache stays warm, as for
# anyone after their first run; the result cache is emptied before every timed run
# (forget_results), so every row but the "unchanged" one lints every file afresh.
CACHE_DIR: Path | None = None


def ketlint_env() -> dict[str, str]:
    """Run ketlint from this checkout even when it is not installed."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    if CACHE_DIR is not None:
        env["KETLINT_CACHE_DIR"] = str(CACHE_DIR)
    # Byte-code as an installed package has it (pip compiles it; proselint's venv has it):
    # without, every run would compile ketlint's modules again (~60 ms).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def forget_results() -> None:
    """Empty ketlint's result cache: the next run lints every article."""
    if CACHE_DIR is not None:
        for path in CACHE_DIR.glob("results-*"):
            path.unlink()


def run_ketlint(command: Sequence[str], cwd: Path, env: dict[str, str]) -> Run:
    forget_results()
    return run_command(command, cwd, env)


def ketlint_command(python: str) -> list[str]:
    return [python, "-m", "ketlint"]


# Extra arguments for every ``ketlint check`` (``--select``), set from the command line.
CHECK_ARGS: list[str] = []


def find_proselint(explicit: str | None) -> str | None:
    if explicit:
        return None if explicit == "none" else explicit
    for candidate in (
        os.environ.get("PROSELINT"),
        str(PROSELINT_VENV / "bin" / "proselint"),
        shutil.which("proselint"),
    ):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


# -- the table -------------------------------------------------------------------------------


@dataclass
class Row:
    measure: str
    ketlint: str
    proselint: str = ""
    ratio: str = ""
    target: str = ""
    met: bool | None = None
    raw: dict[str, Any] = field(default_factory=dict)


def render_table(rows: list[Row]) -> str:
    header = ["Measure", "ketlint", "proselint 0.16", "ketlint vs proselint", "Target", "Met"]
    lines = [header]
    for row in rows:
        met = "" if row.met is None else ("yes" if row.met else "**no**")
        lines.append([row.measure, row.ketlint, row.proselint, row.ratio, row.target, met])
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for index, line in enumerate(lines):
        out.append("| " + " | ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)) + " |")
        if index == 0:
            out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(out)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


# -- corpus ----------------------------------------------------------------------------------


def article_files(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.rglob("*")
        if p.suffix.lower() in ARTICLE_SUFFIXES
        and p.is_file()
        and not p.name.startswith(".")
        and p.name.lower() != "readme.md"
    )


def words_in(path: Path) -> int:
    return len(path.read_text(encoding="utf-8", errors="replace").split())


def median_article(files: list[Path], target_words: int = 1500) -> Path:
    """The file whose word count is closest to ``target_words`` (the keystroke article)."""
    return min(files[:200], key=lambda p: abs(words_in(p) - target_words))


# -- archive, cold start, CLI memory ---------------------------------------------------------


def alternate(commands: dict[str, Callable[[], Run]], repeat: int) -> dict[str, list[Run]]:
    """Run each command ``repeat`` times, interleaved, so load changes hit all of them alike."""
    runs: dict[str, list[Run]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            runs[name].append(command())
    return runs


def median_run(runs: list[Run]) -> Run:
    ordered = sorted(runs, key=lambda r: r.seconds)
    return ordered[len(ordered) // 2]


def faster_or_slower(ratio: float) -> str:
    return f"{ratio:.1f}× faster" if ratio >= 1 else f"{1 / ratio:.1f}× slower"


def archive_rows(
    folder: Path,
    files: list[Path],
    ketlint: list[str],
    proselint: str | None,
    repeat: int,
    workdir: Path,
    jobs: int,
) -> list[Row]:
    env = ketlint_env()
    size_mb = sum(p.stat().st_size for p in files) / 1e6
    commands: dict[str, Callable[[], Run]] = {
        "ketlint": lambda: run_ketlint(
            [*ketlint, "check", str(folder), "--jobs", str(jobs), *CHECK_ARGS], workdir, env
        ),
    }
    if proselint:
        commands["proselint"] = lambda: run_command([proselint, "check", str(folder)], workdir)
    runs = alternate(commands, repeat)
    k = median_run(runs["ketlint"])
    k_rate = len(files) / k.seconds
    row = Row(
        f"Archive: {len(files)} files, {size_mb:.2f} MB (files/s; ketlint --jobs {jobs})",
        f"{k_rate:.0f} files/s ({k.seconds:.2f} s)",
        target="≥ 10× proselint",
        raw={"ketlint_seconds": [r.seconds for r in runs["ketlint"]], "files": len(files)},
    )
    if proselint:
        p = median_run(runs["proselint"])
        p_rate = len(files) / p.seconds
        ratio = k_rate / p_rate
        row.proselint = f"{p_rate:.0f} files/s ({p.seconds:.2f} s)"
        row.ratio = faster_or_slower(ratio)
        row.met = ratio >= 10
        row.raw["proselint_seconds"] = [r.seconds for r in runs["proselint"]]
        row.raw["ratio"] = ratio
    else:
        row.proselint = "not installed"
    # Generated articles share paragraphs (shuffled from one pool), and ketlint keeps block
    # findings across files; this row lints every paragraph afresh, as for an archive
    # without repeats.
    check = [*ketlint, "check", str(folder), "--jobs", str(jobs), *CHECK_ARGS]
    fresh_env = dict(env, KETLINT_CACHE_BLOCKS="0")
    fresh = median_run([run_ketlint(check, workdir, fresh_env) for _ in range(repeat)])
    fresh_row = Row(
        f"Archive, no paragraph reused across files (KETLINT_CACHE_BLOCKS=0, --jobs {jobs})",
        f"{len(files) / fresh.seconds:.0f} files/s ({fresh.seconds:.2f} s)",
        target="≥ 10× proselint",
        raw={"ketlint_seconds": fresh.seconds},
    )
    if proselint:
        fresh_ratio = (len(files) / fresh.seconds) / p_rate
        fresh_row.proselint = row.proselint
        fresh_row.ratio = faster_or_slower(fresh_ratio)
        fresh_row.met = fresh_ratio >= 10
    # The same archive again, nothing changed: what CI sees on most commits.
    run_command(check, workdir, env)
    again = median_run([run_command(check, workdir, env) for _ in range(repeat)])
    rows = [row, fresh_row]
    if proselint:
        unchanged_ratio = (len(files) / again.seconds) / p_rate
        rows.append(
            Row(
                "Archive again, no file changed (result cache; proselint has none)",
                f"{len(files) / again.seconds:.0f} files/s ({again.seconds:.2f} s)",
                proselint=row.proselint,
                ratio=faster_or_slower(unchanged_ratio),
                target="(not a target row)",
                raw={"ketlint_seconds": again.seconds},
            )
        )
    return rows


def cold_row(
    article: Path, ketlint: list[str], proselint: str | None, repeat: int, workdir: Path
) -> Row:
    env = ketlint_env()
    return single_file_row(
        article,
        proselint,
        repeat,
        workdir,
        label="Single file, cold, start-up included",
        run_once=lambda: run_ketlint([*ketlint, "check", str(article), *CHECK_ARGS], workdir, env),
    )


def fresh_row(
    article: Path, ketlint: list[str], proselint: str | None, repeat: int, workdir: Path
) -> Row:
    """One article on a fresh machine (a CI runner, a pre-commit hook's first run): every
    run gets a new, empty cache folder, as a runner does, against proselint, wall clock as
    above. The package's bundled start-up data (ketlint/_startup, made by the build hook;
    in a checkout by ``pip install -e``) is read if it matches; the label says whether it did."""
    bundled: list[bool] = []

    def run_once() -> Run:
        with tempfile.TemporaryDirectory(dir=workdir) as empty:
            env = dict(ketlint_env(), KETLINT_CACHE_DIR=empty)
            run = run_command([*ketlint, "check", str(article), *CHECK_ARGS], workdir, env)
            # The built-in pack is written to the user's cache only when the bundle had none.
            bundled.append(not list(Path(empty).glob("builtin-rules-*")))
        return run

    row = single_file_row(
        article,
        proselint,
        repeat,
        workdir,
        label="Single file, fresh machine: empty cache folder",
        run_once=run_once,
    )
    used = "used" if all(bundled) else "not used" if not any(bundled) else "used by some runs"
    row.measure += f", bundled start-up data {used}"
    return row


def single_file_row(
    article: Path,
    proselint: str | None,
    repeat: int,
    workdir: Path,
    *,
    label: str,
    run_once: Callable[[], Run],
) -> Row:
    """One article checked by ``run_once`` and by proselint, alternately, medians compared."""
    commands: dict[str, Callable[[], Run]] = {"ketlint": run_once}
    if proselint:
        commands["proselint"] = lambda: run_command([proselint, "check", str(article)], workdir)
    runs = alternate(commands, max(3, repeat))
    k = median_run(runs["ketlint"]).seconds
    row = Row(
        f"{label} ({words_in(article):,} words)",
        ms(k),
        target="no slower than proselint",
        raw={"ketlint_seconds": [r.seconds for r in runs["ketlint"]]},
    )
    if proselint:
        p = median_run(runs["proselint"]).seconds
        row.proselint = ms(p)
        row.ratio = f"{p / k:.2f}× the speed"
        row.met = k <= p
        row.raw["proselint_seconds"] = [r.seconds for r in runs["proselint"]]
    else:
        row.proselint = "not installed"
    return row


def scaling_rows(files: list[Path], ketlint: list[str], workdir: Path, repeat: int) -> list[Row]:
    """Peak RSS and time of --jobs 1 on half the files and on all of them."""
    env = ketlint_env()
    half = files[: len(files) // 2]
    results = {}
    for name, chosen in (("half", half), ("all", files)):
        listing = workdir / f"scaling-{name}"
        shutil.rmtree(listing, ignore_errors=True)
        listing.mkdir()
        for index, path in enumerate(chosen):  # symlinks: the same bytes, no copies
            (listing / f"{index:05d}-{path.name}").symlink_to(path)
        runs = [
            run_ketlint([*ketlint, "check", str(listing), "--jobs", "1", *CHECK_ARGS], workdir, env)
            for _ in range(repeat)
        ]
        results[name] = (median_run(runs).seconds, max(r.peak_rss_mb for r in runs))
    (t_half, m_half), (t_all, m_all) = results["half"], results["all"]
    memory_growth = m_all / m_half
    time_growth = t_all / t_half
    size_growth = len(files) / max(1, len(half))
    return [
        Row(
            f"CLI peak RSS, {len(half)} → {len(files)} files (--jobs 1)",
            f"{m_half:.0f} → {m_all:.0f} MB (×{memory_growth:.2f})",
            target="flat",
            met=memory_growth < 1.15,
            raw={"rss_mb": [m_half, m_all]},
        ),
        Row(
            f"CLI time, {len(half)} → {len(files)} files (--jobs 1)",
            f"{t_half:.2f} → {t_all:.2f} s (×{time_growth:.2f})",
            target=f"linear (×{size_growth:.0f} or less)",
            met=time_growth <= size_growth * 1.15,
            raw={"seconds": [t_half, t_all]},
        ),
    ]


# -- term scaling ----------------------------------------------------------------------------

_SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ren",
    "tu",
    "vo",
    "sa",
    "dex",
    "pri",
    "nol",
    "zan",
    "quo",
    "bel",
    "fin",
    "gor",
    "hul",
    "jet",
    "wix",
]


def house_terms(count: int, seed: int = 7) -> list[str]:
    """``count`` distinct made-up terms (one to three words) that never occur in real text."""
    rng = random.Random(seed)
    terms: list[str] = []
    seen: set[str] = set()
    while len(terms) < count:
        words = [
            "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
            for _ in range(rng.choice((1, 1, 2, 3)))
        ]
        term = " ".join(words)
        if term not in seen:
            seen.add(term)
            terms.append(term)
    return terms


def write_house_pack(folder: Path, count: int, hits: list[str]) -> Path:
    """A rule pack with one ``phrases`` rule of ``count`` terms; ``hits`` are terms that occur."""
    folder.mkdir(parents=True, exist_ok=True)
    terms = house_terms(count - len(hits)) + hits
    lines = [
        "version: 1",
        "rules:",
        "  - id: house-style-terms",
        "    kind: phrases",
        "    severity: info",
        '    message: "House style: avoid “{match}”."',
        "    docs: {summary: Benchmark house list., why: Benchmark., bad: x, good: y,",
        "           standard: Benchmark only, limits: Benchmark only}",
        "    options:",
        "      terms:",
    ]
    lines += [f"        - {json.dumps(term)}" for term in terms]
    path = folder / "house.yml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def term_rows(
    folder: Path, files: list[Path], ketlint: list[str], workdir: Path, repeat: int
) -> list[Row]:
    env = ketlint_env()
    # A few real words among the made-up ones, so the rule finds something.
    hits = ["side effects", "insurance", "supervision", "placebo", "appointment"]
    timings: dict[int, float] = {}
    for count in (0, 500, 5000):
        extra: list[str] = []
        if count:
            pack = write_house_pack(workdir / f"house-{count}", count, hits)
            extra = ["--rules-dir", str(pack.parent)]
        runs = [
            run_ketlint(
                [*ketlint, "check", str(folder), "--jobs", "1", *extra, *CHECK_ARGS], workdir, env
            )
            for _ in range(repeat)
        ]
        timings[count] = median_run(runs).seconds
    base = timings[0]
    growth = timings[5000] / base
    return [
        Row(
            f"Archive time, default rules → + 500 → + 5,000 house terms (--jobs 1, {len(files)} files)",
            f"{timings[0]:.2f} → {timings[500]:.2f} → {timings[5000]:.2f} s (×{growth:.2f})",
            target="one matcher: far below ×5,000",
            met=growth < 2.0,
            raw={"seconds": timings},
        )
    ]


# -- the language server ---------------------------------------------------------------------


def lsp_rows(
    article: Path,
    long_article: Path,
    files: list[Path],
    workdir: Path,
    keystrokes: int,
    documents: int,
) -> list[Row]:
    """Keystroke latency and server memory, through ``benchmarks/lsp_latency.py``'s client."""
    import asyncio

    os.environ["PYTHONPATH"] = ketlint_env()["PYTHONPATH"]  # the server runs this checkout
    return asyncio.run(_lsp_session(article, long_article, files, workdir, keystrokes, documents))


async def _lsp_session(
    article: Path,
    long_article: Path,
    files: list[Path],
    workdir: Path,
    keystrokes: int,
    documents: int,
) -> list[Row]:
    from lsp_latency import Bench
    from lsp_latency import article as generated_article

    workspace = workdir / "lsp-workspace"
    workspace.mkdir(exist_ok=True)
    select = CHECK_ARGS[1].split(",") if CHECK_ARGS else None
    (workspace / "ketlint.toml").write_text(
        f"select = {json.dumps(select)}\n" if select else "# the built-in rules, defaults\n"
    )
    bench = Bench(workspace)
    await bench.start()
    rows = []
    try:
        # Rules, dictionaries and parsers load on the first document; time edits after that.
        await bench.open("warm-up.md", generated_article(200, 1000))
        for path, targets in ((article, (0.010, 0.025)), (long_article, (None, 0.100))):
            text = path.read_text(encoding="utf-8")
            uri, _ = await bench.open(path.name, text)
            latencies = await bench.type_words(uri, text, keystrokes, seed=7)
            p50, p95 = statistics.median(latencies), percentile(latencies, 0.95)
            median_target, p95_target = targets
            target = (
                f"median ≤ {median_target * 1000:.0f} ms, p95 ≤ {p95_target * 1000:.0f} ms"
                if median_target
                else f"p95 ≤ {p95_target * 1000:.0f} ms"
            )
            rows.append(
                Row(
                    f"Keystroke → diagnostics, {len(text.split()):,}-word article "
                    f"({len(latencies)} edits)",
                    f"median {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms",
                    target=target,
                    met=p95 <= p95_target and (median_target is None or p50 <= median_target),
                    raw={"latencies_ms": [round(x * 1000, 2) for x in latencies]},
                )
            )
        for path in files[:documents]:
            await bench.open(f"open-{path.name}", path.read_text(encoding="utf-8"))
        rss = bench.rss_mb()
    finally:
        await bench.stop()
    opened = min(documents, len(files))
    rows.append(
        Row(
            f"Server RSS with {opened} articles open (and the two above)",
            f"{rss:.0f} MB",
            target="< 120 MB",
            met=rss < 120,
            raw={"rss_mb": rss},
        )
    )
    return rows


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


# -- main ------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="ketlint vs proselint, latency and memory.")
    parser.add_argument(
        "folder",
        nargs="?",
        type=Path,
        help="articles to lint (default: a generated corpus of --files articles)",
    )
    parser.add_argument(
        "--files", type=int, default=200, help="generated corpus size (default 200)"
    )
    parser.add_argument("--words", type=int, default=1500, help="words per generated article")
    parser.add_argument(
        "--long-words",
        type=int,
        default=20000,
        help="words in the large keystroke article (default 20,000)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--jobs", type=int, default=2, help="ketlint --jobs for the archive row")
    parser.add_argument("--keystrokes", type=int, default=40, help="edits per keystroke row")
    parser.add_argument(
        "--open-docs", type=int, default=50, help="documents open for the memory row"
    )
    parser.add_argument(
        "--proselint",
        metavar="PATH",
        help="proselint executable ('none' to skip; default: setup.sh's venv, PATH)",
    )
    parser.add_argument(
        "--python", default=sys.executable, help="Python that runs ketlint (default: this one)"
    )
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=["archive", "cold", "lsp", "scaling", "terms"],
        help="leave out a group of rows (repeatable)",
    )
    parser.add_argument(
        "--select",
        metavar="IDS",
        help="lint with these rules only (comma-separated ids), e.g. to compare "
        "two versions of ketlint on the rules both have",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the rows as JSON")
    args = parser.parse_args(argv)

    ketlint = ketlint_command(args.python)
    if args.select:
        CHECK_ARGS[:] = ["--select", args.select]
    proselint = find_proselint(args.proselint)
    global CACHE_DIR
    with tempfile.TemporaryDirectory(prefix="ketlint-bench-") as tmp:
        workdir = Path(tmp)
        CACHE_DIR = workdir / "ketlint-cache"
        # One untimed run fills the start-up cache (compiled patterns, dictionary), as any
        # user's first run does; the result cache is emptied before each timed run.
        warm_up = make_long_article(workdir / "warm-up.md", 300)
        run_command([*ketlint, "check", str(warm_up), *CHECK_ARGS], workdir, ketlint_env())
        if args.folder is None:
            folder = workdir / "corpus"
            make_corpus(folder, files=args.files, words=args.words)
            source = f"generated corpus (make_corpus.py, seed 5, {args.files} articles)"
        else:
            folder = args.folder.resolve()
            source = str(folder)
        files = article_files(folder)
        if not files:
            print(f"no articles ({', '.join(ARTICLE_SUFFIXES)}) under {folder}", file=sys.stderr)
            return 2
        article = median_article(files)
        long_article = make_long_article(workdir / "long.md", args.long_words)
        print(
            f"Corpus: {source}; {len(files)} files. Python {sys.version.split()[0]}, "
            f"{os.cpu_count()} CPUs. proselint: {proselint or 'not installed (benchmarks/setup.sh)'}",
            file=sys.stderr,
        )

        rows: list[Row] = []
        steps: list[tuple[str, Callable[[], list[Row]]]] = [
            (
                "archive",
                lambda: archive_rows(
                    folder, files, ketlint, proselint, args.repeat, workdir, args.jobs
                ),
            ),
            (
                "cold",
                lambda: [
                    cold_row(article, ketlint, proselint, args.repeat, workdir),
                    fresh_row(article, ketlint, proselint, args.repeat, workdir),
                ],
            ),
            (
                "lsp",
                lambda: lsp_rows(
                    article, long_article, files, workdir, args.keystrokes, args.open_docs
                ),
            ),
            ("scaling", lambda: scaling_rows(files, ketlint, workdir, args.repeat)),
            ("terms", lambda: term_rows(folder, files, ketlint, workdir, 1)),
        ]
        for name, step in steps:
            if name in args.skip:
                continue
            print(f"measuring {name}...", file=sys.stderr)
            rows.extend(step())

    print(render_table(rows))
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in rows], indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
