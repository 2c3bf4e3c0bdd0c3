"""missing-safety-section: harms said in forms other than "side effects", and articles where
a risks section is a fair question rather than a plain fault (a suggestion, not a warning)."""

from __future__ import annotations

import math

from test_missing_safety_section import run, verdict
from test_missing_safety_verdict_signals import signals

from ketlint.model import Severity

TEST_STORY = (
    "# A breath test for bowel cancer\n\n"
    "A breath test picked out bowel cancer in a small study. Screening with the breath test "
    "could be cheaper than a colonoscopy, and the screening test takes minutes.\n\n"
)


def test_a_tests_false_alarms_and_needless_follow_up_are_its_harms():
    text = TEST_STORY + (
        "The breath test was wrong in roughly one reading out of five. A few patients would get a "
        "false alarm and face needless invasive procedures.\n"
    )
    result = run(text)
    assert result.findings == []
    assert verdict(result) == "satisfactory"
    assert verdict(run(TEST_STORY)) == "not-satisfactory"


def test_saying_who_should_not_do_it_is_a_harm_discussed():
    text = (
        "# Yoga for older adults with diabetes\n\n"
        "Gentle yoga lowered stress markers in older adults with diabetes. The yoga classes ran "
        "twice a week, and the yoga was adapted for each person.\n\n"
        "Deep twists were avoided in people with back trouble. Faster sessions would not be "
        "appropriate for anyone recovering from a fall.\n"
    )
    assert run(text).findings == []


def test_harms_compared_between_arms_count():
    text = (
        "# A pill instead of injections after cancer clots\n\n"
        "The drug, a pill, was compared with daily injections in people with cancer and clots. "
        "The drug therapy worked as well as the injections.\n\n"
        "Patients on the drug had fewer major bleeding events than those given injections. "
        "Bleeding is a worry for anyone with cancer who needs blood thinners.\n"
    )
    assert run(text).findings == []
    # The same words about the disease alone, with nothing to compare, are not enough.
    uncompared = text.replace(
        "Patients on the drug had fewer major bleeding events than those given injections. ", ""
    )
    assert len(run(uncompared).findings) == 1


def test_a_diseases_death_toll_is_not_a_harm_rate():
    text = (
        "# A urine test for breast cancer\n\n"
        "A urine test may spot breast cancer early. Screening with the urine test could "
        "add to mammography.\n\n"
        "Breast cancer caused 14 percent of all cancer deaths in 2016.\n"
    )
    assert len(run(text).findings) == 1


def test_an_institution_called_medicine_is_not_an_intervention():
    text = (
        "# How telomeres shorten\n\n"
        "Scientists at Johns Hopkins Medicine and Stanford Medicine studied how telomeres "
        "shorten with age. A prize for Medicine went to the field in 2009.\n"
    )
    assert verdict(run(text)) == "not-applicable"


OBSERVATIONAL = (
    "# Breastfeeding and asthma genes\n\n"
    "Children who were breastfed had fewer wheezing illnesses when they carried a gene "
    "variant, a cohort study found. Breastfeeding for longer was linked to fewer symptoms, and "
    "breastfeeding may interact with the variant.\n"
)


def test_an_everyday_exposure_studied_by_observation_gets_a_suggestion_not_a_warning():
    result = run(OBSERVATIONAL)
    [finding] = result.findings
    assert finding.severity == Severity.INFO
    assert "an everyday food, drink, habit or sport" in finding.message
    assert finding.data["mild"].startswith("an everyday food")
    # The verdict is the same question as before: the harms are still not discussed.
    assert verdict(result) == "not-satisfactory"


def test_the_same_exposure_tested_in_a_trial_is_a_suggestion_too():
    # Low risk whether people were observed or assigned to it: a line on harms would help,
    # but its absence is not the fault it is for a drug.
    trial = OBSERVATIONAL.replace("a cohort study found", "a randomized trial found")
    result = run(trial)
    [finding] = result.findings
    assert finding.severity == Severity.INFO
    assert verdict(result) == "not-satisfactory"


def test_mostly_everyday_words_make_a_suggestion_fewer_a_warning():
    mostly = (
        "# Walking and diet after a heart attack\n\n"
        "Walking daily and a Mediterranean diet helped patients recover. Those who kept "
        "walking and kept to the diet also took their usual drug.\n"
    )
    [finding] = run(mostly).findings  # 6 of 7 mentions are habits
    assert finding.severity == Severity.INFO
    less = mostly.replace("Those who kept walking and", "Those who")
    less = less.replace("helped patients recover.", "helped; the drug dose was kept.")  # 5 of 8
    [finding] = run(less).findings
    assert finding.severity == Severity.WARNING


def test_a_treatment_word_among_the_exposures_keeps_the_warning():
    text = OBSERVATIONAL + "\nMothers also took a vitamin supplement and a probiotic drug.\n"
    [finding] = run(text).findings
    assert finding.severity == Severity.WARNING


LABORATORY = (
    "# A drug pair starves prostate cancer cells\n\n"
    "A drug that blocks fat burning made prostate cancer cells sensitive to hormone therapy. "
    "The researchers tested the drug therapy in cancer cell lines and then in mice.\n"
)


def test_laboratory_work_gets_a_suggestion_not_a_warning():
    result = run(LABORATORY)
    [finding] = result.findings
    assert finding.severity == Severity.INFO
    assert "laboratory work" in finding.message
    assert verdict(result) == "not-satisfactory"


def test_laboratory_work_with_patients_treated_gets_the_warning():
    treated = LABORATORY + "\nIn a first study, 12 patients received the drug therapy.\n"
    [finding] = run(treated).findings
    assert finding.severity == Severity.WARNING


def test_one_passing_mention_of_mice_does_not_make_laboratory_work():
    text = (
        "# A new drug for migraine\n\n"
        "The drug eased migraine and the treatment was approved this week. Doctors can "
        "prescribe the medication from June; it was first tried in mice years ago.\n"
    )
    [finding] = run(text).findings
    assert finding.severity == Severity.WARNING


def test_a_treatments_lasting_harms_given_as_rates_count():
    text = (
        "# Surgery or radiation for early prostate cancer\n\n"
        "Men chose surgery or radiation therapy for early prostate cancer. The surgery group "
        "lived as long as the radiation group after the treatment.\n\n"
        "Men who had surgery had higher rates of urinary incontinence (18 percent vs 6 percent).\n"
    )
    result = run(text)
    assert result.findings == []
    assert verdict(result) == "satisfactory"
    # The same outcome named without a number is one passing mention, not a discussion.
    bare = text.replace(" (18 percent vs 6 percent)", "")
    assert verdict(run(bare)) == "not-satisfactory"


def test_who_is_at_risk_of_having_a_condition_is_not_a_harm_of_having_the_treatment():
    text = (
        "# A vitamin supplement in pregnancy\n\n"
        "A vitamin supplement taken in pregnancy raised vitamin levels. The supplement is a "
        "daily tablet, and the vitamin is cheap.\n\n"
        "A blood test could show which women are at greatest risk of passing on a "
        "gene fault. Doctors could then check that those women take the vitamin.\n"
    )
    values = signals(text)
    assert values["own-harm-sentences"] == 0
    # The risks of having the treatment itself are its harms.
    treated = text.replace(
        "are at greatest risk of passing on a gene fault",
        "should weigh the risks of taking high doses",
    )
    assert signals(treated)["own-harm-sentences"] > 0


DEVICE_STORY = (
    "# A cooling cap device for headaches\n\n"
    "A cooling cap device eased headaches in a small study of office workers. Those who "
    "wore the device for an hour a day had fewer headaches, and the device was easy to use.\n"
)


def test_a_story_that_names_no_medicine_or_procedure_gets_a_suggestion():
    # A habit, device or programme: its harms are a fair question, not a plain fault.
    result = run(DEVICE_STORY)
    [finding] = result.findings
    assert finding.severity == Severity.INFO
    assert finding.data["mild"].startswith("no medicine, procedure, test")
    assert verdict(result) == "not-satisfactory"


def test_a_medicine_procedure_test_or_device_in_use_keeps_the_warning():
    for addition in (
        "Some also took a pain medicine.",
        "Some went on to a nerve operation.",
        "Blood tests showed who would benefit.",
        "The cap is now available to patients.",
    ):
        [finding] = run(DEVICE_STORY + addition + "\n").findings
        assert finding.severity == Severity.WARNING, addition


def test_the_risks_associated_with_an_operation_named_by_what_it_removes_are_its_harms():
    text = (
        "# Surgery or radiation for early prostate cancer\n\n"
        "Men chose surgery or radiation for early prostate cancer. The surgery group lived as "
        "long as the radiation group, and the therapy was chosen with a doctor.\n\n"
    )
    warned = (
        "The risks of prostate removal include leaking urine. There are some risks associated "
        "with radiation treatment too.\n"
    )
    assert run(text + warned).findings == []
    assert signals(text + warned)["own-harm-sentences"] == math.log1p(2)  # two sentences
    # The same sentences about who is at risk of the disease are not harms of a treatment.
    at_risk = "Men at risk of prostate cancer should talk to a doctor.\n"
    assert len(run(text + at_risk).findings) == 1


def test_complications_compared_between_groups_without_a_rate_word_count():
    text = (
        "# Injections before heart surgery\n\n"
        "Patients about to have heart surgery were given injections of the drug or of salt "
        "water. The drug injections cut irregular heartbeats after the surgery.\n\n"
        "Complications from the surgery were similar in both groups, including infections.\n"
    )
    [finding] = run(text).findings
    assert finding.data["passage_sentences"] == 1
    assert signals(text)["own-harm-sentences"] > 0
    # Complications named with nothing compared may be the disease's: no passage.
    alone = text.replace(" were similar in both groups, including infections", " can be long")
    [finding] = run(alone).findings
    assert finding.data["passage_sentences"] == 0


def test_a_test_named_by_its_name_is_an_intervention():
    text = (
        "# An electrocardiogram that tells two illnesses apart\n\n"
        "A 15-minute electrocardiogram could tell major depression from bipolar disorder. The "
        "ECG was recorded at rest, and each electrocardiogram took minutes to read.\n"
    )
    [finding] = run(text).findings
    assert "(“electrocardiogram” ×3, “ecg” ×1)" in finding.message
