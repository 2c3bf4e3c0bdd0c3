"""Nineteenth round, exact lines for option errors (branch qa3): a wrong option names its
own line (and in a rule file its column), in ketlint.toml, pyproject.toml, an override and a
rule pack alike; an empty --select is a usage error and a run with no rule warns. Each
case below failed before its fix (a table's or an entry's line, or a joined pattern's
offset, was given instead)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ketlint.cli import main
from ketlint.config import config_from_text
from ketlint.project import Project

ARTICLE = "# Sleep\n\nSleep more, the nurse said.\n"


def check(folder: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    (folder / ".git").mkdir(exist_ok=True)
    (folder / "a.md").write_text(ARTICLE)
    code = main(["check", "--no-cache", *args, str(folder / "a.md")])
    return code, capsys.readouterr().err.splitlines()


def test_an_unknown_option_in_a_rules_table_is_reported_at_its_own_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "ketlint.toml").write_text(
        '[rules.hype-phrase]\nseverity = "error"\n# louder\nloudness = 3\n'
    )
    code, err = check(tmp_path, capsys)
    assert code == 2
    assert err == [
        f"ketlint: error: {tmp_path / 'ketlint.toml'}:4:1: unknown setting 'loudness' for "
        "rule 'hype-phrase' (kind phrases)"
    ]


def test_an_option_in_an_overrides_rules_table_is_placed_in_that_override(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "ketlint.toml").write_text(
        '[rules.hype-phrase]\nseverity = "error"\n\n'
        '[[overrides]]\nfiles = ["drafts/**"]\n\n'
        '[[overrides]]\nfiles = ["*.md"]\n[overrides.rules.hype-phrase]\n'
        'severity = "info"\nmin-score = "high"\n'
    )
    code, err = check(tmp_path, capsys)
    assert code == 2
    assert len(err) == 1 and f"{tmp_path / 'ketlint.toml'}:11:1: " in err[0]
    assert "min-score" in err[0]


def test_a_broken_pattern_in_a_pyproject_array_names_the_entrys_line_and_the_pattern(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.other]\nterms = ["x"]\n\n[tool.ketlint.rules.hype-phrase]\nterms = [\n'
        '  { term = "elixir of youth" },  # fine, [not] an entry\n'
        '  { pattern = "cure[- ]all" },\n'
        '  { pattern = "marvel (drug" },\n]\n'
    )
    code, err = check(tmp_path, capsys)
    assert code == 2
    assert len(err) == 1 and f"{tmp_path / 'pyproject.toml'}:8:1: " in err[0]
    assert "'marvel (drug' does not compile" in err[0]


def test_an_option_given_on_the_command_line_is_not_blamed_on_the_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "ketlint.toml").write_text('[rules.hype-phrase]\nseverity = "error"\n')
    project = Project()
    project.selection.rules = {"hype-phrase": {"loudness": 3}}
    (tmp_path / "a.md").write_text(ARTICLE)
    with pytest.raises(Exception) as raised:
        project.linter_for(tmp_path / "a.md")
    (error,) = raised.value.errors  # type: ignore[attr-defined]
    assert (error.file, error.line) == ("<command line>", 1)


def test_the_editor_checks_a_config_buffers_options_on_their_own_lines(tmp_path: Path) -> None:
    text = (
        'select = ["ALL"]\n\n[rules.hype-phrase]\nloudness = 3\n\n'
        '[[overrides]]\nfiles = ["*.md"]\nrules.hype-phrase.min-score = "high"\n'
    )
    from ketlint.project import config_settings_errors

    config = config_from_text(text, tmp_path / "ketlint.toml")
    project = Project()
    errors = config_settings_errors(config, project.ruleset_for(config))
    assert sorted((e.line, e.message.split("'")[1]) for e in errors) == [
        (4, "loudness"),
        (8, "min-score"),
    ]


RULE = """\
  - id: {id}
    kind: sentence-pattern
    severity: warning
    message: "An animal result."
    options:
{options}
"""


def rule_pack(folder: Path, name: str, *rules: str) -> Path:
    pack = folder / "house"
    pack.mkdir(exist_ok=True)
    (pack / name).write_text("rules:\n" + "".join(rules))
    return pack


def rules_check(pack: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    main(["rules", "--rules-dir", str(pack), "check"])
    return [line for line in capsys.readouterr().out.splitlines() if not line.startswith("Found")]


def test_a_broken_pattern_in_any_option_is_named_at_its_own_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    options = (
        "      patterns:\n        - '\\bin rats\\b'\n"
        "      unless-lead:\n        - '\\bin people\\b'\n        - '\\bin (humans\\b'\n"
    )
    pack = rule_pack(tmp_path, "a.yml", RULE.format(id="house-rats", options=options))
    (line,) = rules_check(pack, capsys)
    # unless-lead is one of the kind's pattern options, so the load-time probe reports it
    # (branch qa4; before, the compile error after the probe, with the rule's id).
    assert line.startswith(f"{pack / 'a.yml'}:11:11: pattern ")
    assert "'\\\\bin (humans\\\\b' does not compile at position 14: missing )" in line


def test_a_duplicate_id_is_reported_at_the_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    options = "      patterns: ['\\bin rats\\b']"
    rule_pack(tmp_path, "a.yml", RULE.format(id="house-rats", options=options))
    pack = rule_pack(
        tmp_path,
        "b.yml",
        RULE.format(id="house-mice", options=options),
        RULE.format(id="house-rats", options=options),
    )
    (line,) = rules_check(pack, capsys)
    assert line.startswith(f"{pack / 'b.yml'}:8:9: duplicate rule id 'house-rats'")


def test_an_extension_names_its_own_bad_entry_and_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = rule_pack(
        tmp_path,
        "a.yml",
        "  - extends: hype-phrase\n    options:\n      add-terms:\n"
        "        - term: elixir of youth\n        - pattern: 7\n      loudness: 3\n",
    )
    lines = rules_check(pack, capsys)
    assert lines == [
        f"{pack / 'a.yml'}:6:20: rule 'hype-phrase': add-terms.1.pattern must be of type "
        "string, not int",
        f"{pack / 'a.yml'}:7:17: unknown setting 'loudness' for rule 'hype-phrase' (kind phrases)",
    ]


def test_an_empty_select_on_the_command_line_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        check(tmp_path, capsys, "--select", " , ")
    assert exited.value.code == 2
    assert "--select: no rule ids given" in capsys.readouterr().err


def test_a_config_that_selects_no_rule_passes_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "ketlint.toml").write_text("select = []\n")
    code, err = check(tmp_path, capsys)
    assert code == 0
    assert any("warning: no rule is enabled" in line for line in err)
