"""harms: a drug, device or procedure story that never mentions side effects, risks or harms.

HealthNewsReview's harms criterion: every intervention has some, and a story that is silent about them leaves
readers with half the picture. A story counts as an intervention story when the study profile names an
intervention, or when the story itself keeps returning to one (at least two intervention words, one of them in
the headline or lede). "Reduces the risk of stroke" is a benefit, not a harm, so "risk" only counts as a harms
mention when it is not the object of a reduction.
"""

from __future__ import annotations

import re

from caveat.models import Article, Evidence, Flag, Sentence, StudyProfile
from checks._context import CheckContext
from checks._lexicon import INTERVENTION_WORD
from checks._spans import abstract_evidence, body_sentences, headline_sentence, lede_sentence, make_flag
from checks.profile import abstract_sentences

__all__ = ["HARMS_WORDS", "check", "intervention_story", "mentions_harms"]

HARMS_WORDS = re.compile(
    r"\bside[- ]effects?\b|\badverse\b|\bharms?\b|\bharmful\b|\bsafety\b|\bunsafe\b|\bsafe\b|\btoxic\w*|"
    r"\bcomplications?\b|\bdangers?\b|\bdangerous\b|\bdownsides?\b|\bdrawbacks?\b|\btolerat\w*|\brisky\b|"
    r"\bbleeding\b|\bnausea\b|\ballergic\b|\bcontraindicat\w*|\bwarnings?\b",
    re.IGNORECASE,
)
_RISK = re.compile(r"\brisks?\b", re.IGNORECASE)
_REDUCED = re.compile(r"\b(?:reduc|lower|cut|halv|decreas|slash|drop|less|lesser)\w*\s+(?:\w+\s+){0,3}$", re.I)


def mentions_harms(text: str) -> bool:
    """A harms word, or 'risk' that is not the object of a reduction ('cuts the risk of stroke' is a benefit)."""
    if HARMS_WORDS.search(text):
        return True
    return any(not _REDUCED.search(text[max(0, m.start() - 40):m.start()]) for m in _RISK.finditer(text))


def intervention_story(article: Article, profile: StudyProfile) -> bool:
    """True for a story about a drug, device or procedure (see the module docstring)."""
    if profile.intervention:
        return True
    opening = [s for s in (headline_sentence(article), lede_sentence(article)) if s is not None]
    mentions = sum(len(INTERVENTION_WORD.findall(s.text)) for s in article.sentences)
    return mentions >= 2 and any(INTERVENTION_WORD.search(s.text) for s in opening)


def _target(article: Article, profile: StudyProfile) -> Sentence | None:
    name = profile.intervention.split("(")[0].strip().lower()
    for sentence in body_sentences(article):
        if name and name in sentence.text.lower():
            return sentence
    opening = [s for s in (headline_sentence(article), lede_sentence(article)) if s is not None]
    return next((s for s in opening if INTERVENTION_WORD.search(s.text)), opening[0] if opening else None)


def check(ctx: CheckContext) -> list[Flag]:
    """One flag at the first sentence naming the intervention, when no sentence mentions harms."""
    article, profile = ctx.article, ctx.profile
    if not intervention_story(article, profile) or mentions_harms(article.text):
        return []
    target = _target(article, profile)
    if target is None:
        return []
    what = profile.intervention or "the intervention"
    evidence: list[Evidence | None] = []
    if ctx.paper is not None and profile.intervention:
        name = profile.intervention.split("(")[0].strip()
        sent = next((s for s in abstract_sentences(ctx.paper) if name in s.text), None)
        if sent is not None:
            evidence.append(abstract_evidence(sent, f"intervention: {profile.intervention}"))
    return [make_flag("harms", article, target.start, target.end, severity="medium",
                      message=f"The story is about {what} but never mentions side effects, risks or harms.",
                      evidence=evidence,
                      suggestion=f"Add what is known about the side effects and risks of {what}.",
                      confidence=0.75)]
