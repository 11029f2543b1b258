"""sample-size: a small or narrow sample generalised without telling the reader how small or narrow it is.

Small means fewer than 30 people, or fewer than 15 animals; narrow means one hospital, one school, one site or
one country's volunteers at a single centre. The article clears the check by giving the number (digits or words)
or by saying the study was small, a pilot, or done at a single site. The flag points at the headline (or lede),
the place where the finding is generalised. When the abstract gives no count, the study profile reads it from the
methods (caveat.analysis.profile), and a single site named only in the methods counts too: the flag then cites the
methods sentence and its section (people only: where an animal study's mice were housed is no sample).

Three narrower cases, each stated only with facts the profile verified: a study under 60 people whose later part
kept only a small subgroup, told with no count of people at all (the flag points at the sentence that describes
who took part); a study of older people stretched to younger ones or to all ages in the writer's words; and a case
report, which is one patient and is cleared by any story that tells it as one person's case.
"""

from __future__ import annotations

import re

from caveat.analysis.fulltext import find_sentence, fulltext_evidence
from caveat.analysis.profile import abstract_sentences
from caveat.analysis.spans import abstract_evidence, headline_sentence, lede_sentence, make_flag
from caveat.core.models import Evidence, Flag, Paper
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
    todo="Say how many and who were studied before generalising.",
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
_DOSE_SITE = re.compile(r"\b(?:inject\w*|administer\w*|appl(?:ied|y)|implant\w*|deliver\w*|placed|infus\w*)\b"
                        r"[^.]{0,40}\b(?:a single|one)\s+(?:\w+\s+)?site\b", re.IGNORECASE)
"""Where a drug went in ('injected at a single site') is not where the study was done."""
_SAID_SMALL = re.compile(
    r"\bsmall (?:\w+ )?(?:study|sample|trial|group|number)\b|\bpilot\b|\bonly \d+|\bjust \d+|"
    r"\bhandful of (?:people|participants|patients|volunteers|subjects|adults|children|students)\b|"
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


_NO_COUNT_LIMIT = 60
"""A study this small, with a much smaller subgroup, is small enough that a story giving no count misleads."""
_PEOPLE_COUNT = re.compile(
    r"\b(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a dozen|dozens|hundreds|"
    r"thousands)\s+(?:(?!groups?\b|of\b|sets?\b|teams?\b)[a-z-]+\s+){0,2}(?:people|participants|volunteers|"
    r"students|adults|subjects|patients|women|men|children|users)\b",
    re.IGNORECASE,
)
_WHO_TOOK_PART = re.compile(
    r"\b(?:groups? of (?:people|participants|volunteers|students|adults)|participants|volunteers|"
    r"(?:recruited|enrolled|asked|had) (?:\w+ ){0,3}(?:people|students|adults|volunteers))\b",
    re.IGNORECASE,
)
_STRETCH_AGE = re.compile(
    r"\byounger (?:people|adults|patients|brains|men|women|ones)\b|\bpeople of all ages\b|\bat any age\b|"
    r"\b(?:of|at) all ages\b|\bwhatever (?:your|their) age\b",
    re.IGNORECASE,
)
_UNKNOWN_FRAME = re.compile(r"\bwhether\b|\bnot (?:yet )?(?:known|clear|tested|studied)\b|\bunclear\b|"
                            r"\bonly (?:in|among|tested)\b", re.IGNORECASE)
_ONE_PERSON = re.compile(r"\b(?:a|one|the|this)\s+(?:\d+-year-old\s+|single\s+|\w+\s+)?(?:man|woman|patient|"
                         r"person|boy|girl|case)\b", re.IGNORECASE)


def _flag(ctx: CheckContext, start: int, end: int, what: str, evidence: Evidence | None, conf: float,
          message: str = "") -> Flag:
    return make_flag("sample-size", ctx.article, start, end, severity="medium",
                     message=message or f"The study had {what}, and the story generalises without saying so.",
                     evidence=[evidence] if evidence is not None else [],
                     suggestion=f"Say how small or narrow the study was (it had {what}).", confidence=conf)


def _stretched_age(ctx: CheckContext) -> list[Flag]:
    """A study of older people told as applying to younger people or every age, in the writer's own words."""
    profile = ctx.profile
    if not profile.population or profile.subjects != "people":
        return []
    for sent in ctx.article.sentences:
        m = _STRETCH_AGE.search(sent.text)
        if m is None or sent.in_quote or _UNKNOWN_FRAME.search(sent.text):
            continue
        pop = profile.population
        who = f"only people {pop}" if re.match(r"(?:aged|over|above|older than)\b", pop, re.I) else f"only {pop}"
        message = (f"The study included {who}; this sentence carries the finding to '{m.group(0)}', whom it "
                   f"did not study.")
        return [_flag(ctx, sent.start, sent.end, who, profile.population_evidence, 0.6, message)]
    return []


def _uncounted_subgroup(ctx: CheckContext) -> list[Flag]:
    """A small study whose later part kept a small subgroup, told with no count of people anywhere."""
    profile = ctx.profile
    n, sub = profile.sample_size, profile.subgroup_size
    if profile.subjects != "people" or n is None or sub is None or n >= _NO_COUNT_LIMIT or sub >= _SMALL_PEOPLE:
        return []
    text = ctx.article.text
    if _PEOPLE_COUNT.search(text) or _SAID_SMALL.search(text) or _states_number(text, n):
        return []
    where = next((s for s in ctx.article.sentences if not s.in_quote and _WHO_TOOK_PART.search(s.text)), None)
    target = where or headline_sentence(ctx.article) or lede_sentence(ctx.article)
    if target is None:
        return []
    what = f"{n} people, only {sub} of them in its later part"
    flag = _flag(ctx, target.start, target.end, what, profile.sample_evidence, 0.6,
                 f"The study had {what}, and the story never says how many people took part.")
    sub_ev = profile.subgroup_evidence
    if sub_ev is not None and (profile.sample_evidence is None or sub_ev.start != profile.sample_evidence.start):
        flag = flag.model_copy(update={"evidence": [*flag.evidence, sub_ev]})
    return [flag]


def _small_or_narrow(ctx: CheckContext) -> list[Flag]:
    profile, paper = ctx.profile, ctx.paper
    assert paper is not None
    n = profile.sample_size
    if profile.design == "case report" and _ONE_PERSON.search(ctx.article.text):
        return []  # the story tells it as one person's case
    small = n is not None and (
        (profile.subjects == "people" and n < _SMALL_PEOPLE)
        or (profile.subjects == "animals" and n < _SMALL_ANIMALS)
    )
    narrow = next((s for s in abstract_sentences(paper) if _NARROW.search(s.text) and not _DOSE_SITE.search(s.text)),
                  None)
    narrow_ev = abstract_evidence(narrow, "a narrow sample") if narrow is not None else None
    if narrow_ev is None and profile.subjects == "people" and \
            (found := find_sentence(paper, ("methods",), _NARROW, _DOSE_SITE)) is not None:
        narrow_ev = fulltext_evidence(found, "a narrow sample (from the methods)")
    if not small and narrow_ev is None:
        return []
    text = ctx.article.text
    if _SAID_SMALL.search(text) or (small and n is not None and _states_number(text, n)):
        return []
    target = headline_sentence(ctx.article) or lede_sentence(ctx.article)
    if target is None:
        return []
    if small and n is not None:
        who = "people" if profile.subjects == "people" else ", ".join(profile.species) or "animals"
        what = "one patient" if n == 1 and profile.subjects == "people" else f"only {n} {who}"
        return [_flag(ctx, target.start, target.end, what, profile.sample_evidence, 0.7)]
    return [_flag(ctx, target.start, target.end, "a single site", narrow_ev, 0.7)]


def check(ctx: CheckContext) -> list[Flag]:
    """One flag at most: a small or narrow sample, else a small subgroup never counted, else an age band stretched."""
    if ctx.paper is None or not ctx.paper.abstract:
        return []
    return _small_or_narrow(ctx) or _uncounted_subgroup(ctx) or _stretched_age(ctx)
