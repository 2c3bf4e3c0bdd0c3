"""citation-reference: every in-text citation leads to an entry of the reference list."""

from __future__ import annotations

from ketlint.model import Severity
from ketlint.testing import parse_marked

RULE = "citation-reference"

AUTHOR_YEAR = """\
# Ketamine and mood

Relief came fast (Gupta et al., 2020) and guidance agrees (NICE, 2022).
Effects fade in weeks (Krystal & colleagues, 2025; Ortiz, 2021).
Narrative citations count too: Smith et al. (2020) saw the same.

## References

Gupta, A., Dhar, R., & Tampi, R. R. (2020). A systematic review. Psychogeriatrics, 32(8), 1085.

Krystal, J. H., & others. (2025). Ketamine-assisted therapy. Current Options.

National Institute for Health and Care Excellence (NICE). (2022). Guidance on infusion clinics.

Smith, A. B., & colleagues. (2020). A review of anxiety trials. Psychiatry, 45(3), 144.
"""


def test_resolved_author_year_citations_give_nothing(lint):
    text = AUTHOR_YEAR.replace("; Ortiz, 2021", "")
    assert lint(text, RULE) == []


def test_an_unresolved_author_year_citation_is_a_warning_pointing_at_the_references(lint):
    [finding] = lint(AUTHOR_YEAR, RULE)
    cited = AUTHOR_YEAR[finding.start : finding.end]
    assert cited == "(Krystal & colleagues, 2025; Ortiz, 2021)"
    assert finding.severity == Severity.WARNING
    assert "Ortiz, 2021" in finding.message
    [related] = finding.related
    assert AUTHOR_YEAR[related.start : related.end] == "References"


def test_an_entry_nobody_cites_is_info_on_the_entry(lint):
    text = AUTHOR_YEAR.replace(" and guidance agrees (NICE, 2022)", "").replace("; Ortiz, 2021", "")
    [finding] = lint(text, RULE)
    assert finding.severity == Severity.INFO
    assert text[finding.start : finding.end].startswith("National Institute for Health")
    assert text[finding.start : finding.end].endswith("Guidance on infusion clinics.")


NUMBERED_TEXT = """\
Ketamine and the brain: what we know
A meta-analysis in a mood journal (1) found quick relief, and a trial (2) confirmed it.
A review (3) found effects in several disorders.

1. Zeller, C. A., Brandt, P. R., & Ishii, T. N. (2006). A randomized trial. Psychiatry, 63(8), 856.

2. Walker, S. T., Ballard, E. D., ... & Sanz, G. (2018). A single dose. Psychiatry, 75(4), 327.

3. Abbas, C. G., & Adams, T. G. (2016). Mechanism of action. Depression, 33(8), 689.

1 Comment
Rated 5 out of 5 stars.
"""


def test_numbered_citations_resolve_to_a_headless_numbered_list(lint):
    assert lint(NUMBERED_TEXT, RULE, "text") == []


def test_a_number_beyond_the_list_is_flagged_and_an_unused_entry_is_info(lint):
    text = NUMBERED_TEXT.replace("A review (3)", "A review (4)")
    findings = lint(text, RULE, "text")
    assert [(text[f.start : f.end], f.severity) for f in findings] == [
        ("(4)", Severity.WARNING),
        (
            "Abbas, C. G., & Adams, T. G. (2016). Mechanism of action. Depression, 33(8), 689.",
            Severity.INFO,
        ),
    ]
    [related] = findings[0].related
    assert text[related.start : related.end].startswith("Zeller")


def test_numbered_citations_without_any_list_are_one_finding(flags):
    marked = "It helped [[(1)]] and was safe (2). It lasted [3]."
    [finding] = flags(marked, RULE)
    text, _ = parse_marked(marked)
    assert [text[r.start : r.end] for r in finding.related] == ["(2)", "[3]"]
    assert "has none" in finding.message


def test_a_lone_high_number_in_brackets_with_no_list_is_a_count_not_a_lost_note(lint, flags):
    assert lint("Trial: Phase III, Global, Multicenter (317) Patients 1,021 adults.", RULE) == []
    assert len(flags("It helped most adults [[(4)]] in the trial.", RULE)) == 1


def test_no_list_and_no_numbered_citations_gives_nothing(lint):
    assert lint("It helped (Smith et al., 2020), [a trial](https://x.org) found.", RULE) == []
    assert lint("It helped in a trial (n = 120) for major depression (MDD).", RULE) == []


def test_digits_glued_to_a_full_stop_alone_do_not_demand_a_list(lint):
    text = "It affects 100,000 people each year.1 Women are affected more often.2\n"
    assert lint(text, RULE, "text") == []


def test_a_bibliography_nothing_cites_is_further_reading(lint):
    text = "It helps some people.\n\n## Sources\n\n- Lee, K. (2019). A trial.\n- Ray, P. (2020).\n"
    assert lint(text, RULE) == []


def test_markdown_footnotes_resolve_by_label(lint):
    text = (
        "It helped.[^lee] It lasted.[^2] It was cheap.[^9]\n\n"
        "[^lee]: Lee, K. (2019). A trial.\n[^2]: Ray, P. (2020). A review.\n"
    )
    [finding] = lint(text, RULE)
    assert (
        text[finding.start : finding.end] == "9"
    )  # the label a reader sees; the brackets are markup


def test_an_unreferenced_footnote_definition_is_info(lint):
    text = "It helped.[^1]\n\n[^1]: Lee, K. (2019). A trial.\n[^2]: Ray, P. (2020). Review.\n"
    [finding] = lint(text, RULE)
    assert finding.severity == Severity.INFO
    assert text[finding.start : finding.end] == "Ray, P. (2020). Review."


def test_html_superscripts_resolve_to_an_ordered_list_by_position(lint, flags):
    html = (
        "<p>It helped.<sup>1</sup> It lasted.<sup>2</sup></p><h2>References</h2>"
        "<ol><li>Lee, K. (2019). A trial.</li><li>Ray, P. (2020). A review.</li></ol>"
    )
    assert lint(html, RULE, "html") == []
    no_uncited = {RULE: {"report-uncited-entries": False}}
    flags(html.replace("<sup>2</sup>", "<sup>[[3]]</sup>"), RULE, "html", options=no_uncited)


def test_accents_and_case_do_not_matter(lint):
    text = (
        "It helped (Müller & Núñez, 2021a) and (WHO, 2019).\n\n## Bibliography\n\n"
        "- MULLER, K., & Nunez, J. (2021). A trial.\n"
        "- World Health Organization (WHO). (2019). Depression fact sheet.\n"
    )
    assert lint(text, RULE) == []


def test_uncited_entries_can_be_silenced_or_raised(lint):
    text = AUTHOR_YEAR.replace(" and guidance agrees (NICE, 2022)", "").replace("; Ortiz, 2021", "")
    assert lint(text, RULE, options={RULE: {"report-uncited-entries": False}}) == []
    [finding] = lint(text, RULE, options={RULE: {"uncited-entry-severity": "warning"}})
    assert finding.severity == Severity.WARNING


# -- reference lists in press-release formats ---------------------------------------


def test_entry_numbers_glued_to_the_first_word_are_still_numbers(lint):
    # A superscript entry number flattened with the page: "2Okafor-Lind, T. A. ...".
    text = (
        "The bar was developed over ten years (2, 3) and may help metabolism (1).\n\n"
        "References\n\n"
        "1 Novak, P. R., & Ito, K. (2016) A fibre bar. Journal of Snack Science, 12, 4-11.\n\n"
        "2Okafor-Lind, T. A., & Ito, K. (2013) A vitamin bar. J Snack Sci 9, 2210.\n\n"
        "3 Ito, K. (2007) Nutrient budgets. Food Rev 41, 1120-1131.\n"
    )
    assert lint(text, RULE) == []


def test_a_glued_first_entry_joins_the_numbered_list_after_it(lint):
    text = (
        "The device was approved for five years of use.[1] Most users chose it [2] "
        "and long-acting methods are rising [3].\n\n"
        "1Coilex Prescribing Information, March 2019.\n\n"
        "2 Harlow PD, Mensah QR. Shifts in device choice. Contracept Rev, 2018, 22(4):301-309.\n\n"
        "3 Oduya BK, Fenn T. Trends in device use. Health data brief, 2017.\n"
    )
    assert lint(text, RULE) == []


def test_numbered_notes_for_editors_are_a_reference_list(lint):
    text = (
        "Activity was grouped by level per week.[2] Deaths were recorded.[1]\n\n"
        "Notes for editors\n\n"
        "1. Ansel M, Varga P, et al. Walking in later life. Presented at "
        "HeartCongress 2015, Porto.\n\n"
        "2. METs are a measure of the energy cost of physical activity, as defined in 2015.\n\n"
        "About the congress\n\n"
        "The congress, held in 2015, is the leading meeting in preventive cardiology.\n"
    )
    assert lint(text, RULE) == []


def test_notes_for_editors_without_numbers_are_contacts_not_references(lint):
    text = (
        "Activity helped (see 1).\n\n"
        "NOTES TO EDITORS:\n\n"
        "Contact the press office during the 2015 congress.\n"
    )
    findings = lint(text, RULE)
    # The press notes are no reference list: nothing is reported as a never-cited entry.
    assert all("never cited" not in f.message for f in findings)
