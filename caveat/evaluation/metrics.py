"""The few scores the evaluation needs, written out so that no heavy ML library is a dependency.

Each follows the textbook definition. One edge case is decided here: a class with neither gold nor predicted
items in a split has no defined F1 and is left out of the macro average (a small split may lack a rare class);
a class with gold items that is never predicted scores F1 0, as it should.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Sequence

__all__ = ["accuracy", "balanced_accuracy", "f1_per_class", "macro_f1", "majority_label", "pearson"]


def _check_lengths(gold: Sequence[object], pred: Sequence[object]) -> None:
    if len(gold) != len(pred):
        raise ValueError(f"gold has {len(gold)} items but pred has {len(pred)}")


def f1_per_class(
    gold: Sequence[Hashable], pred: Sequence[Hashable], labels: Sequence[Hashable] | None = None
) -> dict[Hashable, float]:
    """F1 of each class (one-vs-rest) among `labels` (default: all seen) that occur in gold or pred."""
    _check_lengths(gold, pred)
    seen = set(gold) | set(pred)
    names = [n for n in labels if n in seen] if labels is not None else sorted(seen, key=repr)
    scores: dict[Hashable, float] = {}
    for name in names:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == name and p == name)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != name and p == name)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == name and p != name)
        scores[name] = 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)
    return scores


def macro_f1(gold: Sequence[Hashable], pred: Sequence[Hashable], labels: Sequence[Hashable] | None = None) -> float:
    """Unweighted mean of per-class F1: a rare class counts as much as a common one."""
    per_class = f1_per_class(gold, pred, labels)
    return sum(per_class.values()) / len(per_class) if per_class else 0.0


def accuracy(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> float:
    _check_lengths(gold, pred)
    return sum(1 for g, p in zip(gold, pred, strict=True) if g == p) / len(gold) if gold else 0.0


def balanced_accuracy(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> float:
    """Mean recall over the gold classes: 0.5 for any constant answer on two classes, however skewed."""
    _check_lengths(gold, pred)
    recalls = []
    for name in set(gold):
        positives = [p for g, p in zip(gold, pred, strict=True) if g == name]
        recalls.append(sum(1 for p in positives if p == name) / len(positives))
    return sum(recalls) / len(recalls) if recalls else 0.0


def pearson(x: Sequence[float], y: Sequence[float]) -> float:
    """Pearson's r; NaN when either side is constant (a constant predictor has no correlation to speak of)."""
    _check_lengths(x, y)
    n = len(x)
    if n < 2:
        return math.nan
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    if sxx == 0 or syy == 0:
        return math.nan
    return sxy / math.sqrt(sxx * syy)


def majority_label(labels: Sequence[Hashable]) -> Hashable:
    """The most common label (ties broken by first seen), for the majority-class baseline."""
    if not labels:
        raise ValueError("no labels to take the majority of")
    return Counter(labels).most_common(1)[0][0]
