"""PubMed through NCBI E-utilities: labelled structured abstracts, publication types that say "Randomized
Controlled Trial" or "Retracted Publication", corrections and retractions, and the competing-interest statement.
"""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree
from xml.etree.ElementTree import Element

from caveat.core.models import Paper, PeerReview, UpdateKind, UpdateNotice
from retrieval._text import clean_text, labelled_sections
from retrieval.clients.base import SourceClient, iso_date, make_paper, normalise_doi
from retrieval.http import SourceError

__all__ = ["PubMedClient", "parse_efetch", "parse_esearch"]

NAME = "pubmed"
_NOT_RESEARCH = {"editorial", "comment", "letter", "news", "published erratum", "retraction of publication"}
_DOI = re.compile(r"doi:\s*(10\.\S+)", re.IGNORECASE)
_NOTICES: dict[str, tuple[UpdateKind, str]] = {
    # CommentsCorrections that are notices about this paper; "UpdateOf" (the preprint it came from) is a version.
    "RetractionIn": ("retraction", "Retraction"),
    "ExpressionOfConcernIn": ("expression-of-concern", "Expression of concern"),
    "ErratumIn": ("correction", "Erratum"),
    "CorrectedandRepublishedIn": ("correction", "Corrected and republished"),
}


def _xml(body: str) -> Element:
    try:
        return ElementTree.fromstring(body.encode())
    except ElementTree.ParseError as exc:
        raise SourceError(NAME, "invalid", f"the answer was not valid XML ({exc})") from None


def _text(element: Element | None) -> str:
    """All the text inside an element, markup (<i>, <sup>) flattened."""
    return clean_text("".join(element.itertext())) if element is not None else ""


def parse_esearch(body: str) -> list[str]:
    """PMIDs from an esearch answer (XML, or JSON with retmode=json); [] for no hit."""
    stripped = body.lstrip()
    if stripped.startswith("{"):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError:
            raise SourceError(NAME, "invalid", "the esearch answer was not valid JSON") from None
        return [str(i) for i in (data.get("esearchresult") or {}).get("idlist") or []]
    root = _xml(body)
    if root.tag != "eSearchResult":
        raise SourceError(NAME, "invalid", f"expected eSearchResult, got {root.tag}")
    return [clean_text(e.text or "") for e in root.findall("./IdList/Id") if e.text]


def _published(article: Element) -> str:
    electronic = article.find("./ArticleDate[@DateType='Electronic']")
    pub = article.find("./Journal/JournalIssue/PubDate")
    candidates = []
    for date in (electronic, pub):
        if date is not None and date.findtext("Year"):
            candidates.append(iso_date(date.findtext("Year"), date.findtext("Month"), date.findtext("Day")))
    if pub is not None and not candidates:
        medline = pub.findtext("MedlineDate") or ""
        if medline[:4].isdigit():
            candidates.append(medline[:4])
    # The earliest full date is the one the paper was first public; prefer the most precise on ties.
    return min(candidates, key=lambda d: (d[:4], -len(d))) if candidates else ""


def _status(types: list[str], refs: dict[str, list[Element]]) -> PeerReview:
    lowered = {t.lower() for t in types}
    if "retracted publication" in lowered or refs.get("RetractionIn"):
        return "retracted"
    if "expression of concern" in lowered or refs.get("ExpressionOfConcernIn"):
        return "expression-of-concern"
    if "preprint" in lowered:
        return "preprint"
    if refs.get("ErratumIn") or refs.get("CorrectedandRepublishedIn"):
        return "corrected"
    if lowered and lowered <= _NOT_RESEARCH | {"journal article"} and lowered & _NOT_RESEARCH:
        return "unknown"
    return "peer-reviewed" if lowered else "unknown"


def _notices(refs: dict[str, list[Element]]) -> list[UpdateNotice]:
    """The notices PubMed links to this paper, with the notice's DOI when its citation gives one."""
    notices = []
    for ref_type, (kind, label) in _NOTICES.items():
        for ref in refs.get(ref_type, []):
            match = _DOI.search(ref.findtext("RefSource") or "")
            doi = normalise_doi(match.group(1)) if match else None
            notices.append(UpdateNotice(kind=kind, doi=doi or "", label=label))
    return notices


def _paper(node: Element) -> Paper:
    citation = node.find("./MedlineCitation")
    article = citation.find("./Article") if citation is not None else None
    if citation is None or article is None:
        raise SourceError(NAME, "invalid", "a PubmedArticle without MedlineCitation/Article")
    ids = {e.get("IdType"): clean_text(e.text or "") for e in node.findall("./PubmedData/ArticleIdList/ArticleId")}
    doi = normalise_doi(ids.get("doi")) or normalise_doi(
        next((e.text for e in article.findall("./ELocationID[@EIdType='doi']")), None)
    )
    refs: dict[str, list[Element]] = {}
    for ref in citation.findall("./CommentsCorrectionsList/CommentsCorrections"):
        refs.setdefault(ref.get("RefType", ""), []).append(ref)
    preprint_of = None
    for ref in refs.get("UpdateOf", []):
        match = _DOI.search(ref.findtext("RefSource") or "")
        if match:
            preprint_of = normalise_doi(match.group(1))
            break
    types = [_text(t) for t in article.findall("./PublicationTypeList/PublicationType")]
    authors = []
    for author in article.findall("./AuthorList/Author"):
        name = " ".join(p for p in (author.findtext("ForeName"), author.findtext("LastName")) if p)
        name = name or author.findtext("CollectiveName") or ""
        if name.strip():
            authors.append(clean_text(name))
    funding = []
    for grant in article.findall("./GrantList/Grant"):
        agency, grant_id = grant.findtext("Agency") or "", grant.findtext("GrantID") or ""
        if agency:
            funding.append(f"{agency} ({grant_id})" if grant_id else agency)
    sections = labelled_sections((e.get("Label", ""), _text(e)) for e in article.findall("./Abstract/AbstractText"))
    pmcid = ids.get("pmc") or None
    return make_paper(
        NAME,
        sections=sections,
        doi=doi,
        pmid=_text(citation.find("./PMID")) or ids.get("pubmed"),
        pmcid=pmcid,
        title=_text(article.find("./ArticleTitle")).rstrip("."),
        authors=authors,
        journal=_text(article.find("./Journal/Title")),
        published=_published(article),
        publication_types=types,
        status=_status(types, refs),
        preprint_of=preprint_of,
        funding=funding,
        competing_interests=_text(citation.find("./CoiStatement")),
        updates=_notices(refs),
    )


def parse_efetch(body: str) -> list[Paper]:
    """Every PubmedArticle of an efetch answer (PubmedArticleSet); [] when the set is empty."""
    root = _xml(body)
    if root.tag != "PubmedArticleSet":
        raise SourceError(NAME, "invalid", f"expected PubmedArticleSet, got {root.tag}")
    return [_paper(node) for node in root.findall("./PubmedArticle")]


class PubMedClient(SourceClient):
    name = NAME
    id_kinds = frozenset({"pmid", "doi", "pmcid"})
    can_search = True

    def _params(self, **extra: str) -> dict[str, str]:
        params = {"tool": "caveat", "email": self.settings.contact_email, **extra}
        if self.settings.ncbi_api_key is not None:
            params["api_key"] = self.settings.ncbi_api_key.get_secret_value()
        return params

    def _root(self) -> str:
        return self.settings.pubmed_url.rstrip("/")

    def esearch(self, term: str, retmax: int = 5) -> list[str]:
        params = self._params(db="pubmed", term=term, retmax=str(retmax))
        response = self._get(f"{self._root()}/esearch.fcgi", params)
        return parse_esearch(response.text) if response else []

    def efetch(self, pmids: list[str]) -> list[Paper]:
        if not pmids:
            return []
        params = self._params(db="pubmed", id=",".join(pmids), retmode="xml")
        response = self._get(f"{self._root()}/efetch.fcgi", params)
        return parse_efetch(response.text) if response else []

    def by_id(self, kind: str, value: str) -> Paper | None:
        if kind == "pmid":
            pmids = [value.strip()]
        elif kind == "doi":
            pmids = self.esearch(f"{value}[aid]", retmax=1)
        elif kind == "pmcid":
            pmc = value.upper() if value.upper().startswith("PMC") else f"PMC{value}"
            pmids = self.esearch(f"{pmc}[pmcid]", retmax=1)
        else:
            raise self._unsupported(kind)
        found = self.efetch(pmids[:1])
        return found[0] if found else None

    def search(self, title: str, author: str | None = None, year: int | None = None) -> list[Paper]:
        term = f"{title}[ti]"
        if author:
            term += f" AND {author}[au]"
        if year:
            term += f" AND {year}[dp]"
        return self.efetch(self.esearch(term))
