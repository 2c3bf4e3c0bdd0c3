"""citation-mismatch: what a sentence says about its source against the entry it cites."""

from __future__ import annotations

import json

import pytest

from ketlint.cli import main
from ketlint.kinds.citation_mismatch import Journals
from ketlint.model import Severity

RULE = "citation-mismatch"

# Invented articles and entries: no sentence here comes from a real page.
VANCOUVER = """\
# Sprays and drips

A pooled meta-analysis reported in the Journal of Affective Disorders (1) saw mood lift by
the second morning.

A randomized controlled trial in JAMA Psychiatry (2) followed patients with dark thoughts.

An extensive review published in Neuroscience & Biobehavioral Reviews (3) covered many
conditions.

A study published in Biological Psychiatry (4) looked at nerve branches in stressed rats.

## References

1. Okafor T, Brandt L. A randomized trial of a glutamate blocker in stubborn low mood. Arch Gen Psychiatry. 2009;66(4):300-8.
2. Lindqvist P, Moreau S. Single infusions and dark thoughts: a systematic review and pooled patient meta-analysis. JAMA Psychiatry. 2019;76(2):150-9.
3. Haddad R, Kowalski E. How the drip works: routes to fast relief. Depress Anxiety. 2017;34(5):400-9.
4. Fernandes M, Ito K. Broken synapses in low mood: where treatment could aim. Science. 2013;339(6120):70-4.
"""


def spans(text, findings):
    return [(text[f.start : f.end], f.data["aspect"]) for f in findings]


def test_each_contradiction_is_reported_on_its_own_words(lint):
    findings = lint(VANCOUVER, RULE)
    assert spans(VANCOUVER, findings) == [
        ("meta-analysis", "design"),
        ("Journal of Affective Disorders", "journal"),
        ("randomized controlled trial", "design"),
        ("Neuroscience & Biobehavioral Reviews", "journal"),
        ("Biological Psychiatry", "journal"),
    ]
    assert all(f.severity == Severity.WARNING for f in findings)


def test_messages_name_what_the_entry_says(lint):
    findings = lint(VANCOUVER, RULE)
    by_claim = {VANCOUVER[f.start : f.end]: f.message for f in findings}
    assert "is a randomized trial" in by_claim["meta-analysis"]
    assert "Arch Gen Psychiatry" in by_claim["Journal of Affective Disorders"]
    assert "is a meta-analysis" in by_claim["randomized controlled trial"]
    assert "Depress Anxiety" in by_claim["Neuroscience & Biobehavioral Reviews"]


def test_related_information_points_at_the_cited_entry(lint):
    findings = lint(VANCOUVER, RULE)
    for finding in findings:
        [related] = finding.related
        entry = VANCOUVER[related.start : related.end]
        assert entry.startswith(("Okafor", "Lindqvist", "Haddad", "Fernandes"))
    first = findings[0].related[0]
    assert VANCOUVER[first.start : first.end].startswith("Okafor T, Brandt L.")


def test_a_title_silent_on_design_contradicts_no_design(lint):
    # Entry 3's title states no design: "extensive review" is not checked against it.
    findings = lint(VANCOUVER, RULE)
    assert ("review", "design") not in spans(VANCOUVER, findings)
    assert not any(f.data["aspect"] == "design" and "(3)" in f.message for f in findings)


def test_descriptions_that_agree_give_nothing(lint):
    text = VANCOUVER
    text = text.replace(
        "A pooled meta-analysis reported in the Journal of Affective Disorders",
        "A randomized trial published in the Archives of General Psychiatry",
    )
    text = text.replace(
        "A randomized controlled trial in JAMA Psychiatry", "A systematic review in JAMA Psychiatry"
    )
    text = text.replace("Neuroscience & Biobehavioral Reviews", "Depression and Anxiety")
    text = text.replace("Biological Psychiatry (4)", "Science (4)")
    assert lint(text, RULE) == []


def test_a_renamed_journal_is_the_same_journal(lint):
    text = VANCOUVER.replace("the Journal of Affective Disorders (1)", "JAMA Psychiatry (1)")
    text = text.replace("A pooled meta-analysis", "A randomized trial")
    assert [f for f in lint(text, RULE) if "(1)" in f.message] == []


AUTHOR_YEAR = """\
# Drips

Relief came within a day in a randomized controlled trial (Okafor & Brandt, 2009).
A meta-analysis of randomized trials (Lindqvist et al., 2019) pooled the results.

## References

Okafor, T., & Brandt, L. (2009). Dark thoughts after one infusion: a meta-analysis of individual patients. Journal of Affective Disorders, 118(2), 10-19.

Lindqvist, P., Moreau, S. (2019). Drips for low mood: a meta-analysis of randomized trials. The Lancet Psychiatry, 6(3), 200-10.
"""


def test_author_year_citations_are_compared_too(lint):
    findings = lint(AUTHOR_YEAR, RULE)
    assert spans(AUTHOR_YEAR, findings) == [("randomized controlled trial", "design")]


@pytest.mark.parametrize(
    "sentence",
    [
        "No randomized trial has yet tested the spray (1).",
        "A larger randomized trial is needed to settle it (1).",
        "A randomized trial would settle it (1).",
        "Unlike a case report, a randomized trial (1) controls for chance.",
        "Randomized trials (1) are the best evidence.",
    ],
)
def test_designs_spoken_of_as_missing_wanted_or_plural_are_not_claims(lint, sentence):
    text = f"# Drips\n\n{sentence}\n\n## References\n\n1. Haddad R. Fast relief: a systematic review. Depress Anxiety. 2017;34(5):400-9.\n"
    assert lint(text, RULE) == []


def test_sentences_citing_several_entries_are_left_alone(lint):
    text = VANCOUVER.replace(
        "Journal of Affective Disorders (1)", "Journal of Affective Disorders (1, 3)"
    )
    assert not any("(1" in f.message for f in lint(text, RULE))


def test_a_journal_named_without_a_cue_is_not_a_claim(lint):
    text = "# Drips\n\nEditors at Biological Psychiatry praised the idea (1).\n\n## References\n\n1. Haddad R. Fast relief. Depress Anxiety. 2017;34(5):400-9.\n"
    assert lint(text, RULE) == []


def test_common_word_journals_need_their_capital(lint):
    text = "# Drips\n\nMany advances were reported in science (1).\n\n## References\n\n1. Haddad R. Fast relief. Depress Anxiety. 2017;34(5):400-9.\n"
    assert lint(text, RULE) == []


def test_a_longer_name_than_the_one_known_is_not_a_claim(lint):
    text = "# Drips\n\nA review published in Nature Reviews Drug Targets (1) said so.\n\n## References\n\n1. Haddad R. Fast relief. Nat Rev Drug Targets. 2017;34(5):400-9.\n"
    assert lint(text, RULE) == []


def test_an_unknown_entry_journal_is_never_a_contradiction(lint):
    text = "# Drips\n\nA study published in The Lancet (1) said so.\n\n## References\n\n1. Haddad R. Fast relief. Journal of Mood Letters. 2017;34(5):400-9.\n"
    assert lint(text, RULE) == []


def test_journal_words_in_an_entry_title_are_not_its_journal(lint):
    # "Depression and anxiety" opens the title; the journal is one the list does not know.
    text = "# Drips\n\nA study published in Depression and Anxiety (1) said so.\n\n## References\n\n1. Haddad R. Depression and anxiety in students. Mood Letters. 2017;34(5):400-9.\n"
    assert lint(text, RULE) == []


def test_years_and_authors(lint):
    text = (
        "# Drips\n\nA 2011 study (1) found relief. Nakamura and colleagues (1) saw it too. "
        "A 2016 trial (1) agreed.\n\n## References\n\n"
        "1. Haddad R, Kowalski E. Fast relief. Depress Anxiety. 2017;34(5):400-9.\n"
    )
    findings = lint(text, RULE)
    assert spans(text, findings) == [("2011", "year"), ("Nakamura", "author")]


def test_journal_data_is_read_with_variants():
    journals = Journals(["Journal of Affective Disorders | J Affect Disord", "Science"])
    assert journals.identify("journal of  affective disorders") == journals.identify(
        "J Affect Disord"
    )
    assert journals.written_as_name("Science")
    assert not journals.written_as_name("science")


def test_the_json_and_sarif_outputs_carry_the_entry(tmp_path, capsys):
    path = tmp_path / "article.md"
    path.write_text(VANCOUVER, encoding="utf-8")
    entry_line = (
        VANCOUVER.splitlines().index(
            next(line for line in VANCOUVER.splitlines() if line.startswith("1. Okafor"))
        )
        + 1
    )

    main(["check", "--isolated", "--select", RULE, "--format", "json", str(path)])
    data = json.loads(capsys.readouterr().out)
    finding = data["files"][0]["findings"][0]
    assert finding["related"][0]["start"]["line"] == entry_line
    main(["check", "--isolated", "--select", RULE, "--format", "sarif", str(path)])
    result = json.loads(capsys.readouterr().out)["runs"][0]["results"][0]
    region = result["relatedLocations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == entry_line
    assert result["relatedLocations"][0]["message"]["text"].endswith("(1)")


def test_naming_the_family_of_a_journal_is_loose_not_wrong(lint):
    text = "# Drips\n\nA trial published in JAMA (1) said so. A trial in The Lancet (2) agreed.\n\n## References\n\n1. Haddad R. Fast relief. JAMA Psychiatry. 2017;74(5):400-9.\n2. Ito K. Fast relief again. Lancet Psychiatry. 2018;5(1):40-9.\n"
    assert lint(text, RULE) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "The randomized trial matched what earlier studies had found (1).",
        "Approval followed the institutional review board's advice (1).",
        "Two meta-analyses (1) pooled the trials.",
    ],
)
def test_design_words_about_other_work_are_not_claims(lint, sentence):
    text = f"# Drips\n\n{sentence}\n\n## References\n\n1. Haddad R. Fast relief: a cohort study. Depress Anxiety. 2017;34(5):400-9.\n"
    assert lint(text, RULE) == []


def test_a_meta_analysis_of_trials_is_still_a_claim(lint):
    text = "# Drips\n\nA meta-analysis of nine trials (1) found relief.\n\n## References\n\n1. Haddad R. Fast relief: a cohort study. Depress Anxiety. 2017;34(5):400-9.\n"
    [finding] = lint(text, RULE)
    assert text[finding.start : finding.end] == "meta-analysis"


def test_a_senior_author_hidden_by_et_al_is_not_a_contradiction(lint):
    text = "# Drips\n\nNakamura and colleagues (1) saw it.\n\n## References\n\n1. Haddad R, Ito K, et al. Fast relief. Depress Anxiety. 2017;34(5):400-9.\n"
    assert lint(text, RULE) == []


def test_a_first_name_does_not_count_against_the_surname(lint):
    text = "# Drips\n\nRana Haddad and colleagues (1) saw it.\n\n## References\n\n1. Haddad R, Ito K. Fast relief. Depress Anxiety. 2017;34(5):400-9.\n"
    assert lint(text, RULE) == []


def test_the_language_server_gives_the_entry_as_related_information(lint):
    from ketlint.lsp.convert import finding_to_diagnostic
    from ketlint.positions import LineIndex

    finding = lint(VANCOUVER, RULE)[0]
    diagnostic = finding_to_diagnostic(finding, LineIndex(VANCOUVER), "utf-16", "file:///a.md")
    [related] = diagnostic.related_information or []
    lines = VANCOUVER.splitlines()
    assert lines[related.location.range.start.line].startswith("1. Okafor")
    assert related.location.uri == "file:///a.md"


@pytest.mark.parametrize(
    "sentence",
    [
        "After the 2011 review, the agency changed its guidance (1).",
        "A trial published in The Lancet found the same, as later studies confirmed (1).",
        "Nakamura and colleagues disagreed, but newer findings (1) settled it.",
    ],
)
def test_claims_followed_by_other_work_are_not_compared(lint, sentence):
    text = f"# Drips\n\n{sentence}\n\n## References\n\n1. Haddad R, Ito K. Fast relief: a cohort study. Depress Anxiety. 2017;34(5):400-9.\n"
    assert lint(text, RULE) == []


def test_a_journal_name_between_design_and_citation_is_no_other_work(lint):
    text = "# Drips\n\nA meta-analysis in Neuroscience & Biobehavioral Reviews (1) said so.\n\n## References\n\n1. Haddad R. Fast relief: a cohort study. Neurosci Biobehav Rev. 2017;34(5):400-9.\n"
    [finding] = lint(text, RULE)
    assert text[finding.start : finding.end] == "meta-analysis"
