"""Which papers' full text may be fetched, and which parts of a paper a review read.

Full text is fetched only when the paper's own metadata says it is open: a Creative Commons (or public-domain)
licence from Crossref, Europe PMC (which gives a licence only for its open-access subset), OpenAlex or bioRxiv,
or a bioRxiv/medRxiv preprint, whose JATS the servers post publicly. Anything else is left alone, even where a
server might answer, so the desk never pulls text it has no clear right to read, and the editor is told what was
read instead (`parts_read`, and the resolver's notice).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from caveat.core.models import Paper, PaperSection

__all__ = ["is_server_preprint", "open_access", "parts_read", "section_name"]

_OPEN_LICENCE = re.compile(r"creativecommons\.org|\bcc[ _-]?(?:by|0|zero)\b|public[ _-]?domain|\bcc[ _-]?pdm", re.I)
_SERVER_PREPRINT = re.compile(r"^10\.1101/(?:\d{4}\.\d{2}\.\d{2}\.)?\d{6,}(?:v\d+)?$|^10\.64898/", re.I)

def is_server_preprint(paper: Paper) -> bool:
    """A bioRxiv/medRxiv preprint by its DOI (10.1101/2024.01.02.123456), not a Cold Spring Harbor journal's."""
    return bool(paper.doi and _SERVER_PREPRINT.match(paper.doi.strip()))


def open_access(paper: Paper, others: Iterable[Paper] = ()) -> tuple[str, str] | None:
    """(source, why) when the metadata says the paper is open to read; None when nothing says so.

    `others` are the separate answers the paper was merged from: the merged record keeps one licence (Crossref's
    first), while Europe PMC may know that the same paper is CC BY in PMC.
    """
    if is_server_preprint(paper):
        return "biorxiv", "a bioRxiv/medRxiv preprint, whose full text the server posts publicly"
    for candidate in (paper, *others):
        licence = candidate.license.strip()
        if licence and _OPEN_LICENCE.search(licence):
            source = candidate.sources.get("license") or next(iter(candidate.sources.values()), "metadata")
            return source, f"open licence {licence}"
    return None


def section_name(section: PaperSection) -> str:
    """The section as a flag names it: its title path ("Methods, Animals"), else its kind ("Adverse events")."""
    return section.title.strip() or section.kind.replace("-", " ").capitalize()


def parts_read(paper: Paper | None) -> list[str]:
    """Which parts of the paper a review read, in plain words: the resolver's notice, the page and the report.

    ["metadata", "abstract", "full text (4 sections: Methods; Results; Funding; Competing interests)",
    "eLife assessment (version 2)", "notices (Correction)"]; [] without a paper.
    """
    if paper is None:
        return []
    parts = ["metadata"]
    if paper.abstract.strip():
        parts.append("abstract")
    sections = [s for s in paper.full_text if s.text.strip()]
    if sections:
        names = list(dict.fromkeys(section_name(s) for s in sections))
        shown = "; ".join(names[:8]) + ("; ..." if len(names) > 8 else "")
        parts.append(f"full text ({len(sections)} section{'s' if len(sections) != 1 else ''}: {shown})")
    if paper.assessments:
        versions = [a.version for a in paper.assessments if a.version]
        parts.append("eLife assessment" + (f" (version {', '.join(versions)})" if versions else ""))
    if paper.updates:
        parts.append("notices (" + ", ".join(u.label or u.kind for u in paper.updates) + ")")
    return parts
