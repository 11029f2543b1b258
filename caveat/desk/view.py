"""The review as the page's margin component draws it: plain data, built and tested without a browser.

Why a separate view: the component (caveat/desk/component) only lays out what it is given and sends back the
editor's clicks; every word it shows (titles, severities, decisions, the no-paper banner, the sources line) is
decided here from the one set of labels in caveat.report.labels, so the page and the reports say the same thing.
The article is cut into paragraphs and each paragraph into segments, each segment naming the flags on it, so that
the component builds its DOM with text nodes only: nothing from the draft can become markup.
"""

from __future__ import annotations

import itertools
from typing import Any

from caveat.core.models import Decision, Evidence, Flag, Review, SourceOutcome
from caveat.report.content import source_outcomes
from caveat.report.labels import (
    ACTION_TEXT,
    CHANGE_TEXT,
    DECISION_TEXT,
    SEVERITY_ICONS,
    SEVERITY_MEANING,
    SEVERITY_TEXT,
    check_title,
    check_todo,
    paper_checks,
    severity_label,
)
from caveat.report.suggestions import suggestions_for

SEVERITIES = ("high", "medium", "low")
_SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}

def paragraph_of(review: Review, flag: Flag) -> int:
    """The paragraph (0 = headline) where a flag's words start; -1 when the article has no paragraphs."""
    for para in review.article.paragraphs:
        if para.start <= flag.article_span.start < max(para.end, para.start + 1):
            return para.index
    return review.article.paragraphs[-1].index if review.article.paragraphs else -1


def paragraph_name(index: int) -> str:
    return "headline" if index == 0 else f"paragraph {index}" if index > 0 else "whole article"


def evidence_lines(flag: Flag) -> list[dict[str, str]]:
    """The paper's (or the article's) words a flag rests on, each with where it comes from."""
    lines = []
    for ev in flag.evidence:
        lines.append({"where": _where(ev), "text": ev.text, "note": ev.note})
    return lines


def _where(ev: Evidence) -> str:
    if ev.kind == "abstract":
        return "The paper's abstract"
    if ev.kind == "article":
        return "The article"
    if ev.kind == "fulltext":
        return f"The paper's full text, {ev.section}" if ev.section else "The paper's full text"
    if ev.field == "assessments":
        return "eLife's assessment"
    if ev.field == "updates":
        return "A notice on the paper"
    return f"The paper's {ev.field or 'details'}"


def flag_view(review: Review, flag: Flag, suggestion: str, change: str = "") -> dict[str, Any]:
    decision = review.flag_decisions.get(flag.id, Decision())
    para = paragraph_of(review, flag)
    return {
        "id": flag.id,
        "check": flag.check,
        "title": check_title(flag.check),
        "todo": check_todo(flag.check),
        "severity": flag.severity,
        "severity_label": severity_label(flag.severity),
        "quote": flag.article_span.text,
        "paragraph": para,
        "where": paragraph_name(para),
        "message": decision.edited_message or flag.message,
        "evidence": evidence_lines(flag),
        "suggestion": suggestion,
        "decision": decision.status,
        "decision_label": DECISION_TEXT[decision.status],
        "note": decision.note,
        "details": f"check {flag.check} · {flag.engine} · confidence {round(flag.confidence * 100)}% · id {flag.id}",
        "change": change,
        "change_label": CHANGE_TEXT.get(change, ""),
    }


def segments(text: str, start: int, end: int, flags: list[Flag]) -> list[dict[str, Any]]:
    """`text[start:end]` cut wherever a flag starts or ends; each piece lists the flags covering it."""
    inside = [f for f in flags if f.article_span.start < end and f.article_span.end > start]
    cuts = {start, end}
    for f in inside:
        cuts.update(c for c in (f.article_span.start, f.article_span.end) if start < c < end)
    out = []
    for a, b in itertools.pairwise(sorted(cuts)):
        covering = [f for f in inside if f.article_span.start <= a and b <= f.article_span.end]
        covering.sort(key=lambda f: _SEVERITY_RANK.get(f.severity, 3))
        out.append({"text": text[a:b], "flags": [f.id for f in covering],
                    "level": covering[0].severity if covering else ""})
    return out


def paragraphs(review: Review) -> list[dict[str, Any]]:
    art = review.article
    flags = [f for f in review.flags if f.article_span.end > f.article_span.start]
    if not art.paragraphs:
        return [{"index": 1, "name": paragraph_name(1), "segments": segments(art.text, 0, len(art.text), flags)}]
    return [
        {"index": p.index, "name": paragraph_name(p.index), "segments": segments(art.text, p.start, p.end, flags)}
        for p in art.paragraphs
    ]


def no_paper_banner(review: Review) -> str:
    """One sentence when the checks that compare with the paper could not run; empty when they could."""
    paper = review.paper
    if paper is not None and paper.abstract.strip():
        return ""
    missing = "No paper is attached" if paper is None else "The paper has no abstract"
    return (
        f"{missing}, so these checks could not run: {', '.join(paper_checks())}. "
        "Add the paper's DOI, abstract, PDF or details under “Add the paper or a new draft” and re-check."
    )


def sources_lines(sources: list[SourceOutcome]) -> list[str]:
    """One line per source, however often it was asked (the report's wording): 'crossref: could not be reached'."""
    return [f"{name}: {text}" for name, text in source_outcomes(sources)]


def counts(review: Review) -> dict[str, Any]:
    decided = {fid for fid, d in review.flag_decisions.items() if d.status != "open"}
    return {
        "total": len(review.flags),
        "open": sum(f.id not in decided for f in review.flags),
        "by_severity": [
            {"severity": s, "label": severity_label(s), "count": sum(f.severity == s for f in review.flags)}
            for s in SEVERITIES
        ],
    }


def legend() -> list[dict[str, str]]:
    return [
        {"severity": s, "icon": SEVERITY_ICONS[s], "word": SEVERITY_TEXT[s], "meaning": SEVERITY_MEANING[s]}
        for s in SEVERITIES
    ]


def abstract_data(review: Review) -> dict[str, Any]:
    """The paper's abstract and, per flag, the spans of it that the flag rests on (marked when it is selected)."""
    paper = review.paper
    text = paper.abstract if paper is not None else ""
    evidence = {
        f.id: [[e.start, e.end] for e in f.evidence
               if e.kind == "abstract" and e.start is not None and e.end is not None
               and 0 <= e.start < e.end <= len(text)]
        for f in review.flags
    }
    return {"text": text, "evidence": {k: v for k, v in evidence.items() if v}}


def desk_data(review: Review, changes: dict[str, str] | None = None,
              fixed: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Everything the margin component shows for `review`, ordered as the editor reads it."""
    changes = changes or {}
    suggestions = suggestions_for(review)
    flags = sorted(review.flags, key=lambda f: (f.article_span.start, _SEVERITY_RANK.get(f.severity, 3)))
    return {
        "review_id": review.id,
        "paragraphs": paragraphs(review),
        "flags": [flag_view(review, f, suggestions.get(f.id, ""), changes.get(f.id, "")) for f in flags],
        "fixed": fixed or [],
        "counts": counts(review),
        "legend": legend(),
        "actions": ACTION_TEXT,
        "abstract": abstract_data(review),
    }
