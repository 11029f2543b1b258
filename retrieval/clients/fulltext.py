"""Open full text from the three places that serve it as JATS: Europe PMC, PMC (NCBI efetch) and bioRxiv/medRxiv.

These are not metadata sources (they answer for a paper already found), so they sit beside the `SourceClient`s
rather than among them. Each fetch goes through the same polite `HttpClient` as every other call (one deadline,
one cache, one rate limit per service): Europe PMC under "europepmc", NCBI under "pubmed" (efetch shares PubMed's
three requests a second), bioRxiv under "biorxiv". "Not found" is None; a body that is not JATS we can read, or is
too large, is a `SourceError` "invalid", so the review goes on with the abstract.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

from caveat.core.models import PaperSection
from caveat.core.settings import ApiSettings
from retrieval.clients.base import load_json
from retrieval.http import HttpClient, HttpResponse, SourceError
from retrieval.jats import JatsError, parse_jats

__all__ = ["FullTextClient", "jats_url", "parse_full_text"]

_SERVER_HOSTS = frozenset({"www.biorxiv.org", "biorxiv.org", "www.medrxiv.org", "medrxiv.org"})


def parse_full_text(source: str, body: str) -> list[PaperSection]:
    """The sections of a JATS answer; a SourceError 'invalid' for anything the JATS parser refuses."""
    try:
        return parse_jats(body)
    except JatsError as exc:
        raise SourceError(source, "invalid", str(exc)) from None


def _version(item: dict[str, Any]) -> int:
    try:
        return int(item.get("version") or 0)
    except (TypeError, ValueError):
        return 0


def jats_url(body: str) -> str | None:
    """The `jatsxml` link of the latest version in a bioRxiv/medRxiv details answer; None when there is none."""
    data = load_json("biorxiv", body)
    items = [i for i in (data.get("collection") or []) if isinstance(i, dict)] if isinstance(data, dict) else []
    with_jats = [i for i in items if isinstance(i.get("jatsxml"), str) and i["jatsxml"].startswith("http")]
    if not with_jats:
        return None
    return str(max(with_jats, key=_version)["jatsxml"])


class FullTextClient:
    """Fetches and parses one paper's open full text from one of the three services."""

    def __init__(self, http: HttpClient, settings: ApiSettings) -> None:
        self.http = http
        self.settings = settings

    def _get(self, source: str, url: str, params: dict[str, str] | None = None) -> HttpResponse | None:
        try:
            return self.http.get(source, url, params=params)
        except SourceError as err:
            if err.kind == "not-found":
                return None
            raise

    def europepmc(self, pmcid: str) -> list[PaperSection] | None:
        """Europe PMC's `/{PMCID}/fullTextXML`: served for open-access papers only, 404 for the rest."""
        url = f"{self.settings.europepmc_url.rstrip('/')}/{_pmcid(pmcid)}/fullTextXML"
        response = self._get("europepmc", url)
        return parse_full_text("europepmc", response.text) if response else None

    def pmc(self, pmcid: str) -> list[PaperSection] | None:
        """NCBI efetch `db=pmc`: the same JATS in a <pmc-articleset>; front matter only when the publisher forbids."""
        params = {"db": "pmc", "id": _pmcid(pmcid)[3:], "retmode": "xml", "tool": "caveat"}
        params["email"] = self.settings.contact_email
        if self.settings.ncbi_api_key is not None:
            params["api_key"] = self.settings.ncbi_api_key.get_secret_value()
        response = self._get("pubmed", f"{self.settings.pubmed_url.rstrip('/')}/efetch.fcgi", params)
        return parse_full_text("pmc", response.text) if response else None

    def biorxiv(self, doi: str, server: str = "") -> list[PaperSection] | None:
        """The preprint's JATS, from the `jatsxml` link the details API gives (bioRxiv first unless told medRxiv)."""
        servers = ("medrxiv", "biorxiv") if server.lower() == "medrxiv" else ("biorxiv", "medrxiv")
        for name in servers:
            url = f"{self.settings.biorxiv_url.rstrip('/')}/details/{name}/{quote(doi, safe='/')}/na/json"
            response = self._get("biorxiv", url)
            link = jats_url(response.text) if response else None
            if link is None:
                continue
            self._check_host(link)
            jats = self._get("biorxiv", link)
            return parse_full_text("biorxiv", jats.text) if jats else None
        return None

    def _check_host(self, link: str) -> None:
        """Follow a link only within the configured server's family: an answer must not send us anywhere else.

        The real API (api.biorxiv.org) links to www.biorxiv.org and www.medrxiv.org; a mirror or a test server
        configured instead is trusted for its own host only, so it can never lead to the public servers."""
        host = (urlsplit(link).hostname or "").lower()
        api_host = (urlsplit(self.settings.biorxiv_url).hostname or "").lower()
        allowed = {api_host} | (set(_SERVER_HOSTS) if api_host.endswith(("biorxiv.org", "medrxiv.org")) else set())
        if host not in allowed:
            raise SourceError("biorxiv", "invalid", f"the full-text link points outside the preprint server ({host})")


def _pmcid(value: str) -> str:
    digits = value.strip().upper().removeprefix("PMC")
    return f"PMC{digits}"
