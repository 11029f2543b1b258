"""arXiv client: Atom feed, version suffixes, the journal DOI, an empty feed for an unknown id."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from retrieval.clients.arxiv import ArxivClient, arxiv_id_from_url
from retrieval.http import SourceError
from tests.retrieval.replay_server import ReplayServer, Reply, api_settings, make_http, replay


@pytest.fixture
def server() -> Iterator[ReplayServer]:
    with replay() as s:
        yield s


@pytest.fixture
def client(server: ReplayServer) -> Iterator[ArxivClient]:
    settings = api_settings(server.url)
    with make_http(settings) as http:
        yield ArxivClient(http, settings)


def test_by_id(server: ReplayServer, client: ArxivClient) -> None:
    server.xml("/arxiv/query", "arxiv_feed_one.xml", id_list="2501.01234")
    paper = client.by_id("arxiv", "arXiv:2501.01234v1")
    assert paper is not None
    assert paper.arxiv_id == "2501.01234"
    assert paper.title == "A toy model of starling flocks in fog"
    assert paper.abstract.startswith("We simulate 500 birds that each see only their seven")
    assert paper.authors == ["Eun-ji Park", "Tomas Lindqvist"]
    assert paper.published == "2025-01-03"
    assert paper.status == "preprint"
    assert paper.published_as == "10.5555/fict.2025.0099"


def test_unknown_id_is_an_empty_feed(server: ReplayServer, client: ArxivClient) -> None:
    server.xml("/arxiv/query", "arxiv_feed_empty.xml")
    assert client.by_id("arxiv", "2599.99999") is None


def test_feed_for_another_id_is_not_taken(server: ReplayServer, client: ArxivClient) -> None:
    server.xml("/arxiv/query", "arxiv_feed_one.xml")
    assert client.by_id("arxiv", "2502.00001") is None


def test_search_query(server: ReplayServer, client: ArxivClient) -> None:
    server.xml("/arxiv/query", "arxiv_feed_one.xml")
    assert len(client.search("starling flocks in fog", "Eun-ji Park")) == 1
    assert server.seen[0].query["search_query"] == 'ti:"starling flocks in fog" AND au:Park'


def test_json_instead_of_atom_is_invalid(server: ReplayServer, client: ArxivClient) -> None:
    server.add("/arxiv/query", Reply(200, '{"error": "no"}'))
    with pytest.raises(SourceError) as err:
        client.by_id("arxiv", "2501.01234")
    assert err.value.kind == "invalid"


@pytest.mark.parametrize(
    ("url", "expected"),
    [("http://arxiv.org/abs/2201.13452v1", "2201.13452"), ("http://arxiv.org/abs/hep-ph/9411242v3", "hep-ph/9411242")],
)
def test_arxiv_id_from_url(url: str, expected: str) -> None:
    assert arxiv_id_from_url(url) == expected
