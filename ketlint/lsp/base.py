"""What every part of the language server shares: its state, its messages to the user,
the engine thread, and the debounced lint of each open document (see server.py).

The server is three layers, each a class: this base, the answers to requests on top of it
(requests.py), and the notifications and lifecycle on top of those (server.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import time
import traceback
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from ketlint import __version__
from ketlint.lsp.client import ClientFeatures
from ketlint.lsp.documents import LintOutcome, OpenDocument, timings_line
from ketlint.lsp.heap import HeapKeeper
from ketlint.lsp.projects import ProjectRegistry
from ketlint.lsp.runner import EngineRunner
from ketlint.lsp.settings import ServerSettings, poll_seconds
from ketlint.lsp.transport import KetlintProtocol

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Coroutine[Any, Any, Any]])


def logs_failures(what: str) -> Callable[[F], F]:
    """Background work must never die silently nor take the server down: log and go on."""

    def decorate(function: F) -> F:
        @functools.wraps(function)
        async def wrapper(self: ServerBase, *args: Any, **kwargs: Any) -> Any:
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


class ServerBase(LanguageServer):
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
        self.client = ClientFeatures()
        self.pull_diagnostics = False
        self.registry = ProjectRegistry()
        self.runner = EngineRunner(self.registry, self.protocol.converter.unstructure)
        self.heap = HeapKeeper()
        self.poll_seconds = poll_seconds(None)
        self._engine = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ketlint-engine")
        self._pending: dict[str, asyncio.Task[None]] = {}
        self._background: set[asyncio.Task[Any]] = set()
        self._reload_task: asyncio.Task[None] | None = None
        self._told: set[str] = set()  # keys of messages already shown to the user
        self._logged: set[str] = set()  # keys of messages already logged
        self._config_broken = False
        self._config_error_uris: set[str] = set()
        self._workspace_uris: set[str] = set()  # published by lintWorkspace for files not open
        # Log where each publish's time went (for benchmarks): KETLINT_LSP_TIMINGS=1.
        self.timings = os.environ.get("KETLINT_LSP_TIMINGS", "") not in ("", "0")

    @property
    def encoding(self) -> str:
        return self.client.encoding

    # -- messages to the user ---------------------------------------------------------

    def log(self, message: str, level: types.MessageType = types.MessageType.Info) -> None:
        with contextlib.suppress(Exception):  # the transport is gone; nothing to tell
            self.window_log_message(
                types.LogMessageParams(type=level, message=f"ketlint: {message}")
            )

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
        if key not in self._told:
            self._told.add(key)
            with contextlib.suppress(Exception):
                self.window_show_message(
                    types.ShowMessageParams(type=level, message=f"ketlint: {message}")
                )

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

    def _lints_pending(self) -> bool:
        return any(not task.done() for task in self._pending.values())

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
        # Every lint publishes, even when nothing changed: clients (and tests) may wait for
        # the diagnostics of a version, and the prepared JSON makes a publish cheap.
        started = time.perf_counter()
        if outcome.diagnostics_json is None:
            self._publish(doc.uri, outcome.diagnostics, outcome.version)
        else:
            self.protocol.publish_prepared(doc.uri, outcome.version, outcome.diagnostics_json)
        if self.timings:
            self.log(timings_line(doc, outcome, started))
        self.heap.collect_soon(self._lints_pending)

    async def outcome_for(self, doc: OpenDocument) -> LintOutcome:
        """The lint of the document's current version, running it if it is not cached.

        Requests that arrive while that version is being linted (a code action during
        the debounce, a hover) wait for the same run instead of starting another.
        """
        cached = doc.current_outcome(self.registry.generation)
        if cached is not None:
            return cached
        key = (doc.version, self.registry.generation)
        if doc.running is None or doc.running[0] != key:
            doc.running = (key, asyncio.ensure_future(self._lint_once(doc, doc.version)))
        return await asyncio.shield(doc.running[1])

    async def _lint_once(self, doc: OpenDocument, version: int) -> LintOutcome:
        outcome = await self.in_engine(
            self.runner.lint, doc, doc.text, version, doc.index, self.settings, self.encoding
        )
        if doc.version == version and self.documents.get(doc.uri) is doc:
            doc.outcome = outcome
        self._tell_problems(outcome)
        return outcome

    def _tell_problems(self, outcome: LintOutcome) -> None:
        """Tell the user about problems with the run, once each: a rule that failed (once
        per rule until the rules change), anything else the run reports, broken config."""
        for failure in outcome.result.rule_failures if outcome.result else ():
            self.tell_once(f"rule-failed:{outcome.generation}:{failure.rule}", failure.message)
        for problem in outcome.problems:
            self.log_once(f"problem:{outcome.generation}:{problem}", problem)
            self.tell_once(f"problem:{problem}", problem, types.MessageType.Info)
        if self.registry.errors and not self._config_broken:
            self._config_broken = True
            self._announce_broken_config()
            self.spawn(self._publish_config_errors())

    def _announce_broken_config(self) -> None:
        snapshot = dict(self.registry.errors)  # the engine thread may be adding to it
        errors = [e for bucket in snapshot.values() for e in bucket]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        if any(d.linter is not None for d in self.documents.values() if d.role == "article"):
            action = "still using the last good rules until this is fixed"
        else:
            action = "no rules could be loaded, so nothing is checked until this is fixed"
        self.tell_once(f"broken:{self.registry.generation}", f"{errors[0]}{more}; {action}.")

    def relint_all(self) -> None:
        for doc in list(self.documents.values()):
            self.schedule(doc, 0.0)
        self._refresh_pulls()

    def _refresh_pulls(self) -> None:
        if self.pull_diagnostics and self.client.diagnostic_refresh:
            _ignore_reply(self.workspace_diagnostic_refresh(None))
        if self.client.code_lens_refresh:
            _ignore_reply(self.workspace_code_lens_refresh(None))

    def _publish(self, uri: str, diagnostics: list[types.Diagnostic], version: int | None) -> None:
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
        )

    @logs_failures("publishing config problems")
    async def _publish_config_errors(self) -> None:
        """Show project-level problems on the config and rule files they are in, open or not."""
        open_own = {uri for uri, doc in self.documents.items() if doc.role in ("config", "rules")}
        reported = await self.in_engine(
            self.runner.config_error_diagnostics, open_own, self.encoding
        )
        for uri in open_own:
            if (doc := self.documents.get(uri)) is not None:
                self.schedule(doc, 0.0)
        for uri, diagnostics in reported.items():
            self._publish(uri, diagnostics, None)
        for uri in self._config_error_uris - set(reported) - open_own:
            self._publish(uri, [], None)
        self._config_error_uris = set(reported)


def _ignore_reply(future: Any) -> None:
    """For requests to the client whose answer does not matter (refreshes)."""
    if future is not None:
        future.add_done_callback(lambda f: f.cancelled() or f.exception())
