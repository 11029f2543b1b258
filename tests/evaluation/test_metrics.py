"""The hand-written metrics against values worked out by hand."""

from __future__ import annotations

import math

import pytest

from caveat.evaluation.metrics import accuracy, balanced_accuracy, f1_per_class, macro_f1, majority_label, pearson


def test_macro_f1_by_hand() -> None:
    gold = [0, 0, 1, 1, 2]
    pred = [0, 1, 1, 1, 0]
    # class 0: tp 1 fp 1 fn 1 -> 0.5; class 1: tp 2 fp 1 fn 0 -> 0.8; class 2: tp 0 -> 0.0
    assert f1_per_class(gold, pred, [0, 1, 2]) == pytest.approx({0: 0.5, 1: 0.8, 2: 0.0})
    assert macro_f1(gold, pred, [0, 1, 2]) == pytest.approx(1.3 / 3)


def test_macro_f1_leaves_out_classes_absent_from_gold_and_pred() -> None:
    assert macro_f1([0, 0], [0, 0], [0, 1]) == pytest.approx(1.0)
    assert macro_f1([0, 1], [0, 0], [0, 1, 2]) == pytest.approx((2 / 3 + 0) / 2)
    assert macro_f1([0, 0], [0, 2], [0, 1]) == pytest.approx(2 / 3)  # labels outside the list are ignored


def test_perfect_and_constant_predictions() -> None:
    gold = ["a", "b", "b", "c"]
    assert macro_f1(gold, gold) == 1.0
    assert accuracy(gold, ["b"] * 4) == 0.5
    # constant "b": F1(b) = 2*2/(2*2+2+0) = 2/3, others 0
    assert macro_f1(gold, ["b"] * 4, ["a", "b", "c"]) == pytest.approx(2 / 9)


def test_balanced_accuracy_ignores_skew() -> None:
    gold = ["S"] * 9 + ["N"]
    assert balanced_accuracy(gold, ["S"] * 10) == pytest.approx(0.5)
    assert balanced_accuracy(gold, ["S"] * 8 + ["N", "N"]) == pytest.approx((8 / 9 + 1) / 2)


def test_pearson() -> None:
    assert pearson([1, 2, 3], [2, 4, 6]) == pytest.approx(1.0)
    assert pearson([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    assert pearson([1, 2, 3, 4], [1, 3, 2, 4]) == pytest.approx(0.8)
    assert math.isnan(pearson([1, 2, 3], [5, 5, 5]))


def test_length_mismatch_is_an_error() -> None:
    with pytest.raises(ValueError, match="gold has 2"):
        macro_f1([1, 2], [1])


def test_majority_label() -> None:
    assert majority_label([3, 1, 3, 2]) == 3
    with pytest.raises(ValueError):
        majority_label([])
