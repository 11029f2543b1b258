"""animal-to-human: a result in animals, cells or a computer model presented as if it applied to people.

Readers take away the headline and the first sentence, so those are what this check reads: it fires when they
promise a human outcome (relief, treatment, patients) and neither of them says where the result came from
("in mice", "in the lab"). A qualifier in either the headline or the lede clears both, since the reader has been
told. A later sentence that says "in mice" does not clear them: most readers never get that far.
"""

from __future__ import annotations

from caveat.analysis.lexicon import ANIMAL_QUALIFIER, HUMAN_PROMISE, LAB_DESIGNS, LAB_SUBJECTS
from caveat.analysis.spans import headline_sentence, lede_sentence, make_flag
from caveat.core.models import Flag, Paper, Sentence, StudyProfile
from caveat.rules.context import CheckContext
from caveat.rules.declaration import CheckDeclaration, Example

__all__ = ["check"]

_RATS = Paper(
    title="QR-7 reduces joint swelling in rats with induced arthritis",
    abstract="In rats with induced arthritis, the compound QR-7 reduced joint swelling compared with untreated rats.",
)
DECLARATION = CheckDeclaration(
    id="animal-to-human",
    severity="high",
    items=(4,),
    summary="an animal, cell or computer-model result stated or implied to apply to people",
    title="Animal or lab result written as if it applies to people",
    compares="article vs study subjects",
    judge_hint="a result in animals, cells or a computer model presented as if it applied to people.",
    fires=(Example("New pill brings relief to arthritis sufferers\n\nA compound called QR-7 could ease painful "
                   "joints, researchers say.", _RATS),),
    does_not_fire=(Example("Compound eases swollen joints in rats\n\nA compound called QR-7 reduced joint swelling "
                           "in rats with arthritis, researchers say.", _RATS),),
)


def _where(profile: StudyProfile) -> str:
    if profile.species:
        return f"in {profile.species[0]}"
    if profile.subjects == "cells" or profile.design == "in vitro":
        return "in cells in the lab"
    if profile.design == "computer model":
        return "in a computer model"
    return "in animals"


def _suggest(sentence: Sentence, where: str, is_headline: bool) -> str:
    text = sentence.text
    if is_headline and ":" in text:
        head, rest = text.split(":", 1)
        return f"{head} {where}:{rest}"
    body = text.rstrip()
    end = body[-1] if body[-1:] in {".", "!", "?"} else ""
    core = body[: len(body) - len(end)] if end else body
    return f"{core}, {where}{end}" if not is_headline else f"{core} ({where.removeprefix('in ')} study)"


def check(ctx: CheckContext) -> list[Flag]:
    """Flag the headline and/or lede when they promise human outcomes for a lab or animal study."""
    profile = ctx.profile
    if profile.design not in LAB_DESIGNS and profile.subjects not in LAB_SUBJECTS:
        return []
    head = headline_sentence(ctx.article)
    lede = lede_sentence(ctx.article)
    shown = [s for s in (head, lede) if s is not None]
    if not shown or any(ANIMAL_QUALIFIER.search(s.text) for s in shown):
        return []
    where = _where(profile)
    evidence = profile.subjects_evidence or profile.design_evidence
    flags: list[Flag] = []
    for sentence in shown:
        promise = HUMAN_PROMISE.search(sentence.text)
        if promise is None:
            continue
        is_headline = head is not None and sentence.index == head.index
        place = "headline" if is_headline else "opening sentence"
        message = (f"The {place} promises '{promise.group(0)}' but the study was {where}; "
                   f"say so before readers assume it works in people.")
        flags.append(make_flag("animal-to-human", ctx.article, sentence.start, sentence.end, severity="high",
                               message=message, evidence=[evidence],
                               suggestion=_suggest(sentence, where, is_headline),
                               confidence=(0.9 if is_headline else 0.8) - (0.2 if ctx.paper is None else 0.0)))
    return flags
