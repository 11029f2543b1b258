"""unsourced-number: a statistic in the article that the paper's abstract and metadata do not contain.

Only statistics are read (percentages, "8 out of 10", "1 in 4", "3,000 patients", "twice as likely", "3-fold"),
never every digit: years, dates, ages, DOIs, gene names like p16, phone numbers and ordinals are not claims an
editor must source, and flagging them would bury the real ones. Values are compared, not strings: "40 percent"
equals "40%", "twelve" equals 12, and "8 out of 10" is sourced by an abstract that says 80%.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from caveat.analysis.profile import number_value
from caveat.analysis.spans import make_flag, metadata_evidence
from caveat.core.models import Flag, Paper
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
    compares="article vs abstract",
    judge_hint="a number in the sentence that appears nowhere in the abstract sentences you were given.",
    fires=(Example("Coffee and sleep\n\nAbout 40% of coffee drinkers sleep badly, the study of 1,200 adults "
                   "found.", _COFFEE),),
    does_not_fire=(Example("Coffee and sleep\n\nEach extra cup of coffee went with 8 minutes less sleep, the study "
                           "of 1,200 adults found.", _COFFEE),),
)

_WORDNUM = (r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
            r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety")
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|" + _WORDNUM + r")"
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_COUNT_NOUNS = (r"people|patients|participants|adults|children|kids|teenagers|women|men|mice|rats|volunteers|cases|"
                r"deaths|individuals|students|subjects|americans|britons|users|smokers|babies|infants|workers|"
                r"residents|pregnancies|survivors|sufferers|respondents|animals|dogs|households|families|doctors|"
                r"nurses|hospitals|schools|countries")
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("percent", re.compile(r"(?<![\w.,])(?P<a>" + _NUM + r")\s?(?:%|per ?cent\b)", re.IGNORECASE)),
    ("ratio", re.compile(r"(?<![\w.,])(?P<a>" + _NUM + r")\s+(?:out\s+of|in)\s+(?:every\s+)?(?P<b>\d{1,3}(?:,\d{3})+|"
                         r"\d+|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|a hundred|a thousand|"
                         r"hundred|thousand)\b(?:\s+[a-z]+)?", re.IGNORECASE)),
    ("count", re.compile(r"(?<![\w.,/-])(?P<a>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(?P<scale>thousand|million|"
                         r"billion))?\s+(?:[a-z-]+\s+){0,2}?(?:" + _COUNT_NOUNS + r")\b", re.IGNORECASE)),
    ("fold", re.compile(r"(?<![\w.,])(?P<a>" + _NUM + r")(?:-fold\b|\s+times\s+(?:more|less|higher|lower|greater|"
                        r"as\s+likely|the\s+risk|as\s+many|as\s+much)\b)", re.IGNORECASE)),
    ("fold", re.compile(r"\b(?P<word>twice|double|triple|half)\s+(?:as\s+likely|the\s+risk|as\s+many|as\s+much)\b",
                        re.IGNORECASE)),
]
_PROTECTED = re.compile(r"\b10\.\d{4,9}/\S+|\bhttps?://\S+|\bwww\.\S+|\bdoi:\s*\S+", re.IGNORECASE)
_ALL_NUMBERS = re.compile(r"(?<![\w.])(" + _NUM + r")(?:\s+(thousand|million|billion))?(?![\w])", re.IGNORECASE)
_WORD_VALUES = {"twice": 2.0, "double": 2.0, "triple": 3.0, "half": 0.5}


@dataclass(frozen=True)
class Statistic:
    kind: str
    start: int
    end: int
    values: tuple[float, ...]


def _value(token: str) -> float | None:
    token = token.strip().lower().replace(",", "")
    if token in {"a hundred", "hundred"}:
        return 100.0
    if token in {"a thousand", "thousand"}:
        return 1000.0
    as_int = number_value(token)
    if as_int is not None:
        return float(as_int)
    try:
        return float(token)
    except ValueError:
        return None


def statistics(text: str, start: int = 0, end: int | None = None) -> list[Statistic]:
    """The statistics in text[start:end], longest match first where two overlap ("8 out of 10 people")."""
    stop = len(text) if end is None else end
    protected = [m.span() for m in _PROTECTED.finditer(text, start, stop)]
    found: list[Statistic] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text, start, stop):
            if any(a <= m.start() < b for a, b in protected):
                continue
            if any(s.start < m.end() and m.start() < s.end for s in found):
                continue
            if "word" in m.groupdict() and m.group("word"):
                values: tuple[float, ...] = (_WORD_VALUES[m.group("word").lower()],)
            else:
                a = _value(m.group("a"))
                if a is None:
                    continue
                scale = m.groupdict().get("scale")
                if scale:
                    a *= _SCALE[scale.lower()]
                if kind == "count" and 1900 <= a <= 2100 and "," not in m.group("a"):
                    continue
                b = _value(m.group("b")) if "b" in m.groupdict() and m.group("b") else None
                if b is not None and 1900 <= b <= 2100 and "," not in m.group("b"):
                    continue  # "5 in 2019" is a date, not a ratio
                values = (a,) if b is None else (a, b)
            found.append(Statistic(kind, m.start(), m.end(), values))
    return sorted(found, key=lambda s: s.start)


def abstract_numbers(paper: Paper) -> tuple[set[float], set[float]]:
    """(numbers, percentages) of the abstract and title.

    Numbers include each percentage as a proportion too (40% -> 0.4); percentages include ratios turned into
    percentages ("1 in 4" -> 25), so that "25%" in the article is sourced by "1 in 4" in the abstract.
    """
    values: set[float] = set()
    percents: set[float] = set()
    for text in (paper.abstract, paper.title, " ".join(s.text for s in paper.abstract_sections)):
        for m in _ALL_NUMBERS.finditer(text):
            v = _value(m.group(1))
            if v is None:
                continue
            if m.group(2):
                v *= _SCALE[m.group(2).lower()]
            values.add(v)
        for stat in statistics(text):
            if stat.kind == "percent":
                percents.add(stat.values[0])
                values.add(round(stat.values[0] / 100, 6))
            elif stat.kind == "ratio" and len(stat.values) == 2 and stat.values[1]:
                percents.add(round(stat.values[0] / stat.values[1] * 100, 6))
    return values, percents


def _sourced(stat: Statistic, known: tuple[set[float], set[float]]) -> bool:
    values, percents = known

    def has(v: float, pool: set[float], tol: float = 0.051) -> bool:
        return any(abs(v - k) <= tol for k in pool)

    if stat.kind == "ratio" and len(stat.values) == 2:
        a, b = stat.values
        return (has(a, values) and has(b, values)) or (b > 0 and has(a / b * 100, percents, 1.0))
    if stat.kind == "percent":
        return has(stat.values[0], percents) or has(stat.values[0] / 100, values, 0.0006)
    return all(has(v, values) for v in stat.values)


def check(ctx: CheckContext) -> list[Flag]:
    """Flag each statistic whose value is not among the abstract's numbers."""
    paper = ctx.paper
    if paper is None or not paper.abstract.strip():
        return []
    known = abstract_numbers(paper)
    listed = ", ".join(m.group(0) for m in _ALL_NUMBERS.finditer(paper.abstract)) or "none"
    flags: list[Flag] = []
    for sentence in ctx.article.sentences:
        for stat in statistics(ctx.article.text, sentence.start, sentence.end):
            if _sourced(stat, known):
                continue
            quote = ctx.article.text[stat.start:stat.end]
            flags.append(make_flag(
                "unsourced-number", ctx.article, stat.start, stat.end, severity="low",
                message=f"'{quote}' appears nowhere in the paper's abstract; the editor must source it.",
                evidence=[metadata_evidence("abstract", f"numbers in the abstract: {listed}",
                                            "the article's number is not among them")],
                suggestion="Give the source of this number (and a link), or cut it.",
                confidence=0.6))
    return flags
