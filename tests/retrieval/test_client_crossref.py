"""Crossref client against the replay server: lookups, status, links, funding, not-found and garbage."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from retrieval.clients.crossref import CrossrefClient, elife_concept_doi, parse_work
from retrieval.http import SourceError
from tests.retrieval.replay_server import ReplayServer, Reply, api_settings, fixture, make_http, replay


@pytest.fixture
def server() -> Iterator[ReplayServer]:
    with replay() as s:
        yield s


@pytest.fixture
def client(server: ReplayServer) -> Iterator[CrossrefClient]:
    settings = api_settings(server.url)
    with make_http(settings) as http:
        yield CrossrefClient(http, settings)


def test_by_doi_reads_the_journal_article(server: ReplayServer, client: CrossrefClient) -> None:
    server.json("/crossref/works/10.5555/fict.2031.0042", "crossref_work_article.json")
    paper = client.by_id("doi", "10.5555/fict.2031.0042")
    assert paper is not None
    assert paper.title.startswith("Daily walnut snacks")
    assert paper.authors == ["Ada Lovelock", "Ben K. Okafor"]
    assert paper.journal == "Journal of Imaginary Nutrition"
    assert paper.published == "2031-03-14"
    assert paper.status == "peer-reviewed"
    assert paper.preprint_of == "10.1101/2030.11.05.500001"
    assert paper.funding == ["Nut Council of Nowhere (NC-77)", "Quiet Foundation"]
    assert paper.abstract == "" and paper.abstract_sections == []
    assert paper.sources["title"] == "crossref" and "abstract" not in paper.sources
    assert server.seen[0].query["mailto"] == "desk@example.org"


def test_preprint_with_jats_abstract_and_published_link(server: ReplayServer, client: CrossrefClient) -> None:
    server.json("/crossref/works/10.1101/2030.11.05.500001", "crossref_work_preprint.json")
    paper = client.by_id("doi", "10.1101/2030.11.05.500001")
    assert paper is not None and paper.status == "preprint"
    assert paper.published_as == "10.5555/fict.2031.0042"
    assert paper.journal == "bioRxiv"
    assert "<" not in paper.abstract and "−0.1" in paper.abstract
    assert "was not statistically clear" in paper.abstract
    assert [s.label for s in paper.abstract_sections] == [""]  # "Abstract" is not a real section label


def test_retraction_beats_correction(server: ReplayServer, client: CrossrefClient) -> None:
    server.json("/crossref/works/10.5555/fict.2029.0007", "crossref_work_retracted.json")
    paper = client.by_id("doi", "10.5555/fict.2029.0007")
    assert paper is not None and paper.status == "retracted"
    assert [(s.label, s.text) for s in paper.abstract_sections] == [
        ("Background", "Tomatoes are said to like the moon."),
        ("Conclusions", "Moonlight doubled yield in two greenhouses."),
    ]
    assert paper.abstract.endswith("Conclusions: Moonlight doubled yield in two greenhouses.")


def test_elife_reviewed_preprint(server: ReplayServer, client: CrossrefClient) -> None:
    server.json("/crossref/works/10.7554/eLife.90001.1", "crossref_work_elife_rp.json")
    paper = client.by_id("doi", "10.7554/eLife.90001.1")
    assert paper is not None and paper.status == "reviewed-preprint"
    assert paper.concept_doi == "10.7554/elife.90001"
    assert paper.preprint_of == "10.1101/2030.09.09.400400"


def test_elife_concept_doi_posted_content_is_a_reviewed_preprint(server: ReplayServer, client: CrossrefClient) -> None:
    body = fixture("crossref_work_elife_rp.json").replace('"10.7554/elife.90001.1"', '"10.7554/elife.90001"')
    server.add("/crossref/works/10.7554/eLife.90001", Reply(200, body))
    paper = client.by_id("doi", "10.7554/eLife.90001")
    assert paper is not None and paper.status == "reviewed-preprint" and paper.concept_doi is None


@pytest.mark.parametrize(
    ("doi", "concept"),
    [("10.7554/eLife.92889.1", "10.7554/elife.92889"), ("10.7554/eLife.92889", None), ("10.1101/1.2", None)],
)
def test_elife_concept_doi(doi: str, concept: str | None) -> None:
    assert elife_concept_doi(doi) == concept


def test_unknown_doi_is_not_found(server: ReplayServer, client: CrossrefClient) -> None:
    assert client.by_id("doi", "10.5555/nothing") is None  # the server's default: 404 text/plain
    assert server.count("/crossref") == 1


def test_search_uses_query_bibliographic(server: ReplayServer, client: CrossrefClient) -> None:
    server.json("/crossref/works", "crossref_works_search.json")
    hits = client.search("walnut word recall", "Lovelock", 2031)
    assert [h.doi for h in hits] == ["10.5555/fict.2031.0042", "10.5555/fict.2018.0001"]
    assert server.seen[0].query["query.bibliographic"] == "walnut word recall Lovelock 2031"


def test_search_with_no_hit(server: ReplayServer, client: CrossrefClient) -> None:
    server.json("/crossref/works", "crossref_works_empty.json")
    assert client.search("askjdh qwe") == []


@pytest.mark.parametrize(
    "body", [fixture("crossref_work_article.json")[:200], "<html><body>Service Unavailable</body></html>"]
)
def test_garbage_is_invalid(server: ReplayServer, client: CrossrefClient, body: str) -> None:
    server.add("/crossref/works/10.5555/broken", Reply(200, body))
    with pytest.raises(SourceError) as err:
        client.by_id("doi", "10.5555/broken")
    assert err.value.kind == "invalid" and err.value.source == "crossref"


def test_parse_work_without_message_is_none() -> None:
    assert parse_work('{"status": "ok", "message": {}}') is None
