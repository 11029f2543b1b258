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

from caveat.analysis.spans import abstract_evidence, find_in, headline_sentence, make_flag
from caveat.core.models import Flag, Sentence, Severity, StudyProfile
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
_GENERIC_AFTER = re.compile(r"^\s+rates?\b|^-", re.IGNORECASE)
_PLURAL_GENERIC = re.compile(r"^(?:cures|breakthroughs)$", re.IGNORECASE)
_PROPER = re.compile(r"^\W*(?:Prize|Award|Therapy [Dd]esignation|designation|Foundation|Trust|Institute|Fund|"
                     r"Listen)\b")
_EARLY_STAGES = {"preclinical", "phase 1", "pilot", "observational"}
_EARLY_DESIGNS = {"animal experiment", "in vitro", "computer model", "cohort", "case-control", "cross-sectional",
                  "observational", "case report"}


def _is_denied_or_not_a_claim(sentence: Sentence, rel_start: int, rel_end: int, in_headline: bool) -> bool:
    """Denied, aspirational, generic ("cure rates", "treat and cure"), boilerplate, or part of a name."""
    before = sentence.text[:rel_start]
    after = sentence.text[rel_end:]
    word = sentence.text[rel_start:rel_end]
    if _DENIAL.search(before) or _ASPIRATION.search(before):
        return True
    if _GENERIC_BEFORE.search(before) or _GENERIC_AFTER.match(after):
        return True
    if in_headline:
        return False  # headlines are title case, and a headline's "breakthroughs" is still its claim
    if _PLURAL_GENERIC.match(word) or _BOILERPLATE.search(sentence.text):
        return True
    mid_sentence_capital = word[:1].isupper() and before.strip() and not before.rstrip().endswith((".", ":", "“", '"'))
    return bool(mid_sentence_capital or (word[:1].isupper() and rel_start > 0 and _PROPER.match(after)))


_DENIED_AFTER = re.compile(r"^\W*(?:\w+\W+){0,3}?(?:would be|is|was|are)\s+(?:\w+\s+)?(?:premature|overblown|"
                           r"overstat\w*|an? (?:exaggeration|overstatement|stretch)|hype|misleading|wrong)\b",
                           re.IGNORECASE)
"""'Calling it a breakthrough would be premature': the word is named to be denied."""
_OTHER_WORK = re.compile(r"\b(?:earlier (?:study|studies|work|research)|decades? ago|"
                         r"years ago|last (?:decade|century))\b", re.IGNORECASE)
"""A sentence about other work: its hype word is about something other than this study's finding."""
_OUTCOME = re.compile(r"\b(?:cognitive decline|dementia|alzheimer(?:'|’)?s|cancer|deaths?|disease|collapse|"
                      r"brain damage|heart attacks?|extinction|mental illness)\b", re.IGNORECASE)


def _papers_own_word(word: str, ctx: CheckContext) -> bool:
    """The paper's title or conclusion uses the same word (a case report's 'cure'): the story did not inflate it."""
    if ctx.paper is None or not re.fullmatch(r"[\w-]+", word):
        return False  # a phrase ('the first AI that') is the story's framing, not a word the paper could share
    stem = re.escape(word.lower()[:4])
    own = " ".join([ctx.paper.title, *(c.span.text for c in ctx.profile.conclusions)])
    return bool(re.search(r"\b" + stem, own, re.IGNORECASE))


def _inflated_outcome(ctx: CheckContext, head: Sentence | None) -> Flag | None:
    """The headline names an outcome (a disease, a decline) that the paper's title and abstract never mention."""
    paper = ctx.paper
    if head is None or paper is None or not paper.abstract.strip() or head.in_quote:
        return None
    m = _OUTCOME.search(head.text)
    if m is None or re.search(r"\b" + re.escape(m.group(0)), paper.title + " " + paper.abstract, re.IGNORECASE):
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


def _suggest(sentence: Sentence, rel_start: int, rel_end: int) -> str:
    plain = _replacement(sentence.text[rel_start:rel_end])
    before, after = sentence.text[:rel_start], sentence.text[rel_end:]
    if plain and sentence.text[rel_start].isupper():
        plain = plain[0].upper() + plain[1:]
    if not plain:
        before = before.rstrip()
        after = after if after[:1] in {",", ".", ":", ";", ""} else " " + after.lstrip()
    return re.sub(r"\s{2,}", " ", before + plain + after).strip()


def _describe(profile: StudyProfile) -> str:
    if profile.design in {"animal experiment", "in vitro", "computer model"}:
        return f"a study {'in ' + profile.species[0] if profile.species else 'in the lab'}"
    if profile.sample_size is not None and profile.sample_size < 30:
        return f"a study of {profile.sample_size}"
    if profile.stage in {"phase 1", "pilot"}:
        return f"a {profile.stage} study"
    return "an observational study"


def check(ctx: CheckContext) -> list[Flag]:
    """One flag per hype word in the writer's or a speaker's words, unless denied, aspirational or a name."""
    profile = ctx.profile
    weak_study = (
        profile.stage in _EARLY_STAGES
        or profile.design in _EARLY_DESIGNS
        or (profile.sample_size is not None and profile.sample_size < 30)
    )
    head = headline_sentence(ctx.article)
    flags: list[Flag] = []
    for sentence in ctx.article.sentences:
        in_headline = head is not None and sentence.index == head.index
        elsewhere = not in_headline and bool(_OTHER_WORK.search(sentence.text))
        for start, end, m in find_in(_HYPE, sentence):
            if elsewhere or _is_denied_or_not_a_claim(sentence, m.start(), m.end(), in_headline):
                continue
            if _DENIED_AFTER.match(sentence.text[m.end():]) or _papers_own_word(m.group(0), ctx):
                continue
            severity: Severity = "high" if in_headline or weak_study else "medium"
            where = "the headline" if in_headline else ("a quote" if sentence.in_quote else "the text")
            why = f" for {_describe(profile)}" if weak_study else ""
            message = f"'{m.group(0)}' in {where} oversells the result{why}; describe what was found instead."
            confidence = 0.85 if in_headline else (0.6 if sentence.in_quote else 0.75)
            evidence = [profile.stage_evidence or profile.design_evidence] if weak_study else []
            if profile.conclusions:
                evidence.append(abstract_evidence(profile.conclusions[-1].span, "what the paper itself concludes"))
            flags.append(make_flag("hype", ctx.article, start, end, severity=severity, message=message,
                                   evidence=evidence, suggestion=_suggest(sentence, m.start(), m.end()),
                                   confidence=confidence))
    in_headline = head is not None and any(head.start <= f.article_span.start < head.end for f in flags)
    if not in_headline and (inflated := _inflated_outcome(ctx, head)) is not None:
        flags.append(inflated)
    graded = upgraded_terms(ctx, "significance")  # eLife's grade raised: the more specific flag on the same word
    taken = {f.id for f in graded}
    return graded + [f for f in flags if f.id not in taken]
