"""Nineteenth round, rule-pack safety and messages (branch qa4): a phrases entry whose
pattern is not text says so at the value, and a check warns when overrides leave some
files (not only the first) with no rule. Each case failed before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from ketlint.cli import main
from ketlint.ruleset import load_rule_file

ENTRY = """\
rules:
  - id: house-hype
    kind: phrases
    message: "Overstated."
    options:
      terms:
        - term: 'wonder tonic'
{entry}
"""


def test_a_pattern_that_is_not_text_is_reported_at_the_value_as_not_text(
    tmp_path: Path,
) -> None:
    _, errors = load_rule_file(tmp_path / "a.yml", ENTRY.format(entry="        - pattern: 7"))
    assert [(e.line, e.column, e.message) for e in errors] == [
        (8, 20, "terms.1.pattern must be of type string, not int")
    ]


def test_an_entry_with_both_a_term_and_a_pattern_still_says_to_give_one(tmp_path: Path) -> None:
    entry = "        - term: 'elixir'\n          pattern: 'elixirs?'"
    _, errors = load_rule_file(tmp_path / "a.yml", ENTRY.format(entry=entry))
    assert [(e.line, e.column, e.message) for e in errors] == [
        (8, 11, "terms.1: give exactly one of 'term' or 'pattern' (and only known keys)")
    ]


def write_project(root: Path, config: str) -> None:
    (root / ".git").mkdir()
    (root / "ketlint.toml").write_text(config)
    for folder in ("news", "drafts"):
        (root / folder).mkdir()
    (root / "news" / "a.md").write_text("# Sleep\n\nSleep more, the nurse said.\n")
    (root / "drafts" / "b.md").write_text("# Tea\n\nA cup of tea, the doctor said.\n")
    (root / "drafts" / "c.md").write_text("# Walks\n\nWalk daily, the coach said.\n")


def run(root: Path, capsys: pytest.CaptureFixture[str], jobs: str = "1") -> tuple[int, list[str]]:
    code = main(["check", "--no-cache", "--jobs", jobs, str(root / "news"), str(root / "drafts")])
    return code, [line for line in capsys.readouterr().err.splitlines() if "warning" in line]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_files_an_override_leaves_without_rules_are_counted_in_one_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    # The first file has rules; the two in drafts/ have none.
    write_project(tmp_path, '[[overrides]]\nfiles = ["drafts/**"]\nselect = []\n')
    code, warnings = run(tmp_path, capsys, jobs)
    assert code == 0
    assert warnings == [
        "ketlint: warning: 2 of 3 files had no rule enabled (select, ignore and overrides "
        "leave none for them), so they were not checked"
    ]


def test_no_warning_when_every_file_has_a_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_project(tmp_path, '[[overrides]]\nfiles = ["drafts/**"]\nselect = ["hype-phrase"]\n')
    code, warnings = run(tmp_path, capsys)
    assert (code, warnings) == (0, [])


def test_when_no_file_has_a_rule_the_warning_says_nothing_is_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_project(tmp_path, "select = []\n")
    code, warnings = run(tmp_path, capsys)
    assert code == 0
    assert len(warnings) == 1
    assert warnings[0].startswith("ketlint: warning: no rule is enabled")
