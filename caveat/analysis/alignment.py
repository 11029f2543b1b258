"""Which abstract sentence a claim in the article should be compared with.

The comparison (is the article stronger or more certain than the paper?) is only fair against the sentence that
states the same finding, not against the abstract as a whole. Lexical overlap of content words always runs; an
embedder, when one is passed, adds meaning ("cuts" ~ "reduces"). The embedder is optional because loading it costs
time and the checks must stay fast: the pipeline passes one when it has it (see ``default_embedder``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from caveat.analysis.fulltext import fulltext_evidence, sections_of, sentences_of
from caveat.analysis.profile import abstract_sentences
from caveat.core.models import Evidence, Paper, Span

__all__ = ["align", "align_fulltext", "best_evidence", "content_words", "default_embedder", "overlap"]

_STOP = frozenset(
    re.findall(
        r"\S+",
        """a an the and or but of in on at to for with by from as is are was were be been being this that these those
    it its their there here we our they them he she his her you your i not no than then so such can could may might
    will would should must do does did has have had which who whom what when where why how also more most less very
    into over under about after before between during new study studies research researchers found find findings
    show shows showed suggest suggests suggested results result data team scientists paper authors report""",
    )
)
_WORD = re.compile(r"[a-z][a-z0-9-]+")
_MIN_SCORE = 0.08
_LEXICAL_WEIGHT = 0.8
"""Word overlap leads and the embedding breaks ties: averaged half and half, the embedding picked the wrong sentence
more often on caveat.evaluation.alignment's own examples (0.44 vs 0.56 right)."""


def content_words(text: str) -> set[str]:
    """Lower-cased content words cut to a 5-letter stem, so 'reduces' meets 'reduced' and 'reduction'."""
    return {w[:5] for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 2}


def overlap(a: str, b: str) -> float:
    """Share of the claim's content words found in the sentence (0-1)."""
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa)


def best_evidence(claim: str, paper: Paper, embedder: Any | None = None) -> Evidence | None:
    """The abstract sentence closest to the claim, as abstract evidence; None when nothing is close.

    Score: lexical overlap weighted by rarity within the abstract, mixed with cosine similarity (one part in five)
    when an embedder is given. An embedder that fails is
    ignored rather than failing the review: alignment is a refinement, not a requirement.
    """
    sentences = abstract_sentences(paper)
    if not sentences or not claim.strip():
        return None
    scores = _weighted_overlaps(claim, [s.text for s in sentences])
    if embedder is not None:
        try:
            vectors = embedder.embed([claim] + [s.text for s in sentences])
            sims = [float(vectors[0] @ vectors[i + 1]) for i in range(len(sentences))]
            scores = [_LEXICAL_WEIGHT * lex + (1 - _LEXICAL_WEIGHT) * max(0.0, sim)
                      for lex, sim in zip(scores, sims, strict=True)]
        except Exception:  # any embedder failure: fall back to lexical overlap
            pass
    best = max(range(len(sentences)), key=lambda i: scores[i])
    if scores[best] < _MIN_SCORE:
        return None
    s = sentences[best]
    note = f"closest sentence ({scores[best]:.2f})"
    return Evidence(kind="abstract", start=s.start, end=s.end, text=s.text, note=note)


ROLE_WEIGHT = {"result": 1.0, "conclusion": 1.0, "title": 0.9, "method": 0.6, "background": 0.4}
"""How much a sentence of each kind counts as the evidence for a claim: the study's own results and conclusion
fully; a methods sentence (it shares the topic words) and background or prior work (not this study's finding)
only when nothing else is close."""
_MIN_ALIGN = 0.2
"""Below this rarity-weighted share of the claim's words, no abstract sentence states the same finding."""


def align(
    claim: str,
    paper: Paper,
    embedder: Any | None = None,
    role_of: Callable[[int, Span], str] | None = None,
    vector: Any | None = None,
) -> tuple[Evidence, str, float] | None:
    """The results or conclusion sentence of the abstract that states the claim's finding, and its role.

    Like ``best_evidence`` (rarity-weighted overlap, with the embedding as a tie-breaker), but each sentence is
    weighted by what it is: a hedged conclusion that shares only topic words must not beat a result sentence that
    shares the claim's specific terms, and background or prior work is never the paper's finding when a result
    matches. ``role_of(index, sentence)`` names the kind; without it every sentence counts as a result. ``vector``
    is the claim's embedding when the caller embedded many claims at once. Returns
    the sentence, its kind and its (unweighted) score.
    """
    sentences = abstract_sentences(paper)
    if not sentences or not claim.strip():
        return None
    scores = _weighted_overlaps(claim, [s.text for s in sentences])
    if embedder is not None:
        sims = _similarities(claim, tuple(s.text for s in sentences), embedder, vector)
        if sims is not None:
            scores = [_LEXICAL_WEIGHT * lex + (1 - _LEXICAL_WEIGHT) * max(0.0, sim)
                      for lex, sim in zip(scores, sims, strict=True)]
    roles = [role_of(i, s) if role_of else "result" for i, s in enumerate(sentences)]
    weighted = [score * ROLE_WEIGHT.get(role, 1.0) for score, role in zip(scores, roles, strict=True)]
    best = max(range(len(sentences)), key=lambda i: (weighted[i], -i))
    if scores[best] < _MIN_ALIGN:
        return None
    s = sentences[best]
    note = f"the paper's {roles[best]} closest to the claim ({scores[best]:.2f})"
    return Evidence(kind="abstract", start=s.start, end=s.end, text=s.text, note=note), roles[best], scores[best]


_MIN_FULLTEXT_ALIGN = 0.5
"""A full-text sentence must share half the claim's (rarity-weighted) words: a paper's body holds hundreds of
sentences on its topic, and a loose match there is no evidence for this claim."""


def align_fulltext(claim: str, paper: Paper) -> tuple[Evidence, str, float] | None:
    """The results or conclusions sentence of the full text that states the claim's finding, when the abstract has
    none: the abstract leaves most results out. Lexical only, with a stricter bar than the abstract's."""
    found = list(sentences_of(sections_of(paper, "results", "conclusions")))
    if not found or not claim.strip():
        return None
    scores = _weighted_overlaps(claim, [f.span.text for f in found])
    best = max(range(len(found)), key=lambda i: (scores[i], -i))
    if scores[best] < _MIN_FULLTEXT_ALIGN:
        return None
    role = "conclusion" if found[best].section.kind == "conclusions" else "result"
    note = f"the paper's {role} closest to the claim ({scores[best]:.2f})"
    return fulltext_evidence(found[best], note), role, scores[best]


_VECTORS: dict[tuple[int, tuple[str, ...]], Any] = {}


def _similarities(claim: str, sentences: tuple[str, ...], embedder: Any, vector: Any | None = None
                  ) -> list[float] | None:
    """Cosines of the claim with each sentence; the abstract is embedded once per review, not once per claim."""
    try:
        key = (id(embedder), sentences)
        if key not in _VECTORS:
            _VECTORS.clear()
            _VECTORS[key] = embedder.embed(list(sentences))
        vectors = _VECTORS[key]
        mine = vector if vector is not None else embedder.embed([claim])[0]
        return [float(mine @ vectors[i]) for i in range(len(sentences))]
    except Exception:  # an embedder failure: alignment falls back to overlap
        return None


def _short_stems(text: str) -> set[str]:
    """4-letter stems: 'spine' meets 'spinal', 'treating' meets 'treatment'. Cruder than content_words, which
    the thresholds of the checks rest on, but better at picking a sentence (measured with caveat.evaluation.alignment:
    own examples 0.44 -> 0.56, reference article 0.36 -> 0.73, lexical only)."""
    return {w[:4] for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 2}


def _weighted_overlaps(claim: str, sentences: list[str]) -> list[float]:
    """Overlap of the claim's words with each sentence, each word weighted by how rare it is in the abstract.

    A word found in every sentence of the abstract (the topic: "coffee", "liver") says nothing about WHICH
    sentence states the claim's finding; a word found in one sentence ("decaffeinated") says a lot.
    """
    claim_words = _short_stems(claim)
    bags = [_short_stems(t) for t in sentences]
    n = len(bags)
    weight = {w: math.log(1 + n / (1 + sum(w in bag for bag in bags))) for w in claim_words}
    # fsum: a set's order changes with each process's hash seed, and a plain float sum with it, so two sentences
    # whose overlaps tie would be chosen between at random from one run to the next
    total = math.fsum(weight.values())
    if not total:
        return [0.0] * n
    return [math.fsum(weight[w] for w in claim_words & bag) / total for bag in bags]


@lru_cache(maxsize=1)
def default_embedder() -> Any | None:
    """retrieval.embeddings.get_embedder() when that module is importable and loads offline, else None."""
    try:
        from retrieval.embeddings import get_embedder
    except Exception:  # an optional component
        return None
    try:
        return get_embedder()
    except Exception:
        return None
