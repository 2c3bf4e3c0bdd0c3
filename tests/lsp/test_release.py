"""Issue 15 item 13: after didClose of every document, the server holds nothing of them.

The server runs in this process (its protocol fed the messages an editor sends, its
output collected), so the test can look at the server's own structures after the last
didClose: the open documents, pending lints, every linter's block caches and memos, the
paragraphs the prefilter read (on the engine thread, where they live) and the HTML line
index cache. Memory figures (RSS) are left to benchmarks/lsp_latency.py.
"""

from __future__ import annotations

import asyncio
import json
import random
from pathlib import Path
from typing import Any

import pytest

from ketlint.lsp.server import KetlintLanguageServer
from ketlint.parsing.html import _newline_starts

pytestmark = pytest.mark.asyncio

ARTICLE = (
    "# A new pill\n\nA miracle cure cut deaths by 45%, experts say.\n\n"
    "<p>In a trial<sup>1</sup>, 30% of people improved.</p>\n\n"
    "| Outcome | Drug |\n|---|---|\n| Deaths | 12% |\n\n## References\n\n1. A study. 2020.\n"
)


class _Collect:
    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []

    def write(self, data: bytes) -> None:
        self.messages.append(json.loads(data))

    def close(self) -> None:
        pass


class _InProcess:
    def __init__(self, root: Path) -> None:
        self.server = KetlintLanguageServer()
        self.out = _Collect()
        self.server.protocol.set_writer(self.out, include_headers=False)
        self.root = root

    def send(self, method: str, params: Any, id: int | None = None) -> None:
        message: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "params": params}
        if id is not None:
            message["id"] = id
        protocol = self.server.protocol
        protocol.handle_message(
            json.loads(json.dumps(message), object_hook=protocol.structure_message)
        )

    def published(self, uri: str, version: int) -> bool:
        return any(
            m.get("method") == "textDocument/publishDiagnostics"
            and m["params"]["uri"] == uri
            and m["params"].get("version") == version
            for m in self.out.messages
        )

    async def until(self, predicate: Any, seconds: float = 60.0) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while not predicate():
            assert loop.time() < deadline, "timed out"
            await asyncio.sleep(0.02)


def _held(server: KetlintLanguageServer) -> dict[str, int]:
    """What the server keeps that comes from documents (engine thread: call in_engine)."""
    registry = server.registry
    linters = [
        linter for project in registry._projects.values() for linter in project._linters.values()
    ]
    linters += list(registry._last_good.values())
    return {
        "documents": len(server.documents),
        "pending": len(server._pending),
        "linters": len(linters),
        "paragraph facts": sum(len(linter._facts) for linter in linters),
        "prefilter paragraphs": sum(
            len(linter._patterns._paragraphs) for linter in linters if linter._patterns is not None
        ),
        "html line indexes": _newline_starts.cache_info().currsize,
    }


async def test_closing_every_document_releases_what_the_server_kept_of_them(
    workspace: Path,
) -> None:
    lsp = _InProcess(workspace)
    server = lsp.server
    lsp.send(
        "initialize",
        {
            "processId": None,
            "rootUri": workspace.as_uri(),
            "capabilities": {},
            "initializationOptions": {"debounceMs": 0},
            "workspaceFolders": [{"uri": workspace.as_uri(), "name": "w"}],
        },
        id=1,
    )
    await lsp.until(lambda: any(m.get("id") == 1 for m in lsp.out.messages))
    lsp.send("initialized", {})
    rng = random.Random(3)
    uris = []
    try:
        for number, (name, language) in enumerate(
            [("a.md", "markdown"), ("b.md", "markdown"), ("c.html", "html"), ("d.md", "markdown")]
        ):
            uri = (workspace / name).as_uri()
            uris.append(uri)
            text = ARTICLE.replace("45%", f"{40 + number}%")
            lsp.send(
                "textDocument/didOpen",
                {"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}},
            )
            for version in range(2, 40):  # typing: a word at a time, somewhere in the text
                line = rng.randrange(0, ARTICLE.count("\n"))
                lsp.send(
                    "textDocument/didChange",
                    {
                        "textDocument": {"uri": uri, "version": version},
                        "contentChanges": [
                            {
                                "range": {
                                    "start": {"line": line, "character": 0},
                                    "end": {"line": line, "character": 0},
                                },
                                "text": f"word{version} ",
                            }
                        ],
                    },
                )
            await lsp.until(lambda uri=uri: lsp.published(uri, 39))
        held = await server.in_engine(_held, server)
        # The test sees what it means to see: the server did keep state for the documents.
        assert held["documents"] == 4, held
        assert held["prefilter paragraphs"] and held["paragraph facts"], held
        for uri in uris:
            lsp.send("textDocument/didClose", {"textDocument": {"uri": uri}})

        async def released() -> dict[str, int]:
            return await server.in_engine(_held, server)

        for _ in range(500):
            held = await released()
            if not any(v for k, v in held.items() if k != "linters"):
                break
            await asyncio.sleep(0.02)
        assert held["linters"] >= 1  # rules and configs stay loaded
        assert {k: v for k, v in held.items() if k != "linters"} == {
            "documents": 0,
            "pending": 0,
            "paragraph facts": 0,
            "prefilter paragraphs": 0,
            "html line indexes": 0,
        }
        # Every closed document got its diagnostics cleared.
        for uri in uris:
            assert any(
                m.get("method") == "textDocument/publishDiagnostics"
                and m["params"]["uri"] == uri
                and m["params"]["diagnostics"] == []
                and "version" not in m["params"]
                for m in lsp.out.messages
            ), uri
    finally:
        for task in list(server._background):
            task.cancel()
        server._engine.shutdown(wait=True)
