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

import re

from caveat.analysis.language import advice_level
from caveat.analysis.profile import abstract_sentences
from caveat.analysis.quotes import attributions, quote_regions
from caveat.analysis.sources import classify
from caveat.analysis.spans import abstract_evidence, make_flag, metadata_evidence
from caveat.core.models import Article, Flag, Paper, Sentence
from caveat.rules.context import CheckContext
from caveat.rules.declaration import CheckDeclaration, Example

__all__ = ["check", "paper_gives_advice", "reader_advice"]

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
    r"|\b(?:you|your)\b"
    r"|\bit(?:'s| is) (?:best|wise|advisable|worth|important) to\b"
    r"|\b(?:experts?|doctors|the researchers|the authors) (?:recommend|advise|urge)\b",
    re.IGNORECASE,
)
_IMPERATIVE = re.compile(
    r"^\W*(?:so,?\s+)?(?:eat|drink|take|avoid|stop|cut (?:down|back)|limit|try|swap|skip|add|start|get (?:more|enough|"
    r"your)|keep|don[’']t|do not|never (?:eat|drink|take|skip)|make sure|switch|ditch|consider)\b",
    re.IGNORECASE,
)
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
    doctor')."""
    if _RESEARCH.search(sentence):
        return False
    if _SEE_A_DOCTOR.search(sentence) and not _ABOUT_STARTING.search(sentence):
        return False
    if _IMPERATIVE.search(sentence):
        return True
    return advice_level(sentence) > 0 and bool(_ADDRESSED.search(sentence))


def paper_gives_advice(paper: Paper) -> bool:
    """Any abstract sentence with advice that is not about further research."""
    return any(advice_level(s.text) > 0 and not _RESEARCH.search(s.text) for s in abstract_sentences(paper))


def _speakers(article: Article, paper: Paper | None) -> dict[int, list[tuple[int, str]]]:
    """Paragraph index -> (position, kind) of each quoted speaker in it."""
    spans = [(p.start, p.end) for p in article.paragraphs]
    out: dict[int, list[tuple[int, str]]] = {}
    for attr in attributions(article.text, spans):
        if not attr.quoted:
            continue
        for p in article.paragraphs:
            if p.start <= attr.start < p.end:
                out.setdefault(p.index, []).append((attr.start, classify(attr, paper)))
    return out


def _unquoted(article: Article, sentence: Sentence) -> str:
    """The sentence with quoted words blanked out: what the writer says in their own voice."""
    para = article.paragraphs[sentence.paragraph]
    chars = list(sentence.text)
    for a, b in quote_regions(article.text, para.start, para.end):
        for i in range(max(a, sentence.start), min(b, sentence.end)):
            chars[i - sentence.start] = " "
    return "".join(chars)


def _speaker_is_team(sentence: Sentence, speakers: dict[int, list[tuple[int, str]]]) -> bool:
    """The speaker attributed in this sentence, else the paragraph's first speaker, is one of the study's own."""
    in_para = speakers.get(sentence.paragraph, [])
    here = [kind for pos, kind in in_para if sentence.start <= pos < sentence.end]
    kinds = here or [kind for _, kind in in_para[:1]]
    return bool(kinds) and all(k == "affiliated" for k in kinds)


def check(ctx: CheckContext) -> list[Flag]:
    """Flag reader advice (writer's own, or the study team's quoted) when the abstract gives none."""
    paper = ctx.paper
    if paper is None or not paper.abstract.strip() or paper_gives_advice(paper):
        return []
    speakers = _speakers(ctx.article, paper)
    flags: list[Flag] = []
    for sentence in ctx.article.sentences:
        if reader_advice(_unquoted(ctx.article, sentence).strip()):
            who = "The article"
        elif reader_advice(sentence.text) and _speaker_is_team(sentence, speakers):
            who = "The study team's quote"
        else:
            continue
        message = f"{who} gives readers advice that the paper's abstract does not give; cut it or source it."
        evidence = (abstract_evidence(ctx.profile.conclusions[-1].span, "the paper's conclusion: no advice")
                    if ctx.profile.conclusions else
                    metadata_evidence("abstract", paper.abstract[:200], "no abstract sentence gives advice"))
        flags.append(make_flag("advice", ctx.article, sentence.start, sentence.end, severity="high",
                               message=message, evidence=[evidence],
                               suggestion="Report what the study found and leave advice to the reader's doctor.",
                               confidence=0.7))
    return flags
