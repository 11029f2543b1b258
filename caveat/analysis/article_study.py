"""What the article itself says about the study, for when the paper could not be found.

Offline, or under embargo, there is no paper: the profile is empty and the stage-dependent checks would be silent
on exactly the stories that need them ("a study in mice" under a headline promising relief). The writer usually
says what the study was, so the lab/animal label is read from the writer's own sentences, as a weaker stand-in for
the abstract: it is used only when there is no paper, it carries article evidence, and flags that rest on it get a
lower confidence. It takes two of the writer's sentences about the work itself (not earlier or future work) to call
a study an animal or cell study (or one that says so in so many words, "a mouse model"), and a human study
("participants", "a trial of 300 patients") mentioned at least half as often vetoes it: read on the
HealthNewsReview news stories, a single passing mention was background too often. Only the lab-or-animal
question is answered; a human study's design is not guessed, since a wrong "observational" label would license
causal-claim flags that no paper supports.

With a paper whose abstract names neither a design nor any subjects (it speaks of "a system termed X" and never
says "mice"), the writer's own account is the best evidence left: one sentence in which the team did something to
the animals ("made mice age", "gave the rats the drug") is enough there, since the abstract already rules out a
human study it would have named (see article_fallback).
"""

from __future__ import annotations

import re

from caveat.core.models import Article, Evidence, Sentence, StudyProfile

__all__ = ["article_fallback", "infer_from_article"]

_SPECIES = {
    "mice": r"mice|mouse|murine", "rats": r"rats|rat|rodents", "monkeys": r"monkeys|macaques|primates",
    "pigs": r"pigs|piglets", "zebrafish": r"zebrafish", "dogs": r"dogs", "fruit flies": r"fruit flies|flies",
    "worms": r"worms|nematodes",
}
_PLURAL = (r"mice|rats|rodents|monkeys|macaques|primates|pigs|piglets|zebrafish|dogs|fruit flies|flies|worms|"
           r"nematodes|ferrets")
_ANIMAL_STUDY = re.compile(
    r"\b(?:in|on|of|using|with|treated|gave|given|fed|feeding|exposed|injected|infected|dosed|bred|tested|testing|"
    r"studied|imaged)\s+"
    r"(?:[\w-]+\s+){0,4}?(?:" + _PLURAL + r"|lab animals|animals)\b"
    r"(?!\s+(?:farms?|owners?|breeders?))"
    r"|\b(?:mouse|rat|animal|rodent|primate|zebrafish)\s+(?:stud(?:y|ies)|models?|experiments?)\b"
    r"|\b(?:the )?(?:animals|mice|rats) (?:[\w-]+ ){0,3}(?:were|had been) (?:\w+ )?(?:divided|fed|given|treated|"
    r"injected|randomly|assigned|exposed|housed)\b",
    re.IGNORECASE,
)
_CELL_STUDY = re.compile(
    r"\bin (?:lab-grown |cultured |human |living )?cells (?:in|grown in) (?:a |the )?(?:lab|laboratory|dish)\b|"
    r"\bin vitro\b|\bin (?:a |the )?(?:lab|laboratory|petri) dish(?:es)?\b|\bcell cultures?\b|\bcell lines?\b|"
    r"\borganoids?\b|\b3-?d (?:cell )?cultures?\b|\bspheroids?\b|\bpseudo-?virus\b|"
    r"\b(?:neutrali[sz]ation|cell-based|cytotoxicity) assays?\b|\bin (?:a )?laboratory setting\b|"
    r"\b(?:induced|caused|triggered) (?:\w+ ){0,2}cell death in\b|\bin cells (?:taken|derived|isolated) from\b|"
    r"\b(?:samples|strips|pieces) of (?:\w+ ){0,3}tissue (?:donated|taken|removed|collected)\b",
    re.IGNORECASE,
)
"""The writer saying the work was done on cells or tissue in the lab: the words of a lab result, not of cells in
general ('cancer cells spread')."""
_BACKGROUND = re.compile(
    r"\b(?:had|have|has) (?:\w+ )?(?:been )?(?:shown|suggested|found|hinted|demonstrated|linked)\b|"
    r"\bfirst reported\b|\bin (?:a |an |her |his |their )?(?:19|20)\d\d (?:paper|study|report)\b|"
    r"\b(?:previous(?:ly)?|earlier|prior|past|other|already|next step|will|would|"
    r"plans?|hopes?|future|years ago|decades|originally|before (?:testing|trying|moving))\b",
    re.IGNORECASE,
)
"""Words of a sentence about other or future work ('earlier studies in mice', 'the next step is tests in rats')."""
_HUMAN_STUDY = re.compile(
    r"\b(?:participants|volunteers|enrolled|randomi[sz]ed|placebo-controlled|clinical trial (?:of|in|involving|with)|"
    r"patients (?:were|who took|in the study|in the trial|received|took)|(?:trial|study) (?:of|in|involving) "
    r"(?:\d[\d,]* |more than \d[\d,]* )?(?:patients|people|adults|women|men|children)|"
    r"first time in (?:humans|people))\b",
    re.IGNORECASE,
)
_STRONG_ANIMAL = re.compile(
    r"\b(?:mouse|rat|animal|rodent|primate|preclinical|pre-clinical) (?:models?|stud(?:y|ies)|experiments?)\b|"
    r"\b(?:male|female|transgenic|knockout|genetically (?:modified|engineered)|obese|diabetic) (?:[\w-]+ )?(?:"
    + _PLURAL + r")\b|\bthe (?:animals|mice|rats) (?:were|had been) (?:\w+ )?(?:divided|fed|given|treated|injected|"
    r"randomly|assigned|exposed|housed)\b|"
    r"\b(?:in|on) (?:a |the )?(?:study|studies|experiments?) (?:of|in|on|with) (?:\w+ )?(?:mice|rats|animals)\b|"
    r"\b(?:stud(?:y|ies)|experiments?|tests?|trials?) (?:in|on|with) (?:[\w-]+ ){0,2}(?:" + _PLURAL + r")\b",
    re.IGNORECASE,
)
_MANIPULATED = re.compile(
    r"\b(?:make|makes|made|making|engineer(?:ed|s)?|inject(?:ed|s|ing)?|gave|give|gives|giving|fed|feed|feeding|"
    r"treated|treating|bred|dosed|infected|implanted|moved|switched)\s+(?:\w+\s+){0,2}?(?:" + _PLURAL + r"|"
    r"(?:lab |the )?animals)\b",
    re.IGNORECASE,
)
"""The team did something to the animals: an experiment on them, not animals watched in the field or mentioned."""
_MIN_SENTENCES = 2
"""An animal or cell study is named in at least two of the writer's sentences about the work itself, or once in so
many words ('a mouse model', 'in a study of mice'): one passing mention is usually background."""


def _evidence(sentence: Sentence, what: str) -> Evidence:
    return Evidence(kind="article", start=sentence.start, end=sentence.end, text=sentence.text,
                    note=f"the article says the study was in {what} (no paper to check)")


def _animal_profile(animal: list[tuple[Sentence, re.Match[str]]]) -> StudyProfile:
    first, _ = animal[0]
    species = [name for name, pat in _SPECIES.items()
               if any(re.search(r"\b(?:" + pat + r")\b", s.text, re.IGNORECASE) for s, _ in animal)]
    ev = _evidence(first, ", ".join(species) or "animals")
    return StudyProfile(design="animal experiment", design_evidence=ev, subjects="animals", species=species,
                        subjects_evidence=ev, stage="preclinical", stage_evidence=ev, design_ceiling=3)


def infer_from_article(article: Article) -> StudyProfile:
    """A profile with only the lab/animal labels, read from the writer's sentences; unknown when unclear."""
    writer = [s for s in article.sentences if not s.in_quote]
    current = [s for s in writer if not _BACKGROUND.search(s.text)]
    animal = [(s, m) for s in current if (m := _ANIMAL_STUDY.search(s.text))]
    cells = [s for s in current if _CELL_STUDY.search(s.text)]
    human = sum(1 for s in writer if _HUMAN_STUDY.search(s.text))
    if human and human * 2 >= len(animal) + len(cells):
        return StudyProfile()  # people were studied too, as much as animals or cells: not a lab-only story
    named = any(_STRONG_ANIMAL.search(s.text) for s, _ in animal)
    if (len(animal) >= _MIN_SENTENCES or named) and len(animal) >= len(cells):
        return _animal_profile(animal)
    if len(cells) >= _MIN_SENTENCES or (animal and len(animal) + len(cells) >= _MIN_SENTENCES):
        if animal and len(animal) >= len(cells):  # a mouse sentence and a cell-line sentence: a lab study
            return _animal_profile(animal)
        ev = _evidence(cells[0], "cells")
        return StudyProfile(design="in vitro", design_evidence=ev, subjects="cells", subjects_evidence=ev,
                            stage="preclinical", stage_evidence=ev, design_ceiling=3)
    return StudyProfile()


def _manipulated(article: Article) -> StudyProfile:
    """An animal experiment from one writer's sentence in which the team did something to the animals."""
    for sent in article.sentences:
        if sent.in_quote or _BACKGROUND.search(sent.text):
            continue
        if _MANIPULATED.search(sent.text):
            species = [name for name, pat in _SPECIES.items()
                       if re.search(r"\b(?:" + pat + r")\b", sent.text, re.IGNORECASE)]
            ev = _evidence(sent, ", ".join(species) or "animals")
            return StudyProfile(design="animal experiment", design_evidence=ev, subjects="animals", species=species,
                                subjects_evidence=ev, stage="preclinical", stage_evidence=ev, design_ceiling=3)
    return StudyProfile()


def article_fallback(profile: StudyProfile, article: Article, has_paper: bool) -> StudyProfile:
    """The profile the checks use: the paper's, completed from the article when the paper left the labels open.

    Without a paper the article decides the lab/animal labels (infer_from_article). With a paper whose abstract
    gave no design and no subjects, one sentence in which the team did something to animals decides it, with
    article evidence; the paper's other labels (peer review, conclusions, sample) are kept.
    """
    if not has_paper:
        return infer_from_article(article) if profile.design == "unknown" else profile
    if profile.design not in {"other", "unknown"} or profile.subjects != "unknown":
        return profile
    found = infer_from_article(article)
    if found.design == "unknown":
        found = _manipulated(article)
    if found.design == "unknown":
        return profile
    return profile.model_copy(update={
        "design": found.design, "design_evidence": found.design_evidence, "subjects": found.subjects,
        "species": found.species, "subjects_evidence": found.subjects_evidence, "stage": found.stage,
        "stage_evidence": found.stage_evidence, "design_ceiling": 3,
    })
