"""What the article itself says about the study, for when the paper could not be found.

Offline, or under embargo, there is no paper: the profile is empty and the stage-dependent checks would be
silent on exactly the stories that need them ("a study in mice" under a headline promising relief). The writer
usually says what the study was, so the lab/animal label is read from the writer's own sentences, as a weaker
stand-in for the abstract: it is used only when there is no paper, it carries article evidence, and flags that
rest on it get a lower confidence. Only the lab-or-animal question is answered; a human study's design is not
guessed, since a wrong "observational" label would license causal-claim flags that no paper supports.
"""

from __future__ import annotations

import re

from caveat.models import Article, Evidence, StudyProfile

__all__ = ["infer_from_article"]

_SPECIES = {
    "mice": r"mice|mouse|murine", "rats": r"rats?|rodents?", "monkeys": r"monkeys?|macaques?|primates?",
    "pigs": r"pigs?|piglets?", "zebrafish": r"zebrafish", "dogs": r"dogs?", "fruit flies": r"fruit fl(?:y|ies)",
    "worms": r"worms?|nematodes?",
}
_ANIMAL = "|".join(_SPECIES.values())
_ANIMAL_STUDY = re.compile(
    r"\b(?:in|on|of|using|with|treated|gave|given|fed)\s+(?:\w+\s+){0,3}?(?:" + _ANIMAL + r"|lab animals|animals)\b"
    r"|\b(?:" + _ANIMAL + r"|animal)\s+(?:stud(?:y|ies)|models?|experiments?|research)\b",
    re.IGNORECASE,
)
_CELL_STUDY = re.compile(
    r"\bin (?:lab-grown |cultured |human |living )?cells (?:in|grown in) (?:a |the )?(?:lab|laboratory|dish)\b|"
    r"\bin vitro\b|\bin (?:a |the )?(?:lab|laboratory|petri) dish(?:es)?\b|\bcell cultures?\b|\bcell lines?\b|"
    r"\borganoids?\b",
    re.IGNORECASE,
)
_HUMAN_STUDY = re.compile(
    r"\b(?:participants|volunteers|enrolled|randomi[sz]ed|placebo|clinical trial (?:of|in|involving|with)|"
    r"patients (?:were|who|in the study|in the trial|received|took)|(?:trial|study) (?:of|in|involving) "
    r"(?:\d[\d,]* |more than \d[\d,]* )?(?:patients|people|adults|women|men|children)|"
    r"\d[\d,]* (?:patients|people|adults|women|men|children|participants|volunteers))\b",
    re.IGNORECASE,
)


def infer_from_article(article: Article) -> StudyProfile:
    """A profile with only the lab/animal labels, read from the writer's sentences; unknown when unclear."""
    writer = [s for s in article.sentences if not s.in_quote]
    if any(_HUMAN_STUDY.search(s.text) for s in writer):
        return StudyProfile()
    for sentence in writer:
        m = _ANIMAL_STUDY.search(sentence.text)
        if m:
            species = [name for name, pat in _SPECIES.items() if re.search(r"\b(?:" + pat + r")\b", m.group(0), re.I)]
            evidence = Evidence(kind="article", start=sentence.start, end=sentence.end, text=sentence.text,
                                note="the article says the study was in animals (no paper to check)")
            return StudyProfile(design="animal experiment", design_evidence=evidence, subjects="animals",
                                species=species, subjects_evidence=evidence, stage="preclinical",
                                stage_evidence=evidence)
        c = _CELL_STUDY.search(sentence.text)
        if c:
            evidence = Evidence(kind="article", start=sentence.start, end=sentence.end, text=sentence.text,
                                note="the article says the study was in cells (no paper to check)")
            return StudyProfile(design="in vitro", design_evidence=evidence, subjects="cells",
                                subjects_evidence=evidence, stage="preclinical", stage_evidence=evidence)
    return StudyProfile()
