"""Sentence-level judgement of wording: claim strength, certainty, advice and hedges.

These are rules, not a trained model, so that every judgement can be explained by quoting the cue words that
decided it (a flag must point at exact text). All functions are pure and use regexes compiled once at import,
so that a whole archive of press releases can be scored quickly.
"""

from __future__ import annotations

import re

__all__ = [
    "advice_level",
    "causal_spans",
    "certainty_score",
    "claim_strength",
    "hedge_spans",
]


def _words(*phrases: str) -> str:
    """Join phrases into one alternation, longest first so that a longer phrase wins over its prefix."""
    return "|".join(sorted(phrases, key=len, reverse=True))


_CORRELATIONAL = re.compile(
    r"\b(?:"
    + _words(
        r"(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?associated\s+with",
        r"associations?\s+(?:with|between)",
        r"(?:is|are|was|were)\s+(?:\w+ly\s+)?(?:linked|tied|related)\s+to",
        r"links?\s+(?:with|between)",
        r"linked\s+(?:to|with)",
        r"correlat(?:e|es|ed|ing|ion|ions)",
        r"relationship\s+between",
        r"predict(?:s|ed|ive)?",
    )
    + r")\b",
    re.IGNORECASE,
)

_CAUSAL_VERBS = (
    r"caus(?:e|es|ed|ing)",
    r"reduc(?:e|es|ed|ing)",
    r"prevent(?:s|ed|ing)?",
    r"lead(?:s|ing)?\s+to",
    r"led\s+to",
    r"boost(?:s|ed|ing)?",
    r"increas(?:e|es|ed|ing)",
    r"decreas(?:e|es|ed|ing)",
    r"lower(?:s|ed|ing)?",
    r"rais(?:e|es|ed|ing)",
    r"improv(?:e|es|ed|ing)",
    r"cut(?:s|ting)?",
    r"protect(?:s|ed|ing)?\s+against",
    r"trigger(?:s|ed|ing)?",
    r"result(?:s|ed)?\s+in",
    r"enhanc(?:e|es|ed|ing)",
    r"worsen(?:s|ed|ing)?",
    r"promot(?:e|es|ed|ing)",
    r"contribut(?:e|es|ed|ing)\s+to",
    r"affect(?:s|ed|ing)?",
    r"alter(?:s|ed|ing)?",
    r"inhibit(?:s|ed|ing)?",
    r"induc(?:e|es|ed|ing)",
    r"eliminat(?:e|es|ed|ing)",
    r"halv(?:e|es|ed|ing)",
    r"doubl(?:e|es|ed|ing)",
    r"effect\s+(?:of|on)",
    r"benefits?",
    r"helps?",
)
_CONDITIONAL_CAUSAL = re.compile(
    r"\b(?:may|might|could|can|would)\s+(?:\w+ly\s+)?(?:help\s+(?:to\s+)?)?(?:"
    + _words(*_CAUSAL_VERBS)
    + r")\b",
    re.IGNORECASE,
)
_DIRECT_CAUSAL = re.compile(r"\b(?:" + _words(*_CAUSAL_VERBS) + r")\b", re.IGNORECASE)

_NOT_A_VERB = re.compile(
    r"\b(?:to|with|a|an|the|of|in|and|or|for|by|no|any|its|their|his|her)\s+$", re.IGNORECASE
)
"""A cue word right after an article or preposition is a noun or adjective ("linked to lower risk")."""

_HEDGES = re.compile(
    r"\b(?:"
    + _words(
        "may",
        "might",
        "could",
        "possibly",
        "possible",
        "perhaps",
        "suggests?",
        "suggested",
        "suggesting",
        "potential(?:ly)?",
        r"appears?\s+to",
        r"seems?\s+to",
        r"(?:is|are|was|were)\s+associated\s+with",
        "preliminary",
        "likely",
        "unlikely",
        "probably",
        "tentative(?:ly)?",
        r"indicates?",
        "putative",
    )
    + r")\b",
    re.IGNORECASE,
)

_BOOSTERS = re.compile(
    r"\b(?:prove[sdn]?|definitely|clearly|certainly|undoubtedly|will|conclusively|demonstrates?|confirms?|"
    r"shows?\s+that|always|never|establish(?:es|ed)?)\b",
    re.IGNORECASE,
)

_STRONG_ADVICE = re.compile(
    r"\b(?:should|must|ought\s+to|need\s+to|we\s+recommend|is\s+recommended|are\s+recommended|"
    r"recommend(?:s|ed)?\s+that)\b",
    re.IGNORECASE,
)
_WEAK_ADVICE = re.compile(
    r"\b(?:may\s+(?:wish|want)\s+to|(?:may|might|could)\s+be\s+considered|consider(?:ing)?|"
    r"could\s+benefit\s+from|may\s+benefit\s+from|might\s+benefit\s+from|worth\s+considering)\b",
    re.IGNORECASE,
)
_IMPERATIVE = re.compile(
    r"^\W*(?:eat|take|avoid|stop|drink|try|start|cut|limit|get|make|keep|do|don't|never|always|skip|swap|add)\b",
    re.IGNORECASE,
)


def claim_strength(sentence: str) -> int:
    """CHECKLIST.md's 0-3 scale: 0 none, 1 correlational, 2 conditional causal, 3 direct causal."""
    spans = causal_spans(sentence)
    return max((s for _, _, s in spans), default=0)


def causal_spans(text: str) -> list[tuple[int, int, int]]:
    """(start, end, strength) of the cue words that decide claim strength, so a flag can quote them."""
    found: list[tuple[int, int, int]] = []
    taken = bytearray(len(text))  # one byte per character: cheaper than comparing against every earlier span

    for pattern, strength in ((_CONDITIONAL_CAUSAL, 2), (_CORRELATIONAL, 1), (_DIRECT_CAUSAL, 3)):
        for m in pattern.finditer(text):
            start, end = m.start(), m.end()
            if strength == 3 and _NOT_A_VERB.search(text, max(0, start - 12), start):
                continue
            if not any(taken[start:end]):
                found.append((start, end, strength))
                taken[start:end] = b"\x01" * (end - start)
    return sorted(found)


def hedge_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of hedging words and phrases."""
    return [(m.start(), m.end()) for m in _HEDGES.finditer(text)]


def certainty_score(sentence: str) -> float:
    """1.0 (very uncertain) to 6.0 (certain), on Pei & Jurgens (2021)'s scale."""
    hedges = len(hedge_spans(sentence))
    boosters = len(_BOOSTERS.findall(sentence))
    score = 4.5 - 0.9 * hedges + 0.6 * boosters
    return float(min(6.0, max(1.0, score)))


def advice_level(sentence: str) -> int:
    """0 no advice, 1 weak advice, 2 strong advice (should, must, recommend, imperative)."""
    if _STRONG_ADVICE.search(sentence) or _IMPERATIVE.search(sentence):
        return 2
    if _WEAK_ADVICE.search(sentence):
        return 1
    return 0
