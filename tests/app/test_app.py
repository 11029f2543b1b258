"""The page's logic with Streamlit's own test harness: the example, a pasted article, decisions kept."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from caveat.core.settings import Settings
from caveat.desk.store import ReviewStore
from caveat.report.labels import STATUS_ICONS

# The whole page runs in-process (Streamlit's AppTest): seconds per test, kept out of the quick loop.
pytestmark = pytest.mark.slow

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def _app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
    return "\n".join(str(p) for p in parts)


def _margin(at: AppTest) -> dict:
    """The data the margin component was given: what the editor sees beside the article."""
    found = [e for e in at.get("bidi_component") if e.proto.component_name == "caveat_margin"]
    assert len(found) == 1, "one margin on a review page"
    return json.loads(found[0].proto.json)


def _review_id(at: AppTest) -> str:
    value = at.query_params["review"]
    return value[0] if isinstance(value, list) else value


def test_try_an_example_shows_a_full_review_and_reopens_it() -> None:
    at = _app()
    at.button(key="demo").click().run()
    assert not at.exception, at.exception
    data = _margin(at)
    titles = {f["title"] for f in data["flags"]}
    assert "Sensational words such as breakthrough, cure or miracle" in titles
    assert all(f["check"] not in f["title"] for f in data["flags"]), "card titles are plain words, not ids"
    assert any(f["evidence"] for f in data["flags"]), "the paper's evidence travels with the card"
    assert "Checklist" in "\n".join(s.value for s in at.subheader)
    badges = "\n".join(m.value for m in at.markdown)
    assert "Peer review: Preprint, not peer reviewed" in badges, "the page uses the report's words for labels"
    assert len(at.get("download_button")) == 5
    first = _review_id(at)
    at.button(key="new").click().run()
    at.button(key="demo").click().run()
    assert _review_id(at) == first, "trying the example again reopens it instead of piling up copies"


def test_errors_are_shown_next_to_their_field() -> None:
    at = _app()
    at.button(key="review").click().run()
    assert [e.value for e in at.error] and "empty" in at.error[0].value
    at.text_area(key="article_text").input("Miracle cure for baldness\n\nA breakthrough, researchers say.")
    at.text_area(key="new-paper_json").input("{broken")
    at.button(key="review").click().run()
    assert any("not valid JSON" in e.value for e in at.error), "the broken JSON is named, not folded away"
    at.text_area(key="new-paper_json").input("")
    at.button(key="review").click().run()
    assert not at.exception, at.exception
    assert any(f["check"] == "hype" for f in _margin(at)["flags"])


def test_a_stored_decision_shows_in_a_new_session() -> None:
    from caveat.desk.decide import apply_action

    at = _app()
    at.button(key="demo").click().run()
    review_id = _review_id(at)
    store = ReviewStore(Settings().reviews_db)
    flag = _margin(at)["flags"][-1]["id"]
    apply_action(store, review_id, {"kind": "dismissed", "flag": flag, "note": "Quoted fairly, fine"}, {})
    fresh = AppTest.from_file(APP, default_timeout=60)
    fresh.query_params["review"] = review_id
    fresh.run()
    assert not fresh.exception
    card = next(f for f in _margin(fresh)["flags"] if f["id"] == flag)
    assert card["decision_label"] == "Dismissed" and card["note"] == "Quoted fairly, fine"


def test_a_flag_message_can_be_rewritten_in_the_desks_words() -> None:
    at = _app()
    at.button(key="demo").click().run()
    review_id = _review_id(at)
    flag = _margin(at)["flags"][0]["id"]
    at.selectbox(key="rewrite-flag").set_value(flag)
    at.text_area(key="rewrite-text").input("Say in the headline that this was a mouse study.")
    at.button(key="rewrite").click().run()
    assert not at.exception, at.exception
    saved = ReviewStore(Settings().reviews_db).get(review_id)
    assert saved is not None
    assert saved.flag_decisions[flag].status == "edited"
    assert saved.flag_decisions[flag].edited_message == "Say in the headline that this was a mouse study."
    card = next(f for f in _margin(at)["flags"] if f["id"] == flag)
    assert card["message"] == "Say in the headline that this was a mouse study."


def test_add_the_abstract_to_a_review_without_a_paper_keeps_decisions() -> None:
    from caveat.desk.decide import apply_action

    at = _app()
    at.text_area(key="article_text").input(
        "Miracle Drink Melts Fat, Scientists Say\n\nA breakthrough fizzy drink melted belly fat in 12 mice.\n"
    )
    at.button(key="review").click().run()
    review_id = _review_id(at)
    data = _margin(at)
    assert "No paper is attached" in "\n".join(w.value for w in at.warning)
    flag = data["flags"][0]["id"]
    apply_action(ReviewStore(Settings().reviews_db), review_id, {"kind": "accepted", "flag": flag, "note": "n1"}, {})
    at.run()
    at.text_area(key="re-abstract").input("Twelve mice drank a carbonated solution; visceral fat fell by 8%.")
    at.button(key="recheck").click().run()
    assert not at.exception, at.exception
    saved = ReviewStore(Settings().reviews_db).get(review_id)
    assert saved is not None and saved.paper is not None and "Twelve mice" in saved.paper.abstract
    assert saved.flag_decisions[flag].note == "n1"
    assert not [w for w in at.warning if "No paper is attached" in w.value]


def test_delete_asks_first_and_can_be_undone() -> None:
    at = _app()
    at.button(key="demo").click().run()
    review_id = _review_id(at)
    at.button(key="delete").click().run()
    assert ReviewStore(Settings().reviews_db).get(review_id) is not None, "nothing deleted before confirming"
    at.button(key="delete-yes").click().run()
    assert ReviewStore(Settings().reviews_db).get(review_id) is None
    at.button(key="undelete").click().run()
    assert ReviewStore(Settings().reviews_db).get(review_id) is not None
    assert _review_id(at) == review_id
    assert not [b for b in at.button if b.key == "undelete"], "the undo is offered once, not forever"


def test_settings_last_the_session_and_the_key_is_never_shown_back() -> None:
    at = _app()
    at.toggle(key="set-llm").set_value(True)
    at.text_input(key="set-model").input("llama3.1")
    at.text_input(key="set-key").input("sk-secret-abcdef987654")
    next(b for b in at.button if b.proto.label == "Save settings").click().run()
    assert not at.exception, at.exception
    assert not (Settings().data_dir / "settings.json").exists(), "page settings are the session's, not a file's"
    page = at.session_state["page_settings"]
    assert page["llm"]["enabled"] is True and page["llm"]["model"] == "llama3.1"
    key_box = at.text_input(key="set-key")
    assert key_box.value == "" and key_box.proto.placeholder == "saved: …7654"
    assert "sk-secret" not in str(at.get("text_input"))
    at.toggle(key="set-llm").set_value(False)
    next(b for b in at.button if b.proto.label == "Save settings").click().run()
    again = at.session_state["page_settings"]
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
        ReviewStore(Settings().reviews_db).delete("example")  # a saved example is reopened, not reviewed again
        at = _app()
        at.button(key="demo").click().run()
        assert not at.exception, at.exception
        assert stub.chat_requests(), "the page's review asked the model"
    shown = [re.sub(r"\\(.)", r"\1", c.value).replace("\u2060", "") for c in at.caption]  # escaped, literal
    usage = [c for c in shown if c.startswith("Language model gpt-4o-mini")]
    assert usage and "tokens" in usage[0] and "$" in usage[0]
    assert "sk-page-test" not in _texts(at)


def test_checklist_items_follow_their_flag_decisions_on_the_page() -> None:
    from caveat.desk.decide import apply_action

    at = _app()
    at.button(key="demo").click().run()
    review_id = _review_id(at)
    store = ReviewStore(Settings().reviews_db)
    review = store.get(review_id)
    assert review is not None
    item = next(it for it in review.checklist if it.flag_ids)
    for fid in item.flag_ids:
        apply_action(store, review_id, {"kind": "dismissed", "flag": fid}, {})
    at.run()
    label = next(e.label for e in at.expander if e.label.startswith(f"{STATUS_ICONS[item.status]} {item.number}."))
    assert label.endswith("· Satisfactory"), label
    assert f"{len(item.flag_ids)} of {len(item.flag_ids)} flags decided" in label


def test_recheck_with_paper_json_or_a_broken_one_says_which_field() -> None:
    at = _app()
    at.text_area(key="article_text").input(
        "Miracle Tonic Halts Ageing, Scientists Say\n\nA breakthrough tonic halted ageing in 30 worms.\n"
    )
    at.button(key="review").click().run()
    review_id = _review_id(at)
    at.text_area(key="re-paper_json").input("{not json")
    at.button(key="recheck").click().run()
    assert any("not valid JSON" in e.value for e in at.error), [e.value for e in at.error]
    paper = {"doi": "10.5555/tonic.2026.3", "title": "A tonic and lifespan in nematodes", "status": "preprint",
             "abstract": "Thirty worms given the tonic lived 9% longer than controls."}
    at.text_area(key="re-paper_json").input(json.dumps(paper))
    at.button(key="recheck").click().run()
    assert not at.exception, at.exception
    saved = ReviewStore(Settings().reviews_db).get(review_id)
    assert saved is not None and saved.paper is not None and saved.paper.title == paper["title"]
    assert any("doi.org/10.5555/tonic.2026.3" in m.value for m in at.markdown), "the paper's DOI is a link"


def test_the_page_shows_the_assessment_and_the_parts_of_the_paper_read() -> None:
    """Issue 13: beside peer review, eLife's grade; and which parts of the paper the review read."""
    paper = {
        "doi": "10.7554/eLife.900001", "title": "Otter whiskers sense currents", "journal": "eLife",
        "status": "reviewed-preprint",
        "abstract": "We recorded whisker nerves in six otters. Responses tracked water currents.",
        "full_text": [{"kind": "methods", "title": "Methods, Animals", "text": "Six adult otters took part."}],
        "assessments": [{"text": "This important study offers solid evidence that whiskers track currents.",
                         "version": "2", "source": "elife",
                         "terms": [{"term": "important", "axis": "significance",
                                    "sentence": "This important study offers solid evidence that whiskers track "
                                                "currents."},
                                   {"term": "solid", "axis": "strength",
                                    "sentence": "This important study offers solid evidence that whiskers track "
                                                "currents."}]}],
    }
    at = _app()
    at.text_area(key="article_text").input("Otters feel the flow\n\nOtters sense currents with whiskers, a study "
                                           "says. The work is a reviewed preprint in eLife.")
    at.text_area(key="new-paper_json").input(json.dumps(paper))
    at.button(key="review").click().run()
    assert not at.exception, at.exception
    badges = "\n".join(m.value for m in at.markdown)
    assert "eLife assessment: important / solid (version 2)" in badges, badges
    read = re.sub(r"\\(.)", r"\1", "\n".join(c.value for c in at.caption))  # the page escapes outside text
    assert "Parts of the paper read:** metadata, abstract, full text (1 section: Methods, Animals)" in read, read
