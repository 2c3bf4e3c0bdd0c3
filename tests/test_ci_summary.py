"""Nineteenth round, a new user's audit (branch qa1): a CI log of a failed run does not end
with "All checks passed" (the first test failed before its fix; the second keeps the
summary of the files that were linted)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ketlint.cli import main


def test_a_missing_path_is_not_summed_up_as_all_checks_passed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "calm.md").write_text("# Sleep\n\nSleep at the same time each night.\n")
    code = main(["check", "--no-cache", str(tmp_path / "calm.md"), str(tmp_path / "typo.md")])
    captured = capsys.readouterr()
    assert code == 2
    assert "typo.md: no such file or directory" in captured.err
    assert "All checks passed" not in captured.out


def test_findings_beside_a_missing_path_are_still_counted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "hype.md").write_text("# Sleep\n\nThe pill is a miracle.\n")
    code = main(
        [
            "check",
            "--no-cache",
            "--select",
            "hype-phrase",
            str(tmp_path / "hype.md"),
            str(tmp_path / "typo.md"),
        ]
    )
    assert code == 2
    assert "Found 1 problem in 1 file (1 warning)." in capsys.readouterr().out


@pytest.mark.parametrize(
    ("option", "value"),
    [("--max-file-size", "0"), ("--max-file-size", "-5"), ("--jobs", "-3")],
)
def test_a_size_or_process_count_that_makes_no_sense_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str, value: str
) -> None:
    # Before: a size of 0 meant no limit and a negative one made every file an error; as
    # the config's max-file-size, the flag takes a positive number of bytes.
    (tmp_path / "calm.md").write_text("# Sleep\n\nSleep at the same time each night.\n")
    with pytest.raises(SystemExit) as raised:
        main(["check", "--no-cache", option, value, str(tmp_path / "calm.md")])
    assert raised.value.code == 2
    assert f"argument {option}" in capsys.readouterr().err
