"""arXiv: preprints in physics, computing and quantitative biology, as an Atom feed. Both feed formats
(before and after November 2025) carry the same elements; an unknown id is an empty feed, not an error.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree
from xml.etree.ElementTree import Element

from caveat.core.models import AbstractSection, Paper
from retrieval._text import clean_text
from retrieval.clients.base import SourceClient, make_paper, normalise_doi
from retrieval.http import SourceError

__all__ = ["ArxivClient", "arxiv_id_from_url", "parse_feed"]

NAME = "arxiv"
_ATOM = "{http://www.w3.org/2005/Atom}"
_ARXIV = "{http://arxiv.org/schemas/atom}"
_VERSION = re.compile(r"v\d+$")


def arxiv_id_from_url(url: str) -> str:
    """'http://arxiv.org/abs/2201.13452v1' -> '2201.13452'; old-style 'hep-ph/9411242v1' kept with its archive."""
    tail = url.split("/abs/", 1)[-1].strip()
    return _VERSION.sub("", tail)


def _entry(entry: Element) -> Paper:
    summary = clean_text(entry.findtext(f"{_ATOM}summary") or "")
    published_doi = normalise_doi(entry.findtext(f"{_ARXIV}doi"))
    arxiv_id = arxiv_id_from_url(entry.findtext(f"{_ATOM}id") or "")
    return make_paper(
        NAME,
        sections=[AbstractSection(text=summary)] if summary else None,
        doi=f"10.48550/arxiv.{arxiv_id}".lower() if arxiv_id else None,
        arxiv_id=arxiv_id or None,
        title=clean_text(entry.findtext(f"{_ATOM}title") or ""),
        authors=[clean_text(a.findtext(f"{_ATOM}name") or "") for a in entry.findall(f"{_ATOM}author")],
        journal="arXiv",
        published=(entry.findtext(f"{_ATOM}published") or "")[:10],
        publication_types=["preprint"],
        status="preprint",
        published_as=published_doi,
        notes=clean_text(entry.findtext(f"{_ARXIV}journal_ref") or ""),
    )


def parse_feed(body: str) -> list[Paper]:
    """Every entry of an Atom answer; [] for an empty feed (unknown ids are silently dropped by arXiv)."""
    try:
        root = ElementTree.fromstring(body.encode())
    except ElementTree.ParseError as exc:
        raise SourceError(NAME, "invalid", f"the answer was not valid XML ({exc})") from None
    if root.tag != f"{_ATOM}feed":
        raise SourceError(NAME, "invalid", f"expected an Atom feed, got {root.tag}")
    papers = []
    for entry in root.findall(f"{_ATOM}entry"):
        # An error entry (malformed id) has the title "Error" and no author: skip it as "not found".
        if entry.findtext(f"{_ATOM}title") == "Error" and entry.find(f"{_ATOM}author") is None:
            continue
        papers.append(_entry(entry))
    return papers


class ArxivClient(SourceClient):
    name = NAME
    id_kinds = frozenset({"arxiv"})
    can_search = True

    def _query(self, params: dict[str, str]) -> list[Paper]:
        response = self._get(f"{self.settings.arxiv_url.rstrip('/')}/query", params)
        return parse_feed(response.text) if response else []

    def by_id(self, kind: str, value: str) -> Paper | None:
        if kind != "arxiv":
            raise self._unsupported(kind)
        wanted = _VERSION.sub("", value.strip().removeprefix("arXiv:").removeprefix("arxiv:"))
        for paper in self._query({"id_list": wanted, "max_results": "1"}):
            if paper.arxiv_id == wanted:
                return paper
        return None

    def search(self, title: str, author: str | None = None, year: int | None = None) -> list[Paper]:
        words = clean_text(title.replace('"', " "))
        query = f'ti:"{words}"'
        if author:
            query += f" AND au:{author.split()[-1]}"
        return self._query({"search_query": query, "start": "0", "max_results": "5"})
