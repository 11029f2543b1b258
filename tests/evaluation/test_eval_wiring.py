"""The eval command's own pieces: checklist -> HealthNewsReview verdicts, and the alignment measurement."""

from __future__ import annotations

import pytest

from caveat.analysis.profile import abstract_sentences
from caveat.core.models import Article, ChecklistItem, Flag, Paper, Review, Span
from caveat.evaluation.alignment import OWN_CASES, format_alignment, own_cases, run_alignment_eval
from caveat.evaluation.judges import CRITERION_ITEMS, pipeline_criteria_judge, verdicts_from_review


def _review(text: str, status_by_number: dict[int, str], checks: tuple[str, ...] = ()) -> Review:
    items = [
        ChecklistItem(number=n, key=f"k{n}", title=f"t{n}", criterion="c", status=status_by_number.get(n, "pass"))
        for n in range(1, 13)
    ]
    flags = [
        Flag(id=f"{c}:0-1", check=c, severity="low", message="m", article_span=Span(start=0, end=1, text=text[:1]))
        for c in checks
    ]
    return Review(id="r", created_at="t", tool_version="0", article=Article(text=text), checklist=items, flags=flags)


CAREFUL = "In this randomised trial, funded by a charity, the drug helped. Limitations: a small sample."


@pytest.mark.parametrize(
    ("statuses", "checks", "text", "bad"),
    [
        ({}, (), CAREFUL, set()),
        ({2: "editor"}, (), CAREFUL, {"benefits"}),
        ({2: "flag"}, ("benefit-size",), CAREFUL, set()),
        ({3: "flag"}, (), CAREFUL, {"harms"}),
        ({3: "na"}, (), CAREFUL, {"harms"}),
        ({4: "flag"}, (), CAREFUL, {"evidence"}),
        ({}, (), "The drug helped, funded by a charity.", {"evidence"}),
        ({}, (), "In this randomised trial the drug helped.", {"conflicts"}),
        ({6: "flag"}, ("conflict-of-interest",), CAREFUL, {"conflicts"}),
        ({6: "flag"}, ("independent-source",), CAREFUL, set()),
        ({9: "flag", 10: "flag"}, ("hype",), CAREFUL, {"novelty", "sensational"}),
    ],
)
def test_criteria_read_off_the_review(statuses: dict, checks: tuple, text: str, bad: set[str]) -> None:
    verdicts = verdicts_from_review(_review(text, statuses, checks))
    assert set(verdicts) == set(CRITERION_ITEMS)
    assert {k for k, v in verdicts.items() if v == "Not Satisfactory"} == bad


def test_pipeline_judge_flags_sensational_language_of_a_release() -> None:
    verdicts = pipeline_criteria_judge(
        "Miracle cure for baldness\n\nA revolutionary breakthrough pill regrows hair, the company says."
    )
    assert verdicts["sensational"] == "Not Satisfactory"
    assert pipeline_criteria_judge("   ") == {}


def test_alignment_labels_point_at_real_sentences() -> None:
    for case in OWN_CASES:
        n = len(abstract_sentences(Paper(abstract=case.abstract)))
        assert case.gold and max(case.gold) < n, case.claim


def test_alignment_eval_reports_shares(tmp_path) -> None:
    result = run_alignment_eval(tmp_path)  # no seed there: own examples only
    assert set(result) == {"own examples"}
    row = result["own examples"]
    assert row["n"] == len(own_cases())
    assert all(0.0 <= v <= 1.0 for k, v in row.items() if k != "n")
    assert "own examples (n=16)" in format_alignment(result)
