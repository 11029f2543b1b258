"""Marked article HTML: exact spans, strongest severity on overlaps, nothing from the text becomes markup."""

from __future__ import annotations

from bs4 import BeautifulSoup

from caveat.core.models import Evidence, Flag, Span
from caveat.report.highlight import abstract_html, article_html


def _flag(check: str, start: int, end: int, text: str, severity: str = "medium") -> Flag:
    return Flag(
        id=f"{check}:{start}-{end}",
        check=check,
        severity=severity,
        message="m",
        article_span=Span(start=start, end=end, text=text[start:end]),
    )


def test_marks_cover_exact_words_and_overlaps_take_the_higher_severity() -> None:
    text = "Miracle cure found in mice"
    flags = [_flag("hype", 0, 12, text, "medium"), _flag("animal-to-human", 8, 26, text, "high")]
    soup = BeautifulSoup(article_html(text, flags, selected="hype:0-12"), "html.parser")
    marks = soup.find_all("mark")
    assert [m.get_text() for m in marks] == ["Miracle ", "cure", " found in mice"]
    assert marks[0]["class"] == ["cv-medium", "cv-selected"]
    assert marks[1]["class"][0] == "cv-high" and "hype" in marks[1]["title"] and "animal-to-human" in marks[1]["title"]
    assert "cv-selected" not in marks[2]["class"]
    assert soup.get_text().endswith(text)


def test_hostile_text_stays_text() -> None:
    text = 'Headline <script>alert(1)</script> and "><img src=x onerror=alert(2)>'
    html = article_html(text, [_flag("hype", 9, 35, text)])
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None and soup.find("img") is None
    assert "<script>alert(1)</script>" in soup.get_text()


def test_abstract_marks_only_abstract_evidence_with_offsets() -> None:
    abstract = "We studied rats. Results suggest a benefit."
    ev = [
        Evidence(kind="abstract", start=17, end=43, text=abstract[17:43]),
        Evidence(kind="metadata", text="x", field="status"),
    ]
    soup = BeautifulSoup(abstract_html(abstract, ev), "html.parser")
    assert [m.get_text() for m in soup.find_all("mark")] == ["Results suggest a benefit."]


def test_out_of_range_spans_are_ignored_not_crashing() -> None:
    text = "Short"
    flags = [_flag("hype", 0, 5, text)]
    bad = Flag(id="x", check="hype", severity="low", message="m", article_span=Span(start=3, end=99, text="rt"))
    soup = BeautifulSoup(article_html(text, [*flags, bad]), "html.parser")
    assert [m.get_text() for m in soup.find_all("mark")] == ["Short"]
