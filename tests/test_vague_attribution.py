"""vague-attribution: "studies show" with no study named or cited in the sentence."""

from __future__ import annotations

import pytest

from ketlint.model import Severity

RULE = "vague-attribution"


@pytest.mark.parametrize(
    "marked",
    [
        "[[Studies show]] that it rewires the brain.",
        "[[Many studies have shown]] that it is safe.",
        "Beyond migraine, [[studies indicate]] benefits for back pain.",
        "[[A recent study found]] that it works in days.",
        "[[Research suggests]] it works faster than pills.",
        "[[Emerging research elucidates]] its role in the brain.",
        "[[Researchers have found]] that it lifts mood.",
        "[[Experts agree]] that the treatment is safe.",
        "[[Doctors say]] it is the future of psychiatry.",
        "[[Science has proven]] that fasting heals the gut.",
        "It is [[clinically proven]] to work.",
        "[[Evidence suggests]] it can cut suicidal thoughts.",
        "[[There is growing evidence that]] it helps.",
        "Its use is [[backed by a growing body of research]].",
        "[[According to experts]], it is safe.",
        "[[It is well known that]] sugar feeds cancer.",
        "[[It has been shown that]] most people recover.",
    ],
)
def test_unnamed_authorities_are_flagged_on_the_attribution_phrase(flags, marked):
    flags(marked, RULE)


@pytest.mark.parametrize(
    "text",
    [
        "Studies show that it eased symptoms within a day (Smith et al., 2020).",
        "Smith et al. (2020) found that studies show the same.",
        "Research suggests it works faster than pills [4].",
        "Research suggests it works faster than pills.²",
        "[Research suggests](https://example.org/trial) it works faster.",
        "Research suggests it works faster.[^1]\n\n[^1]: Lee K. (2019). A trial.",
        "Studies show lasting benefit, according to a review published in JAMA Psychiatry.",
        "Experts say it is safe, according to the CDC.",
    ],
)
def test_a_citation_or_named_source_in_the_sentence_satisfies_it(lint, text):
    assert lint(text, RULE) == []


@pytest.mark.parametrize(
    "text",
    [
        "No evidence shows that cough medicines help young children.",
        "Few studies have found any benefit in children.",
        "More research is needed to understand long-term effects.",
        "Scientists have not yet found a way to stop it.",
        "Researchers are trying to find out why it happens.",
        "Nurses use cold packs to treat sprains.",
        "Ask your doctor whether studies are under way.",
    ],
)
def test_careful_wording_is_not_a_vague_attribution(lint, text):
    assert lint(text, RULE) == []


def test_advice_passed_on_from_experts_is_only_info(lint):
    [advice] = lint("Experts recommend a balanced diet in pregnancy.", RULE)
    [claim] = lint("Experts agree the benefit outweighs the risk.", RULE)
    assert advice.severity == Severity.INFO
    assert claim.severity == Severity.WARNING


@pytest.mark.parametrize(
    "text",
    [
        "Experts believe the benefit outweighs the risk.",
        "Scientists now think the drug protects nerve cells.",
        "Some doctors think it lowers the risk of falls.",
    ],
)
def test_a_belief_is_a_hedge_not_an_appeal_to_authority(lint, text):
    # Reporting what scientists believe signals an open question; it is a note at most.
    assert [f.severity for f in lint(text, RULE)] == [Severity.INFO]


def test_the_message_names_what_is_missing(lint):
    [finding] = lint("Experts agree that it is safe.", RULE)
    assert finding.message.startswith("“Experts agree” does not say which experts")


def test_a_citation_in_the_next_sentence_does_not_count_unless_scope_is_paragraph(flags, lint):
    text = "[[Research suggests]] it works. A trial confirmed it (Lee, 2021)."
    flags(text, RULE)
    plain = text.replace("[[", "").replace("]]", "")
    assert lint(plain, RULE, options={RULE: {"scope": "paragraph"}}) == []


def test_curly_apostrophes_and_html(lint, flags):
    flags("<p>“[[Studies show]],” she said — it’s safe.</p>", RULE, "html")
    assert lint("<p>Studies show it’s safe.<sup>1</sup></p>", RULE, "html") == []


def test_reference_lists_are_not_checked(lint):
    text = (
        "It works (Lee, 2019).\n\n## References\n\n"
        "Lee, K. (2019). Studies show that research suggests things. Mood, 2(1), 1-3.\n"
    )
    assert lint(text, RULE) == []


@pytest.mark.parametrize(
    "text",
    [
        "In the trial, the researchers found that relapse was rare.",
        "Our research suggests the score works as well as a scan.",
        "Mayo Clinic researchers say the results are early.",
        "U.S. researchers found a link in 2,000 adults.",
        "In this study, researchers found fewer infections.",
        "Studies show a benefit, according to new research from Ridgeway University.",
    ],
)
def test_specific_researchers_and_named_institutions_are_not_vague(lint, text):
    assert lint(text, RULE) == []


def test_a_sentence_end_does_not_make_the_next_authority_specific(flags):
    flags("Take vitamin D. [[Experts believe]] it helps.", RULE)


# -- severity: what an editor would change, and what is only a note -------------------


def severities(lint, text: str) -> list[Severity]:
    return [f.severity for f in lint(text, RULE)]


@pytest.mark.parametrize(
    "text",
    [
        "Beyond migraine, studies indicate potential benefits for back pain.",
        "Research indicates promising outcomes for anxiety and PTSD.",
        "Emerging research elucidates its role in promoting new synapses.",
        "Clinical trials and systematic reviews have demonstrated its efficacy.",
        "And research done in recent years suggests it helps.",
        "Studies show that antibiotics cure most ear infections.",
        "It is well known that sugar feeds cancer.",
    ],
)
def test_an_unnamed_authority_behind_what_helps_or_harms_is_a_warning(lint, text):
    assert severities(lint, text) == [Severity.WARNING]


@pytest.mark.parametrize(
    "text",
    [
        "Studies suggest that signalling through the receptor shapes early bone growth.",
        "Researchers discovered that the two syndromes share a gene.",
        "It has been shown that four in five adults in some regions carry the virus.",
        "Studies show that antibiotics can’t cure a cold.",
    ],
)
def test_an_unnamed_authority_behind_background_is_a_note(lint, text):
    # Mechanism, prevalence, history and what does not work: reference pages state these
    # without inline citations, and an editor would not hold the page for them.
    assert severities(lint, text) == [Severity.INFO]


def test_a_condition_is_not_a_claim(lint):
    text = "When large studies show that an experimental drug works better, doctors may adopt it."
    assert lint(text, RULE) == []


NEWS_STORY = (
    "# Walking eases knee pain\n\n"
    "Walking every day eased knee pain in older adults, according to a study published "
    "in the Journal of Joint Health by researchers at Ridgeway University.\n\n"
    "{background}\n\n"
    "The 240 participants walked for 30 minutes a day.\n"
)


def test_background_in_a_news_story_about_a_named_study_is_a_note(lint):
    text = NEWS_STORY.format(
        background="Previous studies have shown that exercise reduces pain in arthritis."
    )
    [finding] = lint(text, RULE)
    assert finding.severity == Severity.INFO
    assert finding.data["placement"] == "background"
    assert "background to the study the story reports" in finding.message


def test_a_story_that_only_quotes_a_named_person_gets_no_background_leniency(lint):
    text = (
        "# A second stomach surgery\n\n"
        "After the surgery, patients feel fuller, Watson says. And research done in "
        "recent years suggests it helps.\n"
    )
    assert severities(lint, text) == [Severity.WARNING]


def test_an_article_that_cites_inline_gets_no_background_leniency(lint):
    # A blog that cites its sources expects every claim to carry one.
    text = (
        "A trial published in JAMA Psychiatry found a rapid effect (Smith et al., 2020). "
        "Response rates reached 60% (Lee, 2019).\n\n"
        "Beyond migraine, studies indicate potential benefits for back pain.\n"
    )
    assert severities(lint, text) == [Severity.WARNING]


def test_an_attributed_lede_named_later_in_the_story_passes(lint):
    # "a study has found" in a story that names its study is that study, not a vague one.
    text = NEWS_STORY.format(
        background="Knee pain eased in most of the walkers, a study has found."
    )
    assert lint(text, RULE) == []


def test_inside_a_named_speakers_quotation_it_is_the_speakers_and_a_note(lint):
    text = '"Previous research has shown that it lowers the risk of stroke," said Dr. Lee.'
    [finding] = lint(text, RULE)
    assert finding.severity == Severity.INFO
    assert finding.data["placement"] == "quotation"


# An article that cites inline, so that no unnamed evidence is background to a study it
# reports (see test_an_article_that_cites_inline_gets_no_background_leniency).
CITING = "Ketamine can act within hours (Gupta et al., 2020).\n\n"


def test_an_appeal_that_leads_in_to_a_named_cited_source_is_a_note(lint):
    # A topic sentence whose evidence follows at once: the next sentence names one source
    # and cites it.
    [finding] = lint(
        CITING + "Beyond migraine, studies indicate benefits for back pain. A meta-analysis "
        "found a large effect in social anxiety (Lee et al., 2021).",
        RULE,
    )
    assert finding.severity == Severity.INFO
    assert "The next sentence names and cites a source" in finding.message


def test_the_source_may_open_the_next_paragraph(lint):
    text = CITING + (
        "Research indicates promising outcomes across these conditions.\n\n"
        "A comprehensive review published in a psychiatry journal (3) pooled the trials.\n"
    )
    assert severities(lint, text) == [Severity.INFO]


@pytest.mark.parametrize(
    "text",
    [
        # Several sources, not one: the appeal is still vague.
        "Clinical trials have demonstrated its efficacy. Multiple randomized trials have "
        "reported response rates of 50% to 70% (NICE, 2018).",
        # One source named but not cited.
        "Studies indicate benefits for anxiety. A meta-analysis found a large effect.",
        # A heading between them: the next section is not its evidence.
        "Studies indicate benefits for anxiety.\n\n## Safety\n\nA trial found few harms (Lee, 2021).\n",
    ],
)
def test_no_single_cited_source_next_is_no_lead_in(lint, text):
    [finding] = lint(CITING + text, RULE)
    assert "The next sentence names and cites" not in finding.message


def test_background_reports_share_the_named_patterns_objects() -> None:
    """A pattern listed in both `named` and `background.reports` is one object, so the
    engine's per-paragraph searches (kept by pattern) make it once; the answers of
    ``read`` are those of patterns compiled apart."""
    import regex

    from ketlint.attribution import ReportedStudy

    options = {
        "named": [r"\bjournal\s+\p{Lu}", r"\bet\s+al\b"],
        "references": [r"\bthe\s+study\b"],
        "background": {"severity": "info", "reports": [r"\bet\s+al\b", r"\bFDA\b"]},
    }
    flags = regex.VERSION1 | regex.IGNORECASE
    study = ReportedStudy.from_options(options, flags)
    assert study is not None and study.background is not None
    assert study.background.reports[0] is study.named[1]
    assert study.background.reports[1] not in study.named

    for prose, expected in [
        ("Smith et al reported it.", (True, True)),
        ("In the journal Nature.", (True, False)),
        ("The FDA approved it.", (False, True)),
        ("Nothing here.", (False, False)),
    ]:
        assert study.read(prose) == expected
