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

from caveat.analysis.sources import family_key, person_spans, surnames
from caveat.analysis.spans import make_flag, metadata_evidence
from caveat.core.models import Article, Flag, Paper, Severity
from caveat.rules.context import CheckContext
from caveat.rules.declaration import CheckDeclaration, Example

__all__ = ["check", "dates_differ", "same_journal", "same_title"]

_SLEEP = Paper(
    title="Screen time and sleep in teenagers",
    authors=["Hanna Voss", "Kwame Asante"],
    journal="Journal of Adolescent Sleep",
    published="2024-02-12",
    abstract="Teenagers with more evening screen time slept less.",
)
DECLARATION = CheckDeclaration(
    id="citation-mismatch",
    severity="high",
    other_severities=("medium", "low"),
    severity_note="medium or low for a date off by weeks or months",
    items=(12,),
    summary="journal, year, authors or title differ from the paper the DOI resolves to",
    title="The journal, date, authors or title cited do not match the paper",
    todo="Correct the journal, date, authors or title to match the paper.",
    compares="article vs paper metadata",
    fires=(Example("Screens and sleep\n\nThe study, published in the Lancet, found that teenagers with more "
                   "screen time slept less.", _SLEEP),),
    does_not_fire=(Example("Screens and sleep\n\nThe study, published in the Journal of Adolescent Sleep, found "
                           "that teenagers with more screen time slept less.", _SLEEP),),
)

_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"]
_MONTH_RE = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|" \
            r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
_DATE = re.compile(r"\b(?:(?P<d1>\d{1,2})\s+(?P<m1>" + _MONTH_RE + r")\.?,?\s+(?P<y1>(?:19|20)\d\d)|(?P<m2>"
                   + _MONTH_RE + r")\.?\s+(?P<d2>\d{1,2}),?\s+(?P<y2>(?:19|20)\d\d))\b")
_JOURNAL_WORD = r"(?:[A-Z][\w&’'-]*|[a-z]+[A-Z][\w-]*)"
_JOINER = r"[ \t]+(?:(?:of|and|&|for|in)[ \t]+(?:the[ \t]+)?)?"
_JOURNAL_NAME = _JOURNAL_WORD + r"(?:" + _JOINER + _JOURNAL_WORD + r")*"
"""A journal name on one line: capitalised words joined by of/and/&/for/in, never across a full stop or a line."""
_PUBLISHED_IN = re.compile(
    r"\bpublished[ \t]+(?:online[ \t]+|today[ \t]+|this week[ \t]+|recently[ \t]+|on[ \t]+\w+[ \t]+|"
    r"earlier this \w+[ \t]+|last \w+[ \t]+)?in[ \t]+(?:the[ \t]+(?:journal[ \t]+)?)?[\"“]?(?P<j>" + _JOURNAL_NAME
    + r")|\bin the journal[ \t]+[\"“]?(?P<j2>" + _JOURNAL_NAME + r")"
)
_CALENDAR = re.compile(r"[ \t]+(?:on|in|this|last)?[ \t]*(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun|Jan|Feb|Mar|Apr|May|Jun|Jul|"
                       r"Aug|Sep|Oct|Nov|Dec)[a-z]*\b.*$")
_PUBLISHERS = re.compile(
    r"^(?:Elsevier|Springer(?: Nature)?|Wiley(?:-Blackwell)?|Taylor (?:&|and) Francis|SAGE(?: Publications)?|"
    r"Cell Press|Nature (?:Research|Portfolio|Publishing Group)|American Chemical Society|ACS|Oxford University "
    r"Press|Cambridge University Press|MDPI|Frontiers|IOP Publishing|AAAS|De Gruyter|Karger|Thieme|Hindawi|"
    r"BioMed Central|Royal Society of Chemistry|Lippincott|Wolters Kluwer|IEEE|PLOS|Public Library of Science)$",
    re.IGNORECASE,
)
"""Publishers, which news copy often names where the journal should be: a publisher is not a journal claim."""
_OTHER_WORK = re.compile(
    r"\b(?:previous(?:ly)?|earlier|prior|past|another|an older|last year|a \d{4} (?:study|paper|trial|review)|"
    r"in \d{4},|(?:19|20)\d\d (?:study|paper|trial|review))\b",
    re.IGNORECASE,
)
"""A sentence about other work: its journal, authors and year are not claims about this paper."""
_YEAR_CLAIM = re.compile(r"\((?:[^()]{0,40}[\s,;])?(?P<y>(?:19|20)\d\d)[^()]{0,20}\)|\bpublished\b[^.]{0,40}?\b"
                         r"(?P<y2>(?:19|20)\d\d)\b")
_ET_AL = re.compile(r"\b(?P<name>[A-Z][a-z'’-]+(?:[- ][A-Z][a-z'’-]+)?)\s+et al\b")
_REFERENCE = re.compile(r"^\s*(?:Reference|Citation|Source|Study|Paper|Journal reference)s?:\s*", re.IGNORECASE)
_QUOTED_TITLE = re.compile(r"[“\"](?P<t>[^”\"]{10,})[”\"]")
_BY_AUTHORS = re.compile(r"\bby\s+(?P<names>[^“”\"]+?)(?:,\s*(?:\d|" + _MONTH_RE + r")|\.\s*$|$)")
_SKIP = {"of", "the", "and", "&", "for", "in"}
_SURNAME = re.compile(r"[A-Z][a-z'’-]+(?:[- ][A-Z][a-z'’-]+)?")
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


def _sentence_at(text: str, start: int, end: int) -> str:
    """The sentence (one line at most) around [start, end): the scope a citation's words are read in."""
    a = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, 0)
    stops = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    return text[a:min(stops) if stops else len(text)]


def _journal_claim(raw: str) -> str:
    """The journal an article names, cleaned of a trailing date or weekday and of quote marks; '' for a publisher."""
    name = _CALENDAR.sub("", raw.strip().strip("\"“”.")).strip()
    name = re.sub(r"(?:[ \t]+(?:of|and|&|for|in|the|on))+$", "", name)
    return "" if not name or _PUBLISHERS.match(name) or name.split()[0].lower() in _MONTHS else name


def _complete_authors(paper: Paper) -> bool:
    """Whether the paper's author list can prove somebody is not an author (a consortium or 'et al.' cannot)."""
    listed = " ".join(paper.authors)
    return bool(paper.authors) and not re.search(
        r"\bet al\b|\b(?:Group|Consortium|Investigators|Collaboration|Collaborators)\b", listed)


def _is_person(author: str) -> bool:
    """A claimed author that is a person's name or surname, not an institution, a place or a gene name."""
    return bool(person_spans(author) or _SURNAME.fullmatch(author))


def _check_citations(ctx: CheckContext, paper: Paper, out: _Collector, compare_journal: bool) -> None:
    names = surnames(paper)
    text = ctx.article.text
    for c in ctx.citations:
        d, s = c.details, c.span
        sentence = _sentence_at(text, s.start, s.end)
        if c.kind != "bibliographic" or _OTHER_WORK.search(sentence):
            continue
        claimed = _journal_claim(d.get("journal", ""))
        if compare_journal and claimed and paper.journal and not same_journal(claimed, paper.journal):
            out.add(s.start, s.end, "journal", claimed, paper.journal, "journal")
        year = d.get("year", "")
        verified = d.get("found_as") == "reference line" or any(
            year == (m.group("y") or m.group("y2")) for m in _YEAR_CLAIM.finditer(sentence))
        if year.isdigit() and verified and paper.year and int(year) != paper.year:
            out.add(s.start, s.end, "year", year, str(paper.year), "published")
        author = re.sub(r"\bet al\.?", "", d.get("author", "")).strip()
        if author and names and _complete_authors(paper) and _is_person(author):
            family = author.replace(",", " ").split()
            if family and not any(family_key(w) in names for w in family):
                out.add(s.start, s.end, "author", author, ", ".join(paper.authors[:3]), "authors")
        title_cue = re.search(r"\b(?:titled|entitled)\s*[\"“‘']?$", text[max(0, s.start - 40):s.start + 1])
        if d.get("title") and paper.title and (title_cue or d.get("found_as") == "reference line") \
                and not same_title(d["title"], paper.title):
            out.add(s.start, s.end, "title", d["title"], paper.title, "title")


def _wrapped_name(text: str, start: int, journal: str) -> bool:
    """The paper's journal named across a line break ("the Journal of\nImaginary Nutrition"): the name read on one
    line is cut short, and the article is right. Compared with the whitespace of the article's text folded."""
    following = " ".join(text[start:start + len(journal) + 40].split()).casefold()
    return following.startswith(" ".join(journal.split()).casefold())


def _check_text(ctx: CheckContext, paper: Paper, out: _Collector, compare_journal: bool) -> None:
    text = ctx.article.text
    names = surnames(paper)
    if compare_journal and paper.journal:
        for m in _PUBLISHED_IN.finditer(text):
            group = "j" if m.group("j") else "j2"
            claimed = _journal_claim(m.group(group))
            if not claimed or _OTHER_WORK.search(_sentence_at(text, m.start(), m.end())):
                continue
            start = m.start(group)
            if not same_journal(claimed, paper.journal) and not _wrapped_name(text, start, paper.journal):
                out.add(start, start + len(claimed), "journal", claimed, paper.journal, "journal")
    if names and _complete_authors(paper):
        for m in _ET_AL.finditer(text):
            family = family_key(m.group("name"))
            year = re.match(r"\.?,?\s*\(?((?:19|20)\d\d)", text[m.end():m.end() + 12])
            other = _OTHER_WORK.search(_sentence_at(text, m.start(), m.end()))
            if family not in names and not other and not (year and paper.year and int(year.group(1)) != paper.year):
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
            if family_key(n.group(0)) not in names:
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
