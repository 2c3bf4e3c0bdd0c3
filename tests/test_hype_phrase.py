"""hype-phrase: superlatives and spin are flagged word for word; careful clinical prose is not."""

from __future__ import annotations

import pytest

RULE = "hype-phrase"


@pytest.mark.parametrize(
    "marked",
    [
        # Abola and Prasad's superlatives
        "Doctors hailed the [[breakthrough]].",
        "Two new [[breakthroughs]] in one year.",
        "It is a [[game changer]] for migraine.",
        "A [[game-changing]] implant.",
        "Fans call it a [[miracle]].",
        "The [[miracle drug]] sold out.",
        "She recovered [[miraculously]].",
        "A [[revolutionary]] approach to acne.",
        "It could [[revolutionize]] care.",
        "A [[transformative]] therapy.",
        "[[Groundbreaking]] research on sleep.",
        "A [[ground-breaking]] trial.",
        "A [[home run]] for the company.",
        "Called a [[life saver]] by patients.",
        "A [[medical marvel]].",
        # Metaphors of hope and rescue
        "Ketamine is a [[beacon of hope]].",
        "A [[ray of hope]] for families.",
        "A [[glimmer of hope]].",
        "The pill brings [[new hope]] to patients.",
        "It offers [[hope]] for people with pain.",
        "A [[lifeline]] for rural patients.",
        "The mental health field faces a [[paradigm shift]].",
        "The [[holy grail]] of pain relief.",
        "Not just a test, a [[silver bullet]].",
        "A [[magic bullet]] against flu.",
        "Sold as a [[cure-all]]; some call it a [[panacea]].",
        "A [[life-changing]] operation.",
        "A [[first-of-its-kind]] device.",
        "[[Cutting-edge]] scans.",
        "A [[state-of-the-art]] clinic.",
        "It may [[transform]] treatment for asthma.",
        "It would mark a [[new era]] in surgery.",
        "A [[quantum leap]] in diagnosis.",
    ],
)
def test_superlatives_and_rescue_metaphors_are_flagged(marked, flags):
    flags(marked, RULE)


@pytest.mark.parametrize(
    "marked",
    [
        "The new drug [[cures]] depression.",
        "It [[cured]] my arthritis.",
        "This pill will [[cure]] your migraine.",
        "Scientists say it can quickly [[cure]] acne.",
        "A [[cure]] for baldness is here.",
        "The first real [[cure]] for tinnitus.",
        "The drug is [[curing]] patients in Ohio.",
    ],
)
def test_cure_as_a_claim_is_flagged(marked, flags):
    flags(marked, RULE)


@pytest.mark.parametrize(
    "text",
    [
        "There is no cure for this disease.",
        "There is no known cure.",
        "Antibiotics cannot cure a cold.",
        "Antibiotics can’t cure a cold.",
        "The drug does not cure the infection.",
        "It is not a cure for diabetes.",
        "Surgery rarely cures it.",
        "The cure rate was 80 percent.",
        "Cure rates differ by stage.",
        "Most cases are curable; a few are incurable.",
        "Surgery cures the disorder in more than 95 percent of patients.",
        "Researchers keep searching for a cure.",
        "The aim is to find a cure for the disease.",
        "The team wants to detect, treat, and eventually cure the rash.",
        "Eat less cured meat.",
        "This is not treating the disease or curing it.",
    ],
)
def test_denied_aimed_at_or_quantified_cures_are_not_flagged(text, lint):
    assert lint(text, RULE) == []


@pytest.mark.parametrize(
    "text",
    [
        "It is not a miracle.",
        "There is no silver bullet for obesity.",
        "Exercise isn’t a magic bullet.",
        "The drug is far from a breakthrough.",
        "There are few promising treatments.",
        "Statins are not a panacea.",
        "Vitamin D is no cure-all.",
    ],
)
def test_negated_hype_is_not_flagged(text, lint):
    assert lint(text, RULE) == []


def test_not_only_is_not_a_denial(flags):
    flags("It is not only a [[breakthrough]] but a bargain.", RULE)


@pytest.mark.parametrize(
    "text",
    [
        "The FDA granted the drug Breakthrough Therapy designation.",
        "It received breakthrough therapy status last year.",
        "Some women have breakthrough bleeding on the pill.",
        "Long-acting opioids may not control breakthrough pain.",
        "Vaccinated people can still get breakthrough infections.",
        "Call or text the 988 Suicide & Crisis Lifeline.",
        "The National Suicide Prevention Lifeline is free.",
        "Her history is remarkable for asthma.",
        "A groundbreaking ceremony opened the new clinic.",
        "Read our state-of-the-art review of asthma care.",
    ],
)
def test_technical_terms_and_names_are_not_flagged(text, lint):
    assert lint(text, RULE) == []


@pytest.mark.parametrize(
    "text",
    [
        "A novel coronavirus spread quickly.",
        "The findings were robust across groups.",
        "An innovative clinic opened downtown.",
        "Naloxone is a life-saving medicine.",
        "Blood pressure can drop dramatically when you stand.",
        "Cases rose dramatically in winter.",
        "The rates were remarkably similar.",
        "Ketamine shows promise, but concerns remain.",
        "Profound hearing loss runs in the family.",
        "The pandemic caused unprecedented strain on hospitals.",
        "We hope to learn more next year.",
        "It gave the team hope.",
        "An amazing view of the lake.",
        "He transformed the old garage into a gym.",
    ],
)
def test_words_that_are_neutral_in_clinical_prose_stay_quiet(text, lint):
    assert lint(text, RULE) == []


@pytest.mark.parametrize(
    "marked",
    [
        "Early results look [[promising]].",
        "A [[highly promising]] drug.",
        "A [[promising]] new treatment for gout.",
        "Patients saw [[dramatic]] improvement.",
        "It [[dramatically]] improves sleep.",
        "One of the most [[remarkable]] findings.",
        "[[Unprecedented]] results in the trial.",
        "It has [[profound]] implications for care.",
        "[[Amazing]] results in just a week.",
    ],
)
def test_mild_words_are_flagged_only_where_they_sell_a_result(marked, flags):
    flags(marked, RULE)


def test_strong_terms_weigh_more_than_mild_ones(lint):
    findings = lint("A miracle, a breakthrough, and promising results.", RULE)
    weights = {f.data["term"][:12]: f.data["weight"] for f in findings}
    assert len(findings) == 3
    strong = [w for term, w in weights.items() if not term.startswith("(?:very")]
    assert strong == [1.0, 1.0]
    assert min(weights.values()) < 0.5


def test_mild_words_get_a_milder_message_than_strong_ones(lint):
    [mild, strong] = lint("The promising drug is a miracle.", RULE)
    assert "talks the result up" in mild.message
    assert "no treatment works for everyone" in strong.message


def test_a_suggestion_is_offered_where_a_plainer_word_exists(lint):
    [finding] = lint("A paradigm shift in care.", RULE)
    assert finding.message.endswith("Consider “change”.")


@pytest.mark.parametrize(
    "marked",
    [
        "A **[[beacon** of hope]].",
        "A *[[game changer]]* for asthma.",
        "[[BREAKTHROUGH]] IN CANCER CARE",
        "A [[beacon of\nhope]] in two lines.",
    ],
)
def test_ranges_are_exact_across_emphasis_case_and_line_breaks(marked, flags):
    flags(marked, RULE)


@pytest.mark.parametrize(
    "text",
    [
        "Run `miracle --fix` to start.",
        "See [the review](https://example.org/miracle-breakthrough-cure).",
        "<!-- a miracle breakthrough -->\nPlain words.",
    ],
)
def test_code_link_targets_and_comments_are_never_flagged(text, lint):
    assert lint(text, RULE) == []


def test_link_text_is_read_like_any_prose(flags):
    flags("Read about the [[breakthrough]](https://example.org/x).", RULE)


def test_html_and_plain_text_give_the_same_range(flags):
    flags("<p>A <em>[[ray</em> of hope]].</p>", RULE, fmt="html")
    flags("A [[ray of hope]] for patients.", RULE, fmt="text")


def test_hype_phrase_offers_no_automatic_rewrite(lint):
    findings = lint("A breakthrough and a beacon of hope.", RULE)
    assert findings and all(f.fix is None for f in findings)


def test_a_careful_paragraph_draws_no_warning(lint):
    text = (
        "# Treating gout\n\n"
        "In two trials of 300 adults, the new drug lowered uric acid more than the usual "
        "medicine. About 1 in 10 people had a rash. There is no cure for gout, but treatment "
        "can prevent most attacks. Researchers are still searching for a cure.\n"
    )
    assert lint(text, RULE) == []


def test_a_life_changing_disease_is_not_praise_a_life_changing_drug_is(flags):
    flags(
        "Psoriasis is a life-changing condition. The drug is [[life-changing]], she said.\n",
        "hype-phrase",
    )


@pytest.mark.parametrize(
    "marked",
    [
        "Our results will [[change the standard of care]] for people with gout.",
        "The lead author called the trial [[practice-changing]].",
        "Such a [[practice changer]] comes along once a decade, she said.",
        "The data [[transform clinical practice]] for sinus infections.",
        "The authors [[call for a change in practice]].",
        "A [[change in clinical practice]] is expected within a year.",
        "The patch is the [[new standard of care]] for shingles pain.",
        "This test could [[change the way doctors diagnose]] ear infections.",
        "It will [[forever change the way older patients are cared for]].",
        "The scan marks a [[watershed moment]] for people with back pain.",
    ],
)
def test_a_single_study_said_to_change_practice_is_flagged(marked, flags):
    """The reviewers' reasons name these claims: one study does not change practice."""
    flags(marked, RULE)


@pytest.mark.parametrize(
    "text",
    [
        # Denied, or asked rather than claimed.
        "It is too early to say that the trial is practice-changing.",
        "The study is not practice-changing on its own.",
        "Panels will weigh whether the results should change clinical practice.",
        "Nobody knows if the scan will change the way doctors diagnose back pain.",
        # Changing practice as the work itself, or a river's watershed.
        "The program trains nurses to change practice in their own clinics.",
        "Researchers looked at how hospitals change practice after new guidelines.",
        "Rain in the watershed supplies the city's water.",
        "Nurses change the dressing every day.",
    ],
)
def test_practice_change_that_is_denied_asked_or_not_a_claim_is_not_flagged(text, lint):
    assert lint(text, RULE) == []


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        # A hedged conclusion: what careful trial reports say, worth a look, not a warning.
        ("A single dose may be a safe and effective treatment for gout.", "safe and effective"),
        (
            "The device appears to be safe and effective, said the lead author.",
            "safe and effective",
        ),
        ("The spray seems to be safe and efficacious in adults.", "safe and efficacious"),
        # A field's news, not this work's result.
        ("The meeting shares the latest breakthroughs in eye research.", "breakthroughs"),
        ("Recent medical breakthroughs in asthma care have helped many.", "breakthroughs"),
    ],
)
def test_hedged_safety_claims_and_a_fields_breakthroughs_are_notes(text, phrase, lint):
    (finding,) = lint(text, RULE)
    assert text[finding.start : finding.end] == phrase
    assert finding.severity.name == "INFO"


@pytest.mark.parametrize(
    "marked",
    [
        # "Can be" and plain statements are claims; so is the work's own breakthrough.
        "Blood thinners can be a [[safe and effective]] alternative, the study shows.",
        "The drug is [[safe and effective]] in adults.",
        "Our [[breakthroughs]] will help patients with asthma.",
    ],
)
def test_unhedged_safety_claims_and_the_works_own_breakthroughs_stay_warnings(marked, flags):
    for finding in flags(marked, RULE):
        assert finding.severity.name == "WARNING"
