"""source-quality: reference entries a reader cannot weigh or cannot find."""

from __future__ import annotations

import pytest

from ketlint.model import Severity

RULE = "source-quality"


def article(*entries: str) -> str:
    listed = "\n".join(f"{n}. {entry}" for n, entry in enumerate(entries, start=1))
    cites = " ".join(f"Point {n} holds ({n})." for n in range(1, len(entries) + 1))
    return f"# Drips\n\n{cites}\n\n## References\n\n{listed}\n"


def problems(lint, text):
    return [(f.data["problem"], text[f.start : f.end]) for f in lint(text, RULE)]


def test_a_sellers_page_is_info_on_the_entry(lint):
    entry = "Lakeside Ketamine Clinic. (2023). Ten reasons to book a drip. https://lakesideketamineclinic.com/blog/ten"
    text = article(entry)
    [finding] = lint(text, RULE)
    assert finding.severity == Severity.INFO
    assert finding.data["problem"] == "seller"
    assert text[finding.start : finding.end] == entry
    assert "lakesideketamineclinic.com" in finding.message


@pytest.mark.parametrize(
    "entry",
    [
        "Mayo Clinic Staff. (2023). Depression treatment. https://www.mayoclinic.org/diseases-conditions/depression",
        "National Institute of Mental Health. (2022). Depression. https://www.nimh.nih.gov/health/topics/depression",
        "Okafor, T. (2021). Drips at a clinic. Journal of Mood Letters, 3(2), 10-19. https://moodclinic-journal.com/a/1",
        "Department of Psychiatry, State University. (2020). Clinic guide. https://psychiatry.stateu.edu/clinic",
    ],
)
def test_public_bodies_medical_centres_and_journal_articles_are_not_sellers(lint, entry):
    assert problems(lint, article(entry)) == []


def test_a_press_release_is_reported(lint):
    text = article(
        "Acme Biologics. Spray wins approval [press release]. 2024. https://www.prnewswire.com/news/acme-spray"
    )
    assert [p for p, _ in problems(lint, text)] == ["press-release"]


def test_an_entry_with_no_date_and_no_identifier(lint):
    text = article(
        "Okafor T, Brandt L. Notes on drip dosing. Mood Letters.",
        "Okafor T. Drip dosing. Mood Letters. 2020.",
    )
    assert [p for p, _ in problems(lint, text)] == ["untraceable"]


def test_a_note_explaining_a_term_is_not_an_untraceable_source(lint):
    text = article("A drip here means an infusion into a vein over about forty minutes.")
    assert problems(lint, text) == []


@pytest.mark.parametrize(
    ("entry", "bad"),
    [
        ("Okafor T. Drip dosing. Mood Letters. 2020;3:1-9. doi: 10.1016/", True),
        ("Okafor T. Drip dosing. Mood Letters. 2020;3:1-9. https://doi.org/1016/j.ml.2020.1", True),
        ("Okafor T. Drip dosing. Mood Letters. 2020;3:1-9. doi:10.1016/j.ml.2020.01.002.", False),
        (
            "Okafor T. Drip dosing. Mood Letters. 2020;3:1-9. https://doi.org/10.1016/j.ml.2020.01.002",
            False,
        ),
        (
            "Okafor T. Drip dosing. 2020. https://moodletters.org/doi/full/10.1016/j.ml.2020.1",
            False,
        ),
    ],
)
def test_malformed_dois(lint, entry, bad):
    found = [p for p, _ in problems(lint, article(entry))]
    assert found == (["malformed-doi"] if bad else [])
