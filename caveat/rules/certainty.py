"""certainty: a finding the paper hedges ("may", "suggests", "consistent with") reported as settled.

The comparison is claim to evidence (caveat.analysis.claims): each of the story's claims about the study is aligned
with the abstract sentence that states the same finding, and only when THAT sentence is hedged does the story's
certainty count as an overclaim. Abstracts often say "we show that" for a measured result and "may" only for its
meaning, so comparing with the abstract as a whole would flag faithful reporting. A claim that keeps a hedge of its
own ("could be the answer", "candidate galaxies") is fine. Certainty shows in two ways: a booster ("proves", "has
been shown", "it's official"), or a bald statement of the finding in the headline, the lede or a sentence that
reports what was found ("have found six galaxies") — the second only when the claim matches its evidence closely.
Quotes count when the speaker is one of the study's own people (the story chose to print their certainty).

For an eLife paper the journal's own grade of the evidence is compared too (caveat.rules._assessment): a strength
term raised above the assessment's ("compelling" for "incomplete"), or an incomplete or inadequate grade the story
never mentions.
"""

from __future__ import annotations

import re

from caveat.analysis.alignment import overlap
from caveat.analysis.claims import WEAK_HEDGE, claims_for, this_study
from caveat.analysis.language import booster_spans, certainty_hedge_spans, hedge_spans
from caveat.analysis.profile import abstract_sentences
from caveat.analysis.spans import abstract_evidence, make_flag
from caveat.core import limits
from caveat.core.models import Claim, Evidence, Flag, Paper
from caveat.core.text import clip_around
from caveat.rules._assessment import omitted_weak_grade, upgraded_terms
from caveat.rules.context import CheckContext
from caveat.rules.declaration import CheckDeclaration, Example

__all__ = ["CERTAIN", "check"]

_WALKING = Paper(
    title="Walking after meals and blood sugar in older adults",
    abstract="We measured blood sugar in 220 older adults who walked for ten minutes after meals. These results "
             "suggest that walking after meals may lower blood sugar in older adults.",
)
DECLARATION = CheckDeclaration(
    id="certainty",
    severity="medium",
    items=(4,),
    summary="a hedged finding reported as certain",
    title="A tentative finding reported as settled fact",
    todo="Keep the paper's hedge ('may', 'suggests') in the sentence.",
    compares="article claim vs paper conclusion",
    judge_hint="a hedged finding (may, suggests, is linked to) reported as settled (proves, will, shows that).",
    fires=(Example("Walk after dinner\n\nThe study proves that walking after meals lowers blood sugar in older "
                   "adults.", _WALKING),),
    does_not_fire=(Example("Walk after dinner\n\nWalking after meals may lower blood sugar in older adults, the "
                           "study suggests.", _WALKING),),
)

_EFFECT_VERBS = (r"cure|prevent|stop|end|treat|reverse|halt|beat|save|transform|revolutioni[sz]e|eliminate|"
                 r"protect|reduce|lower|cut|slow|improve|help|work|fix|solve|extend|boost|repay")
CERTAIN = re.compile(r"\bwill (?:\w+ly )?(?:" + _EFFECT_VERBS + r")\b", re.IGNORECASE)
"""A promise in the future tense; the other boosters live in caveat.analysis.language (booster_spans)."""
_MIN_OVERLAP = 0.25
"""Share of a booster sentence's content words the evidence must share: below it, not the same finding."""
_MIN_BALD_ALIGNMENT = 0.25
"""A bald statement has no cue word, so it must share the specific (rare) terms of its hedged evidence."""
_BALD_ROLES = {"headline", "lede", "finding", "conclusion"}
_SUCCESS = re.compile(
    r"\b(?:(?:have|has|had)\s+(?:now\s+|finally\s+)?(?:found|discovered|made|created|built|shown|proven|"
    r"identified|confirmed|achieved|solved|cracked)|finally|succeeded|managed\s+to|can\s+(?:now\s+)?\w+|"
    r"is\s+all\s+it\s+takes)\b",
    re.IGNORECASE,
)
"""A plain success verb: the finding stated as achieved."""
_HEDGED_FORM = {
    "prove": "suggest", "proves": "suggests", "proven": "suggested", "proved": "suggested",
    "is the answer": "may be part of the answer", "the answer to": "a possible answer to",
    "definitely": "", "conclusively": "", "without doubt": "", "without a doubt": "", "absolutely": "",
}


def _softened(cue: str) -> str:
    low = cue.lower()
    if low in _HEDGED_FORM:
        return _HEDGED_FORM[low]
    if low.startswith("will "):
        return "may " + cue[5:]
    if low.endswith(" that"):
        return "suggests that"
    return "suggests" if " " not in low else ""


_ATTRIBUTED = re.compile(
    r"\b(?:(?:a|the|this|new|British|American|[A-Z]\w+)\s+)?(?:study|paper|research|researchers|scientists|team|"
    r"authors)\s+(?:says?|said|suggests?|finds?|found|reports?|reported|argues?|claims?)\b|\baccording to\b",
    re.IGNORECASE,
)
"""'..., a study says': the claim is given as the study's, not as settled fact (enough for a bald statement)."""
_ASSOCIATION_CUE = re.compile(r"associat|link|tied|correlat|connect", re.IGNORECASE)
_WEAK_HEDGE = WEAK_HEDGE
_MIN_FALLBACK_OVERLAP = 0.2
_MIN_OPENING_FALLBACK_OVERLAP = 0.1


def _cue(claim: Claim) -> tuple[int, int] | None:
    """The certain words of the claim (relative to it): a booster, a promise, or for a bald claim its success verb."""
    text = claim.text
    found = booster_spans(text) + [(m.start(), m.end()) for m in CERTAIN.finditer(text)]
    if found:
        return min(found)
    if claim.role not in _BALD_ROLES or _ATTRIBUTED.search(text):
        return None
    if claim.article.strength == 1 and _ASSOCIATION_CUE.search(claim.article.strength_cue):
        return None  # an association stated as one is the faithful form; its certainty is not the question
    if m := _SUCCESS.search(text):
        return m.start(), m.end()
    if claim.role in {"headline", "lede"} and claim.article.strength >= 1:
        return 0, len(text)  # a bare headline that states a relationship; 'Walk after dinner' states none
    return None


def _counts(claim: Claim) -> bool:
    """The claim speaks for the study: the writer's own words, or a quote from the study's own people."""
    if claim.role == "quote":
        return claim.speaker == "affiliated"
    return claim.role != "advice"


def _hedged_evidence(claim: Claim, ctx: CheckContext, bald: bool) -> tuple[Evidence, str] | None:
    """The hedged abstract sentence the claim is compared with, and its hedge; None when the paper is not hedged
    about this finding. A booster with no aligned sentence falls back to a hedged conclusion on the same topic."""
    if claim.evidence is not None and claim.paper is not None and claim.evidence_role != "article":
        hedges = [h for h in claim.paper.hedges if not _WEAK_HEDGE.match(h)]
        if bald:
            if hedges and claim.alignment >= _MIN_BALD_ALIGNMENT and claim.evidence_role in {"result", "conclusion"}:
                return claim.evidence, hedges[0]
            return None
        if hedges and max(claim.alignment, overlap(claim.text, claim.evidence.text)) >= _MIN_OVERLAP:
            return claim.evidence, hedges[0]
        return None  # aligned with a sentence that states this finding without a hedge
    if bald:
        return None
    least = _MIN_OPENING_FALLBACK_OVERLAP if claim.role in {"headline", "lede"} else _MIN_FALLBACK_OVERLAP
    candidates = [c.span for c in ctx.profile.conclusions]
    sentences = abstract_sentences(ctx.paper)
    if sentences and all(c.start != sentences[-1].start for c in candidates):
        candidates.append(sentences[-1])  # an abstract's last sentence is its take-home message more often than not
    for span in candidates:
        text = span.text
        hedged_at = [(a, b) for a, b in certainty_hedge_spans(text) if not _WEAK_HEDGE.match(text[a:b])]
        if hedged_at and overlap(claim.text, text) >= least:
            a, b = hedged_at[0]
            return abstract_evidence(span, "the paper's conclusion"), text[a:b]
    return None


def _flag(ctx: CheckContext, claim: Claim, cue: tuple[int, int], evidence: Evidence | None, hedge: str,
          bald: bool) -> Flag:
    a, b = cue
    word = claim.text[a:b]
    who = "the study team's quote" if claim.role == "quote" else "the article"
    suggestion = ""
    if evidence is None:
        message = (f"{who.capitalize()} says '{word}', but the paper's abstract states no such finding; "
                   f"ask for the source or cut the certainty.")
    elif bald:
        message = (f"The paper puts this finding with a hedge ('{hedge}') but {who} states it as settled; "
                   f"keep the paper's caution.")
    else:
        message = f"The paper hedges this finding ('{hedge}') but {who} says '{word}'; keep the paper's caution."
        soft = _softened(word)
        if soft:  # the sentence with the softer word, cut to the clause around it when the sentence is long
            rewritten = re.sub(r"\s{2,}", " ", claim.text[:a] + soft + claim.text[b:]).strip()
            at = max(0, len(re.sub(r"\s{2,}", " ", claim.text[:a]).lstrip()))
            suggestion = clip_around(rewritten, at, at + len(soft), limits.SUGGESTION_CHARS)
    confidence = 0.4 if evidence is None else (0.5 if bald or claim.role == "quote" else 0.65)
    start = claim.article_span.start
    return make_flag("certainty", ctx.article, start + a, start + b, severity="medium", message=message,
                     evidence=[evidence], suggestion=suggestion, confidence=confidence)


def _against_the_article(ctx: CheckContext) -> list[Flag]:
    """Without a paper: a booster where the article's own account of the study ('the study suggests') is hedged.

    Only boosters count here (a bald statement is too weak a signal against a second-hand account), and the
    confidence is low: the editor should check the paper.
    """
    flags: list[Flag] = []
    for claim in claims_for(ctx.article, None, ctx.profile, ctx.aligner):
        if not _counts(claim) or claim.evidence is None or claim.paper is None or hedge_spans(claim.text):
            continue
        if not this_study(claim):
            continue
        found = booster_spans(claim.text) + [(m.start(), m.end()) for m in CERTAIN.finditer(claim.text)]
        hedges = [h for h in claim.paper.hedges if not _WEAK_HEDGE.match(h)]
        if not found or not hedges:
            continue
        a, b = min(found)
        word = claim.text[a:b]
        message = (f"The article itself reports the study's finding with a hedge ('{hedges[0]}') but says '{word}' "
                   f"here; check the paper and keep its caution.")
        start = claim.article_span.start
        flags.append(make_flag("certainty", ctx.article, start + a, start + b, severity="medium", message=message,
                               evidence=[claim.evidence], confidence=0.45))
    return flags


def check(ctx: CheckContext) -> list[Flag]:
    """Flag claims stated as settled whose aligned abstract sentence is hedged, and eLife's strength grade raised or
    left out (caveat.rules._assessment)."""
    graded = upgraded_terms(ctx, "strength") or omitted_weak_grade(ctx)  # an upgrade already says the grade
    taken = {f.id for f in graded}
    return graded + [f for f in _against_the_paper(ctx) if f.id not in taken]


def _against_the_paper(ctx: CheckContext) -> list[Flag]:
    paper = ctx.paper
    if paper is None or not paper.abstract:
        return _against_the_article(ctx)
    flags: list[Flag] = []
    for claim in claims_for(ctx.article, paper, ctx.profile, ctx.aligner):
        if not _counts(claim) or hedge_spans(claim.text):
            continue
        cue = _cue(claim)
        if cue is None:
            continue
        bald = not (booster_spans(claim.text) or CERTAIN.search(claim.text))
        found = _hedged_evidence(claim, ctx, bald)
        if found is not None:
            flags.append(_flag(ctx, claim, cue, found[0], found[1], bald))
        elif claim.role == "quote" and not bald and claim.evidence is None:
            # the study team's certainty about a finding the abstract never states
            flags.append(_flag(ctx, claim, cue, None, "", bald))
    return flags
