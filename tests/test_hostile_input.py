"""Hostile input (issue 15): no hang, no crash, nothing silently lost, no superlinear growth."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ketlint
from ketlint import prefilter
from ketlint.engine import NOT_LINTED, EngineSettings, Linter
from ketlint.parsing import parse
from ketlint.project import Project

# -- fuzz: mixed Markdown / HTML / text ------------------------------------------------

PIECES = [
    "A miracle cure ",
    "cut deaths by 45%",
    ". ",
    "\n",
    "\n\n",
    "> ",
    "- ",
    "  ",
    "# ",
    "| a | b |\n",
    "|---|---|\n",
    "<b>",
    "</i>",
    "<!--",
    "-->",
    "<![ x",
    "<sup>1</sup>",
    "<a href='x'>",
    "</a>",
    "[",
    "]",
    "(http://x.org)",
    "`",
    "*",
    "_",
    "\x00",
    "\r\n",
    "\ufeff",
    "<!-- ketlint-disable-next-line -->\n",
    "&amp;",
    "&#",
    "<?",
    "</",
    "<script>",
    "</script>",
    "---\n",
    "[^1]",
    "[^1]: Ref.\n",
    "é",
    "😀",
]
texts = st.lists(st.sampled_from(PIECES) | st.text(max_size=8), max_size=40).map("".join)
_PROJECT = Project(isolated=True)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, fmt=st.sampled_from(["markdown", "html", "text"]))
def test_fuzzed_markup_never_raises_and_ranges_stay_in_the_text(text, fmt):
    linter = _PROJECT.linter_for(None)
    result = linter.lint_text(text, format=fmt)
    assert result.source == text
    for finding in result.findings:
        assert 0 <= finding.start <= finding.end <= len(text), finding
        assert finding.rule != "file-error", finding.message  # no parser crash


AGREEMENT_EXAMPLES = [
    ("a.md", "# Title\n\nA miracle cure cut deaths by 45%.\n\n> > quoted 30% claim\n"),
    ("a.html", "<p>A miracle cure<sup>1</sup> cut deaths by 45%.</p><![ x <b><b></i>"),
    ("a.md", "A miracle cure helps 45% of people.\n\n" + "> " * 30 + "Deep 40% claim.\n"),
]


@pytest.mark.parametrize(("name", "text"), AGREEMENT_EXAMPLES)
def test_cli_api_and_engine_agree_on_hostile_examples(tmp_path, name, text):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    api = ketlint.lint_text(text, path=str(path))
    # Through standard input, read by the same reader as files (ketlint.files).
    cli = subprocess.run(
        [
            sys.executable,
            "-m",
            "ketlint",
            "check",
            "--format",
            "json",
            "--no-cache",
            "--stdin-filename",
            str(path),
            "-",
        ],
        input=text,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert cli.returncode in (0, 1), cli.stderr
    reported = json.loads(cli.stdout)
    cli_findings = sorted(
        (f["rule"], f["offset"]["start"], f["offset"]["end"])
        for file in reported["files"]
        for f in file["findings"]
    )
    assert cli_findings == sorted((f.rule, f.start, f.end) for f in api.findings)


def test_bytes_holding_nul_are_reported_as_not_linted_while_text_is_linted(tmp_path):
    """Bytes (a file, standard input) with NUL are a binary file, reported as not linted;
    a str given to the API is text, and a NUL in it is just a character."""
    text = "A miracle\x00 cure helps 45% of people.\n"
    assert {f.rule for f in ketlint.lint_text(text).findings} >= {"hype-phrase"}
    cli = subprocess.run(
        [sys.executable, "-m", "ketlint", "check", "--format", "json", "--no-cache", "-"],
        input=text,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    (finding,) = json.loads(cli.stdout)["files"][0]["findings"]
    assert finding["rule"] == "file-error" and "not linted" in finding["message"]
    # The message says where and what to do (README, "What is linted").
    assert "a NUL byte at offset 9" in finding["message"]
    assert "remove the NUL bytes, or save it as UTF-8" in finding["message"]


# -- crashes and silent skips -----------------------------------------------------------


@pytest.mark.parametrize("text", ["<![ x", "hi\n\n<div>\n<![ x\n</div>\n", "<!DOCTYPE <![foo["])
@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_marked_section_garbage_does_not_crash_the_html_parser(text, fmt):
    parse(text, fmt)  # raised AssertionError in html.parser


def test_a_parser_crash_costs_one_document_and_says_so(monkeypatch):
    import ketlint.engine as engine

    def broken(*args, **kwargs):
        raise AssertionError("boom")

    monkeypatch.setattr(engine, "parse_again", broken)
    result = Linter(_PROJECT.linter_for(None).ruleset).lint_text("text", format="markdown")
    assert [f.rule for f in result.findings] == ["file-error"]
    assert "boom" in result.findings[0].message


def test_deep_quotes_and_lists_and_nul_paragraphs_are_linted():
    claim = "A miracle cure cut deaths by 45%."
    deep_quote = "> " * 25 + claim + "\n"
    deep_list = "".join("  " * i + "- item\n" for i in range(12)) + "  " * 12 + "- " + claim + "\n"
    nul = "A miracle\x00 cure cut deaths by 45%.\n"
    for text in (deep_quote, deep_list, nul):
        rules = {f.rule for f in ketlint.lint_text(text, path="a.md").findings}
        assert "hype-phrase" in rules or "uncited-statistic" in rules, (text, rules)


def test_nesting_past_the_limit_is_reported_not_lint():
    text = "> " * 150 + "A miracle cure.\n\nAfter it, a miracle cure.\n"
    findings = ketlint.lint_text(text, path="a.md").findings
    assert NOT_LINTED in {f.rule for f in findings}


# -- budget: deterministic, stops work, said in a finding --------------------------------


def test_over_the_size_limit_is_reported_and_results_do_not_depend_on_load():
    ruleset = _PROJECT.linter_for(None).ruleset
    text = "A miracle cure cut deaths by 45%.\n\n" * 200
    small = EngineSettings(max_document_chars=1000, max_block_chars=200)
    first = Linter(ruleset, settings=small).lint_text(text, format="markdown")
    skipped = [f for f in first.findings if f.rule == NOT_LINTED]
    assert skipped and skipped[0].end == len(text)
    assert all(f.start < 1000 for f in first.findings if f.rule != NOT_LINTED)
    # The same run with the machine slowed down gives the same findings.
    slow = Linter(ruleset, settings=small)
    original = prefilter.TextScan.search

    def slowed(*args, **kwargs):
        time.sleep(0.002)
        return original(*args, **kwargs)

    prefilter.TextScan.search = slowed
    try:
        again = slow.lint_text(text, format="markdown")
    finally:
        prefilter.TextScan.search = original
    assert again.findings == first.findings


def test_a_long_block_is_read_in_pieces():
    ruleset = _PROJECT.linter_for(None).ruleset
    text = "A miracle cure cut deaths by 45%. " * 100
    result = Linter(ruleset, settings=EngineSettings(max_block_chars=500)).lint_text(
        text, format="markdown"
    )
    hype = [f for f in result.findings if f.rule == "hype-phrase"]
    assert len(hype) == 100  # every sentence still linted


# -- item 5: one timeout policy for user patterns ---------------------------------------


def test_a_catastrophic_skip_sections_pattern_is_stopped_and_reported(tmp_path):
    (tmp_path / "ketlint.toml").write_text(
        '[rules.uncited-statistic]\nskip-sections = ["(b|bb)+c"]\n'
    )
    article = tmp_path / "a.md"
    article.write_text("# " + "b" * 60 + "\n\nIt cut deaths by 45%.\n")
    started = time.monotonic()
    cli = subprocess.run(
        [sys.executable, "-m", "ketlint", "check", "--format", "json", "--no-cache", str(article)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert time.monotonic() - started < 60  # hung past 120 s before
    assert cli.returncode == 1, cli.stderr
    assert "time budget" in cli.stderr and "(b|bb)+c" in cli.stderr
    (file,) = json.loads(cli.stdout)["files"]  # complete JSON
    # The rule that did not run is a value in the JSON (a key added; "errors" as it was).
    (failure,) = file["rule_failures"]
    assert failure["rule"] == "uncited-statistic" and failure["reason"] == "timeout"
    assert failure["source"].endswith("uncited-statistic.yml")
    assert "(b|bb)+c" in failure["message"] and file["errors"] == [failure["message"]]
    # Text output: on stderr, with the file; the report on stdout stays findings only.
    text = subprocess.run(
        [sys.executable, "-m", "ketlint", "check", "--no-cache", "a.md"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert text.returncode == 1, text.stderr
    (line,) = [line for line in text.stderr.splitlines() if "uncited-statistic" in line]
    assert line.startswith("ketlint: warning: a.md: rule uncited-statistic") and "missing" in line
    assert "uncited-statistic (" not in text.stdout
    # The API: the same value on the result.
    result = (
        Project(config_path=tmp_path / "ketlint.toml")
        .linter_for(article)
        .lint_text(article.read_text(), path=str(article))
    )
    assert [(f.rule, f.reason) for f in result.rule_failures] == [("uncited-statistic", "timeout")]


# -- item 7: linear growth on the shapes that were quadratic -----------------------------
# Measured by benchmarks/growth.py (CPU time, tenfold input), not here: timings do not
# belong in the test suite.


# -- item 10: brackets nested past the parsers' recursion --------------------------------


def _deep_project(root):
    """A project whose rule pack has 5,000 "[" and a subfolder whose config has 3,000."""
    (root / ".git").mkdir()
    (root / "rules").mkdir()
    (root / "rules" / "deep.yml").write_text("version: 1\nrules: " + "[" * 5000 + "\n")
    (root / "ketlint.toml").write_text('rule-dirs = ["rules"]\n')
    (root / "a.md").write_text("A miracle cure cut deaths by 45%.\n")
    (root / "deepconf").mkdir()
    (root / "deepconf" / "ketlint.toml").write_text("x = " + "[" * 3000 + "\n")
    (root / "deepconf" / "a.md").write_text("A miracle cure cut deaths by 45%.\n")


def _ketlint(root, *args):
    return subprocess.run(
        [sys.executable, "-m", "ketlint", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=root,
    )


@pytest.mark.parametrize(
    ("args", "where"),
    [
        (["check", "--no-cache", "a.md"], "rules/deep.yml:2:48"),
        (["check", "--no-cache", "--format", "json", "a.md"], "rules/deep.yml:2:48"),
        (["check", "--no-cache", "deepconf/a.md"], "deepconf/ketlint.toml:1:45"),
        (
            ["check", "--no-cache", "--config", "deepconf/ketlint.toml", "a.md"],
            "deepconf/ketlint.toml:1:45",
        ),
    ],
)
def test_deep_brackets_in_a_rule_file_or_config_stop_the_run_with_file_line_col(
    tmp_path, args, where
):
    """Was: RecursionError, a traceback and exit 1 (PyYAML and tomllib recurse per level)."""
    _deep_project(tmp_path)
    cli = _ketlint(tmp_path, *args)
    assert cli.returncode == 2, cli.stderr
    assert "Traceback" not in cli.stderr and "RecursionError" not in cli.stderr, cli.stderr
    assert where in cli.stderr and "nesting deeper than 40 levels" in cli.stderr, cli.stderr
    assert cli.stdout == ""  # no partial report


@pytest.mark.parametrize(
    ("target", "where"),
    [
        ("rules/deep.yml", "rules/deep.yml:2:48"),
        ("deepconf/ketlint.toml", "deepconf/ketlint.toml:1:45"),
    ],
)
def test_rules_check_reports_deep_brackets_as_a_problem(tmp_path, target, where):
    """`rules check` reports what it finds wrong (exit 1, as for any invalid rule file),
    with file:line:col, and no traceback."""
    _deep_project(tmp_path)
    cli = _ketlint(tmp_path, "rules", "check", target)
    assert cli.returncode == 1, cli.stderr
    assert "Traceback" not in cli.stderr + cli.stdout
    assert f"{where}: nesting deeper than 40 levels" in cli.stdout
    as_json = _ketlint(tmp_path, "rules", "check", "--format", "json", target)
    (problem,) = json.loads(as_json.stdout)
    assert problem["file"] == target and problem["message"] == "nesting deeper than 40 levels"
