"""Terms: the words and patterns a rule lists, how they are matched, and their index.

A rule's terms behave as one ordered alternation: scanning left to right, at the first
position where any term matches, the first term in list order wins, and scanning goes on
after its match. A regex alternation of many terms is slow, though: the engine tries every
alternative at every position (a list of 50 words cost 40 ms per article, 5,000 words more
than a second). So each term is also indexed by the first letters its match can start with
(:class:`TermIndex`); a block's words are looked up in that index and only the few terms
that can start at a word are tried there, in list order, each with the same regex the
alternation holds. Rules the index cannot serve exactly (``whole-word: false``, a pattern
that may start with punctuation or anything at all, back references) use the alternation.

Shared by the kinds that read listed terms (``phrases``, ``topic-requires``).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

import regex

from ketlint.timeouts import escape, user_pattern
from ketlint.word_keys import PREFIX_CHARS

WORD_CHAR = r"[\p{L}\p{N}_]"

TERM_SCHEMA: dict[str, Any] = {
    "oneOf": [
        {"type": "string", "minLength": 1, "description": "A literal phrase."},
        {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "term": {"type": "string", "minLength": 1, "description": "A literal phrase."},
                "pattern": {
                    "type": "string",
                    "minLength": 1,
                    "description": "A regular expression (the `regex` module's syntax).",
                },
                "suggestion": {
                    "type": "string",
                    "description": "Plainer wording, shown in the message.",
                },
                "replace": {"type": "string", "description": "Replacement offered as a fix."},
                "safe": {
                    "type": "boolean",
                    "description": "Whether the replacement is a safe fix (applied by --fix).",
                },
                "message": {
                    "type": "string",
                    "description": "Message for this term instead of the rule's.",
                },
                "case-sensitive": {"type": "boolean"},
                "weight": {
                    "type": "number",
                    "minimum": 0,
                    "description": "Strength, for document scores (default 1).",
                },
            },
            "oneOf": [{"required": ["term"]}, {"required": ["pattern"]}],
        },
    ]
}


@dataclass(frozen=True)
class Term:
    label: str
    pattern: str  # regex source, without word boundaries
    suggestion: str | None = None
    replace: str | None = None
    safe: bool = False
    message: str | None = None
    case_sensitive: bool = False
    weight: float = 1.0


def literal_pattern(phrase: str) -> str:
    """A literal phrase whose spaces match any whitespace run (masked markup becomes spaces)."""
    words = phrase.split()
    escaped = [escape(word) for word in words]
    # Curly and straight apostrophes are the same letter to a reader.
    joined = r"\s+".join(escaped)
    return joined.replace("'", "['’]").replace("’", "['’]")


def parse_term(entry: Any) -> Term:
    if isinstance(entry, str):
        return Term(label=entry, pattern=literal_pattern(entry))
    if "term" in entry:
        label = entry["term"]
        source = literal_pattern(label)
    else:
        label = entry["pattern"]
        source = entry["pattern"]
    return Term(
        label=label,
        pattern=source,
        suggestion=entry.get("suggestion"),
        replace=entry.get("replace"),
        safe=bool(entry.get("safe", False)),
        message=entry.get("message"),
        case_sensitive=bool(entry.get("case-sensitive", False)),
        weight=float(entry.get("weight", 1.0)),
    )


def compile_terms(terms: list[Term], whole_word: bool, ignore_case: bool) -> regex.Pattern[str]:
    """One pattern for all terms; group ``t<i>`` tells which term matched."""
    parts = []
    for index, term in enumerate(terms):
        body = term.pattern
        if term.case_sensitive and ignore_case:
            body = f"(?-i:{body})"
        parts.append(f"(?P<t{index}>{body})")
    alternation = "|".join(parts) or "(?!)"
    if whole_word:
        # The lookahead rejects positions inside whitespace runs (masked markup makes long
        # ones) at once, before any term's own lookbehind scans back over the run.
        alternation = f"(?<!{WORD_CHAR})(?=[\\p{{L}}\\p{{N}}_])(?:{alternation})(?!{WORD_CHAR})"
    flags = regex.VERSION1 | regex.UNICODE
    if ignore_case:
        flags |= regex.IGNORECASE
    return user_pattern(alternation, flags)


# -- the term index ------------------------------------------------------------------------
#
# For every term, the (case-folded) first words a match can start with, read off the term's
# regex, up to PREFIX_CHARS letters; or, where the regex allows any letters after a beginning
# ("improv\p{L}*"), that beginning. A match of a whole-word term starts at the start of a
# word, so only the words found in the index can start one.

MAX_PREFIXES = 512  # per term; a pattern with more first-word spellings is read to fewer letters
_FALLBACK_WIDTHS = (PREFIX_CHARS, 8, 4, 2, 1)
# WORD_CHAR as IGNORECASE matches it, written case-sensitively: the same characters (U+0345,
# a combining mark, is the one character case folding adds), but compiling in a third of
# the time, since the engine need not fold the whole of \p{L}. Checked over all code points
# in tests/test_phrases_index.py.
_FOLDED_WORD_CHAR = r"(?-i:[\p{L}\p{N}_\u0345])"
_IS_WORD_CHAR = regex.compile(r"[\p{L}\p{N}_]")


class NotIndexable(Exception):
    """The pattern's first letters cannot be read off exactly; the rule uses the alternation."""


class _TooManySpellings(NotIndexable):
    """More first-word spellings than MAX_PREFIXES at this width; a shorter one may do."""


# Parsed regex nodes: ("chars", frozenset of characters | None for unknown), ("zero",) for
# anything that matches no text (anchors, lookarounds), ("alt", [[node, ...], ...]) and
# ("repeat", node, least, most or None).
_Node = tuple[Any, ...]
_SPACE_CHARS = frozenset(" \t\n\r\f\v\x1c\x1d\x1e\x1f\x85\xa0")
# \s stands for spaces only (all of them end a word, so listing the ASCII ones is enough);
# \d is left unknown, since it also matches digits of other scripts.
_CLASS_ESCAPES = {"s": _SPACE_CHARS}
_CHAR_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}
_ANCHOR_ESCAPES = frozenset("bBmMAZG")
# Escapes after which matching a term on its own could differ from matching it inside the
# alternation (back references, \K), or that this reader does not follow (code points).
_UNREADABLE_ESCAPES = frozenset("KgkxuUoN0123456789")


class _PatternReader:
    """A reader of the `regex` syntax, precise only about what a match can start with."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.at = 0

    def parse(self) -> list[list[_Node]]:
        branches = self.alternation()
        if self.at != len(self.source):
            raise NotIndexable("unbalanced parenthesis")
        return branches

    def peek(self) -> str:
        return self.source[self.at] if self.at < len(self.source) else ""

    def alternation(self) -> list[list[_Node]]:
        branches = [self.sequence()]
        while self.peek() == "|":
            self.at += 1
            branches.append(self.sequence())
        return branches

    def sequence(self) -> list[_Node]:
        nodes: list[_Node] = []
        while self.at < len(self.source) and self.peek() not in "|)":
            nodes.append(self.quantified(self.atom()))
        return nodes

    def quantified(self, node: _Node) -> _Node:
        char = self.peek()
        if char == "?":
            least, most = 0, 1
        elif char == "*":
            least, most = 0, None
        elif char == "+":
            least, most = 1, None
        elif char == "{":
            close = self.source.find("}", self.at)
            body = self.source[self.at + 1 : close] if close != -1 else ""
            low, comma, high = body.partition(",")
            if (
                close == -1
                or not (low.isdigit() or not low)
                or not (high.isdigit() or not high)
                or not (low or comma)
            ):
                # A literal brace, or fuzzy matching ({e<=1}): not followed here.
                raise NotIndexable("unusual braces")
            least = int(low) if low else 0
            most = (int(high) if high else None) if comma else least
            self.at = close
        else:
            return node
        self.at += 1
        if self.peek() in ("?", "+"):  # lazy or possessive: the same strings
            self.at += 1
        return ("repeat", node, least, most)

    def atom(self) -> _Node:
        char = self.source[self.at]
        if char == "\\":
            return self.escape()
        if char == "[":
            return self.char_class()
        if char == "(":
            return self.group()
        self.at += 1
        if char in "^$":
            return ("zero",)
        if char == ".":
            return ("chars", None)
        return ("chars", frozenset(char))

    def escape(self) -> _Node:
        if self.at + 1 >= len(self.source):
            raise NotIndexable("trailing backslash")
        char = self.source[self.at + 1]
        self.at += 2
        if char in _ANCHOR_ESCAPES:
            return ("zero",)
        if char in _CLASS_ESCAPES:
            return ("chars", _CLASS_ESCAPES[char])
        if char in _CHAR_ESCAPES:
            return ("chars", frozenset(_CHAR_ESCAPES[char]))
        if char in _UNREADABLE_ESCAPES:
            raise NotIndexable(f"\\{char}")
        if char.isalnum():  # \w \W \S \D \p{..} \X ...: some character we do not enumerate
            if char in "pP" and self.peek() == "{":
                close = self.source.find("}", self.at)
                if close == -1:
                    raise NotIndexable("unterminated property")
                self.at = close + 1
            return ("chars", None)
        return ("chars", frozenset(char))

    def char_class(self) -> _Node:
        """A class of literal characters, escapes and ranges; anything richer is 'unknown'."""
        source = self.source
        at = self.at + 1
        simple = True
        if at < len(source) and source[at] == "^":
            simple = False
            at += 1
        items: list[str | None] = []  # None: an escape standing for several characters
        chars: set[str] = set()
        first = True
        while at < len(source) and (source[at] != "]" or first):
            first = False
            char = source[at]
            if char == "\\" and at + 1 < len(source):
                escaped = source[at + 1]
                at += 2
                if escaped in _CLASS_ESCAPES:
                    chars |= _CLASS_ESCAPES[escaped]
                    items.append(None)
                elif escaped in _CHAR_ESCAPES:
                    items.append(_CHAR_ESCAPES[escaped])
                elif escaped.isalnum():
                    simple = False
                    if escaped in "pPN" and at < len(source) and source[at] == "{":
                        close = source.find("}", at)
                        at = close + 1 if close != -1 else len(source)
                    items.append(None)
                else:
                    items.append(escaped)
                continue
            if char == "[":  # a nested set (VERSION1)
                simple = False
                depth = 0
                while at < len(source):
                    if source[at] == "\\":
                        at += 2
                        continue
                    depth += {"[": 1, "]": -1}.get(source[at], 0)
                    at += 1
                    if depth == 0:
                        break
                continue
            if char in "-&|~" and at + 1 < len(source) and source[at + 1] == char:
                simple = False  # a set operation (VERSION1)
                at += 2
                continue
            items.append(char)
            at += 1
        if at >= len(source):
            raise NotIndexable("unterminated character class")
        self.at = at + 1
        if not simple:
            return ("chars", None)
        index = 0
        while index < len(items):
            item = items[index]
            if index + 2 < len(items) and items[index + 1] == "-" and item and items[index + 2]:
                low, high = ord(item), ord(items[index + 2] or "")
                if low > high or high - low > 2000:
                    return ("chars", None)
                chars.update(chr(code) for code in range(low, high + 1))
                index += 3
                continue
            if item:
                chars.add(item)
            index += 1
        return ("chars", frozenset(chars))

    def group(self) -> _Node:
        source = self.source
        self.at += 1
        zero_width = False
        if source.startswith("?", self.at):
            rest = source[self.at + 1 :]
            if rest.startswith(("=", "!")):
                zero_width, self.at = True, self.at + 2
            elif rest.startswith(("<=", "<!")):
                zero_width, self.at = True, self.at + 3
            elif rest.startswith((":", ">")):
                self.at += 2
            elif rest.startswith(("P<", "<")):
                close = source.find(">", self.at)
                if close == -1:
                    raise NotIndexable("bad group name")
                self.at = close + 1
            elif rest.startswith("#"):
                close = source.find(")", self.at)
                if close == -1:
                    raise NotIndexable("unterminated comment")
                self.at = close + 1
                return ("zero",)
            else:
                end = self.at + 1
                while end < len(source) and (source[end].isalpha() or source[end] == "-"):
                    end += 1
                flags = source[self.at + 1 : end]
                # (?x) changes the syntax; (?V0)/(?w)/(?r)/(?f)/(?e)/(?b) change matching or
                # scoping in ways not followed here; (?| branch reset, (?( conditionals,
                # (?R) recursion and (?P> calls are not followed either.
                unsupported = set(flags) - set("ims-")
                if not flags or end >= len(source) or source[end] not in ":)" or unsupported:
                    raise NotIndexable("unsupported group")
                self.at = end + 1
                if source[end] == ")":  # (?i), (?-i), (?s), (?m): they match no text
                    return ("zero",)
        branches = self.alternation()
        if self.peek() != ")":
            raise NotIndexable("unbalanced parenthesis")
        self.at += 1
        return ("zero",) if zero_width else ("alt", branches)


# A state of the prefix walk: the case-folded letters read so far, and whether the first word
# may still go on (OPEN), ends right there (ENDED) or goes on with letters not read (CUT).
_OPEN, _ENDED, _CUT = 0, 1, 2
_State = tuple[str, int]


def _is_word_char(char: str) -> bool:
    if char.isascii():
        return char.isalnum() or char == "_"
    return _IS_WORD_CHAR.fullmatch(char) is not None


class _PrefixWalk:
    def __init__(self, width: int) -> None:
        self.width = width

    def sequence(self, nodes: list[_Node], states: set[_State]) -> set[_State]:
        for node in nodes:
            if not any(kind == _OPEN for _, kind in states):
                break
            done = {state for state in states if state[1] != _OPEN}
            states = done | self.node(node, {state for state in states if state[1] == _OPEN})
            if len(states) > MAX_PREFIXES:
                raise _TooManySpellings(f"more than {MAX_PREFIXES} spellings")
        return states

    def node(self, node: _Node, states: set[_State]) -> set[_State]:
        kind = node[0]
        if kind == "zero":
            return states
        if kind == "alt":
            result: set[_State] = set()
            for branch in node[1]:
                result |= self.sequence(branch, states)
            return result
        if kind == "repeat":
            _, inner, least, most = node
            limit = self.width + 1  # more rounds cannot add letters to a prefix this short
            for _ in range(min(least, limit)):
                states = self.round(inner, states)
            result = set(states)
            extra = limit if most is None else min(most - least, limit)
            for _ in range(extra):
                states = self.round(inner, {state for state in states if state[1] == _OPEN})
                if not states:
                    break
                result |= states
            return result
        return self.chars(node[1], states)

    def round(self, node: _Node, states: set[_State]) -> set[_State]:
        done = {state for state in states if state[1] != _OPEN}
        return done | self.node(node, {state for state in states if state[1] == _OPEN})

    def chars(self, chars: frozenset[str] | None, states: set[_State]) -> set[_State]:
        result: set[_State] = set()
        for text, _ in states:
            if chars is None:  # some character: the word may go on with letters not read
                if not text:
                    raise NotIndexable("a match may start with any character")
                result.add((text, _CUT))
                continue
            for char in chars:
                if not char.isascii() and (char in "İı" or unicodedata.category(char) == "Cn"):
                    # Folds differently in the regex engine than in Python (see word_key).
                    raise NotIndexable("a character the index cannot fold")
                folded = char.casefold()
                word_char = _is_word_char(char)
                if any(_is_word_char(c) != word_char for c in folded):
                    # Folds to letters and marks ("İ" to "i" and a dot): not followed here.
                    raise NotIndexable("a character folds across a word boundary")
                if word_char:
                    longer = text + folded
                    if len(longer) >= self.width:
                        # Read to the full key length: looked up exactly; shorter: as a beginning.
                        cut = _ENDED if self.width == PREFIX_CHARS else _CUT
                        result.add((longer[: self.width], cut))
                    else:
                        result.add((longer, _OPEN))
                elif not text:
                    raise NotIndexable("a match may start with punctuation or a space")
                else:
                    result.add((text, _ENDED))
        return result


def term_prefixes(pattern: str, width: int = PREFIX_CHARS) -> tuple[frozenset[str], frozenset[str]]:
    """How a whole-word match of ``pattern`` can begin: (words, beginnings).

    ``words``: case-folded first words (cut to ``width`` letters) a match starts with exactly;
    ``beginnings``: shorter case-folded beginnings of a first word that goes on with letters
    not read. Raises :class:`NotIndexable` when no such finite description is exact.
    """
    branches = _PatternReader(pattern).parse()
    walk = _PrefixWalk(width)
    states: set[_State] = set()
    for branch in branches:
        states |= walk.sequence(branch, {("", _OPEN)})
    words, beginnings = set(), set()
    for text, kind in states:
        if not text:
            raise NotIndexable("a match may be empty")
        if kind == _CUT:
            beginnings.add(text)
        else:  # a word that ends (or the end of the term, where whole-word wants a boundary)
            words.add(text)
    return frozenset(words), frozenset(beginnings)


_saved_prefixes: dict[Any, Any] | None = None


class TermIndex:
    """Which terms can start at which word, and each term's own regex to confirm it.

    Exact by construction: a term is tried at every word where the regex alternation could
    match it, in list order, with the regex the alternation holds for it.
    """

    def __init__(self, terms: list[Term], ignore_case: bool) -> None:
        words: dict[str, list[int]] = {}
        beginnings: dict[str, list[int]] = {}
        for index, term in enumerate(terms):
            exact, partial = self._prefixes(term.pattern)
            for word in exact:
                words.setdefault(word, []).append(index)
            for beginning in partial:
                beginnings.setdefault(beginning, []).append(index)
        self.words = {key: tuple(value) for key, value in words.items()}
        self.beginnings = {key: tuple(value) for key, value in beginnings.items()}
        self.beginning_lengths = tuple(sorted({len(key) for key in beginnings}))
        self.terms = terms
        self.flags = regex.VERSION1 | regex.UNICODE | (regex.IGNORECASE if ignore_case else 0)
        self.ignore_case = ignore_case
        self._regexes: list[regex.Pattern[str] | None] = [None] * len(terms)

    @staticmethod
    def _prefixes(pattern: str) -> tuple[frozenset[str], frozenset[str]]:
        """term_prefixes at the narrowest width that works, kept between runs (the start-up
        cache's memo: reading every term's pattern is ~10 ms of each process)."""
        global _saved_prefixes
        if _saved_prefixes is None:
            from ketlint import word_keys
            from ketlint.startup_cache import memo

            # PREFIX_CHARS (word_keys) decides the prefixes as much as this module does.
            _saved_prefixes = memo("phrase-prefixes", sources=[__file__, word_keys.__file__])
        saved = _saved_prefixes.get(pattern)
        if saved is not None:
            if saved[0] == "!":
                raise NotIndexable(saved[1])
            return frozenset(saved[0]), frozenset(saved[1])
        try:
            words, beginnings = TermIndex._read_prefixes(pattern)
        except NotIndexable as exc:
            _saved_prefixes[pattern] = ("!", str(exc))
            raise
        _saved_prefixes[pattern] = (tuple(sorted(words)), tuple(sorted(beginnings)))
        return words, beginnings

    @staticmethod
    def _read_prefixes(pattern: str) -> tuple[frozenset[str], frozenset[str]]:
        for width in _FALLBACK_WIDTHS[:-1]:
            try:
                return term_prefixes(pattern, width)
            except _TooManySpellings:
                continue
        return term_prefixes(pattern, _FALLBACK_WIDTHS[-1])

    def terms_at(self, key: str) -> tuple[int, ...]:
        """Indexes (in list order) of the terms that may start at a word looked up as ``key``."""
        found = self.words.get(key, ())
        for length in self.beginning_lengths:
            more = self.beginnings.get(key[:length])
            if more:
                found = tuple(sorted({*found, *more}))
        return found

    def regex_for(self, index: int) -> regex.Pattern[str]:
        """Term ``index`` as the alternation holds it, between the same word boundaries."""
        compiled = self._regexes[index]
        if compiled is None:
            term = self.terms[index]
            body = term.pattern
            if term.case_sensitive and self.ignore_case:
                body = f"(?-i:{body})"
            boundary = _FOLDED_WORD_CHAR if self.ignore_case else WORD_CHAR
            compiled = user_pattern(f"(?<!{boundary})(?:{body})(?!{boundary})", self.flags)
            self._regexes[index] = compiled
        return compiled


def build_index(terms: list[Term], whole_word: bool, ignore_case: bool) -> TermIndex | None:
    """The index for these terms, or None when the alternation has to be used."""
    if not whole_word or not terms:
        return None
    try:
        return TermIndex(terms, ignore_case)
    except NotIndexable:
        return None


def match_case(original: str, replacement: str) -> str:
    if original[:1].isupper() and replacement[:1].islower():
        return replacement[0].upper() + replacement[1:]
    return replacement
