"""The page's non-drawing logic: inputs to a review, the demo, the user's saved settings."""

from __future__ import annotations

import io
import json
import stat
from pathlib import Path

import docx
import pytest

from caveat.core.errors import InputError
from caveat.core.models import Paper
from caveat.core.settings import Settings
from caveat.desk.actions import (
    Upload,
    demo_inputs,
    demo_review,
    effective_settings,
    load_user_settings,
    mask_key,
    merge_supplied,
    page_review,
    save_user_settings,
)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    s = Settings(data_dir=tmp_path)
    return s.model_copy(update={"apis": s.apis.model_copy(update={"offline": True})})


def test_demo_is_a_full_offline_review(settings: Settings) -> None:
    text, paper = demo_inputs()
    review = demo_review(settings.model_copy(update={"apis": settings.apis.model_copy(update={"offline": False})}))
    assert review.article.text == text and review.paper is not None and review.paper.doi == paper.doi
    assert review.profile.subjects == "animals" and "mice" in review.profile.species
    raised = {f.check for f in review.flags}
    expected = {"hype", "animal-to-human", "preprint", "harms", "independent-source", "conflict-of-interest", "advice"}
    assert expected <= raised
    assert "citation-mismatch" not in raised, "the reference line names the right authors and journal"
    assert all(s.outcome in ("found", "offline", "not-found", "skipped") for s in review.sources)


def test_uploaded_docx_wins_over_pasted_text(settings: Settings) -> None:
    document = docx.Document()
    document.add_heading("Miracle tea melts fat", level=1)
    document.add_paragraph("A breakthrough brew burns fat, say researchers who studied 12 mice.")
    buf = io.BytesIO()
    document.save(buf)
    review = page_review(text="ignored", article_upload=Upload("draft.docx", buf.getvalue()), settings=settings)
    assert review.article.source == "draft.docx"
    assert review.article.text.startswith("Miracle tea melts fat")
    assert "hype" in {f.check for f in review.flags}


def test_pasted_abstract_and_paper_json_reach_the_review(settings: Settings) -> None:
    review = page_review(
        text="Coffee prevents dementia\n\nDrinking coffee prevents dementia, a study finds.",
        abstract="In this cohort of 9,000 adults, coffee intake was associated with lower dementia incidence.",
        paper_json=json.dumps({"title": "Coffee and dementia", "status": "peer-reviewed"}),
        settings=settings,
    )
    assert review.paper is not None
    assert review.paper.title == "Coffee and dementia"
    assert review.paper.abstract.startswith("In this cohort")
    assert "causal-claim" in {f.check for f in review.flags}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"text": "   "}, "empty"),
        ({"text": "x", "paper_json": "{broken"}, "not valid JSON"),
        ({"text": "", "article_upload": Upload("a.exe", b"MZ\x00\x00")}, "cannot read .exe files"),
    ],
)
def test_bad_page_input_is_an_input_error(settings: Settings, kwargs: dict, message: str) -> None:
    with pytest.raises(InputError, match=message):
        page_review(settings=settings, **kwargs)


def test_merge_supplied_keeps_the_editors_fields() -> None:
    typed = Paper(title="Typed title", sources={"title": "editor"})
    from_pdf = Paper(title="PDF title", doi="10.1/x", abstract="From the PDF.", sources={"title": "pdf", "doi": "pdf"})
    merged = merge_supplied(typed, from_pdf)
    assert merged.title == "Typed title" and merged.doi == "10.1/x" and merged.abstract == "From the PDF."
    assert merged.sources["title"] == "editor" and merged.sources["doi"] == "pdf"
    assert merge_supplied(None, from_pdf) == from_pdf


def test_user_settings_round_trip_privately(tmp_path: Path) -> None:
    values = {"llm": {"enabled": True, "model": "llama3.1", "api_key": "sk-test-1234567890"}, "apis": {"offline": True}}
    save_user_settings(tmp_path, values)
    path = tmp_path / "settings.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_user_settings(tmp_path) == values
    merged = effective_settings(Settings(data_dir=tmp_path), load_user_settings(tmp_path))
    assert merged.llm.enabled and merged.llm.model == "llama3.1" and merged.apis.offline
    assert merged.llm.api_key is not None and merged.llm.api_key.get_secret_value() == "sk-test-1234567890"
    assert "sk-test" not in repr(merged)


def test_broken_or_invalid_saved_settings(tmp_path: Path) -> None:
    (tmp_path / "settings.json").write_text("{oops")
    assert load_user_settings(tmp_path) == {}
    with pytest.raises(InputError, match="Saved llm settings are invalid"):
        effective_settings(Settings(data_dir=tmp_path), {"llm": {"timeout_s": -5}})


@pytest.mark.parametrize(("key", "shown"), [(None, ""), ("", ""), ("short", "…"), ("sk-abcdefgh1234", "…1234")])
def test_mask_key_never_shows_the_key(key: str | None, shown: str) -> None:
    assert mask_key(key) == shown
