"""The page's non-drawing logic: inputs to a review, the demo, the user's saved settings."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import docx
import pytest
from pydantic import SecretStr

from caveat.core.errors import InputError
from caveat.core.models import Paper
from caveat.core.settings import Settings
from caveat.core.text import neutralise_bidi
from caveat.desk.actions import Upload, demo_inputs, demo_review, merge_supplied, page_review
from caveat.desk.safe import label as page_label
from caveat.desk.safe import md
from caveat.desk.session import effective_settings, mask_key, save_form, server_settings


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


def test_page_settings_apply_on_top_of_the_servers(tmp_path: Path) -> None:
    page = {"llm": {"enabled": True, "model": "llama3.1", "api_key": "sk-test-1234567890", "key_base_url": None},
            "apis": {"offline": True}}
    merged = effective_settings(Settings(data_dir=tmp_path), page)
    assert merged.llm.enabled and merged.llm.model == "llama3.1" and merged.apis.offline
    assert merged.llm.api_key is not None and merged.llm.api_key.get_secret_value() == "sk-test-1234567890"
    assert "sk-test" not in repr(merged)


def test_invalid_page_settings_are_one_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="page's llm settings are invalid: timeout_s"):
        effective_settings(Settings(data_dir=tmp_path), {"llm": {"timeout_s": -5}})


# --- issue 12 #6: a key goes only to the base URL its owner gave it with ----------------------------------------

OWNER_URL = "http://127.0.0.1:9/v1"


def _server(tmp_path: Path) -> Settings:
    base = Settings(data_dir=tmp_path)
    llm = base.llm.model_copy(update={"api_key": SecretStr("sk-owner-0001"), "base_url": OWNER_URL})
    return base.model_copy(update={"llm": llm})


def test_the_servers_key_is_not_sent_to_a_base_url_a_visitor_typed(tmp_path: Path) -> None:
    server = _server(tmp_path)
    own = effective_settings(server, {"llm": {"enabled": True, "base_url": OWNER_URL + "/"}})
    assert own.llm.api_key is not None, "the server's own URL (give or take a slash) keeps the server's key"
    other = effective_settings(server, {"llm": {"enabled": True, "base_url": "http://attacker.invalid/v1"}})
    assert other.llm.base_url == "http://attacker.invalid/v1" and other.llm.api_key is None


def test_a_typed_key_follows_only_the_url_it_was_typed_with(tmp_path: Path) -> None:
    server = Settings(data_dir=tmp_path)
    form = {"llm": {"enabled": True, "base_url": "http://mine.invalid/v1", "api_key": "sk-mine-0002"}}
    page, notice = save_form(server, {}, form)
    assert notice == "" and effective_settings(server, page).llm.api_key is not None
    kept, notice = save_form(server, page, {"llm": {"enabled": False, "base_url": "http://mine.invalid/v1",
                                                    "api_key": ""}})
    assert notice == "" and effective_settings(server, kept).llm.api_key is not None, "same URL: the key stays"
    moved, notice = save_form(server, page, {"llm": {"enabled": True, "base_url": "http://other.invalid/v1",
                                                     "api_key": ""}})
    assert "type the key again" in notice and "api_key" not in moved["llm"]
    assert effective_settings(server, moved).llm.api_key is None
    # Even a session dict edited by hand cannot send a key to a URL it was not typed with.
    forged = {"llm": {"api_key": "sk-mine-0002", "key_base_url": "http://mine.invalid/v1",
                      "base_url": "http://other.invalid/v1"}}
    assert effective_settings(server, forged).llm.api_key is None


def test_a_changed_base_url_says_the_servers_key_stays_home(tmp_path: Path) -> None:
    _, notice = save_form(_server(tmp_path), {}, {"llm": {"base_url": "http://other.invalid/v1", "api_key": ""}})
    assert "only to the server's own base URL" in notice


# --- issue 12 #4: an invalid CAVEAT_ variable is one line and safe defaults ------------------------------------


def test_an_invalid_caveat_variable_gives_safe_defaults_and_one_line(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAVEAT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CAVEAT_LLM__ENABLED", "true")
    monkeypatch.setenv("CAVEAT_LLM__MAX_RETRIES", "many")
    settings, problem = server_settings()
    assert "CAVEAT_LLM__MAX_RETRIES" in problem and "\n" not in problem
    assert settings.data_dir == tmp_path and settings.apis.offline and not settings.llm.enabled
    monkeypatch.delenv("CAVEAT_LLM__MAX_RETRIES")
    assert server_settings()[1] == ""


# --- issue 12 #5 and #23: outside text shown literally, bidi controls visible -----------------------------------


def test_markdown_in_outside_text_is_escaped() -> None:
    hostile = "![x](http://127.0.0.1:9/b) [l](http://x) <img src=y> www.x.org $x$ **b** a@b.org"
    escaped = md(hostile)
    assert "](" not in escaped.replace("\\](", "") and "\\<img" in escaped
    assert "www." not in escaped and "http:" not in escaped and "b@" not in escaped, "no bare link can start"
    shown = re.sub(r"\\(.)", r"\1", escaped).replace("\u2060", "")
    assert shown == hostile, "nothing is lost: the escapes and word joiners only make it literal"


def test_bidi_controls_are_made_visible() -> None:
    controls = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    shown = neutralise_bidi(f"report{controls}.txt")
    assert not any(c in shown for c in controls)
    assert shown == "report" + "".join(f"[U+{ord(c):04X}]" for c in controls) + ".txt"
    assert neutralise_bidi("plain עברית text") == "plain עברית text"
    assert "\u202e" not in page_label("Cure\u202etxt.exe\nsecond line") and "\n" not in page_label("a\nb")


@pytest.mark.parametrize(("key", "shown"), [(None, ""), ("", ""), ("short", "…"), ("sk-abcdefgh1234", "…1234")])
def test_mask_key_never_shows_the_key(key: str | None, shown: str) -> None:
    assert mask_key(key) == shown


# --- the margin, one-click decisions, re-checks: the page's logic without a browser -----------------------------

# An invented story (not from any data set): a rat study told as a cure, with a quote and advice.
GEL_STORY = """Breakthrough Gel Regrows Teeth, Dentists Say

A simple gel could soon end the need for fillings, according to a study of 20 rats published this week.

Researchers at the Eastbrook Dental School brushed the gel onto damaged molars twice a day for a month. \
"This is a miracle for anyone who fears the dentist," said lead author Dr Priya Nandakumar of Eastbrook.

Readers with sensitive teeth should ask their dentist about the gel.
"""
GEL_ABSTRACT = (
    "Twenty rats received a peptide gel or placebo on damaged molars. Enamel thickness increased by 12% in treated "
    "rats. These results suggest the gel may support enamel repair in rodents; effects in humans are unknown."
)


@pytest.fixture
def gel_review(settings: Settings):
    from caveat.pipeline import ReviewInput, review

    return review(ReviewInput(text=GEL_STORY, source="pasted"), settings=settings)


def test_margin_data_keeps_every_character_and_names_flags_plainly(gel_review) -> None:
    from caveat.desk.view import desk_data
    from caveat.report.labels import CHECK_LABELS

    data = desk_data(gel_review)
    rebuilt = "".join(s["text"] for p in data["paragraphs"] for s in p["segments"])
    assert rebuilt == "".join(gel_review.article.text[p.start:p.end] for p in gel_review.article.paragraphs)
    assert data["flags"], "the story has flags"
    for flag in data["flags"]:
        assert flag["title"] == CHECK_LABELS[flag["check"]].title and flag["check"] not in flag["title"]
        icon, word = flag["severity_label"].split()
        assert icon in "▲◆●" and word in ("High", "Medium", "Low"), "severity is an icon and a word, not colour"
        marked = [s for p in data["paragraphs"] for s in p["segments"] if flag["id"] in s["flags"]]
        assert "".join(s["text"] for s in marked) == flag["quote"], "a flag's marks cover exactly its words"
    assert data["counts"]["total"] == len(gel_review.flags)
    assert [row["severity"] for row in data["legend"]] == ["high", "medium", "low"]


def test_no_paper_banner_names_the_checks_that_could_not_run(gel_review) -> None:
    from caveat.desk.view import no_paper_banner
    from caveat.report.labels import CHECK_LABELS

    banner = no_paper_banner(gel_review)
    assert "No paper is attached" in banner
    for label in CHECK_LABELS.values():
        assert (label.title in banner) == label.needs_paper
    with_paper = gel_review.model_copy(update={"paper": Paper(title="t", abstract=GEL_ABSTRACT)})
    assert no_paper_banner(with_paper) == ""


def test_sources_collapse_to_one_line_per_source() -> None:
    from caveat.core.models import SourceOutcome
    from caveat.desk.view import sources_lines

    outcomes = [SourceOutcome(source="crossref", outcome="error", detail="could not connect")] * 4 + [
        SourceOutcome(source="pubmed", outcome="not-found"),
        SourceOutcome(source="europepmc", outcome="error"),
        SourceOutcome(source="europepmc", outcome="found"),
    ]
    assert sources_lines(outcomes) == [
        "crossref: could not be reached (4 requests)",
        "pubmed: no match",
        "europepmc: found the paper (2 requests)",
    ]


def test_one_click_decisions_and_undo_back_to_the_earlier_decision(tmp_path: Path, gel_review) -> None:
    from caveat.desk.decide import apply_action
    from caveat.desk.store import ReviewStore

    store = ReviewStore(tmp_path / "r.sqlite3")
    store.save(gel_review)
    flag = gel_review.flags[0].id
    undo: dict = {}
    apply_action(store, gel_review.id, {"kind": "accepted", "flag": flag, "note": ""}, undo)
    apply_action(store, gel_review.id, {"kind": "dismissed", "flag": flag, "note": "fair in context"}, undo)
    saved = store.get(gel_review.id)
    assert saved is not None and saved.flag_decisions[flag].status == "dismissed"
    assert saved.flag_decisions[flag].note == "fair in context"
    apply_action(store, gel_review.id, {"kind": "undo", "flag": flag}, undo)
    assert store.get(gel_review.id).flag_decisions[flag].status == "accepted"  # type: ignore[union-attr]  # saved above
    apply_action(store, gel_review.id, {"kind": "undo", "flag": flag}, undo)
    assert store.get(gel_review.id).flag_decisions[flag].status == "open"  # type: ignore[union-attr]  # saved above


def test_suggestions_never_rewrite_a_quote_and_merge_on_the_headline(settings: Settings, gel_review) -> None:
    from caveat.pipeline import ReviewInput, review
    from caveat.report.suggestions import QUOTE_ADVICE, inside_quote, suggestions_for

    quoted = next(f for f in gel_review.flags if f.article_span.text == "miracle")
    assert inside_quote(gel_review.article.text, quoted.article_span.start, quoted.article_span.end)
    assert suggestions_for(gel_review)[quoted.id].startswith(QUOTE_ADVICE.split(".")[0])
    story = "Miracle Breakthrough Cream Erases Wrinkles Forever\n\nA cream erased wrinkles in a trial of 30 women.\n"
    twice = review(ReviewInput(text=story, source="pasted"), settings=settings)
    on_headline = [f for f in twice.flags if f.article_span.start < 50 and f.check == "hype"]
    assert len(on_headline) >= 2
    texts = {suggestions_for(twice)[f.id] for f in on_headline}
    assert len(texts) == 1 and "Rewrite the headline once" in texts.pop()


def test_adding_the_abstract_keeps_decisions_and_marks_new_flags(settings: Settings, gel_review) -> None:
    from caveat.core.models import Decision
    from caveat.desk.recheck import recheck

    first = gel_review.flags[0]
    decided = gel_review.model_copy(update={"flag_decisions": {first.id: Decision(status="dismissed", note="ok")}})
    fresh, changes = recheck(decided, settings=settings, abstract=GEL_ABSTRACT)
    assert fresh.id == decided.id and fresh.paper is not None and fresh.paper.abstract
    assert fresh.flag_decisions[first.id].note == "ok"
    assert changes.status[first.id] == "remains" and "new" in changes.status.values()
    assert changes.carried == 1 and not changes.fixed


def test_a_doi_that_leads_nowhere_keeps_the_paper_already_attached(settings: Settings, gel_review) -> None:
    from caveat.desk.recheck import recheck

    with_paper, _ = recheck(gel_review, settings=settings, abstract=GEL_ABSTRACT)
    assert with_paper.paper is not None
    fresh, _ = recheck(with_paper, settings=settings, doi="10.5555/no-such-paper")  # offline: nothing is found
    assert fresh.paper is not None and fresh.paper.abstract == with_paper.paper.abstract
    assert any("10.5555/no-such-paper" in n and "keeps the paper" in n for n in fresh.notices)


def test_a_revised_draft_shows_fixed_flags_and_carries_decisions_over_moved_words(settings: Settings,
                                                                                  gel_review) -> None:
    from caveat.core.models import Decision
    from caveat.desk.recheck import recheck

    quoted = next(f for f in gel_review.flags if f.article_span.text == "miracle")
    decided = gel_review.model_copy(update={"flag_decisions": {quoted.id: Decision(status="accepted", note="n")}})
    revised = GEL_STORY.replace("Breakthrough Gel Regrows Teeth", "Gel Thickens Enamel in Rats")
    fresh, changes = recheck(decided, settings=settings, text=revised)
    assert "Breakthrough" in {f["quote"] for f in changes.fixed}
    moved = next(f for f in fresh.flags if f.article_span.text == "miracle")
    assert moved.id != quoted.id, "the words moved in the new draft"
    assert fresh.flag_decisions[moved.id].status == "accepted" and changes.status[moved.id] == "remains"


def test_abstract_evidence_ranges_point_at_the_evidence_words(settings: Settings) -> None:
    from caveat.desk.view import abstract_data

    review = demo_review(settings)
    data = abstract_data(review)
    assert data["evidence"], "the demo's flags rest on abstract sentences"
    for flag in review.flags:
        for start, end in data["evidence"].get(flag.id, []):
            assert any(e.text.strip() == data["text"][start:end].strip() for e in flag.evidence)


def test_the_margin_component_never_parses_text_as_html() -> None:
    """Guard for #5: the margin draws outside text as text nodes only (its header comment says why)."""
    from importlib import resources

    js = (resources.files("caveat.desk") / "component" / "desk.js").read_text(encoding="utf-8")
    code = "\n".join(line for line in js.splitlines() if not line.lstrip().startswith("//"))
    sinks = ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "DOMParser", "createContextualFragment")
    for sink in sinks:
        assert sink not in code, sink


def test_an_unknown_caveat_variable_is_named_on_the_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """A top-level typo (CAVEAT_DATADIR) is as wrong on the page as on the command line: named, not ignored."""
    from caveat.desk.session import server_settings

    monkeypatch.setenv("CAVEAT_DATADIR", "/tmp/somewhere")
    settings, problem = server_settings()
    assert "CAVEAT_DATADIR" in problem and settings.apis.offline
