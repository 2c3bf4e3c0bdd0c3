"""Literal prefilters: skip a regex search where the text cannot contain a match.

Most rule patterns are alternations of words behind look-behinds and ``\\b``; the
regex engine tries every branch at every position, about a microsecond a character.
What a match must contain is cheaper to test: "complication" or "adverse" or
"safety" ..., a digit, and so on. :func:`requirement` reads that off the pattern
once (a formula of literal strings and "a digit"); :class:`TextIndex` answers it
for a text with ``str.find``, which is hundreds of times faster than the search.

The formula is a *necessary* condition, so skipping a region where it is false
never loses a match. Anything the analysis does not understand (``regex``-only
syntax, version-1 set operations, fuzzy matching) gets no formula and is always
searched. The test suite checks the prefiltered search against the plain one.
"""

from __future__ import annotations

import threading
from array import array
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeAlias

import regex

try:  # Python 3.11+
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # Python 3.10
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]


@dataclass(frozen=True)
class Literal:
    """A match contains this ASCII string (compared case-insensitively).

    ``word_start``: the occurrence is not preceded by an ASCII letter or digit
    (the pattern has ``\\b`` or a look-behind excluding letters and digits before it).
    """

    text: str
    word_start: bool = False


@dataclass(frozen=True)
class Digit:
    """A match contains a decimal digit (``word_start``: as for :class:`Literal`)."""

    word_start: bool = False


@dataclass(frozen=True)
class AllOf:
    parts: tuple[Formula, ...]


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Formula, ...]


Formula: TypeAlias = Literal | Digit | AllOf | AnyOf

# An alternation of more branches than this is not worth testing branch by branch
# (the phrases kind has its own index of first words for long lists).
MAX_ALTERNATIVES = 64

# Characters other than ASCII that a case-insensitive pattern can match against an
# ASCII letter (the Kelvin sign, long s, dotted I, "ß" under full case folding,
# ligatures ...). Texts with any of them are searched without prefilter, so the
# ASCII-lowercase comparison stays exact. tests/test_prefilter.py recomputes the set.
CASE_FOLDS_TO_ASCII = (
    "\xdf\u0130\u0131\u0149\u017f\u01f0\u1e96\u1e97\u1e98\u1e99\u1e9a\u1e9e"
    "\u212a\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06"
)
_CASE_FOLDS_TO_ASCII = regex.compile("[" + CASE_FOLDS_TO_ASCII + "]")
_DIGIT = regex.compile(r"\d")
_WORD_START_DIGIT = regex.compile(r"(?<![0-9A-Za-z])\d")
_ASCII_ALNUM_RUN = regex.compile(r"[a-z0-9]+")
_ASCII_ALNUM_CHARS = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")

# Pattern flags whose semantics the analysis does not model. (Version 1 is modelled:
# its set operations are refused below, its full case folding is covered above.)
_UNMODELLED_FLAGS = regex.BESTMATCH | regex.ENHANCEMATCH | regex.POSIX | regex.REVERSE


class _Unsupported(Exception):
    pass


# -- reading a pattern ------------------------------------------------------------

_requirements: dict[tuple[str, int], Formula | None] = {}
# The same, as plain data kept between runs (reading 130 patterns costs ~50 ms a process).
_saved_requirements: dict[Any, Any] | None = None


def requirement(pattern: regex.Pattern[str]) -> Formula | None:
    """What every match of ``pattern`` contains, or None when nothing useful is known."""
    global _saved_requirements
    key = (pattern.pattern, int(pattern.flags))
    try:
        return _requirements[key]
    except KeyError:
        pass
    if _saved_requirements is None:
        from ketlint.startup_cache import memo

        _saved_requirements = memo("prefilter-requirements", sources=[__file__])
    saved = _saved_requirements.get(key, _NOT_SAVED)
    if saved is not _NOT_SAVED:
        formula = _decode(saved)
    else:
        formula = _read_requirement(pattern)
        _saved_requirements[key] = _encode(formula)
    _requirements[key] = formula
    return formula


_NOT_SAVED = object()


def _read_requirement(pattern: regex.Pattern[str]) -> Formula | None:
    if pattern.flags & _UNMODELLED_FLAGS:
        return None
    try:
        source = _to_sre_syntax(pattern.pattern, version1=bool(pattern.flags & regex.V1))
        parsed = sre_parse.parse(source, pattern.flags & regex.VERBOSE)
        return _sequence(list(parsed))
    except (_Unsupported, Exception):  # noqa: BLE001 - anything not understood: no prefilter
        return None


def _encode(formula: Formula | None) -> Any:
    """Plain tuples (what :mod:`marshal` stores)."""
    if formula is None:
        return None
    if isinstance(formula, Literal):
        return ("L", formula.text, formula.word_start)
    if isinstance(formula, Digit):
        return ("D", formula.word_start)
    tag = "A" if isinstance(formula, AllOf) else "O"
    return (tag, tuple(_encode(part) for part in formula.parts))


def _decode(data: Any) -> Formula | None:
    if data is None:
        return None
    tag = data[0]
    if tag == "L":
        return Literal(data[1], data[2])
    if tag == "D":
        return Digit(data[1])
    parts = tuple(_decode(part) for part in data[1])
    return AllOf(parts) if tag == "A" else AnyOf(parts)  # type: ignore[arg-type]


_INLINE_FLAGS = regex.compile(r"\(\?([a-zA-Z0-9]*(?:-[a-zA-Z0-9]*)?)([:)])")
_SRE_FLAGS = set("aiLmsux")
_DROPPABLE_FLAGS = set("fw")  # full case folding, Unicode word breaks: no effect on literals


_LETTER_PROPERTIES = {"L", "Letter", "Alpha", "Alphabetic", "Alnum", "Word"}
_NUMBER_PROPERTIES = {"N", "Number", "Nd", "Decimal_Number", "Alnum", "Word"}


def _to_sre_syntax(source: str, version1: bool = False) -> str:
    """Rewrite the ``regex``-module syntax these patterns use into what ``re`` parses.

    Unicode properties become "any character" (only literals and digits matter
    here); everything else ``re`` would read differently raises _Unsupported.
    """
    out: list[str] = []
    i, n = 0, len(source)
    in_class = False
    class_start = -1
    while i < n:
        char = source[i]
        if char == "\\":
            if i + 1 >= n:
                raise _Unsupported("trailing backslash")
            nxt = source[i + 1]
            if nxt in "pP":
                end = i + 2
                if end < n and source[end] == "{":
                    close = source.find("}", end)
                    if close < 0:
                        raise _Unsupported("unclosed property")
                    end = close + 1
                else:
                    end += 1
                # Only what is certain about the property survives: letters contain the
                # ASCII letters, numbers the ASCII digits (look-behinds use this).
                name = source[i + 2 : end].strip("{}")
                if nxt == "p" and name in _LETTER_PROPERTIES:
                    member = r"A-Za-z\s\S"
                elif nxt == "p" and name in _NUMBER_PROPERTIES:
                    member = r"0-9\s\S"
                else:
                    member = r"\s\S"
                out.append(member if in_class else f"[{member}]")
                i = end
                continue
            if nxt in "XGKLmMRVNQEHh":
                raise _Unsupported(f"escape \\{nxt}")
            out.append(source[i : i + 2])
            i += 2
            continue
        if in_class:
            if version1 and (char == "[" or source[i : i + 2] in ("--", "&&", "||", "~~")):
                raise _Unsupported("version 1 set operation")
            if char == "[":
                if (
                    source.startswith("[:", i)
                    or source.startswith("[=", i)
                    or source.startswith("[.", i)
                ):
                    raise _Unsupported("POSIX class")
            elif char == "]" and i > class_start:
                in_class = False
            out.append(char)
            i += 1
            continue
        if char == "[":
            in_class = True
            j = i + 1
            if j < n and source[j] == "^":
                j += 1
            if j < n and source[j] == "]":  # a leading "]" is a member, not the end
                j += 1
            class_start = j
            if source.startswith("[:", i):
                raise _Unsupported("POSIX class")
            out.append(source[i:j])
            i = j
            continue
        if char == "(" and source.startswith("(?", i):
            rest = source[i + 2 : i + 3]
            if rest == "<" and source[i + 3 : i + 4] not in ("=", "!"):
                out.append("(?P<")  # (?<name>...) is a named group in regex
                i += 3
                continue
            if rest in ("|", "'", "&", "R", "(") or rest.isdigit() or source.startswith("(?P>", i):
                raise _Unsupported("group syntax")
            flags = _INLINE_FLAGS.match(source, i)
            if flags is not None:
                letters = flags.group(1)
                if "V" in letters or any(
                    ch not in _SRE_FLAGS | _DROPPABLE_FLAGS | {"-"} for ch in letters
                ):
                    raise _Unsupported(f"flags {letters}")
                kept = "".join(ch for ch in letters if ch not in _DROPPABLE_FLAGS)
                on, _, off = kept.partition("-")
                if "x" in off:
                    raise _Unsupported("verbose mode turned off")
                if flags.group(2) == ")":
                    # A global flag group; drop it when nothing re knows is left.
                    if on and not off:
                        out.append(f"(?{on})")
                    elif off:
                        # "(?-i)" alone is not valid re syntax; case does not matter here.
                        pass
                else:
                    out.append(f"(?{on}-{off}:" if off else (f"(?{on}:" if on else "(?:"))
                i = flags.end()
                continue
        out.append(char)
        i += 1
    if in_class:
        raise _Unsupported("unclosed class")
    return "".join(out)


_DIGIT_ITEMS = {sre_constants.CATEGORY_DIGIT}


def _is_digit_class(items: list[tuple[Any, Any]]) -> bool:
    if not items:
        return False
    for op, value in items:
        if op is sre_constants.RANGE:
            low, high = value
            if not (48 <= low <= high <= 57):
                return False
        elif op is sre_constants.LITERAL:
            if not 48 <= value <= 57:
                return False
        elif op is sre_constants.CATEGORY:
            if value not in _DIGIT_ITEMS:
                return False
        else:  # NEGATE and the rest
            return False
    return True


def _sequence(items: list[tuple[Any, Any]], word_start: bool = False) -> Formula | None:
    """What a match of ``items`` contains. ``word_start``: no ASCII letter or digit before it."""
    parts: list[Formula] = []
    run: list[str] = []
    run_at_word_start = False
    at_word_start = word_start  # true while nothing has been consumed since a boundary

    def flush() -> None:
        # One letter is in almost every text, not worth a test; "%" or "=" may well be.
        if len(run) >= 2 or (run and not run[0].isalnum() and not run[0].isspace()):
            parts.append(Literal("".join(run), run_at_word_start))
        run.clear()

    c = sre_constants
    for op, value in items:
        if op is c.LITERAL:
            char = chr(value)
            if char in "{}":
                # Fuzzy-matching syntax of the regex module reads as literal braces to re.
                raise _Unsupported("brace")
            if char.isascii():
                if not run:
                    run_at_word_start = at_word_start and char.isalnum()
                run.append(char.lower())
            else:
                flush()
            at_word_start = False
            continue
        # Zero-width items: the characters on either side are adjacent in the text.
        if op is c.AT:
            if value in (c.AT_BOUNDARY, c.AT_BEGINNING, c.AT_BEGINNING_STRING):
                at_word_start = True
            elif value is c.AT_NON_BOUNDARY:
                at_word_start = False
            continue
        if op is c.ASSERT_NOT:
            direction, sub = value
            if direction < 0 and _excludes_ascii_alnum(list(sub)):
                at_word_start = True
            continue
        if op is c.ASSERT:
            continue
        flush()
        part: Formula | None = None
        if op is c.SUBPATTERN:
            part = _sequence(list(value[-1]), at_word_start)
        elif op is c.BRANCH:
            part = _any_of([_sequence(list(branch), at_word_start) for branch in value[1]])
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) or op is getattr(c, "POSSESSIVE_REPEAT", None):
            low, _high, sub = value
            if low >= 1:
                part = _sequence(list(sub), at_word_start)
        elif op is getattr(c, "ATOMIC_GROUP", None):
            part = _sequence(list(value), at_word_start)
        elif op is c.IN and _is_digit_class(list(value)):
            part = Digit(at_word_start)
        # ANY, NOT_LITERAL, CATEGORY, GROUPREF ...: nothing required.
        if part is not None:
            parts.append(part)
        # After "\s+" or "[\s-]" the next character starts a word.
        at_word_start = _ends_in_non_alnum(op, value)
    flush()
    return _all_of(parts)


def _ends_in_non_alnum(op: Any, value: Any) -> bool:
    """Whether the item always ends in a character that is no ASCII letter or digit."""
    c = sre_constants
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) or op is getattr(c, "POSSESSIVE_REPEAT", None):
        low, _high, sub = value
        sub = list(sub)
        if low < 1 or len(sub) != 1:
            return False
        op, value = sub[0]
    return op is c.IN and _class_without_alnum(list(value))


def _class_without_alnum(items: list[tuple[Any, Any]]) -> bool:
    c = sre_constants
    for op, value in items:
        if op is c.LITERAL:
            if value in _ASCII_ALNUM:
                return False
        elif op is c.RANGE:
            if any(code in _ASCII_ALNUM for code in range(value[0], value[1] + 1)):
                return False
        elif op is c.CATEGORY:
            if value not in (c.CATEGORY_SPACE, c.CATEGORY_UNI_SPACE):
                return False
        else:  # NEGATE and the rest
            return False
    return bool(items)


_ASCII_ALNUM = frozenset(range(48, 58)) | frozenset(range(65, 91)) | frozenset(range(97, 123))


def _excludes_ascii_alnum(items: list[tuple[Any, Any]]) -> bool:
    """Whether a negative look-behind on ``items`` rules out every ASCII letter and digit."""
    c = sre_constants
    while len(items) == 1 and items[0][0] is c.SUBPATTERN:
        items = list(items[0][1][-1])
    if len(items) != 1 or items[0][0] is not c.IN:
        return False
    covered: set[int] = set()
    for op, value in items[0][1]:
        if op is c.NEGATE:
            return False
        if op is c.RANGE:
            covered.update(range(value[0], value[1] + 1))
        elif op is c.LITERAL:
            covered.add(value)
        elif op is c.CATEGORY:
            if value in (c.CATEGORY_WORD, c.CATEGORY_UNI_WORD):
                covered |= _ASCII_ALNUM
            elif value in (c.CATEGORY_DIGIT, c.CATEGORY_UNI_DIGIT):
                covered.update(range(48, 58))
    return covered >= _ASCII_ALNUM


def _all_of(parts: list[Formula]) -> Formula | None:
    flat: list[Formula] = []
    for part in parts:
        items = part.parts if isinstance(part, AllOf) else (part,)
        for item in items:
            if item not in flat:
                flat.append(item)
    if not flat:
        return None
    return flat[0] if len(flat) == 1 else AllOf(tuple(flat))


def _any_of(parts: list[Formula | None]) -> Formula | None:
    if any(part is None for part in parts) or len(parts) > MAX_ALTERNATIVES:
        return None
    flat: list[Formula] = []
    for part in parts:
        assert part is not None
        items = part.parts if isinstance(part, AnyOf) else (part,)
        for item in items:
            if item not in flat:
                flat.append(item)
    if len(flat) > MAX_ALTERNATIVES:
        return None
    return flat[0] if len(flat) == 1 else AnyOf(tuple(flat))


# -- testing a text ---------------------------------------------------------------


class _Anchors:
    """Where a formula's anchors occur in a text, for range queries in O(log n).

    Every match contains one anchor occurrence: a literal's occurrences, each digit,
    the rarest part of an all-of, every part of an any-of. A range can hold a match
    only if some occurrence lies wholly inside it.
    """

    __slots__ = ("starts", "min_end_from")

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans.sort()
        # Machine integers (8 bytes an entry; a list of int objects took 36): a document's
        # anchors are kept as long as its index, and there are many per word.
        self.starts = array("q", [start for start, _ in spans])
        # min_end_from[i]: the smallest end among occurrences i and later.
        min_end_from = array("q", bytes(8 * len(spans)))
        smallest = 1 << 62
        for i in range(len(spans) - 1, -1, -1):
            smallest = min(smallest, spans[i][1])
            min_end_from[i] = smallest
        self.min_end_from = min_end_from

    def any_within(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, start)
        return i < len(self.starts) and self.min_end_from[i] <= end


# id(any-of) -> (it, one pattern for its literals and digits on the lowered text, the rest)
_any_parts: dict[int, tuple[AnyOf, regex.Pattern[str] | None, tuple[Formula, ...]]] = {}


def _split_any(formula: AnyOf) -> tuple[regex.Pattern[str] | None, tuple[Formula, ...]]:
    """The literal and digit parts of ``formula`` as one pattern (one search in C instead of
    one per part), and the other parts. Built once per formula (they live as long as the
    process, like the patterns they come from)."""
    known = _any_parts.get(id(formula))
    if known is None or known[0] is not formula:
        alternatives = []
        rest = []
        for part in formula.parts:
            if isinstance(part, Literal):
                alternative = regex.escape(part.text)
            elif isinstance(part, Digit):
                alternative = r"\d"
            else:
                rest.append(part)
                continue
            # On the lowered text, "no ASCII letter or digit before" is this look-behind.
            alternatives.append(("(?<![0-9a-z])" if part.word_start else "") + alternative)
        leaves = regex.compile("|".join(alternatives)) if alternatives else None
        known = _any_parts[id(formula)] = (formula, leaves, tuple(rest))
    return known[1], known[2]


def _never(start: int, end: int) -> bool:
    return False


def _any_check(parts: list[Callable[[int, int], bool]]) -> Callable[[int, int], bool]:
    """True where any of ``parts`` is (those that never are left out)."""
    kept = [part for part in parts if part is not _never]
    if not kept:
        return _never
    if len(kept) == 1:
        return kept[0]
    return lambda start, end: any(part(start, end) for part in kept)


def _occurs_within(spans: list[tuple[int, int]]) -> Callable[[int, int], bool]:
    """A test of whether one of ``spans`` lies wholly inside a range."""
    if not spans:
        return _never
    anchors = _Anchors(list(spans))
    starts, min_end_from, count = anchors.starts, anchors.min_end_from, len(spans)

    def occurs_within(start: int, end: int) -> bool:
        i = bisect_left(starts, start)
        return i < count and min_end_from[i] <= end

    return occurs_within


class TextIndex:
    """Answers formulas for one text: ranges of it that cannot hold a match."""

    def __init__(self, text: str) -> None:
        self.text = text
        lowered = text.lower()
        # Texts that fold to ASCII in ways a plain lower() does not see: no prefilter.
        self.usable = len(lowered) == len(text) and _CASE_FOLDS_TO_ASCII.search(text) is None
        self.lowered = lowered
        # A leaf's occurrences, as arrays of starts and of ends (see _occurrences).
        self._spans: dict[Formula, tuple[array[int], array[int]]] = {}
        self._sorted_words: list[str] | None = None
        self._word_positions: dict[str, array[int]] = {}
        self._by_formula: dict[int, tuple[Formula, Callable[[int, int], bool] | None]] = {}
        # Checkers of leaves and of any-ofs of leaves, shared by the patterns that need them.
        self._leaf_checks: dict[Formula, Callable[[int, int], bool]] = {}
        self.asked: dict[int, int] = {}  # id(pattern) -> ranges tested without a checker
        # id(pattern) -> (pattern, its checker): the pattern is kept to make the id its own.
        self.checks: dict[int, tuple[regex.Pattern[str], Callable[[int, int], bool] | None]] = {}
        # Keyed by id(): formulas are cached per pattern for the life of the process.
        # Results of searches already made in this text: (pattern, start, end) -> matches.
        self.searches: dict[tuple[int, int, int], list[regex.Match[str]]] = {}

    def holds(self, formula: Formula, start: int, end: int) -> bool:
        """``formula`` tested on ``text[start:end]`` alone, without an index of the text."""
        if isinstance(formula, Digit):
            digit = _WORD_START_DIGIT if formula.word_start else _DIGIT
            return digit.search(self.text, start, end) is not None
        if isinstance(formula, Literal):
            text, needle = self.lowered, formula.text
            at = text.find(needle, start, end)
            if not formula.word_start:
                return at >= 0
            while at >= 0:
                if at == 0 or text[at - 1] not in _ASCII_ALNUM_CHARS:
                    return True
                at = text.find(needle, at + 1, end)
            return False
        if isinstance(formula, AllOf):
            return all(self.holds(part, start, end) for part in formula.parts)
        leaves, rest = _split_any(formula)
        if leaves is not None and leaves.search(self.lowered, start, end) is not None:
            return True
        return any(self.holds(part, start, end) for part in rest)

    def checker(self, formula: Formula | None) -> Callable[[int, int], bool] | None:
        """A function of (start, end): False when no match of a pattern requiring
        ``formula`` fits there. None when nothing can be ruled out in this text.

        Built once per text and pattern: what the text lacks is struck out first, so what
        runs per range is a few binary searches in closures.
        """
        if formula is None or not self.usable:
            return None
        return self._compile(formula)

    def _compile(self, formula: Formula) -> Callable[[int, int], bool]:
        if isinstance(formula, (Literal, Digit)):
            known = self._leaf_checks.get(formula)
            if known is None:
                known = self._leaf_checks[formula] = _occurs_within(self._occurrences(formula))
            return known
        if isinstance(formula, AnyOf):
            # Any of several literals: one binary search in their occurrences together,
            # built once per text for patterns that share the alternatives (their anchors
            # are as many as the literals' occurrences).
            known = self._leaf_checks.get(formula)
            if known is not None:
                return known
            leaves = [part for part in formula.parts if isinstance(part, (Literal, Digit))]
            if len(leaves) > 1:
                together = [span for leaf in leaves for span in self._occurrences(leaf)]
                rest = [self._compile(part) for part in formula.parts if part not in leaves]
                known = self._leaf_checks[formula] = _any_check([_occurs_within(together), *rest])
                return known
        parts = [self._compile(part) for part in formula.parts]
        if isinstance(formula, AllOf):
            if _never in parts:
                return _never
            if len(parts) == 1:
                return parts[0]
            if len(parts) == 2:
                first, second = parts
                return lambda start, end: first(start, end) and second(start, end)
            return lambda start, end: all(part(start, end) for part in parts)
        return _any_check(parts)

    def may_match(self, formula: Formula, start: int, end: int) -> bool:
        """False only when no match of a pattern requiring ``formula`` fits in [start, end)."""
        key = id(formula)
        check = self._by_formula.get(key)
        if check is None or check[0] is not formula:
            check = self._by_formula[key] = (formula, self.checker(formula))
        return check[1] is None or check[1](start, end)

    def _occurrences(self, formula: Formula) -> list[tuple[int, int]]:
        if isinstance(formula, (Literal, Digit)):
            # Kept as two arrays of machine integers (16 bytes an occurrence; the list of
            # tuples took ~120): the list is made again for each caller and then dropped.
            known = self._spans.get(formula)
            if known is None:
                spans = self._find(formula)
                self._spans[formula] = (
                    array("q", [start for start, _ in spans]), array("q", [end for _, end in spans])
                )
                return spans
            return list(zip(*known, strict=True))
        parts = [self._occurrences(part) for part in formula.parts]
        if isinstance(formula, AllOf):
            return min(parts, key=len)
        return [span for spans in parts for span in spans]

    def _words(self) -> list[str]:
        """The text's distinct runs of ASCII letters and digits (lower-cased), sorted."""
        if self._sorted_words is None:
            positions: dict[str, array[int]] = {}
            for match in _ASCII_ALNUM_RUN.finditer(self.lowered):
                word = match.group()
                at = positions.get(word)
                if at is None:
                    at = positions[word] = array("q")
                at.append(match.start())
            self._word_positions = positions
            self._sorted_words = sorted(positions)
        return self._sorted_words

    def _find(self, atom: Literal | Digit) -> list[tuple[int, int]]:
        text = self.lowered
        if isinstance(atom, Digit):
            spans = [(m.start(), m.end()) for m in _DIGIT.finditer(self.text)]
        else:
            needle = atom.text
            size = len(needle)
            if atom.word_start and needle.isalnum():
                # A word-start occurrence of letters and digits begins one of the text's
                # runs of letters and digits; the runs it begins sit together in sorted order.
                words = self._words()
                at = bisect_left(words, needle)
                spans = []
                while at < len(words) and words[at].startswith(needle):
                    spans.extend((start, start + size) for start in self._word_positions[words[at]])
                    at += 1
                spans.sort()
                return spans
            if needle not in text:  # one scan in C
                return []
            spans = []
            at = text.find(needle)
            while at >= 0:
                spans.append((at, at + size))
                at = text.find(needle, at + 1)
        if atom.word_start:
            spans = [
                span
                for span in spans
                if span[0] == 0 or text[span[0] - 1] not in _ASCII_ALNUM_CHARS
            ]
        return spans


# The index of the texts searched last, per thread (rules search the same document
# text over and over; the language server may lint on worker threads).
_local = threading.local()
_INDEXES_KEPT = 4


def index_for(text: str) -> TextIndex:
    last: TextIndex | None = getattr(_local, "last", None)
    if last is not None and last.text is text:
        return last
    indexes: OrderedDict[int, TextIndex] | None = getattr(_local, "indexes", None)
    if indexes is None:
        indexes = _local.indexes = OrderedDict()
    key = id(text)
    index = indexes.get(key)
    if index is None or index.text is not text:
        index = indexes[key] = TextIndex(text)
        while len(indexes) > _INDEXES_KEPT:
            indexes.popitem(last=False)
    indexes.move_to_end(key)
    _local.last = index
    return index


# id(pattern) -> (pattern, requirement): keeping the pattern keeps its id unique.
_by_pattern: dict[int, tuple[regex.Pattern[str], Formula | None]] = {}


# A pattern's checker (occurrences of its literals over the whole text) is built on this
# many-th range asked about in one text. Before, ranges are tested directly: after an edit
# the block memos leave only a few searches per pattern, too few to pay for an index.
CHECKER_AFTER = 6


def forget_texts() -> None:
    """Drop this thread's indexes of texts searched so far (each holds its text)."""
    _local.last = None
    _local.indexes = OrderedDict()


def tune_for_editing() -> None:
    """Settings for a process that lints one document after every keystroke (the
    language server): ranges are always tested directly, because after an edit the block
    memos leave a few searches per pattern, and an index of the whole text built for them
    would cost more than it saves (the slowest edits were the ones that built one); and
    fewer whole-text indexes are kept (they are stale versions of the same document).
    """
    global CHECKER_AFTER, _INDEXES_KEPT
    CHECKER_AFTER = 1 << 30
    _INDEXES_KEPT = 1


def rules_out(pattern: regex.Pattern[str], text: str, start: int, end: int) -> bool:
    """True when ``pattern`` cannot match in ``text[start:end]`` (so need not be searched).

    Called for every search every rule makes (thousands per article): kept lean.
    """
    index: TextIndex | None = getattr(_local, "last", None)
    if index is None or index.text is not text:
        index = index_for(text)
    known = index.checks.get(id(pattern))
    if known is None or known[0] is not pattern:
        formula = _by_pattern.get(id(pattern))
        if formula is None or formula[0] is not pattern:
            formula = _by_pattern[id(pattern)] = (pattern, requirement(pattern))
        if formula[1] is None or not index.usable:
            known = index.checks[id(pattern)] = (pattern, None)
        else:
            asked = index.asked.get(id(pattern), 0) + 1
            if asked < CHECKER_AFTER:
                index.asked[id(pattern)] = asked
                return not index.holds(formula[1], start, end)
            known = index.checks[id(pattern)] = (pattern, index.checker(formula[1]))
    check = known[1]
    return check is not None and not check(start, end)


def search_all(
    pattern: regex.Pattern[str], text: str, start: int, end: int, timeout: float
) -> list[regex.Match[str]]:
    """Every match of ``pattern`` in ``text[start:end]``: skipped when the prefilter
    rules a match out, remembered for the next rule that asks the same."""
    if rules_out(pattern, text, start, end):
        return []
    return searched(pattern, text, start, end, timeout)


def searched(
    pattern: regex.Pattern[str], text: str, start: int, end: int, timeout: float
) -> list[regex.Match[str]]:
    """``list(pattern.finditer(text, start, end))``, made once per text."""
    searches = index_for(text).searches
    key = (id(pattern), start, end)
    found = searches.get(key)
    if found is None:
        found = searches[key] = list(pattern.finditer(text, start, end, timeout=timeout))
    return found


def may_match(
    pattern: regex.Pattern[str], text: str, start: int = 0, end: int | None = None
) -> bool:
    """False only when ``pattern`` cannot match inside ``text[start:end]``."""
    formula = requirement(pattern)
    if formula is None:
        return True
    return index_for(text).may_match(formula, start, len(text) if end is None else end)
