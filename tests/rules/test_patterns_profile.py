"""Pattern tables for the study profile and the checks that rest on it (sample-size, missing-stage-caveat).

Every row is an invented abstract or story written for these tests. Each pattern has rows that must change the
label or raise the flag, and rows that must not: a wrong label becomes a false flag downstream.
"""

from __future__ import annotations

import re

import pytest

from caveat.analysis.article import parse_article
from caveat.analysis.article_study import article_fallback
from caveat.analysis.profile import build_profile
from caveat.core.models import AbstractSection, Flag, Paper, PaperSection, StudyProfile
from caveat.rules.registry import run_checks


def _paper(abstract: str, title: str = "An invented study", types: tuple[str, ...] = ()) -> Paper:
    return Paper(title=title, abstract=abstract, publication_types=list(types))


def _profile(abstract: str, title: str = "An invented study", types: tuple[str, ...] = ()) -> StudyProfile:
    return build_profile(_paper(abstract, title, types))


def _flags(check: str, paper: Paper, story: str) -> list[Flag]:
    return [f for f in run_checks(parse_article(story), paper, build_profile(paper)) if f.check == check]


# --- P4: lab and animal studies ---------------------------------------------------------------------------------
LAB = [
    ("bare flies", "Obesity shortens life. We switched male flies from a rich to a lean diet. Lifespan rose.",
     "animal experiment", "animals"),
    ("ferrets", "Flu spreads by air. Here we infected ferrets with a new strain and measured shedding.",
     "animal experiment", "animals"),
    ("named cell line", "Liver damage is common. We exposed HepG2 monolayers to the compound for two days.",
     "in vitro", "cells"),
    ("3-D culture", "Tumours resist drugs. We grew 3-D cultures of colon tumour tissue and added the drug.",
     "in vitro", "cells"),
    ("assay wording", "Viruses need entry. In neutralization assays, the extract stopped a pseudovirus from "
     "infecting kidney cells.", "in vitro", "cells"),
    ("field insects are no experiment", "Bees are declining. We counted wild bees in 40 meadows over ten years; "
     "numbers fell by half.", "other", "unknown"),
    ("humans enrolled veto the lab label", "We enrolled 120 adults with asthma and measured airway cells in "
     "culture. Symptoms eased.", "other", "people"),
]


@pytest.mark.parametrize(("row", "abstract", "design", "subjects"), LAB, ids=[r[0] for r in LAB])
def test_lab_and_animal_designs(row: str, abstract: str, design: str, subjects: str) -> None:
    profile = _profile(abstract)
    assert (profile.design, profile.subjects) == (design, subjects), row
    if design != "other":
        ev = profile.design_evidence
        assert ev is not None and ev.kind == "abstract" and ev.start is not None
        assert abstract[ev.start:ev.end] == ev.text


def test_case_report_with_humanised_mice_stays_a_case_report() -> None:
    profile = _profile("A woman was cured of a rare infection after a graft. Outgrowth assays in humanized mice "
                       "found no virus.", types=("Case-Report",))
    assert profile.design == "case report" and profile.sample_size == 1


# --- P5: design and stage from the study's own sentences ------------------------------------------------------
DESIGN_FROM_STUDY = [
    ("background simulation", "Earlier projections rest on model simulations, which have been reported to "
     "disagree. Here we analyse 60 years of ocean observations and estimate when the current weakens.", "other"),
    ("model with no real data", "Batteries need better electrolytes. We ran simulations of 3,000 candidate "
     "crystals to rank their conductivity.", "computer model"),
    ("model run on patients' images", "Screening misses tumours. We trained an AI system and evaluated it on "
     "mammograms from two hospitals; in a simulation it cut workload.", "other"),
    ("surveyed area of sky", "Distant galaxies are rare. Within the surveyed area we find five bright candidates "
     "using new telescope images.", "other"),
    ("survey of people", "Screens are everywhere. We surveyed 2,400 adults about sleep and phone use.",
     "cross-sectional"),
    ("qualitative side remark", "This open-label study recruited 12 adults with migraine who took one dose. "
     "Qualitative feedback from participants was positive.", "other"),
    ("qualitative method", "We held semi-structured interviews with 15 carers and used thematic analysis.",
     "qualitative"),
    ("randomised with a dose in brackets", "Adults were randomized 2:1 to the pill (2.5 mg) or placebo for a "
     "year. Weight fell more with the pill.", "randomised controlled trial"),
    ("experiment in people", "Reading habits vary. In three experiments, students who read poems did better on "
     "an empathy test than those who read nothing.", "other"),
    ("an opener that names mice", "Mice lacking the gene Zorf1 live longer. The gene controls fat storage. "
     "Blocking it may help.", "animal experiment"),
    ("missing data treated in a cohort", "Diet matters. We followed 8,000 adults in a cohort for ten years; we "
     "treated missing data by imputation and exposed no one to anything.", "cohort"),
    ("natural experiment is observational", "A policy changed in one region. Using this natural experiment and "
     "health records, we compared 9,000 adults before and after; admissions were associated with the change.",
     "observational"),
]


@pytest.mark.parametrize(("row", "abstract", "design"), DESIGN_FROM_STUDY, ids=[r[0] for r in DESIGN_FROM_STUDY])
def test_design_is_read_from_the_study_not_side_words(row: str, abstract: str, design: str) -> None:
    assert _profile(abstract).design == design, row


@pytest.mark.parametrize(("types", "design", "stage"), [
    (("randomized-controlled-trial",), "randomised controlled trial", "clinical"),
    (("Randomized_Controlled_Trial",), "randomised controlled trial", "clinical"),
    (("case-report",), "case report", "clinical"),
    (("clinical-trial-phase-1", "journal-article"), "other", "phase 1"),
    (("Clinical Trial, Phase II",), "other", "phase 2"),
    (("journal-article",), "other", "unknown"),
])
def test_publication_types_are_normalised(types: tuple[str, ...], design: str, stage: str) -> None:
    profile = _profile("Adults took the tablet daily and reported their mood.", types=types)
    assert (profile.design, profile.stage) == (design, stage)


@pytest.mark.parametrize(("abstract", "title", "stage"), [
    ("We followed 4,000 adults in a cohort for ten years; diet was associated with risk. Lastly, a pilot study "
     "in 8 volunteers measured blood levels.", "Diet and risk", "observational"),
    ("In this pilot study, 14 adults used a breathing app for a month. Anxiety fell.", "Breathing app", "pilot"),
    ("Adults used a breathing app for a month. Anxiety fell.", "A breathing app: a pilot study", "pilot"),
])
def test_pilot_sets_the_stage_only_when_it_is_the_study(abstract: str, title: str, stage: str) -> None:
    assert _profile(abstract, title).stage == stage


CEILINGS = [
    ("In this randomised controlled trial, 300 adults were randomly assigned to tea or water.", 3),
    ("We followed 5,000 nurses in a prospective cohort for 20 years.", 1),
    ("Mice given the compound lived longer than untreated mice.", 3),
    ("Participants were assigned to one of three groups and wrote essays; the tool group recalled less.", 3),
    ("We describe a new staining protocol for bone sections.", None),
    ("We report a case of a 40-year-old man with a rash.", None),
]


@pytest.mark.parametrize(("abstract", "ceiling"), CEILINGS)
def test_design_ceiling(abstract: str, ceiling: int | None) -> None:
    assert _profile(abstract).design_ceiling == ceiling


# --- P3: which sentences the profile calls the conclusion ----------------------------------------------------
CONCLUSIONS = [
    ("inline label, funding trailer dropped",
     "Methods: We randomized 400 adults. Results: Pain fell. Conclusions: The cream was associated with less pain. "
     "(Funding: Acme Pharma; ClinicalTrials.gov number, NCT01234567.)",
     ["Conclusions: The cream was associated with less pain."]),
    ("to conclude opens the block",
     "Earlier studies reported a link. We followed 9,000 adults. Short naps were associated with risk. To conclude, "
     "short naps were associated with higher risk. Possibly, naps may make up for lost sleep.",
     ["To conclude, short naps were associated with higher risk.", "Possibly, naps may make up for lost sleep."]),
    ("hedged closing sentence after a lead",
     "We fed 30 adults two diets. Markers fell on one diet. These data show how diets can be compared. Pickles may "
     "be useful against inflammation.",
     ["These data show how diets can be compared.", "Pickles may be useful against inflammation."]),
    ("measurement list is not the conclusion",
     "Superconductors need cold. Here we present evidence of superconductivity in a new hydride at 290 K. The "
     "measurements include resistance, magnetization and heat capacity.",
     ["Here we present evidence of superconductivity in a new hydride at 290 K."]),
    ("registration line is not the conclusion",
     "Twelve women took one dose. No serious harms occurred. The results suggest the dose is safe. Registered at "
     "ClinicalTrials.gov as NCT07654321.",
     ["The results suggest the dose is safe."]),
]


@pytest.mark.parametrize(("row", "abstract", "chosen"), CONCLUSIONS, ids=[r[0] for r in CONCLUSIONS])
def test_conclusion_sentences(row: str, abstract: str, chosen: list[str]) -> None:
    profile = _profile(abstract)
    assert [c.span.text for c in profile.conclusions] == chosen, row
    assert not any("Funding" in c.span.text or "NCT" in c.span.text for c in profile.conclusions)


# --- P15: what counts as the sample ----------------------------------------------------------------------------
SAMPLES = [
    ("strain name", "We fed male C57BL/6 mice a keto diet for a year.", None),
    ("disease name", "Long COVID-19 patients were interviewed about fatigue.", None),
    ("fossils", "Remains from at least six individuals were recovered from the cave.", None),
    ("per arm times arms", "Adults were randomized to two diets (n = 20/arm) for ten weeks.", 40),
    ("per arm, arms unknown", "Adults were randomized (n = 20/arm) for ten weeks.", None),
    ("scale word", "In a cohort of more than 4 million young adults, we tested the idea.", 4_000_000),
    ("estimate is no sample", "In a sample of 2,100 people, 3% had antibodies. These estimates represent between "
     "9,000 and 15,000 infected people.", 2100),
    ("earlier cases are no sample", "Although the two patients published so far were cured, little is known. We "
     "describe a third.", None),
    ("control cohort is no sample", "We built a cohort of 12,300 people with the infection and a control cohort "
     "(4,100,000 individuals) and compared outcomes.", 12300),
    ("year-like count with a noun", "This double-blind trial enrolled 1987 adults with obesity.", 1987),
    ("year before a noun", "In 2019 patients were surveyed about pain.", None),
]


@pytest.mark.parametrize(("row", "abstract", "n"), SAMPLES, ids=[r[0] for r in SAMPLES])
def test_sample_is_the_study_count(row: str, abstract: str, n: int | None) -> None:
    assert _profile(abstract).sample_size == n, row


def test_subgroup_and_population() -> None:
    profile = _profile("Sessions 1-3 involved 48 participants in all, 12 of whom completed session 4. Adults "
                       "aged 70-90 years took part.")
    assert profile.sample_size == 48 and profile.subgroup_size == 12
    assert profile.subgroup_evidence is not None and "12 of whom" in profile.subgroup_evidence.text
    assert profile.population == "aged 70-90 years"
    young = _profile("We enrolled 300 adults aged 18-30 years.")
    assert young.population == ""  # a young band is not the 'older people stretched to everyone' pattern


# --- P14: sample-size flags -----------------------------------------------------------------------------------
OLDER = _paper("We randomized 150 people aged 66-85 years to brain stimulation or sham. Memory improved.")
SMALL_SUB = _paper("Participants were assigned to one of three groups. Sessions 1-3 involved 48 participants in "
                   "all, 12 of whom completed session 4. The tool group recalled less.")
CASE = _paper("We describe a 61-year-old man whose infection cleared after a transplant.", types=("case-report",))
SAMPLE_ROWS = [
    ("age band stretched", OLDER, "Zaps boost memory\n\nBrain stimulation improved memory in older people. "
     "Younger people could also be zapped to sharpen recall.", True),
    ("age band, younger asked as a question", OLDER, "Zaps boost memory\n\nBrain stimulation improved memory in "
     "older people. Whether younger people would benefit is not known.", False),
    ("age band not stretched", OLDER, "Zaps boost memory\n\nBrain stimulation improved memory in older people.",
     False),
    ("subgroup never counted", SMALL_SUB, "Chatbots dull the mind\n\nResearchers had three groups of people each "
     "write an essay. The chatbot group recalled less.", True),
    ("subgroup, count given", SMALL_SUB, "Chatbots dull the mind\n\nResearchers had 48 students write essays in "
     "three groups. The chatbot group recalled less.", False),
    ("case report told as one man's case", CASE, "Transplant clears infection\n\nA man was cured after a "
     "transplant, doctors report.", False),
    ("case report told as everyone's cure", CASE, "Transplants cure infection\n\nTransplants cure the infection, "
     "doctors report.", True),
]


@pytest.mark.parametrize(("row", "paper", "story", "fires"), SAMPLE_ROWS, ids=[r[0] for r in SAMPLE_ROWS])
def test_sample_size_patterns(row: str, paper: Paper, story: str, fires: bool) -> None:
    flags = _flags("sample-size", paper, story)
    assert bool(flags) is fires, row
    profile = build_profile(paper)
    for flag in flags:  # every number in the message is one the profile verified
        for number in re.findall(r"\d+", flag.message):
            assert int(number) in {profile.sample_size, profile.subgroup_size} or number in profile.population


def test_injection_site_is_not_a_single_site_study() -> None:
    paper = _paper("In 400 adults, the vaccine was injected at a single site on the arm. Antibodies rose.")
    assert not _flags("sample-size", paper, "Jab works\n\nThe jab raised antibodies, a study found.")


# --- P13: missing-stage-caveat ----------------------------------------------------------------------------------
MOUSE_DRUG = _paper("We gave the compound to mice with arthritis. Treated mice had less joint swelling.")
MOUSE_BASIC = _paper("We mapped how neurons wire up in the mouse cortex during development.")
CLIMATE = _paper("We ran simulations of ocean currents under rising emissions. The current weakens by 2080.")
PHASE1 = _paper("This open-label study recruited 10 adults with anorexia who took one dose of the drug.",
                types=("clinical-trial-phase-1",))
STAGE_ROWS = [
    ("mouse drug, no caveat", MOUSE_DRUG, "Arthritis drug works\n\nA compound eased swollen joints.", True),
    ("hope to test in people", MOUSE_DRUG, "Arthritis drug works\n\nA compound eased swollen joints in mice. The "
     "team hopes to test it in people next year.", False),
    ("plans a trial", MOUSE_DRUG, "Arthritis drug works\n\nA compound eased swollen joints in mice. The company "
     "plans a clinical trial.", False),
    ("condition on humans", MOUSE_DRUG, "Arthritis drug works\n\nA compound eased swollen joints in mice. If the "
     "effect holds true for humans, patients could benefit.", False),
    ("efforts to bring it to the clinic", MOUSE_DRUG, "Arthritis drug works\n\nA compound eased swollen joints in "
     "mice. The lab is pushing to bring the findings to the clinic.", False),
    ("no human subjects", MOUSE_DRUG, "Arthritis drug works\n\nA compound eased swollen joints. The study involved "
     "no human subjects.", False),
    ("basic biology is no treatment", MOUSE_BASIC, "How the brain wires up\n\nNeurons find partners early.", False),
    ("climate model is not medicine", CLIMATE, "Ocean current could stall\n\nThe current may weaken soon.", False),
    ("phase 1 without caveat", PHASE1, "Drug helps anorexia\n\nA drug helped women with anorexia.", True),
]


@pytest.mark.parametrize(("row", "paper", "story", "fires"), STAGE_ROWS, ids=[r[0] for r in STAGE_ROWS])
def test_missing_stage_caveat_patterns(row: str, paper: Paper, story: str, fires: bool) -> None:
    flags = _flags("missing-stage-caveat", paper, story)
    assert bool(flags) is fires, row


def test_phase_1_message_does_not_say_untested_in_people() -> None:
    flags = _flags("missing-stage-caveat", PHASE1, "Drug helps anorexia\n\nA drug helped women with anorexia.")
    assert flags and "untested in people" not in flags[0].message
    assert "phase 1 trial of 10 people" in flags[0].message


# --- P4: the article's own "in mice" when the paper names no design -------------------------------------------
VAGUE = _paper("Using a system we call ICE, we find that DNA repair speeds ageing and that a treatment reverses "
               "it.")


@pytest.mark.parametrize(("story", "design"), [
    ("Ageing reversed\n\nThe team can make mice age faster and then reverse it.", "animal experiment"),
    ("Ageing reversed\n\nThe team reversed ageing. Mice are common in labs.", "other"),
    ("Ageing reversed\n\nThe team counted wild mice in barns.", "other"),
])
def test_article_completes_a_vague_paper(story: str, design: str) -> None:
    profile = article_fallback(build_profile(VAGUE), parse_article(story), has_paper=True)
    assert profile.design == design
    if design == "animal experiment":
        assert profile.species == ["mice"] and profile.design_evidence is not None
        assert profile.design_evidence.kind == "article"


def test_article_never_overrides_a_paper_that_names_people() -> None:
    paper = _paper("We enrolled 200 adults and gave them the pill.")
    story = parse_article("Pill works\n\nThe team gave mice the pill first, then people.")
    assert article_fallback(build_profile(paper), story, has_paper=True).subjects == "people"


# --- P4 without a paper: what the writer says the team did to animals ------------------------------------------
NO_PAPER = [
    ("female rats named", "Herb tea helps\n\nThe work, using 40 young female rats, ran for a month.",
     "animal experiment"),
    ("animals divided", "Herb tea helps\n\nThe tea lowered sugar. The animals were then divided into four "
     "groups. Each group got a different dose of tea.", "animal experiment"),
    ("studies in mice", "Gene trick halts leukaemia\n\nFollow-up studies in mice showed the edited cells died.",
     "animal experiment"),
    ("a cell-line sentence and a mouse sentence", "Apple peel fights cancer\n\nThe team tested 90 compounds on "
     "cell lines. The best was then given to mice.", "animal experiment"),
    ("earlier mouse work is background", "Sleep clears the brain\n\nEarlier studies in mice hinted at it. Sleeping "
     "on your side may help.", "unknown"),
    ("animals in passing", "Sleep clears the brain\n\nIn humans and many animals, side sleeping is common.",
     "unknown"),
    ("cell lines and cell death", "Spice kills tumours\n\nThe team tested the coated particles in cell lines of a "
     "bone cancer. The particles induced substantial cell death in tumour cells.", "in vitro"),
    ("organ perfusion is no cell study", "Kidney kept warm\n\nEx vivo perfusion kept a donor kidney warm before "
     "the transplant. The patient is doing well.", "unknown"),
]


@pytest.mark.parametrize(("row", "story", "design"), NO_PAPER, ids=[r[0] for r in NO_PAPER])
def test_article_alone_names_the_lab_study(row: str, story: str, design: str) -> None:
    profile = article_fallback(StudyProfile(), parse_article(story), has_paper=False)
    assert profile.design == design, row
    if design != "unknown":
        assert profile.design_ceiling == 3 and profile.design_evidence is not None


def test_a_closing_sentence_about_method_is_not_the_conclusion() -> None:
    profile = _profile("Schools want cheap help. Here we show that a short online lesson raised grades in a national "
                       "sample of pupils. Our confidence in these conclusions rests on pre-registered analyses.")
    assert [c.span.text for c in profile.conclusions] == [
        "Here we show that a short online lesson raised grades in a national sample of pupils."]


def test_a_background_section_does_not_decide_the_design() -> None:
    background = "Randomised trials of fasting gave mixed results."
    methods = "We followed 6,000 adults in a cohort for eight years."
    paper = Paper(title="Fasting and heart health", abstract=f"{background} {methods} Fasting was associated with "
                  "lower risk.", abstract_sections=[AbstractSection(label="BACKGROUND", text=background),
                                                     AbstractSection(label="METHODS", text=methods)])
    profile = build_profile(paper)
    assert profile.design == "cohort" and profile.design_ceiling == 1


DURATION_ROWS: list[tuple[str, str, str]] = [
    # (abstract, methods text or "", expected duration)
    ("We gave 40 adults the capsule or a placebo for 12 weeks. Pain scores fell.", "", "12 weeks"),
    ("In a 6-month trial, 40 adults took the capsule. Pain fell after 2 weeks.", "", "6 months"),
    ("Mice were fed the test diet for one week. Their livers were larger.", "", "one week"),
    ("Older adults ate oat bran. Recall improved.", "Volunteers aged 65 years were followed for two years.",
     "two years"),
    ("Adults over 65 years were surveyed once. Mood was lower in winter.", "", ""),
    ("Patients diagnosed 5 years earlier were interviewed. Most felt well.", "", ""),
    ("Pain fell after 2 weeks of the capsule in 40 adults.", "", ""),
]


@pytest.mark.parametrize(("abstract", "methods", "expected"), DURATION_ROWS)
def test_the_studys_length_is_read_from_the_abstract_or_the_methods(abstract: str, methods: str,
                                                                    expected: str) -> None:
    sections = [PaperSection(kind="methods", title="Methods, Participants", text=methods)] if methods else []
    profile = build_profile(Paper(abstract=abstract, full_text=sections))
    assert profile.duration == expected
    if expected:
        evidence = profile.duration_evidence
        assert evidence is not None and expected.split()[0] in evidence.text
        assert evidence.kind == ("fulltext" if methods else "abstract")
        assert evidence.section == ("Methods, Participants" if methods else "")
