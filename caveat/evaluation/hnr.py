"""Scoring against HealthNewsReview.org's expert reviews of press releases.

The judge is injected: the pipeline's checklist is a later stage than this scoring, and a language-model
variant must be scorable the same way. Two judge shapes are accepted:

- `CriteriaJudge`: release text -> {criterion: "Satisfactory" | "Not Satisfactory"}. Keys may be the short keys
  of `eval_data.HNR_CRITERIA` or any label containing one ("benefits quantified", "quality of evidence",
  "independent sources / funding and conflicts"...). A criterion the judge leaves out is not scored.
- `SeedJudge`: release text -> the set of check ids the tool raised. It is scored on the "animal seed": releases
  whose reviewers mention animals or cell studies in an explanation AND rate the quality of evidence Not
  Satisfactory (positives: the tool should raise `animal-to-human` or `missing-stage-caveat`), against releases
  whose explanations never mention animals or cells (where raising them is taken as a false alarm). This seed is
  a keyword heuristic over the reviewers' words, not a label that the reviewers gave.

The defaults below are deliberately crude keyword judges, there so the scoring runs without the pipeline and as
a floor that the real checklist should beat.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from caveat.core.errors import CaveatError
from caveat.evaluation.data import Release, criterion_key
from caveat.evaluation.metrics import balanced_accuracy, macro_f1, majority_label

CriteriaJudge = Callable[[str], dict[str, str]]
SeedJudge = Callable[[str], set[str]]

SATISFACTORY = "Satisfactory"
NOT_SATISFACTORY = "Not Satisfactory"
SCORED_CRITERIA = ("benefits", "harms", "evidence", "conflicts", "novelty", "sensational")
"""The criteria the project's checks speak to (CHECKLIST items 2, 3, 4, 6, 9, 10)."""
SEED_CHECKS = frozenset({"animal-to-human", "missing-stage-caveat"})

_ANIMAL_WORDS = re.compile(
    r"\b(?:mice|mouse|rats?|rodents?|animals?|in vitro|cell cultures?|cell lines?|cells in a dish|primates?|"
    r"monkeys?|zebrafish|pigs|piglets|dogs|worms|fruit fl(?:y|ies)|petri dish)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CriterionScore:
    criterion: str
    n: int
    balanced_accuracy: float
    macro_f1: float
    baseline_macro_f1: float


@dataclass(frozen=True)
class SeedScore:
    n_positive: int
    n_negative: int
    recall: float
    false_alarm_rate: float
    failures: tuple[str, ...] = ()


def _normalise(answer: str) -> str:
    """Anything that is not a Not Satisfactory verdict counts as Satisfactory: only a flag is a complaint."""
    return NOT_SATISFACTORY if answer.strip().lower().startswith("not satisf") else SATISFACTORY


def judge_all(releases: Sequence[Release], judge: CriteriaJudge) -> tuple[list[dict[str, str]], list[str]]:
    """Run the judge once per release, with its keys mapped to the short criterion keys.

    A release the judge refuses with a user-facing error (some scraped texts are paywall pages) gets no verdict
    and is named in the second list, so the report says how many were left out instead of the run dying.
    """
    verdicts: list[dict[str, str]] = []
    failures: list[str] = []
    for release in releases:
        try:
            raw = judge(release.text)
        except CaveatError as error:
            failures.append(f"{release.news_id}: {error}")
            verdicts.append({})
            continue
        mapped: dict[str, str] = {}
        for label, answer in raw.items():
            key = criterion_key(label)
            if key is not None:
                mapped[key] = _normalise(answer)
        verdicts.append(mapped)
    return verdicts, failures


def score_criteria(
    releases: Sequence[Release], verdicts: Sequence[dict[str, str]], majority: dict[str, str] | None = None
) -> list[CriterionScore]:
    """Balanced accuracy and macro-F1 per criterion, over releases whose expert answer is not Not Applicable.

    `majority` gives the majority answer per criterion (taken from dev by the caller) for the baseline.
    """
    scores = []
    criteria = [c for c in SCORED_CRITERIA if any(c in v for v in verdicts)]
    criteria += sorted({c for v in verdicts for c in v} - set(criteria))
    for criterion in criteria:
        gold, pred = [], []
        for release, verdict in zip(releases, verdicts, strict=True):
            answer = release.answers.get(criterion, "Not Applicable")
            if answer in (SATISFACTORY, NOT_SATISFACTORY) and criterion in verdict:
                gold.append(answer)
                pred.append(verdict[criterion])
        if not gold:
            continue
        labels = [SATISFACTORY, NOT_SATISFACTORY]
        constant = (majority or {}).get(criterion) or str(majority_label(gold))
        scores.append(
            CriterionScore(
                criterion=criterion,
                n=len(gold),
                balanced_accuracy=balanced_accuracy(gold, pred),
                macro_f1=macro_f1(gold, pred, labels),
                baseline_macro_f1=macro_f1(gold, [constant] * len(gold), labels),
            )
        )
    return scores


def majority_answers(releases: Sequence[Release]) -> dict[str, str]:
    """The commonest applicable expert answer per criterion, for the majority-class baseline."""
    result = {}
    for key in {k for r in releases for k in r.answers}:
        answers = [r.answers[key] for r in releases if r.answers.get(key) in (SATISFACTORY, NOT_SATISFACTORY)]
        if answers:
            result[key] = str(majority_label(answers))
    return result


def is_animal_seed(release: Release) -> bool | None:
    """True: a seed positive; False: a seed negative; None: neither (animals mentioned, evidence rated fine)."""
    mentions = any(_ANIMAL_WORDS.search(text) for text in release.explanations.values())
    if not mentions:
        return False
    return True if release.answers.get("evidence") == NOT_SATISFACTORY else None


def score_seed(releases: Sequence[Release], judge: SeedJudge) -> SeedScore:
    """Recall of the early-stage checks on the animal seed, and how often they fire on the other releases."""
    hits = positives = alarms = negatives = 0
    failures = []
    for release in releases:
        seed = is_animal_seed(release)
        if seed is None:
            continue
        try:
            raised = bool(judge(release.text) & SEED_CHECKS)
        except CaveatError as error:
            failures.append(f"{release.news_id}: {error}")
            continue
        if seed:
            positives += 1
            hits += raised
        else:
            negatives += 1
            alarms += raised
    return SeedScore(
        n_positive=positives,
        n_negative=negatives,
        recall=hits / positives if positives else float("nan"),
        false_alarm_rate=alarms / negatives if negatives else float("nan"),
        failures=tuple(failures),
    )


_HARM_WORDS = re.compile(r"\b(?:side[- ]effects?|adverse|harms?|complications?|toxicit\w*|safety|risks? of)\b", re.I)
_FUNDING_WORDS = re.compile(r"\b(?:funded|funding|grants?|supported by|conflicts? of interest|disclos\w*)\b", re.I)
_LIMIT_WORDS = re.compile(
    r"\b(?:limitations?|caution\w*|preliminary|observational|cannot prove|does not prove|more research|"
    r"further (?:research|studies)|larger (?:studies|trials)|randomi[sz]ed)\b",
    re.I,
)
_ABSOLUTE_NUMBERS = re.compile(
    r"\b\d+(?:\.\d+)?\s*(?:%|percent)[^.]{0,80}\b(?:compared|versus|vs\.?|than)\b|\b\d+ (?:out )?of (?:every )?\d+\b"
    r"|\bper (?:100|1,?000|10,?000|100,?000)\b",
    re.I,
)
_HYPE_WORDS = re.compile(
    r"\b(?:breakthrough|cure[sd]?|miracle|game[- ]chang\w*|revolution\w*|holy grail|first[- ]ever|unprecedented|"
    r"paves? the way|dramatic\w*|remarkabl\w*|promising)\b",
    re.I,
)
_NOVELTY_CLAIMS = re.compile(r"\b(?:first[- ]ever|for the first time|the first|novel|unprecedented)\b", re.I)


def default_criteria_judge(text: str) -> dict[str, str]:
    """A keyword floor for the six scored criteria; the pipeline's checklist is the judge worth measuring."""

    def ok(good: bool) -> str:
        return SATISFACTORY if good else NOT_SATISFACTORY

    return {
        "benefits": ok(bool(_ABSOLUTE_NUMBERS.search(text))),
        "harms": ok(bool(_HARM_WORDS.search(text))),
        "evidence": ok(bool(_LIMIT_WORDS.search(text))),
        "conflicts": ok(bool(_FUNDING_WORDS.search(text))),
        "novelty": ok(not _NOVELTY_CLAIMS.search(text)),
        "sensational": ok(not _HYPE_WORDS.search(text)),
    }


def default_seed_judge(text: str) -> set[str]:
    """Raises `animal-to-human` whenever a release mentions animals or cells: a recall-only floor."""
    return {"animal-to-human"} if _ANIMAL_WORDS.search(text) else set()
