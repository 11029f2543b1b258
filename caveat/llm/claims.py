"""Which article sentences go to the model, and which abstract sentences go with each.

Why: cost and context. A model call per sentence of a long story would spend the article's budget on
furniture ("The study was published on Tuesday."), and sending the whole abstract with each claim multiplies
tokens. So we rank sentences (flagged by the rules, the headline, claim wording, overlap with the abstract),
keep the best ``MAX_CLAIMS``, and give each only the few abstract sentences that share its content words.
When the alignment module (``caveat.analysis.alignment.best_evidence``) is present its pick is put first.
The model's answer for each claim is turned into the same `Claim` record the rules keep (``claim_record``), so
both engines speak one shape on the page and in the report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from caveat.analysis.claims import differences
from caveat.analysis.spans import lede_sentence
from caveat.core.models import Article, ClaimReading, ClaimRole, Evidence, Flag, Paper, Span, StudyProfile
from caveat.core.models import Claim as ClaimRecord
from caveat.llm.schemas import ClaimJudgement, ReadingAnswer
from caveat.llm.verifier import find_verbatim

MAX_CLAIMS = 12
EVIDENCE_PER_CLAIM = 3
MIN_WORDS = 4
MIN_OVERLAP = 0.25
"""A sentence sharing this share of its content words with the abstract is worth judging even without cues."""

_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[\"'“‘(]?[A-Z0-9])")
_CLAIM_CUE = re.compile(
    r"\b(cause[sd]?|prevent\w*|reduc\w*|cut[s]?|boost\w*|increas\w*|lower\w*|rais\w*|link\w*|associat\w*|"
    r"may|might|could|cure[sd]?|show\w*|prove[sd]?|found|finds|suggest\w*|risk\w*|help\w*|improv\w*|revers\w*|"
    r"protect\w*|treat\w*|should|breakthrough|miracle|effective|works?)\b|\d",
    re.IGNORECASE,
)
_STOP_WORDS = (
    "a an the and or but of in on at to for with by from as is are was were be been being it its this that "
    "these those their there than then which who whom what when where while also not no into over under about "
    "after before more most less very can will would has have had do does did he she they we you i our your "
    "said says say new study researchers research scientists paper"
)
_STOP = frozenset(_STOP_WORDS.split())


@dataclass(frozen=True)
class Claim:
    span: Span
    """The sentence as it sits in article.text (offsets into the original)."""
    score: float
    rule_flags: tuple[str, ...] = ()


def split_sentences(text: str, offset: int = 0) -> list[Span]:
    """A plain splitter with exact offsets, for abstracts (and articles that arrive without sentences)."""
    spans: list[Span] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        spans.extend(_span(text, start, match.start() + len(match.group().rstrip()), offset))
        start = match.end()
    spans.extend(_span(text, start, len(text), offset))
    return spans


def _span(text: str, start: int, end: int, offset: int) -> list[Span]:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return []
    lead = len(piece) - len(piece.lstrip())
    begin = start + lead
    return [Span(start=offset + begin, end=offset + begin + len(stripped), text=stripped)]


def content_words(text: str) -> set[str]:
    words = {w.rstrip("s") if len(w) > 4 else w for w in _WORD.findall(text.lower())}
    return {w for w in words if w not in _STOP and len(w) > 2}


def overlap(a: str, b: str) -> float:
    """Share of a's content words found in b: how much of the claim the sentence speaks to."""
    wa = content_words(a)
    return len(wa & content_words(b)) / len(wa) if wa else 0.0


def select_claims(article: Article, abstract: str, rule_flags: list[Flag], limit: int = MAX_CLAIMS) -> list[Claim]:
    """The sentences most worth a model's judgement, best first."""
    sentences: list[Span] = [Span(start=s.start, end=s.end, text=s.text) for s in article.sentences]
    if not sentences:
        sentences = split_sentences(article.text)
    if article.headline_span and not any(s.start == article.headline_span.start for s in sentences):
        sentences.insert(0, article.headline_span)
    claims: list[Claim] = []
    for sentence in sentences:
        if len(sentence.text.split()) < MIN_WORDS and sentence != article.headline_span:
            continue
        flagged = tuple(
            f.check for f in rule_flags if f.article_span.start < sentence.end and sentence.start < f.article_span.end
        )
        is_headline = article.headline_span is not None and sentence.start == article.headline_span.start
        cue = bool(_CLAIM_CUE.search(sentence.text))
        shared = overlap(sentence.text, abstract)
        score = 3.0 * bool(flagged) + 2.0 * is_headline + 1.0 * cue + 2.0 * shared
        if flagged or is_headline or cue or shared >= MIN_OVERLAP:
            claims.append(Claim(span=sentence, score=score, rule_flags=flagged))
    claims.sort(key=lambda c: (-c.score, c.span.start))
    return claims[:limit]


def choose_evidence(claim: Span, paper: Paper, k: int = EVIDENCE_PER_CLAIM) -> list[Span]:
    """The k abstract sentences that share most content words with the claim (the aligner's pick first)."""
    sentences = split_sentences(paper.abstract)
    ranked = sorted(sentences, key=lambda s: (-overlap(claim.text, s.text), s.start))
    chosen = [s for s in ranked[:k] if overlap(claim.text, s.text) > 0] or ranked[:1]
    aligned = _aligned(claim, paper)
    if aligned is not None:
        chosen = [aligned, *[s for s in chosen if s.start != aligned.start]][:k]
    return sorted(chosen, key=lambda s: s.start)


def _aligned(claim: Span, paper: Paper) -> Span | None:
    """Ask the alignment module, when it exists, for its best abstract sentence (as a Span of the abstract)."""
    try:
        from caveat.analysis.alignment import best_evidence
    except ImportError:
        return None
    try:
        found: Evidence | None = best_evidence(claim.text, paper)
    except Exception:  # a sibling module's failure must not stop the model reviewer
        return None
    if found is None or found.kind != "abstract" or found.start is None or found.end is None:
        return None
    if paper.abstract[found.start : found.end] != found.text:
        return None
    return Span(start=found.start, end=found.end, text=found.text)


_SUBJECTS = frozenset({"people", "animals", "cells", "none", "unknown"})


@dataclass
class ReadingCheck:
    """What the verification of one judgement threw away (counted into the review's notices)."""

    dropped_quotes: int = 0


def _reading(answer: ReadingAnswer, strength: int, text: str, check: ReadingCheck) -> ClaimReading:
    """The model's reading in the rules' shape; hedges and scope words not found verbatim in ``text`` are dropped."""
    hedges = [h.strip() for h in answer.hedges if h.strip()]
    kept = [h for h in hedges if find_verbatim(h, text) is not None]
    scope = [w.strip().lower() for w in answer.scope if w.strip()]
    kept_scope = [w for w in scope if w in text.lower()]
    check.dropped_quotes += len(hedges) - len(kept) + len(scope) - len(kept_scope)
    subjects = answer.subjects.strip().lower()
    return ClaimReading(
        strength=min(3, max(0, int(strength))),
        hedges=kept,
        subjects=subjects if subjects in _SUBJECTS else "unknown",  # type: ignore[arg-type]  # checked against _SUBJECTS: a Subjects
        species=[s.strip().lower() for s in answer.species if s.strip() and s.strip().lower() in text.lower()],
        scope=sorted(set(kept_scope)),
    )


def _role(span: Span, article: Article) -> ClaimRole:
    if article.headline_span is not None and span.start == article.headline_span.start:
        return "headline"
    lede = lede_sentence(article)
    if lede is not None and lede.start == span.start:
        return "lede"
    sentence = next((s for s in article.sentences if s.start == span.start), None)
    return "quote" if sentence is not None and sentence.in_quote else "finding"


def claim_record(
    judgement: ClaimJudgement, claim: Claim, article: Article, paper: Paper, profile: StudyProfile
) -> tuple[ClaimRecord, int]:
    """The model's reading of one claim in the same shape as the rules' (caveat.core.models.Claim), verified like
    its flags: the abstract sentence it names must be in the abstract verbatim, or the claim keeps no evidence;
    hedge, scope and species words must be in the sentence they are said to come from. Returns the claim and the
    number of quotes dropped."""
    check = ReadingCheck()
    evidence: Evidence | None = None
    quoted = judgement.abstract_sentence.strip()
    if quoted:
        found = find_verbatim(quoted, paper.abstract)
        if found is None:
            check.dropped_quotes += 1
        else:
            evidence = Evidence(kind="abstract", start=found.start, end=found.end, text=found.text,
                                note="the sentence the language model aligned the claim with")
    mine = _reading(judgement.article_reading, judgement.article_strength, claim.span.text, check)
    theirs = (_reading(judgement.abstract_reading, judgement.abstract_strength, evidence.text, check)
              if evidence is not None else None)
    strength = theirs.strength if theirs is not None else None
    record = ClaimRecord(
        id=f"claim-llm:{claim.span.start}-{claim.span.end}",
        role=_role(claim.span, article),
        text=claim.span.text,
        article_span=Span(start=claim.span.start, end=claim.span.end, text=claim.span.text),
        evidence=evidence,
        evidence_role="model" if evidence is not None else "",
        article=mine,
        paper=theirs,
        differences=differences(mine, theirs, profile, strength),
        engine="llm",
    )
    return record, check.dropped_quotes


def merge_claims(rules: list[ClaimRecord], model: list[ClaimRecord]) -> list[ClaimRecord]:
    """Both engines' claims in reading order, the model's reading right after the rules' for the same sentence,
    so the page can show the two readings of one claim side by side."""
    return sorted([*rules, *model], key=lambda c: (c.article_span.start, c.engine != "rules"))
