"""``ketlint check --statistics`` and ``ketlint report``: an archive audited as a publisher would."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from ketlint.cli import main

CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)
HOSTILE_NAME = "<img src=x onerror=alert(1)>.md"
HOSTILE_TITLE = '<script>alert(1)</script><img src="https://evil.example/x.png"> Miracle cure'
ARTICLES = {
    "ketamine.md": "# Ketamine: a miracle cure for depression\n\nKetamine is a miracle. "
    "Studies show 60% of patients improved. It is a breakthrough treatment given in a clinic.\n",
    "calm.md": "# Sleep and screens\n\nPut the phone away an hour before bed. Read a book. "
    "Keep the room dark and cool.\n",
    HOSTILE_NAME: f"# {HOSTILE_TITLE}\n\nThis drug is a miracle and a breakthrough "
    '<a href="https://evil.example/">click</a>. \x1b[31mred\x1b[0m\n',
}


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    folder = tmp_path / "archive"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_statistics_counts_findings_per_rule_like_ruff(capsys, archive):
    code, out, _ = run(
        capsys, "check", "--isolated", "--no-cache", "--format", "json", str(archive)
    )
    expected: dict[str, int] = {}
    for file in json.loads(out)["files"]:
        for finding in file["findings"]:
            expected[finding["rule"]] = expected.get(finding["rule"], 0) + 1
    code, out, _ = run(capsys, "check", "--isolated", "--no-cache", "--statistics", str(archive))
    assert code == 1
    rows = [line.split("\t") for line in out.splitlines()]
    got = {rule.strip(): int(count) for count, rule, _ in rows}
    assert got == expected
    counts = [int(count) for count, _, _ in rows]
    assert counts == sorted(counts, reverse=True)
    assert all(summary.startswith(("[ ] ", "[*] ")) for _, _, summary in rows)
    code, out, _ = run(
        capsys,
        "check",
        "--isolated",
        "--no-cache",
        "--statistics",
        "--format",
        "json",
        str(archive),
    )
    data = json.loads(out)
    assert {row["code"]: row["count"] for row in data} == expected
    assert all(set(row) == {"code", "count", "fixable", "summary"} for row in data)


def _report(capsys, archive: Path, tmp_path: Path) -> tuple[Path, str]:
    out_file = tmp_path / "report.html"
    code, _, err = run(
        capsys, "report", "--isolated", "--no-cache", str(archive), "-o", str(out_file)
    )
    assert code == 0, err
    return out_file, out_file.read_text(encoding="utf-8")


def test_report_is_self_contained_and_escapes_article_text(capsys, archive, tmp_path):
    _, page = _report(capsys, archive, tmp_path)
    assert page.count('class="scorecard-row"') == len(ARTICLES)
    # Nothing to fetch: no http(s) source or link, no script; a CSP forbids the rest.
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert "<script" not in page.lower() and "<img" not in page.lower()
    assert "Content-Security-Policy" in page
    # Article-derived text (here a file name) is text, not markup.
    assert "&lt;img src=x onerror=alert(1)&gt;.md" in page
    assert "\x1b" not in page
    for section in ("criteria", "rules", "readability", "worst", "scorecard"):
        assert f'id="{section}"' in page
    assert "<svg" in page


def test_report_uses_the_engines_results(capsys, archive, tmp_path):
    """The page's counts are what `ketlint check` reports for the same files."""
    _, page = _report(capsys, archive, tmp_path)
    code, out, _ = run(
        capsys,
        "check",
        "--isolated",
        "--no-cache",
        "--statistics",
        "--format",
        "json",
        str(archive),
    )
    for row in json.loads(out):
        assert f'<td class="num">{row["count"]}</td><td><code>{row["code"]}</code>' in page


def _chromium(*args: str, user_data: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            f"--user-data-dir={user_data}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )


@pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium)"
)
def test_report_renders_in_headless_chromium(capsys, archive, tmp_path):
    out_file, _ = _report(capsys, archive, tmp_path)
    dumped = _chromium("--dump-dom", out_file.as_uri(), user_data=tmp_path / "profile")
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    dom = dumped.stdout
    assert dom.count('class="scorecard-row"') == len(ARTICLES), dom[:2000]
    assert "ketlint audit report" in dom
    # The hostile name is text in the page, not an element.
    assert "<img" not in dom and "&lt;img src=x onerror=alert(1)&gt;.md" in dom
    shot = tmp_path / "report.png"
    taken = _chromium(
        f"--screenshot={shot}",
        "--window-size=1400,1800",
        out_file.as_uri(),
        user_data=tmp_path / "profile",
    )
    assert taken.returncode == 0 and shot.stat().st_size > 10_000, taken.stderr[-2000:]


def test_a_report_on_no_articles_is_an_error_unless_allowed(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    page = tmp_path / "report.html"
    assert main(["report", str(empty), "-o", str(page)]) == 2
    assert "no files to lint" in capsys.readouterr().err and not page.exists()
    assert main(["report", str(empty), "-o", str(page), "--allow-no-files"]) == 0
    assert page.exists()
