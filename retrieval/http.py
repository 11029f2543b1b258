"""A polite HTTP client for the scholarly APIs.

The APIs are free services run on goodwill: they ask for a contact address, a modest request rate and a
client that backs off when told to. Editors, on the other hand, work against a deadline. This module holds
both promises in one place: a User-Agent with the contact address, a minimum interval per source, retries
with exponential backoff on 429/5xx that honour Retry-After, a response cache on disk so that the same DOI is
never fetched twice, and an overall deadline after which every call fails fast with a clear `SourceError`.

Keys (OpenAlex, Semantic Scholar, NCBI) travel in params or headers given by the clients; they never enter
the cache key, an exception message or a log line.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import logging
import re
import sqlite3
import threading
import time
from collections.abc import Mapping
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import httpx

from caveat import __version__
from caveat.core.settings import ApiSettings

__all__ = [
    "DEFAULT_MIN_INTERVALS",
    "Deadline",
    "HttpClient",
    "HttpResponse",
    "RateLimiter",
    "ResponseCache",
    "SourceError",
    "SourceErrorKind",
    "redact",
]

log = logging.getLogger(__name__)

SourceErrorKind = Literal["not-found", "timeout", "error", "rate-limited", "invalid"]

DEFAULT_MIN_INTERVALS: dict[str, float] = {
    # Seconds between two requests to one source, from each API's published etiquette (API_NOTES.md).
    "crossref": 0.1,
    "europepmc": 0.1,
    "pubmed": 0.34,  # 3 req/s without an NCBI key
    "openalex": 0.1,
    "semanticscholar": 1.0,
    "arxiv": 3.0,  # arXiv terms of use: one request every three seconds
    "biorxiv": 0.2,
}

SECRET_PARAMS = frozenset({"api_key", "apikey", "key", "token"})
"""Query parameters that are credentials: left out of cache keys and error messages."""


_SECRET_NAMES = "|".join(sorted(SECRET_PARAMS))
_SECRET_IN_URL = re.compile(rf"([?&](?:{_SECRET_NAMES})=)[^&\s\"']+", re.IGNORECASE)


def redact(text: str) -> str:
    """A URL or message with the values of credential params replaced by '***'."""
    return _SECRET_IN_URL.sub(r"\1***", text)


class _RedactSecrets(logging.Filter):
    """httpx logs every request URL at INFO; OpenAlex and NCBI keys travel in the query string."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(redact(str(a)) if "=" in str(a) else a for a in args)
        record.msg = redact(str(record.msg))
        return True


logging.getLogger("httpx").addFilter(_RedactSecrets())


class SourceError(Exception):
    """One source could not answer; `kind` says how, so the resolver can tell the editor what to do."""

    def __init__(self, source: str, kind: SourceErrorKind, detail: str = "") -> None:
        super().__init__(f"{source}: {kind}{': ' + detail if detail else ''}")
        self.source = source
        self.kind: SourceErrorKind = kind
        self.detail = detail


@dataclass(frozen=True)
class HttpResponse:
    """A successful answer (2xx), fresh or from the cache."""

    status: int
    text: str
    content_type: str
    from_cache: bool = False


class Deadline:
    """A point in time after which no more requests are started: the editor's patience, made explicit."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds

    def remaining(self) -> float:
        return max(0.0, self._end - time.monotonic())

    @property
    def expired(self) -> bool:
        return self.remaining() <= 0.0


class RateLimiter:
    """Minimum interval between requests to each source, shared by all threads of one process.

    A slot is reserved under the lock and slept outside it, so threads of different sources never wait
    for each other.
    """

    def __init__(self, intervals: Mapping[str, float] | None = None) -> None:
        self._intervals = dict(DEFAULT_MIN_INTERVALS if intervals is None else intervals)
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, source: str, deadline: Deadline | None = None) -> None:
        interval = self._intervals.get(source, 0.0)
        if interval <= 0:
            return
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next.get(source, 0.0))
            self._next[source] = slot + interval
        delay = slot - now
        if delay > 0:
            if deadline is not None and delay > deadline.remaining():
                raise SourceError(source, "timeout", "the lookup deadline passed while waiting for a turn")
            time.sleep(delay)


SHARED_RATE_LIMITER = RateLimiter()
"""One limiter for the whole process, so that successive lookups (an archive run) stay polite together."""


class ResponseCache:
    """Successful response bodies on disk (sqlite), keyed by source + URL + non-secret params.

    Errors are never stored: a 404 today may be a paper registered tomorrow, and a 500 is not an answer.
    """

    def __init__(self, path: Path, max_age_s: float = 30 * 24 * 3600) -> None:
        self.path = path
        self.max_age_s = max_age_s
        self._lock = threading.Lock()
        self.usable = True
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self._give_up(exc)
        self._run(
            "CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, url TEXT, status INTEGER,"
            " content_type TEXT, body TEXT, stored_at REAL)"
        )

    def _give_up(self, exc: Exception) -> None:
        """A cache that cannot be written (read-only folder, full disk) costs speed, never the review."""
        if self.usable:
            log.warning("response cache disabled at %s: %s", self.path, exc)
        self.usable = False

    def _run(self, sql: str, args: tuple[object, ...] = ()) -> Any:
        if not self.usable:
            return None
        try:
            with self._lock, closing(sqlite3.connect(self.path, timeout=10)) as db, db:
                return db.execute(sql, args).fetchone()
        except sqlite3.Error as exc:
            self._give_up(exc)
            return None

    @staticmethod
    def key(source: str, url: str, params: Mapping[str, str] | None) -> str:
        public = sorted((k, str(v)) for k, v in (params or {}).items() if k.lower() not in SECRET_PARAMS)
        raw = json.dumps([source, url, public], ensure_ascii=False)
        return hashlib.sha256(raw.encode()).hexdigest()

    def get(self, key: str) -> HttpResponse | None:
        row = self._run("SELECT status, content_type, body, stored_at FROM responses WHERE key = ?", (key,))
        if row is None or time.time() - row[3] > self.max_age_s:
            return None
        return HttpResponse(status=row[0], text=row[2], content_type=row[1], from_cache=True)

    def put(self, key: str, url: str, response: HttpResponse) -> None:
        self._run(
            "INSERT OR REPLACE INTO responses VALUES (?, ?, ?, ?, ?, ?)",
            (key, url, response.status, response.content_type, response.text, time.time()),
        )


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date; None when absent/invalid."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class HttpClient:
    """GET with etiquette, retries, a cache and a deadline; one instance per lookup or per process."""

    def __init__(
        self,
        settings: ApiSettings,
        cache_dir: Path | None = None,
        *,
        deadline: Deadline | None = None,
        backoff_base_s: float = 0.5,
        max_retry_after_s: float = 30.0,
        rate_limiter: RateLimiter | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.settings = settings
        self.deadline = deadline
        self.backoff_base_s = backoff_base_s
        self.max_retry_after_s = max_retry_after_s
        self.rate_limiter = rate_limiter or SHARED_RATE_LIMITER
        self.cache = ResponseCache(cache_dir / "http.sqlite3") if cache_dir is not None else None
        self.user_agent = f"Caveat/{__version__} (mailto:{settings.contact_email})"
        self._client = httpx.Client(
            headers={"User-Agent": self.user_agent},
            timeout=httpx.Timeout(settings.timeout_s),
            follow_redirects=True,
            transport=transport,
        )
        self.requests_sent = 0

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _timeout(self, source: str) -> float:
        if self.deadline is None:
            return self.settings.timeout_s
        remaining = self.deadline.remaining()
        if remaining <= 0:
            raise SourceError(source, "timeout", f"the lookup deadline of {self.deadline.seconds:g} s passed")
        return min(self.settings.timeout_s, remaining)

    def _sleep(self, source: str, seconds: float, why: SourceErrorKind) -> None:
        if self.deadline is not None and seconds >= self.deadline.remaining():
            raise SourceError(source, why, "no time left before the lookup deadline to retry")
        time.sleep(seconds)

    def get(
        self,
        source: str,
        url: str,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        *,
        use_cache: bool = True,
    ) -> HttpResponse:
        """Fetch `url`; 2xx returns, 404/410 raise not-found, 400 and other 4xx raise error, no retry."""
        key = ResponseCache.key(source, url, params)
        if use_cache and self.cache is not None:
            cached = self.cache.get(key)
            if cached is not None:
                return cached
        attempts = self.settings.retries + 1
        last: SourceError | None = None
        for attempt in range(attempts):
            timeout = self._timeout(source)
            self.rate_limiter.wait(source, self.deadline)
            try:
                self.requests_sent += 1
                raw = self._client.get(url, params=params, headers=headers, timeout=timeout)
            except httpx.ConnectError as exc:
                # No route, no DNS, connection refused: retrying within seconds will not bring the network back.
                raise SourceError(source, "error", f"could not connect ({type(exc).__name__})") from None
            except httpx.TimeoutException:
                last = SourceError(source, "timeout", f"no answer in {timeout:g} s")
                wait = self.backoff_base_s * 2**attempt
            except httpx.HTTPError as exc:
                last = SourceError(source, "error", type(exc).__name__)
                wait = self.backoff_base_s * 2**attempt
            else:
                status = raw.status_code
                if 200 <= status < 300:
                    response = HttpResponse(status, raw.text, raw.headers.get("content-type", ""))
                    if use_cache and self.cache is not None:
                        self.cache.put(key, url, response)
                    return response
                if status in (404, 410):
                    raise SourceError(source, "not-found", f"HTTP {status}")
                if status != 429 and status < 500:
                    raise SourceError(source, "error", f"HTTP {status}")
                kind: SourceErrorKind = "rate-limited" if status == 429 else "error"
                last = SourceError(source, kind, f"HTTP {status}")
                told = parse_retry_after(raw.headers.get("retry-after"))
                wait = min(told, self.max_retry_after_s) if told is not None else self.backoff_base_s * 2**attempt
            if attempt + 1 < attempts:
                log.info("%s: %s, retrying in %.2f s", source, last.detail, wait)
                self._sleep(source, wait, last.kind)
        assert last is not None
        raise last
