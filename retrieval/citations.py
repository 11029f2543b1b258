"""Find the papers an article points at: identifiers, scholarly links and loose bibliographic mentions.

News copy cites papers in every shape: a bare DOI, a "DOI:" line at the foot, a doi.org link, a publisher
link that hides the DOI in its path (nature.com/articles/s41586-...), a PubMed link, an arXiv label, or only
"published in Nature Medicine by Pan and colleagues". Each finder here turns one family of shapes into
`Citation`s with the exact span they came from, so that a mismatch flag can point back at the words.

Two principles drive the details:
- Few false positives. Version numbers, dates, phone numbers and prices must never look like ids, so bare
  numbers only count with a label (PMID, arXiv) or inside a known link.
- The paper the story is about comes first. An article may cite earlier work too; the reference line at the
  end, the DOI next to "published in", and a DOI repeated several times outrank one in "previous research".
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import unquote, urlsplit

from caveat.core.models import Citation, CitationKind, Span

__all__ = ["find_citations", "normalise_arxiv", "normalise_doi", "split_doi_version"]

# ---------------------------------------------------------------------------------------------------------
# Normalisation shared with the library and the resolver.

_DOI_PREFIXES = re.compile(r"^(?:https?://)?(?:dx\.)?(?:www\.)?doi\.org/|^doi\s*:\s*", re.IGNORECASE)
_PREPRINT_VERSION = re.compile(r"^(10\.(?:1101|64898)/(?:\d{4}\.\d{2}\.\d{2}\.)?\d{6,})v(\d+)$", re.IGNORECASE)
_ELIFE_SUFFIX = re.compile(r"^(10\.7554/elife\.\d+)\.(sa\d+|\d+)$", re.IGNORECASE)


def normalise_doi(doi: str) -> str:
    """The comparison form of a DOI: no resolver prefix, URL-decoded, lowercase (DOIs are case-insensitive)."""
    cleaned = _DOI_PREFIXES.sub("", unquote(doi.strip()))
    return cleaned.strip().lower()


def split_doi_version(doi: str) -> tuple[str, str]:
    """Split a bioRxiv/medRxiv version suffix (…564218v2) off a DOI: ('10.1101/…564218', '2')."""
    match = _PREPRINT_VERSION.match(doi)
    if match:
        return match.group(1), match.group(2)
    return doi, ""


def normalise_arxiv(identifier: str) -> tuple[str, str]:
    """An arXiv id without 'arXiv:' and without its version: ('2301.01234', '2') for 'arXiv:2301.01234v2'."""
    ident = re.sub(r"^arxiv\s*:\s*", "", identifier.strip(), flags=re.IGNORECASE)
    match = re.match(r"^(.*?)v(\d+)$", ident)
    if match and re.search(r"\d$", match.group(1)):
        return match.group(1), match.group(2)
    return ident, ""


# ---------------------------------------------------------------------------------------------------------
# Candidates: what a finder saw, before ranking.


@dataclass
class _Candidate:
    kind: CitationKind
    value: str
    start: int
    end: int
    confidence: float
    details: dict[str, str] = field(default_factory=dict)


_TRAILING = ".,;:!?'\"’”»*_"
_CLOSERS = {")": "(", "]": "[", "}": "{"}


def _trim(candidate: str) -> str:
    """Drop sentence punctuation and unbalanced closing brackets from the end of an id or link.

    Balanced brackets stay: 10.1016/S0140-6736(20)30183-5 keeps its parentheses, while "(doi:10.1/x)"
    loses the last one.
    """
    while candidate:
        last = candidate[-1]
        unbalanced = last in _CLOSERS and candidate.count(last) > candidate.count(_CLOSERS[last])
        if last in _TRAILING or unbalanced:
            candidate = candidate[:-1]
        else:
            break
    return candidate


# DOI suffix characters as they occur in news copy; quotes, angle brackets and whitespace end a DOI.
_DOI_BODY = r"[^\s\"'<>“”‘’|\\^`{}]+"
_DOI_LABELLED = re.compile(
    r"\bdoi\s*[:.]?\s*(?:\n\s*)?(10\.\d{4,9})\s*(?:/|%2f)\s*(" + _DOI_BODY + ")", re.IGNORECASE
)
_DOI_BARE = re.compile(r"(?<![\w/.])(10\.\d{4,9})(?:/|%2[fF])(" + _DOI_BODY + ")")
_DOI_IN_URL = re.compile(r"(10\.\d{4,9})/([^?#&\s\"'<>]+)")
_PAGE_SUFFIX = re.compile(
    r"(?:/(?:full|abstract|abs|pdf|epdf|fulltext|fulltext\.html|meta|references|figures|tables|summary|"
    r"full-text|info|metrics|citedby|suppl_file.*|supplementary.*)"
    r"|\.(?:full|full\.pdf|full-text|abstract|article-info|article-metrics|supplementary-material|"
    r"figures-only|pdf|html))+/?$",
    re.IGNORECASE,
)
_SPLIT_AFTER_DOT = re.compile(r" (\d{5,}[\w.-]*)")
_CONTINUATION = re.compile(r"[ \t]*\n[ \t]*(\d[\w.()/-]*)")


def _doi_candidate(prefix: str, suffix: str, start: int, end: int, confidence: float, how: str) -> _Candidate | None:
    """Clean one raw DOI; returns None when nothing DOI-like is left after trimming."""
    suffix = _trim(unquote(suffix))
    suffix = _PAGE_SUFFIX.sub("", suffix)
    suffix = _trim(suffix)
    if not re.search(r"[A-Za-z0-9]", suffix):
        return None
    doi = f"{prefix}/{suffix}"
    details: dict[str, str] = {"found_as": how}
    doi, version = split_doi_version(doi)
    if version:
        details["version"] = version
    elife = _ELIFE_SUFFIX.match(doi)
    if elife:
        base, tail = elife.group(1), elife.group(2)
        if tail.lower().startswith("sa"):
            details["note"] = f"eLife review material ({tail}); mapped to the article DOI"
            details["review_material"] = doi
            doi = base
        else:
            details["concept_doi"] = base
            details["version"] = tail
    arxiv = re.match(r"10\.48550/arxiv\.(.+)$", doi, re.IGNORECASE)
    if arxiv:  # a DataCite DOI that Crossref does not know: the arXiv id is the useful handle
        details["arxiv_id"] = normalise_arxiv(arxiv.group(1))[0]
    if doi.endswith("-"):  # cut off at a line break with no continuation in sight
        confidence = min(confidence, 0.4)
        details["note"] = "DOI looks truncated at a line break"
    return _Candidate("doi", doi, start, end, confidence, details)


def _find_dois(text: str, taken: list[tuple[int, int]]) -> Iterator[_Candidate]:
    seen_starts: set[int] = set()
    for pattern, how, confidence in ((_DOI_LABELLED, "label", 0.97), (_DOI_BARE, "bare", 0.93)):
        for match in pattern.finditer(text):
            doi_start = match.start(1)
            if doi_start in seen_starts or _inside(doi_start, taken):
                continue
            seen_starts.add(doi_start)
            suffix, end = match.group(2), match.end()
            glued = re.search(r"(?:https?://|www\.)", suffix, re.IGNORECASE)
            if glued and glued.start() > 0:  # "10.1/abchttps://…": a link pasted straight after the DOI
                end -= len(suffix) - glued.start()
                suffix = suffix[: glued.start()]
            spaced = bool(re.search(r"\s", text[match.end(1) : match.start(2)]))
            if how == "label" and suffix.endswith("."):  # "doi: 10.2215/CJN. 06190616": a stray space
                follow = _SPLIT_AFTER_DOT.match(text, end)
                if follow:
                    suffix, end, spaced = suffix + follow.group(1), follow.end(1), True
            if suffix.endswith("-"):  # "10.1007/s10803-008-\n0667-2": a DOI broken across two lines
                follow = _CONTINUATION.match(text, end)
                if follow:
                    suffix, end = suffix + follow.group(1), follow.end(1)
            trimmed = _trim(suffix)
            end -= len(suffix) - len(trimmed) if suffix.startswith(trimmed) else 0
            span_start = match.start() if how == "label" else doi_start
            found = _doi_candidate(
                match.group(1), trimmed, span_start, end, confidence - (0.1 if spaced else 0.0), how
            )
            if found:
                yield found


# ---------------------------------------------------------------------------------------------------------
# Links: a URL is read as a whole, so that its DOI or id gets the link's span, and nothing inside it is
# found twice by the bare-id finders.

_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'“”]+"
    r"|\b(?:[a-z0-9-]{1,63}\.){1,6}(?:org|com|gov|net|edu|int|ac\.uk|co\.uk)/[^\s<>\"'“”]+",
    re.IGNORECASE,
)
_SCHOLARLY_HOSTS = (
    "doi.org", "nature.com", "science.org", "sciencemag.org", "cell.com", "thelancet.com", "nejm.org",
    "bmj.com", "jamanetwork.com", "pnas.org", "academic.oup.com", "wiley.com", "springer.com",
    "frontiersin.org", "mdpi.com", "plos.org", "elifesciences.org", "biorxiv.org", "medrxiv.org",
    "arxiv.org", "sciencedirect.com", "ncbi.nlm.nih.gov", "europepmc.org", "tandfonline.com",
    "sagepub.com", "researchsquare.com", "ssrn.com", "jci.org", "ahajournals.org", "acs.org",
    "cambridge.org", "biomedcentral.com", "royalsocietypublishing.org", "journals.asm.org",
    "annals.org", "karger.com", "thieme-connect.com", "psycnet.apa.org", "jneurosci.org", "embopress.org",
    "rupress.org", "aacrjournals.org", "physiology.org", "iop.org", "aps.org", "osf.io",
)
_PII_COMPACT = re.compile(r"\bPII(S\d{4}[\dX]{4}\d{2}\d{5}[\dX])|/pii/(S\d{4}[\dX]{4}\d{2}\d{5}[\dX])", re.I)
_PII_FORMATTED = re.compile(r"(S\d{4}-\d{3}[\dX]\(\d{2}\)\d{5}-[\dX])", re.IGNORECASE)


def _pii_to_doi(pii: str) -> str:
    """S0140673620301835 -> 10.1016/S0140-6736(20)30183-5 (the Lancet family's DOI form)."""
    if "(" in pii:
        return f"10.1016/{pii.upper()}"
    p = pii.upper()
    return f"10.1016/{p[0:5]}-{p[5:9]}({p[9:11]}){p[11:16]}-{p[16]}"


def _host_matches(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


class _Ident(Protocol):
    """Makes the candidate for one link: its kind, value and confidence, plus details of how it was read."""

    def __call__(self, kind: CitationKind, value: str, confidence: float, **extra: str) -> _Candidate: ...


def _read_url(url: str, start: int, end: int) -> _Candidate | None:
    """Turn one scholarly link into the most precise citation it encodes; None for a non-scholarly link.

    Repository links (PubMed, arXiv, eLife) name the record itself, so they come first; then a DOI anywhere in
    the link; then publishers whose paths encode a DOI in their own way; then any page on a scholarly host."""
    full = url if re.match(r"https?://", url, re.IGNORECASE) else "http://" + url
    parts = urlsplit(full)
    host = parts.netloc.lower().split(":")[0]
    path = unquote(parts.path)
    details = {"found_as": "url", "url": url}

    def ident(kind: CitationKind, value: str, confidence: float, **extra: str) -> _Candidate:
        return _Candidate(kind, value, start, end, confidence, {**details, **extra})

    found = _read_repository_url(host, path, ident)
    if found:
        return found
    in_url = _DOI_IN_URL.search(path) or _DOI_IN_URL.search(unquote(parts.query))
    if in_url:
        found = _doi_candidate(in_url.group(1), in_url.group(2), start, end, 0.95, "url")
        if found:
            found.details["url"] = url
            return found
    return _read_publisher_url(host, path, ident) or _read_scholarly_page(url, host, path, ident)


def _read_repository_url(host: str, path: str, ident: _Ident) -> _Candidate | None:
    """PubMed / Europe PMC, arXiv and eLife links: the record's own id."""
    if _host_matches(host, "ncbi.nlm.nih.gov") or _host_matches(host, "europepmc.org"):
        pmc = re.search(r"(PMC\d{3,9})", path, re.IGNORECASE)
        if pmc:
            return ident("pmcid", pmc.group(1).upper(), 0.95)
        pmid = re.search(r"(?:^/|/pubmed/|/MED/)(\d{1,8})/?$", path, re.IGNORECASE)
        if pmid:
            return ident("pmid", pmid.group(1), 0.95)
    if _host_matches(host, "arxiv.org"):
        arx = re.search(r"/(?:abs|pdf|html)/([a-z-]+(?:\.[A-Z]{2})?/\d{7}|\d{4}\.\d{4,5})(v\d+)?", path, re.I)
        if arx:
            value, version = normalise_arxiv(arx.group(1) + (arx.group(2) or ""))
            return ident("arxiv", value, 0.95, **({"version": version} if version else {}))
    if _host_matches(host, "elifesciences.org"):
        elife = re.search(r"/(articles|reviewed-preprints)/(\d{4,6})(?:v(\d+))?", path)
        if elife:
            extra = {"version": elife.group(3)} if elife.group(3) else {}
            if elife.group(1) == "reviewed-preprints":
                extra["note"] = "eLife reviewed preprint"
            return ident("doi", f"10.7554/eLife.{elife.group(2)}", 0.93, **extra)
    return None


def _read_publisher_url(host: str, path: str, ident: _Ident) -> _Candidate | None:
    """Nature, The Lancet and The BMJ: the DOI rebuilt from the article's path."""
    if _host_matches(host, "nature.com"):
        nat = re.search(r"/articles/([a-z][a-z0-9.-]*\d[a-z0-9.-]*)", path, re.IGNORECASE)
        if nat:
            news = nat.group(1).startswith("d4")
            note = {"note": "Nature news item, not a research paper"} if news else {}
            return ident("doi", f"10.1038/{nat.group(1)}", 0.5 if news else 0.92, **note)
    if _host_matches(host, "thelancet.com"):
        pii = _PII_COMPACT.search(path) or _PII_FORMATTED.search(path)
        if pii:
            raw = next(g for g in pii.groups() if g)
            return ident("doi", _pii_to_doi(raw), 0.85, pii=raw)
    if _host_matches(host, "bmj.com"):
        bmj = re.search(r"/content/\d+/(bmj[.-][\w.-]+?)(?:\.full|\.abstract)?/?$", path, re.IGNORECASE)
        if bmj and host in ("bmj.com", "www.bmj.com"):
            return ident("doi", f"10.1136/{bmj.group(1)}", 0.85)
    return None


def _read_scholarly_page(url: str, host: str, path: str, ident: _Ident) -> _Candidate | None:
    """Any other page on a scholarly host: the link itself, with the publisher's item id when it shows one."""
    if len(path.strip("/")) <= 3 or not any(_host_matches(host, domain) for domain in _SCHOLARLY_HOSTS):
        return None
    extra: dict[str, str] = {}
    pii = _PII_COMPACT.search(path) or _PII_FORMATTED.search(path)
    if pii:
        extra["pii"] = next(g for g in pii.groups() if g)
    jama = re.search(r"/fullarticle/(\d+)", path)
    if jama:
        extra["article_id"] = jama.group(1)
    return ident("url", _trim(url), 0.6, **extra)


def _find_urls(text: str) -> tuple[list[_Candidate], list[tuple[int, int]]]:
    found: list[_Candidate] = []
    taken: list[tuple[int, int]] = []
    for match in _URL.finditer(text):
        raw = match.group(0)
        url = _trim(raw)
        start, end = match.start(), match.start() + len(url)
        taken.append((start, end))
        candidate = _read_url(url, start, end)
        if candidate:
            found.append(candidate)
    return found, taken


def _inside(position: int, ranges: list[tuple[int, int]]) -> bool:
    """Whether `position` falls in one of `ranges` (sorted, non-overlapping: URL matches never overlap)."""
    index = bisect.bisect_right(ranges, (position, float("inf"))) - 1
    return index >= 0 and ranges[index][0] <= position < ranges[index][1]


# ---------------------------------------------------------------------------------------------------------
# Labelled ids outside links.

_PMID = re.compile(r"\b(?:PMID|PubMed\s+ID|PubMed)\s*[:#]?\s*(\d{1,8})\b")
_PMCID = re.compile(r"\b(?:PMCID\s*[:#]?\s*)?(PMC)\s?(\d{4,9})\b")
_ARXIV = re.compile(
    r"\barXiv\s*[:.]?\s*(?:id\s*)?(\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)\b",
    re.IGNORECASE,
)


def _find_labelled(text: str, taken: list[tuple[int, int]]) -> Iterator[_Candidate]:
    for match in _PMID.finditer(text):
        if not _inside(match.start(), taken):
            yield _Candidate("pmid", match.group(1), match.start(), match.end(), 0.93, {"found_as": "label"})
    for match in _PMCID.finditer(text):
        if not _inside(match.start(), taken):
            value = "PMC" + match.group(2)
            yield _Candidate("pmcid", value, match.start(), match.end(), 0.93, {"found_as": "label"})
    for match in _ARXIV.finditer(text):
        if _inside(match.start(), taken):
            continue
        ident = match.group(1)
        if re.match(r"\d{4}\.", ident) and not 1 <= int(ident[2:4]) <= 12:
            continue  # not a year-month: some other dotted number next to the word arXiv
        value, version = normalise_arxiv(ident)
        details = {"found_as": "label", **({"version": version} if version else {})}
        yield _Candidate("arxiv", value, match.start(), match.end(), 0.93, details)


# ---------------------------------------------------------------------------------------------------------
# Bibliographic mentions: journal, author, year, title, grouped per sentence.

_LOWER_JOURNALS = (
    r"eLife|eNeuro|mBio|mSphere|mSystems|iScience|npj [A-Z][\w-]*(?: [A-Z][\w-]*){0,4}|bioRxiv|medRxiv|arXiv"
)
_CAP_WORD = r"(?:[A-Z][\w'&-]*\.?|[A-Z]{2,})"
_JOURNAL = (
    rf"(?:(?:the\s+)?(?:{_LOWER_JOURNALS}|{_CAP_WORD})"
    rf"(?:\s+(?:of|and|&|for|in|the|on|{_CAP_WORD}|{_LOWER_JOURNALS})){{0,8}})"
)
_JOURNAL_CUE = re.compile(
    r"\b(?:published\s+(?:online\s+|today\s+|this\s+week\s+|on\s+\w+\s+)?in|appears?\s+in|appeared\s+in|"
    r"reported\s+in|writing\s+in|(?:in|to)\s+the\s+(?:journal|preprint\s+server)|"
    r"posted\s+(?:on|to)|on\s+the\s+preprint\s+server|issue\s+of|in\s+the\s+journal)\s+"
    rf"(?:the\s+journal\s+)?({_JOURNAL})"
)
_NOT_JOURNALS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "english", "full", "print", "the", "this", "its", "their", "a", "an", "spring", "summer", "autumn",
    "winter", "it", "he", "she", "they", "we", "i", "part", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "u.s", "us", "uk", "u.k", "advance", "online", "press", "today",
}
_TITLED = r"(?:Dr\.?|Doctor|Prof\.?|Professor|Associate\s+Professor|Assistant\s+Professor)"
_NAME_WORD = r"[A-Z][a-zà-ÿ'-]+(?:[A-Z][a-zà-ÿ'-]+)?\b"
_NAME = (
    rf"(?:[A-Z]\.\s*){{0,3}}{_NAME_WORD}(?:\s+(?:[A-Z]\.\s*){{1,3}})?"
    rf"(?:\s*(?:(?:van|von|de|da|del|der|di|le|la|du)\s+)?{_NAME_WORD}){{0,3}}"
)
_LED_BY = re.compile(rf"\b(?:led|headed|co-led|authored|co-authored)\s+by\s+(?:{_TITLED}\s+)?({_NAME})")
_INSTITUTION = re.compile(
    r"\b(?:Hospital|University|School|Institute|Institutes|Center|Centre|College|Medicine|Clinic|Foundation|"
    r"Association|Society|Laboratory|Laboratories|Department|Health|Agency|Council|Group|Trust|Network|"
    r"Researchers?|Scientists?)\b|'s$|’s$"
)
_COLLEAGUES = re.compile(
    rf"\b(?:{_TITLED}\s+)?({_NAME})\s+(?:and|&)\s+(?:her|his|their)?\s*(?:colleagues|co-?workers|co-?authors|team)\b"
    rf"|\b({_NAME})\s+et\s+al\b"
)
_NOT_NAMES = {
    "the", "she", "he", "they", "we", "researchers", "scientists", "authors", "doctors", "it", "this",
    "his", "her", "their", "our", "a", "an", "and", "but", "study", "university", "team", "dr", "doctor",
    "prof", "professor", "mr", "mrs", "ms", "sir", "phd", "md",
}
_PLACE_PREPOSITION = re.compile(r"\b(?:in|at|from|of|across|throughout|near|to)\s*$", re.IGNORECASE)


def _is_person(name: str, before: str) -> bool:
    """A captured name that is a person, not a title, an institution or a place ("in Belgium and colleagues")."""
    first = name.split()[0].rstrip(".").lower()
    return first not in _NOT_NAMES and not _INSTITUTION.search(name) and not _PLACE_PREPOSITION.search(before)
_YEAR = re.compile(
    r"\((?:[^()]{0,40}[\s,;(])?((?:19|20)\d{2})(?![\w/-]|\.\w)[^()]{0,20}\)"
    r"|\b(?:in|of)\s+((?:19|20)\d{2})(?![\w/-]|\.\w)"
    r"|,\s+((?:19|20)\d{2})(?![\w/-]|\.\w)"
)
_REFERENCE_LINE = re.compile(
    r"^[ \t>*_#-]*(?:journal\s+)?(?:reference|references|ref\.|source|citation|paper|study|original\s+research|"
    r"doi|read\s+the\s+(?:full\s+)?(?:study|paper|research))\s*[:\-–]",
    re.IGNORECASE | re.MULTILINE,
)
_REF_JOURNAL = re.compile(rf"(?<![\w.])({_JOURNAL})\.?\s*[,(]\s*(?:\d{{1,2}}\s+[A-Z][a-z]+\s+)?(?:19|20)\d{{2}}\b")
"""In a reference line: 'Frog Medicine (2024)' or 'Frog Medicine, 2024' names the journal."""
_QUOTED_TITLE = re.compile(r"[\"“‘']([^\"“”‘’\n]{12,300}?)[\"”’'](?=[\s,.;:)]|$)")
_TITLED_AS = re.compile(r"\b(?:titled|entitled|called)\s+[\"“‘']([^\"“”‘’\n]{12,300}?)[\"”’']")
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)\]\"”'][.!?])\s+(?=[A-Z\"“])|\n")
_ABBREVIATION = re.compile(
    r"(?:\b(?:Dr|Drs|Prof|Mr|Mrs|Ms|Mx|St|Sr|Jr|vs|al|etc|No|Vol|Fig|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|"
    r"Nov|Dec|Ph\.D|M\.D|e\.g|i\.e|approx|Inc|Ltd|Co|Corp|Univ|Dept)|\b[A-Z])\.$"
)


_WRAPPED_LINE = 40
"""A body line at least this long that ends mid-phrase was wrapped by an editor or a mail client, not ended."""


def _wrapped(text: str, newline: int) -> bool:
    """A line break inside a sentence ("published in the Journal of\nImaginary Nutrition"): a long line that ends
    without punctuation, followed by more text. Headlines and list lines are short, so they still end a region."""
    line = text[text.rfind("\n", 0, newline) + 1:newline]
    following = text[newline + 1:newline + 2]
    return len(line) >= _WRAPPED_LINE and bool(re.search(r"[a-z,;&]$", line)) and bool(following.strip())


def _regions(text: str) -> Iterator[tuple[int, int]]:
    """Sentences, roughly: bibliographic parts count together only within one ("Dr. Smith" is not a break)."""
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.group(0) != "\n" and _ABBREVIATION.search(text, max(start, match.start() - 8), match.start()):
            continue
        if match.group(0) == "\n" and _wrapped(text, match.start()):
            continue
        if match.start() > start:
            yield start, match.start()
        start = match.end()
    if start < len(text):
        yield start, len(text)


_CALENDAR_TAIL = re.compile(
    r"(?:\s+(?:on|in|of|for|and|the|this|last|next))*\s+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b.*$"
    r"|(?:\s+(?:on|in|of|for|and|the|this|last|next))*\s+(?:January|February|March|April|May|June|July|August|"
    r"September|October|November|December)\b.*$"
)


def _clean_journal(raw: str) -> str:
    """'the journal Cell.' -> 'Cell'; 'The Lancet' keeps its article, which is part of the name."""
    journal = raw.strip()
    if not journal.startswith("The Lancet"):
        journal = re.sub(r"^the\s+", "", journal, flags=re.IGNORECASE)
    journal = _CALENDAR_TAIL.sub("", journal)
    journal = re.sub(r"(?:\s+(?:of|and|&|for|in|the|on))+$", "", journal)
    return journal.rstrip(".").strip()


def _reference_ranges(text: str) -> list[tuple[int, int]]:
    """Lines that start with "Reference:", "DOI:", "Source:"...; a label alone on its line takes the next line."""
    ranges: list[tuple[int, int]] = []
    for match in _REFERENCE_LINE.finditer(text):
        start, end = _line_bounds(text, match.start())
        if not text[match.end() : end].strip():
            following = re.compile(r"\s*\S[^\n]*").match(text, end)
            if following:
                end = following.end()
        if ranges and start < ranges[-1][1]:
            start = ranges.pop()[0]
        ranges.append((start, end))
    return ranges


_Part = tuple[str, int, int]
"""One bibliographic part as found: its text, and where it starts and ends in the article."""
_PART_WEIGHT = {"journal": 0.25, "title": 0.3, "author": 0.15, "year": 0.05}


def _find_bibliographic(text: str, reference_lines: list[tuple[int, int]]) -> Iterator[_Candidate]:
    """Journal, author, title and year named together in one sentence or reference line: one loose citation."""
    regions = reference_lines + [r for r in _regions(text) if not _inside(r[0], reference_lines)]
    for start, end in regions:
        region = text[start:end]
        if not any(c in region for c in "JNPSCLBTAEReblmiadj"):  # cheap skip of empty lines
            continue
        parts, et_al = _named_parts(region, start)
        is_reference = _inside(start, reference_lines)
        title_match = _TITLED_AS.search(region) or (_QUOTED_TITLE.search(region) if is_reference else None)
        if title_match:
            parts["title"] = (title_match.group(1).strip(), start + title_match.start(1), start + title_match.end(1))
        if is_reference and "journal" not in parts:
            journal = _reference_journal(region, start, title_match)
            if journal:
                parts["journal"] = journal
        if not parts:
            continue
        if et_al and "author" not in parts:
            parts["author"] = et_al
        year = _YEAR.search(region)
        if year:
            group = next(i for i in (1, 2, 3) if year.group(i))
            parts["year"] = (year.group(group), start + year.start(group), start + year.end(group))
        if set(parts) <= {"year"}:
            continue
        yield _bibliographic_candidate(parts, is_reference)


def _named_parts(region: str, start: int) -> tuple[dict[str, _Part], _Part | None]:
    """The journal and the lead author a sentence names ("published in Cell", "led by Dr Okafor", "Smith and
    colleagues"), plus a bare "Smith et al.", which only counts beside other parts."""
    parts: dict[str, _Part] = {}
    for match in _JOURNAL_CUE.finditer(region):
        journal = _clean_journal(match.group(1))
        words = re.sub(r"^The\s+", "", journal).split()
        first = words[0].lower().rstrip(".") if words else ""
        if first and len(journal) > 2 and journal.lower() not in _NOT_JOURNALS and first not in _NOT_JOURNALS:
            # the span covers the name itself, not "the" before it or "on Tuesday" after it
            offset = start + match.start(1) + max(0, match.group(1).find(journal))
            parts.setdefault("journal", (journal, offset, offset + len(journal)))
    for match in _LED_BY.finditer(region):
        name = match.group(1).strip()
        if _is_person(name, ""):
            parts.setdefault("author", (name, start + match.start(1), start + match.end(1)))
    et_al: _Part | None = None
    for match in _COLLEAGUES.finditer(region):
        group = 1 if match.group(1) else 2
        name = match.group(group).strip()
        if not _is_person(name, region[max(0, match.start() - 20) : match.start()]):
            continue
        found = (name, start + match.start(group), start + match.end(group))
        if group == 1:
            parts.setdefault("author", found)
        else:  # "Smith et al." alone is a reference-list habit, not a story's pointer to its paper
            et_al = et_al or found
    return parts, et_al


def _reference_journal(region: str, start: int, title_match: re.Match[str] | None) -> _Part | None:
    """In a reference line, the journal named before its date ('Frog Medicine (2024)'), outside the title."""
    for match in _REF_JOURNAL.finditer(region):
        if title_match and title_match.start() <= match.start(1) < title_match.end():
            continue
        journal = _clean_journal(match.group(1))
        after_title = region[title_match.end() if title_match else 0 : match.start(1)]
        if " and " in journal and re.search(r"\bby\b", after_title):
            continue  # the last names of a '"Title" by A, B and C, 13 May 2023, Journal' author list
        if journal and journal.split()[0].lower() not in _NOT_JOURNALS:
            offset = start + match.start(1) + max(0, match.group(1).find(journal))
            return journal, offset, offset + len(journal)
    return None


def _bibliographic_candidate(parts: dict[str, _Part], is_reference: bool) -> _Candidate:
    """The parts as one search query, spanning them all, surer the more parts agree."""
    span_start = min(p[1] for p in parts.values())
    span_end = max(p[2] for p in parts.values())
    confidence = min(0.85, 0.2 + sum(_PART_WEIGHT[k] for k in parts))
    details = {key: " ".join(value.split()) for key, (value, _, _) in parts.items()}  # a wrapped line is one space
    if is_reference:
        details["found_as"] = "reference line"
    query = " ".join(details[k] for k in ("title", "author", "journal", "year") if k in details)
    return _Candidate("bibliographic", query, span_start, span_end, confidence, details)


def _bibliographic_key(details: dict[str, str]) -> str:
    return "|".join(details.get(k, "").lower() for k in ("journal", "author", "year", "title"))


# ---------------------------------------------------------------------------------------------------------
# Ranking: which cited paper is the story about?

_STUDY_CUE = re.compile(
    r"published|the\s+(?:new\s+)?(?:study|paper|research|findings|trial|analysis|report)|journal|"
    r"preprint|the\s+researchers",
    re.IGNORECASE,
)
_OTHER_WORK_CUE = re.compile(
    r"previous(?:ly)?|earlier|prior|related|see\s+also|further\s+reading|another\s+study|in\s+(?:19|20)\d\d,|"
    r"\ban?\s+(?:19|20)\d\d\s+(?:study|paper|trial|review)|"
    r"last\s+year|background|more\s+on\s+this",
    re.IGNORECASE,
)
_KIND_BASE = {"doi": 0.6, "pmid": 0.55, "pmcid": 0.55, "arxiv": 0.55, "url": 0.35, "bibliographic": 0.2}


def _line_bounds(text: str, position: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return start, len(text) if end == -1 else end


_CLAUSE_START = re.compile(r".*(?:[.!?]\s|\n)", re.DOTALL)


def _sentence_before(text: str, position: int) -> str:
    """The words of the same sentence before `position` (at most 150 characters): cues do not cross sentences."""
    window = text[max(0, position - 150) : position]
    cut = _CLAUSE_START.match(window)
    return window[cut.end() :] if cut else window


def _relevance(text: str, candidate: _Candidate, repeats: int, reference_lines: list[tuple[int, int]]) -> float:
    score = _KIND_BASE[candidate.kind] + min(repeats - 1, 3) * 0.05
    if _inside(candidate.start, reference_lines):
        score += 0.3
    before = _sentence_before(text, candidate.start)
    if _STUDY_CUE.search(before):
        score += 0.15
    if _OTHER_WORK_CUE.search(before):
        score -= 0.25
    if candidate.details.get("note", "").startswith("Nature news"):
        score -= 0.3
    return score


def _key(candidate: _Candidate) -> tuple[str, str]:
    if candidate.kind == "doi":
        return "doi", normalise_doi(candidate.value)
    if candidate.kind == "bibliographic":
        return "bibliographic", _bibliographic_key(candidate.details)
    return candidate.kind, candidate.value.lower()


def find_citations(text: str) -> list[Citation]:
    """Every paper pointer in `text`, one per distinct id, best candidate for "the" paper first.

    Spans are exact offsets into `text` (a link's span covers the whole link). Repeated ids are reported
    once, at their first occurrence, and count as evidence that the story is about that paper.
    """
    if not text:
        return []
    url_found, taken = _find_urls(text)
    references = _reference_ranges(text)
    candidates = [
        *url_found,
        *_find_dois(text, taken),
        *_find_labelled(text, taken),
        *_find_bibliographic(text, references),
    ]
    groups: dict[tuple[str, str], list[_Candidate]] = {}
    for candidate in sorted(candidates, key=lambda c: c.start):
        groups.setdefault(_key(candidate), []).append(candidate)
    ranked: list[tuple[float, int, Citation]] = []
    for members in groups.values():
        best = max(members, key=lambda c: (_relevance(text, c, 1, references), c.confidence, -c.start))
        first = members[0]
        score = max(_relevance(text, c, len(members), references) for c in members)
        details = {**best.details}
        if len(members) > 1:
            details["mentions"] = str(len(members))
        citation = Citation(
            kind=first.kind,
            value=best.value,
            span=Span(start=first.start, end=first.end, text=text[first.start : first.end]),
            confidence=round(max(c.confidence for c in members), 3),
            details=details,
        )
        ranked.append((score, first.start, citation))
    ranked.sort(key=lambda item: (-item[0], item[1]))
    return [citation for _, _, citation in ranked]
