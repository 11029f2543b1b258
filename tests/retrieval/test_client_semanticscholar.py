"""Semantic Scholar client: id prefixes, the x-api-key header, 404 JSON, title match."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pydantic import SecretStr

from retrieval.clients.semanticscholar import SemanticScholarClient, parse_batch
from tests.retrieval.replay_server import ReplayServer, Reply, api_settings, fixture, make_http, replay


@pytest.fixture
def server() -> Iterator[ReplayServer]:
    with replay() as s:
        yield s


@pytest.fixture
def client(server: ReplayServer) -> Iterator[SemanticScholarClient]:
    settings = api_settings(server.url, semantic_scholar_api_key=SecretStr("s2-key"))
    with make_http(settings) as http:
        yield SemanticScholarClient(http, settings)


@pytest.mark.parametrize(
    ("kind", "value", "path"),
    [
        ("doi", "10.5555/fict.2031.0042", "/s2/paper/DOI:10.5555/fict.2031.0042"),
        ("pmid", "99000042", "/s2/paper/PMID:99000042"),
        ("pmcid", "PMC9900042", "/s2/paper/PMCID:9900042"),
    ],
)
def test_by_id(server: ReplayServer, client: SemanticScholarClient, kind: str, value: str, path: str) -> None:
    server.json(path, "s2_paper.json")
    paper = client.by_id(kind, value)
    assert paper is not None
    assert paper.abstract.startswith("Walnuts may slightly help")
    assert paper.pmcid == "PMC9900042" and paper.pmid == "99000042"
    assert paper.status == "unknown"  # Semantic Scholar does not say whether a paper was peer reviewed
    assert server.seen[0].headers["x-api-key"] == "s2-key"
    assert "abstract" in server.seen[0].query["fields"]


def test_404_json_is_not_found(server: ReplayServer, client: SemanticScholarClient) -> None:
    server.add("/s2/paper/DOI:10.5555/nothing", Reply(404, fixture("s2_not_found.json")))
    assert client.by_id("doi", "10.5555/nothing") is None
    assert server.count("/s2") == 1


def test_title_match(server: ReplayServer, client: SemanticScholarClient) -> None:
    record = fixture("s2_paper.json")
    server.add("/s2/paper/search/match", Reply(200, '{"data": [' + record + "]}"))
    hits = client.search("Daily walnut snacks and word recall")
    assert [h.doi for h in hits] == ["10.5555/fict.2031.0042"]
    server.add("/s2/paper/search/match", Reply(200, '{"data": []}'))
    assert client.search("nothing like it") == []


def test_batch_with_unknown_ids() -> None:
    record = fixture("s2_paper.json")
    assert [p.doi if p else None for p in parse_batch(f"[null, {record}]")] == [None, "10.5555/fict.2031.0042"]
