"""Crossref: the registry of record for DOIs, so the first word on title, authors, journal and status.

Crossref knows things the others do not: retractions and corrections (`updated-by`), preprint/article links
(`relation`), funders with award numbers. Its abstract is JATS and often missing, which is why the resolver
asks Europe PMC or PubMed next.
"""

from __future__ import annotations

import re
from typing import Any

from caveat.core.models import Paper, PeerReview, UpdateKind, UpdateNotice
from retrieval._text import clean_text, markup_sections, strip_tags
from retrieval.clients.base import SourceClient, iso_date, load_json, make_paper, normalise_doi, path_id
from retrieval.http import SourceError

__all__ = ["CrossrefClient", "elife_concept_doi", "paper_from_message", "parse_work", "parse_works", "update_notices"]

NAME = "crossref"
_ELIFE_VERSIONED = re.compile(r"^(10\.7554/elife\.\d+)\.(\d+)$", re.IGNORECASE)
_PREPRINT_PREFIXES = ("10.1101/", "10.64898/", "10.48550/", "10.21203/", "10.2139/", "10.20944/")
_NOTICE_KIND: dict[str, UpdateKind] = {
    # Crossref's update types (Crossmark); new_version and new_edition are versions, not notices, and are skipped.
    "retraction": "retraction",
    "removal": "retraction",
    "withdrawal": "withdrawal",
    "expression_of_concern": "expression-of-concern",
    "correction": "correction",
    "erratum": "correction",
    "corrigendum": "correction",
    "partial_retraction": "correction",  # part withdrawn, the rest stands: the paper is corrected, not retracted
    "addendum": "other",
    "clarification": "other",
}
_NOT_NOTICES = frozenset({"new_version", "new_edition"})
_NOTICE_STATUS: dict[UpdateKind, PeerReview] = {
    "retraction": "retracted",
    "withdrawal": "retracted",
    "expression-of-concern": "expression-of-concern",
    "correction": "corrected",
}
_SEVERITY: dict[str, int] = {"retracted": 3, "expression-of-concern": 2, "corrected": 1}


def elife_concept_doi(doi: str) -> str | None:
    """'10.7554/elife.92889.1' (Reviewed Preprint v1) -> '10.7554/elife.92889' (the article's concept DOI)."""
    match = _ELIFE_VERSIONED.match(doi)
    return match.group(1).lower() if match else None


def _date(message: dict[str, Any]) -> str:
    for key in ("published", "published-online", "published-print", "posted", "issued", "created"):
        parts = (message.get(key) or {}).get("date-parts") or [[]]
        if parts and parts[0] and parts[0][0] is not None:
            return iso_date(*parts[0][:3])
    return ""


def _author(entry: dict[str, Any]) -> str:
    name = " ".join(p for p in (entry.get("given", ""), entry.get("family", "")) if p)
    return clean_text(name or entry.get("name", ""))


def _funding(message: dict[str, Any]) -> list[str]:
    out = []
    for funder in message.get("funder") or []:
        name = clean_text(funder.get("name", ""))
        awards = [a for a in funder.get("award") or [] if a]
        if name:
            out.append(f"{name} ({', '.join(awards)})" if awards else name)
    return out


def _relation_dois(message: dict[str, Any], relation: str) -> list[str]:
    found = []
    for item in (message.get("relation") or {}).get(relation) or []:
        if item.get("id-type", "doi") == "doi":
            doi = normalise_doi(item.get("id"))
            if doi:
                found.append(doi)
    return found


def update_notices(message: dict[str, Any], doi: str) -> list[UpdateNotice]:
    """The notices that change this work (`updated-by`: a retraction, a correction, an expression of concern).

    A "new_version" entry is not a notice: publishers register a re-deposit of the same work that way, often
    pointing at the work's own DOI. A lesser entry naming the work's own DOI is skipped for the same reason (a
    notice has a DOI of its own). `update-to` says the reverse (this record IS a notice about another work) and is
    read by `notice_of`."""
    notices: list[UpdateNotice] = []
    for update in message.get("updated-by") or []:
        if not isinstance(update, dict):
            continue
        kind = str(update.get("type", "")).strip().lower().replace(" ", "_").replace("-", "_")
        other = normalise_doi(update.get("DOI")) or ""
        serious = _NOTICE_KIND.get(kind) in ("retraction", "withdrawal", "expression-of-concern")
        if kind in _NOT_NOTICES or (other == doi and not serious):
            continue  # a retraction is never dropped, whatever DOI it names: missing one is the worst mistake
        label = clean_text(str(update.get("label") or kind.replace("_", " ").capitalize()))
        parts = (update.get("updated") or {}).get("date-parts") or [[]]
        date = iso_date(*parts[0][:3]) if parts and parts[0] and parts[0][0] is not None else ""
        notice = UpdateNotice(kind=_NOTICE_KIND.get(kind, "other"), doi=other, date=date, label=label)
        if notice not in notices:
            notices.append(notice)
    return notices


def notice_of(message: dict[str, Any], doi: str) -> str:
    """A note when this record is itself a notice (`update-to` another DOI): "Correction notice for 10.x/y"."""
    for update in message.get("update-to") or []:
        if not isinstance(update, dict):
            continue
        kind = str(update.get("type", "")).strip().lower()
        other = normalise_doi(update.get("DOI")) or ""
        if kind not in _NOT_NOTICES and other and other != doi:
            label = clean_text(str(update.get("label") or kind.replace("_", " ").capitalize()))
            return f"This record is a notice ({label}) for {other}."
    return ""


def _status(message: dict[str, Any], doi: str, title: str, updates: list[UpdateNotice]) -> PeerReview:
    notices: list[PeerReview] = [_NOTICE_STATUS[u.kind] for u in updates if u.kind in _NOTICE_STATUS]
    if title.upper().startswith(("RETRACTED:", "RETRACTED ARTICLE:")):
        notices.append("retracted")
    if notices:
        return max(notices, key=lambda s: _SEVERITY[s])
    kind = message.get("type", "")
    if kind == "posted-content":
        if doi.startswith("10.7554/elife."):
            return "reviewed-preprint"  # eLife registers Reviewed Preprints (versioned or concept) as posted content
        if message.get("subtype") == "preprint" or doi.startswith(_PREPRINT_PREFIXES):
            return "preprint"
        return "unknown"
    if kind == "journal-article":
        return "peer-reviewed"
    if kind == "proceedings-article":
        return "conference-abstract" if "abstract" in str(message.get("subtype", "")) else "unknown"
    return "unknown"


def paper_from_message(message: dict[str, Any]) -> Paper:
    """One Crossref work (the `message` of /works/{doi}, or an item of a work list) as a Paper."""
    doi = normalise_doi(message.get("DOI")) or ""
    title = clean_text(strip_tags((message.get("title") or [""])[0] or ""))
    kind = message.get("type", "")
    preprints = _relation_dois(message, "has-preprint")
    versions = [d for d in _relation_dois(message, "is-version-of") if d.startswith(_PREPRINT_PREFIXES)]
    published = _relation_dois(message, "is-preprint-of")
    institution = (message.get("institution") or [{}])[0].get("name", "")
    licence = (message.get("license") or [{}])[0].get("URL", "")
    updates = update_notices(message, doi)
    return make_paper(
        NAME,
        sections=markup_sections(message.get("abstract") or ""),
        doi=doi or None,
        concept_doi=elife_concept_doi(doi),
        title=title,
        authors=[a for a in (_author(e) for e in message.get("author") or []) if a],
        journal=clean_text((message.get("container-title") or [""])[0] or institution),
        published=_date(message),
        publication_types=[t for t in (kind, message.get("subtype", "")) if t],
        status=_status(message, doi, title, updates),
        preprint_of=next(iter(preprints or versions), None),
        published_as=next(iter(published), None),
        funding=_funding(message),
        license=licence,
        updates=updates,
        notes=notice_of(message, doi),
    )


def parse_work(body: str) -> Paper | None:
    """The body of GET /works/{doi}; None when it holds no work."""
    data = load_json(NAME, body)
    if not isinstance(data, dict):
        raise SourceError(NAME, "invalid", "expected a JSON object")
    message = data.get("message")
    if data.get("message-type") == "work-list":
        items = (message or {}).get("items") or []
        return paper_from_message(items[0]) if items else None
    if not isinstance(message, dict) or not message.get("DOI"):
        return None
    return paper_from_message(message)


def parse_works(body: str) -> list[Paper]:
    """The body of GET /works?query...: every item, in Crossref's relevance order."""
    data = load_json(NAME, body)
    if not isinstance(data, dict) or not isinstance(data.get("message"), dict):
        raise SourceError(NAME, "invalid", "expected a work list")
    return [paper_from_message(item) for item in data["message"].get("items") or [] if item.get("DOI")]


class CrossrefClient(SourceClient):
    name = NAME
    id_kinds = frozenset({"doi"})
    can_search = True

    def _params(self) -> dict[str, str]:
        return {"mailto": self.settings.contact_email}

    def by_id(self, kind: str, value: str) -> Paper | None:
        if kind != "doi":
            raise self._unsupported(kind)
        url = f"{self.settings.crossref_url.rstrip('/')}/works/{path_id(NAME, kind, value)}"
        response = self._get(url, self._params())
        return parse_work(response.text) if response else None

    def search(self, title: str, author: str | None = None, year: int | None = None) -> list[Paper]:
        query = " ".join(str(p) for p in (title, author, year) if p)
        params = {**self._params(), "query.bibliographic": query, "rows": "5"}
        response = self._get(f"{self.settings.crossref_url.rstrip('/')}/works", params)
        return parse_works(response.text) if response else []
