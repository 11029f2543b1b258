"""The polite HTTP client against a real local server: retries, backoff, Retry-After, cache, deadline."""

from __future__ import annotations

import email.utils
import logging
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from retrieval.http import Deadline, RateLimiter, ResponseCache, SourceError, parse_retry_after, redact
from tests.retrieval.replay_server import ReplayServer, Reply, api_settings, make_http, record_sleeps, replay


@pytest.fixture
def server() -> Iterator[ReplayServer]:
    with replay() as s:
        yield s


def test_sends_user_agent_with_contact_address(server: ReplayServer) -> None:
    server.add("/x", Reply(200, "{}"))
    with make_http(api_settings(server.url)) as http:
        http.get("crossref", f"{server.url}/x")
    agent = server.seen[0].headers["user-agent"]
    assert agent.startswith("Caveat/") and "(mailto:desk@example.org)" in agent


def test_retries_500_then_succeeds(server: ReplayServer) -> None:
    server.add("/x", Reply(500, "oops"), Reply(200, '{"ok": true}'))
    with make_http(api_settings(server.url, retries=2)) as http:
        response = http.get("crossref", f"{server.url}/x")
    assert response.text == '{"ok": true}'
    assert server.count("/x") == 2


def test_gives_up_after_the_configured_retries(server: ReplayServer) -> None:
    server.add("/x", Reply(503, "busy"))
    with make_http(api_settings(server.url, retries=2)) as http, pytest.raises(SourceError) as err:
        http.get("europepmc", f"{server.url}/x")
    assert err.value.kind == "error" and err.value.source == "europepmc"
    assert server.count("/x") == 3


@pytest.mark.parametrize("status", [404, 410])
def test_not_found_is_never_retried(server: ReplayServer, status: int) -> None:
    server.add("/x", Reply(status, "Resource not found.", "text/plain"))
    with make_http(api_settings(server.url, retries=3)) as http, pytest.raises(SourceError) as err:
        http.get("crossref", f"{server.url}/x")
    assert err.value.kind == "not-found"
    assert server.count("/x") == 1


def test_bad_request_is_an_error_without_retry(server: ReplayServer) -> None:
    server.add("/x", Reply(400, '{"error": "bad fields"}'))
    with make_http(api_settings(server.url, retries=3)) as http, pytest.raises(SourceError) as err:
        http.get("semanticscholar", f"{server.url}/x")
    assert err.value.kind == "error" and "400" in err.value.detail
    assert server.count("/x") == 1


def test_429_waits_the_retry_after_seconds(server: ReplayServer, monkeypatch: pytest.MonkeyPatch) -> None:
    server.add("/x", Reply(429, "slow down", headers={"Retry-After": "1"}), Reply(200, "{}"))
    slept = record_sleeps(monkeypatch)
    with make_http(api_settings(server.url), max_retry_after_s=0.2) as http:
        http.get("openalex", f"{server.url}/x")
    assert server.count("/x") == 2
    assert slept == [pytest.approx(0.2)]  # Retry-After said 1 s, the cap of 0.2 s won


def test_429_exhausted_is_rate_limited(server: ReplayServer) -> None:
    server.add("/x", Reply(429, "slow down", headers={"Retry-After": "0"}))
    with make_http(api_settings(server.url, retries=1)) as http, pytest.raises(SourceError) as err:
        http.get("openalex", f"{server.url}/x")
    assert err.value.kind == "rate-limited"
    assert server.count("/x") == 2


def test_retry_after_parsing() -> None:
    now = time.time()
    in_five = email.utils.formatdate(now + 5, usegmt=True)
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(in_five, now=now) == pytest.approx(5, abs=1)
    assert parse_retry_after(email.utils.formatdate(now - 60, usegmt=True), now=now) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_refused_connection_fails_at_once_without_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    slept = record_sleeps(monkeypatch)
    with make_http(api_settings(closed, retries=3), backoff_base_s=0.5) as http, pytest.raises(SourceError) as err:
        http.get("crossref", f"{closed}/works/x")
    assert err.value.kind == "error" and "could not connect" in err.value.detail
    assert http.requests_sent == 1 and slept == []  # no backoff before giving up


def test_slow_answer_is_a_timeout(server: ReplayServer) -> None:
    server.add("/x", Reply(200, "{}", delay_s=1.0))
    with make_http(api_settings(server.url, timeout_s=0.2, retries=0)) as http, pytest.raises(SourceError) as err:
        http.get("crossref", f"{server.url}/x")
    assert err.value.kind == "timeout"


def test_cache_answers_the_second_lookup_without_a_request(server: ReplayServer, tmp_path: Path) -> None:
    server.add("/works/10.1/a", Reply(200, '{"n": 1}'))
    settings = api_settings(server.url)
    with make_http(settings, tmp_path) as http:
        first = http.get("crossref", f"{server.url}/works/10.1/a", params={"mailto": "a@b.c"})
    with make_http(settings, tmp_path) as http:  # a new client, same cache folder: survives restarts
        second = http.get("crossref", f"{server.url}/works/10.1/a", params={"mailto": "a@b.c"})
    assert server.count("/works") == 1
    assert second.text == first.text and second.from_cache and not first.from_cache


def test_unwritable_cache_costs_speed_not_the_answer(server: ReplayServer, tmp_path: Path) -> None:
    server.add("/x", Reply(200, "{}"))
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    with make_http(api_settings(server.url), blocker / "cache") as http:
        assert http.get("crossref", f"{server.url}/x").text == "{}"
        assert http.get("crossref", f"{server.url}/x").text == "{}"
        assert http.cache is not None and not http.cache.usable
    assert server.count("/x") == 2


def test_errors_are_not_cached(server: ReplayServer, tmp_path: Path) -> None:
    server.add("/x", Reply(404, "Resource not found.", "text/plain"))
    with make_http(api_settings(server.url), tmp_path) as http:
        for _ in range(2):
            with pytest.raises(SourceError):
                http.get("crossref", f"{server.url}/x")
    assert server.count("/x") == 2


def test_api_key_is_sent_but_never_stored_or_reported(server: ReplayServer, tmp_path: Path) -> None:
    server.add("/w", Reply(200, "{}"))
    server.add("/fail", Reply(400, "no"))
    secret = "sekrit-key-123"
    settings = api_settings(server.url, openalex_api_key=SecretStr(secret))
    with make_http(settings, tmp_path) as http:
        http.get("openalex", f"{server.url}/w", params={"api_key": secret, "search": "x"})
        with pytest.raises(SourceError) as err:
            http.get("openalex", f"{server.url}/fail", params={"api_key": secret})
    assert server.seen[0].query["api_key"] == secret
    assert secret not in str(err.value)
    dump = "\n".join(sqlite3.connect(tmp_path / "http.sqlite3").iterdump())
    assert "INSERT INTO" in dump and secret not in dump
    assert ResponseCache.key("o", "u", {"api_key": "a"}) == ResponseCache.key("o", "u", {"api_key": "b"})


def test_httpx_request_log_never_shows_a_key(server: ReplayServer, caplog: pytest.LogCaptureFixture) -> None:
    server.add("/w", Reply(200, "{}"))
    with caplog.at_level(logging.INFO, logger="httpx"), make_http(api_settings(server.url)) as http:
        http.get("pubmed", f"{server.url}/w", params={"api_key": "ncbi-sekrit", "db": "pubmed"})
    assert "db=pubmed" in caplog.text  # the request was logged...
    assert "ncbi-sekrit" not in caplog.text and "api_key=***" in caplog.text  # ...without its key


def test_redact() -> None:
    assert redact("https://x.org/w?search=a&api_key=abc123&b=2") == "https://x.org/w?search=a&api_key=***&b=2"
    assert redact("no secrets here") == "no secrets here"


def test_expired_deadline_fails_fast_without_a_request(server: ReplayServer) -> None:
    server.add("/x", Reply(200, "{}"))
    deadline = Deadline(0.01)
    time.sleep(0.02)
    with make_http(api_settings(server.url), deadline=deadline) as http, pytest.raises(SourceError) as err:
        http.get("crossref", f"{server.url}/x")
    assert err.value.kind == "timeout"
    assert server.count("/x") == 0


def test_deadline_cuts_a_slow_answer_short(server: ReplayServer) -> None:
    server.add("/x", Reply(200, "{}", delay_s=1.5))
    with make_http(api_settings(server.url, timeout_s=5, retries=3), deadline=Deadline(0.3)) as http:
        started = time.monotonic()
        with pytest.raises(SourceError) as err:
            http.get("crossref", f"{server.url}/x")
    assert err.value.kind == "timeout"
    assert time.monotonic() - started < 1.0


def test_no_retry_when_retry_after_exceeds_the_deadline(server: ReplayServer, monkeypatch: pytest.MonkeyPatch) -> None:
    server.add("/x", Reply(429, "later", headers={"Retry-After": "20"}))
    slept = record_sleeps(monkeypatch)
    settings = api_settings(server.url, retries=3)
    with make_http(settings, deadline=Deadline(1.0), max_retry_after_s=30) as http, pytest.raises(SourceError) as err:
        http.get("crossref", f"{server.url}/x")
    assert err.value.kind == "rate-limited"
    assert server.count("/x") == 1 and slept == []  # gave up rather than wait past the deadline


def test_rate_limiter_spaces_requests_per_source_across_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    # The clock stands still and the sleeps are recorded, so what is tested is the slots the limiter hands out
    # under the lock, not how promptly a busy machine wakes the threads up.
    slept = record_sleeps(monkeypatch, frozen_at=100.0)
    limiter = RateLimiter({"arxiv": 0.05})
    threads = [threading.Thread(target=limiter.wait, args=("arxiv",)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(slept) == pytest.approx([0.05, 0.10, 0.15])  # the first goes at once, each next one 50 ms later
    limiter.wait("crossref")  # another source, no interval: no wait
    assert len(slept) == 3
