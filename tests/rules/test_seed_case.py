"""Acceptance: the reference case in ../shared/data/seed (an article, its paper, what an editor expects).

The seed files are read where they are, never copied into the project; without ../shared the test skips.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from caveat.analysis.article import parse_article
from caveat.analysis.profile import build_profile
from caveat.core.models import Paper
from caveat.core.paths import shared_dir
from caveat.rules.registry import run_checks

SEED = shared_dir() / "data" / "seed"
pytestmark = pytest.mark.skipif(not (SEED / "expected.json").is_file(),
                                reason=f"reference case not available: {SEED} is absent (a user's clone has no "
                                       f"../shared)")


def _paper(path: Path) -> Paper:
    """Map the seed's paper.json onto Paper (only known fields; 'year' may stand in for 'published')."""
    raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    known = set(Paper.model_fields)
    data = {k: v for k, v in raw.items() if k in known}
    if not data.get("published") and raw.get("year"):
        data["published"] = str(raw["year"])
    return Paper(**data)


def _review() -> tuple[dict[str, Any], set[str], Any, Any]:
    expected = json.loads((SEED / "expected.json").read_text(encoding="utf-8"))
    article = parse_article((SEED / expected.get("article", "article.txt")).read_text(encoding="utf-8"),
                            source="seed")
    paper = _paper(SEED / expected.get("paper", "paper.json"))
    profile = build_profile(paper)
    flags = run_checks(article, paper, profile)
    return expected, {f.check for f in flags}, profile, flags


def test_every_must_flag_is_raised() -> None:
    expected, raised, _, _ = _review()
    missing = set(expected["must_flag"]) - raised
    assert not missing, f"not raised: {sorted(missing)}"


def test_no_must_not_flag_is_raised() -> None:
    expected, raised, _, _ = _review()
    wrong = set(expected["must_not_flag"]) & raised
    assert not wrong, f"raised but must not be: {sorted(wrong)}"


def test_profile_matches_the_editor() -> None:
    expected, _, profile, _ = _review()
    want = expected.get("study_profile", {})
    if "design" in want:
        assert profile.design == want["design"]
    if "organism" in want:
        assert want["organism"] in profile.species
    if "peer_review" in want:
        assert profile.peer_review.replace("-", " ") == want["peer_review"]
    if "intervention" in want:
        assert profile.intervention and profile.intervention.split()[0] in want["intervention"]


def test_seed_flags_quote_the_article_exactly() -> None:
    _, _, _, flags = _review()
    text = (SEED / "article.txt").read_text(encoding="utf-8")
    for flag in flags:
        assert text[flag.article_span.start:flag.article_span.end] == flag.article_span.text
