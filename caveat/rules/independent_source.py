"""independent-source: every source quoted is the study's own (authors, their team, the journal, the funder).

Both direct quotes and reported speech ("eLife's editors say ...") are sources. The check fires only when at
least one source is affiliated and none is independent: an explicit "who was not involved in the study", or a
named person who is not among the paper's authors, clears it. Without the paper, names cannot be matched, so only
role words ("lead author", "the researchers") mark a source as affiliated; anybody else named in full ("said
Jennifer Wu, an obstetrician") clears the check, since they may well be independent. A bare "she said" or a
surname already introduced as one of the team never decides the outcome.
"""

from __future__ import annotations

import re

from caveat.analysis.quotes import attributions
from caveat.analysis.sources import classify, family_names
from caveat.analysis.spans import article_evidence, make_flag, metadata_evidence
from caveat.core.models import Flag
from caveat.rules.context import CheckContext
from caveat.rules.declaration import CheckDeclaration, Example

__all__ = ["check"]

DECLARATION = CheckDeclaration(
    id="independent-source",
    severity="medium",
    items=(6,),
    summary="only the authors, their institution, the funder or the journal are quoted",
    title="Only the study's own people are quoted: no independent expert",
    compares="article",
    fires=(Example("Sleep app study\n\nAn app improved sleep in a trial. \"We were surprised by how well it "
                   "worked,\" said the lead author, Dr Omar Lindqvist."),),
    does_not_fire=(Example("Sleep app study\n\nAn app improved sleep in a trial. \"We were surprised by how well it "
                           "worked,\" said the lead author, Dr Omar Lindqvist. \"The effect is modest,\" said Dr Ruth "
                           "Achebe, a sleep researcher who was not involved in the study."),),
)

_SPEECH = re.compile(r"^(?:said|says|explains|explained|adds|added|notes|noted|concludes|concluded|commented|"
                     r"told \w+|according to)\s+|\s+(?:said|says|say|told|explained|explains)$", re.IGNORECASE)


def _who(attribution: str) -> str:
    """'explains lead author Dayu Pan, Postdoctoral Fellow...' -> 'lead author Dayu Pan'."""
    head = attribution.split(",")[0]
    return _SPEECH.sub("", head).strip()[:60] or head[:60]


def check(ctx: CheckContext) -> list[Flag]:
    """One flag at the first affiliated source, listing who was quoted."""
    article = ctx.article
    sources = attributions(article.text, [(p.start, p.end) for p in article.paragraphs])
    kinds = [(a, classify(a, ctx.paper)) for a in sources]
    affiliated = [a for a, k in kinds if k == "affiliated"]
    if not affiliated or any(k == "independent" for _, k in kinds):
        return []
    team = set().union(*(family_names(a.text) for a in affiliated))
    if any(family_names(a.text) - team for a, k in kinds if k == "unknown"):
        return []  # somebody else is named in full: without the author list, they may well be independent
    first = affiliated[0]
    names = "; ".join(dict.fromkeys(_who(a.text) for a in affiliated))
    evidence = [article_evidence(article, a.start, a.end, "an affiliated source") for a in affiliated[:5]]
    if ctx.paper is not None and ctx.paper.authors:
        evidence.append(metadata_evidence("authors", ", ".join(ctx.paper.authors), "the paper's authors"))
    return [make_flag("independent-source", article, first.start, first.end, severity="medium",
                      message=f"Every source quoted is part of the study, its institution or its journal "
                              f"({len(affiliated)} found: {names}); no independent expert comments.",
                      evidence=evidence,
                      suggestion="Add a comment from an expert who was not involved in the study.",
                      confidence=0.8 if ctx.paper is not None else 0.6)]
