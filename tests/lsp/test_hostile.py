"""Issue 15 items 5, 8 and 11 against the real server over raw stdio."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

COMMAND = [sys.executable, "-m", "ketlint", "lsp", "--stdio"]


def _frame(message: dict) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def _read(proc: subprocess.Popen, deadline: float) -> dict | None:
    assert proc.stdout is not None
    length = None
    while True:
        if time.monotonic() > deadline:
            return None
        line = proc.stdout.readline()
        if not line:
            return None
        if line in (b"\r\n", b"\n"):
            break
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    assert length is not None
    return json.loads(proc.stdout.read(length))


def _wait_for(proc, predicate, seconds=60.0):
    deadline = time.monotonic() + seconds
    while True:
        message = _read(proc, deadline)
        if message is None:
            return None
        if predicate(message):
            return message


def _start(root: Path) -> subprocess.Popen:
    proc = subprocess.Popen(
        COMMAND, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=root
    )
    _send(
        proc,
        {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "initialize",
            "params": {
                "processId": None,
                "rootUri": root.as_uri(),
                "capabilities": {},
                "workspaceFolders": [{"uri": root.as_uri(), "name": "w"}],
            },
        },
    )
    assert _wait_for(proc, lambda m: m.get("id") == 1) is not None
    _send(proc, {"jsonrpc": "2.0", "method": "initialized", "params": {}})
    return proc


def _send(proc, message) -> None:
    proc.stdin.write(message if isinstance(message, bytes) else _frame(message))
    proc.stdin.flush()


def _stop(proc) -> None:
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=10)


@pytest.mark.parametrize(
    "header",
    [
        b"Content-Length: abc\r\n\r\n{}",
        b"Content-Type: x\r\n\r\n{}",
        b"Content-Length: -5\r\n\r\n{}",
        b'Content-Length: 500\r\n\r\n{"jsonrpc": "2.0"}',
    ],
)
def test_a_framing_error_ends_the_server_non_zero(tmp_path, header):
    proc = _start(tmp_path)
    try:
        _send(proc, header)
        # A body shorter than its Content-Length is noticed when the next messages fill it.
        for number in range(2, 12):
            _send(proc, {"jsonrpc": "2.0", "id": number, "method": "shutdown"})
        assert proc.wait(timeout=30) != 0  # was: alive and deaf forever
    finally:
        _stop(proc)


def test_a_content_length_of_thousands_of_digits_is_a_framing_error(tmp_path):
    """Exit code 2, the framing error's: not a crash on an int too long to convert."""
    proc = _start(tmp_path)
    try:
        _send(proc, b"Content-Length: " + b"9" * 70_000 + b"\r\n\r\n{}")
        assert proc.wait(timeout=30) == 2
    finally:
        _stop(proc)


def test_messages_split_and_joined_anyhow_by_the_pipe_are_all_answered(tmp_path):
    """The server reads stdin on its event loop: a message may arrive a few bytes at a
    time, or several in one write, and each is still read whole, in order."""
    proc = _start(tmp_path)
    try:
        hover = {
            "jsonrpc": "2.0",
            "method": "textDocument/hover",
            "params": {
                "textDocument": {"uri": (tmp_path / "a.md").as_uri()},
                "position": {"line": 0, "character": 0},
            },
        }
        trickled = _frame({**hover, "id": 2})
        for at in range(0, len(trickled), 7):
            _send(proc, trickled[at : at + 7])
            time.sleep(0.001)
        _send(proc, _frame({**hover, "id": 3}) + _frame({**hover, "id": 4}))
        answered = set()
        for _ in range(3):
            reply = _wait_for(proc, lambda m: m.get("id") in (2, 3, 4) and m["id"] not in answered)
            assert reply is not None and "error" not in reply
            answered.add(reply["id"])
        assert answered == {2, 3, 4}
        _send(proc, {"jsonrpc": "2.0", "id": 5, "method": "shutdown"})
        assert _wait_for(proc, lambda m: m.get("id") == 5) is not None
        _send(proc, {"jsonrpc": "2.0", "method": "exit"})
        assert proc.wait(timeout=30) == 0
    finally:
        _stop(proc)


def test_requests_after_shutdown_get_invalid_request(tmp_path):
    proc = _start(tmp_path)
    try:
        _send(proc, {"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
        assert _wait_for(proc, lambda m: m.get("id") == 2) is not None
        _send(
            proc,
            {
                "jsonrpc": "2.0",
                "id": 3,
                "method": "textDocument/hover",
                "params": {
                    "textDocument": {"uri": (tmp_path / "a.md").as_uri()},
                    "position": {"line": 0, "character": 0},
                },
            },
        )
        reply = _wait_for(proc, lambda m: m.get("id") == 3, 30)
        assert reply is not None and reply["error"]["code"] == -32600
        _send(proc, {"jsonrpc": "2.0", "method": "exit"})
        assert proc.wait(timeout=30) == 0
    finally:
        _stop(proc)


def test_a_catastrophic_config_regex_does_not_freeze_the_server(tmp_path):
    (tmp_path / "ketlint.toml").write_text(
        '[rules.uncited-statistic]\nskip-sections = ["(b|bb)+c"]\n'
    )
    proc = _start(tmp_path)
    try:
        slow = (tmp_path / "slow.md").as_uri()
        fine = (tmp_path / "fine.md").as_uri()
        for uri, text in (
            (slow, "# " + "b" * 60 + "\n\nIt cut deaths by 45%.\n"),
            (fine, "A miracle cure cut deaths by 45%.\n"),
        ):
            _send(
                proc,
                {
                    "jsonrpc": "2.0",
                    "method": "textDocument/didOpen",
                    "params": {
                        "textDocument": {
                            "uri": uri,
                            "languageId": "markdown",
                            "version": 1,
                            "text": text,
                        }
                    },
                },
            )
        seen: dict[str, list] = {}

        def published(message):
            if message.get("method") == "textDocument/publishDiagnostics":
                seen[message["params"]["uri"]] = message["params"]["diagnostics"]
            return {slow, fine} <= set(seen)

        assert _wait_for(proc, published, 60) is not None, seen
        # The rule that did not run says so on the document, as an info diagnostic.
        (stopped,) = [d for d in seen[slow] if d.get("code") == "rule-failed"]
        assert stopped["severity"] == 3 and stopped["range"]["start"] == {"line": 0, "character": 0}
        assert "uncited-statistic" in stopped["message"] and "(b|bb)+c" in stopped["message"]
        assert not any(d.get("code") == "rule-failed" for d in seen[fine])
        before = seen[fine]
        assert before
        # A stale edit (version 1 again) is refused: the text stays at version 1's. An
        # empty edit at version 2 then relints the text the server holds.
        _send(
            proc,
            {
                "jsonrpc": "2.0",
                "method": "textDocument/didChange",
                "params": {
                    "textDocument": {"uri": fine, "version": 1},
                    "contentChanges": [{"text": "Nothing here.\n"}],
                },
            },
        )
        _send(
            proc,
            {
                "jsonrpc": "2.0",
                "method": "textDocument/didChange",
                "params": {
                    "textDocument": {"uri": fine, "version": 2},
                    "contentChanges": [
                        {
                            "range": {
                                "start": {"line": 0, "character": 0},
                                "end": {"line": 0, "character": 0},
                            },
                            "text": "",
                        }
                    ],
                },
            },
        )
        version_2 = _wait_for(
            proc,
            lambda m: (
                m.get("method") == "textDocument/publishDiagnostics"
                and m["params"]["uri"] == fine
                and m["params"].get("version") == 2
            ),
            60,
        )
        assert version_2 is not None
        assert version_2["params"]["diagnostics"] == before  # the stale text was not applied
        _send(proc, {"jsonrpc": "2.0", "id": 9, "method": "shutdown"})
        assert _wait_for(proc, lambda m: m.get("id") == 9, 30) is not None
    finally:
        _stop(proc)


def test_deep_brackets_in_a_config_or_rule_file_cost_only_their_own_folder(tmp_path):
    """Item 10: a config with 3,000 "[" and a rule pack with 5,000 stopped the server from
    giving diagnostics to any article (RecursionError); now each is reported at its
    file:line:col and every other article is linted."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "ketlint.toml").write_text('select = ["hype-phrase"]\n')
    (tmp_path / "deepconf").mkdir()
    (tmp_path / "deepconf" / "ketlint.toml").write_text("x = " + "[" * 3000 + "\n")
    (tmp_path / "deeprules" / "rules").mkdir(parents=True)
    (tmp_path / "deeprules" / "rules" / "deep.yml").write_text(
        "version: 1\nrules: " + "[" * 5000 + "\n"
    )
    (tmp_path / "deeprules" / "ketlint.toml").write_text('rule-dirs = ["rules"]\n')
    article = "A miracle cure.\n"
    uris = {}
    for name in ("good.md", "deepconf/a.md", "deeprules/a.md", "other.md"):
        (tmp_path / name).write_text(article)
        uris[name] = (tmp_path / name).as_uri()
    proc = _start(tmp_path)
    watchdog = threading.Timer(90, proc.kill)  # a silent server fails the test, not hangs it
    watchdog.start()
    try:
        for uri in uris.values():
            _send(
                proc,
                {
                    "jsonrpc": "2.0",
                    "method": "textDocument/didOpen",
                    "params": {
                        "textDocument": {
                            "uri": uri,
                            "languageId": "markdown",
                            "version": 1,
                            "text": article,
                        }
                    },
                },
            )
        published: dict[str, list] = {}
        config_uri = (tmp_path / "deepconf" / "ketlint.toml").as_uri()
        rules_uri = (tmp_path / "deeprules" / "rules" / "deep.yml").as_uri()

        def seen_all(message):
            if message.get("method") == "textDocument/publishDiagnostics":
                published[message["params"]["uri"]] = message["params"]["diagnostics"]
            return set(uris.values()) | {config_uri, rules_uri} <= set(published)

        assert _wait_for(proc, seen_all, 60) is not None, sorted(published)
        for name in ("good.md", "other.md"):
            assert [d["code"] for d in published[uris[name]]] == ["hype-phrase"], published[
                uris[name]
            ]
        for uri, line, column in ((config_uri, 0, 44), (rules_uri, 1, 47)):
            (problem,) = published[uri]
            assert problem["message"] == "nesting deeper than 40 levels"
            assert problem["range"]["start"] == {"line": line, "character": column}
        # The server is still answering.
        _send(proc, {"jsonrpc": "2.0", "id": 7, "method": "shutdown"})
        assert _wait_for(proc, lambda m: m.get("id") == 7, 30) is not None
    finally:
        watchdog.cancel()
        _stop(proc)
