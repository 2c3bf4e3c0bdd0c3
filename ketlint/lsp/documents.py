"""The editor's view of each open document: text, version and what the last lint said.

The server keeps its own copy of every open buffer rather than pygls's
workspace, because edits must be applied with the same line model as the
engine's positions (:class:`~ketlint.positions.LineIndex`, lines end at
``"\\n"``). pygls splits lines with ``str.splitlines``, which also breaks at
U+2028, form feeds and other characters that LSP clients do not treat as line
ends, so its incremental edits can drift from what the editor shows.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from lsprotocol import types

from ketlint.positions import LineIndex

if TYPE_CHECKING:
    from ketlint.document import Document
    from ketlint.engine import Linter
    from ketlint.model import LintResult

DocumentRole = Literal["article", "config", "rules", "ignored"]


@dataclass
class LintOutcome:
    """One lint of one version of one document, with everything derived from it.

    Code actions, hover and code lens are computed from the outcome they describe,
    never from the live buffer, so their ranges always match ``version``.
    """

    version: int
    generation: int  # the rule/config generation it was linted with
    text: str
    index: LineIndex
    diagnostics: list[types.Diagnostic] = field(default_factory=list)
    result: LintResult | None = None
    model: Document | None = None  # the parsed article (None for config and rule files)
    linter: Linter | None = None
    format: str | None = None
    # Problems with this run worth telling the user once (rule failures, a skipped huge file).
    problems: list[str] = field(default_factory=list)


@dataclass
class OpenDocument:
    uri: str
    language_id: str
    version: int
    text: str
    path: Path | None
    role: DocumentRole | None = "article"  # None: not decided yet (decided on the engine thread)
    outcome: LintOutcome | None = None
    # The Linter last resolved for this document, and the generation it belongs to.
    linter: Linter | None = None
    linter_generation: int = -1
    max_bytes: int | None = None
    # The version the user last asked to be linted (open, save, typing with run = onType).
    wanted_version: int = 0
    # The lint in flight: ((version, generation), its future), shared by whoever needs it.
    running: tuple[tuple[int, int], asyncio.Future[LintOutcome]] | None = None
    _index: LineIndex | None = field(default=None, repr=False)

    @property
    def index(self) -> LineIndex:
        if self._index is None:
            self._index = LineIndex(self.text)
        return self._index

    def replace_text(self, text: str, version: int) -> None:
        self.text = text
        self.version = version
        self._index = None

    def apply_changes(
        self,
        changes: list[Any],
        version: int,
        encoding: str,
    ) -> None:
        """Apply ``contentChanges`` in order; ranges are in the negotiated ``encoding``."""
        text = self.text
        index = self.index
        for change in changes:
            if isinstance(change, types.TextDocumentContentChangePartial):
                start = index.offset(
                    change.range.start.line, change.range.start.character, encoding
                )
                end = index.offset(change.range.end.line, change.range.end.character, encoding)
                if end < start:
                    start, end = end, start
                text = text[:start] + change.text + text[end:]
            else:
                text = change.text
            index = LineIndex(text)
        self.text = text
        self.version = version
        self._index = index

    def current_outcome(self, generation: int) -> LintOutcome | None:
        outcome = self.outcome
        if (
            outcome is not None
            and outcome.version == self.version
            and outcome.generation == generation
        ):
            return outcome
        return None
