"""Linting an archive on a distributed engine (Dask), with the engine unchanged.

ketlint does not schedule anything itself. The engine is a pure function of the
article's text and a *resolved config*: the rule specs after rule packs, extensions and
config settings, the ids of the rules to run, and the engine's limits. This module

* resolves the config of every file **once, on the client** (:func:`plan_archive`), into
  a few :class:`ResolvedConfig` objects (plain, picklable data: usually one, one per
  distinct config file / ``[[overrides]]`` combination otherwise);
* gives the pure per-file function, :func:`lint_one` (text in, a JSON-ready record out),
  and :func:`lint_file`, which reads the file where it runs;
* maps :func:`lint_file` over the file paths with a ``dask.bag``
  (:func:`lint_archive_bag`), so each worker reads its own files and the client never
  holds the archive.

Each record is exactly one entry of ``ketlint check --format json``'s ``"files"`` list.
Workers rebuild the rules from the specs once per process (and thread), not per file.
See docs/distributed.md. Dask is an optional extra: ``pip install 'ketlint[dask]'``;
``import ketlint`` never imports it.
"""

from __future__ import annotations

import argparse
import glob as globlib
import hashlib
import json
import math
import os
import pickle
import sys
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ketlint import __version__

if TYPE_CHECKING:
    from ketlint.engine import EngineSettings, Linter
    from ketlint.kinds.base import RuleSpec
    from ketlint.project import Project

INSTALL_HINT = "pip install 'ketlint[dask]'"
SEVERITY_LABELS = ("error", "warning", "info", "hint")
# Default files per partition: about 100 partitions for small archives, at most 500 files
# each for large ones (so a million files make 2,000 tasks, and a slow worker holds few).
MAX_PARTITION_SIZE = 500
# Linters kept per worker process (one per resolved config and thread; LRU beyond this).
LINTER_CACHE_SIZE = 16


def _require_dask() -> Any:
    try:
        import dask.bag
    except ImportError as exc:
        raise ImportError(
            f"linting on Dask needs the optional 'dask' extra: {INSTALL_HINT} ({exc})"
        ) from exc
    return dask.bag


def _require_distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise ImportError(
            f"a Dask cluster needs the optional 'dask' extra: {INSTALL_HINT} ({exc})"
        ) from exc
    return distributed


def local_cluster(n_workers: int | None = None, *, secure: bool = True, **options: Any) -> Any:
    """A ``distributed.LocalCluster`` of worker processes (one thread each) on this machine
    that listens on 127.0.0.1 only, on free ports, without the scheduler's dashboard.

    A Dask scheduler runs whatever task a client sends it, and any process on the machine
    can reach 127.0.0.1: so by default (``secure=True``) the cluster speaks TLS with a
    throwaway certificate authority made for it (``Security.temporary()``, which needs the
    ``cryptography`` package, part of the 'dask' extra). Only this process and the workers
    it starts hold the key; another local process cannot connect, let alone run code.
    ``secure=False`` gives plain TCP (any local user can then run code in the workers).

    Dask's processes always serve a small HTTP endpoint (health, metrics); older versions
    of distributed bind it to every interface unless given an address, so it is given
    one. ``options`` go to ``LocalCluster``."""
    distributed = _require_distributed()
    settings: dict[str, Any] = {
        "n_workers": n_workers or os.cpu_count() or 1,
        "processes": True,
        "threads_per_worker": 1,
        "host": "127.0.0.1",
        "dashboard_address": "127.0.0.1:0",
        "worker_dashboard_address": "127.0.0.1:0",
        "scheduler_kwargs": {"dashboard": False},  # its HTTP endpoint stays, on loopback
    }
    if secure:
        settings["protocol"] = "tls://"
        settings["security"] = _temporary_security(distributed)
    settings.update(options)
    return distributed.LocalCluster(**settings)


def _temporary_security(distributed: Any) -> Any:
    try:
        import cryptography  # noqa: F401  (Security.temporary needs it)
    except ImportError as exc:
        raise ImportError(
            "a secure local Dask cluster needs the 'cryptography' package (in the 'dask' "
            f"extra: {INSTALL_HINT}); or pass secure=False to accept that any local process "
            f"can run code in its workers ({exc})"
        ) from exc
    return distributed.security.Security.temporary()


# -- the resolved config ---------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class ResolvedConfig:
    """What the engine needs besides the text, as plain picklable data.

    ``specs`` are every known rule after rule packs, ``extends:`` entries and per-rule
    config settings (unknown rule ids in suppression comments are checked against them);
    ``enabled`` are the rules that run. No file is read to use it: workers need neither
    the config files nor the rule packs, only the articles.
    """

    specs: dict[str, RuleSpec]
    enabled: tuple[str, ...]
    settings: EngineSettings
    max_file_size: int
    ketlint_version: str = __version__
    # A digest of everything above (computed when not given): names it in worker caches,
    # so the same config planned twice reuses the rules a worker built.
    key: str = ""

    def __post_init__(self) -> None:
        if not self.key:
            content = (
                self.ketlint_version,
                self.specs,
                self.enabled,
                self.settings,
                self.max_file_size,
            )
            digest = hashlib.sha256(pickle.dumps(content, protocol=4)).hexdigest()[:20]
            object.__setattr__(self, "key", digest)

    @classmethod
    def from_linter(cls, linter: Linter, max_file_size: int) -> ResolvedConfig:
        return cls(
            dict(linter.ruleset.specs), tuple(linter.enabled or ()), linter.settings, max_file_size
        )

    def build_linter(self) -> Linter:
        from ketlint.engine import Linter
        from ketlint.ruleset import Ruleset

        return Linter(Ruleset(dict(self.specs)), list(self.enabled), self.settings)


def resolve_config(
    file: str | Path | None = None,
    *,
    project: Project | None = None,
    max_file_size: int | None = None,
) -> ResolvedConfig:
    """The resolved config for one file (its nearest config file, matching overrides)."""
    from ketlint.project import Project

    project = project or Project(isolated=file is None)
    path = Path(file) if file is not None else None
    linter = project.linter_for(path)
    size = max_file_size or project.config_for(path).max_file_size
    return ResolvedConfig.from_linter(linter, size)


# -- the pure per-file functions (what runs on workers) ----------------------------------

_LINTERS: OrderedDict[tuple[str, int], Linter] = OrderedDict()
_LINTERS_LOCK = threading.Lock()
_BUILDS = 0
_FILES = 0


class VersionMismatch(RuntimeError):
    """The client and a worker run different ketlint versions: results would differ."""


def _linter(resolved: ResolvedConfig) -> Linter:
    """This process's (and thread's) Linter for ``resolved``, built on first use."""
    global _BUILDS
    if resolved.ketlint_version != __version__:
        raise VersionMismatch(
            f"this worker runs ketlint {__version__} but the config was resolved by ketlint "
            f"{resolved.ketlint_version}; install the same version on the client and workers"
        )
    # Per thread too: a Linter's block cache is not made for concurrent use.
    key = (resolved.key, threading.get_ident())
    with _LINTERS_LOCK:
        linter = _LINTERS.get(key)
        if linter is not None:
            _LINTERS.move_to_end(key)
            return linter
    linter = resolved.build_linter()
    with _LINTERS_LOCK:
        _LINTERS[key] = linter
        _BUILDS += 1
        while len(_LINTERS) > LINTER_CACHE_SIZE:
            _LINTERS.popitem(last=False)
    return linter


def worker_stats() -> dict[str, int]:
    """Linters built and files linted by this process (on workers: ``client.run(worker_stats)``)."""
    return {"linters_built": _BUILDS, "files": _FILES}


def _record(result: Any, display: str) -> dict[str, Any]:
    from ketlint.output import result_to_dict

    entry = result_to_dict(result)
    entry["path"] = display
    return entry


def lint_one(
    text: str, path: str | None, resolved: ResolvedConfig, format: str | None = None
) -> dict[str, Any]:
    """Lint ``text`` (``path`` picks the format and is reported) into a JSON-ready record.

    The record is one entry of ``ketlint check --format json``'s ``"files"``: ``path``,
    ``findings`` (rule, severity, message, 1-based start/end, offsets, url, fix,
    related), ``metrics``, ``verdicts`` and ``errors``. A pure function of its arguments.
    """
    result = _linter(resolved).lint_text(text, path=path, format=format)
    return _record(result, path if path is not None else "-")


def lint_file(path: str, resolved: ResolvedConfig, open_path: str | None = None) -> dict[str, Any]:
    """Read and lint one file where this runs. A file that cannot be read or decoded, or
    that is over the size limit, gives a record with one ``file-error`` finding (as
    ``ketlint check`` reports it), never an exception. ``open_path`` is where to read it,
    when that differs from the ``path`` to report."""
    from ketlint.files import NotLinted, article_text, file_error, read_article_bytes

    global _FILES
    _FILES += 1
    where = open_path or path
    try:  # the one reader ketlint check uses: regular files only, never a FIFO
        data = read_article_bytes(where, resolved.max_file_size)
    except NotLinted as exc:
        return _record(file_error(path, str(exc)), path)
    try:
        text = article_text(where, data)
    except ValueError as exc:
        return _record(file_error(path, f"file {exc}"), path)
    try:
        return lint_one(text, path, resolved)
    except VersionMismatch:
        raise  # every file would be wrong: stop the run
    except Exception as exc:  # one article must not fail a run over millions
        return _record(
            file_error(path, f"ketlint failed on this file: {type(exc).__name__}: {exc}"), path
        )


def _lint_partition(
    items: Iterable[tuple[str, str]], configs: dict[str, ResolvedConfig], base: str
) -> list[dict[str, Any]]:
    return [lint_file(path, configs[key], os.path.join(base, path)) for path, key in items]


# -- planning on the client ------------------------------------------------------------


@dataclass
class ArchivePlan:
    """The files to lint, each with the key of its resolved config, and those configs."""

    files: list[tuple[str, str]]  # (path as reported, key of its config in ``configs``)
    configs: dict[str, ResolvedConfig]
    base: str  # the folder relative paths are read from (the client's working folder)

    def payload_bytes(self) -> int:
        """Size of the pickled configs: what every worker receives once."""
        return len(pickle.dumps(self.configs, protocol=pickle.HIGHEST_PROTOCOL))


def _expand(paths: str | Path | Iterable[str | Path]) -> tuple[list[Path], list[str]]:
    items = [paths] if isinstance(paths, (str, Path)) else list(paths)
    out: list[Path] = []
    missing: list[str] = []
    for item in items:
        text = os.fspath(item)
        if not os.path.exists(text) and any(ch in text for ch in "*?["):
            matches = sorted(globlib.glob(text, recursive=True))
            if not matches:
                missing.append(text)
            out.extend(Path(m) for m in matches)
        else:
            out.append(Path(text))
    return out, missing


def plan_archive(
    paths: str | Path | Iterable[str | Path],
    *,
    project: Project | None = None,
    config: str | Path | None = None,
    isolated: bool = False,
    select: Sequence[str] | None = None,
    extend_select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    max_file_size: int | None = None,
) -> ArchivePlan:
    """Find the files (folders walked, globs expanded, as ``ketlint check`` does) and
    resolve each one's config, once, here on the client.

    Every file gets the config ``ketlint check`` would give it: its nearest config file
    (or ``config``), that file's ``[[overrides]]`` matching it, then ``select`` /
    ``ignore``. Config and rule-pack errors raise :class:`ketlint.project.ConfigError`
    before any work is sent; a path that does not exist raises FileNotFoundError.
    """
    from ketlint.files import iter_files
    from ketlint.project import Project, Selection

    if project is None:
        selection = Selection(
            select=list(select) if select is not None else None,
            extend_select=list(extend_select),
            ignore=list(ignore),
        )
        project = Project(
            selection=selection, config_path=Path(config) if config else None, isolated=isolated
        )
    roots, missing = _expand(paths)
    missing_paths: list[Path] = []
    files = list(iter_files(roots, project, missing_paths))
    missing += [str(p) for p in missing_paths]
    if missing:
        raise FileNotFoundError(f"no such file or directory: {', '.join(missing)}")
    keys: dict[tuple[int, int], str] = {}  # (id of the Linter, size limit) -> config key
    # Without [[overrides]], a file's config depends only on its folder: resolve it once.
    by_folder: dict[Path, str] = {}
    configs: dict[str, ResolvedConfig] = {}
    planned = []
    for file in files:
        key = by_folder.get(file.parent)
        if key is None:
            linter = project.linter_for(file)
            file_config = project.config_for(file)
            size = max_file_size or file_config.max_file_size
            key = keys.get((id(linter), size))
            if key is None:
                resolved = ResolvedConfig.from_linter(linter, size)
                key = keys[(id(linter), size)] = resolved.key
                configs.setdefault(key, resolved)
            if not file_config.overrides:
                by_folder[file.parent] = key
        planned.append((str(file), key))
    return ArchivePlan(planned, configs, str(Path.cwd()))


# -- Dask ------------------------------------------------------------------------------


def lint_archive_bag(
    paths: str | Path | Iterable[str | Path] | ArchivePlan,
    *,
    partition_size: int | None = None,
    npartitions: int | None = None,
    **plan_options: Any,
) -> Any:
    """A ``dask.bag.Bag`` of one record per file (see :func:`lint_one`), in path order.

    ``paths`` are files, folders and globs (or an :class:`ArchivePlan`); ``plan_options``
    go to :func:`plan_archive` (``config``, ``isolated``, ``select``, ``ignore`` ...).
    Nothing runs until the bag is computed, on whatever scheduler is active (a
    ``distributed.Client`` once one is created). The resolved configs travel in the
    graph once, as a single task every partition depends on.
    """
    bag = _require_dask()
    import dask

    plan = paths if isinstance(paths, ArchivePlan) else plan_archive(paths, **plan_options)
    if npartitions is None and partition_size is None:
        partition_size = max(1, min(MAX_PARTITION_SIZE, math.ceil(len(plan.files) / 100)))
    digest = hashlib.sha256(" ".join(sorted(plan.configs)).encode()).hexdigest()[:20]
    configs = dask.delayed(plan.configs, name=f"ketlint-configs-{digest}", traverse=False)
    files = bag.from_sequence(plan.files, partition_size=partition_size, npartitions=npartitions)
    return files.map_partitions(_lint_partition, configs, plan.base)


def _counts(record: dict[str, Any]) -> dict[str, int]:
    counts = dict.fromkeys(SEVERITY_LABELS, 0)
    for finding in record["findings"]:
        counts[finding["severity"]] += 1
    counts["files"] = 1
    return counts


def _add(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
    return {k: a.get(k, 0) + b.get(k, 0) for k in (*SEVERITY_LABELS, "files")}


def summary(records: Any) -> Any:
    """A ``dask`` Item: findings per severity and files, like ``ketlint check``'s JSON summary."""
    return records.map(_counts).fold(_add, _add, initial=_add({}, {}))


def _write_part(records: Iterable[dict[str, Any]], path: str) -> dict[str, int]:
    """Write one partition's records as JSON Lines (whole or not at all); return its counts."""
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    totals = _add({}, {})
    partial = f"{path}.partial"
    with open(partial, "w", encoding="utf-8", newline="\n") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            totals = _add(totals, _counts(record))
    os.replace(partial, path)
    return totals


def _total(parts: list[dict[str, int]]) -> dict[str, int]:
    totals = _add({}, {})
    for part in parts:
        totals = _add(totals, part)
    totals["parts"] = len(parts)
    return totals


def to_jsonl(records: Any, directory: str | Path, compute: bool = True) -> Any:
    """Write the records as JSON Lines, one ``part-NNNNN.jsonl`` per partition, each written
    by the worker that linted it (so ``directory`` must be reachable from the workers).

    Returns the totals (findings per severity, ``files``, ``parts``), counted as the parts
    are written, so each file is linted once; with ``compute=False``, a ``dask.delayed``
    of them.
    """
    import dask

    folder = os.fspath(directory)
    parts = records.to_delayed()
    width = max(5, len(str(len(parts) - 1)))
    write = dask.delayed(_write_part, pure=True)
    written = [
        write(part, os.path.join(folder, f"part-{index:0{width}d}.jsonl"))
        for index, part in enumerate(parts)
    ]
    totals = dask.delayed(_total, pure=True)(written)
    return totals.compute() if compute else totals


# -- python -m ketlint.distributed -----------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m ketlint.distributed",
        description="Lint an archive on Dask: one JSON Lines record per file.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files, folders or globs")
    parser.add_argument(
        "--output",
        "-o",
        required=True,
        type=Path,
        metavar="DIR",
        help="folder for the JSON Lines parts (reachable from the workers)",
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="an existing Dask scheduler (tcp://host:8786); default: a local "
        "cluster of processes on this machine",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=0,
        metavar="N",
        help="local cluster: N worker processes (default: one per core)",
    )
    parser.add_argument(
        "--partition-size",
        type=int,
        metavar="FILES",
        help="files per task (default: about 1/100 of the files, at most 500)",
    )
    parser.add_argument("--config", type=Path, help="use this config file for every file")
    parser.add_argument("--isolated", action="store_true", help="ignore all config files")
    parser.add_argument("--select", type=_ids, help="comma-separated rule ids (ALL for all)")
    parser.add_argument("--ignore", type=_ids, default=[], help="comma-separated rule ids")
    return parser


def _ids(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from ketlint.limits import DataFileError
    from ketlint.project import ConfigError

    try:
        _require_dask()
        Client = _require_distributed().Client
        plan = plan_archive(
            args.paths,
            config=args.config,
            isolated=args.isolated,
            select=args.select,
            ignore=args.ignore,
        )
    except (ConfigError, DataFileError) as exc:
        for error in getattr(exc, "errors", [exc]):
            print(f"ketlint: error: {error}", file=sys.stderr)
        return 2
    except (ImportError, FileNotFoundError) as exc:
        print(f"ketlint: error: {exc}", file=sys.stderr)
        return 2
    if any(args.output.glob("part-*.jsonl")):
        print(
            f"ketlint: error: {args.output} already holds results (part-*.jsonl); "
            "choose an empty or new folder",
            file=sys.stderr,
        )
        return 2
    records = lint_archive_bag(plan, partition_size=args.partition_size)
    cluster = None if args.scheduler else local_cluster(args.workers or None)
    client = Client(args.scheduler or cluster)
    try:
        totals = client.compute(to_jsonl(records, args.output, compute=False)).result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    print(json.dumps(totals))
    return 0


if __name__ == "__main__":  # pragma: no cover
    # Run the imported module's main, not this __main__ copy: workers must unpickle the
    # functions by reference to ketlint.distributed, not receive them (and a lock) by value.
    from ketlint.distributed import main as _main

    sys.exit(_main())
