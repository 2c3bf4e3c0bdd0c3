"""Where direct quotations stand in a paragraph.

A label inside a researcher's or a patient's own words is not the writer's choice
of words: the writer may paraphrase, but cannot reword a quote and still call it
one. Kinds ask :func:`quotation_at` whether a span sits inside quotation marks and
report it differently (or offer no fix that would rewrite someone's words).

What counts as a quotation mark, and how marks pair up:

* Double quotation marks only: straight ``"``, curly ``“ ”``, low ``„``, guillemets
  ``« »`` and the typewriter pairs ````` ``…'' ````. Single marks are left out:
  ``’`` is far more often an apostrophe (``patients’``, ``don’t``) than a closing
  quote, and the two cannot be told apart by their shape.
* A straight ``"`` opens when it stands before a word (after a space, a bracket or
  a dash) and closes when it stands after one; where its neighbours do not say, it
  closes an open quotation and opens one otherwise.
* An inch mark (``5'10"``, ``a 12" ruler``) is a ``"`` after a digit with no
  quotation open; it is no quotation mark.
* Articles mix their marks (``“wandering"``, ``"…injury,» explains``): any closing
  mark closes whatever is open.
* A quotation left open at the end of a paragraph runs to the paragraph's end: the
  newspaper convention for a quote that goes on into the next paragraph is to leave
  the first one unclosed. A closing mark with nothing open ends such a quotation
  carried over from the paragraph before (no opening mark in this paragraph), so the
  text before it is quoted too.
* An opening mark while a quotation is open starts a quotation inside it (``"…,
  or "hearing voices" can be…"``, where the inner one should have had single marks);
  the outer one ends at the closing mark that matches its own. Where the first mark
  instead lost its closing one (``"…treatments, she says. "Understanding…"``), the
  quotation so runs on over the attribution: the words in it are quoted either way.

Ranges cover the quoted words, without the marks. Computed from a paragraph's own
text, so block-cached findings stay valid.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ketlint.document import Block, Document

# Marks that can only open or only close; "``" and "''" are the typewriter pair.
_OPENERS = frozenset({"“", "„", "«", "``"})
_CLOSERS = frozenset({"”", "»", "''"})
_MARK = regex.compile(r"``|''|[\"“”„«»]")
# What may stand right before an opening mark / right after a closing one.
_BEFORE_OPENING = regex.compile(r"[\s(\[{—–\-/:;]")
_AFTER_CLOSING = regex.compile(r"[\s)\]}.,;:!?—–\-/]")


@dataclass(frozen=True)
class Quotation:
    """Quoted words: ``start``/``end`` exclude the marks; ``closed`` is False when the
    quotation runs on past the paragraph (or came in from the one before)."""

    start: int
    end: int
    closed: bool = True

    def holds(self, start: int, end: int) -> bool:
        return self.start <= start and end <= self.end


def quotations(text: str, start: int = 0, end: int | None = None) -> tuple[Quotation, ...]:
    """The direct quotations in ``text[start:end]``, one paragraph, in reading order."""
    stop = len(text) if end is None else end
    found: list[Quotation] = []
    open_at: int | None = None  # offset just after the outermost open quotation's mark
    marks: list[str] = []  # the marks of the open quotations, outermost first
    for match in _MARK.finditer(text, start, stop):
        mark, at, after = match.group(), match.start(), match.end()
        role = _role(text, mark, at, after, start, stop, marks[-1] if marks else "")
        if role == "inch":
            continue
        if role == "open":
            if open_at is None:
                open_at = after
            marks.append(mark)
        elif open_at is not None:
            marks.pop()
            if not marks:
                found.append(Quotation(open_at, at))
                open_at = None
        elif not found and text[start:at].strip():
            # A closing mark and nothing open: the end of a quotation carried over from
            # the paragraph before.
            found.append(Quotation(start, at, closed=False))
    if open_at is not None and open_at < stop:
        found.append(Quotation(open_at, stop, closed=False))
    return tuple(q for q in found if text[q.start : q.end].strip())


def _role(text: str, mark: str, at: int, after: int, start: int, stop: int, open_mark: str) -> str:
    """'open', 'close' or 'inch' for the mark at ``at``; ``open_mark`` is the mark of the
    open quotation ('' when none is open)."""
    if mark == "“" and open_mark == "„":
        return "close"  # „…“, the German pair
    if mark in _OPENERS:
        return "open"
    if mark in _CLOSERS:
        return "close"
    before = text[at - 1] if at > start else " "
    following = text[after] if after < stop else " "
    if not open_mark and before.isdigit():
        return "inch"
    opens = bool(_BEFORE_OPENING.match(before)) and not following.isspace()
    closes = not before.isspace() and bool(_AFTER_CLOSING.match(following))
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    return "close" if open_mark else "open"


def block_quotations(doc: Document, block: Block) -> tuple[Quotation, ...]:
    """:func:`quotations` of ``block``'s prose, at document offsets (made once per block of
    the document: several findings in a paragraph ask)."""
    made: dict[Block, tuple[Quotation, ...]] = doc.memo.setdefault("quotes.by_block", {})
    found = made.get(block)
    if found is None:
        found = made[block] = tuple(quotations(doc.prose, block.start, block.end))
    return found


def quotation_at(
    doc: Document, start: int, end: int, block: Block | None = None
) -> Quotation | None:
    """The direct quotation that holds ``start``..``end``, if any (``block``: the paragraph
    the span is in, when the caller knows it)."""
    if block is None:
        block = doc.block_at(start)
        if block is None:
            return None
    for quotation in block_quotations(doc, block):
        if quotation.holds(start, end):
            return quotation
    return None
