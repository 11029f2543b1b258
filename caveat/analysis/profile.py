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
from caveat.analysis.language import claim_strength, hedge_spans
from caveat.core.models import Conclusion, Evidence, Paper, Span, StudyProfile

__all__ = ["abstract_sentences", "build_profile", "number_value"]

_SPECIES = {
    "mice": r"mice|mouse|murine",
    "rats": r"rats?\b|rodents?",
    "zebrafish": r"zebrafish",
    "fruit flies": r"drosophila|fruit (?:flies|fly)",
    "worms": r"c\. elegans|caenorhabditis|nematodes?",
    "pigs": r"pigs?\b|piglets?|porcine|swine",
    "monkeys": r"monkeys?|macaques?|primates?",
    "dogs": r"dogs?\b|canine",
    "rabbits": r"rabbits?",
    "hamsters": r"hamsters?",
    "sheep": r"sheep|ovine",
}
_SPECIES_RE = {name: re.compile(r"\b(?:" + pat + r")", re.IGNORECASE) for name, pat in _SPECIES.items()}

_HUMAN_STUDY = re.compile(
    r"\b(?:participants?|enrolled|recruited|volunteers?|respondents?|patients (?:were|with|who|aged|received)|"
    r"(?:adults|children|women|men|people|individuals|students|infants) (?:were|who|aged|with|from)|"
    r"\d[\d,]* (?:[a-z-]+ ){0,2}(?:adults|children|women|men|people|individuals|patients|students|infants|"
    r"pregnan\w+))\b",
    re.IGNORECASE,
)

_DESIGN_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("meta-analysis or systematic review",
     re.compile(r"\bmeta-?analys[ie]s\b|\bsystematic(?:al)? review|\bpooled analysis|\bumbrella review", re.I)),
    ("randomised controlled trial",
     re.compile(r"\brandomi[sz]ed\b[^.]{0,60}\b(?:trial|controlled|study)|\brandomly (?:assigned|allocated)"
                r"|\bRCT\b", re.I)),
    ("case report", re.compile(r"\bcase report\b|\bwe (?:report|describe|present) (?:a|the) case|"
                               r"\ba \d+-year-old (?:man|woman|boy|girl|patient)", re.I)),
    ("qualitative", re.compile(r"\bqualitative\b|\bsemi-structured interviews|\bfocus groups?|"
                               r"\bthematic analysis", re.I)),
    ("computer model", re.compile(r"\bin silico\b|\bsimulations?\b|\bcomputational model|\bmathematical model|"
                                  r"\bmodell?ing study|\bagent-based model", re.I)),
    ("case-control", re.compile(r"\bcase-?control\b|\bmatched controls\b", re.I)),
    ("cohort", re.compile(r"\bcohort\b|\bprospective(?:ly)?\b[^.]{0,40}\bfollowed|\blongitudinal\b|"
                          r"\bfollowed (?:up )?for\b|\bfollow-up of\b", re.I)),
    ("cross-sectional", re.compile(r"\bcross-?sectional\b|\bsurvey(?:ed)?\b|\bquestionnaire", re.I)),
    ("observational", re.compile(r"\bobservational\b|\bregistry\b|\bretrospective\b|\bhealth records\b|"
                                 r"\b(?:is|are|was|were) associated with\b", re.I)),
]
_IN_VITRO = re.compile(r"\bin vitro\b|\bcell lines?\b|\bcultured (?:\w+ ){0,3}cells\b|\borganoids?\b|"
                       r"\bcell cultures?\b|\bin cultured\b", re.I)
_TRIAL = re.compile(r"\b(?:single-arm|open-label|non-?randomi[sz]ed)\b[^.]{0,40}\b(?:trial|study)|"
                    r"\bphase\s+(?:1|2|3|4|I|II|III|IV)\b", re.I)

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
               r"students|respondents|infants|newborns|pregnancies|veterans|nurses|employees|workers|"
               r"mice|rats|animals|monkeys|pigs|dogs|zebrafish|cases|controls)")
_SAMPLE = [
    re.compile(r"\b[nN]\s*=\s*(?P<n>\d[\d,]*)"),
    re.compile(r"(?<![\w.,-])(?P<n>\d{1,3}(?:,\d{3})+|\d+|" + "|".join(_NUMBER_WORDS) + r")\s+"
               r"(?:[a-z-]+\s+){0,2}?" + _COUNT_NOUN + r"\b", re.IGNORECASE),
]

_CONCLUSION_LEAD = re.compile(
    r"^(?:these|our|the|together,? these|taken together,? (?:these|our|the))\s+(?:\w+\s+)?"
    r"(?:findings|results|data|observations|studies)\s+(?:\w+\s+)?(?:suggest|indicate|show|demonstrate|support|"
    r"provide|reveal|highlight|imply|point)|^(?:we conclude|in conclusion|in summary|overall|collectively|"
    r"taken together|together,)",
    re.IGNORECASE,
)
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


def _species(sentences: list[Span]) -> tuple[list[str], Span | None]:
    found: list[str] = []
    where: Span | None = None
    for sent in sentences:
        for name, pat in _SPECIES_RE.items():
            if pat.search(sent.text) and name not in found:
                found.append(name)
                where = where or sent
    return found, where


def _design(paper: Paper, sentences: list[Span]) -> tuple[str, Evidence | None]:
    types = " ".join(paper.publication_types).lower()
    for label, cue in (("meta-analysis or systematic review", "meta-analysis"),
                       ("meta-analysis or systematic review", "systematic review"),
                       ("randomised controlled trial", "randomized controlled trial"),
                       ("randomised controlled trial", "randomised controlled trial"),
                       ("case report", "case report")):
        if cue in types:
            return label, _meta("publication_types", ", ".join(paper.publication_types), f"type: {cue}")
    if not sentences:
        return "unknown", None
    species, species_at = _species(sentences)
    human = _first(sentences, _HUMAN_STUDY)
    for label, pattern in _DESIGN_RULES[:3]:
        hit = _first(sentences, pattern)
        if hit:
            return label, _evidence(hit, f"design: {label}")
    if species and species_at and not human:
        return "animal experiment", _evidence(species_at, "design: animal experiment (species named)")
    vitro = _first(sentences, _IN_VITRO)
    if vitro and not human:
        return "in vitro", _evidence(vitro, "design: cells or tissue in the lab")
    for label, pattern in _DESIGN_RULES[3:]:
        hit = _first(sentences, pattern)
        if hit:
            return label, _evidence(hit, f"design: {label}")
    trial = _first(sentences, _TRIAL)
    if trial:
        return "other", _evidence(trial, "design: non-randomised trial")
    return "other", _meta("abstract", sentences[0].text, "design: no design cue found in the abstract")


def _subjects(design: str, sentences: list[Span]) -> tuple[str, list[str], Evidence | None]:
    species, species_at = _species(sentences)
    human = _first(sentences, _HUMAN_STUDY)
    if design == "animal experiment" and species_at:
        return "animals", species, _evidence(species_at, "subjects: " + ", ".join(species))
    if design == "in vitro":
        hit = _first(sentences, _IN_VITRO)
        return "cells", [], _evidence(hit, "subjects: cells") if hit else None
    if design == "computer model":
        hit = _first(sentences, _DESIGN_RULES[4][1])
        return "none", [], _evidence(hit, "subjects: none (a model)") if hit else None
    if human:
        return "people", [], _evidence(human, "subjects: people")
    if design in {"randomised controlled trial", "cohort", "case-control", "cross-sectional", "qualitative",
                  "case report"}:
        return "people", [], None
    return "unknown", [], None


def _sample(sentences: list[Span]) -> tuple[int | None, Evidence | None]:
    """The largest stated count: the total enrolled, rather than a subgroup of it."""
    best: tuple[int, Span] | None = None
    for sent in sentences:
        for pattern in _SAMPLE:
            for m in pattern.finditer(sent.text):
                value = number_value(m.group("n"))
                if value is None or (1900 <= value <= 2100 and "," not in m.group("n")):
                    continue
                if best is None or value > best[0]:
                    best = (value, sent)
    if best is None:
        return None, None
    return best[0], _evidence(best[1], f"sample size: {best[0]}")


def _stage(design: str, sentences: list[Span], design_ev: Evidence | None) -> tuple[str, Evidence | None]:
    phase = _first(sentences, _PHASE)
    if phase:
        m = _PHASE.search(phase.text)
        assert m is not None
        label = _PHASES[m.group(1).upper()]
        return label, _evidence(phase, f"stage: {label}")
    pilot = _first(sentences, _PILOT)
    if pilot:
        return "pilot", _evidence(pilot, "stage: pilot")
    if design in {"animal experiment", "in vitro", "computer model"}:
        return "preclinical", design_ev
    if design in {"cohort", "case-control", "cross-sectional", "observational"}:
        return "observational", design_ev
    if design in {"randomised controlled trial", "case report"}:
        return "clinical", design_ev
    return "unknown", None


def _peer_review(paper: Paper) -> tuple[str, Evidence | None]:
    types = [t.lower() for t in paper.publication_types]
    joined = ", ".join(paper.publication_types)
    if any("retract" in t for t in types) and paper.status != "retracted":
        # a retraction notice outranks whatever status another source gave before it
        return "retracted", _meta("publication_types", joined, "peer review: retracted")
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


def _conclusions(paper: Paper, sentences: list[Span]) -> list[Conclusion]:
    """The CONCLUSIONS section; else sentences that announce a conclusion; else the last sentence."""
    chosen: list[Span] = []
    for section in paper.abstract_sections:
        if re.search(r"conclu|interpretation|significance|implications", section.label, re.IGNORECASE):
            at = paper.abstract.find(section.text.strip()[:60])
            if at >= 0:
                end = at + len(section.text.strip())
                chosen = [s for s in sentences if at <= s.start < end]
    if not chosen:
        chosen = [s for s in sentences if _CONCLUSION_LEAD.search(s.text)]
    if not chosen and sentences:
        chosen = [sentences[-1]]
    out: list[Conclusion] = []
    for sent in chosen:
        strength = claim_strength(sent.text)
        if strength == 0 and _CONDITIONAL_THERAPY.search(sent.text):
            strength = 2  # "X may be a therapy for Y" is a conditional causal claim that the verb list misses
        out.append(Conclusion(span=sent, strength=strength, hedged=bool(hedge_spans(sent.text))))
    return out


def build_profile(paper: Paper | None) -> StudyProfile:
    """The study's labels, each with its evidence; an empty profile (all unknown) when there is no paper."""
    if paper is None:
        return StudyProfile()
    sentences = abstract_sentences(paper)
    design, design_ev = _design(paper, sentences)
    subjects, species, subjects_ev = _subjects(design, sentences)
    if subjects != "unknown" and subjects_ev is None:
        subjects_ev = design_ev  # "a randomised trial" decided both the design and that people were studied
    sample, sample_ev = _sample(sentences)
    stage, stage_ev = _stage(design, sentences, design_ev)
    peer, peer_ev = _peer_review(paper)
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
    )
