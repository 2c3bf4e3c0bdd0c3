"""Built-in rules a reviewer may copy into a workspace pack pass the slow-input probe.

A workspace pack is probed at load for catastrophic backtracking; built-in rules are not
(they are verified when the bundle is built). These rules' patterns used to scan a long run
of spaces again from every space in it (quadratic, 1-17 s on the probe texts), so a copy of
the rule under a new id was refused. citation-mismatch's and drug-name's rewritten patterns
are also compared with their old forms at every position of many generated texts.

benefit-without-numbers (its ``population-states``, rewritten in the same round) is linear
now but takes 15-26 ms of the probe's 50 ms on one probe text, so it is left out here: on a
loaded machine the test would depend on the time, not on the pattern.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from ketlint.kinds.base import compile_alternatives
from ketlint.paths import builtin_rules_dir
from ketlint.ruleset import load_rule_dirs
from ketlint.safety import probe_pattern

FIXED_RULES = ("citation-mismatch", "drug-name")
COPIED_RULES = (*FIXED_RULES, "uncited-statistic", "vague-attribution", "overstated-evidence")

# The forms before the rewrite, and the option each one was (in order).
OLD_FORMS = {
    ("citation-mismatch", "entry-journal-after"): [
        r"[*_]?\s*[.,;:]?\s*(?:\(?\d|vol\b|volume\b|doi\b|https?:|\[|\(|$)",
    ],
    ("drug-name", "not-appositions"): [
        r"-?\s*(?:based|like|derived|related|type|class|family|analog(?:ue)?s?"
        r"|derivatives?|cousin|relative|enantiomer|isomer)\b",
        r"\s+(?:family|class|analog(?:ue)?s?|derivatives?|enantiomer|isomer)\b",
    ],
}


def _builtin_rule(rule_id: str) -> dict[str, Any]:
    data = yaml.safe_load((builtin_rules_dir() / f"{rule_id}.yml").read_text(encoding="utf-8"))
    return next(rule for rule in data["rules"] if rule["id"] == rule_id)


@pytest.mark.parametrize("rule_id", COPIED_RULES)
def test_a_copy_of_the_rule_under_a_new_id_loads_with_the_probe(
    rule_id: str, tmp_path: Path
) -> None:
    rule = _builtin_rule(rule_id)
    rule["id"] = f"house-{rule_id}"
    pack = {"version": 1, "rules": [rule]}
    (tmp_path / "house.yml").write_text(
        yaml.safe_dump(pack, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    ruleset, errors = load_rule_dirs([tmp_path], probe=True)
    assert [str(error) for error in errors] == []
    assert f"house-{rule_id}" in ruleset.specs


@pytest.mark.parametrize("key", sorted(OLD_FORMS))
def test_the_old_forms_were_refused_by_the_probe_and_the_new_ones_pass(
    key: tuple[str, str],
) -> None:
    rule_id, option = key
    new_forms = _builtin_rule(rule_id)["options"][option]
    assert len(new_forms) == len(OLD_FORMS[key])
    for old, new in zip(OLD_FORMS[key], new_forms, strict=True):
        assert probe_pattern(old) is not None
        assert probe_pattern(new) is None


_PIECES = [
    " ", "  ", "\n", "\t", "\u00a0", "*", "_", ".", ",", ";", ":", "1", "(", "[", "-", "x",
    "vol", "volume", "doi", "http:", "https:", "based", "like", "class", "family",
    "isomer", "analogues", "derivative", "cousin", "Ab", "é",
]  # fmt: skip


@pytest.mark.parametrize("key", sorted(OLD_FORMS))
def test_the_rewritten_patterns_match_exactly_where_the_old_ones_did(
    key: tuple[str, str],
) -> None:
    rule_id, option = key
    old = compile_alternatives(OLD_FORMS[key])
    new = compile_alternatives(_builtin_rule(rule_id)["options"][option])
    assert old is not None and new is not None
    rng = random.Random(19)
    for _ in range(3000):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 10)))
        for pos in range(len(text) + 1):
            for method in ("match", "search"):
                was = getattr(old, method)(text, pos)
                now = getattr(new, method)(text, pos)
                assert (was and was.span()) == (now and now.span()), (method, text, pos)
