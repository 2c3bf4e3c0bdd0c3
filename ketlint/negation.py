"""Whether the words before a phrase deny it, or frame it as no claim at all.

"Should not be seen as a panacea", "far from a breakthrough", "it is too early to call
it a cure": a word-list rule finds the listed word, but the writer is rejecting it,
which is the careful wording the rule asks for. Reading that takes more than a
pattern per term, and every rule that flags words needs it, so it lives here once.

The reading is deliberately narrow: a denial cue among the few words before the
phrase, in the same clause (a comma, a "but" or a semicolon starts a new claim: "not
cheap, but a breakthrough" is still hype). Cues that affirm ("not only", "no doubt",
"nothing short of", "never before") are not denials.

Four more framings make a listed word no claim about a result (:func:`unclaimed_in`):

* a wish, in the conditional: "a test that could tell them apart would be a major
  breakthrough" names what is still missing. Only "would" (be, become, represent, mark,
  mean): "could be" and "may be" are how a claim is hedged, and stay claims;
* inside a quotation, how something felt to the speaker, in the past: "it was like a
  miracle", "it felt like a lifeline" is a patient's account of an experience, not a
  description of the evidence. The caller says whether the phrase is quoted;
* praise the writer reports at a distance: "an experimental drug touted as a
  breakthrough", "billed as a cure", "the so-called miracle drug". "Hailed as" is not such a
  cue: releases use it to hype their own work;
* praise of something other than the reported work (:func:`elsewhere_in`): earlier work
  ("the groundbreaking 2014 study", "first reported in 2001 that it could cure") or a
  treatment already in use ("drugs like Gleevec have revolutionized the treatment").

And one more (:func:`described_use_in`): what a treatment is for or how it works, said of
it in passing ("Levodopa, a drug used to boost dopamine", "which is prescribed to treat",
"which works by blocking") describes the treatment, not what a study found; so does what a
study is to measure ("next steps include testing the efficacy"). Only the
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


# A disclaimer of everything the clause goes on to say, however far the phrase stands from
# it: "by no means do we want to suggest that this is a cure-all", "we do not mean to imply
# that it is a breakthrough". Not "it is no exaggeration to say" (that affirms).
DISCLAIMER_CUE = regex.compile(
    r"^\W*(?:by\s+no\s+means|in\s+no\s+way)\b"
    r"|\b(?:not|never|\w+n['’]t)\s+(?:\w+\s+)?(?:want|mean|intend|wish|trying)\s+to\s+"
    r"(?:suggest|say|imply|claim|call|give\s+the\s+impression)\b",
    _FLAGS,
)


def denied_in(before: str) -> bool:
    """Whether the text ``before`` a phrase (from its sentence's start) ends in a denial of it."""
    breaks = list(CLAUSE_BREAK.finditer(before))
    clause = before[breaks[-1].end() :] if breaks else before
    if DISCLAIMER_CUE.search(clause):
        return True
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
# "touted as a breakthrough", "billed as a potential cure", "the so-called miracle drug".
DISTANCED_CUE = regex.compile(
    r"\b(?:touted|billed|hyped|marketed|promoted|advertised|sold)\s+(?:by\s+\w+\s+)?as"
    r"(?:\s+(?:a|an|the|potential|possible|new|real|true|major)){0,3}\s*$"
    r"|\bso[\s-]called(?:\s+(?:new|\w+-?))?\s*$",
    _FLAGS,
)
# "it was (to me) (just) like a miracle", "it felt like a lifeline", "that was a miracle".
FELT_CUE = regex.compile(
    r"\b(?:it|this|that|which|everything)\s+(?:was|felt|seemed)"
    r"(?:\s+(?:to|for)\s+(?:me|us|him|her|them))?"
    r"(?:\s+(?:just|almost|really|truly|simply|quite|like|a|an|such|real|little|bit|of|kind|sort)){0,5}\s*$",
    _FLAGS,
)


# Praise of something other than the reported work, in the same clause before the word:
# earlier work ("the groundbreaking 2014 study", "first reported in 2001 that it could cure",
# "before groundbreaking work by Dr. Roe in the past") and treatments already in use, in the
# present perfect ("targeted drugs like Gleevec have revolutionized", "it has been a
# lifesaver"). "This study has transformed" is about the reported work and stays a claim.
_PRIOR = (
    r"\b(?:previous|prior|earlier|past|former|original|older)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:stud(?:y|ies)|work|research|trials?|findings?|reports?|discover(?:y|ies)|papers?)\b"
    r"|\b(?:in|since|during)\s+(?:the\s+)?(?:19|20)\d\d(?:s|\b)|\blast\s+century\b"
    r"|\bin\s+the\s+past\b|\b(?:decades|years)\s+ago\b|\bbefore\s*$"
)
PRIOR_CUE = regex.compile(_PRIOR, _FLAGS)
# A past year or "in the past" just after the word: "the revolutionary breakthrough made
# last century", "groundbreaking work by Dr. Roe in the past".
PRIOR_AFTER_CUE = regex.compile(
    r"^[^.;!?]{0,60}?(?:\b(?:19|20)\d\d\s+(?:stud(?:y|ies)|trials?|papers?|reports?)\b"
    r"|\b(?:made|published|reported|discovered)\s+(?:in\s+(?:19|20)\d\d|last\s+century|decades\s+ago)"
    r"|\bin\s+the\s+past\b)",
    _FLAGS,
)
# "have revolutionized" (a participle follows), "has been a lifesaver"; not "could have".
ESTABLISHED_CUE = regex.compile(
    r"(?<!\b(?:could|would|may|might|will|should|must|can|to)\s+)"
    r"\b(?:have|has)\s+(?:(?:already|long|truly|really|dramatically|greatly)\s+)?"
    r"(?P<been>been\s+(?:a|an)\s+(?:\w+\s+)?)?$",
    _FLAGS,
)
_PARTICIPLE = regex.compile(r"^\w+ed\b", _FLAGS)
# Who or what the present perfect is about: the reported work itself stays a claim.
_REPORTED_WORK = regex.compile(
    r"\b(?:this|these|our|we|new|the\s+(?:study|trial|findings?|results?|discovery|research))\b",
    _FLAGS,
)


def elsewhere_in(before: str, after: str = "", phrase: str = "") -> bool:
    """Whether a word of praise (``phrase``) is about something other than the reported
    work: earlier work or a treatment already in use (see PRIOR_CUE, ESTABLISHED_CUE), read
    in the word's clause (``before``, from its sentence's start) and the words just
    ``after`` it."""
    breaks = list(CLAUSE_BREAK.finditer(before))
    clause = before[breaks[-1].end() :] if breaks else before
    if PRIOR_CUE.search(clause) or PRIOR_AFTER_CUE.search(after):
        return True
    established = ESTABLISHED_CUE.search(clause)
    if established is None or _REPORTED_WORK.search(clause):
        return False
    return bool(established.group("been")) or _PARTICIPLE.match(phrase) is not None


def unclaimed_in(before: str, *, quoted: bool, after: str = "", phrase: str = "") -> bool:
    """Whether the text ``before`` a phrase (from its sentence's start) frames it as a wish
    ("would be a ..."), as praise reported at a distance ("touted as a ..."), or, when ``quoted``, as how it felt to the speaker ("it was like a
    ..."), or whether the phrase praises earlier work or a treatment already in use
    (:func:`elsewhere_in`, with the ``phrase`` and the text ``after`` it): no claim about
    what was found."""
    breaks = list(CLAUSE_BREAK.finditer(before))
    clause = before[breaks[-1].end() :] if breaks else before
    if WISH_CUE.search(clause) is not None or DISTANCED_CUE.search(clause) is not None:
        return True
    if quoted and FELT_CUE.search(clause) is not None:
        return True
    return elsewhere_in(before, after, phrase)


def unclaimed(
    doc: Document, block: Block, start: int, *, quoted: bool, end: int | None = None
) -> bool:
    """:func:`unclaimed_in` for the phrase that starts at ``start`` (and ends at ``end``,
    when given: the words after it are read too) in ``block``."""
    sentence_start, sentence_end = block.start, block.end
    for sentence in doc.sentences_in(block):
        if sentence.start <= start < sentence.end:
            sentence_start, sentence_end = sentence.start, sentence.end
            break
    after = "" if end is None else doc.prose[end : min(sentence_end, end + MAX_CHARS_BEFORE)]
    return unclaimed_in(
        doc.prose[max(sentence_start, start - MAX_CHARS_BEFORE) : start],
        quoted=quoted,
        after=after,
        phrase="" if end is None else doc.prose[start:end],
    )


# "a drug used to boost", "which is commonly prescribed to treat", "medicines approved for",
# "which works by blocking", "testing the efficacy".
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
    r"|\b(?:which|that|it|they)\s+(?:works?|acts?|worked|acted)\s+by\s+(?:\w+\s+){0,1}?$"
    # what a study is to measure: "next steps include testing the efficacy", "to assess the
    # drug's benefit"
    r"|\b(?:test(?:s|ed|ing)?|evaluat(?:e|es|ed|ing)|assess(?:es|ed|ing)?|measur(?:e|es|ed|ing)|"
    r"examin(?:e|es|ed|ing)|investigat(?:e|es|ed|ing)|determin(?:e|es|ed|ing))\s+"
    r"(?:the\s+|its\s+|their\s+)?(?:[\w'’-]+\s+)?$",
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
