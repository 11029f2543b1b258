"""The HTTP client's bounds against hostile servers: slow drips, huge bodies, bad "200 OK"s, foreign redirects.

Each test starts its own server on 127.0.0.1 (a `ReplayServer`, or a dripping one written here, since the replay
server answers whole bodies at once). Time bounds are generous: what is checked is "stops within a few seconds
of a 1 s deadline", never an exact figure.
"""

from __future__ import annotations

import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from caveat.core import limits
from retrieval.http import Deadline, HttpResponse, ResponseCache, SourceError
from tests.retrieval.replay_server import Reply, api_settings, make_http, replay

pytestmark = pytest.mark.server


@contextmanager
def drip_server(*, headers_too: bool = False, gap_s: float = 0.3, length: int = 40) -> Iterator[str]:
    """A server that sends one byte every `gap_s` seconds: of the body, or (headers_too) of the headers too."""
    stop = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            return

        def do_GET(self) -> None:
            head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n".encode()
            body = b" " * length
            try:
                if not headers_too:
                    self.wfile.write(head)
                    head = b""
                for byte in (head + body)[:-1] if headers_too else body:
                    if stop.is_set():
                        return
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(gap_s)
            except (BrokenPipeError, ConnectionResetError):
                return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        stop.set()
        server.shutdown()
        server.server_close()


# -- defect 2: a real deadline -------------------------------------------------------------------------------


@pytest.mark.parametrize("headers_too", [False, True], ids=["dripping-body", "dripping-headers"])
def test_deadline_holds_against_a_server_that_drips_bytes(headers_too: bool) -> None:
    with drip_server(headers_too=headers_too) as url:
        settings = api_settings(url, timeout_s=10, retries=3)
        with make_http(settings, deadline=Deadline(1.0)) as http:
            started = time.monotonic()
            with pytest.raises(SourceError) as err:
                http.get("crossref", f"{url}/works/x")
            took = time.monotonic() - started
    assert took < 6  # 40 bytes at 0.3 s each would be 12 s; the per-read timeout alone never trips
    assert err.value.kind == "timeout"
    assert "1 s deadline" in err.value.detail and "stopped after" in err.value.detail


def test_request_timeout_is_for_the_whole_request_not_each_read() -> None:
    with drip_server() as url, make_http(api_settings(url, timeout_s=1, retries=0)) as http:
        started = time.monotonic()
        with pytest.raises(SourceError) as err:
            http.get("crossref", f"{url}/works/x")
    assert time.monotonic() - started < 6
    assert err.value.kind == "timeout" and "1 s limit for one request" in err.value.detail
    assert "still arriving" in err.value.detail  # the truth: the answer had started, it was too slow


# -- defect 15: size cap and redirects -----------------------------------------------------------------------


@contextmanager
def body_server(declared: int | None, sent: int) -> Iterator[str]:
    """A server that answers `sent` bytes of JSON-ish text, declaring `declared` bytes (None: no Content-Length)."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            return

        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            if declared is not None:
                self.send_header("Content-Length", str(declared))
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            try:
                for start in range(0, sent, 1024):
                    self.wfile.write(b"x" * min(1024, sent - start))
            except (BrokenPipeError, ConnectionResetError):
                return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def test_declared_oversized_answer_is_refused_before_reading() -> None:
    with (
        body_server(declared=limits.RESPONSE_BYTES + 1, sent=4096) as url,
        make_http(api_settings(url, retries=0)) as http,
        pytest.raises(SourceError) as err,
    ):
        http.get("crossref", f"{url}/x")
    assert err.value.kind == "invalid"
    assert "over the 20.0 MB limit" in err.value.detail


def test_undeclared_oversized_answer_is_cut_while_streaming() -> None:
    # A body sent without Content-Length (read to the end of the connection) is counted as it arrives.
    with (
        body_server(declared=None, sent=50 * 1024) as url,
        make_http(api_settings(url, retries=0), max_response_bytes=10 * 1024) as http,
        pytest.raises(SourceError) as err,
    ):
        http.get("crossref", f"{url}/x")
    assert err.value.kind == "invalid" and "ran past the 10,240 bytes limit" in err.value.detail


def test_redirect_on_the_same_host_is_followed() -> None:
    with replay() as server:
        server.add("/old", Reply(301, "", headers={"Location": "/new"}))
        server.add("/new", Reply(200, '{"ok": 1}'))
        with make_http(api_settings(server.url)) as http:
            assert http.get("crossref", f"{server.url}/old").text == '{"ok": 1}'


def test_redirect_to_another_host_is_refused_and_the_key_stays_home() -> None:
    with replay() as home, replay() as elsewhere:
        elsewhere.add("/steal", Reply(200, "{}"))
        port = elsewhere.url.rsplit(":", 1)[1]
        home.add("/s2/paper/x", Reply(302, "", headers={"Location": f"http://localhost:{port}/steal"}))
        settings = api_settings(home.url, semantic_scholar_api_key=SecretStr("s2-sekrit"))
        with make_http(settings) as http, pytest.raises(SourceError) as err:
            http.get("semanticscholar", f"{home.url}/s2/paper/x", {"api_key": "q-sekrit"}, {"x-api-key": "s2-sekrit"})
        assert elsewhere.seen == []  # nothing, and so no key, reached the other host
    assert err.value.kind == "error" and "redirect to http://localhost" in err.value.detail
    assert "sekrit" not in str(err.value)


@pytest.mark.parametrize(
    ("start", "location", "followed"),
    [
        ("https://api.example.org/a", "/b", True),
        ("http://api.example.org/a", "https://api.example.org/b", True),  # an upgrade to https
        ("https://api.example.org/a", "http://api.example.org/b", False),  # a downgrade would expose the key
        ("https://api.example.org/a", "https://api.example.org:8443/b", False),  # another port, another origin
        ("https://api.example.org/a", "https://evil.example.net/b", False),
        ("https://api.example.org/a", "//evil.example.net/b", False),
    ],
)
def test_which_redirects_are_followed(start: str, location: str, followed: bool) -> None:
    with make_http(api_settings("https://api.example.org")) as http:
        redirect = httpx.Response(302, headers={"Location": location})
        if followed:
            assert http._redirect("crossref", httpx.URL(start), redirect).host == "api.example.org"
        else:
            with pytest.raises(SourceError, match="not followed"):
                http._redirect("crossref", httpx.URL(start), redirect)


# -- defect 11: no bad answers in the cache, and a bounded cache ---------------------------------------------


@pytest.mark.parametrize(
    ("bad", "content_type"),
    [
        ("<html><body>Sign in to the hotel Wi-Fi</body></html>", "text/html"),  # a captive portal
        ('{"message": {"title": ', "application/json"),  # truncated JSON
        ("<html>Bad gateway</html>", "application/json"),  # HTML that claims to be JSON
        ("<eSearchResult><Count>1", "text/xml"),  # truncated XML
    ],
)
def test_a_bad_200_is_not_cached(tmp_path: Path, bad: str, content_type: str) -> None:
    with replay() as server:
        server.add("/works/x", Reply(200, bad, content_type), Reply(200, '{"message": {"title": "Real"}}'))
        settings = api_settings(server.url)
        with make_http(settings, tmp_path) as http:
            assert http.get("crossref", f"{server.url}/works/x").text == bad
        with make_http(settings, tmp_path) as http:  # the server has recovered: its answer, not the portal's
            again = http.get("crossref", f"{server.url}/works/x")
        assert server.count("/works") == 2
    assert again.text == '{"message": {"title": "Real"}}' and not again.from_cache


def test_cache_is_bounded_and_drops_the_oldest_first(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path / "http.sqlite3", max_bytes=40_000)
    for i in range(40):
        body = f'{{"n": {i}, "pad": "{"x" * 10_000}"}}'
        cache.put(f"k{i}", f"u{i}", HttpResponse(200, body, "application/json"))
    assert cache.stored_bytes() <= 40_000
    assert cache.get("k39") is not None and cache.get("k0") is None
    assert (tmp_path / "http.sqlite3").stat().st_size < 400_000  # the file shrinks with it, not 400 KB of dead pages


def test_a_cache_from_before_the_bound_is_rebuilt(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "http.sqlite3") as db:
        db.execute(
            "CREATE TABLE responses (key TEXT PRIMARY KEY, url TEXT, status INTEGER, content_type TEXT,"
            " body TEXT, stored_at REAL)"
        )
        db.execute("INSERT INTO responses VALUES ('k', 'u', 200, 'text/html', '<html>portal</html>', 1e12)")
    cache = ResponseCache(tmp_path / "http.sqlite3")
    assert cache.usable and cache.get("k") is None
    cache.put("k2", "u", HttpResponse(200, "{}", "application/json"))
    assert cache.get("k2") is not None and cache.stored_bytes() == 2


def test_nothing_listens_is_still_a_quick_connect_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    with make_http(api_settings(closed), deadline=Deadline(5)) as http, pytest.raises(SourceError) as err:
        http.get("crossref", f"{closed}/x")
    assert "could not connect" in err.value.detail
