"""Every export shows the same record: the same flags, quotes, statuses and decisions, whatever the format.

The review used here is invented for these tests (a fictional mouse study of a fictional compound), with
text chosen to be awkward: markup characters, curly quotes, an em dash, a Greek mu and a hostile headline.
"""

from __future__ import annotations

import io
import json
import re

import pytest
from bs4 import BeautifulSoup
from docx import Document
from markdown_it import MarkdownIt
from pypdf import PdfReader

from caveat.core.errors import InputError
from caveat.core.models import (
    Article,
    ChecklistItem,
    Decision,
    Evidence,
    Flag,
    Paper,
    Review,
    SourceOutcome,
    Span,
    StudyProfile,
    Usage,
)
from caveat.report.content import build_content, clean, key_strings, when
from caveat.report.writers import EXTENSIONS, FORMATS, MEDIA_TYPES, report_filename, write_report
from caveat.report.writers import pdf as pdf_writer

HOSTILE_HEADLINE = 'Glowberry tea <script>alert(1)</script> "><img src=x onerror=alert(2)> ends fatigue'
ARTICLE_TEXT = (
    f"{HOSTILE_HEADLINE}\n\n"
    "Drinking glowberry tea cures tiredness, say researchers at the Invented Institute of Leisure.\n"
    "The team gave 12 mice a daily dose of 5 μg of the tea’s active extract — and the mice ran 40% further "
    "than untreated ones.\n"
    "“This is the answer for anyone who feels worn out,” said lead author Dr Odile Fenwick & her team.\n"
    "Readers should drink three cups a day, she added. Costs < £2 a week."
)


def article_of(text: str, headline: str) -> Article:
    """An Article as the parser would give it, minus sentences: the writers only read headline and spans."""
    span = _span(text, headline) if headline else None
    return Article(text=text, headline=headline, headline_span=span)


def _span(text: str, phrase: str) -> Span:
    start = text.index(phrase)
    return Span(start=start, end=start + len(phrase), text=phrase)


ABSTRACT = (
    "In a pilot study of 12 male mice, oral glowberry extract (5 μg/day) was associated with longer running "
    "distance. Whether this applies to people is unknown."
)


def make_review(review_id: str = "rev-0001", created_at: str = "2026-11-20T09:15:00+00:00") -> Review:
    """A complete review, built by hand: two checklist items with flags, one dismissed, one edited."""
    text = ARTICLE_TEXT
    flags = [
        Flag(
            id="hype:0",
            check="hype",
            severity="high",
            message="“Cures” overstates a pilot result in 12 mice.",
            article_span=_span(text, "cures tiredness"),
            evidence=[Evidence(kind="abstract", start=0, end=32, text="In a pilot study of 12 male mice")],
            suggestion="Say “reduced tiredness in mice”.",
            engine="rules",
            confidence=0.9,
        ),
        Flag(
            id="animal-to-human:1",
            check="animal-to-human",
            severity="high",
            message="A mouse result is stated as if it applied to people <b>generally</b>.",
            article_span=_span(text, "This is the answer for anyone who feels worn out"),
            evidence=[
                Evidence(kind="metadata", field="publication_types", text="Research article", note="mice only"),
                Evidence(kind="abstract", text="Whether this applies to people is unknown."),
            ],
            suggestion="Add “in mice” & say that trials in people are still needed.",
            engine="llm",
            confidence=0.72,
        ),
        Flag(
            id="advice:2",
            check="advice",
            severity="medium",
            message="The paper makes no recommendation; it tested 5 μg/day in mice.",
            article_span=_span(text, "Readers should drink three cups a day"),
            suggestion="Drop the advice.",
            engine="rules+llm",
            confidence=0.8,
        ),
        Flag(
            id="unsourced-number:3",
            check="unsourced-number",
            severity="low",
            message="“40%” does not appear in the abstract.",
            article_span=_span(text, "40% further"),
        ),
    ]
    checklist = [
        ChecklistItem(number=1, key="costs", title="Costs of the intervention are discussed",
                      criterion="costs", status="editor", hint="A cost word was found: check “£2 a week”."),
        ChecklistItem(number=2, key="benefits", title="Benefits are quantified, in absolute terms",
                      criterion="benefits quantified", status="flag", flag_ids=["unsourced-number:3"]),
        ChecklistItem(number=4, key="evidence", title="The quality of the evidence is explained",
                      criterion="quality of evidence", status="flag", flag_ids=["animal-to-human:1"]),
        ChecklistItem(number=10, key="sensational", title="No unjustified sensational language",
                      criterion="sensational language", status="flag", flag_ids=["hype:0"]),
        ChecklistItem(number=12, key="citation", title="Citation details are right", criterion="-",
                      status="na"),
    ]
    return Review(
        id=review_id,
        created_at=created_at,
        updated_at=created_at,
        tool_version="0.1.0",
        article=article_of(text, headline=HOSTILE_HEADLINE),
        paper=Paper(
            doi="10.5555/invented.2026.0042",
            title="Glowberry extract & endurance in male mice: a <pilot> study",
            authors=["Fenwick O", "Aldana R", "Moss T", "Quint L"],
            journal="Journal of Invented Physiology",
            published="2026-10-02",
            abstract=ABSTRACT,
            status="peer-reviewed",
        ),
        profile=StudyProfile(
            design="animal experiment",
            design_evidence=Evidence(kind="abstract", text="In a pilot study of 12 male mice"),
            subjects="animals",
            species=["mice"],
            sample_size=12,
            subjects_evidence=Evidence(kind="abstract", text="12 male mice"),
            stage="pilot",
            stage_evidence=Evidence(kind="abstract", text="a pilot study"),
            peer_review="peer-reviewed",
            peer_review_evidence=Evidence(kind="metadata", field="status", text="journal-article"),
        ),
        flags=flags,
        checklist=checklist,
        flag_decisions={
            "hype:0": Decision(status="accepted", note="Rewritten by the desk.", at="2026-11-20T10:00:00+00:00"),
            "animal-to-human:1": Decision(status="edited", edited_message="Say it was mice — not people.",
                                          note="Asked the writer <again>."),
            "unsourced-number:3": Decision(status="dismissed", note="The 40% is in the paper’s Figure 2."),
        },
        item_decisions={1: Decision(status="accepted", note="Price checked with the shop.")},
        notices=["No language model configured: rules only for the claim checks."],
        prompts={"claims": "v3", "profile": "v1"},
        usage=Usage(model="local-test-model", prompt_tokens=900, completion_tokens=120, cost_usd=0.0003, calls=2),
        sources=[
            SourceOutcome(source="crossref", outcome="found", seconds=0.4),
            SourceOutcome(source="europepmc", outcome="timeout", detail="no answer in 10 s", seconds=10.0),
        ],
    )


# --- reading each format back as plain text ---------------------------------------------------------------

def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _md_text(data: bytes) -> str:
    rendered = MarkdownIt("commonmark").enable("table").render(data.decode("utf-8"))
    return BeautifulSoup(rendered, "lxml").get_text(" ")


def _html_text(data: bytes) -> str:
    soup = BeautifulSoup(data, "lxml")
    for style in soup.find_all("style"):
        style.decompose()
    return soup.get_text(" ")


def _pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


READERS = {"md": _md_text, "html": _html_text, "pdf": _pdf_text, "docx": _docx_text}


@pytest.fixture(scope="module")
def review() -> Review:
    return make_review()


@pytest.fixture(scope="module")
def outputs(review: Review) -> dict[str, bytes]:
    return {fmt: write_report(review, fmt) for fmt in FORMATS}


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_every_format_shows_every_key_string(fmt: str, review: Review, outputs: dict[str, bytes]) -> None:
    text = _norm(READERS[fmt](outputs[fmt]))
    keys = key_strings(build_content(review))
    missing = sorted(key for key in keys if _norm(key) not in text)
    assert not missing, f"{fmt} report lacks: {missing}"


def test_key_strings_cover_what_an_editor_relies_on(review: Review) -> None:
    keys = key_strings(build_content(review))
    expected = {
        "Say it was mice — not people.",  # the editor's edited message replaces the tool's...
        "A mouse result is stated as if it applied to people <b>generally</b>.",  # ...which stays on record
        "cures tiredness", "Readers should drink three cups a day",
        "Editor to check", "Flag", "Not applicable",
        "Accepted", "Dismissed", "Edited", "Open",
        "The 40% is in the paper’s Figure 2.", "Price checked with the shop.",
        "Peer-reviewed article", "Animal experiment", "Animals (mice, n = 12)", "Pilot",
        "paper metadata (status): journal-article",
        "rules + language model local-test-model (2 calls, $0.0003); prompts: claims v3, profile v1",
        "crossref", "europepmc",
    }
    assert expected <= keys


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_dismissed_flag_is_shown_as_dismissed(fmt: str, outputs: dict[str, bytes]) -> None:
    text = _norm(READERS[fmt](outputs[fmt]))
    assert "“40%” does not appear in the abstract." in text
    assert "Dismissed by the editor; kept here for the record." in text


def test_flags_are_grouped_under_their_checklist_item(review: Review) -> None:
    content = build_content(review)
    groups = {group.number: [v.id for v in group.flags] for group in content.groups}
    assert groups == {2: ["unsourced-number:3"], 4: ["animal-to-human:1"], 10: ["hype:0"], None: ["advice:2"]}
    item = next(it for it in content.items if it.number == 1)
    assert (item.status, item.decision, item.note) == ("Editor to check", "Satisfactory",
                                                       "Price checked with the shop.")
    assert content.counts.value == "4 in all, 1 still open"


def test_flag_order_puts_severe_first_and_dismissed_last() -> None:
    review = make_review()
    for item in review.checklist:
        item.flag_ids.clear()
    review.checklist[0] = review.checklist[0].model_copy(update={"flag_ids": [f.id for f in review.flags]})
    review.flag_decisions["hype:0"] = Decision(status="dismissed")
    group = build_content(review).groups[0]
    assert [v.id for v in group.flags] == ["animal-to-human:1", "advice:2", "hype:0", "unsourced-number:3"]


def test_html_is_inert_with_a_hostile_article(outputs: dict[str, bytes]) -> None:
    soup = BeautifulSoup(outputs["html"], "lxml")
    assert soup.find("script") is None
    assert soup.find("img") is None
    for tag in soup.find_all(True):
        handlers = [name for name in tag.attrs if name.lower().startswith("on")]
        assert not handlers, f"<{tag.name}> carries {handlers}"
    # The hostile words are still there, as text the editor can read.
    assert "<script>alert(1)</script>" in soup.get_text()
    assert soup.title is not None and "onerror=alert(2)" in soup.title.get_text()


def test_html_is_standalone(outputs: dict[str, bytes]) -> None:
    soup = BeautifulSoup(outputs["html"], "lxml")
    assert soup.find("style") is not None
    assert not soup.find_all("link")
    assert not [tag for tag in soup.find_all(src=True)]
    csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert csp is not None and "default-src 'none'" in csp["content"]


def test_markdown_escapes_markup(outputs: dict[str, bytes]) -> None:
    rendered = MarkdownIt("commonmark").enable("table").render(outputs["md"].decode("utf-8"))
    soup = BeautifulSoup(rendered, "lxml")
    assert soup.find("script") is None and soup.find("img") is None and soup.find("b") is None
    # The checklist table survives text with "|" in it: one row per item plus the header.
    hostile = make_review()
    hostile.checklist[0] = hostile.checklist[0].model_copy(update={"title": "Costs | prices *and* [fees](x)"})
    rendered = MarkdownIt("commonmark").enable("table").render(write_report(hostile, "md").decode("utf-8"))
    tables = BeautifulSoup(rendered, "lxml").find_all("table")
    checklist_rows = tables[1].find_all("tr")
    assert len(checklist_rows) == 1 + len(hostile.checklist)
    assert "Costs | prices *and* [fees](x)" in checklist_rows[1].get_text()


def test_pdf_draws_non_latin1_characters(outputs: dict[str, bytes]) -> None:
    text = _pdf_text(outputs["pdf"])
    for char in "“”’—μ£":
        assert char in text, f"{char!r} lost in the PDF"
    assert "Say “reduced tiredness in mice”." in _norm(text)


def test_pdf_survives_markup_characters_in_every_field() -> None:
    review = make_review()
    nasty = 'a < b && c > d <para> </font> <br/> &amp; "x"'
    review.notices.append(nasty)
    text = _norm(_pdf_text(write_report(review, "pdf")))
    assert nasty in text


def test_json_round_trips(review: Review, outputs: dict[str, bytes]) -> None:
    assert Review.model_validate_json(outputs["json"]) == review
    data = json.loads(outputs["json"])
    assert data["flag_decisions"]["unsourced-number:3"]["status"] == "dismissed"


def test_docx_has_the_checklist_table(outputs: dict[str, bytes]) -> None:
    doc = Document(io.BytesIO(outputs["docx"]))
    checklist = doc.tables[1]
    first_column = [row.cells[0].text for row in checklist.rows]
    assert first_column == ["#", "1", "2", "4", "10", "12"]
    assert doc.core_properties.title.startswith("Caveat fact-check: Glowberry tea")


def test_control_characters_do_not_break_any_format() -> None:
    review = make_review()
    review.notices.append("bell\x07 and null\x00 and form feed\x0c gone")
    for fmt in FORMATS:
        data = write_report(review, fmt)
        assert data
        if fmt in READERS:
            assert "bell and null and form feed gone" in _norm(READERS[fmt](data))


def test_a_review_without_paper_checklist_or_flags_still_reports() -> None:
    bare = Review(id="bare", created_at="2026-11-21T08:00:00+00:00", tool_version="0.1.0",
                  article=article_of("Short piece with no study behind it.", headline=""))
    for fmt in READERS:
        text = _norm(READERS[fmt](write_report(bare, fmt)))
        assert "No flags were raised." in text
        assert "No checklist was made for this review." in text
        assert "not found: the flags rest on the article alone" in text
        assert "rules only" in text


@pytest.mark.parametrize(("given", "expected"), [("MD", "md"), (".pdf", "pdf"), ("markdown", "md"),
                                                 ("word", "docx"), (" html ", "html")])
def test_format_names_are_forgiving(given: str, expected: str, review: Review) -> None:
    if expected in READERS:
        assert READERS[expected](write_report(review, given)) == READERS[expected](write_report(review, expected))
    else:
        assert write_report(review, given) == write_report(review, expected)
    assert report_filename(review, given).endswith(EXTENSIONS[expected])


def test_unknown_format_is_a_clear_input_error(review: Review) -> None:
    with pytest.raises(InputError, match="choose one of md, html, pdf, docx, json"):
        write_report(review, "rtf")


def test_media_types_and_extensions_cover_every_format() -> None:
    assert set(MEDIA_TYPES) == set(EXTENSIONS) == set(FORMATS)
    assert MEDIA_TYPES["pdf"] == "application/pdf"


def test_report_filename_is_safe(review: Review) -> None:
    name = report_filename(review, "pdf")
    assert name.startswith("caveat-2026-11-20-glowberry-tea-script-alert-1")
    assert re.fullmatch(r"[a-z0-9.-]+", name)


@pytest.mark.parametrize(
    ("stamp", "shown"),
    [("2026-11-20T09:15:00+00:00", "2026-11-20 09:15 UTC"), ("2026-11-20T11:15:30+02:00", "2026-11-20 09:15 UTC"),
     ("2026-11-20T09:15:00", "2026-11-20 09:15"), ("yesterday", "yesterday")],
)
def test_when(stamp: str, shown: str) -> None:
    assert when(stamp) == shown


def test_related_papers_and_paper_status_are_in_the_header() -> None:
    review = make_review()
    review.related_papers.append(Paper(doi="10.5555/preprint.2025.17", status="preprint"))
    header = {line.label: line.value for line in build_content(review).header}
    assert header["Paper status"] == "Peer-reviewed article"
    assert header["Other version"] == "10.5555/preprint.2025.17 (Preprint, not peer reviewed)"
    assert header["Reviewed"] == "2026-11-20 09:15 UTC"


@pytest.mark.parametrize(("raw", "shown"), [("a\n\n b\t c", "a b c"), ("x\x00y", "xy"), (None, ""),
                                            ("e\u0301", "é")])
def test_clean(raw: str | None, shown: str) -> None:
    assert clean(raw) == shown


@pytest.mark.parametrize(
    ("charset", "given", "drawn"),
    [
        (None, "5 μg — “fine”", "5 µg — “fine”"),  # base font: cp1252 has the micro sign, dashes, curly quotes
        (None, "Ω and 中", "? and ?"),  # nothing close: a visible "?" rather than an empty box
        (frozenset(map(ord, "abc ?")), "ábc", "abc"),  # a TTF lacking the accent: the plain letter
        (frozenset(map(ord, "abcµ ?")), "μ", "µ"),
    ],
)
def test_pdf_font_fallback_replaces_what_the_font_cannot_draw(
    charset: frozenset[int] | None, given: str, drawn: str
) -> None:
    assert pdf_writer._Fonts("F", "F-Bold", charset).drawable(given) == drawn


def test_pdf_with_base_fonts_only_still_carries_every_flag(
    review: Review, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where no TrueType font loads, the report is still complete, in Helvetica."""
    monkeypatch.setattr(pdf_writer, "fonts", lambda: pdf_writer._Fonts("Helvetica", "Helvetica-Bold", None))
    data = write_report(review, "pdf")
    assert b"/Helvetica" in data
    text = _norm(_pdf_text(data))
    assert "Say it was mice — not people." in text
    assert "it tested 5 µg/day in mice." in text


def test_pdf_never_splits_a_flag_over_two_pages(review: Review) -> None:
    extra = [review.flags[1].model_copy(update={"id": f"extra:{i}"}) for i in range(30)]
    long_review = review.model_copy(update={"flags": [*review.flags, *extra]})
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(write_report(long_review, "pdf"))).pages]
    assert len(pages) > 3
    for number, text in enumerate(pages, start=1):
        starts, ends = text.count("Message:"), text.count("Editor's decision:")
        assert starts == ends, f"page {number}: {starts} flags start, {ends} end"
    assert sum(text.count("Message:") for text in pages) == len(long_review.flags)
