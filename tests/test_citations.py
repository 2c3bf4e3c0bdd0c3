"""Finding in-text citations and reference lists, and resolving one against the other."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ketlint import citations
from ketlint.citations import (
    AuthorYear,
    Citation,
    find_citations,
    in_reference_list,
    reference_entries,
    reference_lists,
    resolve,
)
from ketlint.document import Document
from ketlint.parsing import parse


def citations_of(text: str, fmt: str = "markdown") -> list[Citation]:
    doc = parse(text, fmt)
    return [c for block in doc.blocks for c in find_citations(doc, block.start, block.end)]


def only_citation(text: str, fmt: str = "markdown") -> Citation:
    found = citations_of(text, fmt)
    assert len(found) == 1, found
    return found[0]


# -- author-year ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("It works (Smith et al., 2020).", [("Smith", "2020")]),
        ("It works (Smith et al. 2020).", [("Smith", "2020")]),
        ("It works (Smith & Jones, 2019; Lee, 2021a).", [("Smith", "2019"), ("Lee", "2021a")]),
        ("It works (Smith, Jones, & Lee, 2019).", [("Smith", "2019")]),
        ("It works (NICE, 2018).", [("NICE", "2018")]),
        ("It works (Therapy Summary Group, 2025).", [("Therapy Summary Group", "2025")]),
        (
            "It works (National Institute for Health and Care Excellence, 2018).",
            [("National Institute for Health and Care Excellence", "2018")],
        ),
        ("It works (see WHO, 2021, p. 4).", [("WHO", "2021")]),
        ("It works (e.g., Ortiz, 2019, 2020).", [("Ortiz", "2019"), ("Ortiz", "2020")]),
        ("It works (Lee, 2020a, b).", [("Lee", "2020a"), ("Lee", "2020b")]),
        ("It works (Müller et al., 2020).", [("Müller", "2020")]),
        ("It works (O’Brien & colleagues, 2018).", [("O’Brien", "2018")]),
        ("It works (van der Berg et al., 2017).", [("van der Berg", "2017")]),
    ],
)
def test_parenthetical_author_year_citations_and_their_keys(text, keys):
    citation = only_citation(text)
    assert citation.kind == "author-year"
    assert citation.keys == tuple(AuthorYear(name, year) for name, year in keys)


def test_a_parenthetical_citation_covers_exactly_its_parentheses():
    text = "Response was fast (Halvorsen et al., 2025)."
    doc = parse(text)
    citation = only_citation(text)
    assert doc.source[citation.start : citation.end] == "(Halvorsen et al., 2025)"


@pytest.mark.parametrize(
    ("text", "cited", "name"),
    [
        ("Smith et al. (2020) gave it to adults.", "Smith et al. (2020)", "Smith"),
        ("As Smith and Jones (2019) showed, it works.", "Smith and Jones (2019)", "Smith"),
        ("Lee (2021) found a small benefit.", "Lee (2021)", "Lee"),
        ("In Ortiz et al. (2018), most improved.", "Ortiz et al. (2018)", "Ortiz"),
        ("According to Nakamura (2016), it is safe.", "Nakamura (2016)", "Nakamura"),
    ],
)
def test_narrative_citations_start_at_the_author(text, cited, name):
    doc = parse(text)
    citation = only_citation(text)
    assert doc.source[citation.start : citation.end] == cited
    assert citation.keys[0].name == name


@pytest.mark.parametrize(
    "text",
    [
        "It was approved in (2019) after a long review.",
        "The clinic opened in Boston (2019) and grew.",
        "Sales rose in (January 2020) and fell.",
        "The label was revised (Updated March 2021).",
    ],
)
def test_a_year_in_parentheses_without_an_author_is_not_a_citation(text):
    assert citations_of(text) == []


# -- numbered -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("It works (1).", (1,)),
        ("It works (1, 3).", (1, 3)),
        ("It works (2-4).", (2, 3, 4)),
        ("It works (2–4, 7).", (2, 3, 4, 7)),
        ("It works [1].", (1,)),
        ("It works [1-3].", (1, 2, 3)),
        ("It works [1,2].", (1, 2)),
        ("A trial in the Journal of Mood (1) found a benefit.", (1,)),
    ],
)
def test_numbered_citations(text, numbers):
    citation = only_citation(text)
    assert citation.kind == "numbered"
    assert citation.keys == numbers


@pytest.mark.parametrize(
    "text",
    [
        "In a trial (n = 120), most improved.",
        "Major depressive disorder (MDD) is common.",
        "The odds were higher (95% CI 1.2-3.4).",
        "The difference was significant (p < 0.05).",
        "Social anxiety improved (odds ratio = 28.94).",
        "The results are in Figure (1) below.",
        "See Table [2] for doses.",
        "Take two (2) tablets.",
        "Two steps help: (1) rest and (2) drink fluids.",
        "They defined it as (1) a blow to the head, (2) a score above 40 and (3) a short test.",
        "The score f(1) is defined below.",
        "The scale runs (10-5) in reverse.",
        "Side effects were headache (2), nausea (3), a rash (1) and dizziness (1).",
        "Of the cases, 4 were mild (2), moderate (2) or severe (0).",
    ],
)
def test_parentheses_that_only_look_like_citations(text):
    assert citations_of(text) == []


def test_numbers_after_list_items_are_citations_when_they_rise():
    found = citations_of("It helps with pain (1), sleep (2) and mood (3).")
    assert [c.keys for c in found] == [(1,), (2,), (3,)]


def test_a_citation_one_then_a_citation_two_after_a_noun_are_not_an_enumeration():
    found = citations_of("Ketamine (1) helps some adults, and esketamine (2) helps others.")
    assert [c.keys for c in found] == [(1,), (2,)]


def test_falling_numbers_in_another_sentence_do_not_hide_citations():
    found = citations_of("Pain (3) and sleep (1) were counted. Mood improved (2).")
    assert [c.keys for c in found] == [(2,)]


# -- superscripts and links -----------------------------------------------------


def test_unicode_superscript_digits_are_numbered_citations():
    found = citations_of("Relapse is common.¹,³ Another claim.²⁻⁴")
    assert [c.keys for c in found] == [(1, 3), (2, 3, 4)]
    assert all(c.kind == "superscript" for c in found)


@pytest.mark.parametrize("text", ["The room is 20 m² in size.", "About 10⁶ cells per mL."])
def test_exponents_are_not_superscript_citations(text):
    assert citations_of(text) == []


def test_markdown_links_and_footnote_references_are_citations():
    text = "It works [in trials](https://example.org/a) and lasts.[^2]\n\n[^2]: Lee K. (2019).\n"
    found = citations_of(text)
    assert [(c.kind, c.keys) for c in found[:2]] == [("link", ()), ("footnote", ("2",))]


def test_mail_and_page_anchor_links_are_not_citations():
    text = "Write to [us](mailto:team@example.org) or go [back](#top)."
    assert citations_of(text) == []


def test_a_link_to_a_reference_anchor_is_a_numbered_citation():
    citation = only_citation("It works [3](#ref-3).")
    assert (citation.kind, citation.keys) == ("link", (3,))


def test_html_sup_is_a_citation_but_an_exponent_or_ordinal_is_not():
    html = "<p>It works.<sup>2</sup> The room is 20 m<sup>2</sup>. The 1<sup>st</sup> dose.</p>"
    found = citations_of(html, "html")
    assert [(c.kind, c.keys) for c in found] == [("superscript", (2,))]


def test_html_sup_with_brackets_is_one_citation():
    found = citations_of("<p>It works.<sup>[4]</sup></p>", "html")
    assert [(c.kind, c.keys) for c in found] == [("superscript", (4,))]


def test_digits_glued_to_a_full_stop_are_weak_citations():
    found = citations_of("It affects 100,000 people each year.2 The disorder is rare.", "text")
    assert [(c.kind, c.keys, c.weak) for c in found] == [("superscript", (2,), True)]


def test_a_flattened_superscript_after_a_closing_quote_is_a_weak_citation():
    text = '"There is more work ahead," 2 said Dr. Okoro. "It works," 3 People agree.'
    found = citations_of(text, "text")
    assert [(c.keys, c.weak) for c in found] == [((2,), True), ((3,), True)]
    # A count after a quotation is no citation: "Yes," 2 patients said.
    assert citations_of('"Yes," 2 patients said.', "text") == []


def test_digits_glued_to_a_percent_sign_are_weak_citations():
    found = citations_of("Walnuts lowered LDL cholesterol by 9-16%2 and blood pressure.", "text")
    assert [(c.kind, c.keys, c.weak) for c in found] == [("superscript", (2,), True)]
    # With a space, or a second percentage, the digits are figures of their own.
    assert citations_of("Rates were 9% 2 years later and 40%-50% after.", "text") == []


def test_a_run_of_roman_numeral_endnotes_are_weak_citations():
    # A word processor numbers endnotes i, ii, iii ...; flattened, they stand after sentences.
    text = (
        "Surgery has grown safer. iv The risk of death is about 0.2 percent v and serious "
        "complications affect about 3 percent. vi About half of patients return home in a day."
    )
    found = citations_of(text, "text")
    assert [(text[c.start : c.end], c.keys, c.weak) for c in found] == [
        ("iv", (4,), True),
        ("v", (5,), True),
        ("vi", (6,), True),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The case was Roe v Wade. It changed the law.",
        "It helped. v The next test failed. ix Nobody knew why.",
        "We tried it. i But it failed.",
    ],
)
def test_lone_or_unordered_roman_numerals_are_not_citations(text):
    assert citations_of(text, "text") == []


@pytest.mark.parametrize(
    "text",
    [
        "The dose was 2.5 Many patients improved.",
        "The result is in Fig.2 Patients improved.",
        "Stock rose at the U.S.1 Exchange.",
    ],
)
def test_other_digits_after_a_full_stop_are_not_citations(text):
    assert citations_of(text, "text") == []


# -- reference lists ------------------------------------------------------------

AUTHOR_YEAR_ARTICLE = """\
# Ketamine for depression

Response rates were high (Gupta et al., 2020). Guidance agrees (NICE, 2022).
Summaries differ (Review Collective, 2024) and so do blogs (Clinic Notes, 2025).

## References

Gupta, A., Dhar, R., & Tampi, R. R. (2020). A systematic review. Psychogeriatrics, 32(8), 1085–1096.

National Institute for Health and Care Excellence (NICE). (2022). Guidance on infusion clinics.

Review Collective. (2024, May). Ketamine evidence summary.

Clinic Notes. (2025). Pros and cons of infusions. https://example.org/pros-and-cons

Comments
"""


def test_a_headed_reference_list_and_its_entries():
    doc = parse(AUTHOR_YEAR_ARTICLE)
    [ref_list] = reference_lists(doc)
    assert ref_list.heading is not None and doc.block_text(ref_list.heading) == "References"
    assert [e.year for e in ref_list.entries] == ["2020", "2022", "2024", "2025"]
    assert ref_list.entries[1].acronyms == ("NICE",)
    assert ref_list.entries[0].author_tokens[:2] == ("gupta", "a")


def test_every_author_year_citation_resolves_against_its_entry():
    doc = parse(AUTHOR_YEAR_ARTICLE)
    entries = reference_entries(doc)
    body = [b for b in doc.blocks if not in_reference_list(doc, b.start, b.end)]
    citations = [c for b in body for c in find_citations(doc, b.start, b.end)]
    assert len(citations) == 4
    for citation in citations:
        resolved, unresolved = resolve(citation, entries)
        assert unresolved == [], citation
        assert len(resolved) == 1


def test_the_reference_section_is_recognised_in_plain_text_too():
    text = (
        "Ketamine for depression and anxiety\n"
        "It works (Lee, 2019).\n"
        "Sources\n"
        "Lee, K. (2019). A trial. Journal of Mood, 2(1), 3-4.\n"
        "Comments\n"
    )
    doc = parse(text, "text")
    [ref_list] = reference_lists(doc)
    assert [e.year for e in ref_list.entries] == ["2019"]


def test_a_paragraph_that_only_says_references_heads_a_list():
    text = "It works (Lee, 2019).\n\n**References:**\n\n- Lee, K. (2019). A trial.\n"
    [ref_list] = reference_lists(parse(text))
    assert len(ref_list.entries) == 1


NUMBERED_PLAIN_TEXT = """\
Ketamine and the brain: what we know
A meta-analysis in a mood journal (1) found quick relief, and a trial (2) confirmed it.

1. Zeller, C. A., Brandt, P. R., & Ishii, T. N. (2006). A randomized trial. Psychiatry, 63(8), 856.

2. Walker, S. T., Ballard, E. D., ... & Sanz, G. (2018). A single dose. Psychiatry, 75(4), 327.

1 Comment
"""


def test_a_numbered_list_without_a_heading_is_a_reference_list():
    doc = parse(NUMBERED_PLAIN_TEXT, "text")
    [ref_list] = reference_lists(doc)
    assert ref_list.heading is None
    assert [(e.number, e.year) for e in ref_list.entries] == [(1, "2006"), (2, "2018")]
    citations = [
        c
        for b in doc.blocks
        for c in find_citations(doc, b.start, b.end)
        if not in_reference_list(doc, c.start, c.end)
    ]
    assert [resolve(c, ref_list.entries)[1] for c in citations] == [[], []]


def test_a_numbered_list_of_steps_is_not_a_reference_list():
    text = (
        "How to prepare\n\n1. Eat nothing after 2020 hours.\n"
        "2. Bring your 2019 test results, J. Smith said.\n"
    )
    assert reference_lists(parse(text, "markdown")) == []


def test_a_wrapped_reference_line_belongs_to_its_entry():
    text = (
        "## References\n\n1. Lee K, Ortiz C. A trial.\n\n   Journal of Mood. 2019;3:1-9.\n\n"
        "2. Ray P. Another. 2020.\n"
    )
    doc = parse(text)
    [ref_list] = reference_lists(doc)
    assert [e.number for e in ref_list.entries] == [1, 2]
    assert doc.source[ref_list.entries[0].start : ref_list.entries[0].end].endswith("1-9.")


def test_chrome_after_a_numbered_list_is_not_part_of_its_last_entry():
    text = "## References\n\n1. Lee K. A trial. 2019.\n\nComments\n"
    doc = parse(text)
    [entry] = reference_entries(doc)
    assert doc.source[entry.start : entry.end] == "Lee K. A trial. 2019."


def test_markdown_footnote_definitions_are_a_reference_list():
    text = "It works.[^a] It lasts.[^2]\n\n[^a]: Lee K. (2019). A trial.\n[^2]: Ray P. (2020).\n"
    doc = parse(text)
    entries = reference_entries(doc)
    assert [(e.label, e.number) for e in entries] == [("a", None), ("2", 2)]


def test_html_ordered_list_entries_are_numbered_by_position():
    html = (
        "<p>It works.<sup>2</sup></p><h2>References</h2>"
        "<ol><li>Lee K. A trial. 2019.</li><li>Ray P. Another. 2020.</li></ol>"
    )
    doc = parse(html, "html")
    assert [e.number for e in reference_entries(doc)] == [1, 2]


# -- resolving --------------------------------------------------------------------


def entries_for(references: str) -> tuple[Document, list]:
    doc = parse("Body text.\n\n## References\n\n" + references)
    return doc, reference_entries(doc)


@pytest.mark.parametrize(
    ("citation", "reference"),
    [
        ("(Smith et al., 2020)", "Smith, A. B., & colleagues. (2020). A review.\n"),
        ("(Halvorsen et al., 2025)", "Halvorsen, E. K., & others. (2025). A review.\n"),
        ("(NICE, 2022)", "National Institute for Health and Care Excellence (NICE). (2022). X.\n"),
        ("(CDC, 2020)", "Centers for Disease Control and Prevention. (2020). Data.\n"),
        ("(Müller, 2019)", "Muller, K. (2019). A trial.\n"),
        ("(Muller, 2019)", "Müller, K. (2019). A trial.\n"),
        ("(Lee, 2021a)", "Lee, K. (2021). A trial.\n"),
        ("(SMITH, 2020)", "Smith, A. (2020). A trial.\n"),
        ("(World Health Organization, 2017)", "The World Health Organization. (2017). Report.\n"),
        ("(van der Berg et al., 2017)", "van der Berg, J. (2017). A trial.\n"),
        ("(Therapy Summary Group, 2025)", "Therapy Summary Group. (2025, April). Summary.\n"),
    ],
)
def test_author_year_resolution_is_tolerant(citation, reference):
    _, entries = entries_for(reference)
    cite = only_citation(f"It works {citation}.")
    resolved, unresolved = resolve(cite, entries)
    assert unresolved == [] and len(resolved) == 1


@pytest.mark.parametrize(
    ("citation", "reference"),
    [
        ("(Smith et al., 2021)", "Smith, A. B. (2020). A review.\n"),
        ("(Smithson, 2020)", "Smith, A. B. (2020). A review.\n"),
        ("(Jones, 2020)", "Smith, A. B., & Jones, C. (2020). A review.\n"),
    ],
)
def test_author_year_resolution_needs_first_author_and_year(citation, reference):
    _, entries = entries_for(reference)
    cite = only_citation(f"It works {citation}.")
    assert resolve(cite, entries)[1] == list(cite.keys)


def test_numbered_citations_resolve_by_number_and_report_the_missing_ones():
    doc = parse("It works (1, 3).\n\n## References\n\n1. Lee K. A trial. 2019.\n2. Ray P. 2020.\n")
    cite = next(c for b in doc.blocks for c in find_citations(doc, b.start, b.end))
    resolved, unresolved = resolve(cite, reference_entries(doc))
    assert [key for key, _ in resolved] == [1]
    assert unresolved == [3]


def test_reference_lists_are_computed_once_per_document():
    doc = parse(AUTHOR_YEAR_ARTICLE)
    assert reference_lists(doc) is reference_lists(doc)


ROMAN_PIECES = [
    ".", "!", "?", '"', "”", "’", ")", "%", " ", "  ", "\n", "per cent", "percent", "cent",
    "i", "ii", "iii", "iv", "v", "vi", "ix", "x", "xi", "xx", "The", "and", "or", "but", "risk",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(ROMAN_PIECES), min_size=1, max_size=30),
    cut=st.tuples(st.floats(0, 1), st.floats(0, 1)),
)
def test_the_scan_before_roman_endnotes_never_rules_a_marker_out(
    pieces: list[str], cut: tuple[float, float]
) -> None:
    # citations._roman_notes searches for markers only where _BEFORE_ROMAN_NOTE is found.
    text = "".join(pieces)
    start, end = sorted(int(x * len(text)) for x in cut)
    if citations._ROMAN_NOTE.search(text, start, end) is not None:
        reach = max(0, start - citations._BEFORE_ROMAN_NOTE_CHARS)
        assert citations._BEFORE_ROMAN_NOTE.search(text, reach, end) is not None
