"""The study's labels (design, subjects, size, stage, peer review, conclusions) read from the paper by rules.

Each label keeps the abstract sentence or metadata field that decided it, because an editor trusts a label only
when the report can show where it came from (CHECKLIST.md section 1). Rules are ordered from the most specific
cue to the most generic: a meta-analysis of trials mentions "randomised", a mouse study mentions patients in its
background, so the first matching rule wins and background sentences weigh less than "we"/method sentences.
"""

from __future__ import annotations

import re
from functools import lru_cache

from caveat.analysis.article import split_sentences
from caveat.analysis.fulltext import section_name, section_sentences, sections_of
from caveat.analysis.language import claim_strength, hedge_spans
from caveat.core.models import Conclusion, Evidence, Paper, PaperSection, Span, StudyProfile

__all__ = ["abstract_sentences", "build_profile", "number_value"]

_SPECIES = {
    "mice": r"mice|mouse|murine",
    "rats": r"rats?\b|rodents?",
    "zebrafish": r"zebrafish",
    "fruit flies": r"drosophila|(?:fruit )?(?:flies|fly)\b",
    "worms": r"c\. elegans|caenorhabditis|nematodes?",
    "pigs": r"pigs?\b|piglets?|porcine|swine",
    "monkeys": r"monkeys?|macaques?|primates?",
    "dogs": r"dogs?\b|canine",
    "rabbits": r"rabbits?",
    "hamsters": r"hamsters?",
    "ferrets": r"ferrets?",
    "frogs": r"xenopus|frogs?\b|tadpoles?",
    "sheep": r"sheep|ovine",
}
_SPECIES_RE = {name: re.compile(r"\b(?:" + pat + r")", re.IGNORECASE) for name, pat in _SPECIES.items()}

_HUMAN_STUDY = re.compile(
    r"\b(?:participants?|enrolled|recruited|volunteers?|respondents?|patients (?:were|who|aged|received)|"
    r"(?:adults|children|women|men|people|individuals|students|infants|adolescents) (?:who|aged|were (?:enrolled|"
    r"recruited|randomi[sz]ed|assigned|followed|surveyed|interviewed|asked|given|invited|included|selected|"
    r"tested|screened|studied|examined|treated|aged))|"
    r"(?:sample|group|panel|cohort) of (?:[\w-]+ ){0,3}(?:adults|children|women|men|people|students|patients|"
    r"volunteers|adolescents)|"
    r"\d[\d,]* (?:[a-z-]+ ){0,2}(?:adults|children|women|men|people|individuals|patients|students|infants|"
    r"adolescents|pregnan\w+))\b",
    re.IGNORECASE,
)
"""People enrolled in the study; not 'cells derived from people with X' (a source of cells, not subjects)."""
_HUMAN_DATA = re.compile(
    r"\b(?:mammogra\w+|chest (?:radiographs?|x-rays?)|ct scans?|mri scans?|medical images|(?:health|medical|patient) "
    r"records|electronic health|healthcare databases|biobank|registry|radiologists|clinicians)\b",
    re.IGNORECASE,
)
"""Real data about people: a model run on these is an evaluation on people, not a simulation."""
_PEOPLE_NOUN = re.compile(r"\b(?:students|pupils|adults|children|adolescents|teenagers|participants|volunteers|"
                          r"patients|women|men|workers|employees)\b", re.IGNORECASE)
"""People named in a study sentence: enough to say who an experiment or a survey studied, not to veto a lab design."""
_NOT_PEOPLE = re.compile(r"\b(?:fossils?|remains|skeletal|skeletons?|excavat\w+|burials?|specimens)\b", re.I)
"""'remains from six individuals' counts the dead of an excavation, not enrolled people."""

_BACKGROUND = re.compile(
    r"\b(?:has|have|had) (?:\w+ ){0,2}been (?:\w+ )?(?:reported|associated|linked|shown|suggested|described|"
    r"proposed|found|observed|studied|used)\b|\b(?:previous|earlier|prior|past) (?:\w+ ){0,2}(?:stud|work|research"
    r"|reports|trials|analys)|\bso far\b|\bassessments from\b|\b(?:is|are|remains?) (?:still )?(?:unclear|unknown|"
    r"poorly understood|disputed|debated)\b|\blittle is known\b|\bhave yet to\b|\bit is (?:unclear|unknown)\b|"
    r"^(?:background|introduction|context|rationale)\b",
    re.IGNORECASE,
)
"""Sentences about earlier or other work: a design word there ('model simulations', 'a previous trial') is not
this study's design."""
_OWN_STUDY = re.compile(r"\b(?:we|our|here|this (?:\w+ )?(?:study|trial|analysis|paper|work|experiment|report))\b",
                        re.IGNORECASE)

_RCT = re.compile(r"\brandomi[sz]ed\b(?:[^.]|\.\d){0,60}\b(?:trial|controlled|study|experiment)|"
                  r"\brandomly (?:assigned|allocated)|\brandom (?:assignment|allocation)\b|"
                  r"\b(?:were|was) randomi[sz]ed\b|\brandomi[sz]ed (?:\d:\d )?to\b|\bRCT\b", re.I)
_CASE_REPORT = re.compile(r"\bcase report\b|\bwe (?:report|describe|present) (?:a|the) case|"
                          r"\ba \d+-year-old (?:man|woman|boy|girl|patient)", re.I)
_DESIGN_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("meta-analysis or systematic review",
     re.compile(r"\bmeta-?analys[ie]s\b|\bsystematic(?:al)? review|\bpooled analysis|\bumbrella review", re.I)),
    ("randomised controlled trial", _RCT),
    ("case report", _CASE_REPORT),
    ("qualitative", re.compile(r"\bqualitative (?:study|studies|research|design|methods?|interviews?|inquiry|"
                               r"approach)\b|\b(?:semi-structured|in-depth) interviews|\bfocus groups?|"
                               r"\bthematic analysis|\bgrounded theory\b", re.I)),
    ("computer model", re.compile(r"\bin silico\b|\bsimulations?\b|\bcomputational model|\bmathematical model|"
                                  r"\bmodell?ing study|\bagent-based model|\bmicrosimulation|\bfirst-principles "
                                  r"calculations|\bmolecular dynamics|\bgraph (?:neural )?networks?\b", re.I)),
    ("case-control", re.compile(r"\bcase-?control\b|\bmatched controls\b", re.I)),
    ("cohort", re.compile(r"\bcohort\b|\bprospective(?:ly)?\b[^.]{0,40}\bfollowed|\blongitudinal\b|"
                          r"\bfollowed (?:up )?for\b|\bfollow-up of\b", re.I)),
    ("cross-sectional", re.compile(r"\bcross-?sectional\b|\bsurvey(?:s|ed)?\b|\bquestionnaires?|"
                                   r"\bsero-?(?:prevalence|survey)|\bself-reported\b", re.I)),
    ("observational", re.compile(r"\bobservational\b|\bregistry\b|\bretrospective\b|\bhealth records\b|"
                                 r"\b(?:is|are|was|were) associated with\b|\bcorrelational\b|\bsecondary analys[ie]s|"
                                 r"\b(?:an?|no|the|negative|positive|inverse|significant|small|weak|strong) "
                                 r"(?:but \w+ )?association (?:of|between|with)\b", re.I)),
]
_MODEL_RULE = 4
_IN_VITRO = re.compile(r"\bin vitro\b|\bex vivo\b|\bcell lines?\b|\bcultured (?:\w+ ){0,3}cells\b|\borganoids?\b|"
                       r"\bspheroids?\b|\b3-?d (?:cell )?cultures?\b|\bcell cultures?\b|\bin cultured?\b|"
                       r"\b(?:neutrali[sz]ation|cell-based|cytotoxicity|binding|infection|entry|plaque|reporter) "
                       r"assays?\b|\bpseudo-?virus(?:es)?\b|\binfect(?:ing|ed) (?:\w+ ){0,2}cells\b|"
                       r"\bstem[- ]cell-derived\b", re.I)
_CELL_LINE = re.compile(r"\b(?:HeLa|HEK-?293T?|Caco-2|Vero(?: E6)?|MCF-?7|A549|Jurkat|THP-1|SH-SY5Y|HepG2|"
                        r"U2OS|(?:h)?iPSCs?)\b")
"""Named human and animal cell lines: a study of these is a cell study whatever else it names."""
_EXPERIMENT = re.compile(
    r"\b(?<!natural )(?<!quasi-)(?<!thought )experiments?\b|\bexperimental (?:evaluation|study|design|group|"
    r"condition|manipulation)|\b(?:were|was) (?:randomly )?assigned to\b|\bplacebo-controlled\b",
    re.IGNORECASE,
)
"""The study says it is an experiment: a design that can support causal words where measured."""
_MANIPULATION = re.compile(
    r"\bwe (?:made|synthesi[sz]ed|fabricated|engineered|mutated|manipulated|moved|switched|exposed|injected|"
    r"administered|fed)\b|\bby (?:mutating|knocking (?:out|down)|deleting|injecting|feeding)\b",
    re.IGNORECASE,
)
"""The researchers did something to the material or organism; read only when no other design cue was found, since
'we exposed' or 'we treated missing data' also occur in observational abstracts."""
_TRIAL = re.compile(r"\b(?:single-arm|open-label|non-?randomi[sz]ed|uncontrolled)\b[^.]{0,40}\b(?:trial|study)|"
                    r"\bphase\s+(?:1|2|3|4|I|II|III|IV)\b", re.I)
_OBSERVATIONAL = frozenset({"cohort", "case-control", "cross-sectional", "observational"})
_EXPERIMENTAL = frozenset({"randomised controlled trial", "animal experiment", "in vitro"})

_PHASE = re.compile(r"\bphase\s+(1|2|3|4|IV|III|II|I)(?:\s*/\s*(?:1|2|3|II|III|I))?\b", re.I)
_PHASES = {"1": "phase 1", "I": "phase 1", "2": "phase 2", "II": "phase 2", "3": "phase 3", "III": "phase 3",
           "4": "phase 4", "IV": "phase 4"}
_PILOT = re.compile(r"\bpilot\b|\bfeasibility (?:study|trial)\b|\bproof-of-concept\b", re.I)

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}
_COUNT_NOUN = (r"(?:participants|patients|adults|children|people|individuals|women|men|volunteers|subjects|"
               r"students|respondents|infants|newborns|pregnancies|veterans|nurses|employees|workers|adolescents|"
               r"teenagers|mice|rats|animals|monkeys|pigs|dogs|zebrafish|flies|cases|controls)")
_SCALE = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_SAMPLE = [
    re.compile(r"\b[nN]\s*=\s*(?P<n>\d[\d,]*)(?P<per>\s*(?:/|per\s+)(?:arm|group))?"),
    re.compile(r"(?<![\w.,/-])(?P<n>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|" + "|".join(_NUMBER_WORDS) + r")"
               r"(?:\s+(?P<scale>thousand|million|billion))?\s+(?P<per>per (?:arm|group)\s+)?"
               r"(?:[a-z-]+\s+){0,2}?" + _COUNT_NOUN + r"\b", re.IGNORECASE),
]
_NOT_A_SAMPLE = re.compile(r"\bso far\b|\bpublished\b|\bprevious(?:ly)?\b|\bearlier\b|\brepresent\w*\b|"
                           r"\bpredict\w*\b|\bprojected\b|\bworldwide\b|\bglobally\b", re.IGNORECASE)
"""Counts in sentences about earlier cases, estimates or projections ('represent 81,000 infected people') are not
the study's sample."""
_YEAR_BEFORE = re.compile(r"\b(?:in|since|from|during|by|until|between|and|to|of)\s+$", re.IGNORECASE)
_CONTROL_BEFORE = re.compile(r"\bcontrols?\b|\bcomparison\b|\breference\b", re.IGNORECASE)
_ARMS = re.compile(r"\b(?P<k>two|three|four|five|2|3|4|5)\s+(?:[\w-]+\s+){0,2}?(?:arms|groups|diets|interventions|"
                   r"conditions|regimens)\b", re.IGNORECASE)
_SUBGROUP = re.compile(r"\b(?P<n>\d[\d,]*|" + "|".join(_NUMBER_WORDS) + r") (?:of (?:whom|them) |"
                       r"(?:participants|people|patients|subjects) )?(?:completed|finished|remained|returned|"
                       r"took part in (?:the )?(?:final|last|fourth|follow-up))\b", re.IGNORECASE)
_POPULATION = [
    re.compile(r"\baged (?P<lo>\d{2})\s*(?:-|–|to)\s*(?P<hi>\d{2,3})(?: years)?", re.IGNORECASE),
    re.compile(r"\b(?:aged|over|above|older than) (?P<lo>\d{2})(?: years)?(?: (?:and|or) (?:over|older|above))?",
               re.IGNORECASE),
    re.compile(r"\b(?P<old>older (?:adults|people|women|men|patients)|elderly (?:people|adults|patients)?)",
               re.IGNORECASE),
]
_OLD_AGE = 50
"""A lower age bound at or above this makes the study one of older people: 'younger people too' stretches it."""

_SECTION_LABEL = re.compile(r"^(?:conclusions?|interpretation|significance|implications)\b\s*:?\s*", re.IGNORECASE)
_CONCLUSION_LEAD = re.compile(
    r"^(?:these|our|the|together,? these|taken together,? (?:these|our|the))\s+(?:\w+\s+)?"
    r"(?:findings|results|data|observations|studies)\s+(?:\w+\s+)?(?:suggest|indicate|show|demonstrate|support|"
    r"provide|reveal|highlight|imply|point|raise|record|carry)|^(?:we conclude|in conclusion|in summary|in sum|"
    r"to conclude|to summari[sz]e|overall|collectively|taken together|together,)",
    re.IGNORECASE,
)
_CONCLUDE_BLOCK = re.compile(r"^(?:conclusions?|interpretation|to conclude|in conclusion|in summary)\b",
                             re.IGNORECASE)
"""A label that opens the conclusion paragraph of a flat abstract: it and every sentence after it conclude."""
_TRAILER = re.compile(r"^\(?(?:funding|funded by|registered|registration|trial registration|clinicaltrials\.gov|"
                      r"this (?:work|study|research) was (?:supported|funded))\b|\bNCT\d{6,}\b\)?\.?$",
                      re.IGNORECASE)
"""Funding and registration lines that close many abstracts: never the conclusion."""
_METHOD = re.compile(r"^(?:the )?(?:measurements|methods?|outcomes?|end ?points?) (?:include|were|was)\b|"
                     r"^we (?:measured|recorded|collected|used|recruited|enrolled)\b|"
                     r"\bconfidence in (?:these|our|the) (?:conclusions|results|findings) rests on\b", re.IGNORECASE)
"""How the study was done or checked: a closing sentence of this kind is no conclusion."""
_FINDING = re.compile(r"^(?:here,? )?we (?:show|find|found|demonstrate|report|present|provide evidence)\b|"
                      r"^here,? we\b", re.IGNORECASE)
_CONDITIONAL_THERAPY = re.compile(
    r"\b(?:may|might|could)\s+(?:\w+\s+)?(?:be|represent|serve as|offer|provide)\s+(?:a|an)\s+(?:\w+\s+){0,3}?"
    r"(?:therapy|treatment|therapeutic|target|strategy|approach|intervention|option)", re.IGNORECASE)

_DRUG_CONTEXT = re.compile(
    r"\b(?:drug|compound|molecule|inhibitor|agonist|antagonist|antibody|vaccine|device|supplement|senolytic|medication|"
    r"treatment with|administration of|treated with|dose of)\s+(?:\w+\s+)?"
    r"(?P<name>[A-Z][\w-]{2,}(?:\s*\([A-Z0-9][\w-]*\))?)"
)
_TRIAL_ARM = re.compile(r"\b(?:assigned|allocated|randomi[sz]ed) to (?:receive )?(?P<name>[A-Z][\w-]{2,})"
                        r"|\b(?P<name2>[A-Z][\w-]{2,}) (?:or|versus|vs\.?) (?:a )?placebo\b")
_DRUG_SUFFIX = re.compile(r"\b(?P<name>[A-Za-z]{3,}(?:mab|nib|clax|tide|pril|sartan|statin|olol|vir|mycin|"
                          r"cillin|zumab|parib|gliptin|glutide|azole|dronate|prazole|oxetine)\b"
                          r"(?:\s*\([A-Z0-9][\w-]*\))?)", re.IGNORECASE)
_STOP_NAMES = {"The", "This", "These", "That", "Here", "We", "Our", "In", "A", "An"}


def abstract_sentences(paper: Paper | None) -> list[Span]:
    """The abstract's sentences as Spans with offsets into paper.abstract (shared by the checks)."""
    if paper is None or not paper.abstract.strip():
        return []
    return list(_split_abstract(paper.abstract))


@lru_cache(maxsize=64)
def _split_abstract(text: str) -> tuple[Span, ...]:
    """Cached: every check asks for the same abstract's sentences, and pysbd is the slow part."""
    return tuple(Span(start=s, end=e, text=text[s:e]) for s, e in split_sentences(text))


def number_value(token: str) -> int | None:
    """'1,204' -> 1204, 'twelve' -> 12; None for anything else."""
    token = token.strip().lower()
    if token in _NUMBER_WORDS:
        return _NUMBER_WORDS[token]
    digits = token.replace(",", "")
    return int(digits) if digits.isdigit() else None


def _evidence(sent: Span, note: str) -> Evidence:
    return Evidence(kind="abstract", start=sent.start, end=sent.end, text=sent.text, note=note)


def _meta(field: str, text: str, note: str) -> Evidence:
    return Evidence(kind="metadata", field=field, text=text, note=note)


def _first(sentences: list[Span], pattern: re.Pattern[str]) -> Span | None:
    return next((s for s in sentences if pattern.search(s.text)), None)


def _study_sentences(paper: Paper, sentences: list[Span]) -> list[Span]:
    """The sentences about this study: not background, earlier work or a BACKGROUND section.

    An opening sentence with no 'we'/'here'/'this study' sets the scene in most abstracts, so it is background
    too when the abstract is long enough to have one. With nothing left, every sentence is used.
    """
    background_at: list[tuple[int, int]] = []
    for section in paper.abstract_sections:
        if re.match(r"\s*(?:background|introduction|context|objectives?|aims?|purpose|rationale)", section.label,
                    re.IGNORECASE):
            at = paper.abstract.find(section.text.strip()[:60])
            if at >= 0:
                background_at.append((at, at + len(section.text.strip())))
    out = []
    for i, sent in enumerate(sentences):
        if any(a <= sent.start < b for a, b in background_at) or _BACKGROUND.search(sent.text):
            continue
        if i == 0 and len(sentences) >= 3 and not (_OWN_STUDY.search(sent.text) or _HUMAN_STUDY.search(sent.text)
                                                   or any(p.search(sent.text) for p in _SPECIES_RE.values())
                                                   or _IN_VITRO.search(sent.text)):
            continue  # a scene-setting opener; one that names its subjects ("Mice lacking X live longer", "In
            # cultured cell lines, X blocked Y") stays
        out.append(sent)
    return out or sentences


def _types(paper: Paper) -> str:
    """Publication types in one form: 'Randomized-Controlled-Trial' and 'randomized controlled trial' agree."""
    return " | ".join(re.sub(r"[\s_-]+", " ", t).strip().lower() for t in paper.publication_types)


def _species(sentences: list[Span]) -> tuple[list[str], Span | None]:
    found: list[str] = []
    where: Span | None = None
    for sent in sentences:
        for name, pat in _SPECIES_RE.items():
            if pat.search(sent.text) and name not in found:
                found.append(name)
                where = where or sent
    return found, where


def _humans(sentences: list[Span]) -> Span | None:
    """The first sentence that enrols people (not one about excavated remains)."""
    return next((s for s in sentences if _HUMAN_STUDY.search(s.text) and not _NOT_PEOPLE.search(s.text)), None)


def _typed_design(paper: Paper) -> tuple[str, Evidence] | None:
    types = _types(paper)
    for label, cue in (("meta-analysis or systematic review", "meta analysis"),
                       ("meta-analysis or systematic review", "systematic review"),
                       ("randomised controlled trial", "randomized controlled trial"),
                       ("randomised controlled trial", "randomised controlled trial"),
                       ("case report", "case report")):
        if cue in types:
            return label, _meta("publication_types", ", ".join(paper.publication_types), f"type: {cue}")
    return None


def _rule_hit(study: list[Span], title: str, pattern: re.Pattern[str]) -> Span | None:
    """The first study sentence that matches, else the title (as a zero-offset marker) when it matches."""
    hit = _first(study, pattern)
    if hit is None and title and pattern.search(title):
        return Span(start=0, end=0, text=title)
    return hit


def _found(label: str, hit: Span, note: str) -> tuple[str, Evidence]:
    if hit.start == hit.end == 0:  # the title decided it
        return label, _meta("title", hit.text, note)
    return label, _evidence(hit, note)


def _design(paper: Paper, sentences: list[Span]) -> tuple[str, Evidence | None]:
    """The study's own design, by rules from the most specific cue to the most generic, on study sentences only."""
    typed = _typed_design(paper)
    if typed:
        return typed
    if not sentences:
        return "unknown", None
    study, title = _study_sentences(paper, sentences), paper.title
    for label, pattern in _DESIGN_RULES[:4]:
        hit = _rule_hit(study, title, pattern)
        if hit:
            return _found(label, hit, f"design: {label}")
    species, species_at = _species(study)
    human = _humans(study)
    if species and species_at and not human:
        return "animal experiment", _evidence(species_at, "design: animal experiment (species named)")
    vitro = _first(study, _IN_VITRO) or _first(study, _CELL_LINE)
    if vitro and not human:
        return "in vitro", _evidence(vitro, "design: cells or tissue in the lab")
    model = _first(study, _DESIGN_RULES[_MODEL_RULE][1])
    if model and not human and not _first(study, _HUMAN_DATA):
        return "computer model", _evidence(model, "design: computer model or simulation")
    experiment = _rule_hit(study, title, _EXPERIMENT)
    if experiment and (human or _first(study, _PEOPLE_NOUN)):
        return _found("other", experiment, "design: an experiment in people (random assignment not stated)")
    return _observational(study, title, human) or _fallback(study, sentences, experiment)


def _observational(study: list[Span], title: str, human: Span | None) -> tuple[str, Evidence] | None:
    for label, pattern in _DESIGN_RULES[_MODEL_RULE + 1:]:
        hit = _rule_hit(study, title, pattern)
        if hit is None:
            continue
        if label == "cross-sectional" and human is None and re.search(r"\bsurvey", hit.text, re.I) and not \
                re.search(r"cross-?sectional|questionnaire|sero|self-reported", hit.text, re.I):
            continue  # 'the surveyed area' of a sky or a field is no survey of people
        return _found(label, hit, f"design: {label}")
    return None


def _fallback(study: list[Span], sentences: list[Span], experiment: Span | None) -> tuple[str, Evidence]:
    trial = _first(study, _TRIAL)
    if trial:
        return "other", _evidence(trial, "design: non-randomised trial")
    done = experiment or _first(study, _MANIPULATION)
    if done:
        return _found("other", done, "design: an experiment (the researchers changed something and measured it)")
    return "other", _meta("abstract", sentences[0].text, "design: no design cue found in the abstract")


def _ceiling(design: str, evidence: Evidence | None) -> int | None:
    """What the design can support: experiments 3, observational designs 1, anything else unknown (None)."""
    if design in _EXPERIMENTAL:
        return 3
    if design in _OBSERVATIONAL:
        return 1
    if design == "other" and evidence is not None and "experiment" in evidence.note:
        return 3
    return None


def _subjects(design: str, study: list[Span], design_ev: Evidence | None) -> tuple[str, list[str], Evidence | None]:
    species, species_at = _species(study)
    human = _humans(study)
    if design == "animal experiment" and species_at:
        return "animals", species, _evidence(species_at, "subjects: " + ", ".join(species))
    if design == "in vitro":
        hit = _first(study, _IN_VITRO) or _first(study, _CELL_LINE)
        return "cells", [], _evidence(hit, "subjects: cells") if hit else None
    if design == "computer model":
        hit = _first(study, _DESIGN_RULES[_MODEL_RULE][1])
        return "none", [], _evidence(hit, "subjects: none (a model)") if hit else None
    if human:
        return "people", [], _evidence(human, "subjects: people")
    data = _first(study, _HUMAN_DATA)
    if data:
        return "people", [], _evidence(data, "subjects: people (their records or images)")
    named = _first(study, _PEOPLE_NOUN) if design not in {"animal experiment", "in vitro", "computer model"} else None
    if named and not _NOT_PEOPLE.search(named.text):
        return "people", [], _evidence(named, "subjects: people")
    if design in {"randomised controlled trial", "cohort", "case-control", "cross-sectional", "qualitative",
                  "case report"}:
        return "people", [], design_ev
    return "unknown", [], None


def _count(m: re.Match[str], text: str) -> int | None:
    """The value of one count match, or None when it is a year, a control group or an estimate range."""
    token = m.group("n")
    scale = m.groupdict().get("scale")
    if scale and re.fullmatch(r"[\d,]+(?:\.\d+)?", token):
        return round(float(token.replace(",", "")) * _SCALE[scale.lower()])
    value = number_value(token)
    if value is None:
        return None  # a decimal with no scale word ("2.4 participants") is no count
    if scale:
        return value * _SCALE[scale.lower()]
    before = text[max(0, m.start() - 40):m.start()]
    if 1900 <= value <= 2100 and "," not in token and _YEAR_BEFORE.search(before):
        return None  # "In 2019 patients were surveyed"
    if re.search(r"\bbetween\s+$", before, re.IGNORECASE):
        return None  # the low end of a range is an estimate, not a sample
    return value


def _sample(study: list[Span]) -> tuple[int | None, Evidence | None]:
    """The largest count of the study's subjects (the total enrolled, rather than a subgroup or a control cohort).

    Per-arm counts are multiplied by the number of arms when the abstract gives it; counts in sentences about
    earlier cases or estimates are skipped; a control cohort counts only when nothing else does.
    """
    best: tuple[int, Span, str] | None = None
    controls: tuple[int, Span, str] | None = None
    arms = next((number_value(m.group("k")) or int(m.group("k")) for s in study
                 if (m := _ARMS.search(s.text))), None)
    for sent in study:
        if _NOT_A_SAMPLE.search(sent.text) or _NOT_PEOPLE.search(sent.text):
            continue
        for pattern in _SAMPLE:
            for m in pattern.finditer(sent.text):
                value = _count(m, sent.text)
                if value is None:
                    continue
                note = f"sample size: {value}"
                if m.groupdict().get("per"):
                    if not arms:
                        continue  # "18 per arm" with an unknown number of arms: no total to report
                    value, note = value * arms, f"sample size: {value} per group x {arms} groups"
                is_control = bool(_CONTROL_BEFORE.search(sent.text[max(0, m.start() - 80):m.start()]))
                slot = controls if is_control else best
                if slot is None or value > slot[0]:
                    if is_control:
                        controls = (value, sent, note)
                    else:
                        best = (value, sent, note)
    chosen = best or controls
    if chosen is None:
        return None, None
    return chosen[0], _evidence(chosen[1], chosen[2])


def _subgroup(study: list[Span], n: int | None) -> tuple[int | None, Evidence | None]:
    """The smallest subgroup that completed the study's later part ('18 of whom completed session 4')."""
    found = [(v, s) for s in study for m in _SUBGROUP.finditer(s.text) if (v := number_value(m.group("n")))]
    if not found or n is None:
        return None, None
    small, where = min(found, key=lambda pair: pair[0])
    return (small, _evidence(where, f"subgroup: {small} of {n}")) if small < n else (None, None)


def _population(study: list[Span]) -> tuple[str, Evidence | None]:
    """A restriction to older people, which a story may stretch to everyone ('younger people too')."""
    for sent in study:
        for pattern in _POPULATION:
            m = pattern.search(sent.text)
            if m is None:
                continue
            lo = m.groupdict().get("lo")
            if lo is not None and int(lo) < _OLD_AGE:
                continue
            return m.group(0), _evidence(sent, f"population: {m.group(0)}")
    return "", None


def _stage(design: str, study: list[Span], design_ev: Evidence | None, paper: Paper) -> tuple[str, Evidence | None]:
    """The phase from the publication type or a study sentence; a pilot only when the pilot is the study itself."""
    types = _types(paper)
    typed = re.search(r"\bphase (iv|iii|ii|i|1|2|3|4)\b", types)
    if typed:
        label = _PHASES[typed.group(1).upper()]
        return label, _meta("publication_types", ", ".join(paper.publication_types), f"stage: {label}")
    phase = _first(study, _PHASE)
    if phase:
        m = _PHASE.search(phase.text)
        assert m is not None
        label = _PHASES[m.group(1).upper()]
        return label, _evidence(phase, f"stage: {label}")
    if _PILOT.search(paper.title):
        return "pilot", _meta("title", paper.title, "stage: pilot")
    pilot = _first(study, _PILOT)
    if pilot and (design in {"other", "unknown", "qualitative"} or (design_ev is not None and
                                                                     design_ev.start == pilot.start)):
        return "pilot", _evidence(pilot, "stage: pilot")  # the pilot is the study, not a side study of it
    if design in {"animal experiment", "in vitro", "computer model"}:
        return "preclinical", design_ev
    if design in _OBSERVATIONAL:
        return "observational", design_ev
    if design in {"randomised controlled trial", "case report"}:
        return "clinical", design_ev
    return "unknown", None


_NOTICE_STATUS = {
    "retraction": "retracted",
    "withdrawal": "retracted",
    "expression-of-concern": "expression-of-concern",
    "correction": "corrected",
}
_NOTICE_RANK = {"retracted": 3, "expression-of-concern": 2, "corrected": 1}


def _notice_status(paper: Paper) -> tuple[str, Evidence] | None:
    """The gravest notice on the paper (Crossref `updated-by`), when it outranks the status another source gave or
    is what that status was read from (then the evidence points at the notice, not at the bare status).

    A merged paper can say "peer-reviewed" (from the first source) while a notice from another says it was
    retracted: the notice wins, and the evidence names it. A new version is never a notice (the client drops it)."""
    graded = [(_NOTICE_STATUS[u.kind], u) for u in paper.updates if u.kind in _NOTICE_STATUS]
    if not graded:
        return None
    status, notice = max(graded, key=lambda g: _NOTICE_RANK[g[0]])
    if _NOTICE_RANK[status] < _NOTICE_RANK.get(paper.status, 0):
        return None
    text = " ".join(p for p in (notice.label or notice.kind, notice.doi, notice.date and f"({notice.date})") if p)
    return status, _meta("updates", text, f"peer review: {status}")


def _peer_review(paper: Paper) -> tuple[str, Evidence | None]:
    types = [t.lower() for t in paper.publication_types]
    joined = ", ".join(paper.publication_types)
    if any("retract" in t for t in types) and paper.status != "retracted":
        # a retraction notice outranks whatever status another source gave before it
        return "retracted", _meta("publication_types", joined, "peer review: retracted")
    notice = _notice_status(paper)
    if notice is not None:
        return notice
    if paper.status != "unknown":
        return paper.status, _meta("status", paper.status, "peer review: from the paper's status")
    if any(t in {"preprint", "posted-content"} for t in types):
        return "preprint", _meta("publication_types", joined, "peer review: a preprint")
    if any(t in {"journal-article", "journal article", "research-article"} for t in types):
        return "peer-reviewed", _meta("publication_types", joined, "peer review: a journal article")
    return "unknown", None


def _intervention(sentences: list[Span]) -> str:
    for sent in sentences:
        for pattern in (_DRUG_CONTEXT, _TRIAL_ARM, _DRUG_SUFFIX):
            m = pattern.search(sent.text)
            name = m and (m.groupdict().get("name") or m.groupdict().get("name2"))
            if name and name.split()[0] not in _STOP_NAMES:
                return name
    return ""


def _section_conclusions(paper: Paper, sentences: list[Span]) -> list[Span]:
    """Sentences of a CONCLUSIONS section, or of a flat abstract from its 'Conclusions:'/'To conclude' label on."""
    for section in paper.abstract_sections:
        if re.search(r"conclu|interpretation|significance|implications", section.label, re.IGNORECASE):
            at = paper.abstract.find(section.text.strip()[:60])
            if at >= 0:
                end = at + len(section.text.strip())
                return [s for s in sentences if at <= s.start < end]
    for i, sent in enumerate(sentences):
        if i > 0 and _CONCLUDE_BLOCK.match(sent.text):
            return sentences[i:]
    return []


def _concluding(paper: Paper, sentences: list[Span]) -> list[Span]:
    """The conclusion: a labelled section; else the sentences that announce one plus the closing claim; else the
    first 'we show/find' sentence or the last sentence that is neither a method nor a funding line."""
    body = [s for s in sentences if not _TRAILER.search(s.text)]
    chosen = [s for s in _section_conclusions(paper, body) if not _TRAILER.search(s.text)]
    if chosen:
        return chosen
    claims = [s for s in body if not _METHOD.search(s.text)]
    chosen = [s for s in body if _CONCLUSION_LEAD.search(s.text)]
    last = claims[-1] if claims else None
    if chosen:
        if last is not None and last.start > chosen[-1].start and (hedge_spans(last.text) or
                                                                    claim_strength(last.text) > 0):
            chosen.append(last)  # the closing sentence after "These data show..." often carries the hedged claim
        return chosen
    if body and _METHOD.search(body[-1].text):
        finding = _first(body, _FINDING)
        if finding is not None:
            return [finding]
    return [last] if last is not None else sentences[-1:]


def _conclusions(paper: Paper, sentences: list[Span]) -> list[Conclusion]:
    """The conclusion sentences, each graded on the 0-3 scale and marked when hedged."""
    out: list[Conclusion] = []
    for sent in _concluding(paper, sentences):
        text = _SECTION_LABEL.sub("", sent.text) or sent.text
        strength = claim_strength(text)
        if strength == 0 and _CONDITIONAL_THERAPY.search(text):
            strength = 2  # "X may be a therapy for Y" is a conditional causal claim that the verb list misses
        out.append(Conclusion(span=sent, strength=strength, hedged=bool(hedge_spans(text))))
    return out


_SUBJECT_TITLE = re.compile(r"\b(?:participants|subjects|animals|patients|study population|population|mice|rats|"
                            r"recruitment|eligibility|cohort)\b", re.IGNORECASE)
_PLANNED = re.compile(r"\bpower\w*\b|\bwould\b|\brequired\b|\bneeded\b|\btarget\w*\b|\bplanned\b|"
                      r"\bestimat\w+\b|\bsample size calculation\b|\bto detect\b", re.IGNORECASE)
"""A power calculation's count ('64 participants per group would be needed') is a plan, not the sample."""


_DURATION = re.compile(
    r"\b(?:for|over a period of|during|lasting|followed (?:up )?for|follow-up of|throughout)\s+"
    r"(?:a |an )?(?:period of )?"
    r"(?P<n>\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|twenty)"
    r"(?:\s+or\s+\d+)?\s+(?P<unit>days?|weeks?|months?|years?)\b"
    r"|\b(?P<n2>\d+(?:\.\d+)?|one|two|three|four|five|six|eight|ten|twelve)[- ](?P<unit2>day|week|month|year)"
    r"\s+(?:trial|study|intervention|programme|program|period|follow-up|course|treatment)\b",
    re.IGNORECASE,
)
"""A study's length as the paper states it: "for 12 weeks", "followed for ten years", "a 6-month trial". Not
"over 65 years" (an age) nor "after 2 weeks" (a time point inside the study)."""
_NOT_DURATION = re.compile(r"\b(?:ago|earlier|previous(?:ly)?|before (?:the|enrol\w*|randomi[sz]\w*)|history of|"
                           r"aged?|old|years? of age|diagnosed)\b", re.IGNORECASE)
"""A time that is not the study's: an age ("aged 65 years"), a history, something before the study began."""


def _duration(sentences: list[Span]) -> tuple[str, Span | None]:
    """The first length of the study the sentences state, as written ("12 weeks"), and its sentence."""
    for sent in sentences:
        for m in _DURATION.finditer(sent.text):
            if _NOT_DURATION.search(sent.text[max(0, m.start() - 15):m.end() + 12]):
                continue
            n, unit = (m.group("n"), m.group("unit")) if m.group("n") else (m.group("n2"), m.group("unit2"))
            value = number_value(n) if not re.fullmatch(r"\d+\.\d+", n) else None
            plural = not (value == 1 or n.lower() == "one")
            unit = unit.lower().rstrip("s") + ("s" if plural else "")
            return f"{n.lower()} {unit}", sent
    return "", None


def _study_duration(paper: Paper, study: list[Span]) -> tuple[str, Evidence | None]:
    """The study's length from the abstract's study sentences, else from the methods (cited by its section)."""
    duration, where = _duration(study)
    if where is not None:
        return duration, _evidence(where, f"duration: {duration}")
    for section in _methods_sections(paper):
        duration, where = _duration(section_sentences(section))
        if where is not None:
            return duration, _in_section(section, _evidence(where, ""), f"duration: {duration} (from the methods)")
    return "", None


def _methods_sections(paper: Paper) -> list[PaperSection]:
    """The methods, those titled for the subjects ('Methods, Animals', 'Participants') first."""
    sections = sections_of(paper, "methods")
    return sorted(sections, key=lambda s: not _SUBJECT_TITLE.search(s.title))


def _in_section(section: PaperSection, evidence: Evidence | None, note: str = "") -> Evidence | None:
    """Abstract-style evidence built on a section's sentence, made full-text evidence that names the section."""
    if evidence is None or evidence.start is None or evidence.end is None:
        return None
    return Evidence(kind="fulltext", start=evidence.start, end=evidence.end, text=evidence.text,
                    section=section_name(section), note=note or evidence.note)


def _methods_sample(paper: Paper) -> tuple[int | None, Evidence | None]:
    """The sample from the methods when the abstract gives none: the first section that counts its subjects."""
    for section in _methods_sections(paper):
        sentences = [sp for sp in section_sentences(section) if not _PLANNED.search(sp.text)]
        n, evidence = _sample(sentences)
        if n is not None:
            return n, _in_section(section, evidence, f"sample size: {n} (from the methods)")
    return None, None


def _methods_species(paper: Paper) -> tuple[list[str], Evidence | None]:
    """Species named in a methods section titled for the subjects ('Methods, Animals'), when the abstract names none.

    Only such a section: a methods section at large names the mice that antibodies were raised in."""
    for section in _methods_sections(paper):
        if not _SUBJECT_TITLE.search(section.title):
            continue
        species, where = _species(section_sentences(section))
        if species and where is not None:
            return species, _in_section(section, _evidence(where, ""), "subjects: " + ", ".join(species)
                                        + " (from the methods)")
    return [], None


def _from_methods(paper: Paper, design: str, subjects: str, species: list[str], subjects_ev: Evidence | None,
                  sample: int | None, sample_ev: Evidence | None) -> tuple[str, list[str], Evidence | None,
                                                                         int | None, Evidence | None]:
    """What the methods add where the abstract is silent: the sample size, and the species of an animal study."""
    if not paper.full_text:
        return subjects, species, subjects_ev, sample, sample_ev
    if sample is None and design != "case report":
        sample, sample_ev = _methods_sample(paper)
    if not species and (subjects == "animals" or (subjects == "unknown" and design in {"unknown", "other",
                                                                                       "animal experiment"})):
        found, found_ev = _methods_species(paper)
        if found:
            subjects, species, subjects_ev = "animals", found, found_ev
    return subjects, species, subjects_ev, sample, sample_ev


def build_profile(paper: Paper | None) -> StudyProfile:
    """The study's labels, each with its evidence; an empty profile (all unknown) when there is no paper."""
    if paper is None:
        return StudyProfile()
    sentences = abstract_sentences(paper)
    study = _study_sentences(paper, sentences) if sentences else []
    design, design_ev = _design(paper, sentences)
    subjects, species, subjects_ev = _subjects(design, study, design_ev)
    if subjects != "unknown" and subjects_ev is None:
        subjects_ev = design_ev  # "a randomised trial" decided both the design and that people were studied
    sample, sample_ev = _sample(study)
    subjects, species, subjects_ev, sample, sample_ev = _from_methods(paper, design, subjects, species, subjects_ev,
                                                                      sample, sample_ev)
    if design == "case report" and (sample is None or sample > 1):
        sample, sample_ev = 1, design_ev  # one patient, whatever earlier cases the background counts
    stage, stage_ev = _stage(design, study, design_ev, paper)
    peer, peer_ev = _peer_review(paper)
    population, population_ev = _population(study)
    subgroup, subgroup_ev = _subgroup(study, sample)
    duration, duration_ev = _study_duration(paper, study)
    conclusions = _conclusions(paper, sentences)
    hedges = [Span(start=a, end=b, text=paper.abstract[a:b]) for a, b in hedge_spans(paper.abstract)]
    return StudyProfile(
        design=design,  # type: ignore[arg-type]  # the helpers return str; each value is one of the Literal's
        design_evidence=design_ev,
        subjects=subjects,  # type: ignore[arg-type]  # the helpers return str; each value is one of the Literal's
        species=species,
        subjects_evidence=subjects_ev,
        sample_size=sample,
        sample_evidence=sample_ev,
        stage=stage,  # type: ignore[arg-type]  # the helpers return str; each value is one of the Literal's
        stage_evidence=stage_ev,
        peer_review=peer,  # type: ignore[arg-type]  # the helpers return str; each value is one of the Literal's
        peer_review_evidence=peer_ev,
        intervention=_intervention(sentences),
        conclusions=conclusions,
        conclusion_strength=max((c.strength for c in conclusions), default=None),
        hedges=hedges,
        design_ceiling=_ceiling(design, design_ev),
        population=population,
        population_evidence=population_ev,
        subgroup_size=subgroup,
        subgroup_evidence=subgroup_ev,
        duration=duration,
        duration_evidence=duration_ev,
    )
