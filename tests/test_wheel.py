"""The wheel built from the repository carries the rule pack and lints on its own."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    (built,) = out.glob("ketlint-*.whl")
    return built


def test_wheel_contains_every_builtin_rule_file(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {Path(n).name for n in names if n.startswith("ketlint/_builtin_rules/")}
    expected = {p.name for p in (REPO / "rules").glob("*.yml")}
    assert expected and expected <= shipped


def test_installed_wheel_lints_with_the_builtin_rules(wheel, tmp_path):
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    article = tmp_path / "post.md"
    article.write_text("# News\n\nA miracle for everyone.\n", encoding="utf-8")
    script = (
        "import sys, json; sys.path.insert(0, sys.argv[1]);"
        "import ketlint, ketlint.ruleset as r;"
        "print(json.dumps([ketlint.__file__, str(r.builtin_rules_dir())]));"
        "from ketlint.cli import main; main(['check', '--isolated', '--format', 'json', sys.argv[2]])"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, str(site), str(article)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    first_line, rest = proc.stdout.split("\n", 1)
    module_file, rules_dir = json.loads(first_line)
    assert module_file.startswith(str(site))
    assert rules_dir == str(site / "ketlint" / "_builtin_rules")
    rules = {f["rule"] for f in json.loads(rest)["files"][0]["findings"]}
    assert "hype-phrase" in rules


def test_the_wheel_carries_the_startup_data_and_a_first_run_uses_it(wheel, tmp_path):
    """hatch_build.py: the start-up data for the built-in rules is in the wheel, and a run
    with an empty cache folder (a fresh CI runner) reads it instead of rebuilding it."""
    import os

    names = zipfile.ZipFile(wheel).namelist()
    tag = sys.implementation.cache_tag
    parts = ("builtin-pack", "regex-0.1.0", "memo-prefilter-requirements", "cmudict-buckets")
    for part in (*parts, "dataclass-code"):
        assert f"ketlint/_startup/{part}-{tag}.bin" in names
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    article = tmp_path / "post.md"
    article.write_text("# News\n\nA miracle for everyone.\n", encoding="utf-8")
    cache = tmp_path / "cache"
    env = {k: v for k, v in os.environ.items() if not k.startswith("KETLINT_")}
    env["KETLINT_CACHE_DIR"] = str(cache)
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); import ketlint;"
        "assert ketlint.__file__.startswith(sys.argv[1]), ketlint.__file__;"
        "from ketlint.cli import main;"
        "sys.exit(main(['check', '--isolated', '--format', 'json', sys.argv[2]]))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, str(site), str(article)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    assert {f["rule"] for f in json.loads(proc.stdout)["files"][0]["findings"]} >= {"hype-phrase"}
    written = {path.name for path in cache.iterdir()}
    assert not [name for name in written if name.startswith(("builtin-rules", "cmudict"))]
