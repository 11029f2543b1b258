"""bioRxiv and medRxiv: the preprint servers themselves, with every version of a preprint and the DOI of the
journal article it became ("published"). DOIs 10.1101/... (until November 2025) and 10.64898/... (after).
There is no keyword search.
"""

from __future__ import annotations

from typing import Any

from caveat.core.models import AbstractSection, Paper
from retrieval._text import clean_text, strip_tags
from retrieval.clients.base import SourceClient, load_json, make_paper, normalise_doi, path_id
from retrieval.http import SourceError

__all__ = ["SERVERS", "BiorxivClient", "author_names", "parse_details"]

NAME = "biorxiv"
SERVERS = ("biorxiv", "medrxiv")


def author_names(authors: str) -> list[str]:
    """'Doe, J. K.; Roe, A.' -> ['J. K. Doe', 'A. Roe'] (the API gives one 'Family, Initials' string)."""
    out = []
    for part in authors.split(";"):
        family, _, given = part.partition(",")
        name = clean_text(f"{given} {family}")
        if name:
            out.append(name)
    return out


def _version(item: dict[str, Any]) -> int:
    try:
        return int(item.get("version") or 0)
    except ValueError:
        return 0


def parse_details(body: str) -> Paper | None:
    """/details/{server}/{doi}/na/json: the latest version of the preprint; None for "no posts found"."""
    data = load_json(NAME, body)
    if not isinstance(data, dict) or not isinstance(data.get("collection", []), list):
        raise SourceError(NAME, "invalid", "expected a details answer with a collection")
    items = [i for i in data.get("collection") or [] if isinstance(i, dict) and i.get("doi")]
    if not items:
        return None
    first = min(items, key=_version)
    latest = max(items, key=_version)
    abstract = clean_text(strip_tags(latest.get("abstract") or ""))
    published = latest.get("published") or "NA"
    funder = latest.get("funder") or "NA"
    interests = clean_text(latest.get("competing_interests") or "")
    return make_paper(
        NAME,
        sections=[AbstractSection(text=abstract)] if abstract else None,
        doi=normalise_doi(latest["doi"]),
        title=clean_text(latest.get("title") or ""),
        authors=author_names(latest.get("authors") or ""),
        journal=latest.get("server") or "bioRxiv",
        published=first.get("date") or "",
        publication_types=[t for t in ("preprint", str(latest.get("type") or "").lower()) if t],
        status="preprint",
        published_as=normalise_doi(published) if published != "NA" else None,
        funding=[funder] if funder not in ("NA", "") and isinstance(funder, str) else [],
        competing_interests="" if interests in ("NA", "") else interests,
        license=latest.get("license") or "",
        notes=f"version {_version(latest)} of {len(items)}" if len(items) > 1 else "",
    )


class BiorxivClient(SourceClient):
    name = NAME
    id_kinds = frozenset({"doi"})

    def by_id(self, kind: str, value: str) -> Paper | None:
        """Ask bioRxiv, then medRxiv: the DOI prefix is shared and does not say which server holds it."""
        if kind != "doi":
            raise self._unsupported(kind)
        doi = path_id(NAME, kind, value, keep="/")
        for server in SERVERS:
            url = f"{self.settings.biorxiv_url.rstrip('/')}/details/{server}/{doi}/na/json"
            response = self._get(url)
            found = parse_details(response.text) if response else None
            if found is not None:
                return found
        return None
