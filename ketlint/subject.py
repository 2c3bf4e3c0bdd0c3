"""Which intervention is the story's own, read from its title and lead.

A health story is about one intervention, or a few: the drug, test, device or programme its
title and first paragraph name. The other treatments it mentions further down are the
comparator it is set against ("unlike chemotherapy") or the background it sets out from
("radiotherapy can cause lasting side effects"); their harms and figures are not the
intervention's own. This module is the one place that reading is made, so every rule asks
the same question the same way: :func:`story_subject` reads a document's own interventions,
and :meth:`Subject.role` says of a sentence whether it is about them (``"own"``), about other
interventions only (``"other"``), or names no intervention a list knows (``"unnamed"``).

The reading is by words, from a rule's list of intervention words (required-section's
``topics``): the intervention words of the title and the first body block are the story's
own. Words too general to tell one treatment from another ("drug", "treatment", "therapy",
given by the caller as ``generic``) count neither way: "the treatment" down the page may be
the story's own or the old one. A sentence is another intervention's when it names a
specific intervention word the title and lead do not, and none they do.

What it cannot tell: a drug known only by its name (not in the word list) is invisible, so a
sentence about it is "unnamed"; a comparator also named in the lead ("compared with
chemotherapy" up top) counts as the story's own; a story whose title and lead name only
general words has no specific own word, so every specific intervention word down the page
reads as another's.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ketlint.document import Block, Document

OWN, OTHER, UNNAMED = "own", "other", "unnamed"


def _key(word: str) -> str:
    """An intervention word as compared: lower case, one space, singular by its ending."""
    word = " ".join(word.lower().split())
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


@dataclass(frozen=True)
class Subject:
    """The story's own specific intervention words (keys, see :func:`_key`)."""

    own: frozenset[str]
    words: regex.Pattern[str]
    generic: regex.Pattern[str] | None

    def specific(self, text: str) -> set[str]:
        """The specific (not general) intervention words of ``text``, as keys."""
        found = set()
        for match in self.words.finditer(text):
            word = match.group(0)
            if self.generic is not None and self.generic.fullmatch(word):
                continue
            found.add(_key(word))
        return found

    def role(self, text: str) -> str:
        """Whether the sentence ``text`` is about the story's own intervention."""
        named = self.specific(text)
        if not named:
            return UNNAMED
        return OWN if named & self.own else OTHER


def lead_blocks(doc: Document) -> list[Block]:
    """The blocks the story's subject is read from: the title and the first body block."""
    body = doc.body_blocks
    return [b for b in (doc.title_block, body[0] if body else None) if b is not None]


def story_subject(
    doc: Document, words: regex.Pattern[str], generic: regex.Pattern[str] | None
) -> Subject:
    """The interventions ``doc``'s title and lead name, by the intervention ``words``."""
    reading = Subject(frozenset(), words, generic)
    own: set[str] = set()
    for block in lead_blocks(doc):
        own |= reading.specific(doc.prose[block.start : block.end])
    return Subject(frozenset(own), words, generic)
