"""The language server's answers to requests: pulled diagnostics, code actions, hover,
code lenses, and the lintWorkspace command. Each reads the outcome of the lint of the
version it is asked about (never the live buffer)."""

from __future__ import annotations

from typing import Any

from lsprotocol import types

from ketlint.lsp.actions import ActionContext, code_actions, kind_allowed
from ketlint.lsp.base import ServerBase
from ketlint.lsp.client import path_of
from ketlint.lsp.convert import to_offset
from ketlint.lsp.documents import LintOutcome
from ketlint.lsp.features import code_lenses, hover
from ketlint.lsp.progress import Progress


class RequestHandlers(ServerBase):
    async def on_pull_diagnostics(
        self, params: types.DocumentDiagnosticParams
    ) -> types.DocumentDiagnosticReport:
        doc = self.documents.get(params.text_document.uri)
        if doc is None:
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        outcome = doc.outcome
        # With run = onSave, typing keeps the diagnostics of the last save.
        if (
            self.settings.run != "onSave"
            or doc.role != "article"
            or outcome is None
            or outcome.version < doc.wanted_version
            or outcome.generation != self.registry.generation
        ):
            outcome = await self.outcome_for(doc)
        self.heap.collect_soon(self._lints_pending)
        result_id = f"{outcome.generation}:{outcome.version}"
        if params.previous_result_id == result_id:
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
        return types.RelatedFullDocumentDiagnosticReport(
            items=outcome.diagnostics, result_id=result_id
        )

    async def _article_outcome(self, uri: str) -> LintOutcome | None:
        doc = self.documents.get(uri)
        if doc is None:
            return None
        outcome = await self.outcome_for(doc)
        return outcome if outcome.result is not None else None

    async def on_code_action(self, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        uri = params.text_document.uri
        outcome = await self._article_outcome(uri)
        if outcome is None or outcome.result is None:
            return None
        start = to_offset(outcome.index, params.range.start, self.encoding)
        end = to_offset(outcome.index, params.range.end, self.encoding)
        low, high = min(start, end), max(start, end)
        findings = outcome.result.findings
        by_key = {
            (f.rule, f.start, f.end): d for f, d in zip(findings, outcome.diagnostics, strict=False)
        }
        ctx = ActionContext(uri, outcome, self.encoding, self.client.versioned_edits)
        path = path_of(uri)
        wants_quick_fix = kind_allowed(types.CodeActionKind.QuickFix, params.context.only)
        if (
            path is not None
            and self.client.versioned_edits
            and wants_quick_fix
            and any(f.start <= high and f.end >= low for f in findings)
        ):
            # "Ignore RULE for this file" goes into the config; an untitled buffer has no
            # path for [[overrides]] to match.
            open_texts = {u: d.text for u, d in self.documents.items()}
            ctx.config = await self.in_engine(
                self.runner.config_target, path, open_texts, self.client.can_create_files
            )
        return code_actions(ctx, low, high, params.context.only, by_key) or None

    async def on_hover(self, params: types.HoverParams) -> types.Hover | None:
        outcome = await self._article_outcome(params.text_document.uri)
        if outcome is None:
            return None
        offset = to_offset(outcome.index, params.position, self.encoding)
        return hover(outcome, offset, self.encoding, self.client.markdown_hover)

    async def on_code_lens(self, params: types.CodeLensParams) -> list[types.CodeLens] | None:
        if not self.settings.code_lens:
            return None
        outcome = await self._article_outcome(params.text_document.uri)
        if outcome is None:
            return None
        # Editors ask again after every change and on scrolling: once per outcome is enough.
        if outcome.lenses is None or outcome.lenses[0] != self.encoding:
            outcome.lenses = (self.encoding, code_lenses(outcome, self.encoding))
        return outcome.lenses[1]

    async def lint_workspace(self, *args: Any) -> dict[str, int]:
        """Lint every file ``ketlint check`` would lint in the workspace that is not open."""
        progress = await Progress.start(
            self.work_done_progress,
            "ketlint: linting the workspace",
            self.client.progress,
            self.log,
        )
        files, problems = await self.in_engine(self.runner.workspace_files)
        for unlisted in problems:
            self.log_once(f"walk:{unlisted}", unlisted)
        open_paths = {doc.path for doc in self.documents.values() if doc.path is not None}
        todo = [f for f in files if f not in open_paths]
        linted = findings = 0
        for number, file in enumerate(todo, start=1):
            if progress.cancelled():
                break
            uri, diagnostics, problem = await self.in_engine(
                self.runner.lint_file, file, self.encoding
            )
            if problem is not None:
                self.log_once(f"workspace-config:{self.registry.generation}:{problem}", problem)
            if uri is not None:
                linted, findings = linted + 1, findings + len(diagnostics)
                self._workspace_uris.add(uri)
                self._publish(uri, diagnostics, None)
            progress.report(number, len(todo), f"{number}/{len(todo)} {file.name}")
        summary = f"{linted} files linted, {findings} findings"
        progress.end(summary)
        self.log(summary)
        return {"files": linted, "findings": findings}
