"""preprint: the paper is a preprint, reviewed preprint or conference abstract and the article hides it.

It fires when the article calls the paper published or peer reviewed, or never labels it at all; it does not fire
when the article says "preprint", "not yet peer reviewed", "reviewed preprint", names a preprint server, or (for a
conference abstract) says it was presented at a meeting. The flag points at the sentence that calls the paper
published when there is one, because that is the sentence to fix; otherwise at the first citation or the lede.
"""

from __future__ import annotations

import re

from caveat.analysis.spans import find_in, lede_sentence, make_flag, metadata_evidence
from caveat.core.models import Evidence, Flag, Paper, Span
from caveat.rules._status import status_evidence
from caveat.rules.context import CheckContext
from caveat.rules.declaration import CheckDeclaration, Example

__all__ = ["LABEL", "check"]

_PREPRINT = Paper(
    title="Nasal spray shortens colds: a preprint",
    journal="medRxiv",
    status="preprint",
    abstract="In 300 adults with a cold, a saline nasal spray shortened symptoms by one day.",
)
DECLARATION = CheckDeclaration(
    id="preprint",
    severity="medium",
    items=(4,),
    summary="a preprint or reviewed preprint called published, or never labelled",
    title="A study not yet checked by other scientists, presented as if it had been",
    todo="Say the paper is a preprint that has not been peer reviewed.",
    compares="article vs paper status",
    fires=(Example("Spray shortens colds\n\nA saline nasal spray shortened colds by a day, according to a study "
                   "published this week.", _PREPRINT),),
    does_not_fire=(Example("Spray shortens colds\n\nA saline nasal spray shortened colds by a day, according to a "
                           "preprint that has not yet been peer reviewed.", _PREPRINT),),
)

_UNREVIEWED = {"preprint", "reviewed-preprint", "conference-abstract"}
LABEL = re.compile(
    r"\bpre-?prints?\b|\bnot (?:yet )?(?:been )?(?:formally )?peer[- ]reviewed\b|\bhas(?:n[’']t| not) (?:yet )?been "
    r"(?:peer[- ])?reviewed\b|\byet to be (?:peer[- ])?reviewed\b|\bawaiting peer review\b|\bunreviewed\b|"
    r"\bnon-peer-reviewed\b|\b(?:medRxiv|bioRxiv|arXiv|SSRN|Research Square|ChemRxiv|PsyArXiv|OSF Preprints)\b|"
    r"\bconference abstract\b|\bmeeting abstract\b|\bpresented (?:at|to) (?:the|a|an)\b|\bnot yet (?:been )?published"
    r"(?: in a (?:peer-reviewed )?journal)?\b|\bversion of record\b|"
    r"\b(?:has|have|had)(?: not|n[’']t)(?: yet)? (?:undergone|gone through|passed|been through) "
    r"(?:formal )?peer[- ]review|"
    r"\b(?:before|without|ahead of|prior to|pending|undergoing|still under|awaiting) (?:formal )?peer[- ]review\b|"
    r"\b(?:is|are|was|were) (?:still |currently )?(?:being|under) (?:peer[- ])?review(?:ed)?\b|"
    r"\bnot (?:yet )?(?:been )?(?:reviewed|vetted|checked) by (?:other|independent|outside) (?:scientists|experts|"
    r"researchers|peers)\b|\byet to (?:be published|appear) in a (?:peer[- ]reviewed )?journal\b|"
    r"\bsubmitted (?:for|to) (?:peer[- ]review|publication)\b|\bunpublished\b|\bpre-publication\b",
    re.IGNORECASE,
)
"""The article says the paper is not (yet) peer reviewed, in any of the usual spellings and phrasings."""
_CLAIMS_PUBLISHED = re.compile(
    r"\b(?:published|peer[- ]reviewed|appears? in the journal|appeared in the journal|reported in the journal)\b",
    re.IGNORECASE,
)
_OLDER_WORK = re.compile(
    r"\b(?:previous(?:ly)?|earlier|prior|another|older|last year|in (?:19|20)\d\d|a (?:19|20)\d\d (?:study|paper)|"
    r"(?:had|have|has) (?:already )?(?:been )?published|years ago|a decade ago)\b",
    re.IGNORECASE,
)
"""A sentence about other, older work: its 'published' says nothing about this paper."""
_INTRODUCES_STUDY = re.compile(r"\b(?:an?|this)\s+(?:[\w’'-]+\s+){0,2}?(?:study|paper|preprint|analysis|report|"
                               r"research)\b", re.IGNORECASE)
_KIND = {"preprint": "a preprint, not peer reviewed", "reviewed-preprint": "a reviewed preprint (not yet the "
         "version of record)", "conference-abstract": "a conference abstract, not a peer-reviewed paper"}


_WORDING = {"preprint": "posted as a preprint, not yet peer reviewed",
            "reviewed-preprint": "posted as a reviewed preprint (reviewed, but not yet the final version)",
            "conference-abstract": "presented as a conference abstract, not yet peer reviewed"}


def _introduction(ctx: CheckContext) -> Span | None:
    """Where the story introduces the study ('A new study reveals ...'), else its first citation, else the lede:
    the place where 'a preprint, not yet peer reviewed' belongs."""
    for sentence in ctx.article.sentences[1:] if ctx.article.headline_span else ctx.article.sentences:
        if not sentence.in_quote and _INTRODUCES_STUDY.search(sentence.text):
            return sentence
    return ctx.citations[0].span if ctx.citations else lede_sentence(ctx.article)


def check(ctx: CheckContext) -> list[Flag]:
    """One flag: at the 'published' sentence, else the first citation, else the lede."""
    paper = ctx.paper
    if paper is None:
        return []
    status = paper.status if paper.status != "unknown" else ctx.profile.peer_review
    if status not in _UNREVIEWED:
        return []
    if LABEL.search(ctx.article.text):
        return []
    kind = _KIND[status]
    evidence: list[Evidence | None] = [status_evidence(ctx, status, f"the paper is {kind}")]
    if paper.doi:
        evidence.append(metadata_evidence("doi", paper.doi, "the DOI the article cites"))
    for sentence in ctx.article.sentences:
        if _OLDER_WORK.search(sentence.text):
            continue
        for start, end, m in find_in(_CLAIMS_PUBLISHED, sentence):
            message = f"The article says '{m.group(0)}' but the paper is {kind}; say so."
            return [make_flag("preprint", ctx.article, start, end, severity="medium", message=message,
                              evidence=evidence, confidence=0.85,
                              suggestion=f"Replace '{m.group(0)}' with wording such as '{_WORDING[status]}'.")]
    target = _introduction(ctx)
    if target is None:
        return []
    message = f"The paper is {kind}, and the article never says so."
    return [make_flag("preprint", ctx.article, target.start, target.end, severity="medium", message=message,
                      evidence=evidence, confidence=0.7,
                      suggestion=f"Add that the study is {kind}.")]
