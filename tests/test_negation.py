"""ketlint.negation: whether the words before a phrase deny it. Shared by word-list rules
(``when-denied-severity``), so hype the writer rejects is not reported as hype."""

from __future__ import annotations

import pytest

from ketlint.negation import denied_in, elsewhere_in, unclaimed_in


@pytest.mark.parametrize(
    "before",
    [
        "The drug should not be seen as a ",
        "The results are far from a ",
        "It is too early to call it a ",
        "Nobody should call this a ",
        "Surgery rarely ",
        "The authors caution against calling it a ",
        "This isn't a ",
        "There is no ",
        # A disclaimer covers the whole clause it opens, however long.
        "By no means are we saying that this new ointment is a ",
        "We do not mean to imply that the results of this small study are a ",
    ],
)
def test_a_cue_in_the_same_clause_denies(before):
    assert denied_in(before)


@pytest.mark.parametrize(
    "before",
    [
        "It is not only a ",  # affirms
        "This is without a doubt a ",
        "It is nothing short of a ",
        "It is not cheap, but it is a ",  # the denial belongs to the first clause
        "No side effects were seen; the team calls it a ",
        "Not one of the 40 patients relapsed after this ",  # a denial far before the phrase
        "The trial, which enrolled patients who had not responded to two other drugs, is a ",
        "The trial is a ",
        "It is no exaggeration to say that the results of the trial are a ",
        "We never expected the results of this small study to be a ",
    ],
)
def test_affirming_cues_other_clauses_and_distant_cues_do_not(before):
    assert not denied_in(before)


def test_built_in_hype_rule_passes_a_rejected_panacea_and_flags_a_claimed_one(flags):
    flags(
        "Ketamine should not be seen as a panacea. Its makers call it a [[panacea]].\n",
        "hype-phrase",
    )


@pytest.mark.parametrize(
    ("before", "phrase", "after"),
    [
        ("Her team first reported in 2001 that the protein could ", "cure", " diabetes in mice"),
        ("This study brought together the investigators of the ", "groundbreaking", " 2009 trial"),
        ("The result recalls the revolutionary ", "breakthrough", " made decades ago"),
        ("For example, before ", "groundbreaking", " work by Dr. Roe, nobody knew"),
        ("Although targeted drugs like imatinib have ", "revolutionized", " the treatment"),
        ("Although it has been a ", "lifesaver", " for people with the virus"),
    ],
)
def test_praise_of_earlier_work_or_an_established_treatment_is_elsewhere(before, phrase, after):
    assert elsewhere_in(before, after, phrase)


@pytest.mark.parametrize(
    ("before", "phrase", "after"),
    [
        ("Remission could have ", "extraordinary", " benefits for patients"),  # a promise
        ("This new drug has ", "transformed", " the lives of our patients"),  # the work itself
        ("Researchers call the implant a ", "breakthrough", " for people with epilepsy"),
        ("The drug has ", "enormous", " potential"),  # not a participle: a claim
    ],
)
def test_praise_of_the_reported_work_is_not_elsewhere(before, phrase, after):
    assert not elsewhere_in(before, after, phrase)


def test_built_in_hype_rule_notes_praise_of_earlier_work_and_warns_on_this_work(lint):
    text = (
        "Statins have revolutionized heart care. The new pill is a breakthrough, the team said.\n"
    )
    severities = {text[f.start : f.end]: f.severity.name.lower() for f in lint(text, "hype-phrase")}
    assert severities == {"revolutionized": "info", "breakthrough": "warning"}


@pytest.mark.parametrize(
    "before",
    ["An experimental drug touted as a ", "It was billed as a potential ", "The so-called "],
)
def test_praise_reported_at_a_distance_is_no_claim(before):
    assert unclaimed_in(before, quoted=False)


@pytest.mark.parametrize("before", ["The drug was hailed as a ", "The drug is a "])
def test_hailed_as_and_plain_praise_are_claims(before):
    assert not unclaimed_in(before, quoted=False)
