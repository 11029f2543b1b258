"""OpenAlex client: DOI lookup with the key as a param, inverted index, retraction flag, 404 HTML."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pydantic import SecretStr

from retrieval.clients.openalex import OpenAlexClient
from retrieval.http import SourceError
from tests.retrieval.replay_server import ReplayServer, Reply, api_settings, make_http, replay


@pytest.fixture
def server() -> Iterator[ReplayServer]:
    with replay() as s:
        yield s


@pytest.fixture
def client(server: ReplayServer) -> Iterator[OpenAlexClient]:
    settings = api_settings(server.url, openalex_api_key=SecretStr("oa-key"))
    with make_http(settings) as http:
        yield OpenAlexClient(http, settings)


def test_by_doi(server: ReplayServer, client: OpenAlexClient) -> None:
    server.json("/openalex/works/https://doi.org/10.5555/fict.2031.0042", "openalex_work.json")
    paper = client.by_id("doi", "10.5555/fict.2031.0042")
    assert paper is not None
    assert paper.abstract == "Walnuts may slightly help word recall; larger trials are needed."
    assert paper.pmid == "99000042" and paper.pmcid == "PMC9900042"
    assert paper.journal == "Journal of Imaginary Nutrition"
    assert paper.status == "peer-reviewed"
    assert paper.funding == ["Nut Council of Nowhere (NC-77)"]
    assert server.seen[0].query["api_key"] == "oa-key"


@pytest.mark.parametrize(
    ("kind", "path"), [("pmid", "/openalex/works/pmid:99000042"), ("pmcid", "/openalex/works/pmcid:PMC9900042")]
)
def test_other_ids(server: ReplayServer, client: OpenAlexClient, kind: str, path: str) -> None:
    server.json(path, "openalex_work.json")
    value = "99000042" if kind == "pmid" else "PMC9900042"
    paper = client.by_id(kind, value)
    assert paper is not None and paper.doi == "10.5555/fict.2031.0042"


def test_search_reads_retraction_and_missing_abstract(server: ReplayServer, client: OpenAlexClient) -> None:
    server.json("/openalex/works", "openalex_works_search.json")
    hits = client.search("Moonlight tomato yield", year=2029)
    assert len(hits) == 1 and hits[0].status == "retracted" and hits[0].abstract == ""
    assert server.seen[0].query["filter"] == "publication_year:2029"


def test_not_found_html_404(server: ReplayServer, client: OpenAlexClient) -> None:
    server.add(
        "/openalex/works/https://doi.org/10.5555/nothing",
        Reply(404, "<!doctype html><title>404 Not Found</title>", "text/html; charset=utf-8"),
    )
    assert client.by_id("doi", "10.5555/nothing") is None


def test_html_with_200_is_invalid(server: ReplayServer, client: OpenAlexClient) -> None:
    server.add("/openalex/works/https://doi.org/10.5555/odd", Reply(200, "<!doctype html><p>maintenance", "text/html"))
    with pytest.raises(SourceError) as err:
        client.by_id("doi", "10.5555/odd")
    assert err.value.kind == "invalid"
