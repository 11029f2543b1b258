"""harms: a drug, device or procedure story that never mentions side effects, risks or harms.

HealthNewsReview's harms criterion: every intervention has some, and a story that is silent about them leaves
readers with half the picture. What counts as an intervention story is decided from what the study tested, not
by counting words (see intervention_story): the profile's intervention when the story names it, else intervention
words (drug, device, stimulation, surgery, treatment...) in the headline or lede, or twice in sentences about this
study. Background and future mentions, job titles and ambiguous words outside a treatment frame do not count, so
a serosurvey's "antibodies", a note-taking study's "tablets" and a genome study's "vaccine developers" are not
interventions, and neither is an exposure nobody was given (a mood, a habit, a diet observed).
"Risk" counts only as the risk OF the intervention ("the risks of surgery", "benefits and risks"): "the risk of
heart disease" is what the treatment is for, and on the development split a story whose only harms word was such a
"risk" was judged unsatisfactory on harms ten times out of eleven. An expert's caution about the risks or the
safety counts as a mention; a caution about the evidence ("a larger study is needed") does not. "Safe" and "safety"
alone (typically "safe and effective") are a passing mention: the check still flags, at the sentence that says it,
with a message saying so and a lower confidence. Otherwise the omission is the whole story's, and the flag points
at the headline.

With the paper's full text, the flag cites the sentence that reports the study's harms (an adverse-events or safety
section first, then an explicit adverse-event sentence of the results), and says where it is. A paper that reports
no adverse events changes the message: the story should still say so, since "no side effects were seen in 40
people" is itself what readers need. A randomised trial whose full text reports harms is an intervention story
whatever words the story uses for the treatment ("a nasal spray"): somebody was given it, and it had harms.
"""

from __future__ import annotations

import re

from caveat.analysis.fulltext import SectionSentence, fulltext_evidence, section_name, sections_of, sentences_of
from caveat.analysis.lexicon import INTERVENTION_WORD
from caveat.analysis.profile import abstract_sentences
from caveat.analysis.spans import (
    abstract_evidence,
    article_evidence,
    body_sentences,
    headline_sentence,
    lede_sentence,
    make_flag,
)
from caveat.core.models import Article, Evidence, Flag, Paper, Sentence, StudyProfile
from caveat.rules.context import CheckContext
from caveat.rules.declaration import CheckDeclaration, Example

__all__ = ["HARMS_WORDS", "check", "intervention_story", "mentions_harms", "paper_harms"]

DECLARATION = CheckDeclaration(
    id="harms",
    severity="medium",
    items=(3,),
    summary="a drug, device or procedure story with no word on side effects or risks",
    title="A treatment story that never mentions side effects or risks",
    todo="Add what is known about side effects and risks.",
    compares="article",
    fires=(Example("New drug for gout\n\nA new drug cut gout attacks in a trial. Doctors hope the drug will be "
                   "available next year."),),
    does_not_fire=(Example("New drug for gout\n\nA new drug cut gout attacks in a trial. Doctors hope the drug will "
                           "be available next year, though some patients had side effects such as headaches."),),
)

HARMS_WORDS = re.compile(
    r"\bside[- ]effects?\b|\badverse\b|\bharms?\b|\bharmful\b|\bunsafe\b|\btoxic\w*|"
    r"\bcomplications?\b|\bdangers?\b|\bdangerous\b|\bdownsides?\b|\bdrawbacks?\b|\btolerat\w*|\brisky\b|"
    r"\bbleeding\b|\bnausea\b|\ballergic\b|\bcontraindicat\w*|\bwarnings?\b|"
    r"\bcaution\w*\b[^.]{0,80}\b(?:risks?|side[- ]effects?|harms?|safety|dangers?|adverse)\b|"
    r"\bconcerns? (?:about|over|regarding) (?:the |its |their )?(?:safety|risks?|side|long-term|possible)|"
    r"\bserious (?:adverse )?(?:events?|reactions?)\b|"
    r"\b(?:benefits and risks|risks and benefits|risk-benefit)\b|"
    r"\brisks? (?:of|from|with|associated with|linked to) (?:the |this |such |a |an )?(?:\w+ )?(?:treatments?|drugs?|"
    r"surgery|surgeries|procedures?|therap(?:y|ies)|devices?|medications?|vaccines?|operations?|implants?|"
    r"transplants?|radiation|screening|injections?|dos(?:e|es|ing))\b",
    re.IGNORECASE,
)
_PASSING = re.compile(r"\bsafe(?:ty|ly)?\b", re.IGNORECASE)


def mentions_harms(text: str) -> bool:
    """A real harms mention: side effects, adverse events, complications, the risks OF the intervention..."""
    return bool(HARMS_WORDS.search(text))


_MIN_MENTIONS = 2
_TRIAL_DESIGNS = frozenset({"randomised controlled trial"})
_AMBIGUOUS = re.compile(r"^(?:tablets?|antibod(?:y|ies)|medicines?|screening)$", re.IGNORECASE)
_GIVEN_BEFORE = re.compile(
    r"\b(?:giv(?:e|en|ing)|gave|tak(?:e|es|en|ing)|took|prescrib\w+|inject\w*|receiv\w+|administer\w*|doses? of|"
    r"treated with|treatment with|infus\w+|swallow\w*)\s+(?:\w+\s+){0,3}$", re.IGNORECASE)
_GIVEN_AFTER = re.compile(
    r"\s+(?:\w+\s+){0,2}?(?:(?:was|were|is|are|being)\s+(?:given|injected|infused|administered|prescribed)|"
    r"treatment|therapy|infusions?|injections?|doses?|drugs?)\b", re.IGNORECASE)
_NOT_THIS_STUDY = re.compile(
    r"\b(?:develop(?:ing|ers?|ment)|to develop|work(?:ing)? on|one day|someday|in the future|future|could lead to|"
    r"would need|hope to|hopes? (?:that|for)|eventually|previous(?:ly)?|earlier|existing|so far|yet to|no (?:drug|"
    r"treatment|vaccine|cure)s?|there (?:is|are) no)\b", re.IGNORECASE)
_PROPER_MEDICINE = re.compile(r"\b(?:of|in|for|and) Medicine\b|\bMedicine (?:at|and|in)\b|\bMedicine's\b")


def _intervention_mentions(sentence: Sentence) -> int:
    """Intervention words in a sentence about this study's own treatment (see intervention_story)."""
    if _NOT_THIS_STUDY.search(sentence.text):
        return 0
    text = _PROPER_MEDICINE.sub(" ", sentence.text)
    count = 0
    for m in INTERVENTION_WORD.finditer(text):
        if _AMBIGUOUS.match(m.group(0)) and not (_GIVEN_BEFORE.search(text[max(0, m.start() - 40):m.start()])
                                                  or _GIVEN_AFTER.match(text, m.end())):
            continue  # "tablets" the computers, "antibodies" measured in blood
        count += 1
    return count


def _trusted_intervention(article: Article, profile: StudyProfile) -> bool:
    """The profile's intervention, when the story is about it: named in the story, and a proper name or a trial's arm.

    A lowercase dictionary word picked up from the abstract ("peptide" in a diet experiment) is not enough.
    """
    name = profile.intervention.split("(")[0].strip()
    if not name or name.lower() not in article.text.lower():
        return False
    return name != name.lower() or any(ch.isdigit() for ch in name) or profile.design in _TRIAL_DESIGNS


def intervention_story(article: Article, profile: StudyProfile) -> bool:
    """True for a story about a drug, device, procedure or screening test that the study itself tested.

    Decided from what the study tested, not by counting words: the profile's intervention when the story names it,
    else intervention words in the headline or lede, or at least two in sentences about this study. Background and
    future mentions ("work on a vaccine", "no drug exists yet"), "Medicine" in a job title and the ambiguous
    "tablets"/"antibodies" outside a treatment frame are not counted. An exposure that nobody was given (a mood, a
    habit, a diet observed) is not an intervention, and needs no harms.
    """
    if _trusted_intervention(article, profile):
        return True
    opening = [s for s in (headline_sentence(article), lede_sentence(article)) if s is not None]
    if any(_intervention_mentions(s) for s in opening):
        return True
    return sum(_intervention_mentions(s) for s in article.sentences) >= _MIN_MENTIONS


def _target(article: Article) -> Sentence | None:
    """A whole-story omission points at the headline (else the lede): the label an editor writes quotes it."""
    return headline_sentence(article) or lede_sentence(article)


def _passing_sentence(article: Article, at: int) -> Sentence | None:
    """Where the story calls the intervention safe without saying what its harms are: the problem is there."""
    return next((s for s in article.sentences if s.start <= at < s.end), None)


def _named_at(article: Article, profile: StudyProfile) -> Sentence | None:
    """The first sentence naming the intervention, given as article evidence beside the headline."""
    name = profile.intervention.split("(")[0].strip().lower()
    for sentence in body_sentences(article):
        if (name and name in sentence.text.lower()) or (not name and _intervention_mentions(sentence)):
            return sentence
    return None


_NO_EVENTS = re.compile(
    r"\bno (?:serious |severe |treatment-related |drug-related |major |other )?(?:adverse (?:events?|effects?|"
    r"reactions?)|side[- ]effects?|safety (?:concerns?|signals?|issues?)|complications?|toxicit\w+)\b|"
    r"\b(?:adverse events?|side[- ]effects?) (?:were|was) (?:not|never) (?:observed|reported|seen|recorded)\b|"
    r"\bwithout (?:any )?(?:adverse|side[- ]effects?|complications?)\b", re.IGNORECASE)
_EVENTS = re.compile(
    r"\badverse (?:events?|effects?|reactions?)\b|\bside[- ]effects?\b|\btoxicit\w+|\bcomplications?\b|"
    r"\b(?:nausea|vomiting|diarrh\w+|headaches?|dizziness|rash\w*|fatigue|insomnia|bleeding|thrombocytopeni\w+|"
    r"hypoglyc\w+|infections?|injection[- ]site reactions?|weight loss|discontinu\w+|irritation|swelling|"
    r"constipation|drowsiness|somnolence|itch\w*|bloating|cramps?|gastrointestinal|allergic reactions?|"
    r"(?:mild|moderate|severe) (?!and\b|or\b)\w+)\b", re.IGNORECASE)
_EVENTS_IN_RESULTS = re.compile(r"\badverse (?:events?|effects?|reactions?)\b|\bside[- ]effects?\b|"
                                r"\bserious adverse\b|\btreatment-related\b[^.]{0,40}\b(?:events?|toxicit\w+)",
                                re.IGNORECASE)
_BACKGROUND_HARMS = re.compile(r"\bpreviously\b|\bhas been (?:reported|associated)\b|\bare known\b|\bknown to\b",
                               re.IGNORECASE)
"""A sentence about the drug's known harms in earlier work is not what this study found."""


def paper_harms(paper: Paper | None) -> tuple[SectionSentence, bool] | None:
    """The full-text sentence that reports the study's harms, and whether it reports none.

    A section for adverse events or safety is read first (any harm word counts there), then the results (only an
    explicit adverse-event sentence). A sentence that reports harms wins over one that reports none ("No serious
    adverse events occurred; 3 patients had nausea" reports some); a sentence about harms known from earlier work
    is skipped."""
    for kinds, pattern in ((("adverse-events",), _EVENTS), (("results",), _EVENTS_IN_RESULTS)):
        none: SectionSentence | None = None
        for found in sentences_of(sections_of(paper, *kinds)):  # type: ignore[arg-type]
            text = found.span.text
            if _BACKGROUND_HARMS.search(text) or not (pattern.search(text) or _NO_EVENTS.search(text)):
                continue
            if pattern.search(_NO_EVENTS.sub(" ", text)):
                return found, False
            none = none or found
        if none is not None:
            return none, True
    return None


def _tells_reported(text: str, reported: SectionSentence) -> bool:
    """The story names a harm the paper reports ('nasal irritation', 'headaches'), in words the harms list lacks."""
    named = {m.group(0).lower().rstrip("s")[:8] for m in _EVENTS.finditer(reported.span.text)}
    return any(m.group(0).lower().rstrip("s")[:8] in named for m in _EVENTS.finditer(text))


def _message(what: str, passing: re.Match[str] | None, reported: tuple[SectionSentence, bool] | None) -> str:
    if passing:
        message = (f"The story mentions safety only in passing ('{passing.group(0)}') and never says what the side "
                   f"effects or risks of {what} are.")
    else:
        message = f"The story is about {what} but never mentions side effects, risks or harms."
    if reported is not None:
        where = section_name(reported[0].section)
        message += (f" The paper reports on harms and found none of note ({where}): say so, and for how many people."
                    if reported[1] else f" The paper reports harms ({where}).")
    return message


def check(ctx: CheckContext) -> list[Flag]:
    """One flag when no sentence explains the intervention's harms: at the sentence that calls it safe in passing,
    else at the headline (a whole-story omission). With full text, the paper's adverse-events sentence is cited."""
    article, profile = ctx.article, ctx.profile
    if mentions_harms(article.text):
        return []
    reported = paper_harms(ctx.paper)
    if reported is not None and not reported[1] and _tells_reported(article.text, reported[0]):
        return []
    trial_harms = profile.design in _TRIAL_DESIGNS and reported is not None and not reported[1]
    if not (intervention_story(article, profile) or trial_harms):
        return []
    passing = _PASSING.search(article.text)
    target = _passing_sentence(article, passing.start()) if passing else None
    target = target or _target(article)
    if target is None:
        return []
    what = profile.intervention if _trusted_intervention(article, profile) else "the intervention"
    evidence: list[Evidence | None] = []
    if reported is not None:
        evidence.append(fulltext_evidence(reported[0], "the paper reports no adverse events" if reported[1]
                                          else "the harms the paper reports"))
    named = _named_at(article, profile)
    if named is not None and named.index != target.index:
        evidence.append(article_evidence(article, named.start, named.end, "the story's intervention"))
    if ctx.paper is not None and what != "the intervention":
        name = profile.intervention.split("(")[0].strip()
        sent = next((s for s in abstract_sentences(ctx.paper) if name in s.text), None)
        if sent is not None:
            evidence.append(abstract_evidence(sent, f"intervention: {profile.intervention}"))
    suggestion = (f"Say that the study reported no adverse events with {what}." if reported and reported[1]
                  else f"Add what is known about the side effects and risks of {what}.")
    confidence = 0.55 if passing else (0.8 if reported is not None and not reported[1] else 0.75)
    return [make_flag("harms", article, target.start, target.end, severity="medium",
                      message=_message(what, passing, reported), evidence=evidence, suggestion=suggestion,
                      confidence=confidence)]
