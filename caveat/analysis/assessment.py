"""eLife's assessment beside the story: which grade the story gives the paper, and which eLife gave it.

eLife's editors grade every assessed paper with fixed terms on two axes: significance (landmark > fundamental >
important > valuable > useful) and strength of evidence (exceptional > compelling > convincing > solid > incomplete
> inadequate). A story that says "eLife's editors call the evidence compelling" where the assessment says
"incomplete" has upgraded the journal's own verdict, which readers take as the strongest word on the paper.

Reading is strict because these are common words ("important", "solid", "useful"): a term counts only in a sentence
that speaks of the assessment (eLife, its editors or reviewers, an assessment), and not after a negation ("not
compelling"). A few plain paraphrases count as well ("strong", "conclusive", "groundbreaking"), but only an upgrade
of two grades or more is flagged for them: "strong" for "solid" is a fair paraphrase, "conclusive" for "incomplete"
is not. A grade is compared with every assessed version: a story faithful to version 1 is faithful.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from caveat.core.models import Article, Assessment, AssessmentAxis, AssessmentTerm, Paper, Sentence

__all__ = [
    "RANKS",
    "StoryGrade",
    "assessment_label",
    "best_rank",
    "is_upgrade",
    "latest",
    "says_evidence_is_weak",
    "story_grades",
    "weak_terms",
]

RANKS: dict[AssessmentAxis, dict[str, int]] = {
    "significance": {"useful": 1, "valuable": 2, "important": 3, "fundamental": 4, "landmark": 5},
    "strength": {"inadequate": 1, "incomplete": 2, "solid": 3, "convincing": 4, "compelling": 5, "exceptional": 6},
}
_PARAPHRASES: dict[AssessmentAxis, dict[str, int]] = {
    "significance": {"groundbreaking": 5, "ground-breaking": 5, "game-changing": 5, "seminal": 5,
                     "revolutionary": 5, "transformative": 4},
    "strength": {"conclusive": 5, "definitive": 5, "irrefutable": 6, "watertight": 6, "overwhelming": 5,
                 "strong": 4, "robust": 4, "rigorous": 4},
}
_PARAPHRASE_GAP = 2
"""A paraphrase counts as an upgrade only this many grades above the assessment (a fixed term: one)."""
_WEAK = {"incomplete", "inadequate"}

_ASSESSMENT_CONTEXT = re.compile(
    r"\bassess\w*|\beditors?\b|\breviewers?\b|\beLife(?:'s|\u2019s)?\s+(?:\w+\s+){0,2}?"
    r"(?:says?|said|calls?|called|describ\w+|rat(?:es|ed|ing)|judg\w+|grad\w+|deem\w+|found|finds|consider\w*)\b",
    re.IGNORECASE)
"""A sentence that speaks of the assessment: 'published in eLife' alone does not."""
_AXIS_NOUNS: dict[AssessmentAxis, re.Pattern[str]] = {
    "strength": re.compile(r"\b(?:evidence|data|support\w*|findings|results|analys[ie]s|methods|experiments?|"
                           r"case|claims?|conclusions?)\b", re.IGNORECASE),
    "significance": re.compile(r"\b(?:study|work|findings?|paper|results?|advance|discovery|contribution|research|"
                               r"insights?|step)\b", re.IGNORECASE),
}
_WINDOW = 48
"""Characters either side of a term in which it must meet what it grades: 'compelling evidence', 'the study is
important'. 'Solid tumours' and 'important to note' grade nothing."""
_NOT_A_GRADE = re.compile(r"^\s+(?:to|that|for|tumou?rs?|state|ground|food|part|role)\b", re.IGNORECASE)
_NEGATED = re.compile(r"\b(?:not|never|less than|far from|hardly|no|without|nor)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z-]+")
_ACKNOWLEDGED = re.compile(
    r"\bincomplete\b|\binadequate\b|\blimitations?\b|\bweak(?:ness|nesses|er|ly)?\b|\bcaution\w*\b|\bflaw\w*\b|"
    r"\bpreliminary\b|\bshortcomings?\b|\bgaps?\b|\bconcerns?\b|\bquestions? (?:remain|about|over)\b|\bsceptic\w*|"
    r"\bskeptic\w*|\bnot (?:yet )?(?:fully |entirely )?(?:support|convinc|establish|prove|conclusive|settled|clear)\w*|"
    r"\bmore (?:\w+ )?(?:work|data|evidence|research|experiments|studies) (?:is |are |will be )?(?:needed|required)\b|"
    r"\bfurther (?:work|data|evidence|research|experiments|studies)\b|\bneeds? to be (?:confirmed|replicated)\b",
    re.IGNORECASE,
)
"""What a story says when it tells readers the evidence is not yet strong (any of these clears the omission)."""


@dataclass(frozen=True)
class StoryGrade:
    """A grade the story gives the paper: the word, where it is, its axis and rank, and whether it is a paraphrase."""

    sentence: Sentence
    start: int
    end: int
    """Offsets of the word in the article."""
    word: str
    axis: AssessmentAxis
    rank: int
    paraphrase: bool


def latest(paper: Paper | None) -> Assessment | None:
    """The assessment of the latest assessed version (the list is oldest first)."""
    return paper.assessments[-1] if paper is not None and paper.assessments else None


def best_rank(paper: Paper, axis: AssessmentAxis) -> tuple[int, AssessmentTerm] | None:
    """The highest grade any version's assessment gives on `axis`, with the term that gives it."""
    found = [(RANKS[axis].get(t.term.lower(), 0), t) for a in paper.assessments for t in a.terms if t.axis == axis]
    found = [f for f in found if f[0]]
    return max(found, key=lambda f: f[0]) if found else None


def is_upgrade(grade: StoryGrade, paper: Paper) -> AssessmentTerm | None:
    """The assessment term the story's grade goes beyond (None when it is faithful or eLife gave no grade)."""
    best = best_rank(paper, grade.axis)
    if best is None:
        return None
    given = {t.term.lower() for a in paper.assessments for t in a.terms}
    if grade.word.lower() in given:
        return None
    gap = _PARAPHRASE_GAP if grade.paraphrase else 1
    return best[1] if grade.rank >= best[0] + gap else None


def story_grades(article: Article) -> list[StoryGrade]:
    """Every assessment grade the story gives in a sentence that speaks of the assessment, negated ones left out."""
    out: list[StoryGrade] = []
    for sentence in article.sentences:
        if not _ASSESSMENT_CONTEXT.search(sentence.text):
            continue
        for m in _WORD.finditer(sentence.text):
            word = m.group(0).lower()
            for axis in ("significance", "strength"):
                rank = RANKS[axis].get(word) or _PARAPHRASES[axis].get(word)
                if not rank or not _grades(sentence.text, m.start(), m.end(), axis):
                    continue
                out.append(StoryGrade(sentence, sentence.start + m.start(), sentence.start + m.end(), m.group(0),
                                      axis, rank, word not in RANKS[axis]))
    return out


def _grades(text: str, start: int, end: int, axis: AssessmentAxis) -> bool:
    """The word at [start, end) grades the paper on `axis`: near what it grades, not negated, not another use."""
    if _NEGATED.search(text[max(0, start - 40):start]) or _NOT_A_GRADE.match(text[end:]):
        return False
    return bool(_AXIS_NOUNS[axis].search(text[max(0, start - _WINDOW):end + _WINDOW]))


def weak_terms(assessment: Assessment | None) -> list[AssessmentTerm]:
    """The assessment's strength terms that grade the evidence incomplete or inadequate."""
    if assessment is None:
        return []
    return [t for t in assessment.terms if t.axis == "strength" and t.term.lower() in _WEAK]


def says_evidence_is_weak(article: Article) -> bool:
    """Whether the story tells readers, anywhere, that the evidence is incomplete or not yet strong."""
    return bool(_ACKNOWLEDGED.search(article.text))


def assessment_label(paper: Paper | None) -> str:
    """The label beside peer review: 'important / convincing (version 2)'; '' without an assessment.

    The latest assessed version's terms, significance first; several strength terms are joined ('compelling,
    incomplete'); a missing axis is left out."""
    assessment = latest(paper)
    if assessment is None:
        return ""
    parts = []
    for axis in ("significance", "strength"):
        terms = list(dict.fromkeys(t.term.lower() for t in assessment.terms if t.axis == axis))
        if terms:
            parts.append(", ".join(terms))
    grade = " / ".join(parts) or "no terms given"
    return f"{grade} (version {assessment.version})" if assessment.version else grade
