"""`caveat eval`: how well the wording rules and the checklist agree with labelled benchmarks.

Quality is measured, not hoped for: each task is scored on the benchmark's DEV split (what the rules were tuned
on) and on its TEST split (the figure to report), beside the published figure and a majority-class baseline, so
that a reader sees at once whether a number is good, merely above trivial, or overfitted. The predictors are
parameters (`Predictors`) so that a language-model variant, or the pipeline's checklist, is scored by the same code.
`caveat.evaluation.run.run_eval` is the one entry point that calls this with the pipeline's judges.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from caveat.analysis.language import advice_level, certainty_score, claim_strength
from caveat.core.errors import InputError
from caveat.evaluation.data import (
    MissingSet,
    Pair,
    Release,
    Sentence,
    load_advice,
    load_certainty,
    load_hnr_releases,
    load_pairs,
    load_yu2019,
    load_yu2020_eureka,
)
from caveat.evaluation.hnr import (
    CriteriaJudge,
    CriterionScore,
    SeedJudge,
    SeedScore,
    default_criteria_judge,
    default_seed_judge,
    judge_all,
    majority_answers,
    score_criteria,
    score_seed,
)
from caveat.evaluation.metrics import macro_f1, majority_label, pearson

__all__ = [
    "SEED_SET",
    "SETS",
    "BenchmarkReport",
    "EvalRow",
    "Predictors",
    "ReferenceCase",
    "format_table",
    "report_to_json",
    "score_benchmarks",
]

StrengthFn = Callable[[str], int]
AdviceFn = Callable[[str], int]
CertaintyFn = Callable[[str], float]

SETS: tuple[str, ...] = (
    "causal-language-yu2019",
    "causal-exaggeration-yu2020",
    "exaggeration-pairs-wright2021",
    "health-advice-li2021",
    "certainty-pei2021",
    "healthnewsreview-fakehealth",
)
"""The benchmark folders `caveat eval` knows how to score (missci-glockner2024 has no task here yet)."""

EXAGGERATION_LABELS = ("downplays", "same", "exaggerates")

ReferenceCase = Callable[[Path], "dict[str, Any] | None"]
"""The seed folder (../shared/data/seed) -> {"must_flag_found": [...], "must_flag_missed": [...],
"must_not_flag_raised": [...], ...} or None when it cannot be run. Injected because it needs the pipeline."""
SEED_SET = "seed"
HNR_SET = "healthnewsreview-fakehealth"


@dataclass(frozen=True)
class EvalRow:
    """One line of the table: a task on one set, dev beside test, with what to compare them to."""

    task: str
    set: str
    metric: str
    n_dev: int
    n_test: int
    dev: float | None
    test: float | None
    published: str = ""
    baseline: float | None = None
    """The majority class of dev, predicted for every test item (None where it is undefined, e.g. Pearson)."""


@dataclass(frozen=True)
class BenchmarkReport:
    """Every row scored, and what could not be: made once by `score_benchmarks`, then only read."""

    benchmarks_dir: str
    rows: tuple[EvalRow, ...] = ()
    missing: dict[str, str] = field(default_factory=dict)
    """Set name -> why it was not scored (folder or file absent)."""
    notes: tuple[str, ...] = ()
    """What else the reader must know, e.g. items a judge refused and that were left out."""
    seconds: float = 0.0


def _split(items: Sequence[Sentence]) -> tuple[list[Sentence], list[Sentence]]:
    return [i for i in items if i.split == "dev"], [i for i in items if i.split == "test"]


def _classification_row(
    task: str,
    set_name: str,
    items: Sequence[Sentence],
    predict: Callable[[str], int],
    labels: Sequence[int],
    published: str,
) -> EvalRow:
    dev, test = _split(items)

    def score(part: Sequence[Sentence]) -> float | None:
        if not part:
            return None
        return macro_f1([int(i.label) for i in part], [predict(i.text) for i in part], labels)

    baseline = None
    if dev and test:
        constant = majority_label([int(i.label) for i in dev])
        baseline = macro_f1([int(i.label) for i in test], [constant] * len(test), labels)
    return EvalRow(task, set_name, "macro-F1", len(dev), len(test), score(dev), score(test), published, baseline)


def _eval_yu2019(root: Path, strength: StrengthFn) -> list[EvalRow]:
    items = load_yu2019(root)
    return [
        _classification_row(
            "claim strength 0-3", "causal-language-yu2019", items, strength, range(4), "BERT 0.88 (5-fold CV)"
        )
    ]


def _eval_yu2020(root: Path, strength: StrengthFn) -> list[EvalRow]:
    items = load_yu2020_eureka(root)
    return [
        _classification_row(
            "claim strength 0-3 (press releases)",
            "causal-exaggeration-yu2020",
            items,
            strength,
            range(4),
            "BioBERT 0.892 (5-fold CV)",
        )
    ]


def _sign_label(press_release: int, abstract: int) -> str:
    """Wright & Augenstein's definition exactly: exaggerates iff the release claims more than the abstract."""
    if press_release > abstract:
        return "exaggerates"
    if press_release < abstract:
        return "downplays"
    return "same"


def _eval_pairs(root: Path, strength: StrengthFn) -> list[EvalRow]:
    pairs = load_pairs(root)
    dev = [p for p in pairs if p.split == "dev"]
    test = [p for p in pairs if p.split == "test"]
    cache: dict[str, int] = {}

    def s(text: str) -> int:
        if text not in cache:
            cache[text] = strength(text)
        return cache[text]

    def pair_score(part: Sequence[Pair]) -> float | None:
        if not part:
            return None
        gold = [p.label for p in part]
        pred = [_sign_label(s(p.press_release), s(p.abstract)) for p in part]
        return macro_f1(gold, pred, EXAGGERATION_LABELS)

    def side_score(part: Sequence[Pair]) -> float | None:
        if not part:
            return None
        gold = [p.press_release_strength for p in part] + [p.abstract_strength for p in part]
        pred = [s(p.press_release) for p in part] + [s(p.abstract) for p in part]
        return macro_f1(gold, pred, range(4))

    baseline = side_baseline = None
    if dev and test:
        constant = majority_label([p.label for p in dev])
        baseline = macro_f1([p.label for p in test], [constant] * len(test), EXAGGERATION_LABELS)
        dev_sides = [p.press_release_strength for p in dev] + [p.abstract_strength for p in dev]
        test_sides = [p.press_release_strength for p in test] + [p.abstract_strength for p in test]
        side_baseline = macro_f1(test_sides, [majority_label(dev_sides)] * len(test_sides), range(4))
    name = "exaggeration-pairs-wright2021"
    return [
        EvalRow(
            "exaggeration: PR vs abstract strength",
            name,
            "macro-F1",
            len(dev),
            len(test),
            pair_score(dev),
            pair_score(test),
            "not retrieved (majority 0.253)",
            baseline,
        ),
        EvalRow(
            "claim strength 0-3 (both sides)",
            name,
            "macro-F1",
            2 * len(dev),
            2 * len(test),
            side_score(dev),
            side_score(test),
            "",
            side_baseline,
        ),
    ]


_ADVICE_PUBLISHED = {
    "structured": "BioBERT 0.933, SVM 0.833 (5-fold)",
    "unstructured": "BioBERT transfer 0.801",
    "discussion": "",
}


def _eval_advice(root: Path, advice: AdviceFn) -> list[EvalRow]:
    rows = []
    for part, published in _ADVICE_PUBLISHED.items():
        items = load_advice(root, part)
        rows.append(
            _classification_row(
                f"advice 0-2 ({part} abstracts)" if part != "discussion" else "advice 0-2 (discussion sections)",
                "health-advice-li2021",
                items,
                advice,
                range(3),
                published,
            )
        )
    return rows


def _eval_certainty(root: Path, certainty: CertaintyFn) -> list[EvalRow]:
    dev, test = _split(load_certainty(root))

    def score(part: Sequence[Sentence]) -> float | None:
        if not part:
            return None
        return pearson([i.label for i in part], [certainty(i.text) for i in part])

    return [
        EvalRow(
            "certainty 1-6 (sentence level)",
            "certainty-pei2021",
            "Pearson r",
            len(dev),
            len(test),
            score(dev),
            score(test),
            "not retrieved",
            None,
        )
    ]


def _judge_name(judge: Callable[..., object]) -> str:
    return getattr(judge, "__name__", type(judge).__name__)


def _hnr_criterion_rows(
    dev_scores: dict[str, CriterionScore], test_scores: dict[str, CriterionScore], judge: str
) -> list[EvalRow]:
    """Two rows per criterion (balanced accuracy against 0.5, macro-F1 against the majority class)."""
    rows = []
    for criterion in dict.fromkeys([*dev_scores, *test_scores]):
        d, t = dev_scores.get(criterion), test_scores.get(criterion)
        n_dev, n_test = (d.n if d else 0), (t.n if t else 0)
        task = f"HNR '{criterion}' [{judge}]"
        rows.append(
            EvalRow(
                task,
                HNR_SET,
                "balanced acc",
                n_dev,
                n_test,
                d.balanced_accuracy if d else None,
                t.balanced_accuracy if t else None,
                "",
                0.5,
            )
        )
        rows.append(
            EvalRow(
                task,
                HNR_SET,
                "macro-F1",
                n_dev,
                n_test,
                d.macro_f1 if d else None,
                t.macro_f1 if t else None,
                "GPT-3.5 < 0.5 on some (Liu 2025)" if criterion in ("benefits", "evidence", "conflicts") else "",
                t.baseline_macro_f1 if t else None,
            )
        )
    return rows


def _hnr_seed_rows(seed_dev: SeedScore, seed_test: SeedScore, judge: str) -> list[EvalRow]:
    """Recall on the animal seed and the false-alarm rate on the other releases (both against raising nothing)."""
    task = f"animal seed: early-stage flags [{judge}]"
    return [
        EvalRow(
            task,
            HNR_SET,
            "recall",
            seed_dev.n_positive,
            seed_test.n_positive,
            seed_dev.recall,
            seed_test.recall,
            "",
            0.0,
        ),
        EvalRow(
            task,
            HNR_SET,
            "false-alarm rate",
            seed_dev.n_negative,
            seed_test.n_negative,
            seed_dev.false_alarm_rate,
            seed_test.false_alarm_rate,
            "",
            0.0,
        ),
    ]


def _eval_hnr(root: Path, criteria_judge: CriteriaJudge, seed_judge: SeedJudge, notes: list[str]) -> list[EvalRow]:
    releases = load_hnr_releases(root)
    dev: list[Release] = [r for r in releases if r.split == "dev"]
    test: list[Release] = [r for r in releases if r.split == "test"]
    majority = majority_answers(dev)
    dev_verdicts, dev_failures = judge_all(dev, criteria_judge)
    test_verdicts, test_failures = judge_all(test, criteria_judge)
    dev_scores = {s.criterion: s for s in score_criteria(dev, dev_verdicts, majority)}
    test_scores = {s.criterion: s for s in score_criteria(test, test_verdicts, majority)}
    rows = _hnr_criterion_rows(dev_scores, test_scores, _judge_name(criteria_judge))
    seed_dev, seed_test = score_seed(dev, seed_judge), score_seed(test, seed_judge)
    for what, failures in (
        (_judge_name(criteria_judge), dev_failures + test_failures),
        (_judge_name(seed_judge), [*seed_dev.failures, *seed_test.failures]),
    ):
        if failures:
            notes.append(f"{HNR_SET}: {what} refused {len(failures)} release(s), left out (first: {failures[0]})")
    return rows + _hnr_seed_rows(seed_dev, seed_test, _judge_name(seed_judge))


def _eval_reference(seed_dir: Path, reference_case: ReferenceCase) -> list[EvalRow]:
    result = reference_case(seed_dir)
    if result is None:
        raise MissingSet(f"{seed_dir} has no expected.json")
    found = list(result.get("must_flag_found", []))
    missed = list(result.get("must_flag_missed", []))
    wrong = list(result.get("must_not_flag_raised", []))
    total = len(found) + len(missed)
    name = f"reference article [{_judge_name(reference_case)}]"
    return [
        EvalRow(
            f"{name}: must-flag ids raised", SEED_SET, "recall", total, 0, len(found) / total if total else None, None
        ),
        EvalRow(f"{name}: must-not-flag ids raised", SEED_SET, "count", 1, 0, float(len(wrong)), None),
    ]


@dataclass(frozen=True)
class Predictors:
    """What is scored: the sentence graders and the judges of press releases and of the reference article."""

    strength_fn: StrengthFn = claim_strength
    advice_fn: AdviceFn = advice_level
    certainty_fn: CertaintyFn = certainty_score
    criteria_judge: CriteriaJudge = default_criteria_judge
    seed_judge: SeedJudge = default_seed_judge
    reference_case: ReferenceCase | None = None


def _wanted_sets(sets: Sequence[str] | None, with_reference: bool) -> list[str]:
    wanted = list(SETS) if sets is None else list(dict.fromkeys(sets))
    if sets is None and with_reference:
        wanted.append(SEED_SET)
    unknown = [s for s in wanted if s not in (*SETS, SEED_SET)]
    if unknown:
        raise InputError(f"unknown benchmark set(s): {', '.join(unknown)}; known: {', '.join(SETS)}")
    return wanted


def _runners(root: Path, p: Predictors, notes: list[str]) -> dict[str, Callable[[], list[EvalRow]]]:
    return {
        "causal-language-yu2019": lambda: _eval_yu2019(root, p.strength_fn),
        "causal-exaggeration-yu2020": lambda: _eval_yu2020(root, p.strength_fn),
        "exaggeration-pairs-wright2021": lambda: _eval_pairs(root, p.strength_fn),
        "health-advice-li2021": lambda: _eval_advice(root, p.advice_fn),
        "certainty-pei2021": lambda: _eval_certainty(root, p.certainty_fn),
        HNR_SET: lambda: _eval_hnr(root, p.criteria_judge, p.seed_judge, notes),
    }


def _seed_rows(root: Path, reference_case: ReferenceCase | None) -> list[EvalRow]:
    """The reference article beside the benchmarks (../seed); MissingSet when it cannot be scored."""
    seed_dir = root.parent / SEED_SET
    if reference_case is None:
        raise MissingSet("no reference-case judge was given (the pipeline provides one)")
    if not seed_dir.is_dir():
        raise MissingSet(f"folder {seed_dir} not found")
    return _eval_reference(seed_dir, reference_case)


def score_benchmarks(
    benchmarks_dir: Path, sets: Sequence[str] | None = None, predictors: Predictors | None = None
) -> BenchmarkReport:
    """Score every requested benchmark set that is present; list the absent ones in `missing`.

    The judges default to the crude keyword judges of `caveat.evaluation.hnr`; `caveat eval` passes the pipeline's
    own (`caveat.evaluation.judges`). The table names the judge so that the two are never confused. With a
    `reference_case`, the seed article beside the benchmarks (../seed) is scored too, as set "seed"; it is a
    single article the project was built against, so its figure sits in the dev column.
    """
    p = predictors or Predictors()
    root = Path(benchmarks_dir)
    if not root.is_dir():
        raise InputError(f"benchmarks folder not found: {root} (pass --data PATH)")
    wanted = _wanted_sets(sets, p.reference_case is not None)
    rows: list[EvalRow] = []
    missing: dict[str, str] = {}
    notes: list[str] = []
    runners = _runners(root, p, notes)
    started = time.perf_counter()
    for name in wanted:
        if name != SEED_SET and not (root / name).is_dir():
            missing[name] = f"folder {name}/ not found in {root}"
            continue
        try:
            rows.extend(_seed_rows(root, p.reference_case) if name == SEED_SET else runners[name]())
        except MissingSet as absent:
            missing[name] = str(absent)
    return BenchmarkReport(str(root), tuple(rows), missing, tuple(notes), time.perf_counter() - started)


def _fmt(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value:.3f}"


def format_table(report: BenchmarkReport) -> str:
    """A plain-text table for a terminal or a commit message; dev and test side by side."""
    header = ("task", "set", "n dev/test", "metric", "dev", "test", "published", "majority")
    lines = [
        (
            row.task,
            row.set,
            f"{row.n_dev}/{row.n_test}",
            row.metric,
            f"{row.dev:.0f}" if row.metric == "count" and row.dev is not None else _fmt(row.dev),
            _fmt(row.test),
            row.published or "—",
            _fmt(row.baseline),
        )
        for row in report.rows
    ]
    widths = [max(len(str(c)) for c in column) for column in zip(header, *lines, strict=True)]

    def render(cells: Sequence[str]) -> str:
        return "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [render(header), render(["-" * w for w in widths])]
    out += [render(line) for line in lines]
    if not report.rows:
        out.append("(no benchmark set could be scored)")
    for name, reason in report.missing.items():
        out.append(f"MISSING {name}: {reason}")
    out.extend(f"NOTE {note}" for note in report.notes)
    out.append(f"data: {report.benchmarks_dir}   time: {report.seconds:.1f} s   (tuned on dev; report test)")
    return "\n".join(out)


def report_to_json(report: BenchmarkReport) -> dict[str, object]:
    """The same data as the table, with NaN written as null so that the JSON is valid."""

    def clean(value: object) -> object:
        return None if isinstance(value, float) and math.isnan(value) else value

    return {
        "benchmarks_dir": report.benchmarks_dir,
        "rows": [{k: clean(v) for k, v in asdict(row).items()} for row in report.rows],
        "missing": dict(report.missing),
        "notes": list(report.notes),
        "seconds": round(report.seconds, 3),
    }
