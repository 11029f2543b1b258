"""build_profile: design, subjects, sample size, stage, peer review and conclusions, each with its evidence."""

from __future__ import annotations

import pytest

from caveat.analysis.profile import build_profile, number_value
from caveat.core.models import AbstractSection, Evidence, Paper, StudyProfile
from tests.rules.fixtures import CELLS, COHORT, MOUSE, PILOT, RCT


def _paper(abstract: str, **kw: object) -> Paper:
    return Paper(title="An invented study", abstract=abstract, **kw)  # type: ignore[arg-type]  # any Paper field, validated by pydantic


def _check_evidence(paper: Paper, ev: Evidence | None) -> None:
    assert ev is not None
    if ev.kind == "abstract":
        assert ev.start is not None and ev.end is not None
        assert paper.abstract[ev.start:ev.end] == ev.text
    else:
        assert ev.kind == "metadata" and ev.field


DESIGNS = [
    ("We pooled 31 trials in a meta-analysis of statin use. Statins lowered LDL.", "meta-analysis or systematic "
     "review"),
    ("A systematic review of 12 studies found mixed results for acupuncture.", "meta-analysis or systematic review"),
    ("In this randomised controlled trial, 300 adults were randomly assigned to tea or water.",
     "randomised controlled trial"),
    ("Patients were randomly allocated to early or late surgery. Recovery was faster with early surgery.",
     "randomised controlled trial"),
    ("Rats fed a high-salt diet developed stiffer arteries than control rats.", "animal experiment"),
    ("Spinal pain affects individuals of all ages. We studied mouse models of spinal degeneration.",
     "animal experiment"),
    ("Using cultured human liver cells, we found that the molecule blocked fat build-up.", "in vitro"),
    ("We built a mathematical model of measles spread in schools. Simulations showed faster spread.",
     "computer model"),
    ("We conducted semi-structured interviews with 20 midwives. Thematic analysis found three themes.",
     "qualitative"),
    ("We report a case of a 54-year-old man with a rare rash after hiking.", "case report"),
    ("In this case-control study, 200 cases of glioma were compared with 400 matched controls.", "case-control"),
    ("We followed 5,000 nurses in a prospective cohort for 20 years.", "cohort"),
    ("In a cross-sectional survey of 1,500 teenagers, screen time was associated with poorer sleep.",
     "cross-sectional"),
    ("Using registry data, higher income was associated with longer life.", "observational"),
    ("We describe a new staining protocol for bone sections.", "other"),
    ("", "unknown"),
]


@pytest.mark.parametrize(("abstract", "design"), DESIGNS)
def test_design(abstract: str, design: str) -> None:
    paper = _paper(abstract)
    profile = build_profile(paper)
    assert profile.design == design
    if design != "unknown":
        _check_evidence(paper, profile.design_evidence)
    else:
        assert profile.design_evidence is None


def test_publication_type_decides_design_with_metadata_evidence() -> None:
    paper = _paper("Patients did better.", publication_types=["Randomized Controlled Trial"])
    profile = build_profile(paper)
    assert profile.design == "randomised controlled trial"
    assert profile.design_evidence is not None and profile.design_evidence.field == "publication_types"


SUBJECTS = [
    (MOUSE, "animals", ["mice"]),
    (CELLS, "cells", []),
    (COHORT, "people", []),
    (RCT, "people", []),
    (PILOT, "people", []),
    (_paper("Zebrafish larvae and rats were exposed to noise."), "animals", ["rats", "zebrafish"]),
    (_paper("We built a computational model of traffic noise."), "none", []),
]


@pytest.mark.parametrize(("paper", "subjects", "species"), SUBJECTS)
def test_subjects(paper: Paper, subjects: str, species: list[str]) -> None:
    profile = build_profile(paper)
    assert profile.subjects == subjects
    assert sorted(profile.species) == sorted(species)
    _check_evidence(paper, profile.subjects_evidence)


SAMPLES = [
    ("Participants (n = 24) completed the task.", 24),
    ("We enrolled 24 participants with asthma.", 24),
    ("Data from 1,204 adults were analysed; 300 developed diabetes.", 1204),
    ("Twelve mice received the drug.", 12),
    ("In 2019 patients were surveyed about pain.", None),
    ("We measured bone density in older women.", None),
]


@pytest.mark.parametrize(("abstract", "n"), SAMPLES)
def test_sample_size(abstract: str, n: int | None) -> None:
    paper = _paper(abstract)
    profile = build_profile(paper)
    assert profile.sample_size == n
    if n is not None:
        _check_evidence(paper, profile.sample_evidence)


STAGES = [
    (MOUSE, "preclinical"),
    (CELLS, "preclinical"),
    (COHORT, "observational"),
    (RCT, "clinical"),
    (PILOT, "pilot"),
    (_paper("In this phase 1 trial, 20 healthy volunteers received rising doses."), "phase 1"),
    (_paper("This phase III trial enrolled 2,000 patients with psoriasis."), "phase 3"),
    (_paper("We discuss the history of the stethoscope."), "unknown"),
]


@pytest.mark.parametrize(("paper", "stage"), STAGES)
def test_stage(paper: Paper, stage: str) -> None:
    profile = build_profile(paper)
    assert profile.stage == stage
    if stage != "unknown":
        _check_evidence(paper, profile.stage_evidence)


PEER = [
    ({"status": "reviewed-preprint"}, "reviewed-preprint", "status"),
    ({"status": "retracted"}, "retracted", "status"),
    ({"publication_types": ["posted-content"]}, "preprint", "publication_types"),
    ({"publication_types": ["journal-article"]}, "peer-reviewed", "publication_types"),
    ({"publication_types": ["Retracted Publication", "journal-article"]}, "retracted", "publication_types"),
    ({"status": "peer-reviewed", "publication_types": ["Retracted Publication"]}, "retracted", "publication_types"),
    ({}, "unknown", None),
]


@pytest.mark.parametrize(("meta", "peer", "field"), PEER)
def test_peer_review(meta: dict[str, object], peer: str, field: str | None) -> None:
    profile = build_profile(_paper("Something was measured.", **meta))
    assert profile.peer_review == peer
    if field is None:
        assert profile.peer_review_evidence is None
    else:
        assert profile.peer_review_evidence is not None and profile.peer_review_evidence.field == field


STRENGTHS = [
    (COHORT, 1, True),
    (MOUSE, 2, True),
    (RCT, 3, False),
    (_paper("We measured sleep in 40 pilots. In conclusion, caffeine causes shorter sleep in pilots."), 3, False),
    (_paper("We measured sleep. These findings suggest that caffeine might shorten sleep."), 2, True),
]


@pytest.mark.parametrize(("paper", "strength", "hedged"), STRENGTHS)
def test_conclusion_strength(paper: Paper, strength: int, hedged: bool) -> None:
    profile = build_profile(paper)
    assert profile.conclusion_strength == strength
    assert profile.conclusions
    assert any(c.hedged for c in profile.conclusions) is hedged
    for c in profile.conclusions:
        assert paper.abstract[c.span.start:c.span.end] == c.span.text


def test_conclusions_section_is_preferred() -> None:
    abstract = ("Background text about knees. We treated 50 knees with ice. Knees given ice recovered faster than "
                "the others. Ice may speed recovery of knees.")
    paper = _paper(abstract, abstract_sections=[
        AbstractSection(label="METHODS", text="We treated 50 knees with ice."),
        AbstractSection(label="CONCLUSIONS", text="Ice may speed recovery of knees."),
    ])
    profile = build_profile(paper)
    assert [c.span.text for c in profile.conclusions] == ["Ice may speed recovery of knees."]


@pytest.mark.parametrize(("paper", "intervention"), [
    (MOUSE, "Zelvorin"),
    (RCT, "Lumetrex"),
    (CELLS, "KX-12"),
    (COHORT, ""),
    (_paper("Mice given the senolytic drug Navirex (ABC123) recovered."), "Navirex (ABC123)"),
])
def test_intervention(paper: Paper, intervention: str) -> None:
    assert build_profile(paper).intervention == intervention


def test_hedges_point_into_the_abstract() -> None:
    profile = build_profile(MOUSE)
    assert profile.hedges
    for span in profile.hedges:
        assert MOUSE.abstract[span.start:span.end] == span.text


def test_no_paper_gives_an_empty_profile() -> None:
    assert build_profile(None) == StudyProfile()


@pytest.mark.parametrize(("token", "value"), [("1,204", 1204), ("twelve", 12), ("24", 24), ("many", None)])
def test_number_value(token: str, value: int | None) -> None:
    assert number_value(token) == value
