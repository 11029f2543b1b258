"""The report an editor-in-chief signs: reviewer and date, the paper as a link, the verdict first, checklist
decisions that follow the flag decisions, each flag with its words and paragraph, service errors in an appendix,
and the same labels as the page."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from docx import Document
from pypdf import PdfReader

from caveat.core.models import Decision, Review, SourceOutcome
from caveat.report.content import build_content
from caveat.report.labels import DECISION_TEXT, ITEM_DECISION_TEXT
from caveat.report.writers import FORMATS, write_report

from .test_writers import _docx_text, _pdf_text, make_review

REVIEWER = "Ines Okonkwo-Baptiste"


def _decided(review: Review, **decisions: str) -> Review:
    return review.model_copy(update={"flag_decisions": {
        fid: Decision(status=status, note=f"note on {fid}", at="2026-11-20T10:00:00+00:00")  # type: ignore[arg-type]  # statuses from the table
        for fid, status in decisions.items()
    }})


def _text(fmt: str, data: bytes) -> str:
    if fmt == "pdf":
        return _pdf_text(data)
    if fmt == "docx":
        return _docx_text(data)
    return data.decode("utf-8")


@pytest.fixture(scope="module")
def signed() -> dict[str, bytes]:
    review = _decided(make_review(), **{"hype:0": "accepted", "unsourced-number:3": "dismissed"})
    review = review.model_copy(update={"sources": [
        *review.sources, *[SourceOutcome(source="openalex", outcome="error", detail="ConnectError")] * 3]})
    return {fmt: write_report(review, fmt, reviewer=REVIEWER) for fmt in FORMATS}


@pytest.mark.parametrize("fmt", ["md", "html", "pdf", "docx"])
def test_every_format_is_signed_dated_and_links_the_paper(signed: dict[str, bytes], fmt: str) -> None:
    text = " ".join(_text(fmt, signed[fmt]).split())
    assert REVIEWER in text and datetime.now(UTC).strftime("%Y-%m-%d") in text
    assert "https://doi.org/" in text
    assert text.index("Summary") < text.index("Checklist"), "the verdict comes before the detail"
    assert "Verdict: changes needed before publication (1 accepted flags)." in text
    assert "Sensational words such as breakthrough, cure or miracle" in text, "flags carry the page's plain titles"
    assert "note on hype:0" in text
    assert "openalex could not be reached (3 requests)" in text
    assert "ConnectError" not in text and "error: error" not in text, "service errors in plain words only"


def test_the_doi_is_a_real_link_in_html_pdf_and_docx(signed: dict[str, bytes]) -> None:
    assert b'<a href="https://doi.org/' in signed["html"]
    assert b"<https://doi.org/" in signed["md"]
    uris = [a.get_object().get("/A", {}).get("/URI") for page in PdfReader(io.BytesIO(signed["pdf"])).pages
            for a in page.get("/Annots") or []]
    assert any(str(u).startswith("https://doi.org/") for u in uris)
    doc = Document(io.BytesIO(signed["docx"]))
    assert any(rel.reltype.endswith("/hyperlink") and rel.target_ref.startswith("https://doi.org/")
               for rel in doc.part.rels.values())
    assert doc.core_properties.author == REVIEWER
    assert doc.core_properties.created.year == datetime.now(UTC).year, "not the template's 2013"


def test_checklist_decisions_follow_the_flag_decisions() -> None:
    review = _decided(make_review(), **{"hype:0": "accepted", "unsourced-number:3": "dismissed"})
    items = {it.number: it for it in build_content(review).items}
    assert items[10].decision == ITEM_DECISION_TEXT["dismissed"], "an accepted flag: the item is not satisfied"
    assert items[2].decision == ITEM_DECISION_TEXT["accepted"], "its only flag dismissed: satisfied"
    assert items[4].decision == ITEM_DECISION_TEXT["open"], "its flag still open"


def test_each_flag_says_where_its_words_are_and_uses_the_pages_labels(tmp_path) -> None:
    from caveat.core.settings import Settings
    from caveat.desk.view import desk_data
    from caveat.pipeline import ReviewInput, review

    story = ("Miracle Cream Erases Wrinkles, Experts Say\n\nA cream erased wrinkles in a trial.\n\n"
             "It is a breakthrough, the maker said.\n")
    done = review(ReviewInput(text=story), settings=Settings(data_dir=tmp_path).offline())
    first = done.flags[-1].id
    done = _decided(done, **{first: "dismissed"})
    views = {v.id: v for g in build_content(done).groups for v in g.flags}
    page = {f["id"]: f for f in desk_data(done)["flags"]}
    assert views and views.keys() == page.keys()
    for fid, view in views.items():
        assert view.where == page[fid]["where"] and (view.where == "headline" or view.where.startswith("paragraph"))
        assert view.decision == page[fid]["decision_label"] and view.title == page[fid]["title"]
    assert views[first].decision == DECISION_TEXT["dismissed"]


def test_verdict_when_nothing_is_decided_or_everything_dismissed() -> None:
    review = make_review().model_copy(update={"flag_decisions": {}})
    assert build_content(review).verdict[0].startswith("Verdict: not finished")
    every = _decided(review, **{f.id: "dismissed" for f in review.flags})
    assert build_content(every).verdict[0].startswith("Verdict: ready as far as the flags go")
