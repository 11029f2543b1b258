"""The small interface every scholarly source implements, and the helpers they share.

A client knows one API: how to ask it (URLs, params, keys) and how to read its answer (a `parse_*`
function that takes the response body, so the recorded real responses can be replayed through exactly the
code that reads live ones). The resolver only sees this interface: `by_id(kind, value)` for the identifier
kinds in `id_kinds`, and `search(title, author, year)`. "Not found" is a normal answer (None or []), never an
exception, except for an identifier that is not one (see `path_id`): it is never sent, and the `SourceError`
"not-found" says why. Any other failure is a `SourceError` that says what went wrong.
"""

from __future__ import annotations

import json
import re
from abc import ABC, abstractmethod
from datetime import UTC, datetime
from typing import Any, ClassVar
from urllib.parse import quote, unquote

from caveat.core.models import AbstractSection, Paper
from caveat.core.settings import ApiSettings
from retrieval._text import join_sections
from retrieval.http import HttpClient, HttpResponse, SourceError

__all__ = [
    "SourceClient",
    "iso_date",
    "load_json",
    "make_paper",
    "normalise_doi",
    "path_id",
]

_MONTHS = {
    m: i
    for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)
}
_DOI_IN_TEXT = re.compile(r"10\.\d{4,9}/[^\s\"<>]+")


def normalise_doi(value: str | None) -> str | None:
    """Bare lower-case DOI from any of 'https://doi.org/10.x/Y', 'doi:10.x/y', '10.x/y.' ; None if not a DOI."""
    if not value:
        return None
    match = _DOI_IN_TEXT.search(value.strip())
    if not match:
        return None
    return match.group(0).rstrip(".,;)").lower()


_ID_GRAMMAR = {
    # The DOI handbook: "10." + a registrant code (digits, maybe dotted subdivisions) + "/" + a non-empty suffix of
    # printable characters. Spaces and control characters are never part of one.
    "doi": re.compile(r"10\.\d{4,9}(?:\.\d+)*/[^\s\x00-\x1f\x7f]+"),
    "pmid": re.compile(r"\d{1,9}"),
    "pmcid": re.compile(r"PMC\d{1,9}", re.IGNORECASE),
    "arxiv": re.compile(r"\d{4}\.\d{4,5}|[a-z][a-z.-]*(?:\.[A-Z]{2})?/\d{7}", re.IGNORECASE),
}
_ID_SHAPE = {"doi": "10.NNNN/...", "pmid": "digits", "pmcid": "PMC and digits", "arxiv": "NNNN.NNNNN"}


def path_id(source: str, kind: str, value: str, keep: str = "") -> str:
    """`value` percent-encoded for a URL path, once it is known to be an identifier of `kind`.

    The id goes into a path on the API's host with the key attached: "10.1234/../../admin" would climb out of
    the API's base path (httpx resolves dot segments), and "?" or "#" would end the path early. An id that is
    not an id (by its grammar, or with a "." or ".." segment, raw or percent-decoded) is not asked about at all:
    it is reported as not found, which is the truth and sends the editor to check it. `keep` lists the
    characters left as they are (":" and "/" where the API documents ids with them).
    """
    segments = [*value.split("/"), *unquote(value).split("/")]
    grammar = _ID_GRAMMAR.get(kind)
    if (grammar is not None and not grammar.fullmatch(value)) or any(seg in (".", "..") for seg in segments):
        shown = value[:80].encode("ascii", "backslashreplace").decode()
        raise SourceError(source, "not-found", f"not asked: {shown!r} is not a {kind} ({_ID_SHAPE.get(kind, kind)})")
    return quote(value, safe=keep)


def iso_date(year: Any, month: Any = None, day: Any = None) -> str:
    """'2024', '2024-03' or '2024-03-07' from parts that may be ints, digit strings or month names."""
    try:
        y = int(str(year).strip())
    except (TypeError, ValueError):
        return ""
    out = f"{y:04d}"
    if month in (None, ""):
        return out
    m_text = str(month).strip()
    m = int(m_text) if m_text.isdigit() else _MONTHS.get(m_text[:3].lower(), 0)
    if not 1 <= m <= 12:
        return out
    out += f"-{m:02d}"
    if day in (None, ""):
        return out
    try:
        d = int(str(day).strip())
    except ValueError:
        return out
    return out + f"-{d:02d}" if 1 <= d <= 31 else out


def load_json(source: str, body: str) -> Any:
    """JSON or a SourceError 'invalid': truncated bodies and HTML error pages must not crash a review."""
    try:
        return json.loads(body)
    except json.JSONDecodeError as exc:
        raise SourceError(source, "invalid", f"the answer was not valid JSON ({exc.msg})") from None
    except TypeError as exc:  # not text at all: a TypeError has no .msg, so it gets its own message
        raise SourceError(source, "invalid", f"the answer was not valid JSON ({exc})") from None


def make_paper(source: str, sections: list[AbstractSection] | None = None, **fields: Any) -> Paper:
    """A Paper from one source, with `sources` naming that source for every field it actually filled."""
    if sections:
        fields["abstract_sections"] = sections
        fields["abstract"] = join_sections(sections)
    fields = {k: v for k, v in fields.items() if v not in (None, "", [], {})}
    fields["sources"] = {k: source for k in fields}
    fields["fetched_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    return Paper(**fields)


class SourceClient(ABC):
    """One scholarly API behind the resolver's view of it."""

    name: ClassVar[str]
    id_kinds: ClassVar[frozenset[str]]
    """Identifier kinds this source can look up: a subset of doi, pmid, pmcid, arxiv."""
    can_search: ClassVar[bool] = False

    def __init__(self, http: HttpClient, settings: ApiSettings) -> None:
        self.http = http
        self.settings = settings

    def _get(
        self, url: str, params: dict[str, str] | None = None, headers: dict[str, str] | None = None
    ) -> HttpResponse | None:
        """GET through the polite client; None for not-found so that callers treat it as an answer."""
        try:
            return self.http.get(self.name, url, params=params, headers=headers)
        except SourceError as err:
            if err.kind == "not-found":
                return None
            raise

    def supports(self, kind: str) -> bool:
        return kind in self.id_kinds

    @abstractmethod
    def by_id(self, kind: str, value: str) -> Paper | None:
        """The paper with this identifier, or None when the source does not know it."""

    def search(self, title: str, author: str | None = None, year: int | None = None) -> list[Paper]:
        """Candidate papers for a bibliographic mention, best first; [] when the source has no search."""
        return []

    def _unsupported(self, kind: str) -> SourceError:
        return SourceError(self.name, "invalid", f"cannot look up a {kind} here")
