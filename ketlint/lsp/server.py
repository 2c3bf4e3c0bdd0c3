"""``ketlint lsp``: the language server.

A thin adapter over the engine the CLI uses (``Project().linter_for(path)`` and the
Linter's ``lint_text``, the core's size policy, config parser and ``lint_paths``), so
the editor and ``ketlint check`` cannot disagree about the same text and config. What
the server adds is editor plumbing, here and in the modules beside it:

* its own copy of each open buffer, updated incrementally (documents.py);
* a debounced lint per document on a single engine thread (runner.py: Projects and
  Linters are never shared across threads); a newer edit supersedes a stale run, whose
  result is dropped instead of published;
* conversion of code-point offsets to the position encoding negotiated at
  ``initialize`` (UTF-16 unless the client prefers UTF-8 or UTF-32), once per diagnostic
  shown (convert.py): a keystroke re-sends the JSON made for every diagnostic it did not move;
* per document, only what code actions, hover and lenses read: the derived data the
  rules built while linting is dropped once the lint is done;
* garbage collection when idle (heap.py) instead of dozens of times per lint;
* push diagnostics, or pull diagnostics where the client supports them and
  can be asked to refresh;
* reloading rules and config when their files change, keeping the last good
  rules while they are broken (projects.py);
* LSP framing over stdio or TCP (transport.py).

Nothing a client sends may stop it: every handler logs its own failures to
``window/logMessage`` and returns an empty answer.
"""

from __future__ import annotations

import asyncio
import gc
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.uris import to_fs_path

from ketlint import __version__
from ketlint.lsp.actions import FIX_ALL_KIND
from ketlint.lsp.base import logs_failures
from ketlint.lsp.client import ClientFeatures, path_of, workspace_folders
from ketlint.lsp.convert import SOURCE
from ketlint.lsp.documents import OpenDocument
from ketlint.lsp.requests import RequestHandlers
from ketlint.lsp.settings import ServerSettings, parse_settings, poll_seconds
from ketlint.lsp.transport import configure_logging, serve

LINT_WORKSPACE_COMMAND = "ketlint.lintWorkspace"
RELOAD_DELAY_SECONDS = 0.05
WATCHED_GLOBS = (
    "**/ketlint.toml",
    "**/.ketlint.toml",
    "**/pyproject.toml",
    "**/*.yml",
    "**/*.yaml",
)


class KetlintLanguageServer(RequestHandlers):
    def __init__(self) -> None:
        super().__init__()
        register_features(self)

    # -- lifecycle --------------------------------------------------------------------

    def on_initialize(self, params: types.InitializeParams) -> None:
        self.client = ClientFeatures.of(params.capabilities)
        self.settings, notes = parse_settings(params.initialization_options)
        for note in notes:
            self.log(f"ignored setting: {note}", types.MessageType.Warning)
        self.poll_seconds = poll_seconds(params.initialization_options)
        self.registry.set_folders(workspace_folders(params))
        self.registry.config_path = self.settings.config_path
        self.pull_diagnostics = self.client.pulls(self.settings.diagnostic_mode)
        if self.pull_diagnostics:
            self.feature(
                types.TEXT_DOCUMENT_DIAGNOSTIC,
                types.DiagnosticOptions(
                    identifier=SOURCE, inter_file_dependencies=False, workspace_diagnostics=False
                ),
            )(_route(self.on_pull_diagnostics))
        served = ", ".join(str(f) for f in self.registry.folders) or "no folder"
        delivery = "pull" if self.pull_diagnostics else "push"
        self.log(
            f"ketlint {__version__} serving {served}; "
            f"positions in {self.encoding}; {delivery} diagnostics"
        )

    async def on_initialized(self, params: types.InitializedParams) -> None:
        self.spawn(self._warm_up())
        if self.client.watches_files:
            self.spawn(self._register_watchers())
        else:
            self.spawn(self._poll_config_files())
        if self.client.configuration and self.settings == ServerSettings():
            self.spawn(self._fetch_configuration())  # none came with initialize

    @logs_failures("registering file watchers")
    async def _register_watchers(self) -> None:
        watchers = [types.FileSystemWatcher(glob_pattern=glob) for glob in WATCHED_GLOBS]
        registration = types.Registration(
            id=f"ketlint-watch-{uuid.uuid4()}",
            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
        )
        params = types.RegistrationParams(registrations=[registration])
        try:
            await asyncio.wait_for(self.client_register_capability_async(params), timeout=10)
        except Exception as exc:
            self.log(f"the editor did not accept file watchers ({exc}); polling config files")
            await self._poll_config_files()

    @logs_failures("watching config files")
    async def _poll_config_files(self) -> None:
        """Without file watching, notice config and rule file changes by their stat data."""
        last = await self.in_engine(self.registry.fingerprint, self._open_paths())
        while True:
            await asyncio.sleep(self.poll_seconds)
            current = await self.in_engine(self.registry.fingerprint, self._open_paths())
            if current != last:
                last = current
                self.request_reload("a config or rule file changed on disk")

    @logs_failures("warming up")
    async def _warm_up(self) -> None:
        await self.in_engine(self.runner.warm_up)
        self.heap.settle()

    def _open_paths(self) -> list[Path | None]:
        return [doc.path for doc in list(self.documents.values()) if doc.role in (None, "article")]

    def on_shutdown(self, params: Any) -> None:
        for task in [*self._pending.values(), *self._background]:
            task.cancel()
        self._engine.shutdown(wait=False, cancel_futures=True)

    # -- settings ---------------------------------------------------------------------

    async def on_did_change_configuration(self, params: types.DidChangeConfigurationParams) -> None:
        if (not params.settings or params.settings == {SOURCE: None}) and self.client.configuration:
            await self._fetch_configuration()
        else:
            self.apply_settings(params.settings)

    @logs_failures("reading settings")
    async def _fetch_configuration(self) -> None:
        item = types.ConfigurationItem(section=SOURCE)
        try:
            values = await asyncio.wait_for(
                self.workspace_configuration_async(types.ConfigurationParams(items=[item])), 10
            )
        except Exception as exc:
            self.log(f"could not read settings from the editor: {exc}")
            return
        if values:
            self.apply_settings(values[0])

    def apply_settings(self, raw: Any) -> None:
        before = self.settings
        self.settings, notes = parse_settings(raw, before)
        for note in notes:
            self.log(f"ignored setting: {note}", types.MessageType.Warning)
        if self.settings == before:
            return
        self.log(f"settings changed: {self.settings}")
        if self.settings.languages != before.languages:
            for doc in self.documents.values():
                doc.role = None
        if self.settings.config_path != before.config_path:
            self.registry.config_path = self.settings.config_path
            self.request_reload("the config path setting changed")
        else:
            self.relint_all()

    # -- documents --------------------------------------------------------------------

    def on_did_open(self, params: types.DidOpenTextDocumentParams) -> None:
        item = params.text_document
        doc = OpenDocument(
            item.uri, item.language_id, item.version, item.text, path_of(item.uri), role=None
        )
        self.documents[item.uri] = doc
        if self.pull_diagnostics and item.uri in self._workspace_uris:
            # Its findings now come by pull; drop the pushed copy so they do not show twice.
            self._workspace_uris.discard(item.uri)
            self._publish(item.uri, [], None)
        self.schedule(doc, 0.0)

    def on_did_change(self, params: types.DidChangeTextDocumentParams) -> None:
        uri, version = params.text_document.uri, params.text_document.version
        doc = self.documents.get(uri)
        if doc is None:
            self.log_once(
                f"unknown:{uri}",
                f"ignored an edit for {uri}, which the editor never opened (didOpen)",
            )
            return
        if version is not None and version <= doc.version:
            # Versions only grow (LSP spec): an older one is out of order, and applied to
            # the newer text its ranges would corrupt the document.
            self.log(
                f"ignored an edit to {uri} with version {version}: the document is at "
                f"version {doc.version} already",
                types.MessageType.Warning,
            )
            return
        started = time.perf_counter()
        try:
            doc.apply_changes(list(params.content_changes), version, self.encoding)
        except Exception as exc:
            self.log(f"could not apply an edit to {uri}: {exc}", types.MessageType.Error)
            return
        doc.changed_at, doc.changed_version = time.perf_counter(), doc.version
        doc.apply_seconds = doc.changed_at - started
        # Config and rule files are checked as typed whatever ``run`` says: they are short.
        # With run = onSave, an article keeps the diagnostics of its last save meanwhile.
        if doc.role in ("config", "rules") or self.settings.run == "onType":
            self.schedule(doc, self.settings.debounce_ms / 1000)

    def on_did_save(self, params: types.DidSaveTextDocumentParams) -> None:
        doc = self.documents.get(params.text_document.uri)
        if doc is None:
            return
        if doc.role in ("config", "rules"):
            self.request_reload(f"{doc.path.name if doc.path else doc.uri} was saved")
        elif doc.current_outcome(self.registry.generation) is None:
            self.schedule(doc, 0.0)
            if self.pull_diagnostics and self.settings.run == "onSave":
                self._refresh_pulls()  # clients do not pull on save by themselves

    def on_did_close(self, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        doc = self.documents.pop(uri, None)
        pending = self._pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        if doc is None:
            return
        if not any(d.role in (None, "article") for d in self.documents.values()):
            # The last article closed: what its lints cached goes with it (engine thread,
            # where the caches are used), and the heap shrinks back.
            self.spawn(self._release_caches())
        if doc.role in ("config", "rules"):
            # Problems found on disk stay visible; buffer-only ones go with the buffer.
            self.spawn(self._publish_config_errors())
        elif not self.pull_diagnostics:
            self._publish(uri, [], None)

    @logs_failures("releasing caches")
    async def _release_caches(self) -> None:
        await self.in_engine(self.registry.release_caches)
        if not self.documents:
            gc.collect()

    async def on_did_change_watched_files(self, params: types.DidChangeWatchedFilesParams) -> None:
        for change in params.changes:
            path = path_of(change.uri)
            if path is not None and self.registry.is_watched_change(path):
                self.request_reload(f"{path.name} changed on disk")
                return

    async def on_did_change_workspace_folders(
        self, params: types.DidChangeWorkspaceFoldersParams
    ) -> None:
        folders = (to_fs_path(f.uri) for f in self.workspace.folders.values())
        self.registry.set_folders(Path(p) for p in folders if p)
        self.request_reload("the workspace folders changed")

    # -- reloading rules and config -----------------------------------------------------

    def request_reload(self, reason: str) -> None:
        if self._reload_task is not None and not self._reload_task.done():
            self._reload_task.cancel()
        self._reload_task = self.spawn(self._reload(reason))

    @logs_failures("reloading rules")
    async def _reload(self, reason: str) -> None:
        await asyncio.sleep(RELOAD_DELAY_SECONDS)  # coalesce a burst of file events
        self.log(f"reloading rules and config: {reason}")
        await self.in_engine(self.runner.reload, list(self.documents.values()), self.settings)
        if self.heap.tuned:
            self.heap.settle()
        if self.registry.errors and not self._config_broken:
            self._config_broken = True
            self._announce_broken_config()
        elif not self.registry.errors and self._config_broken:
            self._config_broken = False
            self.log("config and rules load again; using the new rules")
        await self._publish_config_errors()
        self.relint_all()


# -- plumbing ---------------------------------------------------------------------------


def _route(method: Callable[..., Any]) -> Callable[..., Any]:
    """A plain function around a bound method (pygls sets attributes on handlers)."""
    if asyncio.iscoroutinefunction(method):

        async def async_handler(params: Any) -> Any:
            return await method(params)

        return async_handler

    def handler(params: Any) -> Any:
        return method(params)

    return handler


def register_features(server: KetlintLanguageServer) -> None:
    s = server
    actions = types.CodeActionOptions(
        code_action_kinds=[
            types.CodeActionKind.QuickFix,
            types.CodeActionKind.SourceFixAll,
            FIX_ALL_KIND,
        ],
        resolve_provider=False,
    )
    features: list[tuple[str, Any, Callable[..., Any]]] = [
        (types.INITIALIZE, None, s.on_initialize),
        (types.INITIALIZED, None, s.on_initialized),
        (types.SHUTDOWN, None, s.on_shutdown),
        (types.TEXT_DOCUMENT_DID_OPEN, None, s.on_did_open),
        (types.TEXT_DOCUMENT_DID_CHANGE, None, s.on_did_change),
        (types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False), s.on_did_save),
        (types.TEXT_DOCUMENT_DID_CLOSE, None, s.on_did_close),
        (types.WORKSPACE_DID_CHANGE_CONFIGURATION, None, s.on_did_change_configuration),
        (types.WORKSPACE_DID_CHANGE_WATCHED_FILES, None, s.on_did_change_watched_files),
        (types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS, None, s.on_did_change_workspace_folders),
        (types.TEXT_DOCUMENT_CODE_ACTION, actions, s.on_code_action),
        (types.TEXT_DOCUMENT_HOVER, None, s.on_hover),
        (
            types.TEXT_DOCUMENT_CODE_LENS,
            types.CodeLensOptions(resolve_provider=False),
            s.on_code_lens,
        ),
    ]
    for method, options, handler in features:
        s.feature(method, options)(_route(handler))

    async def lint_workspace(*args: Any) -> dict[str, int]:
        return await s.lint_workspace(*args)

    s.command(LINT_WORKSPACE_COMMAND)(lint_workspace)


def run_server(tcp: list[str] | None = None) -> int:
    """Serve LSP on stdio (or on ``tcp = [HOST, PORT]`` for debugging). Returns the exit code."""
    configure_logging()
    return serve(KetlintLanguageServer(), tcp)
