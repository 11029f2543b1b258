"""Finding sentences in the paper's full text, with offsets into the section they sit in.

Why a module of its own: the checks ask for a kind of section ("the methods", "the funding statement"), not for a
title, and a flag that rests on the full text must say where its quote is ("Methods, Animals") and quote it
verbatim. JATS without section types gives a section only by its title, so a section is found by its kind or, when
its kind is "other", by its title. Only the sections a check asks for are split into sentences (splitting a whole
paper is slow), and each is read up to FULLTEXT_SECTION_CHARS.

`parts_read` (from retrieval.fulltext, re-exported) says which parts of the paper a review read (metadata, abstract,
full text, the eLife assessment, notices); `evidence_is_verbatim` is the one quote verifier for every evidence kind.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from caveat.analysis.article import split_sentences
from caveat.core.limits import FULLTEXT_SECTION_CHARS
from caveat.core.models import Evidence, Paper, PaperSection, SectionKind, Span
from retrieval.fulltext import parts_read, section_name

__all__ = [
    "SectionSentence",
    "evidence_is_verbatim",
    "find_sentence",
    "fulltext_evidence",
    "parts_read",
    "section_name",
    "section_sentences",
    "sections_of",
    "sentences_of",
]

_TITLES: dict[str, re.Pattern[str]] = {
    "methods": re.compile(r"\bmethods?\b|\bmaterials\b|\bparticipants\b|\bsubjects\b|\banimals\b|\bstudy design\b|"
                          r"\bstudy population\b|\bpatients\b|\bprocedures?\b", re.IGNORECASE),
    "results": re.compile(r"\bresults?\b|\bfindings\b", re.IGNORECASE),
    "limitations": re.compile(r"\blimitations?\b|\bweakness", re.IGNORECASE),
    "adverse-events": re.compile(r"\badverse\b|\bsafety\b|\bside[- ]effects?\b|\btolerab\w+|\bharms?\b",
                                 re.IGNORECASE),
    "funding": re.compile(r"\bfunding\b|\bfinancial support\b|\bgrants?\b|\bsources? of support\b", re.IGNORECASE),
    "competing-interests": re.compile(r"\bcompeting\b|\bconflicts? of interest\b|\bdisclosures?\b|"
                                      r"\bdeclaration of interests?\b|\bduality of interest\b",
                                      re.IGNORECASE),
}
"""A section whose kind is 'other' (JATS with no sec-type) is of a kind when its title says so."""


@dataclass(frozen=True)
class SectionSentence:
    """One sentence of a full-text section: the section, and the sentence with offsets into its text."""

    section: PaperSection
    span: Span


def _is_kind(section: PaperSection, kind: SectionKind) -> bool:
    """Its kind, or its title: any section titled for a narrow kind ("Results, Safety", "Discussion, Limitations"),
    only an untyped one for the broad kinds (a "Results, Patients" subsection is not the methods)."""
    if section.kind == kind:
        return True
    pattern = _TITLES.get(kind)
    if pattern is None or not pattern.search(section.title):
        return False
    return section.kind == "other" or kind not in ("methods", "results")


def sections_of(paper: Paper | None, *kinds: SectionKind) -> list[PaperSection]:
    """The paper's full-text sections of any of `kinds`, in the paper's order (by kind, or by title)."""
    if paper is None:
        return []
    return [s for s in paper.full_text if s.text.strip() and any(_is_kind(s, k) for k in kinds)]


@lru_cache(maxsize=256)
def _split(text: str) -> tuple[tuple[int, int], ...]:
    """Cached: several checks read the same methods section; pysbd is the slow part."""
    return tuple(split_sentences(text, 0, min(len(text), FULLTEXT_SECTION_CHARS)))


def section_sentences(section: PaperSection) -> list[Span]:
    """The section's sentences, offsets into section.text (the first FULLTEXT_SECTION_CHARS characters only)."""
    return [Span(start=a, end=b, text=section.text[a:b]) for a, b in _split(section.text)]


def sentences_of(sections: Iterable[PaperSection]) -> Iterator[SectionSentence]:
    for section in sections:
        for span in section_sentences(section):
            yield SectionSentence(section, span)


def find_sentence(paper: Paper | None, kinds: tuple[SectionKind, ...], pattern: re.Pattern[str],
                  exclude: re.Pattern[str] | None = None) -> SectionSentence | None:
    """The first sentence of a section of `kinds` that matches `pattern` (and not `exclude`), or None."""
    for found in sentences_of(sections_of(paper, *kinds)):
        if pattern.search(found.span.text) and not (exclude and exclude.search(found.span.text)):
            return found
    return None


def fulltext_evidence(found: SectionSentence, note: str = "") -> Evidence:
    """Evidence that quotes a full-text sentence and says which section it is in."""
    span = found.span
    return Evidence(kind="fulltext", start=span.start, end=span.end, text=span.text,
                    section=section_name(found.section), note=note)


def evidence_is_verbatim(evidence: Evidence, paper: Paper | None, article_text: str) -> bool:
    """Whether the evidence quotes its source exactly: the article, the abstract, a full-text section (found by its
    name, the quote at its offsets), or a metadata field (an assessment sentence is in the assessment's text)."""
    start, end = evidence.start, evidence.end
    if evidence.kind == "article":
        return start is not None and end is not None and article_text[start:end] == evidence.text
    if evidence.kind == "metadata" and evidence.field != "assessments":
        return bool(evidence.field)  # a field's value, often reworded ("status: retracted"): only its name is checked
    if paper is None:
        return False
    if evidence.kind == "abstract":
        return start is not None and end is not None and paper.abstract[start:end] == evidence.text
    if evidence.kind == "fulltext":
        return start is not None and end is not None and any(
            section_name(s) == evidence.section and s.text[start:end] == evidence.text for s in paper.full_text)
    return any(evidence.text in a.text for a in paper.assessments)
