"""Claims first: each pattern of issue 10 handled by caveat.analysis.claims and the four checks built on it.

Every row is an invented article against an invented paper (written for these tests), one positive and one
negative at least per pattern: P2 certainty from comparison, P3 graded strength with a design ceiling, P9 alignment,
P17/P18 animal-to-human by subject, P22 certainty in the study team's quotes, P23 experiments and causal verbs.
"""

from __future__ import annotations

import pytest

from caveat.analysis.alignment import align
from caveat.analysis.article import parse_article
from caveat.analysis.claims import extract_claims, paper_strength, read
from caveat.analysis.language import booster_spans, certainty_hedge_spans, hedge_spans
from caveat.analysis.lexicon import HUMAN_PROMISE
from caveat.analysis.profile import build_profile
from caveat.core.models import Paper, Review
from caveat.rules.registry import run_checks

PAPERS: dict[str, Paper] = {
    "survey": Paper(
        title="Candidate dwarf galaxies behind the Orion cloud",
        abstract=(
            "Dwarf galaxies trace the smallest dark matter halos. Here we analyse deep infrared images of a field "
            "behind the Orion cloud. We identify four candidate dwarf galaxies at redshift above 3, which would "
            "imply faster halo growth than expected. If confirmed by spectroscopy, these objects would challenge "
            "models of early structure formation."
        ),
    ),
    "naps": Paper(
        title="Daytime naps and blood pressure: a prospective cohort study",
        abstract=(
            "We followed 9,200 adults for eight years in a prospective cohort study. Daily naps of more than an hour "
            "were associated with higher systolic blood pressure at follow-up. Short naps showed no association. "
            "Possibly, long naps may mark poor night-time sleep rather than cause hypertension."
        ),
        publication_types=["Journal Article"],
    ),
    "hearing": Paper(
        title="Compound ZT-4 restores hearing in deafened mice",
        abstract=(
            "Hearing loss has been associated with noise exposure in large cohorts. We treated deafened mice with "
            "the compound ZT-4 for three weeks. Treated mice regained auditory responses and hair-cell numbers "
            "compared with untreated controls. These results identify ZT-4 as a candidate for regenerating hair "
            "cells."
        ),
    ),
    "lectin": Paper(
        title="Lectin QX blocks norovirus entry into cultured intestinal cells",
        abstract=(
            "In cultured human intestinal cell lines, the lectin QX blocked entry of norovirus particles in a "
            "dose-dependent manner. QX neutralised 90% of norovirus particles at 10 micromolar. These data suggest "
            "QX could be developed further."
        ),
    ),
    "walking": Paper(
        title="A walking programme for blood pressure: a randomised controlled trial",
        abstract=(
            "In this randomised controlled trial, 420 adults were randomly assigned to a walking programme or usual "
            "care. The programme reduced systolic blood pressure by 6 mmHg at 12 months. Walking programmes improve "
            "blood pressure in adults."
        ),
        publication_types=["Randomized Controlled Trial"],
    ),
}

AFFILIATED = "said Dr Ana Ruiz, who led the study."
INDEPENDENT = "said Dr Tom Berg, a physician who was not involved in the study."

# (row id, check, paper key, article, expected to fire)
ROWS: list[tuple[str, str, str, str, bool]] = [
    # P2: certainty from comparison with the aligned (hedged) sentence
    ("p2-bald-success-verb", "certainty", "survey", "Sky survey\n\nAstronomers have found four dwarf galaxies at "
     "redshift above 3 behind the Orion cloud.", True),
    ("p2-keeps-candidate", "certainty", "survey", "Sky survey\n\nAstronomers have found four candidate dwarf "
     "galaxies at redshift above 3 behind the Orion cloud.", False),
    ("p2-has-been-shown", "certainty", "naps", "Nap news\n\nIt has now been shown that long naps mark poor "
     "night-time sleep.", True),
    ("p2-confirming-interjection", "certainty", "naps", "Nap news\n\nIt's official: long naps mark poor "
     "night-time sleep.", True),
    ("p2-attributed-and-hedged", "certainty", "naps", "Nap news\n\nLong naps may mark poor night-time sleep, "
     "the study suggests.", False),
    ("p2-unhedged-evidence", "certainty", "walking", "Walking news\n\nIt has been shown that walking programmes "
     "improve blood pressure in adults.", False),
    ("p2-association-kept", "certainty", "naps", "Naps linked to higher blood pressure\n\nDaily naps of more than "
     "an hour were linked to higher blood pressure in 9,200 adults.", False),
    # P22: certainty inside quotes, for the study's own people only
    ("p22-team-quote", "certainty", "naps", f"Nap news\n\nA study followed 9,200 adults.\n\n\"It is absolutely "
     f"certain that long naps mark poor night-time sleep,\" {AFFILIATED}", True),
    ("p22-independent-quote", "certainty", "naps", f"Nap news\n\nA study followed 9,200 adults.\n\n\"It is "
     f"absolutely certain that long naps mark poor night-time sleep,\" {INDEPENDENT}", False),
    # P3: a hedged observational conclusion (graded 0) does not switch the comparison off
    ("p3-cohort-cause", "causal-claim", "naps", "Nap news\n\nLong daily naps raise blood pressure, a study of "
     "9,200 adults found.", True),
    ("p3-cohort-association", "causal-claim", "naps", "Nap news\n\nLong daily naps were associated with higher "
     "blood pressure in a study of 9,200 adults.", False),
    ("p3-all-cause-compound", "causal-claim", "naps", "Nap news\n\nLong daily naps were linked to all-cause "
     "mortality and higher blood pressure in 9,200 adults.", False),
    # P23: experiments support causal verbs; a background association is not the experiment's finding
    ("p23-mouse-experiment-verb", "causal-claim", "hearing", "Hearing in mice\n\nZT-4 restored hearing in "
     "deafened mice and increased hair-cell numbers, the team found.", False),
    ("p23-background-association", "causal-claim", "hearing", "Hearing in mice\n\nNoise exposure causes hearing "
     "loss in large cohorts, and ZT-4 restored hearing in deafened mice.", False),
    ("p23-trial-verb", "causal-claim", "walking", "Walking news\n\nThe walking programme reduced systolic blood "
     "pressure by 6 mmHg in the trial of 420 adults.", False),
    # P7: figurative, alarmist, paradigm and novelty hype
    ("p7-alarm", "hype", "naps", "Naps will plunge the nation into a health apocalypse\n\nA study followed 9,200 "
     "adults for eight years.", True),
    ("p7-paradigm-upend", "hype", "survey", "Sky survey\n\nFour faint galaxies are upending what astronomers "
     "thought about the early universe.", True),
    ("p7-first-x-that", "hype", "walking", "Walking news\n\nIt is the first exercise plan that has lowered blood "
     "pressure this much, the trial of 420 adults found.", True),
    ("p7-milestone", "hype", "walking", "Walking news\n\nThe trial of 420 adults marks a milestone for "
     "cardiology.", True),
    ("p7-first-study-scope", "hype", "walking", "Walking news\n\nThis is the first study to compare walking with "
     "usual care in 420 adults.", False),
    ("p7-first-author", "hype", "walking", "Walking news\n\nThe first author of the trial of 420 adults, Dr Ana "
     "Ruiz, said walking lowered blood pressure.", False),
    ("p7-headline-outcome-not-measured", "hype", "naps", "Long naps linked to dementia\n\nA study of 9,200 adults "
     "linked long naps to higher blood pressure.", True),
    ("p7-headline-outcome-measured", "hype", "naps", "Long naps linked to higher blood pressure\n\nA study of "
     "9,200 adults followed them for eight years.", False),
    # P19: scope of a hype word
    ("p19-aspiration-long-window", "hype", "naps", "Nap news\n\nAs doctors race toward a more permanent cure for "
     "hypertension, a study followed 9,200 adults.", False),
    ("p19-unlikely-to-become", "hype", "naps", "Nap news\n\nNapping less is unlikely to become a cure for high "
     "blood pressure, a study of 9,200 adults suggests.", False),
    ("p19-denied-after", "hype", "naps", "Nap news\n\n\"Calling this a breakthrough would be premature,\" "
     + AFFILIATED, False),
    ("p19-about-other-work", "hype", "naps", "Nap news\n\nA landmark trial decades ago first measured napping. A "
     "study has now followed 9,200 adults.", False),
    ("p19-story-own-word", "hype", "naps", "Nap news\n\nThe study of 9,200 adults is a breakthrough for "
     "sleep science.", True),
    # P17/P18: subjects carried from the paper to each claim
    ("p18-lede-generalises", "animal-to-human", "hearing", "Compound restores hearing in mice\n\nPeople with "
     "hearing loss might benefit from a new compound, researchers say.", True),
    ("p18-conditional-caveat", "animal-to-human", "hearing", "Compound restores hearing in mice\n\nIf the effect "
     "holds for humans, people with hearing loss might benefit one day.", False),
    ("p17-no-species-named", "animal-to-human", "hearing", "New drug reverses deafness\n\nA compound called ZT-4 "
     "restored hearing, scientists report.", True),
    ("p17-health-is-no-promise", "animal-to-human", "lectin", "Lectin study draws interest\n\nThe lectin QX "
     "attracted interest from health researchers across Europe this week.", False),
    ("p17-potency-with-patients", "animal-to-human", "lectin", "Lectin blocks virus in cultured cells\n\nThe "
     "lectin QX was tested in the lab. In patients, QX neutralised 90% of norovirus particles at 10 micromolar.",
     True),
    ("p17-potency-kept-in-cells", "animal-to-human", "lectin", "Lectin blocks virus in cultured cells\n\nThe "
     "lectin QX was tested in the lab. In cultured cells, QX neutralised 90% of norovirus particles at 10 "
     "micromolar.", False),
]


def _flags(check: str, paper_key: str, text: str) -> list[str]:
    paper = PAPERS[paper_key]
    article = parse_article(text)
    return [f.article_span.text for f in run_checks(article, paper, build_profile(paper)) if f.check == check]


@pytest.mark.parametrize(("row", "check", "paper_key", "text", "fires"), ROWS, ids=[r[0] for r in ROWS])
def test_pattern_rows(row: str, check: str, paper_key: str, text: str, fires: bool) -> None:
    flags = _flags(check, paper_key, text)
    assert bool(flags) is fires, f"{row}: {flags}"


def test_every_pattern_check_has_both_outcomes() -> None:
    for check in {r[1] for r in ROWS}:
        assert {r[4] for r in ROWS if r[1] == check} == {True, False}, check


# P2: the hedge and booster vocabularies
@pytest.mark.parametrize(("text", "hedged"), [
    ("These data are consistent with the theory.", True),
    ("We present evidence of superconductivity at room temperature.", True),
    ("We identify six candidate galaxies.", True),
    ("If confirmed by spectroscopy, the objects would be the earliest known.", True),
    ("The finding needs to be replicated.", True),
    ("There is strong evidence that smoking causes cancer.", False),
    ("The drug lowered blood pressure by 6 mmHg.", False),
])
def test_evidential_hedges(text: str, hedged: bool) -> None:
    assert bool(hedge_spans(text)) is hedged


def test_association_is_strength_not_certainty() -> None:
    text = "Smoking was associated with cancer."
    assert hedge_spans(text) and not certainty_hedge_spans(text)


@pytest.mark.parametrize(("text", "boosted"), [
    ("It has been shown that naps help.", True),
    ("It's official: naps help.", True),
    ("Put simply, you can repay your sleep debt.", True),
    ("Scientists have finally found the answer.", True),
    ("Naps may help, the authors said.", False),
])
def test_boosters(text: str, boosted: bool) -> None:
    assert bool(booster_spans(text)) is boosted


# P17: HUMAN_PROMISE noise and gaps
@pytest.mark.parametrize(("text", "promise"), [
    ("New drug regrows lost teeth", True),
    ("Compounds prevented infection", True),
    ("Olive oil protects the brain", True),
    ("Obese humans might benefit too", True),
    ("The AI outperforms humans at reading scans", False),
    ("Health researchers met in Rome", False),
    ("You often come across such claims", False),
])
def test_human_promise(text: str, promise: bool) -> None:
    assert bool(HUMAN_PROMISE.search(text)) is promise


# P9: alignment prefers the result that shares the claim's specific terms
SLEEP = Paper(
    title="Weekend sleep and mortality",
    abstract=(
        "Background: Short sleep has been associated with mortality. We followed 43,000 adults for 13 years. "
        "Short sleep on both weekdays and weekends was associated with increased mortality among people under 65. "
        "Possibly, short weekday sleep may be compensated for by long weekend sleep."
    ),
)


@pytest.mark.parametrize(("claim", "expected"), [
    ("People under 65 who slept little on weekdays and weekends had higher mortality.", "under 65"),
    ("A long lie-in at the weekend may make up for short weekday sleep.", "Possibly"),
])
def test_alignment_prefers_specific_terms(claim: str, expected: str) -> None:
    found = align(claim, SLEEP, role_of=lambda i, s: "background" if i == 0 else "result")
    assert found is not None and expected in found[0].text


def test_alignment_skips_background_when_a_result_matches() -> None:
    found = align("Short sleep was associated with increased mortality among people under 65.", SLEEP,
                  role_of=lambda i, s: "background" if i == 0 else "result")
    assert found is not None and found[1] == "result"


# the claims themselves: readings on both sides, the design's ceiling, a paperless fallback, the review's record
def test_claim_readings_on_four_axes() -> None:
    reading = read("Obese patients with diabetes may benefit from the drug, which reduces weight.")
    assert reading.strength == 2 and reading.hedges == ["may"]
    assert reading.subjects == "people" and "diabetes" in reading.scope
    mice = read("In mice, the drug reduced weight.")
    assert mice.subjects == "animals" and mice.species == ["mice"]


def test_observational_design_caps_and_floors_paper_strength() -> None:
    paper = PAPERS["naps"]
    profile = build_profile(paper)
    claims = extract_claims(parse_article("Nap news\n\nLong daily naps raise blood pressure, a study of 9,200 "
                                          "adults found."), paper, profile)
    lede = next(c for c in claims if c.role == "lede")
    assert lede.article.strength == 3
    assert paper_strength(lede, profile) == 1
    assert any(d.startswith("strength 3") for d in lede.differences)


def test_claims_without_a_paper_use_the_article_account() -> None:
    text = ("Naps and blood pressure\n\nLong naps raise blood pressure, doctors now say.\n\nThe study found that "
            "long naps were associated with higher blood pressure in older adults.")
    article = parse_article(text)
    claims = extract_claims(article, None, build_profile(None))
    lede = next(c for c in claims if c.role == "lede")
    assert lede.evidence is not None and lede.evidence.kind == "article" and lede.evidence_role == "article"
    assert lede.evidence.text == article.text[lede.evidence.start:lede.evidence.end]


def test_review_keeps_claims_through_json() -> None:
    from caveat.core.settings import Settings
    from caveat.pipeline import ReviewInput, review

    paper = PAPERS["survey"]
    result = review(ReviewInput("Sky survey\n\nAstronomers have found four dwarf galaxies at redshift above 3 "
                                "behind the Orion cloud.", paper=paper), settings=Settings().offline(), use_llm=False)
    assert result.claims, "the pipeline fills the claims the checks compared"
    claim = next(c for c in result.claims if "found" in c.text)
    assert claim.article_span.text == result.article.text[claim.article_span.start:claim.article_span.end]
    assert claim.evidence is not None and "candidate" in claim.evidence.text and claim.paper is not None
    assert claim.paper.hedges
    again = Review.model_validate_json(result.model_dump_json())
    assert again == result


# P3 (grading): what a word grades depends on how it is used
@pytest.mark.parametrize(("sentence", "strength"), [
    ("Long naps were linked to all-cause mortality.", 1),  # 'all-cause' names an outcome, it states no cause
    ("The new model is useful for predicting ionic conductivity.", 0),  # a capability, not an association
    ("Age predicts mortality in older adults.", 1),
    ("Research ties lightning to the onset of migraine.", 1),
    ("Smokers were twice as likely to develop gout.", 1),
    ("Obesity is an important contributor to early death.", 3),
    ("The team presents its results in the journal's online edition.", 0),  # 'results in' after 'its' is a noun
    ("It is well known that smoking reduces lung function.", 0),  # background, not this study's claim
    ("Patients with the variant were more likely to relapse and should be followed closely.", 1),
])
def test_strength_grading(sentence: str, strength: int) -> None:
    from caveat.analysis.language import claim_strength

    assert claim_strength(sentence) == strength


# without a paper: compared with what the article itself says about the study
@pytest.mark.parametrize(("row", "check", "text", "fires"), [
    ("nopaper-booster-vs-hedged-account", "certainty", "Nap news\n\nThe new study has proven that long naps mark "
     "poor night-time sleep.\n\nThe study suggests that long naps may mark poor night-time sleep in older adults.",
     True),
    ("nopaper-background-booster", "certainty", "Nap news\n\nResearch has proven that long naps mark poor "
     "night-time sleep.\n\nThe study suggests that long naps may mark poor night-time sleep in older adults.",
     False),
    ("nopaper-booster-no-account", "certainty", "Nap news\n\nIt has been proven that long naps mark poor "
     "night-time sleep.\n\nNaps are popular in Spain.", False),
    ("nopaper-cause-vs-association", "causal-claim", "Nap news\n\nThe new study says long naps raise blood pressure "
     "in older adults.\n\nThe study found that long naps were associated with higher blood pressure in older adults.",
     True),
    ("nopaper-association-kept", "causal-claim", "Nap news\n\nLong naps are linked to higher blood pressure in "
     "older adults.\n\nThe study found that long naps were associated with higher blood pressure in older adults.",
     False),
])
def test_without_a_paper(row: str, check: str, text: str, fires: bool) -> None:
    article = parse_article(text)
    flags = [f for f in run_checks(article, None, build_profile(None)) if f.check == check]
    assert bool(flags) is fires, f"{row}: {[f.article_span.text for f in flags]}"
    for flag in flags:
        assert flag.confidence < 0.5 and "article itself" in flag.message
        assert all(e.kind == "article" for e in flag.evidence)


# P3 with the paper's own publication type: a randomised trial's verbs are not overclaims
def test_randomised_publication_type_supports_causal_verbs() -> None:
    paper = PAPERS["walking"].model_copy(update={"publication_types": ["randomized-controlled-trial"]})
    profile = build_profile(paper).model_copy(update={"design": "observational"})  # a profile that misread it
    article = parse_article("Walking news\n\nThe walking programme lowers blood pressure in adults, a trial found.")
    assert not [f for f in run_checks(article, paper, profile) if f.check == "causal-claim"]


# messages name only what the check verified: the hedge quoted is in the evidence, the strengths are the claim's
def test_messages_name_verified_facts() -> None:
    from caveat.analysis.claims import claims_for

    cases = [(r[2], r[3]) for r in ROWS if r[4] and r[1] in {"certainty", "causal-claim"}]
    for paper_key, text in cases:
        paper = PAPERS[paper_key]
        article, profile = parse_article(text), build_profile(paper)
        flags = [f for f in run_checks(article, paper, profile) if f.check in {"certainty", "causal-claim"}]
        claims = {c.article_span.start: c for c in claims_for(article, paper, profile)}
        for flag in flags:
            assert flag.article_span.text == article.text[flag.article_span.start:flag.article_span.end]
            quoted = re_quotes(flag.message)
            assert quoted, flag.message
            for q in quoted:
                assert q in flag.article_span.text or any(q in e.text for e in flag.evidence), (flag.message, q)
            if "claim strength" in flag.message:
                claim = next(c for s, c in claims.items() if s <= flag.article_span.start < c.article_span.end)
                assert f"claim strength {claim.article.strength}" in flag.message


def re_quotes(message: str) -> list[str]:
    import re

    return re.findall(r"(?:^|(?<=[\s(]))'(.+?)'(?=[\s);,.:]|$)", message)
