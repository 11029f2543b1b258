"""harms: a drug, device or procedure story that never mentions side effects, risks or harms.

HealthNewsReview's harms criterion: every intervention has some, and a story that is silent about them leaves
readers with half the picture. A story counts as an intervention story when the study profile names an
intervention, or when the story itself returns to one (at least two intervention words: drug, device,
surgery, treatment...). On the development split of the HealthNewsReview releases, requiring one of them in the
headline or lede missed most of the stories that the reviewers judged on harms, and cost no precision to drop.
"Risk" counts only as the risk OF the intervention ("the risks of surgery", "benefits and risks"): "the risk of
heart disease" is what the treatment is for, and on the development split a story whose only harms word was such a
"risk" was judged unsatisfactory on harms ten times out of eleven. "Safe" and "safety" alone (typically "safe and
effective") are a passing mention: the check still flags, with a message saying so and a lower confidence.
"""

from __future__ import annotations

import re

from caveat.analysis.lexicon import INTERVENTION_WORD
from caveat.analysis.profile import abstract_sentences
from caveat.analysis.spans import abstract_evidence, body_sentences, headline_sentence, lede_sentence, make_flag
from caveat.core.models import Article, Evidence, Flag, Sentence, StudyProfile
from caveat.rules.context import CheckContext
from caveat.rules.declaration import CheckDeclaration, Example

__all__ = ["HARMS_WORDS", "check", "intervention_story", "mentions_harms"]

DECLARATION = CheckDeclaration(
    id="harms",
    severity="medium",
    items=(3,),
    summary="a drug, device or procedure story with no word on side effects or risks",
    title="A treatment story that never mentions side effects or risks",
    compares="article",
    fires=(Example("New drug for gout\n\nA new drug cut gout attacks in a trial. Doctors hope the drug will be "
                   "available next year."),),
    does_not_fire=(Example("New drug for gout\n\nA new drug cut gout attacks in a trial. Doctors hope the drug will "
                           "be available next year, though some patients had side effects such as headaches."),),
)

HARMS_WORDS = re.compile(
    r"\bside[- ]effects?\b|\badverse\b|\bharms?\b|\bharmful\b|\bunsafe\b|\btoxic\w*|"
    r"\bcomplications?\b|\bdangers?\b|\bdangerous\b|\bdownsides?\b|\bdrawbacks?\b|\btolerat\w*|\brisky\b|"
    r"\bbleeding\b|\bnausea\b|\ballergic\b|\bcontraindicat\w*|\bwarnings?\b|"
    r"\b(?:benefits and risks|risks and benefits|risk-benefit)\b|"
    r"\brisks? (?:of|from|with|associated with|linked to) (?:the |this |such |a |an )?(?:\w+ )?(?:treatments?|drugs?|"
    r"surgery|surgeries|procedures?|therap(?:y|ies)|devices?|medications?|vaccines?|operations?|implants?|"
    r"transplants?|radiation|screening|injections?|dos(?:e|es|ing))\b",
    re.IGNORECASE,
)
_PASSING = re.compile(r"\bsafe(?:ty|ly)?\b", re.IGNORECASE)


def mentions_harms(text: str) -> bool:
    """A real harms mention: side effects, adverse events, complications, the risks OF the intervention..."""
    return bool(HARMS_WORDS.search(text))


_MIN_MENTIONS = 2


def intervention_story(article: Article, profile: StudyProfile) -> bool:
    """True for a story about a drug, device or procedure (see the module docstring)."""
    if profile.intervention:
        return True
    mentions = sum(len(INTERVENTION_WORD.findall(s.text)) for s in article.sentences)
    return mentions >= _MIN_MENTIONS


def _target(article: Article, profile: StudyProfile) -> Sentence | None:
    name = profile.intervention.split("(")[0].strip().lower()
    for sentence in body_sentences(article):
        if name and name in sentence.text.lower():
            return sentence
    opening = [s for s in (headline_sentence(article), lede_sentence(article)) if s is not None]
    return next((s for s in opening if INTERVENTION_WORD.search(s.text)), opening[0] if opening else None)


def check(ctx: CheckContext) -> list[Flag]:
    """One flag at the first sentence naming the intervention, when no sentence explains its harms."""
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
    passing = _PASSING.search(article.text)
    if passing:
        message = (f"The story mentions safety only in passing ('{passing.group(0)}') and never says what the side "
                   f"effects or risks of {what} are.")
    else:
        message = f"The story is about {what} but never mentions side effects, risks or harms."
    return [make_flag("harms", article, target.start, target.end, severity="medium", message=message,
                      evidence=evidence, suggestion=f"Add what is known about the side effects and risks of {what}.",
                      confidence=0.55 if passing else 0.75)]
