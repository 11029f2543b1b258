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

from caveat.analysis.alignment import overlap
from caveat.analysis.claims import EXPERIMENTS, OBSERVATIONAL, causal_cues, claims_for, paper_strength, this_study
from caveat.analysis.spans import abstract_evidence, make_flag
from caveat.core.models import Claim, Evidence, Flag, Paper, Span, StudyProfile
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
    todo="Use the paper's own strength of wording: 'linked to', not 'causes'.",
    compares="article claim vs paper conclusion",
    judge_hint="causal wording for a finding the study reports as an association, or any claim stronger on the "
               "0-3 scale than the abstract's own conclusion.",
    fires=(Example("Tea prevents hip fractures\n\nDrinking tea every day prevents hip fractures in older adults, "
                   "a study of 9,000 people found.", _TEA),),
    does_not_fire=(Example("Tea drinkers had fewer hip fractures\n\nDaily tea drinking was linked to fewer hip "
                           "fractures in a study of 9,000 older adults.", _TEA),),
)

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
_INSTRUMENTAL = re.compile(r"^help(?:s|ed|ing)?\s+(?:to\s+)?(?:\w+\s+){0,2}?(?:find|identify|detect|explain|understand|"
                           r"reveal|show|see|spot|map|measure|locate|discover)\b", re.IGNORECASE)
"""'data helps find galaxies': help as a tool, not a treatment's effect."""
_MODAL = re.compile(r"^(?:can|could|may|might|will|would)\s+", re.IGNORECASE)


def _counts(cue: str, strength: int, is_opening: bool) -> bool:
    """Strong cause-and-effect verbs count everywhere; any causal verb but the vaguest counts in the opening."""
    verb = cue.split()[-1 if strength == 2 else 0]
    if is_opening:
        return not _GENERIC_CUE.match(verb)
    return bool(_STRONG_CUE.match(verb))


_SOFTER = {3: "is linked to", 2: "may"}


def _flag(
    ctx: CheckContext,
    sentence: Span,
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


_ASSOCIATION = re.compile(r"\b(?:associat\w*|correlat(?!es\s+of)\w*|linked|links?\s+between|relationships?\s+"
                          r"between|risk\s+factors?|(?:more|less)\s+likely|odds|hazard)", re.IGNORECASE)
"""An experiment's abstract says 'associated' when it means it; a comparison ('greater numbers than controls')
describes the model, and flagging a story's 'caused by ageing' against it would be a false alarm."""
_SUGGESTED = re.compile(r"\bsuggest(?:s|ed|ing)?\b", re.IGNORECASE)
_MIN_EXPERIMENT_ALIGNMENT = 0.2
"""Inside an experiment, a claim is compared with the one result or conclusion sentence it matches; this much of
its (rarity-weighted) words must be shared for that sentence to state the same finding."""
_EVIDENCE_ROLES = {"result", "conclusion"}
"""Background and methods sentences are not the study's finding: an experiment's abstract that opens with an
epidemiological association ('X has been associated with Y') does not make the experiment associational."""


def _experiment_association(ctx: CheckContext, claim: Claim, cue: tuple[int, int, int]) -> Flag | None:
    """In an experiment only the manipulated outcome is causal: a finding the abstract itself reports as an
    association (say, behaviour that went with cell loss in both groups) stated as a cause is still an overclaim."""
    evidence = claim.evidence
    if evidence is None or claim.paper is None or claim.evidence_role not in _EVIDENCE_ROLES:
        return None
    if claim.alignment < _MIN_EXPERIMENT_ALIGNMENT:
        return None
    if claim.paper.strength != 1 or not _ASSOCIATION.search(evidence.text):
        return None
    sentence = claim.article_span
    return _flag(ctx, sentence, cue[0], cue[1], "this finding as an association, even within its experiment",
                 [evidence], "is linked to", 0.6)


def _paper_side(claim: Claim, profile: StudyProfile) -> tuple[int | None, str]:
    """The strength the paper gives this finding, and how to say so truthfully in the message."""
    strength = paper_strength(claim, profile)
    if strength is None:
        return None, ""
    if profile.design in OBSERVATIONAL:
        article = "an" if profile.design[:1] in "aeiou" else "a"
        return 1, f"a finding of {article} {profile.design} study, which can show an association, not a cause"
    if strength == 3 and claim.paper is not None and claim.evidence is not None and _SUGGESTED.search(
            claim.evidence.text):
        strength = 2  # "the data suggest these effects are small": an effect put forward, not shown
    if strength == 1 and not _reports_association(claim, profile):
        return None, ""  # a comparison in an experiment or a computation, or 'correlates of': not an association
    kind = "an association" if strength == 1 else ("a possible effect" if strength == 2 else "")
    return strength, (f"{kind} (claim strength {{mine}} vs the paper's {strength})" if kind else "")


def _reports_association(claim: Claim, profile: StudyProfile) -> bool:
    """The paper's words for this finding (its aligned sentence, else its conclusion) name an association."""
    if claim.paper is not None and claim.paper.strength == 1 and claim.evidence is not None:
        return bool(_ASSOCIATION.search(claim.evidence.text))
    return any(c.strength == 1 and _ASSOCIATION.search(c.span.text) for c in profile.conclusions)


def _about(claim: Claim, paper: Paper, is_opening: bool) -> bool:
    """The claim is about this study's finding: the opening by definition (a few shared words), a body sentence
    only when it matches a result or conclusion of the paper."""
    if is_opening:
        return claim.alignment >= _MIN_OPENING_OVERLAP or overlap(
            claim.text, paper.abstract + " " + paper.title) >= _MIN_OPENING_OVERLAP
    return claim.evidence is not None and claim.evidence_role in _EVIDENCE_ROLES and max(
        claim.alignment, overlap(claim.text, claim.evidence.text)) >= _MIN_OVERLAP


def _cues(claim: Claim, is_opening: bool, least: int) -> list[tuple[int, int, int]]:
    text = claim.text
    return [(a, b, s) for a, b, s in causal_cues(text)
            if s >= least and _counts(text[a:b], s, is_opening) and not _INSTRUMENTAL.match(_MODAL.sub("", text[a:]))]


_RANDOMISED_TYPE = re.compile(r"randomi[sz]ed[\s-]+controlled[\s-]+trial", re.IGNORECASE)


def _randomised(paper: Paper) -> bool:
    """The paper's own publication type says it is a randomised trial, whatever the profile read from the text."""
    return any(_RANDOMISED_TYPE.search(t) for t in paper.publication_types)


def _against_the_article(ctx: CheckContext) -> list[Flag]:
    """Without a paper: a cause stated where the article's own account of the study says 'linked' or 'associated'.

    The article's account is second-hand, so this is only raised at low confidence, for the editor to check.
    """
    flags: list[Flag] = []
    for claim in claims_for(ctx.article, None, ctx.profile, ctx.aligner):
        if claim.role in {"quote", "advice"} or claim.speaker or claim.evidence is None or claim.paper is None:
            continue
        if not this_study(claim):
            continue
        if claim.paper.strength != 1 or not _ASSOCIATION.search(claim.evidence.text):
            continue
        cues = _cues(claim, claim.role in {"headline", "lede"}, 3)
        if not cues:
            continue
        a, b, _ = cues[0]
        start, cue = claim.article_span.start, claim.text[a:b]
        message = (f"'{cue}' states cause and effect, but the article itself reports the study's finding as an "
                   f"association; check the paper.")
        flags.append(make_flag("causal-claim", ctx.article, start + a, start + b, severity="medium", message=message,
                               evidence=[claim.evidence], suggestion=f"Use 'is linked to' rather than '{cue}'.",
                               confidence=0.45))
    return flags


def check(ctx: CheckContext) -> list[Flag]:
    """Flag the strongest causal cue of each of the writer's claims that outruns what the paper says of it."""
    profile, paper = ctx.profile, ctx.paper
    if paper is None or not paper.abstract:
        return _against_the_article(ctx)
    experiment = profile.design in EXPERIMENTS or _randomised(paper)
    flags: list[Flag] = []
    for claim in claims_for(ctx.article, paper, profile, ctx.aligner):
        if claim.role in {"quote", "advice"} or claim.speaker:
            continue  # somebody's words, quoted (even in the opening, where a story may quote what it corrects)
        is_opening = claim.role in {"headline", "lede"}
        if experiment:
            cues = _cues(claim, False, 3)
            flag = _experiment_association(ctx, claim, cues[0]) if cues else None
            if flag is not None:
                flags.append(flag)
            continue
        cues = _cues(claim, is_opening, 2)
        if not cues:
            continue
        a, b, strength = max(cues, key=lambda c: c[2])
        theirs, reported = _paper_side(claim, profile)
        if theirs is None or not reported or strength <= theirs or not _about(claim, paper, is_opening):
            continue
        flags.append(_flag(ctx, claim.article_span, a, b, reported.replace("{mine}", str(strength)),
                           _evidence(claim, profile, theirs), _SOFTER.get(theirs, "is linked to"),
                           0.75 if theirs == 1 else 0.6))
    return flags


def _evidence(claim: Claim, profile: StudyProfile, strength: int) -> list[Evidence | None]:
    """The aligned sentence, then the paper's conclusion (or the design, when the design set the ceiling)."""
    out: list[Evidence | None] = [claim.evidence if claim.evidence_role != "article" else None]
    if profile.design in OBSERVATIONAL and profile.design_evidence is not None:
        out.append(profile.design_evidence)
    conclusion = profile.conclusions[0].span if profile.conclusions else None
    if conclusion is not None and (claim.evidence is None or claim.evidence.start != conclusion.start):
        out.append(abstract_evidence(conclusion, f"the paper's conclusion, strength {profile.conclusion_strength}"))
    return out
