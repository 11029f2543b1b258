"""Identifiers that go into URL paths stay inside the API's base path, with the key attached only there.

A DOI comes from the article, which anyone can write: "10.5555/../../../admin" must not become a request for
/admin on the API's host carrying our key, and "?" or "#" must not end the path early.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pydantic import SecretStr

from caveat.core.settings import ApiSettings
from retrieval.clients.base import SourceClient, path_id
from retrieval.clients.biorxiv import BiorxivClient
from retrieval.clients.crossref import CrossrefClient
from retrieval.clients.openalex import OpenAlexClient
from retrieval.clients.semanticscholar import SemanticScholarClient
from retrieval.http import SourceError
from tests.retrieval.replay_server import ReplayServer, api_settings, make_http, replay

CLIENTS: dict[str, tuple[Callable[..., SourceClient], str]] = {
    "semanticscholar": (SemanticScholarClient, "/s2/paper/"),
    "openalex": (OpenAlexClient, "/openalex/works/"),
    "crossref": (CrossrefClient, "/crossref/works/"),
    "biorxiv": (BiorxivClient, "/biorxiv/details/"),
}
ESCAPES = [
    "10.5555/../../../admin",
    "10.5555/x/../../../../admin",
    "10.5555/%2e%2e/%2e%2e/%2e%2e/admin",
    "10.5555/..",
    "../10.5555/x",
]


@pytest.fixture
def server() -> Iterator[ReplayServer]:
    with replay() as s:
        yield s


def settings_for(server: ReplayServer) -> ApiSettings:
    keys = {"openalex_api_key": SecretStr("oa-key"), "semantic_scholar_api_key": SecretStr("s2-key")}
    return api_settings(server.url, **keys)


@pytest.mark.parametrize("name", sorted(CLIENTS))
@pytest.mark.parametrize("doi", ESCAPES)
def test_dot_segments_in_a_doi_never_leave_the_base_path(server: ReplayServer, name: str, doi: str) -> None:
    make, _base = CLIENTS[name]
    settings = settings_for(server)
    with make_http(settings) as http, pytest.raises(SourceError) as err:
        make(http, settings).by_id("doi", doi)
    assert err.value.kind == "not-found" and "is not a doi" in err.value.detail
    assert server.seen == []  # not asked at all: nothing, and no key, went anywhere


@pytest.mark.parametrize("name", sorted(CLIENTS))
def test_query_and_fragment_characters_stay_in_the_path(server: ReplayServer, name: str) -> None:
    make, base = CLIENTS[name]
    settings = settings_for(server)
    doi = "10.5555/a?api_key=x&b=1#c%41"  # "?", "&", "#" and "%" are all legal in a DOI suffix
    with make_http(settings) as http:
        make(http, settings).by_id("doi", doi)
    assert server.seen, "the client asked the server"
    for seen in server.seen:
        assert seen.path.startswith(base) and doi in seen.path  # decoded by the server: the whole DOI, in the path
        assert seen.query.get("api_key") in (None, "oa-key")  # the DOI's "?api_key=x" did not become a parameter


@pytest.mark.parametrize(
    ("kind", "value"),
    [("doi", "not a doi"), ("doi", "11.5555/x"), ("doi", "10.12/x"), ("pmid", "123/../4"), ("pmcid", "PMC1/..")],
)
def test_ids_that_are_not_ids_are_refused(kind: str, value: str) -> None:
    with pytest.raises(SourceError, match="is not a"):
        path_id("openalex", kind, value)


def test_real_dois_pass_and_are_percent_encoded() -> None:
    assert path_id("s2", "doi", "10.1002/(sici)1097-4571(199806)49:8<693::aid-asi4>3.0.co;2-0", keep=":/") == (
        "10.1002/%28sici%291097-4571%28199806%2949:8%3C693::aid-asi4%3E3.0.co%3B2-0"
    )
    assert path_id("crossref", "doi", "10.1000.10/abc..def") == "10.1000.10%2Fabc..def"
    assert path_id("openalex", "pmcid", "PMC9900042") == "PMC9900042"
