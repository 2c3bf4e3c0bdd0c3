"""A kind reads, the engine caches: Kind.read_block per paragraph, kept by the engine;
Kind.judge per document."""

from __future__ import annotations

from typing import Any

import pytest
import regex

from ketlint import engine as engine_module
from ketlint.document import Document
from ketlint.engine import Linter
from ketlint.kinds.base import BlockFacts, Judgement, Kind, Paragraph, RuleSpec
from ketlint.model import Severity, Verdict
from ketlint.parsing import parse
from ketlint.ruleset import Ruleset, builtin_ruleset

MIRACLE = regex.compile(r"\bmiracle\b", regex.IGNORECASE)


class MiracleWords(Kind[tuple[tuple[int, int], ...]]):
    """A kind for these tests: flags "miracle", counts the paragraphs it reads."""

    kind = "test-miracle"
    reads: list[str] = []

    def read_block(self, paragraph: Paragraph) -> tuple[tuple[int, int], ...]:
        self.reads.append(paragraph.prose)
        return self.spans(MIRACLE, paragraph.prose)

    def judge(self, doc: Document, facts: BlockFacts[tuple[tuple[int, int], ...]]) -> Judgement:
        findings = [
            self.finding(start + block.start, end + block.start)
            for block in doc.body_blocks
            for start, end in facts[block]
        ]
        verdict = Verdict("test", "satisfactory" if not findings else "not-satisfactory")
        return Judgement(findings, verdict, {"miracles": len(findings)})


def miracle_linter(cache_blocks: int = 100) -> tuple[Linter, MiracleWords]:
    spec = RuleSpec("test-miracle", "test-miracle", Severity.WARNING, "No miracles.")
    rule = MiracleWords(spec)
    rule.reads = []
    ruleset = Ruleset({spec.id: spec})
    ruleset._compiled[spec.id] = (spec, rule)
    return Linter(ruleset, [spec.id], cache_blocks=cache_blocks), rule


def test_the_engine_reads_a_paragraph_once_across_documents() -> None:
    linter, rule = miracle_linter()
    first = linter.lint_text("# A miracle\n\nA miracle cure.\n\nNothing here.\n", "a.md")
    second = linter.lint_text("# Other title\n\nA miracle cure.\n\nNothing here.\n", "b.md")
    # Each body paragraph read once; the headings, which this kind never asks about, never.
    assert sorted(rule.reads) == ["A miracle cure.", "Nothing here."]
    # The paragraph read once is flagged in both documents, where it stands in each.
    for result in (first, second):
        [finding] = result.findings
        assert result.source[finding.start - 2 : finding.end + 5] == "A miracle cure"


def test_an_edit_rereads_only_the_paragraph_it_touched() -> None:
    linter, rule = miracle_linter()
    text = "First paragraph.\n\nA miracle in the second.\n\nThird one.\n"
    linter.lint_text(text, "a.md")
    rule.reads.clear()
    edited = linter.lint_text(text.replace("Third one.", "Third one, edited."), "a.md")
    assert rule.reads == ["Third one, edited."]
    assert [edited.source[f.start : f.end] for f in edited.findings] == ["miracle"]


def test_the_engine_keeps_facts_for_at_most_cache_blocks_paragraphs() -> None:
    linter, rule = miracle_linter(cache_blocks=3)
    linter.lint_text("\n\n".join(f"Paragraph number {n}." for n in range(10)), "a.md")
    assert len(linter._facts) == 3
    linter.release_caches()
    assert len(linter._facts) == 0


def test_without_a_cache_a_paragraph_is_still_read_once_per_lint() -> None:
    linter, rule = miracle_linter(cache_blocks=0)
    twice = MiracleWords.judge

    def asks_twice(
        self: MiracleWords, doc: Document, facts: BlockFacts[tuple[tuple[int, int], ...]]
    ) -> Judgement:
        for block in doc.body_blocks:
            facts[block]
        return twice(self, doc, facts)

    rule.judge = asks_twice.__get__(rule)  # type: ignore[method-assign]
    text = "A miracle.\n\nNothing.\n"
    linter.lint_text(text, "a.md")
    linter.lint_text(text, "a.md")
    # Each lint reads each paragraph once, and keeps nothing for the next.
    assert sorted(rule.reads) == sorted(["A miracle.", "Nothing."] * 2)
    assert len(linter._facts) == 0


def test_verdict_and_metrics_come_from_the_judgement() -> None:
    linter, _ = miracle_linter()
    linter.ruleset.specs["test-miracle"].criterion = "test"
    result = linter.lint_text("A miracle.\n\nAnother miracle.\n", "a.md")
    assert [v.value for v in result.verdicts] == ["not-satisfactory"]
    assert result.metrics == {"miracles": 2}


def test_a_judge_that_raises_is_a_rule_failure_and_the_document_still_lints() -> None:
    linter, rule = miracle_linter()

    def broken(doc: Document, facts: BlockFacts[tuple[tuple[int, int], ...]]) -> Judgement:
        raise RuntimeError("broken judge")

    rule.judge = broken  # type: ignore[method-assign]
    result = linter.lint_text("A miracle.\n", "a.md")
    assert result.findings == []
    assert [(f.rule, f.reason) for f in result.rule_failures] == [("test-miracle", "error")]


def test_a_kind_called_on_its_own_gives_what_the_engine_gives() -> None:
    # Tools and tests call rule.judge_alone() outside the engine.
    ruleset = builtin_ruleset()
    text = (
        "# Drug X cuts the risk of stroke by 30%\n\n"
        "The new drug cut the risk of stroke by 30%, researchers said. Studies show 40% of "
        "patients improve. Experts say it is a miracle cure.\n"
    )
    rule_ids = (
        "benefit-without-numbers",
        "uncited-statistic",
        "preclinical-claim",
        "missing-cost",
        "undisclosed-funding",
        "overstated-evidence",
        "missing-safety-section",
    )
    for rule_id in rule_ids:
        rule = ruleset.rule(rule_id)
        alone = rule.judge_alone(parse(text, "markdown", "a.md")).findings
        by_engine = Linter(ruleset, [rule_id]).lint_text(text, "a.md").findings
        assert alone == by_engine, rule_id


# Articles written for these tests, with something for every kind of the new shape.
ARTICLES = [
    "# New pill halves the risk of heart attack\n\n"
    "A new pill cut the risk of heart attack by 50% in a trial of 2,000 adults, the company "
    "said. It is a breakthrough that works for everyone. About 40% of adults have high "
    "blood pressure.\n\n"
    "In mice, the compound reversed memory loss and could cure Alzheimer's disease.\n\n"
    "Patients taking Advil (acetaminophen) reported fewer headaches [1].\n\n"
    "## References\n\n"
    "1. Smith J. A randomized trial of headache relief. The Lancet. 2020;395:1-9.\n",
    "# Suicide rates rose last year\n\n"
    "The suicide rate rose 5% in 2022, according to a report published in JAMA (2). "
    "Deaths were 12.3 per 100,000, compared with 11.7 per 100,000 in 2021.\n\n"
    "A study found that 3 in 10 teens felt hopeless, researchers said.\n",
]


def test_prefiltered_searches_give_what_plain_searches_give(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = ARTICLES
    ruleset = builtin_ruleset()
    enabled = [rid for rid, spec in ruleset.specs.items() if spec.enabled]
    prefiltered = [Linter(ruleset, enabled).lint_text(t, "a.md").findings for t in texts]

    def plain(
        self: engine_module._ScanSearcher,
        pattern: regex.Pattern[str],
        text: str,
        start: int,
        end: int,
    ) -> list[regex.Match[str]]:
        return list(pattern.finditer(text, start, end, timeout=self.timeout))

    monkeypatch.setattr(engine_module._ScanSearcher, "search", plain)
    searched_plainly = [Linter(ruleset, enabled).lint_text(t, "a.md").findings for t in texts]
    assert sum(map(len, prefiltered)) > 0
    assert prefiltered == searched_plainly


def test_a_verdict_model_reads_again_only_the_paragraph_an_edit_touched(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ketlint import verdict_model

    read: list[str] = []
    match_sentences = verdict_model._match_sentences

    def counted(doc: Document, block: Any, *args: Any) -> Any:
        read.append(doc.block_text(block))
        return match_sentences(doc, block, *args)

    monkeypatch.setattr(verdict_model, "_match_sentences", counted)
    ruleset = builtin_ruleset()
    assert ruleset.rule("missing-cost").verdict_model is not None
    before = (
        "# A new pill for gout\n\n"
        "The pill lowered uric acid in a trial of 200 adults.\n\n"
        "It is taken once a day.\n"
    )
    after = before.replace("once a day", "twice a day")
    linter = Linter(ruleset, ["missing-cost"])
    linter.lint_text(before, "a.md")
    read.clear()
    kept = linter.lint_text(after, "a.md")
    assert read == ["It is taken twice a day."]
    fresh = Linter(ruleset, ["missing-cost"]).lint_text(after, "a.md")
    assert kept.verdicts == fresh.verdicts and kept.verdicts


def test_an_editors_linter_keeps_fewer_paragraph_versions_than_a_batch_run() -> None:
    # Every keystroke makes a new version of one paragraph, read once and never again: the
    # editor's bound keeps a long session's memory flat (benchmarks/lsp_memory.py).
    from ketlint.engine import BLOCK_CACHE_SIZE, EDITOR_BLOCK_CACHE_SIZE
    from ketlint.lsp.projects import ProjectRegistry

    linter = ProjectRegistry().resolve(None).linter
    assert linter.cache_blocks == EDITOR_BLOCK_CACHE_SIZE < BLOCK_CACHE_SIZE


def test_no_kind_keeps_what_it_read_of_a_document() -> None:
    # The engine owns every cache of what was read in a paragraph or a document (facts,
    # judgements, Document.remember); a kind module reads and judges as pure functions.
    from pathlib import Path

    import ketlint.kinds

    folder = Path(ketlint.kinds.__file__).parent
    for path in sorted(folder.glob("*.py")):
        code = path.read_text(encoding="utf-8")
        assert ".memo" not in code, path.name
        assert "remember(" not in code, path.name


def test_a_paragraphs_words_are_read_once_for_every_rule_that_looks_them_up() -> None:
    from ketlint.word_keys import WORD_RUN, word_key

    text = "Ein Wundermittel? A “miracle” cure, 40 percent."
    paragraph = Paragraph("paragraph", text, text)
    expected = tuple((m.start(), word_key(m.group())) for m in WORD_RUN.finditer(text))
    assert paragraph.words == expected and expected
    assert paragraph.words is paragraph.words
