"""How long the language server takes from a keystroke to fresh diagnostics, and its memory.

Starts ``python -m ketlint lsp`` as an editor would (stdio, the built-in rules, a
workspace with a default ``ketlint.toml``), with the debounce set to 0 so only the
server's own work is measured. For a ~1,500-word and a ~20,000-word generated Markdown
article it types single words into random paragraphs, one edit at a time
(``textDocument/didChange``, incremental), and times each edit until the
``publishDiagnostics`` for that version arrives. Then it opens 50 more ~1,500-word
articles and reads the server's resident memory (VmRSS). Prints a table, and where each
edit's time went inside the server (the server logs it with ``KETLINT_LSP_TIMINGS=1``):
applying the edit, waiting (debounce, queue, thread hops), parse, lint (the engine's
rules), shed (dropping what the rules derived), convert (findings to diagnostics) and
publish (serializing and writing); "outside" is what the client measured beyond the
server's own total: the pipe both ways and the client decoding the diagnostics.

    python benchmarks/lsp_latency.py [--edits 40] [--documents 50] [--seed 7] [--articles DIR]

With ``--articles DIR`` the documents are real articles from DIR, joined to length.

Linux only (memory comes from /proc).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

# -- a generated article --------------------------------------------------------------

SUBJECTS = [
    "The new infusion",
    "This medicine",
    "The nasal spray",
    "Talk therapy",
    "The daily tablet",
    "A short course of treatment",
    "The clinic's programme",
    "Regular exercise",
    "The app",
]
VERBS = [
    "helped some patients",
    "reduced symptoms for a few weeks",
    "did not work for everyone",
    "was compared with a placebo",
    "caused side effects in some people",
    "needs more study",
    "was tested in a small trial",
    "is approved for adults",
    "costs more than older options",
]
TAILS = [
    "in a study of 120 adults [1].",
    "according to the trial report.",
    "over twelve weeks.",
    "and doctors still debate why.",
    "which the authors called a breakthrough.",
    "though studies show mixed results.",
    "and 40% of people stopped early.",
    "in people who had tried two other medicines.",
    "as the researchers noted.",
]
LONG_WORDS = [
    "considerable",
    "methodological",
    "pharmacological",
    "administration",
    "neurobiological",
]
HEADINGS = [
    "What the studies found",
    "How it works",
    "Who can get it",
    "What it costs",
    "Risks and side effects",
    "What patients say",
    "Other options",
    "What we still do not know",
]


def sentence(rng: random.Random) -> str:
    words = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(TAILS)}"
    if rng.random() < 0.2:
        words = words.replace(" was ", f" was a {rng.choice(LONG_WORDS)} ", 1)
    return words


def article(words: int, seed: int) -> str:
    """Markdown with a title, a section every ~250 words and paragraphs of 3-6 sentences."""
    rng = random.Random(seed)
    parts = ["# A new treatment for depression: what the evidence says\n"]
    count = 0
    since_heading = 0
    while count < words:
        if since_heading > 250:
            parts.append(f"## {rng.choice(HEADINGS)}\n")
            since_heading = 0
        paragraph = " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))
        parts.append(paragraph + "\n")
        n = len(paragraph.split())
        count += n
        since_heading += n
    return "\n".join(parts)


def real_article(folder: Path, words: int, seed: int) -> str:
    """About ``words`` words of real articles from ``folder`` (``*.md``, ``*.txt``): whole
    articles in a seeded order, joined until there are enough, each later article's title
    turned into a section heading."""
    files = sorted(p for p in folder.iterdir() if p.suffix in (".md", ".txt"))
    if not files:
        raise SystemExit(f"no .md or .txt articles in {folder}")
    random.Random(seed).shuffle(files)
    parts: list[str] = []
    count = 0
    for path in files:
        text = path.read_text(encoding="utf-8").strip()
        if parts and text.startswith("# "):
            text = "#" + text
        parts.append(text)
        count += len(text.split())
        if count >= words:
            break
    return "\n\n".join(parts) + "\n"


# -- driving the server -----------------------------------------------------------------


class Bench:
    def __init__(self, workspace: Path) -> None:
        self.workspace = workspace
        self.client = LanguageClient("ketlint-benchmark", "1")
        self.arrivals: dict[tuple[str, int | None], float] = {}
        self.waiters: dict[tuple[str, int | None], asyncio.Future[float]] = {}
        # (uri, version) -> stage -> milliseconds, from the server's timings log.
        self.stages: dict[tuple[str, int], dict[str, float]] = {}

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params: types.PublishDiagnosticsParams) -> None:
            now = time.perf_counter()
            key = (params.uri, params.version)
            self.arrivals[key] = now
            waiter = self.waiters.pop(key, None)
            if waiter is not None and not waiter.done():
                waiter.set_result(now)

        @self.client.feature(types.WINDOW_LOG_MESSAGE)
        def logged(params: types.LogMessageParams) -> None:
            # "ketlint: timings <uri> v<version> findings=<n> parse=<ms> lint=<ms> ..."
            words = params.message.split()
            if len(words) > 3 and words[1] == "timings":
                fields = dict(word.split("=", 1) for word in words[4:] if "=" in word)
                self.stages[(words[2], int(words[3][1:]))] = {
                    name: float(value) for name, value in fields.items()
                }

        @self.client.feature(types.WINDOW_SHOW_MESSAGE)
        def shown(params: types.ShowMessageParams) -> None:
            print(f"server says: {params.message}", file=sys.stderr)

    async def start(self) -> None:
        os.environ["KETLINT_LSP_TIMINGS"] = "1"  # the server logs where each edit's time went
        await self.client.start_io(sys.executable, "-m", "ketlint", "lsp", cwd=str(self.workspace))
        root = from_fs_path(str(self.workspace))
        assert root is not None
        await self.client.initialize_async(
            types.InitializeParams(
                capabilities=types.ClientCapabilities(),
                root_uri=root,
                workspace_folders=[types.WorkspaceFolder(uri=root, name="bench")],
                # No debounce: measure the server's work, not the wait. No config polling.
                initialization_options={"debounceMs": 0, "watchPollMs": 600_000},
            )
        )
        self.client.initialized(types.InitializedParams())

    async def stop(self) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()

    def expect(self, uri: str, version: int) -> asyncio.Future[float]:
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        if (uri, version) in self.arrivals:
            future.set_result(self.arrivals[(uri, version)])
        else:
            self.waiters[(uri, version)] = future
        return future

    async def open(self, name: str, text: str) -> tuple[str, float]:
        uri = from_fs_path(str(self.workspace / name))
        assert uri is not None
        arrived = self.expect(uri, 1)
        sent = time.perf_counter()
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri, language_id="markdown", version=1, text=text
                )
            )
        )
        return uri, (await asyncio.wait_for(arrived, 120)) - sent

    def stage_split(
        self, uri: str, versions: range, latencies: list[float]
    ) -> dict[str, list[float]]:
        """Milliseconds per stage for each edit the server logged, plus "outside"."""
        split: dict[str, list[float]] = {}
        for version, latency in zip(versions, latencies, strict=True):
            stages = self.stages.get((uri, version))
            if not stages or "total" not in stages:
                continue
            stages = dict(stages)
            stages["outside"] = latency * 1000 - stages["total"] - stages.get("apply", 0.0)
            for name, value in stages.items():
                split.setdefault(name, []).append(value)
        return split

    async def type_words(self, uri: str, text: str, edits: int, seed: int) -> list[float]:
        """Insert a word at a random word boundary, one edit at a time; latency of each."""
        rng = random.Random(seed)
        lines = text.split("\n")
        latencies = []
        for version in range(2, edits + 2):
            candidates = [i for i, line in enumerate(lines) if line and not line.startswith("#")]
            line_no = rng.choice(candidates)
            line = lines[line_no]
            spaces = [i + 1 for i, ch in enumerate(line) if ch == " "]
            column = rng.choice(spaces) if spaces else 0
            word = rng.choice(["very ", "truly ", "remarkable ", "small ", "new "])
            lines[line_no] = line[:column] + word + line[column:]
            # Positions count UTF-16 code units (the protocol's default): real articles
            # have curly quotes and dashes before the column.
            character = len(line[:column].encode("utf-16-le")) // 2
            at = types.Position(line=line_no, character=character)
            arrived = self.expect(uri, version)
            sent = time.perf_counter()
            self.client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                    content_changes=[
                        types.TextDocumentContentChangePartial(
                            range=types.Range(start=at, end=at), text=word
                        )
                    ],
                )
            )
            latencies.append((await asyncio.wait_for(arrived, 120)) - sent)
        return latencies

    def rss_mb(self) -> float:
        process = self.client._server  # the server's subprocess
        assert process is not None
        for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


async def main(edits: int, documents: int, seed: int, articles: Path | None = None) -> None:
    def make(words: int, seed: int) -> str:
        return real_article(articles, words, seed) if articles else article(words, seed)

    with tempfile.TemporaryDirectory(prefix="ketlint-lsp-bench-") as tmp:
        workspace = Path(tmp)
        (workspace / "ketlint.toml").write_text("# the built-in rules with their defaults\n")
        bench = Bench(workspace)
        await bench.start()
        try:
            # Let the server finish loading rules before timing anything.
            await bench.open("warm-up.md", article(200, seed + 1000))
            rows = []
            for label, words in (("~1,500 words", 1_500), ("~20,000 words", 20_000)):
                text = make(words, seed)
                uri, first = await bench.open(f"article-{words}.md", text)
                latencies = await bench.type_words(uri, text, edits, seed)
                await asyncio.sleep(0.2)  # the timings log of the last edit follows its publish
                split = bench.stage_split(uri, range(2, edits + 2), latencies)
                rows.append((label, len(text.split()), first, latencies, split))
            idle = bench.rss_mb()
            for number in range(documents):
                await bench.open(f"many-{number}.md", make(1_500, seed + number))
            loaded = bench.rss_mb()
        finally:
            await bench.stop()

    print("didChange -> publishDiagnostics (debounce 0 ms; one edit at a time)")
    print(f"{'document':<15} {'words':>7} {'first lint':>11} {'edits':>6} {'median':>9} {'p95':>9}")
    for label, words, first, latencies, _ in rows:
        print(
            f"{label:<15} {words:>7,} {first * 1000:>9.0f}ms {len(latencies):>6} "
            f"{statistics.median(latencies) * 1000:>7.1f}ms {percentile(latencies, 0.95) * 1000:>7.1f}ms"
        )
    print()
    order = ["apply", "waiting", "parse", "lint", "shed", "convert", "publish", "total", "outside"]
    print("where the time went, ms (median / p95 per stage)")
    print(f"{'document':<15} " + " ".join(f"{name:>15}" for name in order))
    for label, _, _, _, split in rows:
        cells = [
            f"{statistics.median(split[name]):>7.2f}/{percentile(split[name], 0.95):<7.2f}"
            if split.get(name)
            else f"{'-':>15}"
            for name in order
        ]
        print(f"{label:<15} " + " ".join(cells))
    print()
    print(f"server RSS with the two articles open: {idle:.0f} MB")
    print(f"server RSS with {documents} more ~1,500-word articles open: {loaded:.0f} MB")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--edits", type=int, default=40, help="edits per document (default 40)")
    parser.add_argument(
        "--documents", type=int, default=50, help="documents opened for the memory figure"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--articles",
        type=Path,
        help="build the documents from the real articles in this folder (joined to length) "
        "instead of generated text",
    )
    arguments = parser.parse_args()
    asyncio.run(main(arguments.edits, arguments.documents, arguments.seed, arguments.articles))
