"""eLife's assessment terms, and the sentence each sits in.

eLife's editors grade every Reviewed Preprint and Version of Record with a fixed vocabulary: five words for
significance and six for the strength of evidence. The API gives them as structured lists (`significance`,
`strength`), but older records and records read from a page carry only the paragraph. Stories quote these words
("compelling evidence"), so a check needs both the term and the exact sentence of the assessment that uses it:
the term to compare, the sentence to show the editor. Every sentence returned here is an exact substring of the
assessment text, so a flag can quote it without rewording.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from caveat.core.models import AssessmentAxis, AssessmentTerm

__all__ = [
    "SIGNIFICANCE_TERMS",
    "STRENGTH_TERMS",
    "TERM_AXIS",
    "find_terms",
    "sentence_spans",
    "terms_with_sentences",
]

SIGNIFICANCE_TERMS: tuple[str, ...] = ("landmark", "fundamental", "important", "valuable", "useful")
"""Highest first, as eLife's guide orders them."""
STRENGTH_TERMS: tuple[str, ...] = ("exceptional", "compelling", "convincing", "solid", "incomplete", "inadequate")
"""Strongest first; "incomplete" and "inadequate" are the two that say the evidence falls short."""
TERM_AXIS: dict[str, AssessmentAxis] = {
    **{t: "significance" for t in SIGNIFICANCE_TERMS},
    **{t: "strength" for t in STRENGTH_TERMS},
}

# A sentence ends at . ! or ? (and any closing quote or bracket) followed by space and a capital, a digit or an
# opening quote; "e.g. the", "C. elegans" and "et al. (2020)" do not end one because a lower-case word or a
# bracket follows.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"“‘(]?[A-Z0-9])|\n\s*\n")
# The term as eLife writes it, or its adverb ("convincingly", "solidly"): never inside another word.
_TERM = {t: re.compile(rf"\b{t}(?:ly)?\b", re.IGNORECASE) for t in TERM_AXIS}


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence of `text`, without the spaces between them."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end() if match.group(0).strip() else match.start()
        spans.append((start, end))
        start = match.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _sentence_of(text: str, spans: list[tuple[int, int]], term: str) -> tuple[int, str]:
    """Where the term first appears and the sentence around it; (-1, "") when the text never uses it."""
    match = _TERM[term].search(text)
    if match is None:
        return -1, ""
    for start, end in spans:
        if start <= match.start() < end:
            return match.start(), text[start:end]
    return match.start(), ""


def terms_with_sentences(text: str, significance: Iterable[str], strength: Iterable[str]) -> list[AssessmentTerm]:
    """The structured terms, each with its sentence; a term the text never uses keeps an empty sentence.

    The structured lists are the editors' own word, so they are kept even when the paragraph words it
    differently (the sentence is then empty, never a guess)."""
    spans = sentence_spans(text)
    out: list[AssessmentTerm] = []
    seen: set[str] = set()
    for axis, terms in (("significance", significance), ("strength", strength)):
        for raw in terms:
            term = str(raw).strip().lower()
            if not term or term in seen:
                continue
            seen.add(term)
            _, sentence = _sentence_of(text, spans, term) if term in _TERM else (-1, "")
            out.append(AssessmentTerm(term=term, axis=axis, sentence=sentence))  # type: ignore[arg-type]  # axis is one of the two literals of the loop
    return out


def find_terms(text: str) -> list[AssessmentTerm]:
    """eLife's fixed terms found in an assessment paragraph, in the order the text uses them.

    Used when a record has no structured lists (early Reviewed Preprints, a page's text): the vocabulary is
    fixed and eLife's editors use each word only as a grade, so finding the word is finding the grade."""
    spans = sentence_spans(text)
    found = []
    for term, axis in TERM_AXIS.items():
        position, sentence = _sentence_of(text, spans, term)
        if position >= 0:
            found.append((position, AssessmentTerm(term=term, axis=axis, sentence=sentence)))
    return [t for _, t in sorted(found, key=lambda item: item[0])]
