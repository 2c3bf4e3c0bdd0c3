"""The server's text plumbing, in process (fast): incremental edits, suppression edits that
must silence exactly their finding in every format, and settings parsing."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from lsprotocol import types
from pygls.protocol import default_converter

from ketlint.engine import EDITOR_BLOCK_CACHE_SIZE, Linter
from ketlint.lsp.actions import disable_file_edit, disable_next_line_edit
from ketlint.lsp.convert import DiagnosticCache, finding_to_diagnostic, findings_shown
from ketlint.lsp.documents import LintOutcome, OpenDocument, shed_derived_data
from ketlint.lsp.settings import DEFAULT_LANGUAGES, ServerSettings, parse_settings
from ketlint.parsing import parse
from ketlint.positions import LineIndex
from ketlint.ruleset import Ruleset, builtin_ruleset, load_rule_file

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


@pytest.mark.parametrize(
    ("text", "after"),
    [
        # A comment line would end the paragraph there (an HTML block interrupts one).
        (
            "# Title\n\nExperts say it works,\nthis wonder drug, for now.\n",
            "this wonder drug, for now. <!-- ketlint-disable-line wonder-word -->\n",
        ),
        # ... or the table: the rows after it would become a paragraph.
        (
            "# Title\n\n| Drug | Claim |\n|---|---|\n| X | a wonder drug |\n| Y | fine |\n",
            "| X | a wonder drug <!-- ketlint-disable-line wonder-word --> |\n",
        ),
        (
            "# Title\n\nDrug | Claim\n---|---\nX | a wonder drug\nY | fine\n",
            "X | a wonder drug <!-- ketlint-disable-line wonder-word -->\n",
        ),
        # A hard break stays at the end of its line.
        (
            "# Title\r\n\r\nA first line\r\nand a wonder drug  \r\nafter a break.\r\n",
            "and a wonder drug <!-- ketlint-disable-line wonder-word -->  \r\n",
        ),
        (
            "# Title\n\nA first line\nand a wonder drug\\\nafter a break.\n",
            "and a wonder drug <!-- ketlint-disable-line wonder-word -->\\\n",
        ),
    ],
)
def test_inside_a_paragraph_or_a_table_the_directive_goes_at_the_end_of_the_line(
    linter: Linter, text: str, after: str
) -> None:
    outcome = lint(linter, text, "markdown")
    assert outcome.result is not None and outcome.model is not None
    (wonder,) = [f for f in outcome.result.findings if f.rule == "wonder-word"]
    edit = disable_next_line_edit(outcome, outcome.model, wonder)
    changed = apply(text, edit.start, edit.end, edit.text)
    assert after in changed
    assert [b.kind for b in parse(changed, "markdown").blocks] == [
        b.kind for b in outcome.model.blocks
    ]
    others = [f.rule for f in outcome.result.findings if f.rule != "wonder-word"]
    assert rules_found(linter, changed, "markdown") == others


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


@pytest.mark.parametrize(
    ("fmt", "text", "expected_start"),
    [
        (
            "markdown",
            "\ufeff---\ntitle: x\n---\n# A wonder drug\n",
            "\ufeff---\ntitle: x\n---\n<!-- ketlint-disable-file wonder-word -->\n#",
        ),
        (
            "markdown",
            "\ufeff# A wonder drug\r\n",
            "\ufeff<!-- ketlint-disable-file wonder-word -->\r\n# A",
        ),
        (
            "html",
            "\ufeff<!DOCTYPE html><html><p>A wonder drug.</p></html>\n",
            "\ufeff<!DOCTYPE html>\n<!-- ketlint-disable-file wonder-word -->\n<html>",
        ),
    ],
)
def test_a_byte_order_mark_stays_the_first_character_when_a_directive_goes_at_the_top(
    linter: Linter, fmt: str, text: str, expected_start: str
) -> None:
    """Editors that keep the mark in the buffer save it where it is: a directive put before
    it would push it into the text, where it hides the front matter or the heading."""
    outcome = lint(linter, text, fmt)
    assert outcome.result is not None and outcome.model is not None
    edit = disable_file_edit(outcome, outcome.model, "wonder-word")
    after = apply(text, edit.start, edit.end, edit.text)
    assert after.startswith(expected_start)
    assert "wonder-word" not in rules_found(linter, after, fmt)
    (wonder,) = [f for f in outcome.result.findings if f.rule == "wonder-word"]
    edit = disable_next_line_edit(outcome, outcome.model, wonder)
    after = apply(text, edit.start, edit.end, edit.text)
    assert after.startswith("\ufeff") and after.count("\ufeff") == 1
    assert "wonder-word" not in rules_found(linter, after, fmt)
    if fmt == "markdown":
        assert parse(after, fmt).title_block is not None


def test_a_config_buffer_gets_an_unknown_rule_id_on_the_line_that_names_it(
    tmp_path: Path,
) -> None:
    from ketlint.lsp.projects import ProjectRegistry

    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "rules.yml").write_text(HOUSE_RULES, encoding="utf-8")
    text = (
        '# the wonder rule is too strict here\nrule-dirs = ["house"]\n'
        'select = ["wonder-word", "vague-source"]\nignore = ["wonder"]\n'
    )
    registry = ProjectRegistry()
    registry.set_folders([tmp_path])
    (error,) = registry.check_config_text(tmp_path / "ketlint.toml", text)
    assert (error.line, error.message) == (
        4,
        "unknown rule id 'wonder' in ignore (did you mean 'wonder-word'?)",
    )


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


@pytest.mark.parametrize("seed", range(6))
def test_the_line_index_is_spliced_exactly_as_a_fresh_one_would_be(seed: int) -> None:
    rng = random.Random(seed)
    pieces = ["word ", "\n", "\n\n", "😀", "é", "\r\n", "\r", "line\n", ""]
    # Half the seeds never hold a carriage return: the splice itself, not the fallback.
    if seed % 2 == 0:
        pieces = [p for p in pieces if "\r" not in p]
    text = "".join(rng.choice(pieces) for _ in range(40))
    doc = OpenDocument("file:///x.md", "markdown", 1, text, None)
    for version in range(2, 60):
        index = doc.index
        lines = len(index.line_starts)
        start_line, end_line = sorted(rng.randrange(lines + 1) for _ in range(2))
        start = (start_line, rng.randrange(8))
        end = (end_line, rng.randrange(8)) if end_line != start_line else (end_line, start[1] + 2)
        inserted = "".join(rng.choice(pieces) for _ in range(rng.randrange(4)))
        changes = [change(start, end, inserted)]
        if rng.random() < 0.3:  # several changes in one notification
            changes.append(change((0, 0), (0, 1), rng.choice(pieces)))
        encoding = rng.choice(["utf-16", "utf-8", "utf-32"])
        doc.apply_changes(changes, version, encoding)
        assert doc.index.text is doc.text
        assert doc.index.line_starts == LineIndex(doc.text).line_starts, (text, changes)


def test_diagnostics_are_reused_while_what_they_show_is_unchanged(linter: Linter) -> None:
    text = "# Title\n\nExperts say this wonder drug works.\n\nAnother wonder drug, experts say.\n"
    cache = DiagnosticCache("utf-16", default_converter().unstructure)
    first = lint(linter, text, "markdown")
    assert first.result is not None
    diagnostics, payload = cache.convert(first.result.findings, first.index, "file:///x.md")
    direct = [
        finding_to_diagnostic(f, first.index, "utf-16", "file:///x.md")
        for f in first.result.findings
    ]
    assert diagnostics == direct
    assert [json.loads(p) for p in payload] == default_converter().unstructure(direct)

    # A word typed on the first paragraph moves every offset after it, but no diagnostic of
    # the second paragraph: those come back as the very same objects and JSON.
    typed = text.replace("this wonder", "this new wonder")
    second = lint(linter, typed, "markdown")
    assert second.result is not None
    again, payload_again = cache.convert(second.result.findings, second.index, "file:///x.md")
    assert again == [
        finding_to_diagnostic(f, second.index, "utf-16", "file:///x.md")
        for f in second.result.findings
    ]
    moved = [d for d in again if d.range.start.line == 2]
    kept = [d for d in again if d.range.start.line == 4]
    assert moved and kept
    assert all(any(d is old for old in diagnostics) for d in kept)
    assert not any(d is old for d in moved for old in diagnostics if d.range != old.range)
    assert len(cache) == len({id(d) for d in again})  # only the latest lint is kept


def test_an_outcome_sheds_what_the_rules_derived_but_keeps_its_parse(linter: Linter) -> None:
    text = "# Title\n\nExperts say this wonder drug works. It is new.\n"
    outcome = lint(linter, text, "markdown")
    model = outcome.model
    assert model is not None
    sentences = len(model.sentences)
    model.memo["some-rule"] = object()
    shed_derived_data(model)
    assert model.memo == {} and "sentences" not in vars(model)
    assert len(model.sentences) == sentences  # recomputed on demand
    assert model.title_range == (2, 7)


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


def test_diagnostics_after_random_edits_are_a_fresh_conversions() -> None:
    """The cache's diagnostics (kept keys of findings before the first edited character,
    the engine's findings of paragraphs it did not judge again) equal a fresh conversion
    after any edit: words, line breaks, a character replaced by a line break (the same
    length), characters of two UTF-16 units, deletions, before and after the findings."""
    linter = Linter(builtin_ruleset(), cache_blocks=EDITOR_BLOCK_CACHE_SIZE)
    paragraph = (
        "Experts say this wonder drug cures arthritis in every patient. Studies show that "
        "40% of people felt better, and the company called it a breakthrough."
    )
    text = "# A new pill\n\n" + "\n\n".join(f"{paragraph} Part {n}." for n in range(8)) + "\n"
    converter = default_converter()
    cache = DiagnosticCache("utf-16", converter.unstructure)
    uri = "file:///tmp/random-edits.md"
    rng = random.Random(11)
    previous: set[int] = set()
    shared = 0
    for _ in range(40):
        at = rng.randrange(len(text))
        edit = rng.choice(["word", "break", "same-length break", "wide", "delete"])
        if edit == "word":
            text = apply(text, at, at, "very ")
        elif edit == "break":
            text = apply(text, at, at, "\n")
        elif edit == "same-length break" and text[at] not in "\n#":
            text = apply(text, at, at + 1, "\n")
        elif edit == "wide":
            text = apply(text, at, at, "\U0001f600é")
        elif edit == "delete":
            text = apply(text, at, min(len(text), at + rng.randrange(1, 12)), "")
        result = linter.lint_text(text, "/tmp/random-edits.md", "markdown")
        findings = findings_shown(result)
        index = LineIndex(text)
        diagnostics, payload = cache.convert(findings, index, uri)
        fresh = [finding_to_diagnostic(f, index, "utf-16", uri) for f in findings]
        assert diagnostics == fresh, edit
        assert [json.loads(p) for p in payload] == converter.unstructure(fresh)
        shared += sum(id(f) in previous for f in findings)
        previous = {id(f) for f in findings}
    assert shared > 0  # the engine gave back findings of paragraphs it did not judge again
