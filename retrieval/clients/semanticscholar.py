"""Semantic Scholar: a last resort for abstracts and identifiers (it maps DOI, PMID, PMCID and arXiv ids to one
another) and a title matcher. Its abstract field may be missing for legal reasons, even for known papers.
"""

from __future__ import annotations

from typing import Any

from caveat.core.models import AbstractSection, Paper
from retrieval._text import clean_text
from retrieval.clients.base import SourceClient, load_json, make_paper, normalise_doi, path_id
from retrieval.http import SourceError

__all__ = ["FIELDS", "SemanticScholarClient", "paper_from_record", "parse_batch", "parse_paper"]

NAME = "semanticscholar"
FIELDS = "title,abstract,authors,venue,journal,publicationDate,year,publicationTypes,externalIds"
_PREFIX = {"doi": "DOI", "pmid": "PMID", "pmcid": "PMCID", "arxiv": "ARXIV"}


def paper_from_record(record: dict[str, Any]) -> Paper:
    """One paper object of the Graph API as a Paper (status stays unknown: S2 does not say)."""
    ext = record.get("externalIds") or {}
    pmc = str(ext.get("PubMedCentral") or "")
    abstract = clean_text(record.get("abstract") or "")
    journal = (record.get("journal") or {}).get("name") or record.get("venue") or ""
    return make_paper(
        NAME,
        sections=[AbstractSection(text=abstract)] if abstract else None,
        doi=normalise_doi(ext.get("DOI")),
        pmid=str(ext["PubMed"]) if ext.get("PubMed") else None,
        pmcid=(pmc if pmc.upper().startswith("PMC") else f"PMC{pmc}") if pmc else None,
        arxiv_id=ext.get("ArXiv") or None,
        title=clean_text(record.get("title") or ""),
        authors=[clean_text(a["name"]) for a in record.get("authors") or [] if a.get("name")],
        journal=clean_text(journal),
        published=record.get("publicationDate") or str(record.get("year") or ""),
        publication_types=list(record.get("publicationTypes") or []),
    )


def parse_paper(body: str) -> Paper | None:
    """/paper/{id} (one object) or /paper/search/match ({"data": [...]}); None for an empty match."""
    data = load_json(NAME, body)
    if not isinstance(data, dict):
        raise SourceError(NAME, "invalid", "expected a JSON object")
    if "data" in data:
        items = [d for d in data.get("data") or [] if isinstance(d, dict)]
        return paper_from_record(items[0]) if items else None
    if "error" in data or not data.get("title"):
        return None
    return paper_from_record(data)


def parse_batch(body: str) -> list[Paper | None]:
    """POST /paper/batch: one entry per requested id, None where the id was unknown."""
    data = load_json(NAME, body)
    if not isinstance(data, list):
        raise SourceError(NAME, "invalid", "expected a JSON list")
    return [paper_from_record(d) if isinstance(d, dict) else None for d in data]


class SemanticScholarClient(SourceClient):
    name = NAME
    id_kinds = frozenset({"doi", "pmid", "pmcid", "arxiv"})
    can_search = True

    def _headers(self) -> dict[str, str] | None:
        key = self.settings.semantic_scholar_api_key
        return {"x-api-key": key.get_secret_value()} if key is not None else None

    def by_id(self, kind: str, value: str) -> Paper | None:
        if kind not in _PREFIX:
            raise self._unsupported(kind)
        escaped = path_id(NAME, kind, value, keep=":/")
        if kind == "pmcid":
            escaped = escaped.upper().removeprefix("PMC")
        url = f"{self.settings.semantic_scholar_url.rstrip('/')}/paper/{_PREFIX[kind]}:{escaped}"
        response = self._get(url, {"fields": FIELDS}, self._headers())
        return parse_paper(response.text) if response else None

    def search(self, title: str, author: str | None = None, year: int | None = None) -> list[Paper]:
        params = {"query": title, "fields": FIELDS}
        if year:
            params["year"] = str(year)
        url = f"{self.settings.semantic_scholar_url.rstrip('/')}/paper/search/match"
        response = self._get(url, params, self._headers())
        found = parse_paper(response.text) if response else None
        return [found] if found else []
