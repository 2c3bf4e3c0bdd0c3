"""The engine isolates rules, honours suppressions and caches per block without changing results."""

from __future__ import annotations

from pathlib import Path

import pytest

from ketlint.engine import EngineSettings, Linter
from ketlint.kinds.phrases import PhrasesRule
from ketlint.ruleset import builtin_ruleset, load_rule_dirs

HOUSE_RULES = """\
version: 1
rules:
  - id: house-words
    kind: phrases
    severity: error
    message: "Avoid “{match}”."
    docs: {summary: s, why: w, bad: b, good: g, standard: house style}
    options:
      terms:
        - term: wonder drug
          replace: medicine
          safe: true
        - pattern: 'slow(a|aa)+b'
    examples:
      flag: ["A [[wonder drug]]."]
      pass: ["A medicine."]
"""


def house_ruleset(tmp_path: Path, text: str = HOUSE_RULES):
    (tmp_path / "house.yml").write_text(text, encoding="utf-8")
    ruleset, errors = load_rule_dirs([tmp_path], probe=False)
    assert not errors, errors
    return ruleset


def test_a_rule_that_raises_is_reported_once_and_the_others_still_run(monkeypatch):
    def explode(self, paragraph):
        raise RuntimeError("boom")

    ruleset = builtin_ruleset()
    linter = Linter(ruleset, ["hype-phrase"])
    monkeypatch.setattr(PhrasesRule, "read_block", explode)
    first = linter.lint_text("A miracle.", format="markdown")
    second = linter.lint_text("Another miracle.", format="markdown")
    assert first.findings == [] and second.findings == []
    assert len(first.errors) == 1 and "boom" in first.errors[0]
    assert [(f.rule, f.reason, f.missing) for f in first.rule_failures] == [
        ("hype-phrase", "error", "findings")
    ]
    assert first.rule_failures[0].message == first.errors[0]


def test_a_rule_whose_metrics_fail_is_a_failure_value_that_names_what_is_missing(monkeypatch):
    def broken(self, doc, judgement):
        raise RuntimeError("no numbers today")

    monkeypatch.setattr(PhrasesRule, "metrics", broken)
    result = Linter(builtin_ruleset(), ["hype-phrase"]).lint_text("A miracle.", format="markdown")
    assert result.findings  # the rule ran: only its metrics are missing
    (failure,) = result.rule_failures
    assert (failure.rule, failure.reason, failure.missing) == ("hype-phrase", "error", "metrics")
    assert not failure.findings_missing and result.missing_findings == []


def test_lint_text_says_how_long_it_took_and_keeps_the_document_only_when_asked():
    linter = Linter(builtin_ruleset(), ["hype-phrase"])
    text = "# A title\n\nA miracle.\n"
    plain = linter.lint_text(text, format="markdown")
    kept = linter.lint_text(text, format="markdown", keep_document=True)
    assert set(plain.timings) == {"parse", "lint"}
    assert all(seconds >= 0 for seconds in plain.timings.values())
    assert plain.document is None
    assert kept.document is not None and kept.document.source == text
    assert kept == plain  # timings and the document are not part of what the result says


def test_a_slow_user_regex_is_stopped_by_its_time_budget(tmp_path):
    ruleset = house_ruleset(tmp_path)
    linter = Linter(ruleset, ["house-words"], EngineSettings(regex_timeout_seconds=0.01))
    text = "This wonder drug " + "slow" + "a" * 40 + "!\n"
    result = linter.lint_text(text, format="text")
    assert result.errors and "time" in result.errors[0]
    assert result.findings == []  # the rule's partial results are dropped, nothing crashes


def test_findings_from_two_rules_are_sorted_by_position(tmp_path):
    ruleset = builtin_ruleset()
    extra = house_ruleset(tmp_path)
    ruleset.specs.update(extra.specs)
    linter = Linter(ruleset, ["hype-phrase", "house-words"])
    result = linter.lint_text("A wonder drug and a miracle.", format="markdown")
    assert [(f.rule, result.source[f.start : f.end]) for f in result.findings] == [
        ("house-words", "wonder drug"),
        ("hype-phrase", "miracle"),
    ]


def test_kept_facts_give_the_same_findings_after_text_moves(tmp_path):
    ruleset = house_ruleset(tmp_path)
    linter = Linter(ruleset, ["house-words"])
    before = linter.lint_text("Intro.\n\nA wonder drug.\n", format="markdown")
    after = linter.lint_text("A longer intro here.\n\nA wonder drug.\n", format="markdown")
    for result in (before, after):
        (finding,) = result.findings
        assert result.source[finding.start : finding.end] == "wonder drug"
        assert result.source[finding.fix.start : finding.fix.end] == "wonder drug"


@pytest.mark.parametrize(
    ("text", "fmt", "kept"),
    [
        (
            "<!-- ketlint-disable-next-line hype-phrase -->\nA miracle.\n\nA miracle.\n",
            "markdown",
            1,
        ),
        ("A miracle. <!-- ketlint-disable-line -->\n\nA miracle.\n", "markdown", 1),
        (
            "<!-- ketlint-disable hype-phrase -->\nA miracle.\n\n<!-- ketlint-enable hype-phrase -->\nA miracle.\n",
            "markdown",
            1,
        ),
        ("<!-- ketlint-disable -->\nA miracle.\n\nA miracle.\n", "markdown", 0),
        ("A miracle.\n\n<!-- ketlint-disable-file hype-phrase -->\n", "markdown", 0),
        ("<p>A miracle.</p><!-- ketlint-disable-file --><p>A miracle.</p>", "html", 0),
        ("ketlint-disable-next-line hype-phrase\nA miracle.\nA miracle.\n", "text", 1),
        ("# ketlint-disable-file\nA miracle.\n", "text", 0),
        ("<!-- ketlint-disable-next-line readability -->\nA miracle.\n", "markdown", 1),
    ],
)
def test_suppression_comments(text, fmt, kept):
    linter = Linter(builtin_ruleset(), ["hype-phrase"])
    findings = [f for f in linter.lint_text(text, format=fmt).findings if f.rule == "hype-phrase"]
    assert len(findings) == kept


def test_an_unknown_rule_id_in_a_comment_is_reported_on_the_id():
    text = "<!-- ketlint-disable-next-line hype-phrase, hyp-phrase -->\nA miracle.\n"
    result = Linter(builtin_ruleset(), ["hype-phrase"]).lint_text(text, format="markdown")
    (finding,) = result.findings
    assert finding.rule == "unknown-rule-id"
    assert text[finding.start : finding.end] == "hyp-phrase"


def test_directive_text_itself_is_never_linted():
    text = "ketlint-disable-next-line hype-phrase -- quoting a miracle claim\nPlain line.\n"
    result = Linter(builtin_ruleset(), ["hype-phrase"]).lint_text(text, format="text")
    assert result.findings == []


def test_fix_ranges_cover_the_offending_words(tmp_path):
    from ketlint.fixes import applicable_fixes, apply_fixes

    ruleset = house_ruleset(tmp_path)
    result = Linter(ruleset, ["house-words"]).lint_text(
        "A *wonder drug*, a Wonder drug.", format="markdown"
    )
    fixed = apply_fixes(result.source, applicable_fixes(result.findings))
    assert fixed == "A *medicine*, a Medicine."


def test_a_paragraphs_scan_is_made_once_a_lint_and_let_go_with_it(monkeypatch):
    # A first lint reads every paragraph one rule at a time: each paragraph's scan (its
    # literals, searches and the prefilter's answers) is made by the first rule's read and
    # serves every later rule's, however many paragraphs were read in between; when the
    # lint ends no paragraph's scan is left alive (the language server keeps no scans).
    import gc
    import weakref

    from ketlint.prefilter import TextScan

    scans: list[weakref.ref[TextScan]] = []
    made: list[str] = []
    original = TextScan.__init__

    def recording(self, patterns, text, *args, **kwargs):
        original(self, patterns, text, *args, **kwargs)
        scans.append(weakref.ref(self))
        made.append(text)

    monkeypatch.setattr(TextScan, "__init__", recording)
    paragraphs = [
        f"Paragraph {n}: the drug cut deaths by 40% in a trial of 120 adults, "
        "experts said, and side effects were rare."
        for n in range(12)
    ]
    Linter(builtin_ruleset(), cache_blocks=0).lint_text("\n\n".join(paragraphs), format="text")
    assert all(made.count(paragraph) == 1 for paragraph in paragraphs)
    gc.collect()
    assert all(scan() is None for scan in scans)


def test_a_paragraphs_scan_keeps_no_rules_answers_between_reads(monkeypatch):
    # A paragraph's scan lives for the whole lint, but what the prefilter answered for one
    # rule's formulas (narrowed formulas, places, group answers), which no other rule asks
    # about, goes after that rule's read: kept for every paragraph of a long document, it
    # was most of a first lint's peak memory. The literals and the searches made stay.
    import ketlint.engine as engine
    from ketlint.prefilter import TextScan

    scans: list[TextScan] = []
    original = TextScan.__init__

    def recording(self, *args, **kwargs):
        original(self, *args, **kwargs)
        scans.append(self)

    monkeypatch.setattr(TextScan, "__init__", recording)
    answers_kept: list[int] = []
    searches_kept: list[int] = []
    judge = engine.Linter._judge

    def judging(self, rule, doc, *args, **kwargs):
        ours = [s for s in scans if s.text is not doc.prose]
        answers_kept.append(
            sum(
                len(s._possible) + len(s._narrowed) + len(s._groups_possible) + len(s._places)
                for s in ours
            )
        )
        searches_kept.append(sum(len(s._searches) for s in ours))
        return judge(self, rule, doc, *args, **kwargs)

    monkeypatch.setattr(engine.Linter, "_judge", judging)
    text = "\n\n".join(
        f"Paragraph {n}: a study found the drug cut deaths by 40% in a trial of 120 adults, "
        "experts said, and side effects were rare."
        for n in range(6)
    )
    Linter(builtin_ruleset(), cache_blocks=0).lint_text(text, format="text")
    assert max(searches_kept) > 0  # the paragraphs were read and searched
    assert max(answers_kept) == 0


def test_rules_reading_the_same_paragraph_share_its_searches(monkeypatch):
    # A keystroke re-reads one paragraph with every rule; the rules after the first find
    # the paragraph's searches made, so a pattern several rules use is searched once.
    from ketlint.prefilter import TextScan

    made: list[str] = []
    original = TextScan.__init__

    def recording(self, patterns, text, *args, **kwargs):
        original(self, patterns, text, *args, **kwargs)
        made.append(text)

    monkeypatch.setattr(TextScan, "__init__", recording)
    first = "The drug cut deaths by 40% in a trial of 120 adults, experts said."
    second = "Side effects were rare, and the drug is a breakthrough."
    Linter(builtin_ruleset(), cache_blocks=0).lint_text(f"{first}\n\n{second}", format="text")
    assert made.count(first) == 1
    assert made.count(second) == 1


def test_a_linter_keeping_no_facts_finds_a_paragraphs_literals_once_a_lint(monkeypatch):
    # cache_blocks=0 reads every paragraph afresh in every lint, but within one lint the
    # scans that search a paragraph (the document's, its reading's, the verdict models')
    # share the automaton's pass over it; the next lint makes its own.
    from ketlint import prefilter

    read: list[str] = []
    original = prefilter._Paragraph.__init__

    def recording(self, text, patterns):
        original(self, text, patterns)
        read.append(text)

    monkeypatch.setattr(prefilter._Paragraph, "__init__", recording)
    first = "The drug cut deaths by 40% in a trial of 120 adults, experts said."
    second = "Side effects were rare, and researchers called the drug a breakthrough."
    linter = Linter(builtin_ruleset(), cache_blocks=0)
    linter.lint_text(f"# A title\n\n{first}\n\n{second}\n", format="markdown")
    assert read.count(first) == 1
    assert read.count(second) == 1
    linter.lint_text(f"# A title\n\n{first}\n\n{second}\n", format="markdown")
    assert read.count(first) == 2
    assert read.count(second) == 2


def test_equal_patterns_of_two_rules_are_searched_once_in_a_paragraph(monkeypatch):
    # uncited-statistic and vague-attribution list the same study sources, each compiled
    # apart; a first lint reads every paragraph with one rule, then with the other, many
    # paragraphs later: the second rule's search of an equal pattern (same source and
    # flags) is the first one's (PatternSet.same, the paragraph's scan kept by _Read).
    from ketlint.prefilter import TextScan

    searched: list[tuple[str, int, str]] = []
    original = TextScan._finditer

    def recording(self, pattern, text, start, end, timeout):
        searched.append((pattern.pattern, int(getattr(pattern, "given_flags", 0)), text[start:end]))
        return original(self, pattern, text, start, end, timeout)

    monkeypatch.setattr(TextScan, "_finditer", recording)
    paragraphs = [
        f"Paragraph {n}: a study in the journal found that 40% of 120 adults improved, "
        "researchers at the university said."
        for n in range(12)
    ]
    Linter(builtin_ruleset(), cache_blocks=0).lint_text("\n\n".join(paragraphs), format="text")
    assert searched
    assert len(searched) == len(set(searched))
