"""Issue 15, item 13 (file-reading part): a leading byte-order mark is not text, wherever the
text comes from, and UTF-16/UTF-32 files are read by their mark (not called binary).

The article's front matter holds hype and a statistic: read as prose (the BOM hiding the
opening ``---``), it gives two more findings. The CLI on a file, the CLI on stdin, the
Python API and the language server must all give the same findings.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import ketlint
from ketlint.cli import main
from ketlint.files import decode_article, encode_article
from ketlint.project import Project

ARTICLE = (
    "---\ntitle: A miracle cure\ndescription: 90% of people are cured\n---\n"
    "# A new diet\n\nEat more vegetables, a dietitian said.\n"
)
ENCODINGS = {
    "utf-8-bom": b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"),
    "utf-16-le": b"\xff\xfe" + ARTICLE.encode("utf-16-le"),
    "utf-16-be": b"\xfe\xff" + ARTICLE.encode("utf-16-be"),
    "utf-32-le": b"\xff\xfe\x00\x00" + ARTICLE.encode("utf-32-le"),
    "utf-32-be": b"\x00\x00\xfe\xff" + ARTICLE.encode("utf-32-be"),
}


def plain_findings() -> list[tuple[str, str, dict]]:
    result = ketlint.lint_text(ARTICLE, path="a.md", project=Project(isolated=True))
    rules = [(f.rule, f.message) for f in result.findings]
    assert rules and not any(rule in ("hype-phrase", "uncited-statistic") for rule, _ in rules)
    return [(rule, message, {}) for rule, message in rules]


def cli_json(*args: str, stdin: bytes | None = None) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "ketlint", "check", "--isolated", "--format", "json", *args],
        input=stdin,
        capture_output=True,
        timeout=120,
    )
    return json.loads(done.stdout)


def summary(entry: dict) -> list[tuple[str, str, tuple[int, int]]]:
    return [
        (f["rule"], f["message"], (f["start"]["line"], f["start"]["column"]))
        for f in entry["findings"]
    ]


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_files_and_stdin_are_read_by_their_byte_order_mark(tmp_path, encoding):
    (tmp_path / "plain.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "marked.md").write_bytes(ENCODINGS[encoding])
    files = {Path(f["path"]).name: f for f in cli_json(str(tmp_path))["files"]}
    assert summary(files["marked.md"]) == summary(files["plain.md"])
    assert not any(f["rule"] == "file-error" for f in files["marked.md"]["findings"])
    piped = cli_json("--stdin-filename", "marked.md", "-", stdin=ENCODINGS[encoding])
    assert summary(piped["files"][0]) == summary(files["plain.md"])


def test_the_api_ignores_a_leading_bom_and_keeps_offsets_true_to_its_text():
    plain = ketlint.lint_text(ARTICLE, path="a.md", project=Project(isolated=True))
    marked = ketlint.lint_text("\ufeff" + ARTICLE, path="a.md", project=Project(isolated=True))
    assert [(f.rule, f.message) for f in marked.findings] == [
        (f.rule, f.message) for f in plain.findings
    ]
    assert [(f.start, f.end) for f in marked.findings] == [
        (f.start + 1, f.end + 1) for f in plain.findings
    ]
    assert marked.source == "\ufeff" + ARTICLE
    for f in marked.findings:  # each range names the same words
        assert marked.source[f.start : f.end] == ARTICLE[f.start - 1 : f.end - 1]
    # Many marks: only the first is one; no recursion, no crash.
    ketlint.lint_text("\ufeff" * 10_000 + ARTICLE, path="a.md", project=Project(isolated=True))


def test_fix_keeps_the_files_encoding_and_mark(capsys, tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "house.yml").write_text(
        "rules:\n  - id: house-words\n    kind: phrases\n    message: Avoid {match}.\n"
        "    options:\n      terms:\n        - {term: vegetables, replace: greens, safe: true}\n",
        encoding="utf-8",
    )
    for encoding, data in ENCODINGS.items():
        article = tmp_path / f"{encoding}.md"
        article.write_bytes(data)
        main(
            [
                "check",
                "--isolated",
                "--select",
                "house-words",
                "--rules-dir",
                str(rules),
                "--fix",
                str(article),
            ]
        )
        after = article.read_bytes()
        assert after[:2] == data[:2] and after[:4] == data[:4], encoding
        assert decode_article(after) == ARTICLE.replace("vegetables", "greens"), encoding
        assert encode_article(decode_article(after), after) == after
    capsys.readouterr()


def test_text_that_is_not_utf_16_after_its_mark_is_refused_clearly(capsys, tmp_path):
    (tmp_path / "odd.md").write_bytes(b"\xff\xfeA\x00\x00\xd8")  # a lone surrogate
    main(["check", "--isolated", "--format", "json", str(tmp_path / "odd.md")])
    (finding,) = json.loads(capsys.readouterr().out)["files"][0]["findings"]
    assert finding["rule"] == "file-error" and "not valid UTF-16-LE" in finding["message"]


@pytest.mark.asyncio
async def test_the_server_gives_the_same_findings_for_a_text_with_a_bom(tmp_path: Path):
    from lsp.helpers import diagnostics_for, open_document, start_session

    workspace = tmp_path / "ws"
    workspace.mkdir()
    (workspace / "ketlint.toml").write_text("# defaults\n", encoding="utf-8")
    async with start_session(workspace) as client:
        plain = await diagnostics_for(
            client, open_document(client, workspace / "plain.md", ARTICLE)
        )
        marked = await diagnostics_for(
            client, open_document(client, workspace / "marked.md", "\ufeff" + ARTICLE)
        )

    def seen(diagnostics):
        return sorted(
            (d.code, d.message, d.range.start.line, d.range.start.character) for d in diagnostics
        )

    # The findings are on lines below the first, where the mark moves nothing.
    assert seen(marked) == seen(plain)
    assert {str(d.code) for d in plain} == {rule for rule, _, _ in plain_findings()}
