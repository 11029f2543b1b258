"""animal-to-human: a result in animals, cells or a computer model presented as if it applied to people.

The paper's subjects are compared with the subject of each claim (caveat.analysis.claims). Readers take away the
headline and the first sentence, so those are read most closely:
- a sentence that carries the result to people explicitly ("obese humans might benefit", "patients could regrow
  teeth") is flagged even when it also names the species: the reader is told both, and believes the second;
- a sentence that promises a human outcome (a drug, a cure, a disease prevented) without saying where the result
  came from is flagged unless the other opening sentence says it ("in mice", "in the lab");
- anywhere in the story, a claim whose subject is patients or people, aligned with a result the abstract reports
  in cells or animals (a potency in a dish told as what it does in patients), is flagged.
A condition ("if the effect holds true for humans") is a caveat, not a promise.
"""

from __future__ import annotations

import re

from caveat.analysis.claims import claims_for, qualified, read
from caveat.analysis.lexicon import ANIMAL_QUALIFIER, HUMAN_PROMISE, LAB_DESIGNS, LAB_SUBJECTS
from caveat.analysis.profile import abstract_sentences
from caveat.analysis.spans import make_flag
from caveat.core import limits
from caveat.core.models import Claim, Evidence, Flag, Paper, Span, StudyProfile
from caveat.core.text import clip_around
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
    todo="Say who or what was studied (for example 'in mice') where the claim is made.",
    compares="article vs study subjects",
    judge_hint="a result in animals, cells or a computer model presented as if it applied to people.",
    fires=(Example("New pill brings relief to arthritis sufferers\n\nA compound called QR-7 could ease painful "
                   "joints, researchers say.", _RATS),),
    does_not_fire=(Example("Compound eases swollen joints in rats\n\nA compound called QR-7 reduced joint swelling "
                           "in rats with arthritis, researchers say.", _RATS),),
)

_CARRIED_TO_PEOPLE = re.compile(
    r"\b(?:humans?|people|patients?|men|women|children|adults|sufferers|the elderly|you)\b(?:\W+\w+){0,3}?\W+"
    r"(?:(?:might|could|may|would|will|can|should)\s+(?:\w+\s+)?)?(?:benefit|be helped|be treated|be cured|"
    r"live longer|regrow|grow back|recover|be protected|get relief)\w*",
    re.IGNORECASE,
)
"""The result carried to people in so many words: people as the subject of a benefit. 'Could one day treat X in
patients' after a headline that says 'in lab-grown cells' is a hope the reader can place, and is left alone."""
_CONDITION = re.compile(r"(?:\b(?:if|whether|until|unless|before|not|no|never|yet to|remains? to be seen)\b|n't\b)"
                        r"[^.;]*$", re.IGNORECASE)
"""A condition or a denial before the words ('if it holds for humans', 'not yet tested in people')."""
_PATIENT_SUBJECT = re.compile(r"\b(?:patients?|people with|sufferers|those with)\b", re.IGNORECASE)
_RESULT_VERB = re.compile(
    r"\b(?:killed|kills|blocked|blocks|stopped|stops|prevented|prevents|cured|cures|reversed|reverses|cleared|"
    r"clears|shrank|shrinks|protected|protects|restored|restores|improved|improves|reduced|reduces|neutrali[sz]ed)\b",
    re.IGNORECASE,
)
_PEOPLE_STUDIED = re.compile(r"\b(?:participants|patients|volunteers|adults|children|women|men|people|cohort|"
                             r"trial|respondents)\b", re.IGNORECASE)
_MIN_BODY_ALIGNMENT = 0.25


def _lab_subjects(profile: StudyProfile, paper: Paper | None) -> tuple[str, list[str]] | None:
    """(subjects, species) when the study was not in people: the profile's, else the abstract's own words when the
    profile could not tell and the abstract names a species or cells and no people studied."""
    if profile.design in LAB_DESIGNS or profile.subjects in LAB_SUBJECTS:
        subjects = profile.subjects if profile.subjects in LAB_SUBJECTS else (
            "cells" if profile.design == "in vitro" else "none" if profile.design == "computer model" else "animals")
        return subjects, list(profile.species)
    if paper is None or profile.design not in {"other", "unknown"} or profile.subjects == "people":
        return None
    reading = read(paper.title + " " + paper.abstract)
    after_background = " ".join(s.text for s in abstract_sentences(paper)[1:])  # the opening is often context
    if reading.subjects in {"animals", "cells"} and not _PEOPLE_STUDIED.search(after_background):
        return reading.subjects, reading.species
    return None


def _where(subjects: str, species: list[str]) -> str:
    if species:
        return f"in {species[0]}"
    if subjects == "cells":
        return "in cells in the lab"
    if subjects == "none":
        return "in a computer model"
    return "in animals"


def _suggest(text: str, where: str, is_headline: bool) -> str:
    """The claim with where the study was done added; a long claim is cut to the clause around the addition."""
    if is_headline and ":" in text:
        head, rest = text.split(":", 1)
        return clip_around(f"{head} {where}:{rest}", len(head), len(head) + len(where) + 1, limits.SUGGESTION_CHARS)
    body = text.rstrip()
    end = body[-1] if body[-1:] in {".", "!", "?"} else ""
    core = body[: len(body) - len(end)] if end else body
    full = f"{core}, {where}{end}" if not is_headline else f"{core} ({where.removeprefix('in ')} study)"
    return clip_around(full, len(core), len(full), limits.SUGGESTION_CHARS)


def _carried(text: str) -> re.Match[str] | None:
    """The words that carry the result to people, unless they sit inside a condition ('if it holds for humans')."""
    for m in _CARRIED_TO_PEOPLE.finditer(text):
        if not _CONDITION.search(text[: m.start()]):
            return m
    return None


def _opening_promise(claim: Claim, other_qualified: bool, computer_model: bool) -> tuple[str, str] | None:
    """(words, why) when a headline or lede sentence promises people an outcome the study did not test in them."""
    text = claim.text
    if m := _carried(text):
        return m.group(0), "carries the result to people"
    if qualified(text) or other_qualified or computer_model:
        return None  # a computer model's result is not promised to people by naming an outcome
    if m := HUMAN_PROMISE.search(text):
        return m.group(0), "promises"
    return None


def _body_potency(claim: Claim, subjects: str) -> str | None:
    """A claim with patients as its subject, stating a result the abstract reports in cells or animals."""
    if claim.role in {"headline", "lede", "quote", "advice"} or claim.speaker or ANIMAL_QUALIFIER.search(claim.text):
        return None
    if claim.paper is None or claim.evidence_role not in {"result", "conclusion"}:
        return None
    if claim.alignment < _MIN_BODY_ALIGNMENT or claim.paper.subjects not in {"animals", "cells"} or subjects == "none":
        return None
    m = _PATIENT_SUBJECT.search(claim.text)
    if m is None or not _RESULT_VERB.search(claim.text) or _CONDITION.search(claim.text[: m.start()]):
        return None
    return m.group(0)


def _flag(ctx: CheckContext, claim: Claim, message: str, evidence: list[Evidence | None], where: str,
          confidence: float) -> Flag:
    span: Span = claim.article_span
    return make_flag("animal-to-human", ctx.article, span.start, span.end, severity="high", message=message,
                     evidence=evidence, suggestion=_suggest(claim.text, where, claim.role == "headline"),
                     confidence=confidence - (0.2 if ctx.paper is None else 0.0))


def check(ctx: CheckContext) -> list[Flag]:
    """Flag claims that carry a lab or animal result to people, or promise people an outcome without saying so."""
    profile = ctx.profile
    lab = _lab_subjects(profile, ctx.paper)
    if lab is None:
        return []
    subjects, species = lab
    where = _where(subjects, species)
    evidence = profile.subjects_evidence or profile.design_evidence
    claims = claims_for(ctx.article, ctx.paper, profile, ctx.aligner)
    opening = [c for c in claims if c.role in {"headline", "lede"} and not c.speaker]
    flags: list[Flag] = []
    for claim in opening:
        others_qualified = any(qualified(o.text) for o in opening if o.id != claim.id)
        found = _opening_promise(claim, others_qualified, subjects == "none")
        if found is None:
            continue
        words, why = found
        place = "headline" if claim.role == "headline" else "opening sentence"
        message = (f"The {place} {why} ('{words}') but the study was {where}; "
                   f"say so before readers assume it works in people.")
        flags.append(_flag(ctx, claim, message, [evidence], where, 0.9 if claim.role == "headline" else 0.8))
    for claim in claims:
        who = _body_potency(claim, subjects)
        if who is None:
            continue
        message = (f"'{who}' is the subject here, but the abstract reports this result {where}; "
                   f"say where it was found.")
        flags.append(_flag(ctx, claim, message, [claim.evidence, evidence], where, 0.6))
    return flags
