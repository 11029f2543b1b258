"""OpenAlex: broad coverage (every DOI prefix, preprints included), a retraction flag, and an abstract as an
inverted index when the publisher allows it. Needs an API key since February 2026 (sent as `api_key`).
"""

from __future__ import annotations

from typing import Any

from caveat.core.models import AbstractSection, Paper, PeerReview
from retrieval._text import clean_text, from_inverted_index
from retrieval.clients.base import SourceClient, load_json, make_paper, normalise_doi, path_id
from retrieval.http import SourceError

__all__ = ["OpenAlexClient", "paper_from_work", "parse_work", "parse_works"]

NAME = "openalex"


def _status(work: dict[str, Any]) -> PeerReview:
    if work.get("is_retracted"):
        return "retracted"
    kind = work.get("type", "")
    if kind == "preprint" or work.get("type_crossref") == "posted-content":
        return "preprint"
    if kind in ("article", "review") and work.get("type_crossref", "journal-article") == "journal-article":
        return "peer-reviewed"
    return "unknown"


def _tail(url: str | None) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1] if url else ""


def paper_from_work(work: dict[str, Any]) -> Paper:
    """One OpenAlex work object as a Paper."""
    ids = work.get("ids") or {}
    pmcid = _tail(ids.get("pmcid"))
    location = work.get("primary_location") or {}
    source = location.get("source") or {}
    abstract = from_inverted_index(work.get("abstract_inverted_index"))
    funding = []
    for grant in work.get("grants") or []:
        name = grant.get("funder_display_name") or ""
        if name:
            award = grant.get("award_id")
            funding.append(f"{name} ({award})" if award else name)
    kinds = [k for k in (work.get("type"), work.get("type_crossref")) if k]
    return make_paper(
        NAME,
        sections=[AbstractSection(text=abstract)] if abstract else None,
        doi=normalise_doi(work.get("doi") or ids.get("doi")),
        pmid=_tail(ids.get("pmid")) or None,
        pmcid=(pmcid if pmcid.upper().startswith("PMC") else f"PMC{pmcid}") if pmcid else None,
        title=clean_text(work.get("title") or work.get("display_name") or ""),
        authors=[
            clean_text((a.get("author") or {}).get("display_name", ""))
            for a in work.get("authorships") or []
            if (a.get("author") or {}).get("display_name")
        ],
        journal=clean_text(source.get("display_name", "")),
        published=work.get("publication_date") or str(work.get("publication_year") or ""),
        publication_types=list(dict.fromkeys(kinds)),
        status=_status(work),
        funding=funding,
        license=location.get("license") or "",
    )


def parse_work(body: str) -> Paper | None:
    """The body of GET /works/{id}; None when it is not a work (e.g. a `select=` answer without a title)."""
    data = load_json(NAME, body)
    if not isinstance(data, dict):
        raise SourceError(NAME, "invalid", "expected a JSON object")
    if not (data.get("id") or data.get("title") or data.get("display_name")):
        return None
    return paper_from_work(data)


def parse_works(body: str) -> list[Paper]:
    """The body of GET /works?search=...: every result, in OpenAlex's relevance order."""
    data = load_json(NAME, body)
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise SourceError(NAME, "invalid", "expected a list of results")
    return [paper_from_work(w) for w in data["results"]]


class OpenAlexClient(SourceClient):
    name = NAME
    id_kinds = frozenset({"doi", "pmid", "pmcid"})
    can_search = True

    def _params(self, **extra: str) -> dict[str, str]:
        params = {"mailto": self.settings.contact_email, **extra}
        if self.settings.openalex_api_key is not None:
            params["api_key"] = self.settings.openalex_api_key.get_secret_value()
        return params

    def by_id(self, kind: str, value: str) -> Paper | None:
        prefix = {"doi": "https://doi.org/", "pmid": "pmid:", "pmcid": "pmcid:"}.get(kind)
        if prefix is None:
            raise self._unsupported(kind)
        url = f"{self.settings.openalex_url.rstrip('/')}/works/{prefix}{path_id(NAME, kind, value, keep=':/')}"
        response = self._get(url, self._params())
        return parse_work(response.text) if response else None

    def search(self, title: str, author: str | None = None, year: int | None = None) -> list[Paper]:
        extra = {"search": title, "per_page": "5"}
        if year:
            extra["filter"] = f"publication_year:{year}"
        response = self._get(f"{self.settings.openalex_url.rstrip('/')}/works", self._params(**extra))
        return parse_works(response.text) if response else []
