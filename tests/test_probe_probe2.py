"""Built-in rules whose patterns once failed the slow-input probe load, copied into a
workspace pack under a new id, with the probe on: a reviewer may copy them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ketlint.ruleset import builtin_rules_dir, load_rule_dirs


def copy_rule(rule_id: str, rules_dir: Path, into: Path) -> str:
    """Write the built-in rule ``rule_id`` into ``into`` as a pack of its own, under a new id."""
    source = yaml.safe_load((rules_dir / f"{rule_id}.yml").read_text(encoding="utf-8"))
    (entry,) = [rule for rule in source["rules"] if rule["id"] == rule_id]
    entry = {**entry, "id": f"copied-{rule_id}"}
    pack = {"version": 1, "rules": [entry]}
    (into / "copied.yml").write_text(yaml.safe_dump(pack, allow_unicode=True), encoding="utf-8")
    return entry["id"]


@pytest.mark.parametrize("rule_id", ["overstated-evidence", "benefit-without-numbers"])
def test_copied_rule_loads_with_the_probe_on(rule_id: str, tmp_path: Path) -> None:
    new_id = copy_rule(rule_id, builtin_rules_dir(), tmp_path)
    ruleset, errors = load_rule_dirs([tmp_path], probe=True)
    assert [error.message for error in errors] == []
    assert new_id in ruleset.specs
