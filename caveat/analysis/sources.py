"""Who a quoted or reported source is: one of the study's own people, independent, or not known.

Shared by independent-source (are all sources affiliated?) and advice (is quoted advice the study team's own?).
Affiliated means an author of the paper (matched on surname), a role that makes someone part of the study ("lead
author", "the researchers"), the journal ("eLife's editors") or a funder named in the paper. Independent means
an explicit "not involved in the study", or a named person who is not an author. A bare pronoun ("she said")
is unknown: it usually continues an earlier speaker and must not count either way.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from caveat.analysis.quotes import Attribution
from caveat.core.models import Paper

__all__ = ["SourceKind", "classify", "family_key", "family_names", "person_spans", "surnames"]

SourceKind = Literal["affiliated", "independent", "unknown"]

_INDEPENDENT = re.compile(
    r"\b(?:not|wasn[’']t|weren[’']t|isn[’']t)\s+(?:\w+\s+)?(?:involved|part of|associated with|connected)|"
    r"\bindependent\b|\bunaffiliated\b|\bdid not take part\b|\bdidn[’']t take part\b|\boutside expert\b|"
    r"\bwho was not\b|\b(?:did not|didn[’']t|does not|doesn[’']t) (?:participate|take part|work) (?:in|on) "
    r"(?:the|this)\b|"
    r"\bno (?:connection|ties|involvement|role) (?:to|with|in)\b|\bhad no (?:role|part) in\b|"
    r"\b(?:was|is|were)(?: not|n[’']t) (?:an? )?(?:author|co-?author|one of the authors)\b|"
    r"\boutside (?:researcher|scientist|observer|reviewer)s?\b",
    re.IGNORECASE,
)
_STUDY_ROLE = re.compile(
    r"\b(?:lead|senior|first|last|co-?|corresponding|principal|study|chief)[- ]?(?:author|investigator|researcher)s?\b|"
    r"\bauthors?\b|\bthe (?:researchers|scientists|team|investigators|study team|research team)\b|"
    r"\bwho (?:co-?)?led the (?:study|research|work|trial|project|analysis)\b|"
    r"\b(?:co-?)?led the (?:study|research|work|trial|project|analysis)\b|\bstudy leader\b|\bco-?led\b|"
    r"\bthe study's\b|\b(?:team|group|researchers|scientists|study|project|work) (?:headed|led|directed) by\b|"
    r"\b(?:researchers|scientists|investigators|engineers) (?:from|at|of) (?:the )?[A-Z]|"
    r"\b(?:a |one of the |another |fellow )?(?:member|co-?worker|colleague)s? of the (?:research |study )?team\b|"
    r"\bone of the (?:researchers|scientists|authors|investigators)\b|\bwho (?:worked|took part) (?:on|in) the "
    r"(?:new |latest )?(?:study|research|trial|analysis)\b|\bthe paper's\b",
    re.IGNORECASE,
)
_PRONOUN = re.compile(r"^(?:said|says|say|explains|explained|adds|added|notes|noted|concludes|concluded|told)?\s*"
                      r"(?:he|she|they|we|i)\b", re.IGNORECASE)
_WORD = r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:['’-][A-ZÀ-ÖØ-Þa-zß-öø-ÿ][a-zß-öø-ÿ]+|[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+)*"
"""A capitalised name word, accents and inner capitals allowed (Labbé, McGowan, O'Brien, Jean-Luc). Each inner
part starts with a mark or a capital, so a failing match cannot split one word in exponentially many ways."""
_PARTICLE = r"(?:van|von|de|der|den|da|di|du|le|la|del|della|dos|das|ter|ten|bin|ibn|al|el|zu)"
_NAME = re.compile(rf"\b({_WORD}(?:[ \t]+[A-Z]\.)*(?:[ \t]+(?:{_PARTICLE}[ \t]+)*{_WORD}(?:[ \t]+[A-Z]\.)*){{1,3}})"
                   r"(?!\w)")
"""A person's name on one line: two to four name words, initials and particles allowed."""
_NOT_NAMES = re.compile(
    r"University|School|Institute|Hospital|College|Centre|Center|Department|Foundation|Trust|Council|Society|"
    r"Association|Medicine|Health|Research|Journal|Science|Clinic|Laboratory|Laborator|Professor|Fellow|Surgery|"
    r"Engineering|Biomedical|Orthopedic|State|Innovation|Global|National|International|Agency|Ministry|"
    r"Company|Corporation|Group|Network|Lab\b|Labs\b|Study|Studies|Says|Said|New|Scientists|Researchers|"
    r"Report|News|Times|Post|Guardian|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|"
    r"March|April|June|July|August|September|October|November|December|According|The\b|This\b|That\b|"
    r"Daily|Press|Media|Magazine|Museum|Program|Programme|Service|Office|Unit|Division|Faculty|Academy|Board|"
    r"Alliance|Initiative|Project|Consortium|Partners|Bank|Fund|Reuters|Associated|Technology|Sciences|County|"
    r"City|Province|Valley|Island|River|Mountains|Street|Road|Coast|Republic|Kingdom|United|Airport|Station|"
    r"Cathedral|Parliament|Congress|Senate|Prize",
)
"""Words that make a capitalised run an organisation, a publication, a place, a date or a headline, not a person.
Place words that are also common surnames (West, Park, Lake, Church, Court) are left out: a speaker read as a
place would be lost, which can turn into a false 'no independent source'."""
def family_key(name: str) -> str:
    """A family name as compared: last word, lower case, no accents or quote marks ('Labbé' and 'Labbe' agree)."""
    last = name.split()[-1] if name.split() else ""
    folded = unicodedata.normalize("NFKD", last.lower().strip("’'."))
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


def surnames(paper: Paper | None) -> set[str]:
    """The authors' family names (last word of each name; 'Smith, J.' style handled), lower-cased."""
    out: set[str] = set()
    for author in paper.authors if paper else []:
        words = author.replace(".", ". ").split()
        while len(words) > 1 and re.fullmatch(r"[A-Z]{1,3}\.?", words[-1]):  # 'Tanaka M' / 'Tanaka MK'
            words = words[:-1]
        name = author.split(",")[0] if "," in author else words[-1] if words else ""
        name = family_key(name.strip())
        if len(name) > 1:
            out.add(name)
    return out


_TITLES = re.compile(r"\b(?:Dr|Prof|Professor|Mr|Mrs|Ms|Dame|Sir|Lady|Lord)\b\.?\s*")


_STARTERS = {"so", "but", "and", "now", "then", "yet", "when", "while", "if", "as", "after", "before", "in", "on",
             "at", "for", "with", "without", "although", "because", "since", "according", "however", "meanwhile",
             "also", "still", "even", "here", "there", "what", "why", "how", "who", "where", "some", "many", "most",
             "both", "each", "every", "it", "he", "she", "they", "we", "i", "you", "his", "her", "their", "our",
             "my", "your", "its", "this", "that", "these", "those", "a", "an", "the", "like", "unlike", "by", "from",
             "to", "of", "about", "over", "under", "among", "until", "last", "next", "earlier", "later", "today",
             "yesterday", "tomorrow", "said", "says", "asked", "told", "just", "only", "not", "no", "instead"}
"""Capitalised only because they open a sentence: dropped from the front of a name ('So Jane Doe' -> 'Jane Doe')."""
_RUN_TAIL = re.compile(r"(?:[ \t]+(?:of|for|and|the|&)?[ \t]*[A-Z][\w'’&.-]*)+")
_NOUN_AFTER = re.compile(r"\s*(?:\([A-Z]{2,}\)\s*)?(?:['’]s\s+)?(?:study|studies|researchers|scientists|team|report|"
                         r"university|institute|lab|laboratory|program|programme|data|survey|trial|paper)\b",
                         re.IGNORECASE)


def person_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of each person named in full: two to four name words, particles allowed ('Richard van
    Breemen'); not a run of capitalised words that names an organisation, a place before a noun ('a San Diego
    study'), a publication, a date or a headline ('New Study Says'). Titles are skipped, not part of the name."""
    plain = _TITLES.sub(lambda m: " " * len(m.group(0)), text)
    out: list[tuple[int, int, str]] = []
    for m in _NAME.finditer(plain):
        words = m.group(1).split()
        start = m.start(1)
        while words and words[0].lower() in _STARTERS:
            start = plain.index(words[1], start + len(words[0])) if len(words) > 1 else m.end(1)
            words = words[1:]
        if len(words) < 2 or words[-1].lower() in _STARTERS:
            continue
        tail = _RUN_TAIL.match(plain, m.end(1))
        run = plain[start:m.end(1)] + (tail.group(0) if tail else "")
        before = plain[max(0, start - 12):start]
        if _NOT_NAMES.search(run) or _NOUN_AFTER.match(plain, m.end(1)) or re.search(r"[A-Z]{2,}\s+$", before):
            continue
        out.append((start, m.end(1), " ".join(words)))
    return out



def _named_people(text: str) -> list[str]:
    return [name for _, _, name in person_spans(text)]


def family_names(text: str) -> set[str]:
    """Family names of the people named in full in an attribution ('said Dr Jennifer Wu, a surgeon' -> {'wu'})."""
    return {family_key(person) for person in _named_people(text)}


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
        if family_key(person) in names:
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
