"""Rule authors extend, validate and test rule packs, and see what a change does to an archive."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
import yaml

from ketlint.cli import main

HOUSE_PACK = textwrap.dedent(
    """\
    # yaml-language-server: $schema=https://ketlint.dev/schema/rules-v1.json
    version: 1
    rules:
      - extends: hype-phrase
        severity: error
        options:
          add-terms:
            - term: wonder cure
              suggestion: treatment
            - magic bullet point
            - term: jaw-dropping
            - term: best-in-class
            - pattern: 'life[- ]?chang(?:ing|er)s?'
          remove-terms: [lifeline]
        examples:
          flag: ["Our [[wonder cure]] works."]
          pass: ["It offered a lifeline to rural patients."]

      - id: house-no-superlative-clinic
        kind: phrases
        severity: warning
        message: "Avoid “{match}” about our own clinic."
        docs:
          summary: Flags superlatives about the clinic.
          why: Readers trust plain claims more.
          bad: We are the best clinic in town.
          good: We have treated patients since 2010.
          standard: House style.
        options:
          terms: [best clinic, world-class]
        examples:
          flag: ["We are the [[best clinic]] in town."]
          pass: ["We are a clinic in town."]
    """
)


def write_pack(folder: Path, text: str = HOUSE_PACK) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "house.yml"
    path.write_text(text, encoding="utf-8")
    return path


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_house_pack_extends_hype_phrase_without_copying_it(capsys, tmp_path):
    pack = write_pack(tmp_path / "house")
    article = tmp_path / "a.md"
    article.write_text("A wonder cure and a miracle, a lifeline.\n", encoding="utf-8")
    _, out, _ = run(
        capsys,
        "check",
        "--isolated",
        "--rules-dir",
        str(pack.parent),
        "--select",
        "hype-phrase",
        "--format",
        "json",
        str(article),
    )
    findings = json.loads(out)["files"][0]["findings"]
    flagged = [article.read_text()[f["offset"]["start"] : f["offset"]["end"]] for f in findings]
    assert flagged == ["wonder cure", "miracle"]  # lifeline was removed, built-in terms kept
    assert {f["severity"] for f in findings} == {"error"}


def test_rule_resolved_shows_the_effective_rule(capsys, tmp_path):
    pack = write_pack(tmp_path / "house")
    code, out, _ = run(capsys, "rule", "hype-phrase", "--resolved", "--rules-dir", str(pack.parent))
    data = yaml.safe_load(out)
    labels = [
        t if isinstance(t, str) else t.get("term") or t.get("pattern")
        for t in data["options"]["terms"]
    ]
    assert code == 0 and data["severity"] == "error"
    assert "wonder cure" in labels and "lifeline" not in labels


def test_rules_test_passes_a_good_pack_and_reports_a_broken_example(capsys, tmp_path):
    pack = write_pack(tmp_path / "house")
    code, out, _ = run(capsys, "rules", "test", "--no-builtin", str(pack.parent))
    assert code == 0, out
    assert "ok   house-no-superlative-clinic (2 examples)" in out
    broken = HOUSE_PACK.replace(
        "We are the [[best clinic]] in town.", "We are the [[best]] clinic in town."
    )
    write_pack(tmp_path / "house", broken)
    code, out, _ = run(capsys, "rules", "test", "--no-builtin", str(pack.parent))
    assert code == 1
    assert "FAIL house-no-superlative-clinic" in out
    assert "expected: We are the [[best]] clinic in town." in out
    assert "got:      We are the [[best clinic]] in town." in out
    assert "1 failed" in out


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("severity: warning\n    message", "severty: warning\n    message"),
            "house.yml:21:5: unknown rule key 'severty' (did you mean 'severity'?)",
        ),
        (
            ("terms: [best clinic, world-class]", "terms: [best clinic, {pattern: 'world(class'}]"),
            "house.yml:30:38: pattern 'world(class' does not compile at position 11: missing )",
        ),
        (
            ("terms: [best clinic, world-class]", "terms: [best clinic, {pattern: '(a|aa)+b'}]"),
            "can backtrack catastrophically",
        ),
        (
            ("remove-terms: [lifeline]", "remove-terms: [lifelines]"),
            "remove-terms: 'lifelines' is not in hype-phrase's terms",
        ),
        (
            ("- extends: hype-phrase", "- extends: hype-phrases"),
            "'extends: hype-phrases' names no known rule (did you mean 'hype-phrase'?)",
        ),
        (
            ("id: house-no-superlative-clinic", "id: hype-phrase"),
            "rule id 'hype-phrase' shadows a built-in rule",
        ),
    ],
)
def test_rules_check_gives_precise_errors(capsys, tmp_path, change, expected):
    pack = write_pack(tmp_path / "house", HOUSE_PACK.replace(*change))
    code, out, _ = run(capsys, "rules", "check", str(pack))
    assert code == 1
    assert expected in out, out


def test_rules_check_accepts_a_good_pack_and_config(capsys, tmp_path):
    pack = write_pack(tmp_path / "house")
    config = tmp_path / "ketlint.toml"
    config.write_text(
        'rule-dirs = ["house"]\n[rules.readability]\nseverity = "info"\n', encoding="utf-8"
    )
    code, out, _ = run(capsys, "rules", "check", str(pack), str(config))
    assert code == 0, out
    assert "All good" in out


def test_rules_check_reports_a_problem_once_when_the_config_names_the_same_pack(capsys, tmp_path):
    change = ("id: house-no-superlative-clinic", "id: hype-phrase")
    pack = write_pack(tmp_path / "house", HOUSE_PACK.replace(*change))
    config = tmp_path / "ketlint.toml"
    config.write_text('rule-dirs = ["house"]\n', encoding="utf-8")
    code, out, _ = run(capsys, "rules", "check", str(pack), str(config))
    assert code == 1
    assert out.count("shadows a built-in rule") == 1, out


def test_baseline_records_then_reports_only_new_findings(capsys, tmp_path):
    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "old.md").write_text("An old miracle.\n", encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    args = [
        "check",
        "--isolated",
        "--select",
        "hype-phrase",
        "--baseline",
        str(baseline),
        "--format",
        "json",
        str(posts),
    ]
    code, out, err = run(capsys, *args)
    assert code == 0 and baseline.exists() and "recorded 1 findings" in err
    (posts / "old.md").write_text("Intro added above.\n\nAn old miracle.\n", encoding="utf-8")
    (posts / "new.md").write_text("A new breakthrough.\n", encoding="utf-8")
    code, out, _ = run(capsys, *args)
    files = {
        Path(f["path"]).name: [x["rule"] for x in f["findings"]] for f in json.loads(out)["files"]
    }
    assert files == {"new.md": ["hype-phrase"], "old.md": []}
    assert code == 1


def test_compare_lists_findings_gained_and_lost_per_rule(capsys, tmp_path):
    pack = write_pack(tmp_path / "house")
    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "a.md").write_text("A wonder cure, a lifeline.\n", encoding="utf-8")
    code, out, _ = run(capsys, "compare", str(posts), "--after", str(pack.parent))
    assert code == 0
    assert "hype-phrase: +1 gained, -1 lost" in out
    assert "+ " in out and "a.md:1:3: wonder cure" in out
    assert "- " in out and "a.md:1:18: lifeline" in out


def test_schema_command_prints_a_schema_that_every_builtin_rule_file_satisfies(capsys):
    import jsonschema

    code, out, _ = run(capsys, "schema", "rules")
    schema = json.loads(out)
    rules_dir = Path(__file__).resolve().parents[1] / "rules"
    for path in sorted(rules_dir.glob("*.yml")):
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)
    jsonschema.validate(yaml.safe_load(HOUSE_PACK), schema)
    code, out, _ = run(capsys, "schema", "config")
    assert json.loads(out)["properties"]["select"]["type"] == "array"


def test_generated_docs_are_up_to_date():
    from ketlint.schema import generated_files

    root = Path(__file__).resolve().parents[1]
    stale = [
        str(p.relative_to(root))
        for p, text in generated_files(root).items()
        if not p.exists() or p.read_text(encoding="utf-8") != text
    ]
    assert not stale, f"run `python -m ketlint.schema --write` to regenerate: {stale}"
