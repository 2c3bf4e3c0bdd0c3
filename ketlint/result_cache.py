"""Findings of earlier runs, so ``ketlint check`` does not lint an unchanged article again.

The idea is ruff's cache: an article whose text, format and resolved configuration are
the same as in an earlier run gets that run's findings back. The key is a BLAKE2 hash of

* the article's text and format;
* the resolved configuration: every rule spec after packs, ``extends:`` and settings,
  the enabled rules and the engine limits;
* the code that computes findings: every ``.py`` file of the package by its path, size
  and modification time, as the interpreter picks its bytecode (so an edited checkout
  never reads findings its new code would not give; see :func:`code_digest`), the rule
  loader's code and the built-in rule files by content, and the ketlint version. A
  built-in rule nothing changed stands for the key its pack was checked against.

Results with rule errors (a timeout, a crashing rule) are never stored, so a cached run
reports the same errors as a fresh one. Storage is the start-up cache's
(:mod:`ketlint.startup_cache`): :mod:`marshal` only (plain data, nothing executable), the
user's own cache folder (never the project being linted), written atomically, ignored when
damaged, foreign or from another version, turned off by ``--no-cache`` or
``KETLINT_NO_CACHE=1``. At most :data:`MAX_ENTRIES` results are kept, oldest dropped first.
A run that finds the file replaced by another process since it read it merges the two.
"""

from __future__ import annotations

import marshal
import os
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ketlint import __version__

if TYPE_CHECKING:
    from ketlint.engine import Linter
    from ketlint.model import LintResult

FORMAT = 1
MAX_ENTRIES = 20_000
_NAME = "results"

_code_digest: list[str] = []
_code_files: list[str] = []  # the package's modules the code digest covers


def _package_files(package: Path) -> list[str]:
    if not _code_files:
        from ketlint.startup_cache import files_under

        _code_files.extend(sorted(files_under(package, (".py",), skip=("lsp",))))
    return _code_files


def _package_digest() -> str:
    """A digest of the package's code: findings depend on all of it (kinds, parsers, engine)."""
    if not _code_digest:
        from ketlint.startup_cache import loader_digest, loader_sources

        package = Path(__file__).resolve().parent
        loader_files = set(map(str, loader_sources()))
        files = _package_files(package)
        _code_digest.append(code_digest(package, loader_digest(), loader_files, files))
    return _code_digest[0]


def code_digest(
    package: Path, loader: str, loader_files: set[str], files: list[str] | None = None
) -> str:
    """The digest of the code in ``package`` (its ``.py`` files, and in a wheel the built-in
    rules and their data files, ``_builtin_rules``), ``loader`` standing for the rule
    loader's files ``loader_files`` (a content digest every run computes anyway for the
    built-in pack's key). The server's code (``lsp/``) does not compute findings.

    A module counts by its path, size and modification time (in nanoseconds), not its
    bytes: the interpreter itself picks a module's cached bytecode by its source's size and
    modification time (in seconds), so that is what decides the code that runs; an edit,
    a checkout or a new install gives a file a new time. Reading and hashing the package's
    650 kB of modules was about 12 M instructions (1%) of every cold check. The rule and
    data files are read by ketlint, not imported, and are hashed by content."""
    from ketlint.startup_cache import _blake2b, _tree_digest, files_under

    digest = _blake2b(f"{__version__}\0{os.fspath(package)}\0{loader}\0".encode())
    if files is None:
        files = sorted(files_under(package, (".py",), skip=("lsp",)))
    for path in files:
        if path not in loader_files:
            status = os.stat(path)
            digest.update(f"{path}\0{status.st_size}\0{status.st_mtime_ns}\0".encode())
    rules = package / "_builtin_rules"
    if rules.is_dir():
        digest.update(_tree_digest(files_under(rules, (".yml", ".txt")), rules).encode())
    return str(digest.hexdigest())


def _code_changed_since_import() -> bool:
    """Whether a module :func:`code_digest` covers changed after this process imported
    ketlint (:func:`ketlint.startup_cache.changed_since_import`): the digest may then name
    the new code while the findings are the old code's. The rule and data files are keyed
    by their content, read when they are used."""
    from ketlint.startup_cache import changed_since_import

    return changed_since_import(_package_files(Path(__file__).resolve().parent))


def linter_fingerprint(linter: Linter) -> str:
    """A digest of what, besides the text, decides a linter's findings."""
    cached = getattr(linter, "_result_fingerprint", None)
    if cached is not None:
        return str(cached)
    from ketlint.startup_cache import _blake2b

    content = {
        "specs": _spec_keys(linter),
        "enabled": list(linter.enabled or ()),
        "settings": asdict(linter.settings),
        "data-files": _data_file_digests(linter),
    }
    digest = _blake2b(_package_digest().encode())
    # repr, not json: no import on the start-up path; dicts keep the rule files' order.
    digest.update(repr(content).encode())
    fingerprint = str(digest.hexdigest())
    linter._result_fingerprint = fingerprint  # type: ignore[attr-defined]
    return fingerprint


def _spec_keys(linter: Linter) -> dict[str, object]:
    """What stands for each rule spec in the fingerprint.

    A built-in rule's spec as the built-in pack was read (no ``extends:``, override or mark
    made a new one) stands for the key the pack was checked against
    (:data:`ketlint.startup_cache.verified_packs`: the rule files', the loader's, ketlint's
    and Python's), from which the spec was made; any other spec for itself: its repr names
    every field (theirs and their docs' and examples'). The repr of all ~60 built-in specs
    was about 3 ms of every run with the cache on."""
    from ketlint.startup_cache import verified_packs

    packs = [(pack.specs, signature) for pack, signature in verified_packs.values()]
    keys: dict[str, object] = {}
    for rule_id, spec in sorted(linter.ruleset.specs.items()):
        for specs, signature in packs:
            if specs.get(rule_id) is spec:
                keys[rule_id] = ("built-in pack", signature)
                break
        else:
            keys[rule_id] = spec
    return keys


def _data_file_digests(linter: Linter) -> dict[str, str]:
    """Digests of the data files enabled rules read (options named ``*-file``: journal and
    drug lists): editing one must not bring back findings made with the old list."""
    from ketlint.kinds.base import data_file
    from ketlint.startup_cache import _blake2b

    digests: dict[str, str] = {}
    for rule_id in linter.enabled or ():
        spec = linter.ruleset.specs.get(rule_id)
        if spec is None:
            continue
        for key, value in sorted(spec.options.items()):
            if key.endswith("-file") and isinstance(value, str):
                try:
                    digests[f"{rule_id}:{key}"] = _blake2b(
                        data_file(spec, value).read_bytes()
                    ).hexdigest()
                except (OSError, ValueError):
                    digests[f"{rule_id}:{key}"] = "missing"
    return digests


def result_key(fingerprint: str, format: str, text: str) -> bytes:
    from ketlint.startup_cache import _blake2b

    digest = _blake2b(f"{fingerprint}\0{format}\0".encode())
    digest.update(text.encode("utf-8", "surrogatepass"))
    return bytes(digest.digest()[:20])


def _encode(result: LintResult) -> tuple[Any, ...]:
    findings = tuple(
        (
            f.rule,
            int(f.severity),
            f.message,
            f.start,
            f.end,
            None
            if f.fix is None
            else (f.fix.start, f.fix.end, f.fix.replacement, f.fix.description, f.fix.safe),
            tuple((r.start, r.end, r.message) for r in f.related),
            f.url,
            f.data,
        )
        for f in result.findings
    )
    verdicts = tuple((v.criterion, v.value, v.reason) for v in result.verdicts)
    return (findings, result.metrics, verdicts)


def _decode(entry: tuple[Any, ...], path: str | None, source: str) -> LintResult:
    from ketlint.model import Finding, Fix, LintResult, Related, Severity, Verdict

    findings, metrics, verdicts = entry
    decoded = [
        Finding(
            rule=rule,
            severity=Severity(severity),
            message=message,
            start=start,
            end=end,
            fix=None if fix is None else Fix(*fix),
            related=tuple(Related(*related) for related in related_list),
            url=url,
            data=dict(data),
        )
        for rule, severity, message, start, end, fix, related_list, url, data in findings
    ]
    return LintResult(
        path=path,
        source=source,
        findings=decoded,
        metrics=dict(metrics),
        verdicts=[Verdict(*verdict) for verdict in verdicts],
    )


class ResultCache:
    """The stored results; :meth:`save` writes back what this run added."""

    def __init__(self) -> None:
        from ketlint.startup_cache import _file, _read

        self._path = _file(_NAME)
        self._signature = (FORMAT, __version__, _package_digest())
        self._entries: dict[bytes, tuple[Any, ...]] = {}
        self._added: dict[bytes, tuple[Any, ...]] = {}  # what this run put
        self._read_from: tuple[int, int, int, int] | None = None  # the file read, if any
        if self._path is None:
            return
        try:
            # Before the read: if another process replaces the file in between, save()
            # sees another file and merges it in.
            self._read_from = _identity(self._path)
            loaded = _read(self._path, self._signature)
            if type(loaded) is dict:
                self._entries = loaded
        except Exception:  # no file yet, another version's, damaged: start empty
            pass

    @property
    def enabled(self) -> bool:
        return self._path is not None

    def has(self, key: bytes) -> bool:
        return key in self._entries

    def get(self, key: bytes, path: str | None, source: str) -> LintResult | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        try:
            return _decode(entry, path, source)
        except Exception:  # an entry of a shape this code does not know: lint afresh
            return None

    def put(self, key: bytes, result: LintResult) -> None:
        if not self.enabled or result.errors:
            return
        entry = _encode(result)
        try:
            marshal.dumps(entry)  # only plain data can be stored
        except ValueError:
            return
        self._entries.pop(key, None)
        self._entries[key] = entry
        self._added[key] = entry

    def save(self) -> bool:
        from ketlint.startup_cache import _write

        if not self._added or self._path is None:
            return False
        if _code_changed_since_import():
            return False  # its findings may be the old code's, under the new code's key
        entries = self._entries
        try:
            if _identity(self._path) != self._read_from:
                # Another process (a pre-commit hook beside an editor's server, a CI job's
                # parallel steps) wrote the file since it was read: its entries are kept,
                # this run's added after them, rather than the last writer's alone.
                from ketlint.startup_cache import _read

                theirs = _read(self._path, self._signature)
                if type(theirs) is dict:
                    entries = theirs
                    for key, entry in self._added.items():
                        entries.pop(key, None)
                        entries[key] = entry
        except Exception:  # gone, damaged, another version's: this run's entries as they are
            pass
        if len(entries) > MAX_ENTRIES:  # dicts keep insertion order: the oldest go first
            entries = dict(list(entries.items())[-MAX_ENTRIES:])
        try:
            return _write(self._path, self._signature, entries)
        except OSError:
            return False


def _identity(path: Path) -> tuple[int, int, int, int] | None:
    """Which file is at ``path`` (device, inode, size, time), None when there is none: a
    cache file is replaced whole (os.replace), never written in place."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns


def lint_article_text(
    cache: ResultCache | None, linter: Linter, text: str, path: str, format: str | None = None
) -> LintResult:
    """``linter.lint_text``, answered from ``cache`` when the same text was linted before."""
    from ketlint.parsing import format_for_path

    if cache is None or not cache.enabled:
        return linter.lint_text(text, path=path, format=format)
    resolved_format = format or format_for_path(path)
    key = result_key(linter_fingerprint(linter), resolved_format, text)
    cached = cache.get(key, path, text)
    if cached is not None:
        return cached
    result = linter.lint_text(text, path=path, format=resolved_format)
    cache.put(key, result)
    return result
