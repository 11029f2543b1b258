"""The output bounds and the answer-size cap, without a server (issue 12, item 9)."""

from __future__ import annotations

import time

import httpcore
import httpx
import pytest

from caveat.core import limits
from caveat.core.deadlines import deadline as call_deadline
from caveat.core.deadlines import time_left as _left
from caveat.llm.bounds import ELLIPSIS, bound_answer, cut_at_word, distinct_findings
from caveat.llm.schemas import ClaimJudgement, Finding, ProfileAnswer
from caveat.llm.transport import ModelAnswerTooLarge, _CappedBody


def _finding(check: str = "hype", quote: str = "reverses memory loss", confidence: float = 0.5) -> Finding:
    return Finding(check=check, article_quote=quote, abstract_quote="", severity="low", message="m",
                   suggestion="", confidence=confidence)


def test_cut_at_word() -> None:
    assert cut_at_word("short text") == "short text"
    cut = cut_at_word("alpha beta gamma delta", limit=13)
    assert cut == "alpha beta" + ELLIPSIS and len(cut) <= 13
    solid = cut_at_word("x" * 5000)  # no space to cut at: a hard cut, still within the bound
    assert len(solid) == limits.MODEL_FIELD_CHARS and solid.endswith(ELLIPSIS)


def test_distinct_findings_keep_the_most_confident_and_count_the_rest() -> None:
    same = [_finding(confidence=0.2), _finding(quote="reverses  memory\nloss", confidence=0.8)]
    kept, dropped = distinct_findings(same)
    assert [f.confidence for f in kept] == [0.8] and dropped == 0
    many = [_finding(quote=f"word{i}") for i in range(limits.MODEL_FINDINGS + 7)]
    kept, dropped = distinct_findings(many)
    assert len(kept) == limits.MODEL_FINDINGS and dropped == 7
    assert [f.article_quote for f in kept] == [f"word{i}" for i in range(limits.MODEL_FINDINGS)]  # model's order


def test_every_field_and_list_of_an_answer_is_bounded() -> None:
    judgement = ClaimJudgement(
        article_strength=3, abstract_strength=1, spin="s " * 50_000,
        article_reading={"hedges": ["may"] * 10_000, "scope": ["x" * 9000]},  # type: ignore[arg-type]  # validated
        findings=[_finding(quote=f"q{i}") for i in range(1000)],
    )
    bounded, dropped = bound_answer(judgement)
    assert dropped == 1000 - limits.MODEL_FINDINGS and len(bounded.findings) == limits.MODEL_FINDINGS
    assert len(bounded.spin) <= limits.MODEL_FIELD_CHARS
    assert len(bounded.article_reading.hedges) == limits.MODEL_FINDINGS
    assert len(bounded.article_reading.scope[0]) <= limits.MODEL_FIELD_CHARS
    profile = ProfileAnswer(design="d", subjects="s", species=["rat"] * 500, sample_size=None, stage="s",
                            evidence_quote="e " * 5000)
    bounded_profile, none = bound_answer(profile)
    assert none == 0 and len(bounded_profile.species) == limits.MODEL_FINDINGS
    assert len(bounded_profile.evidence_quote) <= limits.MODEL_FIELD_CHARS


def test_a_body_without_content_length_is_still_capped() -> None:
    body = _CappedBody(httpx.ByteStream(b"x" * 100), limit=64)
    with pytest.raises(ModelAnswerTooLarge):
        b"".join(body)
    assert b"".join(_CappedBody(httpx.ByteStream(b"x" * 64), limit=64)) == b"x" * 64


def test_socket_waits_are_shortened_to_the_call_deadline() -> None:
    assert _left(30.0, httpcore.ReadTimeout) == 30.0  # no deadline set: httpx's own timeout
    with call_deadline(time.monotonic() + 1.0):
        left = _left(30.0, httpcore.ReadTimeout)
        assert left is not None and 0 < left <= 1.0
    with call_deadline(time.monotonic() - 0.1), pytest.raises(httpcore.ReadTimeout):
        _left(30.0, httpcore.ReadTimeout)
