"""Diagnostics through a real server process: open, type, close, encodings, pull."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from lsprotocol import types

from .helpers import (
    RecordingClient,
    by_rule,
    capabilities,
    diagnostics_for,
    insert,
    make_workspace,
    open_document,
    span,
    start_session,
    uri_of,
    utf8_column,
    utf16_column,
    wait_until,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def shared(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[RecordingClient]:
    """One server (VS Code's capabilities) for the tests that need nothing special; each
    opens its own file."""
    root = tmp_path_factory.mktemp("diagnostics")
    make_workspace(root)
    async with start_session(root) as session:
        session.root = root  # type: ignore[attr-defined]
        yield session


def file_for(client: RecordingClient, request: pytest.FixtureRequest) -> Path:
    return client.root / f"{request.node.name}.md"  # type: ignore[attr-defined]


ARTICLE = "# A new treatment\n\nExperts say this wonder drug works.\n"


async def test_open_publishes_exact_ranges_with_rule_metadata(
    shared: RecordingClient, request: pytest.FixtureRequest
) -> None:
    uri = open_document(shared, file_for(shared, request), ARTICLE)
    diagnostics = await diagnostics_for(shared, uri, version=1)

    wonder = by_rule(diagnostics, "wonder-word")
    vague = by_rule(diagnostics, "vague-source")
    assert [span(d) for d in vague] == [(2, 0, 2, 11)]  # "Experts say"
    assert [span(d) for d in wonder] == [(2, 17, 2, 28)]  # "wonder drug"
    diagnostic = wonder[0]
    assert diagnostic.severity == types.DiagnosticSeverity.Warning
    assert vague[0].severity == types.DiagnosticSeverity.Information
    assert diagnostic.source == "ketlint"
    assert diagnostic.message == "“wonder drug” overstates what a medicine can do."
    # A house rule without a `docs.url` of its own: no link, rather than one that leads nowhere.
    assert diagnostic.code_description is None


async def test_diagnostics_follow_the_words_as_text_is_inserted_before_them(
    shared: RecordingClient, request: pytest.FixtureRequest
) -> None:
    client = shared
    uri = open_document(client, file_for(client, request), ARTICLE)
    first = by_rule(await diagnostics_for(client, uri, version=1), "wonder-word")
    assert [span(d) for d in first] == [(2, 17, 2, 28)]

    insert(client, uri, 2, 2, 0, "Sadly, ")  # same line, before the words
    moved = by_rule(await diagnostics_for(client, uri, version=2), "wonder-word")
    assert [span(d) for d in moved] == [(2, 24, 2, 35)]

    insert(client, uri, 3, 1, 0, "A first paragraph.\n\n")  # two lines above
    down = by_rule(await diagnostics_for(client, uri, version=3), "wonder-word")
    assert [span(d) for d in down] == [(4, 24, 4, 35)]

    # Typing a new finding word by word: it appears once the phrase is complete.
    insert(client, uri, 4, 1, 18, " A wonder")
    partial = by_rule(await diagnostics_for(client, uri, version=4), "wonder-word")
    assert [span(d) for d in partial] == [(4, 24, 4, 35)]
    insert(client, uri, 5, 1, 27, " drug.")
    typed = by_rule(await diagnostics_for(client, uri, version=5), "wonder-word")
    assert [span(d) for d in typed] == [(1, 21, 1, 32), (4, 24, 4, 35)]


async def test_a_newer_edit_supersedes_a_pending_run(workspace: Path) -> None:
    make_workspace(workspace)
    async with start_session(workspace, options={"debounceMs": 300}) as client:
        uri = open_document(client, workspace / "post.md", ARTICLE)
        await diagnostics_for(client, uri, version=1)
        seen = len(client.published)
        for version in range(2, 7):  # five quick keystrokes
            insert(client, uri, version, 2, 0, "x")
        final = await diagnostics_for(client, uri, version=6, after=seen)
        assert [span(d) for d in by_rule(final, "wonder-word")] == [(2, 22, 2, 33)]
        versions = [p.version for p in client.published[seen:] if p.uri == uri]
        assert versions == [6], "stale versions must not be published"


async def test_closing_a_document_clears_its_diagnostics(
    shared: RecordingClient, request: pytest.FixtureRequest
) -> None:
    uri = open_document(shared, file_for(shared, request), ARTICLE)
    assert await diagnostics_for(shared, uri, version=1)
    seen = len(shared.published)
    shared.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert await diagnostics_for(shared, uri, after=seen) == []


async def test_an_edit_for_an_unknown_document_is_logged_and_ignored(
    shared: RecordingClient, request: pytest.FixtureRequest
) -> None:
    ghost = uri_of(shared.root / "never-opened.md")  # type: ignore[attr-defined]
    insert(shared, ghost, 2, 0, 0, "wonder drug")
    await wait_until(
        lambda: any(
            ghost in m.message and "never opened" in m.message for m in shared.log_messages
        ),
        what="a log message",
    )
    uri = open_document(shared, file_for(shared, request), ARTICLE)
    assert by_rule(await diagnostics_for(shared, uri, version=1), "wonder-word")
    assert all(p.uri != ghost for p in shared.published)


TRICKY = "Café 😀 naïve — a wonder drug 🧪 here.\n"


async def test_columns_are_utf16_code_units_by_default(
    shared: RecordingClient, request: pytest.FixtureRequest
) -> None:
    # VS Code 1.65 states no position encodings: UTF-16 it is.
    assert shared.init_result.capabilities.position_encoding == "utf-16"  # type: ignore[attr-defined]
    uri = open_document(shared, file_for(shared, request), TRICKY)
    (diagnostic,) = by_rule(await diagnostics_for(shared, uri, version=1), "wonder-word")
    start = TRICKY.index("wonder drug")
    end = start + len("wonder drug")
    # Each emoji is two UTF-16 units, the accented letters one.
    assert span(diagnostic) == (0, utf16_column(TRICKY, start), 0, utf16_column(TRICKY, end))
    assert utf16_column(TRICKY, start) == start + 1


async def test_utf8_is_used_when_the_client_prefers_it(workspace: Path) -> None:
    make_workspace(workspace)
    async with start_session(workspace, caps=capabilities(encodings=["utf-8", "utf-16"])) as client:
        assert client.init_result.capabilities.position_encoding == "utf-8"  # type: ignore[attr-defined]
        uri = open_document(client, workspace / "post.md", TRICKY)
        (diagnostic,) = by_rule(await diagnostics_for(client, uri, version=1), "wonder-word")
        start = TRICKY.index("wonder drug")
        assert span(diagnostic) == (
            0,
            utf8_column(TRICKY, start),
            0,
            utf8_column(TRICKY, start + 11),
        )

        # Edits arrive in UTF-8 columns too: insert right after the 🧪.
        after_emoji = utf8_column(TRICKY, TRICKY.index("🧪") + 1)
        insert(client, uri, 2, 0, after_emoji, " cure-all")
        found = by_rule(await diagnostics_for(client, uri, version=2), "wonder-word")
    text = TRICKY.replace("🧪", "🧪 cure-all")
    cure = text.index("cure-all")
    assert [span(d) for d in found] == [
        (0, utf8_column(text, start), 0, utf8_column(text, start + 11)),
        (0, utf8_column(text, cure), 0, utf8_column(text, cure + 8)),
    ]


async def test_pull_diagnostics_when_the_client_supports_them(workspace: Path) -> None:
    make_workspace(workspace)
    async with start_session(workspace, caps=capabilities(pull=True)) as client:
        assert client.init_result.capabilities.diagnostic_provider is not None  # type: ignore[attr-defined]
        uri = open_document(client, workspace / "post.md", ARTICLE)
        doc_id = types.TextDocumentIdentifier(uri=uri)
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=doc_id)
        )
        assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
        assert [span(d) for d in by_rule(list(report.items), "wonder-word")] == [(2, 17, 2, 28)]
        again = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(
                text_document=doc_id, previous_result_id=report.result_id
            )
        )
        assert isinstance(again, types.RelatedUnchangedDocumentDiagnosticReport)

        # A rule change asks the client to pull again.
        (workspace / "ketlint.toml").write_text(
            'rule-dirs = ["house"]\nselect = ["vague-source"]\n'
        )
        client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                changes=[
                    types.FileEvent(
                        uri=uri_of(workspace / "ketlint.toml"), type=types.FileChangeType.Changed
                    )
                ]
            )
        )
        await wait_until(
            lambda: client.diagnostic_refresh_count > 0, what="workspace/diagnostic/refresh"
        )
        fresh = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(
                text_document=doc_id, previous_result_id=report.result_id
            )
        )
        assert isinstance(fresh, types.RelatedFullDocumentDiagnosticReport)
        assert {d.code for d in fresh.items} == {"vague-source"}
    # Diagnostics came by pull only: none were pushed for the open document.
    assert all(p.uri != uri for p in client.published)
