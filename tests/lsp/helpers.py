"""Drive ``python -m ketlint lsp`` through a real stdio subprocess with pytest-lsp.

``start_session`` starts one server per test against a workspace folder the
test builds in ``tmp_path``, with the client capabilities the test needs
(VS Code's by default), and records every ``publishDiagnostics`` with its
version so tests can wait for the diagnostics of one exact version.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.protocol import default_converter
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

# The command exactly as vscode-languageclient runs it with TransportKind.stdio, which
# appends --stdio (the Neovim tests start the server without it).
SERVER_COMMAND = [sys.executable, "-m", "ketlint", "lsp", "--stdio"]
TIMEOUT = 10.0


class RecordingClient(LanguageClient):
    """A pytest-lsp client that keeps every publishDiagnostics, in order."""

    published: list[types.PublishDiagnosticsParams]
    registrations: list[types.Registration]


def _make_client() -> RecordingClient:
    client = RecordingClient(converter_factory=default_converter)
    client.published = []
    client.registrations = []

    def publish(ls: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        client.published.append(params)
        client.diagnostics[params.uri] = params.diagnostics

    def register_capability(ls: LanguageClient, params: types.RegistrationParams) -> None:
        client.registrations.extend(params.registrations)

    features = dict(DEFAULT_CLIENT_FEATURES)
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish
    features[types.CLIENT_REGISTER_CAPABILITY] = register_capability
    register_lsp_features(client, features)
    return client


def uri_of(path: Path) -> str:
    uri = from_fs_path(str(path))
    assert uri is not None
    return uri


def capabilities(
    base: str = "visual-studio-code",
    *,
    encodings: list[str] | None = None,
    watch_files: bool = True,
    pull: bool = False,
) -> types.ClientCapabilities:
    """A real editor's capabilities, with the few knobs the tests turn."""
    caps = client_capabilities(base)
    if encodings is not None:
        caps.general = types.GeneralClientCapabilities(position_encodings=encodings)
    if caps.workspace is not None:
        caps.workspace.did_change_watched_files = types.DidChangeWatchedFilesClientCapabilities(
            dynamic_registration=watch_files
        )
    if pull:
        assert caps.text_document is not None and caps.workspace is not None
        caps.text_document.diagnostic = types.DiagnosticClientCapabilities(
            dynamic_registration=False
        )
        caps.workspace.diagnostics = types.DiagnosticWorkspaceClientCapabilities(
            refresh_support=True
        )
    return caps


@asynccontextmanager
async def start_session(
    root: Path,
    *,
    caps: types.ClientCapabilities | None = None,
    options: dict[str, Any] | None = None,
) -> AsyncIterator[RecordingClient]:
    config = ClientServerConfig(server_command=SERVER_COMMAND, client_factory=_make_client)
    client = await config.start()
    assert isinstance(client, RecordingClient)
    client.init_result = await client.initialize_session(  # type: ignore[attr-defined]
        types.InitializeParams(
            capabilities=caps or capabilities(),
            root_uri=uri_of(root),
            workspace_folders=[types.WorkspaceFolder(uri=uri_of(root), name=root.name)],
            initialization_options={"debounceMs": 20, **(options or {})},
        )
    )
    try:
        yield client
    finally:
        await client.shutdown_session()
        await client.stop()


async def wait_until(predicate: Callable[[], Any], timeout: float = TIMEOUT, what: str = "") -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or predicate}")
        await asyncio.sleep(0.01)


async def diagnostics_for(
    client: RecordingClient, uri: str, version: int | None = None, *, after: int = 0
) -> list[types.Diagnostic]:
    """The diagnostics published for ``uri`` (for exactly ``version`` if given), waiting for them.

    ``after`` skips publishes already seen (an index into ``client.published``)."""

    def latest() -> types.PublishDiagnosticsParams | None:
        for params in reversed(client.published[after:]):
            if params.uri == uri and (version is None or params.version == version):
                return params
        return None

    found = await wait_until(latest, what=f"diagnostics for {uri} version {version}")
    return list(found.diagnostics)


def open_document(
    client: LanguageClient, path: Path, text: str, language: str = "markdown", version: int = 1
) -> str:
    uri = uri_of(path)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id=language, version=version, text=text
            )
        )
    )
    return uri


def insert(
    client: LanguageClient, uri: str, version: int, line: int, character: int, text: str
) -> None:
    at = types.Position(line=line, character=character)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(start=at, end=at), text=text
                )
            ],
        )
    )


def utf16_column(line_text: str, codepoints: int) -> int:
    return len(line_text[:codepoints].encode("utf-16-le")) // 2


def utf8_column(line_text: str, codepoints: int) -> int:
    return len(line_text[:codepoints].encode("utf-8"))


def span(diagnostic: types.Diagnostic) -> tuple[int, int, int, int]:
    r = diagnostic.range
    return (r.start.line, r.start.character, r.end.line, r.end.character)


def by_rule(diagnostics: list[types.Diagnostic], rule: str) -> list[types.Diagnostic]:
    return [d for d in diagnostics if d.code == rule]


def apply_text_edits(text: str, edits: list[types.TextEdit], encoding: str = "utf-16") -> str:
    """Apply LSP edits the way an editor does (positions in ``encoding``), last first."""
    from ketlint.positions import LineIndex

    index = LineIndex(text)
    spans = []
    for edit in edits:
        start = index.offset(edit.range.start.line, edit.range.start.character, encoding)
        end = index.offset(edit.range.end.line, edit.range.end.character, encoding)
        spans.append((start, end, edit.new_text))
    for start, end, new_text in sorted(spans, reverse=True):
        text = text[:start] + new_text + text[end:]
    return text


def edits_of(action: types.CodeAction, uri: str) -> list[types.TextEdit]:
    assert action.edit is not None
    if action.edit.document_changes:
        edits: list[types.TextEdit] = []
        for change in action.edit.document_changes:
            assert isinstance(change, types.TextDocumentEdit) and change.text_document.uri == uri
            edits.extend(e for e in change.edits if isinstance(e, types.TextEdit))
        return edits
    assert action.edit.changes is not None
    return list(action.edit.changes[uri])


HOUSE_RULES = """\
version: 1
rules:
  - id: wonder-word
    kind: phrases
    severity: warning
    message: "“{match}” overstates what a medicine can do."
    docs:
      summary: Flags "wonder drug" and "cure-all".
      why: Words that promise everything set expectations no treatment meets.
      bad: A wonder drug for depression.
      good: A medicine that helped some people with depression.
      standard: HealthNewsReview.org criterion on sensational language.
    options:
      terms:
        - term: wonder drug
          replace: medicine
          safe: true
        - term: cure-all
          replace: treatment
          safe: false
  - id: vague-source
    kind: phrases
    severity: info
    message: "Name the source instead of “{match}”."
    docs:
      summary: Flags unnamed sources.
      why: Readers cannot check a claim whose source is not named.
      standard: JAMA benchmarks (attribution).
    options:
      terms: ["experts say", "studies show"]
"""


def make_workspace(
    root: Path, rules: str = HOUSE_RULES, select: str = '["wonder-word", "vague-source"]'
) -> Path:
    """``root`` with a house rule pack and a config that selects only its rules (so new
    built-in rules written elsewhere cannot change what these tests see)."""
    (root / "house").mkdir(parents=True, exist_ok=True)
    (root / "house" / "rules.yml").write_text(rules, encoding="utf-8")
    (root / "ketlint.toml").write_text(
        f'rule-dirs = ["house"]\nselect = {select}\n', encoding="utf-8"
    )
    return root
