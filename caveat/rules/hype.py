"""hype: sensational words (breakthrough, cure, miracle...), weighted up where they mislead most.

A hype word is not hype when the sentence denies it ("far from a breakthrough", "'This is not a cure,' she said"),
when it names an aspiration rather than a result ("the search for a cure"), when it is a generic term ("cure
rates", "prevent, treat and cure", "medical breakthroughs" in an institution's boilerplate), or when it is part
of a proper name ("Komen for the Cure", the FDA's "Breakthrough Therapy designation"): a capitalised hype word
in the middle of a sentence is taken to be a name. These exceptions were found by reading the false alarms on the
development split of the HealthNewsReview press releases. Quoted hype still counts (CHECKLIST.md item
10 includes quotes) but with lower confidence, since the writer may have chosen to report the speaker's words.
For an eLife paper, a significance grade raised above the assessment's ("landmark" where eLife says "valuable")
is flagged with the assessment sentence as evidence (caveat.rules._assessment).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from caveat.analysis.spans import abstract_evidence, headline_sentence, make_flag
from caveat.core import limits
from caveat.core.models import Flag, Sentence, Severity, StudyProfile
from caveat.core.text import ELLIPSIS, window_around
from caveat.rules._assessment import upgraded_terms
from caveat.rules.context import CheckContext
from caveat.rules.declaration import CheckDeclaration, Example

__all__ = ["HYPE_WORDS", "NOVELTY_WORDS", "check"]

DECLARATION = CheckDeclaration(
    id="hype",
    severity="medium",
    other_severities=("high",),
    severity_note="high in a headline",
    items=(9, 10),
    summary="breakthrough, cure, miracle... (not when a quote denies it); higher in a headline and for early, small "
            "or observational studies",
    title="Sensational words such as breakthrough, cure or miracle",
    todo="Describe what the study found instead of the sensational word.",
    compares="article",
    judge_hint="sensational words (miracle, breakthrough, cure, game-changer, revolutionary, first-ever).",
    fires=(Example("Tinnitus breakthrough\n\nA sound therapy quietened ringing ears in volunteers at a hearing "
                   "clinic."),),
    does_not_fire=(Example("Sound therapy for tinnitus\n\n'This is not a miracle,' said Dr Ilse Maren, who ran the "
                           "clinic. The therapy quietened ringing ears in volunteers."),),
)

HYPE_WORDS: dict[str, str] = {
    r"breakthroughs?": "advance",
    r"cures?|cured": "treatment",
    r"miracles?|miraculous": "",
    r"game[- ]?changers?|game[- ]?changing": "new approach",
    r"revolutionary|revolutioni[sz]es?|revolutioni[sz]ed": "new",
    r"holy grail": "long-sought goal",
    r"first[- ]ever|world[- ]first": "first",
    r"paves? the way|paved the way": "could lead",
    r"ground-?breaking": "new",
    r"unprecedented": "unusual",
    r"wonder (?:drug|pill|cure)s?": "drug",
    r"magic bullets?|silver bullets?": "solution",
    r"life-?changing": "",
    r"transformative": "",
    r"landmark": "",
    r"astonishing|stunning|amazing|incredible": "",
    r"medical marvels?": "",
    r"milestones?": "step",
    r"historic": "",
    r"upend(?:s|ed|ing)?|overturn(?:s|ed|ing)?": "challenge",
    r"rewrites? (?:the )?(?:text)?books?|rewrites? history|paradigm[- ]shift(?:ing)?": "",
    r"armageddon|apocalypse|apocalyptic|doomsday|catastroph(?:e|ic)|climate chaos|ticking time[- ]bomb": "",
}
NOVELTY_WORDS = re.compile(r"first[- ]ever|world[- ]first|unprecedented|ground-?breaking", re.IGNORECASE)
_SCOPE_NOUN = (r"time|author|step|stage|phase|study|studies|trial|trials|analysis|paper|report|of|such|to|that|"
               r"evidence|demonstration|indications?|data|patient|patients|place|center|centre|one|ones|in|among|for|"
               r"at|on")
_NOVELTY_FIRST = (r"the first (?!(?:" + _SCOPE_NOUN + r")\b)(?:(?!(?:" + _SCOPE_NOUN + r")\b)[\w-]+ ){0,2}?"
                  r"(?!(?:" + _SCOPE_NOUN + r"|compared|due|according|related|prior|next|close|similar|equal)\b)"
                  r"[\w-]+ (?:to|that|ever)\b")
"""'the first AI that passed', 'the first drug to': a novelty claim in the writer's voice ('the first study to
examine' is how papers describe their scope, and 'the first author' is a role)."""
_ALARM_PHRASE = r"plunges? (?:\w+ ){0,2}into|plunged (?:\w+ ){0,2}into"
_HYPE = re.compile(r"\b(?:" + "|".join([*HYPE_WORDS, _NOVELTY_FIRST, _ALARM_PHRASE]) + r")\b", re.IGNORECASE)
_DENIAL = re.compile(
    r"(?:\bnot\b|\bnor\b|\bno\b|n[’']t\b|\bnever\b|\bfar from\b|\bhardly\b|\bnothing like\b|\bwarn(?:s|ed)? against|"
    r"\bcaution(?:s|ed)? against|\bstop(?:s|ped)? short of|\brather than\b|\binstead of\b|\bresist(?:s|ed)?\b|"
    r"\bwithout\b|\bdismiss(?:es|ed)?\b|\bis no\b|\bunlikely\b|\bnot yet\b)(?:\W+\w+){0,4}\W+$",
    re.IGNORECASE,
)
_ASPIRATION = re.compile(
    r"(?:\bsearch(?:ing)? for|\bhunt for|\bquest for|\bhopes? (?:of|for)|\bfind(?:ing)?|\btowards?|\bresearch into|"
    r"\bfund(?:ing|s)? for|\bwork(?:ing)? toward|\blooking for|\bno known|\bin pursuit of)(?:\W+\w+){0,2}\W+$"
    r"|(?:\btowards?|\bpoints? to|\bpointing to|\bcloser to|\b(?:race|path|road|steps?|way) (?:to|toward)|"
    r"\bwhere)(?:\W+\w+){0,4}\W+$",
    re.IGNORECASE,
)
_BOILERPLATE = re.compile(
    r"\b(?:mission|dedicated to|committed to|founded in|since (?:18|19|20)\d\d|our (?:goal|vision|purpose)|"
    r"is the (?:world's|nation's|primary|largest|leading|oldest)|leading the fight|about us|for more information)\b",
    re.IGNORECASE,
)
"""An organisation's description of itself ("dedicated to finding cures"): boilerplate, not a claim about the study."""
_GENERIC_BEFORE = re.compile(r"(?:\b(?:treat|prevent|diagnose|manage)\w*,?\s+(?:and|or)\s+|\b(?:hard|difficult|"
                             r"impossible|easier|harder) to\s+|-)$", re.IGNORECASE)
_GENERIC_AFTER = re.compile(r"\s+rates?\b|-", re.IGNORECASE)
"""Read with .match at the end of the word (no slice of the rest of the sentence)."""
_PLURAL_GENERIC = re.compile(r"^(?:cures|breakthroughs)$", re.IGNORECASE)
_PROPER = re.compile(r"\W*(?:Prize|Award|Therapy [Dd]esignation|designation|Foundation|Trust|Institute|Fund|"
                     r"Listen)\b")
_LOOKBACK = 200
"""Characters before a hype word that the denial, aspiration and generic patterns read (they look a few words back)."""
_EARLY_STAGES = {"preclinical", "phase 1", "pilot", "observational"}
_EARLY_DESIGNS = {"animal experiment", "in vitro", "computer model", "cohort", "case-control", "cross-sectional",
                  "observational", "case report"}


def _before(text: str, rel_start: int) -> str:
    """The words just before a match: every pattern read there looks at most a few words back, so a window keeps
    each test constant-time (the whole sentence's prefix made one long sentence of hype words quadratic)."""
    if rel_start <= _LOOKBACK:
        return text[:rel_start]
    before = text[rel_start - _LOOKBACK:rel_start]
    space = next((i for i, ch in enumerate(before) if ch.isspace()), 0)
    return before[space:]  # never start inside a word: "cannot" cut to "not" would read as a denial


def _is_denied_or_not_a_claim(sentence: Sentence, rel_start: int, rel_end: int, in_headline: bool,
                              boilerplate: bool) -> bool:
    """Denied, aspirational, generic ("cure rates", "treat and cure"), boilerplate, or part of a name."""
    before = _before(sentence.text, rel_start)
    word = sentence.text[rel_start:rel_end]
    if _DENIAL.search(before) or _ASPIRATION.search(before):
        return True
    if _GENERIC_BEFORE.search(before) or _GENERIC_AFTER.match(sentence.text, rel_end):
        return True
    if in_headline:
        return False  # headlines are title case, and a headline's "breakthroughs" is still its claim
    if _PLURAL_GENERIC.match(word) or boilerplate:
        return True
    mid_sentence_capital = word[:1].isupper() and before.strip() and not before.rstrip().endswith((".", ":", "“", '"'))
    named = word[:1].isupper() and rel_start > 0 and _PROPER.match(sentence.text, rel_end)
    return bool(mid_sentence_capital or named)


_DENIED_AFTER = re.compile(r"\W*(?:\w+\W+){0,3}?(?:would be|is|was|are)\s+(?:\w+\s+)?(?:premature|overblown|"
                           r"overstat\w*|an? (?:exaggeration|overstatement|stretch)|hype|misleading|wrong)\b",
                           re.IGNORECASE)
"""'Calling it a breakthrough would be premature': the word is named to be denied."""
_OTHER_WORK = re.compile(r"\b(?:earlier (?:study|studies|work|research)|decades? ago|"
                         r"years ago|last (?:decade|century))\b", re.IGNORECASE)
"""A sentence about other work: its hype word is about something other than this study's finding."""
_OUTCOME = re.compile(r"\b(?:cognitive decline|dementia|alzheimer(?:'|’)?s|cancer|deaths?|disease|collapse|"
                      r"brain damage|heart attacks?|extinction|mental illness)\b", re.IGNORECASE)


def _papers_own_words(ctx: CheckContext) -> Callable[[str], bool]:
    """A test: does the paper's title or conclusion use the same word (a case report's 'cure')? Then the story did
    not inflate it. Answers are kept per word stem, so a thousand hype words do not re-read a long title each."""
    own = None if ctx.paper is None else " ".join([ctx.paper.title, *(c.span.text for c in ctx.profile.conclusions)])
    known: dict[str, bool] = {}

    def used(word: str) -> bool:
        if own is None or not re.fullmatch(r"[\w-]+", word):
            return False  # a phrase ('the first AI that') is the story's framing, not a word the paper could share
        stem = re.escape(word.lower()[:4])
        if stem not in known:
            known[stem] = bool(re.search(r"\b" + stem, own, re.IGNORECASE))
        return known[stem]

    return used


def _inflated_outcome(ctx: CheckContext, head: Sentence | None) -> Flag | None:
    """The headline names an outcome (a disease, a decline) that the paper's title and abstract never mention."""
    paper = ctx.paper
    if head is None or paper is None or not paper.abstract.strip() or head.in_quote:
        return None
    m = _OUTCOME.search(head.text)
    # "Alzheimer’s" is named by the abstract's "Alzheimer's", "deaths" by its "death"
    stem = re.sub(r"['’]?s$", "", m.group(0)) if m else ""
    if m is None or re.search(r"\b" + re.escape(stem), paper.title + " " + paper.abstract, re.IGNORECASE):
        return None
    message = (f"The headline names '{m.group(0)}', an outcome the paper's abstract never mentions; "
               f"say what the study measured.")
    evidence = [abstract_evidence(ctx.profile.conclusions[-1].span, "what the paper itself concludes")
                ] if ctx.profile.conclusions else []
    return make_flag("hype", ctx.article, head.start + m.start(), head.start + m.end(), severity="medium",
                     message=message, evidence=evidence, confidence=0.55)


def _replacement(word: str) -> str:
    for pattern, plain in HYPE_WORDS.items():
        if re.fullmatch(pattern, word, re.IGNORECASE):
            return plain
    return ""


def _rewrite(text: str, hits: list[tuple[int, int]]) -> str:
    """`text` with each hit (sorted offsets into it) replaced by its plain word, or dropped with its space."""
    out, pos = "", 0
    for start, end in hits:
        plain = _replacement(text[start:end])
        if plain and text[start].isupper():
            plain = plain[0].upper() + plain[1:]
        out += text[pos:start]
        if plain:
            out, pos = out + plain, end
            continue
        out = out.rstrip()
        after = text[end:]
        pos = end if after[:1] in {",", ".", ":", ";", ""} else end + len(after) - len(after.lstrip())
        out += "" if after[:1] in {",", ".", ":", ";", ""} else " "
    return re.sub(r"\s{2,}", " ", out + text[pos:]).strip()


def _suggest(text: str, hit: tuple[int, int], hits: list[tuple[int, int]]) -> str:
    """The sentence with its hype words plainer, cut to the clause or window around `hit` when it is long.

    Every flag of one sentence rewrites all of the sentence's hype words it shows (one rewrite the editor can take
    whichever flag they accept), and a long sentence is cut to at most `limits.SUGGESTION_CHARS` characters with
    "…" where it was cut, so a sentence of a thousand hype words cannot repeat itself a thousand times.
    """
    room = limits.SUGGESTION_CHARS - 2 * len(ELLIPSIS)
    while True:
        a, b = window_around(text, hit[0], hit[1], room)
        inside = [(s - a, e - a) for s, e in hits if a <= s and e <= b]
        core = _rewrite(text[a:b], inside)
        suggestion = (ELLIPSIS if a > 0 else "") + core + (ELLIPSIS if b < len(text) else "")
        if len(suggestion) <= limits.SUGGESTION_CHARS or room <= hit[1] - hit[0]:
            return suggestion[:limits.SUGGESTION_CHARS]
        room = max(hit[1] - hit[0], room // 2)  # replacements longer than their words: try a narrower window


def _describe(profile: StudyProfile) -> str:
    if profile.design in {"animal experiment", "in vitro", "computer model"}:
        return f"a study {'in ' + profile.species[0] if profile.species else 'in the lab'}"
    if profile.sample_size is not None and profile.sample_size < 30:
        return f"a study of {profile.sample_size}"
    if profile.stage in {"phase 1", "pilot"}:
        return f"a {profile.stage} study"
    return "an observational study"


def _weak_study(profile: StudyProfile) -> bool:
    return (profile.stage in _EARLY_STAGES or profile.design in _EARLY_DESIGNS
            or (profile.sample_size is not None and profile.sample_size < 30))


def _hits(sentence: Sentence, in_headline: bool, papers_own: Callable[[str], bool]) -> list[re.Match[str]]:
    """The hype words of one sentence that are claims (not denied, aspirational, generic, a name or the paper's)."""
    if not in_headline and _OTHER_WORK.search(sentence.text):
        return []
    boilerplate = bool(_BOILERPLATE.search(sentence.text))
    return [m for m in _HYPE.finditer(sentence.text)
            if not _is_denied_or_not_a_claim(sentence, m.start(), m.end(), in_headline, boilerplate)
            and not _DENIED_AFTER.match(sentence.text, m.end()) and not papers_own(m.group(0))]


def _sentence_flags(ctx: CheckContext, sentence: Sentence, in_headline: bool,
                    papers_own: Callable[[str], bool]) -> list[Flag]:
    """One flag per hype word, at most `limits.HYPE_FLAGS_PER_SENTENCE`; the last one names the rest."""
    hits = _hits(sentence, in_headline, papers_own)
    profile, weak = ctx.profile, _weak_study(ctx.profile)
    spans = [(m.start(), m.end()) for m in hits]
    kept = hits[:limits.HYPE_FLAGS_PER_SENTENCE]
    rest = list(dict.fromkeys(m.group(0).lower() for m in hits[len(kept):]))
    severity: Severity = "high" if in_headline or weak else "medium"
    where = "the headline" if in_headline else ("a quote" if sentence.in_quote else "the text")
    why = f" for {_describe(profile)}" if weak else ""
    confidence = 0.85 if in_headline else (0.6 if sentence.in_quote else 0.75)
    evidence = [profile.stage_evidence or profile.design_evidence] if weak else []
    if profile.conclusions:
        evidence.append(abstract_evidence(profile.conclusions[-1].span, "what the paper itself concludes"))
    flags: list[Flag] = []
    for i, m in enumerate(kept):
        message = f"'{m.group(0)}' in {where} oversells the result{why}; describe what was found instead."
        if rest and i == len(kept) - 1:
            named = ", ".join(f"'{word}'" for word in rest[:5]) + (", ..." if len(rest) > 5 else "")
            message += f" The same sentence has {len(hits) - len(kept)} more such words ({named})."
        flags.append(make_flag("hype", ctx.article, sentence.start + m.start(), sentence.start + m.end(),
                               severity=severity, message=message, evidence=evidence,
                               suggestion=_suggest(sentence.text, (m.start(), m.end()), spans),
                               confidence=confidence))
    return flags


def check(ctx: CheckContext) -> list[Flag]:
    """One flag per hype word in the writer's or a speaker's words, unless denied, aspirational or a name.

    A sentence crammed with hype words gets its first few flagged and the rest named in the last flag's message:
    more flags on one sentence tell the editor nothing new and would crowd out the other checks.
    """
    head = headline_sentence(ctx.article)
    flags: list[Flag] = []
    papers_own = _papers_own_words(ctx)
    for sentence in ctx.article.sentences:
        flags += _sentence_flags(ctx, sentence, head is not None and sentence.index == head.index, papers_own)
    in_headline = head is not None and any(head.start <= f.article_span.start < head.end for f in flags)
    if not in_headline and (inflated := _inflated_outcome(ctx, head)) is not None:
        flags.append(inflated)
    graded = upgraded_terms(ctx, "significance")  # eLife's grade raised: the more specific flag on the same word
    taken = {f.id for f in graded}
    return graded + [f for f in flags if f.id not in taken]
