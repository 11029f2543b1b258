"""PubMed client: esearch + efetch, labelled abstracts, retraction, UpdateOf, competing interests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pydantic import SecretStr

from retrieval.clients.pubmed import PubMedClient, parse_esearch
from retrieval.http import SourceError
from tests.retrieval.replay_server import ReplayServer, Reply, api_settings, make_http, replay


@pytest.fixture
def server() -> Iterator[ReplayServer]:
    with replay() as s:
        yield s


def _client(server: ReplayServer, **settings: object) -> PubMedClient:
    api = api_settings(server.url, **settings)
    return PubMedClient(make_http(api), api)


def test_by_pmid_reads_the_structured_abstract(server: ReplayServer) -> None:
    server.xml("/pubmed/efetch.fcgi", "pubmed_efetch_article.xml", id="99000042")
    paper = _client(server).by_id("pmid", "99000042")
    assert paper is not None
    assert [s.label for s in paper.abstract_sections] == ["Background", "Methods", "Results", "Conclusions"]
    assert paper.abstract_sections[2].text == "Recall improved by 0.6 words more with walnuts (95% CI -0.1 to 1.3)."
    assert paper.abstract.startswith("Background: Nuts are often sold as brain food.\n\nMethods: ")
    assert paper.doi == "10.5555/fict.2031.0042" and paper.pmcid == "PMC9900042"
    assert paper.authors == ["Ada Lovelock", "Ben K Okafor", "Walnut Trial Group"]
    assert paper.published == "2031-03-14"
    assert paper.status == "peer-reviewed"
    assert paper.preprint_of == "10.1101/2030.11.05.500001"
    assert paper.funding == ["Nut Council of Nowhere (NC-77)"]
    assert paper.competing_interests.startswith("AL has received walnuts")
    assert paper.title.endswith("randomised trial")  # the trailing full stop of PubMed titles is dropped
    seen = server.seen[0].query
    assert seen["tool"] == "caveat" and seen["email"] == "desk@example.org" and "api_key" not in seen


def test_by_doi_goes_through_esearch_and_sends_the_key(server: ReplayServer) -> None:
    server.xml("/pubmed/esearch.fcgi", "pubmed_esearch_one.xml", term="10.5555/fict.2031.0042[aid]")
    server.xml("/pubmed/efetch.fcgi", "pubmed_efetch_article.xml", id="99000042")
    paper = _client(server, ncbi_api_key=SecretStr("ncbi-k")).by_id("doi", "10.5555/fict.2031.0042")
    assert paper is not None and paper.pmid == "99000042"
    assert [s.path for s in server.seen] == ["/pubmed/esearch.fcgi", "/pubmed/efetch.fcgi"]
    assert all(s.query["api_key"] == "ncbi-k" for s in server.seen)


def test_retracted_publication(server: ReplayServer) -> None:
    server.xml("/pubmed/efetch.fcgi", "pubmed_efetch_retracted.xml")
    paper = _client(server).by_id("pmid", "99000007")
    assert paper is not None and paper.status == "retracted"
    assert paper.published == "2029"
    assert paper.abstract_sections[0].label == ""


def test_unknown_ids(server: ReplayServer) -> None:
    server.xml("/pubmed/esearch.fcgi", "pubmed_esearch_none.xml")
    server.xml("/pubmed/efetch.fcgi", "pubmed_efetch_empty.xml")
    client = _client(server)
    assert client.by_id("doi", "10.5555/nothing") is None
    assert server.count("/pubmed/efetch") == 0  # no PMID, no efetch
    assert client.by_id("pmid", "1") is None


def test_esearch_json_shape() -> None:
    assert parse_esearch('{"esearchresult": {"count": "0", "idlist": []}}') == []
    assert parse_esearch('{"esearchresult": {"count": "1", "idlist": ["42"]}}') == ["42"]


def test_html_instead_of_xml_is_invalid(server: ReplayServer) -> None:
    server.add("/pubmed/efetch.fcgi", Reply(200, "<html><body><h1>Oops</h1>", "text/html"))
    with pytest.raises(SourceError) as err:
        _client(server).by_id("pmid", "5")
    assert err.value.kind == "invalid"
