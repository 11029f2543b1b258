"""The assessment judgement on eLife's recorded records (../shared/data/api-fixtures/elife, read where they are).

The stories are short ones written for these tests; the papers and their assessments are eLife's own, read by the
retrieval package as `--paper` reads a saved record. Without ../shared the tests skip.
"""

from __future__ import annotations

import pytest

from caveat.analysis.article import parse_article
from caveat.analysis.fulltext import evidence_is_verbatim
from caveat.analysis.profile import build_profile
from caveat.core.models import Flag, Paper
from caveat.core.paths import shared_dir
from caveat.rules.registry import run_checks
from retrieval.supplied import paper_from_json

ROOT = shared_dir() / "data" / "api-fixtures" / "elife"
pytestmark = pytest.mark.skipif(not ROOT.is_dir(), reason=f"recorded eLife records not available: {ROOT}")

MICROCINS = "article-versions_102912_VOR_important_solid.json"
WAVES = "reviewed-preprint_99904_no-significance_inadequate.json"
BOLD = "reviewed-preprint_104779_valuable_compelling+incomplete.json"


def _assessment_flags(story: str, record: str) -> list[Flag]:
    paper: Paper = paper_from_json((ROOT / record).read_text(encoding="utf-8"))
    article = parse_article(story)
    flags = [f for f in run_checks(article, paper, build_profile(paper))
             if any(e.field == "assessments" for e in f.evidence)]
    for flag in flags:
        assert all(evidence_is_verbatim(e, paper, article.text) for e in flag.evidence)
    return flags


def test_a_faithful_quote_of_a_recorded_assessment_is_confirmed() -> None:
    story = ("New microcins kill gut bacteria\n\nBacteria make small toxins that kill their rivals, a study finds. "
             "eLife's editors called the study important and said the evidence is solid.")
    assert _assessment_flags(story, MICROCINS) == []


def test_an_upgraded_term_of_a_recorded_assessment_is_flagged() -> None:
    story = ("New microcins kill gut bacteria\n\nBacteria make small toxins that kill their rivals, a study finds. "
             "eLife's editors said the study gives compelling evidence.")
    [flag] = _assessment_flags(story, MICROCINS)
    assert (flag.check, flag.article_span.text) == ("certainty", "compelling")
    assert "'solid'" in flag.message


def test_an_inadequate_recorded_grade_the_story_never_mentions_is_flagged() -> None:
    story = ("Waves in the worm's brain\n\nSignals in the nervous system of a tiny worm travel as waves that "
             "interfere with one another, a computer study shows.")
    [flag] = _assessment_flags(story, WAVES)
    assert flag.check == "certainty" and "'inadequate'" in flag.message and flag.confidence == 0.7


def test_a_mixed_recorded_grade_quoted_only_in_its_strong_half_is_flagged_with_less_confidence() -> None:
    story = ("Brain scans and electrodes agree\n\nWhen brain scans light up, nerve cells fire, a study of two "
             "patients finds. eLife's editors said the methods are compelling.")
    [flag] = _assessment_flags(story, BOLD)
    assert flag.check == "certainty" and "in part" in flag.message and flag.confidence == 0.5
