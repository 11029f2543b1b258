"""Who speaks in a story, in what role, and whether they are the study's own or independent of it.

One model shared by independent-source (is any voice independent?), advice (is quoted advice the study team's?)
and conflict-of-interest (does the publisher speak for a company that co-wrote the study?). It works on the whole
article rather than one attribution at a time, because news style spreads a speaker over several places:

- a person is introduced once with a long description ("Jane Doe, a neuroscientist at Y who studies Z and was not
  involved in the research, said ...") and later quoted by surname ("..., Doe said") or pronoun ("she added");
- the study's institution is named in the lede ("researchers at the University of X found") and a speaker "at the
  University of X" is then one of the study's own, even when not among the authors;
- the only voice may be no person at all: the paper itself ("the study concludes that ..."), the team as a body
  ("a team headed by X"), or the publisher in the first person ("two members of our team co-authored the study").

Each voice is affiliated, independent or unknown, with the reason the model verified. Unknown is kept for people
whose link to the study cannot be established (no author list to match, no role, no institution): a check must not
decide on them. Outlets ("The Guardian reports") and bare pronouns are neither: they are not sources of expertise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from caveat.analysis.quotes import Attribution, attributions
from caveat.analysis.sources import (
    _INDEPENDENT,
    _PRONOUN,
    _STUDY_ROLE,
    SourceKind,
    _bodies,
    family_key,
    person_spans,
    surnames,
)
from caveat.core.models import Article, Paper

__all__ = ["SpeakerKind", "Voice", "Voices", "read_voices"]

SpeakerKind = Literal["person", "team", "paper", "publisher", "other"]


@dataclass(frozen=True)
class Voice:
    """One place where somebody speaks: the attribution's words, who it resolves to, and their role."""

    start: int
    end: int
    text: str
    quoted: bool
    speaker: str
    """A display name: 'Jane Doe', 'the study team', 'the paper itself', 'the publisher (first person)'."""
    kind: SpeakerKind
    role: SourceKind
    reason: str
    """Why the role was decided, in words that are true of the story and the paper ('an author of the paper')."""


@dataclass(frozen=True)
class Voices:
    voices: tuple[Voice, ...]
    institutions: tuple[str, ...]
    """The study's institutions as the article names them ('University of Rochester'), lower-cased."""

    people: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Every person named in full in the article, heard or not: surname -> (full name, description)."""
    paper: Paper | None = None

    def role_of(self, name: str) -> SourceKind:
        """The role of a person named in the article, matched on surname; unknown when not found."""
        family = family_key(name)
        if family not in self.people:
            return "unknown"
        full, description = self.people[family]
        return _person_role(full, description, self.paper, self.institutions)[0]

    def of_role(self, role: SourceKind) -> list[Voice]:
        return [v for v in self.voices if v.role == role]

    def unknown_people(self) -> list[Voice]:
        """Named people whose link to the study could not be established: a check cannot decide on them."""
        return [v for v in self.voices if v.kind == "person" and v.role == "unknown"]


_ORG_WORD = (r"(?:University|Institute|College|Hospital|Laboratory|Center|Centre|School|Clinic|Foundation|"
             r"Observatory|Museum|Academy|Agency|Council)")
_ORG = re.compile(rf"(?:\bthe[ \t]+)?\b((?:[A-Z][\w'’&.-]*[ \t]+(?:(?:of|for|and|&)[ \t]+(?:the[ \t]+)?)?)*"
                  rf"{_ORG_WORD}\b"
                  rf"(?:[ \t]+(?:of|for|at|in)[ \t]+(?:the[ \t]+)?[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){{0,3}})?)")
_TEAM_BEFORE = re.compile(
    r"\b(?i:researchers|scientists|investigators|engineers|a team|the team|a group|team members|physicists|"
    r"biologists|chemists|doctors|astronomers|psychologists|economists)\s+(?:at|from|of|with|based at)\s+"
    r"(?:the\s+)?$"
)
_TEAM_AFTER = re.compile(r"(?:\s*\([A-Z]{2,}\))?\s+(?i:researchers|scientists|team|investigators)\b")
_PAPER_VOICE = re.compile(
    r"^(?:according to\s+)?(?:the|a|this|their|that|its)\s+(?:[\w()'’-]+\s+){0,5}?"
    r"(?:study|paper|report|research|findings|analysis|article|trial|preprint)"
    r"(?:['’]s (?:authors|abstract|conclusion))?\b"
    r"|^(?:the\s+)?authors\s+(?:write|wrote|conclude|concluded|state|stated)",
    re.IGNORECASE,
)
_OUTLET = re.compile(r"\b(?:news|media|press)\s+(?:reports?|outlets?|coverage)|\breports?\b\s*$|"
                     r"^(?:according to\s+)?(?:the\s+)?(?:[A-Z][\w'’]+\s+){0,3}(?:reports|reported)\b",
                     re.IGNORECASE)
_PUBLISHER = re.compile(
    r"\bour\s+(?:\w+\s+){0,3}?(?:team|staff|colleagues|co-?founders?|founders?|company|employees|researchers|"
    r"scientists|engineers|experts|CEO|Chief\s+\w+\s+Officer)\b[^.]{0,160}\b(?:co-?authored|co-?wrote|"
    r"authors?|study|paper|research)\b",
    re.IGNORECASE,
)
_VERB_WORDS = re.compile(r"^(?:said|says|say|told|explains|explained|adds|added|notes|noted|according to|"
                         r"wrote|writes|concludes|concluded|stressed|stresses|acknowledged|argues|argued)\s+",
                         re.IGNORECASE)
_SURNAME_ONLY = re.compile(r"(?:^|\s)([A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’-]{2,})(?=[\s,.;:]|$)")
_TEAM_SUBJECT = re.compile(
    r"^(?:the|our|this|a)\s+(?:research\s+|study\s+)?(?:researchers|scientists|team|investigators|study authors)\b"
    r"|^(?:researchers|scientists|investigators)\s+(?:at|from|in|reporting|behind|who (?:led|ran|conducted|did))\b",
    re.IGNORECASE)
_OTHERS = re.compile(r"\b(?:other|outside|independent|some|many|several|experts?|critics?)\b", re.IGNORECASE)
_LEAD_IN = re.compile(r"^(?:but|and|so|yet|still|now|later)\s+", re.IGNORECASE)
_ORG_TOKENS_SKIP = {"university", "institute", "college", "hospital", "laboratory", "center", "centre", "school",
                    "clinic", "foundation", "observatory", "museum", "academy", "agency", "council", "of", "for",
                    "and", "the", "at", "in", "&", "national"}


def _people_index(text: str) -> dict[str, tuple[str, str]]:
    """Surname -> (full name, description) for every person named in full; the description is the rest of the
    sentence after the name's first mention (where news style introduces people), kept for role matching."""
    index: dict[str, tuple[str, str]] = {}
    for start, end, name in person_spans(text):
        family = family_key(name)
        stop = len(text)
        for mark in (". ", "\n", "“", '"'):
            at = text.find(mark, end, end + 260)
            if at != -1:
                stop = min(stop, at)
        description = text[end:min(stop, end + 260)]
        before = text[max(0, start - 60):start]
        before = before[max(before.rfind(ch) for ch in ".!?“”\"\n") + 1:]
        old = index.get(family)
        full = old[0] if old and len(old[0]) >= len(name) else name
        if old and len(old[1]) > 600:  # the introduction is in the first mentions; keep the cost linear
            index[family] = (full, old[1])
            continue
        index[family] = (full, (old[1] + " | " if old else "") + before + " " + description)
    return index


def _institutions(text: str, index: dict[str, tuple[str, str]], paper: Paper | None) -> tuple[str, ...]:
    """The study's institutions: where 'researchers at X' work, and where the paper's authors are said to be."""
    found: set[str] = set()
    for org in _ORG.finditer(text):
        before = text[max(0, org.start() - 60):org.start()]
        if (_TEAM_BEFORE.search(before) or _TEAM_AFTER.match(text, org.end())) and \
                not _INDEPENDENT.search(text[max(0, org.start() - 60):org.end() + 60]):
            found.add(_org_key(org.group(1)))
    authors = surnames(paper)
    for family, (_, description) in index.items():
        if family in authors or _STUDY_ROLE.search(description.split(" | ")[0]):
            for org in _ORG.finditer(description.split(" | ")[0][:160]):
                found.add(_org_key(org.group(1)))
    return tuple(sorted(k for k in found if len(k) > 2))


def _org_key(name: str) -> str:
    """The distinctive words of an institution's name, sorted: 'the University of Oxford' -> 'oxford'."""
    words = re.findall(r"[a-z0-9&]+", re.sub(r"['’]s\b", "", name.lower()))
    return " ".join(sorted({w for w in words if w not in _ORG_TOKENS_SKIP}))


def _same_org(key: str, other: str) -> bool:
    """Equal distinctive words, or one name's (two or more) words all inside the other's: 'Oxford University' is
    'University of Oxford', but 'King's College London' is not 'University College London'."""
    a, b = set(key.split()), set(other.split())
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return bool(small) and (a == b or (len(small) >= 2 and small <= large))


def _names_institution(text: str, institutions: tuple[str, ...]) -> str | None:
    for org in _ORG.finditer(text):
        key = _org_key(org.group(1))
        if any(_same_org(key, known) for known in institutions):
            return org.group(1)
    return None


def _person_in(text: str) -> str:
    """The first person named in full in an attribution, titles removed ('' when there is none)."""
    people = person_spans(text)
    return people[0][2] if people else ""


def _surname_in(text: str, index: dict[str, tuple[str, str]], authors: set[str]) -> str:
    """A lone surname that names somebody already introduced, or an author ('..., Doe said.')."""
    head = " ".join(_VERB_WORDS.sub(" ", text.strip()).split()[:3])
    for m in _SURNAME_ONLY.finditer(head):
        word = family_key(m.group(1))
        if word in index or word in authors:
            return index[word][0] if word in index else m.group(1)
    return ""


def _person_role(name: str, description: str, paper: Paper | None, institutions: tuple[str, ...]) -> tuple[
        SourceKind, str]:
    """Affiliated, independent or unknown for a named person, with the verified reason."""
    family = family_key(name)
    if _INDEPENDENT.search(description):
        return "independent", "described as not involved in the study"
    if family in surnames(paper):
        return "affiliated", "an author of the paper"
    role = _STUDY_ROLE.search(description)
    if role:
        return "affiliated", f"described as '{role.group(0).strip()}'"
    low = description.lower()
    institution = _names_institution(description.split(" | ")[0][:200], institutions)
    if institution:
        return "affiliated", f"at the study's institution ({institution})"
    body = next((b for b in _bodies(paper) if b in low), None)
    if body and re.search(r"editor|reviewer|journal|spokes|funder|employee|works? (?:for|at)", low):
        return "affiliated", f"speaks for the journal or a funder ({body})"
    if paper is not None and paper.authors:
        return "independent", "named, and not among the paper's authors"
    return "unknown", "named, but without the paper's author list their link to the study cannot be checked"


def _voice(attr: Attribution, speaker: str, kind: SpeakerKind, role: SourceKind, reason: str) -> Voice:
    return Voice(attr.start, attr.end, attr.text, attr.quoted, speaker, kind, role, reason)


def _resolve(attr: Attribution, state: _State) -> Voice | None:
    """One attribution as a voice, or None for a pronoun with no speaker before it."""
    text = attr.text
    name = _person_in(text) or _surname_in(text, state.index, state.authors)
    if name:
        family = family_key(name)
        intro = state.index.get(family, (name, ""))[1]
        role, reason = _person_role(state.index.get(family, (name, ""))[0], text + " | " + intro, state.paper,
                                    state.institutions)
        state.last = _voice(attr, state.index.get(family, (name, ""))[0], "person", role, reason)
        return state.last
    if _INDEPENDENT.search(text):
        return _voice(attr, _VERB_WORDS.sub("", text)[:60], "other", "independent", "described as not involved")
    if _PRONOUN.match(_LEAD_IN.sub("", text.strip())) or re.match(r"^(?:he|she|they)\b",
                                                                   _VERB_WORDS.sub("", text.strip()), re.I):
        if state.last is not None and attr.start - state.last.end < 1500:
            last = state.last
            return _voice(attr, last.speaker, last.kind, last.role, last.reason)
        return None
    bare = _LEAD_IN.sub("", _VERB_WORDS.sub("", text.strip()))
    if _TEAM_SUBJECT.search(bare) and not _OTHERS.search(bare[:40]):
        return _voice(attr, bare[:60], "team", "affiliated", f"the study team ('{bare[:40]}')")
    if _PAPER_VOICE.search(bare) and not _STUDY_ROLE.search(bare.split()[0] if bare else ""):
        return _voice(attr, "the paper itself", "paper", "affiliated", "the study's own words")
    team = _STUDY_ROLE.search(text)
    if team:
        return _voice(attr, bare[:60], "team", "affiliated", f"the study team ('{team.group(0).strip()}')")
    body = next((b for b in _bodies(state.paper) if b in text.lower()), None)
    if body and re.search(r"editor|reviewer|journal|spokes|funder", text, re.IGNORECASE):
        return _voice(attr, bare[:60], "team", "affiliated", f"speaks for the journal or a funder ({body})")
    return _voice(attr, bare[:60], "other", "unknown", "not a person named as a source")


@dataclass
class _State:
    paper: Paper | None
    authors: set[str]
    index: dict[str, tuple[str, str]]
    institutions: tuple[str, ...]
    last: Voice | None = None


def _introduced_outsiders(text: str, index: dict[str, tuple[str, str]], heard: set[str]) -> list[Voice]:
    """People introduced as not involved in the study but never caught with a speech verb ('Jane Doe, a surgeon
    who was not involved in the study, called the result promising'): a story names them to give their view."""
    out: list[Voice] = []
    for full, description in index.values():
        first = description.split(" | ")[0]
        if full in heard or not _INDEPENDENT.search(first):
            continue
        at = text.find(full)
        if at >= 0:
            out.append(Voice(at, at + len(full), full, False, full, "person", "independent",
                             "described as not involved in the study"))
    return out


def _publisher_voices(article: Article) -> list[Voice]:
    """The publisher speaking for its own staff who co-wrote the study ('our team co-authored the study')."""
    out: list[Voice] = []
    for sentence in article.sentences:
        if sentence.in_quote:
            continue
        m = _PUBLISHER.search(sentence.text)
        if m and re.search(r"co-?author|co-?wr[io]te|worked on|wrote", sentence.text, re.IGNORECASE):
            start = sentence.start + m.start()
            out.append(Voice(start, sentence.start + m.end(), article.text[start:sentence.start + m.end()], False,
                             "the publisher (first person)", "publisher", "affiliated",
                             "the publisher says its own staff co-wrote the study"))
    return out


_LAST: list[tuple[Article, Paper | None, Voices]] = []
"""The last model read: three checks ask for the same article in one review (identity, not equality, is checked)."""


def read_voices(article: Article, paper: Paper | None) -> Voices:
    """Every voice in the article, resolved to a speaker and a role (see the module docstring)."""
    if _LAST and _LAST[0][0] is article and _LAST[0][1] is paper:
        return _LAST[0][2]
    voices = _read_voices(article, paper)
    _LAST[:] = [(article, paper, voices)]
    return voices


def _read_voices(article: Article, paper: Paper | None) -> Voices:
    text = article.text
    index = _people_index(text)
    institutions = _institutions(text, index, paper)
    state = _State(paper, surnames(paper), index, institutions)
    found = attributions(text, [(p.start, p.end) for p in article.paragraphs])
    voices = [v for v in (_resolve(a, state) for a in sorted(found, key=lambda a: a.start)) if v is not None]
    voices += _publisher_voices(article)
    voices += _introduced_outsiders(text, index, {v.speaker for v in voices})
    return Voices(tuple(sorted(voices, key=lambda v: v.start)), institutions, index, paper)

