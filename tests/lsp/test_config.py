"""Settings, config and rule files changing under an open document, and the server's
resilience: failing rules, malformed requests, huge files, shutdown."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from ketlint import lint_paths
from ketlint.config import config_from_text
from ketlint.limits import DataFileError
from ketlint.project import ConfigError, Project

from .helpers import (
    HOUSE_RULES,
    by_rule,
    capabilities,
    diagnostics_for,
    insert,
    make_workspace,
    open_document,
    span,
    start_session,
    uri_of,
    wait_until,
)

pytestmark = pytest.mark.asyncio

ARTICLE = "# A new treatment\n\nExperts say this wonder drug works.\n\nIt is a miracle pill.\n"


def changed(client: object, *paths: Path) -> None:
    client.workspace_did_change_watched_files(  # type: ignore[attr-defined]
        types.DidChangeWatchedFilesParams(
            changes=[
                types.FileEvent(uri=uri_of(p), type=types.FileChangeType.Changed) for p in paths
            ]
        )
    )


def saved(client: object, path: Path) -> None:
    client.text_document_did_save(  # type: ignore[attr-defined]
        types.DidSaveTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=uri_of(path))
        )
    )


async def test_changing_the_config_path_setting_relints_open_documents(workspace: Path) -> None:
    make_workspace(workspace)
    (workspace / "strict.toml").write_text('rule-dirs = ["house"]\nselect = ["vague-source"]\n')
    async with start_session(workspace) as client:
        uri = open_document(client, workspace / "post.md", ARTICLE)
        assert {d.code for d in await diagnostics_for(client, uri, version=1)} == {
            "wonder-word",
            "vague-source",
        }
        seen = len(client.published)
        client.workspace_did_change_configuration(
            types.DidChangeConfigurationParams(settings={"ketlint": {"configPath": "strict.toml"}})
        )
        after = await diagnostics_for(client, uri, version=1, after=seen)
    assert [(d.code, span(d)) for d in after] == [("vague-source", (2, 0, 2, 11))]


async def test_run_on_save_lints_only_when_the_file_is_saved(workspace: Path) -> None:
    make_workspace(workspace)
    async with start_session(workspace, options={"run": "onSave"}) as client:
        uri = open_document(client, workspace / "post.md", ARTICLE)
        await diagnostics_for(client, uri, version=1)
        seen = len(client.published)
        insert(client, uri, 2, 2, 0, "Sadly, ")
        await asyncio.sleep(0.4)  # well past the debounce: nothing may come while typing
        assert [p for p in client.published[seen:] if p.uri == uri] == []
        saved(client, workspace / "post.md")
        moved = by_rule(await diagnostics_for(client, uri, version=2), "wonder-word")
    assert [span(d) for d in moved] == [(2, 24, 2, 35)]


BROKEN_RULES = HOUSE_RULES.replace(
    'terms: ["experts say", "studies show"]', 'terms: [{pattern: "experts (say"}]'
)


async def test_a_rule_file_edited_while_a_document_is_open(workspace: Path) -> None:
    make_workspace(workspace)
    rules_file = workspace / "house" / "rules.yml"
    async with start_session(workspace) as client:
        uri = open_document(client, workspace / "post.md", ARTICLE)
        assert not any(
            "miracle" in d.message for d in await diagnostics_for(client, uri, version=1)
        )

        # 1. A new term saved on disk: the open article is re-linted with it, no restart.
        grown = HOUSE_RULES.replace(
            "        - term: cure-all", "        - miracle pill\n        - term: cure-all"
        )
        rules_file.write_text(grown)
        seen = len(client.published)
        changed(client, rules_file)
        after = await diagnostics_for(client, uri, version=1, after=seen)
        assert [span(d) for d in by_rule(after, "wonder-word")] == [(2, 17, 2, 28), (4, 8, 4, 20)]

        # 2. The rule file, open in the editor, gets a broken regex: flagged on its own line.
        rules_uri = open_document(client, rules_file, BROKEN_RULES, language="yaml")
        (problem,) = await diagnostics_for(client, rules_uri, version=1)
        broken_line = BROKEN_RULES.splitlines().index('      terms: [{pattern: "experts (say"}]')
        assert problem.range.start.line == broken_line
        assert "does not compile" in problem.message
        assert problem.severity == types.DiagnosticSeverity.Error

        # 3. Saved broken: the article keeps the last good rules, and the user is told once.
        rules_file.write_text(BROKEN_RULES)
        seen = len(client.published)
        saved(client, rules_file)
        kept = await diagnostics_for(client, uri, version=1, after=seen)
        assert [span(d) for d in by_rule(kept, "wonder-word")] == [(2, 17, 2, 28), (4, 8, 4, 20)]
        assert by_rule(kept, "vague-source")
        warnings = [m for m in client.messages if "last good rules" in m.message]
        assert len(warnings) == 1 and str(rules_file) in warnings[0].message
        rules_file.write_text(BROKEN_RULES + "\n")
        seen = len(client.published)
        saved(client, rules_file)
        await diagnostics_for(client, uri, version=1, after=seen)
        assert len([m for m in client.messages if "last good rules" in m.message]) == 1

        # 4. Fixed: the rule file's problems go away and the new rules apply.
        rules_file.write_text(HOUSE_RULES)
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=rules_uri, version=2),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=HOUSE_RULES)],
            )
        )
        seen = len(client.published)
        saved(client, rules_file)
        fixed = await diagnostics_for(client, uri, version=1, after=seen)
        assert [span(d) for d in by_rule(fixed, "wonder-word")] == [(2, 17, 2, 28)]
        assert await wait_until(
            lambda: any(p.uri == rules_uri and not p.diagnostics for p in client.published[seen:]),
            what="the rule file's problems to clear",
        )


async def test_a_config_buffer_gets_diagnostics_on_the_exact_line(workspace: Path) -> None:
    make_workspace(workspace)
    config = 'rule-dirs = ["house"]\nselec = ["wonder-word"]\n'
    async with start_session(workspace) as client:
        uri = open_document(client, workspace / "ketlint.toml", config, language="toml")
        (unknown_key,) = await diagnostics_for(client, uri, version=1)
        assert unknown_key.range.start.line == 1
        assert (
            "unknown config key 'selec'" in unknown_key.message
            and "'select'" in unknown_key.message
        )

        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
                content_changes=[
                    types.TextDocumentContentChangeWholeDocument(
                        text='rule-dirs = ["house"]\n\nignore = ["wonder-wurd"]\n'
                    )
                ],
            )
        )
        (unknown_rule,) = await diagnostics_for(client, uri, version=2)
    assert unknown_rule.range.start.line == 2
    assert (
        "unknown rule id 'wonder-wurd'" in unknown_rule.message
        and "'wonder-word'" in unknown_rule.message
    )


async def test_a_config_buffers_unknown_option_is_shown_on_its_line_as_check_reports_it(
    workspace: Path,
) -> None:
    make_workspace(workspace)
    config = (
        'rule-dirs = ["house"]\n\n[rules.wonder-word]\nseverity = "error"\n'
        "# a setting the rule does not have\nloudness = 3\n"
    )
    async with start_session(workspace) as client:
        uri = open_document(client, workspace / "ketlint.toml", config, language="toml")
        (problem,) = await diagnostics_for(client, uri, version=1)
    (workspace / "ketlint.toml").write_text(config)
    (workspace / "post.md").write_text(ARTICLE)
    with pytest.raises(ConfigError) as raised:  # what ketlint check reports
        Project().linter_for(workspace / "post.md")
    assert problem.range.start.line == 5
    assert "unknown setting 'loudness' for rule 'wonder-word'" in problem.message
    assert [(e.line - 1, e.message) for e in raised.value.errors] == [(5, problem.message)]


async def test_a_config_buffer_cut_short_gets_its_error_on_the_last_line(workspace: Path) -> None:
    make_workspace(workspace)
    config = 'rule-dirs = ["house"]\nselect = [\n  "wonder-word",\n'
    async with start_session(workspace) as client:
        uri = open_document(client, workspace / "ketlint.toml", config, language="toml")
        (problem,) = await diagnostics_for(client, uri, version=1)
    # Where ketlint check places it too (one parser): file, line and problem.
    with pytest.raises(DataFileError) as raised:
        config_from_text(config, workspace / "ketlint.toml")
    assert problem.range.start.line == raised.value.line - 1 == 2
    assert problem.message == raised.value.message
    assert problem.message.startswith("TOML syntax error") and "end of the file" in problem.message


async def test_a_broken_config_on_disk_is_shown_in_that_file_even_when_it_is_not_open(
    workspace: Path,
) -> None:
    make_workspace(workspace)
    (workspace / "ketlint.toml").write_text('rule-dirs = ["house"]\nselect = ["wonder-word"\n')
    async with start_session(workspace) as client:
        uri = open_document(client, workspace / "post.md", ARTICLE)
        config_uri = uri_of(workspace / "ketlint.toml")
        (problem,) = await diagnostics_for(client, config_uri)
        assert problem.message.startswith("TOML syntax error")
        await wait_until(lambda: client.messages, what="a message")
        assert "no rules could be loaded" in client.messages[0].message
        # Nothing to lint with, but the article is answered (empty), not left hanging.
        assert await diagnostics_for(client, uri, version=1) == []


async def test_without_file_watching_config_changes_are_noticed_by_polling(workspace: Path) -> None:
    make_workspace(workspace)
    caps = capabilities(watch_files=False)
    async with start_session(workspace, caps=caps, options={"watchPollMs": 100}) as client:
        uri = open_document(client, workspace / "post.md", ARTICLE)
        assert by_rule(await diagnostics_for(client, uri, version=1), "wonder-word")
        seen = len(client.published)
        (workspace / "ketlint.toml").write_text(
            'rule-dirs = ["house"]\nselect = ["vague-source"]\n'
        )
        after = await diagnostics_for(client, uri, version=1, after=seen)
    assert {d.code for d in after} == {"vague-source"}


SLOW_RULE = (
    HOUSE_RULES
    + """\
  - id: slow-pattern
    kind: phrases
    severity: warning
    message: "A pattern that backtracks forever on long runs of x."
    docs:
      summary: A deliberately slow pattern (tests the time budget).
      why: A house rule can be slow on some input; the engine must contain it.
      standard: None; a test fixture.
    options:
      terms: [{pattern: "(x|xx)+y"}]
"""
)


async def test_a_rule_that_times_out_is_reported_once_and_the_others_still_speak(
    workspace: Path,
) -> None:
    make_workspace(workspace, rules=SLOW_RULE, select='["wonder-word", "slow-pattern"]')
    text = "# Notes\n\nA wonder drug.\n\n" + "x" * 40 + "\n"
    async with start_session(workspace) as client:
        uri = open_document(client, workspace / "post.md", text)
        diagnostics = await diagnostics_for(client, uri, version=1)
        # The stopped rule is said on the document too (an info diagnostic at its top).
        assert sorted(d.code for d in diagnostics) == ["rule-failed", "wonder-word"]
        (stopped,) = by_rule(diagnostics, "rule-failed")
        assert stopped.severity == types.DiagnosticSeverity.Information
        assert "slow-pattern" in stopped.message and span(stopped) == (0, 0, 0, 0)
        insert(client, uri, 2, 2, 0, "Another ")
        moved = await diagnostics_for(client, uri, version=2)
        assert [span(d) for d in by_rule(moved, "wonder-word")] == [(2, 10, 2, 21)]
    shown = [m for m in client.messages if "slow-pattern" in m.message]
    assert len(shown) == 1 and "time budget" in shown[0].message
    assert any("slow-pattern" in m.message for m in client.log_messages)


async def send_raw(client: object, method: str, params: object) -> object:
    """Send a request exactly as given (the client's own types would refuse bad params)."""
    protocol = client.protocol  # type: ignore[attr-defined]
    msg_id = f"raw-{method}"
    future: asyncio.Future[object] = asyncio.get_running_loop().create_future()
    protocol._request_futures[msg_id] = future
    protocol._send_data({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params})
    return await asyncio.wait_for(future, timeout=10)


async def test_a_malformed_request_gets_an_error_and_the_server_goes_on(workspace: Path) -> None:
    make_workspace(workspace)
    async with start_session(workspace) as client:
        with pytest.raises(JsonRpcException) as error:
            await send_raw(
                client, types.TEXT_DOCUMENT_HOVER, {"textDocument": 42, "position": "top"}
            )
        assert "invalid params" in str(error.value).lower()
        # A notification with nonsense params is dropped (and logged) the same way.
        client.protocol._send_data(
            {
                "jsonrpc": "2.0",
                "method": types.TEXT_DOCUMENT_DID_OPEN,
                "params": {"textDocument": {"uri": 7}},
            }
        )
        with pytest.raises(JsonRpcException):
            await send_raw(client, "ketlint/noSuchMethod", {})

        uri = open_document(client, workspace / "post.md", ARTICLE)
        assert by_rule(await diagnostics_for(client, uri, version=1), "wonder-word")
        hover = await client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=types.Position(line=2, character=20),
            )
        )
        assert hover is not None


async def test_a_file_over_the_size_limit_is_reported_as_ketlint_check_reports_it(
    workspace: Path,
) -> None:
    make_workspace(workspace)
    config = workspace / "ketlint.toml"
    config.write_text(config.read_text() + "max-file-size = 2000\n")
    (workspace / "big.md").write_text(ARTICLE * 40, encoding="utf-8")
    async with start_session(workspace) as client:
        uri = open_document(client, workspace / "big.md", ARTICLE * 40)
        (diagnostic,) = await diagnostics_for(client, uri, version=1)
        small = open_document(client, workspace / "small.md", ARTICLE)
        assert by_rule(await diagnostics_for(client, small, version=1), "wonder-word")
    # One size policy: the same finding, message and severity as the CLI's for the file.
    (on_disk,) = next(lint_paths([workspace / "big.md"])).findings
    assert diagnostic.code == on_disk.rule == "file-error" and span(diagnostic) == (0, 0, 0, 0)
    assert diagnostic.message == on_disk.message
    assert diagnostic.message.startswith(
        f"file is {len(ARTICLE * 40) / 1000:.1f} kB, over the 2.0 kB limit"
    )
    assert diagnostic.severity == types.DiagnosticSeverity.Error
    assert any("limit" in m.message for m in client.messages)


async def test_a_paragraph_longer_than_the_engine_reads_at_once_is_read_in_pieces_as_in_check(
    workspace: Path,
) -> None:
    make_workspace(workspace)
    long_paragraph = "A wonder drug helped. " * 1_500  # over the engine's 20,000 characters a block
    text = f"# Notes\n\n{long_paragraph}\n"
    (workspace / "long.md").write_text(text, encoding="utf-8")
    async with start_session(workspace) as client:
        uri = open_document(client, workspace / "long.md", text)
        diagnostics = await diagnostics_for(client, uri, version=1)
    on_disk = next(lint_paths([workspace / "long.md"]))
    assert "not-linted" in {d.code for d in diagnostics}
    assert sorted((d.code, d.message) for d in diagnostics) == sorted(
        (f.rule, f.message) for f in on_disk.findings
    )


async def test_lint_workspace_publishes_files_that_are_not_open_with_progress(
    workspace: Path,
) -> None:
    make_workspace(workspace)
    (workspace / "a.md").write_text(ARTICLE)
    (workspace / "notes").mkdir()
    (workspace / "notes" / "b.txt").write_text("Experts say it works.\n")
    (workspace / "c.html").write_text("<p>A wonder drug.</p>\n")
    (workspace / "open.md").write_text(ARTICLE)
    async with start_session(workspace) as client:
        open_uri = open_document(client, workspace / "open.md", ARTICLE)
        await diagnostics_for(client, open_uri, version=1)
        seen = len(client.published)
        result = await client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="ketlint.lintWorkspace")
        )
    assert result == {"files": 3, "findings": 4}
    published = {p.uri: [d.code for d in p.diagnostics] for p in client.published[seen:]}
    assert published == {
        uri_of(workspace / "a.md"): ["vague-source", "wonder-word"],
        uri_of(workspace / "c.html"): ["wonder-word"],
        uri_of(workspace / "notes" / "b.txt"): ["vague-source"],
    }
    (reports,) = client.progress_reports.values()
    assert isinstance(reports[0], types.WorkDoneProgressBegin)
    assert isinstance(reports[-1], types.WorkDoneProgressEnd)
    assert [r.percentage for r in reports[1:-1]] == [33, 66, 100]  # type: ignore[union-attr]


async def test_shutdown_and_exit_end_the_process_cleanly(workspace: Path) -> None:
    make_workspace(workspace)
    async with start_session(workspace) as client:
        uri = open_document(client, workspace / "post.md", ARTICLE)
        await diagnostics_for(client, uri, version=1)
    assert client._server is not None and client._server.returncode == 0
