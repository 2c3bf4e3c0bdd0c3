"""Only prose is linted, and every range maps back to the exact source characters."""

from __future__ import annotations

from ketlint.parsing import parse
from ketlint.positions import LineIndex


def prose_words(text: str, fmt: str) -> list[str]:
    return parse(text, fmt).prose.split()


def test_prose_mask_has_the_length_of_the_source_and_keeps_newlines():
    text = "# Title\n\nSome *emphasis* and `code`.\r\nMore text.\n"
    doc = parse(text, "markdown")
    assert len(doc.prose) == len(text)
    assert [i for i, c in enumerate(text) if c == "\n"] == [
        i for i, c in enumerate(doc.prose) if c == "\n"
    ]


def test_markdown_markup_code_urls_and_link_targets_are_not_prose():
    text = (
        "---\ntitle: A miracle\nauthor: Ana\n---\n"
        "# A real title\n\n"
        "Read [the miracle study](https://example.org/miracle) or https://miracle.example.com now.\n\n"
        'Inline `miracle()` code and <span class="miracle">tag</span>.\n\n'
        "```\nmiracle in a fence\n```\n\n"
        "    miracle in an indented block\n\n"
        "<!-- miracle in a comment -->\n\n"
        "![miracle image](miracle.png)\n\n"
        "[ref]: https://example.org/miracle\n"
    )
    words = prose_words(text, "markdown")
    assert words.count("miracle") == 1  # only the visible link text
    assert "A" in words and "title" in words and "title:" not in words
    assert "https://example.org/miracle" not in " ".join(words)


def test_front_matter_is_metadata_not_prose():
    doc = parse("---\nauthor: Dr. Ana Souza\ndate: 2024-05-01\n---\nBody text.\n", "markdown")
    assert doc.metadata["author"] == "Dr. Ana Souza"
    assert "Souza" not in doc.prose


def test_markdown_headings_nest_into_sections():
    doc = parse(
        "# Title\n\nIntro.\n\n## Risks\n\nText.\n\n### Details\n\nMore.\n\n## Costs\n\nPrice.\n",
        "markdown",
    )
    top = doc.sections
    assert [s.title(doc) for s in top] == ["Title"]
    assert [s.title(doc) for s in top[0].children] == ["Risks", "Costs"]
    assert [s.title(doc) for s in top[0].children[0].children] == ["Details"]
    assert doc.block_text(doc.title_block) == "Title"


def test_list_items_blockquotes_and_table_cells_are_prose_without_their_markers():
    text = "> - first item\n>   continued\n\n| Drug | Effect |\n|---|---|\n| A | helps |\n"
    doc = parse(text, "markdown")
    assert doc.prose.split() == ["first", "item", "continued", "Drug", "Effect", "A", "helps"]
    kinds = {b.kind for b in doc.blocks}
    assert {"list-item", "table-cell"} <= kinds


def test_links_and_footnotes_are_recorded_as_citation_anchors():
    doc = parse("A claim [source](https://x.org) and a note[^1].\n\n[^1]: The note.\n", "markdown")
    kinds = sorted(link.kind for link in doc.links)
    assert kinds == ["footnote", "link"]
    link = next(link for link in doc.links if link.kind == "link")
    assert doc.source[link.start : link.end] == "source"


def test_html_text_is_prose_and_tags_attributes_scripts_are_not():
    text = (
        '<html><head><title>t</title><meta name="author" content="Bo Li"></head><body>'
        '<h1>Head</h1><p title="miracle">A <a href="/miracle">study</a> says so<sup>2</sup>.</p>'
        "<script>var miracle = 1;</script><pre>miracle</pre></body></html>"
    )
    doc = parse(text, "html")
    assert "miracle" not in doc.prose
    assert doc.metadata["author"] == "Bo Li"
    assert [doc.block_text(b) for b in doc.headings] == ["Head"]
    assert {link.kind for link in doc.links} == {"link", "superscript"}


def test_plain_text_headings_are_short_unpunctuated_lines_set_apart():
    text = (
        "Ketamine Therapy for Depression Today\n"
        "Written by a clinician.\n"
        "Mechanism of Action\n"
        "Ketamine blocks a receptor. It acts fast.\n\n"
        "Risks\n\n"
        "Some people feel dizzy.\n"
    )
    doc = parse(text, "text")
    assert [doc.block_text(b) for b in doc.headings] == [
        "Ketamine Therapy for Depression Today",
        "Mechanism of Action",
        "Risks",
    ]
    assert doc.title_block is not None and doc.title_block.heading_level == 1


def test_plain_text_urls_are_not_prose():
    doc = parse("See https://example.org/miracle-cure for more.\n", "text")
    assert "miracle" not in doc.prose
    assert doc.prose.split() == ["See", "for", "more."]


def test_sentences_split_around_abbreviations_decimals_and_citations():
    text = (
        "Smith et al. found a 2.5 point drop, e.g. in mood (1). Dr. Lee disagreed vs. others. "
        "Results were mixed [2]. “Quotes end here.” Next one starts.\n"
    )
    doc = parse(text, "text")
    sentences = [text[s.start : s.end] for s in doc.sentences]
    assert sentences == [
        "Smith et al. found a 2.5 point drop, e.g. in mood (1).",
        "Dr. Lee disagreed vs. others.",
        "Results were mixed [2].",
        "“Quotes end here.”",
        "Next one starts.",
    ]


def test_utf16_columns_count_astral_characters_twice():
    text = "😀 café — miracle"
    index = LineIndex(text)
    offset = text.index("miracle")
    assert index.position(offset, "codepoint") == (0, 9)
    assert index.position(offset, "utf-16") == (0, 10)
    assert index.position(offset, "utf-8") == (0, len("😀 café — ".encode()))
    assert index.offset(0, 10, "utf-16") == offset
