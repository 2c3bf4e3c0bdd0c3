"""What ketlint keeps between runs so that start-up is quick: compiled patterns, built-in rules.

Four things dominate a cold ``ketlint check one-file.md`` that none depends on the file:

* **Compiling the rules' regular expressions**: most of a second, since the `regex`
  module's compiler is written in Python. Its compiled form is plain data (what it pickles:
  pattern, flags and the engine's code as integers) that its C extension rebuilds quickly.
  :func:`save_regexes` writes the compiled form of every pattern the run compiled (and of
  the cached ones it did not use); :func:`load_regexes` makes them known to `regex`'s own
  in-process cache, which rebuilds each the first time ``regex.compile()`` asks for it.
* **Loading the built-in rule pack**: parsing its YAML with line numbers, validating every
  rule against its kind's JSON Schema (and importing jsonschema to do so).
  :func:`builtin_rules` keeps the validated rule specs (plain data) keyed by a hash of the
  rule files and of the code that loads and validates them.
* **Indexing the pronouncing dictionary** for readability's syllable counts (135,000 words)
  and **parsing Pyphen's hyphenation patterns**: :func:`cached_data` keeps both (see
  :mod:`ketlint.textstats`), keyed by the installed package and the data file's size and date.

And :func:`memo` keeps what code derives from patterns (plain data, keyed by that code's
source), for analyses that would otherwise be redone in every process.

Correctness first: entries are only found by exact keys (pattern text and flags; a BLAKE2
hash of every rule file and of the loader's source), every file is also keyed by the
versions of ketlint, `regex` and Python, and a file that is damaged (its CRC-32 does not
match), unreadable, foreign or not the user's own is ignored and rewritten. The files are
read with :mod:`marshal` (plain data: no pickle, nothing executable), are written
atomically, and live in the user's cache folder only, never in a project being linted.
(One bundled file, below, holds code: it is read from the installed package only.)
Any failure means ketlint does the work as if there were no cache, with the same results.
Processes side by side share the folder: each file is replaced whole, never written in
place; a damaged file is deleted only if it is still the one read; and nothing derived
from code is written when a file of that code changed after the process imported ketlint
(:func:`changed_since_import`).

``KETLINT_NO_CACHE=1`` (or ``ketlint check --no-cache``) turns it off; ``KETLINT_CACHE_DIR``
moves it (default: ``$XDG_CACHE_HOME/ketlint``, or ``~/.cache/ketlint``). The folder may be
deleted at any time.

**Bundled start-up data.** A fresh CI runner or pre-commit hook starts with an empty cache
folder on every run. So the package carries the same files for the built-in rule pack,
made when the wheel is built (``hatch_build.py`` runs :mod:`ketlint.startup_bundle`; for
``pip install -e`` they are written to ``ketlint/_startup`` in the checkout): the compiled
patterns, the validated built-in rules and the memos. They are read, only read, when the
user's cache has no usable entry, with the same exact keys and CRC: another version of
ketlint, `regex` or Python, or edited rule files, means they are simply not used. They are
part of the installed package, like its ``.pyc`` files, not a cache of the user's runs, so
``--no-cache`` still reads them (a fresh machine's first run). The bundle also holds the
code of the methods `dataclasses` writes for ketlint's classes (compiled from their text
when the wheel was built; :func:`use_bundled_dataclass_code`): being code, that part is
only ever read from the package, never from or into the user's cache folder.

The regex part reaches into `regex` internals (``regex._main._cache`` and the tables beside
it). If a future `regex` changes them, :func:`load_regexes` finds nothing it recognises and
patterns are compiled as before.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ketlint import __version__

if TYPE_CHECKING:
    from ketlint.kinds.base import RuleSpec
    from ketlint.ruleset import Ruleset

# What makes a rule set of specs and extension entries (ketlint.ruleset.Ruleset): passed in
# by the rule set's own module, which imports this one (so this one does not import it).
MakeRuleset = Callable[[dict[str, "RuleSpec"], list["RuleSpec"]], "Ruleset"]

FORMAT = 2
MAX_REGEX_ENTRIES = 5000
MAX_FILE_BYTES = 64_000_000
# Changed with the file layout (see _write): a file of another layout is not read.
_MAGIC = b"ketlint-startup-cache-3"
# The code whose behaviour a cached built-in rule pack stands for: loading, validating,
# the kinds' option schemas, the spec classes.
_LOADER_SOURCES = ("ruleset.py", "limits.py", "model.py", "safety.py", "kinds")

T = TypeVar("T")
# Per version: two installed versions (a project's and an editor's, say) do not keep
# replacing each other's patterns.
_REGEX_FILE = f"regex-{__version__}"
_loaded_regex_keys: set[tuple[Any, ...]] = set()
# The bundled start-up data (see the module docstring); None: none is read (the tests' default).
bundle_dir: Path | None = Path(__file__).resolve().parent / "_startup"
# Where ketlint.startup_bundle is writing a bundle (cached_data's portable entries), or None.
bundle_out: Path | None = None


_disabled = False


def set_enabled(enabled: bool) -> None:
    """Turn the cache off (``ketlint check --no-cache``) or back on, in this process."""
    global _disabled
    _disabled = not enabled


def cache_dir() -> Path | None:
    """Where the cache files live, or None when caching is turned off."""
    if _disabled or os.environ.get("KETLINT_NO_CACHE", "").strip() not in ("", "0"):
        return None
    base = os.environ.get("KETLINT_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    # The XDG spec: a relative path is invalid and ignored (it would name a folder in
    # whatever directory ketlint runs in, such as the project being linted).
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "ketlint"
    try:
        return Path.home() / ".cache" / "ketlint"
    except RuntimeError:  # no home directory: no cache
        return None


def _file(name: str) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    return folder / f"{name}-{sys.implementation.cache_tag or 'python'}.bin"


def _bundled_name(name: str) -> str:
    return f"{name}-{sys.implementation.cache_tag or 'python'}.bin"


def _bundled(name: str) -> Path | None:
    return None if bundle_dir is None else bundle_dir / _bundled_name(name)


def _read(path: Path | None, signature: tuple[Any, ...], *, own: bool = True) -> Any:
    """The payload of a cache file written with ``signature``; raises when there is none.

    ``own=False`` for the bundled files: they are the installed package's, as trusted as its
    code, and whoever installed it (root, say) owns them.
    """
    import mmap
    import zlib

    if path is None:
        raise LookupError("no cache")
    with open(path, "rb") as stream:
        stat = os.fstat(stream.fileno())
        if stat.st_size > MAX_FILE_BYTES:
            raise LookupError("too large")
        # Only files this user wrote: another user's file in a shared cache folder is not read.
        if own and hasattr(os, "getuid") and stat.st_uid != os.getuid():
            raise LookupError("someone else's file")
        # The header is unmarshalled from the stream (it stops where the header ends); the
        # payload is checked and unmarshalled from the file's mapped pages, where a read
        # copied the whole file into one buffer and unmarshalling the payload as a bytes
        # object copied it again (5.8 MB of bundled files in a cold check, the dictionary's
        # buckets 3.8 MB: about 5 ms). A cache file is replaced (os.replace in _write), never
        # rewritten in place, so what is mapped is not truncated under the read.
        header = marshal.load(stream)
        if type(header) is not tuple or len(header) != 4 or header[0] != _MAGIC:
            raise LookupError("not a cache file, or another format's")
        if header[1] != signature:
            raise LookupError("another version's cache")
        start = stream.tell()
        mapped = mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ)
        kept = False
        try:
            # The CRC covers the marshalled value, not the parts after it (each has its own).
            with memoryview(mapped)[start : start + header[3]] as payload:  # released before
                if len(payload) != header[3] or zlib.crc32(payload) != header[2]:
                    raise LookupError("a damaged cache")
                value = marshal.loads(payload)
            if type(value) is tuple and len(value) == 5 and value[0] == _PARTS_MARK:
                # A value written with Parts: they stay in the mapped pages, each checked
                # against its own CRC when it is copied out (MappedParts).
                _mark, items, at, offsets, crcs = value
                parts = MappedParts(
                    mapped, start + header[3], offsets, crcs, (path, stat) if own else None
                )
                value = (*items[:at], parts, *items[at + 1 :])
                kept = True
            elif start + header[3] != len(mapped):
                raise LookupError("a damaged cache")  # more or less than was written
            return value
        finally:
            if not kept:
                mapped.close()


class Parts(list):  # type: ignore[type-arg]
    """Byte strings in a value :func:`cached_data` keeps (the one such item of a tuple):
    written after the rest of the value, each with its own CRC-32, and read back as
    :class:`MappedParts`, so a process touches only the parts it uses (the pronouncing
    dictionary's 4,096 buckets, 3.8 MB, of which an article unpacks a few hundred: copying
    all of them into fresh memory was 7-10 ms of every cold check, and the CRC of the whole
    file, read on every start, was 15 M instructions, 1.3% of a cold check)."""


class DamagedPart(LookupError):
    """A part of a cache file whose bytes no longer match the CRC written with them."""


class MappedParts:
    """:class:`Parts` as read: the bytes at ``offsets`` of a mapped cache file, the
    ``i``-th copied out by ``parts[i]`` and checked against its CRC-32 the first time
    (:class:`DamagedPart` when it does not match; the file, when it is the user's own,
    is then deleted, so that the next run builds it again). The mapping lasts as long as
    this object (a cache file is replaced, never rewritten in place: see :func:`_write`).

    ``source`` is the file's path and its ``os.stat`` when it was opened: only that very
    file is deleted. Another process may have replaced it with a good one since (it found
    the damage first, or the code changed), and deleting that made every process beside
    it build the data again."""

    __slots__ = ("_mapped", "_start", "_offsets", "_crcs", "_checked", "_source")

    def __init__(
        self,
        mapped: Any,
        start: int,
        offsets: tuple[int, ...],
        crcs: tuple[int, ...],
        source: tuple[Path, os.stat_result] | None = None,
    ) -> None:
        if (
            start < 0
            or list(offsets) != sorted(offsets)
            or start + offsets[-1] != len(mapped)
            or len(crcs) != len(offsets) - 1
        ):
            raise LookupError("parts beyond the file, or missing")
        self._mapped, self._start, self._offsets, self._crcs = mapped, start, offsets, crcs
        self._checked = bytearray(len(crcs))  # 1: that part's CRC matched
        self._source = source

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def __getitem__(self, index: int) -> bytes:
        if not 0 <= index < len(self._offsets) - 1:
            raise IndexError(index)
        start = self._start
        part: bytes = self._mapped[start + self._offsets[index] : start + self._offsets[index + 1]]
        if not self._checked[index]:
            import zlib

            if zlib.crc32(part) != self._crcs[index]:
                if self._source is not None:
                    _unlink_if_same(*self._source)
                raise DamagedPart(f"part {index} of a damaged cache file")
            self._checked[index] = 1
        return part


def _unlink_if_same(path: Path, opened: os.stat_result) -> None:
    """Delete ``path`` if it is still the file that was ``opened`` (its device and inode):
    not one another process has put there since with os.replace. (Between this check and
    the unlink another process may still replace it: then its good file is deleted, and
    the next run builds it again, as before.)"""
    with contextlib.suppress(OSError):
        now = os.stat(path)
        if (now.st_dev, now.st_ino) == (opened.st_dev, opened.st_ino):
            os.unlink(path)


_PARTS_MARK = "ketlint-mapped-parts-2"


def _marshalled(data: Any) -> tuple[bytes, bytes]:
    """``data`` as a cache file's payload: the marshalled value, and what follows it:
    nothing, but for a tuple holding :class:`Parts`, whose bytes follow the rest (see
    :func:`_read`)."""
    import zlib

    at = (
        next((i for i, item in enumerate(data) if type(item) is Parts), -1)
        if type(data) is tuple
        else -1
    )
    if at < 0:
        return marshal.dumps(data), b""
    parts: Parts = data[at]
    offsets = [0]
    for part in parts:
        offsets.append(offsets[-1] + len(part))
    items = (*data[:at], None, *data[at + 1 :])
    crcs = tuple(zlib.crc32(part) for part in parts)
    return marshal.dumps((_PARTS_MARK, items, at, tuple(offsets), crcs)), b"".join(parts)


def _read_or_bundled(name: str, signature: tuple[Any, ...]) -> Any:
    """The user's cache file ``name``, else the bundled one; raises when neither matches."""
    try:
        return _read(_file(name), signature)
    except Exception:
        if bundle_dir is None:
            raise
    return _read(_bundled(name), signature, own=False)


def _write(path: Path | None, signature: tuple[Any, ...], data: Any) -> bool:
    if path is None:  # turned off: not even the import below
        return False
    import zlib

    payload, parts = _marshalled(data)
    if len(payload) + len(parts) > MAX_FILE_BYTES:
        return False
    # The header, then the payload as it is (not inside the header), then any parts: see _read.
    blob = marshal.dumps((_MAGIC, signature, zlib.crc32(payload), len(payload))) + payload + parts
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, temporary = _temporary_file(path)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(blob)
        os.replace(temporary, path)  # atomic: a parallel run reads the old file or the new one
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _forget_obsolete(path.parent)
    _evict(path)
    return True


def _temporary_file(path: Path) -> tuple[int, str]:
    """A new file beside ``path``, open for writing, as ``tempfile.mkstemp`` makes one
    (created exclusively, readable by its owner only, a random name): importing tempfile
    (random, shutil and more) was about 10 ms of every run that writes the result cache."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _attempt in range(100):
        name = os.path.join(path.parent, f".{path.stem}-{os.urandom(6).hex()}.tmp")
        try:
            return os.open(name, flags, 0o600), name
        except FileExistsError:
            continue
    raise FileExistsError(f"no unused temporary name beside {path}")


# Files kept one per rules folder: at most this many of each family (the least recently
# used go first), so that linting many projects or temporary checkouts does not fill the
# folder.
_FAMILIES = ("builtin-rules-", "rule-packs-")
MAX_FAMILY_FILES = 16


def _family(path: Path) -> str | None:
    return next((f for f in _FAMILIES if path.name.startswith(f)), None)


def _evict(written: Path) -> None:
    family = _family(written)
    if family is None:
        return
    with contextlib.suppress(OSError):
        tag = f"-{sys.implementation.cache_tag or 'python'}.bin"
        members = [p for p in written.parent.glob(f"{family}*{tag}") if p != written]
        if len(members) < MAX_FAMILY_FILES:
            return
        members.sort(key=lambda p: p.stat().st_mtime)
        for old in members[: len(members) - MAX_FAMILY_FILES + 1]:
            old.unlink(missing_ok=True)


def _touch(path: Path | None) -> None:
    """Mark a family file as used (eviction goes by modification time)."""
    if path is not None and _family(path) is not None:
        with contextlib.suppress(OSError):
            os.utime(path)


# Files earlier versions of this module wrote under names nothing reads any more.
_OBSOLETE = ("cmudict-index", "regex", "builtin-rules")
_forgotten: list[Path] = []


def _forget_obsolete(folder: Path) -> None:
    if folder in _forgotten:
        return
    _forgotten.append(folder)
    tag = sys.implementation.cache_tag or "python"
    for name in _OBSOLETE:
        with contextlib.suppress(OSError):
            (folder / f"{name}-{tag}.bin").unlink()


# How far a file's recorded modification time may lag the clock (the kernel stamps files
# from a clock that ticks every few milliseconds).
MTIME_SLACK_NS = 10_000_000


def changed_since_import(paths: Iterable[str | os.PathLike[str]]) -> bool:
    """Whether a file of ``paths`` (code) was changed (or removed) after this process
    imported ketlint, so that what the process runs may be the old code, or old and new
    mixed (modules are imported as they are needed), while a digest of the files names the
    new: what it derived from its code is then not written under that digest, where every
    later run would read it (an editor saving a module while a check or a language server
    runs). Asked only when something is about to be written."""
    import ketlint

    since = ketlint._imported_ns - MTIME_SLACK_NS
    for path in paths:
        try:
            if os.stat(path).st_mtime_ns >= since:
                return True
        except OSError:
            return True
    return False


# -- any plain data --------------------------------------------------------------------------


def cached_data(
    name: str,
    key: tuple[Any, ...],
    build: Callable[[], T],
    portable: Callable[[], tuple[Any, ...]] | None = None,
) -> T:
    """``build()``'s result (plain data that :mod:`marshal` keeps), cached under ``name``.

    ``key`` must change whenever the result would; it is compared for equality, with the
    versions of ketlint and Python added. ``portable`` gives a key that names no path of
    this machine (a digest of the data file, say): under it the bundled start-up data may
    hold the value; it is asked only when the user's cache has none.
    """
    signature = (FORMAT, __version__, sys.version, key)
    path = _file(name)
    try:
        return _read(path, signature)  # type: ignore[no-any-return]
    except Exception:
        pass
    if portable is not None:
        with contextlib.suppress(Exception):
            return bundled_data(name, portable)  # type: ignore[no-any-return]
    value = build()
    with contextlib.suppress(Exception):  # a read-only home must not fail the lint
        _write(path, signature, value)
    if portable is not None and bundle_out is not None:  # making the bundle
        _write(
            bundle_out / _bundled_name(name), (FORMAT, __version__, sys.version, portable()), value
        )
    return value


def bundled_data(name: str, portable: Callable[[], tuple[Any, ...]]) -> Any:
    """What the bundle holds for :func:`cached_data`'s ``name`` and ``portable`` key; raises
    when it holds nothing under that key."""
    return _read(_bundled(name), (FORMAT, __version__, sys.version, portable()), own=False)


# -- memos: plain data derived from patterns, kept between runs ---------------------------

MAX_MEMO_ENTRIES = 20_000
# name -> (signature or None when the memo cannot be saved, the memo, its size when read)
_memos: dict[str, tuple[tuple[Any, ...] | None, dict[Any, Any], int]] = {}
# name -> the memo's sources (the code its signature digests), checked before it is saved
_memo_sources: dict[str, tuple[str | os.PathLike[str], ...]] = {}


def _sources_digest(sources: Iterable[str | os.PathLike[str]]) -> str:
    digest = _blake2b()
    for source in sources:
        with open(source, "rb") as stream:
            digest.update(stream.read() + b"\0")
    return str(digest.hexdigest())


def memo(
    name: str, key: tuple[Any, ...] = (), sources: Iterable[str | os.PathLike[str]] = ()
) -> dict[Any, Any]:
    """A dict that outlives the process: what a module derives from, say, patterns.

    The same dict for ``name`` all through the process; it starts with what earlier runs
    put in it when ``key`` (plain data) and the content of the ``sources`` files (the code
    that computes the values: pass ``[__file__]``) are unchanged, else empty.
    :func:`save_memos` writes it back when it has grown. Keys and values must be plain
    data (:mod:`marshal`: str, int, float, bool, None, bytes, tuples ...); a memo holding
    anything else is just not saved. Like the rest of the cache it is the user's own file,
    and ``KETLINT_NO_CACHE`` turns it off (the dict then starts empty every run).
    """
    found = _memos.get(name)
    if found is not None:
        return found[1]
    signature: tuple[Any, ...] | None = None
    data: dict[Any, Any] = {}
    sources = _memo_sources[name] = tuple(sources)
    try:
        signature = (FORMAT, __version__, sys.version, key, _sources_digest(sources))
        loaded = _read_or_bundled(f"memo-{name}", signature)
        if type(loaded) is dict:
            data = loaded
    except Exception:
        pass
    _memos[name] = (signature, data, len(data))
    return data


def save_memos() -> int:
    """Write the memos that grew in this run; returns how many were written."""
    written = 0
    for name, (signature, data, size) in list(_memos.items()):
        if signature is None or len(data) == size:
            continue
        try:
            if changed_since_import(_memo_sources.get(name, ())):
                continue  # the code that filled it may not be the code the signature names
            entries = list(data.items())[-MAX_MEMO_ENTRIES:]
            if _write(_file(f"memo-{name}"), signature, dict(entries)):
                written += 1
            _memos[name] = (signature, data, len(data))
        except Exception:  # values that are not plain data, a read-only home ...
            pass
    return written


# -- compiled regular expressions ------------------------------------------------------------


def _regex_main() -> Any:
    import regex  # noqa: F401  (loads regex._main)

    return sys.modules["regex._main"]


def _regex_signature() -> tuple[Any, ...]:
    import regex

    return (FORMAT, __version__, regex.__version__, sys.version, int(_regex_main().DEFAULT_VERSION))


class _LazyRegexCache(dict):  # type: ignore[type-arg]
    """`regex`'s pattern cache, with the cached compiled forms rebuilt on first use.

    `regex` looks patterns up with ``_cache[key]`` and compiles on KeyError; a missing key
    that the start-up cache knows is rebuilt from its compiled form (microseconds) instead.
    A run uses a fraction of all the patterns ever cached (the language server's, other
    rule packs'), so rebuilding them all up front cost more than the lookups that need them.
    """

    def __init__(self, entries: dict[Any, Any], rebuild: Callable[..., Any]) -> None:
        super().__init__(entries)
        self.pending: dict[Any, tuple[Any, ...]] = {}
        self.rebuild = rebuild

    def holds_compiled(self, source: str, flags: int) -> bool:
        """Whether ``source`` compiled with ``flags`` (and no other arguments) is here:
        compiled in this process, or read from a cache file or the bundle, which this very
        version of `regex` wrote (:func:`_regex_signature`). Such a pattern compiles:
        :func:`ketlint.timeouts.check_compiles` asks, and need not compile it to know (the
        built-in verdict models' 26 patterns were compiled at every start, most never
        searched: 10 M instructions of a cold check)."""
        main = sys.modules.get("regex._main")
        key: tuple[Any, ...] = (
            source,
            str,
            flags,
            frozenset(),
            getattr(main, "DEFAULT_VERSION", None),
            None,
        )
        return key in self.pending or dict.__contains__(self, key)

    def __missing__(self, key: Any) -> Any:
        data = self.pending.pop(key, None)
        if data is None:
            raise KeyError(key)
        compiled = self.rebuild(*data)
        self[key] = compiled
        return compiled

    def clear(self) -> None:  # regex.purge()
        self.pending.clear()
        super().clear()


def load_regexes() -> int:
    """Make the cached compiled patterns known to `regex`'s cache; returns how many."""
    try:
        main = _regex_main()
        # Room for as many patterns as the start-up cache keeps, even on a first run with no
        # cache yet: `regex` evicts a random fifth of its cache at 500 entries, so a pack past
        # that would have some evicted before save_regexes() sees them, and every later run
        # would compile (and rewrite) them again.
        main._MAXCACHE = max(main._MAXCACHE, 1000 + MAX_REGEX_ENTRIES)
        entries = _read_or_bundled(_REGEX_FILE, _regex_signature())
        cache = main._cache
        if type(cache) is dict:
            cache = _LazyRegexCache(cache, main._regex.compile)
            main._cache = cache
        elif not isinstance(cache, _LazyRegexCache):
            return 0
        named_args, locale_sensitive = main._named_args, main._locale_sensitive
        default_version = main.DEFAULT_VERSION
        # Room for all of them and for this run's new patterns, so that none is evicted.
        main._MAXCACHE = max(main._MAXCACHE, len(entries) + 1000)
        pending = cache.pending
        count = 0
        for pattern, flags, data in entries:
            key: tuple[Any, ...] = (pattern, str, flags, frozenset(), default_version, None)
            if key in pending or dict.__contains__(cache, key):
                continue
            pending[key] = data
            named_args[(pattern, str, flags)] = frozenset()
            locale_sensitive[(str, pattern)] = False
            _loaded_regex_keys.add(key)
            count += 1
        return count
    except Exception:  # none, damaged or foreign: compile as usual
        return 0


def _plain_key(main: Any, key: Any) -> bool:
    """Whether ``key`` of `regex`'s cache is a str pattern's that the cache file can keep."""
    return (
        isinstance(key, tuple)
        and len(key) == 6
        and type(key[0]) is str
        and key[1] is str
        and key[3] == frozenset()
        and key[5] is None
        and main._locale_sensitive.get((str, key[0]), True) is False
    )


def save_regexes() -> bool:
    """Write every compiled str pattern of this process, if there are ones not yet cached.

    Patterns loaded from the cache and not used in this run are written back too, so that
    runs that use different rules do not keep evicting each other's patterns.
    """
    try:
        main = _regex_main()
        cache = main._cache
        # Most runs compile nothing new (the bundle holds every built-in pattern and its
        # twin): the patterns not read from a cache file are looked at first, and all of
        # them gathered only when one of those is new (about 1 ms of every run otherwise).
        if not any(_plain_key(main, key) for key in list(cache) if key not in _loaded_regex_keys):
            return False
        entries = []
        new = False
        pending = dict(getattr(cache, "pending", {}))
        for key, data in pending.items():
            entries.append((key[0], int(key[2]), data))
        for key, compiled in list(cache.items()):
            if not _plain_key(main, key) or key in pending:
                continue
            new = new or key not in _loaded_regex_keys
            entries.append((key[0], int(key[2]), compiled._pickled_data))
        if not new:
            return False
        return _write(_file(_REGEX_FILE), _regex_signature(), entries[-MAX_REGEX_ENTRIES:])
    except Exception:  # a read-only home or a full disk must not fail the lint
        return False


# -- the methods `dataclasses` writes for ketlint's classes ----------------------------------

# `dataclasses` writes each class's __init__, __repr__, __eq__, __hash__ (and a frozen
# class's __setattr__ and __delattr__) as source text and compiles it when the class is
# defined: about 390 compilations for the 76 classes a check defines, 45 ms of a cold run,
# the largest start-up cost left. The bundle ships their code objects, compiled from the
# same text by the same Python when the wheel was built; a run hands `dataclasses` the
# shipped code for a text it holds, and compiles any other text as `dataclasses` would.
# Code objects are code, so they are read from the bundle only (the installed package, as
# trusted as its .pyc files), never from the user's cache folder.
DATACLASS_CODE = "dataclass-code"
# Source text -> its code object: what the bundle holds (only read).
_dataclass_code: dict[str, Any] = {}
# While ketlint.startup_bundle runs: what was compiled for ketlint's own classes.
_dataclass_recorded: dict[str, Any] | None = None
_dataclass_flags: int | None = None  # the future features `dataclasses` compiles with


def _dataclass_signature() -> tuple[Any, ...]:
    return (FORMAT, __version__, sys.version, DATACLASS_CODE, _dataclass_flags)


def _dataclass_exec(
    source: Any, globals_: dict[str, Any] | None = None, locals_: Any = None
) -> None:
    """`exec` as `dataclasses` calls it (shadowing the built-in in its namespace only)."""
    if type(source) is str:
        code = _dataclass_code.get(source)
        if code is None:
            # What exec(source) in `dataclasses` compiles: with its future features, not
            # this module's (under which annotations would stay strings).
            code = compile(
                source, "<string>", "exec", flags=_dataclass_flags or 0, dont_inherit=True
            )
            module = (globals_ or {}).get("__name__")
            if _dataclass_recorded is not None and str(module).startswith("ketlint"):
                _dataclass_recorded[source] = code
        source = code
    exec(source, globals_, locals_)


def _hand_dataclasses_code() -> bool:
    """Put :func:`_dataclass_exec` in `dataclasses`' namespace, where its methods are
    compiled; False where that module has an ``exec`` of its own (left as it is)."""
    import dataclasses

    namespace = vars(dataclasses)
    if namespace.get("exec") is _dataclass_exec:
        return True
    if "exec" in namespace:
        return False
    _dataclasses_features()
    namespace["exec"] = _dataclass_exec
    return True


def _dataclasses_features() -> int:
    """The future features `dataclasses` compiles its methods' text with (its own)."""
    global _dataclass_flags
    if _dataclass_flags is None:
        import __future__

        import dataclasses

        features = 0
        for name in __future__.all_feature_names:
            features |= getattr(__future__, name).compiler_flag
        _dataclass_flags = dataclasses.fields.__code__.co_flags & features
    return _dataclass_flags


def use_bundled_dataclass_code() -> int:
    """Serve the bundled code of the methods `dataclasses` writes for ketlint's classes
    (call before they are defined); returns how many the bundle holds for this Python.
    Without a bundle for this Python, `dataclasses` is left as it is."""
    if bundle_dir is None or _dataclass_code:
        return len(_dataclass_code)
    try:
        _dataclasses_features()
        code = _read(_bundled(DATACLASS_CODE), _dataclass_signature(), own=False)
        if type(code) is dict and code and _hand_dataclasses_code():
            _dataclass_code.update(code)
    except Exception:  # no bundle for this Python, or a damaged one: compiled as before
        pass
    return len(_dataclass_code)


def record_dataclass_code() -> None:
    """Start keeping the code compiled for ketlint's classes (ketlint.startup_bundle)."""
    global _dataclass_recorded
    if _hand_dataclasses_code():
        _dataclass_recorded = {}


def write_dataclass_code(folder: Path) -> bool:
    """Write what :func:`record_dataclass_code` kept into the bundle ``folder``."""
    if not _dataclass_recorded:
        return False
    return _write(
        folder / _bundled_name(DATACLASS_CODE), _dataclass_signature(), _dataclass_recorded
    )


# -- rule packs -----------------------------------------------------------------------------


def content_key(path: str | os.PathLike[str]) -> tuple[str, int, int]:
    """A data file's name, size and CRC-32: the key of its bundled start-up data
    (:func:`cached_data`'s ``portable``), which is made on another machine (or in a build's
    own environment), where the file's path and date differ. The callers add the package's
    version. A checksum, not a cryptographic digest: it tells an edited or another
    version's file from the one the bundle was made from (a file someone alters on
    purpose sits beside code they could alter as well). About 1 ms for the 3.6 MB
    pronouncing dictionary (BLAKE2 took 7 ms of every fresh run), against 0.3 s to index it."""
    import mmap
    import zlib

    with open(path, "rb") as stream:
        if not os.fstat(stream.fileno()).st_size:
            return os.path.basename(path), 0, zlib.crc32(b"")  # an empty file cannot be mapped
        # Mapped, not read into a new 3.6 MB buffer (its page faults were half the cost).
        with mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ) as content:
            return os.path.basename(path), len(content), zlib.crc32(content)


def installed_file_key(path: str, record: str | None) -> tuple[str, int, str]:
    """A data file of an installed package (another package's, such as the pronouncing
    dictionary): its name, size and SHA-256 as a wheel's ``RECORD`` writes it, the key of
    its bundled start-up data. Read from the ``RECORD`` file the installer wrote (its path
    in ``record``) when that lists the file with its size and the file has not been
    changed since (its time is not after the ``RECORD``'s: an installer writes ``RECORD``
    last); else computed from the file's bytes. The same key either way, so data bundled
    where one way holds is found where the other does. Hashing the 3.6 MB dictionary with
    CRC-32 (:func:`content_key`) was 14 M instructions (1.2%) of every cold check."""
    stat = os.stat(path)
    name = os.path.basename(path)
    with contextlib.suppress(OSError, ValueError):
        if record is not None and stat.st_mtime_ns <= os.stat(record).st_mtime_ns:
            root = os.path.dirname(os.path.dirname(record))
            listed = os.path.relpath(path, root).replace(os.sep, "/") + ","
            with open(record, encoding="utf-8") as stream:
                for line in stream:
                    if line.startswith(listed):
                        digest, size = line[len(listed) :].rstrip("\r\n").split(",")
                        if digest.startswith("sha256=") and int(size) == stat.st_size:
                            return name, stat.st_size, digest[len("sha256=") :]
                        break
    return name, stat.st_size, _file_sha256(path)


def _file_sha256(path: str) -> str:
    """A file's SHA-256 as ``RECORD`` writes it (urlsafe base64, no padding)."""
    import base64

    try:  # the C module hashlib uses; importing hashlib loads OpenSSL (about 4 ms)
        from _sha256 import sha256  # type: ignore[import-not-found]
    except ImportError:  # pragma: no cover - another Python
        from hashlib import sha256
    with open(path, "rb") as stream:
        digest = sha256(stream.read()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _blake2b(data: bytes = b"") -> Any:
    try:  # what hashlib itself uses; importing hashlib loads OpenSSL (about 4 ms)
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover
        from hashlib import blake2b
    return blake2b(data, digest_size=32)


def _tree_digest(paths: Iterable[str | os.PathLike[str]], root: Path, salt: str = "") -> str:
    """A digest of the files ``paths`` (all under ``root``): their names relative to it and
    their bytes, in the order of their names."""
    digest = _blake2b(os.fsencode(salt))
    start = len(os.path.join(os.fspath(root), ""))
    for path in sorted(str(os.fspath(path)) for path in paths):
        digest.update(os.fsencode(path[start:]) + b"\0")
        with open(path, "rb") as stream:
            digest.update(stream.read() + b"\0")
    return str(digest.hexdigest())


def files_under(folder: Path, suffixes: tuple[str, ...], skip: tuple[str, ...] = ()) -> list[str]:
    """The files under ``folder`` whose names end in one of ``suffixes``, but for those in a
    folder named in ``skip`` (at any depth below ``folder``); symbolic links to folders are
    not followed. :func:`os.walk` rather than ``Path.rglob``, which made a ``Path`` of every
    entry of the tree (``__pycache__`` and all): about 1 ms for the package, on every run."""
    found: list[str] = []
    for root, dirs, files in os.walk(folder):
        if skip:
            dirs[:] = [name for name in dirs if name not in skip]
        found.extend(
            os.path.join(root, name)
            for name in files
            if name.endswith(suffixes) and os.path.isfile(os.path.join(root, name))
        )
    return found


def _files_digest(paths: list[Path]) -> str:
    digest = _blake2b()
    for path in paths:
        digest.update(os.fsencode(path) + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return str(digest.hexdigest())


_loader_sources: list[Path] = []


def loader_sources() -> list[Path]:
    """The code whose behaviour a validated rule stands for (loading, option schemas, specs).
    Listed once a process (it is asked for the pack's key, the options' memo, the result
    cache's key and before anything derived from it is written)."""
    if not _loader_sources:
        package = Path(__file__).resolve().parent
        for name in _LOADER_SOURCES:
            target = package / name
            if target.is_dir():
                _loader_sources.extend(map(Path, sorted(files_under(target, (".py",)))))
            else:
                _loader_sources.append(target)
    return list(_loader_sources)


_loader_digest: list[str] = []


def loader_digest() -> str:
    if not _loader_digest:
        _loader_digest.append(_tree_digest(loader_sources(), Path(__file__).resolve().parent))
    return _loader_digest[0]


def _builtin_signature(directory: Path, where: str | None = None) -> tuple[Any, ...]:
    """The key of the pack in ``directory``; ``where`` stands for the folder in the bundled
    pack's key, which holds the files' paths relative to it (it is built in the checkout and
    installed elsewhere)."""
    rules = files_under(directory, (".yml", ".yaml"))
    return (
        FORMAT,
        __version__,
        sys.version,
        os.fspath(directory) if where is None else where,
        loader_digest(),
        _tree_digest(rules, directory),
    )


def _spec_to_data(spec: Any) -> dict[str, Any]:
    import dataclasses

    from ketlint.model import Severity

    data: dict[str, Any] = {}
    for item in dataclasses.fields(spec):
        value = getattr(spec, item.name)
        if isinstance(value, Severity):
            value = ("severity", value.label)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            value = ("docs", dataclasses.asdict(value))
        elif item.name == "examples":
            value = ("examples", [dataclasses.asdict(example) for example in value])
        data[item.name] = value
    return data


def _spec_from_data(data: dict[str, Any]) -> Any:
    from ketlint.kinds.base import RuleDocs, RuleExample, RuleSpec
    from ketlint.model import Severity

    values: dict[str, Any] = {}
    for name, value in data.items():
        if isinstance(value, tuple) and len(value) == 2 and value[0] == "severity":
            value = Severity.parse(value[1])
        elif isinstance(value, tuple) and len(value) == 2 and value[0] == "docs":
            value = RuleDocs(**value[1])
        elif isinstance(value, tuple) and len(value) == 2 and value[0] == "examples":
            value = [RuleExample(**example) for example in value[1]]
        values[name] = value
    return RuleSpec(**values)


def _ruleset_from_data(data: Any, make: MakeRuleset) -> Ruleset:
    specs, extensions = data
    return make(
        {spec["id"]: _spec_from_data(spec) for spec in specs},
        [_spec_from_data(spec) for spec in extensions],
    )


def _store_ruleset(
    path: Path | None, signature: tuple[Any, ...], ruleset: Ruleset, make: MakeRuleset
) -> None:
    try:
        data = (
            [_spec_to_data(spec) for spec in ruleset.specs.values()],
            [_spec_to_data(spec) for spec in ruleset.extensions],
        )
        # Only what round-trips exactly (YAML dates, say, would not) is kept.
        rebuilt = _ruleset_from_data(marshal.loads(marshal.dumps(data)), make)
        if (
            list(rebuilt.specs.items()) == list(ruleset.specs.items())
            and rebuilt.extensions == ruleset.extensions
        ):
            _write(path, signature, data)
    except Exception:
        pass


def builtin_rules(directory: Path, load: Callable[[], Ruleset], make: MakeRuleset) -> Ruleset:
    """The built-in pack from the cache when its files and loader are unchanged, else ``load()``.

    ``load`` must raise when the pack has errors (nothing is cached then); ``make`` builds a
    rule set from cached specs.
    """
    try:
        signature = _builtin_signature(directory)
    except Exception:
        return load()
    ruleset, verified = _builtin_rules(directory, signature, load, make)
    if verified:
        verified_packs[id(ruleset)] = (ruleset, signature)
    return ruleset


# The key each built-in pack :func:`builtin_rules` returned was checked against (its files',
# loader's, ketlint's and Python's), by the pack's identity: the result cache's fingerprint
# names an unchanged built-in rule by it rather than by the ``repr`` of its spec (the specs
# are made from exactly what the key hashes; about 3 ms of every run with the cache on).
verified_packs: dict[int, tuple[Ruleset, tuple[Any, ...]]] = {}


def _builtin_rules(
    directory: Path, signature: tuple[Any, ...], load: Callable[[], Ruleset], make: MakeRuleset
) -> tuple[Ruleset, bool]:
    """The pack, and whether it was made from files matching ``signature``."""
    # One file per rules folder, so that two installations do not keep replacing each
    # other's pack (the specs name their files, so the folder is part of the key anyway).
    path = _file(f"builtin-rules-{_tree_digest([], directory, str(directory))[:16]}")
    try:
        found = _ruleset_from_data(_read(path, signature), make)
        _touch(path)
        return found, True
    except Exception:
        pass
    try:
        return _ruleset_from_data(_bundled_pack(directory, signature), make), True
    except Exception:
        pass
    ruleset = load()
    try:
        # Not edited while it was loaded, and loaded by the code the signature names.
        unchanged = _builtin_signature(directory) == signature and not changed_since_import(
            loader_sources()
        )
    except Exception:
        unchanged = False
    if unchanged:
        with contextlib.suppress(Exception):
            _store_ruleset(path, signature, ruleset, make)
    return ruleset, unchanged


# In the bundle the pack's key names no folder and its rules name their files relative to it.
BUNDLED_PACK = "builtin-pack"
_BUNDLED_FOLDER = "<the built-in rules folder>"


def _bundled_pack(
    directory: Path, signature: tuple[Any, ...], path: Path | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The bundled pack's data, its rules' ``source`` made paths in ``directory``."""
    where = signature[:3] + (_BUNDLED_FOLDER,) + signature[4:]
    specs, extensions = _read(path or _bundled(BUNDLED_PACK), where, own=False)
    folder = os.fspath(directory)
    for spec in (*specs, *extensions):
        spec["source"] = os.path.join(folder, spec["source"])
    return specs, extensions


def write_bundled_pack(folder: Path, directory: Path, ruleset: Ruleset, make: MakeRuleset) -> bool:
    """Write the built-in pack into the bundle ``folder``, if it can be relocated exactly."""
    prefix = os.path.join(os.fspath(directory), "")
    data = (
        [_spec_to_data(spec) for spec in ruleset.specs.values()],
        [_spec_to_data(spec) for spec in ruleset.extensions],
    )
    for spec in (*data[0], *data[1]):
        source = spec["source"]
        if not source.startswith(prefix):
            return False
        spec["source"] = source[len(prefix) :]
    # No other value may name the folder: only ``source`` is made a path again when read.
    if os.fspath(directory) in repr(data):
        return False
    signature = _builtin_signature(directory, _BUNDLED_FOLDER)
    path = folder / _bundled_name(BUNDLED_PACK)
    if not _write(path, signature, data):
        return False
    # Read back as an installed copy reads it: only what gives the same rules is kept.
    rebuilt = _ruleset_from_data(
        _bundled_pack(directory, _builtin_signature(directory), path), make
    )
    if (
        list(rebuilt.specs.items()) == list(ruleset.specs.items())
        and rebuilt.extensions == ruleset.extensions
    ):
        return True
    path.unlink()
    return False


def _rule_dirs_signature(dirs: list[Path]) -> tuple[Any, ...]:
    import regex

    from ketlint.paths import rule_files

    listing = tuple((os.fspath(d), _files_digest(rule_files(d))) for d in dirs)
    return (FORMAT, __version__, sys.version, regex.__version__, loader_digest(), listing)


def rule_dirs(
    dirs: list[Path], load: Callable[[], tuple[Ruleset, list[Any]]], make: MakeRuleset
) -> tuple[Ruleset, list[Any]]:
    """Rule packs named by a config or ``--rules-dir``: ``load()``, or its result from the cache.

    ``load()`` parses the YAML, validates every rule against its kind's schema and probes
    every pattern for catastrophic backtracking (tens of milliseconds a pattern). A pack
    that loaded without a single error is kept, keyed by the content of every file in it,
    the loader's code and the versions; one with errors is loaded (and its errors
    reported) every time.
    """
    try:
        signature = _rule_dirs_signature(dirs)
        names = "\0".join(os.fspath(d) for d in dirs)
        path = _file(f"rule-packs-{_blake2b(os.fsencode(names)).hexdigest()[:16]}")
    except Exception:
        return load()
    try:
        found = _ruleset_from_data(_read(path, signature), make)
        _touch(path)
        return found, []
    except Exception:
        pass
    ruleset, errors = load()
    if not errors:
        with contextlib.suppress(Exception):
            if _rule_dirs_signature(dirs) == signature:  # not edited while it was loaded
                _store_ruleset(path, signature, ruleset, make)
    return ruleset, errors
