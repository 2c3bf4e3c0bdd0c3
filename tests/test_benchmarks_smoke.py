"""The benchmark harness still runs end to end (on a handful of files; no time is asserted).

proselint is not needed: its column then says "not installed".
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from growth import SHAPE_NAMES, WIDE_ROW_RULES  # noqa: E402
from make_corpus import corpus_size, make_corpus  # noqa: E402


def _run_benchmark(script: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python benchmarks/<script> args...`` in ``cwd``, with a cache folder of its own."""
    return subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=cwd,
        env={**os.environ, "KETLINT_CACHE_DIR": str(cwd / "cache")},
    )


def test_the_corpus_is_the_same_on_every_machine(tmp_path: Path) -> None:
    first = make_corpus(tmp_path / "a", files=3, words=400, seed=11)
    second = make_corpus(tmp_path / "b", files=3, words=400, seed=11)
    other_seed = make_corpus(tmp_path / "c", files=3, words=400, seed=12)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    assert [p.read_bytes() for p in first] != [p.read_bytes() for p in other_seed]
    size, words = corpus_size(first)
    assert 3 * 300 < words < 3 * 700 and size > words
    assert all(p.read_text(encoding="utf-8").startswith("---\n") for p in first)


def test_paragraphs_can_come_from_a_folder_the_user_points_at(tmp_path: Path) -> None:
    source = tmp_path / "mine"
    source.mkdir()
    paragraph = " ".join(f"word{i}" for i in range(40)) + "."
    (source / "post.md").write_text(f"# A heading\n\n{paragraph}\n\nShort line\n", encoding="utf-8")
    [article] = make_corpus(tmp_path / "out", files=1, words=100, paragraphs_from=source)
    assert paragraph in article.read_text(encoding="utf-8")


def test_the_runner_prints_every_row_of_the_table(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    make_corpus(folder, files=4, words=300)
    completed = _run_benchmark(
        "run.py",
        str(folder),
        "--proselint",
        "none",
        "--repeat",
        "1",
        "--keystrokes",
        "3",
        "--open-docs",
        "2",
        "--long-words",
        "1500",
        "--json",
        str(tmp_path / "rows.json"),
        cwd=tmp_path,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    table = completed.stdout
    for measure in (
        "Archive: 4 files",
        "Single file, cold",
        "Single file, fresh machine",
        "Keystroke → diagnostics",
        "Server RSS",
        "CLI peak RSS",
        "CLI time",
        "house terms",
    ):
        assert measure in table, table
    assert table.count("Keystroke → diagnostics") == 2
    assert "not installed" in table
    rows = json.loads((tmp_path / "rows.json").read_text(encoding="utf-8"))
    assert all(row["ketlint"] for row in rows)


def test_the_growth_benchmark_prints_a_row_per_hostile_shape(tmp_path: Path) -> None:
    """benchmarks/growth.py runs, one row per shape and per wide-row rule and format (small
    inputs; no time is asserted: the ratios are read from its table, not tested)."""
    rows_file = tmp_path / "growth.json"
    completed = _run_benchmark(
        "growth.py",
        "--small",
        "8000",
        "--wide-row-small",
        "500",
        "--scale",
        "2",
        "--json",
        str(rows_file),
        cwd=tmp_path,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    rows = json.loads(rows_file.read_text(encoding="utf-8"))
    shapes = [row["shape"] for row in rows]
    assert shapes == [
        *SHAPE_NAMES,
        *(f"wide-row {fmt} ({rule})" for rule in WIDE_ROW_RULES for fmt in ("markdown", "html")),
    ]
    assert "sup" in shapes and "wide-row html (vague-attribution)" in shapes
    assert all(row["large_chars"] > row["small_chars"] for row in rows)
    assert "| paragraph |" in completed.stdout
