"""``ketlint lsp``: the language server.

A thin adapter over the engine the CLI uses (``Project().linter_for(path)``
and the Linter's parse-then-lint), so the editor and ``ketlint check`` cannot
disagree about the same text and config. What the server adds is editor
plumbing:

* its own copy of each open buffer, updated incrementally;
* a debounced lint per document on a single engine thread (Projects and
  Linters are never shared across threads); a newer edit supersedes a stale
  run, whose result is dropped instead of published;
* conversion of code-point offsets to the position encoding negotiated at
  ``initialize`` (UTF-16 unless the client prefers UTF-8 or UTF-32), once per diagnostic
  shown: a keystroke re-sends the JSON made for every diagnostic it did not move;
* per document, only what code actions, hover and lenses read: the derived data the
  rules built while linting is dropped once the lint is done;
* garbage collection when idle (after a publish) instead of dozens of times per lint;
* push diagnostics, or pull diagnostics where the client supports them and
  can be asked to refresh;
* reloading rules and config when their files change, keeping the last good
  rules while they are broken.

Nothing a client sends may stop it: every handler logs its own failures to
``window/logMessage`` and returns an empty answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import inspect
import json
import logging
import os
import re
import threading
import time
import traceback
import uuid
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from lsprotocol import types
from pygls.capabilities import ServerCapabilitiesBuilder
from pygls.exceptions import (
    JsonRpcException,
    JsonRpcInternalError,
    JsonRpcInvalidParams,
    JsonRpcInvalidRequest,
    JsonRpcParseError,
)
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method
from pygls.uris import from_fs_path, to_fs_path

from ketlint import __version__
from ketlint.files import FILE_ERROR
from ketlint.limits import DataFileError
from ketlint.lsp.actions import (
    FIX_ALL_KIND,
    ActionContext,
    ConfigTarget,
    code_actions,
    kind_allowed,
)
from ketlint.lsp.convert import (
    SOURCE,
    DiagnosticCache,
    data_error_to_diagnostic,
    finding_to_diagnostic,
    lsp_encoding,
    to_offset,
)
from ketlint.lsp.documents import DocumentRole, LintOutcome, OpenDocument, shed_derived_data
from ketlint.lsp.features import code_lenses, hover
from ketlint.lsp.projects import ProjectRegistry
from ketlint.lsp.settings import ServerSettings, parse_settings
from ketlint.model import Finding, RuleFailure, Severity
from ketlint.parsing import format_for_path, parse
from ketlint.positions import LineIndex

logger = logging.getLogger(__name__)
T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Coroutine[Any, Any, Any]])

LINT_WORKSPACE_COMMAND = "ketlint.lintWorkspace"
# Garbage collection (see KetlintLanguageServer._settle_heap): a lint allocates tens of
# thousands of containers, so the default young-generation threshold (700) collects dozens
# of times per keystroke, each time walking whatever the lint holds at that moment. The
# server collects when it is idle instead (after a publish, nothing else pending), and
# automatically only past this many new containers.
GC_YOUNG_THRESHOLD = 100_000
FULL_GC_SECONDS = 30.0  # an idle collection is a full one at most this often
RELOAD_DELAY_SECONDS = 0.05
DEFAULT_POLL_SECONDS = 2.0
WATCHED_GLOBS = (
    "**/ketlint.toml",
    "**/.ketlint.toml",
    "**/pyproject.toml",
    "**/*.yml",
    "**/*.yaml",
)


def logs_failures(what: str) -> Callable[[F], F]:
    """Background work must never die silently nor take the server down: log and go on."""

    def decorate(function: F) -> F:
        @functools.wraps(function)
        async def wrapper(self: KetlintLanguageServer, *args: Any, **kwargs: Any) -> Any:
            try:
                return await function(self, *args, **kwargs)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self.log(
                    f"{what} failed: {type(exc).__name__}: {exc}\n{traceback.format_exc()}",
                    types.MessageType.Error,
                )
                return None

        return wrapper  # type: ignore[return-value]

    return decorate


class KetlintProtocol(LanguageServerProtocol):
    """pygls's protocol, minus its document store (the server keeps its own), with an
    answer for requests whose params do not even parse, and diagnostics sent as JSON
    prepared once per diagnostic (:class:`~ketlint.lsp.convert.DiagnosticCache`)."""

    def __init__(self, server: Any, converter: Any) -> None:
        super().__init__(server, converter)
        self.converter = converter
        self._output: Any = None  # the writer, and whether messages get headers
        self._headers = False

    def set_writer(self, writer: Any, include_headers: bool = True) -> None:
        super().set_writer(writer, include_headers)
        self._output = writer
        self._headers = include_headers

    def publish_prepared(self, uri: str, version: int | None, diagnostics: list[str]) -> None:
        """``textDocument/publishDiagnostics`` for diagnostics already in JSON text: the
        message pygls would send, without unstructuring and encoding each one again."""
        version_field = "" if version is None else f',"version":{int(version)}'
        body = (
            f'{{"jsonrpc":"{self.VERSION}","method":"{types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS}",'
            f'"params":{{"uri":{json.dumps(uri)}{version_field},'
            f'"diagnostics":[{",".join(diagnostics)}]}}}}'
        )
        writer = self._output
        if writer is None:  # no transport of our own (in-process use): the ordinary path
            self._send_data(json.loads(body))
            return
        data = body.encode(self.CHARSET)
        if self._headers:
            header = (
                f"Content-Length: {len(data)}\r\n"
                f"Content-Type: {self.CONTENT_TYPE}; charset={self.CHARSET}\r\n\r\n"
            )
            data = header.encode(self.CHARSET) + data
        try:
            written = writer.write(data)
            if inspect.isawaitable(written):
                asyncio.ensure_future(written)
        except BrokenPipeError:
            logger.exception("could not send diagnostics: broken pipe")
            raise
        except Exception as error:
            logger.exception("could not send diagnostics")
            self._server._report_server_error(error, JsonRpcInternalError)

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params: types.DidOpenTextDocumentParams) -> Any:
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_OPEN)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams) -> Any:
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: types.DidCloseTextDocumentParams) -> Any:
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CLOSE)) is not None:
            yield handler, (params,), None

    def handle_message(self, message: Any) -> Any:
        # The LSP spec: after ``shutdown`` every request but ``exit`` gets InvalidRequest
        # (pygls drops them, and the client waits for an answer forever).
        method = getattr(message, "method", None)
        if (
            self._shutdown
            and method not in (None, types.EXIT)
            and getattr(message, "id", None) is not None
        ):
            self._send_response(
                message.id, None,
                JsonRpcInvalidRequest(f"the server is shut down; {method!r} refused")
                .to_response_error(),
            )
            return None
        return super().handle_message(message)

    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            if isinstance(data, dict) and "id" in data and "method" in data:
                # Without this the client would wait forever for an answer.
                cause = error.__cause__ or error
                message = f"invalid params for {data.get('method')!r}: {str(cause).splitlines()[0]}"
                self._send_response(
                    data["id"], None, JsonRpcInvalidParams(message).to_response_error()
                )
            raise


class KetlintLanguageServer(LanguageServer):
    protocol: KetlintProtocol

    def __init__(self) -> None:
        super().__init__(
            "ketlint",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            protocol_cls=KetlintProtocol,
        )
        self.documents: dict[str, OpenDocument] = {}
        self.settings = ServerSettings()
        self.encoding = "utf-16"
        self.pull_diagnostics = False
        self.markdown_hover = True
        self.versioned_edits = False
        self.can_create_files = False  # the client applies CreateFile in a WorkspaceEdit
        self.registry = ProjectRegistry()
        self.poll_seconds = DEFAULT_POLL_SECONDS
        self._engine = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ketlint-engine")
        self._pending: dict[str, asyncio.Task[None]] = {}
        self._background: set[asyncio.Task[Any]] = set()
        self._reload_task: asyncio.Task[None] | None = None
        self._told: set[str] = set()  # keys of messages already shown to the user
        self._logged: set[str] = set()  # keys of messages already logged
        self._config_broken = False
        self._config_error_uris: set[str] = set()
        self._workspace_uris: set[str] = set()  # published by lintWorkspace for files not open
        self._client_caps: types.ClientCapabilities = types.ClientCapabilities()
        # Log where each publish's time went (for benchmarks): KETLINT_LSP_TIMINGS=1.
        self.timings = os.environ.get("KETLINT_LSP_TIMINGS", "") not in ("", "0")
        self._gc_tuned = False
        self._gc_handle: asyncio.Handle | None = None
        self._last_full_gc = time.monotonic()
        register_features(self)

    # -- messages to the user ---------------------------------------------------------

    def log(self, message: str, level: types.MessageType = types.MessageType.Info) -> None:
        try:
            self.window_log_message(
                types.LogMessageParams(type=level, message=f"ketlint: {message}")
            )
        except Exception:  # the transport is gone; nothing to tell
            logger.warning("could not log: %s", message)

    def log_once(
        self, key: str, message: str, level: types.MessageType = types.MessageType.Warning
    ) -> None:
        if key not in self._logged:
            self._logged.add(key)
            self.log(message, level)

    def tell_once(
        self, key: str, message: str, level: types.MessageType = types.MessageType.Warning
    ) -> None:
        """Show ``message`` (once per ``key``) and log it."""
        self.log(message, level)
        if key in self._told:
            return
        self._told.add(key)
        try:
            self.window_show_message(
                types.ShowMessageParams(type=level, message=f"ketlint: {message}")
            )
        except Exception:
            logger.warning("could not show: %s", message)

    def report_server_error(self, error: Exception, source: Any) -> None:
        """pygls calls this for anything a handler or the transport raised: log, never crash."""
        name = getattr(source, "__name__", str(source))
        self.log(f"internal error ({name}): {error}", types.MessageType.Error)

    # -- running engine code ----------------------------------------------------------

    async def in_engine(self, function: Callable[..., T], *args: Any) -> T:
        """Run ``function`` on the engine thread (one at a time, in submission order)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._engine, functools.partial(function, *args))

    def spawn(self, coroutine: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Run a background coroutine (one decorated with :func:`logs_failures`)."""
        task = asyncio.ensure_future(coroutine)
        self._background.add(task)
        task.add_done_callback(self._background.discard)
        return task

    def _ignore_reply(self, future: Any) -> None:
        """For requests to the client whose answer does not matter (refreshes)."""

        def done(f: Any) -> None:
            if not f.cancelled() and f.exception() is not None:
                logger.debug("client refused a refresh: %s", f.exception())

        if future is not None:
            future.add_done_callback(done)

    # -- lifecycle --------------------------------------------------------------------

    def on_initialize(self, params: types.InitializeParams) -> None:
        caps = params.capabilities
        self._client_caps = caps
        self.settings, notes = parse_settings(params.initialization_options)
        for note in notes:
            self.log(f"ignored setting: {note}", types.MessageType.Warning)
        if isinstance(params.initialization_options, dict):
            poll = params.initialization_options.get("watchPollMs")
            if isinstance(poll, (int, float)) and not isinstance(poll, bool) and poll >= 50:
                self.poll_seconds = poll / 1000
        self.encoding = lsp_encoding(ServerCapabilitiesBuilder.choose_position_encoding(caps))
        folders = [to_fs_path(f.uri) for f in params.workspace_folders or []]
        if not folders and (params.root_uri or params.root_path):
            folders = [to_fs_path(params.root_uri) if params.root_uri else params.root_path]
        self.registry.set_folders(Path(f) for f in folders if f)
        self.registry.config_path = self.settings.config_path
        hover_formats = _get(caps, "text_document", "hover", "content_format") or []
        self.markdown_hover = not hover_formats or types.MarkupKind.Markdown in hover_formats
        self.versioned_edits = bool(_get(caps, "workspace", "workspace_edit", "document_changes"))
        operations = _get(caps, "workspace", "workspace_edit", "resource_operations") or []
        self.can_create_files = self.versioned_edits and any(
            str(getattr(op, "value", op)) == "create" for op in operations
        )
        pull_capable = _get(caps, "text_document", "diagnostic") is not None
        can_refresh = bool(_get(caps, "workspace", "diagnostics", "refresh_support"))
        mode = self.settings.diagnostic_mode
        # Pull only where the client can also be asked to re-pull after a rule change;
        # otherwise a rule edit would leave old diagnostics up until the next keystroke.
        self.pull_diagnostics = pull_capable and (
            mode == "pull" or (mode == "auto" and can_refresh)
        )
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
        # Load rules, dictionaries and parsers now, so the first document opened does not wait.
        self.spawn(self._warm_up_in_background())
        watch = _get(
            self._client_caps, "workspace", "did_change_watched_files", "dynamic_registration"
        )
        if watch:
            self.spawn(self._register_watchers())
        else:
            self.spawn(self._poll_config_files())
        if _get(self._client_caps, "workspace", "configuration") and not self._had_init_settings():
            self.spawn(self._fetch_configuration())

    def _had_init_settings(self) -> bool:
        return self.settings != ServerSettings()

    @logs_failures("registering file watchers")
    async def _register_watchers(self) -> None:
        registration = types.Registration(
            id=f"ketlint-watch-{uuid.uuid4()}",
            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=types.DidChangeWatchedFilesRegistrationOptions(
                watchers=[types.FileSystemWatcher(glob_pattern=glob) for glob in WATCHED_GLOBS]
            ),
        )
        try:
            await asyncio.wait_for(
                self.client_register_capability_async(
                    types.RegistrationParams(registrations=[registration])
                ),
                timeout=10,
            )
        except Exception as exc:
            self.log(
                f"the editor did not accept file watchers ({exc}); polling config files instead"
            )
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
    async def _warm_up_in_background(self) -> None:
        await self.in_engine(self._warm_up)
        self._settle_heap()

    def _settle_heap(self) -> None:
        """Freeze what is loaded now (modules, rules, dictionaries: nothing a collection
        could free) so collections never walk it again, and collect young objects when
        idle rather than every 700 allocations (see GC_YOUNG_THRESHOLD)."""
        gc.unfreeze()  # the rules of a generation before a reload may be garbage now
        gc.collect()
        gc.freeze()
        self._last_full_gc = time.monotonic()
        if not self._gc_tuned:
            _, middle, old = gc.get_threshold()
            gc.set_threshold(GC_YOUNG_THRESHOLD, middle, old)
            self._gc_tuned = True

    def _collect_garbage_soon(self) -> None:
        if self._gc_tuned and self._gc_handle is None:
            self._gc_handle = asyncio.get_running_loop().call_soon(self._collect_garbage)

    def _collect_garbage(self) -> None:
        """After a publish: collect what the lint left, unless more lints are on the way."""
        self._gc_handle = None
        if any(not task.done() for task in self._pending.values()):
            return  # the last of them will collect
        now = time.monotonic()
        if now - self._last_full_gc >= FULL_GC_SECONDS:
            gc.collect()
            self._last_full_gc = now
        else:
            gc.collect(1)

    def _warm_up(self) -> None:
        resolution = self.registry.resolve(None)
        if resolution.linter is not None:
            resolution.linter.lint_text(
                "# Warming up\n\nA short sentence to load the rules.\n", format="markdown"
            )
            # Rule patterns compile on their first search (ketlint.timeouts); an editor
            # compiles them all now, while idle, rather than inside a keystroke's lint.
            from ketlint.prefilter import collect_patterns
            from ketlint.timeouts import compile_now

            compile_now(collect_patterns(resolution.linter.rules))

    def _open_paths(self) -> list[Path | None]:
        return [doc.path for doc in list(self.documents.values()) if doc.role in (None, "article")]

    def on_shutdown(self, params: Any) -> None:
        for task in [*self._pending.values(), *self._background]:
            task.cancel()
        self._engine.shutdown(wait=False, cancel_futures=True)

    # -- settings ---------------------------------------------------------------------

    async def on_did_change_configuration(self, params: types.DidChangeConfigurationParams) -> None:
        raw = params.settings
        if (not raw or raw == {SOURCE: None}) and _get(
            self._client_caps, "workspace", "configuration"
        ):
            await self._fetch_configuration()
            return
        self.apply_settings(raw)

    @logs_failures("reading settings")
    async def _fetch_configuration(self) -> None:
        try:
            values = await asyncio.wait_for(
                self.workspace_configuration_async(
                    types.ConfigurationParams(items=[types.ConfigurationItem(section=SOURCE)])
                ),
                timeout=10,
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
        path = _path_of(item.uri)
        doc = OpenDocument(item.uri, item.language_id, item.version, item.text, path, role=None)
        self.documents[item.uri] = doc
        if self.pull_diagnostics and item.uri in self._workspace_uris:
            # Its findings now come by pull; drop the pushed copy so they do not show twice.
            self._workspace_uris.discard(item.uri)
            self._publish(item.uri, [], None)
        self.schedule(doc, 0.0)

    def on_did_change(self, params: types.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        doc = self.documents.get(uri)
        if doc is None:
            self.log_once(
                f"unknown:{uri}",
                f"ignored an edit for {uri}, which the editor never opened (didOpen)",
            )
            return
        version = params.text_document.version
        if version is not None and version <= doc.version:
            # Versions only grow (LSP spec): an older one is out of order, and applied to
            # the newer text its ranges would corrupt the document.
            self.log(
                f"ignored an edit to {uri} with version {version}: the document is at "
                f"version {doc.version} already", types.MessageType.Warning,
            )
            return
        started = time.perf_counter()
        try:
            doc.apply_changes(
                list(params.content_changes), params.text_document.version, self.encoding
            )
            doc.changed_at = time.perf_counter()
            doc.changed_version = doc.version
            doc.apply_seconds = doc.changed_at - started
        except Exception as exc:
            self.log(f"could not apply an edit to {uri}: {exc}", types.MessageType.Error)
            return
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
            return
        if doc.current_outcome(self.registry.generation) is None:
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
            path = _path_of(change.uri)
            if path is not None and self.registry.is_watched_change(path):
                self.request_reload(f"{path.name} changed on disk")
                return

    async def on_did_change_workspace_folders(
        self, params: types.DidChangeWorkspaceFoldersParams
    ) -> None:
        self.registry.set_folders(
            Path(p) for p in (to_fs_path(f.uri) for f in self.workspace.folders.values()) if p
        )
        self.request_reload("the workspace folders changed")

    # -- linting ----------------------------------------------------------------------

    def schedule(self, doc: OpenDocument, delay: float) -> None:
        """(Re)start the debounced lint of ``doc``; a pending one (an older version) is dropped."""
        doc.wanted_version = doc.version
        pending = self._pending.pop(doc.uri, None)
        if pending is not None:
            pending.cancel()
        if self.pull_diagnostics:
            return  # the client asks for diagnostics when it wants them
        task = asyncio.ensure_future(self._lint_and_publish(doc, delay))
        self._pending[doc.uri] = task
        task.add_done_callback(functools.partial(self._forget_pending, doc.uri))

    def _forget_pending(self, uri: str, task: asyncio.Task[None]) -> None:
        if self._pending.get(uri) is task:
            del self._pending[uri]

    @logs_failures("linting")
    async def _lint_and_publish(self, doc: OpenDocument, delay: float) -> None:
        if delay > 0:
            await asyncio.sleep(delay)
        outcome = await self.outcome_for(doc)
        if self.documents.get(doc.uri) is not doc or doc.version != outcome.version:
            return  # superseded by a newer edit (or closed): its own run will publish
        self._publish_outcome(doc, outcome)
        self._collect_garbage_soon()

    def _publish_outcome(self, doc: OpenDocument, outcome: LintOutcome) -> None:
        """Publish ``outcome``'s diagnostics, from their prepared JSON where there is one.

        Every lint publishes, even when nothing changed: clients (and tests) may wait for
        the diagnostics of a version, and the prepared JSON makes a publish cheap.
        """
        started = time.perf_counter()
        if outcome.diagnostics_json is None:
            self._publish(doc.uri, outcome.diagnostics, outcome.version)
        else:
            self.protocol.publish_prepared(doc.uri, outcome.version, outcome.diagnostics_json)
        if self.timings:
            self._log_timings(doc, outcome, started)

    def _log_timings(self, doc: OpenDocument, outcome: LintOutcome, publish_started: float) -> None:
        """One log line per publish with where the time went (``KETLINT_LSP_TIMINGS=1``)."""
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
        self.log(
            f"timings {doc.uri} v{outcome.version} findings={len(outcome.diagnostics)} {fields}"
        )

    async def outcome_for(self, doc: OpenDocument) -> LintOutcome:
        """The lint of the document's current version, running it if it is not cached.

        Requests that arrive while that version is being linted (a code action during
        the debounce, a hover) wait for the same run instead of starting another.
        """
        generation = self.registry.generation
        cached = doc.current_outcome(generation)
        if cached is not None:
            return cached
        key = (doc.version, generation)
        running = doc.running
        if running is None or running[0] != key:
            future = asyncio.ensure_future(self._lint_once(doc, doc.version, doc.text, doc.index))
            doc.running = running = (key, future)
        return await asyncio.shield(running[1])

    async def _lint_once(
        self, doc: OpenDocument, version: int, text: str, index: LineIndex | None = None
    ) -> LintOutcome:
        outcome = await self.in_engine(self._lint_sync, doc, text, version, index)
        if doc.version == version and self.documents.get(doc.uri) is doc:
            doc.outcome = outcome
        self._after_lint(outcome)
        return outcome

    def _lint_sync(
        self, doc: OpenDocument, text: str, version: int, index: LineIndex | None = None
    ) -> LintOutcome:
        """Engine thread: lint one version of one document (``index``: of ``text``, if
        the event loop has it already)."""
        registry = self.registry
        generation = registry.generation
        if index is None or index.text is not text:
            index = LineIndex(text)
        if doc.role is None:
            doc.role = self._role_of(doc)
        outcome = LintOutcome(version=version, generation=generation, text=text, index=index)
        if doc.role == "ignored":
            return outcome
        if doc.role in ("config", "rules"):
            assert doc.path is not None
            errors = (
                registry.check_config_text(doc.path, text)
                if doc.role == "config"
                else registry.check_rule_text(doc.path, text)
            )
            outcome.diagnostics = _dedupe(
                [data_error_to_diagnostic(e, index, self.encoding) for e in errors]
            )
            return outcome
        if doc.linter_generation != generation:
            resolution = registry.resolve(doc.path)
            doc.linter = resolution.linter or doc.linter
            doc.max_bytes = resolution.max_bytes or doc.max_bytes
            doc.linter_generation = generation
        linter = doc.linter
        if linter is None:
            return outcome
        outcome.linter = linter
        display = str(doc.path) if doc.path is not None else doc.uri
        if doc.max_bytes is not None:
            size = len(text.encode("utf-8", "surrogatepass"))
            if size > doc.max_bytes:
                message = (
                    f"file is {_human_size(size)}, over the {_human_size(doc.max_bytes)} limit; "
                    "raise max-file-size in the config to lint it"
                )
                finding = Finding(
                    rule=FILE_ERROR, severity=Severity.INFO, message=message, start=0, end=0
                )
                outcome.diagnostics = [
                    finding_to_diagnostic(finding, index, self.encoding, doc.uri)
                ]
                outcome.problems.append(f"{display}: {message}")
                return outcome
        fmt = self.settings.languages.get(doc.language_id) or format_for_path(str(doc.path or ""))
        outcome.format = fmt
        # Exactly Linter.lint_text (parse, then lint_document), keeping the parsed model
        # for code actions and lenses instead of parsing twice.
        timings = outcome.timings
        started = time.perf_counter()
        model = parse(text, fmt, display)
        parsed = time.perf_counter()
        result = linter.lint_document(model)
        linted = time.perf_counter()
        shed_derived_data(model)
        shed = time.perf_counter()
        outcome.model = model
        outcome.result = result
        cache = doc.diagnostic_cache
        if not isinstance(cache, DiagnosticCache) or cache.encoding != self.encoding:
            cache = doc.diagnostic_cache = DiagnosticCache(
                self.encoding, self.protocol.converter.unstructure
            )
        findings = result.findings
        if result.rule_failures:
            # A rule that did not run says so on the document: its findings are missing.
            findings = [*findings, *map(_failure_finding, result.rule_failures)]
        outcome.diagnostics, outcome.diagnostics_json = cache.convert(findings, index, doc.uri)
        outcome.problems.extend(result.errors)
        timings["parse"] = parsed - started
        timings["lint"] = linted - parsed
        timings["shed"] = shed - linted  # dropping the rules' derived data (see documents.py)
        timings["convert"] = time.perf_counter() - shed
        return outcome

    def _role_of(self, doc: OpenDocument) -> DocumentRole:
        if doc.language_id in self.settings.languages:
            return "article"
        own = self.registry.role_of(doc.path, doc.text)
        if own == "config":
            return "config"
        if own == "rules":
            return "rules"
        return "ignored"

    def _after_lint(self, outcome: LintOutcome) -> None:
        """Event loop: tell the user about problems with the run, once each."""
        for problem in outcome.problems:
            self.log_once(f"problem:{outcome.generation}:{problem}", problem)
            if problem.startswith("rule "):
                # "rule <id> (<file>) raised ...": once per rule until the rules change.
                rule_id = problem.split(" ", 2)[1]
                self.tell_once(f"rule-failed:{outcome.generation}:{rule_id}", problem)
            else:
                self.tell_once(f"problem:{problem}", problem, types.MessageType.Info)
        if self.registry.errors and not self._config_broken:
            self._config_broken = True
            self._announce_broken_config()
            self.spawn(self._publish_config_errors())

    def _announce_broken_config(self) -> None:
        snapshot = dict(self.registry.errors)  # the engine thread may be adding to it
        errors = [e for bucket in snapshot.values() for e in bucket]
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        fallback = any(
            doc.linter is not None for doc in self.documents.values() if doc.role == "article"
        )
        action = (
            "still using the last good rules until this is fixed"
            if fallback
            else "no rules could be loaded, so nothing is checked until this is fixed"
        )
        self.tell_once(
            f"broken:{self.registry.generation}",
            f"{first}{more}; {action}.",
            types.MessageType.Warning,
        )

    def relint_all(self) -> None:
        for doc in list(self.documents.values()):
            self.schedule(doc, 0.0)
        self._refresh_pulls()

    def _refresh_pulls(self) -> None:
        if self.pull_diagnostics and _get(
            self._client_caps, "workspace", "diagnostics", "refresh_support"
        ):
            self._ignore_reply(self.workspace_diagnostic_refresh(None))
        if _get(self._client_caps, "workspace", "code_lens", "refresh_support"):
            self._ignore_reply(self.workspace_code_lens_refresh(None))

    def _publish(self, uri: str, diagnostics: list[types.Diagnostic], version: int | None) -> None:
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
        )

    # -- reloading rules and config ---------------------------------------------------------

    def request_reload(self, reason: str) -> None:
        if self._reload_task is not None and not self._reload_task.done():
            self._reload_task.cancel()
        self._reload_task = self.spawn(self._reload(reason))

    @logs_failures("reloading rules")
    async def _reload(self, reason: str) -> None:
        await asyncio.sleep(RELOAD_DELAY_SECONDS)  # coalesce a burst of file events
        self.log(f"reloading rules and config: {reason}")
        await self.in_engine(self._reload_sync)
        if self._gc_tuned:
            self._settle_heap()
        if self.registry.errors:
            if not self._config_broken:
                self._config_broken = True
                self._announce_broken_config()
        elif self._config_broken:
            self._config_broken = False
            self.log("config and rules load again; using the new rules")
        await self._publish_config_errors()
        self.relint_all()

    def _reload_sync(self) -> None:
        """Engine thread: new generation, and resolve every open article's linter now so
        problems are known (and announced) before anything is re-linted."""
        self.registry.reload()
        generation = self.registry.generation
        for doc in list(self.documents.values()):
            if doc.role == "article":
                resolution = self.registry.resolve(doc.path)
                doc.linter = resolution.linter or doc.linter
                doc.max_bytes = resolution.max_bytes or doc.max_bytes
                doc.linter_generation = generation
            elif doc.role is None:
                doc.role = self._role_of(doc)

    @logs_failures("publishing config problems")
    async def _publish_config_errors(self) -> None:
        """Show project-level problems on the config and rule files they are in, open or not."""
        open_own = {uri for uri, doc in self.documents.items() if doc.role in ("config", "rules")}
        reported: dict[str, list[types.Diagnostic]] = await self.in_engine(
            self._config_error_diagnostics, open_own
        )
        for uri in open_own:
            doc = self.documents.get(uri)
            if doc is not None:
                self.schedule(doc, 0.0)
        for uri, diagnostics in reported.items():
            self._publish(uri, diagnostics, None)
        for uri in self._config_error_uris - set(reported) - open_own:
            self._publish(uri, [], None)
        self._config_error_uris = set(reported)

    def _config_error_diagnostics(self, skip: set[str]) -> dict[str, list[types.Diagnostic]]:
        out: dict[str, list[types.Diagnostic]] = {}
        for file, errors in self.registry.errors.items():
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
            out[uri] = _dedupe([data_error_to_diagnostic(e, index, self.encoding) for e in errors])
        return out

    # -- requests ----------------------------------------------------------------------

    async def on_pull_diagnostics(
        self, params: types.DocumentDiagnosticParams
    ) -> types.DocumentDiagnosticReport:
        doc = self.documents.get(params.text_document.uri)
        if doc is None:
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        outcome = doc.outcome
        on_save_only = self.settings.run == "onSave" and doc.role == "article"
        if (
            not on_save_only
            or outcome is None
            or outcome.version < doc.wanted_version
            or outcome.generation != self.registry.generation
        ):
            # (With run = onSave, typing keeps the diagnostics of the last save.)
            outcome = await self.outcome_for(doc)
        self._collect_garbage_soon()
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
        if outcome is None or outcome.result is None:
            return None
        return outcome

    async def on_code_action(self, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        outcome = await self._article_outcome(params.text_document.uri)
        if outcome is None:
            return None
        start = to_offset(outcome.index, params.range.start, self.encoding)
        end = to_offset(outcome.index, params.range.end, self.encoding)
        by_key: dict[tuple[str, int, int], types.Diagnostic] = {}
        assert outcome.result is not None
        for finding, diagnostic in zip(outcome.result.findings, outcome.diagnostics, strict=False):
            by_key[(finding.rule, finding.start, finding.end)] = diagnostic
        ctx = ActionContext(params.text_document.uri, outcome, self.encoding, self.versioned_edits)
        low, high = min(start, end), max(start, end)
        if kind_allowed(types.CodeActionKind.QuickFix, params.context.only) and any(
            f.start <= high and f.end >= low for f in outcome.result.findings
        ):
            ctx.config = await self._config_target(params.text_document.uri)
        return (
            code_actions(ctx, min(start, end), max(start, end), params.context.only, by_key) or None
        )

    async def _config_target(self, uri: str) -> ConfigTarget | None:
        """The config file an "ignore RULE for this file" override goes into, or None."""
        path = _path_of(uri)
        if path is None or not self.versioned_edits:
            return None  # an untitled buffer has no path for [[overrides]] to match
        found = await self.in_engine(self._config_file_and_text, path)
        if found is None:
            return None
        config, text = found
        if text is None and not self.can_create_files:
            return None
        config_uri = from_fs_path(str(config)) or ""
        open_config = self.documents.get(config_uri)
        if open_config is not None:
            text = open_config.text  # what the writer sees, saved or not
        try:
            article = path.resolve().relative_to(config.parent.resolve()).as_posix()
        except ValueError:
            return None  # globs are relative to the config's folder: none can name this file
        table = "tool.ketlint.overrides" if config.name == "pyproject.toml" else "overrides"
        return ConfigTarget(config_uri, text, article, table)

    def _config_file_and_text(self, path: Path) -> tuple[Path, str | None] | None:
        """The config file ``ketlint check`` would use for ``path`` and its text; with no config
        at all, a new ``ketlint.toml`` in the workspace folder (text None)."""
        config = self.registry.config_file_for(path)
        if config is None:
            folder = self.registry.folder_for(path) or path.parent
            return folder / "ketlint.toml", None
        try:
            return config, config.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    async def on_hover(self, params: types.HoverParams) -> types.Hover | None:
        outcome = await self._article_outcome(params.text_document.uri)
        if outcome is None:
            return None
        offset = to_offset(outcome.index, params.position, self.encoding)
        return hover(outcome, offset, self.encoding, self.markdown_hover)

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

    # -- lint the whole workspace ---------------------------------------------------------

    async def lint_workspace(self, *args: Any) -> dict[str, int]:
        token = f"ketlint-workspace-{uuid.uuid4()}"
        progress = bool(_get(self._client_caps, "window", "work_done_progress"))
        if progress:
            try:
                await asyncio.wait_for(self.work_done_progress.create_async(token), timeout=10)
            except Exception as exc:
                self.log(f"no progress bar: {exc}")
                progress = False
        if progress:
            self.work_done_progress.begin(
                token,
                types.WorkDoneProgressBegin(
                    title="ketlint: linting the workspace", cancellable=True, percentage=0
                ),
            )
        files = await self.in_engine(self._workspace_files)
        open_paths = {doc.path for doc in self.documents.values() if doc.path is not None}
        todo = [f for f in files if f not in open_paths]
        findings = 0
        linted = 0
        cancelled = self.work_done_progress.tokens.get(token) if progress else None
        for number, file in enumerate(todo, start=1):
            if cancelled is not None and cancelled.cancelled():
                break
            uri, diagnostics = await self.in_engine(self._lint_file_sync, file)
            if uri is not None:
                findings += len(diagnostics)
                linted += 1
                self._workspace_uris.add(uri)
                self._publish(uri, diagnostics, None)
            if progress:
                self.work_done_progress.report(
                    token,
                    types.WorkDoneProgressReport(
                        message=f"{number}/{len(todo)} {file.name}",
                        percentage=int(number * 100 / max(1, len(todo))),
                    ),
                )
        summary = f"{linted} files linted, {findings} findings"
        if progress:
            self.work_done_progress.end(token, types.WorkDoneProgressEnd(message=summary))
        self.log(summary)
        return {"files": linted, "findings": findings}

    def _workspace_files(self) -> list[Path]:
        from ketlint.files import iter_files

        files: list[Path] = []
        for folder in self.registry.folders or [Path.cwd()]:
            try:
                files.extend(iter_files([folder], self.registry.project_for(folder / "x.md"), []))
            except Exception as exc:
                self.log_once(f"walk:{folder}", f"could not list files in {folder}: {exc}")
        return sorted(set(files))

    def _lint_file_sync(self, file: Path) -> tuple[str | None, list[types.Diagnostic]]:
        from ketlint.files import read_article
        from ketlint.project import ConfigError

        uri = from_fs_path(str(file.resolve()))
        if uri is None:
            return None, []
        project = self.registry.project_for(file)
        try:
            result = read_article(file, project)
        except (ConfigError, DataFileError) as exc:
            self.log_once(f"workspace-config:{self.registry.generation}:{exc}", f"{file}: {exc}")
            return None, []
        index = LineIndex(result.source)
        return uri, [finding_to_diagnostic(f, index, self.encoding, uri) for f in result.findings]


# -- plumbing ---------------------------------------------------------------------------


def _get(obj: Any, *names: str) -> Any:
    """``obj.a.b.c`` or None if any link is missing (client capabilities are all optional)."""
    for name in names:
        if obj is None:
            return None
        obj = getattr(obj, name, None)
    return obj


def _human_size(size: int) -> str:
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{size / 1000:.1f} kB"
    return f"{size / 1e6:.1f} MB"


def _path_of(uri: str) -> Path | None:
    if not uri.startswith("file:"):
        return None
    path = to_fs_path(uri)
    return Path(path) if path else None


def _dedupe(diagnostics: list[types.Diagnostic]) -> list[types.Diagnostic]:
    seen: set[tuple[int, int, str]] = set()
    out = []
    for diagnostic in diagnostics:
        key = (diagnostic.range.start.line, diagnostic.range.start.character, diagnostic.message)
        if key not in seen:
            seen.add(key)
            out.append(diagnostic)
    return out


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
    s.feature(types.INITIALIZE)(_route(s.on_initialize))
    s.feature(types.INITIALIZED)(_route(s.on_initialized))
    s.feature(types.SHUTDOWN)(_route(s.on_shutdown))
    s.feature(types.TEXT_DOCUMENT_DID_OPEN)(_route(s.on_did_open))
    s.feature(types.TEXT_DOCUMENT_DID_CHANGE)(_route(s.on_did_change))
    s.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))(
        _route(s.on_did_save)
    )
    s.feature(types.TEXT_DOCUMENT_DID_CLOSE)(_route(s.on_did_close))
    s.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)(_route(s.on_did_change_configuration))
    s.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)(_route(s.on_did_change_watched_files))
    s.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)(
        _route(s.on_did_change_workspace_folders)
    )
    s.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[
                types.CodeActionKind.QuickFix,
                types.CodeActionKind.SourceFixAll,
                FIX_ALL_KIND,
            ],
            resolve_provider=False,
        ),
    )(_route(s.on_code_action))
    s.feature(types.TEXT_DOCUMENT_HOVER)(_route(s.on_hover))
    s.feature(types.TEXT_DOCUMENT_CODE_LENS, types.CodeLensOptions(resolve_provider=False))(
        _route(s.on_code_lens)
    )

    async def lint_workspace(*args: Any) -> dict[str, int]:
        return await s.lint_workspace(*args)

    s.command(LINT_WORKSPACE_COMMAND)(lint_workspace)


def _failure_finding(failure: RuleFailure) -> Finding:
    """An info diagnostic at the top of the document for a rule that did not run on it."""
    from ketlint.engine import RULE_FAILED

    return Finding(
        rule=RULE_FAILED, severity=Severity.INFO, start=0, end=0,
        message=f"{failure.message}; its findings in this document are missing",
        data={"rule": failure.rule, "reason": failure.reason},
    )


class FramingError(Exception):
    """The byte stream from the client is not LSP base-protocol framing."""


_HEADER = re.compile(rb"([!-9;-~]+):[ \t]*(.*?)[ \t]*\r?\n")


async def _read_messages(
    stop_event: threading.Event, reader: Any, protocol: KetlintProtocol, on_error: Any
) -> None:
    """pygls's read loop, strict: a header block without one valid Content-Length (missing,
    not a number, negative), a header line that is not "Name: value", or a body that is not
    JSON (a Content-Length longer than the body swallows the next message's header) raise
    FramingError. pygls skipped such input and kept reading, out of step for good (alive
    but deaf); there is no telling where the next message starts, so the server exits
    non-zero and the client restarts it."""
    while not stop_event.is_set():
        length: int | None = None
        seen_header = False
        while True:
            line = await reader.readline()
            if not line:
                if seen_header:
                    raise FramingError("the stream ended inside a message header")
                return  # the client closed the stream between messages
            if line in (b"\r\n", b"\n"):
                if seen_header:
                    break
                continue  # stray blank lines between messages are harmless
            seen_header = True
            match = _HEADER.fullmatch(line)
            if match is None:
                raise FramingError(f"not a header line: {line[:80]!r}")
            if match.group(1).lower() == b"content-length":
                value = match.group(2)
                if not value.isdigit() or length is not None:
                    raise FramingError(f"bad Content-Length: {value[:40]!r}")
                length = int(value)
        if length is None:
            raise FramingError("a message without a Content-Length header")
        body = await reader.readexactly(length) if length else b""
        if len(body) < length:
            raise FramingError(f"the stream ended {length - len(body)} bytes into a message body")
        try:
            message = json.loads(body, object_hook=protocol.structure_message)
        except json.JSONDecodeError:
            raise FramingError(f"a message body that is not JSON: {body[:80]!r}") from None
        except Exception as exc:  # valid JSON, not a valid message: answered, logged
            logger.exception("Unable to handle message")
            on_error(exc, JsonRpcException)
            continue
        try:
            protocol.handle_message(message)
        except Exception as exc:  # one bad message: answered (structure_message) and logged
            logger.exception("Unable to handle message")
            on_error(exc, JsonRpcException)


def run_server(tcp: list[str] | None = None) -> int:
    """Serve LSP on stdio (or on ``tcp = [HOST, PORT]`` for debugging). Returns the exit code."""
    logging.basicConfig(
        level=logging.WARNING, format="ketlint-lsp %(levelname)s %(name)s: %(message)s"
    )
    server = KetlintLanguageServer()
    if tcp:
        host, port = tcp[0], int(tcp[1])
        server.start_tcp(host, port)
        return 0 if server.protocol._shutdown else 1
    return _serve_stdio(server)


def _serve_stdio(server: KetlintLanguageServer) -> int:
    """pygls's stdio server with :func:`_read_messages` as the reader: a framing error ends
    the server with exit code 2 (the client restarts it), after telling the client why."""
    import sys

    from pygls.io_ import StdinAsyncReader, StdoutWriter

    stop_event = server._stop_event = threading.Event()
    reader = StdinAsyncReader(sys.stdin.buffer, server.thread_pool)
    server.protocol.set_writer(StdoutWriter(sys.stdout.buffer))
    failure: FramingError | None = None

    async def serve() -> None:
        nonlocal failure
        try:
            await _read_messages(stop_event, reader, server.protocol, server.report_server_error)
        except FramingError as exc:
            failure = exc
            logger.error("LSP framing error, exiting so that the client restarts the server: %s", exc)
            with contextlib.suppress(Exception):  # id null: the request cannot be named
                server.protocol._send_response(
                    None,  # type: ignore[arg-type]
                    None,
                    JsonRpcParseError(f"LSP framing error: {exc}").to_response_error(),
                )

    try:
        asyncio.run(serve())
    except BrokenPipeError:
        logger.error("Connection to the client is lost! Shutting down the server.")
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.shutdown()
    if failure is not None:
        return 2
    return 0 if server.protocol._shutdown else 1
