"""Flags from eLife's assessment, raised under existing check ids (the ids are a public interface).

Why these ids: an upgraded strength term ("compelling" where eLife says "incomplete") tells readers the evidence is
more certain than the journal judged it, which is what `certainty` is about (item 4, the quality of the evidence);
an upgraded significance term ("landmark" where eLife says "valuable") oversells how much the result matters, which
is `hype` (items 9 and 10). A story about a paper whose evidence eLife grades incomplete or inadequate that never
tells readers so is also `certainty`: it reports a finding the journal called not yet established as if it were.
`missing-stage-caveat` was the other candidate, but it is about how early the research is (mice, a phase 1 trial)
and a story clears it by saying "trials are needed", which says nothing about whether the evidence is sound.

Every flag quotes the assessment sentence that holds the term, as metadata evidence (field "assessments").
"""

from __future__ import annotations

from caveat.analysis.assessment import StoryGrade, is_upgrade, latest, says_evidence_is_weak, story_grades, weak_terms
from caveat.analysis.spans import headline_sentence, lede_sentence, make_flag, metadata_evidence
from caveat.core.models import AssessmentAxis, AssessmentTerm, CheckId, Evidence, Flag, Paper
from caveat.rules.context import CheckContext

__all__ = ["assessment_evidence", "omitted_weak_grade", "upgraded_terms"]

_AXIS_WORDS = {"strength": "the strength of the evidence", "significance": "the significance of the findings"}


def assessment_evidence(paper: Paper, term: AssessmentTerm) -> Evidence:
    """The assessment sentence that holds the term, with the version it assesses."""
    version = next((a.version for a in reversed(paper.assessments) if term in a.terms and a.version), "")
    where = f"eLife assessment, version {version}" if version else "eLife assessment"
    return metadata_evidence("assessments", term.sentence or term.term, f"{where}: {term.axis} '{term.term}'")


def _upgrade_flag(ctx: CheckContext, grade: StoryGrade, term: AssessmentTerm) -> Flag:
    assert ctx.paper is not None
    check: CheckId = "certainty" if grade.axis == "strength" else "hype"
    said = "paraphrases the assessment as" if grade.paraphrase else "gives eLife's grade as"
    message = (f"The story {said} '{grade.word}', but eLife's assessment grades {_AXIS_WORDS[grade.axis]} "
               f"'{term.term}'; use the assessment's own word.")
    return make_flag(check, ctx.article, grade.start, grade.end, severity="medium", message=message,
                     evidence=[assessment_evidence(ctx.paper, term)],
                     suggestion=f"Replace '{grade.word}' with eLife's term, '{term.term}'.",
                     confidence=0.55 if grade.paraphrase else 0.75)


def upgraded_terms(ctx: CheckContext, axis: AssessmentAxis) -> list[Flag]:
    """One flag per assessment grade the story raises above every version's grade on `axis`."""
    paper = ctx.paper
    if paper is None or not paper.assessments:
        return []
    flags = []
    for grade in story_grades(ctx.article):
        term = is_upgrade(grade, paper) if grade.axis == axis else None
        if term is not None:
            flags.append(_upgrade_flag(ctx, grade, term))
    return flags


def omitted_weak_grade(ctx: CheckContext) -> list[Flag]:
    """A story about a paper whose latest assessment grades the evidence incomplete or inadequate, never saying so.

    The flag points at the sentence that speaks of eLife's assessment when there is one (where the grade belongs),
    else at the headline; a mixed grade ("compelling ... incomplete") is flagged with a lower confidence."""
    paper = ctx.paper
    weak = weak_terms(latest(paper))
    if paper is None or not weak or says_evidence_is_weak(ctx.article):
        return []
    grades = story_grades(ctx.article)
    target = grades[0].sentence if grades else headline_sentence(ctx.article) or lede_sentence(ctx.article)
    if target is None:
        return []
    assessment = latest(paper)
    assert assessment is not None
    mixed = any(t.axis == "strength" and t not in weak for t in assessment.terms)
    term = weak[0]
    message = (f"eLife's assessment grades the evidence '{term.term}'" + (" in part" if mixed else "")
               + ", and the story never tells readers so.")
    return [make_flag("certainty", ctx.article, target.start, target.end, severity="medium", message=message,
                      evidence=[assessment_evidence(paper, term)],
                      suggestion=f"Say that eLife's editors judged the evidence {term.term}, and why.",
                      confidence=0.5 if mixed else 0.7)]
