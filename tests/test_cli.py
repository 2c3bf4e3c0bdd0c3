"""``ketlint check`` as a CI job uses it: formats, exit codes, config, fixes, bad input."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from ketlint.cli import main

ARTICLE = "# Ketamine news\n\nKetamine is a miracle for some.\n"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "post.md"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_text_output_shows_location_rule_source_line_and_caret(capsys, article):
    code, out, _ = run(capsys, "check", "--isolated", "--select", "hype-phrase", str(article))
    assert code == 1
    first = out.splitlines()[0]
    assert first.startswith(f"{article}:3:15: warning hype-phrase ")
    assert "3 | Ketamine is a miracle for some." in out
    assert "\n  | " + " " * 14 + "^^^^^^^\n" in out
    assert "Found 1 problem in 1 file (1 warning)." in out


def test_clean_file_exits_zero(capsys, tmp_path):
    path = tmp_path / "ok.md"
    path.write_text("# Note\n\nThis drug helped some people.\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", "--isolated", "--select", "hype-phrase", str(path))
    assert code == 0 and "All checks passed" in out


def test_json_output_is_the_documented_contract(capsys, article):
    code, out, _ = run(
        capsys, "check", "--isolated", "--select", "hype-phrase", "--format", "json", str(article)
    )
    data = json.loads(out)
    (file,) = data["files"]
    assert file["path"] == str(article)
    (finding,) = file["findings"]
    assert finding["rule"] == "hype-phrase" and finding["severity"] == "warning"
    assert finding["start"] == {"line": 3, "column": 15}
    assert finding["end"] == {"line": 3, "column": 22}  # exclusive, code points
    assert finding["url"].endswith("#hype-phrase")
    assert isinstance(file["metrics"], dict)
    assert data["summary"]["warning"] == 1


def test_json_columns_are_code_points_for_non_ascii_text(capsys, tmp_path):
    path = tmp_path / "emoji.md"
    path.write_text("😀 Café — a “miracle” drug.\n", encoding="utf-8")
    _, out, _ = run(
        capsys, "check", "--isolated", "--select", "hype-phrase", "--format", "json", str(path)
    )
    (finding,) = json.loads(out)["files"][0]["findings"]
    line = "😀 Café — a “miracle” drug."
    assert finding["start"]["column"] == line.index("miracle") + 1
    assert finding["end"]["column"] == line.index("miracle") + len("miracle") + 1


def test_github_and_sarif_formats(capsys, article):
    _, out, _ = run(
        capsys, "check", "--isolated", "--select", "hype-phrase", "--format", "github", str(article)
    )
    assert out.startswith(
        f"::warning file={article},line=3,col=15,endLine=3,endColumn=22,title=ketlint hype-phrase::"
    )
    _, out, _ = run(
        capsys, "check", "--isolated", "--select", "hype-phrase", "--format", "sarif", str(article)
    )
    sarif = json.loads(out)
    result = sarif["runs"][0]["results"][0]
    assert result["ruleId"] == "hype-phrase"
    assert result["locations"][0]["physicalLocation"]["region"]["startColumn"] == 15


def test_fail_on_error_ignores_warnings(capsys, article):
    code, _, _ = run(
        capsys, "check", "--isolated", "--select", "hype-phrase", "--fail-on", "error", str(article)
    )
    assert code == 0


def test_unknown_rule_on_the_command_line_is_a_usage_error(capsys, article):
    code, _, err = run(capsys, "check", "--isolated", "--select", "hype-phrse", str(article))
    assert code == 2
    assert "unknown rule id 'hype-phrse'" in err and "did you mean 'hype-phrase'" in err


def test_folders_are_walked_for_known_extensions_skipping_hidden_ones(capsys, tmp_path):
    (tmp_path / "a.md").write_text("A miracle.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("A miracle.\n", encoding="utf-8")
    (tmp_path / "c.html").write_text("<p>A miracle.</p>\n", encoding="utf-8")
    (tmp_path / "d.py").write_text("miracle = 1\n", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "e.md").write_text("A miracle.\n", encoding="utf-8")
    _, out, _ = run(
        capsys, "check", "--isolated", "--select", "hype-phrase", "--format", "json", str(tmp_path)
    )
    paths = sorted(Path(f["path"]).name for f in json.loads(out)["files"])
    assert paths == ["a.md", "b.txt", "c.html"]


def test_stdin_with_a_filename_picks_format_and_reports_that_name(capsys, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("<p>A miracle.</p>"))
    code, out, _ = run(
        capsys,
        "check",
        "--isolated",
        "--select",
        "hype-phrase",
        "--stdin-filename",
        "page.html",
        "-",
    )
    assert code == 1 and out.startswith("page.html:1:6:")


def test_config_file_selects_and_overrides_by_glob(capsys, tmp_path):
    (tmp_path / "ketlint.toml").write_text(
        'select = ["hype-phrase"]\n'
        '[rules.hype-phrase]\nseverity = "error"\n'
        '[[overrides]]\nfiles = ["press/**"]\nignore = ["hype-phrase"]\n',
        encoding="utf-8",
    )
    (tmp_path / "press").mkdir()
    (tmp_path / "press" / "release.md").write_text("A miracle.\n", encoding="utf-8")
    (tmp_path / "blog.md").write_text("A miracle.\n", encoding="utf-8")
    _, out, _ = run(capsys, "check", "--format", "json", str(tmp_path))
    by_name = {Path(f["path"]).name: f["findings"] for f in json.loads(out)["files"]}
    assert by_name["release.md"] == []
    assert [f["severity"] for f in by_name["blog.md"]] == ["error"]


def test_pyproject_tool_section_is_read(capsys, tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.ketlint]\nignore = ["hype-phrase"]\n', encoding="utf-8"
    )
    (tmp_path / "a.md").write_text("A miracle.\n", encoding="utf-8")
    _, out, _ = run(capsys, "check", "--format", "json", "--select", "hype-phrase", str(tmp_path))
    # the command line's --select wins over the config's ignore
    assert json.loads(out)["files"][0]["findings"]


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ("select = [\n", "ketlint.toml:1:11: TOML syntax error"),
        (
            'selct = ["hype-phrase"]\n',
            "ketlint.toml:1:1: unknown config key 'selct' (did you mean 'select'?)",
        ),
        ("ignore = 3\n", "ketlint.toml:1:1: 'ignore' must be a list of strings"),
        ('[rules.hype-phrase]\nseverity = "loud"\n', "severity must be one of"),
        ('[rules.hype-phrase]\nterms = [{pattern = "(unclosed"}]\n', "does not compile"),
        ('ignore = ["no-such-rule"]\n', "unknown rule id 'no-such-rule'"),
        ("[rules.hype-phrase]\nwhole-wrd = true\n", "unknown setting 'whole-wrd'"),
    ],
)
def test_config_errors_exit_2_and_name_file_and_line(capsys, tmp_path, config, expected):
    (tmp_path / "ketlint.toml").write_text(config, encoding="utf-8")
    (tmp_path / "a.md").write_text("A miracle.\n", encoding="utf-8")
    code, out, err = run(capsys, "check", str(tmp_path))
    assert code == 2
    assert expected in err
    assert str(tmp_path / "ketlint.toml") in err or "ketlint.toml" in err


def test_a_pyproject_whose_tool_ketlint_is_not_a_table_is_a_config_error(capsys, tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool]\nketlint = 3\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("A miracle.\n", encoding="utf-8")
    code, _, err = run(capsys, "check", "--config", str(tmp_path / "pyproject.toml"), str(tmp_path))
    assert code == 2  # it raised TypeError before
    assert "pyproject.toml:2:1: [tool.ketlint] must be a table" in err


def test_a_rule_whose_metrics_fail_keeps_its_findings_and_is_said_once_a_run(
    capsys, monkeypatch, tmp_path
):
    from ketlint.kinds.phrases import PhrasesRule

    def broken(self, doc, judgement):
        raise RuntimeError("no numbers today")

    monkeypatch.setattr(PhrasesRule, "metrics", broken)
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    code, out, err = run(
        capsys, "check", "--isolated", "--select", "hype-phrase", "--format", "json", str(tmp_path)
    )
    files = json.loads(out)["files"]
    assert code == 1 and all(file["findings"] for file in files)
    # Its findings are all there: not a rule failure in the JSON's sense, an error line.
    assert [file["rule_failures"] for file in files] == [[], []]
    assert all("no numbers today" in file["errors"][0] for file in files)
    (warning,) = [line for line in err.splitlines() if "no numbers today" in line]
    assert warning.startswith("ketlint: warning: rule hype-phrase")


def test_fix_applies_safe_fixes_and_diff_previews_them(capsys, tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "house.yml").write_text(
        "rules:\n  - id: house-words\n    kind: phrases\n    message: Avoid {match}.\n"
        "    options:\n      terms:\n        - {term: wonder drug, replace: medicine, safe: true}\n"
        "        - {term: magic pill, replace: pill}\n",
        encoding="utf-8",
    )
    article = tmp_path / "a.md"
    article.write_text("A wonder drug and a magic pill.\n", encoding="utf-8")
    base = ["check", "--isolated", "--select", "house-words", "--rules-dir", str(rules)]
    _, out, _ = run(capsys, *base, "--diff", str(article))
    assert "-A wonder drug and a magic pill." in out and "+A medicine and a magic pill." in out
    assert article.read_text(encoding="utf-8") == "A wonder drug and a magic pill.\n"
    run(capsys, *base, "--fix", str(article))
    assert article.read_text(encoding="utf-8") == "A medicine and a magic pill.\n"
    run(capsys, *base, "--fix", "--unsafe-fixes", str(article))
    assert article.read_text(encoding="utf-8") == "A medicine and a pill.\n"


def test_jobs_gives_the_same_results_as_one_process(capsys, tmp_path):
    for i in range(6):
        (tmp_path / f"a{i}.md").write_text(f"Article {i} is a miracle.\n", encoding="utf-8")
    _, one, _ = run(
        capsys, "check", "--isolated", "--select", "hype-phrase", "--format", "json", str(tmp_path)
    )
    _, two, _ = run(
        capsys,
        "check",
        "--isolated",
        "--select",
        "hype-phrase",
        "--format",
        "json",
        "--jobs",
        "2",
        str(tmp_path),
    )
    assert json.loads(one) == json.loads(two)


def test_rules_lists_and_rule_prints_docs(capsys):
    code, out, _ = run(capsys, "rules")
    assert code == 0 and "hype-phrase" in out
    code, out, _ = run(capsys, "rule", "hype-phrase")
    assert code == 0 and "Why it matters" in out and "Standard" in out
    code, _, err = run(capsys, "rule", "hype-phrse")
    assert code == 2 and "did you mean 'hype-phrase'" in err


def test_console_script_runs_as_a_module():
    proc = subprocess.run(
        [sys.executable, "-m", "ketlint", "--version"], capture_output=True, text=True
    )
    assert proc.returncode == 0 and proc.stdout.startswith("ketlint ")


def test_lsp_accepts_the_stdio_flag_clients_append_and_refuses_two_transports(capsys):
    from ketlint.cli import build_parser

    parser = build_parser()
    assert parser.parse_args(["lsp", "--stdio"]).stdio is True
    assert parser.parse_args(["lsp"]).tcp is None
    with pytest.raises(SystemExit) as refused:
        parser.parse_args(["lsp", "--stdio", "--tcp", "127.0.0.1", "2087"])
    assert refused.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_a_check_collects_rarely_and_gives_the_collector_back_as_it_was(
    capsys, article, monkeypatch
):
    import gc

    import ketlint.cli

    seen: list[tuple[int, int, int]] = []
    real_run = ketlint.cli._run

    def run_and_look(parser, args):
        seen.append(gc.get_threshold())
        return real_run(parser, args)

    monkeypatch.setattr(ketlint.cli, "_run", run_and_look)
    before = gc.get_threshold()
    gc.set_threshold(700, 9, 11)
    try:
        code, _, _ = run(capsys, "check", "--isolated", "--select", "hype-phrase", str(article))
        assert code == 1
        assert seen == [(ketlint.cli.BATCH_GC_YOUNG_THRESHOLD, 9, 11)]
        assert gc.get_threshold() == (700, 9, 11)
        run(capsys, "rules")  # not a batch command: the thresholds are left alone
        assert seen[-1] == (700, 9, 11)
    finally:
        gc.set_threshold(*before)


def test_the_command_ends_with_all_of_its_output_and_its_exit_code(capsys, tmp_path):
    # `python -m ketlint check` ends the process without the interpreter's teardown: what
    # it printed (more than a pipe's buffer), wrote to a file and its exit code are whole.
    for number in range(40):
        (tmp_path / f"post{number}.md").write_text(ARTICLE * 20, encoding="utf-8")
    arguments = ["check", "--isolated", "--no-cache", "--format", "json", str(tmp_path)]
    expected_code, expected, _ = run(capsys, *arguments)
    assert expected_code == 1 and len(expected) > 65_536
    printed = subprocess.run(
        [sys.executable, "-m", "ketlint", *arguments], capture_output=True, text=True
    )
    assert (printed.returncode, printed.stdout) == (expected_code, expected)
    written = tmp_path / "findings.json"
    into_file = subprocess.run(
        [sys.executable, "-m", "ketlint", *arguments, "--jobs", "2", "--output-file", str(written)],
        capture_output=True,
        text=True,
    )
    assert into_file.returncode == expected_code
    assert written.read_text(encoding="utf-8") == expected


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "a.md", "b.txt", "--format", "json", "--no-cache", "--jobs", "2"],
        ["check", "--select", "hype-phrase,uncited-statistic", "--isolated", "-"],
        ["check", "--bogus-option", "a.md"],
        ["check", "--format", "yaml", "a.md"],
        ["check", "--help"],
    ],
)
def test_the_check_only_parser_reads_a_check_command_line_as_the_whole_parser_does(argv, capsys):
    from ketlint.cli import build_parser

    def parsed(parser: object) -> tuple[object, str, str]:
        try:
            result: object = vars(parser.parse_args(argv))  # type: ignore[attr-defined]
        except SystemExit as stop:
            result = ("exit", stop.code)
        out = capsys.readouterr()
        return result, out.out, out.err

    whole, alone = parsed(build_parser()), parsed(build_parser("check"))
    assert alone == whole


def test_only_a_check_command_line_gets_the_check_only_parser(monkeypatch):
    import ketlint.cli

    built: list[str | None] = []
    real = ketlint.cli.build_parser

    def recording(only: str | None = None):
        built.append(only)
        return real(only)

    monkeypatch.setattr(ketlint.cli, "build_parser", recording)
    for argv in (["rules"], ["--version"], ["rule", "hype-phrase"], ["check", "--no-such"]):
        with contextlib.suppress(SystemExit):
            ketlint.cli.main(argv)
    assert built == [None, None, None, "check"]
