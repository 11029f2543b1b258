"""Europe PMC client: DOI/PMID/PMCID queries, HTML abstract sections, hitCount 0, garbage."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from retrieval.clients.europepmc import EuropePmcClient
from retrieval.http import SourceError
from tests.retrieval.replay_server import ReplayServer, Reply, api_settings, make_http, replay


@pytest.fixture
def server() -> Iterator[ReplayServer]:
    with replay() as s:
        yield s


@pytest.fixture
def client(server: ReplayServer) -> Iterator[EuropePmcClient]:
    settings = api_settings(server.url)
    with make_http(settings) as http:
        yield EuropePmcClient(http, settings)


@pytest.mark.parametrize(
    ("kind", "value", "query"),
    [
        ("doi", "10.5555/fict.2031.0042", 'DOI:"10.5555/fict.2031.0042"'),
        ("pmid", "99000042", "EXT_ID:99000042 AND SRC:MED"),
        ("pmcid", "9900042", "PMCID:PMC9900042"),
    ],
)
def test_by_id(server: ReplayServer, client: EuropePmcClient, kind: str, value: str, query: str) -> None:
    server.json("/europepmc/search", "europepmc_search_article.json", query=query)
    paper = client.by_id(kind, value)
    assert paper is not None
    assert paper.pmid == "99000042" and paper.pmcid == "PMC9900042"
    assert server.seen[0].query["resultType"] == "core"


def test_fields_and_sections(server: ReplayServer, client: EuropePmcClient) -> None:
    server.json("/europepmc/search", "europepmc_search_article.json")
    paper = client.by_id("doi", "10.5555/fict.2031.0042")
    assert paper is not None
    assert [s.label for s in paper.abstract_sections] == ["Background", "Methods", "Results", "Conclusions"]
    assert paper.abstract_sections[-1].text == "Walnuts may slightly help word recall; larger trials are needed."
    assert "−0.1" in paper.abstract_sections[2].text
    assert paper.title == "Daily walnut snacks and word recall in older adults: a randomised trial"
    assert paper.authors == ["Ada Lovelock", "Ben K Okafor"]
    assert paper.published == "2031-03-14"
    assert paper.status == "peer-reviewed"
    assert "Randomized Controlled Trial" in paper.publication_types
    assert paper.funding == ["Nut Council of Nowhere (NC-77)"]
    assert paper.sources["abstract"] == "europepmc"


def test_no_hit_is_not_found(server: ReplayServer, client: EuropePmcClient) -> None:
    server.json("/europepmc/search", "europepmc_search_empty.json")
    assert client.by_id("doi", "10.5555/nothing") is None
    assert client.search("no such title", "Nobody", 1999) == []
    assert server.seen[-1].query["query"] == 'TITLE:"no such title" AND AUTH:"Nobody" AND PUB_YEAR:1999'


def test_truncated_json_is_invalid(server: ReplayServer, client: EuropePmcClient) -> None:
    server.add("/europepmc/search", Reply(200, '{"version": "6.9", "hitCount": 1, "resultList": {"res'))
    with pytest.raises(SourceError) as err:
        client.by_id("pmid", "1")
    assert err.value.kind == "invalid"
