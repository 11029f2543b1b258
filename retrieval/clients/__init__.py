"""One client per scholarly API, all behind `SourceClient` (see base.py), registered here by name."""

from __future__ import annotations

from caveat.core.settings import ApiSettings
from retrieval.clients.arxiv import ArxivClient
from retrieval.clients.base import SourceClient
from retrieval.clients.biorxiv import BiorxivClient
from retrieval.clients.crossref import CrossrefClient
from retrieval.clients.elife import ElifeClient
from retrieval.clients.europepmc import EuropePmcClient
from retrieval.clients.openalex import OpenAlexClient
from retrieval.clients.pubmed import PubMedClient
from retrieval.clients.semanticscholar import SemanticScholarClient
from retrieval.http import HttpClient

__all__ = ["CLIENT_TYPES", "SourceClient", "build_clients"]

CLIENT_TYPES: dict[str, type[SourceClient]] = {
    cls.name: cls
    for cls in (
        CrossrefClient,
        EuropePmcClient,
        PubMedClient,
        OpenAlexClient,
        SemanticScholarClient,
        ArxivClient,
        BiorxivClient,
        ElifeClient,
    )
}


def build_clients(http: HttpClient, settings: ApiSettings) -> dict[str, SourceClient]:
    """Every client, sharing one polite HTTP client (one rate limiter, one cache, one deadline)."""
    return {name: cls(http, settings) for name, cls in CLIENT_TYPES.items()}
