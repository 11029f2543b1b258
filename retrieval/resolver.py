"""From the citations found in an article to the one paper it is about, and what to tell the editor.

The order of trust is the editor's: what the editor supplied wins, then the local library (papers already
fetched, or added by hand), then the scholarly APIs, each asked only while something is still missing
(Crossref for the record of truth, Europe PMC / PubMed for the abstract, OpenAlex and Semantic Scholar as
fallbacks). Fields merge first-non-empty by that priority, except the paper's status, where a retraction,
an expression of concern or a correction from any source wins over a plain "peer-reviewed": missing a
retraction is the worst mistake this desk can make.

Citations arrive ranked (the first is the paper the article is about); the next ones are tried only when
nothing is found for the first. Every source call becomes a `SourceOutcome`, and anything the editor must
act on becomes a plain-language notice.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any, Protocol, runtime_checkable

from caveat.core.models import Citation, Paper, SourceOutcome
from caveat.core.settings import Settings
from retrieval.clients import build_clients
from retrieval.clients.base import SourceClient, normalise_doi
from retrieval.clients.crossref import elife_concept_doi
from retrieval.http import Deadline, HttpClient, SourceError

__all__ = [
    "SOURCE_NAMES",
    "Library",
    "Resolution",
    "identifier_from_url",
    "library_key",
    "lookup_key",
    "merge_papers",
    "resolve",
]

SOURCE_NAMES = {
    "crossref": "Crossref",
    "europepmc": "Europe PMC",
    "pubmed": "PubMed",
    "openalex": "OpenAlex",
    "semanticscholar": "Semantic Scholar",
    "arxiv": "arXiv",
    "biorxiv": "bioRxiv/medRxiv",
    "elife": "eLife",
    "library": "the paper library",
    "editor": "the editor",
}
KIND_NAMES = {"doi": "DOI", "pmid": "PMID", "pmcid": "PMCID", "arxiv": "arXiv id"}
MATCH_THRESHOLD = 0.8
"""Least confidence for taking a search hit as the paper a bibliographic mention means."""

_PREPRINT_DOI = re.compile(r"^10\.(1101|64898)/")
_ELIFE_DOI = re.compile(r"^10\.7554/elife\.\d+(?:\.\d+)?$", re.IGNORECASE)
_ALWAYS_ASKED = frozenset({"elife"})
"""Sources asked even when the paper is already complete: only eLife has the assessment."""
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)
_REVIEW_SUFFIX = re.compile(r"^(10\.7554/elife\.\d+(?:\.\d+)?)\.(sa\d+|rp\d*)$", re.IGNORECASE)
_SERVER_VERSION = re.compile(r"^(10\.(?:1101|64898)/.+?)v\d+$", re.IGNORECASE)
_URL_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"doi\.org/(10\.\d{4,9}/\S+)", re.IGNORECASE), "doi"),
    (re.compile(r"(?:bio|med)rxiv\.org/content/(10\.\d{4,9}/(?:\d{4}\.\d{2}\.\d{2}\.)?\d+)", re.IGNORECASE), "doi"),
    (re.compile(r"arxiv\.org/(?:abs|pdf)/([\w.\-/]+?\d)(?:v\d+)?(?:\.pdf)?(?:[?#]|$)", re.IGNORECASE), "arxiv"),
    (re.compile(r"(?:pmc\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov/pmc)/articles/(PMC\d+)", re.IGNORECASE), "pmcid"),
    (re.compile(r"europepmc\.org/(?:abstract|article)/PMC/(PMC\d+)", re.IGNORECASE), "pmcid"),
    (re.compile(r"pubmed\.ncbi\.nlm\.nih\.gov/(\d+)", re.IGNORECASE), "pmid"),
    (re.compile(r"europepmc\.org/(?:abstract|article)/MED/(\d+)", re.IGNORECASE), "pmid"),
    (re.compile(r"(10\.\d{4,9}/[^\s?#]+)"), "doi"),
)
_SEVERE = {"retracted": 3, "expression-of-concern": 2, "corrected": 1}
_LIST_UNION = ("publication_types",)


@runtime_checkable
class Library(Protocol):
    """What the resolver needs of the local paper library (built elsewhere; any object with these methods)."""

    def get(self, key: str) -> Paper | None: ...

    def find(self, citation: Citation) -> Paper | None: ...

    def add(self, paper: Paper) -> None: ...


@dataclass(frozen=True)
class Resolution:
    """The paper (merged from every source that answered), its other versions, who answered, what to do."""

    paper: Paper | None
    related: list[Paper] = field(default_factory=list)
    outcomes: list[SourceOutcome] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def identifier_from_url(url: str) -> tuple[str, str] | None:
    """(kind, value) for a link to doi.org, PubMed, PMC, Europe PMC, arXiv or bioRxiv/medRxiv; else None."""
    for pattern, kind in _URL_PATTERNS:
        match = pattern.search(url)
        if match:
            value = match.group(1).rstrip(".,;)")
            return kind, (value.upper() if kind == "pmcid" else value)
    return None


def clean_doi(doi: str) -> str:
    """The DOI to look up: lower case, no server version ('v2'), no eLife review suffix ('.sa1')."""
    doi = normalise_doi(doi) or doi.strip().lower()
    match = _REVIEW_SUFFIX.match(doi)
    if match:
        doi = match.group(1)
    match = _SERVER_VERSION.match(doi)
    return match.group(1) if match else doi


def lookup_key(citation: Citation) -> tuple[str, str] | None:
    """(kind, value) to look a citation up by, with arXiv DOIs and links turned into the id they carry."""
    kind: str = citation.kind  # a link becomes the kind of id it carries
    value = citation.value.strip()
    if kind == "url":
        found = identifier_from_url(value)
        if found is None:
            return None
        kind, value = found
    if kind == "doi":
        value = clean_doi(value)
        arxiv = _ARXIV_DOI.match(value)
        if arxiv:
            return "arxiv", arxiv.group(1)
    elif kind == "pmcid":
        value = value.upper() if value.upper().startswith("PMC") else f"PMC{value}"
    elif kind == "arxiv":
        value = re.sub(r"^arxiv:", "", value, flags=re.IGNORECASE)
        value = re.sub(r"v\d+$", "", value)
    elif kind == "bibliographic":
        return None
    return kind, value


def library_key(kind: str, value: str) -> str:
    """The library's key form: a bare DOI, else 'pmid:…', 'pmcid:PMC…', 'arxiv:…' (bare digits are ambiguous)."""
    return value if kind == "doi" else f"{kind}:{value}"


def _plan(kind: str, value: str) -> list[str]:
    """Sources to ask, in order, for one identifier kind."""
    if kind == "doi":
        if _PREPRINT_DOI.match(value):
            return ["biorxiv", "crossref", "europepmc", "openalex", "semanticscholar"]
        if _ELIFE_DOI.match(value):  # eLife last: the others have the abstract, only eLife the assessment
            return ["crossref", "europepmc", "pubmed", "openalex", "semanticscholar", "elife"]
        return ["crossref", "europepmc", "pubmed", "openalex", "semanticscholar"]
    if kind == "pmid":
        return ["pubmed", "europepmc", "openalex", "semanticscholar"]
    if kind == "pmcid":
        return ["europepmc", "pubmed", "openalex", "semanticscholar"]
    if kind == "arxiv":
        return ["arxiv", "semanticscholar"]
    return []


def _complete(paper: Paper | None) -> bool:
    """Enough to review against: a title, an abstract and a known status. Further sources are not asked."""
    return paper is not None and bool(paper.title and paper.abstract) and paper.status != "unknown"


def _same_work(a: Paper, b: Paper) -> bool:
    """Guard against a search-style lookup (Europe PMC DOI:...) that answers with a different paper."""
    for attr in ("doi", "pmid", "pmcid", "arxiv_id"):
        x, y = getattr(a, attr), getattr(b, attr)
        if x and y:
            return str(x).lower() == str(y).lower()
    return True


def merge_papers(papers: Iterable[Paper]) -> Paper | None:
    """One Paper from several, highest priority first: first non-empty field wins, status by severity."""
    ordered = [p for p in papers if p is not None]
    if not ordered:
        return None
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}

    def origin(paper: Paper, name: str) -> str:
        return paper.sources.get(name) or next(iter(paper.sources.values()), "unknown")

    for name in Paper.model_fields:
        if name in ("sources", "fetched_at", "abstract_sections", "status"):
            continue
        for paper in ordered:
            value = getattr(paper, name)
            if name in _LIST_UNION and value:
                merged = values.setdefault(name, [])
                merged.extend(v for v in value if v not in merged)
                sources.setdefault(name, origin(paper, name))
            elif value not in (None, "", [], {}):
                values[name] = value
                sources[name] = origin(paper, name)
                if name == "abstract":
                    values["abstract_sections"] = paper.abstract_sections
                    if paper.abstract_sections:
                        sources["abstract_sections"] = origin(paper, name)
                break
    known = [p for p in ordered if p.status != "unknown"]
    severe = [p for p in known if p.status in _SEVERE]
    chosen = max(severe, key=lambda p: _SEVERE[p.status]) if severe else (known[0] if known else None)
    if chosen is not None:
        values["status"] = chosen.status
        sources["status"] = origin(chosen, "status")
    values["sources"] = sources
    values["fetched_at"] = max((p.fetched_at for p in ordered), default="")
    return Paper(**values)


class _Lookup:
    """One run of `resolve`: the clients, the deadline, and what happened so far."""

    def __init__(
        self,
        settings: Settings,
        library: Any,
        progress: Callable[[str], None] | None,
        http: HttpClient | None,
        clients: Mapping[str, SourceClient] | None,
    ) -> None:
        self.settings = settings
        self.apis = settings.apis
        self.library = library
        self.progress = progress or (lambda _message: None)
        self.deadline = Deadline(self.apis.deadline_s)
        self.outcomes: list[SourceOutcome] = []
        self.failures: list[SourceError] = []
        self.deadline_hit = False
        self.stopped_after = 0.0
        self._own_http = None
        if self.apis.offline:
            self.clients: Mapping[str, SourceClient] = {}
            return
        if http is None:
            http = self._own_http = HttpClient(self.apis, settings.cache_dir, deadline=self.deadline)
        elif http.deadline is None:
            http.deadline = self.deadline
        self.clients = clients if clients is not None else build_clients(http, self.apis)

    def close(self) -> None:
        if self._own_http is not None:
            self._own_http.close()

    # -- the library ------------------------------------------------------------------------------------
    def from_library(self, method: str, arg: Any) -> Paper | None:
        if self.library is None:
            return None
        started = time.monotonic()
        try:
            found = getattr(self.library, method)(arg)
        except Exception as exc:  # another team's storage must not sink a review
            self._outcome("library", "error", f"{type(exc).__name__}: {exc}", started)
            return None
        self._outcome("library", "found" if found else "not-found", f"{method}", started)
        return found

    def store(self, paper: Paper) -> None:
        if self.library is None:
            return
        try:
            self.library.add(paper)
        except Exception as exc:  # a full disk should cost the cache, not the review
            self._outcome("library", "error", f"could not store the paper: {type(exc).__name__}", time.monotonic())

    # -- the sources ------------------------------------------------------------------------------------
    def _outcome(self, source: str, outcome: Any, detail: str, started: float) -> None:
        seconds = round(time.monotonic() - started, 3)
        self.outcomes.append(SourceOutcome(source=source, outcome=outcome, detail=detail, seconds=seconds))

    def _usable(self, name: str, what: str) -> SourceClient | None:
        if self.apis.offline:
            self._outcome(name, "offline", "offline mode", time.monotonic())
            return None
        client = self.clients.get(name)
        if client is None:
            self._outcome(name, "skipped", "no client", time.monotonic())
            return None
        if name == "openalex" and self.apis.openalex_api_key is None:
            self._outcome(name, "skipped", "no OpenAlex API key configured", time.monotonic())
            return None
        if self.deadline.expired:
            self._hit_deadline()
            self._outcome(name, "skipped", f"deadline of {self.apis.deadline_s:g} s reached", time.monotonic())
            return None
        self.progress(f"Asking {SOURCE_NAMES.get(name, name)} for {what}")
        return client

    def _hit_deadline(self) -> None:
        """Note when the deadline first stopped something: the notice says how long the editor waited."""
        if not self.deadline_hit:
            self.deadline_hit = True
            self.stopped_after = self.deadline.elapsed()

    def _call(self, name: str, what: str, call: Callable[[SourceClient], Any]) -> Any:
        client = self._usable(name, what)
        if client is None:
            return None
        started = time.monotonic()
        try:
            result = call(client)
        except SourceError as err:
            outcome = {"not-found": "not-found", "timeout": "timeout"}.get(err.kind, "error")
            if err.kind == "timeout" and self.deadline.expired:
                self._hit_deadline()
            self._outcome(name, outcome, f"{err.kind}: {err.detail}", started)
            if err.kind != "not-found":
                self.failures.append(err)
            return None
        found = bool(result)
        self._outcome(name, "found" if found else "not-found", what, started)
        return result

    def by_id(self, name: str, kind: str, value: str) -> Paper | None:
        client = self.clients.get(name)
        if client is not None and not client.supports(kind):
            return None
        return self._call(name, f"{KIND_NAMES.get(kind, kind)} {value}", lambda c: c.by_id(kind, value))

    def search(self, name: str, citation: Citation) -> list[Paper]:
        d = citation.details
        year = int(d["year"]) if d.get("year", "").isdigit() else None
        title = d.get("title") or " ".join(p for p in (d.get("journal"), citation.value) if p)
        found = self._call(name, f'"{title[:60]}"', lambda c: c.search(title, d.get("author"), year))
        return list(found or [])

    def fetch(self, kind: str, value: str, base: list[Paper] | None = None, skip: Iterable[str] = ()) -> list[Paper]:
        """Ask the planned sources in turn until the merged paper is complete; the answers, best first."""
        found: list[Paper] = list(base or [])
        for name in _plan(kind, value):
            if name in skip:
                continue
            if _complete(merge_papers(found)) and name not in _ALWAYS_ASKED:
                continue
            current = merge_papers(found)
            lookup_kind, lookup_value = kind, value
            # Once an answer gave a PMID, PubMed is asked by it: one request instead of esearch + efetch.
            if name == "pubmed" and current is not None and current.pmid:
                lookup_kind, lookup_value = "pmid", current.pmid
            paper = self.by_id(name, lookup_kind, lookup_value)
            if paper is not None and (current is None or _same_work(current, paper)):
                found.append(paper)
        return found


def _title_similarity(mentioned: str, title: str) -> float:
    """0-1; a mention that is the start or a whole stretch of the real title (four words or more) counts 0.9."""
    a, b = (" ".join(re.findall(r"\w+", t.lower())) for t in (mentioned, title))
    ratio = SequenceMatcher(None, a, b).ratio()
    return max(ratio, 0.9) if a and len(a.split()) >= 4 and a in b else ratio


def _match_score(citation: Citation, paper: Paper) -> float:
    """How sure we are that a search hit is the paper a bibliographic mention means (0-1)."""
    d = citation.details
    parts: list[tuple[float, float]] = []
    if d.get("title"):
        parts.append((0.6, _title_similarity(d["title"], paper.title)))
    if d.get("author"):
        family = d["author"].replace("et al", "").split()[-1].lower().strip(".,")
        parts.append((0.15, float(any(family in a.lower() for a in paper.authors))))
    if d.get("year", "").isdigit():
        parts.append((0.1, float(paper.year is not None and abs(paper.year - int(d["year"])) <= 1)))
    if d.get("journal"):
        a, b = d["journal"].lower(), paper.journal.lower()
        parts.append((0.15, float(bool(b) and (a in b or b in a))))
    if not parts:
        return 0.0
    score = sum(w * s for w, s in parts) / sum(w for w, _ in parts)
    if d.get("title") and parts[0][1] < 0.85:
        return min(score, 0.5)  # a title that does not match is a different paper, whatever else matches
    return score


_API_FAILED = frozenset({"error", "timeout"})


def _not_found_notice(citation: Citation, key: tuple[str, str] | None, asked: list[SourceOutcome]) -> str | None:
    """What to tell the editor when a citation gave no paper, from the outcomes of the sources asked for it.

    "Not found" is only said of sources that answered. When none answered (refused, timed out, rate-limited)
    there is nothing to say about the citation itself and the failure notices explain; when some answered and
    others failed, both are named, since the failed ones might have known the paper.
    """
    apis = [o for o in asked if o.source not in ("library", "editor")]
    said = [o for o in apis if o.outcome in ("found", "not-found")]  # "found": only hits too weak to take
    answered = list(dict.fromkeys(SOURCE_NAMES.get(o.source, o.source) for o in said))
    failed = [o for o in apis if o.outcome in _API_FAILED or (o.outcome == "skipped" and "deadline" in o.detail)]
    failed_names = list(dict.fromkeys(SOURCE_NAMES.get(o.source, o.source) for o in failed))
    if key is None:
        if apis and not answered:
            return None
        return f'No paper matched "{citation.value[:80]}" well enough: add its DOI or paste the abstract'
    kind, value = key
    what = f"{KIND_NAMES.get(kind, kind)} {value}"
    offline = any(o.outcome == "offline" for o in apis)
    if offline or (answered and not failed_names):
        return f"No paper found for {what}: check it or paste the abstract"
    if not answered:
        return None
    return (
        f"{', '.join(answered)} did not know {what}, but {', '.join(failed_names)} could not be asked "
        "(see below): retry before taking the identifier for wrong, or paste the abstract"
    )


def _deadline_notice(lookup: _Lookup) -> str:
    """The truth about a lookup the deadline stopped: after how long, and what it cut short or never asked."""
    late = [o for o in lookup.outcomes if "deadline" in o.detail and o.outcome in ("timeout", "skipped")]
    skipped = [o for o in late if o.outcome == "skipped" or "not asked" in o.detail]
    cut = [o for o in late if o not in skipped]
    parts = []
    for o in cut:
        state = "was still sending its answer" if "still arriving" in o.detail else "had not answered"
        parts.append(f"{SOURCE_NAMES.get(o.source, o.source)} {state}")
    if skipped:
        names = list(dict.fromkeys(SOURCE_NAMES.get(o.source, o.source) for o in skipped))
        parts.append(f"{', '.join(names)} not asked")
    what = f" ({'; '.join(parts)})" if parts else ""
    return (
        f"The paper lookup was stopped after {lookup.stopped_after:.1f} s by its {lookup.apis.deadline_s:g} s limit"
        f"{what}: paste the abstract or retry"
    )


def _failure_notices(lookup: _Lookup) -> list[str]:
    notices = []
    if lookup.deadline_hit:
        notices.append(_deadline_notice(lookup))
    unreachable = list(dict.fromkeys(e.source for e in lookup.failures if e.detail.startswith("could not connect")))
    if unreachable:
        names = ", ".join(SOURCE_NAMES.get(n, n) for n in unreachable)
        notices.append(f"Could not reach {names} (no network?): paste the abstract, or retry when online")
    seen: set[str] = set(unreachable)
    for err in lookup.failures:
        if err.source in seen or (err.kind == "timeout" and lookup.deadline_hit):
            continue
        seen.add(err.source)
        name = SOURCE_NAMES.get(err.source, err.source)
        if err.kind == "timeout" and "still arriving" in err.detail:
            notices.append(
                f"{name} was still sending its answer when its {lookup.apis.timeout_s:g} s were up; "
                "paste the abstract or retry"
            )
        elif err.kind == "timeout":
            notices.append(f"{name} did not answer in {lookup.apis.timeout_s:g} s; paste the abstract or retry")
        elif err.kind == "rate-limited":
            notices.append(f"{name} is limiting requests just now; retry in a minute or paste the abstract")
        elif err.kind == "invalid":
            notices.append(f"{name} gave an unusable answer ({err.detail}); paste the abstract or retry")
        else:
            notices.append(f"{name} failed ({err.detail}); retry later or paste the abstract")
    return notices


def _related(lookup: _Lookup, paper: Paper) -> list[Paper]:
    """The other version of the paper (preprint <-> journal article) when a source linked one."""
    related = []
    for link in (paper.published_as, paper.preprint_of):
        if not link or link == paper.doi:
            continue
        other = lookup.from_library("get", link)
        if other is None and not lookup.apis.offline:
            other = merge_papers(lookup.fetch("doi", link))
            if other is not None:
                lookup.store(other)
        if other is not None and other.doi != paper.doi:
            related.append(other)
    return related


def resolve(
    citations: list[Citation],
    *,
    settings: Settings,
    library: object | None = None,
    supplied: Paper | None = None,
    progress: Callable[[str], None] | None = None,
    http: HttpClient | None = None,
    clients: Mapping[str, SourceClient] | None = None,
) -> Resolution:
    """Find the paper the article is about. `http`/`clients` let callers share a client (and tests tune it)."""
    lookup = _Lookup(settings, library, progress, http, clients)
    try:
        return _resolve(lookup, citations, supplied)
    finally:
        lookup.close()


def _resolve(lookup: _Lookup, citations: list[Citation], supplied: Paper | None) -> Resolution:
    notices: list[str] = []
    editor = None
    if supplied is not None:
        given = {k: "editor" for k in supplied.model_fields_set if k not in ("sources", "fetched_at")}
        editor = supplied.model_copy(update={"sources": {**given, **supplied.sources}})
    if editor is not None:
        lookup.outcomes.append(SourceOutcome(source="editor", outcome="found", detail="supplied by the editor"))
    if lookup.apis.offline:
        notices.append("Offline: the paper comes only from the library and what you paste")

    fetched: Paper | None = None
    misses: list[str] = []
    for citation in citations:
        if _complete(editor):
            break
        key = lookup_key(citation)
        if key is None and citation.kind != "bibliographic":
            continue
        first_outcome = len(lookup.outcomes)
        if key is not None:
            kind, value = key
            stored = lookup.from_library("get", library_key(kind, value))
            answers = [stored] if stored else []
            if not _complete(stored):
                answers = lookup.fetch(kind, value, base=answers)
        else:
            stored = lookup.from_library("find", citation)
            answers = [stored] if stored else []
            if not _complete(stored) and not lookup.apis.offline:
                answers = _search(lookup, citation, answers)
        fetched = merge_papers(answers)
        if fetched is not None:
            if any(answer is not stored for answer in answers):
                lookup.store(fetched)
            break
        misses.append(_not_found_notice(citation, key, lookup.outcomes[first_outcome:]) or "")

    paper = merge_papers([p for p in (editor, fetched) if p is not None])
    related = _related(lookup, paper) if paper is not None else []
    if paper is not None:
        paper, note = _published_preprint(paper, related)
        notices.extend([note] if note else [])
    # "Not found" is only said when a source could say so; when none answered, the failure notices explain.
    if paper is None and editor is None:
        if not misses:
            notices.append("No DOI, PMID or paper link found in the article: paste the abstract")
        elif any(misses):
            notices.append(next(m for m in misses if m))
    if paper is None or not paper.abstract:
        notices.extend(_failure_notices(lookup))
        if paper is not None:
            notices.append("Found the paper but no source had its abstract: paste it to check claims against it")
    if paper is not None and paper.doi and elife_concept_doi(paper.doi) and paper.status == "reviewed-preprint":
        notices.append(
            f"{paper.doi} is an eLife Reviewed Preprint version; the article's concept DOI is {paper.concept_doi}"
        )
    return Resolution(paper=paper, related=related, outcomes=lookup.outcomes, notices=notices)


def _published_preprint(paper: Paper, related: list[Paper]) -> tuple[Paper, str]:
    """A cited preprint that has since become a journal article takes the journal version's status.

    The article may fairly call such a paper "published"; flagging it as an unreviewed preprint would be a
    false alarm. The preprint's own fields (its abstract, the one the writer probably read) are kept, and
    the editor is told which version the status comes from. The editor's own word on status still wins.
    """
    if paper.status != "preprint" or not paper.published_as or paper.sources.get("status") == "editor":
        return paper, ""
    journal = next((r for r in related if r.doi == paper.published_as), None)
    status = journal.status if journal is not None and journal.status not in ("unknown", "preprint") else None
    origin = (journal.sources.get("status") if status and journal else None) or paper.sources.get("published_as", "")
    where = f" in {journal.journal}" if journal is not None and journal.journal else ""
    updated = paper.model_copy(
        update={
            "status": status or "peer-reviewed",
            "sources": {**paper.sources, "status": origin or "unknown"},
            "notes": " ".join(p for p in (paper.notes, f"Preprint since published as {paper.published_as}.") if p),
        }
    )
    note = (
        f"The cited preprint {paper.doi or ''} was later published{where} as {paper.published_as}: "
        "check which version the article reports"
    ).replace("  ", " ")
    return updated, note


def _search(lookup: _Lookup, citation: Citation, base: list[Paper]) -> list[Paper]:
    """Crossref and Europe PMC searches; the best hit above MATCH_THRESHOLD, then enriched by its DOI."""
    candidates: list[tuple[float, Paper]] = []
    # Europe PMC's search is by title; without one, only Crossref's bibliographic query can help.
    names = ("crossref", "europepmc") if citation.details.get("title") else ("crossref",)
    for name in names:
        for hit in lookup.search(name, citation):
            candidates.append((_match_score(citation, hit), hit))
    if not candidates:
        return base
    score, best = max(candidates, key=lambda c: c[0])
    if score < MATCH_THRESHOLD:
        return base
    rivals = {p.doi or p.pmid or p.title for sc, p in candidates if sc >= MATCH_THRESHOLD}
    if not citation.details.get("title") and len(rivals) > 1:
        return base  # journal, author and year fit several papers: guessing would be worse than asking
    answers = [*base, best.model_copy(update={"notes": f"matched by search, confidence {score:.2f}"})]
    if best.doi:
        skip = {name for name in ("crossref",) if best.sources.get("title") == name}
        return lookup.fetch("doi", best.doi, base=answers, skip=skip)
    return answers
