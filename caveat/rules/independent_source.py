"""independent-source: every voice in the story is the study's own (authors, their team or institution, the
paper itself, the journal, the funder, the publisher speaking for its own staff).

Voices come from caveat.analysis.attribution, which resolves each attribution to a speaker across the article
(a surname or a pronoun after a full introduction, a long description before 'said', the study's institution named
in the lede). The check fires only when at least one voice is affiliated and none is independent. It does not decide
when a named person's link to the study cannot be established (no author list, no role, no institution): that is
for the editor, and `undecided` says why, so that the checklist can show it instead of a flag. Outlets ("The
Guardian reports") and unattributed pronouns are not sources of expertise and count neither way.

The flag is a whole-story omission, so it points at the headline (the README's convention), or at the story's
first sentence when no line was recognised as a headline; each affiliated voice is attached as article evidence
with the reason it was read as affiliated.
"""

from __future__ import annotations

from caveat.analysis.attribution import Voice, Voices, read_voices
from caveat.analysis.spans import article_evidence, headline_sentence, make_flag, metadata_evidence
from caveat.core.models import Article, Evidence, Flag, Paper
from caveat.rules.context import CheckContext
from caveat.rules.declaration import CheckDeclaration, Example

__all__ = ["check", "undecided"]

DECLARATION = CheckDeclaration(
    id="independent-source",
    severity="medium",
    items=(6,),
    summary="only the authors, their institution, the funder or the journal are quoted",
    title="Only the study's own people are quoted: no independent expert",
    todo="Add a comment from an expert not involved in the study.",
    compares="article",
    fires=(Example("Sleep app study\n\nAn app improved sleep in a trial. \"We were surprised by how well it "
                   "worked,\" said the lead author, Dr Omar Lindqvist."),),
    does_not_fire=(Example("Sleep app study\n\nAn app improved sleep in a trial. \"We were surprised by how well it "
                           "worked,\" said the lead author, Dr Omar Lindqvist. \"The effect is modest,\" said Dr Ruth "
                           "Achebe, a sleep researcher who was not involved in the study."),),
)



def _listed(voices: list[Voice], limit: int = 4) -> str:
    """'Jane Doe (an author of the paper); the paper itself (the study's own words)', one entry per speaker."""
    seen: dict[str, str] = {}
    for v in voices:
        seen.setdefault(v.speaker, v.reason)
    items = [f"{speaker} ({reason})" for speaker, reason in list(seen.items())[:limit]]
    return "; ".join(items) + (f"; and {len(seen) - limit} more" if len(seen) > limit else "")


def undecided(article: Article, paper: Paper | None, voices: Voices | None = None) -> str | None:
    """Why the check could not decide (for the checklist's 'Editor to check'), or None when it could.

    Cases: nobody is heard at all; or study voices are heard beside named people whose link to the study cannot
    be established.
    """
    voices = voices or read_voices(article, paper)
    if voices.of_role("independent"):
        return None
    unknown = voices.unknown_people()
    if unknown:
        names = ", ".join(dict.fromkeys(v.speaker for v in unknown))
        return (f"Named sources whose link to the study could not be checked: {names}. Check whether any of them "
                "is independent of the study.")
    if not voices.of_role("affiliated"):
        return "Nobody is quoted: check whether an independent expert should be."
    return None


def check(ctx: CheckContext) -> list[Flag]:
    """One flag at the top of the story when every voice heard is affiliated with the study."""
    article = ctx.article
    voices = read_voices(article, ctx.paper)
    affiliated = voices.of_role("affiliated")
    if not affiliated or voices.of_role("independent") or voices.unknown_people():
        return []
    target = headline_sentence(article) or (article.sentences[0] if article.sentences else None)
    start, end = (target.start, target.end) if target is not None else (affiliated[0].start, affiliated[0].end)
    evidence: list[Evidence | None] = [article_evidence(article, v.start, v.end, f"{v.speaker}: {v.reason}")
                                       for v in affiliated[:6]]
    if ctx.paper is not None and ctx.paper.authors:
        evidence.append(metadata_evidence("authors", ", ".join(ctx.paper.authors), "the paper's authors"))
    people = {v.speaker for v in affiliated if v.kind == "person"}
    return [make_flag("independent-source", article, start, end, severity="medium",
                      message=f"Every voice in the story is the study's own: {_listed(affiliated)}. No independent "
                              "expert comments.",
                      evidence=evidence,
                      suggestion="Add a comment from an expert who was not involved in the study.",
                      confidence=0.8 if ctx.paper is not None and ctx.paper.authors and people else 0.65)]
