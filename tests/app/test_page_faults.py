"""Issue 12 on the page, with Streamlit's own harness: every fault is one line where it happened, never a traceback;
outside text is shown literally; page settings belong to their browser session; the store's state is told.

Each test runs the page in-process on its own data folder (CAVEAT_DATA_DIR in tmp_path), offline.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from caveat.core.errors import CaveatError
from caveat.core.models import Review
from caveat.core.settings import Settings
from caveat.desk.store import ReviewStore
from tests.report.test_writers import make_review

pytestmark = pytest.mark.slow  # the whole page runs in-process: seconds per test

APP = str(Path(__file__).resolve().parents[2] / "app.py")
BEACON = "http://127.0.0.1:9/beacon"
HOSTILE = f"Tea ![x]({BEACON}) [link](http://127.0.0.1:9/link) <img src=http://127.0.0.1:9/img> www.example.org"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "data"
    monkeypatch.setenv("CAVEAT_DATA_DIR", str(folder))
    monkeypatch.setenv("CAVEAT_APIS__OFFLINE", "true")
    yield folder


def _app(review_id: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    if review_id:
        at.query_params["review"] = review_id
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def plain(text: str) -> str:
    """What a Markdown string shows once its backslash escapes are read (and its invisible word joiners, which
    keep bare links from becoming live, are dropped)."""
    return re.sub(r"\\(.)", r"\1", text).replace("\u2060", "")


def _errors(at: AppTest) -> list[str]:
    return [plain(e.value) for e in at.error]


def _markdown_strings(at: AppTest) -> list[str]:
    """Every string the page hands to Streamlit's Markdown renderer."""
    strings = [str(getattr(e, "value", "")) for kind in ("markdown", "caption", "header", "title", "subheader", "error",
                                                         "warning", "info", "success") for e in at.get(kind)]
    strings += [str(b.proto.label) for b in at.button] + [e.label for e in at.expander]
    return strings


def _store() -> ReviewStore:
    return ReviewStore(Settings().reviews_db)


def _no_review_written(at: AppTest) -> None:
    assert not [e for e in at.exception], [e.message for e in at.exception]


# --- #4: tracebacks become one line where they happened ---------------------------------------------------------


def test_a_corrupt_store_is_moved_aside_said_and_the_page_works(data_dir: Path) -> None:
    data_dir.mkdir()
    junk = b"SQLite format 3\x00" + b"\x07" * 4096
    (data_dir / "reviews.sqlite3").write_bytes(junk)
    at = _app()
    warnings = [plain(w.value) for w in at.warning]
    assert any("moved aside unchanged" in w for w in warnings), warnings
    aside = [p for p in data_dir.iterdir() if p.name.startswith("reviews.sqlite3.unreadable-")]
    assert len(aside) == 1 and aside[0].read_bytes() == junk, "the corrupt file is kept, byte for byte"
    at.button(key="demo").click().run()
    _no_review_written(at)
    assert _store().get("example") is not None, "a new store took its place and the example was saved"


def test_an_unreadable_saved_review_is_one_line_and_the_session_goes_on(data_dir: Path) -> None:
    store = _store()
    store.save(make_review("broken"))
    store.save(make_review("example"))
    with sqlite3.connect(store.path) as conn:
        conn.execute("UPDATE reviews SET body = '{\"id\": 1}'")
    conn.close()
    at = _app("broken")
    errors = _errors(at)
    assert len(errors) == 1 and "'broken'" in errors[0] and "cannot be read" in errors[0] and "\n" not in errors[0]
    assert not [w for w in at.warning if "no longer saved" in w.value], "it is unreadable, not deleted"
    at.button(key="unreadable-new").click().run()
    assert not at.query_params.get("review")
    at.button(key="demo").click().run()  # the saved example is unreadable too: a new one goes beside it
    _no_review_written(at)
    opened = at.query_params["review"]
    opened_id = opened[0] if isinstance(opened, list) else opened
    assert opened_id.startswith("example-") and _store().get(opened_id) is not None
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("SELECT body FROM reviews WHERE id = 'example'").fetchone()[0] == '{"id": 1}'
    conn.close()


@pytest.mark.parametrize(
    ("paper_json", "says"),
    [('{"title": "A tea study", "sources": [1, 2]}', "Paper field 'sources' must be an object"),
     ("[" * 50_000 + "]" * 50_000, "nested more than 32 levels deep")],
    ids=["sources-list", "deeply-nested"],
)
def test_paper_json_that_breaks_the_reader_is_an_error_under_its_field(data_dir: Path, paper_json: str,
                                                                       says: str) -> None:
    at = _app()
    article = "Miracle Tea Cures Tiredness\n\nA breakthrough tea cured tiredness in 12 mice, researchers said.\n"
    at.text_area(key="article_text").input(article)
    at.text_area(key="new-paper_json").input(paper_json)
    at.button(key="review").click().run()
    _no_review_written(at)
    errors = _errors(at)
    assert len(errors) == 1 and says in errors[0] and "\n" not in errors[0], errors
    assert at.text_area(key="article_text").value == article, "what the editor typed is kept"


def test_an_invalid_caveat_variable_is_one_line_and_the_page_works(data_dir: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAVEAT_LLM__TIMEOUT_S", "soon")
    at = _app()
    errors = _errors(at)
    assert len(errors) == 1 and "CAVEAT_LLM__TIMEOUT_S" in errors[0] and "\n" not in errors[0], errors
    at.button(key="demo").click().run()
    _no_review_written(at)
    assert ReviewStore(data_dir / "reviews.sqlite3").get("example") is not None, "the page still reviews and saves"


# --- #22: the reason is in the error itself ---------------------------------------------------------------------


def test_could_not_review_says_why_in_the_error_itself(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import caveat.desk.actions

    def refuses(**_: object) -> Review:
        raise CaveatError("The model server at http://127.0.0.1:9/v1 refused the key (401).")

    monkeypatch.setattr(caveat.desk.actions, "page_review", refuses)
    at = _app()
    at.text_area(key="article_text").input("Miracle Tea\n\nA breakthrough tea, researchers said.\n")
    at.button(key="review").click().run()
    _no_review_written(at)
    errors = _errors(at)
    assert errors == ["Could not review: The model server at http://127.0.0.1:9/v1 refused the key (401)."], errors


def test_an_unexpected_failure_is_one_line_not_a_traceback(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import caveat.desk.actions

    def breaks(**_: object) -> Review:
        raise KeyError("sources")

    monkeypatch.setattr(caveat.desk.actions, "page_review", breaks)
    at = _app()
    at.text_area(key="article_text").input("Miracle Tea\n\nA breakthrough tea, researchers said.\n")
    at.button(key="review").click().run()
    _no_review_written(at)
    errors = _errors(at)
    assert len(errors) == 1 and errors[0].startswith("Could not review: KeyError") and "server log" in errors[0]


# --- #5 and #23: outside text is data ---------------------------------------------------------------------------


def _hostile_review(review_id: str = "hostile") -> Review:
    base = make_review(review_id)
    assert base.paper is not None
    paper = base.paper.model_copy(update={"title": HOSTILE, "journal": f"J. <b>{BEACON}</b>"})
    article = base.article.model_copy(update={"headline": f"Cure\u202etxt.exe {HOSTILE}"})
    return base.model_copy(update={"paper": paper, "article": article,
                                   "notices": [f"The model said: ![y]({BEACON}?n) **bold**"]})


def test_outside_text_is_shown_literally_never_as_markdown(data_dir: Path) -> None:
    _store().save(_hostile_review())
    at = _app("hostile")
    shown = _markdown_strings(at)
    risky = [s for s in shown if "127.0.0.1:9" in plain(s)]
    assert risky, "the hostile title, journal, headline and notice are on the page"
    for text in risky:
        # The only live link is the page's own, to doi.org; nothing else of the text can become markup.
        assert not re.search(r"(?<!\\)\]\((?!https://doi\.org/)|(?<!\\)<(img|b)\b|(?<!\\)\*\*bold", text), text
        bare = re.sub(r"\]\(https://doi\.org/[^)]*\)", "", text).replace("\\", "")
        assert "http:" not in bare and "www." not in bare, f"a bare link would be made live: {text}"
    assert any(f"Paper: {HOSTILE}" in plain(s).replace("*", "") for s in shown), "the title shows as typed"


def test_bidi_controls_in_saved_review_labels_are_made_visible(data_dir: Path) -> None:
    _store().save(_hostile_review("rtl"))
    at = _app()
    labels = [b.proto.label for b in at.button if b.key == "open-rtl"]
    assert labels and "\u202e" not in labels[0] and "[U+202E]" in plain(labels[0]), labels
    at = _app("rtl")
    assert all("\u202e" not in h.value for h in at.header) and any("[U+202E]" in plain(h.value) for h in at.header)


# --- #6: settings belong to the browser session; the key follows only its own base URL --------------------------


def _save_settings(at: AppTest) -> AppTest:
    next(b for b in at.button if b.proto.label == "Save settings").click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_settings_typed_on_the_page_stay_in_that_browser_session(data_dir: Path) -> None:
    first = _app()
    first.toggle(key="set-llm").set_value(True)
    first.text_input(key="set-base-url").input("http://127.0.0.1:9/v1")
    first.text_input(key="set-key").input("sk-first-visitor-0001")
    first.text_input(key="set-reviewer").input("First Editor")
    _save_settings(first)
    assert first.text_input(key="set-key").proto.placeholder == "saved: …0001"
    assert not (data_dir / "settings.json").exists(), "nothing typed on the page is written for the next visitor"
    second = _app()
    assert second.text_input(key="set-key").proto.placeholder == "not set"
    assert second.text_input(key="set-base-url").value == ""
    assert second.text_input(key="set-reviewer").value == ""


@pytest.mark.server  # the language-model stub stands in for a server of the visitor's choosing
def test_a_base_url_changed_by_a_visitor_never_receives_the_owners_key(data_dir: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.llm.stub_server import StubServer

    monkeypatch.setenv("CAVEAT_LLM__API_KEY", "sk-owner-secret-4242")
    monkeypatch.setenv("CAVEAT_LLM__BASE_URL", "http://127.0.0.1:9/v1")  # the owner's own server
    monkeypatch.setenv("CAVEAT_LLM__MAX_RETRIES", "0")
    with StubServer() as stub:
        visitor = _app()
        visitor.toggle(key="set-llm").set_value(True)
        next(t for t in visitor.text_input if t.label.startswith("Base URL")).input(stub.base_url)
        _save_settings(visitor)
        told = [plain(w.value) for w in visitor.warning]
        placeholder = visitor.text_input(key="set-key").proto.placeholder
        visitor.button(key="demo").click().run()
        assert not visitor.exception, [e.message for e in visitor.exception]
        sent = [" ".join(v for k, v in r.headers.items() if k.lower() == "authorization") for r in stub.requests]
    assert all("sk-owner" not in header for header in sent), sent
    assert any("only to the server's own base URL" in w for w in told), told
    assert placeholder == "not set"


# --- #19: saved reviews are read when nothing can be written ------------------------------------------------------


def test_a_disk_that_takes_no_writes_still_shows_saved_reviews(data_dir: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import caveat.desk.store as store_module

    _store().save(make_review("kept"))

    def full(self: ReviewStore) -> sqlite3.Connection:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store_module.ReviewStore, "_connect_read_write", full, raising=False)
    at = _app("kept")
    assert any("Decisions cannot be saved until the disk is writable" in plain(w.value) for w in at.warning)
    assert [b for b in at.button if b.key == "open-kept"], "the saved reviews are listed"
    assert at.header and "Glowberry" in plain(at.header[0].value), "the saved review is shown"
    at.radio(key="itemdec-1").set_value("dismissed")
    next(b for b in at.button if b.proto.label == "Save" and "item-1" in b.id).click().run()
    _no_review_written(at)
    errors = _errors(at)
    assert any(e.startswith("The decision on this item was not saved: Could not save") and "disk is full" in e
               for e in errors), errors
