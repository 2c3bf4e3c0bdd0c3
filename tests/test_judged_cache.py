"""What kinds judged of a paragraph, kept by the engine across an editor's lints
(BlockFacts.judged, engine._Judgements): a keystroke's findings equal a cold lint's."""

from __future__ import annotations

import dataclasses
import json
import random
import sys
from pathlib import Path
from typing import Any

import pytest

from ketlint.engine import Linter
from ketlint.model import Finding, Fix, Related, Severity
from ketlint.project import Project
from ketlint.ruleset import Ruleset

# What an editor types: words, figures, sources, paragraph breaks, a press release's blurb.
TYPED = [
    " x",
    " study",
    " 45%",
    "\n\n",
    " researchers found",
    " According to the CDC,",
    " (1)",
    " not",
    ".",
    " percent",
    "\n\n## About Acme Health\n\n",
    "\n\nAbout Acme University: a school.\n\n",
    " said",
    "\n\n###\n\n",
    # Links, and a reference whose definition stands in another paragraph: a paragraph
    # kept from the last lint must not keep a link target that changed elsewhere.
    " [a study](https://example.org/study)",
    " [the trial][t]",
    "\n\n[t]: https://example.org/trial\n\n",
]


@pytest.fixture(scope="module")
def ruleset() -> Ruleset:
    return Project(isolated=True).linter_for(None).ruleset


def everything(linter: Linter, text: str, path: str) -> tuple[str, str, str]:
    """A lint's findings (with their data), verdicts and metrics, as comparable text."""
    result = linter.lint_text(text, path)
    return (
        json.dumps([dataclasses.asdict(f) for f in result.findings], sort_keys=True, default=str),
        json.dumps([dataclasses.asdict(v) for v in result.verdicts], sort_keys=True, default=str),
        json.dumps(result.metrics, sort_keys=True, default=str),
    )


def edited(text: str, rng: random.Random) -> str:
    """``text`` with one edit: something typed, a run deleted, or a run moved."""
    at = rng.randrange(len(text) + 1)
    roll = rng.random()
    if roll < 0.6:
        return text[:at] + rng.choice(TYPED) + text[at:]
    until = min(len(text), at + rng.randrange(1, 40 if roll < 0.9 else 400))
    if roll < 0.9:
        return text[:at] + text[until:]
    return text[:at] + text[until:] + text[at:until]


def articles() -> list[str]:
    """Generated articles, and some real ones where the checkout has them beside it."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    try:
        from lsp_latency import article
    finally:
        sys.path.pop(0)
    texts = [article(1_500, seed) for seed in range(2)]
    shared = Path(__file__).resolve().parents[2] / "shared"
    found = sorted((shared / "corpus").glob("00*.txt"))[:2]
    found += sorted((shared / "eval-dev" / "articles").glob("*"))[:6]
    texts += [p.read_text(encoding="utf-8", errors="replace") for p in found if p.is_file()]
    return texts


def test_a_keystrokes_findings_equal_a_cold_lints(ruleset: Ruleset) -> None:
    typing = Linter(ruleset)
    cold = Linter(ruleset, cache_blocks=0)  # keeps nothing: every lint judges afresh
    rng = random.Random(8)
    for number, text in enumerate(articles()):
        path = f"article-{number}.md"
        typing.lint_text(text, path)
        for _ in range(10):
            text = edited(text, rng)
            assert everything(typing, text, path) == everything(cold, text, path)


def test_a_paragraph_unchanged_is_not_judged_again(ruleset: Ruleset) -> None:
    """The keystroke re-judges the paragraph it changed, not the others (else the cache
    above would pass by never being used)."""
    from ketlint.kinds.uncited_claim import UncitedClaimRule

    judged: list[int] = []
    original = UncitedClaimRule._judge_block

    def counting(self: UncitedClaimRule, doc: Any, block: Any, *rest: Any) -> list[Finding]:
        judged.append(block.start)
        return original(self, doc, block, *rest)

    paragraphs = [
        f"About {n}0% of adults have high blood pressure, and most do not know it."
        for n in range(9)
    ]
    text = "# Blood pressure\n\n" + "\n\n".join(paragraphs) + "\n"
    typing = Linter(ruleset)
    UncitedClaimRule._judge_block = counting  # type: ignore[method-assign]
    try:
        typing.lint_text(text, "bp.md")
        first = len(judged)
        assert first >= len(paragraphs)
        judged.clear()
        at = text.index("most do not know it", text.index("About 40%"))
        changed = text[:at] + "many " + text[at:]
        typing.lint_text(changed, "bp.md")
        # One paragraph changed, and it is judged again (by each uncited-claim rule); the
        # others, moved or not, come back from the last lint.
        assert 0 < len(judged) <= first // len(paragraphs)
    finally:
        UncitedClaimRule._judge_block = original  # type: ignore[method-assign]
    cold = Linter(ruleset, cache_blocks=0)
    assert everything(typing, changed, "bp.md") == everything(cold, changed, "bp.md")


def test_without_a_path_nothing_is_kept(ruleset: Ruleset) -> None:
    linter = Linter(ruleset)
    linter.lint_text("About 40% of adults have high blood pressure.\n", None)
    assert not linter._judged
    linter.lint_text("About 40% of adults have high blood pressure.\n", "a.md")
    assert list(linter._judged) == ["a.md"]
    linter.release_caches()
    assert not linter._judged


def test_a_moved_finding_moves_its_fix_and_related_places() -> None:
    finding = Finding(
        "rule",
        Severity.WARNING,
        "message",
        10,
        20,
        fix=Fix(12, 14, "new", "why"),
        related=(Related(1, 3, "there"),),
        data={"match": "x"},
    )
    moved = finding.shifted(5)
    assert (moved.start, moved.end) == (15, 25)
    assert moved.fix == Fix(17, 19, "new", "why")
    assert moved.related == (Related(6, 8, "there"),)
    plain = Finding("rule", Severity.INFO, "message", 10, 20, url="u", data={"match": "x"})
    assert plain.shifted(-4) == dataclasses.replace(plain, start=6, end=16)
    assert plain.shifted(-4).data == {"match": "x"}


def test_a_keystroke_makes_only_the_edited_paragraph_again(ruleset: Ruleset) -> None:
    """The other blocks take the paragraphs of the last lint (engine._Paragraphs), before
    and after the edit; a block whose reference link's target was redefined elsewhere
    (its link gone) does not."""
    from ketlint.kinds.base import Paragraph

    made: list[str] = []
    original = Paragraph.of.__func__  # type: ignore[attr-defined]

    def counting(cls: type[Paragraph], doc: Any, block: Any) -> Paragraph:
        made.append(doc.source[block.start : block.end])
        return original(cls, doc, block)  # type: ignore[no-any-return]

    paragraphs = [f"Paragraph {n} says that {n}0% of adults walk daily." for n in range(6)]
    paragraphs[4] = "See [the trial][t] for more."
    text = "# Walking\n\n" + "\n\n".join(paragraphs) + "\n\n[t]: https://example.org/trial\n"
    typing = Linter(ruleset)
    typing.lint_text(text, "walk.md")
    Paragraph.of = classmethod(counting)  # type: ignore[method-assign, assignment]
    try:
        at = text.index("walk daily", text.index("Paragraph 2"))
        changed = text[:at] + "often " + text[at:]
        typing.lint_text(changed, "walk.md")
        assert made == [paragraphs[2].replace("walk daily", "often walk daily")]
        made.clear()
        redefined = changed.replace("[t]: ", "[u]: ")  # "[the trial][t]" is no link now
        typing.lint_text(redefined, "walk.md")
        # Its prose changed (the brackets show now): the blocks from it to the definition
        # lie between the first and the last changed character, those before do not.
        assert made[0] == paragraphs[4]
        assert not set(paragraphs[:4]) & set(made)
    finally:
        Paragraph.of = classmethod(original)  # type: ignore[method-assign, assignment]
    cold = Linter(ruleset, cache_blocks=0)
    assert everything(typing, redefined, "walk.md") == everything(cold, redefined, "walk.md")


def test_a_keystroke_makes_no_paragraph_for_the_blocks_it_left_alone(ruleset: Ruleset) -> None:
    """Blocks outside the edit take their facts and key from the last lint in one pass
    (engine._Paragraphs._take_unchanged): no paragraph object is made for them, only for
    the edited one, and the findings are a cold lint's."""
    from ketlint.kinds.base import Paragraph

    made: list[str] = []
    original = Paragraph.__init__

    def counting(self: Paragraph, kind: Any, source: str, prose: str, *rest: Any) -> None:
        made.append(prose)
        original(self, kind, source, prose, *rest)

    paragraphs = [f"Paragraph {n} says that {n}0% of adults walk daily." for n in range(8)]
    text = "# Walking\n\n" + "\n\n".join(paragraphs) + "\n"
    typing = Linter(ruleset)
    typing.lint_text(text, "walk.md")
    at = text.index("walk daily", text.index("Paragraph 5"))
    changed = text[:at] + "often " + text[at:]
    Paragraph.__init__ = counting  # type: ignore[method-assign]
    try:
        typing.lint_text(changed, "walk.md")
    finally:
        Paragraph.__init__ = original  # type: ignore[method-assign]
    assert made == [paragraphs[5].replace("walk daily", "often walk daily")]
    cold = Linter(ruleset, cache_blocks=0)
    assert everything(typing, changed, "walk.md") == everything(cold, changed, "walk.md")


def test_blocks_whose_facts_the_engine_dropped_are_read_again(ruleset: Ruleset) -> None:
    """With fewer paragraphs kept than the document has, an unchanged block whose facts
    were dropped is read again rather than taken from the last lint: random edits give a
    cold lint's findings, verdicts and metrics."""
    rng = random.Random(12)
    paragraphs = [
        f"Paragraph {n}: researchers found a {n}5% drop in pain, the study said (1)."
        for n in range(10)
    ]
    text = "# Pain\n\n" + "\n\n".join(paragraphs) + "\n\n## References\n\n1. A. Author. 2020.\n"
    typing = Linter(ruleset, cache_blocks=4)
    cold = Linter(ruleset, cache_blocks=0)
    for _ in range(12):
        text = edited(text, rng)
        assert everything(typing, text, "pain.md") == everything(cold, text, "pain.md")


def test_a_heading_renamed_to_a_skipped_section_skips_it_on_the_next_keystroke(
    ruleset: Ruleset,
) -> None:
    """Whether a heading names a section an uncited-claim rule skips is read with the
    heading's paragraph: renaming it in the editor skips (and renaming it back checks) the
    claims under it, as a cold lint does."""
    skipping = ruleset.with_overrides({"uncited-statistic": {"skip-sections": ["notes"]}})
    text = "# Sleep facts\n\nIt cut deaths by 45%.\n\nPeople rest more now.\n"
    typing = Linter(skipping)
    cold = Linter(skipping, cache_blocks=0)

    def uncited(source: str) -> list[str]:
        result = typing.lint_text(source, "sleep.md")
        return [source[f.start : f.end] for f in result.findings if f.rule == "uncited-statistic"]

    assert uncited(text) == ["45%"]
    renamed = text.replace("facts", "notes")
    assert uncited(renamed) == []
    assert everything(typing, renamed, "sleep.md") == everything(cold, renamed, "sleep.md")
    assert uncited(text) == ["45%"]
    assert everything(typing, text, "sleep.md") == everything(cold, text, "sleep.md")
