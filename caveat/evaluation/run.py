"""`run_eval(...)`: the one entry point of `caveat eval`, returning one result that the command prints and writes.

What it measures, each in its own module of this package: the labelled benchmarks (`benchmarks`, read by `data`,
HealthNewsReview criteria in `hnr`, judged by the pipeline in `judges`), the reference article of
../shared/data/seed, evidence alignment (`alignment`), the labelled stories (`stories`) and, on request, the
language model beside the rules (`llm`). The choice of parts is a list of names, so that a quick run (`--sets
stories`) and the full one go through the same code.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from caveat.core.errors import InputError
from caveat.core.paths import PROJECT_ROOT, benchmarks_dir, shared_dir
from caveat.core.settings import Settings, load_settings
from caveat.evaluation.alignment import format_alignment, run_alignment_eval
from caveat.evaluation.benchmarks import (
    SEED_SET,
    SETS,
    BenchmarkReport,
    Predictors,
    format_table,
    report_to_json,
    score_benchmarks,
)
from caveat.evaluation.judges import pipeline_criteria_judge, pipeline_seed_judge, reference_case
from caveat.evaluation.llm import format_llm_eval, run_llm_eval
from caveat.evaluation.stories import StoryReport, format_stories, score_stories, stories_to_json

STORIES = "stories"
OWN_STORIES = "own-stories"
PARTS: tuple[str, ...] = (*SETS, SEED_SET, STORIES, OWN_STORIES)
"""Everything `run_eval` can score, by name: the benchmark sets, the reference article, the shared stories, and
the project's own labelled stories."""
OWN_STORY_DIRS = ("tests/fixtures/stories", "tests/fixtures/fulltext")
"""Stories written for this project, in a checkout (a wheel has no tests/): the own-10 set, and the full-text and
eLife cases whose last column is the share of flags that rest on more than the abstract."""


def default_stories_dir() -> Path:
    return shared_dir() / "data" / "stories"


@dataclass(frozen=True)
class EvalResult:
    """One run of `caveat eval`: every part that ran, and why the others did not."""

    benchmarks: BenchmarkReport | None = None
    alignment: dict[str, dict[str, float | int]] | None = None
    stories: StoryReport | None = None
    own_stories: tuple[StoryReport, ...] = ()
    llm: Mapping[str, Any] | None = None
    skipped: tuple[str, ...] = ()
    """One line per part that was asked for (or run by default) but could not run, with the reason."""
    seconds: float = 0.0

    @property
    def scored_anything(self) -> bool:
        return (bool(self.benchmarks and self.benchmarks.rows) or bool(self.stories and self.stories.stories)
                or any(r.stories for r in self.own_stories))

    def table(self) -> str:
        """What the terminal shows: the benchmark table, alignment, the stories, the model; blank lines between."""
        parts = []
        if self.benchmarks is not None:
            parts.append(format_table(self.benchmarks))
        if self.alignment is not None:
            parts.append(format_alignment(self.alignment))
        if self.stories is not None:
            parts.append(("\n" if parts else "") + format_stories(self.stories))
        parts += [("\n" if parts else "") + format_stories(r) for r in self.own_stories]
        if self.llm is not None:
            parts.append(format_llm_eval(dict(self.llm)))
        return "\n".join(parts)

    def to_json(self) -> dict[str, Any]:
        """The same figures as the table; the benchmark keys stay at the top level, as earlier files have them."""
        data: dict[str, Any] = dict(report_to_json(self.benchmarks)) if self.benchmarks is not None else {}
        if self.alignment is not None:
            data["evidence_alignment"] = {k: dict(v) for k, v in self.alignment.items()}
        if self.stories is not None:
            data["stories"] = stories_to_json(self.stories)
        if self.own_stories:
            data["own_stories"] = [stories_to_json(r) for r in self.own_stories]
        if self.llm is not None:
            data["llm"] = dict(self.llm)
        data["skipped"] = list(self.skipped)
        return data


def _parts(sets: Sequence[str] | None) -> list[str]:
    if sets is None:
        return list(PARTS)
    wanted = list(dict.fromkeys(s.strip() for s in sets if s.strip()))
    unknown = [s for s in wanted if s not in PARTS]
    if unknown:
        raise InputError(f"unknown benchmark set(s): {', '.join(unknown)}; known: {', '.join(PARTS)}")
    return wanted


def _stories(stories_dir: Path | None, skipped: list[str]) -> StoryReport | None:
    """The given folder must exist; the default one (../shared/data/stories) may be absent on a user's clone."""
    if stories_dir is not None:
        return score_stories(stories_dir)
    folder = default_stories_dir()
    if not folder.is_dir():
        skipped.append(f"stories: folder {folder} not found (pass --stories DIR)")
        return None
    return score_stories(folder)


def _own_stories(skipped: list[str]) -> tuple[StoryReport, ...]:
    """The project's own story folders, where this is a checkout; a wheel has none, and says so."""
    folders = [PROJECT_ROOT / d for d in OWN_STORY_DIRS if (PROJECT_ROOT / d).is_dir()]
    if not folders:
        skipped.append(f"own stories: no {' or '.join(OWN_STORY_DIRS)} here (they ship with a checkout)")
    return tuple(score_stories(f) for f in folders)


def _llm(data: Path, settings: Settings | None, limit: int, skipped: list[str]) -> Mapping[str, Any] | None:
    """Asked for by name, so enabled as `caveat check --llm` enables it; still skipped without a model."""
    llm = (settings or load_settings()).llm.model_copy(update={"enabled": True})
    result = run_llm_eval(data, llm, limit)
    if "skipped" in result:
        skipped.append(f"language model: {result['skipped']}")
        return None
    return result


def run_eval(
    *,
    data_dir: Path | None = None,
    sets: Sequence[str] | None = None,
    stories_dir: Path | None = None,
    llm: bool = False,
    limit: int = 60,
    settings: Settings | None = None,
) -> EvalResult:
    """Score the parts named in `sets` (default: all of `PARTS`) and return them as one `EvalResult`.

    `data_dir` is the benchmarks folder (default ../shared/data/benchmarks), `stories_dir` the stories folder
    (default ../shared/data/stories, skipped with a reason when absent). Evidence alignment runs with the
    benchmarks. With `llm`, `limit` test sentences of Yu 2019 also go to the language model of `settings`.
    Raises InputError for an unknown part or a folder that was asked for and is not there.
    """
    started = time.perf_counter()
    wanted = _parts(sets)
    data = data_dir or benchmarks_dir()
    skipped: list[str] = []
    bench_sets = [s for s in wanted if s not in (STORIES, OWN_STORIES)]
    report = alignment = None
    if bench_sets:
        predictors = Predictors(
            criteria_judge=pipeline_criteria_judge, seed_judge=pipeline_seed_judge, reference_case=reference_case
        )
        report = score_benchmarks(data, None if sets is None else bench_sets, predictors)
        alignment = run_alignment_eval(shared_dir() / "data" / "seed")
    stories = _stories(stories_dir, skipped) if STORIES in wanted else None
    own = _own_stories(skipped) if OWN_STORIES in wanted else ()
    model = _llm(data, settings, limit, skipped) if llm else None
    return EvalResult(report, alignment, stories, own, model, tuple(skipped), time.perf_counter() - started)
