"""Building flags and evidence that point at exact text.

Every flag's quote must equal article.text[start:end] (CHECKLIST.md: a flag whose text is not verbatim is a
defect), so flags are only ever made here, from offsets, and the text is always cut from the source.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from caveat.core.models import Article, CheckId, Evidence, Flag, Sentence, Severity, Span

__all__ = [
    "abstract_evidence",
    "article_evidence",
    "body_sentences",
    "find_in",
    "headline_sentence",
    "lede_sentence",
    "make_flag",
    "metadata_evidence",
]


def make_flag(
    check: CheckId,
    article: Article,
    start: int,
    end: int,
    *,
    severity: Severity,
    message: str,
    evidence: Sequence[Evidence | None] | None = None,
    suggestion: str = "",
    confidence: float = 0.8,
) -> Flag:
    """A rules flag whose span text is cut from the article and whose id is stable across re-runs."""
    return Flag(
        id=f"{check}:{start}-{end}",
        check=check,
        severity=severity,
        message=message,
        article_span=Span(start=start, end=end, text=article.text[start:end]),
        evidence=[e for e in evidence or [] if e is not None],
        suggestion=suggestion,
        engine="rules",
        confidence=round(confidence, 2),
    )


def abstract_evidence(span: Span, note: str = "") -> Evidence:
    return Evidence(kind="abstract", start=span.start, end=span.end, text=span.text, note=note)


def metadata_evidence(field: str, text: str, note: str = "") -> Evidence:
    return Evidence(kind="metadata", field=field, text=text or field, note=note)


def article_evidence(article: Article, start: int, end: int, note: str = "") -> Evidence:
    return Evidence(kind="article", start=start, end=end, text=article.text[start:end], note=note)


def headline_sentence(article: Article) -> Sentence | None:
    """The headline as a sentence (parse_article makes it sentence 0 when there is one)."""
    if article.headline_span is None or not article.sentences:
        return None
    first = article.sentences[0]
    return first if first.start == article.headline_span.start else None


def _is_prose(sentence: Sentence) -> bool:
    """A real sentence, not a subhead, photo caption or credit line."""
    return len(sentence.text.split()) >= 4 and sentence.text.rstrip("”\"’')").endswith((".", "!", "?", ":"))


def body_sentences(article: Article) -> list[Sentence]:
    """Sentences other than the headline."""
    head = headline_sentence(article)
    return [s for s in article.sentences if head is None or s.index != head.index]


def lede_sentence(article: Article) -> Sentence | None:
    """The first real sentence of the story (captions and subheads under the headline are skipped)."""
    return next((s for s in body_sentences(article) if _is_prose(s)), None)


def find_in(pattern: re.Pattern[str], sentence: Span) -> Iterator[tuple[int, int, re.Match[str]]]:
    """Matches of pattern in a sentence, with offsets into the whole text."""
    for m in pattern.finditer(sentence.text):
        yield sentence.start + m.start(), sentence.start + m.end(), m
