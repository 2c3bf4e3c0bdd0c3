"""Bugs seen while auditing an archive (issue 13): each test failed before its fix."""

from __future__ import annotations

import textwrap

import pytest

from ketlint.cli import main

ARTICLE = "# Ketamine news\n\nKetamine is a miracle for some.\n"
BROKEN_PACK = textwrap.dedent(
    """\
    version: 1
    rules:
      - id: house-x
        kind: phrases
        severity: warnin
        message: "x"
        options:
          terms: [best clinic]
    """
)


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# -- --ignore ALL ------------------------------------------------------------------------


def test_ignore_all_ignores_every_rule(capsys, tmp_path):
    article = tmp_path / "post.md"
    article.write_text(ARTICLE, encoding="utf-8")
    code, out, _ = run(capsys, "check", "--isolated", "--ignore", "ALL", str(article))
    assert code == 0 and "All checks passed" in out, out
    # A rule named in the same place is more specific than ALL (as in ruff).
    code, out, _ = run(
        capsys,
        "check",
        "--isolated",
        "--ignore",
        "ALL",
        "--extend-select",
        "hype-phrase",
        "--no-source",
        str(article),
    )
    assert code == 1 and {line.split()[2] for line in out.splitlines()[:-1]} == {"hype-phrase"}


def test_ignore_all_in_a_config(capsys, tmp_path):
    (tmp_path / "ketlint.toml").write_text('ignore = ["ALL"]\n', encoding="utf-8")
    article = tmp_path / "post.md"
    article.write_text(ARTICLE, encoding="utf-8")
    code, out, err = run(capsys, "check", "--config", str(tmp_path / "ketlint.toml"), str(article))
    assert code == 0 and "All checks passed" in out, out + err


# -- rules check / rules test --------------------------------------------------------------


def test_rules_dir_before_the_action_is_used(capsys, tmp_path):
    pack = tmp_path / "house"
    pack.mkdir()
    (pack / "bad.yml").write_text(BROKEN_PACK, encoding="utf-8")
    for args in (
        ["rules", "--rules-dir", str(pack), "check"],
        ["rules", "check", "--rules-dir", str(pack)],
    ):
        code, out, _ = run(capsys, *args)
        assert code == 1, out
        assert "severity must be one of" in out and "0 rules checked" not in out


def test_rules_format_before_the_action_is_used(capsys, tmp_path):
    pack = tmp_path / "house"
    pack.mkdir()
    (pack / "bad.yml").write_text(BROKEN_PACK, encoding="utf-8")
    code, out, _ = run(capsys, "rules", "--format", "json", "check", str(pack))
    assert code == 1 and out.lstrip().startswith("["), out


def test_rules_check_reports_once_a_pack_named_two_ways(capsys, tmp_path, monkeypatch):
    pack = tmp_path / "house"
    pack.mkdir()
    (pack / "bad.yml").write_text(BROKEN_PACK, encoding="utf-8")
    config = tmp_path / "ketlint.toml"
    config.write_text('rule-dirs = ["house"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    # The config by its absolute name (its rule-dirs absolute), the pack relative.
    code, out, _ = run(capsys, "rules", "check", str(config), "house")
    assert code == 1
    assert out.count("severity must be one of") == 1, out


def test_rules_test_that_ran_nothing_fails(capsys, tmp_path):
    pack = tmp_path / "house"
    pack.mkdir()
    (pack / "shadow.yml").write_text(
        "version: 1\nrules:\n  - id: hype-phrase\n    kind: phrases\n    message: x\n"
        "    options:\n      terms: [ok]\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "rules", "test", "--no-builtin", str(pack))
    assert code == 1, out
    assert "shadows a built-in rule" in out
    assert "no examples ran" in out
    # A valid pack whose rules have no examples ran nothing either.
    (pack / "shadow.yml").write_text(
        "version: 1\nrules:\n  - id: house-q\n    kind: phrases\n    message: x\n"
        "    options:\n      terms: [ok]\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "rules", "test", "--no-builtin", str(pack))
    assert code == 1 and "0 passed, 0 failed" in out and "no examples ran" in out


# -- YAML errors -----------------------------------------------------------------------------


def test_an_unterminated_quote_is_reported_where_it_opens(capsys, tmp_path):
    pack = tmp_path / "q.yml"
    pack.write_text('version: 1\nrules:\n  - id:  "house-z\n    kind: phrases\n', encoding="utf-8")
    code, out, _ = run(capsys, "rules", "check", str(pack))
    assert code == 1
    first = out.splitlines()[0]
    # The opening quote (3:10) first, then where the file ends (5:1).
    assert first.startswith(f"{pack}:3:10: YAML syntax error:"), first
    assert first.index("3:10") < first.index("5:1")


# -- remove-terms ------------------------------------------------------------------------------


def test_remove_terms_accepts_the_plain_term(capsys, tmp_path):
    pack = tmp_path / "house"
    pack.mkdir()
    (pack / "b.yml").write_text(
        "version: 1\nrules:\n  - extends: hype-phrase\n    options:\n"
        "      remove-terms: [breakthrough]\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "rules", "check", str(pack))
    assert code == 0, out
    article = tmp_path / "a.md"
    article.write_text(
        "# X\n\nA breakthrough, two breakthroughs, a game changer.\n", encoding="utf-8"
    )
    code, out, _ = run(
        capsys,
        "check",
        "--isolated",
        "--rules-dir",
        str(pack),
        "--select",
        "hype-phrase",
        "--no-source",
        str(article),
    )
    assert "breakthrough" not in out.lower() and "game changer" in out, out
    (pack / "b.yml").write_text(
        "version: 1\nrules:\n  - extends: hype-phrase\n    options:\n"
        "      remove-terms: [nonesuch]\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "rules", "check", str(pack))
    assert code == 1 and "'nonesuch' is not in hype-phrase's terms" in out


# -- messages: articles agree, the intervention named is the specific one ----------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("animal", "an animal study"),
        ("association, survey or records", "an association, survey or records study"),
        ("randomized", "a randomized study"),
        ("unique", "a unique study"),
        ("MRI", "an MRI study"),
        ("CT", "a CT study"),
        ("18-month", "an 18-month study"),
        ("hour-long", "an hour-long study"),
        ("X-ray", "an X-ray study"),
    ],
)
def test_an_article_before_a_placeholder_agrees_with_the_value(value, expected):
    from ketlint.kinds.base import render_message

    assert render_message("a {design} study", {"design": value}) == expected
    assert (
        render_message("An {design} study", {"design": value}) == expected[0].upper() + expected[1:]
    )


def test_evidence_reason_reads_an_animal_study(lint):
    from ketlint.engine import Linter
    from ketlint.ruleset import builtin_ruleset

    text = (
        "# Coffee and memory\n\nResearchers found that mice given caffeine remembered a maze "
        "better, in a study published on Monday.\n"
    )
    result = Linter(builtin_ruleset(), ["overstated-evidence"]).lint_text(text, format="markdown")
    reasons = [v.reason for v in result.verdicts] + [f.message for f in result.findings]
    assert not any(" a a" in r or r.startswith("a a") for r in reasons), reasons


def test_missing_cost_names_the_drug_not_the_generic_word(lint):
    text = (
        "# Exploring Ketamine: A New Treatment for Depression\n\n"
        "Our clinic offers ketamine infusions. Ketamine works within hours, and ketamine "
        "care is supervised by a doctor.\n"
    )
    (finding,) = lint(text, "missing-cost")
    assert "(“Ketamine”)" in finding.message, finding.message
    # With no named drug, a word more specific than "treatment" is preferred.
    (finding,) = lint(
        "# A New Treatment\n\nThe treatment is an injection given weekly.\n", "missing-cost"
    )
    assert "(“injection”)" in finding.message, finding.message


# -- text output: whole-article findings, colour and width ---------------------------------------


LONG_TITLE = (
    "Looking Closely at the Healing Potential of Ketamine Infusions: A Beacon of Hope for "
    "People Living With Depression: By Jordan Avery, LCSW"
)


def test_a_whole_article_finding_underlines_one_window_not_the_whole_title(capsys, tmp_path):
    article = tmp_path / "post.txt"
    article.write_text(
        f"{LONG_TITLE}\n\nKetamine treatment helps some people with depression, doctors say. "
        "Treatment with ketamine is given in a clinic.\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "check", "--isolated", "--select", "missing-cost", str(article))
    carets = [line for line in out.splitlines() if line.lstrip(" |").startswith("^")]
    assert carets, out
    for line in carets:
        assert line.count("^") <= 100, line
    shown = [line for line in out.splitlines() if line.startswith("1 | ")]
    assert shown and all(line.endswith("…") for line in shown), out


def test_columns_sets_the_snippet_width(capsys, tmp_path, monkeypatch):
    article = tmp_path / "post.txt"
    article.write_text(
        f"{LONG_TITLE}\n\nIt is a miracle cure, " + "and more words " * 20 + ".\n", encoding="utf-8"
    )
    monkeypatch.setenv("COLUMNS", "60")
    code, out, _ = run(
        capsys, "check", "--isolated", "--select", "hype-phrase,missing-cost", str(article)
    )
    snippet_lines = [line for line in out.splitlines() if " | " in line[:6] or line.startswith(" ")]
    assert snippet_lines
    assert max(len(line) for line in snippet_lines) <= 60, out


def test_force_color_forces_colour_unless_no_color(capsys, tmp_path, monkeypatch):
    article = tmp_path / "post.md"
    article.write_text(ARTICLE, encoding="utf-8")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    _, out, _ = run(capsys, "check", "--isolated", "--select", "hype-phrase", str(article))
    assert "\033[" in out
    monkeypatch.setenv("NO_COLOR", "1")
    _, out, _ = run(capsys, "check", "--isolated", "--select", "hype-phrase", str(article))
    assert "\033[" not in out
    monkeypatch.delenv("NO_COLOR")
    _, out, _ = run(
        capsys, "check", "--isolated", "--color", "never", "--select", "hype-phrase", str(article)
    )
    assert "\033[" not in out


# -- unused suppressions ------------------------------------------------------------------------


SUPPRESSED = (
    "# Title here\n\n"
    "<!-- ketlint-disable-next-line hype-phrase -->\nA calm sentence.\n\n"
    "<!-- ketlint-disable-next-line hype-phrase, stigmatizing-language -->\nA miracle cure.\n\n"
    "<!-- ketlint-disable-next-line stigmatizing-language -->\nAn addict, said the doctor.\n\n"
    "<!-- ketlint-disable-next-line readability -->\nReadability does not run here.\n"
)


def test_unused_suppressions_are_reported_with_a_safe_fix(capsys, tmp_path):
    article = tmp_path / "post.md"
    article.write_text(SUPPRESSED, encoding="utf-8")
    select = "hype-phrase,stigmatizing-language,unused-suppression"
    code, out, _ = run(
        capsys,
        "check",
        "--isolated",
        "--select",
        select,
        "--no-source",
        "--fail-on",
        "error",
        str(article),
    )
    unused = [line for line in out.splitlines() if " unused-suppression " in line]
    # The hype-phrase comment above a calm sentence; stigmatizing-language in the second one.
    # Not the third (it suppressed a finding) nor the fourth (readability did not run).
    assert [line.split(":")[1] for line in unused] == ["3", "6"], out
    assert all("[*]" in line for line in unused)
    code, out, _ = run(capsys, "check", "--isolated", "--select", select, "--fix", str(article))
    fixed = article.read_text(encoding="utf-8")
    assert "<!-- ketlint-disable-next-line hype-phrase -->\nA calm" not in fixed
    assert "<!-- ketlint-disable-next-line hype-phrase -->\nA miracle cure." in fixed
    assert "<!-- ketlint-disable-next-line stigmatizing-language -->\nAn addict" in fixed
    assert "<!-- ketlint-disable-next-line readability -->" in fixed
    code, out, _ = run(capsys, "check", "--isolated", "--select", select, str(article))
    assert "unused-suppression" not in out, out


def test_a_blanket_suppression_is_judged_only_when_every_default_rule_ran(capsys, tmp_path):
    article = tmp_path / "post.md"
    article.write_text("# Title\n\nA calm line. <!-- ketlint-disable-line -->\n", encoding="utf-8")
    _, out, _ = run(
        capsys, "check", "--isolated", "--select", "hype-phrase,unused-suppression", str(article)
    )
    assert "unused-suppression" not in out
    _, out, _ = run(capsys, "check", "--isolated", "--no-source", str(article))
    assert "unused-suppression" in out, out
    _, out, _ = run(capsys, "check", "--isolated", "--ignore", "unused-suppression", str(article))
    assert "unused-suppression" not in out
