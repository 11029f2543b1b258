"""The model server's HTTP client: a call that really ends at its deadline, and an answer of bounded size.

The deadline is caveat.core.deadlines' (shared with the scholarly APIs): every socket operation waits at most
until the call's deadline, which the model client sets around each call, so a server that drips bytes cannot
hold a call or its thread past it.

The answer is counted as it arrives and refused past ``limits.MODEL_RESPONSE_BYTES`` with ``ModelAnswerTooLarge``,
which is not an httpx error: the openai client neither retries it nor hides it in a connection error.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator

import httpx

from caveat.core import limits
from caveat.core.deadlines import clock


class ModelAnswerTooLarge(Exception):
    """The model server's answer went past limits.MODEL_RESPONSE_BYTES."""


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
        clock(self)  # every socket operation keeps the call's deadline (caveat.core.deadlines)
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
