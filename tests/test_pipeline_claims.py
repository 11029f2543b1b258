"""The review keeps the claims the checks compared, extracted once."""

from __future__ import annotations

import pytest

import caveat.analysis.claims as claims_module
from caveat.core.models import Claim, Paper
from caveat.core.settings import Settings
from caveat.pipeline import ReviewInput, review


def test_a_paper_with_an_open_design_costs_one_claim_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    """The checks complete a vague paper's profile from the article; the pipeline must ask with that same profile."""
    calls: list[list[Claim]] = []
    real = claims_module.extract_claims

    def counting(*args: object, **kwargs: object) -> list[Claim]:
        calls.append(real(*args, **kwargs))  # type: ignore[arg-type]  # passed through unchanged
        return calls[-1]

    monkeypatch.setattr(claims_module, "extract_claims", counting)
    paper = Paper(title="Effects of compound Q", abstract="Compound Q changed the measured outcome. These results "
                                                          "suggest Q may be useful.")
    text = ("Compound Q cures ageing\n\nResearchers gave compound Q to old mice, and the mice lived longer. The team "
            "made mice age faster first.")
    result = review(ReviewInput(text=text, paper=paper), settings=Settings().offline(), use_llm=False)
    assert len(calls) == 1
    assert result.claims == calls[0]
