"""A story is checked against eLife's assessment: upgraded terms and an unmentioned 'incomplete' are flagged.

Assessments and stories here are invented for these tests. The seed article (../shared/data/seed) quotes an
assessment ("compelling evidence"), so it is run too: it must not gain a flag from a faithful quote.
"""

from __future__ import annotations

import json

import pytest

from caveat.analysis.article import parse_article
from caveat.analysis.assessment import assessment_label
from caveat.analysis.fulltext import evidence_is_verbatim
from caveat.analysis.profile import build_profile
from caveat.core.models import Assessment, AssessmentTerm, Flag, Paper
from caveat.core.paths import shared_dir
from caveat.rules.registry import run_checks

ABSTRACT = ("Gut microbes can influence behaviour. Here we report that colonisation with Lactobacillus ovis reduced "
            "anxiety-like behaviour in rats. These findings suggest that L. ovis may act on the brain.")
SIG = "This valuable study reports that a gut bacterium lowers anxiety-like behaviour in rats."
STR = "However, the evidence is incomplete, because the behavioural tests were not blinded."


def _assessment(significance: str, strength: str, version: str = "1") -> Assessment:
    sig = SIG.replace("valuable", significance)
    strength_sentence = STR.replace("incomplete", strength)
    return Assessment(text=f"{sig} {strength_sentence}", version=version,
                      terms=[AssessmentTerm(term=significance, axis="significance", sentence=sig),
                             AssessmentTerm(term=strength, axis="strength", sentence=strength_sentence)])


def _paper(*assessments: Assessment) -> Paper:
    return Paper(title="Lactobacillus ovis and anxiety-like behaviour in rats", abstract=ABSTRACT, journal="eLife",
                 assessments=list(assessments))


def _flags(story: str, paper: Paper) -> list[Flag]:
    article = parse_article(story)
    flags = run_checks(article, paper, build_profile(paper))
    for flag in flags:
        assert all(evidence_is_verbatim(e, paper, article.text) for e in flag.evidence), flag.evidence
    return [f for f in flags if any(e.field == "assessments" for e in f.evidence)]


def _story(sentence: str) -> str:
    return ("Gut bacterium calms anxious rats\n\nA gut bacterium reduced anxiety-like behaviour in rats, a study "
            f"reports. {sentence} The work is in rats and trials in people are still needed.")


def test_a_faithful_quote_of_the_assessment_is_confirmed() -> None:
    story = _story("eLife's editors called the study valuable but said the evidence is incomplete.")
    assert _flags(story, _paper(_assessment("valuable", "incomplete"))) == []


def test_an_upgraded_strength_term_is_a_certainty_flag_quoting_the_assessment() -> None:
    [flag] = _flags(_story("The journal's editors said it provides compelling evidence."),
                    _paper(_assessment("valuable", "incomplete")))
    assert (flag.check, flag.article_span.text) == ("certainty", "compelling")
    assert flag.evidence[0].text == STR and "version 1" in flag.evidence[0].note
    assert "'incomplete'" in flag.message


def test_an_upgraded_significance_term_is_a_hype_flag_that_replaces_the_plain_one() -> None:
    flags = _flags(_story("eLife's reviewers hailed a landmark study with solid evidence."),
                   _paper(_assessment("valuable", "solid")))
    assert [(f.check, f.article_span.text) for f in flags] == [("hype", "landmark")]
    article = parse_article(_story("eLife's reviewers hailed a landmark study with solid evidence."))
    paper = _paper(_assessment("valuable", "solid"))
    at_landmark = [f for f in run_checks(article, paper, build_profile(paper)) if f.article_span.text == "landmark"]
    assert len(at_landmark) == 1 and at_landmark[0].evidence[0].field == "assessments"


def test_an_incomplete_grade_the_story_never_mentions_is_flagged_at_the_headline() -> None:
    story = "Gut bacterium calms anxious rats\n\nA gut bacterium reduced anxiety-like behaviour in rats, a study says."
    [flag] = _flags(story, _paper(_assessment("valuable", "inadequate")))
    assert flag.check == "certainty" and flag.article_span.text == "Gut bacterium calms anxious rats"
    assert "'inadequate'" in flag.message and flag.evidence[0].text == STR.replace("incomplete", "inadequate")


@pytest.mark.parametrize("said", [
    "Its limitations include unblinded tests.",
    "The editors said the evidence was not yet conclusive.",
    "Further experiments are needed to confirm it.",
])
def test_a_story_that_says_the_evidence_is_weak_is_not_flagged(said: str) -> None:
    assert _flags(_story(said), _paper(_assessment("valuable", "incomplete"))) == []


def test_negated_terms_fair_paraphrases_and_the_journal_name_alone_are_not_upgrades() -> None:
    paper = _paper(_assessment("important", "solid"))
    assert _flags(_story("The editors said the evidence was not compelling."), paper) == []
    assert _flags(_story("eLife's reviewers called the evidence strong."), paper) == []  # one grade above 'solid'
    assert _flags(_story("The study, published in eLife, gives compelling evidence."), paper) == []


def test_words_that_grade_nothing_are_not_grades() -> None:
    """'Solid tumours' and 'important to note' near 'the editors' are not eLife's grade of the paper."""
    paper = _paper(_assessment("useful", "incomplete"))
    story = ("Gut bacterium calms anxious rats\n\nA gut bacterium reduced anxiety-like behaviour in rats, a study "
             "reports, though the evidence is incomplete. The editors said it is important to note that the bacterium "
             "did not shrink solid tumours.")
    assert _flags(story, paper) == []


def test_a_paraphrase_two_grades_above_is_flagged() -> None:
    [flag] = _flags(_story("The editors called the evidence conclusive."), _paper(_assessment("valuable", "solid")))
    assert flag.article_span.text == "conclusive" and flag.confidence < 0.75


def test_a_term_any_version_gave_is_faithful() -> None:
    """A story faithful to version 1 is faithful, even when version 2 grades the paper lower."""
    paper = _paper(_assessment("important", "compelling", "1"), _assessment("important", "convincing", "2"))
    assert _flags(_story("eLife's editors said the study provides compelling evidence."), paper) == []


def test_the_assessment_label_reads_the_latest_version() -> None:
    paper = _paper(_assessment("valuable", "incomplete", "1"), _assessment("important", "convincing", "2"))
    assert assessment_label(paper) == "important / convincing (version 2)"
    assert assessment_label(_paper()) == ""
    mixed = Assessment(text="x", terms=[AssessmentTerm(term="compelling", axis="strength", sentence="x"),
                                        AssessmentTerm(term="incomplete", axis="strength", sentence="x")])
    assert assessment_label(_paper(mixed)) == "compelling, incomplete"


SEED = shared_dir() / "data" / "seed"


@pytest.mark.skipif(not (SEED / "paper.json").is_file(), reason=f"reference case not available: {SEED}")
@pytest.mark.parametrize("strength", ["compelling", None])
def test_the_seed_articles_quote_of_the_assessment_gains_no_flag(strength: str | None) -> None:
    """The seed says 'eLife's editors say the study provides compelling evidence': with an assessment that says so
    (invented here; the seed's paper.json has none) and without one, no flag rests on an assessment."""
    raw = json.loads((SEED / "paper.json").read_text(encoding="utf-8"))
    paper = Paper(**{k: v for k, v in raw.items() if k in Paper.model_fields})
    before = {f.id for f in run_checks(parse_article((SEED / "article.txt").read_text(encoding="utf-8")), paper,
                                       build_profile(paper))}
    if strength is not None:
        paper = paper.model_copy(update={"assessments": [_assessment("important", strength)]})
    article = parse_article((SEED / "article.txt").read_text(encoding="utf-8"))
    flags = run_checks(article, paper, build_profile(paper))
    assert {f.id for f in flags} == before
    assert not [f for f in flags if any(e.field == "assessments" for e in f.evidence)]
