"""A polite HTTP client for the scholarly APIs.

The APIs are free services run on goodwill: they ask for a contact address, a modest request rate and a
client that backs off when told to. Editors, on the other hand, work against a deadline. This module holds
both promises in one place: a User-Agent with the contact address, a minimum interval per source, retries
with exponential backoff on 429/5xx that honour Retry-After, a response cache on disk so that the same DOI is
never fetched twice, and an overall deadline after which every call fails fast with a clear `SourceError`.

Every wait is bounded as a whole, not per read: a server that sends one byte a second would otherwise hold a
lookup for minutes while never tripping a per-read timeout. Each request gets a budget (its `timeout_s`, cut to
what is left of the lookup's deadline) that every connect, read and write of the socket is held to, and bodies
are streamed and counted against `limits.RESPONSE_BYTES`. Redirects are followed only on the same host, so a
key sent in a header or a query parameter never travels to a host it was not meant for.

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
import xml.etree.ElementTree as ElementTree
from collections.abc import Mapping
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import httpx

from caveat import __version__
from caveat.core import limits
from caveat.core.deadlines import clocked_transport, deadline
from caveat.core.paths import private_folder
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
    "elife": 0.2,
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

    @property
    def end(self) -> float:
        """The deadline as a `time.monotonic()` value."""
        return self._end

    def remaining(self) -> float:
        return max(0.0, self._end - time.monotonic())

    def elapsed(self) -> float:
        """Seconds since the deadline was set: what the editor has waited so far."""
        return time.monotonic() - (self._end - self.seconds)

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


_JSON_TYPE = re.compile(r"^application/(?:[\w.+-]*\+)?json|^text/json", re.IGNORECASE)
_XML_TYPE = re.compile(r"^(?:application|text)/(?:[\w.+-]*\+)?xml", re.IGNORECASE)


def well_formed(response: HttpResponse) -> bool:
    """Whether an answer is what an API answers: JSON or XML that parses, as its content type says.

    A captive portal's login page, a proxy's error page and a truncated body all come back as "200 OK". Stored,
    they would be replayed for a month after the network recovered; so only answers the clients can read are
    kept. Every source here answers JSON or XML, so anything else (HTML, plain text) is never cached.
    """
    if _JSON_TYPE.match(response.content_type):
        try:
            json.loads(response.text)
        except (ValueError, RecursionError):
            return False
        return True
    if _XML_TYPE.match(response.content_type):
        try:
            ElementTree.fromstring(response.text.encode())
        except (ElementTree.ParseError, ValueError, RecursionError):
            return False
        return True
    return False


class ResponseCache:
    """Successful, well-formed response bodies on disk (sqlite), keyed by source + URL + non-secret params.

    Errors are never stored: a 404 today may be a paper registered tomorrow, and a 500 is not an answer. Nor is
    a "200 OK" that does not parse (see `well_formed`). The bodies together are held under `max_bytes`
    (`limits.CACHE_BYTES`); past it the oldest answers go first, and the file shrinks with them (auto_vacuum).
    """

    def __init__(self, path: Path, max_age_s: float = 30 * 24 * 3600, max_bytes: int = limits.CACHE_BYTES) -> None:
        self.path = path
        self.max_age_s = max_age_s
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self.usable = True
        try:
            private_folder(path.parent)
        except OSError as exc:
            self._give_up(exc)
        self._prepare()

    def _prepare(self) -> None:
        """Create the table; a cache from an older version (no sizes, so no bound) is dropped and rebuilt."""
        columns = self._run("SELECT group_concat(name) FROM pragma_table_info('responses')")
        if columns and columns[0] and "size" not in columns[0].split(","):
            self._run("DROP TABLE responses")
            self._run("PRAGMA auto_vacuum = FULL")
            self._run("VACUUM")
        self._run("PRAGMA auto_vacuum = FULL")  # takes effect on a new file: freed pages go back to the disk
        self._run(
            "CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, url TEXT, status INTEGER,"
            " content_type TEXT, body TEXT, stored_at REAL, size INTEGER NOT NULL)"
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
        """Store a well-formed answer and drop the oldest ones past `max_bytes`; anything else is not kept."""
        size = len(response.text.encode("utf-8", "replace"))
        if not well_formed(response) or size > self.max_bytes:
            return
        self._run(
            "INSERT OR REPLACE INTO responses VALUES (?, ?, ?, ?, ?, ?, ?)",
            (key, url, response.status, response.content_type, response.text, time.time(), size),
        )
        self._run(
            "DELETE FROM responses WHERE key IN (SELECT key FROM (SELECT key,"
            " SUM(size) OVER (ORDER BY stored_at DESC, rowid DESC) AS newer FROM responses) WHERE newer > ?)",
            (self.max_bytes,),
        )

    def stored_bytes(self) -> int:
        """The bodies held now, in bytes (what `max_bytes` bounds)."""
        row = self._run("SELECT COALESCE(SUM(size), 0) FROM responses")
        return int(row[0]) if row else 0


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


MAX_REDIRECTS = 5
"""Same-host redirects followed for one request (http -> https, a moved path); more is a loop."""


def _size(n: int) -> str:
    if n >= limits.MB:
        return f"{n / limits.MB:.1f} MB"
    return "1 byte" if n == 1 else f"{n:,} bytes"


class _TimeUp(Exception):
    """The request's budget ran out; `reading` says whether the answer had started to arrive."""

    def __init__(self, reading: bool, received: int = 0) -> None:
        super().__init__("time up")
        self.reading = reading
        self.received = received


class HttpClient:
    """GET with etiquette, retries, a cache, and bounds on time and size; one instance per lookup or process."""

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
        max_response_bytes: int = limits.RESPONSE_BYTES,
    ) -> None:
        self.settings = settings
        self.deadline = deadline
        self.backoff_base_s = backoff_base_s
        self.max_retry_after_s = max_retry_after_s
        self.max_response_bytes = max_response_bytes
        self.rate_limiter = rate_limiter or SHARED_RATE_LIMITER
        self.cache = ResponseCache(cache_dir / "http.sqlite3") if cache_dir is not None else None
        self.user_agent = f"Caveat/{__version__} (mailto:{settings.contact_email})"
        self._client = httpx.Client(
            headers={"User-Agent": self.user_agent},
            timeout=httpx.Timeout(settings.timeout_s),
            follow_redirects=False,  # followed by hand, same host only: see `_redirect`
            transport=transport if transport is not None else clocked_transport(),
        )
        self.requests_sent = 0

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_deadline(self, source: str) -> None:
        if self.deadline is not None and self.deadline.expired:
            raise SourceError(
                source, "timeout", f"not asked: the lookup's {self.deadline.seconds:g} s deadline had passed"
            )

    def _budget_end(self) -> float:
        """When this request must be over: `timeout_s` from now for the whole of it, or the deadline if sooner."""
        end = time.monotonic() + self.settings.timeout_s
        return end if self.deadline is None else min(end, self.deadline.end)

    def _sleep(self, source: str, seconds: float, last: SourceError) -> None:
        if self.deadline is not None and seconds >= self.deadline.remaining():
            raise SourceError(source, last.kind, f"{last.detail}; no time left before the lookup deadline to retry")
        time.sleep(seconds)

    def _late(self, started: float, up: _TimeUp) -> str:
        """What a timeout stopped, after how long, and which limit stopped it: the editor's notice repeats it."""
        waited = time.monotonic() - started
        if self.deadline is not None and self.deadline.expired:
            limit = f"the lookup's {self.deadline.seconds:g} s deadline"
        else:
            limit = f"the {self.settings.timeout_s:g} s limit for one request"
        what = f"the answer was still arriving ({_size(up.received)} received)" if up.reading else "no answer came"
        return f"stopped after {waited:.1f} s at {limit}: {what}"

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
        for attempt in range(attempts):
            outcome = self._attempt(source, httpx.URL(url, params=params), headers, attempt)
            if isinstance(outcome, HttpResponse):
                if use_cache and self.cache is not None:
                    self.cache.put(key, url, outcome)
                return outcome
            last, wait = outcome
            if attempt + 1 < attempts:
                log.info("%s: %s, retrying in %.2f s", source, last.detail, wait)
                self._sleep(source, wait, last)
        raise last

    def _attempt(
        self, source: str, url: httpx.URL, headers: Mapping[str, str] | None, attempt: int
    ) -> HttpResponse | tuple[SourceError, float]:
        """One try: the answer, or a retryable error with the seconds to wait; other failures raise."""
        self._check_deadline(source)
        self.rate_limiter.wait(source, self.deadline)
        backoff = self.backoff_base_s * 2**attempt
        started = time.monotonic()
        try:
            self.requests_sent += 1
            status, raw_headers, text = self._fetch(source, url, headers, self._budget_end())
        except httpx.ConnectError as exc:
            # No route, no DNS, connection refused: retrying within seconds will not bring the network back.
            raise SourceError(source, "error", f"could not connect ({type(exc).__name__})") from None
        except httpx.TimeoutException:
            return SourceError(source, "timeout", self._late(started, _TimeUp(reading=False))), backoff
        except _TimeUp as up:
            return SourceError(source, "timeout", self._late(started, up)), backoff
        except httpx.HTTPError as exc:
            return SourceError(source, "error", type(exc).__name__), backoff
        if 200 <= status < 300:
            return HttpResponse(status, text, raw_headers.get("content-type", ""))
        if status in (404, 410):
            raise SourceError(source, "not-found", f"HTTP {status}")
        if status != 429 and status < 500:
            raise SourceError(source, "error", f"HTTP {status}")
        kind: SourceErrorKind = "rate-limited" if status == 429 else "error"
        told = parse_retry_after(raw_headers.get("retry-after"))
        wait = min(told, self.max_retry_after_s) if told is not None else backoff
        return SourceError(source, kind, f"HTTP {status}"), wait

    def _fetch(
        self, source: str, url: httpx.URL, headers: Mapping[str, str] | None, end: float
    ) -> tuple[int, httpx.Headers, str]:
        """GET within the budget, following same-host redirects; the body is read (bounded) only for a 2xx."""
        with deadline(end):
            for _hop in range(MAX_REDIRECTS + 1):
                left = max(0.001, min(self.settings.timeout_s, end - time.monotonic()))
                with self._client.stream("GET", url, headers=headers, timeout=httpx.Timeout(left)) as raw:
                    if raw.is_redirect:
                        url = self._redirect(source, url, raw)
                        continue
                    if not raw.is_success:
                        return raw.status_code, raw.headers, ""
                    body = self._read_body(source, raw, end)
                    try:
                        text = body.decode(raw.charset_encoding or "utf-8", errors="replace")
                    except LookupError:  # a charset Python does not know: read it as UTF-8
                        text = body.decode("utf-8", errors="replace")
                    return raw.status_code, raw.headers, text
        raise SourceError(source, "error", f"more than {MAX_REDIRECTS} redirects; not followed further")

    def _read_body(self, source: str, raw: httpx.Response, end: float) -> bytes:
        """The body, streamed: refused past `max_response_bytes` (declared or counted) or past the budget."""
        cap = self.max_response_bytes
        declared = raw.headers.get("content-length", "").strip()
        if declared.isdigit() and int(declared) > cap:
            raise SourceError(source, "invalid", f"the answer is {_size(int(declared))}, over the {_size(cap)} limit")
        body = bytearray()
        try:
            for chunk in raw.iter_bytes():
                body += chunk
                if len(body) > cap:
                    raise SourceError(
                        source, "invalid", f"the answer ran past the {_size(cap)} limit; not read further"
                    )
                if time.monotonic() >= end:
                    raise _TimeUp(reading=True, received=len(body))
        except httpx.TimeoutException:
            raise _TimeUp(reading=True, received=len(body)) from None
        return bytes(body)

    def _redirect(self, source: str, current: httpx.URL, raw: httpx.Response) -> httpx.URL:
        """The next URL of a redirect, when it stays on this host (an upgrade to https allowed); else an error.

        The request carries the API key in a header or the query string: a redirect to another host would hand
        it over, so it is not followed at all and the source is reported as failed.
        """
        target = current.join(raw.headers["location"])
        upgrade = current.scheme == "http" and target.scheme == "https" and target.port in (None, 443)
        same = target.scheme == current.scheme and target.port == current.port
        if target.host != current.host or not (same or upgrade):
            where = f"{target.scheme}://{target.host}" + (f":{target.port}" if target.port else "")
            raise SourceError(
                source, "error", f"HTTP {raw.status_code} redirect to {where} not followed (only the same host is)"
            )
        return target
