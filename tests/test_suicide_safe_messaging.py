"""suicide-safe-messaging: a crisis resource wherever suicide is mentioned, and safe wording."""

from __future__ import annotations

import pytest

from ketlint.engine import Linter
from ketlint.fixes import applicable_fixes, apply_fixes
from ketlint.model import Finding
from ketlint.ruleset import builtin_ruleset
from ketlint.testing import parse_marked

RULE = "suicide-safe-messaging"


def run(text: str, fmt: str = "markdown", **options: object) -> list[Finding]:
    ruleset = builtin_ruleset().with_overrides({RULE: dict(options)} if options else {})
    result = Linter(ruleset, [RULE]).lint_text(text, format=fmt)
    assert not result.errors, result.errors
    return result.findings


def test_the_first_mention_is_flagged_exactly(flags):
    [finding] = flags(
        "# Ketamine and mood\n\nKetamine may reduce [[suicidal]] thoughts. It is studied for "
        "suicide prevention too.\n",
        RULE,
    )
    assert "(“suicidal”, 2 mentions)" in finding.message
    assert "988" in finding.message


def test_a_single_mention_is_enough_and_says_so():
    [finding] = run("# Mood\n\nThe study counted deaths from suicide.\n")
    assert "(“suicide”, 1 mention)" in finding.message


def test_a_mention_in_a_heading_counts_and_the_fix_goes_to_the_next_paragraph():
    text = "# Ketamine\n\n## Suicide and depression\n\nKetamine is being studied.\n"
    [finding] = run(text)
    assert text[finding.start : finding.end] == "Suicide"
    fix = finding.fix
    assert fix is not None and not fix.safe
    assert fix.start == fix.end == text.index("studied.") + len("studied.")
    fixed = apply_fixes(text, [fix])
    assert "studied. If you or someone you know is thinking about suicide, call or" in fixed
    assert run(fixed) == []


@pytest.mark.parametrize(
    "resource",
    [
        "Call or text 988 any time.",
        "The 988 Suicide & Crisis Lifeline is free.",
        "Reach the Suicide and Crisis Lifeline by phone.",
        "In the UK, Samaritans answer on 116 123.",
        "Text HOME to 741741 to reach the Crisis Text Line.",
        "In Australia, call Lifeline on 13 11 14.",
        "Find a helpline near you at [Find a Helpline](https://findahelpline.com).",
        "If you are in danger, call 911 now.",
        "Local crisis services can help.",
    ],
)
def test_a_crisis_resource_anywhere_satisfies_it(resource):
    text = f"# Ketamine\n\nKetamine may ease suicidal thoughts.\n\n{resource}\n"
    assert run(text) == []


def test_a_link_to_a_crisis_service_satisfies_it_even_without_naming_it():
    text = "# Ketamine\n\nKetamine may ease suicidal thoughts. [Get help now](tel:988).\n"
    assert run(text) == []
    text = (
        "# Ketamine\n\nKetamine may ease suicidal thoughts. [Get help](https://988lifeline.org/).\n"
    )
    assert run(text) == []


@pytest.mark.parametrize(
    "near_miss",
    [
        "It offers a potential lifeline for patients.",  # a metaphor, not a crisis line
        "The study enrolled 988 patients.",  # a number, not the line
        "Patients in crisis need support.",
    ],
)
def test_near_misses_are_not_resources(near_miss):
    text = f"# Ketamine\n\nKetamine may ease suicidal thoughts. {near_miss}\n"
    assert len(run(text)) == 1


def test_text_without_suicide_is_left_alone():
    assert run("# Ketamine\n\nKetamine may ease low mood within hours.\n") == []


def test_resources_are_configurable_per_locale():
    text = "# Kétamine\n\nLa kétamine réduit les idées suicidaires. Appelez le 3114, 24 h/24.\n"
    topics = [r"\bsuicid\w*"]
    assert len(run(text, topics=topics)) == 1
    assert run(text, topics=topics, requires=[r"\b3114\b"]) == []


def test_a_mention_only_in_the_reference_list_does_not_count():
    text = (
        "# Ketamine\n\nKetamine eases low mood.\n\n## References\n\n"
        "1. Harrow, D. M. (2017). Ketamine and suicidal ideation. Journal of Mood Research, 31(2), "
        "144-152.\n"
    )
    assert run(text) == []


@pytest.mark.parametrize(
    ("wording", "replacement", "safe"),
    [
        ("committed suicide", "died by suicide", True),
        ("Committed suicide", "Died by suicide", True),
        ("commit suicide", "die by suicide", True),
        ("commits suicide", "dies by suicide", True),
        ("committing suicide", "dying by suicide", True),
        ("attempted to commit suicide", "attempted suicide", True),
        ("failed suicide attempt", "suicide attempt", True),
        ("failed suicide attempts", "suicide attempts", True),
        ("an unsuccessful suicide attempt", "a suicide attempt", True),
        ("completed suicides", "suicide deaths", True),
    ],
)
def test_discouraged_wording_gets_the_recommended_wording(wording, replacement, safe):
    text = f"# Grief\n\nThe report counted {wording} in 2020. Call or text 988 for help.\n"
    [finding] = run(text)
    assert text[finding.start : finding.end] == wording
    assert finding.fix is not None
    assert finding.fix.replacement == replacement and finding.fix.safe is safe
    assert f"“{replacement.lower()}”" in finding.message.lower()


def test_completed_suicide_is_a_verb_after_a_subject_and_a_noun_elsewhere():
    verb = "# Grief\n\nHe later completed suicide. Call or text 988 for help.\n"
    [finding] = run(verb)
    assert verb[finding.start : finding.end] == "completed suicide"
    assert finding.fix.replacement == "died by suicide" and finding.fix.safe
    noun = "# Grief\n\nRates of completed suicide rose. Call or text 988 for help.\n"
    [finding] = run(noun)
    assert noun[finding.start : finding.end] == "completed suicide"
    assert finding.fix is None  # only a suggestion: the grammar depends on the sentence
    assert "“suicide death”" in finding.message


def test_successful_suicide_is_only_a_suggestion():
    text = "# Grief\n\nShe made a successful suicide attempt. Call or text 988 for help.\n"
    [finding] = run(text)
    assert text[finding.start : finding.end] == "successful suicide attempt"
    assert finding.fix is None


def test_both_problems_are_reported_together_and_safe_fixes_apply():
    marked = (
        "# A family's story\n\nHer brother [[committed suicide]] at 19. "
        "Many people who [[attempt to commit suicide]] survive.\n"
    )
    text, expected = parse_marked(marked)
    findings = run(text)
    first = text.index("suicide")
    assert sorted((f.start, f.end) for f in findings) == sorted([(first, first + 7), *expected])
    fixed = apply_fixes(text, applicable_fixes(findings))
    assert "Her brother died by suicide at 19." in fixed


def test_discouraged_wording_is_whole_words_only():
    text = "# Grief\n\nThey recommitted suicidepreventionfunds. Call or text 988 for help.\n"
    assert run(text) == []


def test_plain_text_and_non_ascii_documents():
    text = "Ketamin und Stimmung heute\n\nKetamin kann suizidale Gedanken — “suicidal” — lindern.\n"
    [finding] = run(text, fmt="text")
    assert text[finding.start : finding.end] == "suicidal"
