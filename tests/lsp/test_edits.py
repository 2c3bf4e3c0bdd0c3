"""The server's text plumbing, in process (fast): incremental edits, suppression edits that
must silence exactly their finding in every format, and settings parsing."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

from ketlint.engine import Linter
from ketlint.lsp.actions import disable_file_edit, disable_next_line_edit
from ketlint.lsp.documents import LintOutcome, OpenDocument
from ketlint.lsp.settings import DEFAULT_LANGUAGES, ServerSettings, parse_settings
from ketlint.parsing import parse
from ketlint.positions import LineIndex
from ketlint.ruleset import Ruleset, load_rule_file

from .helpers import HOUSE_RULES


@pytest.fixture(scope="module")
def linter(tmp_path_factory: pytest.TempPathFactory) -> Linter:
    path = tmp_path_factory.mktemp("rules") / "house.yml"
    specs, errors = load_rule_file(Path(path), HOUSE_RULES)
    assert errors == []
    return Linter(Ruleset({spec.id: spec for spec in specs}))


def lint(linter: Linter, text: str, fmt: str) -> LintOutcome:
    model = parse(text, fmt)
    return LintOutcome(
        version=1,
        generation=0,
        text=text,
        index=LineIndex(text),
        result=linter.lint_document(model),
        model=model,
        format=fmt,
    )


def apply(text: str, start: int, end: int, replacement: str) -> str:
    return text[:start] + replacement + text[end:]


def rules_found(linter: Linter, text: str, fmt: str) -> list[str]:
    outcome = lint(linter, text, fmt)
    assert outcome.result is not None
    return [f.rule for f in outcome.result.findings]


@pytest.mark.parametrize(
    ("fmt", "text", "comment"),
    [
        # A quote keeps its ">" so the comment stays inside it.
        (
            "markdown",
            "# Title\n\n> Experts say this wonder drug works.\n",
            "> <!-- ketlint-disable-next-line wonder-word -->\n",
        ),
        # Windows line ends stay Windows line ends.
        (
            "markdown",
            "# Title\r\n\r\nExperts say this wonder drug works.\r\n",
            "<!-- ketlint-disable-next-line wonder-word -->\r\n",
        ),
        # A list item: the comment goes above it, the other rule still speaks.
        (
            "markdown",
            "# Title\n\n- Experts say this wonder drug works.\n- Second item.\n",
            "<!-- ketlint-disable-next-line wonder-word -->\n",
        ),
        (
            "html",
            "<p>Experts say\n  this wonder drug works.</p>\n",
            "  <!-- ketlint-disable-next-line wonder-word -->\n",
        ),
        (
            "text",
            "Experts say this wonder drug works.\n",
            "ketlint-disable-next-line wonder-word\n",
        ),
    ],
)
def test_disable_next_line_silences_only_that_finding(
    linter: Linter, fmt: str, text: str, comment: str
) -> None:
    outcome = lint(linter, text, fmt)
    assert outcome.result is not None and outcome.model is not None
    (wonder,) = [f for f in outcome.result.findings if f.rule == "wonder-word"]
    edit = disable_next_line_edit(outcome, outcome.model, wonder)
    assert edit.text == comment
    after = apply(text, edit.start, edit.end, edit.text)
    assert rules_found(linter, after, fmt) == ["vague-source"]


def test_a_plain_text_heading_stays_a_heading_when_a_directive_goes_above_it(
    linter: Linter,
) -> None:
    text = "Why This Wonder Drug Matters\n\nExperts say it works.\n"
    outcome = lint(linter, text, "text")
    assert outcome.result is not None and outcome.model is not None
    (wonder,) = [f for f in outcome.result.findings if f.rule == "wonder-word"]
    edit = disable_next_line_edit(outcome, outcome.model, wonder)
    after = apply(text, edit.start, edit.end, edit.text)
    assert after == "ketlint-disable-next-line wonder-word\n\n" + text
    assert parse(after, "text").title_block is not None
    assert rules_found(linter, after, "text") == ["vague-source"]


@pytest.mark.parametrize(
    ("fmt", "text", "expected_start"),
    [
        (
            "markdown",
            "---\ntitle: x\n---\n# A wonder drug\n",
            "---\ntitle: x\n---\n<!-- ketlint-disable-file wonder-word -->\n#",
        ),
        # A comment before the doctype would put browsers in quirks mode.
        (
            "html",
            "<!DOCTYPE html><html><p>A wonder drug.</p></html>\n",
            "<!DOCTYPE html>\n<!-- ketlint-disable-file wonder-word -->\n<html>",
        ),
        (
            "text",
            "A Wonder Drug For Everyone\n\nIt works.\n",
            "ketlint-disable-file wonder-word\n\nA Wonder",
        ),
    ],
)
def test_disable_file_goes_at_the_top_and_silences_the_rule(
    linter: Linter, fmt: str, text: str, expected_start: str
) -> None:
    outcome = lint(linter, text, fmt)
    assert outcome.model is not None
    edit = disable_file_edit(outcome, outcome.model, "wonder-word")
    after = apply(text, edit.start, edit.end, edit.text)
    assert after.startswith(expected_start)
    assert "wonder-word" not in rules_found(linter, after, fmt)
    if fmt == "text":
        assert parse(after, "text").title_block is not None


def change(
    start: tuple[int, int], end: tuple[int, int], text: str
) -> types.TextDocumentContentChangePartial:
    return types.TextDocumentContentChangePartial(
        range=types.Range(
            start=types.Position(line=start[0], character=start[1]),
            end=types.Position(line=end[0], character=end[1]),
        ),
        text=text,
    )


def test_incremental_edits_use_the_negotiated_units_and_only_newlines_end_lines() -> None:
    # U+2028 and a form feed are not line ends for LSP clients (str.splitlines says they are).
    text = "a😀b\u2028c\x0cd\r\nsecond line\n"
    doc = OpenDocument("file:///x.md", "markdown", 1, text, None)
    doc.apply_changes([change((0, 3), (0, 4), "B")], 2, "utf-16")  # after the emoji (2 units)
    assert doc.text == "a😀B\u2028c\x0cd\r\nsecond line\n"
    doc.apply_changes([change((0, 8), (0, 8), "!")], 3, "utf-16")  # after "d", before "\r\n"
    assert doc.text == "a😀B\u2028c\x0cd!\r\nsecond line\n"
    doc.apply_changes([change((1, 0), (1, 6), "2nd"), change((0, 0), (0, 1), "A")], 4, "utf-8")
    assert doc.text == "A😀B\u2028c\x0cd!\r\n2nd line\n"
    doc.apply_changes([types.TextDocumentContentChangeWholeDocument(text="new")], 5, "utf-16")
    assert (doc.text, doc.version, doc.index.line_starts) == ("new", 5, [0])


def test_settings_accept_the_shapes_editors_send_and_ignore_bad_values() -> None:
    settings, notes = parse_settings(
        {"ketlint": {"run": "onSave", "debounceMs": 40, "configPath": " a.toml "}}
    )
    assert (settings.run, settings.debounce_ms, settings.config_path, notes) == (
        "onSave",
        40,
        "a.toml",
        [],
    )
    settings, notes = parse_settings(
        {"run": "sometimes", "debounceMs": -1, "languages": {"mdx": "markdown"}}
    )
    assert settings.run == "onType" and settings.debounce_ms == 150
    assert settings.languages == {**DEFAULT_LANGUAGES, "mdx": "markdown"}
    assert len(notes) == 2
    assert parse_settings(None) == (ServerSettings(), [])
    base = ServerSettings(run="onSave")
    assert parse_settings({"codeLens": False}, base)[0] == ServerSettings(
        run="onSave", code_lens=False
    )
