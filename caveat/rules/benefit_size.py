"""benefit-size: a benefit given only in relative or vague terms, with no absolute numbers anywhere in the story.

Vague forms count as well as relative ones: intensifiers ("noticeably increased") and comparatives with no figure
beside them ("more pronounced in the yoga group", "even faster than the original"), and a benefit claimed in the
headline or lede ("can improve reading") of a story that gives no figure at all. The intervention itself is not a
benefit ("sharply cutting calories"), and an observational study's comparatives compare associations.

"Halves the risk" can mean 2 in 100 down to 1 in 100 or 40 down to 20; readers cannot tell without the
absolute figures. One absolute statement anywhere in the story ("from 4 in 100 to 2 in 100", "percentage
points", "absolute risk") clears the check. Lab and animal studies are left out: how much a biomarker fell in
mice is not the benefit a reader weighs, and animal-to-human handles the real problem there.
"""

from __future__ import annotations

import re

from caveat.analysis.alignment import best_evidence
from caveat.analysis.lexicon import LAB_DESIGNS, LAB_SUBJECTS
from caveat.analysis.numbers import findings
from caveat.analysis.spans import headline_sentence, lede_sentence, make_flag
from caveat.core.models import Flag, Sentence
from caveat.rules.context import CheckContext
from caveat.rules.declaration import CheckDeclaration, Example

__all__ = ["ABSOLUTE", "RELATIVE", "check"]

DECLARATION = CheckDeclaration(
    id="benefit-size",
    severity="low",
    items=(2,),
    summary="benefits only in relative or vague terms",
    title="A benefit given only as 'halves the risk', not as how many people gain",
    todo="Give absolute numbers (for example '3 in 100 instead of 5 in 100').",
    compares="article",
    judge_hint="a benefit given only in relative or vague terms with no absolute figure.",
    fires=(Example("Statin study\n\nThe pill halves the risk of a second stroke, a trial of 3,000 patients "
                   "found."),),
    does_not_fire=(Example("Statin study\n\nThe pill halves the risk of a second stroke, from 4 in 100 patients to "
                           "2 in 100, a trial of 3,000 patients found."),),
)

RELATIVE = re.compile(
    r"\b(?:halv(?:e|es|ed|ing)|doubl(?:e|es|ed|ing)|slash(?:es|ed)?|cuts?|cutting)\s+(?:the\s+|their\s+|your\s+)?"
    r"(?:\w+\s+)?(?:risk|chance|odds|rate|deaths?|mortality)\b"
    r"|\b(?:significantly|dramatically|drastically|markedly|greatly|substantially|sharply|considerably|hugely|"
    r"massively|vastly|noticeably|notably|much|strongly|remarkably|appreciably)\s+"
    r"(?:reduc|lower|cut|improv|increas|boost|decreas|slash|extend|better|enhanc|faster|quicker)\w*"
    r"|\b(?:more|less)\s+(?:pronounced|marked|effective|striking|efficient)\b"
    r"|\b(?:even\s+|much\s+|far\s+)?(?:better|quicker|faster|greater|stronger|more\s+effective)\s+than\b"
    r"|\b\d+(?:\.\d+)?\s?(?:%|per ?cent)\s+(?:lower|higher|reduction|less|more|fewer|drop|increase|decrease|"
    r"reduced|greater|smaller|improvement|decline)\b"
    r"|\b(?:lower|reduce|reduced|reduces|cut|cuts|raise|raised|raises|increase|increased|increases)\s+(?:the\s+|"
    r"their\s+)?(?:\w+\s+)?risk\s+(?:\w+\s+){0,4}?by\s+(?:up\s+to\s+|about\s+|around\s+|nearly\s+|almost\s+)?"
    r"(?:\d+(?:\.\d+)?\s?(?:%|per ?cent)|half|a third|a quarter|two-thirds)"
    r"|\b\d+(?:\.\d+)?-fold\s+(?:higher|lower|increase[sd]?|reduction|decrease|risk|more|less|greater|"
    r"improvement|drop|rise)\b|\b(?:twice|three times|four times|\d+ times) (?:as likely|more likely|less likely)\b"
    r"|\b(?:big|huge|major|significant|dramatic|substantial) (?:reduction|improvement|benefit|drop|fall)\b",
    re.IGNORECASE,
)
ABSOLUTE = re.compile(
    r"\bfrom\s+(?:about\s+|around\s+)?\d+(?:\.\d+)?\s?(?:%|per ?cent|in\s+\d+|out\s+of\s+\d+|per\s+\d+)[^.]{0,40}?"
    r"\bto\s+(?:about\s+|around\s+)?\d+(?:\.\d+)?"
    r"|\bpercentage points?\b|\babsolute (?:risk|terms|difference|benefit|reduction)\b"
    r"|\bnumber needed to treat\b|\b\d+ (?:in|out of) \d+[^.]{0,60}\b(?:compared with|versus|vs\.?|against)\s+\d+"
    r"(?: (?:in|out of) \d+)?\b",
    re.IGNORECASE,
)


_COMPARATIVE = re.compile(r"\b(?:more|less)\s+(?:pronounced|marked|effective|striking|efficient)\b|\bthan\b",
                          re.IGNORECASE)
_EXPOSURE = re.compile(
    r"\s+(?:(?:back\s+)?(?:on\s+)?(?:their\s+|the\s+|your\s+|daily\s+|dietary\s+|total\s+)?){0,2}(?:calories|calorie|"
    r"intake|consumption|food|sugar|salt|carbs|carbohydrates|fat|meat|alcohol|drinking|smoking|screen\s+time|"
    r"doses?|portions?|eating|spending|emissions)\b", re.IGNORECASE)
_UNQUANTIFIED = re.compile(
    r"(?:\b(?:can|could|may|might|will|to|helps?(?:\s+to)?|does|did)\s+)?\b(?:improv(?:e|es|ed|ing)|boost(?:s|ed|ing)?|"
    r"enhanc(?:e|es|ed|ing)|eas(?:e|es|ed|ing)|reliev(?:e|es|ed|ing)|sharpen(?:s|ed)?|strengthen(?:s|ed)?)\b",
    re.IGNORECASE)
_NEGATED = re.compile(r"\b(?:not|no|never|didn't|doesn't|did not|does not|failed to|without)\b[^.]{0,30}$",
                      re.IGNORECASE)


_FIGURE = re.compile(r"(?<![\w.])(?!(?:19|20)\d\d\b)\d+(?:[.,]\d+)?")
"""Any figure but a year: a comparative next to one ("more pronounced, 2.1 vs 0.9 points") is quantified."""
_OBSERVATIONAL = frozenset({"cohort", "case-control", "cross-sectional", "observational"})


def _relative_claims(ctx: CheckContext) -> list[tuple[Sentence, re.Match[str]]]:
    """Sentences that give an effect in relative or vague terms, with the words that do it.

    A comparative ("more pronounced", "quicker than") counts only in a sentence that gives no figure, and only for
    a study that gave something (in an observational study, "less marked" compares associations, not a benefit);
    a change whose object is the exposure itself ("sharply cutting calories") is what was done, not the benefit.
    """
    observational = ctx.profile.design in _OBSERVATIONAL
    found: list[tuple[Sentence, re.Match[str]]] = []
    for sentence in ctx.article.sentences:
        for m in RELATIVE.finditer(sentence.text):
            if _EXPOSURE.match(sentence.text, m.end()):
                continue
            if _COMPARATIVE.search(m.group(0)) and (observational or _FIGURE.search(sentence.text)):
                continue
            found.append((sentence, m))
            break
    return found


_CHANGE = re.compile(r"\b(?:improv\w*|increas\w*|reduc\w*|decreas\w*|higher|lower|rose|fell|more|less|fewer|better|"
                     r"worse|gain\w*|drop\w*|declin\w*|boost\w*|cut|rais\w*|lost|loss|faster|slower)\b", re.IGNORECASE)
_EFFECT_KINDS = frozenset({"percent", "ratio", "fraction", "fold"})
_STUDY_CLAIM = re.compile(
    r"\b(?:study|research|trial|experiment|findings?|results?|researchers|scientists|team)\s+(?:\w+\s+){0,2}?"
    r"(?:shows?|showed|shown|finds?|found|suggests?|suggested|demonstrat\w+|reveal\w*|reports?|reported)\b",
    re.IGNORECASE)
_NO_EFFECT = re.compile(r"\b(?:placebo|control group|no (?:difference|effect|change)|similar extent|as much as)\b",
                        re.IGNORECASE)


def _gives_effect_size(ctx: CheckContext) -> bool:
    """True when some sentence gives a figure for a change (a percentage, ratio, fraction or multiple beside a word
    of change); a sample size or a background statistic ("20% of pupils leave school") is not an effect size."""
    text = ctx.article.text
    for sentence in ctx.article.sentences:
        quantities = [q for q in findings(text, sentence.start, sentence.end) if q.kind in _EFFECT_KINDS]
        if quantities and _CHANGE.search(sentence.text):
            return True
    return False


def _unquantified_claim(ctx: CheckContext) -> tuple[Sentence, re.Match[str]] | None:
    """A benefit claimed ("can improve", "boosts") in the headline, the lede or as what the study showed ("the study
    showed that tutoring can improve reading"), in a story that gives no figure for the size of any effect. A
    sentence about the placebo or control group, or reporting no difference, claims no benefit."""
    if _gives_effect_size(ctx):
        return None
    opening = {s.index for s in (headline_sentence(ctx.article), lede_sentence(ctx.article)) if s is not None}
    for sentence in ctx.article.sentences:
        if sentence.in_quote or _NO_EFFECT.search(sentence.text):
            continue
        claim = None if sentence.index in opening else _STUDY_CLAIM.search(sentence.text)
        if sentence.index not in opening and claim is None:
            continue
        for m in _UNQUANTIFIED.finditer(sentence.text, claim.end() if claim else 0):
            if not _NEGATED.search(sentence.text[:m.start()]):
                return sentence, m
    return None


def check(ctx: CheckContext) -> list[Flag]:
    """One flag per sentence with a relative or vague effect, when the story gives no absolute numbers; or one at
    an opening benefit claim when the story gives no figure at all."""
    profile = ctx.profile
    if profile.design in LAB_DESIGNS or profile.subjects in LAB_SUBJECTS:
        return []
    if ABSOLUTE.search(ctx.article.text):
        return []
    claims = _relative_claims(ctx)
    flags: list[Flag] = []
    for sentence, m in claims:
        start, end = sentence.start + m.start(), sentence.start + m.end()
        evidence = best_evidence(sentence.text, ctx.paper, ctx.aligner) if ctx.paper is not None else None
        flags.append(make_flag(
            "benefit-size", ctx.article, start, end, severity="low",
            message=f"'{m.group(0).strip()}' gives the size of the effect only in relative or vague terms, and the "
                    f"story gives no absolute numbers.",
            evidence=[evidence], suggestion="Add the absolute figures, e.g. 'from 4 in 100 people to 2 in 100'.",
            confidence=0.7 if not sentence.in_quote else 0.55))
    opening = None if claims else _unquantified_claim(ctx)
    if opening is not None:
        sentence, m = opening
        start, end = sentence.start + m.start(), sentence.start + m.end()
        flags.append(make_flag(
            "benefit-size", ctx.article, start, end, severity="low",
            message=f"The story says '{m.group(0).strip()}' but gives no figure for how large any effect was.",
            suggestion="Say how large the benefit was, in absolute terms.", confidence=0.6))
    return flags
