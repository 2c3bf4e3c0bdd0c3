"""Make a benchmark corpus: Markdown health articles built by shuffling paragraphs.

Usage::

    python benchmarks/make_corpus.py OUT_DIR [--files 200] [--words 1500] [--seed 5]
                                     [--paragraphs-from DIR] [--long-words 20000]

By default every paragraph comes from a small grammar of health-article
sentences written for this benchmark (nothing copied from real articles), driven
by one seeded ``random.Random``: any machine makes byte-identical files. The
default 200 articles of about 1,500 words weigh about 2.35 MB, like the corpus
the performance targets were measured on.

``--paragraphs-from DIR`` shuffles paragraphs read at run time from the
``.md``/``.txt`` files under DIR instead (for example your own archive, or
``/work/shared/corpus``). The files it writes then hold other people's text:
keep OUT_DIR outside the repository.

``--long-words N`` also writes ``long.md``, one article of about N words (the
keystroke-latency benchmark's large document), next to, not inside, the corpus
folder: ``OUT_DIR/../<name>-long.md``.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

DEFAULT_SEED = 5
DEFAULT_FILES = 200
DEFAULT_WORDS = 1500

# -- the vocabulary ---------------------------------------------------------------------------
# Health-article wording written for this benchmark. Some slots carry the kinds of words the
# default rules look for (hype, stigmatising terms, preclinical claims), in realistic density,
# so the benchmark exercises findings as well as quiet text.

TREATMENTS = [
    "ketamine",
    "esketamine",
    "psilocybin therapy",
    "cognitive behavioral therapy",
    "lithium",
    "the new nasal spray",
    "transcranial magnetic stimulation",
    "an SSRI antidepressant",
    "intravenous iron",
    "metformin",
    "a low-dose statin",
    "physical therapy",
    "mindfulness training",
    "the shingles vaccine",
    "light therapy",
    "electroconvulsive therapy",
    "naltrexone",
    "buprenorphine",
    "a GLP-1 agonist",
    "vitamin D supplements",
]
CONDITIONS = [
    "depression",
    "treatment-resistant depression",
    "anxiety",
    "chronic pain",
    "migraine",
    "type 2 diabetes",
    "post-traumatic stress disorder",
    "bipolar disorder",
    "insomnia",
    "high blood pressure",
    "opioid use disorder",
    "obesity",
    "seasonal affective disorder",
    "osteoarthritis",
    "heart failure",
    "alcohol use disorder",
]
POPULATIONS = [
    "adults",
    "older adults",
    "teenagers",
    "veterans",
    "pregnant women",
    "patients",
    "people with kidney disease",
    "children over 12",
    "nursing home residents",
    "volunteers",
]
CLINICIANS = ["doctor", "pharmacist", "nurse practitioner", "psychiatrist", "care team"]
STUDY_DESIGNS = [
    "randomized controlled trial",
    "small pilot study",
    "cohort study",
    "meta-analysis",
    "double-blind trial",
    "observational study",
    "case series",
    "crossover trial",
]
OUTCOMES = [
    "symptom scores",
    "the number of hospital visits",
    "suicidal thoughts",
    "pain ratings",
    "relapse rates",
    "blood sugar levels",
    "sleep quality",
    "days missed from work",
    "the risk of a second heart attack",
    "scores on a standard depression scale",
]
SIDE_EFFECTS = [
    "nausea",
    "dizziness",
    "headache",
    "a rise in blood pressure",
    "drowsiness",
    "dry mouth",
    "blurred vision",
    "feeling detached from the body",
    "weight gain",
    "trouble sleeping",
    "constipation",
    "a skin rash",
]
INSTITUTIONS = [
    "a large university hospital",
    "the national health institute",
    "two community clinics",
    "a veterans' medical center",
    "a children's hospital",
    "several academic centers",
]
HYPE = [
    "miracle",
    "breakthrough",
    "game changer",
    "beacon of hope",
    "revolutionary treatment",
    "wonder drug",
    "cure-all",
    "magic bullet",
]
STIGMA = ["addicts", "drug abusers", "the mentally ill", "alcoholics", "junkies"]
ANIMALS = ["mice", "rats", "zebrafish", "monkeys", "cell cultures"]
ROUTES = ["by mouth", "as a nasal spray", "through an IV drip", "as an injection", "as a patch"]
FREQUENCIES = ["once a day", "twice a week", "every morning", "once a month", "as needed"]
ADVERBS = ["slightly", "clearly", "modestly", "significantly", "consistently", "only briefly"]
CONNECTIVES = [
    "However,",
    "In addition,",
    "Even so,",
    "For this reason,",
    "At the same time,",
    "On the other hand,",
    "Still,",
    "In practice,",
]
ACTIONS = [
    "stop taking any medicine",
    "start a new supplement",
    "change your dose",
    "drive after a session",
    "combine it with alcohol",
    "travel abroad for treatment",
    "take it during pregnancy",
]
HEADINGS = [
    "What is {treatment}?",
    "How does {treatment} work?",
    "Who can benefit",
    "What the research shows",
    "Side effects and risks",
    "Safety and precautions",
    "Cost and insurance",
    "Questions to ask your {clinician}",
    "What to expect during treatment",
    "Other options for {condition}",
    "The bottom line",
    "How {condition} is diagnosed",
    "Living with {condition}",
    "When to get help",
]
TITLES = [
    "{Treatment} for {condition}: what patients should know",
    "Can {treatment} help with {condition}?",
    "A guide to {treatment} and {condition}",
    "New hope for {condition}? A closer look at {treatment}",
    "Understanding {condition} and its treatments",
]
DOMAINS = ["example.org", "health.example.com", "journal.example.net", "clinic.example"]

# Sentence templates: {slot} names a list above; {n}, {pct}, {cite}, {link} are generated.
SENTENCES = [
    "{Treatment} is approved for {condition} in {population}, but only under close supervision.",
    "In a {study_design} of {n} {population}, {treatment} {adverb} lowered {outcome} compared with "
    "a placebo{cite}.",
    "About {pct} percent of {population} in the study reported {side_effect}, and a few reported "
    "{side_effect2}.",
    "Common side effects include {side_effect}, {side_effect2} and {side_effect3}.",
    "Talk to your {clinician} before you {action}.",
    "{Condition} affects roughly {n} million {population} every year, according to {link}.",
    "Researchers at {institution} found that {treatment} {adverb} changed {outcome} over "
    "{weeks} weeks{cite}.",
    "The treatment is usually given {route} {frequency}, and a session lasts about {minutes} "
    "minutes.",
    "{Connective} the benefits faded for many {population} after {weeks} weeks.",
    "{Connective} the trial was small, and it did not compare {treatment} with {treatment2}.",
    "Some clinics describe {treatment} as a {hype} for {condition}.",
    "A study in {animal} suggests that {treatment} could reverse {condition}.",
    "Programs that help {stigma} often struggle to find funding.",
    "If you have thoughts of harming yourself, call or text a crisis line right away.",
    "Insurance may not cover {treatment}, and a course can cost several thousand dollars.",
    "Doctors usually try {treatment2} first, because it has been studied for longer.",
    "{Treatment} is not right for everyone, especially {population} with a history of {condition}.",
    "Most people in the {study_design} also kept taking their usual medicines, which makes the "
    "results harder to interpret.",
    "The effect on {outcome} was {adverb} larger in {population} than in the comparison group, "
    "although the confidence intervals overlapped{cite}.",
    "Write down your symptoms, your medicines and any questions before your appointment.",
    "{Connective} experts say more research is needed before {treatment} becomes a standard "
    "option for {condition}.",
    "Long-term data beyond {weeks} weeks are still limited.",
    "Pharmacokinetic studies indicate that {treatment} is metabolized predominantly by hepatic "
    "cytochrome enzymes, so interactions with {treatment2} deserve careful consideration{cite}.",
    "Guidelines from {link} recommend individualized monitoring of {outcome} throughout treatment.",
    "Independent investigators emphasize that methodological limitations, including "
    "unblinding and selective reporting, complicate interpretation of the {study_design}.",
    "Read the full recommendations at {link} or ask your {clinician} for a printed copy.",
]


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass
class Grammar:
    """Seeded generator of sentences, paragraphs, headings and list items."""

    rng: random.Random

    def pick(self, items: list[str]) -> str:
        return items[self.rng.randrange(len(items))]

    def citation(self) -> str:
        roll = self.rng.random()
        if roll < 0.35:
            return f" ({self.rng.randint(1, 12)})"
        if roll < 0.5:
            return f" [^{self.rng.randint(1, 6)}]"
        return ""

    def link(self) -> str:
        name = self.pick(
            [
                "a national survey",
                "federal data",
                "the latest estimates",
                "a recent report",
                "public health figures",
            ]
        )
        path = "-".join(self.pick(CONDITIONS).split())
        return f"[{name}](https://{self.pick(DOMAINS)}/{path}/{self.rng.randint(100, 999)})"

    def fill(self, template: str) -> str:
        treatment, treatment2 = self.rng.sample(TREATMENTS, 2)
        side_effects = self.rng.sample(SIDE_EFFECTS, 3)
        condition = self.pick(CONDITIONS)
        values = {
            "treatment": treatment,
            "Treatment": _capitalize(treatment),
            "treatment2": treatment2,
            "condition": condition,
            "Condition": _capitalize(condition),
            "population": self.pick(POPULATIONS),
            "clinician": self.pick(CLINICIANS),
            "study_design": self.pick(STUDY_DESIGNS),
            "outcome": self.pick(OUTCOMES),
            "side_effect": side_effects[0],
            "side_effect2": side_effects[1],
            "side_effect3": side_effects[2],
            "institution": self.pick(INSTITUTIONS),
            "hype": self.pick(HYPE),
            "stigma": self.pick(STIGMA),
            "animal": self.pick(ANIMALS),
            "route": self.pick(ROUTES),
            "frequency": self.pick(FREQUENCIES),
            "adverb": self.pick(ADVERBS),
            "Connective": self.pick(CONNECTIVES),
            "action": self.pick(ACTIONS),
            "n": str(self.rng.randint(12, 900)),
            "pct": str(self.rng.randint(2, 60)),
            "weeks": str(self.rng.randint(2, 52)),
            "minutes": str(self.rng.choice([20, 40, 45, 60, 90, 120])),
            "cite": self.citation(),
            "link": self.link(),
        }
        return template.format(**values)

    def sentence(self) -> str:
        text = self.fill(self.pick(SENTENCES))
        roll = self.rng.random()
        if roll < 0.08:  # a little inline markup, as in real posts
            words = text.split(" ")
            at = self.rng.randrange(len(words) - 1)
            words[at] = f"**{words[at]}**"
            text = " ".join(words)
        elif roll < 0.12:
            words = text.split(" ")
            at = self.rng.randrange(len(words) - 1)
            words[at] = f"*{words[at]}*"
            text = " ".join(words)
        return text

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(3, 7)))

    def heading(self) -> str:
        return _capitalize(self.fill(self.pick(HEADINGS)))

    def title(self) -> str:
        return _capitalize(self.fill(self.pick(TITLES)))

    def list_items(self) -> list[str]:
        return [_capitalize(self.fill(self.pick(SENTENCES))) for _ in range(self.rng.randint(3, 5))]


# -- paragraphs read from a folder at run time ------------------------------------------------

_MIN_PARAGRAPH_WORDS = 25


def read_paragraphs(folder: Path) -> tuple[list[str], list[str]]:
    """Paragraphs (25 words or more) and short heading-like lines from the files under ``folder``."""
    paragraphs: list[str] = []
    headings: list[str] = []
    files = sorted(
        p for p in folder.rglob("*") if p.suffix.lower() in (".md", ".txt") and p.is_file()
    )
    for file in files:
        if file.name.lower() == "readme.md":
            continue
        text = file.read_text(encoding="utf-8", errors="replace")
        # Blank lines separate paragraphs in Markdown; exported plain text often has one per line.
        pieces = re.split(r"\n\s*\n", text) if "\n\n" in text else text.splitlines()
        for piece in pieces:
            folded = " ".join(piece.split()).lstrip("#").strip()
            words = len(folded.split())
            if words >= _MIN_PARAGRAPH_WORDS:
                paragraphs.append(folded)
            elif 2 <= words <= 10 and folded[-1:] not in ".,;:" and folded[:1].isupper():
                headings.append(folded)
    return paragraphs, headings


# -- articles ---------------------------------------------------------------------------------


def _words(text: str) -> int:
    return len(text.split())


# A quarter of the articles use Markdown footnotes ("[^2]" and "[^2]: ..." definitions).
FOOTNOTE_SHARE = 0.25
_FOOTNOTE_REF = re.compile(r"\[\^(\d+)\]")


def build_article(
    rng: random.Random,
    target_words: int,
    paragraph: Callable[[], str],
    heading: Callable[[], str],
    title: str,
    list_items: Callable[[], list[str]] | None,
) -> str:
    """One Markdown article of about ``target_words`` words: title, sections, references."""
    parts = [
        f'---\ntitle: "{title}"\nauthor: Benchmark Writer\ndate: 2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}\n---',
        f"# {title}",
    ]
    words = _words(title)
    goal = int(target_words * rng.uniform(0.9, 1.1))
    while words < goal:
        section = heading()
        parts.append(f"## {section}")
        words += _words(section)
        for _ in range(rng.randint(2, 4)):
            if words >= goal:
                break
            if list_items is not None and rng.random() < 0.15:
                items = list_items()
                parts.append("\n".join(f"- {item}" for item in items))
                words += sum(_words(item) for item in items)
            else:
                text = paragraph()
                parts.append(text)
                words += _words(text)
    references = [
        f"{i}. Author A, Author B. A study of {rng.choice(CONDITIONS)}. "
        f"J Example Med. 20{rng.randint(10, 24)};{rng.randint(1, 60)}:{rng.randint(1, 900)}. "
        f"https://{rng.choice(DOMAINS)}/doi/{rng.randint(1000, 9999)}"
        for i in range(1, rng.randint(3, 8))
    ]
    parts.append("## References")
    parts.append("\n".join(references))
    if rng.random() < FOOTNOTE_SHARE:
        notes = [f"[^{i}]: See https://{rng.choice(DOMAINS)}/notes/{i}" for i in range(1, 7)]
        parts.append("\n".join(notes))
        return "\n\n".join(parts) + "\n"
    # Most blog posts cite as "[3]" rather than with Markdown footnotes.
    return _FOOTNOTE_REF.sub(r"[\1]", "\n\n".join(parts)) + "\n"


def _pool_picker(rng: random.Random, pool: list[str]) -> Callable[[], str]:
    """Draw from a shuffled pool without repeats until it runs out, then reshuffle."""
    order: list[str] = []

    def pick() -> str:
        if not order:
            order.extend(pool)
            rng.shuffle(order)
        return order.pop()

    return pick


def make_corpus(
    out_dir: Path,
    files: int = DEFAULT_FILES,
    words: int = DEFAULT_WORDS,
    seed: int = DEFAULT_SEED,
    paragraphs_from: Path | None = None,
) -> list[Path]:
    """Write ``files`` articles into ``out_dir``; returns their paths."""
    rng = random.Random(seed)
    grammar = Grammar(random.Random(seed + 1))
    if paragraphs_from is not None:
        paragraphs, headings = read_paragraphs(paragraphs_from)
        if not paragraphs:
            raise SystemExit(
                f"no paragraphs of {_MIN_PARAGRAPH_WORDS}+ words under {paragraphs_from}"
            )
        paragraph = _pool_picker(rng, paragraphs)
        heading = _pool_picker(rng, headings) if headings else grammar.heading
        list_items = None
    else:
        # A fixed pool of generated paragraphs, shuffled into articles: like a blog archive,
        # where posts share much of their wording.
        pool = [grammar.paragraph() for _ in range(max(50, files * 3))]
        paragraph = _pool_picker(rng, pool)
        heading = grammar.heading
        list_items = grammar.list_items
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for index in range(files):
        title = grammar.title()
        text = build_article(rng, words, paragraph, heading, title, list_items)
        path = out_dir / f"article-{index:04d}.md"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def make_long_article(path: Path, words: int, seed: int = DEFAULT_SEED) -> Path:
    """One article of about ``words`` words (generated paragraphs only)."""
    rng = random.Random(seed + 2)
    grammar = Grammar(random.Random(seed + 3))
    text = build_article(
        rng, words, grammar.paragraph, grammar.heading, grammar.title(), grammar.list_items
    )
    path.write_text(text, encoding="utf-8")
    return path


def corpus_size(paths: Iterable[Path]) -> tuple[int, int]:
    """(bytes, words) of the files."""
    total_bytes = total_words = 0
    for path in paths:
        data = path.read_bytes()
        total_bytes += len(data)
        total_words += len(data.decode("utf-8").split())
    return total_bytes, total_words


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--files", type=int, default=DEFAULT_FILES)
    parser.add_argument(
        "--words", type=int, default=DEFAULT_WORDS, help="words per article (about)"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--paragraphs-from",
        type=Path,
        metavar="DIR",
        help="shuffle paragraphs from the .md/.txt files under DIR instead",
    )
    parser.add_argument(
        "--long-words",
        type=int,
        metavar="N",
        help="also write one article of about N words next to OUT_DIR",
    )
    args = parser.parse_args(argv)
    paths = make_corpus(args.out_dir, args.files, args.words, args.seed, args.paragraphs_from)
    size, words = corpus_size(paths)
    print(
        f"wrote {len(paths)} articles to {args.out_dir}: {size / 1e6:.2f} MB, "
        f"{words / max(1, len(paths)):.0f} words each on average"
    )
    if args.long_words:
        long_path = args.out_dir.parent / f"{args.out_dir.name}-long.md"
        make_long_article(long_path, args.long_words, args.seed)
        print(f"wrote {long_path}: {corpus_size([long_path])[1]} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
