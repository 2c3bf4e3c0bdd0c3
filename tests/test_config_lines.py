"""Nineteenth round, a new user's audit (branch qa1): a broken config names the line of the
setting that is wrong, not the first line that happens to start with the same word, nor
line 1 when the setting sits in a table. Each case failed before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from ketlint.cli import main
from ketlint.config import config_from_text
from ketlint.limits import DataFileError

CASES = {
    "a severity inside its rule's table": (
        '# house settings\nfail-on = "warning"\n\n[rules.hype-phrase]\n# softer\nseverity = "loud"\n',
        6,
    ),
    "an inline table": (
        '# house settings\nfail-on = "warning"\nrules = { hype-phrase = { severity = "loud" } }\n',
        3,
    ),
    "the second override, not the top-level key of the same name": (
        'select = ["ALL"]\n\n[[overrides]]\nfiles = ["drafts/**"]\n\n'
        '[[overrides]]\nfiles = ["news/**"]\nselect = "hype-phrase"\n',
        8,
    ),
    "an unknown key in an override, not a known key it is the start of": (
        'select = ["ALL"]\n\n[[overrides]]\nfiles = ["news/**"]\nselec = ["hype-phrase"]\n',
        5,
    ),
    "a rule's severity inside an override": (
        '[rules.hype-phrase]\nseverity = "info"\n\n[[overrides]]\nfiles = ["a/**"]\n'
        'rules.hype-phrase.severity = "loud"\n',
        6,
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_config_error_names_the_line_of_the_wrong_setting(name: str) -> None:
    text, line = CASES[name]
    with pytest.raises(DataFileError) as raised:
        config_from_text(text, Path("ketlint.toml"))
    assert raised.value.line == line, raised.value


def test_pyproject_names_the_line_in_tool_ketlint_not_another_tools_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "a.md").write_text("# Sleep\n\nSleep more.\n")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.other]\nselect = ["E"]\n\n[tool.ketlint]\nfail-on = "warning"\nselect = "hype-phrase"\n'
    )
    code = main(["check", "--no-cache", str(tmp_path / "a.md")])
    err = capsys.readouterr().err
    assert code == 2
    assert f"{tmp_path / 'pyproject.toml'}:6:1: 'select' must be a list of strings" in err


@pytest.mark.parametrize(
    ("text", "line", "tag"),
    [
        ('version: 1\nrules: !!python/object/apply:os.system ["echo hi"]\n', 2, "python/object"),
        (
            "version: 1\nrules:\n  - id: house-x\n    message: !!python/name:os.system\n",
            4,
            "python/name",
        ),
        ("version: 1\nrules:\n  - !custom {id: house-x}\n", 3, "!custom"),
    ],
)
def test_a_yaml_tag_in_a_rule_file_is_named_as_the_problem_on_one_line(
    text: str, line: int, tag: str
) -> None:
    # Before: a tag on a list or mapping was dropped in silence (the file then read as
    # something else: "each rule must be a mapping"), one on a value gave PyYAML's
    # several-line message.
    from ketlint.limits import load_yaml_located

    with pytest.raises(DataFileError) as raised:
        load_yaml_located(text, "house.yml")
    assert raised.value.line == line
    assert tag in raised.value.message and "not allowed" in raised.value.message
    assert "\n" not in raised.value.message


def test_the_plain_yaml_tags_still_read() -> None:
    from ketlint.limits import load_yaml_located

    assert load_yaml_located('version: !!int "1"\nrules: !!seq []\n', "house.yml").data == {
        "version": 1,
        "rules": [],
    }
