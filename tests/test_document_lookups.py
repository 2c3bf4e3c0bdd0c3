"""Document lookups answer exactly what a full scan answers (they are indexed for speed)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ketlint.document import Block, Document, Link, title_of
from ketlint.parsing import parse

PIECES = [
    "Text with [a link](https://example.org/a) here.",
    "Footnote[^1] and <sup>2</sup>.",
    "[^1]: https://example.org/note",
    "# Heading [x](y)",
    "- item [l](u) [m](v)",
    "Plain words. More words! Dr. Smith et al. said so (3).",
    "| a [b](c) | d |\n|---|---|\n| e | f |",
    "<p>html <a href='x'>y</a></p>",
    "see https://bare.example.com/path",
    "\n",
    "\n\n",
]


def naive_links_in(doc: Document, start: int, end: int) -> list[Link]:
    return [link for link in doc.links if link.start >= start and link.end <= end]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(PIECES), max_size=25),
    st.sampled_from(["markdown", "html", "text"]),
    st.lists(st.tuples(st.integers(-5, 400), st.integers(-5, 400)), max_size=10),
)
def test_links_in_and_sentences_in_match_a_full_scan(pieces, fmt, ranges) -> None:
    doc = parse("\n".join(pieces), fmt)
    for block in doc.blocks:
        assert doc.links_in(block.start, block.end) == naive_links_in(doc, block.start, block.end)
        assert doc.sentences_in(block) == [s for s in doc.sentences if s.block is block]
    for start, end in ranges:
        assert doc.links_in(start, end) == naive_links_in(doc, start, end)


def test_links_added_after_a_lookup_are_seen() -> None:
    doc = parse("A [link](x) and more text.\n")
    assert len(doc.links_in(0, len(doc.source))) == 1
    doc.links.append(Link(2, 6, "y"))
    assert doc.links_in(0, len(doc.source)) == naive_links_in(doc, 0, len(doc.source))


def test_malformed_links_are_still_answered_exactly() -> None:
    doc = parse("Some text here.\n")
    doc.links.extend([Link(10, 3, "backwards"), Link(1, 4, "fine")])
    for start, end in [(0, 5), (2, 12), (0, 20)]:
        assert doc.links_in(start, end) == naive_links_in(doc, start, end)


def test_the_title_is_the_first_level_one_heading_else_the_first_heading():
    section = Block("heading", 0, 5, heading_level=2)
    top = Block("heading", 10, 15, heading_level=1)
    body = Block("paragraph", 20, 30)
    assert title_of([section, top, body]) is top
    assert title_of([section, body]) is section
    assert title_of([section, body], any_heading=False) is None
    assert title_of([body]) is None


def test_remember_derives_a_blocks_value_once_per_document() -> None:
    doc = parse("First paragraph.\n\nSecond paragraph.\n", "markdown")
    calls: list[str] = []

    def derive(block: Block) -> str:
        calls.append(doc.block_text(block))
        return doc.block_text(block).upper()

    for _ in range(3):
        values = [doc.remember(b, "upper", lambda b=b: derive(b)) for b in doc.blocks]
    assert values == ["FIRST PARAGRAPH.", "SECOND PARAGRAPH."]
    assert calls == ["First paragraph.", "Second paragraph."]


def test_a_warm_linter_tests_only_the_edited_paragraph_for_a_reference_entry(
    monkeypatch,
) -> None:
    # The document rules each ask whether every block is a reference entry; across an
    # editor's keystrokes the engine keeps the answer with the paragraph.
    from ketlint import citations
    from ketlint.engine import Linter
    from ketlint.ruleset import builtin_ruleset

    asked: list[str] = []
    real = citations.is_reference_entry

    def counting(text: str) -> bool:
        asked.append(text)
        return real(text)

    monkeypatch.setattr(citations, "is_reference_entry", counting)
    paragraphs = [f"Paragraph {n} says that a new drug helped {n} patients." for n in range(8)]
    linter = Linter(builtin_ruleset())
    linter.lint_text("\n\n".join(paragraphs) + "\n", path="a.md", format="markdown")
    assert len(set(asked)) == 8
    asked.clear()
    paragraphs[3] = "Paragraph 3 says that a new drug really helped 3 patients."
    linter.lint_text("\n\n".join(paragraphs) + "\n", path="a.md", format="markdown")
    # (readability's reading of the paragraph asks too: once per paragraph read)
    assert set(asked) == {paragraphs[3]}


def test_a_warm_linter_reads_only_the_edited_paragraph_for_the_reference_lists(
    monkeypatch,
) -> None:
    # The reference lists are found again on every lint (two rules ask); what that asks of
    # each block's own text (a list's heading, a note marker, bibliographic text) is kept
    # with the paragraph, so a keystroke reads the edited paragraph only.
    from ketlint import citations
    from ketlint.engine import Linter
    from ketlint.ruleset import builtin_ruleset

    asked: list[str] = []
    real = citations.is_reference_heading

    def counting(text: str) -> bool:
        asked.append(text)
        return real(text)

    monkeypatch.setattr(citations, "is_reference_heading", counting)
    paragraphs = [f"Paragraph {n} says that a new drug helped {n} patients [1]." for n in range(8)]
    entries = ["## References", "1. Smith J, Jones K. A trial. N Engl J Med. 2020;382:1-9."]
    linter = Linter(builtin_ruleset())
    first = linter.lint_text(
        "\n\n".join(paragraphs + entries) + "\n", path="a.md", format="markdown"
    )
    assert "References" in asked
    asked.clear()
    paragraphs[3] = "Paragraph 3 says that a new drug really helped 3 patients [2]."
    text = "\n\n".join(paragraphs + entries) + "\n"
    second = linter.lint_text(text, path="a.md", format="markdown")
    assert set(asked) == {paragraphs[3]}
    # The lists are what a cold linter finds: the unresolved "[2]" is reported either way.
    cold = Linter(builtin_ruleset()).lint_text(text, path="a.md", format="markdown")
    assert [(f.rule, f.start, f.end) for f in second.findings] == [
        (f.rule, f.start, f.end) for f in cold.findings
    ]
    unresolved = text.index("[2]")
    assert any(f.rule == "citation-reference" and f.start == unresolved for f in second.findings)
    assert not any(f.rule == "citation-reference" and f.start < unresolved for f in first.findings)


def test_a_kept_document_does_not_keep_the_engines_paragraph_state() -> None:
    # The language server keeps each open document's parse for code actions: it must not
    # keep, through it, every paragraph's reading of the lint (fifty open articles did).
    from ketlint.engine import Linter
    from ketlint.ruleset import builtin_ruleset

    result = Linter(builtin_ruleset()).lint_text(
        "# A title\n\nA paragraph that says 45% of patients improved.\n",
        path="a.md",
        format="markdown",
        keep_document=True,
    )
    assert result.document is not None
    assert result.document.paragraph_memo is None
