"""eLife's own API: the editors' assessment of every Reviewed Preprint and Version of Record, per version.

Crossref and the indexes know an eLife paper's metadata, but only eLife's API carries the assessment, whose fixed
terms grade significance ("important") and strength of evidence ("incomplete"), and stories quote them. A paper
moves through versions (Reviewed Preprint v1, v2, ..., then the Version of Record), each assessed anew, so the
client reads them all: the article history (`/articles/{id}/versions`, which lists the Versions of Record), the
full record of a VOR version whose history entry is only a summary, and the latest Reviewed Preprint
(`/reviewed-preprints/{id}`). Early records have no structured `elifeAssessment` and carry the paragraph only
inside `indexContent`; their terms are then read from the text (retrieval/assessment.py).

The same readers turn a record the editor saved from the API into a Paper (`paper_from_elife_json`), so
`--paper` accepts eLife's JSON as it is served.
"""

from __future__ import annotations

import html
import re
from typing import Any

from pydantic import ValidationError

from caveat.core.errors import InputError
from caveat.core.models import AbstractSection, Assessment, Paper
from retrieval._text import clean_text, strip_tags
from retrieval.assessment import TERM_AXIS, find_terms, terms_with_sentences
from retrieval.clients.base import SourceClient, load_json, make_paper, normalise_doi
from retrieval.http import SourceError

__all__ = [
    "ElifeClient",
    "assessment_from_record",
    "elife_id",
    "is_elife_record",
    "paper_from_elife_json",
    "paper_from_records",
    "parse_article",
    "parse_article_versions",
    "parse_reviewed_preprint",
]

NAME = "elife"
_DOI = re.compile(r"^10\.7554/elife\.(\d+)(?:\.(\d+))?$", re.IGNORECASE)
_STATUSES = frozenset({"reviewed", "vor", "poa"})
_MEDIA = {
    "reviewed-preprint": "application/vnd.elife.reviewed-preprint+json",
    "history": "application/vnd.elife.article-history+json",
    "article": "application/vnd.elife.article-vor+json, application/vnd.elife.article-poa+json",
}
# The assessment heading inside indexContent, alone on its line: in the HTML shape a bold paragraph, in the older
# text shape a bare line (the table of contents' "* eLife assessment (#assessment)" is not alone on its line).
_INDEX_HEADING = re.compile(
    r"^[ \t]*(?:<p>)?(?:<strong>)?eLife assessment(?:</strong>)?(?:</p>)?[ \t]*$", re.IGNORECASE | re.MULTILINE
)
_INDEX_ABSTRACT = re.compile(r"^\*\* Abstract\n-+\n(.+?)(?:\n\s*\n|\Z)", re.MULTILINE | re.DOTALL)
_NO_INTERESTS = re.compile(r"^\s*no (?:competing )?interests? (?:were )?declared\.?\s*$", re.IGNORECASE)


def elife_id(doi: str | None) -> tuple[str, str] | None:
    """('102912', '2') from '10.7554/eLife.102912.2'; ('102912', '') for the concept DOI; None otherwise."""
    match = _DOI.match(normalise_doi(doi) or "")
    return (match.group(1), match.group(2) or "") if match else None


def _list(value: Any) -> list[Any]:
    """A list field, or [] for anything else: a saved or served record may hold any JSON where a list belongs."""
    return value if isinstance(value, list) else []


def _blocks_text(blocks: Any) -> str:
    """eLife's content blocks (paragraphs with inline HTML) as plain paragraphs joined by a blank line."""
    paragraphs = []
    for block in blocks if isinstance(blocks, list) else []:
        if isinstance(block, dict) and isinstance(block.get("text"), str):
            text = strip_tags(block["text"])
            if text:
                paragraphs.append(text)
        elif isinstance(block, dict) and isinstance(block.get("content"), list):
            nested = _blocks_text(block["content"])
            if nested:
                paragraphs.append(nested)
    return "\n\n".join(paragraphs)


def _index_text(index: Any) -> str:
    """indexContent with the literal '\\n' of the older text shape turned into line breaks."""
    return index.replace("\\n", "\n") if isinstance(index, str) else ""


def _assessment_in_index(index: Any) -> str:
    """The assessment paragraph from indexContent, for records without a structured `elifeAssessment`."""
    text = _index_text(index)
    heading = _INDEX_HEADING.search(text)
    if heading is None:
        return ""
    rest = text[heading.end() :].lstrip()
    if rest.startswith("<p>"):
        end = rest.find("</p>")
        return strip_tags(rest[: end if end >= 0 else len(rest)])
    paragraph = re.split(r"\n\s*\n|\n\* ", rest, maxsplit=1)[0]
    return clean_text(html.unescape(paragraph))


def _version_label(record: dict[str, Any]) -> tuple[tuple[int, int], str]:
    """A sort key (Reviewed Preprints before the Version of Record, each by number) and the label shown."""
    try:
        number = int(record.get("version") or 0)
    except (TypeError, ValueError):
        number = 0
    status = str(record.get("status", "")).lower()
    if status in ("vor", "poa"):
        label = status.upper() if number <= 1 else f"{status.upper()} v{number}"
        return (1, number), label
    return (0, number), str(number) if number else ""


def _terms(value: Any, axis: str) -> list[str]:
    """The structured terms of one axis, lower case; anything outside eLife's vocabulary is not a grade."""
    items = value if isinstance(value, list) else []
    return [t.strip().lower() for t in items if isinstance(t, str) and TERM_AXIS.get(t.strip().lower()) == axis]


def assessment_from_record(record: dict[str, Any]) -> Assessment | None:
    """The assessment of one version (a Reviewed Preprint or an article version); None when it has none."""
    _, version = _version_label(record)
    structured = record.get("elifeAssessment")
    text = ""
    if isinstance(structured, dict):
        text = _blocks_text(structured.get("content"))
        significance = _terms(structured.get("significance"), "significance")
        strength = _terms(structured.get("strength"), "strength")
        if significance or strength:
            terms = terms_with_sentences(text, significance, strength)
            return Assessment(text=text, terms=terms, version=version, source=NAME)
    text = text or _assessment_in_index(record.get("indexContent"))
    if not text:
        return None
    return Assessment(text=text, terms=find_terms(text), version=version, source=f"{NAME}-text")


def _authors(record: dict[str, Any]) -> list[str]:
    """Full names from `authors`; else the names in `authorLine` ('A, B ... Z' names only some of them)."""
    names = []
    for author in _list(record.get("authors")):
        if not isinstance(author, dict):
            continue
        name = author.get("name")
        name = name.get("preferred", "") if isinstance(name, dict) else name
        if isinstance(name, str) and clean_text(name):
            names.append(clean_text(strip_tags(name)))
    if names:
        return names
    line = str(record.get("authorLine") or "")
    return [clean_text(n) for n in re.split(r",|\s\.\.\.\s|\s+et al\.?$", line) if clean_text(n)]


def _competing_interests(record: dict[str, Any]) -> str:
    """The declared interests by name ('V. Bucci: receives support from ...'); 'none declared' when all say so."""
    declared, none = [], False
    for author in _list(record.get("authors")):
        if not isinstance(author, dict) or not isinstance(author.get("competingInterests"), str):
            continue
        statement = clean_text(strip_tags(author["competingInterests"]))
        name = author.get("name")
        name = name.get("preferred", "") if isinstance(name, dict) else str(name or "")
        if _NO_INTERESTS.match(statement):
            none = True
        elif statement:
            declared.append(f"{name}: {statement}" if name else statement)
    return "; ".join(declared) if declared else ("No competing interests declared" if none else "")


def _funding(record: dict[str, Any]) -> list[str]:
    out = []
    funding = record.get("funding")
    for award in _list(funding.get("awards")) if isinstance(funding, dict) else []:
        source = award.get("source") if isinstance(award, dict) else None
        names = source.get("name") if isinstance(source, dict) else None
        name = clean_text(str(names[0] if isinstance(names, list) and names else names or ""))
        if name:
            out.append(f"{name} ({award['awardId']})" if isinstance(award, dict) and award.get("awardId") else name)
    return out


def _abstract(record: dict[str, Any]) -> list[AbstractSection]:
    abstract = record.get("abstract")
    if isinstance(abstract, dict):
        text = _blocks_text(abstract.get("content")).replace("\n\n", " ")
    else:
        found = _INDEX_ABSTRACT.search(_index_text(record.get("indexContent")))
        text = clean_text(found.group(1)) if found else ""
    return [AbstractSection(text=text)] if text else []


def _doi(value: Any) -> str | None:
    return normalise_doi(value) if isinstance(value, str) else None


def _date(value: Any) -> str:
    return str(value)[:10] if isinstance(value, str) and value[:4].isdigit() else ""


def _record_fields(record: dict[str, Any]) -> dict[str, Any]:
    """The Paper fields one record gives: a Version of Record as the journal article, a Reviewed Preprint as one."""
    article_id = str(record.get("id") or "")
    concept = f"10.7554/elife.{article_id}" if article_id.isdigit() else None
    copyright_ = record.get("copyright")
    fields: dict[str, Any] = {
        "title": clean_text(strip_tags(str(record.get("title") or ""))),
        "authors": _authors(record),
        "journal": "eLife",
        "concept_doi": concept,
        "funding": _funding(record),
        "competing_interests": _competing_interests(record),
        "license": str(copyright_.get("license") or "") if isinstance(copyright_, dict) else "",
    }
    if str(record.get("status", "")).lower() in ("vor", "poa"):
        fields |= {
            "doi": _doi(record.get("doi")) or concept,
            "version_of_record_doi": _doi(record.get("doiVersion")) or _doi(record.get("doi")),
            "published": _date(record.get("published")),
            "publication_types": [t for t in (str(record.get("type") or ""),) if t],
            "status": "peer-reviewed",
        }
    else:
        number = str(record.get("version") or "")
        fields |= {
            "doi": f"{concept}.{number}" if concept and number.isdigit() else concept,
            "preprint_of": _doi(record.get("doi")),
            "published": _date(record.get("published")),
            "publication_types": ["reviewed-preprint"],
            "status": "reviewed-preprint",
        }
    return fields


def paper_from_records(records: list[dict[str, Any]], source: str = NAME) -> Paper | None:
    """One Paper from every version record of an article: metadata from the latest version (a Version of Record
    outranks a Reviewed Preprint), and one assessment per assessed version, oldest first."""
    usable = [r for r in records if isinstance(r, dict) and str(r.get("status", "")).lower() in _STATUSES]
    if not usable:
        return None
    ordered = sorted(usable, key=lambda r: _version_label(r)[0])
    assessments: dict[str, Assessment] = {}
    for record in ordered:
        found = assessment_from_record(record)
        if found is not None:
            assessments[found.version] = found
    latest = ordered[-1]
    sections = _abstract(latest) or next((s for s in map(_abstract, reversed(ordered)) if s), [])
    return make_paper(source, sections=sections, assessments=list(assessments.values()), **_record_fields(latest))


def _object(body: str, what: str) -> dict[str, Any]:
    data = load_json(NAME, body)
    if not isinstance(data, dict):
        raise SourceError(NAME, "invalid", f"expected {what} as a JSON object")
    return data


def _versions(history: dict[str, Any]) -> list[dict[str, Any]]:
    return [v for v in _list(history.get("versions")) if isinstance(v, dict)]


def parse_reviewed_preprint(body: str) -> Paper | None:
    """GET /reviewed-preprints/{id}: the latest Reviewed Preprint version and its assessment."""
    record = _object(body, "a reviewed preprint")
    if not record.get("id"):
        raise SourceError(NAME, "invalid", "a reviewed preprint without an id")
    return paper_from_records([record])


def parse_article(body: str) -> Paper | None:
    """GET /articles/{id} or /articles/{id}/versions/{n}: one Version of Record (or POA) and its assessment."""
    record = _object(body, "an article")
    if not record.get("id"):
        raise SourceError(NAME, "invalid", "an article without an id")
    return paper_from_records([record])


def parse_article_versions(body: str) -> Paper | None:
    """GET /articles/{id}/versions: the article history, with what its version entries carry."""
    history = _object(body, "an article history")
    if not isinstance(history.get("versions"), list):
        raise SourceError(NAME, "invalid", "an article history without versions")
    return paper_from_records(_versions(history))


def is_elife_record(data: Any) -> bool:
    """True for JSON as eLife's API serves it (a Reviewed Preprint, an article version, an article history).

    An editor's own paper JSON never has eLife's `authorLine` / `elifeAssessment` / `indexContent`, nor a
    `versions` list of eLife version records, so this cannot mistake one for the other."""
    if not isinstance(data, dict):
        return False
    versions = data.get("versions")
    if isinstance(versions, list) and versions and all(isinstance(v, dict) and "status" in v for v in versions):
        return any(str(v.get("status")).lower() in _STATUSES | {"preprint"} for v in versions)
    markers = ("authorLine", "elifeAssessment", "indexContent")
    return str(data.get("status", "")).lower() in _STATUSES and any(k in data for k in markers)


def paper_from_elife_json(data: Any) -> Paper | None:
    """A Paper from an eLife API record the editor supplied (sources marked as the editor's); None if not one."""
    if not is_elife_record(data):
        return None
    records = _versions(data) if isinstance(data.get("versions"), list) else [data]
    try:
        paper = paper_from_records(records, source="editor")
    except ValidationError as exc:
        where = ".".join(str(p) for p in exc.errors()[0]["loc"])
        message = f"The eLife record's field '{where}' is not usable; save the record again from eLife's API."
        raise InputError(message) from None
    if paper is None:
        raise InputError("The eLife record has no version eLife has reviewed; give the paper's fields as JSON instead.")
    return paper.model_copy(update={"notes": "Read from an eLife API record supplied by the editor."})


class ElifeClient(SourceClient):
    """Asks eLife for an eLife DOI (concept or versioned); any other DOI is not eLife's, so not asked."""

    name = NAME
    id_kinds = frozenset({"doi"})

    def _json(self, path: str, media: str) -> dict[str, Any] | None:
        url = f"{self.settings.elife_url.rstrip('/')}{path}"
        response = self._get(url, headers={"Accept": _MEDIA[media]})
        return _object(response.text, f"an eLife {media} record") if response else None

    def _vor_records(self, article_id: str, history: dict[str, Any] | None) -> tuple[list[dict[str, Any]], str]:
        """The history's VOR/POA versions, the latest fetched in full when the history holds only its summary.

        Only the latest is fetched (one request, not one per version): its assessment is the current one, and
        the deadline is shared with every other source."""
        records = [v for v in _versions(history or {}) if str(v.get("status", "")).lower() in ("vor", "poa")]
        if not records or "elifeAssessment" in records[-1]:
            return records, ""
        try:
            full = self._json(f"/articles/{article_id}/versions/{records[-1].get('version', 1)}", "article")
        except SourceError as err:  # the summary still gives the metadata; say what is missing
            return records, f"eLife's full record of the latest version could not be read ({err.kind})."
        if full is not None:
            records[-1] = full
        return records, ""

    def by_id(self, kind: str, value: str) -> Paper | None:
        if kind != "doi":
            raise self._unsupported(kind)
        ids = elife_id(value)
        if ids is None:
            return None
        article_id, _ = ids
        history = self._json(f"/articles/{article_id}/versions", "history")
        records, note = self._vor_records(article_id, history)
        try:
            preprint = self._json(f"/reviewed-preprints/{article_id}", "reviewed-preprint")
        except SourceError as err:
            if not records:
                raise
            preprint, note = None, f"eLife's Reviewed Preprint record could not be read ({err.kind})."
        paper = paper_from_records([r for r in (preprint, *records) if r is not None])
        if paper is None:
            return None
        # The answer describes every version; it is filed under the DOI asked for, so that the resolver merges
        # it with the other sources' record of that same DOI (a v1 citation of an article now at v2 or VOR).
        asked = normalise_doi(value)
        return paper.model_copy(update={"doi": asked, "notes": note} if note else {"doi": asked})
