"""What the editor is told when the lookup fails: the truth about the deadline, and "not found" only when it is.

A notice that says "no paper found: check the DOI" when no source could be asked sends the editor after a typo
that is not there; one that says "stopped at its 8 s limit" after 152 s makes the limit a lie.
"""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from caveat.core.settings import Settings
from retrieval.resolver import resolve
from tests.retrieval.replay_server import Reply, api_settings, make_http, replay
from tests.retrieval.test_http_bounds import drip_server
from tests.retrieval.test_resolver import ARTICLE, MemoryLibrary, cite

pytestmark = pytest.mark.server


def test_deadline_notice_says_what_was_stopped_and_when(tmp_path: Path) -> None:
    with drip_server() as url:
        settings = Settings(data_dir=tmp_path, apis=api_settings(url, timeout_s=10, retries=2, deadline_s=1))
        started = time.monotonic()
        with make_http(settings.apis) as http:
            result = resolve([cite(ARTICLE)], settings=settings, http=http)
        took = time.monotonic() - started
    assert took < 6  # every source drips; 40 bytes at 0.3 s is 12 s for the first alone
    assert result.paper is None
    [notice] = [n for n in result.notices if n.startswith("The paper lookup")]
    assert "stopped after " in notice and "by its 1 s limit" in notice
    stopped_after = float(notice.split("stopped after ")[1].split(" s")[0])
    assert 0.5 <= stopped_after < 6
    assert "Crossref was still sending its answer" in notice
    assert "Europe PMC, PubMed, Semantic Scholar not asked" in notice


def test_no_source_reached_is_not_called_not_found_even_with_a_library(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    settings = Settings(data_dir=tmp_path, apis=api_settings(closed))
    with make_http(settings.apis) as http:
        result = resolve([cite(ARTICLE)], settings=settings, library=MemoryLibrary(), http=http)
    assert result.paper is None
    assert not any("No paper found" in n for n in result.notices)  # the library's "not here" is not the APIs'
    assert any(n.startswith("Could not reach Crossref") for n in result.notices)


def test_some_answered_some_failed_names_both(tmp_path: Path) -> None:
    with replay() as server:  # Crossref: 404 (unknown path); the others: rate-limited or failing
        server.add("/europepmc/search", Reply(429, "slow down", "text/plain", headers={"Retry-After": "0"}))
        server.add("/pubmed/esearch.fcgi", Reply(503, "busy", "text/plain"))
        server.add(f"/s2/paper/DOI:{ARTICLE}", Reply(503, "busy", "text/plain"))
        settings = Settings(data_dir=tmp_path, apis=api_settings(server.url, retries=0))
        with make_http(settings.apis) as http:
            result = resolve([cite(ARTICLE)], settings=settings, library=MemoryLibrary(), http=http)
    assert result.paper is None
    assert not any(n.startswith("No paper found") for n in result.notices)
    assert (
        f"Crossref did not know DOI {ARTICLE}, but Europe PMC, PubMed, Semantic Scholar could not be asked "
        "(see below): retry before taking the identifier for wrong, or paste the abstract"
    ) in result.notices
    assert "Europe PMC is limiting requests just now; retry in a minute or paste the abstract" in result.notices


def test_all_answered_not_found_keeps_the_plain_notice(tmp_path: Path) -> None:
    with replay() as server:
        server.add("/europepmc/search", Reply(200, '{"hitCount": 0, "resultList": {"result": []}}'))
        server.add("/pubmed/esearch.fcgi", Reply(404, "none", "text/plain"))
        settings = Settings(data_dir=tmp_path, apis=api_settings(server.url))
        with make_http(settings.apis) as http:
            result = resolve([cite("10.5555/nothing")], settings=settings, library=MemoryLibrary(), http=http)
    assert result.notices == ["No paper found for DOI 10.5555/nothing: check it or paste the abstract"]


def test_a_doi_that_climbs_out_of_the_api_path_is_never_sent(tmp_path: Path) -> None:
    with replay() as server:
        settings = Settings(data_dir=tmp_path, apis=api_settings(server.url))
        with make_http(settings.apis) as http:
            result = resolve([cite("10.5555/../../../admin")], settings=settings, http=http)
        paths = [seen.path for seen in server.seen]
    assert not any("admin" in p for p in paths if not p.startswith(("/europepmc/", "/pubmed/")))
    assert result.notices == ["No paper found for DOI 10.5555/../../../admin: check it or paste the abstract"]


def test_a_slow_body_is_not_called_no_answer(tmp_path: Path) -> None:
    with drip_server() as url:
        settings = Settings(data_dir=tmp_path, apis=api_settings(url, timeout_s=1, retries=0, deadline_s=60))
        started = time.monotonic()
        with make_http(settings.apis) as http:
            result = resolve([cite(ARTICLE)], settings=settings, http=http)
    assert time.monotonic() - started < 20  # four sources, 1 s each
    assert "Crossref was still sending its answer when its 1 s were up; paste the abstract or retry" in result.notices
