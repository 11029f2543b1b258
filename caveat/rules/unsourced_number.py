"""unsourced-number: a statistic in the article that the paper's abstract and metadata do not contain.

Only statistics are read (percentages, "8 out of 10", "1 in 4", "one-sixth", "3,000 patients", "twice as likely",
"3-fold higher", "200 million tonnes", "over the past 25 years", a year range given as a finding), never every
digit: dates, ages, DOIs, gene names like p16, phone numbers and money are not claims an editor must source, and
flagging them would bury the real ones. Values are compared as numbers (caveat.analysis.numbers), not strings:
"40 percent" equals "40%", "8 out of 10" is sourced by 80%, "more than 800,000" by 805,753 and "65% higher" by a
hazard ratio of 1.65, because a careful writer could have written those words from those figures; a figure the
writer changed ("38,000" for 43,880, "three-quarters" for 69%) is still raised. One flag per figure, however often
the story repeats it. With the paper's full text, the figures of its body (introduction to discussion) source a
number too: the abstract leaves most of the results out.
"""

from __future__ import annotations

import re

from caveat.analysis.fulltext import sections_of
from caveat.analysis.numbers import (
    NumberPool,
    Quantity,
    figure_key,
    findings,
    number_pool,
    read_quantities,
    sourced,
)
from caveat.analysis.spans import make_flag, metadata_evidence
from caveat.core.limits import FULLTEXT_SECTION_CHARS
from caveat.core.models import Flag, Paper, SectionKind
from caveat.rules.context import CheckContext
from caveat.rules.declaration import CheckDeclaration, Example

__all__ = ["Statistic", "abstract_numbers", "check", "statistics"]

_COFFEE = Paper(
    title="Coffee intake and sleep duration",
    abstract="Among 1,200 adults, each extra cup of coffee was associated with 8 minutes less sleep.",
)
DECLARATION = CheckDeclaration(
    id="unsourced-number",
    severity="low",
    items=(2,),
    summary="a statistic that appears nowhere in the abstract or metadata",
    title="A number the study does not give: check where it came from",
    todo="Give the number's source (with a link) or cut it.",
    compares="article vs abstract",
    judge_hint="a number in the sentence that appears nowhere in the abstract sentences you were given.",
    fires=(Example("Coffee and sleep\n\nAbout 40% of coffee drinkers sleep badly, the study of 1,200 adults "
                   "found.", _COFFEE),),
    does_not_fire=(Example("Coffee and sleep\n\nEach extra cup of coffee went with 8 minutes less sleep, the study "
                           "of 1,200 adults found.", _COFFEE),),
)

Statistic = Quantity
"""A statistic in a text is a quantity of one of the kinds caveat.analysis.numbers reads."""

_BODY: tuple[SectionKind, ...] = ("introduction", "methods", "results", "discussion", "conclusions", "limitations",
                                  "adverse-events")
"""The full-text sections whose figures source a story's numbers (not funding, registration or acknowledgements)."""
_LISTED = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?%?")


def statistics(text: str, start: int = 0, end: int | None = None) -> list[Statistic]:
    """The statistics in text[start:end] (how many, how much was found: percentages, ratios, counts...)."""
    return findings(text, start, end)


def abstract_numbers(paper: Paper) -> NumberPool:
    """The figures of the abstract, title and sections, with the forms a story may turn them into; with the full
    text, those of its body too (a figure of the results is sourced, though the abstract leaves it out)."""
    body = [s.text[:FULLTEXT_SECTION_CHARS] for s in sections_of(paper, *_BODY)]
    return number_pool((paper.abstract, paper.title, " ".join(s.text for s in paper.abstract_sections), *body))


def _unsourced_figures(ctx: CheckContext, known: NumberPool) -> list[Statistic]:
    """Each unsourced figure once, at its first mention: "a fifth" in the headline and "20 per cent" below are one
    figure, and one flag is the one problem an editor has to solve."""
    chosen: dict[tuple[str, tuple[float, ...]], Statistic] = {}
    for sentence in ctx.article.sentences:
        for stat in read_quantities(ctx.article.text, sentence.start, sentence.end):
            if not sourced(stat, known):
                chosen.setdefault(figure_key(stat), stat)
    return sorted(chosen.values(), key=lambda s: s.start)


def check(ctx: CheckContext) -> list[Flag]:
    """Flag each statistic whose value is not among the abstract's figures (see the module docstring)."""
    paper = ctx.paper
    if paper is None or not paper.abstract.strip():
        return []
    known = abstract_numbers(paper)
    where = "abstract, title or full text" if sections_of(paper, *_BODY) else "abstract or title"
    listed = ", ".join(dict.fromkeys(m.group(0) for m in _LISTED.finditer(paper.abstract))) or "none"
    flags: list[Flag] = []
    for stat in _unsourced_figures(ctx, known):
        quote = ctx.article.text[stat.start:stat.end]
        flags.append(make_flag(
            "unsourced-number", ctx.article, stat.start, stat.end, severity="low",
            message=f"'{quote}' is not in the paper's {where}, not even rounded or converted (a ratio "
                    f"as a percentage); the editor must source it.",
            evidence=[metadata_evidence("abstract", f"numbers in the abstract: {listed}",
                                        "the article's number is not among them")],
            suggestion="Give the source of this number (and a link), or cut it.",
            confidence=0.6))
    return flags
