"""Where a press release stops being the story.

Press releases end with material about the issuing institution, not about the
finding: an end mark (``###`` or ``-30-``, the wire-service convention), then
"About <organisation>" blurbs, media contacts, notes to editors,
forward-looking statements. Rules that judge how the *story* presents a
result (its wording, its account of the evidence) should not let a hospital's
"groundbreaking discoveries" slogan or a journal's mission statement decide
their verdict. :func:`story_end` says where that material begins.
"""

from __future__ import annotations

import regex

from ketlint.document import Block, Document

_FLAGS = regex.VERSION1 | regex.UNICODE | regex.MULTILINE

# The wire-service end mark on a line of its own: "###", "# # #", "-30-".
END_MARK = regex.compile(r"^[ \t]*(?:#{3}|#[ \t]#[ \t]#|-[ \t]?30[ \t]?-)[ \t]*$", _FLAGS)

# A block that opens institutional material. "About" must be followed by a capitalised
# name ("About the Mount Sinai Health System", "ABOUT ASTRO"), not by a number or a common
# word ("About 900,000 people", "About one in three"), and not introduce the study itself
# ("About the trial", "About the research", "About the Phase 2 Trial").
_ABOUT = (
    r"(?:About|ABOUT)\s+(?!(?:the\s+|this\s+|The\s+)?(?:[\p{L}\p{N}-]+\s+){0,2}"
    r"(?i:study|studies|trial|trials|research|results|findings|data)\b"
    # "About The Scripps Research Institute" names an institution, not the research
    r"(?![ \t]+(?:Institutes?|Cent(?:er|re)s?|Foundation|Council|Laborator(?:y|ies)|Hospital"
    r"|Network|Society|Alliance|Trust|Campus|Park|Agency|Organi[sz]ation|Group|Unit"
    r"|Program(?:me)?|Corporation|Company|UK|America)\b))"
    r"(?:the\s+|The\s+)?\p{Lu}"
)
_OTHER = (
    r"(?i:media\s+contacts?|press\s+contacts?|contacts?\s*:|notes?\s+(?:to|for)\s+editors?"
    r"|forward[\s-]+looking\s+statements?|editor['’]s\s+notes?)"
)
OPENER = regex.compile(rf"^\s*(?:{_ABOUT}|{_OTHER})", regex.VERSION1 | regex.UNICODE)
# A contact line ends the story only once most of the story is behind it: releases often open
# with a dateline and "Contact: Media Relations" above their first paragraph (a header).
CONTACT = regex.compile(
    r"^\s*(?i:(?:media|press)\s+contacts?|contacts?\s*:)", regex.VERSION1 | regex.UNICODE
)
# A heading-like "About X" line is short; an "ABOUT X" run-in paragraph may be long.
OPENER_MAX_WORDS = 12
RUN_IN = regex.compile(r"^\s*ABOUT\s+\p{Lu}", regex.VERSION1 | regex.UNICODE)

# A blurb run into the story's last paragraph, where the heading lost its line break:
# "... patients.” About Example Medical CenterExample, one of the ...". It must start a
# sentence (after a full stop, maybe a closing quote) and name an organisation within a
# few words: a name ending in an institution word, or "Inc"/"Ltd".
_INSTITUTION = (
    r"(?:University|College|School|Institute|Cent(?:er|re)|Hospital|Clinic|Health|Healthcare"
    r"|Medicine|Foundation|Society|Association|Academy|Laborator(?:y|ies)|Network|System"
    r"|Journal|Council|Agency|Corporation|Company|Pharmaceuticals?|Therapeutics|Inc|Ltd|LLC"
    r"|plc|AG|GmbH)"
)
RUN_ON = regex.compile(
    rf"(?<=[.!?][\"”’)]?[ \t]+){_ABOUT}[\p{{L}}&.'’-]*(?:[ \t]+(?:of|for|and|the|&|\p{{Lu}}[\p{{L}}&.'’-]*)){{0,8}}?"
    rf"[ \t]+{_INSTITUTION}(?![\p{{Ll}}])",
    regex.VERSION1 | regex.UNICODE,
)
# A run-in "About <organisation>" label at the head of a long paragraph: the name ends in a
# colon ("About IDRI: As a nonprofit ..."), or the heading lost its line break and runs into
# the blurb's first word ("About Example College of MedicineLocated on ..."). A colon after
# a few capitalised words, or an institution word glued to a capitalised word, is a label,
# not the story's prose.
_NAME_WORD = r"(?:\p{Lu}[\p{L}\p{N}&.'’-]*|of|for|and|the|&|\([\p{Lu}\p{N}&.-]{2,12}\))"
RUN_IN_LABEL = regex.compile(
    rf"^\s*{_ABOUT}[\p{{L}}\p{{N}}&.'’-]*(?:[ \t]+{_NAME_WORD}){{0,10}}?"
    rf"(?:[ \t]*:[ \t]|(?<={_INSTITUTION})(?=\p{{Lu}}\p{{Ll}}))",
    regex.VERSION1 | regex.UNICODE,
)
# Only in the last paragraphs of a document: a sentence "About ..." near the top is story.
RUN_ON_LAST_BLOCKS = 3


def story_end(doc: Document) -> int:
    """Offset where press-release boilerplate begins; ``len(doc.source)`` when there is none.

    Never before the first body block: a document that *starts* with such a line is all
    story as far as anyone can tell.
    """
    cached = doc.memo.get("story_end")
    if isinstance(cached, int):
        return cached
    end = _find_story_end(doc)
    doc.memo["story_end"] = end
    return end


def story_end_within(doc: Document, block: Block) -> int:
    """Where the boilerplate begins as seen from inside ``block``: :func:`story_end` counted
    from the block's start, 0 when the block is all boilerplate, one past its length when
    none of it is. Whether any offset in the block is boilerplate follows from it alone, and
    an edit elsewhere (which moves the block, or the boilerplate's start, or both) leaves it
    as it was: what a kind's per-paragraph judgement gives as context (BlockFacts.judged)."""
    return min(max(story_end(doc) - block.start, 0), block.end - block.start + 1)


def _find_story_end(doc: Document) -> int:
    body = doc.body_blocks
    if not body:
        return len(doc.source)
    first_body_end = body[0].end
    candidates: list[int] = []
    mark = _end_mark(doc.source, first_body_end)
    if mark is not None:
        candidates.append(mark)
    for block in doc.blocks:
        if block.start < first_body_end or block is doc.title_block:
            continue
        if candidates and block.start >= candidates[0]:
            break
        marks = _opener_marks(doc, block)
        if marks & _OPENS_BIT:
            if marks & _CONTACT_BIT and _before_most_of_the_story(doc, block):
                continue
            candidates.append(block.start)
            break
    # A blurb run into one of the story's last paragraphs (before the end mark or opener,
    # if any) starts the boilerplate in the middle of that paragraph.
    limit = min(candidates, default=len(doc.source))
    story = [block for block in body if first_body_end < block.end and block.start < limit]
    for block in story[-RUN_ON_LAST_BLOCKS:]:
        found = RUN_ON.search(doc.source, max(block.start, first_body_end), min(block.end, limit))
        if found is not None:
            candidates.append(found.start())
            break
    return min(candidates, default=len(doc.source))


def _end_mark(source: str, start: int) -> int | None:
    """Where ``END_MARK.search(source, start)`` matches, searching only the lines that hold
    a "#" or a "30" (every end mark does): run at every position of a long text, the
    pattern was about a millisecond of each keystroke in a 20,000-word document."""
    found: int | None = None
    for literal in ("#", "30"):
        at = source.find(literal, start)
        while at != -1 and (found is None or at < found):
            line_end = source.find("\n", at)
            if line_end == -1:
                line_end = len(source)
            line_start = max(source.rfind("\n", 0, at) + 1, start)
            mark = END_MARK.search(source, line_start, line_end)
            if mark is not None:
                found = mark.start()
                break
            at = source.find(literal, line_end)
    return found


# What finding the story's end asks of each block's own text, as bits of one small int
# (kept with the paragraph, Document.remember): the block opens institutional material
# (OPENER, RUN_IN, RUN_IN_LABEL), and it is a contact line (CONTACT). A keystroke in a long
# story without an end mark would otherwise test every block's text again. The bits above
# them count the block's words, for story_word_count: in the same int, a paragraph's
# facts gain no entry (one more would grow their dicts, 0.6 MB with 52 documents open).
_OPENS_BIT = 1
_CONTACT_BIT = 2
_WORDS_SHIFT = 2


def _opener_marks(doc: Document, block: Block) -> int:
    """The :data:`_OPENS_BIT` and :data:`_CONTACT_BIT` of ``block``, and its word count
    above them (:data:`_WORDS_SHIFT`)."""
    return doc.remember(block, "boilerplate.opener-marks", lambda: _read_opener_marks(doc, block))


def _read_opener_marks(doc: Document, block: Block) -> int:
    text = doc.block_text(block)
    words = len(text.split())
    counted = words << _WORDS_SHIFT
    if not (
        (words <= OPENER_MAX_WORDS and OPENER.match(text))
        or RUN_IN.match(text)
        or RUN_IN_LABEL.match(text)
    ):
        return counted
    return counted | _OPENS_BIT | (_CONTACT_BIT if CONTACT.match(text) else 0)


def _before_most_of_the_story(doc: Document, block: Block) -> bool:
    """Whether fewer body words come before ``block`` than after it (a header line)."""
    before = after = 0
    for other in doc.body_blocks:
        if other is block:
            continue
        words = len(doc.block_text(other).split())
        if other.start < block.start:
            before += words
        else:
            after += words
    return before < after


def story_word_count(doc: Document) -> int:
    """Words of the body blocks before :func:`story_end` (``doc.word_count`` minus boilerplate)."""
    # Once per document: the phrase rules' scores all ask. Each block's count is kept with
    # its opener marks (one int), so a keystroke's lint splits the edited paragraph only.
    cached = doc.memo.get("story_word_count")
    if isinstance(cached, int):
        return cached
    end = story_end(doc)
    count = sum(_opener_marks(doc, b) >> _WORDS_SHIFT for b in doc.body_blocks if b.start < end)
    doc.memo["story_word_count"] = count
    return count
