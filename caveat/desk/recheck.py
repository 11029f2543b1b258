"""Check the same review again: with the paper added, or with the writer's next draft, decisions kept.

Why: an editor who adds the abstract to a review, or pastes the revised draft, must not lose the decisions already
made, and must see what the new draft fixed. A decision carries over to a flag of the new run when it is the same
check on the same or overlapping words (offsets for the same text; shared words when the text moved). The review
keeps its id, so the URL, the history and the store's earlier versions all still point at it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from caveat.core.models import Decision, Flag, Paper, Review
from caveat.core.settings import Settings
from caveat.desk.actions import Upload, merge_supplied, paper_from_page
from caveat.pipeline import Progress, ReviewInput, review
from caveat.report.labels import check_title

_WORD = re.compile(r"\w+", re.UNICODE)
MIN_WORD_OVERLAP = 0.5


@dataclass
class Changes:
    """How the new run compares with the one before: per new flag 'new' or 'remains'; the flags now gone."""

    status: dict[str, str] = field(default_factory=dict)
    fixed: list[dict[str, Any]] = field(default_factory=list)
    carried: int = 0

    def summary(self) -> str:
        new = sum(v == "new" for v in self.status.values())
        remains = sum(v == "remains" for v in self.status.values())
        return (f"Re-checked: {new} new, {len(self.fixed)} fixed, {remains} still there; "
                f"{self.carried} decisions carried over.")


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def same_flag(old: Flag, new: Flag, same_text: bool) -> bool:
    """Same check on the same or overlapping words."""
    if old.check != new.check:
        return False
    a, b = old.article_span, new.article_span
    if same_text and a.start < b.end and b.start < a.end:
        return True
    if a.text.strip().lower() == b.text.strip().lower():
        return True
    wa, wb = _words(a.text), _words(b.text)
    if not wa or not wb:
        return False
    return len(wa & wb) / min(len(wa), len(wb)) >= MIN_WORD_OVERLAP


def match_flags(old: Review, new: Review) -> dict[str, str]:
    """new flag id -> the old flag id it continues; each old flag matched at most once, best overlap first."""
    same_text = old.article.text == new.article.text
    taken: set[str] = set()
    pairs: dict[str, str] = {}
    for nf in new.flags:
        exact = [of for of in old.flags if of.id not in taken and of.id == nf.id and same_text]
        near = exact or [of for of in old.flags if of.id not in taken and same_flag(of, nf, same_text)]
        if near:
            pairs[nf.id] = near[0].id
            taken.add(near[0].id)
    return pairs


def carry_over(old: Review, new: Review) -> tuple[Review, Changes]:
    """`new` under `old`'s id and creation date, with the old decisions moved to the flags that still apply."""
    pairs = match_flags(old, new)
    decisions: dict[str, Decision] = {}
    for new_id, old_id in pairs.items():
        decision = old.flag_decisions.get(old_id)
        if decision is not None and decision.status != "open":
            decisions[new_id] = decision
    changes = Changes(status={f.id: "remains" if f.id in pairs else "new" for f in new.flags}, carried=len(decisions))
    kept = set(pairs.values())
    changes.fixed = [{"id": f.id, "check": f.check, "title": check_title(f.check), "quote": f.article_span.text,
                      "severity": f.severity} for f in old.flags if f.id not in kept]
    merged = new.model_copy(update={
        "id": old.id,
        "created_at": old.created_at,
        "flag_decisions": decisions,
        "item_decisions": dict(old.item_decisions),
        "notices": [*new.notices, changes.summary()],
    })
    return merged, changes


def recheck(
    old: Review,
    *,
    settings: Settings,
    text: str = "",
    article_upload: Upload | None = None,
    doi: str = "",
    abstract: str = "",
    paper_json: str = "",
    paper_pdf: Upload | None = None,
    library: object | None = None,
    progress: Progress | None = None,
) -> tuple[Review, Changes]:
    """Review `old`'s article (or the new draft given) again with whatever paper is now known, decisions kept."""
    from caveat.reading.documents import read_article_bytes
    from retrieval.paper_pdf import read_paper_pdf

    source = old.article.source
    if article_upload is not None:
        text, source = read_article_bytes(article_upload.data, article_upload.name), article_upload.name
    elif text.strip():
        source = "pasted"
    else:
        text = old.article.text
    paper: Paper | None = paper_from_page(paper_json)
    if paper_pdf is not None:
        paper = merge_supplied(paper, read_paper_pdf(paper_pdf.data))
    if paper is None and not doi.strip() and old.paper is not None:
        paper = old.paper  # nothing new about the paper: keep the one already found
    if abstract.strip() and paper is not None and not paper.abstract:
        paper = paper.model_copy(update={"abstract": abstract.strip()})
    fresh = review(
        ReviewInput(text=text, source=source, paper=paper, abstract=abstract.strip() or None, doi=doi.strip() or None),
        settings=settings, library=library, progress=progress,
    )
    if fresh.paper is None and paper is None and old.paper is not None:
        # A DOI that leads nowhere must not cost the editor the paper the review already had: check again with it.
        kept = f"No paper was found for DOI {doi.strip()}; the review keeps the paper it already had."
        fresh = review(
            ReviewInput(text=text, source=source, paper=old.paper, abstract=abstract.strip() or None,
                        extra_notices=[kept]),
            settings=settings, library=library, progress=progress,
        )
    return carry_over(old, fresh)
