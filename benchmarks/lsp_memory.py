"""The language server's memory over many edits, and after didClose (issue 15 item 13).

Starts ``python -m ketlint lsp`` through the client of ``lsp_latency.py``, opens one
generated ~1,500-word article and makes ``--edits`` edits one at a time (each waits for
its diagnostics): a word typed at a random word boundary, then deleted again, so the
article keeps its size and what grows is what the server keeps. It prints the server's
resident memory (VmRSS) every ``--every`` edits, then closes the document and prints it
again.

    python benchmarks/lsp_memory.py [--edits 12000] [--every 3000] [--seed 7]

Linux only (memory comes from /proc). tests/lsp/test_release.py checks the server's own
structures after didClose; this prints what the operating system sees.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lsp_latency import Bench, article  # noqa: E402


async def main(edits: int, every: int, seed: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        workspace = Path(folder)
        (workspace / "ketlint.toml").write_text("# defaults\n", encoding="utf-8")
        bench = Bench(workspace)
        await bench.start()
        try:
            text = article(1500, seed)
            uri, _ = await bench.open("a.md", text)
            print("| edits | server RSS (MB) |\n|---|---|", flush=True)
            print(f"| 0 | {bench.rss_mb():.1f} |", flush=True)
            rng = random.Random(seed)
            lines = text.split("\n")
            candidates = [i for i, line in enumerate(lines) if line and not line.startswith("#")]
            started = time.perf_counter()
            typed: tuple[int, int, str] | None = None
            for version in range(2, edits + 2):
                if typed is None:  # type a word at a word boundary
                    line_no = rng.choice(candidates)
                    spaces = [i + 1 for i, ch in enumerate(lines[line_no]) if ch == " "]
                    column = rng.choice(spaces) if spaces else 0
                    word = rng.choice(["very ", "truly ", "remarkable ", "small ", "new "])
                    at = types.Position(line=line_no, character=column)
                    change = types.TextDocumentContentChangePartial(
                        range=types.Range(start=at, end=at), text=word
                    )
                    typed = (line_no, column, word)
                else:  # and delete it again
                    line_no, column, word = typed
                    change = types.TextDocumentContentChangePartial(
                        range=types.Range(
                            start=types.Position(line=line_no, character=column),
                            end=types.Position(line=line_no, character=column + len(word)),
                        ),
                        text="",
                    )
                    typed = None
                arrived = bench.expect(uri, version)
                bench.client.text_document_did_change(
                    types.DidChangeTextDocumentParams(
                        text_document=types.VersionedTextDocumentIdentifier(
                            uri=uri, version=version
                        ),
                        content_changes=[change],
                    )
                )
                await asyncio.wait_for(arrived, 120)
                bench.arrivals.clear()
                if (version - 1) % every == 0:
                    print(f"| {version - 1:,} | {bench.rss_mb():.1f} |", flush=True)
            elapsed = time.perf_counter() - started
            bench.client.text_document_did_close(
                types.DidCloseTextDocumentParams(
                    text_document=types.TextDocumentIdentifier(uri=uri)
                )
            )
            await asyncio.sleep(3)
            print(f"| after didClose | {bench.rss_mb():.1f} |", flush=True)
            print(f"\n{edits:,} edits in {elapsed:.0f} s")
        finally:
            await bench.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=12_000)
    parser.add_argument("--every", type=int, default=3_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    asyncio.run(main(args.edits, args.every, args.seed))
