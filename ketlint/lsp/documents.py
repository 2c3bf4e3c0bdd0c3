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
import bisect
import functools
import time
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
    # ``diagnostics`` as the JSON the client is sent (built once per diagnostic shown;
    # see :class:`~ketlint.lsp.convert.DiagnosticCache`). None: not prepared.
    diagnostics_json: list[str] | None = None
    result: LintResult | None = None
    model: Document | None = None  # the parsed article (None for config and rule files)
    linter: Linter | None = None
    format: str | None = None
    # Problems with this run worth telling the user once (rule failures, a skipped huge file).
    problems: list[str] = field(default_factory=list)
    # Code lenses, made on the first request for this outcome: (encoding, lenses).
    lenses: tuple[str, list[types.CodeLens]] | None = None
    # Seconds spent per stage of the lint (parse, lint, convert), for the timings log.
    timings: dict[str, float] = field(default_factory=dict)


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
    # Diagnostics of the last lint by what they show (engine thread only).
    diagnostic_cache: Any = field(default=None, repr=False)
    # When the last edit was applied (perf_counter), to which version, and how long it took.
    changed_at: float | None = field(default=None, repr=False)
    changed_version: int = field(default=-1, repr=False)
    apply_seconds: float = field(default=0.0, repr=False)
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
        """Apply ``contentChanges`` in order; ranges are in the negotiated ``encoding``.

        The line index is spliced, not rebuilt, so a keystroke costs the length of the
        line list, not a scan of the text (and an edit of many changes is not quadratic).
        """
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
                index = spliced_index(index, text, start, end, change.text)
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


def spliced_index(before: LineIndex, text: str, start: int, end: int, inserted: str) -> LineIndex:
    """The LineIndex of ``text``, which is ``before.text`` with ``[start, end)`` replaced by
    ``inserted``, from ``before``'s line starts: only the lines after the edit move.

    A carriage return on either side can join or split a "\r\n" pair across the edit's
    ends, so any text holding one is indexed afresh.
    """
    if "\r" in inserted or "\r" in before.text:
        return LineIndex(text)
    old = before.line_starts
    low = bisect.bisect_right(old, start)  # line starts in (start, end] go with the text
    high = bisect.bisect_right(old, end)
    delta = len(inserted) - (end - start)
    starts = old[:low]
    if "\n" in inserted:
        find = inserted.find
        at = find("\n")
        while at != -1:
            starts.append(start + at + 1)
            at = find("\n", at + 1)
    if delta:
        starts.extend([s + delta for s in old[high:]])
    else:
        starts.extend(old[high:])
    index: LineIndex = LineIndex.__new__(LineIndex)
    index.text = text
    index.line_starts = starts
    return index


_DERIVED: dict[type, tuple[str, ...]] = {}


def _derived_attributes(cls: type) -> tuple[str, ...]:
    """The ``cached_property`` names of ``cls`` (and its bases): values kept per instance."""
    names = _DERIVED.get(cls)
    if names is None:
        names = _DERIVED[cls] = tuple(
            name
            for klass in cls.__mro__
            for name, value in vars(klass).items()
            if isinstance(value, functools.cached_property)
        )
    return names


def shed_derived_data(model: Document) -> None:
    """Drop what the rules worked out from ``model`` while linting it (words, sentences,
    indexes, assessments), keeping the parse itself.

    An outcome keeps its model for code actions and lenses, which read only its parse
    (blocks, comments, title); the derived data is several times the text's size, and
    recomputed on demand if anything asks for it again.
    """
    model.memo.clear()
    attributes = vars(model)
    for name in _derived_attributes(type(model)):
        attributes.pop(name, None)


def timings_line(doc: OpenDocument, outcome: LintOutcome, publish_started: float) -> str:
    """Where a publish's time went, in ms (the server logs it with KETLINT_LSP_TIMINGS=1;
    benchmarks/lsp_latency.py reads it): the engine's parse and lint, the server's shed,
    convert and publish, and for the version last edited, apply, waiting and total."""
    now = time.perf_counter()
    stages = dict(outcome.timings)
    stages["publish"] = now - publish_started
    if doc.changed_at is not None and doc.changed_version == outcome.version:
        stages["apply"] = doc.apply_seconds
        stages["total"] = now - doc.changed_at
        stages["waiting"] = stages["total"] - sum(
            v for k, v in stages.items() if k not in ("total", "apply")
        )
    fields = " ".join(f"{name}={value * 1000:.3f}" for name, value in stages.items())
    return f"timings {doc.uri} v{outcome.version} findings={len(outcome.diagnostics)} {fields}"
