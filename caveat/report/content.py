"""What a report says, decided once, before any format is chosen.

Every writer (Markdown, HTML, PDF, DOCX) renders this one view of a Review, so an editor who sends the PDF
and keeps the Markdown holds the same record: same flags, same quotes, same decisions. Wording, ordering
and what counts as "open" live here and nowhere else; the writers only lay the text out.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from caveat.analysis.assessment import assessment_label, latest
from caveat.analysis.fulltext import parts_read
from caveat.core.models import (
    SEVERITY_RANK,
    ChecklistItem,
    Decision,
    Evidence,
    Flag,
    Paper,
    Review,
    SourceOutcome,
    StudyProfile,
)
from caveat.core.text import neutralise_bidi
from caveat.report.labels import (
    DECISION_TEXT,
    ITEM_DECISION_TEXT,
    SEVERITY_TEXT,
    STATUS_TEXT,
    check_title,
)
from caveat.report.suggestions import suggestions_for

SOURCE_OUTCOME_TEXT: dict[str, str] = {
    "found": "found the paper",
    "not-found": "no match",
    "error": "could not be reached",
    "timeout": "did not answer in time",
    "skipped": "not asked",
    "offline": "not asked (offline)",
}
PEER_REVIEW_TEXT: dict[str, str] = {
    "peer-reviewed": "Peer-reviewed article",
    "reviewed-preprint": "Reviewed preprint (not yet the version of record)",
    "preprint": "Preprint, not peer reviewed",
    "conference-abstract": "Conference abstract",
    "retracted": "Retracted",
    "corrected": "Corrected",
    "expression-of-concern": "Expression of concern",
    "unknown": "Unknown",
}
DESIGN_TEXT: dict[str, str] = {
    "in vitro": "Cell or tissue study (in vitro)",
    "computer model": "Computer model or simulation",
    "observational": "Observational study",
    "cohort": "Observational: cohort",
    "case-control": "Observational: case-control",
    "cross-sectional": "Observational: cross-sectional",
}
ENGINE_TEXT: dict[str, str] = {
    "rules": "rules",
    "llm": "language model",
    "rules+llm": "rules + language model",
}
OTHER_GROUP_TITLE = "Flags not on any checklist item"

# Characters that XML 1.0 (DOCX, HTML parsers) rejects or that only confuse a reader: C0/C1 controls,
# lone surrogates and the two non-characters. Removed once here so every format shows the same text.
_UNSAFE_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile(r"\s+")


def clean(text: str | None) -> str:
    """Text as a report shows it: unsafe characters gone, bidi controls shown as tags, whitespace made one space.

    Quotes can span the article's line breaks; collapsing them keeps one flag on one line in every format
    and makes the text found in a PDF or a DOCX comparable with the text written to it. A right-to-left override
    in a quote would make the report display it reversed: it is shown as "[U+202E]" instead (neutralise_bidi).
    """
    if not text:
        return ""
    text = neutralise_bidi(unicodedata.normalize("NFC", _UNSAFE_CHARS.sub("", text)))
    return _SPACES.sub(" ", text).strip()


@dataclass(frozen=True)
class Line:
    """One labelled line of the header, e.g. ("Journal", "The Journal of Invented Results")."""

    label: str
    value: str


@dataclass(frozen=True)
class StudyLabel:
    """A study label and the field or sentence that decided it (the Science Media Centre's labels)."""

    name: str
    value: str
    source: str


@dataclass(frozen=True)
class FlagView:
    """One flag as the editor reads it, with the editor's word on it already applied."""

    id: str
    check: str
    title: str
    """The check in plain words, as the page's card shows it."""
    severity: str
    quote: str
    where: str
    """'headline' or 'paragraph N' (paragraphs counted after the headline)."""
    message: str
    tool_message: str
    """The tool's own message when the editor rewrote it; empty otherwise."""
    evidence: list[str]
    suggestion: str
    engine: str
    confidence: str
    decision: str
    note: str
    decided_at: str

    @property
    def dismissed(self) -> bool:
        return self.decision == DECISION_TEXT["dismissed"]


@dataclass(frozen=True)
class ItemView:
    """One checklist row, with the editor's decision and the flags that raised it."""

    number: int | None
    title: str
    status: str
    hint: str
    decision: str
    note: str
    flags: list[FlagView] = field(default_factory=list)


@dataclass(frozen=True)
class SourceView:
    source: str
    outcome: str
    detail: str


@dataclass(frozen=True)
class ReportContent:
    """Everything a report shows, in the order it shows it."""

    title: str
    headline: str
    header: list[Line]
    labels: list[StudyLabel]
    items: list[ItemView]
    groups: list[ItemView]
    """Checklist items that carry flags, plus a last group for flags no item claims."""
    notices: list[str]
    sources: list[SourceView]
    counts: Line
    verdict: list[str] = field(default_factory=list)
    """The summary an editor-in-chief reads first: counts by severity and what must change before publication."""
    signature: list[Line] = field(default_factory=list)
    """Who reviewed it and when: the reviewer's name (a page setting) and the report's date."""
    reference: str = ""
    reference_url: str = ""
    appendix: list[str] = field(default_factory=list)
    """Services that failed, in plain words: never mixed into the report's findings."""


def build_content(review: Review, reviewer: str = "", today: str = "") -> ReportContent:
    """The single view of `review` that every writer renders; `reviewer` signs it, `today` dates it."""
    suggestions = suggestions_for(review)
    where = _locator(review)
    flags = [
        _flag_view(flag, review.flag_decisions.get(flag.id), suggestions.get(flag.id, ""), where(flag))
        for flag in review.flags
    ]
    by_id = {view.id: view for view in flags}
    items: list[ItemView] = []
    claimed: set[str] = set()
    for item in sorted(review.checklist, key=lambda it: it.number):
        item_flags = _ordered([by_id[fid] for fid in item.flag_ids if fid in by_id])
        claimed.update(view.id for view in item_flags)
        items.append(_item_view(item, review.item_decisions.get(item.number) or Decision(), item_flags))
    groups = [item for item in items if item.flags]
    unclaimed = _ordered([view for view in flags if view.id not in claimed])
    if unclaimed:
        groups.append(
            ItemView(number=None, title=OTHER_GROUP_TITLE, status="", hint="", decision="", note="",
                     flags=unclaimed)
        )
    open_count = sum(1 for view in flags if view.decision == DECISION_TEXT["open"])
    headline = clean(review.article.headline) or "(no headline)"
    reference, url = paper_reference(review.paper)
    return ReportContent(
        title=f"Caveat fact-check: {headline}",
        headline=headline,
        header=_header(review),
        labels=_labels(review.profile, review.paper),
        items=items,
        groups=groups,
        notices=[clean(n) for n in review.notices if clean(n)],
        sources=[SourceView(source=name, outcome=text, detail="") for name, text in source_outcomes(review.sources)],
        counts=Line("Flags", f"{len(flags)} in all, {open_count} still open"),
        verdict=verdict(flags),
        signature=[Line("Reviewed by", clean(reviewer) or "(name not set: sign here)"),
                   Line("Report date", today or datetime.now(UTC).strftime("%Y-%m-%d"))],
        reference=reference,
        reference_url=url,
        appendix=service_problems(review.sources),
    )


def _item_view(item: ChecklistItem, decision: Decision, flags: list[FlagView]) -> ItemView:
    return ItemView(
        number=item.number,
        title=clean(item.title),
        status=STATUS_TEXT.get(item.status, item.status),
        hint=clean(item.hint),
        decision=item_decision(decision, flags),
        note=clean(decision.note),
        flags=flags,
    )


def item_decision(decision: Decision, flags: list[FlagView]) -> str:
    """The editor's word on an item; when the editor gave none, what the decisions on its flags add up to.

    An item whose flags were all decided is no longer 'Open': an accepted flag means the story does not meet the
    criterion yet (the draft must change); all dismissed means it does.
    """
    if decision.status != "open" or not flags:
        return ITEM_DECISION_TEXT[decision.status]
    words = {view.decision for view in flags}
    if DECISION_TEXT["open"] in words:
        return ITEM_DECISION_TEXT["open"]
    if DECISION_TEXT["accepted"] in words or DECISION_TEXT["edited"] in words:
        return ITEM_DECISION_TEXT["dismissed"]
    return ITEM_DECISION_TEXT["accepted"]


def verdict(flags: list[FlagView]) -> list[str]:
    """What an editor-in-chief needs first: how many flags of each severity, and what must happen before print."""
    by_sev = ", ".join(f"{sum(v.severity == word for v in flags)} {word}" for word in SEVERITY_TEXT.values())
    accepted = [v for v in flags if v.decision in (DECISION_TEXT["accepted"], DECISION_TEXT["edited"])]
    still_open = [v for v in flags if v.decision == DECISION_TEXT["open"]]
    dismissed = len(flags) - len(accepted) - len(still_open)
    if not flags:
        return ["Verdict: no flags were raised; check the checklist items marked 'Editor to check'."]
    if accepted:
        head = f"Verdict: changes needed before publication ({len(accepted)} accepted flags)."
    elif still_open:
        head = f"Verdict: not finished; {len(still_open)} flags are still to decide."
    else:
        head = "Verdict: ready as far as the flags go; every flag was dismissed by the editor."
    lines = [head, f"{len(flags)} flags ({by_sev}): {len(accepted)} accepted, {dismissed} dismissed, "
             f"{len(still_open)} still open."]
    lines += [f"Must change: {v.title}, {v.where}: “{v.quote}”" for v in _ordered(accepted)]
    lines += [f"To decide: {v.title} ({v.severity}), {v.where}" for v in _ordered(still_open)
              if v.severity == SEVERITY_TEXT["high"]]
    return lines


def paper_reference(paper: Paper | None) -> tuple[str, str]:
    """The paper as a reference line and its DOI link: 'Okafor M, Lee J et al. (2026). Title. Journal.'"""
    if paper is None:
        return "", ""
    authors = ", ".join(clean(a) for a in paper.authors[:3]) + (" et al." if len(paper.authors) > 3 else "")
    year = f"({clean(paper.published)[:4]})" if paper.published else ""
    parts = [p for p in (" ".join(x for x in (authors, year) if x), clean(paper.title), clean(paper.journal)) if p]
    url = f"https://doi.org/{clean(paper.doi)}" if paper.doi else ""
    text = ". ".join(parts) + "." if parts else ""
    return (f"{text} {url}".strip(), url)


def source_outcomes(sources: list[SourceOutcome]) -> list[tuple[str, str]]:
    """One (source, plain outcome) per source however many requests it took, 'found' winning over failures."""
    by_source: dict[str, list[SourceOutcome]] = {}
    for s in sources:
        by_source.setdefault(clean(s.source), []).append(s)
    out = []
    for name, outcomes in by_source.items():
        best = next((o for o in outcomes if o.outcome == "found"), outcomes[-1])
        text = "supplied by the editor" if name == "editor" else SOURCE_OUTCOME_TEXT.get(best.outcome, best.outcome)
        out.append((name, text + (f" ({len(outcomes)} requests)" if len(outcomes) > 1 else "")))
    return out


def service_problems(sources: list[SourceOutcome]) -> list[str]:
    """Services that failed, said plainly: they explain a missing paper, they are not findings about the story."""
    failed = [(name, text) for name, text in source_outcomes(sources)
              if "could not be reached" in text or "did not answer" in text]
    return [f"{name} {text}; the paper may be there, so a missing paper does not mean there is none."
            for name, text in failed]


def key_strings(content: ReportContent) -> set[str]:
    """The strings every format must show: the contract the writers are tested against.

    Flag messages, quotes, evidence, suggestions, statuses, decisions and notes: what an editor would be
    misled by if one export dropped it.
    """
    keys = {content.headline, content.counts.value, *content.notices, *content.verdict, *content.appendix,
            content.reference}
    keys.update(line.value for line in content.signature)
    keys.update(f.value for f in content.header)
    keys.update(text for label in content.labels for text in (label.value, label.source))
    for item in content.items:
        keys.update((item.title, item.status, item.decision, item.note, item.hint))
    for group in content.groups:
        for view in group.flags:
            keys.update((view.quote, view.message, view.tool_message, view.suggestion, view.decision,
                         view.note, view.check, view.title, view.where, *view.evidence))
    keys.update(s.source for s in content.sources)
    return {key for key in keys if key}


def _ordered(views: list[FlagView]) -> list[FlagView]:
    """Most severe first, dismissed ones last: the order in which an editor should read them."""
    return sorted(views, key=lambda v: (v.dismissed, SEVERITY_RANK.get(v.severity.lower(), len(SEVERITY_RANK))))


def _locator(review: Review) -> Callable[[Flag], str]:
    """Where a flag's words are: 'headline' or 'paragraph N', the same numbers as the page's margin.

    Found by a binary search over the paragraphs' starts (they come in reading order from the parser): a scan per
    flag cost flags x paragraphs, 8 s for 400 flags on an article of 80,000 short paragraphs.
    """
    paragraphs = review.article.paragraphs
    starts = [para.start for para in paragraphs]
    ordered = all(a <= b for a, b in itertools.pairwise(starts))

    def where(flag: Flag) -> str:
        at = flag.article_span.start
        i = bisect.bisect_right(starts, at) - 1
        candidates = (paragraphs[i:i + 1] if i >= 0 else []) if ordered else paragraphs
        for para in candidates:
            if para.start <= at < max(para.end, para.start + 1):
                return "headline" if para.index == 0 else f"paragraph {para.index}"
        return "whole article"

    return where


def _flag_view(flag: Flag, decision: Decision | None, suggestion: str, where: str) -> FlagView:
    decision = decision or Decision()
    edited_message = clean(decision.edited_message)
    edited_suggestion = clean(decision.edited_suggestion)
    return FlagView(
        id=flag.id,
        check=flag.check,
        title=check_title(flag.check),
        severity=SEVERITY_TEXT.get(flag.severity, flag.severity.capitalize()),
        quote=clean(flag.article_span.text),
        where=where,
        message=edited_message or clean(flag.message),
        tool_message=clean(flag.message) if edited_message else "",
        evidence=[text for text in (_evidence_text(ev) for ev in flag.evidence) if text],
        suggestion=edited_suggestion or clean(suggestion) or clean(flag.suggestion),
        engine=ENGINE_TEXT.get(flag.engine, flag.engine),
        confidence=f"{round(flag.confidence * 100)}%",
        decision=DECISION_TEXT[decision.status],
        note=clean(decision.note),
        decided_at=when(decision.at) if decision.at else "",
    )


def _evidence_text(evidence: Evidence) -> str:
    """"abstract: <quote>", "full text (Methods, Animals): <quote>" or "paper metadata (status): <value>", plus the
    note that explains it."""
    text = clean(evidence.text)
    if evidence.kind == "metadata":
        where = f"paper metadata ({evidence.field})" if evidence.field else "paper metadata"
        if evidence.field == "assessments":
            where = "eLife assessment"
        elif evidence.field == "updates":
            where = "notice on the paper"
    elif evidence.kind == "fulltext":
        where = f"full text ({clean(evidence.section)})" if evidence.section else "full text"
    else:
        where = evidence.kind
    line = f"{where}: {text}" if text else where
    note = clean(evidence.note)
    return f"{line} ({note})" if note else line


def when(stamp: str) -> str:
    """An ISO timestamp as a desk reads it ("2026-11-20 09:15 UTC"); anything else is shown as given."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return clean(stamp)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
        return moment.strftime("%Y-%m-%d %H:%M UTC")
    return moment.strftime("%Y-%m-%d %H:%M")


def _header(review: Review) -> list[Line]:
    rows = [
        Line("Tool", f"Caveat {clean(review.tool_version)}"),
        Line("Reviewed", when(review.created_at)),
    ]
    if review.updated_at and review.updated_at != review.created_at:
        rows.append(Line("Last edited", when(review.updated_at)))
    rows.append(Line("Article", clean(review.article.headline) or "(no headline)"))
    paper = review.paper
    if paper is None:
        rows.append(Line("Paper", "not found: the flags rest on the article alone"))
    else:
        rows.append(Line("DOI", clean(paper.doi) or "none"))
        rows.append(Line("Title", clean(paper.title) or "unknown"))
        journal = clean(paper.journal) or "unknown"
        rows.append(Line("Journal", f"{journal}, {clean(paper.published)}" if paper.published else journal))
        if paper.authors:
            names = [clean(a) for a in paper.authors[:3]]
            rows.append(Line("Authors", ", ".join(names) + (" et al." if len(paper.authors) > 3 else "")))
        rows.append(Line("Paper status", PEER_REVIEW_TEXT.get(paper.status, paper.status)))
    for other in review.related_papers:
        status = PEER_REVIEW_TEXT.get(other.status, other.status)
        rows.append(Line("Other version", f"{clean(other.doi) or clean(other.title) or 'unknown'} ({status})"))
    rows.append(Line("Checked with", _engine_line(review)))
    return rows


def _engine_line(review: Review) -> str:
    """Which model and prompt versions produced the flags, so a report can be reproduced or doubted."""
    usage = review.usage
    if usage is None or not usage.model:
        return "rules only"
    line = f"rules + language model {clean(usage.model)} ({usage.calls} calls, ${usage.cost_usd:.4f})"
    if review.prompts:
        prompts = ", ".join(f"{clean(k)} {clean(v)}" for k, v in sorted(review.prompts.items()))
        line += f"; prompts: {prompts}"
    return line


def _labels(profile: StudyProfile, paper: Paper | None = None) -> list[StudyLabel]:
    """The Science Media Centre's labels, eLife's assessment beside peer review, and which parts of the paper were
    read (so an editor knows whether "no harms reported" means the paper was silent or was never opened)."""
    subjects = profile.subjects.capitalize()
    details = ", ".join(clean(s) for s in profile.species)
    if profile.sample_size is not None:
        details = f"{details}, n = {profile.sample_size}" if details else f"n = {profile.sample_size}"
    if details:
        subjects = f"{subjects} ({details})"
    labels = [StudyLabel("Peer review", PEER_REVIEW_TEXT.get(profile.peer_review, profile.peer_review),
                         _source(profile.peer_review_evidence))]
    if assessed := assessment_label(paper):
        assessment = latest(paper)
        quote = clean(assessment.text if assessment is not None else "")
        labels.append(StudyLabel("eLife assessment", assessed, f"eLife assessment: {quote}" if quote else
                                 "eLife assessment"))
    labels += [
        StudyLabel("Study type", DESIGN_TEXT.get(profile.design, profile.design.capitalize()),
                   _source(profile.design_evidence)),
        StudyLabel("Subjects", subjects, _source(profile.subjects_evidence or profile.sample_evidence)),
        StudyLabel("Stage", profile.stage.capitalize(), _source(profile.stage_evidence)),
    ]
    if profile.duration:
        labels.append(StudyLabel("Duration", clean(profile.duration), _source(profile.duration_evidence)))
    if parts := parts_read(paper):
        labels.append(StudyLabel("Parts of the paper read", clean(", ".join(parts)), "what the sources gave"))
    return labels


def _source(evidence: Evidence | None) -> str:
    return _evidence_text(evidence) if evidence is not None else "not determined"
