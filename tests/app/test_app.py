"""The page's logic with Streamlit's own test harness: the example, a pasted article, decisions kept."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from caveat.core.settings import Settings
from caveat.desk.store import ReviewStore

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def _app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
    return "\n".join(str(p) for p in parts)


def test_try_an_example_shows_a_full_review() -> None:
    at = _app()
    at.button(key="demo").click().run()
    assert not at.exception, at.exception
    text = _texts(at)
    assert "Flags (" in "\n".join(s.value for s in at.subheader)
    assert "Checklist" in "\n".join(s.value for s in at.subheader)
    assert "hype" in text and "animal-to-human" in text
    html = "\n".join(h.proto.body for h in at.get("html"))
    assert "<mark" in html, "the article is shown with flagged spans marked"
    assert len(at.get("download_button")) >= 2
    assert at.query_params["review"]


def test_pasted_article_is_reviewed_and_empty_text_explained() -> None:
    at = _app()
    at.button(key="review").click().run()
    assert [e.value for e in at.error] and "empty" in at.error[0].value
    at.text_area(key="article_text").input("Miracle cure for baldness\n\nA breakthrough, researchers say.").run()
    at.button(key="review").click().run()
    assert not at.exception, at.exception
    assert "hype" in _texts(at)


def test_a_decision_is_saved_to_the_store_and_survives_a_new_session() -> None:
    at = _app()
    at.button(key="demo").click().run()
    review_id = (
        at.query_params["review"][0] if isinstance(at.query_params["review"], list) else at.query_params["review"]
    )
    store = ReviewStore(Settings().reviews_db)
    review = store.get(review_id)
    assert review is not None
    flag = review.flags[0]
    at.radio(key=f"dec-{flag.id}").set_value("dismissed")
    at.text_input(key=f"note-{flag.id}").input("Quoted fairly, fine")
    submit = next(
        b
        for b in at.get("button")
        if getattr(b, "proto", None) and b.proto.label == "Save decision" and f"decide-{flag.id}" in b.proto.form_id
    )
    submit.click().run()
    assert not at.exception, at.exception
    saved = store.get(review_id)
    assert saved is not None
    assert saved.flag_decisions[flag.id].status == "dismissed"
    assert saved.flag_decisions[flag.id].note == "Quoted fairly, fine"
    fresh = AppTest.from_file(APP, default_timeout=60)
    fresh.query_params["review"] = review_id
    fresh.run()
    assert not fresh.exception
    assert any(f"**{flag.check}**" in m.value and "*Dismiss*" in m.value for m in fresh.markdown)


@pytest.fixture
def clean_user_settings() -> Iterator[None]:
    path = Settings().data_dir / "settings.json"
    path.unlink(missing_ok=True)
    yield
    path.unlink(missing_ok=True)  # other tests must not inherit a configured language model


@pytest.mark.usefixtures("clean_user_settings")
def test_settings_are_saved_per_user_and_the_key_is_never_shown_back() -> None:
    at = _app()
    at.toggle(key="set-llm").set_value(True)
    at.text_input(key="set-model").input("llama3.1")
    at.text_input(key="set-key").input("sk-secret-abcdef987654")
    next(b for b in at.get("button") if b.proto.label == "Save settings").click().run()
    assert not at.exception, at.exception
    saved = Settings().data_dir / "settings.json"
    data = json.loads(saved.read_text())
    assert data["llm"]["enabled"] is True and data["llm"]["model"] == "llama3.1"
    fresh = _app()
    key_box = fresh.text_input(key="set-key")
    assert key_box.value == "" and key_box.proto.placeholder == "saved: …7654"
    assert "sk-secret" not in str(fresh.get("text_input"))
    fresh.toggle(key="set-llm").set_value(False)
    next(b for b in fresh.get("button") if b.proto.label == "Save settings").click().run()
    again = json.loads(saved.read_text())
    assert again["llm"]["enabled"] is False
    assert again["llm"]["api_key"] == "sk-secret-abcdef987654", "saving without retyping the key keeps it"


@pytest.mark.server  # the language-model stub
def test_with_a_model_configured_the_page_shows_tokens_and_cost(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.llm.stub_server import StubServer

    with StubServer() as stub:
        for name, value in {
            "ENABLED": "true",
            "API_KEY": "sk-page-test-0000",
            "BASE_URL": stub.base_url,
            "MODEL": "gpt-4o-mini",
            "TIMEOUT_S": "3",
            "MAX_RETRIES": "0",
        }.items():
            monkeypatch.setenv(f"CAVEAT_LLM__{name}", value)
        at = _app()
        at.button(key="demo").click().run()
        assert not at.exception, at.exception
        assert stub.chat_requests(), "the page's review asked the model"
    usage = [c.value for c in at.caption if c.value.startswith("Language model gpt-4o-mini")]
    assert usage and "tokens" in usage[0] and "$" in usage[0]
    assert "sk-page-test" not in _texts(at)
