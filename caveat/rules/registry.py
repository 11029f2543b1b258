"""All fifteen rule checks, run in CHECKLIST.md order, their flags sorted for an editor.

One check failing must not lose the other fourteen, and must not pass silently either: the error propagates
(a bug in a rule is a bug to fix, not a flag to drop), so the registry does not catch. Order: severity first
(high before medium before low), then position in the article, so the few flags that matter most come first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from caveat.analysis.article_study import article_fallback
from caveat.core.models import CHECK_IDS, Article, Citation, Flag, Paper, StudyProfile
from caveat.rules import (
    advice,
    animal_to_human,
    benefit_size,
    causal_claim,
    certainty,
    citation_mismatch,
    conflict_of_interest,
    harms,
    hype,
    independent_source,
    missing_stage_caveat,
    preprint,
    retracted,
    sample_size,
    unsourced_number,
)
from caveat.rules.context import CheckContext

__all__ = ["CHECKS", "run_checks", "sort_flags"]

CHECKS: dict[str, Callable[[CheckContext], list[Flag]]] = {
    "hype": hype.check,
    "animal-to-human": animal_to_human.check,
    "causal-claim": causal_claim.check,
    "certainty": certainty.check,
    "advice": advice.check,
    "missing-stage-caveat": missing_stage_caveat.check,
    "preprint": preprint.check,
    "retracted": retracted.check,
    "unsourced-number": unsourced_number.check,
    "harms": harms.check,
    "benefit-size": benefit_size.check,
    "independent-source": independent_source.check,
    "conflict-of-interest": conflict_of_interest.check,
    "sample-size": sample_size.check,
    "citation-mismatch": citation_mismatch.check,
}
assert tuple(CHECKS) == CHECK_IDS, "the registry must follow CHECKLIST.md's order"

_SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}


def sort_flags(flags: Iterable[Flag]) -> list[Flag]:
    """High before medium before low; within a severity, in reading order; CHECKLIST order breaks ties."""
    order = {check: i for i, check in enumerate(CHECK_IDS)}
    return sorted(flags, key=lambda f: (_SEVERITY_RANK[f.severity], f.article_span.start, order[f.check]))


def run_checks(
    article: Article,
    paper: Paper | None,
    profile: StudyProfile,
    citations: Iterable[Citation] = (),
    aligner: Any | None = None,
) -> list[Flag]:
    """Run every rule check and return their flags, sorted, with duplicate ids removed.

    Without a paper (or with one that names no design or subjects), the lab/animal labels are read from the article
    itself (see caveat.analysis.article_study), so that a mouse study told as a human cure is still caught offline;
    flags resting on them carry article evidence.
    """
    profile = article_fallback(profile, article, paper is not None)
    ctx = CheckContext(article=article, paper=paper, profile=profile, citations=tuple(citations), aligner=aligner)
    seen: dict[str, Flag] = {}
    for check in CHECKS.values():
        for flag in check(ctx):
            seen.setdefault(flag.id, flag)
    return sort_flags(seen.values())
