"""Linting after edits with a warm linter gives what a fresh linter gives.

The engine keeps what every rule (and verdict model) read in each paragraph across
documents: after an edit only the touched paragraph is read again. These tests edit documents at random and compare every result with a
linter that has never seen them.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ketlint.engine import Linter
from ketlint.model import LintResult
from ketlint.ruleset import builtin_ruleset

# Paragraphs written for this test, each touching some rule: figures with and without
# sources, study designs and caveats, harms, costs, funding, suicide, hype, citations.
PARAGRAPHS = [
    "# Ketamine for depression: a breakthrough?",
    "## What the research says",
    "In a randomized controlled trial of 120 adults, 45% improved within a week [1].",
    "Studies show that 70% of patients feel better, and it is a miracle cure.",
    "The drug reduced symptoms by half compared with placebo (Smith et al., 2020).",
    "In rodent models it reversed the changes that stress causes in the brain.",
    "This small pilot study had no control group, so the results are preliminary.",
    "Side effects include nausea, dizziness and a rise in blood pressure.",
    "A course of six infusions costs about $3,000 and insurance rarely covers it.",
    "The study was funded by the company that makes the drug.",
    "Some people with depression have thoughts of suicide.",
    "If you are in crisis, call or text 988 to reach the Suicide & Crisis Lifeline.",
    "Experts believe it is a game changer for patients battling depression.",
    "About 1 in 5 people will have an episode of depression.",
    "## Safety",
    "Talk with your doctor about the risks before you start.",
    # Roman endnote markers in a run (weak citations), the story's end mark, and a blurb
    # after it: what ends the story decides which words the phrase rules count.
    "Relapse was common. ii The risk fell by 10 percent iii and the trial ended early.",
    "###",
    "About the Example Institute: The institute studies mood disorders in adults.",
    "## References",
    "1. Smith J, Jones K. Ketamine in depression. J Psychiatry. 2020;12:1-9.",
    "2. Lee A. Esketamine trials. Lancet. 2019;3:44-50.",
]


def fingerprint(result: LintResult) -> tuple[Any, ...]:
    return (
        [(f.rule, f.start, f.end, f.message, f.severity, f.fix) for f in result.findings],
        [(v.criterion, v.value, v.reason) for v in result.verdicts],
        sorted(result.metrics.items()),
        result.errors,
    )


edits = st.lists(
    st.tuples(
        st.sampled_from(["insert-word", "delete", "duplicate", "replace", "move"]),
        st.integers(0, 10_000),
        st.integers(0, 10_000),
    ),
    min_size=1,
    max_size=8,
)


def apply(paragraphs: list[str], edit: tuple[str, int, int]) -> list[str]:
    kind, a, b = edit
    changed = list(paragraphs)
    i = a % len(changed)
    if kind == "insert-word":
        words = changed[i].split(" ")
        words.insert(b % (len(words) + 1), "really")
        changed[i] = " ".join(words)
    elif kind == "delete" and len(changed) > 1:
        del changed[i]
    elif kind == "duplicate":
        changed.insert(b % (len(changed) + 1), changed[i])
    elif kind == "replace":
        changed[i] = PARAGRAPHS[b % len(PARAGRAPHS)]
    elif kind == "move":
        paragraph = changed.pop(i)
        changed.insert(b % (len(changed) + 1), paragraph)
    return changed


def check_edits(start: list[int], steps: list[tuple[str, int, int]]) -> None:
    ruleset = builtin_ruleset()
    warm = Linter(ruleset)
    paragraphs = [PARAGRAPHS[i % len(PARAGRAPHS)] for i in start]
    versions = [paragraphs]
    for step in steps:
        versions.append(apply(versions[-1], step))
    for version in versions:
        text = "\n\n".join(version) + "\n"
        # With a path, as an editor lints: the engine keeps the last lint's paragraphs and
        # judgements of the document (engine._LastLint) and reuses what did not change.
        kept = warm.lint_text(text, "doc.md", format="markdown")
        fresh = Linter(ruleset).lint_text(text, format="markdown")
        assert fingerprint(kept) == fingerprint(fresh), text


@settings(max_examples=25, deadline=None)
@given(start=st.lists(st.integers(0, len(PARAGRAPHS) - 1), min_size=3, max_size=14), steps=edits)
def test_a_warm_linter_after_edits_agrees_with_a_fresh_one(
    start: list[int], steps: list[tuple[str, int, int]]
) -> None:
    check_edits(start, steps)


def test_the_paragraphs_exercise_the_document_rules() -> None:
    # Guards the test above against passing on text no rule reads.
    text = "\n\n".join(PARAGRAPHS) + "\n"
    result = Linter(builtin_ruleset()).lint_text(text, format="markdown")
    rules = {f.rule for f in result.findings}
    assert {"hype-phrase", "uncited-statistic", "preclinical-claim"} <= rules
    assert {v.criterion for v in result.verdicts} >= {"harms", "costs", "funding_coi"}
