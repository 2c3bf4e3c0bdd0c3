"""An edited Markdown text re-parsed in part (ketlint.parsing.markdown.reparse_markdown)
gives the document a full parse gives: on random edits of random documents, and of real
articles."""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ketlint.document import Document
from ketlint.parsing import parse, parse_again
from ketlint.parsing.markdown import KeptParse, reparse_markdown

# Pieces of Markdown that documents and edits are made of: plain paragraphs and headings
# (where a re-parse is taken) and everything that must make it parse in full (lists,
# fences, tables, HTML, quotes, reference definitions, footnotes, front matter, setext
# underlines, indentation, thematic breaks) or that reveal_inline reads (links, code, HTML
# comments, emphasis).
PIECES = [
    "A plain sentence about a drug.",
    "It cut the risk by 40% [1].",
    "See [the study](https://example.org/s) and <https://example.org>.",
    "A [reference link][ref] here.",
    "Some `code` and *emphasis* and <!-- a note --> too.",
    "# A title",
    "## A section ##",
    "- a list item",
    "1. an ordered item",
    "> a quote",
    "```",
    "~~~",
    "    indented code",
    "  two spaces in",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "<div>an html block</div>",
    "<!-- a comment block -->",
    "[ref]: https://example.org/ref",
    "[^1]: a footnote",
    "A footnote mark[^1].",
    "---",
    "===",
    "***",
    "front: matter",
    "Trailing hashes #",
    "",
]
EDIT_TEXTS = ["x", " ", "very ", "\n", "\n\n", "- ", "# ", "```", "> ", "    ", "[", "]", "|", "<"]


def same(doc: Document, full: Document) -> None:
    assert doc.source == full.source
    assert doc.prose == full.prose
    assert doc.blocks == full.blocks
    assert doc.title_block == full.title_block
    assert doc.links == full.links
    assert doc.comments == full.comments
    assert doc.metadata == full.metadata
    assert doc.unparsed == full.unparsed
    assert (doc.format, doc.path) == (full.format, full.path)


def edited(text: str, rng: random.Random) -> str:
    at = rng.randrange(len(text) + 1)
    if text and rng.random() < 0.15:
        # A whole line (or two) deleted, blank lines around it kept.
        start = text.rfind("\n", 0, at) + 1
        stop = text.find("\n", at)
        stop = len(text) if stop == -1 else stop + 1
        if rng.random() < 0.5 and stop < len(text):
            following = text.find("\n", stop)
            stop = len(text) if following == -1 else following + 1
        return text[:start] + text[stop:]
    if text and rng.random() < 0.3:
        return text[:at] + text[min(len(text), at + rng.randint(1, 6)) :]
    return text[:at] + rng.choice(EDIT_TEXTS + PIECES[:6]) + text[at:]


def check_edits(text: str, rng: random.Random, edits: int) -> int:
    """Edit ``text`` ``edits`` times, re-parsing each from the last; how many re-parses
    were partial (not a full parse)."""
    doc, kept = reparse_markdown(text, "a.md", None)
    same(doc, parse(text, "markdown", "a.md"))
    partial = 0
    for _ in range(edits):
        text = edited(text, rng)
        before = kept
        doc, kept = reparse_markdown(text, "a.md", kept)
        if before is not None and kept is not None and before.source != text:
            # A partial re-parse keeps the blocks before the window as they were.
            partial += (
                bool(kept.blocks) and bool(before.blocks) and kept.blocks[0] is before.blocks[0]
            )
        same(doc, parse(text, "markdown", "a.md"))
    return partial


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=14),
    st.lists(st.sampled_from(["\n", "\n\n", "\n\n\n"]), min_size=14, max_size=14),
    st.integers(0, 2**32),
)
def test_a_reparse_is_a_full_parse(pieces: list[str], breaks: list[str], seed: int) -> None:
    text = "".join(piece + gap for piece, gap in zip(pieces, breaks, strict=False))
    PARTIAL.append(check_edits(text, random.Random(seed), 6))


PARTIAL: list[int] = []


def test_the_random_documents_were_often_reparsed_in_part() -> None:
    # (Runs after the property test above: pytest keeps a module's order.)
    assert sum(PARTIAL) > 50


def test_typing_in_a_paragraph_reparses_its_window_only() -> None:
    text = "# Title\n\nFirst paragraph.\n\n## Section\nSecond paragraph.\n\nThird.\n"
    doc, kept = reparse_markdown(text, "a.md", None)
    assert kept is not None
    typed = text.replace("Second", "Second new")
    doc, again = reparse_markdown(typed, "a.md", kept)
    same(doc, parse(typed, "markdown", "a.md"))
    assert again is not None and again.chunks != kept.chunks
    # The unchanged blocks before the edit are the very same objects.
    assert doc.blocks[0] is kept.blocks[0]


@pytest.mark.parametrize(
    "text, edit",
    [
        ("Para one.\n\nPara two.\n", ("Para two.", "```\nPara two.")),  # opens a fence
        ("Para one.\n\n- item\n", ("Para one.", "- Para one.")),  # becomes a list
        ("- item\n\nPara.\n", ("\nPara.", "\n  Para.")),  # continues the list item
        ("Para one.\n\n[x]: /u\n\nA [x].\n", ("Para one.", "Para one. [y]: /v")),
        ("Para one.\n\nPara two.\n", ("\n\nPara two", "\nPara two")),  # paragraphs merge
        ("Para one.\n\nPara two.\n", ("Para one.", "Para one.\n===")),  # setext heading
        ("Para.\n\n    code\n", ("Para.", "Para. [^1]")),  # a footnote mark
        ("---\ntitle: a\n---\n\nPara.\n", ("Para.", "Para, edited.")),
        # The run deleted: the indented text after it joins the list item before it.
        ("- item\n\nPara.\n\n  more text\n", ("Para.\n", "")),
        ("- item\n\nPara.\n\n  more text\n", ("Para.", "")),
        ("Para\r\n\r\nTwo\r\n", ("Two", "Two more")),
        ("\ufeffPara.\n\nTwo.\n", ("Two", "Two more")),
    ],
)
def test_structural_edits_give_a_full_parse(text: str, edit: tuple[str, str]) -> None:
    doc, kept = parse_again(text, "markdown", "a.md", None)
    changed = text.replace(*edit)
    doc, _ = parse_again(changed, "markdown", "a.md", kept)
    same(doc, parse(changed, "markdown", "a.md"))


def real_articles() -> list[Path]:
    """Some real articles, where the checkout has them beside it (../shared)."""
    shared = Path(__file__).resolve().parents[2] / "shared"
    found = sorted((shared / "corpus").rglob("*.md"))[:8]
    found += sorted((shared / "eval-dev" / "articles").glob("*"))[:8]
    return [p for p in found if p.is_file()]


def test_random_edits_of_articles_reparse_as_a_full_parse() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    try:
        from lsp_latency import article
    finally:
        sys.path.pop(0)
    texts = [article(1_500, seed) for seed in range(3)]
    texts += [p.read_text(encoding="utf-8", errors="replace") for p in real_articles()]
    rng = random.Random(12)
    partial = sum(check_edits(text, rng, 25) for text in texts)
    assert partial > 25  # most edits of plain paragraphs were re-parsed in part


def test_the_kept_parse_is_plain_data() -> None:
    _, kept = reparse_markdown("Para.\n", None, None)
    assert isinstance(kept, KeptParse)
    fields: dict[str, Any] = vars(kept)
    assert fields["source"] == "Para.\n"


def test_an_editors_lints_give_the_findings_of_a_fresh_lint() -> None:
    """The engine re-parses a path's edited text from its last parse (Linter._parses)."""
    from ketlint.engine import Linter
    from ketlint.project import Project

    ruleset = Project(isolated=True).linter_for(None).ruleset
    typing = Linter(ruleset)
    text = "# A new drug\n\n" + "\n\n".join(
        f"The drug cut the risk by {n}% in a trial, a miracle cure, experts say." for n in range(30)
    )
    rng = random.Random(5)
    for _ in range(8):
        text = edited(text, rng)
        kept = typing.lint_text(text, "a.md")
        fresh = Linter(ruleset, cache_blocks=0).lint_text(text, "a.md")
        assert kept.findings == fresh.findings
        assert kept.verdicts == fresh.verdicts
    assert typing._parses
