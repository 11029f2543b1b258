"""The local paper library: papers the desk already has, findable offline by id or by a loose mention.

Under embargo no API knows the paper yet; the editor uploads its PDF or pastes its abstract once, and every
later story citing it finds it here. The library is a Chroma collection, embedded on disk by default or a
shared `chroma run` server for a newsroom, chosen by `settings.library.server_url`.

One collection holds two kinds of record, told apart by the `kind` metadata:
- `paper`: id = the paper's key, the full Paper JSON in metadata, its title as the embedded document, and
  every identifier it answers to as flat metadata fields (normalised DOIs, pmid, pmcid, arXiv id).
- `sentence`: each abstract sentence embedded on its own, pointing back at its paper's key, so that a search
  phrased like a sentence of the story lands on the paper that says it.
- `passage`: the paper's open full text, one paragraph-sized piece per record (at most `PASSAGE_CHARS`), with its
  section's kind, title path and place, so that `search_passages` finds the sentence a check needs and `get`
  rebuilds `Paper.full_text` exactly: a second review of the same paper needs no network. The paper record's
  JSON leaves the full text out, so reading a paper's identity never drags its whole text along.

Vectors always come from our own `ChromaEmbeddingFunction` (Chroma's default downloads a model).
"""

from __future__ import annotations

import builtins
import hashlib
import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, cast, get_args
from urllib.parse import urlsplit

import chromadb
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.api.types import Where
from chromadb.config import Settings as ChromaSettings

from caveat.core.errors import CaveatError, InputError
from caveat.core.models import Citation, Paper, PaperSection, SectionKind
from caveat.core.paths import private_folder
from caveat.core.settings import Settings
from retrieval.citations import normalise_arxiv, normalise_doi, split_doi_version
from retrieval.embeddings import ChromaEmbeddingFunction, Embedder, get_embedder

__all__ = ["BIBLIOGRAPHIC_THRESHOLD", "PASSAGE_CHARS", "PaperLibrary", "Passage", "paper_key", "passages_of"]

BIBLIOGRAPHIC_THRESHOLD = 0.45
"""Least agreement (title 0.6, author 0.25, journal 0.2, year 0.1) for a loose mention to name a paper:
a title alone, or journal and author together. Below it `find` answers None rather than guess."""

PASSAGE_CHARS = 1_200
"""Longest passage embedded as one record: a paragraph, or a long paragraph's run of whole sentences."""
_BATCH = 500
"""Records per Chroma write: its SQLite store caps the variables of one statement."""

_AMBIGUITY_MARGIN = 0.15
_DOI_FIELDS = ("doi_key", "doi_base_key", "concept_doi_key", "vor_doi_key")
_ELIFE_VERSION = re.compile(r"^(10\.7554/elife\.\d+)\.\d+$")


def _doi_forms(doi: str) -> list[str]:
    """A DOI and the version-free DOI it belongs to (bioRxiv v2, eLife .3), all in comparison form."""
    norm = normalise_doi(doi)
    forms = [norm]
    base, _ = split_doi_version(norm)
    elife = _ELIFE_VERSION.match(norm)
    for other in (base, elife.group(1) if elife else None):
        if other and other not in forms:
            forms.append(other)
    return forms


def paper_key(paper: Paper) -> str:
    """The stable id of a paper in the library: its DOI, else its PubMed, PMC or arXiv id, else its title."""
    if paper.doi:
        return normalise_doi(paper.doi)
    if paper.pmid:
        return f"pmid:{paper.pmid.strip()}"
    if paper.pmcid:
        return f"pmcid:{_pmcid(paper.pmcid)}"
    if paper.arxiv_id:
        return f"arxiv:{normalise_arxiv(paper.arxiv_id)[0].lower()}"
    title = _fold(paper.title)
    if not title:
        raise InputError("a paper needs a DOI, a PubMed/PMC/arXiv id or a title to go into the library")
    return "title:" + hashlib.sha256(title.encode("utf-8")).hexdigest()[:20]


def _pmcid(value: str) -> str:
    digits = re.sub(r"(?i)^pmc", "", value.strip())
    return f"PMC{digits}"


def _fold(text: str) -> str:
    """Lowercase, accents off, punctuation to spaces: how names and titles are compared."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", ascii_text.lower()).split())


def _identity_metadata(paper: Paper) -> dict[str, str]:
    """Every identifier the paper answers to, as flat metadata fields Chroma can filter on."""
    fields: dict[str, str] = {}
    if paper.doi:
        forms = _doi_forms(paper.doi)
        fields["doi_key"] = forms[0]
        fields["doi_base_key"] = forms[-1]
    if paper.concept_doi:
        fields["concept_doi_key"] = normalise_doi(paper.concept_doi)
    if paper.version_of_record_doi:
        fields["vor_doi_key"] = normalise_doi(paper.version_of_record_doi)
    if paper.pmid:
        fields["pmid"] = paper.pmid.strip()
    if paper.pmcid:
        fields["pmcid"] = _pmcid(paper.pmcid)
    if paper.arxiv_id:
        fields["arxiv"] = normalise_arxiv(paper.arxiv_id)[0].lower()
    if paper.journal:
        fields["journal_key"] = _fold(paper.journal)
    return fields


def _where_for_key(key: str) -> Where:
    """The metadata filter that finds a paper by any of the key forms `get` accepts."""
    text = key.strip()
    lower = text.lower()
    if lower.startswith("pmid:"):
        return {"pmid": text.split(":", 1)[1].strip()}
    if lower.startswith("pmcid:") or re.fullmatch(r"pmc\d+", lower):
        return {"pmcid": _pmcid(text.split(":", 1)[-1])}
    if lower.startswith("arxiv:"):
        return {"arxiv": normalise_arxiv(text)[0].lower()}
    clauses: list[Where] = [{field: form} for form in _doi_forms(text) for field in _DOI_FIELDS]
    return {"$or": clauses}


def _sentences(text: str) -> list[str]:
    """Abstract sentences, split plainly: good enough for retrieval, where a missed split costs nothing."""
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9(\"“])", " ".join(text.split()))
    return [part for part in parts if len(part) >= 20]


def _abstract_text(paper: Paper) -> str:
    if paper.abstract:
        return paper.abstract
    return " ".join(section.text for section in paper.abstract_sections)


@dataclass(frozen=True)
class Passage:
    """A passage of a paper's full text found by a search, with where it sits and whose it is."""

    paper_key: str
    paper_title: str
    doi: str | None
    kind: SectionKind
    section: str
    """The section's title path ("Methods, Animals"); may be empty for untitled text."""
    text: str
    score: float


def _split_long(piece: str, limit: int) -> list[str]:
    """A paragraph longer than `limit` as slices ending at a sentence end, else at a space, else at the limit."""
    out: list[str] = []
    start = 0
    while len(piece) - start > limit:
        window = piece[start : start + limit]
        cut = max(window.rfind(". "), window.rfind("! "), window.rfind("? "))
        cut = cut + 2 if cut > 0 else (window.rfind(" ") + 1 or limit)
        out.append(piece[start : start + cut])
        start += cut
    out.append(piece[start:])
    return [part for part in out if part]


def passages_of(text: str, limit: int = PASSAGE_CHARS) -> list[str]:
    """A section's text as consecutive passages whose concatenation is the text exactly (offsets survive)."""
    out: list[str] = []
    for piece in re.split(r"(?<=\n\n)", text):
        if not piece:
            continue
        out.extend([piece] if len(piece) <= limit else _split_long(piece, limit))
    return out


def _one_of(field: str, values: Iterable[str]) -> Where:
    """A metadata filter: `field` is any of `values` (typed once here, for Chroma's invariant list type)."""
    allowed: list[str | int | float | bool] = list(values)
    operator: dict[Literal["$in", "$nin"], list[str | int | float | bool]] = {"$in": allowed}
    return {field: operator}


_SECTION_KINDS: frozenset[str] = frozenset(get_args(SectionKind))


def _section_kind(value: str) -> SectionKind:
    return cast(SectionKind, value) if value in _SECTION_KINDS else "other"


def _rebuild(records: Iterable[tuple[str, dict[str, object]]]) -> list[PaperSection]:
    """Sections from their passage records, in the order they were stored."""
    by_section: dict[int, list[tuple[int, str, dict[str, object]]]] = {}
    for document, metadata in records:
        by_section.setdefault(int(str(metadata["section"])), []).append(
            (int(str(metadata["chunk"])), document, metadata)
        )
    sections = []
    for index in sorted(by_section):
        parts = sorted(by_section[index], key=lambda part: part[0])
        first = parts[0][2]
        sections.append(
            PaperSection.model_validate(
                {
                    "kind": str(first.get("section_kind", "other")),
                    "title": str(first.get("section_title", "")),
                    "text": "".join(part[1] for part in parts),
                }
            )
        )
    return sections


@dataclass(frozen=True)
class _Agreement:
    score: float
    disagrees: bool


class PaperLibrary:
    """Papers kept by the desk, over one Chroma collection; safe to share between the page's sessions."""

    def __init__(self, client: ClientAPI, collection_name: str = "caveat-papers", embedder: Embedder | None = None):
        self._client = client
        self._embedder = embedder or get_embedder()
        self._function = ChromaEmbeddingFunction(self._embedder)
        self._lock = threading.RLock()
        self._collection: Collection = client.get_or_create_collection(
            collection_name,
            embedding_function=self._function,  # type: ignore[arg-type]  # chromadb wants text-or-image functions; its own default is text-only too
            configuration={"hnsw": {"space": "cosine"}},
        )

    @classmethod
    def open(cls, settings: Settings) -> PaperLibrary:
        """The embedded library under the data directory, or the shared server when one is configured."""
        chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
        url = settings.library.server_url
        try:
            if url:
                parts = urlsplit(url if "://" in url else f"http://{url}")
                if not parts.hostname:
                    raise InputError(f"library server URL has no host: {url!r}")
                ssl = parts.scheme == "https"
                client = chromadb.HttpClient(
                    host=parts.hostname, port=parts.port or (443 if ssl else 8000), ssl=ssl, settings=chroma_settings
                )
            else:
                path = private_folder(settings.library_path)
                client = chromadb.PersistentClient(path=str(path), settings=chroma_settings)
            return cls(client, settings.library.collection)
        except CaveatError:
            raise
        except Exception as exc:  # chromadb raises plain exceptions for an unreachable server or bad folder
            where = url or str(settings.library_path)
            raise CaveatError(f"cannot open the paper library at {where}: {exc}") from exc

    # -- writing ---------------------------------------------------------------------------------------

    def add(self, paper: Paper) -> str:
        """Store (or replace) a paper, its embedded abstract sentences and its full-text passages; returns its key.

        Idempotent: adding the same paper again rewrites the same records. A paper first stored under a
        weaker key (its PMID) and added again with a DOI replaces the older record instead of doubling it.
        A later record without full text keeps the passages already stored: text once read is not thrown away.
        """
        key = paper_key(paper)
        identity = _identity_metadata(paper)
        document = " ".join(part for part in (paper.title, paper.journal) if part) or key
        sentences = _sentences(_abstract_text(paper))
        with self._lock:
            for old in self._keys_matching(paper):
                if old != key:
                    self._delete(old)
            self._collection.delete(where={"$and": [{"kind": "sentence"}, {"paper_key": key}]})
            metadata: dict[str, str | int] = {
                "kind": "paper",
                "paper_key": key,
                "paper_json": paper.model_copy(update={"full_text": []}).model_dump_json(),
                **identity,
            }
            if paper.year:
                metadata["year"] = paper.year
            self._collection.upsert(ids=[key], documents=[document], metadatas=[metadata])
            # Chroma refuses one call of more records than its max batch size (a few thousand on an embedded
            # store, less on some servers): a long abstract is written in as many calls as that takes.
            step = max(1, self._client.get_max_batch_size())
            for start in range(0, len(sentences), step):
                chunk = sentences[start : start + step]
                self._collection.upsert(
                    ids=[f"{key}#s{i}" for i in range(start, start + len(chunk))],
                    documents=chunk,
                    metadatas=[{"kind": "sentence", "paper_key": key} for _ in chunk],
                )
            if paper.full_text:
                self._store_passages(key, paper.full_text)
        return key

    def _store_passages(self, key: str, sections: Sequence[PaperSection]) -> None:
        self._collection.delete(where={"$and": [{"kind": "passage"}, {"paper_key": key}]})
        ids: list[str] = []
        documents: list[str] = []
        metadatas: list[dict[str, str | int]] = []
        for index, section in enumerate(sections):
            for chunk, text in enumerate(passages_of(section.text)):
                ids.append(f"{key}#p{index}.{chunk}")
                documents.append(text)
                metadatas.append(
                    {
                        "kind": "passage",
                        "paper_key": key,
                        "section": index,
                        "chunk": chunk,
                        "section_kind": section.kind,
                        "section_title": section.title,
                    }
                )
        for start in range(0, len(ids), _BATCH):
            end = start + _BATCH
            self._collection.upsert(
                ids=ids[start:end],
                documents=documents[start:end],
                metadatas=metadatas[start:end],  # type: ignore[arg-type]  # Chroma's Metadata is a wider mapping
            )

    def remove(self, key: str) -> bool:
        """Delete the paper that `key` names (any form `get` accepts); False when there was none."""
        with self._lock:
            keys = self._resolve(key)
            for found in keys:
                self._delete(found)
            return bool(keys)

    # -- reading ---------------------------------------------------------------------------------------

    def get(self, key: str) -> Paper | None:
        """The paper for a DOI (any case, with or without https://doi.org/), 'pmid:…', 'pmcid:PMC…',
        'arxiv:…' or a library key; version DOIs and concept DOIs find the same paper."""
        with self._lock:
            keys = self._resolve(key)
            if not keys:
                return None
            return self._papers(keys[:1])[0]

    def find(self, citation: Citation) -> Paper | None:
        """The library's paper for a citation, or None when no paper fits well enough to be sure."""
        if citation.kind == "doi":
            paper = self.get(citation.value)
            concept = citation.details.get("concept_doi")
            return paper or (self.get(concept) if concept else None)
        if citation.kind in ("pmid", "pmcid", "arxiv"):
            return self.get(f"{citation.kind}:{citation.value}")
        if citation.kind == "bibliographic":
            return self._find_bibliographic(citation.details)
        return None

    def search(self, query: str, n: int = 5) -> list[tuple[Paper, float]]:
        """Papers whose title or an abstract sentence is nearest to `query`, with cosine similarity 0-1."""
        if not query.strip() or n <= 0:
            return []
        with self._lock:
            where: Where = _one_of("kind", ["paper", "sentence"])  # passages have their own search
            total = len(self._collection.get(where=where, include=[])["ids"])
            if total == 0:
                return []
            result = self._collection.query(
                query_texts=[query],
                n_results=min(total, max(n * 8, 20)),
                where=where,
                include=["metadatas", "distances"],
            )
            best: dict[str, float] = {}
            # both were asked for in `include`, so Chroma returns them; its type says they may be None
            metadatas, distances = result["metadatas"] or [[]], result["distances"] or [[]]
            for metadata, distance in zip(metadatas[0], distances[0], strict=True):
                key = str(metadata["paper_key"])
                similarity = max(0.0, min(1.0, 1.0 - float(distance)))
                best[key] = max(best.get(key, 0.0), similarity)
            ranked = sorted(best.items(), key=lambda item: -item[1])[:n]
            papers = self._papers([key for key, _ in ranked], full_text=False)
        return [(paper, round(score, 4)) for paper, (_, score) in zip(papers, ranked, strict=True)]

    def search_passages(self, query: str, n: int = 5) -> builtins.list[Passage]:
        """Full-text passages nearest to `query`, best first, each with its section and paper."""
        if not query.strip() or n <= 0:
            return []
        with self._lock:
            where: Where = {"kind": "passage"}
            total = len(self._collection.get(where=where, include=[])["ids"])
            if total == 0:
                return []
            result = self._collection.query(
                query_texts=[query],
                n_results=min(total, n),
                where=where,
                include=["documents", "metadatas", "distances"],
            )
            documents = (result["documents"] or [[]])[0]
            metadatas = (result["metadatas"] or [[]])[0]
            distances = (result["distances"] or [[]])[0]
            keys = list(dict.fromkeys(str(m["paper_key"]) for m in metadatas))
            papers = {paper_key(p): p for p in self._papers(keys, full_text=False)}
        found = []
        for document, metadata, distance in zip(documents, metadatas, distances, strict=True):
            key = str(metadata["paper_key"])
            paper = papers.get(key)
            found.append(
                Passage(
                    paper_key=key,
                    paper_title=paper.title if paper else "",
                    doi=paper.doi if paper else None,
                    kind=_section_kind(str(metadata.get("section_kind", "other"))),
                    section=str(metadata.get("section_title", "")),
                    text=" ".join(document.split()),
                    score=round(max(0.0, min(1.0, 1.0 - float(distance))), 4),
                )
            )
        return found

    def list(self) -> list[Paper]:
        """Every paper in the library, by title (without their full text: `get` one for that)."""
        with self._lock:
            result = self._collection.get(where={"kind": "paper"}, include=["metadatas"])
        papers = [Paper.model_validate_json(str(m["paper_json"])) for m in result["metadatas"] or []]
        return sorted(papers, key=lambda p: (p.title.lower(), p.doi or ""))

    def count(self) -> int:
        """How many papers (not sentences) the library holds."""
        with self._lock:
            return len(self._collection.get(where={"kind": "paper"}, include=[])["ids"])

    # -- internals -------------------------------------------------------------------------------------
    # (`list` is a method of this class from here on, so annotations spell the built-in builtins.list)

    def _resolve(self, key: str) -> builtins.list[str]:
        text = key.strip()
        if not text:
            return []
        direct = self._collection.get(ids=[text], include=[])["ids"]
        if direct:
            return list(direct)
        where: Where = {"$and": [{"kind": "paper"}, _where_for_key(text)]}
        return list(self._collection.get(where=where, include=[])["ids"])

    def _keys_matching(self, paper: Paper) -> set[str]:
        keys: set[str] = set()
        if paper.doi:
            keys.update(self._resolve(paper.doi))
        for prefix, value in (("pmid", paper.pmid), ("pmcid", paper.pmcid), ("arxiv", paper.arxiv_id)):
            if value:
                keys.update(self._resolve(f"{prefix}:{value}"))
        return keys

    def _delete(self, key: str) -> None:
        self._collection.delete(ids=[key])
        self._collection.delete(where={"$and": [_one_of("kind", ["sentence", "passage"]), {"paper_key": key}]})

    def _papers(self, keys: Iterable[str], *, full_text: bool = True) -> builtins.list[Paper]:
        """The papers stored under `keys`, in that order; with their full text rebuilt from the passages."""
        wanted = list(keys)
        if not wanted:
            return []
        result = self._collection.get(ids=wanted, include=["metadatas"])
        by_id = {
            id_: Paper.model_validate_json(str(m["paper_json"]))
            for id_, m in zip(result["ids"], result["metadatas"] or [], strict=True)
        }
        if full_text and by_id:
            passages = self._collection.get(
                where={"$and": [{"kind": "passage"}, _one_of("paper_key", list(by_id))]},
                include=["documents", "metadatas"],
            )
            grouped: dict[str, builtins.list[tuple[str, dict[str, object]]]] = {}
            for document, metadata in zip(passages["documents"] or [], passages["metadatas"] or [], strict=True):
                grouped.setdefault(str(metadata["paper_key"]), []).append((document, dict(metadata)))
            for key, records in grouped.items():
                by_id[key] = by_id[key].model_copy(update={"full_text": _rebuild(records)})
        return [by_id[key] for key in wanted if key in by_id]

    def _find_bibliographic(self, details: dict[str, str]) -> Paper | None:
        title, journal = details.get("title", ""), details.get("journal", "")
        author, year = details.get("author", ""), details.get("year", "")
        if not (title or journal or author):
            return None
        query = " ".join(part for part in (title, journal, author, year) if part)
        candidates = {paper_key(p): p for p, _ in self.search(query, n=10)}
        if journal:
            with self._lock:
                same_journal = self._collection.get(
                    where={"$and": [{"kind": "paper"}, {"journal_key": _fold(journal)}]},
                    include=["metadatas"],
                    limit=50,
                )
            for metadata in same_journal["metadatas"] or []:
                paper = Paper.model_validate_json(str(metadata["paper_json"]))
                candidates.setdefault(paper_key(paper), paper)
        scored = []
        for paper in candidates.values():
            agreement = self._agreement(paper, title, journal, author, year)
            if not agreement.disagrees and agreement.score >= BIBLIOGRAPHIC_THRESHOLD:
                scored.append((agreement.score, paper))
        scored.sort(key=lambda item: -item[0])
        if not scored:
            return None
        if len(scored) > 1 and scored[0][0] - scored[1][0] < _AMBIGUITY_MARGIN:
            return None  # two papers fit about as well: better no answer than the wrong paper
        with self._lock:
            return self._papers([paper_key(scored[0][1])])[0]  # with its full text, as `get` gives it

    def _agreement(self, paper: Paper, title: str, journal: str, author: str, year: str) -> _Agreement:
        """How far a mention's parts agree with a paper; any part that contradicts it disqualifies it."""
        score, disagrees = 0.0, False
        if title and paper.title:
            similarity = _title_similarity(self._embedder, title, paper.title)
            if similarity >= 0.8:
                score += 0.6
            elif similarity < 0.5:
                disagrees = True
        if journal and paper.journal:
            if _journal_agrees(journal, paper.journal):
                score += 0.2
            else:
                disagrees = True
        if author and paper.authors:
            if _author_agrees(author, paper.authors):
                score += 0.25
            else:
                disagrees = True
        if year and paper.year:
            if abs(int(year) - paper.year) <= 1:  # a preprint and its journal version often straddle a year
                score += 0.1
            else:
                disagrees = True
        return _Agreement(score, disagrees)


def _title_similarity(embedder: Embedder, a: str, b: str) -> float:
    """Word overlap, or embedding cosine when that is higher (a title paraphrased in a reference line)."""
    words_a, words_b = set(_fold(a).split()), set(_fold(b).split())
    overlap = len(words_a & words_b) / max(1, len(words_a | words_b))
    vectors = embedder.embed([a, b])
    return max(overlap, float(vectors[0] @ vectors[1]))


def _journal_agrees(mentioned: str, stored: str) -> bool:
    a, b = _fold(mentioned), _fold(stored)
    a, b = re.sub(r"^the ", "", a), re.sub(r"^the ", "", b)
    return a == b or (len(a) >= 4 and (a in b or b in a))


def _author_agrees(mentioned: str, authors: list[str]) -> bool:
    """The mention's surname (last word) is some author's surname, in "First Last" or "Last, F." order."""
    surname = _fold(mentioned).split()[-1] if _fold(mentioned) else ""
    if not surname:
        return False
    for name in authors:
        folded = _fold(name)
        if not folded:
            continue
        parts = folded.split()
        family = _fold(name.split(",")[0]) if "," in name else parts[-1]
        if surname in (family, *family.split()):
            return True
    return False
