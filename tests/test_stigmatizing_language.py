"""stigmatizing-language: labels and victim words get person-first wording; near misses pass."""

from __future__ import annotations

import pytest

from ketlint.engine import Linter
from ketlint.fixes import applicable_fixes, apply_fixes
from ketlint.model import Severity
from ketlint.ruleset import builtin_ruleset

RULE = "stigmatizing-language"


@pytest.mark.parametrize(
    "marked",
    [
        # Substance use (NIDA "Words Matter")
        "Many [[addicts]] relapse.",
        "He was a [[heroin addict]] for years.",
        "As a [[recovering addict]], she mentors others.",
        "A [[former addict]] spoke.",
        "Police arrested two [[junkies]].",
        "Programs for [[drug abusers]] were cut.",
        "[[Substance abuse]] is common.",
        "Rates of [[drug abuse]] fell.",
        "[[Prescription drug abuse]] rose.",
        "[[Alcohol abuse]] harms the liver.",
        "[[Opioid abuse]] is rising.",
        "Teens who [[abuse]] prescription painkillers.",
        "The [[abuse]] of opioids is widespread.",
        "He funded his [[heroin habit]] by theft.",
        "My father is an [[alcoholic]].",
        "The [[alcoholic]] in the story.",
        "Children of [[alcoholics]] are at risk.",
        "[[Crack babies]] were a myth.",
        "Her test came back [[dirty]] for opioids.",
        "He failed a [[dirty]] drug test.",
        "She has been [[clean]] for three years.",
        "Now [[clean]] and sober.",
        "On [[opioid replacement therapy]].",
        # Victim and battle framing
        "She [[suffers from]] asthma.",
        "People who [[suffer from]] migraine.",
        "He [[suffered from]] gout.",
        "Children [[suffering from]] eczema.",
        "Most [[suffered with]] arthritis.",
        "Hay fever [[sufferers]] should stay inside.",
        "Millions [[suffer from]] chronic pain.",
        "Some suffer from depression symptoms, some [[suffer from]] depression.",
        "Patients who [[suffer from]] chronic hepatitis C infection.",
        "She [[suffers from]] the disease.",
        "Families [[afflicted with]] the disease.",
        "A village [[stricken by]] cholera.",
        "A [[victim of cancer]].",
        "[[Stroke victims]] need rehab.",
        "[[Victims of AIDS]] were shunned.",
        "She is [[battling breast cancer]].",
        "He [[battled depression]] for a decade.",
        "People [[battling with addiction]].",
        "She [[lost her battle with]] cancer.",
        # Mental health
        "Care for [[the mentally ill]].",
        "A [[mentally ill]] man.",
        "The patient was called a [[psycho]].",
        "That sounds [[crazy]].",
        "He was a [[schizophrenic]].",
        "[[Schizophrenics]] were institutionalized.",
        "A study of [[schizophrenic]] patients.",
        # Chronic conditions and disability
        "[[Diabetics]] should check their feet.",
        "She is a [[diabetic]].",
        "The [[diabetic]] patients were older.",
        "An [[epileptic]] had a seizure.",
        "[[Asthmatics]] need inhalers.",
        "He is [[wheelchair-bound]].",
        "She is [[confined to a wheelchair]].",
        "Parking for [[the handicapped]].",
        "He was called a [[cripple]].",
        "He was left [[crippled]] by polio.",
        "An outdated term was [[mental retardation]].",
    ],
)
def test_labels_and_victim_words_are_flagged(marked, flags):
    flags(marked, RULE)


@pytest.mark.parametrize(
    "text",
    [
        # Events, not labels
        "He suffered a stroke last year.",
        "She suffered a fall at home.",
        "Pain relief reduces suffering.",
        # Symptoms, complications and injuries happen to a person; they are not who they are
        "Most suffered with pain.",
        "After a concussion, patients may suffer from light sensitivity.",
        "Women suffering from severe menstrual pain took part.",
        "One in five men suffer from incontinence after surgery.",
        "Half of them suffered from side effects.",
        "Patients suffering from the wound infection need care.",
        "Every year, half a million people suffer from a sports injury.",
        "People with dental phobia suffer from poorer oral health.",
        "The trial suffered from a lack of controls.",
        # A group named by a condition it does not have labels no one
        "Non-diabetic adults served as controls.",
        "The non-epileptic group slept longer.",
        # The verb, not the noun
        "A missing enzyme can cripple an embryo.",
        "The strike crippled the hospital.",
        # Abuse that is not about substances; victims of crimes
        "Child abuse must be reported.",
        "Elder abuse is underreported.",
        "He was the victim of a crime.",
        "Victims of the flood need shelter.",
        "Victims of domestic abuse can call a hotline.",
        # Adjectives that describe things, not people
        "Limit alcoholic drinks to one a day.",
        "An alcoholic beverage has ethanol.",
        "Non-alcoholic fatty liver disease is common.",
        "Diabetic retinopathy can cause blindness.",
        "Diabetic ketoacidosis is an emergency.",
        "An epileptic seizure can last minutes.",
        # Clean and dirty in their ordinary senses
        "Keep the wound clean and dry.",
        "Collect a clean-catch urine sample.",
        "Wash dirty hands before eating.",
        "Use clean needles.",
        # Names of agencies, programs and groups
        "The Substance Abuse and Mental Health Services Administration runs a helpline.",
        "The National Institute on Drug Abuse funds research.",
        "The National Institute on Alcohol Abuse and Alcoholism has a guide.",
        "Alcoholics Anonymous meets weekly.",
        # Hobbies, emotions and other words
        "He is a news junkie.",
        "An adrenaline junkie took up skydiving.",
        "The grief-stricken family gathered.",
        "Battery life is short.",
        "The team battled the heat.",
        "The body fights infection.",
        "He has depression and takes medicine.",
        "She uses a wheelchair.",
        "People with a substance use disorder can recover.",
    ],
)
def test_near_misses_stay_quiet(text, lint):
    assert lint(text, RULE) == []


def test_committed_suicide_is_left_to_the_safe_messaging_rule(lint):
    assert lint("He committed suicide last spring.", RULE) == []


def test_the_message_names_the_problem_and_offers_person_first_words(lint):
    [finding] = lint("Many addicts relapse.", RULE)
    assert finding.message == (
        "“addicts” labels a person by their substance use. "
        "Consider “person with a substance use disorder”."
    )


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("Substance abuse is common.\n", "Substance use is common.\n"),
        ("Rates of prescription drug abuse rose.\n", "Rates of prescription drug misuse rose.\n"),
    ],
)
def test_safe_fixes_apply_and_keep_the_capital(text, fixed):
    result = Linter(builtin_ruleset(), [RULE]).lint_text(text, format="markdown")
    assert apply_fixes(text, applicable_fixes(result.findings)) == fixed


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("She suffers from asthma.\n", "She has asthma.\n"),
        ("People who suffer from migraine rest.\n", "People who have migraine rest.\n"),
        ("Children suffering from eczema itch.\n", "Children living with eczema itch.\n"),
        ("Help the mentally ill.\n", "Help people with mental illness.\n"),
        ("Drug abuse fell.\n", "Drug use fell.\n"),
    ],
)
def test_replacements_that_need_a_writers_eye_are_unsafe_fixes(text, fixed):
    result = Linter(builtin_ruleset(), [RULE]).lint_text(text, format="markdown")
    assert applicable_fixes(result.findings) == []
    assert apply_fixes(text, applicable_fixes(result.findings, unsafe=True)) == fixed


def test_words_without_a_grammatical_replacement_get_no_fix(lint):
    findings = lint("Addicts and diabetics, wheelchair-bound, battling depression.", RULE)
    assert len(findings) == 4
    assert all(f.fix is None for f in findings)


@pytest.mark.parametrize(
    "marked",
    [
        "She **[[suffers** from]] asthma.",
        "She [[SUFFERS FROM]] ASTHMA.",
        "He [[battled\nchronic depression]] for years.",
        "Her test came back [[dirty]] for opioids and she wasn’t an [[alcoholic]].",
    ],
)
def test_ranges_are_exact_across_emphasis_case_and_line_breaks(marked, flags):
    flags(marked, RULE)


def test_a_fix_is_withheld_where_markup_sits_inside_the_words(lint):
    [finding] = lint("She **suffers** from asthma.", RULE)
    assert finding.fix is None


@pytest.mark.parametrize(
    "text",
    [
        "Run `addicts --list` to see them.",
        "See [the survey](https://example.org/substance-abuse-addicts).",
        "<!-- suffers from -->\nPlain text.",
    ],
)
def test_code_link_targets_and_comments_are_never_flagged(text, lint):
    assert lint(text, RULE) == []


def test_html_gives_the_same_range(flags):
    flags("<p>Most <b>[[diabetics]]</b> check daily.</p>", RULE, "html")


# -- whose words they are -----------------------------------------------------------


def test_a_label_inside_a_direct_quote_is_info_and_says_it_is_a_quote(lint):
    [finding] = lint("“I don’t feel like a diabetic,” she said.", RULE)
    assert finding.severity is Severity.INFO
    assert finding.message == (
        "“diabetic” is inside a direct quotation, so it is the speaker's word, not the "
        "writer's; an editor may still paraphrase the quote."
    )


def test_the_same_label_in_the_writers_words_next_to_the_quote_is_a_warning(lint):
    text = 'Most diabetics test daily. "Diabetics know the drill," a nurse said.'
    warning, info = lint(text, RULE)
    assert (text[warning.start : warning.end], warning.severity) == ("diabetics", Severity.WARNING)
    assert (text[info.start : info.end], info.severity) == ("Diabetics", Severity.INFO)


def test_a_quote_carried_over_from_the_paragraph_before_is_still_a_quote(lint):
    text = (
        'Dr. Lee said: "We treated forty people.\n\n'
        '"Many had been addicts for years, and most relapsed."\n'
    )
    [finding] = lint(text, RULE)
    assert finding.severity is Severity.INFO


def test_a_safe_fix_inside_a_quote_is_never_applied(lint):
    text = 'He said: "Substance abuse is common here."\n'
    [finding] = lint(text, RULE)
    assert finding.fix is not None and not finding.fix.safe
    result = Linter(builtin_ruleset(), [RULE]).lint_text(text, format="markdown")
    assert applicable_fixes(result.findings) == []


def test_a_house_rule_can_keep_quoted_labels_as_warnings(lint):
    options = {RULE: {"in-quotes-severity": "warning"}}
    [finding] = lint('"Addicts relapse," he said.', RULE, options=options)
    assert finding.severity is Severity.WARNING


def test_labels_in_press_release_boilerplate_are_info(lint):
    text = (
        "# Trial results\n\n"
        "The drug helped people with depression.\n\n"
        "About Acme\n\n"
        "Acme makes medicines for stroke victims.\n"
    )
    [finding] = lint(text, RULE)
    assert text[finding.start : finding.end] == "stroke victims"
    assert finding.severity is Severity.INFO
    assert "boilerplate" in finding.message


def test_the_story_before_the_boilerplate_keeps_its_warnings(lint):
    text = "# Trial\n\nThe drug helped stroke victims.\n\n###\n\nAbout Acme\n\nAcme.\n"
    [finding] = lint(text, RULE)
    assert finding.severity is Severity.WARNING
