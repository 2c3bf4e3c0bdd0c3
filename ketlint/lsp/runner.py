"""The language server's work on its engine thread: linting a document's text into
diagnostics, checking config and rule files as typed, reloading rules, linting files that
are not open. Everything here runs on that one thread (Projects and Linters, which cache
per-block results, are never used from two), and all of it goes through the core: the
Linter's ``lint_text``, the size policy and ``lint_paths`` that ``ketlint check`` uses.
"""

from __future__ import annotations

import glob
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.uris import from_fs_path

from ketlint import lint_paths
from ketlint.casefolding import simple_folding
from ketlint.files import FILE_ERROR, MissingPath, iter_files, oversized_text
from ketlint.limits import DataFileError
from ketlint.lsp.actions import ConfigTarget, appends_cleanly
from ketlint.lsp.convert import (
    DiagnosticCache,
    data_error_to_diagnostic,
    dedupe,
    diagnostics_of,
    findings_shown,
)
from ketlint.lsp.documents import DocumentRole, LintOutcome, OpenDocument, shed_derived_data
from ketlint.lsp.projects import ProjectRegistry
from ketlint.lsp.settings import ServerSettings
from ketlint.parsing import format_for_path
from ketlint.positions import LineIndex
from ketlint.prefilter import collect_patterns
from ketlint.project import ConfigError
from ketlint.timeouts import compile_now

WARM_UP_TEXT = "# Warming up\n\nA short sentence to load the rules.\n"


class EngineRunner:
    """Engine-thread work for the server (see the module's docstring)."""

    def __init__(self, registry: ProjectRegistry, unstructure: Callable[[Any, Any], Any]) -> None:
        self.registry = registry
        self._unstructure = unstructure  # pygls's converter: diagnostics' JSON as it sends them

    # -- documents ---------------------------------------------------------------------

    def lint(
        self,
        doc: OpenDocument,
        text: str,
        version: int,
        index: LineIndex | None,
        settings: ServerSettings,
        encoding: str,
    ) -> LintOutcome:
        """Lint one version of one document (``index``: of ``text``, if the event loop
        has it already)."""
        if index is None or index.text is not text:
            index = LineIndex(text)
        if doc.role is None:
            doc.role = self.role_of(doc, settings)
        outcome = LintOutcome(version, self.registry.generation, text, index)
        if doc.role in ("config", "rules"):
            outcome.diagnostics = self._own_file_diagnostics(doc, text, index, encoding)
        if doc.role != "article":
            return outcome
        if doc.linter_generation != self.registry.generation:
            self.resolve(doc)
        if doc.linter is not None:
            self._lint_article(doc, outcome, settings, encoding)
        return outcome

    def _lint_article(
        self, doc: OpenDocument, outcome: LintOutcome, settings: ServerSettings, encoding: str
    ) -> None:
        """The article's lint, as ``ketlint check`` would lint its text (the size limit,
        then ``lint_text``), and its diagnostics."""
        assert doc.linter is not None
        outcome.linter = doc.linter
        outcome.format = settings.languages.get(doc.language_id) or format_for_path(
            str(doc.path or "")
        )
        text, display = outcome.text, str(doc.path) if doc.path is not None else doc.uri
        result = None if doc.max_bytes is None else oversized_text(text, display, doc.max_bytes)
        if result is None:
            result = doc.linter.lint_text(text, display, outcome.format, keep_document=True)
        outcome.result, outcome.model, result.document = result, result.document, None
        outcome.timings.update(result.timings)
        # Told once each (rule failures apart: the server tells those by rule id).
        failed = {failure.message for failure in result.rule_failures}
        outcome.problems = [error for error in result.errors if error not in failed]
        outcome.problems += [
            f"{display}: {f.message}" for f in result.findings if f.rule == FILE_ERROR
        ]
        started = time.perf_counter()
        if outcome.model is not None:
            shed_derived_data(outcome.model)  # what code actions and lenses do not read
        shed = time.perf_counter()
        cache = doc.diagnostic_cache
        if not isinstance(cache, DiagnosticCache) or cache.encoding != encoding:
            cache = doc.diagnostic_cache = DiagnosticCache(encoding, self._unstructure)
        outcome.diagnostics, outcome.diagnostics_json = cache.convert(
            findings_shown(result), outcome.index, doc.uri
        )
        outcome.timings["shed"] = shed - started
        outcome.timings["convert"] = time.perf_counter() - shed

    def role_of(self, doc: OpenDocument, settings: ServerSettings) -> DocumentRole:
        if doc.language_id in settings.languages:
            return "article"
        own = self.registry.role_of(doc.path, doc.text)
        if own == "config":
            return "config"
        if own == "rules":
            return "rules"
        return "ignored"

    def resolve(self, doc: OpenDocument) -> None:
        """The document's Linter and size limit for this generation (the last good ones
        while config is broken)."""
        resolution = self.registry.resolve(doc.path)
        doc.linter = resolution.linter or doc.linter
        doc.max_bytes = resolution.max_bytes or doc.max_bytes
        doc.linter_generation = self.registry.generation

    def _own_file_diagnostics(
        self, doc: OpenDocument, text: str, index: LineIndex, encoding: str
    ) -> list[types.Diagnostic]:
        assert doc.path is not None  # only files on disk are config or rule files
        check = (
            self.registry.check_config_text
            if doc.role == "config"
            else self.registry.check_rule_text
        )
        errors = check(doc.path, text)
        return dedupe([data_error_to_diagnostic(e, index, encoding) for e in errors])

    # -- rules and config --------------------------------------------------------------

    def warm_up(self) -> None:
        """Load rules, dictionaries and parsers, so the first document opened does not wait."""
        resolution = self.registry.resolve(None)
        if resolution.linter is not None:
            resolution.linter.lint_text(WARM_UP_TEXT, format="markdown")
            # Rule patterns compile on their first search (ketlint.timeouts); an editor
            # compiles them all now, while idle, rather than inside a keystroke's lint. What
            # it compiles is what a search of text without letters beyond ASCII runs: the
            # simple-folding twin where there is one (ketlint.casefolding). The patterns
            # themselves are searched only where such letters are, and compiling all of them
            # here kept about 8 MB of compiled code that most sessions never run.
            compile_now(
                simple_folding(pattern) or pattern
                for pattern in collect_patterns(resolution.linter.rules)
            )

    def reload(self, documents: Iterable[OpenDocument], settings: ServerSettings) -> None:
        """New generation, and every open article's linter resolved now, so problems are
        known (and announced) before anything is re-linted."""
        self.registry.reload()
        for doc in documents:
            if doc.role == "article":
                self.resolve(doc)
            elif doc.role is None:
                doc.role = self.role_of(doc, settings)

    def config_error_diagnostics(
        self, skip: set[str], encoding: str
    ) -> dict[str, list[types.Diagnostic]]:
        """Project-level problems by the URI of the config or rule file they are in."""
        out: dict[str, list[types.Diagnostic]] = {}
        for file, errors in list(self.registry.errors.items()):
            path = Path(file)
            if not path.is_file():
                continue
            uri = from_fs_path(str(path.resolve()))
            if uri is None or uri in skip:
                continue
            try:
                index = LineIndex(path.read_text(encoding="utf-8", errors="replace"))
            except OSError:
                continue
            out[uri] = dedupe([data_error_to_diagnostic(e, index, encoding) for e in errors])
        return out

    def config_target(
        self, path: Path, open_texts: dict[str, str], can_create: bool
    ) -> ConfigTarget | None:
        """Where an "ignore RULE for this file" override goes: the config file ``ketlint
        check`` would use for ``path`` (as typed, if open: ``open_texts`` by URI), or a new
        ``ketlint.toml`` in the workspace folder where the client can create files."""
        config = self.registry.config_file_for(path)
        text: str | None = None
        if config is None:
            config = (self.registry.folder_for(path) or path.parent) / "ketlint.toml"
        else:
            try:
                text = config.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                return None
        if text is None and not can_create:
            return None
        config_uri = from_fs_path(str(config)) or ""
        text = open_texts.get(config_uri, text)  # what the writer sees, saved or not
        try:
            # As a glob naming just this file: "[", "*" and "?" in a name are escaped.
            article = glob.escape(path.resolve().relative_to(config.parent.resolve()).as_posix())
        except ValueError:
            return None  # globs are relative to the config's folder: none can name this file
        table = "tool.ketlint.overrides" if config.name == "pyproject.toml" else "overrides"
        if text is not None and not appends_cleanly(text, table):
            return None  # an inline `overrides = [...]` (or a broken file) takes no [[entry]]
        return ConfigTarget(config_uri, text, article, table)

    # -- files that are not open -------------------------------------------------------

    def workspace_files(self) -> tuple[list[Path], list[str]]:
        """The files ``ketlint check`` would lint in each workspace folder, and the
        folders that could not be listed."""
        files: set[Path] = set()
        problems: list[str] = []
        for folder in self.registry.folders or [Path.cwd()]:
            project = self.registry.project_for(folder / "x.md")
            try:
                files.update(iter_files([folder], project, []))
            except Exception as exc:
                problems.append(f"could not list files in {folder}: {exc}")
        return sorted(files), problems

    def lint_file(
        self, file: Path, encoding: str
    ) -> tuple[str | None, list[types.Diagnostic], str | None]:
        """One file on disk, as ``ketlint check`` lints it: its URI and diagnostics, or
        a problem that kept it from being linted."""
        uri = from_fs_path(str(file.resolve()))
        if uri is None:
            return None, [], None
        try:
            (result,) = lint_paths([file], project=self.registry.project_for(file))
        except MissingPath:
            return None, [], None  # deleted since the folder was listed
        except (ConfigError, DataFileError) as exc:
            return None, [], f"{file}: {exc}"
        return uri, diagnostics_of(result, encoding, uri), None
