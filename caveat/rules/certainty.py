"""certainty: a finding the paper hedges ("may", "suggests") reported as settled ("proves", "will", "shows that").

The comparison is sentence to sentence: the article's sentence is aligned with the abstract sentence that states
the same finding, and only when THAT sentence is hedged does certain wording count as an overclaim. Abstracts
often say "we show that" for a measured result and "may" only for its meaning, so comparing with the abstract as
a whole would flag faithful reporting. A sentence that keeps a hedge of its own ("could be the answer") is fine.
"""

from __future__ import annotations

import re

from caveat.analysis.alignment import best_evidence, overlap
from caveat.analysis.language import hedge_spans
from caveat.analysis.spans import abstract_evidence, make_flag
from caveat.core.models import Evidence, Flag, Paper
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
    compares="article claim vs paper conclusion",
    judge_hint="a hedged finding (may, suggests, is linked to) reported as settled (proves, will, shows that).",
    fires=(Example("Walk after dinner\n\nThe study proves that walking after meals lowers blood sugar in older "
                   "adults.", _WALKING),),
    does_not_fire=(Example("Walk after dinner\n\nWalking after meals may lower blood sugar in older adults, the "
                           "study suggests.", _WALKING),),
)

_EFFECT_VERBS = (r"cure|prevent|stop|end|treat|reverse|halt|beat|save|transform|revolutioni[sz]e|eliminate|"
                 r"protect|reduce|lower|cut|slow|improve|help|work|fix|solve|extend|boost")
CERTAIN = re.compile(
    r"\bprove[sn]?\b|\bproved\b|\bproof that\b|\b(?:shows?|showed|shown) that\b|\bdemonstrates? that\b|"
    r"\bdemonstrated that\b|\bconfirm(?:s|ed)? that\b|\bis the answer\b|\bthe answer to\b|\bdefinitely\b|"
    r"\bconclusively\b|\bwithout (?:a )?doubt\b|\bestablish(?:es|ed)? that\b|"
    r"\bwill (?:\w+ly )?(?:" + _EFFECT_VERBS + r")\b",
    re.IGNORECASE,
)
_MIN_OVERLAP = 0.25
"""Share of the sentence's content words the abstract sentence must have: below it, not the same finding."""
_HEDGED_FORM = {
    "prove": "suggest", "proves": "suggests", "proven": "suggested", "proved": "suggested",
    "is the answer": "may be part of the answer", "the answer to": "a possible answer to",
    "definitely": "", "conclusively": "", "without doubt": "", "without a doubt": "",
}


def _softened(cue: str) -> str:
    low = cue.lower()
    if low in _HEDGED_FORM:
        return _HEDGED_FORM[low]
    if low.startswith("will "):
        return "may " + cue[5:]
    if low.endswith(" that"):
        return "suggests that"
    return "suggests"


def _compared_with(claim: str, ctx: CheckContext) -> Evidence | None:
    """A hedged conclusion of the paper that states the same finding, else the closest abstract sentence.

    The conclusion comes first because an article's claim is usually the paper's take-home message, and the
    methods sentence that shares the most words ("18 students used an app") says nothing about certainty.
    """
    for conclusion in ctx.profile.conclusions:
        if conclusion.hedged and overlap(claim, conclusion.span.text) >= _MIN_OVERLAP:
            return abstract_evidence(conclusion.span, "the paper's conclusion")
    assert ctx.paper is not None
    evidence = best_evidence(claim, ctx.paper, ctx.aligner)
    if evidence is None or overlap(claim, evidence.text) < _MIN_OVERLAP:
        return None
    return evidence


def check(ctx: CheckContext) -> list[Flag]:
    """Flag certain wording in the writer's sentences whose closest abstract sentence is hedged."""
    paper = ctx.paper
    if paper is None or not paper.abstract:
        return []
    flags: list[Flag] = []
    for sentence in ctx.article.sentences:
        if sentence.in_quote or hedge_spans(sentence.text):
            continue
        m = CERTAIN.search(sentence.text)
        if m is None:
            continue
        evidence = _compared_with(sentence.text, ctx)
        if evidence is None:
            continue
        hedges = hedge_spans(evidence.text)
        if not hedges:
            continue
        hedge = evidence.text[hedges[0][0]:hedges[0][1]]
        cue = m.group(0)
        soft = _softened(cue)
        text = sentence.text
        suggestion = re.sub(r"\s{2,}", " ", text[: m.start()] + soft + text[m.end():]).strip()
        message = f"The paper hedges this finding ('{hedge}') but the article says '{cue}'; keep the paper's caution."
        flags.append(make_flag("certainty", ctx.article, sentence.start + m.start(), sentence.start + m.end(),
                               severity="medium", message=message, evidence=[evidence], suggestion=suggestion,
                               confidence=0.65))
    return flags
