"""bioRxiv/medRxiv client: versions, the published link, "no posts found", the second server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from retrieval.clients.biorxiv import BiorxivClient, author_names
from retrieval.http import SourceError
from tests.retrieval.replay_server import ReplayServer, Reply, api_settings, make_http, replay

DOI = "10.1101/2030.11.05.500001"


@pytest.fixture
def server() -> Iterator[ReplayServer]:
    with replay() as s:
        yield s


@pytest.fixture
def client(server: ReplayServer) -> Iterator[BiorxivClient]:
    settings = api_settings(server.url)
    with make_http(settings) as http:
        yield BiorxivClient(http, settings)


def test_latest_version_with_published_link(server: ReplayServer, client: BiorxivClient) -> None:
    server.json(f"/biorxiv/details/biorxiv/{DOI}/na/json", "biorxiv_details.json")
    paper = client.by_id("doi", DOI)
    assert paper is not None
    assert paper.abstract.startswith("We gave 80 volunteers")  # version 2, not version 1
    assert paper.published == "2030-11-05"  # first posted
    assert paper.authors == ["A. Lovelock", "B. K. Okafor"]
    assert paper.status == "preprint"
    assert paper.published_as == "10.5555/fict.2031.0042"
    assert paper.notes == "version 2 of 2"


def test_falls_back_to_medrxiv(server: ReplayServer, client: BiorxivClient) -> None:
    server.json(f"/biorxiv/details/biorxiv/{DOI}/na/json", "biorxiv_none.json")
    server.json(f"/biorxiv/details/medrxiv/{DOI}/na/json", "biorxiv_details.json")
    paper = client.by_id("doi", DOI)
    assert paper is not None and paper.doi == DOI
    assert server.count("/biorxiv/details/") == 2


def test_no_posts_found_is_not_found(server: ReplayServer, client: BiorxivClient) -> None:
    server.json(f"/biorxiv/details/biorxiv/{DOI}/na/json", "biorxiv_none.json")
    server.json(f"/biorxiv/details/medrxiv/{DOI}/na/json", "biorxiv_none.json")
    assert client.by_id("doi", DOI) is None


def test_truncated_body_is_invalid(server: ReplayServer, client: BiorxivClient) -> None:
    server.add(f"/biorxiv/details/biorxiv/{DOI}/na/json", Reply(200, '{"messages": [{"status": "ok"}], "colle'))
    with pytest.raises(SourceError) as err:
        client.by_id("doi", DOI)
    assert err.value.kind == "invalid"


def test_author_names() -> None:
    assert author_names("Doe, J. K.; Roe, A.;") == ["J. K. Doe", "A. Roe"]
