"""advice: the article tells readers what to do when the paper gives no such recommendation.

Decisions (documented because each is a judgement):
- Only advice addressed to readers or to a group of people counts: "you should", an imperative ("Eat more
  fibre"), "people/patients/parents should...". "Further trials are needed" is advice to researchers, not readers.
- The check needs the paper: it flags only when the abstract is known and none of its sentences gives advice
  (advice_level 0 once sentences about future research are set aside). Without the abstract it stays quiet; the
  checklist then asks the editor to look.
- Quoted advice is flagged only when the speaker is one of the study's own people (the authors going beyond their
  paper). An independent expert's quoted advice is theirs to give, often general guidance, and is not flagged.
"""

from __future__ import annotations

import bisect
import re

from caveat.analysis.attribution import Voices, read_voices
from caveat.analysis.language import advice_level
from caveat.analysis.profile import abstract_sentences
from caveat.analysis.quotes import quote_regions
from caveat.analysis.sources import person_spans
from caveat.analysis.spans import abstract_evidence, make_flag, metadata_evidence
from caveat.core.models import Article, Flag, Paper, Sentence
from caveat.rules.context import CheckContext
from caveat.rules.declaration import CheckDeclaration, Example

__all__ = ["check", "paper_gives_advice", "reader_advice", "reported_advice"]

_WALNUTS = Paper(
    title="Walnut intake and cholesterol in middle-aged adults",
    abstract="We recorded the diets of 400 middle-aged adults. Those who ate walnuts had lower LDL cholesterol "
             "than those who did not.",
)
_WALNUTS_ADVISED = Paper(
    title=_WALNUTS.title,
    abstract=_WALNUTS.abstract + " Adults with high cholesterol should consider eating walnuts daily.",
)
DECLARATION = CheckDeclaration(
    id="advice",
    severity="high",
    items=(11,),
    summary="advice to readers that the paper never gives",
    title="Advice to readers that the study does not give",
    todo="Cut the advice or attribute it to someone qualified to give it.",
    compares="article vs paper",
    judge_hint="the sentence tells readers what to do and the abstract gives no such recommendation.",
    fires=(Example("Walnuts and cholesterol\n\nYou should eat a handful of walnuts every day to protect your "
                   "heart.", _WALNUTS),),
    does_not_fire=(Example("Walnuts and cholesterol\n\nPeople with high cholesterol should eat walnuts every day, "
                           "the authors conclude.", _WALNUTS_ADVISED),),
)

_GROUP = (r"(?:you|people|patients|adults|parents|women|men|readers|consumers|everyone|anyone|those|smokers|"
          r"drinkers|children|kids|older adults|the elderly|pregnant women|dieters|sufferers|we all|families|"
          r"doctors|gps|clinicians|runners|athletes)")
_ADDRESSED = re.compile(
    r"\b" + _GROUP + r"\b(?:\s+\w+){0,6}?\s+(?:should|must|ought to|need to|needs to|may want to|might want to|"
    r"could consider|would do well to|are advised to|is advised to)\b"
    r"|\byou(?:['’]d| would)?\s+(?:\w+ly\s+|really\s+|still\s+|too\s+)?(?:should|must|ought to|need to|have to|"
    r"had better|may want to|might want to|want to avoid|can(?:not|['’]t) afford to)\b"
    r"|\bit(?:'s| is) (?:best|wise|advisable|worth|important) to\b"
    r"|\b(?:experts?|doctors|the researchers|the authors) (?:recommend|advise|urge)\b",
    re.IGNORECASE,
)
_IMPERATIVE = re.compile(
    r"^\W*(?:so,?\s+|now,?\s+|then,?\s+)?(?:eat|drink|take|avoid|stop|cut (?:down|back|out)|limit|try|swap|skip|add|"
    r"start|get (?:more|enough|your)|keep|don[’']t|do not|never (?:eat|drink|take|skip|use)|make sure|switch (?:off|"
    r"to)|ditch|consider|put (?:away|down|off)|turn off|throw (?:away|out)|give up|reach for|opt for|choose|go to "
    r"bed|sleep (?:in|more|longer)|read(?! more| on\b| about| the (?:full |whole )?(?:study|paper|story|article))|"
    r"walk|exercise|leave your|ban|forget|ignore|grab|wear|stay (?:away|off|in)|"
    r"spend less|spend more|use (?:less|more)|unplug|log off|close your)\b",
    re.IGNORECASE,
)
_PREFIX = re.compile(r"^[^:.!?]{0,40}(?::|—|--|–)\s*")
"""A vocative or label before an imperative ('Listen up, students: put away ...', 'The verdict -- eat less')."""
_REPORTED_ADVICE = re.compile(
    r"\b(?:advis\w*|urg\w*|recommend\w*|encourag\w*|tell\w*|told|warn\w*)\s+(?:his\s+|her\s+|their\s+|all\s+)?"
    r"(?:patients|people|readers|parents|everyone|adults|women|men|consumers|the public|students|you|others)\s+"
    r"(?:to|not to|against)\s+\w+"
    r"|\brecommends?\s+that\s+(?:\w+\s+){0,2}?(?:people|patients|parents|adults|everyone|readers|students|women|"
    r"men|consumers|you)\b",
    re.IGNORECASE,
)
"""Advice as reported speech: 'advising his patients to skip ...', 'the research recommends that people ...'."""
_TEAM_SUBJECT = re.compile(r"\b(?:the|this|their|a new)\s+(?:new\s+)?(?:study|research|paper|report|findings|team|"
                           r"researchers|authors|scientists)\b", re.IGNORECASE)
_INDIRECT = re.compile(r"\b(?:how|whether|if|what|why|when|which)\b[^.;:]{0,80}?\b(?:should|must|ought to|need to)\b",
                       re.IGNORECASE)
"""'Nor is it clear how concerned people should be': a question about advice, not advice."""
_RESEARCH = re.compile(
    r"\b(?:further|future|more|larger|additional)\s+(?:\w+\s+)?(?:research|studies|study|work|trials?|"
    r"investigation|experiments?)|\bshould be (?:investigated|explored|studied|confirmed|evaluated|tested|"
    r"examined|validated|replicated)|\bwarrant|\bneed(?:s|ed)? to be (?:tested|confirmed|evaluated|studied|"
    r"replicated|validated)",
    re.IGNORECASE,
)


_SEE_A_DOCTOR = re.compile(
    r"\b(?:talk|speak|check) (?:to|with) (?:your|their|a) (?:doctor|gp|physician|pharmacist|health ?care provider|"
    r"clinician|nurse)|\b(?:consult|ask|see|call) (?:your|their|a) (?:doctor|gp|physician|pharmacist|"
    r"health ?care provider|clinician)|\bseek (?:medical )?(?:advice|help|care)\b",
    re.IGNORECASE,
)
"""'Talk to your doctor' is the safe default every health story may give, not advice the study must support."""
_ABOUT_STARTING = re.compile(r"\babout (?:taking|using|starting|trying|getting|switching to|adding)\b", re.IGNORECASE)
"""...unless it sends readers to ask for the very thing the story is about ('ask your doctor about taking X')."""


def reader_advice(sentence: str) -> bool:
    """True when the sentence advises readers or a group of people (not researchers, not a bare 'see your
    doctor', not an indirect question about what people should do)."""
    if _RESEARCH.search(sentence):
        return False
    if _SEE_A_DOCTOR.search(sentence) and not _ABOUT_STARTING.search(sentence):
        return False
    if _IMPERATIVE.search(sentence) or _IMPERATIVE.search(_PREFIX.sub("", sentence, count=1)):
        return True
    direct = _INDIRECT.sub(" ", sentence)
    return advice_level(direct) > 0 and bool(_ADDRESSED.search(direct))


def reported_advice(sentence: str) -> bool:
    """Advice passed on as reported speech ('advising his patients to skip it', 'the study recommends that
    people ...')."""
    return bool(_REPORTED_ADVICE.search(sentence)) and not _RESEARCH.search(sentence)


_ADVICE_TARGET = re.compile(
    r"\b(?:patients?|clinicians?|physicians?|doctors?|practitioners?|people|individuals|adults|children|parents|"
    r"women|men|public|consumers|students|teachers|schools?|policy|policymakers|practice|guidelines?|screening|"
    r"recommend\w*|advis\w*|caution)\b",
    re.IGNORECASE,
)


def paper_gives_advice(paper: Paper) -> bool:
    """Any abstract sentence that advises somebody (patients, clinicians, people, practice, a recommendation), not
    further research. A hedged finding ('taking more notes can help') is not a recommendation."""
    for s in abstract_sentences(paper):
        level = advice_level(s.text)
        if level and not _RESEARCH.search(s.text) and (level == 2 or _ADVICE_TARGET.search(s.text)):
            return True
    return False


def _speakers(article: Article, paper: Paper | None) -> tuple[dict[int, list[tuple[int, str]]], Voices]:
    """Paragraph index -> (position, role) of each quoted speaker in it, and the whole attribution model."""
    voices = read_voices(article, paper)
    out: dict[int, list[tuple[int, str]]] = {}
    starts = [p.start for p in article.paragraphs]
    for voice in voices.voices:
        at = bisect.bisect_right(starts, voice.start) - 1
        if voice.quoted and at >= 0:
            out.setdefault(article.paragraphs[at].index, []).append((voice.start, voice.role))
    return out, voices


def _unquoted(article: Article, sentence: Sentence, regions: dict[int, list[tuple[int, int]]]) -> str:
    """The sentence with quoted words blanked out: what the writer says in their own voice."""
    if sentence.paragraph not in regions:
        para = article.paragraphs[sentence.paragraph]
        regions[sentence.paragraph] = quote_regions(article.text, para.start, para.end)
    chars = list(sentence.text)
    for a, b in regions[sentence.paragraph]:
        for i in range(max(a, sentence.start), min(b, sentence.end)):
            chars[i - sentence.start] = " "
    return "".join(chars)


def _speaker_is_team(sentence: Sentence, speakers: dict[int, list[tuple[int, str]]]) -> bool:
    """The speaker attributed in this sentence, else the paragraph's first speaker, is one of the study's own."""
    in_para = speakers.get(sentence.paragraph, [])
    here = [kind for pos, kind in in_para if sentence.start <= pos < sentence.end]
    kinds = here or [kind for _, kind in in_para[:1]]
    return bool(kinds) and all(k == "affiliated" for k in kinds)


def _advisor_is_team(text: str, voices: Voices) -> bool:
    """Reported advice whose advisor is the study (its team, its paper) or a person the model places in it."""
    people = person_spans(text)
    if people:
        return all(voices.role_of(name) == "affiliated" for _, _, name in people[:1])
    return bool(_TEAM_SUBJECT.search(text))


def _who(article: Article, sentence: Sentence, speakers: dict[int, list[tuple[int, str]]], voices: Voices,
         regions: dict[int, list[tuple[int, int]]]) -> str:
    """Who gives the advice in this sentence, or '' when it is nobody the check holds to the paper."""
    unquoted = _unquoted(article, sentence, regions).strip()
    if reported_advice(unquoted) and _advisor_is_team(unquoted, voices):
        return "The article passes on the study team's advice, which"
    if reader_advice(unquoted) and not reported_advice(unquoted):
        return "The article gives readers advice that"
    if reader_advice(sentence.text) and _speaker_is_team(sentence, speakers):
        return "The study team's quote gives readers advice that"
    return ""


def check(ctx: CheckContext) -> list[Flag]:
    """Flag reader advice (the writer's own, or the study team's, quoted or reported) when the abstract gives
    none."""
    paper = ctx.paper
    if paper is None or not paper.abstract.strip() or paper_gives_advice(paper):
        return []
    speakers, voices = _speakers(ctx.article, paper)
    flags: list[Flag] = []
    regions: dict[int, list[tuple[int, int]]] = {}
    for sentence in ctx.article.sentences:
        who = _who(ctx.article, sentence, speakers, voices, regions)
        if not who:
            continue
        message = f"{who} the paper's abstract does not give; cut it or source it."
        evidence = (abstract_evidence(ctx.profile.conclusions[-1].span, "the paper's conclusion: no advice")
                    if ctx.profile.conclusions else
                    metadata_evidence("abstract", paper.abstract[:200], "no abstract sentence gives advice"))
        flags.append(make_flag("advice", ctx.article, sentence.start, sentence.end, severity="high",
                               message=message, evidence=[evidence],
                               suggestion="Report what the study found and leave advice to the reader's doctor.",
                               confidence=0.7))
    return flags
