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
from caveat.core.models import Flag, Paper, StudyProfile
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
    todo="Add a sentence saying it is untested in people or that trials are needed.",
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
    r"|\b(?:need|needs|needed|require|requires) (?:a |an )?(?:\w+,? ){0,3}?(?:trials?|studies|study)\b"
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
    r"(?:do not|don[’']t|often fail to|may not|might not) (?:always )?(?:translate|carry over|apply)"
    r"|\b(?:involved|included|used|had) no (?:human|people|patients)\b|\bno human (?:subjects|participants|"
    r"volunteers|trials?|testing)\b"
    r"|\bif (?:the |this |these |that |it |they )?(?:\w+ ){0,2}(?:holds?|hold true|proves? true|works?|"
    r"translates?|appl(?:y|ies)|(?:is|are) (?:true|confirmed|replicated)) (?:\w+ ){0,2}(?:for|in|to) "
    r"(?:humans|people|patients|a human)\b"
    r"|\b(?:hopes?|hoping|plans?|planning|aims?|aiming|intends?|wants?|expects?) to (?:\w+ ){0,4}?(?:test|try|"
    r"trial|study|start|begin|launch|run|move|bring)\b(?:\s+\w+){0,6}?\s+(?:people|humans|patients|volunteers|"
    r"clinical|the clinic|human trials?)\b"
    r"|\b(?:plans?|planning|hopes?|hoping) (?:for |to (?:run|start|launch|begin|conduct) )?(?:a |an )?(?:\w+ )?"
    r"(?:clinical|human) trials?\b"
    r"|\b(?:efforts?|working|plans?|hopes?|aims?|goal|push(?:es|ing)?) to (?:bring|move|take|translate|carry) "
    r"(?:\w+ ){0,3}?(?:to|into) (?:the clinic|clinics|people|humans|patients|(?:clinical|human) trials?)\b"
    r"|\bnext (?:step|steps|stage) (?:is|are|will be|would be) (?:\w+ ){0,4}?(?:trials?|test\w*|stud\w*) "
    r"(?:\w+ ){0,3}?(?:in )?(?:people|humans|patients)\b",
    re.IGNORECASE,
)
"""A caveat is any statement that the result is not yet about people: 'untested in people', 'trials are needed',
a hope or plan to test it in people ('they hope to test it in patients', 'plans a clinical trial'), or a condition
('if the effect holds true for humans'). Each of these tells the reader how early the work is."""
_BIOMEDICAL = re.compile(
    r"\b(?:disease|disorders?|patients?|treat\w*|therap\w*|drugs?|clinical|infection|infectious|cancer|tumou?rs?|"
    r"symptoms?|health\w*|medic\w*|vaccin\w*|diagnos\w*|syndrome|obes\w*|ag(?:e)?ing|lifespan|longevity|memory|"
    r"brain|blood|cardio\w*|diabet\w*|pain|antibod\w*|virus\w*|viral|inflamm\w*|cognit\w*|mortality|"
    r"neuro\w*|immun\w*|anxi\w*|depress\w*|mental|psychiatr\w*|sleep)\b",
    re.IGNORECASE,
)
"""Words of biomedical work: 'untested in people' is a caveat about medicine, not about a climate model or a
material; a computer model must model a disease or treatment for the check to apply."""
_TREATMENT = re.compile(
    r"\b(?:treat\w*|therap\w*|drugs?|compounds?|antibod\w*|vaccin\w*|prevent\w*|cur(?:e|es|ed|ing)|revers\w*|"
    r"rejuvenat\w*|diets?|dietary|supplement\w*|interventions?|inhibit\w*|protect\w*|restor\w*|regrow\w*|"
    r"regenerat\w*|block\w*|extends? (?:the )?lifespan|ameliorat\w*|gene therapy|gene editing|"
    r"(?:reduc\w*|lower\w*|cut\w*) (?:the )?(?:chances?|risk|odds))\b",
    re.IGNORECASE,
)
"""Something that could one day be offered to people: a lab or animal study of basic biology (how organoids wire
up) is no early treatment, and 'untested in people, trials still needed' would not be true of it."""


def _early(ctx: CheckContext) -> bool:
    """An early-stage biomedical result: animal or cell work, a phase 1 trial or pilot, a model of a disease."""
    profile, paper = ctx.profile, ctx.paper
    if not (profile.stage in _EARLY or profile.design in LAB_DESIGNS):
        return False
    about = f"{paper.title} {paper.abstract}" if paper is not None else ctx.article.text
    if profile.design == "computer model" or (profile.design not in LAB_DESIGNS and profile.subjects != "people"):
        return bool(_BIOMEDICAL.search(about) and _TREATMENT.search(about))
    if profile.design in LAB_DESIGNS:
        # a story told without its paper is judged on the story's own health words, which are broader
        return bool(_TREATMENT.search(about) or (paper is None and _BIOMEDICAL.search(about)))
    return True


def _wording(profile: StudyProfile) -> tuple[str, str]:
    """Message and suggestion by stage: a phase 1 trial was tested in people, so 'untested in people' would be
    false there; what is missing is that it was small, early and (often) uncontrolled."""
    if profile.subjects == "people" and profile.stage in {"phase 1", "pilot"}:
        what = "a phase 1 trial" if profile.stage == "phase 1" else "a pilot study"
        size = f" of {profile.sample_size} people" if profile.sample_size else ""
        return (f"This is {what}{size}, and the story never says it was a small, early study, that larger "
                f"controlled trials are still needed, or how far away use is.",
                "Add a line such as: 'This was a small, early study; larger controlled trials are needed to show "
                "whether the treatment works.'")
    stage = profile.stage if profile.stage != "unknown" else profile.design
    return (f"This is a {stage} result, and the story never says it is untested in people, that trials are "
            f"still needed, or how far away use is.",
            "Add a line such as: 'The treatment has not yet been tested in people; clinical trials would be "
            "needed.'")


def check(ctx: CheckContext) -> list[Flag]:
    """Flag the headline (or lede) of an early-stage story that nowhere says how early it is."""
    profile = ctx.profile
    if not _early(ctx):
        return []
    if CAVEAT.search(ctx.article.text):
        return []
    target = headline_sentence(ctx.article) or lede_sentence(ctx.article)
    if target is None:
        return []
    message, suggestion = _wording(profile)
    return [make_flag("missing-stage-caveat", ctx.article, target.start, target.end, severity="medium",
                      message=message, evidence=[profile.stage_evidence or profile.design_evidence],
                      suggestion=suggestion, confidence=0.75 if ctx.paper is not None else 0.6)]
