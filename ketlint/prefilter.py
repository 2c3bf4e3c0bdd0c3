"""Literal prefilters: skip a regex search where the text cannot contain a match.

Most rule patterns are alternations of words behind look-behinds and ``\\b``; the
regex engine tries every branch at every position, about a microsecond a character.
What a match must contain is cheaper to test: "complication" or "adverse" or
"safety" ..., a digit, and so on. :func:`requirement` reads that off each pattern
once (a formula of literal strings and "a digit") when the rule set is built
(:class:`PatternSet`); the literals of all patterns go into one Aho-Corasick
automaton, so one pass over a paragraph says which literals it holds and hence which
patterns can match in it at all. A range inside a paragraph (a sentence) is then
tested by ``str.find`` on its own (:func:`holds`). :class:`TextScan` answers both for
one document, and makes a search several rules ask for once.

The formula is a *necessary* condition, so skipping a region where it is false
never loses a match. Anything the analysis does not understand (``regex``-only
syntax, version-1 set operations, fuzzy matching) gets no formula and is always
searched. The test suite checks the prefiltered search against the plain one.
"""

from __future__ import annotations

import sys
import unicodedata
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from types import FunctionType, ModuleType
from typing import Any, NamedTuple, TypeAlias

import regex

try:  # pyahocorasick: every literal of a rule set in one automaton (see PatternSet)
    import ahocorasick
except ImportError:  # pragma: no cover - the pure-Python fallback
    ahocorasick = None

from ketlint.casefolding import LETTER_BEYOND_ASCII, looks_behind, simple_folding
from ketlint.timeouts import PATTERN_TIMEOUT_SECONDS, PatternTimeout, TimedPattern

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

# An alternation of more branches than this gets no formula. The automaton tests any
# number of literals at once, and a range test skips those its paragraph lacks, so long
# lists (journal names, drug names) are worth it.
MAX_ALTERNATIVES = 1024

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
_ASCII_ALNUM_CHARS = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")

# Pattern flags whose semantics the analysis does not model. (Version 1 is modelled:
# its set operations are refused below, its full case folding is covered above.)
_UNMODELLED_FLAGS = regex.BESTMATCH | regex.ENHANCEMATCH | regex.POSIX | regex.REVERSE


class _Unsupported(Exception):
    pass


# -- reading a pattern ------------------------------------------------------------

# How every match starts: (literal, whether at a word start) pairs (see :func:`leading`).
Leads: TypeAlias = tuple[tuple[str, bool], ...]

# (source, flags) -> (what every match contains, how every match starts, what a match
# starting otherwise contains).
_Analysed: TypeAlias = tuple[Formula | None, Leads | None, tuple[Formula, ...]]
_requirements: dict[tuple[str, int], _Analysed] = {}
# The same, as plain data kept between runs (reading 130 patterns costs ~50 ms a process),
# with the literals of what every match contains (literals_of).
_saved_requirements: dict[Any, Any] | None = None


def requirement(pattern: regex.Pattern[str]) -> Formula | None:
    """What every match of ``pattern`` contains, or None when nothing useful is known."""
    return _analysed(pattern)[0]


def leading(pattern: regex.Pattern[str]) -> Leads | None:
    """ASCII-lowercase strings, one of which every match of ``pattern`` starts with
    (compared case-insensitively), each with whether no ASCII letter or digit may precede
    it (as :attr:`Literal.word_start`); None when that is not known. Branches that may
    start otherwise are left out when what they require is known (:func:`unled`)."""
    return _analysed(pattern)[1]


def unled(pattern: regex.Pattern[str]) -> tuple[Formula, ...]:
    """What each branch of ``pattern`` left out of :func:`leading` requires: where a text
    holds none of them, every match there starts with a leading literal."""
    return _analysed(pattern)[2]


def _saved() -> dict[Any, Any]:
    global _saved_requirements
    if _saved_requirements is None:
        from ketlint.startup_cache import memo

        _saved_requirements = memo("prefilter-requirements", sources=[__file__])
    return _saved_requirements


def literals_of(pattern: regex.Pattern[str]) -> tuple[str, ...]:
    """The literals of :func:`requirement` of ``pattern``, sorted: from the saved entry
    where there is one, without making the formula (a cold check asks about half of the
    rule set's patterns for their formula; :class:`PatternSet` needs every pattern's
    literals for its automaton)."""
    key = (pattern.pattern, _flags_of(pattern))
    saved = _saved().get(key)
    if saved is not None:
        return saved[3]  # type: ignore[no-any-return]
    literals: set[str] = set()
    _literals(requirement(pattern), literals)
    return tuple(sorted(literals))


def _analysed(pattern: regex.Pattern[str]) -> _Analysed:
    key = (pattern.pattern, _flags_of(pattern))
    try:
        return _requirements[key]
    except KeyError:
        pass
    saved = _saved().get(key, _NOT_SAVED)
    analysed: _Analysed
    if saved is not _NOT_SAVED:
        # A guard is never None (see _leading): what is saved is what was read.
        guards = tuple(guard for guard in map(_decode, saved[2]) if guard is not None)
        # Equal leads read from the memo are already one object (marshal keeps what was
        # shared when it was written: see _shared_leads).
        analysed = (_decode(saved[0]), saved[1], guards)
    else:
        analysed = _read_requirement(pattern)
        analysed = (analysed[0], _shared_leads(analysed[1]), analysed[2])
        literals: set[str] = set()
        _literals(analysed[0], literals)
        _saved()[key] = (
            _encode(analysed[0]),
            analysed[1],
            tuple(_encode(guard) for guard in analysed[2]),
            tuple(sorted(literals)),  # literals_of
        )
    _requirements[key] = analysed
    return analysed


_NOT_SAVED = object()

# Every (literal, word start) pair and every list of them read in this process, kept once:
# some 400 patterns lead with about 4,700 pairs of which fewer than half differ (word
# lists several rules share). The memo of what was read is written with them shared, so a
# process that finds its patterns there (most) shares them too, without these tables.
_lead_pairs: dict[tuple[str, bool], tuple[str, bool]] = {}
_lead_lists: dict[Leads, Leads] = {}


def _shared_leads(leads: Leads | None) -> Leads | None:
    """``leads`` made of the pairs and lists already kept, where equal ones are."""
    if leads is None:
        return None
    pair = _lead_pairs.setdefault
    shared = tuple(pair(lead, lead) for lead in leads)
    return _lead_lists.setdefault(shared, shared)


def _flags_of(pattern: regex.Pattern[str] | TimedPattern) -> int:
    """The flags ``pattern`` was compiled with, read without compiling a user pattern (which
    is compiled on its first search: :class:`~ketlint.timeouts.TimedPattern`). The analysis
    needs only the flags given, not those the compiler adds: inline flags are in the source,
    read (or refused) like the rest of it."""
    if isinstance(pattern, TimedPattern):
        return pattern.given_flags
    return int(pattern.flags)


def _read_requirement(pattern: regex.Pattern[str]) -> _Analysed:
    flags = _flags_of(pattern)
    if flags & _UNMODELLED_FLAGS:
        return None, None, ()
    try:
        source = _to_sre_syntax(pattern.pattern, version1=bool(flags & regex.V1))
        items = list(sre_parse.parse(source, flags & regex.VERBOSE))
        formula = _sequence(items)
        found = _leading(items)
        if found is None:
            return formula, None, ()
        starts, guards = found
        return formula, tuple(sorted((s.text, s.word_start) for s in starts)), tuple(guards)
    except (_Unsupported, Exception):  # noqa: BLE001 - anything not understood: no prefilter
        return None, None, ()


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


# Plain data -> the formula made of it, for the life of the process: the saved formulas
# share word lists and clauses (about half of their 16,000 nodes repeat), so each is made
# once, and what PatternSet derives from a formula (kept by its id) is derived once.
_DECODED: dict[Any, Formula] = {}


def _decode(data: Any) -> Formula | None:
    if data is None:
        return None
    known = _DECODED.get(data)
    if known is not None:
        return known
    tag = data[0]
    formula: Formula
    if tag == "L":
        formula = Literal(data[1], data[2])
    elif tag == "D":
        formula = Digit(data[1])
    else:
        parts = tuple([_decode(part) for part in data[1]])  # a list: quicker than a generator
        formula = AllOf(parts) if tag == "A" else AnyOf(parts)  # type: ignore[arg-type]
    _DECODED[data] = formula
    return formula


_INLINE_FLAGS = regex.compile(r"\(\?([a-zA-Z0-9]*(?:-[a-zA-Z0-9]*)?)([:)])")
_SRE_FLAGS = set("aiLmsux")
_DROPPABLE_FLAGS = set("fw")  # full case folding, Unicode word breaks: no effect on literals


_POSIX_CLASS = regex.compile(r"\[:\^?\w+:\]")

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
            if _POSIX_CLASS.match(source, i):  # "[:alpha:]"; "[:]" is a colon
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
                if _caseless_symbol(char):
                    parts.append(Literal(char))
            at_word_start = False
            continue
        # Zero-width items: the characters on either side are adjacent in the text.
        after = _word_start_after_zero_width(op, value, at_word_start)
        if after is not None:
            at_word_start = after
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
        elif op is c.IN and _symbol_class(list(value)):
            symbols = [Literal(chr(code)) for _op, code in value]
            part = symbols[0] if len(symbols) == 1 else AnyOf(tuple(symbols))
        # ANY, NOT_LITERAL, CATEGORY, GROUPREF ...: nothing required.
        if part is not None:
            parts.append(part)
        # After "\s+" or "[\s-]" the next character starts a word.
        at_word_start = _ends_in_non_alnum(op, value)
    flush()
    return _all_of(parts)


def _word_start_after_zero_width(op: Any, value: Any, word_start: bool) -> bool | None:
    """Whether the next character starts a word after the zero-width item (op, value) (a
    word boundary or a look-behind that excludes letters and digits says it does), given
    ``word_start`` before it; None when the item consumes characters."""
    c = sre_constants
    if op is c.AT:
        if value in (c.AT_BOUNDARY, c.AT_BEGINNING, c.AT_BEGINNING_STRING):
            return True
        if value is c.AT_NON_BOUNDARY:
            return False
        return word_start
    if op is c.ASSERT_NOT:
        direction, sub = value
        if direction < 0 and _excludes_ascii_alnum(list(sub)):
            return True
        return word_start
    if op is c.ASSERT:
        return word_start
    return None


def _leading(
    items: list[tuple[Any, Any]], word_start: bool = False
) -> tuple[set[Literal], list[Formula]] | None:
    """The ASCII literals (lowercased) one of which a match of ``items`` starts with: its
    first consumed characters, when they are ASCII literals or a digit (``DIGIT_MARK``)
    whatever the branch taken; None when a match may start otherwise (another class, a
    repeat that may be skipped, ...). A branch that may start otherwise is left out, with
    what it requires (:func:`_sequence`) beside the literals, when that is known.
    ``word_start`` as in :func:`_sequence`."""
    c = sre_constants
    run: list[str] = []
    for op, value in items:
        if op is c.LITERAL and chr(value).isascii():
            run.append(chr(value).lower())
            continue
        if run:
            break
        # Zero-width: the match starts after them.
        after = _word_start_after_zero_width(op, value, word_start)
        if after is not None:
            word_start = after
            continue
        if op is c.IN and _is_digit_class(list(value)):
            return {Literal(DIGIT_MARK, word_start)}, []
        if op is c.SUBPATTERN:
            return _leading(list(value[-1]), word_start)
        if op is getattr(c, "ATOMIC_GROUP", None):
            return _leading(list(value), word_start)
        if op in (c.MAX_REPEAT, c.MIN_REPEAT) or op is getattr(c, "POSSESSIVE_REPEAT", None):
            return _leading(list(value[2]), word_start) if value[0] >= 1 else None
        if op is c.BRANCH:
            found: set[Literal] = set()
            guards: list[Formula] = []
            for branch in value[1]:
                leads = _leading(list(branch), word_start)
                if leads is None:
                    guard = _sequence(list(branch), word_start)
                    if guard is None:
                        return None
                    guards.append(guard)
                else:
                    found |= leads[0]
                    guards.extend(leads[1])
            return found, guards
        return None
    if not run:
        return None
    return {Literal("".join(run), word_start and run[0].isalnum())}, []


def _caseless_symbol(char: str) -> bool:
    """A character other than ASCII that only matches itself, however case is folded (a
    symbol or punctuation mark without case: "®", "™", "€"), so it is a literal to look for."""
    return (
        not char.isascii()
        and unicodedata.category(char)[0] in "SP"
        and char.lower() == char.upper() == char.casefold() == char
    )


def _symbol_class(items: list[tuple[Any, Any]]) -> bool:
    """A class of a few such symbols and nothing else (``[®™]``)."""
    return 0 < len(items) <= 8 and all(
        op is sre_constants.LITERAL and _caseless_symbol(chr(value)) for op, value in items
    )


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


def usable_lowered(text: str) -> str | None:
    """``text.lower()``, or None where the prefilter must not be used: characters that
    case-fold to ASCII letters in ways ``lower()`` does not see."""
    lowered = text.lower()
    if len(lowered) != len(text) or _CASE_FOLDS_TO_ASCII.search(text) is not None:
        return None
    return lowered


def holds(formula: Formula, text: str, lowered: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` has what ``formula`` requires (``lowered``: its
    :func:`usable_lowered`). A literal at the very start of ``text`` counts as a word start.
    Inside a paragraph, ask it of the formula narrowed to that paragraph
    (:meth:`PatternSet.narrowed`): the same answer, without looking for what the paragraph
    lacks."""
    if isinstance(formula, Literal):
        needle = formula.text
        at = lowered.find(needle, start, end)
        if not formula.word_start:
            return at >= 0
        while at >= 0:
            if at == 0 or lowered[at - 1] not in _ASCII_ALNUM_CHARS:
                return True
            at = lowered.find(needle, at + 1, end)
        return False
    if isinstance(formula, Digit):
        digit = _WORD_START_DIGIT if formula.word_start else _DIGIT
        return digit.search(text, start, end) is not None
    # Loops, not all(...) and any(...) of a generator: asked of every sentence a rule
    # searches (several hundred thousand times an archive run), a generator made per call
    # and per level of the formula cost more than most of the tests themselves.
    # A literal part (most of them) is looked for here, without a call: the same test as
    # above, the word-start loop written as "step past the places that do not start one".
    if isinstance(formula, AllOf):
        for part in formula.parts:
            if type(part) is Literal:
                needle = part.text
                at = lowered.find(needle, start, end)
                if part.word_start:
                    while at > 0 and lowered[at - 1] in _ASCII_ALNUM_CHARS:
                        at = lowered.find(needle, at + 1, end)
                if at < 0:
                    return False
            elif not holds(part, text, lowered, start, end):
                return False
        return True
    for part in formula.parts:
        if type(part) is Literal:
            needle = part.text
            at = lowered.find(needle, start, end)
            if part.word_start:
                while at > 0 and lowered[at - 1] in _ASCII_ALNUM_CHARS:
                    at = lowered.find(needle, at + 1, end)
            if at >= 0:
                return True
        elif holds(part, text, lowered, start, end):
            return True
    return False


# An any-of without alternatives: what :meth:`PatternSet.narrowed` makes of a formula that
# cannot hold in a paragraph. It holds nowhere.
NEVER = AnyOf(())


# id(any-of) -> (it, its literals by text, its other parts): formulas live as long as the process.
_ALTERNATIVES: dict[int, tuple[AnyOf, dict[str, tuple[Literal, ...]], tuple[Formula, ...]]] = {}


def _alternatives(formula: AnyOf) -> tuple[dict[str, tuple[Literal, ...]], tuple[Formula, ...]]:
    known = _ALTERNATIVES.get(id(formula))
    if known is None or known[0] is not formula:
        by_text: dict[str, tuple[Literal, ...]] = {}
        for part in formula.parts:
            if isinstance(part, Literal):
                by_text[part.text] = (*by_text.get(part.text, ()), part)
        others = tuple(part for part in formula.parts if not isinstance(part, Literal))
        known = _ALTERNATIVES[id(formula)] = (formula, by_text, others)
    return known[1], known[2]


def _literals(formula: Formula | None, into: set[str]) -> None:
    if isinstance(formula, Literal):
        into.add(formula.text)
    elif isinstance(formula, (AllOf, AnyOf)):
        for part in formula.parts:
            _literals(part, into)


_NOT_HOLDING_PATTERNS = (str, bytes, int, float, type, ModuleType, FunctionType)
# Values neither looked into nor shown to ``take``: the rules hold some 8,000 values, three
# in four of them strings, numbers, booleans and None; calling ``take`` and the checks on
# each was about 3 ms of every cold check's pattern set.
_PLAIN_VALUES = frozenset({str, bytes, int, float, bool, type(None)})


def walk_objects(
    roots: Iterable[object],
    take: Callable[[object], bool],
    max_depth: int = 8,
    start_depth: int = 0,
    seen: set[int] | None = None,
) -> None:
    """Visit what ``roots`` hold (dict values, sequence items, instance attributes), each
    object once, down to ``max_depth``: ``take(value)`` sees every value first (but plain
    strings, numbers, booleans and None) and returns True for one it keeps, which is not
    looked into. Shared by the pattern collection
    below and the start-up bundle (ketlint.startup_bundle), which looks for term indexes."""
    seen = set() if seen is None else seen

    def visit(value: object, depth: int) -> None:
        if take(value):
            return
        if depth > max_depth or id(value) in seen or isinstance(value, _NOT_HOLDING_PATTERNS):
            return
        seen.add(id(value))
        if isinstance(value, dict):
            items: Iterable[object] = value.values()
        elif isinstance(value, (list, tuple, set, frozenset)):
            items = value
        elif hasattr(value, "__dict__"):
            items = vars(value).values()
        else:
            return
        for item in items:
            if type(item) not in _PLAIN_VALUES:
                visit(item, depth + 1)

    for root in roots:
        visit(root, start_depth)


def collect_patterns(objects: Iterable[object]) -> list[regex.Pattern[str]]:
    """The compiled patterns ``objects`` (rules) hold, and those of the modules their
    classes are defined in (the grammars kinds keep as module constants)."""
    found: dict[int, regex.Pattern[str]] = {}
    seen: set[int] = set()

    def take(value: object) -> bool:
        if isinstance(value, (regex.Pattern, TimedPattern)):
            found[id(value)] = value  # type: ignore[assignment]
            return True
        return False

    modules: set[str] = set()
    for obj in objects:
        walk_objects([obj], take, seen=seen)
        for cls in type(obj).__mro__:
            modules.add(cls.__module__)
    for name in sorted(modules):
        module = sys.modules.get(name)
        if module is not None:
            walk_objects(
                (
                    value
                    for value in vars(module).values()
                    if isinstance(value, (regex.Pattern, TimedPattern, tuple, list, dict))
                ),
                take,
                start_depth=1,
                seen=seen,
            )
    return list(found.values())


# The literals a paragraph holds, as one bit per literal of the pattern set
# (PatternSet.mask_of; DIGIT_MARK has a bit too). An int, not a frozenset: the language
# server keeps one for every paragraph of every open document, and a frozenset of the
# eighty-odd literals of a real paragraph is about 4 kB (8 MB with 50 articles open)
# where the int is a few hundred bytes; testing a clause is one ``&`` instead of a
# set's isdisjoint.
Present: TypeAlias = int
# A paragraph test as data (PatternSet.checks_of): masks each of which must meet the
# paragraph's literals, and the test left after them (None: none).
Check: TypeAlias = tuple[tuple[Present, ...], Callable[[Present], bool] | None]


class _Paragraph:
    """One block's text as the prefilter sees it: the literals it contains (one pass of
    the automaton), with ``DIGIT_MARK`` when it has a digit. Kept small: the language
    server keeps one for every paragraph of every open document."""

    __slots__ = ("text", "lowered", "present")

    def __init__(self, text: str, patterns: PatternSet) -> None:
        self.text = text
        self.lowered = usable_lowered(text)
        present = patterns.mask_of(self.lowered) if self.lowered is not None else 0
        if _DIGIT.search(text) is not None:
            present |= patterns.bit(DIGIT_MARK)
        self.present: Present = present


class _Choices(NamedTuple):
    """The alternatives of an any-of, sorted for :meth:`PatternSet.narrowed`."""

    words: dict[str, tuple[Literal, ...]]  # its literal alternatives, by their text
    words_mask: Present  # the bits of those the automaton looks for
    unknown_words: frozenset[str]  # those the automaton does not look for: always kept
    # Its other alternatives by a literal each requires (one of which, when the literals
    # of a clause of several are listed); those requiring none known are always kept.
    keyed: dict[str, tuple[Formula, ...]]
    keyed_mask: Present  # the bits of the literals ``keyed`` is keyed by
    always: tuple[Formula, ...]


def _source_key(pattern: regex.Pattern[str]) -> tuple[type, str, int] | None:
    """What makes two patterns search alike without compiling either: their class (a
    :class:`TimedPattern` answers a timeout otherwise than a compiled pattern), source and
    flags; None for a pattern whose source does not say all (named lists, other
    arguments to ``compile``)."""
    if isinstance(pattern, TimedPattern):
        if pattern._kwargs:
            return None
        return (TimedPattern, pattern.pattern, pattern.given_flags)
    if getattr(pattern, "named_lists", None) or not isinstance(pattern.pattern, str):
        return None
    return (type(pattern), pattern.pattern, int(pattern.flags))


class PatternSet:
    """The patterns of a rule set, each analysed once; their literals in one automaton
    (pyahocorasick; without it, one ``in`` test per literal), so one pass over a paragraph
    says which literals it holds, hence which patterns can match in it at all."""

    def __init__(
        self, patterns: Iterable[regex.Pattern[str]] = (), paragraphs_kept: int = 20_000
    ) -> None:
        self._formulas: dict[int, tuple[regex.Pattern[str], Formula | None]] = {}
        # id(pattern) -> (it, the first equal pattern met: :meth:`same`).
        self._same: dict[int, tuple[regex.Pattern[str], regex.Pattern[str]]] = {}
        # (class, source, flags) -> the first pattern met so compiled, and its formula.
        self._by_source: dict[tuple[type, str, int], tuple[regex.Pattern[str], Formula | None]] = {}
        # The patterns the set was made with, and the first of each source met (the one
        # :meth:`same` gives): their formulas are made when first asked for, not here (a
        # cold check asks about half of them; their literals come from the saved entries).
        self._given: dict[int, regex.Pattern[str]] = {}
        self._first: dict[tuple[type, str, int], regex.Pattern[str]] = {}
        literals: set[str] = set()
        for pattern in patterns:
            if id(pattern) in self._given:
                continue
            self._given[id(pattern)] = pattern
            key = _source_key(pattern)
            if key is not None:
                if key in self._first:
                    continue  # the same literals as the first's
                self._first[key] = pattern
            literals.update(literals_of(pattern))
        self.literals = frozenset(literals)
        # What a formula's leaves may name and still be tested (made once: a union of the
        # few thousand literals per formula cost a third of a cold start's reading).
        self._testable = self.literals | {DIGIT_MARK}
        # Each testable literal's bit in a paragraph's Present, and the literal of each bit.
        self._names = sorted(self._testable)
        self._bits = {name: 1 << i for i, name in enumerate(self._names)}
        self._automaton: Any = None
        if ahocorasick is not None and literals:
            automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
            # Each literal's value is its bit: a paragraph's mask is the hits' values or'd
            # (no set of the hits, no lookup of each literal's bit).
            for literal in sorted(literals):
                automaton.add_word(literal, self._bits[literal])
            automaton.make_automaton()
            self._automaton = automaton
        self._paragraphs: OrderedDict[str, _Paragraph] = OrderedDict()
        self.paragraphs_kept = paragraphs_kept
        # id(formula) -> (it, its paragraph test): formulas live as long as the process.
        self._tests: dict[int, tuple[Formula, Callable[[Present], bool]]] = {}
        # id(pattern) -> (it, PatternSet.leads of it).
        self._leads: dict[int, tuple[regex.Pattern[str], Any]] = {}
        # id(any-of) -> (it, its alternatives sorted for narrowing).
        self._choice_sets: dict[int, tuple[AnyOf, _Choices]] = {}
        # id(tuple of patterns) -> (it, its PatternGroup): the sets kinds ask about at once.
        self._groups: dict[int, tuple[tuple[Any, ...], PatternGroup]] = {}
        # id(formula) -> (it, _test of it), for the formulas inside others too: the saved
        # formulas share word lists and clauses, and each part's test is made once.
        self._part_tests: dict[int, tuple[Formula, Callable[[Present], bool]]] = {}
        # id(formula) -> (it, checks_of it), as _tests.
        self._checks: dict[int, tuple[Formula, Check]] = {}

    @property
    def patterns(self) -> list[regex.Pattern[str]]:
        """The patterns the set was made with (each once)."""
        return list(self._given.values())

    def formula(self, pattern: regex.Pattern[str]) -> Formula | None:
        known = self._formulas.get(id(pattern))
        if known is None or known[0] is not pattern:  # the pattern is kept: its id stays its own
            known = self._formulas[id(pattern)] = self._analysed(pattern)
        return known[1]

    def same(self, pattern: regex.Pattern[str]) -> regex.Pattern[str]:
        """The first pattern the set met that is compiled from the same source with the
        same flags as ``pattern`` (``pattern`` itself when it is the first, or when it holds
        named lists, which its source does not show). Rules list many of the same patterns
        apart (uncited-statistic and vague-attribution the same 19 study sources), each its
        own object: a scan keeps its searches by this one, so the second rule's search of a
        paragraph is the first one's, and one object is compiled and analysed, not two."""
        known = self._same.get(id(pattern))
        if known is None or known[0] is not pattern:
            self._analysed(pattern)
            known = self._same[id(pattern)]
        return known[1]

    def _analysed(self, pattern: regex.Pattern[str]) -> tuple[regex.Pattern[str], Formula | None]:
        """``pattern``'s entry in :attr:`_formulas` (its formula, an equal pattern's where
        the set met one first), its :meth:`same` recorded."""
        key = _source_key(pattern)
        first = self._by_source.get(key) if key is not None else None
        if first is None:
            if key is not None:
                pattern_met = self._first.get(key, pattern)
                first = self._by_source[key] = (pattern_met, requirement(pattern_met))
            else:
                first = (pattern, requirement(pattern))
        self._same[id(pattern)] = (pattern, first[0])
        return (pattern, first[1])

    def literals_in(self, lowered: str) -> set[str]:
        if self._automaton is not None:
            return set(self._named(self.mask_of(lowered)))
        return {literal for literal in self.literals if literal in lowered}

    def mask_of(self, lowered: str) -> Present:
        """The bits of the literals ``lowered`` holds (:data:`Present`): the automaton's
        hits or'd in a plain loop, about a quarter less than a set of the literals found
        and a lookup of each one's bit (a paragraph has about 150 hits, 80 of them
        distinct)."""
        mask = 0
        if self._automaton is not None:
            for _end, bit in self._automaton.iter(lowered):
                mask |= bit
            return mask
        bits = self._bits
        for literal in self.literals_in(lowered):
            mask |= bits[literal]
        return mask

    def bit(self, literal: str) -> Present:
        """``literal``'s bit (0 for one the set does not look for)."""
        return self._bits.get(literal, 0)

    def _mask(self, literals: Iterable[str]) -> Present:
        bits = self._bits
        mask = 0
        for literal in literals:
            mask |= bits[literal]
        return mask

    def leads(
        self, pattern: regex.Pattern[str]
    ) -> tuple[Present, dict[str, bool], tuple[str, ...], tuple[Formula, ...]] | None:
        """:func:`leading` of ``pattern`` sorted for :meth:`TextScan._places_in`: the bits
        of its literals the automaton looks for, whether each literal must start a word
        (where a literal leads both ways, it need not), the literals the automaton does
        not look for, and what the branches left out of the list require (:func:`unled`).
        None where unknown or too many to look for one by one."""
        known = self._leads.get(id(pattern))
        if known is None or known[0] is not pattern:
            found = leading(pattern)
            guards = unled(pattern)
            sorted_leads = None
            if found is not None:
                word_starts: dict[str, bool] = {}
                for text, word_start in found:
                    word_starts[text] = word_starts.get(text, True) and word_start
                others = tuple(sorted(word_starts.keys() - self._testable))
                if len(others) <= MAX_LEADING:
                    sorted_leads = (
                        # The set's method, not ``keys() & set``: a dict view's ``&`` with a
                        # frozenset walks all of its ~3,200 literals (only a plain set is
                        # walked from the smaller side), ~0.1 ms a call, 30 ms a cold run.
                        self._mask(self._testable.intersection(word_starts)),
                        word_starts,
                        others,
                        guards,
                    )
            known = self._leads[id(pattern)] = (pattern, sorted_leads)
        return known[1]

    def named(self, mask: Present) -> list[str]:
        """The literals whose bits ``mask`` has."""
        return self._named(mask)

    def _named(self, mask: Present) -> list[str]:
        """The literals whose bits ``mask`` has (few, in :meth:`narrowed`): the binary
        digits read in C, rather than a bit at a time on a number of thousands of bits,
        unless it has few bits (most masks :meth:`narrowed` asks about): ``bin`` of a
        number of three thousand bits costs 20 us or more, a bit at a time a microsecond
        or less a bit (measured: ahead up to about ten bits)."""
        names = self._names
        found = []
        if mask.bit_count() <= _FEW_BITS:
            while mask:
                low = mask & -mask
                found.append(names[low.bit_length() - 1])
                mask ^= low
            return found
        digits = bin(mask)[:1:-1]  # lowest bit first
        at = digits.find("1")
        while at != -1:
            found.append(names[at])
            at = digits.find("1", at + 1)
        return found

    def paragraph(self, text: str) -> _Paragraph:
        """What the prefilter knows of ``text``, kept by that text (least recently used dropped)."""
        paragraphs = self._paragraphs
        known = paragraphs.get(text)
        if known is None:
            known = paragraphs[text] = _Paragraph(text, self)
            if len(paragraphs) > self.paragraphs_kept:
                paragraphs.popitem(last=False)
        else:
            paragraphs.move_to_end(text)
        return known

    def forget(self) -> None:
        self._paragraphs.clear()

    def group(self, patterns: Sequence[regex.Pattern[str] | None]) -> PatternGroup:
        """``patterns`` as one :class:`PatternGroup`, made once per tuple (kinds ask about
        the tuples their rules hold, again and again); a list is made again each time."""
        if type(patterns) is not tuple:
            return PatternGroup(self, patterns)
        known = self._groups.get(id(patterns))
        if known is None or known[0] is not patterns:
            if len(self._groups) >= MAX_GROUPS:  # tuples made per call: never kept for long
                self._groups.clear()
            known = self._groups[id(patterns)] = (patterns, PatternGroup(self, patterns))
        return known[1]

    def possible(self, formula: Formula, present: Present) -> bool:
        """Whether ``formula`` can hold anywhere in a paragraph holding the literals
        ``present`` (literals not in the automaton, of patterns first seen after the set was
        built, count as present; word starts are left to the range test)."""
        return self.test_of(formula)(present)

    def test_of(self, formula: Formula) -> Callable[[Present], bool]:
        """:meth:`possible` of ``formula`` as a function of ``present``."""
        known = self._tests.get(id(formula))
        if known is None or known[0] is not formula:
            known = self._tests[id(formula)] = (formula, self._check(formula))
        return known[1]

    def checks_of(self, formula: Formula) -> Check:
        """:meth:`possible` of ``formula`` as data (:data:`Check`): the masks every one of
        which must meet a paragraph's literals, then the test left (None when the masks
        are the whole answer: a literal, or an any-of of literals). A set of patterns
        (:class:`PatternGroup`) is answered by one loop over these, with no call for most
        patterns: the same answers as :meth:`test_of`. Made once per formula."""
        known = self._checks.get(id(formula))
        if known is None or known[0] is not formula:
            known = self._checks[id(formula)] = (formula, self._make_checks(formula))
        return known[1]

    def _make_checks(self, formula: Formula) -> Check:
        # First the clauses (_check's order: they rule most paragraphs out), then what is
        # left of the formula: its own mask, or an all-of's parts', or its test.
        masks = [self._mask(clause) for clause in self._clauses_of(formula)]
        if isinstance(formula, AllOf):
            exact, left = self._conjunction(formula)
            masks.extend(exact)
            if len(left) > 1:  # the all-of's own test, its masks tested again (cheap)
                left = [self._test(formula)]
            return tuple(dict.fromkeys(masks)), left[0] if left else None
        one = self._exact_mask(formula)
        if one is not None:
            masks.append(one)
            return tuple(dict.fromkeys(masks)), None
        test = self._test(formula)
        return tuple(dict.fromkeys(masks)), None if test is _always else test

    def _exact_mask(self, formula: Formula) -> Present | None:
        """The mask that is ``formula``'s whole paragraph test (:meth:`_make_test`): a
        literal or digit the automaton looks for, or an any-of of only such; else None."""
        if isinstance(formula, (Literal, Digit)):
            text = formula.text if isinstance(formula, Literal) else DIGIT_MARK
            return self._bits[text] if text in self._testable else None
        if isinstance(formula, AllOf):
            return None
        texts: list[str] = []
        for part in formula.parts:
            if isinstance(part, Literal):
                texts.append(part.text)
            elif isinstance(part, Digit):
                texts.append(DIGIT_MARK)
            else:
                return None
        leaves = frozenset(texts)
        return self._mask(leaves) if leaves <= self._testable else None

    def _check(self, formula: Formula) -> Callable[[Present], bool]:
        """:meth:`possible` of ``formula``, as one function (it is asked about every
        paragraph of every article, so each call counts): the clauses rule most paragraphs
        out in a set operation or two; the rest are tested on the whole formula."""
        clauses = self._clauses_of(formula)
        test = self._test(formula)
        if not clauses:
            return test
        masks = [self._mask(clause) for clause in clauses]
        if len(masks) == 1:
            mask = masks[0]
            return lambda present: bool(mask & present) and test(present)

        def check(present: Present) -> bool:
            for mask in masks:
                if not mask & present:
                    return False
            return test(present)

        return check

    def narrowed(self, formula: Formula, present: Present) -> Formula:
        """``formula`` without what a paragraph holding the literals ``present`` lacks
        (:data:`NEVER` when nothing is left): on any range of that paragraph, ``holds`` of
        it answers what ``holds`` of ``formula`` answers. A word list of hundreds keeps the
        few words the paragraph has, so each range a rule asks about (its sentences) costs a
        few ``str.find`` calls instead of a walk through the whole formula."""
        if isinstance(formula, Literal):
            if formula.text in self.literals and not self._bits[formula.text] & present:
                return NEVER
            return formula
        if isinstance(formula, Digit):
            return formula if self._bits[DIGIT_MARK] & present else NEVER
        parts: list[Formula] = []
        if isinstance(formula, AllOf):
            literals = self.literals
            bits = self._bits
            for part in formula.parts:
                if type(part) is Literal:  # as above, without a call
                    if part.text in literals and not bits[part.text] & present:
                        return NEVER
                    parts.append(part)
                    continue
                kept = self.narrowed(part, present)
                if kept is NEVER:
                    return NEVER
                parts.append(kept)
            return AllOf(tuple(parts))
        choices = self._choices(formula)
        words = choices.words
        held = choices.words_mask & present  # (no call to name the bits of none)
        for text in [*(self._named(held) if held else ()), *choices.unknown_words]:
            parts.extend(words[text])
        # Of the other alternatives, only those whose key literal the paragraph holds.
        candidates = {id(part): part for part in choices.always}
        held = choices.keyed_mask & present
        if held:
            for literal in self._named(held):
                candidates.update((id(part), part) for part in choices.keyed[literal])
        for part in candidates.values():
            kept = self.narrowed(part, present)
            if kept is not NEVER:
                parts.append(kept)
        return AnyOf(tuple(parts)) if parts else NEVER

    def _choices(self, formula: AnyOf) -> _Choices:
        """The alternatives of ``formula`` sorted for :meth:`narrowed`, made once per any-of."""
        known = self._choice_sets.get(id(formula))
        if known is not None and known[0] is formula:
            return known[1]
        words, others = _alternatives(formula)
        keyed: dict[str, list[Formula]] = {}
        always: list[Formula] = []
        for part in others:
            clauses = self._clauses_of(part)
            if not clauses:
                always.append(part)
                continue
            # One clause is enough to rule the part out: the one of the longest literals.
            clause = max(clauses, key=_shortest)
            for literal in clause:
                keyed.setdefault(literal, []).append(part)
        choices = _Choices(
            words,
            self._mask(self.literals.intersection(words)),  # not keys() & (see leads)
            frozenset(words.keys() - self.literals),
            {literal: tuple(parts) for literal, parts in keyed.items()},
            self._mask(keyed),
            tuple(always),
        )
        self._choice_sets[id(formula)] = (formula, choices)
        return choices

    def _test(self, formula: Formula) -> Callable[[Present], bool]:
        """``formula`` as a function of a paragraph's literals; an any-of of literals is
        one set operation. Made once per formula (by its identity: formulas live as long
        as the process)."""
        known = self._part_tests.get(id(formula))
        if known is None or known[0] is not formula:
            known = self._part_tests[id(formula)] = (formula, self._make_test(formula))
        return known[1]

    def _make_test(self, formula: Formula) -> Callable[[Present], bool]:
        if isinstance(formula, (Literal, Digit)):  # as an any-of of one, without making one
            text = formula.text if isinstance(formula, Literal) else DIGIT_MARK
            if text not in self._testable:
                return _always
            bit = self._bits[text]
            return lambda present: bool(bit & present)
        if isinstance(formula, AllOf):
            masks, parts = self._conjunction(formula)

            def all_of(present: Present) -> bool:
                # Loops, not all(...): no generator made per call. The parts that are
                # a mask are tested here, without a call each.
                for mask in masks:
                    if not mask & present:
                        return False
                for part in parts:  # noqa: SIM110
                    if not part(present):
                        return False
                return True

            return all_of
        # One loop over the alternatives (word lists of thousands) rather than three.
        texts: list[str] = []
        nested: list[Formula] = []
        for part in formula.parts:
            if isinstance(part, Literal):
                texts.append(part.text)
            elif isinstance(part, Digit):
                texts.append(DIGIT_MARK)
            else:
                nested.append(part)
        leaves = frozenset(texts)
        if not leaves <= self._testable:
            return _always
        mask = self._mask(leaves)
        # A nested alternative that is a mask joins the mask; an all-of of masks is tested
        # here as its masks (most alternatives of a phrase list: "leading cause"); only the
        # rest are called.
        conjunctions: list[tuple[Present, ...]] = []
        rest: list[Callable[[Present], bool]] = []
        for part in nested:
            exact = self._exact_mask(part)
            if exact is not None:
                mask |= exact
                continue
            if isinstance(part, AllOf):
                masks, tests = self._conjunction(part)
                if not tests:
                    conjunctions.append(masks)
                    continue
            test = self._test(part)
            if test is _always:
                return _always
            rest.append(test)
        if not rest and not conjunctions:
            return lambda present: bool(mask & present)

        def any_of(present: Present) -> bool:
            if mask & present:
                return True
            for masks in conjunctions:
                for one in masks:
                    if not one & present:
                        break
                else:
                    return True
            for part in rest:  # noqa: SIM110 - as in all_of
                if part(present):
                    return True
            return False

        return any_of

    def _conjunction(
        self, formula: AllOf
    ) -> tuple[tuple[Present, ...], list[Callable[[Present], bool]]]:
        """An all-of's test as the masks of its parts that are one (:meth:`_exact_mask`)
        and the tests of the others (those that always hold left out)."""
        masks: list[Present] = []
        tests: list[Callable[[Present], bool]] = []
        for part in formula.parts:
            exact = self._exact_mask(part)
            if exact is not None:
                masks.append(exact)
                continue
            test = self._test(part)
            if test is not _always:
                tests.append(test)
        return tuple(masks), tests

    def _clauses_of(self, formula: Formula) -> tuple[frozenset[str], ...]:
        """A necessary condition of ``formula`` on a paragraph: sets of literals, each of
        which must meet the paragraph's (``DIGIT_MARK`` for a digit). An any-of keeps, of
        each alternative, the one set with the rarest-looking (longest) literals. (Not
        kept per formula as :meth:`_test` is: that saved 1.5% of a cold check's
        instructions and cost the language server 1 MB.)"""
        if isinstance(formula, Digit):
            return (frozenset((DIGIT_MARK,)),)
        if isinstance(formula, Literal):
            return (frozenset((formula.text,)),) if formula.text in self.literals else ()
        if isinstance(formula, AllOf):
            parts = [self._clauses_of(part) for part in formula.parts]
            return tuple(dict.fromkeys(clause for clauses in parts for clause in clauses))
        # An any-of: its literal and digit alternatives (most of a word list) are taken
        # here rather than each made a clause of its own (a fresh process analyses a few
        # hundred formulas of thousands of alternatives).
        known = self.literals
        union: set[str] = set()
        for part in formula.parts:
            if isinstance(part, Literal):
                if part.text not in known:
                    return ()  # an alternative that needs nothing known
                union.add(part.text)
            elif isinstance(part, Digit):
                union.add(DIGIT_MARK)
            else:
                clauses = self._clauses_of(part)
                if not clauses:
                    return ()
                union |= max(clauses, key=_shortest)
        return (frozenset(union),)


class PatternGroup:
    """A set of patterns a kind asks about at once (:meth:`TextScan.may_match`): each
    one's paragraph test (:meth:`PatternSet.possible`) as data (:meth:`PatternSet.checks_of`,
    answered in one loop by :func:`_answers`), and the
    union of one clause of each (:meth:`PatternSet._clauses_of`), so that a paragraph
    lacking all of them rules the whole set out with one ``&``."""

    __slots__ = ("patterns", "formulas", "checks", "mask", "never")

    def __init__(self, owner: PatternSet, patterns: Sequence[regex.Pattern[str] | None]) -> None:
        self.patterns = patterns
        # None: no pattern (never matches) or no formula (may match anywhere).
        formulas: list[Formula | None] = []
        checks: list[Check] = []
        mask: Present | None = 0
        for pattern in patterns:
            formula = None if pattern is None else owner.formula(pattern)
            formulas.append(formula)
            if formula is None:
                checks.append(_NEVER_CHECK if pattern is None else _ALWAYS_CHECK)
                if pattern is not None:
                    mask = None  # this one may match in any paragraph
                continue
            checks.append(owner.checks_of(formula))
            clauses = owner._clauses_of(formula)
            if not clauses:
                mask = None
            elif mask is not None:
                mask |= owner._mask(clauses[0])  # each of its clauses must meet the paragraph
        self.formulas = formulas
        self.checks = checks
        self.mask = mask
        self.never = (False,) * len(patterns)


# PatternSet.checks_of of no pattern (never matches) and of one with no formula.
_NEVER_CHECK: Check = ((0,), None)
_ALWAYS_CHECK: Check = ((), None)


# Up to how many tuples of patterns a PatternSet keeps as groups.
MAX_GROUPS = 4096

# Up to how many leading literals the automaton does not look for (each looked for in the
# paragraph on its own) a pattern is searched only where they occur.
MAX_LEADING = 32
# A pattern is searched only at its leading literals where they occur at most once in
# this many characters of the paragraph (a finditer costs 0.1 to 1 us a character).
CHARS_PER_PLACE = 32

# Up to how many bits PatternSet._named reads a mask a bit at a time.
_FEW_BITS = 8

# What a paragraph holds when it has a digit (with its literals: see PatternSet.possible).
DIGIT_MARK = "\x00digit"


def _always(present: Present) -> bool:
    return True


def _shortest(clause: AbstractSet[str]) -> int:
    """The length of a clause's shortest literal (the longer, the rarer the clause looks)."""
    return min(map(len, clause))


class TextScan:
    """The searches of one document's text: the ones that cannot match are skipped, the
    ones several rules make are made once. A range inside one block is first tested
    against that block's paragraph (:class:`PatternSet`), then by its own literals."""

    def __init__(
        self,
        patterns: PatternSet,
        text: str,
        blocks: Iterable[tuple[int, int]] = (),
        searches: dict[tuple[int, int, int], list[regex.Match[str]]] | None = None,
    ) -> None:
        self.patterns = patterns
        self.text = text
        spans = sorted(blocks)
        self._starts = [start for start, _ in spans]
        self._ends = [end for _, end in spans]
        self._paragraphs: list[_Paragraph | None] = [None] * len(spans)
        self._lowered: str | None | bool = False  # False: not made yet
        # (id(PatternSet.same of the pattern), start, end) -> its matches there: the caller's
        # dict where given, to keep the searches made beyond this scan (engine._Read).
        self._searches: dict[tuple[int, int, int], list[regex.Match[str]]] = (
            {} if searches is None else searches
        )
        # (block index, id(formula)) -> whether it can hold in that block.
        self._possible: dict[tuple[int, int], bool] = {}
        # (block index, id(formula)) -> the formula narrowed to what that block holds.
        self._narrowed: dict[tuple[int, int], Formula] = {}
        self._beyond_ascii: list[int] | None = None  # where the text has letters beyond ASCII
        # (block index, id(PatternGroup)) -> (it, whether each of its patterns may be there).
        self._groups_possible: dict[tuple[int, int], tuple[PatternGroup, tuple[bool, ...]]] = {}
        # (block index, id(pattern)) -> where in that block a match may start (or None).
        self._places: dict[tuple[int, int], Any] = {}

    def forget_answers(self) -> None:
        """Drop the prefilter's answers by formula, group and pattern (one rule's, since
        rules ask of their own formulas), keeping what any rule's searches start from:
        the paragraphs' literals, the searches made and where letters beyond ASCII are."""
        self._possible = {}
        self._narrowed = {}
        self._groups_possible = {}
        self._places = {}

    def rules_out(self, pattern: regex.Pattern[str], text: str, start: int, end: int) -> bool:
        """True when ``pattern`` cannot match in ``text[start:end]``."""
        formula = self.patterns.formula(pattern)
        if formula is None:
            return False
        if text is self.text:
            i = bisect_right(self._starts, start) - 1
            if i >= 0 and end <= self._ends[i]:
                paragraph = self._paragraphs[i] or self._paragraph(i)
                block_start = self._starts[i]
                if paragraph.lowered is None:
                    return False
                if not self._possible_in(i, formula, paragraph):
                    return True
                if start == block_start and end == self._ends[i]:
                    return False
                return not holds(
                    self._narrowed_in(i, formula, paragraph),
                    paragraph.text,
                    paragraph.lowered,
                    start - block_start,
                    end - block_start,
                )
            if self._lowered is False:
                self._lowered = usable_lowered(text)
            lowered = self._lowered
        else:
            lowered = usable_lowered(text)
        return isinstance(lowered, str) and not holds(formula, text, lowered, start, end)

    def may_match(
        self, patterns: Sequence[regex.Pattern[str] | None], text: str, start: int, end: int
    ) -> list[bool]:
        """For each of ``patterns``, False only when it is None or :meth:`rules_out` says it
        cannot match in ``text[start:end]``: the same answers, for a set in one pass. Asked
        of a block, the set's clauses meet the paragraph's literals in one ``&`` (most
        paragraphs hold none of a kind's patterns); then each pattern's paragraph test."""
        if text is self.text:
            i = bisect_right(self._starts, start) - 1
            if i >= 0 and end <= self._ends[i]:
                paragraph = self._paragraphs[i] or self._paragraph(i)
                if paragraph.lowered is not None:
                    return self._may_match_in(i, paragraph, patterns, text, start, end)
        return [
            pattern is not None and not self.rules_out(pattern, text, start, end)
            for pattern in patterns
        ]

    def _may_match_in(
        self,
        i: int,
        paragraph: _Paragraph,
        patterns: Sequence[regex.Pattern[str] | None],
        text: str,
        start: int,
        end: int,
    ) -> list[bool]:
        group, answers = self._block_answers(i, paragraph, patterns)
        block_start = self._starts[i]
        if start == block_start and end == self._ends[i] or True not in answers:
            return list(answers)
        # A range inside the block: what the block may hold, tested where the range is.
        lowered = paragraph.lowered
        assert lowered is not None
        low, high = start - block_start, end - block_start
        return [
            may
            and (
                formula is None
                or holds(
                    self._narrowed_in(i, formula, paragraph), paragraph.text, lowered, low, high
                )
            )
            for may, formula in zip(answers, group.formulas, strict=True)
        ]

    def _block_answers(
        self, i: int, paragraph: _Paragraph, patterns: Sequence[regex.Pattern[str] | None]
    ) -> tuple[PatternGroup, tuple[bool, ...]]:
        """Whether each of ``patterns`` may match in block ``i`` (its paragraph test), with
        their group; kept per block for a tuple."""
        group = self.patterns.group(patterns)
        key = (i, id(group))
        in_block = self._groups_possible.get(key)
        if in_block is None or in_block[0] is not group:
            present = paragraph.present
            mask = group.mask
            if mask is not None and not mask & present:
                answers: tuple[bool, ...] = group.never
            else:
                answers = _answers(group.checks, present)
            in_block = (group, answers)
            if type(patterns) is tuple:  # a list's group is made anew each time: not kept
                self._groups_possible[key] = in_block
        return in_block

    def may_occur_each(
        self, patterns: Sequence[regex.Pattern[str] | None], start: int, end: int
    ) -> list[bool]:
        """:meth:`may_occur_in` of each of ``patterns`` (False for None), the set asked at
        once (:class:`PatternGroup`)."""
        i = bisect_right(self._starts, start) - 1
        if i >= 0 and end <= self._ends[i]:
            paragraph = self._paragraphs[i] or self._paragraph(i)
            if paragraph.lowered is not None:
                return list(self._block_answers(i, paragraph, patterns)[1])
        return [pattern is not None for pattern in patterns]

    def may_occur_in(self, pattern: regex.Pattern[str], start: int, end: int) -> bool:
        """False only when ``pattern`` cannot match in the string ``text[start:end]`` cut out
        on its own (as a verdict model searches a sentence): only the paragraph's literals
        are asked, which hold for any part of it."""
        formula = self.patterns.formula(pattern)
        if formula is None:
            return True
        i = bisect_right(self._starts, start) - 1
        if i < 0 or end > self._ends[i]:
            return True
        paragraph = self._paragraphs[i] or self._paragraph(i)
        return paragraph.lowered is None or self._possible_in(i, formula, paragraph)

    def _possible_in(self, i: int, formula: Formula, paragraph: _Paragraph) -> bool:
        answer = self._possible.get((i, id(formula)))
        if answer is None:
            answer = self._possible[(i, id(formula))] = self.patterns.possible(
                formula, paragraph.present
            )
        return answer

    def may_occur_alone(
        self, pattern: regex.Pattern[str], string: str, lowered: str, block_start: int = -1
    ) -> bool:
        """False only when ``pattern`` cannot match in ``string`` searched on its own
        (``lowered``: its :func:`usable_lowered`); ``block_start``: the start of the block
        ``string`` was cut from, whose paragraph says which literals it cannot hold."""
        formula = self.patterns.formula(pattern)
        if formula is None:
            return True
        i = bisect_right(self._starts, block_start) - 1
        if block_start >= 0 and i >= 0 and self._starts[i] == block_start:
            paragraph = self._paragraphs[i] or self._paragraph(i)
            if paragraph.lowered is not None:
                return holds(
                    self._narrowed_in(i, formula, paragraph), string, lowered, 0, len(string)
                )
        return holds(formula, string, lowered, 0, len(string))

    def _narrowed_in(self, i: int, formula: Formula, paragraph: _Paragraph) -> Formula:
        """``formula`` narrowed to what block ``i`` holds (PatternSet.narrowed), made once
        per block: rules ask about several ranges (sentences) of the same block."""
        narrowed = self._narrowed.get((i, id(formula)))
        if narrowed is None:
            narrowed = self._narrowed[(i, id(formula))] = self.patterns.narrowed(
                formula, paragraph.present
            )
        return narrowed

    def _paragraph(self, i: int) -> _Paragraph:
        """Block ``i``'s paragraph, made on first asking (callers look in ``_paragraphs``
        first: asked about 450,000 times over the archive, nearly always of one made)."""
        paragraph = self._paragraphs[i]
        if paragraph is None:
            paragraph = self._paragraphs[i] = self.patterns.paragraph(
                self.text[self._starts[i] : self._ends[i]]
            )
        return paragraph

    def search(
        self, pattern: regex.Pattern[str], text: str, start: int, end: int, timeout: float
    ) -> list[regex.Match[str]]:
        """``list(pattern.finditer(text, start, end))``, made once per range of the text."""
        if self.rules_out(pattern, text, start, end):
            return []
        return self.search_possible(pattern, text, start, end, timeout)

    def search_possible(
        self, pattern: regex.Pattern[str], text: str, start: int, end: int, timeout: float
    ) -> list[regex.Match[str]]:
        """:meth:`search` of a pattern :meth:`may_match` said may match in the range: the
        same matches, without asking the prefilter again."""
        if text is not self.text:
            return self._finditer(pattern, text, start, end, timeout)
        same = self.patterns.same(pattern)  # an equal pattern's search is this one's
        key = (id(same), start, end)
        found = self._searches.get(key)
        if found is None:
            found = self._searches[key] = self._finditer(same, text, start, end, timeout)
        return found

    def _finditer(
        self, pattern: regex.Pattern[str], text: str, start: int, end: int, timeout: float
    ) -> list[regex.Match[str]]:
        """``list(pattern.finditer(text, start, end))``, with the pattern's simple-folding
        twin (:mod:`ketlint.casefolding`) where the search looks at no letter beyond ASCII:
        the same matches, found several times faster."""
        twin = simple_folding(pattern)
        if (
            twin is not None
            and twin is not pattern
            and self._no_letter_beyond_ascii(text, 0 if looks_behind(pattern) else start, end)
        ):
            try:
                return self._matches(pattern, twin, text, start, end, timeout)
            except PatternTimeout:  # told with the pattern's own source, as it would be
                raise PatternTimeout(
                    pattern.pattern, min(timeout, PATTERN_TIMEOUT_SECONDS)
                ) from None
        return self._matches(pattern, pattern, text, start, end, timeout)

    def _matches(
        self,
        pattern: regex.Pattern[str],
        searched: regex.Pattern[str],
        text: str,
        start: int,
        end: int,
        timeout: float,
    ) -> list[regex.Match[str]]:
        """``list(searched.finditer(text, start, end))`` (``searched``: ``pattern`` or its
        twin). Where every match of ``pattern`` starts with one of a few literals
        (:func:`leading`), the regex engine is asked only where the range has one: a
        finditer tries every branch of a word list at every character (about a
        microsecond a character), a match at the literal's place costs about one call.
        The matches are the same: a search is a match tried at each place in turn, and
        no other place can start one."""
        places = self.leading_places(pattern, text, start, end)
        if places is None:
            return list(searched.finditer(text, start, end, timeout=timeout))
        if type(searched) is not TimedPattern:
            return _matches_at(searched, places, text, start, end, timeout)
        # A rule's pattern is matched through its compiled pattern, under the timeout its
        # wrapper would set: the wrapper's call costs about as much as a match at a place
        # (175,514 matches over the archive).
        compiled = searched.compiled
        timeout = min(timeout, PATTERN_TIMEOUT_SECONDS)
        try:
            return _matches_at(compiled, places, text, start, end, timeout)
        except TimeoutError:
            raise PatternTimeout(compiled.pattern, timeout) from None

    def leading_places(
        self, pattern: regex.Pattern[str], text: str, start: int, end: int
    ) -> list[int] | None:
        """Where in ``text[start:end]`` (inside one block) a literal that every match of
        ``pattern`` starts with occurs (:func:`leading`), in order; None when that is not
        known or not worth it. A literal that must start a word is not counted where the
        text has an ASCII letter or digit before it, even at ``start``."""
        if text is not self.text:
            return None
        i = bisect_right(self._starts, start) - 1
        if i < 0 or end > self._ends[i]:
            return None
        key = (i, id(pattern))
        places = self._places.get(key, _NOT_SAVED)
        if places is _NOT_SAVED:
            places = self._places[key] = self._places_in(pattern, self._paragraph(i))
        if places is None:
            return None
        block_start = self._starts[i]
        low, high = start - block_start, end - block_start
        return [
            place + block_start
            for place in places[bisect_left(places, low) : bisect_left(places, high)]
        ]

    def _places_in(self, pattern: regex.Pattern[str], paragraph: _Paragraph) -> list[int] | None:
        """Where in the paragraph (from its start) a match of ``pattern`` may start, in
        order; None when unknown, or when the places are so many that a match tried at
        each costs more than the search (a few microseconds each, with its timeout)."""
        lowered = paragraph.lowered
        leads = self.patterns.leads(pattern)
        if lowered is None or leads is None:
            return None
        mask, word_starts, others, guards = leads
        for guard in guards:  # a branch that starts otherwise may match here
            if self.patterns.possible(guard, paragraph.present):
                return None
        places: set[int] = set()
        # The literals the automaton found in the paragraph, and those it does not look for.
        for literal in [*self.patterns.named(mask & paragraph.present), *others]:
            word_start = word_starts[literal]
            if literal == DIGIT_MARK:
                digit = _WORD_START_DIGIT if word_start else _DIGIT
                places.update(found.start() for found in digit.finditer(paragraph.text))
                if len(places) * CHARS_PER_PLACE > len(lowered):
                    return None
                continue
            at = lowered.find(literal)
            while at >= 0:
                if not word_start or at == 0 or lowered[at - 1] not in _ASCII_ALNUM_CHARS:
                    places.add(at)
                at = lowered.find(literal, at + 1)
            if len(places) * CHARS_PER_PLACE > len(lowered):
                return None
        return sorted(places)

    def _no_letter_beyond_ascii(self, text: str, start: int, end: int) -> bool:
        if text is not self.text:
            return LETTER_BEYOND_ASCII.search(text, start, end) is None
        where = self._beyond_ascii
        if where is None:
            where = self._beyond_ascii = [m.start() for m in LETTER_BEYOND_ASCII.finditer(text)]
        i = bisect_left(where, start)
        return i == len(where) or where[i] >= end


def _answers(checks: list[Check], present: Present) -> tuple[bool, ...]:
    """Each check (:meth:`PatternSet.checks_of`) asked of a paragraph's literals
    ``present``: one loop, a call only where a test is left after the masks."""
    answers: list[bool] = []
    append = answers.append
    for masks, test in checks:
        for mask in masks:
            if not mask & present:
                append(False)
                break
        else:
            append(True if test is None else test(present))
    return tuple(answers)


def _matches_at(
    searched: regex.Pattern[str], places: list[int], text: str, start: int, end: int, timeout: float
) -> list[regex.Match[str]]:
    """The matches of ``searched`` in ``text[start:end]`` tried at ``places`` in order, each
    after the last match's end (:meth:`TextScan._matches`)."""
    found: list[regex.Match[str]] = []
    after = start
    match_at = searched.match
    for place in places:
        if place < after:
            continue
        match = match_at(text, place, end, timeout=timeout)
        if match is not None:
            found.append(match)
            after = match.end()  # never empty: it starts with a literal
    return found


def search_all(
    pattern: regex.Pattern[str], text: str, start: int, end: int, timeout: float
) -> list[regex.Match[str]]:
    """Every match of ``pattern`` in ``text[start:end]``, through a prefilter of its own."""
    return TextScan(PatternSet([pattern]), text).search(pattern, text, start, end, timeout)
