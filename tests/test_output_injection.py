"""Issue 15, item 3: nothing in an article or a file name reaches a terminal or a CI log
raw, and no file name can forge a finding line or change what a SARIF URI names."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from ketlint.cli import main
from ketlint.model import Finding, LintResult, Severity
from ketlint.output.writers import GithubWriter, SarifWriter, TextWriter, artifact_uri

ESC_TEXT = "A miracle cure\x1b]0;pwned\x07 works.\x1b[2J\rHidden\x9b31m and \u202eevil\u202c.\n"


def written(writer_class, path: str, result: LintResult) -> str:
    out = io.StringIO()
    writer = writer_class(out, color=False, show_source=True)
    writer.begin()
    writer.add(path, result)
    writer.end()
    return out.getvalue()


def finding(source: str, word: str, message: str | None = None) -> Finding:
    start = source.index(word)
    return Finding(
        "house-words", Severity.WARNING, message or f"Avoid {word}.", start, start + len(word)
    )


CONTROLS = (
    [chr(c) for c in range(0x20) if c not in (0x09, 0x0A)]
    + [chr(c) for c in range(0x7F, 0xA0)]
    + ["\u202e"]
)


@pytest.mark.parametrize("writer_class", [TextWriter, GithubWriter])
def test_control_characters_from_the_article_are_escaped(writer_class):
    message = "Avoid “miracle\x1b]8;;http://x\x07”\r\x1b[1A."
    result = LintResult("a.md", ESC_TEXT, [finding(ESC_TEXT, "miracle", message)])
    result.errors.append("rule x (evil\x1b[2J.yml) raised")
    out = written(writer_class, "a.md", result)
    assert not [c for c in CONTROLS if c in out], repr(out)
    assert "\\x1b" in out


def test_a_newline_in_a_file_name_cannot_forge_a_finding_line():
    forged = "x\nnotes.md:1:1: error fake-rule Looks real\r.md"
    source = "A miracle.\n"
    out = written(TextWriter, forged, LintResult(None, source, [finding(source, "miracle")]))
    lines = out.splitlines()
    assert not any(line.startswith("notes.md") for line in lines)
    assert lines[0].startswith("x\\nnotes.md:1:1: error fake-rule Looks real\\r.md:1:3: warning")

    gh = written(GithubWriter, forged, LintResult(None, source, [finding(source, "miracle")]))
    assert gh.count("\n") == 1 and gh.startswith("::warning file=x%0Anotes.md%3A1%3A1%3A error")


def test_the_cli_escapes_what_an_article_holds(capsys, tmp_path):
    article = tmp_path / "a.md"
    article.write_text(ESC_TEXT, encoding="utf-8")
    main(["check", "--isolated", "--select", "hype-phrase", "--color", "always", str(article)])
    out = capsys.readouterr().out
    # Colour codes are ketlint's own; the article's ESC and OSC sequences, CR, C1 are not.
    assert "\x1b]0;pwned" not in out and "\x1b[2J" not in out
    assert "\r" not in out and "\x9b" not in out and "\u202e" not in out
    assert "hype-phrase" in out and "␛]0;pwned␇" in out  # the snippet shows them as pictures


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("posts/a b#1%.md", "posts/a%20b%231%25.md"),
        ("posts/x\n.md", "posts/x%0A.md"),
        ("posts/été?.md", "posts/%C3%A9t%C3%A9%3F.md"),
        ("/srv/site/a b.md", "file:///srv/site/a%20b.md"),
    ],
)
def test_sarif_artifact_uris_are_percent_encoded(path, uri):
    assert artifact_uri(path) == uri
    source = "A miracle.\n"
    log = json.loads(
        written(SarifWriter, path, LintResult(None, source, [finding(source, "miracle")]))
    )
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == uri


def test_sarif_uri_of_a_real_file_names_it(tmp_path):
    from urllib.parse import unquote, urlparse

    weird = tmp_path / "a b#c%d.md"
    parsed = urlparse(artifact_uri(str(weird)))
    assert parsed.scheme == "file" and Path(unquote(parsed.path)) == weird
