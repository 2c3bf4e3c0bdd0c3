"""Nineteenth round, a new user's audit (branch qa1): text as Word and Google Docs give it.

Each test failed before its fix. The articles are invented.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import ketlint
from ketlint.cli import main
from ketlint.parsing import parse
from ketlint.project import Project

NON_BREAKING_HYPHEN = "\u2011"  # Word: Ctrl+Shift+Minus
HYPHEN = "\u2010"


def hype(text: str, path: str) -> list[ketlint.Finding]:
    result = ketlint.lint_text(text, path=path, project=Project(isolated=True))
    return [f for f in result.findings if f.rule == "hype-phrase"]


@pytest.mark.parametrize("hyphen", [NON_BREAKING_HYPHEN, HYPHEN])
@pytest.mark.parametrize(
    ("path", "template"),
    [
        ("a.md", "# Sleep news\n\nThe app is a game{h}changer for people who cannot sleep.\n"),
        ("a.txt", "Sleep news\n\nThe app is a game{h}changer for people who cannot sleep.\n"),
        ("a.html", "<h1>Sleep news</h1>\n<p>The app is a game{h}changer for people.</p>\n"),
    ],
)
def test_a_unicode_hyphen_in_a_hype_phrase_is_flagged_on_exactly_its_words(
    hyphen: str, path: str, template: str
) -> None:
    text = template.format(h=hyphen)
    (finding,) = hype(text, path)
    start = text.index("game")
    assert (finding.start, finding.end) == (start, start + len("game-changer"))
    assert text[finding.start : finding.end] == f"game{hyphen}changer"


def test_the_hyphen_is_read_in_prose_only_and_the_source_is_untouched() -> None:
    text = f"# Sleep news\n\nThe app is a game{NON_BREAKING_HYPHEN}changer.\n\n    game{NON_BREAKING_HYPHEN}changer in code\n"
    result = ketlint.lint_text(text, path="a.md", project=Project(isolated=True))
    (finding,) = [f for f in result.findings if f.rule == "hype-phrase"]
    assert finding.start == text.index("game")
    assert result.source == text


@pytest.mark.parametrize(
    ("line", "cells_before"),
    [
        ("\U0001f600 It is a miracle.", 2 + len(" It is a ")),  # an emoji takes two cells
        ("Cafe\u0301 staff call it a miracle.", len("Café staff call it a ")),  # accent: none
        ("\u6cbb\u7642: it is a miracle.", 4 + len(": it is a ")),  # CJK: two cells each
    ],
)
def test_the_caret_sits_under_the_words_as_a_terminal_draws_the_line(
    tmp_path, capsys, line: str, cells_before: int
) -> None:
    (tmp_path / "a.md").write_text(f"# Care\n\n{line}\n", encoding="utf-8")
    code = main(["check", "--no-cache", "--select", "hype-phrase", str(tmp_path / "a.md")])
    out = capsys.readouterr().out
    assert code == 1
    assert f"\n  | {' ' * cells_before}^^^^^^^\n" in out, out


def test_a_word_document_piped_in_is_linted_as_the_file_would_be(tmp_path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_heading("Sleep news", 1)
    document.add_paragraph("The new pill is a miracle for people who cannot sleep.")
    document.save(str(tmp_path / "draft.docx"))
    data = (tmp_path / "draft.docx").read_bytes()
    command = [sys.executable, "-m", "ketlint", "check", "--no-cache", "--select", "hype-phrase"]
    piped = subprocess.run(
        [*command, "--format", "json", "-", "--stdin-filename", "draft.docx"],
        input=data,
        capture_output=True,
        cwd=tmp_path,
    )
    on_disk = subprocess.run(
        [*command, "--format", "json", "draft.docx"], capture_output=True, cwd=tmp_path
    )
    assert piped.returncode == on_disk.returncode == 1, piped.stdout
    (piped_file,) = json.loads(piped.stdout)["files"]
    (disk_file,) = json.loads(on_disk.stdout)["files"]
    assert [f["rule"] for f in piped_file["findings"]] == ["hype-phrase"]
    assert piped_file["findings"] == disk_file["findings"]


@pytest.mark.parametrize(
    "phrase", ["beacon&nbsp;of&nbsp;hope", "beacon&#160;of&#xA0;hope", "beacon of&nbsp;hope"]
)
def test_a_markdown_entity_reads_as_the_character_a_browser_shows(phrase: str) -> None:
    text = f"# Care\n\nThe trial is a {phrase} for families.\n"
    (finding,) = hype(text, "a.md")
    start = text.index("beacon")
    assert (finding.start, finding.end) == (start, start + len(phrase))


def test_an_ampersand_that_is_no_html_entity_stays_prose() -> None:
    # "&D;" names no HTML5 entity: CommonMark keeps it as text, and so does the prose; a
    # real entity next to it is markup.
    text = "# Care\n\nTheir R&D; team&nbsp;works on sleep.\n"
    prose = parse(text).prose
    assert "R&D; team" in prose
    assert "team      works" in prose


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_plain_text_front_matter_is_metadata_whatever_the_line_endings(newline: str) -> None:
    text = newline.join(
        [
            "---",
            "title: A miracle cure",
            "author: A. Writer",
            "---",
            "Sleep news",
            "",
            "Sleep well.",
            "",
        ]
    )
    result = ketlint.lint_text(text, path="a.txt", project=Project(isolated=True))
    assert not [f for f in result.findings if f.rule == "hype-phrase"]
    assert parse(text, "text").metadata.get("author") == "A. Writer"
