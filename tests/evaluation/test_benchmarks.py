"""score_benchmarks end to end on tiny benchmark folders written by conftest.py in the real formats."""

from __future__ import annotations

import hashlib
import json
import math
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from caveat.core.errors import InputError
from caveat.evaluation.benchmarks import (
    SETS,
    BenchmarkReport,
    Predictors,
    format_table,
    report_to_json,
    score_benchmarks,
)
from caveat.evaluation.data import criterion_key, hash_split, load_hnr_releases, load_yu2019

from .conftest import STRENGTH_SENTENCES


def _oracle(table: dict[str, float], default: float = 0):
    return lambda text: table.get(text, default)


STRENGTH = dict(STRENGTH_SENTENCES)


def _score(root: Path, sets: list[str] | None = None, **predictors: Any) -> BenchmarkReport:
    return score_benchmarks(root, sets, Predictors(**predictors))


def _row(report, set_name: str, task_part: str = "", metric: str = ""):
    matches = [r for r in report.rows if r.set == set_name and task_part in r.task and metric in r.metric]
    assert matches, f"no row for {set_name} {task_part}"
    return matches[0]


def test_hash_split_is_the_readme_rule() -> None:
    for key in ("alpha", "Some sentence.", "news_reviews_00012"):
        expected = int(hashlib.sha1(key.encode("utf-8")).hexdigest(), 16) % 5 == 0
        assert (hash_split(key) == "test") is expected


def test_yu2019_labels_are_remapped_to_checklist_scale(bench: Path) -> None:
    labels = {s.text: s.label for s in load_yu2019(bench)}
    for sentence, checklist_label in STRENGTH_SENTENCES:
        assert labels[sentence] == checklist_label


def test_oracle_scores_perfectly_and_constant_scores_baseline(bench: Path) -> None:
    sets = ["causal-language-yu2019", "causal-exaggeration-yu2020", "exaggeration-pairs-wright2021"]
    perfect = _score(bench, sets, strength_fn=_oracle(STRENGTH))
    for row in perfect.rows:
        assert row.dev == pytest.approx(1.0), row
        assert row.test == pytest.approx(1.0), row
    constant = _score(bench, sets, strength_fn=lambda _: 0)
    yu = _row(constant, "causal-language-yu2019")
    assert yu.test is not None and yu.test < 0.5
    assert yu.baseline == pytest.approx(yu.test)  # majority of dev is 0 too, so they coincide


def test_pairs_use_the_sign_of_the_strength_difference(bench: Path) -> None:
    # Everything one level too strong: sides are all wrong, but every comparison is still right.
    shifted = _score(bench, ["exaggeration-pairs-wright2021"], strength_fn=lambda t: STRENGTH.get(t, 0) + 1)
    pair_row = _row(shifted, "exaggeration-pairs-wright2021", "PR vs abstract")
    side_row = _row(shifted, "exaggeration-pairs-wright2021", "both sides")
    assert pair_row.test == pytest.approx(1.0)
    assert side_row.test == pytest.approx(0.0)
    assert (pair_row.n_dev, pair_row.n_test) == (4, 4)


def test_certainty_uses_authors_split_and_drops_ext(bench: Path) -> None:
    table = {
        "The results may suggest a possible link.": 1.0,
        "The device cut hospital stays by two days.": 6.0,
        "Squirrels could possibly prefer walnuts.": 2.0,
    }
    report = _score(bench, ["certainty-pei2021"], certainty_fn=_oracle(table, 3.0))
    row = report.rows[0]
    assert (row.n_dev, row.n_test) == (3, 3)
    assert row.test == pytest.approx(float(np.corrcoef([2.0, 5.5, 2.5], [1.0, 6.0, 2.0])[0, 1]))
    assert row.dev is not None and math.isnan(row.dev)  # a constant answer on dev has no correlation


def test_advice_rows_cover_the_three_files(bench: Path) -> None:
    advice = {
        "Clinicians may consider offering balance classes to older patients.": 1,
        "Schools should provide water fountains in every corridor.": 2,
    }
    report = _score(bench, ["health-advice-li2021"], advice_fn=_oracle(advice))
    assert len(report.rows) == 3
    for row in report.rows:
        assert row.n_dev + row.n_test == 43
        assert row.dev == pytest.approx(1.0) or row.test == pytest.approx(1.0)


def test_hnr_criteria_and_seed_with_injected_judges(bench: Path) -> None:
    releases = {r.text: r for r in load_hnr_releases(bench)}
    assert len(releases) == 40  # the duplicated row is ignored

    def oracle_judge(text: str) -> dict[str, str]:
        answers = releases[text].answers
        # labelled keys in the CHECKLIST's wording, to prove they are mapped
        return {"Harms": answers["harms"], "quality of evidence": "Satisfactory"}

    def seed(text: str) -> set[str]:
        return {"animal-to-human"} if "mice" in text else {"hype"}

    report = _score(bench, ["healthnewsreview-fakehealth"], criteria_judge=oracle_judge, seed_judge=seed)
    harms = _row(report, "healthnewsreview-fakehealth", "'harms'", "balanced")
    assert harms.test == pytest.approx(1.0) and harms.dev == pytest.approx(1.0)
    evidence = _row(report, "healthnewsreview-fakehealth", "'evidence'", "balanced")
    assert evidence.test == pytest.approx(0.0)  # all gold Not Satisfactory, all predicted Satisfactory
    assert "oracle_judge" in harms.task
    assert not any("'costs'" in r.task for r in report.rows)  # the judge never answered costs
    recall = _row(report, "healthnewsreview-fakehealth", "animal seed", "recall")
    alarms = _row(report, "healthnewsreview-fakehealth", "animal seed", "false-alarm")
    assert recall.dev == pytest.approx(1.0) and alarms.dev == pytest.approx(0.0)
    assert recall.n_dev + recall.n_test == 20 and alarms.n_dev + alarms.n_test == 20


def test_default_judges_run(bench: Path) -> None:
    report = _score(bench, ["healthnewsreview-fakehealth"])
    assert any("default_criteria_judge" in r.task for r in report.rows)
    harms = _row(report, "healthnewsreview-fakehealth", "'harms'", "balanced")
    assert harms.dev == pytest.approx(1.0)  # "Side effects" is exactly what the keyword judge looks for


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("benefits quantified", "benefits"),
        ("quality of evidence", "evidence"),
        ("independent sources / funding and conflicts", "conflicts"),
        ("sensational language (press-release version)", "sensational"),
        ("Does the news release commit disease-mongering?", "disease-mongering"),
        ("weather", None),
    ],
)
def test_criterion_key(label: str, key: str | None) -> None:
    assert criterion_key(label) == key


def test_missing_folders_and_files_are_reported(bench: Path) -> None:
    shutil.rmtree(bench / "certainty-pei2021")
    (bench / "exaggeration-pairs-wright2021" / "insciout_test.jsonl").unlink()
    report = _score(bench)
    assert set(report.missing) == {"certainty-pei2021", "exaggeration-pairs-wright2021"}
    assert "insciout_test.jsonl" in report.missing["exaggeration-pairs-wright2021"]
    assert {r.set for r in report.rows} == set(SETS) - set(report.missing)
    table = format_table(report)
    assert "MISSING certainty-pei2021" in table
    assert "causal-language-yu2019" in table


def test_bad_arguments_are_input_errors(tmp_path: Path, bench: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        _score(tmp_path / "nowhere")
    with pytest.raises(InputError, match="unknown benchmark"):
        _score(bench, ["no-such-set"])


def test_json_is_valid_and_matches_rows(bench: Path) -> None:
    report = _score(bench, ["certainty-pei2021"], certainty_fn=lambda _: 4.0)
    data = report_to_json(report)
    text = json.dumps(data, allow_nan=False)  # NaN must have become null
    assert json.loads(text)["rows"][0]["dev"] is None
    assert data["rows"][0]["metric"] == "Pearson r"


def test_a_judge_that_refuses_a_release_is_reported_not_fatal(bench: Path) -> None:
    def picky(text: str) -> dict[str, str]:
        if "mice" in text:
            raise InputError("this text is too short to review")
        return {"harms": "Satisfactory"}

    def picky_seed(text: str) -> set[str]:
        if "Release number 1." in text:
            raise InputError("unreadable")
        return set()

    report = _score(bench, ["healthnewsreview-fakehealth"], criteria_judge=picky, seed_judge=picky_seed)
    harms = _row(report, "healthnewsreview-fakehealth", "'harms'", "balanced")
    assert harms.n_dev + harms.n_test == 20  # only the releases without mice were judged
    assert any("picky refused 20 release(s)" in note for note in report.notes)
    assert any("picky_seed refused 1 release(s)" in note for note in report.notes)
    assert "NOTE healthnewsreview-fakehealth" in format_table(report)
    assert report_to_json(report)["notes"] == list(report.notes)


def test_a_judge_bug_is_not_hidden(bench: Path) -> None:
    def broken(text: str) -> dict[str, str]:
        raise KeyError("a bug, not a refusal")

    with pytest.raises(KeyError):
        _score(bench, ["healthnewsreview-fakehealth"], criteria_judge=broken)


def test_reference_case_rows(bench: Path) -> None:
    (bench.parent / "seed").mkdir()
    seen: list[Path] = []

    def reference(seed: Path) -> dict[str, object]:
        seen.append(seed)
        return {
            "must_flag_found": ["hype", "harms", "preprint"],
            "must_flag_missed": ["advice"],
            "must_not_flag_raised": ["retracted"],
            "passed": False,
        }

    report = _score(bench, ["seed"], reference_case=reference)
    assert seen == [bench.parent / "seed"]
    recall = _row(report, "seed", "must-flag")
    wrong = _row(report, "seed", "must-not-flag")
    assert (recall.dev, recall.n_dev) == (0.75, 4)
    assert wrong.dev == 1.0
    assert "reference" in format_table(report)
    # by default (sets=None) the reference case runs too when a judge is given
    assert any(r.set == "seed" for r in _score(bench, reference_case=reference).rows)
    assert not any(r.set == "seed" for r in _score(bench).rows)


def test_reference_case_missing(bench: Path) -> None:
    assert "no reference-case judge" in _score(bench, ["seed"]).missing["seed"]
    assert "not found" in _score(bench, ["seed"], reference_case=lambda _: None).missing["seed"]
    (bench.parent / "seed").mkdir()
    assert "expected.json" in _score(bench, ["seed"], reference_case=lambda _: None).missing["seed"]
