"""The suggestion an editor can use, per flag: never a rewrite inside a direct quote, one for the headline.

Why: a desk cannot change what a source said, so a flag whose words sit inside quotation marks gets advice to add
context outside the quote or to paraphrase, never a rewritten quote. Several flags on one headline each proposing
their own rewrite give the editor conflicting headlines; they get one combined suggestion listing what the new
headline must do. Both the page and every report format take their suggestions from `suggestions_for`.
"""

from __future__ import annotations

from caveat.core.models import Decision, Flag, Review
from caveat.report.labels import ABSENCE_CHECKS, check_todo

QUOTE_ADVICE = (
    "These words are inside a direct quote, which cannot be changed. Keep the quote and add context outside it "
    "(for example, a sentence saying how and in whom it was studied), or paraphrase it without quotation marks. {todo}"
)
_SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}


def inside_quote(text: str, start: int, end: int) -> bool:
    """True when text[start:end] sits between quotation marks on its own line (its paragraph).

    Counts the marks from the start of the line: an odd number of straight double quotes before the span, or more
    opening than closing curly ones, means the span is being quoted.
    """
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    straight = before.count('"')
    if straight % 2 == 1:
        return True
    if before.count("“") > before.count("”"):
        return True
    inner = text[start:end]
    return inner.startswith(('"', "“")) and inner.endswith(('"', "”")) and len(inner) > 2


def in_headline(review: Review, flag: Flag) -> bool:
    span = review.article.headline_span
    if span is None or span.end <= span.start:
        return False
    return span.start <= flag.article_span.start < span.end


def headline_suggestion(flags: list[Flag]) -> str:
    """One suggestion for every flag on the headline: what the rewritten headline has to do, most severe first."""
    ordered = sorted(flags, key=lambda f: _SEVERITY_RANK.get(f.severity, 3))
    todos = list(dict.fromkeys(check_todo(f.check) for f in ordered if check_todo(f.check)))
    steps = " ".join(f"({i}) {todo}" for i, todo in enumerate(todos, 1))
    return f"Rewrite the headline once, for all {len(flags)} flags on it: {steps}"


def suggestions_for(review: Review) -> dict[str, str]:
    """flag id -> the suggestion to show (an editor's own edited suggestion wins)."""
    text = review.article.text
    headline_flags = [f for f in review.flags if in_headline(review, f) and f.check not in ABSENCE_CHECKS]
    combined = headline_suggestion(headline_flags) if len(headline_flags) > 1 else ""
    out: dict[str, str] = {}
    for flag in review.flags:
        edited = review.flag_decisions.get(flag.id, Decision()).edited_suggestion
        if edited:
            out[flag.id] = edited
        elif inside_quote(text, flag.article_span.start, flag.article_span.end):
            out[flag.id] = QUOTE_ADVICE.format(todo=check_todo(flag.check)).strip()
        elif combined and flag in headline_flags:
            out[flag.id] = combined
        else:
            out[flag.id] = flag.suggestion
    return out
