"""retracted: the paper is retracted or carries an expression of concern, and the article reports it as valid.

Reporting a retracted paper is fine when the story is about the retraction, so any mention of retraction,
withdrawal or an expression of concern clears the check. The flag points at the sentence that cites the paper,
where a note that it has since been retracted belongs; without one, at the headline (or lede), since the whole
story rests on a finding the record no longer stands behind.
"""

from __future__ import annotations

import re

from caveat.analysis.spans import headline_sentence, lede_sentence, make_flag
from caveat.core.models import Flag, Paper, Span
from caveat.rules._status import status_evidence
from caveat.rules.context import CheckContext
from caveat.rules.declaration import CheckDeclaration, Example

__all__ = ["check"]

_RETRACTED = Paper(
    title="Vitamin Q and memory in older adults",
    status="retracted",
    abstract="Older adults who took vitamin Q scored higher on memory tests.",
)
DECLARATION = CheckDeclaration(
    id="retracted",
    severity="high",
    items=(4,),
    summary="a retracted paper (or one with an expression of concern) reported as valid",
    title="A retracted (withdrawn) study reported as if it still stands",
    todo="Report the retraction or expression of concern, or drop the story.",
    compares="paper status",
    fires=(Example("Vitamin sharpens memory\n\nOlder adults who took vitamin Q did better on memory tests.",
                   _RETRACTED),),
    does_not_fire=(Example("Memory study withdrawn\n\nThe journal has retracted a study that linked vitamin Q to "
                           "better memory.", _RETRACTED),),
)

_MENTIONS = re.compile(
    r"\bretract\w*|\bwithdrawn\b|\bwithdrew\b|\bexpression of concern\b|\bconcerns? (?:about|over|regarding) "
    r"(?:the|its|their) (?:data|findings|results|integrity|images)|\bunder investigation\b|\bdiscredited\b",
    re.IGNORECASE,
)
_KIND = {"retracted": "has been retracted", "expression-of-concern": "carries an expression of concern"}


_CITES = re.compile(r"\b(?:published|appeared|reported) (?:\w+ ){0,3}?in\b|\bin the journal\b|\bdoi\b",
                    re.IGNORECASE)


def _citing_sentence(ctx: CheckContext) -> Span | None:
    """The sentence that cites the paper ('In a paper published in the journal X'): where '(since retracted)' goes.
    The first citation found, else the first sentence that says where the paper appeared."""
    if ctx.citations:
        span = ctx.citations[0].span
        return next((s for s in ctx.article.sentences if s.start <= span.start < s.end), span)
    return next((s for s in ctx.article.sentences if not s.in_quote and _CITES.search(s.text)), None)


def check(ctx: CheckContext) -> list[Flag]:
    paper = ctx.paper
    if paper is None:
        return []
    status = ctx.profile.peer_review if ctx.profile.peer_review in _KIND else paper.status
    if status not in _KIND or _MENTIONS.search(ctx.article.text):
        return []
    target = _citing_sentence(ctx) or headline_sentence(ctx.article) or lede_sentence(ctx.article)
    if target is None:
        return []
    kind = _KIND[status]
    return [make_flag("retracted", ctx.article, target.start, target.end, severity="high",
                      message=f"The paper {kind}, and the article reports its findings as valid.",
                      evidence=[status_evidence(ctx, status, f"the paper {kind}")],
                      suggestion="Do not run the story as news of a finding; report the retraction or drop it.",
                      confidence=0.95)]
