"""Invented papers for the check tables: fictional studies written for these tests, not taken from anywhere."""

from __future__ import annotations

from caveat.core.models import Paper

MOUSE = Paper(
    doi="10.5555/imaginary.0001",
    title="Zelvorin reduces scratching in a mouse model of chronic dermatitis",
    authors=["Ana Ruiz", "Tomas Berg", "Lena Okafor"],
    journal="Journal of Imaginary Dermatology",
    published="2024-03-05",
    status="peer-reviewed",
    publication_types=["journal-article"],
    funding=["National Itch Research Council"],
    abstract=(
        "Chronic itch lowers the quality of life of many adults. "
        "Here we show that the compound Zelvorin reduced scratching bouts in mice with induced dermatitis. "
        "Treated mice had fewer mast cells in the skin than untreated controls. "
        "These results suggest that Zelvorin may be a useful treatment for chronic itch."
    ),
)

COHORT = Paper(
    doi="10.5555/imaginary.0002",
    title="Fermented vegetable intake and incident type 2 diabetes in a prospective cohort",
    authors=["Mei Tanaka", "Oliver Grant"],
    journal="Nutrition Horizons",
    published="2023-06-20",
    status="peer-reviewed",
    abstract=(
        "We followed 12,400 adults in a prospective cohort for ten years. "
        "Higher intake of fermented vegetables was associated with a 17% lower incidence of type 2 diabetes. "
        "The association persisted after adjustment for income and exercise. "
        "These findings suggest that fermented vegetable intake is associated with lower diabetes risk."
    ),
)

RCT = Paper(
    doi="10.5555/imaginary.0003",
    title="Lumetrex for episodic migraine: a randomised controlled trial",
    authors=["Priya Nair", "Jonas Feld"],
    journal="Headache Frontiers",
    published="2022-09-01",
    status="peer-reviewed",
    abstract=(
        "In this randomised controlled trial, 840 adults with episodic migraine were randomly assigned to Lumetrex "
        "or placebo. Lumetrex reduced monthly migraine days by 2.1 days compared with placebo. "
        "Nausea was more common with Lumetrex. "
        "Lumetrex reduces migraine frequency in adults with episodic migraine."
    ),
)

PILOT = Paper(
    doi="10.5555/imaginary.0004",
    title="A mindfulness app for exam anxiety: a pilot study",
    authors=["Sam Whitlow"],
    journal="Campus Health Notes",
    published="2024-01-15",
    status="peer-reviewed",
    abstract=(
        "In this pilot study, 18 university students at a single university used a mindfulness app for eight weeks. "
        "Anxiety scores were lower after the course than before it. "
        "These preliminary results suggest the app might reduce exam anxiety."
    ),
)

CELLS = Paper(
    doi="10.5555/imaginary.0005",
    title="KX-12 blocks fat build-up in cultured liver cells",
    authors=["Hugo Lind"],
    journal="Cell Reports Imaginary",
    published="2024-05-02",
    status="peer-reviewed",
    abstract=(
        "Fatty liver disease has no approved drug treatment. "
        "Using cultured human liver cells, we found that the molecule KX-12 blocked fat build-up. "
        "KX-12 may offer a new approach to treating fatty liver disease."
    ),
)

PREPRINT = MOUSE.model_copy(
    update={"status": "preprint", "journal": "bioRxiv", "publication_types": ["posted-content"]}
)
RETRACTED = COHORT.model_copy(update={"status": "retracted"})
INDUSTRY = RCT.model_copy(
    update={
        "funding": ["Acme Biotech Inc."],
        "competing_interests": "P.N. is an employee of Acme Biotech Inc. "
        "The other authors declare no competing interests.",
    }
)
ADVISING = COHORT.model_copy(
    update={"abstract": COHORT.abstract + " Adults at risk should eat more fermented vegetables."}
)

RETRACTED_BY_TYPE = COHORT.model_copy(update={"publication_types": ["Retracted Publication", "journal-article"]})
POSTED = MOUSE.model_copy(update={"status": "unknown", "publication_types": ["posted-content"]})

MOUSE_ASSOCIATION = MOUSE.model_copy(
    update={
        "doi": "10.5555/imaginary.0013",
        "abstract": (
            "Chronic itch lowers the quality of life of many adults. "
            "Here we show that the compound Zelvorin reduced scratching bouts in mice with induced dermatitis. "
            "Scratching bouts were associated with the number of mast cells in both groups. "
            "These results suggest that Zelvorin may be a useful treatment for chronic itch."
        ),
    }
)
"""A mouse experiment whose abstract also reports an association, which is not a causal finding."""

PAPERS: dict[str, Paper | None] = {
    "none": None,
    "mouse": MOUSE,
    "mouse-association": MOUSE_ASSOCIATION,
    "cohort": COHORT,
    "rct": RCT,
    "pilot": PILOT,
    "cells": CELLS,
    "preprint": PREPRINT,
    "retracted": RETRACTED,
    "industry": INDUSTRY,
    "advising": ADVISING,
    "retracted-type": RETRACTED_BY_TYPE,
    "posted": POSTED,
}
