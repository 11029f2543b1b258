"""The real evaluation on the shared benchmarks: skipped on a clone without ../shared."""

from __future__ import annotations

import pytest

from caveat.core.paths import benchmarks_dir
from caveat.evaluation.benchmarks import score_benchmarks

SEED_FREE = [
    "causal-language-yu2019",
    "causal-exaggeration-yu2020",
    "exaggeration-pairs-wright2021",
    "health-advice-li2021",
    "certainty-pei2021",
]


@pytest.mark.skipif(not benchmarks_dir().is_dir(), reason="shared benchmarks folder absent (../shared/data/benchmarks)")
def test_rules_beat_the_majority_baseline_on_real_dev_sets() -> None:
    report = score_benchmarks(benchmarks_dir(), SEED_FREE)
    assert not report.missing, report.missing
    for row in report.rows:
        assert row.n_dev > 0 and row.n_test > 0, row
        assert row.dev is not None
        if row.baseline is not None:
            assert row.dev > row.baseline + 0.1, row
        else:
            assert row.dev > 0.2, row  # Pearson r: clearly positive
