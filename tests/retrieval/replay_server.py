"""A real HTTP server on 127.0.0.1 that replays scripted answers, for testing the API clients end to end.

Routes match on path and a subset of query parameters; each route answers from a script of replies
(404, 429 with Retry-After, 500 then 200, a slow answer, a truncated body...), the last reply repeating.
Every request is recorded so tests can count what the server saw (retries, cache hits, headers sent).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

import retrieval.http as http_module
from caveat.core.settings import ApiSettings
from retrieval.http import HttpClient, RateLimiter

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass
class Reply:
    status: int = 200
    body: str | bytes = ""
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0


@dataclass
class Route:
    path: str
    replies: list[Reply]
    query: dict[str, str] = field(default_factory=dict)
    served: int = 0

    def matches(self, path: str, query: dict[str, str]) -> bool:
        return path == self.path and all(query.get(k) == v for k, v in self.query.items())

    def next_reply(self) -> Reply:
        reply = self.replies[min(self.served, len(self.replies) - 1)]
        self.served += 1
        return reply


@dataclass
class Seen:
    path: str
    query: dict[str, str]
    headers: dict[str, str]


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


class ReplayServer:
    """Scripted answers by path + query; unknown paths get a 404 with a plain-text body (like Crossref)."""

    def __init__(self) -> None:
        self.routes: list[Route] = []
        self.seen: list[Seen] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep test output quiet
                return

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                path = unquote(parts.path)
                query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
                with server._lock:
                    server.seen.append(Seen(path, query, {k.lower(): v for k, v in self.headers.items()}))
                    route = next((r for r in server.routes if r.matches(path, query)), None)
                    reply = route.next_reply() if route else Reply(404, "Resource not found.", "text/plain")
                if reply.delay_s:
                    time.sleep(reply.delay_s)
                body = reply.body.encode() if isinstance(reply.body, str) else reply.body
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", reply.content_type)
                    self.send_header("Content-Length", str(len(body)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout tests): nothing to answer

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)

    def add(self, path: str, *replies: Reply, **query: str) -> Route:
        route = Route(path, list(replies), dict(query))
        with self._lock:
            self.routes.insert(0, route)  # later routes win, so a test can override a default
        return route

    def json(self, path: str, name: str, status: int = 200, **query: str) -> Route:
        return self.add(path, Reply(status, fixture(name)), **query)

    def xml(self, path: str, name: str, **query: str) -> Route:
        return self.add(path, Reply(200, fixture(name), "application/xml"), **query)

    def count(self, path_prefix: str = "") -> int:
        with self._lock:
            return sum(1 for s in self.seen if s.path.startswith(path_prefix))

    def start(self) -> ReplayServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@contextmanager
def replay() -> Iterator[ReplayServer]:
    server = ReplayServer().start()
    try:
        yield server
    finally:
        server.stop()


def api_settings(url: str, **overrides: object) -> ApiSettings:
    """ApiSettings with every API root pointed at the replay server (fast timeouts, one retry)."""
    roots = {
        "crossref_url": f"{url}/crossref",
        "europepmc_url": f"{url}/europepmc",
        "pubmed_url": f"{url}/pubmed",
        "openalex_url": f"{url}/openalex",
        "semantic_scholar_url": f"{url}/s2",
        "arxiv_url": f"{url}/arxiv",
        "biorxiv_url": f"{url}/biorxiv",
        "elife_url": f"{url}/elife",
    }
    values: dict[str, object] = {"timeout_s": 2.0, "retries": 1, "contact_email": "desk@example.org", **roots}
    values.update(overrides)
    return ApiSettings(**values)  # type: ignore[arg-type]  # overrides of any field, validated by pydantic


def make_http(settings: ApiSettings, cache_dir: Path | None = None, **kwargs: object) -> HttpClient:
    """A polite client with test-sized backoff and no rate limit, so tests never sleep for long."""
    kwargs.setdefault("backoff_base_s", 0.01)
    kwargs.setdefault("rate_limiter", RateLimiter({}))
    return HttpClient(settings, cache_dir, **kwargs)  # type: ignore[arg-type]  # the tests' own keyword options


def record_sleeps(monkeypatch: pytest.MonkeyPatch, frozen_at: float | None = None) -> list[float]:
    """Record the sleeps retrieval.http asks for instead of sleeping them (and, given `frozen_at`, stop its clock).

    A test that a failure gives up "at once" or that the rate limiter spaces requests then checks the sleeps the
    code chose, not the wall time, which a busy machine stretches."""
    slept: list[float] = []
    lock = threading.Lock()

    class Clock:
        def __getattr__(self, name: str) -> Any:
            return getattr(time, name)

        def sleep(self, seconds: float) -> None:
            with lock:
                slept.append(seconds)

        def monotonic(self) -> float:
            return time.monotonic() if frozen_at is None else frozen_at

    monkeypatch.setattr(http_module, "time", Clock())
    return slept
