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
