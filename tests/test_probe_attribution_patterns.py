"""Built-in rules a reviewer copies into a workspace pack pass its slow-pattern probe.

A workspace pack is probed at load for catastrophic backtracking; the built-in pack is not
(it is verified when the bundle is built). A built-in rule copied under a new id into a
workspace pack must load there too, or a reviewer who starts from it is refused.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ketlint.paths import builtin_rules_dir
from ketlint.ruleset import load_rule_dirs


def copy_rule(rule_file: str, rule_id: str, new_id: str, folder: Path) -> Path:
    data = yaml.safe_load((builtin_rules_dir() / rule_file).read_text(encoding="utf-8"))
    (rule,) = [r for r in data["rules"] if r["id"] == rule_id]
    rule = dict(rule, id=new_id)
    pack = folder / "pack"
    pack.mkdir()
    (pack / "house.yml").write_text(
        yaml.safe_dump({"version": 1, "rules": [rule]}, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    return pack


@pytest.mark.parametrize(
    ("rule_file", "rule_id"),
    [
        ("uncited-statistic.yml", "uncited-statistic"),
        ("vague-attribution.yml", "vague-attribution"),
    ],
)
def test_a_built_in_rule_copied_into_a_workspace_pack_passes_the_probe(
    tmp_path: Path, rule_file: str, rule_id: str
) -> None:
    pack = copy_rule(rule_file, rule_id, f"house-{rule_id}", tmp_path)
    ruleset, errors = load_rule_dirs([pack], probe=True)
    assert errors == []
    assert f"house-{rule_id}" in ruleset.specs
