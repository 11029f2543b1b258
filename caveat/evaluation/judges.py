"""The pipeline as a judge: what `caveat eval` scores on the benchmarks that need a whole review.

The scoring in `caveat.evaluation.benchmarks` takes its judges as parameters (so that it can be tested with
oracles and floors), and these are the real ones: each press release goes through `review(...)` exactly as an
editor's article would (offline, no paper: the benchmark gives none), and the checklist items answer the
HealthNewsReview criteria. The reference case of ../shared/data/seed is judged here too, with its paper.
"""

from __future__ import annotations

import json
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from caveat.checklist import explains_evidence, mentions_funding
from caveat.core.models import Review
from caveat.core.settings import Settings
from caveat.pipeline import ReviewInput, review
from retrieval.supplied import paper_from_json

CRITERION_ITEMS = {"benefits": 2, "harms": 3, "evidence": 4, "conflicts": 6, "novelty": 9, "sensational": 10}
"""HealthNewsReview criterion -> the checklist item (CHECKLIST.md section 3) that answers it."""

NOT_SATISFACTORY = "Not Satisfactory"
SATISFACTORY = "Satisfactory"


@lru_cache(maxsize=1)
def offline_settings() -> Settings:
    """No network and an empty data folder of its own: a figure must not depend on a user's paper library."""
    return Settings(data_dir=Path(tempfile.mkdtemp(prefix="caveat-eval-"))).offline()


@lru_cache(maxsize=4096)
def _review_text(text: str) -> Review:
    return review(ReviewInput(text=text, source="benchmark"), settings=offline_settings())


def verdicts_from_review(result: Review) -> dict[str, str]:
    """The tool's answer to each criterion, read off its checklist, flags and hints.

    How each is read (chosen on the dev split of the HealthNewsReview releases, never on test):
    - benefits: Not Satisfactory when item 2 asks the editor because the story gives no number at all. The
      benefit-size and unsourced-number flags on item 2 did not agree with the reviewers (dev balanced accuracy
      0.505 with them, 0.648 without), so they do not decide it.
    - harms: Not Satisfactory when item 3 is flagged, or marked not applicable (no intervention recognised:
      reviewers still expect harms in most such releases).
    - evidence: Not Satisfactory when item 4 is flagged or the story says nothing about design or limits.
    - conflicts: HealthNewsReview asks about funding and conflicts only (not independent voices): Not
      Satisfactory with a conflict-of-interest flag or when the story never mentions funding.
    - novelty and sensational language: Not Satisfactory when item 9 / item 10 is flagged.
    """
    status = {item.number: item.status for item in result.checklist}
    raised = {f.check for f in result.flags}
    text = result.article.text

    def verdict(bad: bool) -> str:
        return NOT_SATISFACTORY if bad else SATISFACTORY

    return {
        "benefits": verdict(status[2] == "editor"),
        "harms": verdict(status[3] in ("flag", "na")),
        "evidence": verdict(status[4] == "flag" or not explains_evidence(text)),
        "conflicts": verdict("conflict-of-interest" in raised or not mentions_funding(text)),
        "novelty": verdict(status[9] == "flag"),
        "sensational": verdict(status[10] == "flag"),
    }


def pipeline_criteria_judge(text: str) -> dict[str, str]:
    if not text.strip():
        return {}
    return verdicts_from_review(_review_text(text))


def pipeline_seed_judge(text: str) -> set[str]:
    if not text.strip():
        return set()
    return {f.check for f in _review_text(text).flags}


def reference_case(seed: Path) -> dict[str, Any] | None:
    """The seed article against its paper: which must-flag ids were raised, which must-not-flag ids were."""
    if not (seed / "expected.json").is_file():
        return None
    expected = json.loads((seed / "expected.json").read_text(encoding="utf-8"))
    paper = paper_from_json((seed / expected.get("paper", "paper.json")).read_text(encoding="utf-8"))
    text = (seed / expected.get("article", "article.txt")).read_text(encoding="utf-8")
    result = review(ReviewInput(text=text, source="seed", paper=paper), settings=offline_settings())
    raised = {f.check for f in result.flags}
    must, must_not = set(expected["must_flag"]), set(expected["must_not_flag"])
    return {
        "raised": sorted(raised),
        "must_flag_found": sorted(must & raised),
        "must_flag_missed": sorted(must - raised),
        "must_not_flag_raised": sorted(must_not & raised),
        "passed": must <= raised and not (must_not & raised),
    }
