"""Caveat's page: paste or upload a draft, review it against its paper, decide on each flag, export.

Thin on purpose: every judgement comes from `caveat.pipeline.review` (through `caveat.desk.actions`), every saved word
goes through `caveat.desk.store.ReviewStore`. The page only draws and forwards the editor's clicks. Decisions are
written to the store the moment they are made, and the review's id sits in the URL, so a reload, a crash or a
second tab finds the same review with every decision in it.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Literal

import streamlit as st

from caveat.core.errors import CaveatError
from caveat.core.models import SEVERITIES, Decision, DecisionStatus, Flag, Review
from caveat.core.settings import Settings
from caveat.desk.actions import (
    Upload,
    demo_review,
    effective_settings,
    load_user_settings,
    mask_key,
    page_review,
    save_user_settings,
)
from caveat.desk.store import ReviewStore, now
from caveat.report.highlight import abstract_html, article_html
from caveat.report.writers import FORMATS, MEDIA_TYPES, report_filename, write_report

STATUS_LABELS = {"pass": "Pass", "flag": "Flag", "editor": "Editor to check", "na": "Not applicable"}
STATUS_ICONS = {"pass": "✅", "flag": "🚩", "editor": "👀", "na": "➖"}
SEVERITY_COLOURS: dict[str, Literal["red", "orange", "blue"]] = {"high": "red", "medium": "orange", "low": "blue"}
DECISION_LABELS: dict[DecisionStatus, str] = {
    "open": "Open", "accepted": "Accept", "dismissed": "Dismiss", "edited": "Edit"
}

st.set_page_config(page_title="Caveat: a second reader for science stories", page_icon="🔎", layout="wide")


@st.cache_resource
def _store(path: str) -> ReviewStore:
    return ReviewStore(Path(path))


@st.cache_resource
def _library(path: str, server: str | None, collection: str) -> object | None:
    from retrieval.library import PaperLibrary

    settings = Settings()
    lib = settings.library.model_copy(update={"path": Path(path), "server_url": server, "collection": collection})
    try:
        return PaperLibrary.open(settings.model_copy(update={"library": lib}))
    except Exception:  # the review runs without a library; the sidebar says so
        return None


def settings_now() -> Settings:
    base = Settings()
    return effective_settings(base, load_user_settings(base.data_dir))


def sidebar(settings: Settings) -> None:
    with st.sidebar:
        with st.expander("Settings", icon="⚙️"), st.form("settings"):
            offline = st.toggle("Offline (no scholarly APIs)", value=settings.apis.offline, key="set-offline")
            email = st.text_input("Contact e-mail for the APIs", value=settings.apis.contact_email)
            lib_path = st.text_input("Library folder", value=str(settings.library_path))
            lib_server = st.text_input("Shared Chroma server URL (optional)", value=settings.library.server_url or "")
            st.markdown("**Language model** (adds to the rules; never required)")
            llm_on = st.toggle("Use a language model", value=settings.llm.enabled, key="set-llm")
            base_url = st.text_input("Base URL (empty: OpenAI)", value=settings.llm.base_url or "")
            model = st.text_input("Model", value=settings.llm.model, key="set-model")
            key_now = settings.llm.api_key.get_secret_value() if settings.llm.api_key else ""
            key = st.text_input(
                "API key",
                value="",
                key="set-key",
                type="password",
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
            if st.form_submit_button("Save settings"):
                saved = load_user_settings(settings.data_dir)
                llm = {
                    "enabled": llm_on,
                    "base_url": base_url or None,
                    "model": model,
                    "max_cost_usd": max_cost,
                    "timeout_s": timeout,
                    "max_retries": int(retries),
                }
                if key:
                    llm["api_key"] = key
                elif "api_key" in saved.get("llm", {}):
                    llm["api_key"] = saved["llm"]["api_key"]
                save_user_settings(
                    settings.data_dir,
                    {
                        "apis": {"offline": offline, "contact_email": email},
                        "library": {"path": lib_path, "server_url": lib_server or None},
                        "llm": llm,
                    },
                )
                st.toast("Settings saved")
                st.rerun()
        history(settings)


def history(settings: Settings) -> None:
    st.header("Saved reviews")
    store = _store(str(settings.reviews_db))
    rows = store.list(limit=30)
    if not rows:
        st.caption("Reviews you run are saved here.")
    for row in rows:
        label = (
            f"{row.headline[:60] or '(no headline)'} · {row.updated_at[:16].replace('T', ' ')} · {row.open_flags} open"
        )
        if st.button(label, key=f"open-{row.id}", width="stretch"):
            open_review(row.id)


def open_review(review_id: str) -> None:
    st.session_state["review_id"] = review_id
    st.session_state.pop("selected_flag", None)
    st.query_params["review"] = review_id
    st.rerun()


def input_area(settings: Settings) -> None:
    text = st.text_area(
        "Article (headline first)",
        height=220,
        key="article_text",
        placeholder="Paste the draft or press release here, or upload it below.",
    )
    upload = st.file_uploader("…or upload it", type=["txt", "md", "html", "htm", "docx", "pdf"], key="article_file")
    with st.expander("The paper (optional: found from the article's DOI or link when there is one)"):
        doi = st.text_input("DOI", key="doi", placeholder="10.7554/eLife.92889.1")
        abstract = st.text_area("Abstract", key="abstract", height=120)
        paper_pdf = st.file_uploader("The paper's PDF", type=["pdf"], key="paper_pdf")
        paper_json = st.text_area(
            "Paper metadata as JSON",
            key="paper_json",
            height=100,
            placeholder='{"doi": "...", "title": "...", "status": "peer-reviewed"}',
        )
    left, right, _ = st.columns([1, 1, 4])
    go = left.button("Review", type="primary", key="review")
    demo = right.button("Try an example", key="demo")
    if not (go or demo):
        return
    with st.status("Reviewing…", expanded=False) as status:
        try:
            if demo:
                result = demo_review(settings, progress=status.write)
            else:
                result = page_review(
                    text=text,
                    article_upload=Upload(upload.name, upload.getvalue()) if upload else None,
                    doi=doi,
                    abstract=abstract,
                    paper_json=paper_json,
                    paper_pdf=Upload(paper_pdf.name, paper_pdf.getvalue()) if paper_pdf else None,
                    settings=settings,
                    library=_library(
                        str(settings.library_path), settings.library.server_url, settings.library.collection
                    ),
                    progress=status.write,
                )
        except CaveatError as exc:
            status.update(label="Could not review", state="error")
            st.error(str(exc))
            return
        status.update(label=f"Reviewed: {len(result.flags)} flags", state="complete")
    _store(str(settings.reviews_db)).save(result)
    open_review(result.id)


def labels(review: Review) -> None:
    p = review.profile
    subjects = p.subjects if not p.species else f"{p.subjects} ({', '.join(p.species)})"
    row = st.container(horizontal=True)
    row.badge(f"Peer review: {p.peer_review}", color="red" if p.peer_review != "peer-reviewed" else "green")
    row.badge(f"Study type: {p.design}", color="violet")
    row.badge(f"Subjects: {subjects}", color="orange" if p.subjects in ("animals", "cells") else "blue")
    if p.sample_size:
        row.badge(f"n = {p.sample_size}", color="gray")
    row.badge(f"Stage: {p.stage}", color="gray")
    if review.paper is not None:
        paper = review.paper
        st.markdown(
            f"**Paper:** {paper.title or '(no title)'} · {paper.journal or 'journal unknown'} · "
            f"{paper.published or 'date unknown'} · DOI {paper.doi or 'unknown'}"
        )
    for notice in review.notices:
        st.info(notice)
    if review.sources:
        st.caption("Sources: " + " · ".join(f"{s.source}: {s.outcome}" for s in review.sources))
    if review.usage is not None and review.usage.calls:
        u = review.usage
        st.caption(
            f"Language model {u.model}: {u.prompt_tokens + u.completion_tokens} tokens, "
            f"about ${u.cost_usd:.4f}; {u.dropped_quotes} unverifiable quotes dropped."
        )


def flag_card(review: Review, flag: Flag, store: ReviewStore) -> None:
    decision = review.flag_decisions.get(flag.id, Decision())
    with st.container(border=True, key=f"flag-{flag.id}"):
        head = st.container(horizontal=True)
        head.badge(flag.severity, color=SEVERITY_COLOURS[flag.severity])
        head.markdown(
            f"**{flag.check}** · {flag.engine} · confidence {flag.confidence:.2f} · "
            f"*{DECISION_LABELS[decision.status] if decision.status != 'open' else 'open'}*"
        )
        st.markdown(f"> {flag.article_span.text}")
        st.write(decision.edited_message or flag.message)
        for ev in flag.evidence:
            where = {"abstract": "Abstract", "article": "Article", "metadata": f"Paper {ev.field or 'metadata'}"}[
                ev.kind
            ]
            st.caption(f"{where}: “{ev.text}”")
        if decision.note:
            st.caption(f"Editor's note: {decision.note}")
        if flag.suggestion:
            st.caption(f"Suggestion: {decision.edited_suggestion or flag.suggestion}")
        cols = st.columns([1, 2, 3])
        if cols[0].button("Show evidence", key=f"sel-{flag.id}"):
            st.session_state["selected_flag"] = flag.id
            st.rerun()
        with cols[1].popover("Decide"), st.form(f"decide-{flag.id}"):
            choice: DecisionStatus = st.radio(
                "Decision",
                list(DECISION_LABELS),
                index=list(DECISION_LABELS).index(decision.status),
                format_func=DECISION_LABELS.get,
                horizontal=True,
                key=f"dec-{flag.id}",
            )
            note = st.text_input("Note", value=decision.note, key=f"note-{flag.id}")
            edited = st.text_input("Edited message (for Edit)", value=decision.edited_message, key=f"edit-{flag.id}")
            if st.form_submit_button("Save decision"):
                store.set_flag_decision(
                    review.id, flag.id, Decision(status=choice, note=note, edited_message=edited, at=now())
                )
                st.rerun()


def checklist(review: Review, store: ReviewStore) -> None:
    st.subheader("Checklist")
    for item in review.checklist:
        decision = review.item_decisions.get(item.number, Decision())
        status = STATUS_LABELS[item.status]
        with st.expander(
            f"{STATUS_ICONS[item.status]} {item.number}. {item.title}: {status}"
            + (f" · editor: {decision.status}" if decision.status != "open" else "")
        ):
            if item.hint:
                st.caption(item.hint)
            if item.flag_ids:
                st.caption("Flags: " + ", ".join(item.flag_ids))
            with st.form(f"item-{item.number}"):
                choice: DecisionStatus = st.radio(
                    "Editor's decision",
                    ["open", "accepted", "dismissed"],
                    index=["open", "accepted", "dismissed"].index(decision.status)
                    if decision.status in ("open", "accepted", "dismissed")
                    else 0,
                    format_func={"open": "Open", "accepted": "Satisfactory", "dismissed": "Not satisfactory"}.get,
                    horizontal=True,
                    key=f"itemdec-{item.number}",
                )
                note = st.text_input("Note", value=decision.note, key=f"itemnote-{item.number}")
                if st.form_submit_button("Save"):
                    store.set_item_decision(review.id, item.number, Decision(status=choice, note=note, at=now()))
                    st.rerun()


def downloads(review: Review) -> None:
    row = st.container(horizontal=True, vertical_alignment="center")
    row.markdown("**Export the report:**")
    for fmt in FORMATS:
        # Deferred: a format is rendered only when its button is clicked (PDF and DOCX take a few tenths of a
        # second each, which every rerun of the page would otherwise pay).
        row.download_button(
            fmt.upper(),
            data=partial(write_report, review, fmt),
            file_name=report_filename(review, fmt),
            mime=MEDIA_TYPES[fmt],
            key=f"dl-{fmt}",
            on_click="ignore",
        )


def show_review(review: Review, store: ReviewStore) -> None:
    st.subheader(review.article.headline or "Review")
    labels(review)
    counts = {sev: sum(f.severity == sev for f in review.flags) for sev in SEVERITIES}
    undecided = sum(review.flag_decisions.get(f.id, Decision()).status == "open" for f in review.flags)
    st.markdown(
        f"**{len(review.flags)} flags**: {counts['high']} high, {counts['medium']} medium, {counts['low']} low; "
        f"{undecided} still to decide. Accept or dismiss each below; every decision is saved as you make it."
    )
    downloads(review)
    actions = st.container(horizontal=True)
    if actions.button("New review", key="new"):
        st.session_state.pop("review_id", None)
        st.query_params.clear()
        st.rerun()
    if actions.button("Duplicate for a new draft", key="dup"):
        copy = store.duplicate(review.id)
        open_review(copy.id)
    if actions.button("Delete this review", key="delete"):
        store.delete(review.id)
        st.session_state.pop("review_id", None)
        st.query_params.clear()
        st.rerun()
    st.divider()
    selected = st.session_state.get("selected_flag")
    chosen = next((f for f in review.flags if f.id == selected), None)
    left, right = st.columns([3, 2])
    with left:
        st.markdown("**The article**")
        st.html(article_html(review.article.text, review.flags, selected))
    with right:
        st.markdown("**The paper's abstract**" + (f" · evidence for *{chosen.check}*" if chosen else ""))
        if review.paper is not None and review.paper.abstract:
            st.html(abstract_html(review.paper.abstract, chosen.evidence if chosen else []))
        else:
            st.caption("No abstract: paste it above (or upload the paper's PDF) and review again.")
    st.subheader(f"Flags ({len(review.flags)})")
    if not review.flags:
        st.success("No flags: the rules found nothing to question. The checklist still lists what to check.")
    by_item: dict[int, list[str]] = {}
    for item in review.checklist:
        for fid in item.flag_ids:
            by_item.setdefault(item.number, []).append(fid)
    shown: set[str] = set()
    titles = {i.number: i.title for i in review.checklist}
    flags_by_id = {f.id: f for f in review.flags}
    for number in sorted(by_item):
        st.markdown(f"**{number}. {titles[number]}**")
        for fid in by_item[number]:
            if fid in flags_by_id and fid not in shown:
                shown.add(fid)
                flag_card(review, flags_by_id[fid], store)
    rest = [f for f in review.flags if f.id not in shown]
    if rest:
        st.markdown("**Other flags**")
        for flag in rest:
            flag_card(review, flag, store)
    checklist(review, store)


def main() -> None:
    try:
        settings = settings_now()
    except CaveatError as exc:
        st.error(str(exc))
        settings = Settings()
    sidebar(settings)
    store = _store(str(settings.reviews_db))
    if "review_id" not in st.session_state and st.query_params.get("review"):
        st.session_state["review_id"] = st.query_params["review"]
    st.title("Caveat")
    st.caption(
        "A second reader for science stories: it finds the cited paper and flags claims the study does not support."
    )
    review_id = st.session_state.get("review_id")
    review = store.get(review_id) if review_id else None
    if review_id and review is None:
        st.warning("That review is no longer saved (deleted?). Start a new one below.")
    if review is None:
        st.markdown(
            "**1.** Paste the draft (headline first) or upload it · **2.** press **Review** · **3.** accept or "
            "dismiss each flag · **4.** export the checklist. No article to hand? **Try an example.**"
        )
        input_area(settings)
        return
    with st.expander("Review another article"):
        input_area(settings)
    show_review(review, store)


main()
