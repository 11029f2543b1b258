"""The project's own full-text and eLife cases (tests/fixtures/fulltext), scored as `caveat eval --stories` scores them.

They hold the promises of the full-text work: harms, conflict-of-interest and sample-size cite full-text sentences;
a faithful quote of an eLife assessment is confirmed, an upgraded term and an unmentioned 'incomplete' are flagged;
and the stories table reports the share of flags whose evidence comes from beyond the abstract.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from caveat.evaluation.stories import StoryReport, StoryScore, format_stories, score_stories, stories_to_json

FULLTEXT = Path(__file__).resolve().parents[1] / "fixtures" / "fulltext"


@pytest.fixture(scope="module")
def report() -> StoryReport:
    return score_stories(FULLTEXT)


def _story(report: StoryReport, name: str) -> StoryScore:
    return next(s for s in report.stories if s.name == name)


def test_every_must_flag_is_hit_on_its_words_and_no_must_not_flag_is_raised(report: StoryReport) -> None:
    [everything] = [f for f in report.groups() if f.name == "all"]
    assert everything.hits == everything.must_flag == everything.span_overlaps
    assert everything.raised == 0


def test_the_three_elife_stories(report: StoryReport) -> None:
    faithful, upgraded, omitted = (_story(report, n) for n in ("el-01", "el-02", "el-03"))
    assert not {"certainty", "hype"} & set(faithful.raised)
    assert [m.hit for m in upgraded.must_flag] == [True] and upgraded.must_flag[0].quote == "compelling"
    assert [m.hit for m in omitted.must_flag] == [True]


def test_the_share_of_flags_from_beyond_the_abstract_is_reported(report: StoryReport) -> None:
    [everything] = [f for f in report.groups() if f.name == "all"]
    assert everything.flags > 0 and everything.beyond_abstract >= 5  # one per must-flag item at least
    assert everything.beyond_share is not None and 0 < everything.beyond_share <= 1
    assert "flags beyond abstract" in format_stories(report)
    assert stories_to_json(report)["groups"][0]["beyond_abstract"] == everything.beyond_abstract


def test_caveat_eval_scores_the_projects_own_stories_by_default() -> None:
    """`caveat eval` (every part) includes the own-10 and these cases; `--sets own-stories` asks for them alone."""
    from caveat.evaluation.run import OWN_STORIES, PARTS, run_eval

    assert OWN_STORIES in PARTS
    result = run_eval(sets=[OWN_STORIES])
    assert result.benchmarks is None and result.stories is None and result.scored_anything
    assert [Path(r.stories_dir).name for r in result.own_stories] == ["stories", "fulltext"]
    table = result.table()
    assert "10 in" in table and "6 in" in table and "flags beyond abstract" in table
    fulltext = result.to_json()["own_stories"][1]
    [everything] = [g for g in fulltext["groups"] if g["name"] == "all"]
    assert everything["beyond_abstract"] > 0
