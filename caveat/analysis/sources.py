"""Who a quoted or reported source is: one of the study's own people, independent, or not known.

Shared by independent-source (are all sources affiliated?) and advice (is quoted advice the study team's own?).
Affiliated means an author of the paper (matched on surname), a role that makes someone part of the study ("lead
author", "the researchers"), the journal ("eLife's editors") or a funder named in the paper. Independent means
an explicit "not involved in the study", or a named person who is not an author. A bare pronoun ("she said")
is unknown: it usually continues an earlier speaker and must not count either way.
"""

from __future__ import annotations

import re
from typing import Literal

from caveat.analysis.quotes import Attribution
from caveat.core.models import Paper

__all__ = ["SourceKind", "classify", "family_names", "surnames"]

SourceKind = Literal["affiliated", "independent", "unknown"]

_INDEPENDENT = re.compile(
    r"\b(?:not|wasn[’']t|weren[’']t|isn[’']t)\s+(?:\w+\s+)?(?:involved|part of|associated with|connected)|"
    r"\bindependent\b|\bunaffiliated\b|\bdid not take part\b|\bdidn[’']t take part\b|\boutside expert\b|"
    r"\bwho was not\b",
    re.IGNORECASE,
)
_STUDY_ROLE = re.compile(
    r"\b(?:lead|senior|first|last|co-?|corresponding|principal|study|chief)[- ]?(?:author|investigator|researcher)s?\b|"
    r"\bauthors?\b|\bthe (?:researchers|scientists|team|investigators|study team|research team)\b|"
    r"\bwho led the (?:study|research|work|trial)\b|\bled the (?:study|research|work|trial)\b|"
    r"\bstudy leader\b|\bco-?led\b|\bthe study's\b",
    re.IGNORECASE,
)
_PRONOUN = re.compile(r"^(?:said|says|say|explains|explained|adds|added|notes|noted|concludes|concluded|told)?\s*"
                      r"(?:he|she|they|we|i)\b", re.IGNORECASE)
_NAME = re.compile(r"\b([A-Z][a-z'’-]+(?:\s+[A-Z]\.?)?"
                   r"(?:\s+[A-Z][a-z'’-]+){1,2})\b")
_NOT_NAMES = re.compile(r"University|School|Institute|Hospital|College|Centre|Center|Department|Foundation|"
                        r"Trust|Council|Society|Association|Medicine|Health|Research|Journal|Science|Clinic|"
                        r"Laboratory|Professor|Fellow|Surgery|Engineering|Biomedical|Orthopedic",)


def surnames(paper: Paper | None) -> set[str]:
    """The authors' family names (last word of each name; 'Smith, J.' style handled), lower-cased."""
    out: set[str] = set()
    for author in paper.authors if paper else []:
        name = author.split(",")[0] if "," in author else author.split()[-1] if author.split() else ""
        name = name.strip().strip(".").lower()
        if len(name) > 1:
            out.add(name)
    return out


_TITLES = re.compile(r"\b(?:Dr|Prof|Professor|Mr|Mrs|Ms|Dame|Sir|Lady|Lord)\b\.?\s*")


def _named_people(text: str) -> list[str]:
    plain = _TITLES.sub("", text)
    return [m.group(1) for m in _NAME.finditer(plain) if not _NOT_NAMES.search(m.group(1))]


def family_names(text: str) -> set[str]:
    """Family names of the people named in full in an attribution ('said Dr Jennifer Wu, a surgeon' -> {'wu'})."""
    return {person.split()[-1].lower().strip("’'") for person in _named_people(text)}


def _bodies(paper: Paper | None) -> list[str]:
    """The journal and funders, as short lower-case keys ('elife', 'wellcome trust')."""
    if paper is None:
        return []
    keys = [paper.journal] + [re.split(r"[,;(]|\b(?:grant|award)\b", f)[0] for f in paper.funding]
    return [k.strip().lower() for k in keys if len(k.strip()) >= 4 and not re.fullmatch(r"[A-Z]{2,5}", k.strip())]


def classify(attribution: Attribution, paper: Paper | None) -> SourceKind:
    """Affiliated, independent or unknown, from the attribution's words and the paper's authors and bodies."""
    text = attribution.text
    if _INDEPENDENT.search(text):
        return "independent"
    low = text.lower()
    names = surnames(paper)
    people = _named_people(text)
    for person in people:
        if person.split()[-1].lower().strip("’'") in names:
            return "affiliated"
    if _STUDY_ROLE.search(text):
        return "affiliated"
    if any(body in low for body in _bodies(paper)) and re.search(r"editor|reviewer|journal|spokes|funder", low):
        return "affiliated"
    if _PRONOUN.match(text.strip()):
        return "unknown"
    if people and paper is not None and names:
        return "independent"
    return "unknown"
