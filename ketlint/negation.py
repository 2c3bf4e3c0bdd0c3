"""Whether the words before a phrase deny it, or frame it as no claim at all.

"Should not be seen as a panacea", "far from a breakthrough", "it is too early to call
it a cure": a word-list rule finds the listed word, but the writer is rejecting it,
which is the careful wording the rule asks for. Reading that takes more than a
pattern per term, and every rule that flags words needs it, so it lives here once.

The reading is deliberately narrow: a denial cue among the few words before the
phrase, in the same clause (a comma, a "but" or a semicolon starts a new claim: "not
cheap, but a breakthrough" is still hype). Cues that affirm ("not only", "no doubt",
"nothing short of", "never before") are not denials.

Two more framings make a listed word no claim about a result (:func:`unclaimed_in`):

* a wish, in the conditional: "a test that could tell them apart would be a major
  breakthrough" names what is still missing. Only "would" (be, become, represent, mark,
  mean): "could be" and "may be" are how a claim is hedged, and stay claims;
* inside a quotation, how something felt to the speaker, in the past: "it was like a
  miracle", "it felt like a lifeline" is a patient's account of an experience, not a
  description of the evidence. The caller says whether the phrase is quoted.

And one more (:func:`described_use_in`): what a treatment is for or how it works, said of
it in passing ("Levodopa, a drug used to boost dopamine", "which is prescribed to treat",
"which works by blocking") describes the treatment, not what a study found. Only the
words right after such a frame are covered: "a drug used to treat gout reversed memory
loss in mice" still claims "reversed".
"""

from __future__ import annotations

import regex

from ketlint.document import Block, Document

_FLAGS = regex.VERSION1 | regex.UNICODE | regex.IGNORECASE

# How far back a cue may stand: "should not be seen by anyone as a panacea" is 7 words.
MAX_WORDS_BEFORE = 8
MAX_CHARS_BEFORE = 240

_AFFIRMING = (
    r"not\s+(?:only|just|merely|simply)|no\s+(?:doubt|question|less)|without\s+(?:a\s+)?(?:doubt|question)"
    r"|nothing\s+(?:short\s+of|less\s+than)|never\s+(?:before|seen)|none\s+other"
    r"|no\s+longer\s+(?:just|only)"
)
DENIAL_CUE = regex.compile(
    rf"\b(?!(?:{_AFFIRMING})\b)(?:"
    r"not|no|never|nor|neither|nobody|none|nothing|without|hardly|scarcely|rarely|seldom|few|"
    r"lack\s+of|absence\s+of|"
    r"far\s+from|rather\s+than|instead\s+of|"
    r"\w+n['’]t|cannot|"
    r"too\s+(?:early|soon)|premature(?:ly)?|unwarranted|unjustified|"
    r"(?:caution(?:s|ed|ing)?|warn(?:s|ed|ing)?|advise[sd]?)\s+against|"
    r"resist(?:s|ed|ing)?\s+(?:calling|the\s+(?:urge|temptation))"
    r")\b",
    _FLAGS,
)
# A new clause: the cue before it does not reach the phrase after it. A comma ends one too
# ("patients who had not responded to other drugs, is a breakthrough"); a denial that spans
# a parenthetical comma ("not, as some claim, a cure") is rare enough to give up.
CLAUSE_BREAK = regex.compile(
    r"[,;:!?()—–]|\b(?:but|yet|although|though|however|whereas|while)\b",
    _FLAGS,
)
_WORD = regex.compile(r"[\p{L}\p{N}'’-]+", regex.VERSION1 | regex.UNICODE)


def denied(doc: Document, block: Block, start: int) -> bool:
    """Whether a denial cue in the same sentence and clause, at most MAX_WORDS_BEFORE words
    before ``start``, denies the phrase that starts there."""
    sentence_start = block.start
    for sentence in doc.sentences_in(block):
        if sentence.start <= start < sentence.end:
            sentence_start = sentence.start
            break
    # Eight words fit in a few hundred characters; reading no further keeps a long run-on
    # "sentence" (a list, a table flattened to prose) linear.
    return denied_in(doc.prose[max(sentence_start, start - MAX_CHARS_BEFORE) : start])


def denied_in(before: str) -> bool:
    """Whether the text ``before`` a phrase (from its sentence's start) ends in a denial of it."""
    breaks = list(CLAUSE_BREAK.finditer(before))
    clause = before[breaks[-1].end() :] if breaks else before
    words = list(_WORD.finditer(clause))
    if len(words) > MAX_WORDS_BEFORE:
        clause = clause[words[-MAX_WORDS_BEFORE].start() :]
    return DENIAL_CUE.search(clause) is not None


# "would be a major breakthrough", "would really represent a paradigm shift".
WISH_CUE = regex.compile(
    r"\bwould\s+(?:\w+\s+){0,2}?(?:be|become|represent|mark|constitute|mean)"
    r"(?:\s+(?:a|an|the|such|truly|really|real|major|huge|big|great|genuine|something|of|like)){0,4}\s*$",
    _FLAGS,
)
# "it was (to me) (just) like a miracle", "it felt like a lifeline", "that was a miracle".
FELT_CUE = regex.compile(
    r"\b(?:it|this|that|which|everything)\s+(?:was|felt|seemed)"
    r"(?:\s+(?:to|for)\s+(?:me|us|him|her|them))?"
    r"(?:\s+(?:just|almost|really|truly|simply|quite|like|a|an|such|real|little|bit|of|kind|sort)){0,5}\s*$",
    _FLAGS,
)


def unclaimed_in(before: str, *, quoted: bool) -> bool:
    """Whether the text ``before`` a phrase (from its sentence's start) frames it as a wish
    ("would be a ...") or, when ``quoted``, as how it felt to the speaker ("it was like a
    ..."): no claim about what was found."""
    breaks = list(CLAUSE_BREAK.finditer(before))
    clause = before[breaks[-1].end() :] if breaks else before
    if WISH_CUE.search(clause) is not None:
        return True
    return quoted and FELT_CUE.search(clause) is not None


def unclaimed(doc: Document, block: Block, start: int, *, quoted: bool) -> bool:
    """:func:`unclaimed_in` for the phrase that starts at ``start`` in ``block``."""
    sentence_start = block.start
    for sentence in doc.sentences_in(block):
        if sentence.start <= start < sentence.end:
            sentence_start = sentence.start
            break
    return unclaimed_in(
        doc.prose[max(sentence_start, start - MAX_CHARS_BEFORE) : start], quoted=quoted
    )


# "a drug used to boost", "which is commonly prescribed to treat", "medicines approved for",
# "which works by blocking".
_TREATMENT = (
    r"(?:drugs?|medications?|medicines?|treatments?|therap(?:y|ies)|compounds?|agents?|"
    r"vaccines?|pills?|molecules?|inhibitors?|antibiotics?|antidepressants?|hormones?)"
)
USE_CUE = regex.compile(
    rf"\b(?:{_TREATMENT}\s+(?:(?:that|which)\s+(?:is|are|was|were|has\s+been|have\s+been)\s+)?"
    r"|(?:that|which)\s+(?:is|are|was|were|has\s+been|have\s+been)\s+)"
    r"(?:(?:commonly|widely|often|usually|normally|routinely|currently|already|typically|"
    r"primarily|mainly|mostly|also|long|first|originally|traditionally)\s+)?"
    r"(?:used|prescribed|approved|designed|taken|developed|licensed|indicated|known|sold|"
    r"marketed|meant)\s+(?:to|for)\s+(?:help(?:\s+to)?\s+)?$"
    r"|\b(?:which|that|it|they)\s+(?:works?|acts?|worked|acted)\s+by\s+(?:\w+\s+){0,1}?$",
    _FLAGS,
)


def described_use_in(before: str) -> bool:
    """Whether the text ``before`` a word (from its sentence's start) ends in a description
    of what a treatment is for or how it works ("a drug used to ..."): the word that follows
    describes the treatment, not a finding."""
    breaks = list(CLAUSE_BREAK.finditer(before))
    clause = before[breaks[-1].end() :] if breaks else before
    return USE_CUE.search(clause) is not None


def described_use(text: str, sentence_start: int, start: int) -> bool:
    """:func:`described_use_in` for the word at ``start`` of ``text`` whose sentence starts at
    ``sentence_start``."""
    return described_use_in(text[max(sentence_start, start - MAX_CHARS_BEFORE) : start])
