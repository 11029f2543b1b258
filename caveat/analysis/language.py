"""Sentence-level judgement of wording: claim strength, certainty, advice and hedges.

These are rules, not a trained model, so that every judgement can be explained by quoting the cue words that
decided it (a flag must point at exact text). All functions are pure and use regexes compiled once at import,
so that a whole archive of press releases can be scored quickly.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from caveat.analysis import lang_lexicons as lex

__all__ = [
    "advice_level",
    "booster_spans",
    "causal_spans",
    "certainty_hedge_spans",
    "certainty_score",
    "claim_strength",
    "hedge_spans",
]


def _split_top_level(phrase: str) -> list[str]:
    """'a|b(?:c|d)' -> ['a', 'b(?:c|d)']: the alternatives of a phrase that are not inside a group or class."""
    parts, depth, in_class, start, escaped = [], 0, False, 0, False
    for i, ch in enumerate(phrase):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(phrase[start:i])
            start = i + 1
    parts.append(phrase[start:])
    return parts


def _expand_leading_group(phrase: str) -> list[str]:
    """'(?:is|are)\\s+x' -> ['is\\s+x', 'are\\s+x'], so each alternative starts with a letter (see `_words`)."""
    if not phrase.startswith("(?:"):
        return [phrase]
    depth = 0
    for i, ch in enumerate(phrase):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                inner, rest = phrase[3:i], phrase[i + 1 :]
                if "(" in inner or "[" in inner or (rest[:1] in ("?", "*", "+", "{")):
                    return [phrase]
                return [alt + rest for part in _split_top_level(inner) for alt in _expand_leading_group(part)]
    return [phrase]


def _words(*phrases: str) -> str:
    """One alternation of the phrases, dispatched on the first letter.

    Python's regex engine tries every alternative at every word start; grouping the alternatives under their
    first letter lets it skip most of them at once, which keeps a megabyte of text well under a second.
    Within a group the longest phrase comes first, so that a longer phrase wins over its prefix.
    """
    groups: dict[str, list[str]] = {}
    others: list[str] = []
    for phrase in (p for raw in phrases for alt in _split_top_level(raw) for p in _expand_leading_group(alt)):
        if phrase[:1].isalpha() and phrase[1:2] not in ("?", "*", "+", "{"):
            groups.setdefault(phrase[0].lower(), []).append(phrase[1:])
        else:
            others.append(phrase)
    parts = [
        first + "(?:" + "|".join(sorted(rests, key=len, reverse=True)) + ")" for first, rests in sorted(groups.items())
    ]
    return "|".join(parts + sorted(others, key=len, reverse=True))


def _compile(*phrases: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + _words(*phrases) + r")\b", re.IGNORECASE)


_VERB = r"(?:" + _words(*lex.CAUSAL_STEMS) + r")(?:e|es|ed|ing|s|d|ting|ted|ped|ping)?"
_NOUN_FORM = re.compile(
    r"(?:(?:increase|decrease|reduction|rise|cut|delay|benefit|harm|impact|cause)s?\s+(?:in|of)|lower|higher)\b", re.I
)
"""'an increase in', 'causes of', bare 'lower': the cue word names a change or compares, it does not make one."""

_INTRANSITIVE_AFTER = re.compile(
    r"(?:\s+(?:\w+ly|more|less|much|markedly|further|over\s+time|\d+(?:\.\d+)?\s*(?:%|percent|fold|times)))*"
    r"\s*(?:[.,;:)]|$|\s+(?:with|in|among|after|during|over|from|than|between|when|across|at|as|until|whereas|while|"
    r"but|and|following|throughout|compared|relative|versus|vs)\b)",
    re.IGNORECASE,
)
"""After a change verb: no object follows ('risk increased with age', 'scores improved in both groups'), so the
sentence reports a change or a comparison, not one thing changing another."""
_INTRANSITIVE_VERB = re.compile(
    r"(?:increas|decreas|reduc|improv|declin|rais|lower|worsen|diminish|elevat|doubl|tripl|halv|slow|accelerat)\w*$",
    re.IGNORECASE,
)

_CORRELATIONAL = _compile(*lex.CORRELATIONAL)
_CONDITIONAL = re.compile(
    r"\b(?:"
    + _words(*lex.CONDITIONAL_MARKERS)
    + r")(?:\s+(?:not|also|further|thus|therefore|then|in\s+part|partly|\w+ly|be\s+able\s+to|help(?:\s+to)?|"
    + r"contribute\s+to|have|\w+)){0,2}\s+(?:"
    + _words(_VERB, *lex.CONDITIONAL_VERB_EXTRA)
    + r")\b",
    re.IGNORECASE,
)
_CAUSAL_VERB = re.compile(r"(?<!-)\b" + _VERB + r"\b(?!-)", re.IGNORECASE)
"""Not inside a compound: 'all-cause mortality' names an outcome, it states no cause."""
_PROGRESSIVE_BEFORE = re.compile(r"\b(?:is|are|was|were|be|been)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
"""'is saving lives': after a form of 'be', an -ing cue is a verb in the progressive, not an adjective."""
_POTENTIAL_OF = re.compile(
    r"\bpotential\s+(?:of|for)\b[^.;]{0,80}?\b(?:in|for|to)\s+(?:\w+ly\s+)?" + _VERB + r"\b", re.IGNORECASE
)
"""'the potential of the device in preventing falls': a conditional causal claim."""
_REPORTED_CAUSE = re.compile(
    r"\b(?:shown|found|proven|proved|demonstrated|known|reported|confirmed)\s+to\s+(?:\w+ly\s+)?" + _VERB + r"\b"
    r"|\b(?:can|will|has\s+been|have\s+been|was|were|is|are|be|been)\s+(?:not\s+)?(?:\w+ly\s+)?(?:be\s+)?"
    r"(?:\w+ly\s+)?(?:" + _VERB + r"|determined|explained|driven|shaped)\s+(?:\w+ly\s+)?by\b",
    re.IGNORECASE,
)
"""'shown to reduce', 'was reduced by': causal claims (the passive names the cause) that the adjective filter
would otherwise drop."""
_CAUSAL_PHRASE = _compile(*lex.CAUSAL_PHRASES)
_COMPARISON = _compile(*lex.COMPARISON)
_NOT_A_CLAIM = _compile(*lex.NOT_A_CLAIM)
_ADJECTIVE_BEFORE = re.compile(r"\b(?:" + _words(*lex.ADJECTIVE_CONTEXT) + r")\s+(?:(?:\w+ly|not)\s+)?$", re.IGNORECASE)
_NEGATED = re.compile(
    r"\b(?:not|no|never|n't|neither|nor|without|failed\s+to|fails?\s+to|lack\s+of|absence\s+of|unlikely\s+to)\s+"
    r"(?:(?:\w+ly|significant|clear|any|an?|the|evidence|of|for|that|be|been|have|has|had|to|appear|seem|"
    r"differ\w*|independent|direct|causal|major|meaningful|discernible|substantial|important|additional|further)\s+)"
    r"{0,4}$",
    re.IGNORECASE,
)
"""A negation just before a cue ('was not associated with', 'had no effect on'): a statement of no relationship."""

_NEGATION_INSIDE = re.compile(r"\b(?:not|no|never)\b|n't\b", re.IGNORECASE)
"""A negation inside the cue itself ('had no effect on')."""

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"“'‘(]?[A-Z0-9])|\n\s*\n|\n(?=\s*[A-Z])")

_SENTENCE_MODAL = _compile(*lex.SENTENCE_MODALS)
"""A modal anywhere in a sentence ('the results may indicate that X improves Y', 'X could see symptoms improved'):
the benchmarks read the whole claim as hedged even when the modal does not sit right before the causal verb."""
_OPENING = re.compile(r"\W*")
"""Only punctuation before a cue: an -ed word that opens a sentence ('Reduced uptake was seen') is an adjective."""

NONE, CORRELATIONAL, CONDITIONAL, DIRECT = 0, 1, 2, 3
_ADVICE_WITH_FINDING = re.compile(
    r"\b(?:were|was|are|is)\s+(?:\w+ly\s+)?(?:more|less)\s+likely\b|\bpredictors?\s+of\b|"
    r"\b(?:higher|increased|greater)\s+risk\s+of\b|\b(?:positively|negatively|strongly|independently)\s+"
    r"associated\b|\b(?:is|are)\s+linked\s+to\b",
    re.IGNORECASE,
)
"""A stated association next to the advice it leads to ('were more likely to progress, and should be
followed'): the annotators grade the finding, not the advice."""


def _causal_verbs(sentence: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Causal verb cues, leaving out adjectives and nouns ('showed reduced uptake', 'an increase in').

    Second list: change verbs with no object ('risk increased with age'), which report a change, not a cause.
    """
    spans, changes = [], []
    for m in _CAUSAL_VERB.finditer(sentence):
        start = m.start()
        progressive = m.group().lower().endswith("ing") and _PROGRESSIVE_BEFORE.search(
            sentence, max(0, start - 30), start
        )
        if not progressive and _ADJECTIVE_BEFORE.search(sentence, max(0, start - 40), start):
            continue
        if m.group().lower().endswith("ed") and _OPENING.fullmatch(sentence, 0, start):
            continue
        if _NOUN_FORM.match(sentence, start):
            continue
        if _INTRANSITIVE_VERB.match(m.group()) and _INTRANSITIVE_AFTER.match(sentence, m.end()):
            changes.append((start, m.end()))
            continue
        spans.append((start, m.end()))
    return spans, changes


def _decide(sentence: str) -> tuple[int, list[tuple[int, int]], bool]:
    """The strength of one sentence, the cue spans (relative to it) that decided it, and whether all are denied.

    Order matters and follows how the benchmarks' annotators read a conclusion: advice and aims are not
    claims; an association outranks a causal verb in a side clause ('associated with reduced risk'); a hedge
    before a causal verb, or a modal anywhere in the sentence, makes it conditional; a group comparison without
    causal wording is correlational. A denial ('was not associated with', 'did not reduce') keeps the kind of
    relationship it talks about, as the PubMed annotators graded it; the third value tells the caller it is denied.
    """

    def spans(pattern: re.Pattern[str]) -> list[tuple[int, int]]:
        return [(m.start(), m.end()) for m in pattern.finditer(sentence)]

    def negated(found: list[tuple[int, int]]) -> bool:
        return all(
            _NEGATED.search(sentence, max(0, a - 60), a) or _NEGATION_INSIDE.search(sentence, a, b) for a, b in found
        )

    if spans(_NOT_A_CLAIM) and not _ADVICE_WITH_FINDING.search(sentence):
        return NONE, [], False

    def direct() -> list[tuple[int, int]]:
        return sorted(spans(_CAUSAL_PHRASE) + spans(_REPORTED_CAUSE) + _causal_verbs(sentence)[0])

    def comparison() -> list[tuple[int, int]]:
        return sorted(spans(_COMPARISON) + _causal_verbs(sentence)[1])

    steps: tuple[tuple[int, Callable[[], list[tuple[int, int]]]], ...] = (
        (CORRELATIONAL, lambda: spans(_CORRELATIONAL)),
        (CONDITIONAL, lambda: sorted(spans(_CONDITIONAL) + spans(_POTENTIAL_OF))),
        (DIRECT, direct),
        (CORRELATIONAL, comparison),
    )
    for strength, finder in steps:
        if found := finder():
            if strength == DIRECT and _SENTENCE_MODAL.search(sentence):
                strength = CONDITIONAL
            return strength, found, negated(found)
    return NONE, [], False


def _sentences(text: str) -> list[tuple[int, int]]:
    """Rough sentence bounds, enough to judge each claim on its own (caveat.analysis.article does the careful split)."""
    bounds, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        bounds.append((start, m.start()))
        start = m.end()
    bounds.append((start, len(text)))
    return [(a, b) for a, b in bounds if b > a]


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
        r"(?<!more\s)(?<!less\s)likely",
        "unlikely",
        "probably",
        "tentative(?:ly)?",
        r"indicates?",
        "putative",
        r"(?:is|are|was|were|be|appears?|seems?)?\s*consistent\s+with",
        r"(?<!strong\s)(?<!clear\s)(?<!robust\s)(?<!compelling\s)(?<!conclusive\s)evidence\s+(?:of|for|that)",
        r"candidates?",
        r"hypothes[ie][sz]\w*",
        r"propos(?:e|es|ed)",
        r"implies|imply",
        r"(?:if|once|until|when)\s+(?:\w+\s+){0,4}(?:confirm\w*|verif\w*|replicat\w*|validat\w*)",
        r"needs?\s+(?:to\s+be\s+)?(?:confirm\w*|verif\w*|replicat\w*|validat\w*)",
        r"remains?\s+to\s+be\s+(?:confirmed|seen|determined|established|tested)",
        r"awaits?\s+confirmation",
        r"approximate(?!ly)",
    )
    + r")\b",
    re.IGNORECASE,
)
"""Hedges, including the evidential ones a physicist or astronomer uses ('evidence of', 'consistent with',
'candidate', 'if confirmed'): a finding put this way is not yet settled, whatever the verb."""

_ASSOCIATION_HEDGE = re.compile(r"associated|indicates?", re.IGNORECASE)
"""'is associated with' is a claim's strength, not its certainty: a story that keeps 'linked to' is faithful."""

_BOOSTERS = re.compile(
    r"\b(?:"
    + _words(
        r"prove[sn]?",
        "proved",
        r"proof\s+that",
        r"(?:shows?|showed|shown)\s+that",
        r"(?:has|have)\s+been\s+(?:shown|proven|proved|demonstrated|confirmed|established)",
        r"demonstrate[sd]?\s+that",
        r"confirm(?:s|ed)?\s+that",
        r"is\s+the\s+answer",
        r"the\s+answer\s+to",
        "definitely",
        "definitively",
        "conclusively",
        "absolutely",
        "undoubtedly",
        "unquestionably",
        "certainly",
        r"without\s+(?:a\s+)?doubt",
        r"no\s+doubt",
        r"establish(?:es|ed)?\s+that",
        r"it(?:'|’)?s\s+official",
        r"it\s+is\s+official",
        r"it\s+turns\s+out",
        r"turns\s+out",
        r"put\s+simply",
        r"sure\s+enough",
        r"once\s+and\s+for\s+all",
        r"finally\s+(?:found|proved|proven|shown|solved|cracked|confirmed|revealed|discovered|answered|"
        r"know|have)",
        r"is\s+all\s+it\s+takes",
        r"now\s+we\s+know",
        r"(?:scientists|researchers)\s+(?:now\s+)?know",
        r"case\s+closed",
        r"will\s+(?:\w+ly\s+)?(?:cure|prevent|stop|end|treat|reverse|halt|beat|save|transform|eliminate|protect|"
        r"reduce|lower|cut|slow|improve|help|fix|solve|extend|boost|repay)",
    )
    + r")\b",
    re.IGNORECASE,
)
"""Words that present a finding as settled: the certainty a story adds when the paper hedges."""


def _required_literals(pattern: str) -> tuple[str, ...] | None:
    """Lower-case words one of which must occur for the pattern to match; None when that cannot be told.

    A cheap `in` test on these lets certainty_score skip scanning a long text for cues that are not there.
    """
    literals = []
    for phrase in (p for alt in _split_top_level(pattern) for p in _expand_leading_group(alt)):
        head = re.match(r"[a-z]{2,}(?![?*+{])", phrase)
        if head is None:
            return None
        literals.append(head.group())
    return tuple(literals)


_CERTAINTY_CUES = tuple(
    (_compile(pattern), weight, _required_literals(pattern)) for pattern, weight in lex.CERTAINTY_CUES
)

_RESEARCH_ADVICE = _compile(*lex.RESEARCH_ADVICE)
_STRONG_ADVICE = _compile(*lex.STRONG_ADVICE)
_WEAK_ADVICE = _compile(*lex.WEAK_ADVICE)
_IMPERATIVE = re.compile(r"^\W*(?:" + _words(*lex.IMPERATIVE_VERBS) + r")\b(?!\s+(?:of|is|are|was|were)\b)", re.I)


def claim_strength(sentence: str) -> int:
    """CHECKLIST.md's 0-3 scale: 0 none, 1 correlational, 2 conditional causal, 3 direct causal.

    For a text of several sentences, the strongest sentence's strength. A denied relationship is graded by the
    kind of relationship it denies ('was not associated with' 1, 'did not reduce' 3), as the PubMed benchmark's
    annotators did: the paper's conclusion then still says what kind of evidence it rests on, so an article
    that turns "no association" into "causes" is compared with 1, not waved through as 0.
    """
    return max((_decide(sentence[start:end])[0] for start, end in _sentences(sentence)), default=NONE)


def causal_spans(text: str) -> list[tuple[int, int, int]]:
    """(start, end, strength) of the cue words that decided each sentence's strength, so a flag can quote them.

    Offsets are into `text`. A sentence whose only cues are negated ('was not associated with', 'had no effect')
    gives those cues with strength 0, so a check can quote a denial but never flags it as a claim (unlike
    `claim_strength`, which grades the kind of relationship denied); a sentence with no cue gives nothing.
    """
    found: list[tuple[int, int, int]] = []
    for start, end in _sentences(text):
        strength, spans, denied = _decide(text[start:end])
        found.extend((start + a, start + b, NONE if denied else strength) for a, b in spans)
    return found


def hedge_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of hedging words and phrases."""
    return [(m.start(), m.end()) for m in _HEDGES.finditer(text)]


def certainty_hedge_spans(text: str) -> list[tuple[int, int]]:
    """Hedges of certainty only: 'associated with' and 'indicates' are left out (they grade strength)."""
    return [(a, b) for a, b in hedge_spans(text) if not _ASSOCIATION_HEDGE.search(text[a:b])]


def booster_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of words that state a finding as settled ('proves', 'has been shown', 'it's official')."""
    return [(m.start(), m.end()) for m in _BOOSTERS.finditer(text)]


def certainty_score(sentence: str) -> float:
    """1.0 (very uncertain) to 6.0 (certain), on Pei & Jurgens (2021)'s scale.

    A weighted sum of cues, each counted once: hedges (may, might, suggests, unclear, more research is needed)
    pull down, boosters and measured results (significantly, showed, proves) push up.
    """
    down = up = 0.0
    lowered = sentence.lower()
    for pattern, weight, literals in _CERTAINTY_CUES:
        if literals is not None and not any(word in lowered for word in literals):
            continue
        if pattern.search(sentence):
            if weight < 0:
                down += weight
            else:
                up += weight
    score = lex.CERTAINTY_BASE + max(down, -lex.CERTAINTY_MAX_DROP) + up
    return float(min(6.0, max(1.0, score)))


def advice_level(sentence: str) -> int:
    """0 no advice, 1 weak advice (can be used, may help, a viable option), 2 strong (should, must, recommend).

    Advice to researchers ("further studies should...") is not health advice and scores 0, as in the benchmark
    that measures this (Li et al. 2021).
    """
    if _RESEARCH_ADVICE.search(sentence):
        return 0
    if _STRONG_ADVICE.search(sentence) or _IMPERATIVE.search(sentence):
        return 2
    if _WEAK_ADVICE.search(sentence):
        return 1
    return 0
