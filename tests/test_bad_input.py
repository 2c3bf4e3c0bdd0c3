"""Bad input gets a clear message, and every other file is still linted."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from ketlint.cli import main
from ketlint.config import load_config
from ketlint.limits import DataFileError, load_yaml_located
from ketlint.ruleset import load_rule_file


def check_json(capsys, *args: str) -> tuple[int, dict, str]:
    code = main(["check", "--isolated", "--select", "hype-phrase", "--format", "json", *args])
    captured = capsys.readouterr()
    return code, json.loads(captured.out), captured.err


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "good.md").write_text("A miracle.\n", encoding="utf-8")
    return tmp_path


def findings_by_file(data: dict) -> dict[str, list[dict]]:
    return {Path(f["path"]).name: f["findings"] for f in data["files"]}


def test_non_utf8_file_is_reported_and_others_are_linted(capsys, folder):
    (folder / "latin1.md").write_bytes("Caf\xe9 miracle.\n".encode("latin-1"))
    code, data, _ = check_json(capsys, str(folder))
    files = findings_by_file(data)
    (error,) = files["latin1.md"]
    assert (
        error["rule"] == "file-error"
        and "not valid UTF-8 (byte 0xe9 at offset 3)" in error["message"]
    )
    assert [f["rule"] for f in files["good.md"]] == ["hype-phrase"]
    assert code == 1


def test_binary_file_is_refused_with_a_reason(capsys, folder):
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    _, data, _ = check_json(capsys, str(folder))
    (error,) = findings_by_file(data)["image.txt"]
    assert "binary" in error["message"]


def test_empty_file_has_no_findings(capsys, folder):
    (folder / "empty.md").write_text("", encoding="utf-8")
    _, data, _ = check_json(capsys, str(folder))
    assert findings_by_file(data)["empty.md"] == []


def test_file_over_the_size_limit_is_refused_clearly(capsys, folder):
    (folder / "huge.md").write_text("word " * 50_000, encoding="utf-8")
    _, data, _ = check_json(capsys, "--max-file-size", "100000", str(folder))
    (error,) = findings_by_file(data)["huge.md"]
    # In the unit a person reads: a 100,000-byte limit is 100.0 kB, not "0.1 MB".
    assert error["message"].startswith("file is 250.0 kB, over the 100.0 kB limit")
    assert error["rule"] == "file-error" and error["severity"] == "error"
    assert findings_by_file(data)["good.md"]


def test_standard_input_over_the_size_limit_is_refused_as_a_file_is(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("word " * 50_000))
    _, data, _ = check_json(capsys, "--max-file-size", "100000", "-")
    (file,) = data["files"]
    (error,) = file["findings"]
    assert error["rule"] == "file-error" and error["severity"] == "error"
    assert error["message"].startswith("file is 250.0 kB, over the 100.0 kB limit")


def test_a_utf8_bom_is_not_part_of_the_text(capsys, folder):
    (folder / "bom.md").write_bytes("\ufeffA miracle.\n".encode())
    _, data, _ = check_json(capsys, str(folder))
    (finding,) = findings_by_file(data)["bom.md"]
    assert finding["start"] == {"line": 1, "column": 3}


def test_missing_path_is_reported_the_rest_still_linted_and_exit_is_2(capsys, folder):
    code, data, err = check_json(capsys, str(folder / "nope.md"), str(folder / "good.md"))
    assert code == 2
    assert "nope.md: no such file or directory" in err
    assert findings_by_file(data)["good.md"]


def test_yaml_alias_bomb_is_refused_without_blowing_up_memory():
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [{', '.join(['*a' + str(i - 1)] * 9)}]")
    with pytest.raises(DataFileError, match="expands to more than"):
        load_yaml_located("\n".join(lines) + "\n", "bomb.yml")


def test_yaml_python_tags_are_rejected_not_executed(tmp_path):
    marker = tmp_path / "pwned"
    text = f"rules: !!python/object/apply:os.system ['touch {marker}']\n"
    specs, errors = load_rule_file(tmp_path / "evil.yml", text)
    assert specs == [] and errors
    assert "evil.yml:1:" in str(errors[0])
    assert not marker.exists()


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("rules:\n  - id: x\n    kind: phrases\n   message: bad indent\n", "house.yml:4:"),
        (
            "rules:\n  - id: house-x\n    kind: phrases\n    mesage: typo\n",
            "house.yml:4:5: unknown rule key 'mesage' (did you mean 'message'?)",
        ),
        (
            "rules:\n  - id: house-x\n    kind: phrase\n    message: m\n",
            "unknown kind 'phrase' (did you mean 'phrases'?)",
        ),
        (
            "rules:\n  - id: house-x\n    kind: phrases\n    message: m\n    options:\n      terms: []\n",
            "house.yml:6:14: terms: [] should be non-empty",
        ),
        (
            "rules:\n  - id: house-x\n    kind: phrases\n    message: m\n    options:\n      terms:\n        - pattern: 'a(b'\n",
            "house.yml:7:20: pattern 'a(b' does not compile at position 3",
        ),
        (
            "rules:\n  - id: house-x\n    kind: phrases\n    message: m\n    options:\n      terms:\n        - pattern: '(a|aa)+$'\n",
            "house.yml:7:20: pattern '(a|aa)+$' can backtrack catastrophically",
        ),
        (
            "rules:\n  - id: House_X\n    kind: phrases\n    message: m\n",
            "house.yml:2:9: rule id 'House_X' must be kebab-case",
        ),
        (
            "rules:\n  - id: house-x\n    kind: phrases\n    message: m\n    severity: loud\n",
            "house.yml:5:15: severity must be one of",
        ),
        (
            "rules:\n  - id: house-x\n    kind: phrases\n    message: m\n    options:\n      terms: [a]\n      ignore-case: maybe\n",
            "house.yml:7:20: ignore-case must be of type boolean",
        ),
    ],
)
def test_broken_rule_files_name_file_line_and_problem(tmp_path, body, expected):
    path = tmp_path / "house.yml"
    path.write_text(body, encoding="utf-8")
    _, errors = load_rule_file(path)
    assert errors
    assert any(expected in str(e) for e in errors), [str(e) for e in errors]


def test_broken_rule_pack_on_the_command_line_exits_2(capsys, tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "house.yml").write_text(
        "rules:\n  - id: house-x\n    kind: nope\n    message: m\n", encoding="utf-8"
    )
    (tmp_path / "a.md").write_text("Text.\n", encoding="utf-8")
    code = main(["check", "--isolated", "--rules-dir", str(rules), str(tmp_path / "a.md")])
    err = capsys.readouterr().err
    assert code == 2 and "house.yml:3:11: unknown kind 'nope'" in err


@pytest.mark.parametrize(
    ("name", "body", "expected"),
    [
        # A table header is where a table is set.
        (
            "ketlint.toml",
            '# house settings\nselect = ["a"]\n\n[severity]\nloud = "error"\n',
            "ketlint.toml:4:1: unknown config key 'severity'",
        ),
        (
            "ketlint.toml",
            'select = ["a"]\n\n[extensions]\nmd = true\n',
            "ketlint.toml:3:1: 'extensions' must be a list of strings, not dict",
        ),
        (
            "pyproject.toml",
            '[project]\nname = "x"\n\n[tool.ketlint]\nselect = ["a"]\n\n[tool.ketlint.severity]\n',
            "pyproject.toml:7:1: unknown config key 'severity'",
        ),
        # A problem in an override is in that override, not at a top-level key of the same name.
        (
            "ketlint.toml",
            'select = ["a"]\n\n[[overrides]]\nfiles = ["drafts/*"]\nselect = [1]\n',
            "ketlint.toml:5:1: 'select' must be a list of strings; 1 is int",
        ),
        (
            "ketlint.toml",
            'select = ["a"]\n\n[[overrides]]\nfiles = ["a/*"]\n\n[[overrides]]\nignore = ["b"]\n',
            "ketlint.toml:6:1: each [[overrides]] entry needs 'files'",
        ),
        (
            "ketlint.toml",
            'ignore = ["x"]\n[[overrides]]\nfiles = ["a/*"]\n\n[[overrides]]\nfiles = ["b/*"]\nignore = "c"\n',
            "ketlint.toml:7:1: 'ignore' must be a list of strings, not str",
        ),
    ],
)
def test_broken_config_files_name_the_line_that_sets_the_key(tmp_path, name, body, expected):
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    with pytest.raises(DataFileError) as raised:
        load_config(path)
    assert expected in f"{name}:{raised.value.line}:{raised.value.column}: {raised.value.message}"


HOUSE_PACK = """\
version: 1
rules:
  - id: wonder-word
    kind: phrases
    message: "Say what it does instead of {match}."
    options:
      terms: [wonder drug]
"""


def test_an_unknown_rule_id_is_reported_on_the_line_that_names_it(capsys, tmp_path):
    """Not on a comment that mentions it, nor on a longer id that contains it."""
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "rules.yml").write_text(HOUSE_PACK, encoding="utf-8")
    (tmp_path / "ketlint.toml").write_text(
        '# ignore wonder for now\nrule-dirs = ["house"]\nselect = ["wonder-word"]\n'
        'ignore = ["wonder"]\n',
        encoding="utf-8",
    )
    (tmp_path / "a.md").write_text("A wonder drug.\n", encoding="utf-8")
    code = main(["check", str(tmp_path / "a.md")])
    err = capsys.readouterr().err
    assert code == 2 and "ketlint.toml:4:1: unknown rule id 'wonder' in ignore" in err


def test_a_figure_grammar_named_by_a_rule_pack_is_read_under_the_data_file_limits(capsys, tmp_path):
    """Its aliases may not expand without bound (a million strings here; more, and reading
    the file never ended)."""
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "rules.yml").write_text(
        "version: 1\nrules:\n  - id: house-benefit\n    kind: benefit-claims\n"
        "    message: '{match} needs numbers.'\n    options:\n      claim-words: [cuts]\n"
        "      figures-file: ../data/figures.yml\n",
        encoding="utf-8",
    )
    grammar = (Path(__file__).parent.parent / "rules" / "data" / "figures.yml").read_text(
        encoding="utf-8"
    )
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 6)]
    assert "\ntranslated: [" in grammar
    grammar = grammar.replace("\ntranslated: [", "\ntranslated: [*a5, ")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "figures.yml").write_text(
        "\n".join(lines) + "\n" + grammar, encoding="utf-8"
    )
    (tmp_path / "ketlint.toml").write_text(
        'rule-dirs = ["house"]\nselect = ["house-benefit"]\n', encoding="utf-8"
    )
    (tmp_path / "a.md").write_text("The pill cuts the risk by half.\n", encoding="utf-8")
    code = main(["check", "--no-cache", str(tmp_path / "a.md")])
    err = capsys.readouterr().err
    assert code == 2
    assert "cannot read the figure grammar" in err and "expands to more than" in err
