"""Caveat's page: paste or upload a draft, review it against its paper, decide on each flag, export.

Thin on purpose: every judgement comes from `caveat.pipeline.review` (through `caveat.desk.actions` and
`caveat.desk.recheck`), every saved word goes through `caveat.desk.store.ReviewStore`, every label comes from
`caveat.report.labels`. The article and its flags are drawn by the margin component (caveat/desk/component): the
flag cards sit beside their words, a click on a mark selects its card and the reverse, and Accept or Dismiss is
one click, saved at once. The review's id is the URL: Back and Forward, a reload or a second tab show that review.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import Any, Literal, cast
from urllib.parse import quote

import streamlit as st

from caveat.core.errors import CaveatError, InputError
from caveat.core.models import Decision, DecisionStatus, Review
from caveat.core.settings import Settings
from caveat.core.text import neutralise_bidi
from caveat.desk.actions import Upload, demo_review, page_review
from caveat.desk.decide import apply_action
from caveat.desk.margin import action_of, margin
from caveat.desk.recheck import recheck
from caveat.desk.safe import describe, label, md
from caveat.desk.session import effective_settings, mask_key, save_form, server_settings
from caveat.desk.store import ReviewStore, now
from caveat.desk.view import desk_data, no_paper_banner, sources_lines
from caveat.report.content import build_content
from caveat.report.labels import ITEM_DECISION_TEXT, STATUS_ICONS, STATUS_TEXT, check_title
from caveat.report.writers import FORMATS, MEDIA_TYPES, report_filename, write_report

EXAMPLE_ID = "example"
# Session-state key of the settings this browser session typed in the sidebar (never written to disk). A comment,
# not a docstring: Streamlit's "magic" would draw a bare string on the page.
PAGE_SETTINGS = "page_settings"

log = logging.getLogger("caveat.page")

st.set_page_config(page_title="Caveat: a second reader for science stories", page_icon="🔎", layout="wide")


@st.cache_resource
def _store(path: str) -> ReviewStore:
    return ReviewStore(Path(path))


@st.cache_resource
def _library(path: str, server: str | None, collection: str) -> object | None:
    from retrieval.library import PaperLibrary

    settings = server_settings()[0]
    lib = settings.library.model_copy(update={"path": Path(path), "server_url": server, "collection": collection})
    try:
        return PaperLibrary.open(settings.model_copy(update={"library": lib}))
    except Exception:  # the review runs without a library; the sidebar says so
        return None


def settings_now() -> tuple[Settings, list[str]]:
    """The server's settings with this session's on top, and one line per problem (an invalid `CAVEAT_*` value,
    invalid page settings): the page shows them and carries on with what is valid."""
    base, problem = server_settings()
    problems = [problem] if problem else []
    try:
        return effective_settings(base, st.session_state.get(PAGE_SETTINGS, {})), problems
    except CaveatError as exc:
        return base, [*problems, describe(exc)]


def reviewer_name() -> str:
    """The editor's name for the report's signature line: a page setting of this browser session."""
    desk = st.session_state.get(PAGE_SETTINGS, {}).get("desk")
    return str(desk.get("reviewer", "")) if isinstance(desk, dict) else ""


def show_error(text: str) -> None:
    """An error where it happened: one line, outside text shown literally."""
    st.error(md(text), icon=":material/error:")


def plain_lines(box: Any) -> Callable[[str], None]:
    """Progress lines written into `box` as plain text: a line may quote a DOI or a server's answer."""

    def write(line: str) -> None:
        box.text(line)

    return write


def saved(what: str, write: Callable[[], object]) -> bool:
    """Run one write to the saved reviews; when it fails, say so in one line where it happened and return False."""
    try:
        write()
    except CaveatError as exc:
        show_error(f"{what}: {describe(exc)}")
        return False
    return True


def sidebar(settings: Settings) -> None:
    with st.sidebar:
        with st.expander("Settings", icon="⚙️"), st.form("settings"):
            form = settings_form(settings)
            if st.form_submit_button("Save settings"):
                before = st.session_state.get(PAGE_SETTINGS, {})
                st.session_state[PAGE_SETTINGS], notice = save_form(settings, before, form)
                st.session_state["settings_notice"] = notice
                st.session_state.pop("set-key", None)  # the typed key does not stay in the field
                st.rerun()
        notice = st.session_state.pop("settings_notice", None)
        if notice is not None:  # just saved (a toast would be lost to the rerun that applies the settings)
            st.success("Settings saved for this browser session.", icon=":material/check:")
        if notice:
            st.warning(md(notice), icon=":material/key:")
        history(settings)


def settings_form(settings: Settings) -> dict[str, Any]:
    """The sidebar's fields, as the sections of the page settings; an empty key means 'keep the one I gave'."""
    offline = st.toggle("Offline (no scholarly APIs)", value=settings.apis.offline, key="set-offline")
    email = st.text_input("Contact e-mail for the APIs", value=settings.apis.contact_email)
    lib_path = st.text_input("Library folder", value=str(settings.library_path))
    lib_server = st.text_input("Shared Chroma server URL (optional)", value=settings.library.server_url or "")
    st.markdown("**Language model** (adds to the rules; never required)")
    llm_on = st.toggle("Use a language model", value=settings.llm.enabled, key="set-llm")
    base_url = st.text_input("Base URL (empty: OpenAI)", value=settings.llm.base_url or "", key="set-base-url")
    model = st.text_input("Model", value=settings.llm.model, key="set-model")
    key_now = settings.llm.api_key.get_secret_value() if settings.llm.api_key else ""
    key = st.text_input(
        "API key (sent only to the base URL it was typed with)", value="", key="set-key", type="password",
        placeholder=f"saved: {mask_key(key_now)}" if key_now else "not set",
    )
    max_cost = st.number_input(
        "Most to spend per article (USD)", value=float(settings.llm.max_cost_usd), min_value=0.0, step=0.01
    )
    timeout = st.number_input(
        "Seconds to wait for the model", value=float(settings.llm.timeout_s), min_value=1.0, step=5.0
    )
    retries = st.number_input(
        "Retries of a failed call", value=int(settings.llm.max_retries), min_value=0, max_value=6, step=1
    )
    reviewer = st.text_input("Your name (signs the report)", value=reviewer_name(), key="set-reviewer")
    st.caption("Kept for this browser session only; the server's own settings come from its CAVEAT_ variables.")
    return {
        "apis": {"offline": offline, "contact_email": email},
        "library": {"path": lib_path, "server_url": lib_server or None},
        "llm": {"enabled": llm_on, "base_url": base_url.strip() or None, "model": model, "api_key": key,
                "max_cost_usd": max_cost, "timeout_s": timeout, "max_retries": int(retries)},
        "desk": {"reviewer": reviewer.strip()},
    }


def history(settings: Settings) -> None:
    if st.query_params.get("review") and st.button("New review", key="new-side", icon=":material/add:"):
        st.query_params.clear()
        st.rerun()
    st.header("Saved reviews")
    try:
        rows = _store(str(settings.reviews_db)).list(limit=30)
    except CaveatError as exc:
        show_error(f"Saved reviews cannot be listed: {describe(exc)}")
        return
    if not rows:
        st.caption("Reviews you run are saved here.")
    for row in rows:
        # The headline is the article's: literal (no Markdown, no image fetched), its bidi controls made visible.
        text = label(row.headline, 60) or label("(no headline)")
        if st.button(f"{text} · {row.updated_at[:16].replace('T', ' ')} · {row.open_flags} open",
                     key=f"open-{row.id}", width="stretch"):
            open_review(row.id)


def open_review(review_id: str) -> None:
    """Show a review: its id goes in the URL (a new history entry), and the page starts at its top."""
    st.query_params["review"] = review_id
    st.session_state["scroll_top"] = True
    st.session_state.pop("deleted", None)  # the undo of a delete is offered until another review is opened
    st.rerun()


def _uploads(key: str) -> Upload | None:
    file = st.session_state.get(key)
    return Upload(file.name, file.getvalue()) if file is not None else None


def _field_error(errors: dict[str, str], name: str) -> None:
    if errors.get(name):
        show_error(errors[name])


def input_area(settings: Settings) -> None:
    """The new-review form; an error is shown under the field that caused it, in full."""
    errors: dict[str, str] = st.session_state.pop("input_errors", {})
    st.text_area("Article (headline first)", height=220, key="article_text",
                 placeholder="Paste the draft or press release here, or upload it below.")
    _field_error(errors, "article")
    st.file_uploader("…or upload it", type=["txt", "md", "html", "htm", "docx", "pdf"], key="article_file")
    with st.expander("The paper (optional: found from the article's DOI or link when there is one)",
                     expanded=bool({"doi", "abstract", "paper_pdf", "paper_json"} & set(errors))):
        paper_fields("new", errors)
    left, right, _ = st.columns([1, 1, 4])
    go = left.button("Review", type="primary", key="review")
    demo = right.button("Try an example", key="demo")
    _field_error(errors, "general")
    if go or demo:
        run_new_review(settings, demo)


def paper_fields(prefix: str, errors: dict[str, str]) -> None:
    st.text_input("DOI", key=f"{prefix}-doi", placeholder="10.1234/journal.2026.001")
    _field_error(errors, "doi")
    st.text_area("Abstract", key=f"{prefix}-abstract", height=120)
    _field_error(errors, "abstract")
    st.file_uploader("The paper's PDF", type=["pdf"], key=f"{prefix}-paper_pdf")
    _field_error(errors, "paper_pdf")
    st.text_area("Paper metadata as JSON", key=f"{prefix}-paper_json", height=100,
                 placeholder='{"doi": "...", "title": "...", "status": "peer-reviewed"}')
    _field_error(errors, "paper_json")


def field_of(exc: InputError, state: Mapping[Any, Any], prefix: str) -> str:
    """Which field an input error is about, from what it says and what was filled in."""
    text = str(exc).lower()
    if "json" in text and state.get(f"{prefix}-paper_json"):
        return "paper_json"
    if "pdf" in text and state.get(f"{prefix}-paper_pdf") is not None:
        return "paper_pdf"
    if "abstract" in text:
        return "abstract"
    if "doi" in text and state.get(f"{prefix}-doi"):
        return "doi"
    if "article" in text or "draft" in text or "empty" in text:
        return "article"
    return "general"


def run_new_review(settings: Settings, demo: bool) -> None:
    """Review, save, open. Any failure is one line under the buttons (the reason itself, not a folded panel) and
    the fields keep what was typed; an input error goes under its field."""
    state = st.session_state
    store = _store(str(settings.reviews_db))
    with st.status("Reviewing…", expanded=False) as status:
        try:
            result = _review_now(settings, demo, store, status)
        except InputError as exc:
            status.update(label=label(f"Could not review: {describe(exc)}"), state="error")
            state["input_errors"] = {field_of(exc, state, "new"): describe(exc)}
            st.rerun()
        except Exception as exc:  # one line on the page, never a traceback; the log keeps it
            log.exception("The review failed")
            reason = describe(exc) if isinstance(exc, CaveatError) else f"{describe(exc)} (details in the server log)"
            status.update(label=label(f"Could not review: {reason}"), state="error")
            state["input_errors"] = {"general": f"Could not review: {reason}"}
            st.rerun()
        status.update(label=f"Reviewed: {len(result.flags)} flags", state="complete")
    try:
        store.save(result)
    except CaveatError as exc:
        state["input_errors"] = {"general": f"The review ran but could not be saved: {describe(exc)}"}
        st.rerun()
    open_review(result.id)


def _review_now(settings: Settings, demo: bool, store: ReviewStore, status: Any) -> Review:
    state = st.session_state
    progress = plain_lines(status)
    if demo:
        example = _example_id(store)
        if example is None:
            open_review(EXAMPLE_ID)  # one example review, reopened: trying it again adds nothing to history
        return demo_review(settings, progress=progress).model_copy(update={"id": example})
    return page_review(
        text=state.get("article_text", ""), article_upload=_uploads("article_file"),
        doi=state.get("new-doi", ""), abstract=state.get("new-abstract", ""),
        paper_json=state.get("new-paper_json", ""), paper_pdf=_uploads("new-paper_pdf"),
        settings=settings, library=_library_for(settings), progress=progress,
    )


def _example_id(store: ReviewStore) -> str | None:
    """The id to save the example under; None when a readable example is saved already (it is reopened)."""
    try:
        return None if store.get(EXAMPLE_ID) is not None else EXAMPLE_ID
    except CaveatError:  # the saved example cannot be read: it is left as it is and a new one goes beside it
        return f"{EXAMPLE_ID}-{uuid.uuid4().hex[:8]}"


def _library_for(settings: Settings) -> object | None:
    return _library(str(settings.library_path), settings.library.server_url, settings.library.collection)


def paper_line(review: Review) -> None:
    paper = review.paper
    if paper is None:
        return
    cited = next((c.value for c in review.citations if c.kind == "doi"), "")
    doi = paper.doi or cited  # an abstract pasted by hand has no DOI of its own; the article's citation does
    # Title, journal and date come from the APIs or pasted JSON: shown literally. The one link is the page's own,
    # to doi.org, with the DOI percent-encoded so that it cannot end the link or add another.
    link = f"[doi:{label(doi)}](https://doi.org/{quote(doi, safe='/')})" if doi else "DOI unknown"
    parts = [label(paper.title) or "title not known (abstract given by the editor)", label(paper.journal),
             label(paper.published), link]
    st.markdown("**Paper:** " + " · ".join(p for p in parts if p))


def labels(review: Review) -> None:
    p = review.profile
    colours: dict[str, Literal["green", "red", "violet", "orange", "blue", "gray"]] = {
        "Peer review": "green" if p.peer_review == "peer-reviewed" else "red",
        "Study type": "violet",
        "Subjects": "orange" if p.subjects in ("animals", "cells") else "blue",
        "Stage": "gray",
    }
    row = st.container(horizontal=True)
    long_labels = []
    for study in build_content(review).labels:  # the report's words for the study's labels, not internal values
        if study.name == "Parts of the paper read":
            long_labels.append(study)  # a list of sections: a badge would cut it off on a phone
            continue
        row.badge(f"{study.name}: {study.value}", color=colours.get(study.name, "gray"))
    for study in long_labels:
        st.caption(f"**{study.name}:** {label(study.value)}")
    paper_line(review)
    banner = no_paper_banner(review)
    if banner:
        st.warning(banner, icon=":material/description:")
    notices = [n for n in review.notices if not (banner and n.startswith("No abstract to compare with"))]
    if notices:  # they may quote a DOI, a server's answer or the model: literal
        st.markdown("\n".join(f"- {label(n)}" for n in notices))
    if review.usage is not None and review.usage.calls:
        u = review.usage
        st.caption(
            f"Language model {label(u.model)}: {u.prompt_tokens + u.completion_tokens} tokens, "
            f"about ${u.cost_usd:.4f}; {u.dropped_quotes} unverifiable quotes dropped."
        )


def on_margin_action(store: ReviewStore, review_id: str, key: str) -> None:
    """Runs before the page redraws: the click is saved first, so the redrawn margin already shows it."""
    action = action_of(key)
    if not action:
        return
    undo = st.session_state.setdefault("undo", {}).setdefault(review_id, {})
    try:
        apply_action(store, review_id, action, undo)
    except CaveatError as exc:
        # The card drew the click at once; it is told the click was not saved, so it shows the flag as it is.
        st.session_state["margin_error"] = f"That decision was not saved: {describe(exc)}"
        st.session_state["margin_failed"] = [str(action.get("flag", ""))]


def checklist(review: Review, store: ReviewStore) -> None:
    """The 12 items, each with the same decision word as the report (from its flags when the editor gave none)."""
    st.subheader("Checklist")
    decisions = review.flag_decisions
    words = {view.number: view.decision for view in build_content(review).items}
    for item in review.checklist:
        decision = review.item_decisions.get(item.number, Decision())
        flags = [fid for fid in item.flag_ids if any(f.id == fid for f in review.flags)]
        decided = sum(decisions.get(fid, Decision()).status != "open" for fid in flags)
        progress = f" · {decided} of {len(flags)} flags decided" if flags else ""
        word = words.get(item.number, ITEM_DECISION_TEXT["open"])
        with st.expander(
            f"{STATUS_ICONS[item.status]} {item.number}. {label(item.title)}: {STATUS_TEXT[item.status]}{progress}"
            + (f" · {word}" if word != ITEM_DECISION_TEXT["open"] else "")
        ):
            if item.hint:  # a hint quotes the article's words: literal
                st.caption(md(item.hint))
            with st.form(f"item-{item.number}", border=False):
                choice = st.radio(
                    "Editor's decision", ["open", "accepted", "dismissed"],
                    index=["open", "accepted", "dismissed"].index(decision.status)
                    if decision.status in ("open", "accepted", "dismissed") else 0,
                    format_func=ITEM_DECISION_TEXT.get, horizontal=True, key=f"itemdec-{item.number}",
                )
                note = st.text_input("Note", value=decision.note, key=f"itemnote-{item.number}")
                if st.form_submit_button("Save") and saved(
                    "The decision on this item was not saved",
                    partial(store.set_item_decision, review.id, item.number,
                            Decision(status=cast(DecisionStatus, choice), note=note, at=now()))):
                    st.rerun()


def sources(review: Review) -> None:
    """Where the paper was looked for: one line per source, however many requests it took."""
    if review.sources:
        lines = sources_lines(review.sources)
        with st.expander(f"Where the paper was looked for ({len(lines)} sources)"):
            st.markdown("\n".join(f"- {label(line)}" for line in lines))  # a server's words: literal


def downloads(row: Any, review: Review, reviewer: str) -> None:
    row.markdown("**Export the report:**")
    for fmt in FORMATS:
        # Deferred: a format is rendered only when its button is clicked.
        row.download_button(
            fmt.upper(), data=partial(write_report, review, fmt, reviewer=reviewer),
            file_name=report_filename(review, fmt), mime=MEDIA_TYPES[fmt], key=f"dl-{fmt}", on_click="ignore",
        )


def recheck_panel(review: Review, settings: Settings, store: ReviewStore) -> None:
    """Add the paper, or paste the writer's next draft, and check again in place: decisions carry over."""
    errors: dict[str, str] = st.session_state.pop("recheck_errors", {})
    with st.expander("Add the paper or a new draft, and re-check", expanded=bool(errors)):
        st.markdown("Give what you have; the rest is kept from this review. Decisions carry over to flags that "
                    "still apply (same check, same or overlapping words).")
        # A form sends the fields and the click together: outside one, a click that lands while the page is still
        # redrawing after the last field lost focus could be dropped (seen under load in the browser test).
        with st.form("recheck-form", border=False):
            paper_fields("re", errors)
            st.text_area("Revised draft (leave empty to keep the current text)", key="re-draft", height=160)
            _field_error(errors, "article")
            st.file_uploader("…or upload the revised draft", type=["txt", "md", "html", "htm", "docx", "pdf"],
                             key="re-draft_file")
            submitted = st.form_submit_button("Re-check", type="primary", key="recheck")
        if submitted:
            run_recheck(review, settings, store)
        _field_error(errors, "general")


def run_recheck(review: Review, settings: Settings, store: ReviewStore) -> None:
    state = st.session_state
    with st.status("Checking again…", expanded=False) as status:
        try:
            fresh, changes = recheck(
                review, settings=settings, text=state.get("re-draft", ""), article_upload=_uploads("re-draft_file"),
                doi=state.get("re-doi", ""), abstract=state.get("re-abstract", ""),
                paper_json=state.get("re-paper_json", ""), paper_pdf=_uploads("re-paper_pdf"),
                library=_library_for(settings), progress=plain_lines(status),
            )
        except InputError as exc:
            state["recheck_errors"] = {field_of(exc, state, "re"): describe(exc)}
            st.rerun()
        except Exception as exc:  # one line on the page, never a traceback; the log keeps it
            log.exception("The re-check failed")
            reason = describe(exc) if isinstance(exc, CaveatError) else f"{describe(exc)} (details in the server log)"
            state["recheck_errors"] = {"general": f"Could not check again: {reason}"}
            st.rerun()
        status.update(label=changes.summary(), state="complete")
    if not saved("The re-checked review was not saved (the fields keep what you typed)",
                 partial(store.replace, fresh)):
        return
    state.setdefault("changes", {})[review.id] = changes
    state.pop("undo", None)
    for key in ("re-doi", "re-abstract", "re-paper_json", "re-draft"):
        state.pop(key, None)
    st.rerun()


def review_actions(review: Review, store: ReviewStore, reviewer: str) -> None:
    row = st.container(horizontal=True, vertical_alignment="center")
    downloads(row, review, reviewer)
    row.space("stretch")
    if row.button("New review", key="new"):
        st.query_params.clear()
        st.rerun()
    if row.button("Delete this review…", key="delete"):
        st.session_state["confirm_delete"] = review.id
    if st.session_state.get("confirm_delete") == review.id:
        with st.container(border=True):
            st.warning(f"Delete the review of “{label(review.article.headline, 80) or 'this article'}” and its "
                       "decisions?")
            yes, no = st.columns(2)
            if yes.button("Yes, delete it", key="delete-yes"):
                if not saved("The review was not deleted", partial(store.delete, review.id)):
                    return
                st.session_state["deleted"] = review.model_dump_json()
                st.session_state.pop("confirm_delete", None)
                st.query_params.clear()
                st.rerun()
            if no.button("Keep it", key="delete-no"):
                st.session_state.pop("confirm_delete", None)
                st.rerun()


def deleted_notice(store: ReviewStore) -> None:
    """After a delete: one click brings the review back, decisions and all."""
    body = st.session_state.get("deleted")
    if not body:
        return
    gone = Review.model_validate_json(body)
    row = st.container(horizontal=True, vertical_alignment="center")
    row.markdown(f"Deleted the review of “{label(gone.article.headline, 80) or 'an article'}”.")
    if row.button("Undo delete", key="undelete") and saved("The review was not restored", partial(store.save, gone)):
        st.session_state.pop("deleted", None)
        open_review(gone.id)


def show_review(review: Review, store: ReviewStore, settings: Settings) -> None:
    st.header(label(review.article.headline, 200) or "Review")  # the article's words, shown literally
    open_count = sum(review.flag_decisions.get(f.id, Decision()).status == "open" for f in review.flags)
    st.markdown(f"**{len(review.flags)} flags, {open_count} to decide.** Accept a flag when the draft must change, "
                "dismiss it when it is fine as written; each click is saved at once and can be undone.")
    labels(review)
    recheck_panel(review, settings, store)
    error = st.session_state.pop("margin_error", None)
    if error:
        show_error(error)
    changes = st.session_state.get("changes", {}).get(review.id)
    key = f"margin-{review.id}"
    data = desk_data(review, changes.status if changes else None, changes.fixed if changes else None)
    data["scroll_top"] = bool(st.session_state.pop("scroll_top", False))
    data["failed"] = st.session_state.pop("margin_failed", [])
    if not review.flags:
        st.success("No flags: the rules found nothing to question. The checklist still lists what to check.")
    margin(data, key=key, on_action=partial(on_margin_action, store, review.id, key))
    rewrite_panel(review, store)
    review_actions(review, store, reviewer_name())  # after the flags: export once they are decided
    sources(review)
    checklist(review, store)


def rewrite_panel(review: Review, store: ReviewStore) -> None:
    """The edit decision: the desk words a flag's message its own way; the card and every report then show it.

    Kept off the cards, which stay one click per decision, for the rarer case of a message to send back to the
    writer in the desk's words. The flag's note is kept; Undo on the card returns to the decision before.
    """
    if not review.flags:
        return
    by_id = {f.id: f for f in review.flags}
    with st.expander("Rewrite a flag's message"), st.form("rewrite-form", border=False, clear_on_submit=True):
        chosen = st.selectbox("Flag", list(by_id), key="rewrite-flag", format_func=lambda i: neutralise_bidi(
            f"{check_title(by_id[i].check)}: “{by_id[i].article_span.text[:60]}”"))
        text = st.text_area("New message", key="rewrite-text", height=80)
        submitted = st.form_submit_button("Save the rewrite", key="rewrite")
    if not submitted:
        return
    if not text.strip():
        show_error("Write the new message first: an empty rewrite would hide the flag's reason.")
        return
    before = review.flag_decisions.get(chosen, Decision())
    if saved("The rewrite was not saved; here it is to copy", partial(
            store.set_flag_decision, review.id, chosen,
            Decision(status="edited", note=before.note, edited_message=text.strip(), at=now()))):
        st.rerun()
    st.code(text.strip(), language=None, wrap_lines=True)  # the form was cleared: the words are not lost


@st.cache_resource(show_spinner="Getting the desk ready (once per server)…")
def _ready(path: str, server: str | None, collection: str) -> bool:
    """Load the paper library and the sentence embedder before the first review rather than during it."""
    from caveat.analysis.alignment import default_embedder

    _library(path, server, collection)
    default_embedder()
    return True


def _warm_up(settings: Settings) -> None:
    """The first review on a new server paid ~3 s for Chroma and the embedder; the first page view pays it instead,
    with a spinner, so that no editor waits on a click. Cached per server, so later page views cost nothing."""
    _ready(str(settings.library_path), settings.library.server_url, settings.library.collection)


def store_notices(store: ReviewStore) -> bool:
    """What the editor must know about the saved reviews, at the top of the page; False when they cannot be used.

    An unreadable file is moved aside (every byte kept) and a new one started, once per server, and the page says
    where it went; a file that cannot be written is still read, and the page says that nothing can be saved.
    """
    try:
        store.check(move_unreadable=True)
    except CaveatError as exc:
        show_error(f"Saved reviews cannot be used: {describe(exc)}")
        return False
    for line in (store.moved_aside, store.status()):
        if line:
            st.warning(md(line), icon=":material/database:")
    return True


def current_review(store: ReviewStore) -> Review | None:
    """The review the URL names; when it cannot be read, one line and a way out (it is left as it is)."""
    review_id = st.query_params.get("review")  # the URL is the truth: Back and Forward show their review
    if not review_id:
        return None
    try:
        review = store.get(review_id)
    except CaveatError as exc:
        show_error(describe(exc))
        if st.button("Start a new review", key="unreadable-new", icon=":material/add:"):
            st.query_params.clear()
            st.rerun()
        return None
    if review is None:
        st.warning("That review is no longer saved (deleted?). Start a new one below.")
    return review


def main() -> None:
    settings, problems = settings_now()
    store = _store(str(settings.reviews_db))
    _warm_up(settings)
    st.title("Caveat")
    if not st.query_params.get("review"):
        st.caption("A second reader for science stories: it finds the cited paper and flags claims the study does "
                   "not support.")
    for problem in problems:
        show_error(problem)
    store_notices(store)  # before the sidebar lists saved reviews: an unreadable file is moved aside first
    sidebar(settings)
    deleted_notice(store)
    review = current_review(store)
    if review is None:
        st.markdown(
            "**1.** Paste the draft (headline first) or upload it · **2.** press **Review** · **3.** accept or "
            "dismiss each flag · **4.** export the report. No article to hand? **Try an example.**"
        )
        input_area(settings)
        return
    show_review(review, store, settings)


main()
