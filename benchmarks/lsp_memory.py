"""The language server's memory over many edits, and after didClose (issue 15 item 13).

Starts ``python -m ketlint lsp`` through the client of ``lsp_latency.py``, opens one
generated ~1,500-word article, types ``--edits`` words into it one edit at a time (each
waits for its diagnostics), reads the server's resident memory (VmRSS) every
``--every`` edits, then closes the document and reads it again.

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
            rows = [(0, bench.rss_mb())]
            rng = random.Random(seed)
            lines = text.split("\n")
            started = time.perf_counter()
            for version in range(2, edits + 2):
                candidates = [i for i, line in enumerate(lines) if line and not line.startswith("#")]
                line_no = rng.choice(candidates)
                line = lines[line_no]
                spaces = [i + 1 for i, ch in enumerate(line) if ch == " "]
                column = rng.choice(spaces) if spaces else 0
                word = rng.choice(["very ", "truly ", "remarkable ", "small ", "new "])
                lines[line_no] = line[:column] + word + line[column:]
                at = types.Position(line=line_no, character=column)
                arrived = bench.expect(uri, version)
                bench.client.text_document_did_change(types.DidChangeTextDocumentParams(
                    text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                    content_changes=[types.TextDocumentContentChangePartial(
                        range=types.Range(start=at, end=at), text=word)],
                ))
                await asyncio.wait_for(arrived, 120)
                bench.arrivals.clear()
                if (version - 1) % every == 0:
                    rows.append((version - 1, bench.rss_mb()))
            elapsed = time.perf_counter() - started
            bench.client.text_document_did_close(types.DidCloseTextDocumentParams(
                text_document=types.TextDocumentIdentifier(uri=uri)))
            await asyncio.sleep(3)
            closed = bench.rss_mb()
        finally:
            await bench.stop()
    print("| edits | server RSS (MB) |\n|---|---|")
    for count, rss in rows:
        print(f"| {count:,} | {rss:.1f} |")
    print(f"| after didClose | {closed:.1f} |")
    print(f"\n{edits:,} edits in {elapsed:.0f} s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=12_000)
    parser.add_argument("--every", type=int, default=3_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    asyncio.run(main(args.edits, args.every, args.seed))
