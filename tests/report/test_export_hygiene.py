"""Issue 12, defects 23 (bidi controls in exports), 28 (DOCX quadratic in flags) and 30 (emoji in the PDF)."""

from __future__ import annotations

import io
import zipfile
from typing import Any, ClassVar

import pytest
from docx import Document
from docx.oxml.xmlchemy import BaseOxmlElement

from caveat.core.models import Article, Evidence, Flag, Paragraph, Review, Span
from caveat.core.text import BIDI_CONTROLS, neutralise_bidi
from caveat.report.content import build_content
from caveat.report.writers import pdf as pdf_writer
from caveat.report.writers import write_report
from tests.report.test_writers import READERS, _norm, _span, make_review

RLO = "\u202e"


def _bidi_review() -> Review:
    """The writers' test review with bidi controls in the quote, the headline, the paper title and a note."""
    base = make_review()
    text = base.article.text.replace("cures tiredness", f"cures {RLO}ssenderit\u202c", 1)
    headline = base.article.headline + "\u2067 x\u2069"
    text = text.replace(base.article.headline, headline, 1)
    flags = [base.flags[0].model_copy(update={"article_span": _span(text, f"cures {RLO}ssenderit\u202c")}),
             *base.flags[1:]]
    article = base.article.model_copy(update={"text": text, "headline": headline,
                                              "headline_span": _span(text, headline)})
    paper = base.paper.model_copy(update={"title": "Title \u200f\u061c\u202a\u202b\u202d\u2066\u2068 end"})  # type: ignore[union-attr]
    return base.model_copy(update={"article": article, "flags": flags, "paper": paper,
                                   "notices": [*base.notices, f"note {RLO}x"]})


def _xml_of_docx(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "".join(z.read(name).decode("utf-8") for name in z.namelist() if name.endswith(".xml"))


def test_neutralise_bidi_shows_each_control_as_a_tag() -> None:
    assert neutralise_bidi(f"a{RLO}b\u2066c") == "a[U+202E]b[U+2066]c"
    assert not set(neutralise_bidi(BIDI_CONTROLS)) & set(BIDI_CONTROLS)


def test_no_export_carries_a_raw_bidi_control() -> None:
    review = _bidi_review()
    for fmt in ("md", "html", "docx", "json", "pdf"):
        data = write_report(review, fmt, reviewer=f"Ed {RLO}itor")
        shown = _xml_of_docx(data) if fmt == "docx" else data.decode("utf-8", "replace") if fmt != "pdf" else ""
        if fmt == "pdf":
            shown = READERS["pdf"](data)
        leaked = sorted({f"U+{ord(ch):04X}" for ch in shown if ch in BIDI_CONTROLS})
        assert not leaked, f"{fmt} carries {leaked}"
        if fmt in READERS:
            assert "cures [U+202E]ssenderit[U+202C]" in _norm(READERS[fmt](data))


def test_json_keeps_the_original_text_and_offsets() -> None:
    """The JSON escapes the controls (\\u202e) rather than replacing them: it loads back to the same review, and
    every quote is still the article's text at its offsets."""
    review = _bidi_review()
    data = write_report(review, "json")
    assert b"\\u202e" in data
    loaded = Review.model_validate_json(data)
    assert loaded == review
    span = loaded.flags[0].article_span
    assert loaded.article.text[span.start:span.end] == span.text and RLO in span.text


def _grown(flags: int) -> Review:
    review = make_review()
    extra = [review.flags[i % 4].model_copy(update={"id": f"extra:{i}"}) for i in range(flags - 4)]
    return review.model_copy(update={"flags": [*review.flags, *extra]})


def test_docx_never_rescans_the_body_per_flag(monkeypatch: pytest.MonkeyPatch) -> None:
    """Defect 28: python-docx's add_paragraph finds its place by scanning every child of the body, so a report's
    time grew with flags squared (4,000 flags took minutes). The writer must add each paragraph without a scan:
    the largest element any child lookup walks stays the same whether the report has 20 flags or 300."""
    walked: list[int] = []
    original = BaseOxmlElement.first_child_found_in

    def counting(self: BaseOxmlElement, *tagnames: str) -> object:
        walked.append(len(self))
        return original(self, *tagnames)

    monkeypatch.setattr(BaseOxmlElement, "first_child_found_in", counting)
    widest = []
    for flags in (20, 300):
        walked.clear()
        data = write_report(_grown(flags), "docx")
        assert Document(io.BytesIO(data)).paragraphs  # still a readable document
        widest.append(max(walked))
    assert widest[0] == widest[1] and widest[1] < 50, widest  # before: 201 then 2,441 children walked


EMOJI_NOTICE = "Readers loved it 😀 🚀 👍🏽 👩‍🔬 🐭 ★ and more"
EMOJI_SHOWN = "Readers loved it [GRINNING FACE] [ROCKET] [THUMBS UP SIGN] [WOMAN][MICROSCOPE] [MOUSE FACE]"


@pytest.mark.parametrize("font", ["embedded", "base"])
def test_pdf_emoji_extract_as_text(font: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Defect 30: emoji came out of the PDF as nothing or "?" (reportlab's text map cannot carry characters past
    U+FFFF); each is now written as its Unicode name in brackets, which pypdf extracts, whatever font loaded."""
    if font == "base":
        monkeypatch.setattr(pdf_writer, "fonts", lambda: pdf_writer._Fonts("Helvetica", "Helvetica-Bold", None))
    review = make_review()
    review.notices.append(EMOJI_NOTICE)
    text = _norm(READERS["pdf"](write_report(review, "pdf")))
    assert EMOJI_SHOWN in text
    assert "★" in text or "[BLACK STAR]" in text


def test_pdf_label_table_with_evidence_longer_than_a_page() -> None:
    """Found by tests/test_fuzz.py: a model's verbatim evidence of one very long abstract sentence made a table
    cell taller than a page, and reportlab gave up (LayoutError). Table rows may now split across pages."""
    review = make_review()
    long = " ".join(f"word{i}" for i in range(3000))
    profile = review.profile.model_copy(update={"design_evidence": Evidence(kind="abstract", text=long)})
    text = _norm(READERS["pdf"](write_report(review.model_copy(update={"profile": profile}), "pdf")))
    assert "word0 word1" in text and "word2999" in text


class _CountingParagraph(Paragraph):
    reads: ClassVar[int] = 0

    def __getattribute__(self, name: str) -> Any:
        if name == "end":
            _CountingParagraph.reads += 1
        return super().__getattribute__(name)


def test_where_a_flag_sits_is_found_without_scanning_every_paragraph() -> None:
    """Found while bounding the review: 'paragraph N' was found by a scan per flag (400 flags on an article of
    80,000 short paragraphs took 8 s). It is a binary search now: the paragraphs' own start is read once or twice
    per flag, whatever the article's length (counted: reads of a paragraph's end)."""
    n = 20_000
    text = "abcdefgh\n\n" * n
    paragraphs = [_CountingParagraph(start=i * 10, end=i * 10 + 8, text="abcdefgh", index=i) for i in range(n)]
    flags = [Flag(id=f"hype:{s}-{s + 1}", check="hype", severity="medium", message="m",
                  article_span=Span(start=s, end=s + 1, text=text[s])) for s in range(0, n * 10, n // 2 * 10)]
    review = Review(id="x", created_at="2026-01-01T00:00:00", tool_version="0",
                    article=Article(text=text, paragraphs=paragraphs), flags=flags)
    _CountingParagraph.reads = 0
    views = build_content(review).groups[0].flags
    assert sorted(view.where for view in views) == ["headline", "paragraph 10000"]
    assert _CountingParagraph.reads < 10  # before: every paragraph up to the flag's, for every flag (10,000)
