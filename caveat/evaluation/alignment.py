"""How often evidence alignment picks the right abstract sentence for a claim.

A flag about a finding is only fair if it compares the article's claim with the abstract sentence that states the
same finding. This measures `caveat.analysis.alignment.best_evidence` on two sets, lexical overlap alone and with
WordLlama embeddings: the project's own invented cases (below), and the reference article of ../shared/data/seed, whose
claim sentences were labelled by hand with the abstract sentence(s) that state the same finding (as sentence
indices, so that no text of the seed is copied here).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from caveat.analysis.alignment import best_evidence, default_embedder
from caveat.analysis.article import parse_article
from caveat.analysis.profile import abstract_sentences
from caveat.core.models import Paper
from retrieval.supplied import paper_from_json


@dataclass(frozen=True)
class AlignmentCase:
    abstract: str
    claim: str
    gold: frozenset[int]
    """Indices of the abstract sentences (as `abstract_sentences` splits them) that state the claim's finding."""


def _case(abstract: str, claim: str, *gold: int) -> AlignmentCase:
    return AlignmentCase(abstract, claim, frozenset(gold))


_COFFEE = (
    "Habitual coffee intake and liver stiffness were measured in 4,102 adults in a population cohort. "
    "Participants were followed for a median of nine years. "
    "Drinking three or more cups a day was associated with a 21% lower risk of advanced fibrosis. "
    "No association was seen for decaffeinated coffee. "
    "Coffee intake may be a modifiable factor in liver health, but trials are needed."
)
_RATS = (
    "Chronic stress impairs spatial memory in rodents. "
    "We exposed 36 male rats to restraint stress for 21 days, with or without daily voluntary wheel running. "
    "Running rats made fewer errors in the radial arm maze than sedentary stressed rats. "
    "Hippocampal BDNF levels were higher in runners. "
    "These results suggest that exercise can buffer stress-induced memory deficits in rats."
)
_TRIAL = (
    "Whether a text-message reminder improves adherence to inhaled steroids is unknown. "
    "In this randomised controlled trial, 612 adults with asthma received daily reminders or usual care for 24 weeks. "
    "Adherence, measured by electronic inhaler monitors, was 68% with reminders and 51% with usual care. "
    "Severe exacerbations did not differ between groups. "
    "Text reminders improved adherence but did not reduce exacerbations over six months."
)
_CELLS = (
    "Glioblastoma cells resist temozolomide through DNA repair. "
    "We screened 1,200 approved drugs in three patient-derived glioblastoma cell lines. "
    "The antifungal itraconazole restored sensitivity to temozolomide in all three lines. "
    "Itraconazole lowered expression of the repair enzyme MGMT. "
    "Drug repurposing may offer a route to overcome chemoresistance, pending studies in animals and patients."
)
_SLEEP = (
    "Short sleep is common among teenagers. "
    "We analysed survey responses from 9,870 pupils aged 13 to 17 years in 42 schools. "
    "Pupils sleeping under seven hours reported more depressive symptoms. "
    "Screen use after 10 pm was linked to shorter sleep. "
    "Causal direction cannot be established from these cross-sectional data."
)
_MODEL = (
    "Influenza vaccination coverage among older adults varies widely. "
    "We built an agent-based model of transmission in a city of one million people. "
    "Raising coverage from 50% to 70% averted an estimated 18% of hospital admissions in simulations. "
    "Benefits were largest when vaccination finished before December. "
    "Model results depend on assumed vaccine effectiveness."
)
_META = (
    "Vitamin D supplements are widely taken to prevent fractures. "
    "We pooled 31 randomised trials with 51,000 participants. "
    "Supplementation did not reduce hip fractures or total fractures. "
    "Results were similar across doses. "
    "These findings do not support routine vitamin D supplements for fracture prevention in community-dwelling adults."
)
_PILOT = (
    "Mindfulness programmes for nurses have rarely been tested in hospitals. "
    "Twenty-four nurses from one intensive care unit completed an eight-week course in this pilot study. "
    "Burnout scores fell from baseline to the end of the course. "
    "Attendance was 83%. "
    "A randomised trial is feasible and warranted."
)

OWN_CASES: tuple[AlignmentCase, ...] = (
    _case(_COFFEE, "Three cups of coffee a day slash your risk of liver scarring by a fifth.", 2),
    _case(_COFFEE, "Decaf, however, did nothing for the liver.", 3),
    _case(_RATS, "Going for a run protects your memory from stress, scientists say.", 2, 4),
    _case(_RATS, "Exercise boosted levels of a brain growth factor.", 3),
    _case(_TRIAL, "A daily text got asthma patients to use their inhalers far more often.", 2, 4),
    _case(_TRIAL, "Asthma attacks were no less frequent.", 3, 4),
    _case(_CELLS, "A cheap antifungal pill could cure brain cancer.", 2, 4),
    _case(_CELLS, "The drug switched off a DNA-repair enzyme that shields tumours.", 3),
    _case(_SLEEP, "Teens who sleep less than seven hours are more depressed.", 2),
    _case(_SLEEP, "Late-night phone use robs teenagers of sleep.", 3),
    _case(_MODEL, "Getting 70% of older people vaccinated would cut flu hospital admissions by almost a fifth.", 2),
    _case(_MODEL, "Jabs given before December protect best.", 3),
    _case(_META, "Vitamin D pills do not prevent broken hips.", 2, 4),
    _case(_META, "The dose made no difference.", 3),
    _case(_PILOT, "Mindfulness slashed burnout among intensive care nurses.", 2),
    _case(_PILOT, "Most nurses turned up to the sessions.", 3),
)

SEED_PAIRS: tuple[tuple[int, frozenset[int]], ...] = (
    (2, frozenset({6})),
    (4, frozenset({4})),
    (5, frozenset({6})),
    (6, frozenset({4, 6})),
    (7, frozenset({6})),
    (20, frozenset({2, 3})),
    (23, frozenset({4})),
    (24, frozenset({4})),
    (28, frozenset({4})),
    (31, frozenset({6})),
    (33, frozenset({6})),
)
"""Seed article sentence index -> the abstract sentence index(es) stating the same finding (labelled by hand)."""


def _chosen_index(claim: str, paper: Paper, embedder: object | None) -> int | None:
    ev = best_evidence(claim, paper, embedder)
    if ev is None:
        return None
    starts = [s.start for s in abstract_sentences(paper)]
    return starts.index(ev.start) if ev.start in starts else None


def _score(cases: list[tuple[str, Paper, frozenset[int]]], embedder: object | None) -> float:
    hits = sum(_chosen_index(claim, paper, embedder) in gold for claim, paper, gold in cases)
    return hits / len(cases) if cases else float("nan")


def seed_cases(seed: Path) -> list[tuple[str, Paper, frozenset[int]]]:
    if not (seed / "expected.json").is_file():
        return []
    expected = json.loads((seed / "expected.json").read_text(encoding="utf-8"))
    paper = paper_from_json((seed / expected.get("paper", "paper.json")).read_text(encoding="utf-8"))
    article = parse_article((seed / expected.get("article", "article.txt")).read_text(encoding="utf-8"))
    return [(article.sentences[i].text, paper, gold) for i, gold in SEED_PAIRS if i < len(article.sentences)]


def own_cases() -> list[tuple[str, Paper, frozenset[int]]]:
    return [(c.claim, Paper(abstract=c.abstract), c.gold) for c in OWN_CASES]


def run_alignment_eval(seed: Path) -> dict[str, dict[str, float | int]]:
    """Share of claims whose chosen sentence is a right one: {set: {n, lexical, lexical+embedding}}."""
    embedder = default_embedder()
    out: dict[str, dict[str, float | int]] = {}
    for name, cases in (("own examples", own_cases()), ("reference article", seed_cases(seed))):
        if not cases:
            continue
        row: dict[str, float | int] = {"n": len(cases), "lexical": round(_score(cases, None), 3)}
        if embedder is not None:
            row["lexical+embedding"] = round(_score(cases, embedder), 3)
        out[name] = row
    return out


def format_alignment(result: dict[str, dict[str, float | int]]) -> str:
    lines = ["evidence alignment: share of claims compared with a right abstract sentence"]
    for name, row in result.items():
        cells = ", ".join(f"{k} {v}" for k, v in row.items() if k != "n")
        lines.append(f"  {name} (n={row['n']}): {cells}")
    return "\n".join(lines)
