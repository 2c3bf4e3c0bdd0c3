"""drug-name: a brand name given with another drug's generic name."""

from __future__ import annotations

import pytest

from ketlint.kinds.drug_name import read_products

RULE = "drug-name"


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Regulators cleared a nasal form, ketamine (Spravato), for adults.", "ketamine"),
        ("Ketamine (Spravato) is given under watch in a clinic.", "Ketamine"),
        ("Patients used Spravato (ketamine) twice a week.", "ketamine"),
        ("Spravato, a ketamine nasal spray, is given in clinics.", "ketamine"),
        ("Spravato, the brand name for ketamine, costs a lot.", "ketamine"),
        ("Her doctor tried sertraline, sold as Lexapro, first.", "sertraline"),
    ],
)
def test_the_wrong_generic_is_reported_on_its_words(lint, text, named):
    [finding] = lint(text, RULE)
    assert text[finding.start : finding.end] == named
    assert finding.data["generic"] in finding.message
    [related] = finding.related
    assert text[related.start : related.end] in ("Spravato", "Lexapro")


@pytest.mark.parametrize(
    "text",
    [
        "Regulators cleared a nasal form, esketamine (Spravato), for adults.",
        "Regulators cleared a nasal form, S-ketamine (Spravato), for adults.",
        "Spravato, a ketamine-derived nasal spray, is given in clinics.",
        "Unlike ketamine drips, Spravato comes as a nasal spray.",
        "Ketamine and Spravato differ in how they are given.",
        "Auvelity (bupropion and dextromethorphan) is taken by mouth.",
        "Auvelity (bupropion) is taken by mouth.",
        "A spravato of ketamine is not a thing anyone says.",
    ],
)
def test_right_or_loose_naming_passes(lint, text):
    assert lint(text, RULE) == []


def test_the_fix_names_the_right_generic_and_is_unsafe(lint):
    text = "Ketamine (Spravato) is given under watch in a clinic."
    [finding] = lint(text, RULE)
    assert finding.fix is not None and not finding.fix.safe
    assert finding.fix.replacement == "Esketamine"


def test_reference_lists_are_not_read(lint):
    text = "# Sprays\n\nSpravato works fast (1).\n\n## References\n\n1. Okafor T. Ketamine (Spravato) in clinics. Mood Letters. 2020;3:1-9.\n"
    assert lint(text, RULE) == []


def test_data_lines():
    [combo, single] = read_products(
        ["Auvelity = dextromethorphan + bupropion", "Spravato = esketamine | S-ketamine"]
    )
    assert combo.generic == "dextromethorphan and bupropion"
    assert {"dextromethorphan", "bupropion"} <= combo.names
    assert single.names == {"esketamine", "s-ketamine"}
    with pytest.raises(ValueError):
        read_products(["Spravato esketamine"])


def test_a_rule_of_your_own_reads_its_data_file_and_the_cache_sees_edits(tmp_path):
    from ketlint.engine import Linter
    from ketlint.result_cache import linter_fingerprint
    from ketlint.ruleset import load_rule_dirs

    (tmp_path / "lists").mkdir()
    data = tmp_path / "lists" / "house-drugs.txt"
    data.write_text(
        "# house list\nMoodlift = zorbitaline\nCalmora = sertraline\n", encoding="utf-8"
    )
    (tmp_path / "house.yml").write_text(
        "version: 1\nrules:\n  - id: house-drug-name\n    kind: drug-name\n"
        "    message: '{brand} is {generic}, not {named}.'\n"
        "    options:\n      drugs-file: lists/house-drugs.txt\n",
        encoding="utf-8",
    )
    ruleset, errors = load_rule_dirs([tmp_path])
    assert errors == []
    linter = Linter(ruleset, ["house-drug-name"])
    result = linter.lint_text("Patients took sertraline (Moodlift) daily.", format="markdown")
    [finding] = result.findings
    assert finding.message == "Moodlift is zorbitaline, not sertraline."
    before = linter_fingerprint(linter)
    data.write_text("Moodlift = sertraline\n", encoding="utf-8")
    assert linter_fingerprint(Linter(ruleset, ["house-drug-name"])) != before
