"""missing-stage-caveat: an early-stage result (animal, cell, model, phase 1, pilot) told without saying how early.

The caveat may sit anywhere in the story, the last paragraph included: a desk that puts "trials are still needed"
at the end has still told the reader. Quotes count too (an author saying "this is years away" is a caveat). The
check needs the study's stage: from the paper's profile, or, with no paper, from what the article itself says
("a study in mice"; see caveat.analysis.article_study), then with a lower confidence.
"""

from __future__ import annotations

import re

from caveat.analysis.lexicon import LAB_DESIGNS
from caveat.analysis.spans import headline_sentence, lede_sentence, make_flag
from caveat.core.models import Flag, Paper
from caveat.rules.context import CheckContext
from caveat.rules.declaration import CheckDeclaration, Example

__all__ = ["CAVEAT", "check"]

_MICE = Paper(
    title="Compound LT-4 restores hair growth in balding mice",
    abstract="In mice with induced hair loss, the compound LT-4 restored hair growth within three weeks.",
)
DECLARATION = CheckDeclaration(
    id="missing-stage-caveat",
    severity="medium",
    items=(4,),
    summary="an early-stage result with no word that it is untested in people",
    title="An early result with no word on how far it is from use in people",
    compares="article",
    fires=(Example("Hair regrown in mice\n\nThe compound LT-4 restored hair growth in balding mice within three "
                   "weeks.", _MICE),),
    does_not_fire=(Example("Hair regrown in mice\n\nThe compound LT-4 restored hair growth in balding mice. It has "
                           "not been tested in people, and human trials would be needed first.", _MICE),),
)

_EARLY = {"preclinical", "phase 1", "pilot"}
CAVEAT = re.compile(
    r"\b(?:clinical |human |further |larger |more )?(?:trials?|studies|testing|tests|research|work)\b"
    r"[^.]{0,40}\b(?:are|is|will be|would be|remain|still)?\s*(?:still\s+)?(?:needed|necessary|required|"
    r"warranted|planned|to come)\b"
    r"|\bneed(?:s|ed)? to be (?:further )?(?:tested|confirmed|evaluated|replicated|studied|validated|trialled|"
    r"trialed)\b"
    r"|\b(?:not|never) (?:yet |been )*(?:been )?(?:tested|tried|shown|proven|confirmed|studied|trialled|trialed)"
    r" (?:\w+ ){0,2}(?:in|on) (?:people|humans|patients|a human)"
    r"|\b(?:untested|unproven) in (?:people|humans|patients)\b"
    r"|\byears? (?:away|off|from (?:the clinic|being|use|approval))\b|\bdecades? away\b"
    r"|\b(?:a )?(?:long|some) way (?:off|from)\b|\bearly[- ]stage\b|\btoo early\b|\bearly days\b"
    r"|\bpreliminary\b|\bwhether (?:the )?(?:\w+ ){0,6}(?:works?|appl(?:y|ies)|translates?|holds?)"
    r" (?:\w+ ){0,2}(?:in|to) (?:people|humans|patients)\b"
    r"|\bbefore (?:it|the (?:treatment|drug|approach|therapy|device)|this|they) (?:could|can|would|will) be "
    r"(?:used|tested|given|offered|prescribed|approved)\b"
    r"|\bneeds? to be (?:done|completed|conducted|carried out)\b|\bmore (?:research|work|studies) (?:is |are )?needed\b"
    r"|\b(?:rarely|seldom|not always|don[’']t always|do not always|often fail to|may not|might not)\s+(?:\w+\s+){0,2}?"
    r"(?:work(?:ing)?|translate|apply|pan out|carry over) (?:\w+ ){0,2}?(?:in|to) (?:humans|people|patients)\b"
    r"|\b(?:only|so far) (?:\w+ ){0,4}?(?:in|on) (?:lab )?(?:mice|rats|animals|cells|the lab|a dish)\b"
    r"|\bnot (?:yet )?(?:available|approved)\b|\b(?:results|findings) in (?:mice|animals|rats|cells) "
    r"(?:do not|don[’']t|often fail to|may not|might not) (?:always )?(?:translate|carry over|apply)",
    re.IGNORECASE,
)


def check(ctx: CheckContext) -> list[Flag]:
    """Flag the headline (or lede) of an early-stage story that nowhere says how early it is."""
    profile = ctx.profile
    early = profile.stage in _EARLY or profile.design in LAB_DESIGNS
    if not early:
        return []
    if CAVEAT.search(ctx.article.text):
        return []
    target = headline_sentence(ctx.article) or lede_sentence(ctx.article)
    if target is None:
        return []
    stage = profile.stage if profile.stage != "unknown" else profile.design
    message = (f"This is a {stage} result, and the story never says it is untested in people, that trials are "
               f"still needed, or how far away use is.")
    suggestion = ("Add a line such as: 'The treatment has not yet been tested in people; clinical trials would be "
                  "needed.'")
    return [make_flag("missing-stage-caveat", ctx.article, target.start, target.end, severity="medium",
                      message=message, evidence=[profile.stage_evidence or profile.design_evidence],
                      suggestion=suggestion, confidence=0.75 if ctx.paper is not None else 0.6)]
