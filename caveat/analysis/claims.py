"""The article's claims about the study, each beside the sentence of the paper it rests on, read on four axes.

Why claims first: a trigger word ("proves", "cure", "patients") says nothing on its own; what an editor wants to
know is whether the story says MORE than the paper. So every claim the story makes about the study (headline, lede,
the writer's statements of what was found, the study team's quotes, advice) is aligned with the abstract sentence
stating the same finding (results or conclusion, never background), and both are read the same way: strength
(0-3), certainty (hedges and boosters), subjects (people, a species, cells, a model) and scope (the population and
outcome named). The checks for hype, causal-claim, certainty and animal-to-human flag the differences; the page and
the report show each claim beside its evidence. Without a paper, the evidence is what the article itself says the
study found (a sentence that reports it: "the study found", "the researchers wrote").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from caveat.analysis.alignment import align, align_fulltext, content_words
from caveat.analysis.language import advice_level, booster_spans, certainty_hedge_spans
from caveat.analysis.language import causal_spans as _causal_spans
from caveat.analysis.lexicon import ANIMAL_QUALIFIER
from caveat.analysis.quotes import attributions
from caveat.analysis.sources import classify
from caveat.analysis.spans import headline_sentence, lede_sentence
from caveat.core.models import (
    Article,
    Claim,
    ClaimReading,
    ClaimRole,
    Evidence,
    Paper,
    Sentence,
    Span,
    StudyProfile,
)

__all__ = [
    "EXPERIMENTS",
    "OBSERVATIONAL",
    "WEAK_HEDGE",
    "causal_cues",
    "claims_for",
    "differences",
    "extract_claims",
    "paper_strength",
    "qualified",
    "read",
    "this_study",
]

MAX_CLAIMS = 40
"""Enough for a long feature's claims about its study; past it, the rest is background (and time)."""

EXPERIMENTS = frozenset({"randomised controlled trial", "animal experiment", "in vitro"})
"""Designs that manipulate the exposure: their causal verbs about the tested outcome are earned."""
OBSERVATIONAL = frozenset({"cohort", "case-control", "cross-sectional", "observational"})
"""Designs that can show association at most, whatever verb their conclusion uses."""

_PEOPLE = re.compile(
    r"\b(?:patients?|people|persons?|humans?|human beings|men|women|children|kids|adults|teens?|teenagers|"
    r"babies|infants|sufferers|participants|volunteers|individuals|americans|britons|seniors|the elderly|"
    r"older (?:adults|people)|smokers|drinkers|students|workers|mothers|pregnant|you|your|everyone|anyone)\b",
    re.IGNORECASE,
)
_SPECIES = re.compile(
    r"\b(?:mice|mouse|murine|rats?|rodents?|zebrafish|monkeys?|macaques?|primates?|pigs?|piglets?|dogs?|rabbits?|"
    r"hamsters?|ferrets?|sheep|worms?|nematodes?|c\. elegans|flies|fruit ?flies|drosophila|yeast|bacteria|"
    r"animals?)\b",
    re.IGNORECASE,
)
_CELLS = re.compile(
    r"\b(?:cells?|cell lines?|cultures?|cultured|organoids?|in vitro|lab dish(?:es)?|petri dish(?:es)?|"
    r"test tubes?|tissue samples?|assays?|ex vivo)\b",
    re.IGNORECASE,
)
_MODEL = re.compile(r"\b(?:simulations?|simulated|in silico|computer models?|computational models?)\b", re.I)
_SPECIES_NAME = {"mouse": "mice", "murine": "mice", "rat": "rats", "fly": "flies", "fruit flies": "flies"}

_SCOPE = re.compile(
    r"\b(?:everyone|all (?:ages|people|adults)|people|the public|children|adults|older (?:adults|people)|"
    r"younger (?:adults|people)|women|men|teenagers|students|patients|"
    r"dementia|alzheimer'?s|cancer|heart (?:disease|failure|attacks?)|stroke|diabetes|obesity|depression|"
    r"death|deaths|mortality|lifespan|longevity|aging|ageing|cognitive decline|memory|disease|infections?)\b",
    re.IGNORECASE,
)

_FINDING = re.compile(
    r"\b(?:(?:have|has|had)\s+(?:now\s+|finally\s+)?(?:found|discovered|identified|made|created|shown|proven|"
    r"proved|demonstrated|confirmed|revealed|uncovered|cracked|solved|achieved|pinpointed)|"
    r"found|finds|discovered|revealed|reveals|shows?|showed|demonstrated|confirmed|identified|uncovered|"
    r"concluded|concludes|succeeded|managed to|the (?:study|research|paper|findings?|results?))\b",
    re.IGNORECASE,
)
"""A sentence that reports what the study found, in the writer's voice."""
_ABOUT_STUDY = re.compile(
    r"\b(?:study|studies|research|researchers?|scientists?|team|paper|findings?|results?|trial|experiments?|"
    r"authors?|analysis|data|evidence)\b",
    re.IGNORECASE,
)
_REPORTS_STUDY = re.compile(
    r"\b(?:the|this|their|a new|the new)\s+(?:study|paper|research|researchers|authors|team|scientists|findings?|"
    r"results?|analysis)\b[^.]{0,60}?\b(?:found|finds|showed|shows|suggests?|suggested|concluded|concludes|wrote|"
    r"write|reported|reports|observed|noted|say|said)\b"
    r"|\baccording to the (?:study|paper|researchers|authors)\b",
    re.IGNORECASE,
)
"""Without a paper: a sentence in which the article reports what the study said, the nearest thing to evidence."""

WEAK_HEDGE = re.compile(r"^(?:potential|potentially|indicates?|implies|imply|approximate|preliminary)$", re.I)
"""Hedges that qualify a word rather than the finding ('a potential treatment', 'a preliminary version'): too weak
to make a plain statement of the finding an overclaim."""
_RESTATES = 0.5
"""A sentence with half its content words in the abstract restates a result, whatever its verb."""
_BACKGROUND_LABEL = re.compile(r"^\s*(?:background|objectives?|aims?|purpose|introduction|context)\s*[:.]", re.I)
_METHOD = re.compile(
    r"^\s*(?:methods?|design|setting|participants)\s*[:.]|\b(?:we (?:recruited|enrolled|conducted|performed|used|"
    r"analy[sz]ed|collected|measured|randomi[sz]ed|included|designed|developed)|were (?:randomly )?(?:assigned|"
    r"randomi[sz]ed|recruited|enrolled))\b",
    re.IGNORECASE,
)
_PRIOR_WORK = re.compile(
    r"\b(?:has|have) (?:been|long been) (?:associated|linked|shown|reported|suggested|proposed)|\bprevious(?:ly)?\b|"
    r"\bearlier studies\b|\bremains? (?:unclear|unknown|poorly understood)\b|\blittle is known\b|"
    r"\bis (?:a|an|the) (?:leading|major|common)\b",
    re.IGNORECASE,
)
_CONCLUSION_CUE = re.compile(r"^\s*(?:conclusions?|interpretation|significance)\s*[:.]|\b(?:we conclude|"
                             r"in conclusion|to conclude|taken together|these (?:findings|results|data))\b", re.I)


@lru_cache(maxsize=4096)
def causal_cues(text: str) -> tuple[tuple[int, int, int], ...]:
    """causal_spans, cached: the claim reader, the role test and causal-claim all grade the same sentences."""
    return tuple(_causal_spans(text))


def _subjects(text: str) -> tuple[str, list[str], str]:
    """(subjects, species, cue): who or what the sentence says the finding is about."""
    if m := _SPECIES.search(text):
        word = m.group(0).lower()
        name = _SPECIES_NAME.get(word, word)
        return "animals", ([] if name in {"animal", "animals"} else [name]), m.group(0)
    if m := _CELLS.search(text):
        return "cells", [], m.group(0)
    if m := _MODEL.search(text):
        return "none", [], m.group(0)
    if m := _PEOPLE.search(text):
        return "people", [], m.group(0)
    return "unknown", [], ""


def read(text: str) -> ClaimReading:
    """One sentence read on the four axes, each reading with the words that decided it."""
    cues = causal_cues(text)
    strength, cue = 0, ""
    if cues:
        a, b, strength = max(cues, key=lambda c: c[2])
        cue = text[a:b]
    subjects, species, subject_cue = _subjects(text)
    return ClaimReading(
        strength=strength,
        strength_cue=cue,
        hedges=[text[a:b] for a, b in certainty_hedge_spans(text)],
        boosters=[text[a:b] for a, b in booster_spans(text)],
        subjects=subjects,  # type: ignore[arg-type]  # one of the Subjects values, read above
        species=species,
        subject_cue=subject_cue,
        scope=sorted({m.group(0).lower() for m in _SCOPE.finditer(text)}),
    )


_OWN_WORK = re.compile(r"\b(?:we|here|this (?:study|trial)|(?!need)\w{3,}ed)\b", re.IGNORECASE)
"""An opening sentence that reports something done or found (a past tense, 'we', 'here'), not general context."""


def _abstract_role(text: str, index: int, conclusions: set[int]) -> str:
    """'conclusion', 'result', 'method' or 'background': only results and conclusions are evidence for a claim."""
    if index in conclusions or _CONCLUSION_CUE.search(text):
        return "conclusion"
    if _BACKGROUND_LABEL.search(text) or _PRIOR_WORK.search(text) or (index == 0 and not _OWN_WORK.search(text)):
        return "background"
    if _METHOD.search(text):
        return "method"
    return "result"


@dataclass(frozen=True)
class _Aligned:
    evidence: Evidence | None
    role: str
    score: float = 0.0


def _align_with_paper(text: str, paper: Paper, profile: StudyProfile, embedder: Any | None,
                      vector: Any | None = None) -> _Aligned:
    conclusion_starts = {c.span.start for c in profile.conclusions}
    found = align(text, paper, embedder, role_of=lambda i, s: _abstract_role(
        s.text, i, {i} if s.start in conclusion_starts else set()), vector=vector)
    if found is None:
        found = align_fulltext(text, paper)  # a result the abstract leaves out, stated in the full text's results
    if found is None:
        return _Aligned(None, "")
    evidence, role, score = found
    return _Aligned(evidence, role, min(1.0, score))


def _align_with_article(sentence: Sentence, article: Article, reports: list[Sentence]) -> _Aligned:
    """Without a paper: the article's own report of what the study found that shares most with the claim."""
    best, best_score = None, 0.0
    mine = content_words(sentence.text)
    for other in reports:
        if other.index == sentence.index or not mine:
            continue
        score = len(mine & _words_of(other.text)) / len(mine)
        if score > best_score:
            best, best_score = other, score
    if best is None or best_score < 0.2:
        return _Aligned(None, "")
    evidence = Evidence(kind="article", start=best.start, end=best.end, text=best.text,
                        note=f"what the article says the study found ({best_score:.2f})")
    return _Aligned(evidence, "article", min(1.0, best_score))


def _quote_speakers(article: Article, paper: Paper | None) -> dict[int, str]:
    """Paragraph index -> kind of its first quoted speaker ('affiliated', 'independent', 'unknown')."""
    spans = [(p.start, p.end) for p in article.paragraphs]
    out: dict[int, str] = {}
    for attr in attributions(article.text, spans):
        if not attr.quoted:
            continue
        for p in article.paragraphs:
            if p.start <= attr.start < p.end:
                out.setdefault(p.index, classify(attr, paper))
    return out


def _paper_words(paper: Paper) -> frozenset[str]:
    return _words_of(paper.title + " " + paper.abstract)


@lru_cache(maxsize=512)
def _words_of(text: str) -> frozenset[str]:
    """Content words of a text compared with every claim (the paper, a report of the study), computed once."""
    return frozenset(content_words(text))


def _role(sentence: Sentence, opening: dict[int, ClaimRole], paper: Paper | None) -> ClaimRole | None:
    """Why this sentence is a claim about the study, or None when it is not one."""
    if sentence.index in opening:
        return opening[sentence.index]
    text = sentence.text
    if len(text.split()) < 4:
        return None
    if booster_spans(text):
        return "quote" if sentence.in_quote else "finding"  # a settled-sounding statement: compare it, wherever
    mine = content_words(text)
    shared = len(mine & _paper_words(paper)) / len(mine) if paper is not None and mine else 0.0
    about = bool(_ABOUT_STUDY.search(text)) or shared >= 0.3
    if not about:
        return None
    if advice_level(text) == 2:
        return "advice"
    if sentence.in_quote:
        return "quote" if (causal_cues(text) or booster_spans(text)) else None
    restates = shared >= _RESTATES
    if restates or _FINDING.search(text) or booster_spans(text) or any(s >= 1 for _, _, s in causal_cues(text)):
        return "conclusion" if re.search(r"\bconclu\w+", text, re.I) else "finding"
    return None


def extract_claims(
    article: Article, paper: Paper | None, profile: StudyProfile, embedder: Any | None = None
) -> list[Claim]:
    """The article's claims about the study, in reading order, each aligned and read on both sides."""
    has_paper = paper is not None and bool(paper.abstract.strip())
    opening: dict[int, ClaimRole] = {}
    if (head := headline_sentence(article)) is not None:
        opening[head.index] = "headline"
    if (lede := lede_sentence(article)) is not None:
        opening.setdefault(lede.index, "lede")
    reports = [] if has_paper else [s for s in article.sentences if _REPORTS_STUDY.search(s.text)]
    speakers = _quote_speakers(article, paper) if any(s.in_quote for s in article.sentences) else {}
    chosen: list[tuple[Sentence, ClaimRole]] = []
    for sentence in article.sentences:
        role = _role(sentence, opening, paper if has_paper else None)
        if role is not None:
            chosen.append((sentence, role))
            if len(chosen) >= MAX_CLAIMS:
                break
    vectors = _embed([s.text for s, _ in chosen], embedder) if has_paper else None
    claims: list[Claim] = []
    for i, (sentence, role) in enumerate(chosen):
        if has_paper:
            assert paper is not None
            vector = vectors[i] if vectors is not None else None
            aligned = _align_with_paper(sentence.text, paper, profile, embedder if vector is not None else None,
                                        vector)
        else:
            aligned = _align_with_article(sentence, article, reports)
        speaker = speakers.get(sentence.paragraph, "unknown") if sentence.in_quote else ""
        claims.append(_claim(sentence, role, aligned, speaker, profile))
    return claims


def _embed(texts: list[str], embedder: Any | None) -> Any | None:
    """All the claims embedded in one call (one call per claim cost a third of a review's time)."""
    if embedder is None or not texts:
        return None
    try:
        return embedder.embed(texts)
    except Exception:  # an embedder failure: alignment falls back to word overlap
        return None


def paper_strength(claim: Claim, profile: StudyProfile) -> int | None:
    """The strength the paper gives this finding: its aligned sentence, with the design as a ceiling and floor.

    An observational design supports association at most, and a hedged or cue-less conclusion of a cohort (graded
    0) still reports an association: 0 would switch the comparison off for exactly the studies it is about.
    """
    conclusion = profile.conclusion_strength
    aligned = claim.paper.strength if claim.paper is not None and claim.evidence_role != "article" else None
    if profile.design in OBSERVATIONAL:
        return 1
    if aligned:
        return aligned
    return conclusion or None


def differences(article_reading: ClaimReading, paper_reading: ClaimReading | None, profile: StudyProfile,
                 strength: int | None) -> list[str]:
    """Plain statements of where the claim goes further than its evidence, built only from the two readings."""
    out: list[str] = []
    if paper_reading is None:
        return out
    if strength is not None and article_reading.strength > strength:
        out.append(f"strength {article_reading.strength} vs the paper's {strength}")
    firm = [h for h in paper_reading.hedges if not WEAK_HEDGE.match(h)]
    if firm and not article_reading.hedges:
        out.append(f"the paper hedges ('{firm[0]}'), the article does not")
    paper_subjects = paper_reading.subjects if paper_reading.subjects != "unknown" else profile.subjects
    if article_reading.subjects == "people" and paper_subjects in {"animals", "cells", "none"}:
        out.append(f"subjects: '{article_reading.subject_cue}' vs a study in {paper_subjects}")
    extra = [w for w in article_reading.scope if w not in paper_reading.scope]
    if extra and paper_reading.scope:
        out.append("scope: " + ", ".join(extra) + " not named in the evidence")
    return out


def _claim(sentence: Sentence, role: ClaimRole, aligned: _Aligned, speaker: str, profile: StudyProfile) -> Claim:
    mine = read(sentence.text)
    theirs = read(aligned.evidence.text) if aligned.evidence is not None else None
    if theirs is not None and theirs.subjects == "unknown" and aligned.role != "article" and profile.subjects in {
            "people", "animals", "cells", "none"}:
        theirs = theirs.model_copy(update={"subjects": profile.subjects, "species": list(profile.species)})
    span = Span(start=sentence.start, end=sentence.end, text=sentence.text)
    claim = Claim(id=f"claim:{sentence.start}-{sentence.end}", role=role, text=sentence.text,
                  article_span=span, evidence=aligned.evidence, evidence_role=aligned.role,
                  alignment=round(aligned.score, 3), article=mine,
                  paper=theirs, speaker=speaker)
    found = differences(mine, theirs, profile, paper_strength(claim, profile) if theirs else None)
    return claim.model_copy(update={"differences": found})


_CACHE: list[tuple[Article, Paper | None, StudyProfile, Any, list[Claim]]] = []


def claims_for(article: Article, paper: Paper | None, profile: StudyProfile, embedder: Any | None = None
               ) -> list[Claim]:
    """extract_claims, computed once for the review in hand: four checks and the pipeline ask for the same list."""
    for a, p, pr, e, found in _CACHE:
        # Without a paper the profile plays no part in the claims (the registry may pass one inferred from the
        # article, a different object): the article alone is the key then.
        if a is article and p is paper and (paper is None or (pr is profile and e is embedder)):
            return found
    found = extract_claims(article, paper, profile, embedder)
    _CACHE[:] = [(article, paper, profile, embedder, found)]
    return found


_THIS_STUDY = re.compile(r"\b(?:the|this|our|their|new|latest)\s+(?:study|research|trial|paper|findings?|results?|team|"
                         r"researchers|analysis)\b", re.IGNORECASE)
_MIN_ARTICLE_ALIGNMENT = 0.35


def this_study(claim: Claim) -> bool:
    """Without a paper, a claim is compared with the article's own account only when it names this study and the
    account states the same finding closely: general background ('research has shown') is not the study's claim."""
    return bool(_THIS_STUDY.search(claim.text)) and claim.alignment >= _MIN_ARTICLE_ALIGNMENT


def qualified(text: str) -> bool:
    """The sentence itself tells the reader where the result came from ('in mice', 'in the lab', 'human cells')."""
    return bool(ANIMAL_QUALIFIER.search(text) or _SPECIES.search(text) or _LAB_CELLS.search(text)
                or _MODEL.search(text))


_LAB_CELLS = re.compile(r"\b(?:cell lines?|cultures?|cultured|organoids?|in vitro|lab dish(?:es)?|petri dish(?:es)?|"
                        r"test tubes?|ex vivo|in the lab|lab-grown)\b", re.IGNORECASE)
"""Cells named as a lab setting; 'entering human cells' describes how a virus infects anyone, not where a result
came from."""
