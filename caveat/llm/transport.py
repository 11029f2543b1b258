"""The model server's HTTP client: a call that really ends at its deadline, and an answer of bounded size.

Why our own transport: httpx's timeouts (and so the openai client's ``timeout``) are per network operation, so a
server that sends one byte every few seconds, headers included, never trips them and a call can last for hours
(httpx has no total timeout: encode/httpx#1450). A thread that gives up waiting would leave the request running
behind it. Instead every socket read, write and connect is given at most the time left before the call's
deadline, which the caller sets in a context variable (``call_deadline``); past it the read raises httpx's own
``ReadTimeout``, which the openai client reports as a timeout, and the call and its thread end where they are.
A context variable rather than a thread-local because LangChain runs the request in its own executor thread
with a copy of the caller's context.

The answer is counted as it arrives and refused past ``limits.MODEL_RESPONSE_BYTES`` with ``ModelAnswerTooLarge``,
which is not an httpx error: the openai client neither retries it nor hides it in a connection error.
"""

from __future__ import annotations

import time
import urllib.request
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import httpcore
import httpx

from caveat.core import limits

_DEADLINE: ContextVar[float | None] = ContextVar("caveat_llm_call_deadline", default=None)


class ModelAnswerTooLarge(Exception):
    """The model server's answer went past limits.MODEL_RESPONSE_BYTES."""


@contextmanager
def call_deadline(deadline: float) -> Iterator[None]:
    """Network operations inside the block (in this context and its copies) end by ``deadline`` (monotonic)."""
    token = _DEADLINE.set(deadline)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def _left(timeout: float | None, late: type[Exception]) -> float | None:
    """The per-operation timeout, shortened to what is left of the call; ``late`` once nothing is left."""
    deadline = _DEADLINE.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise late("the model call reached its time limit")
    return left if timeout is None else min(timeout, left)


class _ClockedStream(httpcore.NetworkStream):
    """A socket stream whose every operation waits at most until the call's deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None) -> Any:
        tls = self._inner.start_tls(ssl_context, server_hostname, _left(timeout, httpcore.ConnectTimeout))
        return _ClockedStream(tls)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _ClockedBackend(httpcore.NetworkBackend):
    """httpcore's own backend, with streams that keep the call's deadline."""

    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_tcp(
            host, port, _left(timeout, httpcore.ConnectTimeout), local_address, socket_options
        )
        return _ClockedStream(stream)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        return _ClockedStream(self._inner.connect_unix_socket(path, _left(timeout, httpcore.ConnectTimeout)))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _CappedBody(httpx.SyncByteStream):
    """A response body that stops being read past ``limit`` bytes."""

    def __init__(self, inner: httpx.SyncByteStream, limit: int) -> None:
        self._inner, self._limit = inner, limit

    def __iter__(self) -> Iterator[bytes]:
        seen = 0
        for chunk in self._inner:
            seen += len(chunk)
            if seen > self._limit:
                raise ModelAnswerTooLarge(f"over {self._limit} bytes")
            yield chunk

    def close(self) -> None:
        self._inner.close()


class ModelTransport(httpx.HTTPTransport):
    """httpx's transport with the deadline-keeping backend and the answer-size cap."""

    def __init__(self, limit: int = limits.MODEL_RESPONSE_BYTES, proxy: str | None = None) -> None:
        super().__init__(proxy=proxy)
        # httpx does not take a network backend; its pool (ConnectionPool or HTTPProxy) keeps the one it uses here.
        pool: Any = self._pool
        pool._network_backend = _ClockedBackend(pool._network_backend)
        self._limit = limit

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) > self._limit:
            response.close()
            raise ModelAnswerTooLarge(f"Content-Length {length}")
        assert isinstance(response.stream, httpx.SyncByteStream)
        return httpx.Response(
            status_code=response.status_code,
            headers=response.headers,
            stream=_CappedBody(response.stream, self._limit),
            extensions=response.extensions,
        )


def model_http_client(base_url: str | None, timeout_s: float) -> httpx.Client:
    """The client handed to the openai library. The environment's proxy for the server is kept (httpx ignores it
    once a transport is given), and ``timeout_s`` stays as the per-operation timeout under the call's deadline."""
    host = httpx.URL(base_url or "https://api.openai.com/v1")
    proxy = None
    if not urllib.request.proxy_bypass(host.host):
        proxy = urllib.request.getproxies().get(host.scheme)
    if proxy is not None and not proxy.startswith(("http://", "https://")):
        proxy = None  # a SOCKS proxy would need the socksio package, which is not installed
    return httpx.Client(transport=ModelTransport(proxy=proxy), timeout=timeout_s, follow_redirects=False)
