"""causal-claim: cause-and-effect wording for a finding the paper reports as an association, or as a weaker claim.

Sumner et al. (2014) found this the commonest exaggeration: "linked to" in the paper, "causes" in the story. The
check compares each of the writer's sentences about the finding (enough content words shared with the abstract)
with the paper's own conclusion on the 0-3 scale. It stays quiet for experiments (randomised trials, animal and
cell experiments) except where the abstract itself reports a finding as an association: randomisation licenses
causal wording about the tested outcome, and a lab experiment's causal result is real where it was measured;
overreach to people is the animal-to-human check's job and dropped hedges are the certainty check's. The headline
and lede, where exaggeration does most harm, are read with a wider net (any causal verb but "affects"; one shared
content word with the abstract) than body sentences (strong causal verbs only; a quarter of their content words
in the paper's conclusion). It also stays quiet when the paper's conclusion strength is 0 or unknown: with no
stated claim there is nothing to exceed, and a guess would flag every "reduces" in the story.
"""

from __future__ import annotations

import re

from caveat.analysis.alignment import best_evidence, overlap
from caveat.analysis.language import causal_spans, claim_strength
from caveat.analysis.spans import abstract_evidence, headline_sentence, lede_sentence, make_flag
from caveat.core.models import Evidence, Flag, Paper, Sentence
from caveat.rules.context import CheckContext
from caveat.rules.declaration import CheckDeclaration, Example

__all__ = ["check"]

_TEA = Paper(
    title="Tea drinking and hip fracture in older adults: a cohort study",
    abstract="We followed 9,000 adults aged over 60 for eight years. Daily tea drinking was associated with fewer "
             "hip fractures.",
)
DECLARATION = CheckDeclaration(
    id="causal-claim",
    severity="high",
    items=(4,),
    summary="causal words for an association, or a claim stronger than the paper's conclusion (0-3 scale)",
    title="A link between two things written as cause and effect",
    compares="article claim vs paper conclusion",
    judge_hint="causal wording for a finding the study reports as an association, or any claim stronger on the "
               "0-3 scale than the abstract's own conclusion.",
    fires=(Example("Tea prevents hip fractures\n\nDrinking tea every day prevents hip fractures in older adults, "
                   "a study of 9,000 people found.", _TEA),),
    does_not_fire=(Example("Tea drinkers had fewer hip fractures\n\nDaily tea drinking was linked to fewer hip "
                           "fractures in a study of 9,000 older adults.", _TEA),),
)

_EXPERIMENTS = {"randomised controlled trial", "animal experiment", "in vitro"}
_STRONG_CUE = re.compile(
    r"^(?:caus|prevent|lead|led|boost|cut|protect|trigger|result|reduc|lower|rais|increas|decreas|improv|halv|"
    r"doubl|worsen|promot|eliminat|inhibit|induc)",
    re.IGNORECASE,
)
_MIN_OVERLAP = 0.25
"""Share of a body sentence's content words found in the paper's conclusion: below it, the sentence is about
something else (background, another study)."""
_MIN_OPENING_OVERLAP = 0.1
"""The headline and lede are about the study by definition; one shared content word in ten is enough there."""
_GENERIC_CUE = re.compile(r"^(?:affect|alter|effect|benefit|contribut)", re.IGNORECASE)


def _counts(cue: str, strength: int, is_opening: bool) -> bool:
    """Strong cause-and-effect verbs count everywhere; any causal verb but the vaguest counts in the opening."""
    verb = cue.split()[-1 if strength == 2 else 0]
    if is_opening:
        return not _GENERIC_CUE.match(verb)
    return bool(_STRONG_CUE.match(verb))


_SOFTER = {3: "is linked to", 2: "may"}


def _flag(
    ctx: CheckContext,
    sentence: Sentence,
    a: int,
    b: int,
    reported: str,
    evidence: list[Evidence | None],
    softer: str,
    confidence: float,
) -> Flag:
    """One causal-claim flag on the cue at [a, b) of the sentence: what the paper reports instead, and its words."""
    cue = sentence.text[a:b]
    return make_flag(
        "causal-claim",
        ctx.article,
        sentence.start + a,
        sentence.start + b,
        severity="high",
        message=f"'{cue}' states cause and effect, but the paper reports {reported}.",
        evidence=evidence,
        suggestion=f"Use the paper's wording: '{softer}' rather than '{cue}'.",
        confidence=confidence,
    )


_ASSOCIATION = re.compile(r"\b(?:associat|correlat|linked)\w*", re.IGNORECASE)
"""An experiment's abstract says 'associated' when it means it; a comparison ('greater numbers than controls')
describes the model, and flagging a story's 'caused by ageing' against it would be a false alarm."""
_MIN_EXPERIMENT_OVERLAP = 0.15
"""Inside an experiment, a sentence is compared with the one abstract sentence it matches best; this much overlap
(with the causal word itself among the shared words rarely) is enough when that sentence is an association."""


def _experiment_associations(ctx: CheckContext) -> list[Flag]:
    """In an experiment only the manipulated outcome is causal: a finding the abstract itself reports as an
    association (say, behaviour that went with cell loss in both groups) stated as a cause is still an overclaim."""
    paper = ctx.paper
    assert paper is not None
    flags: list[Flag] = []
    for sentence in ctx.article.sentences:
        if sentence.in_quote:
            continue
        cues = [
            (a, b, s) for a, b, s in causal_spans(sentence.text) if s == 3 and _counts(sentence.text[a:b], s, False)
        ]
        if not cues:
            continue
        evidence = best_evidence(sentence.text, paper, ctx.aligner)
        if evidence is None or overlap(sentence.text, evidence.text) < _MIN_EXPERIMENT_OVERLAP:
            continue
        if claim_strength(evidence.text) != 1 or not _ASSOCIATION.search(evidence.text):
            continue
        a, b, _ = cues[0]
        flags.append(
            _flag(
                ctx,
                sentence,
                a,
                b,
                "this finding as an association, even within its experiment",
                [evidence],
                "is linked to",
                0.6,
            )
        )
    return flags


def check(ctx: CheckContext) -> list[Flag]:
    """Flag the strongest causal cue of each writer's sentence that outruns the paper's conclusion."""
    profile, paper = ctx.profile, ctx.paper
    if paper is None or not paper.abstract:
        return []
    if profile.design in _EXPERIMENTS:
        return _experiment_associations(ctx)
    paper_strength = profile.conclusion_strength
    if not paper_strength:
        return []
    conclusion_text = " ".join(c.span.text for c in profile.conclusions) + " " + paper.title
    opening = {s.index for s in (headline_sentence(ctx.article), lede_sentence(ctx.article)) if s is not None}
    flags: list[Flag] = []
    for sentence in ctx.article.sentences:
        if sentence.in_quote:
            continue
        is_opening = sentence.index in opening
        cues = [
            (a, b, s)
            for a, b, s in causal_spans(sentence.text)
            if s >= 2 and _counts(sentence.text[a:b], s, is_opening)
        ]
        if not cues:
            continue
        a, b, strength = max(cues, key=lambda c: c[2])
        if strength <= paper_strength:
            continue
        about = (
            overlap(sentence.text, paper.abstract + " " + paper.title) >= _MIN_OPENING_OVERLAP
            if is_opening
            else overlap(sentence.text, conclusion_text) >= _MIN_OVERLAP
        )
        if not about:
            continue
        evidence = best_evidence(sentence.text, paper, ctx.aligner)
        conclusion = profile.conclusions[0].span if profile.conclusions else None
        ev: list[Evidence | None] = [evidence]
        if conclusion is not None and (evidence is None or evidence.start != conclusion.start):
            ev.append(abstract_evidence(conclusion, f"the paper's conclusion, strength {paper_strength}"))
        kind = "an association" if paper_strength == 1 else "a possible effect"
        reported = f"{kind} (claim strength {strength} vs the paper's {paper_strength})"
        flags.append(
            _flag(
                ctx,
                sentence,
                a,
                b,
                reported,
                ev,
                _SOFTER.get(paper_strength, "is linked to"),
                0.75 if paper_strength == 1 else 0.6,
            )
        )
    return flags
