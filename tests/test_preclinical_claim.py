"""preclinical-claim: a benefit resting on animal or cell studies, with no caveat nearby."""

from __future__ import annotations

import pytest

RULE = "preclinical-claim"


@pytest.mark.parametrize(
    "marked",
    [
        "The spice reversed memory loss [[in mice]].",
        "The drug repaired nerve damage [[in rodent models]].",
        "Green tea protected the heart [[in a mouse model]] of stroke.",
        "[[Animal studies]] show the root boosts energy.",
        "The extract killed cancer cells [[in a petri dish]].",
        "[[In vitro]], the compound was effective against the virus.",
        "The peptide improved healing [[in cell cultures]].",
        "[[Mice]] given the supplement were protected from diabetes.",
        "It lowered blood sugar [[in obese rats]].",
        "[[Preclinical studies]] suggest the drug can prevent migraine.",
        "Fasting extends life [[in worms]].",
        "A berry extract shrank tumors [[in the lab]].",
    ],
)
def test_benefits_resting_on_animals_or_cells_are_flagged(marked, flags):
    flags(marked, RULE)


@pytest.mark.parametrize(
    "text",
    [
        # The caveat in the same sentence
        "The spice reversed memory loss in mice, but it has not been tested in people.",
        "The drug repaired nerve damage in rodent models; whether it works in humans is unknown.",
        "The extract killed cancer cells in a petri dish, though results in people may differ.",
        # The caveat elsewhere in the paragraph
        "The spice reversed memory loss in mice. It has not yet been tested in people.",
        "The drug cured arthritis in rats. This is early research.",
        "The drug cured arthritis in rats. More research is needed.",
        "The drug cured arthritis in rats. Human trials are needed before anyone takes it.",
        "The drug cured arthritis in rats. Results in animals often do not translate to people.",
        "The drug has so far only been tested in mice, where it reversed hair loss.",
    ],
)
def test_a_caveat_in_the_sentence_or_paragraph_clears_the_claim(text, lint):
    assert lint(text, RULE) == []


@pytest.mark.parametrize(
    "text",
    [
        # Animals or cells without a benefit claim
        "The parasite lives in rats and snails.",
        "Scientists developed animal models to study the disease.",
        "Infected rats pass larvae in their feces.",
        "Your blood sample is checked in the lab.",
        # A benefit in people, with no animal or cell evidence
        "In a trial of 400 adults, the drug improved sleep.",
        # Evidence that includes people
        "A review of preclinical and clinical studies found the drug effective.",
        "Clinical and preclinical data show the drug is effective.",
        "Human and animal studies show the vaccine prevents infection.",
        # Words that only look like it
        "Couples may use in vitro fertilization to improve their chances.",
        "The treatment is given in a clinic.",
    ],
)
def test_animals_without_claims_and_claims_without_animals_stay_quiet(text, lint):
    assert lint(text, RULE) == []


def test_the_caveat_must_be_in_the_same_paragraph(flags):
    marked = "The spice reversed memory loss [[in mice]].\n\nIt has not been tested in people.\n"
    flags(marked, RULE)


def test_emerging_research_is_not_a_caveat(flags):
    marked = (
        "Emerging research shows the drug promotes nerve growth. "
        "A study found it can reverse stress damage [[in rodent models]]."
    )
    flags(marked, RULE)


def test_a_claim_in_the_next_sentence_does_not_pair_with_the_animals(lint):
    assert lint("The drug was given to mice in a study. It helps people sleep.", RULE) == []


def test_the_message_names_the_benefit_and_the_animal_evidence(lint):
    [finding] = lint("The spice reversed memory loss in mice.", RULE)
    assert "“reversed”" in finding.message and "“in mice”" in finding.message
    assert finding.fix is None


@pytest.mark.parametrize(
    "marked",
    [
        "The spice reversed memory loss **[[in** mice]].",
        "The spice reversed memory loss [[IN MICE]].",
        "The spice reversed memory loss [[in\nmice]].",
    ],
)
def test_ranges_are_exact_across_emphasis_case_and_line_breaks(marked, flags):
    flags(marked, RULE)


@pytest.mark.parametrize(
    "text",
    [
        "The spice reversed memory loss `in mice`.",
        "The spice reversed memory loss ([study](https://example.org/in-mice)).",
        "<!-- The spice reversed memory loss in mice. -->\nPlain text.",
    ],
)
def test_code_link_targets_and_comments_are_never_flagged(text, lint):
    assert lint(text, RULE) == []


def test_a_headline_is_checked_too(flags):
    flags("# Spice reverses memory loss [[in mice]]\n\nA short story.\n", RULE)


def test_plain_text_and_html_work_alike(flags):
    flags("The spice reversed memory loss [[in mice]].", RULE, "text")
    flags("<p>The spice reversed memory loss <i>[[in mice]]</i>.</p>", RULE, "html")


def test_a_reference_list_entry_is_not_a_claim(flags):
    flags(
        "The tea reversed memory loss [[in mice]].\n\n## References\n\n"
        "1. Smith A. Green tea prevents memory loss in rats. J Nutr. 2008;19(9):619-626.",
        RULE,
    )
