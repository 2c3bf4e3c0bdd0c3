"""What a rule reads of each sentence is kept between lints (Rule.read_sentences), and
given back only where the sentence and the text its searches looked at are the same."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import regex

from ketlint.document import Document
from ketlint.engine import Linter
from ketlint.kinds.base import BlockFacts, Judgement, Kind, Paragraph, RuleSpec
from ketlint.model import Severity
from ketlint.prefilter import behind_reach
from ketlint.ruleset import Ruleset, builtin_ruleset

# "risk" counts only right after a sentence that ends "warning." (the look-behind reaches
# back into the sentence before); "cure" anywhere.
AFTER_WARNING = regex.compile(r"(?<=warning\.\s)Risk\b")
CURE = regex.compile(r"\bcure\b", regex.IGNORECASE)


class SentenceWords(Kind[tuple[tuple[int, int], ...]]):
    """A kind for these tests: reads sentence by sentence and counts the sentences read."""

    kind = "test-sentence-words"
    reads: list[str] = []

    def read_block(self, paragraph: Paragraph) -> tuple[tuple[int, int], ...]:
        def read(prose: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
            self.reads.append(prose[start:end])
            spans = self.spans(AFTER_WARNING, prose, start, end) + self.spans(
                CURE, prose, start, end
            )
            return tuple((s - start, e - start) for s, e in spans)

        starts = [start for start, _ in paragraph.sentences]
        return tuple(
            (s + shift, e + shift)
            for shift, spans in zip(starts, self.read_sentences(paragraph, read), strict=True)
            for s, e in spans
        )

    def judge(self, doc: Document, facts: BlockFacts[tuple[tuple[int, int], ...]]) -> Judgement:
        return Judgement(
            [
                self.finding(start + block.start, end + block.start)
                for block in doc.body_blocks
                for start, end in facts[block]
            ]
        )


def sentence_linter() -> tuple[Linter, SentenceWords]:
    spec = RuleSpec("test-sentence-words", "test-sentence-words", Severity.WARNING, "Word.")
    rule = SentenceWords(spec)
    rule.reads = []
    ruleset = Ruleset({spec.id: spec})
    ruleset._compiled[spec.id] = (spec, rule)
    return Linter(ruleset, [spec.id]), rule


def flagged(linter: Linter, text: str) -> list[str]:
    result = linter.lint_text(text, "a.md")
    return [result.source[f.start : f.end] for f in result.findings]


def test_an_edit_rereads_only_the_sentence_it_changed() -> None:
    linter, rule = sentence_linter()
    text = "A cure was tested. Nobody was harmed. The trial ran for a year.\n"
    linter.lint_text(text, "a.md")
    rule.reads.clear()
    edited = text.replace("Nobody was harmed", "Nobody at all was harmed")
    assert flagged(linter, edited) == ["cure"]
    assert rule.reads == ["Nobody at all was harmed."]


def test_a_sentence_whose_searches_looked_at_the_edit_is_read_again() -> None:
    # The second sentence's text does not change, but what comes before it does, and its
    # search looks back that far: what was read of it before must not be given back.
    linter, rule = sentence_linter()
    text = "This is a warning. Risk is low. A cure is near.\n"
    assert flagged(linter, text) == ["Risk", "cure"]
    rule.reads.clear()
    edited = text.replace("a warning.", "a notice.")
    assert flagged(linter, edited) == ["cure"]
    assert rule.reads == ["This is a notice.", "Risk is low."]
    fresh, _ = sentence_linter()
    assert flagged(fresh, edited) == ["cure"]
    # And back: found again, as a fresh lint finds it.
    assert flagged(linter, text) == ["Risk", "cure"]


def test_a_sentence_moved_to_another_place_keeps_its_reading_only_in_the_same_text() -> None:
    linter, rule = sentence_linter()
    text = "Risk is low. A cure is near. This is a warning.\n"
    assert flagged(linter, text) == ["cure"]
    # The paragraph's sentences in another order: "Risk is low." now follows "warning.".
    moved = "A cure is near. This is a warning. Risk is low.\n"
    assert flagged(linter, moved) == ["cure", "Risk"]
    fresh, _ = sentence_linter()
    assert flagged(fresh, moved) == ["cure", "Risk"]


def test_random_edits_give_what_a_fresh_lint_gives() -> None:
    import random

    rng = random.Random(7)
    words = ["Risk", "cure", "warning.", "is", "low.", "A", "The", "trial", "warning", "ran."]
    linter, _ = sentence_linter()
    text = "This is a warning. Risk is low. A cure is near.\n\nThe trial ran. Risk is high.\n"
    for _ in range(150):
        cut = rng.randrange(len(text))
        if rng.random() < 0.6:
            text = text[:cut] + rng.choice(words) + rng.choice([" ", ". ", "\n\n"]) + text[cut:]
        else:
            text = text[:cut] + text[cut + rng.randrange(1, 12) :]
        fresh, _ = sentence_linter()
        assert flagged(linter, text) == flagged(fresh, text), text


def test_how_far_back_a_pattern_looks() -> None:
    def reach(source: str) -> int | None:
        return behind_reach(regex.compile(source, regex.V1))

    assert reach(r"cure") == 0
    assert reach(r"\bcure\b") == 1
    assert reach(r"(?<!not\s)cure") == 4
    assert reach(r"(?:a|(?<!xyz)b)") == 3
    assert reach(r"(?<=\w+ )cure") is None  # no bound
    assert reach(r"^cure") is None  # whether the range starts the text
    assert reach(r"(a)\1") is None


def test_overstated_evidence_reads_again_only_the_changed_sentences(monkeypatch: Any) -> None:
    from ketlint.kinds import evidence

    read: list[tuple[int, int]] = []
    read_sentence = evidence.EvidenceRule._read_sentence

    def counted(self: Any, prose: str, start: int, end: int, *args: Any) -> Any:
        read.append((start, end))
        return read_sentence(self, prose, start, end, *args)

    monkeypatch.setattr(evidence.EvidenceRule, "_read_sentence", counted)
    ruleset = builtin_ruleset()
    text = (
        "# A pill for gout\n\n"
        "The randomized trial followed 200 adults for a year. It was published today. "
        "Doctors praised the results. The drug may help many.\n"
    )
    edited = text.replace("Doctors praised", "Doctors widely praised")
    linter = Linter(ruleset, ["overstated-evidence"])
    linter.lint_text(text, "a.md")
    read.clear()
    kept = linter.lint_text(edited, "a.md")
    assert 1 <= len(read) < 4  # not every sentence of the paragraph
    fresh = Linter(ruleset, ["overstated-evidence"]).lint_text(edited, "a.md")
    assert kept.findings == fresh.findings and kept.verdicts == fresh.verdicts


def test_a_verdict_model_searches_again_only_the_changed_sentences(monkeypatch: Any) -> None:
    from ketlint import verdict_model

    read: list[str] = []
    match_sentences = verdict_model._match_sentences

    def counted(doc: Document, block: Any, *args: Any) -> Any:
        rows = match_sentences(doc, block, *args)
        spans = args[3] if len(args) > 3 else None
        read.extend(doc.prose[s:e] for s, e in spans or [])
        return rows

    monkeypatch.setattr(verdict_model, "_match_sentences", counted)
    ruleset = builtin_ruleset()
    text = (
        "# A new pill for gout\n\n"
        "The pill lowered uric acid in a trial of 200 adults. It costs $30 a month. "
        "It is taken once a day.\n"
    )
    edited = text.replace("once a day", "twice a day")
    linter = Linter(ruleset, ["missing-cost"])
    linter.lint_text(text, "a.md")
    read.clear()
    kept = linter.lint_text(edited, "a.md")
    assert set(read) == {"It is taken twice a day."}
    fresh = Linter(ruleset, ["missing-cost"]).lint_text(edited, "a.md")
    assert kept.verdicts == fresh.verdicts and kept.verdicts


def test_no_kind_reads_sentences_past_the_engine() -> None:
    # Kinds ask Rule.read_sentences; how the engine reads (and keeps) them is its own.
    import ketlint.kinds

    for path in sorted(Path(ketlint.kinds.__file__).parent.glob("*.py")):
        if path.name != "base.py":
            assert "sentence_reader" not in path.read_text(encoding="utf-8"), path.name
