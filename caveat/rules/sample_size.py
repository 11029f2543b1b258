"""sample-size: a small or narrow sample generalised without telling the reader how small or narrow it is.

Small means fewer than 30 people, or fewer than 15 animals; narrow means one hospital, one school, one site or
one country's volunteers at a single centre. The article clears the check by giving the number (digits or words)
or by saying the study was small, a pilot, or done at a single site. The flag points at the headline (or lede),
the place where the finding is generalised.
"""

from __future__ import annotations

import re

from caveat.analysis.profile import abstract_sentences
from caveat.analysis.spans import abstract_evidence, headline_sentence, lede_sentence, make_flag
from caveat.core.models import Flag, Paper
from caveat.rules.context import CheckContext
from caveat.rules.declaration import CheckDeclaration, Example

__all__ = ["check"]

_SMALL = Paper(
    title="Cold showers and mood: a study of 16 volunteers",
    abstract="Sixteen volunteers at one university took cold showers for four weeks. Their mood scores improved.",
)
DECLARATION = CheckDeclaration(
    id="sample-size",
    severity="medium",
    items=(4,),
    summary="a small or narrow sample generalised without saying so",
    title="A small or narrow study presented as if it applies to everyone",
    compares="article vs abstract",
    judge_hint="a small or narrow sample generalised to everyone without saying so.",
    fires=(Example("Cold showers lift your mood\n\nTaking cold showers improves mood, researchers have found.",
                   _SMALL),),
    does_not_fire=(Example("Cold showers lift mood in small study\n\nSixteen students who took cold showers for a "
                           "month reported better mood, researchers found.", _SMALL),),
)

_SMALL_PEOPLE = 30
_SMALL_ANIMALS = 15
_NARROW = re.compile(
    r"\b(?:a single|one)\s+(?:\w+\s+)?(?:hospital|centre|center|clinic|school|site|university|practice|"
    r"care home|nursing home|ward|company|workplace)\b|\bsingle-(?:centre|center|site|institution)\b",
    re.IGNORECASE,
)
_SAID_SMALL = re.compile(
    r"\bsmall (?:\w+ )?(?:study|sample|trial|group|number)\b|\bpilot\b|\bhandful\b|\bonly \d+|\bjust \d+|"
    r"\bsingle[- ](?:centre|center|site|hospital|clinic|school)\b|"
    r"\bone (?:hospital|clinic|school|centre|center|site)\b|"
    r"\bsmall-scale\b|\bfew (?:participants|patients|people|volunteers)\b|\blimited (?:sample|number)\b",
    re.IGNORECASE,
)
_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine",
          10: "ten", 11: "eleven", 12: "twelve", 13: "thirteen", 14: "fourteen", 15: "fifteen", 16: "sixteen",
          17: "seventeen", 18: "eighteen", 19: "nineteen", 20: "twenty"}


def _states_number(text: str, n: int) -> bool:
    if re.search(rf"(?<![\d,.]){n}(?![\d,])", text):
        return True
    word = _WORDS.get(n)
    return bool(word and re.search(rf"\b{word}\b", text, re.IGNORECASE))


def check(ctx: CheckContext) -> list[Flag]:
    profile, paper = ctx.profile, ctx.paper
    if paper is None or not paper.abstract:
        return []
    n = profile.sample_size
    small = n is not None and (
        (profile.subjects == "people" and n < _SMALL_PEOPLE)
        or (profile.subjects == "animals" and n < _SMALL_ANIMALS)
    )
    narrow = next((s for s in abstract_sentences(paper) if _NARROW.search(s.text)), None)
    if not small and narrow is None:
        return []
    text = ctx.article.text
    if _SAID_SMALL.search(text) or (small and n is not None and _states_number(text, n)):
        return []
    target = headline_sentence(ctx.article) or lede_sentence(ctx.article)
    if target is None:
        return []
    if small:
        who = "people" if profile.subjects == "people" else ", ".join(profile.species) or "animals"
        what = f"only {n} {who}"
        evidence = profile.sample_evidence
    else:
        assert narrow is not None
        what = "a single site"
        evidence = abstract_evidence(narrow, "a narrow sample")
    return [make_flag("sample-size", ctx.article, target.start, target.end, severity="medium",
                      message=f"The study had {what}, and the story generalises without saying so.",
                      evidence=[evidence],
                      suggestion=f"Say how small the study was (it had {what}).",
                      confidence=0.7)]
