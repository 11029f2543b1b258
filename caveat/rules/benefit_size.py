"""benefit-size: a benefit given only in relative or vague terms, with no absolute numbers anywhere in the story.

"Halves the risk" can mean 2 in 100 down to 1 in 100 or 40 down to 20; readers cannot tell without the
absolute figures. One absolute statement anywhere in the story ("from 4 in 100 to 2 in 100", "percentage
points", "absolute risk") clears the check. Lab and animal studies are left out: how much a biomarker fell in
mice is not the benefit a reader weighs, and animal-to-human handles the real problem there.
"""

from __future__ import annotations

import re

from caveat.analysis.alignment import best_evidence
from caveat.analysis.lexicon import LAB_DESIGNS, LAB_SUBJECTS
from caveat.analysis.spans import make_flag
from caveat.core.models import Flag
from caveat.rules.context import CheckContext
from caveat.rules.declaration import CheckDeclaration, Example

__all__ = ["ABSOLUTE", "RELATIVE", "check"]

DECLARATION = CheckDeclaration(
    id="benefit-size",
    severity="low",
    items=(2,),
    summary="benefits only in relative or vague terms",
    title="A benefit given only as 'halves the risk', not as how many people gain",
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
    r"massively|vastly)\s+(?:reduc|lower|cut|improv|increas|boost|decreas|slash|extend)\w*"
    r"|\b\d+(?:\.\d+)?\s?(?:%|per ?cent)\s+(?:lower|higher|reduction|less|more|fewer|drop|increase|decrease|"
    r"reduced|greater|smaller|improvement|decline)\b"
    r"|\b(?:lower|reduce|reduced|reduces|cut|cuts|raise|raised|raises|increase|increased|increases)\s+(?:the\s+|"
    r"their\s+)?(?:\w+\s+)?risk\s+(?:\w+\s+){0,4}?by\s+(?:up\s+to\s+|about\s+|around\s+|nearly\s+|almost\s+)?"
    r"(?:\d+(?:\.\d+)?\s?(?:%|per ?cent)|half|a third|a quarter|two-thirds)"
    r"|\b\d+(?:\.\d+)?-fold\b|\b(?:twice|three times|four times|\d+ times) (?:as likely|more likely|less likely)\b"
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


def check(ctx: CheckContext) -> list[Flag]:
    """One flag per sentence with a relative or vague benefit, when the story gives no absolute numbers."""
    profile = ctx.profile
    if profile.design in LAB_DESIGNS or profile.subjects in LAB_SUBJECTS:
        return []
    if ABSOLUTE.search(ctx.article.text):
        return []
    flags: list[Flag] = []
    for sentence in ctx.article.sentences:
        m = RELATIVE.search(sentence.text)
        if m is None:
            continue
        start, end = sentence.start + m.start(), sentence.start + m.end()
        evidence = best_evidence(sentence.text, ctx.paper, ctx.aligner) if ctx.paper is not None else None
        flags.append(make_flag(
            "benefit-size", ctx.article, start, end, severity="low",
            message=f"'{m.group(0)}' gives the benefit only in relative or vague terms; readers need absolute "
                    f"numbers.",
            evidence=[evidence], suggestion="Add the absolute figures, e.g. 'from 4 in 100 people to 2 in 100'.",
            confidence=0.7 if not sentence.in_quote else 0.55))
    return flags
