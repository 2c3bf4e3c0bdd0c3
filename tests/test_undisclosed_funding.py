"""undisclosed-funding: an article reporting research says who paid for it, or who has ties."""

from __future__ import annotations

import pytest

from ketlint.engine import Linter
from ketlint.model import LintResult, Severity
from ketlint.ruleset import builtin_ruleset
from ketlint.testing import parse_marked

RULE = "undisclosed-funding"

REPORT = """# [[Cooling caps help women keep their hair during chemotherapy]]

A study published today in a cancer journal found that scalp cooling helped half of the
women who used it keep most of their hair.
"""


def run(text: str, fmt: str = "markdown") -> LintResult:
    result = Linter(builtin_ruleset(), [RULE]).lint_text(text, format=fmt)
    assert not result.errors, result.errors
    return result


def verdict(text: str) -> str:
    [only] = [v for v in run(text).verdicts if v.criterion == "funding_coi"]
    return only.value


def with_note(note: str) -> str:
    text, _ = parse_marked(REPORT)
    return f"{text}\n{note}\n"


def test_a_research_report_without_a_funding_note_is_flagged_once_on_its_title(flags):
    [finding] = flags(REPORT, RULE)
    assert finding.severity == Severity.INFO
    assert "who paid for it" in finding.message
    text, _ = parse_marked(REPORT)
    [why] = finding.related
    assert text[why.start : why.end] == "study"
    assert verdict(text) == "not-satisfactory"


@pytest.mark.parametrize(
    "note",
    [
        "The study was funded by the Wellcome Trust.",
        "Funding: the trial was paid for by the hospital's charity.",
        "This work was supported by a grant from the Arthritis Foundation.",
        "The work was supported in part by Acme Pharmaceuticals.",
        "The National Institutes of Health (grants CA123456 and CA654321) supported this study.",
        "The cap's maker, Coolco, was a sponsor of the trial.",
        "Dr. Lee has received consulting fees from Coolco.",
        "Two authors are paid consultants for the company.",
        "The authors declared no competing interests.",
        "Financial disclosures: Dr. Lee owns stock in Coolco.",
        "The trial was conducted for Coolco by an independent research firm.",
        # Saying there was none is a statement too.
        "No funding was received for this trial.",
        # The funder named as the study's adjective.
        "The Coolco-supported study enrolled 120 women.",
        # A researcher's stake in the product, named.
        "Dr. Lee, a co-founder of Coolco, led the study.",
        "The hospital and Dr. Lee have financial interests in Coolco.",
        # Commissioned work: done by a contractor on the sponsor's behalf, or the payer as
        # the subject of the sentence.
        "The study was conducted by Survey Partners, Inc. on behalf of the Hair Council.",
        "An industry trade group paid for the study.",
        # The study's authors work for a company, named by its legal form: a tie.
        "The study was carried out by researchers from Northfield University and Coolco, Inc.",
        "Its lead authors are from Coolco Therapeutics, the maker of the cap.",
        # A researcher's post at a company named by its legal form, said of them in a clause
        # of its own: a tie, as employment is.
        "Dr. Lee, a dermatologist who is also Director of Research for Coolco, Inc., led it.",
        "Dr. Lee, who serves as chief medical adviser to Coolco Therapeutics, led the study.",
        # A stake in the maker, named as such.
        "Dr. Lee holds an equity position in Coolco.",
    ],
)
def test_a_funding_or_conflict_statement_satisfies_it(lint, note):
    text = with_note(note)
    assert lint(text, RULE) == []
    assert verdict(text) == "satisfactory"


@pytest.mark.parametrize(
    "note",
    [
        # Pointers elsewhere are not disclosures.
        "Details of funding and conflicts of interest are in the full paper.",
        "The paper includes full conflict of interest disclosures.",
        # The words without a funder.
        "According to the National Institutes of Health, hair loss upsets most patients.",
        "Patients were supported by their nurses throughout treatment.",
        "The findings support wider use of scalp cooling.",
        "Full abstract and author disclosures are available from the press office.",
        # Funding words that describe a person, an institution or a duration, not the study.
        "Dr. Lee, an NIH funded researcher, led the study.",
        "As a major hospital funded by the National Eye Institute, the clinic "
        "hosts dozens of trials.",
        "The college ranks among the largest recipients of funding from the state's science "
        "council.",
        "The trial was conducted for 12 weeks at three hospitals.",
        "Dr. Lee is an adviser to the dean for clinical research.",
        "The first federally funded hair-loss awareness radio campaign starts next month.",
        # Funding hoped for or sought (for the next trial) is not this study's.
        "Dr. Lee is now hoping for funding for a larger trial.",
        "The team is seeking new grants from the state to test the cap in children.",
        # A pointer elsewhere, however worded.
        "Author disclosures are in the supplementary file.",
        # Authors from universities and hospitals: no company named by its legal form.
        "The study was carried out by researchers from Northfield University and City Hospital.",
        "Scientists at the Northfield Cancer Institute led the study.",
        # A post at a university or a hospital is not a tie to a company.
        "Dr. Lee, who is director of research at the Northfield Cancer Institute, led it.",
        "Dr. Lee, who serves as chief of dermatology at City Hospital, led the study.",
        # A post named beside a quote is read as the speaker's title, and a patient's
        # treatment is not a post.
        '"We are pleased," said Jane Roe, chief executive of Coolco, Inc.',
        "One patient, who was treated with Coolco Therapeutics' cap, kept her hair.",
    ],
)
def test_words_that_only_look_like_a_disclosure_do_not(note):
    assert verdict(with_note(note)) == "not-satisfactory"


def test_the_note_usually_sits_after_the_end_mark_of_a_press_release_and_counts_there():
    text = with_note("###\n\nThe study was funded by the Wellcome Trust.")
    assert verdict(text) == "satisfactory"


def test_a_company_announcing_its_own_trial_or_approval_names_its_sponsor():
    announcement = (
        "# Acme reports topline phase 3 results for its migraine pill\n\n"
        "Acme today reported topline results from the trial of its pill.\n"
    )
    assert verdict(announcement) == "satisfactory"
    approval = (
        "# New migraine pill approved\n\nOn Monday Acme announced that the Food and Drug "
        "Administration has approved its pill for adults with migraine.\n"
    )
    assert verdict(approval) == "satisfactory"


def test_a_page_that_reports_no_research_owes_nothing(lint):
    text = (
        "# Living with high blood pressure\n\nHigh blood pressure often has no symptoms. Cut "
        "down on salt and take your medicine as your doctor tells you.\n"
    )
    assert lint(text, RULE) == []
    assert verdict(text) == "not-applicable"


def test_research_mentioned_only_far_down_a_page_does_not_make_it_a_research_report(lint):
    advice = "Drink water, rest and take your medicine as your doctor tells you. " * 20
    text = f"# Living with gout\n\n{advice}\n\nResearchers are studying new drugs for gout.\n"
    assert lint(text, RULE) == []
    assert verdict(text) == "not-applicable"


def test_the_finding_in_html_covers_the_title_words_not_its_markup():
    source = (
        "<html><body><h1> <em>Cooling caps</em> work </h1><p>A new study found that "
        "caps helped.</p></body></html>"
    )
    [finding] = run(source, "html").findings
    assert source[finding.start : finding.end] == "Cooling caps</em> work"
