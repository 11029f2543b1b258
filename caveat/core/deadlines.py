"""HTTP calls that really end at their deadline: one socket backend for the scholarly APIs and the model server.

Why: httpx's timeouts are per network operation (httpx has no total timeout: encode/httpx#1450), so a server that
sends one byte every few seconds, headers included, never trips them and a request can last for hours. A thread
that gives up waiting would leave the request running behind it. Instead every socket connect, read and write is
given at most the time left before the deadline that the caller sets with `deadline(...)`; past it the operation
raises httpcore's own timeout, which httpx and the openai client report as a timeout, and the request and its
thread end where they are.

The deadline lives in a context variable, not a thread-local, because LangChain sends the model request from its
own executor thread with a copy of the caller's context.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import httpcore
import httpx

__all__ = ["clock", "clocked_transport", "deadline", "time_left"]

_END: ContextVar[float | None] = ContextVar("caveat_http_deadline", default=None)
"""When the request running in this context must be over (time.monotonic()), or None for no deadline."""


@contextmanager
def deadline(end: float) -> Iterator[None]:
    """Network operations inside the block (in this context and its copies) end by `end` (time.monotonic())."""
    token = _END.set(end)
    try:
        yield
    finally:
        _END.reset(token)


def time_left(timeout: float | None, expired: type[Exception]) -> float | None:
    """The socket timeout for one operation: the given one, cut to what is left; `expired` once nothing is."""
    end = _END.get()
    if end is None:
        return timeout
    left = end - time.monotonic()
    if left <= 0:
        raise expired("the request's time limit is spent")
    return left if timeout is None else min(timeout, left)


class _ClockedStream(httpcore.NetworkStream):
    """A socket stream whose every read and write waits no longer than the time left."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, time_left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, time_left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        tls = self._inner.start_tls(ssl_context, server_hostname, time_left(timeout, httpcore.ConnectTimeout))
        return _ClockedStream(tls)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _ClockedBackend(httpcore.NetworkBackend):
    """httpcore's own socket backend, with every stream it opens held to the deadline."""

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
        capped = time_left(timeout, httpcore.ConnectTimeout)
        return _ClockedStream(self._inner.connect_tcp(host, port, capped, local_address, socket_options))

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        capped = time_left(timeout, httpcore.ConnectTimeout)
        return _ClockedStream(self._inner.connect_unix_socket(path, capped, socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def clock(transport: httpx.HTTPTransport) -> httpx.HTTPTransport:
    """`transport` with its connection pool on the clocked backend (in place; returned for chaining).

    httpx does not take a network backend as an argument, so the pool's backend is wrapped where it is; the check
    makes an httpx upgrade that moves it fail loudly here rather than silently lose the deadline.
    """
    pool = getattr(transport, "_pool", None)
    if not isinstance(pool, httpcore.ConnectionPool) or not hasattr(pool, "_network_backend"):
        raise RuntimeError("httpx's transport changed: the request deadline cannot be installed")
    pool._network_backend = _ClockedBackend(pool._network_backend)
    return transport


def clocked_transport(**kwargs: Any) -> httpx.HTTPTransport:
    """httpx's own transport (given `kwargs`, e.g. a proxy), its requests held to the context's deadline."""
    return clock(httpx.HTTPTransport(**kwargs))
