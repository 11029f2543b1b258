"""Quantities as an editor reads them: a figure in a story compared, as a number, with the figures of the paper.

A story rarely copies the abstract's digits. It rounds ("more than 800,000" for 805,753), turns a proportion into
words ("two out of three", "three-quarters"), a hazard ratio into a percentage ("65% higher" for HR 1.65), and a
count into a scaled figure ("43,000"). Comparing strings calls all of those unsourced, which is false; comparing
without tolerance does too. So each quantity carries its kind, its values and the qualifier the writer put in front
of it ("about", "more than", "almost"), and `sourced` accepts the abstract's figure when a careful writer could
have written the story's words from it, and only then. Kinds read here, and nothing else (every other digit, such
as a date, an age, a gene name or a dose label, is not a finding an editor must source):

- percent ("40%", "40 per cent", "60-70%"), percentile ("90th-percentile"), ratio ("1 in 4", "8 out of 10"),
  fraction ("one-sixth", "a third of", "three-quarters"), fold ("3-fold higher", "4.3 times more", "twice as
  likely"), count ("3,000 patients", "20 different conditions"), scaled ("200 million megawatt hours"), duration
  as a finding ("over the past 25 years", "at least 100,000 years"), and a year range used as a finding ("stored
  between 1993 and 2013"), but only with a verb or noun that reports or forecasts in the same sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from caveat.analysis.profile import number_value

__all__ = [
    "FINDING_KINDS", "NumberPool", "Quantity", "figure_key", "findings", "number_pool", "read_quantities",
    "same_figure", "sourced", "value_of",
]

_WORDNUM = (r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
            r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety")
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|" + _WORDNUM + r")"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SCALE_WORD = r"(?:thousand|million|billion|trillion)"
_COUNT_NOUNS = (r"people|patients|participants|adults|children|kids|teenagers|teens|adolescents|women|men|mice|rats|"
                r"volunteers|cases|deaths|individuals|students|subjects|americans|britons|users|smokers|babies|"
                r"infants|workers|residents|pregnancies|survivors|sufferers|respondents|animals|dogs|households|"
                r"families|doctors|nurses|hospitals|schools|countries|species|genes|variants|"
                r"conditions|diseases|infections|hospitali[sz]ations|admissions|births|galaxies|stars|"
                r"insects|birds|plants|trees|fish|veterans|employees|consumers|drivers|twins|siblings|girls|boys")
_FRACTION_WORDS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
                   "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
                   "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10}
_DENOM = r"(?:thirds?|quarters?|fourths?|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?)"
_NUMER = r"(?:a|one|two|three|four|five|six|seven|eight|nine)"
_QUALIFIER = re.compile(
    r"(?P<q>about|around|approximately|roughly|nearly|almost|some|more\s+than|over|at\s+least|less\s+than|under|"
    r"fewer\s+than|up\s+to|just\s+over|just\s+under|close\s+to|an\s+estimated|upwards\s+of|as\s+many\s+as|"
    r"as\s+much\s+as|well\s+over|roughly)\s+$", re.IGNORECASE)
_QUALIFIER_KIND = {"more than": "more", "over": "more", "at least": "more", "just over": "more", "upwards of": "more",
                   "well over": "more", "nearly": "less", "almost": "less", "less than": "less", "under": "less",
                   "fewer than": "less", "up to": "less", "close to": "less", "just under": "less",
                   "as many as": "less", "as much as": "less"}
_CHANGE = (r"(?:higher|lower|increase[sd]?|rise|rises|more|less|greater|smaller|reduction|decrease[sd]?|drop|"
           r"fall|risk|likelier|enrichment|improvement|change|difference|excess|boost|jump|gain|faster|slower|"
           r"stronger|weaker|larger|elevat\w+|reduc\w+)")
_CHANGE_BEFORE = r"(?:increas\w*|rose|rise[sn]?|grew|grow[sn]?|jump\w*|fell|f[ae]ll\w*|drop\w*|boost\w*|multipl\w+|" \
                 r"enhanc\w*|reduc\w*|improv\w*|declin\w*|by|up|down)"
_YEAR = r"(?:1[6-9]\d\d|20\d\d)"
_FINDING_CONTEXT = re.compile(
    r"\b(?:stor\w+|collect\w+|record\w+|gather\w+|measur\w+|stud(?:y|ied)|analy[sz]\w+|follow\w+|track\w+|"
    r"sampl\w+|survey\w+|data|will|could|would|predict\w*|project\w*|forecast\w*|estimat\w+|expect\w*|found|"
    r"show\w*|decline\w*|collaps\w*|r[io]se|increas\w+|fell|warm\w*|lost|loss)\b", re.IGNORECASE)
_NOT_UNIT = (r"(?:of|in|and|to|or|after|before|ago|later|earlier|back|old|from|for|on|at|by|with|than|that|the|a|"
             r"an|is|are|was|were|will|would|could|each|per|across|around|over|under)\b")
"""Words that end a scaled figure's unit ("600 million years after": the unit is "years")."""
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("percent", re.compile(r"(?<![\w.,])(?P<a>" + _DIGITS + r")\s?(?:-|–|to)\s?(?P<b>" + _DIGITS
                           + r")\s?(?:%|per ?cent\b)", re.IGNORECASE)),
    ("percent", re.compile(r"(?<![\w.,])(?P<a>" + _NUM + r")\s?(?:%|per ?cent\b)", re.IGNORECASE)),
    ("percentile", re.compile(r"(?<![\w.,])(?P<a>\d{1,2})(?:st|nd|rd|th)[- ]percentile\b", re.IGNORECASE)),
    ("ratio", re.compile(r"(?<![\w.,])(?P<a>" + _NUM + r")\s+(?:out\s+of|in)\s+(?:every\s+)?(?P<b>\d{1,3}(?:,\d{3})+|"
                         r"\d+|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|a hundred|a thousand|"
                         r"hundred|thousand)\b(?:\s+[a-z]+)?", re.IGNORECASE)),
    ("fraction", re.compile(r"\b(?P<n>" + _NUMER + r")-(?P<d>" + _DENOM + r")\b", re.IGNORECASE)),
    ("fraction", re.compile(r"\b(?P<n>" + _NUMER + r")\s+(?P<d>" + _DENOM + r")\s+of\b(?!\s+(?:a|an)\s+(?:century|"
                            r"hour|mile|day|year|second|minute|kilometre|kilometer|inch|metre|meter)\b)",
                            re.IGNORECASE)),
    ("fraction", re.compile(r"\b(?:nearly|almost|around|roughly|about|more\s+than|over|less\s+than|just\s+over|"
                            r"just\s+under|close\s+to)\s+(?P<d>half)\s+(?:of|the)\b", re.IGNORECASE)),
    ("years", re.compile(r"\b(?:between|from)\s+(?:the\s+years\s+)?(?P<a>" + _YEAR + r")\s+(?:and|to|until|through)\s+"
                         r"(?P<b>" + _YEAR + r")\b", re.IGNORECASE)),
    ("duration", re.compile(r"\b(?:past|last|next|least|than|over|for|within|spanning|some|about|around|nearly|"
                            r"almost) (?P<a>" + _NUM + r")\s+(?:years?|decades?|centuries|months?|weeks?)\b"
                            r"(?!\s+(?:old|ago|apart|of\s+age)\b)"
                            r"(?!\s+(?:later|earlier|before|after)\b(?!\s+than\b))(?!-)", re.IGNORECASE)),
    ("count", re.compile(r"(?<![\w.,/$£€-])(?P<a>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(?P<scale>" + _SCALE_WORD
                         + r"))?\s+(?:[a-z-]+\s+){0,2}?(?:" + _COUNT_NOUNS + r")\b", re.IGNORECASE)),
    ("count", re.compile(r"(?<![\w.,/$£€-])(?P<a>" + _NUM + r")\s+(?:different|distinct|separate|unique)\s+"
                         r"[a-z]+s\b", re.IGNORECASE)),
    ("scaled", re.compile(r"(?<![\w.,$£€])(?P<a>" + _DIGITS + r")\s+(?P<scale>" + _SCALE_WORD + r")\b"
                          r"(?!\s+(?:dollars|pounds|euros|yen|francs)\b)(?:\s+(?!" + _NOT_UNIT + r")[a-z-]+){0,2}",
                          re.IGNORECASE)),
    ("fold", re.compile(r"(?<![\w.,])(?P<a>" + _NUM + r")-fold\b", re.IGNORECASE)),
    ("fold", re.compile(r"(?<![\w.,])(?P<a>" + _NUM + r")(?:\s+times)(?=(?:\s+(?:and|or|to)\s+" + _NUM + r"\s+times)?"
                        r"\s+(?:more|less|higher|lower|greater|larger|smaller|faster|slower|as\s+likely|the\s+risk|"
                        r"as\s+many|as\s+much|as\s+high|likelier|more\s+likely|less\s+likely)\b)", re.IGNORECASE)),
    ("fold", re.compile(r"\b(?P<word>twice|double|triple|half)\s+(?:as\s+likely|the\s+risk|as\s+many|as\s+much)\b",
                        re.IGNORECASE)),
]
FINDING_KINDS = frozenset({"percent", "percentile", "ratio", "fraction", "fold", "count"})
"""The kinds that state how many or how much was found; scaled amounts, durations and year ranges are figures an
editor must source, but they do not quantify a result."""
_PROTECTED = re.compile(r"\b10\.\d{4,9}/\S+|\bhttps?://\S+|\bwww\.\S+|\bdoi:\s*\S+", re.IGNORECASE)
_ALL_NUMBERS = re.compile(r"(?<![\w.])(" + _NUM + r")(?:\s+(" + _SCALE_WORD + r"))?(?![\w])", re.IGNORECASE)
_RATIO_MEASURE = re.compile(r"\b(?:[Hh]azard|[Oo]dds|[Rr]isk|[Rr]ate|[Ii]ncidence)\s+[Rr]atios?\b|"
                            r"\b[Rr]elative\s+[Rr]isks?\b|\b(?:a?HRs?|a?ORs?|RRs?|IRRs?|SHRs?)\b")
"""Ratio measures, case-sensitive for the abbreviations: 'OR' is an odds ratio, 'or' is a conjunction."""
_WORD_VALUES = {"twice": 2.0, "double": 2.0, "triple": 3.0, "half": 0.5}
_NUMERATOR = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
              "nine": 9, "": 1}


@dataclass(frozen=True)
class Quantity:
    """One figure in a text: what kind it is, where it is, its values and the writer's qualifier.

    values are numbers as written (a percentage as 40.0, a fraction as a percentage of the whole, a ratio as its
    two terms); places is the number of decimals written, so that "1.7" is compared to one decimal place.
    """

    kind: str
    start: int
    end: int
    values: tuple[float, ...]
    qualifier: str = ""
    places: int = 0


@dataclass
class NumberPool:
    """The figures of a paper: every number (scaled), and every percentage, including conversions."""

    values: set[float] = field(default_factory=set)
    percents: set[float] = field(default_factory=set)


def value_of(token: str) -> float | None:
    """'1,204' -> 1204.0, 'twelve' -> 12.0, '4.5' -> 4.5, 'a hundred' -> 100.0; None for anything else."""
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


def _qualifier(text: str, start: int) -> str:
    m = _QUALIFIER.search(text[max(0, start - 30):start])
    if m is None:
        return ""
    word = re.sub(r"\s+", " ", m.group("q").lower())
    return _QUALIFIER_KIND.get(word, "about")


def _places(token: str) -> int:
    return len(token.split(".", 1)[1]) if "." in token else 0


def _values(kind: str, m: re.Match[str]) -> tuple[float, ...] | None:
    """The values of a match, or None when it is not a finding after all (a date read as a ratio, a year)."""
    groups = m.groupdict()
    if groups.get("word"):
        return (_WORD_VALUES[groups["word"].lower()],)
    if kind == "fraction":
        numerator = _NUMERATOR[(groups.get("n") or "").lower()]
        return (round(numerator / _FRACTION_WORDS[groups["d"].lower()] * 100, 6),)
    a = value_of(groups["a"])
    if a is None:
        return None
    if groups.get("scale"):
        a *= _SCALE[groups["scale"].lower()]
    if kind in ("count", "duration") and 1900 <= a <= 2100 and "," not in groups["a"]:
        return None
    b = value_of(groups["b"]) if groups.get("b") else None
    if kind == "ratio" and b is not None and 1900 <= b <= 2100 and "," not in groups["b"]:
        return None  # "5 in 2019" is a date, not a ratio
    return (a,) if b is None else (a, b)


_FOLD_AFTER = re.compile(r"\s+(?:an?\s+)?" + _CHANGE + r"\b", re.IGNORECASE)
_FOLD_BEFORE = re.compile(r"\b" + _CHANGE_BEFORE + r"\s+(?:\w+\s+)?(?:an?\s+|some\s+|about\s+|nearly\s+)?$",
                          re.IGNORECASE)


def _fold_compares(text: str, start: int, end: int) -> bool:
    """'N-fold' is a statistic only next to a change ('rose 3-fold', 'a 3-fold higher risk'), not before a noun."""
    return bool(_FOLD_AFTER.match(text, end) or _FOLD_BEFORE.search(text[max(0, start - 40):start]))


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(".", 0, start), text.rfind("\n", 0, start)) + 1
    right_candidates = [i for i in (text.find(".", end), text.find("\n", end)) if i != -1]
    return text[left:min(right_candidates) if right_candidates else len(text)]


_GATES: dict[str, tuple[str, ...]] = {
    "percent": ("%", "per"), "percentile": ("percentile",), "ratio": (" in ", " out of "),
    "fraction": ("half", "third", "quarter", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"),
    "years": ("between", "from"), "duration": ("year", "decade", "centur", "month", "week"),
    "count": ("",), "scaled": ("illion", "thousand"), "fold": ("fold", "times", "twice", "double", "triple", "half"),
}
"""Words a line must hold before a kind's pattern is run on it: most lines of a story hold no figure at all, and a
substring test costs far less than the patterns."""


_WORDS_HINT = re.compile(r"\b(?:" + _WORDNUM + r"|half|thirds?|quarters?|fourths?|fifths?|sixths?|sevenths?|"
                         r"eighths?|ninths?|tenths?|twice|double|triple)\b")


def read_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """The quantities in text[start:end], line by line (a figure does not run across a paragraph break)."""
    stop = len(text) if end is None else end
    found: list[Quantity] = []
    pos = start
    while pos < stop:
        newline = text.find("\n", pos, stop)
        line_end = stop if newline == -1 else newline
        if line_end > pos:
            found.extend(_read_line(text, pos, line_end))
        pos = line_end + 1
    return found


def _read_line(text: str, start: int, stop: int) -> list[Quantity]:
    """The quantities in text[start:stop], longest kind first where two overlap ("8 out of 10 people")."""
    line = text[start:stop].lower()
    if not any(ch.isdigit() for ch in line) and not _WORDS_HINT.search(line):
        return []
    protected = [m.span() for m in _PROTECTED.finditer(text, start, stop)]
    found: list[Quantity] = []
    for kind, pattern in _PATTERNS:
        if not any(gate in line for gate in _GATES[kind]):
            continue
        for m in pattern.finditer(text, start, stop):
            if any(a <= m.start() < b for a, b in protected):
                continue
            if any(q.start < m.end() and m.start() < q.end for q in found):
                continue
            values = _values(kind, m)
            if values is None:
                continue
            if kind == "years" and not _FINDING_CONTEXT.search(_sentence_around(text, m.start(), m.end())):
                continue
            if m.group(0).lower().endswith("-fold") and not _fold_compares(text, m.start(), m.end()):
                continue  # "six-fold symmetry" is a shape, not a statistic
            token = m.groupdict().get("a") or ""
            begin = m.start("a") if kind == "duration" else m.start()  # the lead word is context, not the figure
            found.append(Quantity(kind, begin, m.end(), values, _qualifier(text, begin), _places(token)))
    return sorted(found, key=lambda q: q.start)


def findings(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """The quantities that state how many or how much was found (FINDING_KINDS)."""
    return [q for q in read_quantities(text, start, end) if q.kind in FINDING_KINDS]


def number_pool(texts: Iterable[str]) -> NumberPool:
    """Every figure of the texts (a paper's abstract, title, sections), with the forms a story may turn them into.

    A percentage is also a proportion (40% -> 0.4); a ratio, a fraction or a fold is also a percentage ("1 in 4"
    -> 25); when the text reports ratio measures (hazard, odds, risk ratios), each decimal below 20 is also the
    percentage change it stands for (HR 1.65 -> 65, HR 0.75 -> 25), since that is how stories report them.
    """
    pool = NumberPool()
    for text in texts:
        ratios = bool(_RATIO_MEASURE.search(text))
        for m in _ALL_NUMBERS.finditer(text):
            v = value_of(m.group(1))
            if v is None:
                continue
            if m.group(2):
                v *= _SCALE[m.group(2).lower()]
            pool.values.add(v)
            if ratios and "." in m.group(1) and 0 < v < 20:
                pool.percents.add(round(abs(v - 1) * 100, 6))
        for q in read_quantities(text):
            _add_quantity(pool, q)
    return pool


def _add_quantity(pool: NumberPool, q: Quantity) -> None:
    if q.kind == "percent":
        for v in q.values:
            pool.percents.add(v)
            pool.values.add(round(v / 100, 6))
    elif q.kind == "ratio" and len(q.values) == 2 and q.values[1]:
        pool.percents.add(round(q.values[0] / q.values[1] * 100, 6))
    elif q.kind == "fraction":
        pool.percents.add(q.values[0])
    elif q.kind == "fold":
        pool.percents.update({round((q.values[0] - 1) * 100, 6), round(q.values[0] * 100, 6)})


def _rounding(places: int) -> float:
    return 0.5 * 10 ** -places + 1e-9


def _count_window(v: float, qualifier: str) -> tuple[float, float]:
    """The abstract values a story's count could stand for: a round figure covers what it rounds."""
    digits = f"{v:.0f}" if v == int(v) else ""
    zeros = len(digits) - len(digits.rstrip("0")) if digits and v >= 100 else 0
    unit = min(10.0 ** zeros, 0.1 * v) if zeros >= 2 else max(1.0, 0.05 * v) if qualifier else 0.0
    if qualifier == "more":
        return v, v + 2 * unit
    if qualifier == "less":
        return v - 2 * unit, v
    half = unit / 2 if unit else 0.051
    return v - half, v + half


def _has(v: float, pool: set[float], tol: float) -> bool:
    return any(abs(v - k) <= tol for k in pool)


def _number_sourced(v: float, q: Quantity, pool: NumberPool) -> bool:
    if _has(v, pool.values, _rounding(q.places)):
        return True
    lo, hi = _count_window(v, q.qualifier)
    return any(lo - 1e-9 <= k <= hi + 1e-9 for k in pool.values)


def sourced(q: Quantity, pool: NumberPool) -> bool:
    """True when the paper's figures contain this quantity, allowing for rounding, qualifiers and conversions."""
    loose = 2.5  # points: "about one in five" for 21.7%, "almost two out of three" for 65%
    if q.kind == "ratio" and len(q.values) == 2:
        a, b = q.values
        if _has(a, pool.values, 0.051) and _has(b, pool.values, 0.051):
            return True
        tol = loose if (b <= 10 or q.qualifier) else 1.0
        return b > 0 and _has(a / b * 100, pool.percents, tol)
    if q.kind == "fraction":
        return _has(q.values[0], pool.percents, loose)
    if q.kind == "percent":
        tol = loose if q.qualifier else _rounding(q.places)
        return all(_has(v, pool.percents, tol) or _has(v / 100, pool.values, 0.0006) for v in q.values)
    if q.kind == "fold":
        v = q.values[0]
        return (_has(v, pool.values, max(_rounding(q.places), 0.05 * v))
                or _has((v - 1) * 100, pool.percents, loose) or _has(v * 100, pool.percents, loose))
    if q.kind == "years":
        return all(_has(v, pool.values, 0.0) for v in q.values)
    return all(_number_sourced(v, q, pool) for v in q.values)


def figure_key(q: Quantity) -> tuple[str, tuple[float, ...]]:
    """What a quantity says, whatever its form: "a fifth of" and "20 per cent" are one share of 20."""
    if q.kind in ("percent", "fraction"):
        return "share", tuple(round(v, 1) for v in q.values)
    if q.kind == "ratio" and len(q.values) == 2 and q.values[1]:
        return "share", (round(q.values[0] / q.values[1] * 100, 1),)
    return q.kind, tuple(round(v, 3) for v in q.values)


def same_figure(a: Quantity, b: Quantity) -> bool:
    """Two mentions of one figure ("65%" twice, "a fifth" and "20 per cent"): one flag is enough for both."""
    return figure_key(a) == figure_key(b)
