"""citation-mismatch: the article's journal, date, authors or title differ from the paper it cites.

The article's claims come from the citations' details (journal, author, year, title, as the citation finder read
them), from "published in X" / "in the journal X", from "Surname et al.", and from a reference line
('Reference: "Title" by A, B and C, 13 November 2023, Journal.'). Journals match loosely (case, "the", acronyms
such as JAMA or NEJM, ISO abbreviations such as "J. Am. Med. Assoc."), because a different spelling of the same
journal is not an error. Dates get a tolerance: online-first, issue and time-zone dates of one paper routinely
differ by a day or two, so up to 3 days is no mismatch; up to 60 days is a low-severity note; beyond that, or a
different year, is a real error. For preprints the journal is not compared (the preprint check owns that).
"""

from __future__ import annotations

import re
from datetime import date

from caveat.analysis.sources import surnames
from caveat.analysis.spans import make_flag, metadata_evidence
from caveat.core.models import Article, Flag, Paper, Severity
from caveat.rules.context import CheckContext

__all__ = ["check", "dates_differ", "same_journal", "same_title"]

_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"]
_MONTH_RE = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|" \
            r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
_DATE = re.compile(r"\b(?:(?P<d1>\d{1,2})\s+(?P<m1>" + _MONTH_RE + r")\.?,?\s+(?P<y1>(?:19|20)\d\d)|(?P<m2>"
                   + _MONTH_RE + r")\.?\s+(?P<d2>\d{1,2}),?\s+(?P<y2>(?:19|20)\d\d))\b")
_JOURNAL_WORD = r"(?:[A-Z][\w&’'.-]*|[a-z]+[A-Z][\w-]*)"
_PUBLISHED_IN = re.compile(
    r"\bpublished\s+(?:online\s+|today\s+|this week\s+|recently\s+|"
    r"earlier this \w+\s+)?in\s+(?:the\s+(?:journal\s+)?)?(?P<j>" + _JOURNAL_WORD
    + r"(?:\s+(?:of\s+(?:the\s+)?|and\s+|&\s+|for\s+)?" + _JOURNAL_WORD + r")*)"
    r"|\bin the journal\s+(?P<j2>" + _JOURNAL_WORD + r"(?:\s+(?:of\s+(?:the\s+)?|and\s+|&\s+)?" + _JOURNAL_WORD
    + r")*)"
)
_ET_AL = re.compile(r"\b(?P<name>[A-Z][a-z'’-]+(?:[- ][A-Z][a-z'’-]+)?)\s+et al\b")
_REFERENCE = re.compile(r"^\s*(?:Reference|Citation|Source|Study|Paper|Journal reference)s?:\s*", re.IGNORECASE)
_QUOTED_TITLE = re.compile(r"[“\"](?P<t>[^”\"]{10,})[”\"]")
_BY_AUTHORS = re.compile(r"\bby\s+(?P<names>[^“”\"]+?)(?:,\s*(?:\d|" + _MONTH_RE + r")|\.\s*$|$)")
_SKIP = {"of", "the", "and", "&", "for", "in"}
_JOURNAL_START = re.compile(r"\b(?:Journal|Proceedings|Annals|Archives|Bulletin|Transactions)\b|\bThe Lancet\b")


def _norm(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", text.lower().replace("’", "'")) if w != "the"]


def same_journal(claimed: str, journal: str) -> bool:
    """Equal after normalising, or one an acronym / ISO abbreviation / prefix of the other."""
    a, b = _norm(claimed), _norm(journal)
    if not a or not b:
        return True
    if a == b or (" ".join(a).startswith(" ".join(b)) and len(a) - len(b) <= 1):
        return True
    for short, long in ((a, b), (b, a)):
        words = [w for w in long if w not in _SKIP]
        if len(short) == 1 and short[0] == "".join(w[0] for w in words):
            return True
        if len(short) == len(words) and all(w.startswith(s) for s, w in zip(short, words, strict=True)):
            return True
    return False


def same_title(claimed: str, title: str) -> bool:
    a, b = set(_norm(claimed)), set(_norm(title))
    return not a or not b or len(a & b) / len(a | b) >= 0.6


def _parse_date(m: re.Match[str]) -> date | None:
    day, month, year = (m.group("d1"), m.group("m1"), m.group("y1")) if m.group("y1") else (
        m.group("d2"), m.group("m2"), m.group("y2"))
    idx = next((i for i, name in enumerate(_MONTHS) if name.startswith(month.lower()[:3])), None)
    try:
        return date(int(year), idx + 1, int(day)) if idx is not None else None
    except ValueError:
        return None


def dates_differ(claimed: date, published: str) -> tuple[int, Severity] | None:
    """(days apart, severity) when the dates differ by more than the tolerance; None when they agree."""
    try:
        paper_date = date.fromisoformat(published[:10])
    except ValueError:
        year = published[:4]
        if year.isdigit() and int(year) != claimed.year:
            return abs(int(year) - claimed.year) * 365, "high"
        return None
    days = abs((claimed - paper_date).days)
    if days <= 3:
        return None
    if days <= 60:
        return days, "low"
    return days, "high" if claimed.year != paper_date.year else "medium"


class _Collector:
    def __init__(self, article: Article) -> None:
        self.article = article
        self.flags: dict[str, Flag] = {}

    def add(self, start: int, end: int, what: str, claimed: str, actual: str, field: str,
            severity: Severity = "high", confidence: float = 0.8) -> None:
        flag = make_flag("citation-mismatch", self.article, start, end, severity=severity,
                         message=f"The article gives the {what} as '{claimed}' but the paper's is '{actual}'.",
                         evidence=[metadata_evidence(field, actual, f"the paper's {what}")],
                         suggestion=f"Correct the {what} to '{actual}'.", confidence=confidence)
        self.flags.setdefault(flag.id, flag)


def _check_citations(ctx: CheckContext, paper: Paper, out: _Collector, compare_journal: bool) -> None:
    names = surnames(paper)
    for c in ctx.citations:
        d, s = c.details, c.span
        if compare_journal and d.get("journal") and paper.journal and not same_journal(d["journal"], paper.journal):
            out.add(s.start, s.end, "journal", d["journal"], paper.journal, "journal")
        year = d.get("year", "")
        if year.isdigit() and paper.year and int(year) != paper.year:
            out.add(s.start, s.end, "year", year, str(paper.year), "published")
        author = d.get("author", "")
        if author and names:
            family = re.sub(r"\bet al\.?", "", author).replace(",", " ").split()
            if family and not any(w.lower().strip(".") in names for w in family):
                out.add(s.start, s.end, "author", author, ", ".join(paper.authors[:3]), "authors")
        if d.get("title") and paper.title and not same_title(d["title"], paper.title):
            out.add(s.start, s.end, "title", d["title"], paper.title, "title")


def _check_text(ctx: CheckContext, paper: Paper, out: _Collector, compare_journal: bool) -> None:
    text = ctx.article.text
    names = surnames(paper)
    if compare_journal and paper.journal:
        for m in _PUBLISHED_IN.finditer(text):
            group = "j" if m.group("j") else "j2"
            claimed = m.group(group)
            if claimed.lower() in _MONTHS or claimed.split()[0].lower() in _MONTHS:
                continue
            if not same_journal(claimed, paper.journal):
                out.add(m.start(group), m.end(group), "journal", claimed, paper.journal, "journal")
    if names:
        for m in _ET_AL.finditer(text):
            family = m.group("name").split()[-1].lower()
            if family not in names:
                out.add(m.start("name"), m.end("name"), "first author", m.group("name"),
                        ", ".join(paper.authors[:3]), "authors")
    for sentence in ctx.article.sentences:
        if not _REFERENCE.match(sentence.text) and "doi" not in sentence.text.lower():
            continue
        _check_reference(sentence.start, sentence.text, paper, names, out)


def _check_reference(offset: int, line: str, paper: Paper, names: set[str], out: _Collector) -> None:
    title = _QUOTED_TITLE.search(line)
    if title and paper.title and not same_title(title.group("t"), paper.title):
        out.add(offset + title.start("t"), offset + title.end("t"), "title", title.group("t"), paper.title, "title")
    for m in _DATE.finditer(line):
        when = _parse_date(m)
        differs = dates_differ(when, paper.published) if when and paper.published else None
        if differs:
            days, severity = differs
            out.add(offset + m.start(), offset + m.end(), f"date ({days} days apart)", m.group(0),
                    paper.published, "published", severity=severity, confidence=0.6 if severity == "low" else 0.8)
    by = _BY_AUTHORS.search(line, title.end() if title else 0) if names else None
    if by:
        # A reference line often runs on from the authors into the journal ("... and A. Brooks, Journal of X,
        # 2026"): the author list ends where the paper's journal, or a journal-like name, begins.
        listed = by.group("names")
        cut = _JOURNAL_START.search(listed)
        if paper.journal and paper.journal.lower() in listed.lower():
            at = listed.lower().index(paper.journal.lower())
            cut_at = min(at, cut.start()) if cut else at
        else:
            cut_at = cut.start() if cut else len(listed)
        for n in re.finditer(r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*", listed[:cut_at]):
            if n.group(0).split()[-1].lower().strip(".") not in names:
                start = offset + by.start("names") + n.start()
                out.add(start, start + len(n.group(0)), "author", n.group(0), ", ".join(paper.authors),
                        "authors", severity="medium", confidence=0.6)


def check(ctx: CheckContext) -> list[Flag]:
    paper = ctx.paper
    if paper is None:
        return []
    compare_journal = paper.status not in {"preprint", "conference-abstract"}
    out = _Collector(ctx.article)
    _check_citations(ctx, paper, out, compare_journal)
    _check_text(ctx, paper, out, compare_journal)
    return sorted(out.flags.values(), key=lambda f: f.article_span.start)
