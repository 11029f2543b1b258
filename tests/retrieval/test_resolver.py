"""The resolver end to end against the replay server: source order, merging, library, editor, notices."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from caveat.core.models import Citation, CitationKind, Paper, Span
from caveat.core.settings import Settings
from retrieval.resolver import Resolution, clean_doi, identifier_from_url, lookup_key, merge_papers, resolve
from tests.retrieval.replay_server import (
    ReplayServer,
    Reply,
    api_settings,
    fixture,
    make_http,
    record_sleeps,
    replay,
)

ARTICLE = "10.5555/fict.2031.0042"
NO_LICENCE = "Read the paper's metadata and abstract, not its full text: its metadata shows no open licence"
PREPRINT = "10.1101/2030.11.05.500001"


class MemoryLibrary:
    """The library's interface (get/find/add) over a dict, standing in for the Chroma-backed one."""

    def __init__(self, *papers: Paper) -> None:
        self.papers: list[Paper] = list(papers)
        self.added: list[Paper] = []

    def get(self, key: str) -> Paper | None:
        key = key.lower().split(":", 1)[-1] if key[:3].lower() in ("pmi", "pmc", "arx") else key.lower()
        for p in self.papers:
            if key in {str(v).lower() for v in (p.doi, p.pmid, p.pmcid, p.arxiv_id) if v}:
                return p
        return None

    def find(self, citation: Citation) -> Paper | None:
        title = citation.details.get("title", "").lower()
        return next((p for p in self.papers if title and p.title.lower() == title), None)

    def add(self, paper: Paper) -> None:
        self.added.append(paper)
        self.papers.append(paper)


def cite(value: str, kind: CitationKind = "doi", **details: str) -> Citation:
    return Citation(
        kind=kind, value=value, span=Span(start=0, end=len(value), text=value), confidence=0.9, details=details
    )


@pytest.fixture
def server() -> Iterator[ReplayServer]:
    with replay() as s:
        yield s


def run(
    server: ReplayServer,
    tmp_path: Path,
    citations: list[Citation],
    library: Any = None,
    supplied: Paper | None = None,
    progress: Any = None,
    **api: Any,
) -> Resolution:
    settings = Settings(data_dir=tmp_path, apis=api_settings(server.url, **api))
    with make_http(settings.apis) as http:
        return resolve(citations, settings=settings, library=library, supplied=supplied, progress=progress, http=http)


def serve_article(server: ReplayServer) -> None:
    """Crossref without an abstract, Europe PMC with one, bioRxiv holding the preprint it came from."""
    server.json(f"/crossref/works/{ARTICLE}", "crossref_work_article.json")
    server.json("/europepmc/search", "europepmc_search_article.json", query=f'DOI:"{ARTICLE}"')
    server.json(f"/biorxiv/details/biorxiv/{PREPRINT}/na/json", "biorxiv_details.json")
    server.xml("/europepmc/PMC9900042/fullTextXML", "europepmc_fulltext.xml")


def outcomes(result: Resolution) -> list[tuple[str, str]]:
    return [(o.source, o.outcome) for o in result.outcomes]


def test_doi_merges_crossref_and_europepmc_and_follows_the_preprint(server: ReplayServer, tmp_path: Path) -> None:
    serve_article(server)
    library = MemoryLibrary()
    messages: list[str] = []
    result = run(server, tmp_path, [cite(ARTICLE)], library=library, progress=messages.append)
    paper = result.paper
    assert paper is not None
    assert paper.title == "Daily walnut snacks and word recall in older adults: a randomised trial"
    assert paper.journal == "Journal of Imaginary Nutrition"  # Crossref's, first by priority
    assert paper.abstract_sections[-1].label == "Conclusions"
    assert paper.pmid == "99000042"
    assert paper.status == "peer-reviewed"
    assert paper.sources["title"] == "crossref" and paper.sources["abstract"] == "europepmc"
    assert paper.sources["pmid"] == "europepmc"
    assert "Randomized Controlled Trial" in paper.publication_types and "journal-article" in paper.publication_types
    # Complete after Europe PMC: PubMed, OpenAlex and Semantic Scholar were not asked.
    assert server.count("/pubmed") == server.count("/openalex") == server.count("/s2") == 0
    assert [r.doi for r in result.related] == [PREPRINT]
    assert result.related[0].status == "preprint"
    assert result.notices == []
    # Open (Crossref's CC BY licence): the full text came from Europe PMC and went into the library with it.
    assert paper.sources["full_text"] == "europepmc" and paper.sources["open_access"] == "crossref"
    assert {s.kind for s in paper.full_text} >= {"methods", "adverse-events", "limitations", "funding"}
    assert library.added[0].full_text == paper.full_text
    assert ("crossref", "found") in outcomes(result) and ("europepmc", "found") in outcomes(result)
    assert [p.doi for p in library.added] == [ARTICLE, PREPRINT]
    assert any("Crossref" in m for m in messages)


def test_retraction_from_a_later_source_wins(server: ReplayServer, tmp_path: Path) -> None:
    message = json.loads(fixture("crossref_work_retracted.json"))
    del message["message"]["updated-by"], message["message"]["abstract"]
    doi = "10.5555/fict.2029.0007"
    server.add(f"/crossref/works/{doi}", Reply(200, json.dumps(message)))
    server.json("/europepmc/search", "europepmc_search_empty.json")
    server.add("/pubmed/esearch.fcgi", Reply(200, fixture("pubmed_esearch_one.xml").replace("99000042", "99000007")))
    server.xml("/pubmed/efetch.fcgi", "pubmed_efetch_retracted.xml", id="99000007")
    result = run(server, tmp_path, [cite(doi)])
    assert result.paper is not None
    assert result.paper.status == "retracted" and result.paper.sources["status"] == "pubmed"
    assert result.paper.sources["title"] == "crossref"


def test_editor_fields_win_but_a_retraction_still_shows(server: ReplayServer, tmp_path: Path) -> None:
    server.json("/crossref/works/10.5555/fict.2029.0007", "crossref_work_retracted.json")
    supplied = Paper(title="Tomatoes and the moon (editor's copy)", status="peer-reviewed")
    result = run(server, tmp_path, [cite("10.5555/fict.2029.0007")], supplied=supplied)
    assert result.paper is not None
    assert result.paper.title == "Tomatoes and the moon (editor's copy)"
    assert result.paper.sources["title"] == "editor"
    assert result.paper.status == "retracted"
    assert result.paper.abstract.startswith("Background: Tomatoes")


def test_complete_supplied_paper_needs_no_network(server: ReplayServer, tmp_path: Path) -> None:
    supplied = Paper(title="Embargoed", abstract="We did a thing.", status="peer-reviewed")
    result = run(server, tmp_path, [cite(ARTICLE)], supplied=supplied)
    assert result.paper is not None and result.paper.title == "Embargoed"
    assert server.seen == []
    assert outcomes(result) == [("editor", "found")]


def test_library_hit_needs_no_network(server: ReplayServer, tmp_path: Path) -> None:
    stored = Paper(doi=ARTICLE, title="Stored walnut paper", abstract="Walnuts.", status="peer-reviewed")
    library = MemoryLibrary(stored)
    result = run(server, tmp_path, [cite(ARTICLE)], library=library)
    assert result.paper is not None and result.paper.title == "Stored walnut paper"
    assert server.seen == [] and library.added == []
    assert ("library", "found") in outcomes(result)


def test_offline_uses_the_library_only(server: ReplayServer, tmp_path: Path) -> None:
    partial = Paper(doi=ARTICLE, title="Stored without abstract", sources={"title": "library"})
    result = run(server, tmp_path, [cite(ARTICLE)], library=MemoryLibrary(partial), offline=True)
    assert server.seen == []
    assert result.paper is not None and result.paper.title == "Stored without abstract"
    assert {o for s, o in outcomes(result) if s != "library"} == {"offline"}
    assert any(n.startswith("Offline") for n in result.notices)
    assert any("paste it" in n for n in result.notices)


def test_offline_without_library_finds_nothing(server: ReplayServer, tmp_path: Path) -> None:
    result = run(server, tmp_path, [cite(ARTICLE)], offline=True)
    assert result.paper is None and server.seen == []
    assert f"No paper found for DOI {ARTICLE}: check it or paste the abstract" in result.notices


def test_unknown_doi_gives_a_plain_notice(server: ReplayServer, tmp_path: Path) -> None:
    server.json("/europepmc/search", "europepmc_search_empty.json")
    server.xml("/pubmed/esearch.fcgi", "pubmed_esearch_none.xml")
    result = run(server, tmp_path, [cite("10.5555/nothing")])
    assert result.paper is None
    assert result.notices == ["No paper found for DOI 10.5555/nothing: check it or paste the abstract"]
    assert ("crossref", "not-found") in outcomes(result)
    assert ("openalex", "skipped") in outcomes(result)  # no key configured: not even asked
    assert server.count("/openalex") == 0


def test_openalex_is_asked_when_a_key_is_set(server: ReplayServer, tmp_path: Path) -> None:
    server.json("/europepmc/search", "europepmc_search_empty.json")
    server.xml("/pubmed/esearch.fcgi", "pubmed_esearch_none.xml")
    server.json(f"/openalex/works/https://doi.org/{ARTICLE}", "openalex_work.json")
    result = run(server, tmp_path, [cite(ARTICLE)], openalex_api_key=SecretStr("k"))
    assert result.paper is not None and result.paper.sources["abstract"] == "openalex"


def test_timeout_notice_names_the_source(server: ReplayServer, tmp_path: Path) -> None:
    server.add(f"/crossref/works/{ARTICLE}", Reply(200, "{}", delay_s=1.0))
    server.json("/europepmc/search", "europepmc_search_empty.json")
    server.xml("/pubmed/esearch.fcgi", "pubmed_esearch_none.xml")
    result = run(server, tmp_path, [cite(ARTICLE)], timeout_s=0.2, retries=0)
    assert result.paper is None
    assert "Crossref did not answer in 0.2 s; paste the abstract or retry" in result.notices
    assert ("crossref", "timeout") in outcomes(result)


def test_deadline_stops_the_whole_lookup(server: ReplayServer, tmp_path: Path) -> None:
    server.add(f"/crossref/works/{ARTICLE}", Reply(200, "{}", delay_s=2.0))
    started = time.monotonic()
    result = run(server, tmp_path, [cite(ARTICLE)], timeout_s=5, deadline_s=0.4)
    assert time.monotonic() - started < 1.5
    assert result.paper is None
    assert any("0.4 s limit" in n for n in result.notices)
    assert ("europepmc", "skipped") in outcomes(result)
    assert server.count("/europepmc") == 0


def test_garbage_from_one_source_falls_through_to_the_next(server: ReplayServer, tmp_path: Path) -> None:
    server.add(f"/crossref/works/{ARTICLE}", Reply(200, "<html>Bad gateway</html>", "text/html"))
    server.json("/europepmc/search", "europepmc_search_article.json")
    result = run(server, tmp_path, [cite(ARTICLE)])
    assert result.paper is not None and result.paper.sources["title"] == "europepmc"
    assert ("crossref", "error") in outcomes(result)
    # the paper and its abstract were found: the editor is told only that the full text was not read
    assert result.notices == [NO_LICENCE]


def test_falls_back_to_the_next_citation(server: ReplayServer, tmp_path: Path) -> None:
    server.json("/europepmc/search", "europepmc_search_empty.json")
    server.xml("/pubmed/esearch.fcgi", "pubmed_esearch_none.xml")
    server.xml("/pubmed/efetch.fcgi", "pubmed_efetch_article.xml", id="99000042")
    result = run(server, tmp_path, [cite("10.5555/nothing"), cite("99000042", "pmid")])
    assert result.paper is not None and result.paper.pmid == "99000042"
    assert result.notices == [NO_LICENCE]


def test_preprint_doi_asks_biorxiv_first_and_links_the_journal_version(server: ReplayServer, tmp_path: Path) -> None:
    serve_article(server)
    result = run(server, tmp_path, [cite(f"{PREPRINT}v2")])
    assert server.seen[0].path.startswith("/biorxiv/")
    assert result.paper is not None and result.paper.doi == PREPRINT
    assert result.paper.published_as == ARTICLE
    assert [r.doi for r in result.related] == [ARTICLE]
    assert result.related[0].status == "peer-reviewed"
    # Since published: the status is the journal version's, the abstract stays the preprint's own.
    assert result.paper.status == "peer-reviewed" and result.paper.sources["status"] == "crossref"
    assert result.paper.abstract.startswith("We gave 80 volunteers walnuts or crackers")
    # The fixture's full-text link points at the real bioRxiv, which a test server is never allowed to send us to.
    assert result.notices == [
        "Read the paper's metadata and abstract, not its full text: bioRxiv/medRxiv: invalid: the full-text link "
        "points outside the preprint server (www.biorxiv.org)",
        f"The cited preprint {PREPRINT} was later published in Journal of Imaginary Nutrition as {ARTICLE}: "
        "check which version the article reports",
    ]


def test_unpublished_preprint_stays_a_preprint(server: ReplayServer, tmp_path: Path) -> None:
    server.json(f"/biorxiv/details/biorxiv/{PREPRINT}/na/json", "biorxiv_details.json")
    details = json.loads(fixture("biorxiv_details.json"))
    for version in details["collection"]:
        version["published"] = "NA"
    server.add(f"/biorxiv/details/biorxiv/{PREPRINT}/na/json", Reply(200, json.dumps(details)))
    result = run(server, tmp_path, [cite(PREPRINT)])
    assert result.paper is not None and result.paper.status == "preprint"
    assert result.related == [] and [n for n in result.notices if "full text" not in n] == []


def test_editor_word_on_preprint_status_is_kept(server: ReplayServer, tmp_path: Path) -> None:
    serve_article(server)
    result = run(server, tmp_path, [cite(PREPRINT)], supplied=Paper(status="preprint"))
    assert result.paper is not None and result.paper.status == "preprint"
    assert result.paper.sources["status"] == "editor"


def test_elife_review_suffix_is_stripped(server: ReplayServer, tmp_path: Path) -> None:
    server.json("/crossref/works/10.7554/elife.90001.1", "crossref_work_elife_rp.json")
    result = run(server, tmp_path, [cite("10.7554/eLife.90001.1.sa1")])
    assert result.paper is not None and result.paper.status == "reviewed-preprint"
    assert result.paper.concept_doi == "10.7554/elife.90001"
    assert any("Reviewed Preprint" in n for n in result.notices)


def test_arxiv_doi_goes_to_arxiv(server: ReplayServer, tmp_path: Path) -> None:
    server.xml("/arxiv/query", "arxiv_feed_one.xml", id_list="2501.01234")
    result = run(server, tmp_path, [cite("10.48550/arXiv.2501.01234")])
    assert result.paper is not None and result.paper.arxiv_id == "2501.01234"
    assert server.seen[0].path == "/arxiv/query"
    # The journal version named in the feed was looked for too (Crossref does not know it here).
    assert "/crossref/works/10.5555/fict.2025.0099" in [seen.path for seen in server.seen]
    assert result.related == []
    # The feed names a journal DOI: published, on arXiv's word, though the journal copy was not found.
    assert result.paper.status == "peer-reviewed" and result.paper.sources["status"] == "arxiv"


def test_bibliographic_mention_is_matched_then_enriched(server: ReplayServer, tmp_path: Path) -> None:
    server.json("/crossref/works", "crossref_works_search.json")
    server.json("/europepmc/search", "europepmc_search_empty.json", pageSize="5")
    server.json("/europepmc/search", "europepmc_search_article.json", query=f'DOI:"{ARTICLE}"')
    mention = cite(
        "a walnut trial by Lovelock",
        "bibliographic",
        title="Daily walnut snacks and word recall in older adults",
        author="Lovelock",
        year="2031",
    )
    result = run(server, tmp_path, [mention])
    assert result.paper is not None and result.paper.doi == ARTICLE
    assert result.paper.abstract  # from Europe PMC, asked by the DOI of the match
    assert "matched by search" in result.paper.notes


def test_bibliographic_mention_below_threshold_is_not_taken(server: ReplayServer, tmp_path: Path) -> None:
    server.json("/crossref/works", "crossref_works_search.json")
    server.json("/europepmc/search", "europepmc_search_empty.json")
    mention = cite(
        "x", "bibliographic", title="Coffee and kidney stones in firefighters", author="Lovelock", year="2031"
    )
    result = run(server, tmp_path, [mention])
    assert result.paper is None
    assert result.notices and result.notices[0].startswith("No paper matched")


def test_mention_without_title_that_fits_two_papers_is_not_guessed(server: ReplayServer, tmp_path: Path) -> None:
    works = json.loads(fixture("crossref_works_search.json"))
    works["message"]["items"][1]["author"][0]["family"] = "Lovelock"
    works["message"]["items"][1]["published"] = {"date-parts": [[2031, 5]]}
    server.add("/crossref/works", Reply(200, json.dumps(works)))
    server.json("/europepmc/search", "europepmc_search_empty.json")
    mention = cite("x", "bibliographic", journal="Journal of Imaginary Nutrition", author="Lovelock", year="2031")
    assert run(server, tmp_path, [mention]).paper is None
    assert server.count("/europepmc") == 0  # no title: Europe PMC's title search is not tried
    works["message"]["items"].pop(1)
    server.add("/crossref/works", Reply(200, json.dumps(works)))
    found = run(server, tmp_path, [mention]).paper
    assert found is not None and found.doi == ARTICLE


def test_server_error_notice(server: ReplayServer, tmp_path: Path) -> None:
    for path in ("/crossref/works/10.5555/x", "/europepmc/search", "/pubmed/esearch.fcgi", "/s2/paper/DOI:10.5555/x"):
        server.add(path, Reply(503, "busy", "text/plain"))
    result = run(server, tmp_path, [cite("10.5555/x")], retries=1)
    assert result.paper is None
    assert "Crossref failed (HTTP 503); retry later or paste the abstract" in result.notices
    assert server.count("/crossref") == 2  # retried once, as configured


def test_no_network_gives_one_notice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    settings = Settings(data_dir=tmp_path, apis=api_settings(closed, retries=2))
    slept = record_sleeps(monkeypatch)
    with make_http(settings.apis, backoff_base_s=0.5) as http:
        result = resolve([cite(ARTICLE)], settings=settings, http=http)
    assert slept == []  # no backoff sleeps when nothing answers at all
    assert result.paper is None
    assert result.notices == [
        "Could not reach Crossref, Europe PMC, PubMed, Semantic Scholar (no network?): "
        "paste the abstract, or retry when online",
    ]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://doi.org/10.5555/fict.2031.0042", ("doi", "10.5555/fict.2031.0042")),
        ("https://pubmed.ncbi.nlm.nih.gov/99000042/", ("pmid", "99000042")),
        ("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC9900042/", ("pmcid", "PMC9900042")),
        ("https://pmc.ncbi.nlm.nih.gov/articles/pmc9900042", ("pmcid", "PMC9900042")),
        ("https://arxiv.org/abs/2501.01234v3", ("arxiv", "2501.01234")),
        ("https://arxiv.org/pdf/2501.01234v1.pdf", ("arxiv", "2501.01234")),
        ("https://www.biorxiv.org/content/10.1101/2030.11.05.500001v2.full", ("doi", "10.1101/2030.11.05.500001")),
        ("https://journals.example.org/doi/full/10.5555/fict.2031.0042", ("doi", "10.5555/fict.2031.0042")),
        ("https://example.org/news/walnuts", None),
    ],
)
def test_identifier_from_url(url: str, expected: tuple[str, str] | None) -> None:
    assert identifier_from_url(url) == expected


@pytest.mark.parametrize(
    ("citation", "expected"),
    [
        (cite("10.7554/eLife.92889.1.sa2"), ("doi", "10.7554/elife.92889.1")),
        (cite("10.7554/eLife.92889.sa0"), ("doi", "10.7554/elife.92889")),
        (cite("10.64898/2026.01.02.123456v1"), ("doi", "10.64898/2026.01.02.123456")),
        (cite("https://doi.org/10.48550/arXiv.2312.07559", "url"), ("arxiv", "2312.07559")),
        (cite("9900042", "pmcid"), ("pmcid", "PMC9900042")),
        (cite("arXiv:2501.01234v2", "arxiv"), ("arxiv", "2501.01234")),
        (cite("some words", "bibliographic"), None),
    ],
)
def test_lookup_key(citation: Citation, expected: tuple[str, str] | None) -> None:
    assert lookup_key(citation) == expected


def test_no_identifier_at_all_says_so(server: ReplayServer, tmp_path: Path) -> None:
    result = run(server, tmp_path, [cite("https://example.org/news/walnuts", "url")])
    assert result.paper is None and server.seen == []
    assert result.notices == ["No DOI, PMID or paper link found in the article: paste the abstract"]


def test_library_is_asked_with_prefixed_keys(server: ReplayServer, tmp_path: Path) -> None:
    asked: list[str] = []

    class Recording(MemoryLibrary):
        def get(self, key: str) -> Paper | None:
            asked.append(key)
            return super().get(key)

    stored = Paper(pmid="99000042", title="Stored", abstract="Walnuts.", status="peer-reviewed")
    result = run(server, tmp_path, [cite("99000042", "pmid")], library=Recording(stored))
    assert asked == ["pmid:99000042"]
    assert result.paper is not None and result.paper.title == "Stored"


def test_clean_doi_keeps_ordinary_dois() -> None:
    assert clean_doi("https://doi.org/10.1016/J.XGEN.2025.100814") == "10.1016/j.xgen.2025.100814"


def test_merge_papers_priority_and_severity() -> None:
    first = Paper(title="A", status="peer-reviewed", sources={"title": "crossref", "status": "crossref"})
    second = Paper(
        title="B", abstract="text", status="corrected", publication_types=["Review"], sources={"abstract": "pubmed"}
    )
    third = Paper(status="expression-of-concern", publication_types=["Review", "News"], sources={"status": "openalex"})
    merged = merge_papers([first, second, third])
    assert merged is not None
    assert merged.title == "A" and merged.abstract == "text"
    assert merged.status == "expression-of-concern" and merged.sources["status"] == "openalex"
    assert merged.publication_types == ["Review", "News"]
    assert merge_papers([]) is None
