"""Europe PMC: the best free source of abstracts (with their section headings) for biomedical papers,
and of preprints (source PPR) alongside journal articles, looked up by DOI, PMID, PMCID or title.
"""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree

from caveat.core.models import Paper, PeerReview
from retrieval._text import clean_text, markup_sections
from retrieval.clients.base import SourceClient, load_json, make_paper, normalise_doi
from retrieval.http import SourceError

__all__ = ["EuropePmcClient", "paper_from_result", "parse_search", "parse_search_xml"]

NAME = "europepmc"
_NOT_RESEARCH = {"published erratum", "correction", "news", "editorial", "comment", "letter"}


def _status(result: dict[str, Any], types: list[str]) -> PeerReview:
    lowered = {t.lower() for t in types}
    if "retracted publication" in lowered:
        return "retracted"
    if "expression of concern" in lowered:
        return "expression-of-concern"
    if result.get("source") == "PPR" or "preprint" in lowered:
        return "preprint"
    if lowered and lowered <= _NOT_RESEARCH | {"journal article"} and lowered & _NOT_RESEARCH:
        return "unknown"
    if result.get("source") in ("MED", "PMC") and lowered:
        return "peer-reviewed"
    return "unknown"


def _authors(result: dict[str, Any]) -> list[str]:
    out = []
    for author in (result.get("authorList") or {}).get("author") or []:
        name = " ".join(p for p in (author.get("firstName", ""), author.get("lastName", "")) if p)
        name = clean_text(name or author.get("fullName", "") or author.get("collectiveName", ""))
        if name:
            out.append(name)
    return out


def paper_from_result(result: dict[str, Any]) -> Paper:
    """One element of resultList.result (resultType=core) as a Paper."""
    journal_info = result.get("journalInfo") or {}
    types = list((result.get("pubTypeList") or {}).get("pubType") or [])
    pmcid = result.get("pmcid") or None
    grants = [
        f"{g.get('agency')} ({g.get('grantId')})" if g.get("grantId") else str(g.get("agency"))
        for g in (result.get("grantsList") or {}).get("grant") or []
        if g.get("agency")
    ]
    return make_paper(
        NAME,
        sections=markup_sections(result.get("abstractText") or ""),
        doi=normalise_doi(result.get("doi")),
        pmid=result.get("pmid") or None,
        pmcid=pmcid,
        title=clean_text(result.get("title", "")).rstrip("."),
        authors=_authors(result),
        journal=clean_text((journal_info.get("journal") or {}).get("title", "")),
        published=result.get("firstPublicationDate")
        or journal_info.get("printPublicationDate")
        or result.get("pubYear", ""),
        publication_types=types,
        status=_status(result, types),
        funding=grants,
        license=result.get("license", ""),
    )


def parse_search(body: str) -> list[Paper]:
    """The JSON body of /search (any resultType): every result; [] for hitCount 0."""
    data = load_json(NAME, body)
    if not isinstance(data, dict) or "resultList" not in data:
        raise SourceError(NAME, "invalid", "expected a search answer with a resultList")
    return [paper_from_result(r) for r in (data["resultList"] or {}).get("result") or []]


def parse_search_xml(body: str) -> list[Paper]:
    """The XML body of /search (format=xml): the lite fields, for callers that asked for XML."""
    try:
        root = ElementTree.fromstring(body.encode())
    except ElementTree.ParseError as exc:
        raise SourceError(NAME, "invalid", f"the answer was not valid XML ({exc})") from None
    papers = []
    for result in root.iter("result"):
        fields = {child.tag: (child.text or "") for child in result}
        papers.append(
            make_paper(
                NAME,
                doi=normalise_doi(fields.get("doi")),
                pmid=fields.get("pmid") or None,
                pmcid=fields.get("pmcid") or None,
                title=clean_text(fields.get("title", "")).rstrip("."),
                journal=clean_text(fields.get("journalTitle", "")),
                published=fields.get("firstPublicationDate") or fields.get("pubYear", ""),
                publication_types=[fields["pubType"]] if fields.get("pubType") else [],
            )
        )
    return papers


def _quoted(text: str) -> str:
    return '"' + text.replace('"', " ").strip() + '"'


class EuropePmcClient(SourceClient):
    name = NAME
    id_kinds = frozenset({"doi", "pmid", "pmcid"})
    can_search = True

    def _search(self, query: str, size: int = 1) -> list[Paper]:
        params = {"query": query, "resultType": "core", "format": "json", "pageSize": str(size)}
        response = self._get(f"{self.settings.europepmc_url.rstrip('/')}/search", params)
        return parse_search(response.text) if response else []

    def by_id(self, kind: str, value: str) -> Paper | None:
        if kind == "doi":
            query = f"DOI:{_quoted(value)}"
        elif kind == "pmid":
            query = f"EXT_ID:{value} AND SRC:MED"
        elif kind == "pmcid":
            query = f"PMCID:{value.upper() if value.upper().startswith('PMC') else 'PMC' + value}"
        else:
            raise self._unsupported(kind)
        found = self._search(query)
        return found[0] if found else None

    def search(self, title: str, author: str | None = None, year: int | None = None) -> list[Paper]:
        query = f"TITLE:{_quoted(title)}"
        if author:
            query += f" AND AUTH:{_quoted(author)}"
        if year:
            query += f" AND PUB_YEAR:{year}"
        return self._search(query, size=5)
