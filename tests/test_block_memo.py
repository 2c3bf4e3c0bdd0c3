"""Document.block_memo: per-block values of document-level rules, reused across edits."""

from __future__ import annotations

from ketlint.document import BLOCK_MEMO_KEY, BlockMemo
from ketlint.engine import Linter
from ketlint.parsing import parse
from ketlint.ruleset import builtin_ruleset


def test_a_value_is_computed_once_per_block_text_across_documents() -> None:
    shared = BlockMemo()
    calls: list[str] = []

    def words(doc, block):
        def compute() -> int:
            calls.append(doc.block_text(block))
            return len(doc.block_text(block).split())

        return doc.block_memo("test:words", block, compute)

    before = parse("# Title\n\nOne paragraph here.\n\nAnother one.\n")
    after = parse("# Title\n\nOne paragraph here.\n\nAnother one, edited.\n")
    for doc in (before, after):
        doc.memo[BLOCK_MEMO_KEY] = shared
    assert [words(before, b) for b in before.blocks] == [1, 3, 2]
    assert [words(after, b) for b in after.blocks] == [1, 3, 3]
    # Only the edited paragraph was worked out again.
    assert calls == ["Title", "One paragraph here.", "Another one.", "Another one, edited."]


def test_owners_and_block_kinds_are_kept_apart() -> None:
    doc = parse("# Same\n\nSame\n")
    heading, paragraph = doc.blocks
    assert doc.block_memo("a", heading, lambda: 1) == 1
    assert doc.block_memo("b", heading, lambda: 2) == 2
    assert doc.block_memo("a", paragraph, lambda: 3) == 3
    assert doc.block_memo("a", heading, lambda: 4) == 1


def test_the_least_recently_used_value_goes_first() -> None:
    memo = BlockMemo(max_entries=2)
    memo.get(("x",), lambda: 1)
    memo.get(("y",), lambda: 2)
    memo.get(("x",), lambda: 0)  # x is now the most recent
    memo.get(("z",), lambda: 3)
    assert len(memo) == 2
    assert memo.get(("y",), lambda: "again") == "again"
    assert memo.get(("z",), lambda: "no") == 3


def test_a_linter_shares_one_memo_between_the_documents_it_lints() -> None:
    linter = Linter(builtin_ruleset(), [])
    first, second = parse("A text.\n"), parse("Another text.\n")
    linter.lint_document(first)
    linter.lint_document(second)
    assert first.memo[BLOCK_MEMO_KEY] is second.memo[BLOCK_MEMO_KEY]
