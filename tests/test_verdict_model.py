"""Verdict models: a rule's verdict decided by learned weights over signals it reads.

The weights live in the rule file (``verdict-model``), are fitted offline by
``benchmarks/fit_verdicts.py``, and are applied at run time as plain arithmetic.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ketlint.engine import Linter
from ketlint.model import LintResult
from ketlint.ruleset import Ruleset, builtin_ruleset, load_rule_dirs
from ketlint.verdict_model import decide_value

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import verdict_fit  # noqa: E402

RULE = "missing-cost"

KNEE = """# New knee implant eases arthritis pain

Surgeons report that the implant eased pain in 200 patients a year after surgery.

Most patients walked without a cane after the operation.
"""
PRICED = KNEE + "\nThe implant costs $8,000, and most insurers pay for it.\n"


def with_model(model: dict[str, Any] | None) -> Ruleset:
    ruleset = builtin_ruleset().copy()
    ruleset.specs[RULE] = replace(ruleset.specs[RULE], verdict_model=model)
    return ruleset


def lint(text: str, ruleset: Ruleset) -> LintResult:
    result = Linter(ruleset, [RULE]).lint_text(text, format="markdown")
    assert not result.errors, result.errors
    return result


def costs_verdict(result: LintResult) -> tuple[str, str]:
    [verdict] = [v for v in result.verdicts if v.criterion == "costs"]
    return verdict.value, verdict.reason


PRICE_DECIDES = {
    "signals": {
        "price": {"patterns": [r"\$\d"], "label": "a price"},
        "surgery": {"patterns": [r"\bsurgery\b"], "label": "surgery talk"},
    },
    "weights": {"price": 4.0, "surgery": -1.0},
    "bias": -1.0,
}


def test_the_model_decides_the_verdict_from_counted_sentences():
    ruleset = with_model(PRICE_DECIDES)
    assert costs_verdict(lint(PRICED, ruleset))[0] == "satisfactory"
    value, reason = costs_verdict(lint(KNEE, ruleset))
    assert value == "not-satisfactory"


def test_an_overruled_verdict_names_the_signals_that_moved_it():
    # The rule itself finds the priced article satisfactory; this model weighs surgery
    # talk against it and says why.
    against = {**PRICE_DECIDES, "weights": {"price": 0.0, "surgery": -3.0}, "bias": 1.0}
    value, reason = costs_verdict(lint(PRICED, with_model(against)))
    assert value == "not-satisfactory"
    assert reason.startswith("on balance (score ")
    assert "surgery talk (−)" in reason


def test_a_finding_that_states_the_verdict_goes_when_the_model_finds_the_article_satisfactory():
    lenient = {**PRICE_DECIDES, "weights": {}, "bias": 1.0}
    own = lint(KNEE, with_model(None))
    assert [f.rule for f in own.findings] == [RULE]  # the rule's own reading: no price
    overruled = lint(KNEE, with_model(lenient))
    assert costs_verdict(overruled)[0] == "satisfactory"
    assert overruled.findings == []


def test_the_rules_not_applicable_stands_whatever_the_model_says():
    harsh = {**PRICE_DECIDES, "weights": {}, "bias": -5.0}
    page = "# Sleep\n\nMost adults sleep about seven hours a night, surveys say.\n"
    assert costs_verdict(lint(page, with_model(harsh)))[0] == "not-applicable"
    assert decide_value("not-applicable", -5.0) == "not-applicable"
    assert decide_value("satisfactory", -0.1) == "not-satisfactory"
    assert decide_value("not-satisfactory", 0.0) == "satisfactory"


def test_the_builtin_harms_model_tells_a_quantified_harms_passage_from_a_promotion():
    ruleset = builtin_ruleset()
    linter = Linter(ruleset, ["missing-safety-section"])
    promotion = (
        "# Ketamine infusions for depression\n\n"
        "Our clinic offers ketamine infusions for depression. The treatment works within hours.\n\n"
        "Each infusion takes forty minutes, and the medication is given through a drip.\n"
    )
    careful = promotion + (
        "\n## Risks and side effects\n\n"
        "In the trial, 12% of patients had nausea and 8% felt dizzy after an infusion. "
        "Side effects included a rise in blood pressure in 1 in 10 patients. "
        "Two of the 120 patients stopped the treatment because of side effects.\n"
    )
    verdicts = {
        name: {v.criterion: v.value for v in linter.lint_text(text, format="markdown").verdicts}
        for name, text in (("promotion", promotion), ("careful", careful))
    }
    assert verdicts["promotion"]["harms"] == "not-satisfactory"
    assert verdicts["careful"]["harms"] == "satisfactory"


@pytest.mark.parametrize(
    ("model", "problem"),
    [
        ("{signals: {a: {patterns: ['x']}}, weights: {b: 1}}", "weights name unknown signals: b"),
        ("{signals: {a: {patterns: ['(']}}}", "verdict-model signal 'a' patterns"),
        ("{signals: {a: {option: nothing}}}", "the rule has no list option 'nothing'"),
        ("{signals: {a: {patterns: ['x'], scope: everywhere}}}", "scope must be one of"),
        ("{signals: {a: {from: rule-not-satisfactory, patterns: ['x']}}}", "exactly one of"),
        ("{signals: {a: {patterns: ['x']}}, bias: high}", "'bias' must be a number"),
    ],
)
def test_a_broken_verdict_model_names_its_file_line_and_problem(tmp_path, model, problem):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "house.yml").write_text(
        "version: 1\nrules:\n"
        "  - id: house-cost\n    kind: disclosure\n    criterion: costs\n"
        "    message: no cost\n"
        "    options:\n      applies-if: ['implant']\n      statements: ['\\$\\d']\n"
        f"    verdict-model: {model}\n",
        encoding="utf-8",
    )
    ruleset, errors = load_rule_dirs([rules])
    assert "house-cost" not in ruleset.specs
    [error] = errors
    assert f"{rules / 'house.yml'}:10:" in str(error)
    assert problem in str(error)


# -- fitting and measuring (benchmarks/verdict_fit.py) ---------------------------------


def test_logistic_fit_separates_what_one_signal_separates():
    rows = [[0.0, 1.0], [0.2, 0.0], [0.1, 1.0], [2.0, 0.0], [1.8, 1.0], [2.2, 0.0]]
    truth = [False, False, False, True, True, True]
    weights, bias = verdict_fit.fit_logistic(rows, truth, l2=0.1)
    assert weights[0] > 1.0 and abs(weights[1]) < weights[0]
    said = [bias + sum(w * v for w, v in zip(weights, row, strict=True)) >= 0 for row in rows]
    assert said == truth


def test_cross_validation_predicts_each_item_from_folds_that_left_it_out():
    truth = [i % 3 == 0 for i in range(30)]
    seen: list[set[int]] = []

    def fit_and_predict(train: list[int], test: list[int]) -> list[bool]:
        assert not set(train) & set(test)
        seen.append(set(test))
        return [truth[i] for i in test]

    predicted = verdict_fit.cross_validated(truth, fit_and_predict, folds=5)
    assert predicted == truth
    assert set().union(*seen) == set(range(30)) and len(seen) == 5
    low, high = verdict_fit.bootstrap_interval(truth, predicted, rounds=200)
    assert low == high == 1.0


def test_binary_story_labels_agree_with_any_verdict_but_satisfactory():
    row = {"id": "s1", "dataset": "HealthStory", "harms": "Not Satisfactory or Not Applicable"}
    label = verdict_fit.label_of(row, "harms")
    assert label is not None and label.binary and not label.satisfactory
    assert verdict_fit.predicted_ok("not-applicable", label) is False
    three_valued = verdict_fit.label_of({"id": "r1", "harms": "Not Satisfactory"}, "harms")
    assert three_valued is not None
    assert verdict_fit.predicted_ok("not-applicable", three_valued) is True
    assert verdict_fit.label_of({"id": "r2", "harms": "Not Applicable"}, "harms") is None


def _signal_values(rule_id: str, text: str) -> dict[str, float]:
    from ketlint.parsing import parse

    ruleset = builtin_ruleset()
    rule = ruleset.rule(rule_id)
    assert rule.verdict_model is not None
    doc = parse(text, "markdown", "fixture.md")
    judgement = rule.judge_alone(doc)
    return rule.verdict_model.values(doc, judgement.verdict, judgement.findings)


def test_harms_signals_tell_the_interventions_harms_from_a_comparators_and_the_diseases():
    comparator = (
        "# A gel for knee pain\n\n"
        "Researchers tested a new gel in 90 adults with knee pain. "
        "Traditional pain medications carry side effects such as stomach bleeding. "
        "Knee arthritis is a leading cause of disability and raises the risk of falls.\n"
    )
    values = _signal_values("missing-safety-section", comparator)
    assert values["own-harm-sentences"] == values["found-harms"] == 0
    # The disease's toll ("a leading cause", "raises the risk") is not a harm word of the
    # intervention.
    assert values["own-harm-words"] == 0
    own = (
        "# A gel for knee pain\n\n"
        "Researchers tested a new gel in 90 adults with knee pain. "
        "Skin rash was more common with the gel than with the dummy cream (12 percent vs "
        "4 percent), and the gel can cause side effects such as itching.\n"
    )
    values = _signal_values("missing-safety-section", own)
    assert values["own-harm-sentences"] > 0 and values["harm-rates"] > 0
    assert values["own-harm-words"] > 0 and values["strong-quantified"] > 0
    population = (
        "# A gel for knee pain\n\n"
        "Researchers tested a new gel in 90 adults with knee pain. "
        "Each year 3 million Americans have knee pain and fractures from falls.\n"
    )
    assert _signal_values("missing-safety-section", population)["harm-rates"] == 0


def test_sensational_signals_read_definite_claims_in_title_and_lead_and_promises_to_millions():
    claim = (
        "# Berry juice can prevent memory loss\n\n"
        "A juice made from berries is proven to sharpen memory, researchers say, and could "
        "help millions of people as they age.\n\n"
        "The team gave the juice to 12 older adults for six weeks.\n"
    )
    values = _signal_values("hype-phrase", claim)
    assert values["title-claims"] > 0 and values["lead-claims"] > 0 and values["millions"] > 0
    hedged = (
        "# Berry juice may be linked to better memory\n\n"
        "Older adults who drank a berry juice scored a little higher on a memory test, "
        "researchers say; the study was small.\n"
    )
    values = _signal_values("hype-phrase", hedged)
    assert values["title-claims"] == values["lead-claims"] == values["millions"] == 0


def test_repeated_cross_validation_reports_the_spread_over_other_splits():
    label = verdict_fit.Label("a", "HealthRelease", True, False)
    other = verdict_fit.Label("b", "HealthRelease", False, False)
    items = [
        verdict_fit.Item(label if i % 2 else other, "satisfactory", [float(i % 2) + (i % 5) / 10])
        for i in range(40)
    ]
    mean, lowest, highest = verdict_fit.repeated_cross_validation(items, 1.0)
    assert lowest <= mean <= highest
    assert mean > 0.9


def test_a_findings_signal_counts_only_the_findings_in_its_scope():
    """A hype word in the institution's "About" blurb describes the institution, not the
    story: the story-scoped findings signal does not count it."""
    story = (
        "# A nasal spray eased hay fever in a small trial\n\n"
        "In a trial of 40 adults, the spray eased sneezing for about half of them.\n\n"
    )
    blurb = "About Example Health\n\nExample Health is known for its groundbreaking care.\n"
    plain = _signal_values("hype-phrase", story + blurb)
    assert plain["hype-findings"] == 0
    hyped = story.replace("eased sneezing", "was a breakthrough that eased sneezing")
    assert _signal_values("hype-phrase", hyped + blurb)["hype-findings"] > 0


# -- a simple-folding twin searched where full case folding cannot matter ----------------


def builtin_signal_patterns() -> list[Any]:
    ruleset = builtin_ruleset()
    found: dict[Any, Any] = {}
    for spec_id in ruleset.specs:
        model = ruleset.rule(spec_id).verdict_model
        for signal in model.signals if model is not None else ():
            for pattern in (signal.pattern, signal.near, signal.unless):
                if pattern is not None:
                    found[pattern] = pattern
    return list(found)


SIGNAL_PATTERNS = builtin_signal_patterns()
# Words of the signals' lists without letters beyond ASCII (symbols beyond it the lists
# name), and ASCII spellings of what full folding expands ("ss" for "ß", "fi" for "ﬁ").
ASCII_WORDS = (
    "the drug pills tablet costs $40 insurance side effects nausea adverse events may could "
    "cure breakthrough mice funded by grants company said Dr. STRASSE strasse office "
    "benefit significant first miracle hope 10% of 200 people treatment therapy not "
    "caution Medicare, ( ) . ’ “ ” — ss SS fi ff st ST Xanax® Spravato™ €40 £5 ¥ ½"
).split()


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.sampled_from(ASCII_WORDS), min_size=1, max_size=30))
def test_a_twin_matches_where_its_pattern_does(words: list[str]) -> None:
    from ketlint import casefolding

    sentence = " ".join(words)
    assert casefolding.LETTER_BEYOND_ASCII.search(sentence) is None
    for pattern in SIGNAL_PATTERNS:
        twin = casefolding.simple_folding(pattern)
        if twin is not None:
            found = twin.search(sentence)
            expected = pattern.search(sentence)
            assert (found and found.span()) == (expected and expected.span()), pattern.pattern


def test_a_pattern_naming_a_character_beyond_ascii_has_no_twin() -> None:
    import regex

    from ketlint import casefolding
    from ketlint.timeouts import user_pattern

    flags = regex.VERSION1 | regex.IGNORECASE
    assert casefolding.simple_folding(user_pattern("strasse", flags)) is not None
    for source in (
        "straße",
        r"stra\xdfe",
        r"stra\N{LATIN SMALL LETTER SHARP S}e",
        r"\u00df",
        "stra[¡-÷]e",  # a range of symbols, with "ß" inside it
    ):
        assert casefolding.simple_folding(user_pattern(source, flags)) is None, source
    # Where it has one, a sentence with a letter beyond ASCII is searched with the pattern.
    assert casefolding.LETTER_BEYOND_ASCII.search("Die Straße") is not None
    assert casefolding.LETTER_BEYOND_ASCII.search("It’s “new” — 10%") is None


def test_most_built_in_signal_patterns_have_a_twin() -> None:
    from ketlint import casefolding

    assert len(SIGNAL_PATTERNS) > 20
    twins = [casefolding.simple_folding(pattern) for pattern in SIGNAL_PATTERNS]
    assert sum(twin is not None for twin in twins) >= len(twins) - 5


def test_a_settled_verdict_stands_and_is_neither_fitted_nor_overruled():
    from ketlint.model import Verdict
    from ketlint.parsing import parse

    lenient = {**PRICE_DECIDES, "weights": {}, "bias": 5.0}
    rule = with_model(lenient).rule(RULE)
    assert rule.verdict_model is not None
    doc = parse(KNEE, "markdown", "knee.md")
    settled = Verdict("costs", "not-satisfactory", "the rule's reading", settled=True)
    assert rule.verdict_model.decide(doc, settled, [], "costs") is settled
    unsettled = Verdict("costs", "not-satisfactory", "the rule's reading")
    assert rule.verdict_model.decide(doc, unsettled, [], "costs").value == "satisfactory"
    # benchmarks/verdict_fit.py: a settled item is scored by the rule's value, whatever
    # the weights, and is left out of the fit.
    label = verdict_fit.Label("x", "HealthRelease", False, False)
    item = verdict_fit.Item(label, "not-satisfactory", [1.0, 1.0], settled=True)
    assert verdict_fit.model_predictions([item], [9.0, 9.0], 9.0) == [False]
    loose = replace(item, settled=False)
    assert verdict_fit.model_predictions([loose], [9.0, 9.0], 9.0) == [True]
