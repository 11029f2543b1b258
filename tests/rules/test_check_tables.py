"""Each rule check against a table of invented articles: cases where it must fire and cases where it must not.

Every negative row is a place where a naive keyword rule would fire. Articles are short and made up for these
tests; papers come from tests/rules/fixtures.py.
"""

from __future__ import annotations

import pytest

from caveat.analysis.article import parse_article
from caveat.analysis.profile import build_profile
from caveat.core.models import Citation, Flag, Span
from caveat.rules.registry import CHECKS, run_checks
from tests.rules.fixtures import PAPERS

MOUSE_BODY = (
    "Scientists gave the compound Zelvorin to mice with itchy skin and the animals scratched less. "
    "The drug has not yet been tested in people, and clinical trials would be needed first. "
    "Side effects were not reported."
)
COHORT_BODY = (
    "Researchers followed 12,400 adults for ten years and tracked what they ate. "
    "Those who ate the most fermented vegetables were less likely to develop type 2 diabetes."
)

# (row id, check id, paper key, article text, citations, expected to fire)
ROWS: list[tuple[str, str, str, str, list[Citation], bool]] = [
    # --- hype ---
    ("hype-headline", "hype", "mouse", "Itch breakthrough in mice\n\n" + MOUSE_BODY, [], True),
    ("hype-body-cure", "hype", "cohort", "Diet and diabetes\n\nPickles are a cure for diabetes, the study says. "
     + COHORT_BODY, [], True),
    ("hype-first-ever", "hype", "rct", "Migraine pill\n\nThe first-ever pill of its kind cut migraine days in a "
     "large trial of 840 adults.", [], True),
    ("hype-denied-quote", "hype", "mouse", "Itch study in mice\n\n'This is not a cure,' said Dr Lena Okafor. "
     + MOUSE_BODY, [], False),
    ("hype-far-from", "hype", "mouse", "Itch study in mice\n\nThe result is far from a breakthrough, the authors "
     "admit. " + MOUSE_BODY, [], False),
    ("hype-aspiration", "hype", "cohort", "Diet study\n\nThe search for a cure for diabetes goes on. "
     + COHORT_BODY, [], False),
    ("hype-proper-name", "hype", "rct", "Migraine trial\n\nThe drug received the FDA's Breakthrough Therapy "
     "designation last year, and the trial of 840 adults found fewer migraine days.", [], False),
    ("hype-cure-rate", "hype", "rct", "Migraine trial\n\nThe cure rate for the infection was 90% in both arms "
     "of the trial of 840 adults.", [], False),
    ("hype-mission-boilerplate", "hype", "rct", "Migraine trial\n\nA trial of 840 adults found fewer migraine "
     "days. The Headache Institute is dedicated to finding cures and breakthroughs for all.", [], False),
    ("hype-charity-name", "hype", "cohort", "Diet study\n\nThe work was funded by Pickles for the Cure, a "
     "charity. " + COHORT_BODY, [], False),
    ("hype-treat-and-cure", "hype", "cohort", "Diet study\n\nDoctors hope to prevent, treat and cure diabetes "
     "one day. " + COHORT_BODY, [], False),
    ("hype-cured-mice", "hype", "mouse", "Itch study\n\nZelvorin cured the itch in every mouse. " + MOUSE_BODY,
     [], True),
    ("hype-curly-negation", "hype", "rct", "Migraine trial\n\nLumetrex doesn’t cure migraine, the trial of 840 "
     "adults found, but it cut attack days.", [], False),
    ("hype-no-word", "hype", "cohort", "Fermented vegetables linked to lower diabetes risk\n\n" + COHORT_BODY,
     [], False),
    # --- animal-to-human ---
    ("a2h-headline-relief", "animal-to-human", "mouse", "New drug brings relief to itch sufferers\n\n"
     "A compound called Zelvorin could soon treat chronic itch. " + MOUSE_BODY, [], True),
    ("a2h-lede-patients", "animal-to-human", "cells", "Liver discovery\n\nA new molecule could help patients "
     "with fatty liver disease, researchers say. It blocked fat build-up.", [], True),
    ("a2h-in-mice-headline", "animal-to-human", "mouse", "Drug eases itch in mice\n\nA compound called Zelvorin "
     "could one day treat chronic itch. " + MOUSE_BODY, [], False),
    ("a2h-mouse-study-lede", "animal-to-human", "mouse", "Relief for itch sufferers?\n\nIn a mouse study, the "
     "compound Zelvorin eased scratching. " + MOUSE_BODY, [], False),
    ("a2h-human-study", "animal-to-human", "rct", "Relief for migraine sufferers\n\nA new drug helped patients "
     "with migraine in a trial of 840 adults.", [], False),
    ("a2h-no-promise", "animal-to-human", "mouse", "Zelvorin and skin cells\n\nScientists measured mast cells "
     "in the skin after giving the compound Zelvorin to animals for two weeks.", [], False),
    ("a2h-lab-dish", "animal-to-human", "cells", "Molecule blocks fat in lab-grown liver cells\n\nThe molecule "
     "KX-12 could one day treat fatty liver disease in patients.", [], False),
    # --- causal-claim ---
    ("causal-cuts-risk", "causal-claim", "cohort", "Fermented vegetables cut diabetes risk\n\n"
     "Eating fermented vegetables prevents type 2 diabetes, a study of 12,400 adults found.", [], True),
    ("causal-lowers", "causal-claim", "cohort", "Diet news\n\nHigher fermented vegetable intake lowers the "
     "incidence of type 2 diabetes, according to the cohort study.", [], True),
    ("causal-headline-helps", "causal-claim", "cohort", "Kimchi helps you dodge diabetes\n\nA ten-year study "
     "followed adults and their diets.", [], True),
    ("causal-body-weak-verb", "causal-claim", "cohort", "Diet news\n\nA ten-year study followed adults. Diet "
     "affects many things in life, including sleep and mood, and vegetables matter too.", [], False),
    ("causal-association", "causal-claim", "cohort", "Diet news\n\nHigher fermented vegetable intake is "
     "associated with lower diabetes risk, according to the cohort study.", [], False),
    ("causal-rct", "causal-claim", "rct", "Migraine news\n\nLumetrex reduces monthly migraine days in adults "
     "with episodic migraine, the trial found.", [], False),
    ("causal-unrelated", "causal-claim", "cohort", "Diet news\n\nSmoking causes lung cancer, as everyone knows. "
     + COHORT_BODY, [], False),
    ("causal-experiment-association", "causal-claim", "mouse-association", "Itch study in mice\n\nMast cells "
     "cause scratching in mice, the study shows.", [], True),
    ("causal-experiment-tested-effect", "causal-claim", "mouse-association", "Itch study in mice\n\nZelvorin "
     "reduced scratching in mice.", [], False),
    ("causal-experiment-model-description", "causal-claim", "mouse-association", "Itch study in mice\n\n"
     "The mice had dermatitis caused by a skin irritant, and Zelvorin reduced scratching bouts.", [], False),
    ("causal-no-paper", "causal-claim", "none", "Diet news\n\nFermented vegetables prevent type 2 diabetes.",
     [], False),
    # --- certainty ---
    ("certainty-proves", "certainty", "mouse", "Itch drug news\n\nThe study proves that Zelvorin is a useful "
     "treatment for chronic itch.", [], True),
    ("certainty-will", "certainty", "pilot", "App news\n\nThe mindfulness app will reduce exam anxiety for "
     "university students, the results show.", [], True),
    ("certainty-hedged-kept", "certainty", "mouse", "Itch drug news\n\nThe results suggest that Zelvorin may be a "
     "useful treatment for chronic itch.", [], False),
    ("certainty-rct-shows", "certainty", "rct", "Migraine news\n\nThe trial shows that Lumetrex reduces migraine "
     "frequency in adults with episodic migraine.", [], False),
    ("certainty-unrelated", "certainty", "mouse", "Itch drug news\n\nHistory shows that weather changes every "
     "spring. " + MOUSE_BODY, [], False),
    ("certainty-could", "certainty", "mouse", "Itch drug news\n\nZelvorin could be the answer to chronic itch, "
     "the study in mice suggests.", [], False),
    # --- advice ---
    ("advice-should", "advice", "cohort", "Diet news\n\n" + COHORT_BODY + " People should eat more fermented "
     "vegetables to protect themselves.", [], True),
    ("advice-imperative", "advice", "cohort", "Diet news\n\n" + COHORT_BODY + " Eat a spoonful of kimchi every "
     "day.", [], True),
    ("advice-team-quote", "advice", "cohort", "Diet news\n\n" + COHORT_BODY + " \"Everyone should add pickles "
     "to their plate,\" said lead author Mei Tanaka.", [], True),
    ("advice-research", "advice", "cohort", "Diet news\n\n" + COHORT_BODY + " Further trials should test whether "
     "the link is causal.", [], False),
    ("advice-paper-advises", "advice", "advising", "Diet news\n\n" + COHORT_BODY + " People should eat more "
     "fermented vegetables.", [], False),
    ("advice-independent-quote", "advice", "cohort", "Diet news\n\n" + COHORT_BODY + " \"People should keep "
     "eating a varied diet,\" said Dr Ruth Ames, a dietitian who was not involved in the study.", [], False),
    ("advice-ask-doctor-about-taking", "advice", "cohort", "Diet news\n\n" + COHORT_BODY + " People with "
     "prediabetes should ask their doctor about taking kimchi capsules.", [], True),
    ("advice-long-subject", "advice", "cohort", "Diet news\n\n" + COHORT_BODY + " People who eat sugary snacks "
     "daily should switch to pickles.", [], True),
    ("advice-see-your-doctor", "advice", "cohort", "Diet news\n\n" + COHORT_BODY + " People with diabetes "
     "should talk to their doctor before changing their diet.", [], False),
    ("advice-no-paper", "advice", "none", "Diet news\n\nPeople should eat more fermented vegetables.", [], False),
    # --- missing-stage-caveat ---
    ("stage-mouse-no-caveat", "missing-stage-caveat", "mouse", "Itch drug works\n\nA compound called Zelvorin "
     "eased itching in mice with dermatitis, scientists report.", [], True),
    ("stage-cells-no-caveat", "missing-stage-caveat", "cells", "Liver molecule\n\nThe molecule KX-12 blocked "
     "fat build-up in liver cells grown in the lab, the team reports.", [], True),
    ("stage-caveat-last-paragraph", "missing-stage-caveat", "mouse", "Itch drug works\n\nA compound eased "
     "itching in mice.\n\nThe team measured mast cells.\n\nHuman trials are still needed before it could be "
     "offered to patients.", [], False),
    ("stage-years-away", "missing-stage-caveat", "cells", "Liver molecule\n\nThe molecule KX-12 blocked fat "
     "build-up in cells. Any treatment is years away.", [], False),
    ("stage-only-in-mice", "missing-stage-caveat", "mouse", "Itch drug works\n\nA compound eased itching, "
     "though so far it has only worked in mice.", [], False),
    ("stage-rarely-translates", "missing-stage-caveat", "mouse", "Itch drug works\n\nA compound eased itching "
     "in mice. Drugs that work in mice often fail to work in people.", [], False),
    ("stage-rct-not-early", "missing-stage-caveat", "rct", "Migraine pill works\n\nA trial of 840 adults found "
     "Lumetrex cut migraine days.", [], False),
    ("stage-no-paper-article-says-mice", "missing-stage-caveat", "none", "Itch drug works\n\nA compound eased "
     "itching in mice with dermatitis. The treated mice scratched half as often.", [], True),
    ("stage-no-paper-human-trial", "missing-stage-caveat", "none", "Itch drug works\n\nIn a trial of 300 "
     "patients, a cream eased itching; earlier work in mice had hinted at it.", [], False),
    # --- preprint ---
    ("preprint-published", "preprint", "preprint", "Itch drug in mice\n\nThe study, published in a leading "
     "journal, found that Zelvorin eased itching in mice.", [], True),
    ("preprint-silent", "preprint", "preprint", "Itch drug in mice\n\nA new study found that Zelvorin eased "
     "itching in mice with dermatitis.", [], True),
    ("preprint-labelled", "preprint", "preprint", "Itch drug in mice\n\nThe study, posted as a preprint, found "
     "that Zelvorin eased itching in mice.", [], False),
    ("preprint-not-reviewed", "preprint", "preprint", "Itch drug in mice\n\nThe findings, which have not yet "
     "been peer reviewed, suggest Zelvorin eased itching in mice.", [], False),
    ("preprint-server", "preprint", "preprint", "Itch drug in mice\n\nThe work appeared on bioRxiv this week "
     "and was published online.", [], False),
    ("preprint-by-publication-type", "preprint", "posted", "Itch drug in mice\n\nThe study, published this "
     "week, found that Zelvorin eased itching in mice.", [], True),
    ("preprint-peer-reviewed-paper", "preprint", "mouse", "Itch drug in mice\n\nThe study, published in a "
     "journal, found Zelvorin eased itching in mice.", [], False),
    # --- retracted ---
    ("retracted-reported-valid", "retracted", "retracted", "Pickles fight diabetes\n\nA study of 12,400 adults "
     "found fermented vegetables were linked to lower diabetes risk.", [], True),
    ("retracted-mentioned", "retracted", "retracted", "Pickle study retracted\n\nA study of 12,400 adults has "
     "been retracted by the journal.", [], False),
    ("retracted-withdrawn", "retracted", "retracted", "Pickle study pulled\n\nThe paper was withdrawn after "
     "errors were found in its data.", [], False),
    ("retracted-eoc", "retracted", "retracted", "Pickle study questioned\n\nThe journal issued an expression of "
     "concern about the paper.", [], False),
    ("retracted-fine-paper", "retracted", "cohort", "Pickles and diabetes\n\nA study of 12,400 adults found a "
     "link with lower diabetes risk.", [], False),
    ("retracted-by-publication-type", "retracted", "retracted-type", "Pickles fight diabetes\n\nA study of "
     "12,400 adults found fermented vegetables were linked to lower diabetes risk.", [], True),
    ("retracted-no-paper", "retracted", "none", "Pickles and diabetes\n\nA study found a link.", [], False),
    # --- unsourced-number ---
    ("number-ratio", "unsourced-number", "cohort", "Diet study\n\nDiabetes affects 1 in 10 adults. "
     + COHORT_BODY, [], True),
    ("number-percent", "unsourced-number", "cohort", "Diet study\n\nPickle eaters had a 40 percent lower risk. "
     + COHORT_BODY, [], True),
    ("number-count", "unsourced-number", "rct", "Migraine pill\n\nAbout 3,000 patients will join the next "
     "trial, the company said.", [], True),
    ("number-in-abstract", "unsourced-number", "cohort", "Diet study\n\nThe risk was 17% lower among the "
     "12,400 adults followed.", [], False),
    ("number-percent-words", "unsourced-number", "cohort", "Diet study\n\nThe risk was 17 per cent lower in "
     "the cohort.", [], False),
    ("number-year-age-doi", "unsourced-number", "cohort", "Diet study\n\nIn 2023, Dr Tanaka, 52, led the work "
     "(doi: 10.5555/imaginary.0002). Call 555-0199 for details. It was the second such study.", [], False),
    ("number-gene-names", "unsourced-number", "mouse", "Itch study\n\nThe p16 marker and the IL-31 protein were "
     "measured in mice on day 14.", [], False),
    # --- harms ---
    ("harms-silent-drug", "harms", "rct", "New migraine pill\n\nThe drug Lumetrex cut migraine days in a trial of "
     "840 adults. The treatment could reach pharmacies soon.", [], True),
    ("harms-silent-device", "harms", "none", "Headband device for sleep\n\nA new headband device helped "
     "volunteers fall asleep faster. The device plays soft sounds.", [], True),
    ("harms-side-effects", "harms", "rct", "New migraine pill\n\nThe drug Lumetrex cut migraine days. Nausea "
     "was a common side effect.", [], False),
    ("harms-safety-in-passing", "harms", "rct", "New migraine pill\n\nThe drug Lumetrex cut migraine days, and "
     "the trial also assessed its safety.", [], True),
    ("harms-risks-of-the-drug", "harms", "rct", "New migraine pill\n\nThe drug Lumetrex cut migraine days. The "
     "risks of the drug include dizziness.", [], False),
    ("harms-disease-risk-only", "harms", "rct", "New migraine pill\n\nThe drug Lumetrex cut migraine days in "
     "people at high risk of chronic migraine.", [], True),
    ("harms-not-intervention", "harms", "cohort", "Pickles and diabetes\n\n" + COHORT_BODY, [], False),
    ("harms-risk-as-benefit-only", "harms", "rct", "New migraine pill\n\nThe drug Lumetrex cuts the risk of "
     "migraine attacks, the trial found.", [], True),
    # --- benefit-size ---
    ("benefit-halves", "benefit-size", "cohort", "Pickles halve the risk of diabetes\n\n" + COHORT_BODY, [], True),
    ("benefit-significantly", "benefit-size", "rct", "Migraine pill\n\nLumetrex significantly reduced migraine "
     "days in the trial.", [], True),
    ("benefit-percent-lower", "benefit-size", "cohort", "Diet\n\nPickle fans had a 17% lower risk of diabetes.",
     [], True),
    ("benefit-absolute", "benefit-size", "cohort", "Diet\n\nPickle fans had a 17% lower risk: diabetes fell "
     "from 6 in 100 to 5 in 100 over ten years.", [], False),
    ("benefit-points", "benefit-size", "rct", "Migraine pill\n\nLumetrex significantly reduced migraine days, "
     "a drop of 3 percentage points in attack rates.", [], False),
    ("benefit-animal-study", "benefit-size", "mouse", "Itch drug\n\nZelvorin significantly reduced scratching "
     "in mice.", [], False),
    # --- independent-source ---
    ("source-only-authors", "independent-source", "cohort", "Diet study\n\n" + COHORT_BODY + " \"We were "
     "surprised by how strong the link was,\" said lead author Mei Tanaka.", [], True),
    ("source-author-by-name", "independent-source", "cohort", "Diet study\n\n" + COHORT_BODY + " \"The pattern "
     "held in every age group we examined,\" said Oliver Grant.", [], True),
    ("source-journal-editors", "independent-source", "cohort", "Diet study\n\n" + COHORT_BODY
     + "\n\nThe journal's editors say the study is convincing.\n\n\"This is a big cohort with long follow-up,\" "
     "explained co-author Oliver Grant.", [], True),
    ("source-independent", "independent-source", "cohort", "Diet study\n\n" + COHORT_BODY + " \"We were "
     "surprised by how strong the link was,\" said lead author Mei Tanaka. \"It is an interesting association, "
     "but it does not prove cause,\" said Dr Ruth Ames, who was not involved in the study.", [], False),
    ("source-named-outsider", "independent-source", "cohort", "Diet study\n\n" + COHORT_BODY + " \"We were "
     "surprised by the link,\" said Mei Tanaka. \"Cohorts like this cannot rule out other causes,\" said "
     "Professor Karl Viljoen of a different university.", [], False),
    ("source-no-paper-team-only", "independent-source", "none", "Diet study\n\n" + COHORT_BODY + " \"We were "
     "surprised,\" said lead author Mei Tanaka. \"The effect held in every group,\" Tanaka added.", [], True),
    ("source-no-paper-other-named", "independent-source", "none", "Diet study\n\n" + COHORT_BODY + " \"We were "
     "surprised,\" said lead author Mei Tanaka. \"It needs replicating,\" said Jennifer Wu, a dietitian in "
     "Leeds.", [], False),
    ("source-nobody", "independent-source", "cohort", "Diet study\n\n" + COHORT_BODY, [], False),
    # --- conflict-of-interest ---
    ("coi-silent", "conflict-of-interest", "industry", "Migraine pill\n\nLumetrex cut migraine days in a trial "
     "of 840 adults with episodic migraine.", [], True),
    ("coi-silent-2", "conflict-of-interest", "industry", "Migraine news\n\nA new pill reduced migraine days in "
     "a large trial, researchers reported on Monday.", [], True),
    ("coi-funding-mentioned", "conflict-of-interest", "industry", "Migraine pill\n\nThe trial of 840 adults was "
     "funded by the drug's maker.", [], False),
    ("coi-company-named", "conflict-of-interest", "industry", "Migraine pill\n\nAcme Biotech's pill Lumetrex cut "
     "migraine days in a trial of 840 adults.", [], False),
    ("coi-public-funder", "conflict-of-interest", "mouse", "Itch drug\n\nZelvorin eased itching in mice, "
     "researchers reported this week.", [], False),
    ("coi-none-declared", "conflict-of-interest", "rct", "Migraine pill\n\nLumetrex cut migraine days in a trial "
     "of 840 adults with episodic migraine.", [], False),
    # --- sample-size ---
    ("sample-small-generalised", "sample-size", "pilot", "Mindfulness app beats exam stress\n\nStudents who "
     "used a mindfulness app felt less anxious before exams, a study found.", [], True),
    ("sample-small-lede-only", "sample-size", "pilot", "App eases anxiety\n\nA mindfulness app could ease "
     "exam anxiety, researchers say.", [], True),
    ("sample-number-given", "sample-size", "pilot", "App eases anxiety\n\nIn a study of 18 students, a "
     "mindfulness app eased exam anxiety.", [], False),
    ("sample-small-said", "sample-size", "pilot", "App eases anxiety\n\nIn a small pilot study, a mindfulness "
     "app eased exam anxiety.", [], False),
    ("sample-large", "sample-size", "cohort", "Pickles and diabetes\n\nEating fermented vegetables is linked to "
     "lower diabetes risk.", [], False),
    ("sample-no-paper", "sample-size", "none", "App eases anxiety\n\nA mindfulness app eased exam anxiety.",
     [], False),
    # --- citation-mismatch ---
    ("cite-wrong-journal", "citation-mismatch", "cohort", "Diet study\n\nThe study, published in Diabetes "
     "Today, followed 12,400 adults.", [], True),
    ("cite-wrong-et-al", "citation-mismatch", "cohort", "Diet study\n\nJohnson et al. followed 12,400 adults.",
     [], True),
    ("cite-wrong-year-details", "citation-mismatch", "cohort", "Diet study\n\nTanaka and Grant (2019) followed "
     "12,400 adults.", [Citation(kind="bibliographic", value="Tanaka 2019", span=Span(start=12, end=35,
                                 text="Tanaka and Grant (2019)"), confidence=0.8,
                                 details={"author": "Tanaka", "year": "2019"})], True),
    ("cite-journal-acronym", "citation-mismatch", "rct", "Migraine pill\n\nThe trial was published in the "
     "journal Headache Frontiers.", [], False),
    ("cite-date-one-day-off", "citation-mismatch", "cohort", "Diet study\n\nReference: \"Fermented vegetable "
     "intake and incident type 2 diabetes in a prospective cohort\" by Mei Tanaka and Oliver Grant, 21 June 2023, "
     "Nutrition Horizons.", [], False),
    ("cite-date-far-off", "citation-mismatch", "cohort", "Diet study\n\nReference: \"Fermented vegetable intake "
     "and incident type 2 diabetes in a prospective cohort\" by Mei Tanaka and Oliver Grant, 3 May 2021, "
     "Nutrition Horizons.", [], True),
    ("cite-authors-run-into-journal", "citation-mismatch", "mouse", "Itch study\n\nReference: \"Zelvorin "
     "reduces scratching in a mouse model of chronic dermatitis\" by Ana Ruiz, Tomas Berg and Lena Okafor, Journal "
     "of Imaginary Dermatology, 2024.", [], False),
    ("cite-wrong-author-before-journal", "citation-mismatch", "mouse", "Itch study\n\nReference: \"Zelvorin "
     "reduces scratching in a mouse model of chronic dermatitis\" by Ana Ruiz and Peter Quill, Journal "
     "of Imaginary Dermatology, 2024.", [], True),
    ("cite-not-a-journal", "citation-mismatch", "cohort", "Diet study\n\nThe method is described in Table 2 "
     "and appeared in Figure 3 of the paper.", [], False),
    ("cite-correct-et-al", "citation-mismatch", "cohort", "Diet study\n\nTanaka et al. followed 12,400 adults, "
     "as published in Nutrition Horizons.", [], False),
]


def _flags_of(check: str, paper_key: str, text: str, citations: list[Citation]) -> list[Flag]:
    article = parse_article(text)
    paper = PAPERS[paper_key]
    return [f for f in run_checks(article, paper, build_profile(paper), citations) if f.check == check]


@pytest.mark.parametrize(("row", "check", "paper_key", "text", "citations", "fires"), ROWS,
                         ids=[r[0] for r in ROWS])
def test_check_table(row: str, check: str, paper_key: str, text: str, citations: list[Citation],
                     fires: bool) -> None:
    flags = _flags_of(check, paper_key, text, citations)
    assert bool(flags) is fires, f"{row}: {[f.article_span.text for f in flags]}"
    for flag in flags:
        assert flag.engine == "rules"
        assert flag.message.strip()
        assert flag.id == f"{check}:{flag.article_span.start}-{flag.article_span.end}"


def test_every_check_has_positive_and_negative_rows() -> None:
    for check in CHECKS:
        outcomes = {fires for _, c, _, _, _, fires in ROWS if c == check}
        count = sum(1 for r in ROWS if r[1] == check)
        assert outcomes == {True, False}, check
        assert count >= 6, check


def test_hype_is_high_in_headline_and_medium_for_a_large_trial_body() -> None:
    head = _flags_of("hype", "rct", "Migraine breakthrough\n\nA trial of 840 adults found fewer migraine days.", [])
    body = _flags_of("hype", "rct", "Migraine pill\n\nThe revolutionary pill cut migraine days in 840 adults.", [])
    assert [f.severity for f in head] == ["high"]
    assert [f.severity for f in body] == ["medium"]


def test_hype_is_weighted_up_for_an_early_study() -> None:
    flags = _flags_of("hype", "mouse", "Itch drug\n\nThe revolutionary compound eased itching in mice.", [])
    assert [f.severity for f in flags] == ["high"]


def test_animal_to_human_suggests_adding_the_species() -> None:
    flags = _flags_of("animal-to-human", "mouse", "Itch breakthrough: drug brings relief\n\nA compound could "
                      "treat chronic itch. " + MOUSE_BODY, [])
    headline = next(f for f in flags if f.article_span.start == 0)
    assert headline.suggestion.startswith("Itch breakthrough in mice:")


def test_certainty_suggestion_keeps_a_hedge() -> None:
    flags = _flags_of("certainty", "mouse", "Itch drug news\n\nThe study proves that Zelvorin is a useful "
                      "treatment for chronic itch.", [])
    assert "suggests that" in flags[0].suggestion
    assert flags[0].evidence[0].kind == "abstract"


def test_date_a_month_off_is_low_severity() -> None:
    flags = _flags_of("citation-mismatch", "cohort", "Diet study\n\nReference: \"Fermented vegetable intake and "
                      "incident type 2 diabetes in a prospective cohort\" by Mei Tanaka, 10 July 2023.", [])
    assert [f.severity for f in flags] == ["low"]
