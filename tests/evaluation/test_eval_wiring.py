"""The eval command's own pieces: checklist -> HealthNewsReview verdicts, and the alignment measurement."""

from __future__ import annotations

import pytest

from caveat.eval_alignment import OWN_CASES, format_alignment, own_cases, run_alignment_eval
from caveat.evaluate_checks import CRITERION_ITEMS, EDITOR_MEANS, pipeline_criteria_judge, verdicts_from_checklist
from caveat.models import ChecklistItem, Paper
from checks.profile import abstract_sentences


def _items(status_by_number: dict[int, str]) -> list[ChecklistItem]:
    return [
        ChecklistItem(number=n, key=f"k{n}", title=f"t{n}", criterion="c", status=status_by_number.get(n, "pass"))
        for n in range(1, 13)
    ]


@pytest.mark.parametrize(
    ("status", "expected"),
    [("flag", "Not Satisfactory"), ("pass", "Satisfactory")],
)
def test_flag_and_pass_map_directly(status: str, expected: str) -> None:
    verdicts = verdicts_from_checklist(_items(dict.fromkeys(CRITERION_ITEMS.values(), status)))
    assert set(verdicts) == set(CRITERION_ITEMS)
    assert set(verdicts.values()) == {expected}


def test_editor_items_follow_the_declared_policy() -> None:
    verdicts = verdicts_from_checklist(_items(dict.fromkeys(CRITERION_ITEMS.values(), "editor")))
    assert verdicts == EDITOR_MEANS


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
