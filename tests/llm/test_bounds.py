"""Issue 12, items 3 and 9: the model's time and the model's output are bounded, against a real socket.

Item 3: a server that drips bytes or never answers is stopped by ``timeout_s`` (one call, body included) and by
``deadline_s`` (the whole pass); the worker threads end with it and the rules' review stands, with a notice that
says the model pass stopped at its limit and what it did not read.
Item 9: one answer is at most ``limits.MODEL_RESPONSE_BYTES``, each text field at most ``MODEL_FIELD_CHARS``
(cut at a word), at most ``MODEL_FINDINGS`` findings per answer (the notice counts the rest), and findings that
land on the same span and check become one flag.

The time bounds are generous (a limit of 2-3 s must end within 10-20 s): the point is "ends", not "ends on time
to the millisecond", and the machine is shared.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

from caveat.core import limits
from caveat.core.models import Article, Paper, StudyProfile
from caveat.core.settings import LlmSettings, Settings
from caveat.llm import review_with_llm
from tests.llm.helpers import DAILY_DOSE, finding, judgement
from tests.llm.stub_server import StubServer

Make = Callable[..., LlmSettings]
CLAIM = "A daily dose of kelp-root extract reverses memory loss, according to a new study."


def _llm_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("caveat-llm") and t.is_alive()]


# -- item 3: time ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("drip_headers", [False, True], ids=["body", "headers-and-body"])
def test_a_dripping_server_is_stopped_at_the_call_timeout(
    stub: StubServer,
    llm_settings: Make,
    article: Article,
    paper: Paper,
    known_profile: StudyProfile,
    drip_headers: bool,
) -> None:
    # ~700 bytes at one byte per 0.3 s: a per-read timeout of 2 s never fires, the answer takes ~4 minutes
    stub.enqueue(judgement(finding()), drip_s=0.3, drip_headers=drip_headers, when=DAILY_DOSE)
    began = time.monotonic()
    result = review_with_llm(article, paper, known_profile, [], llm_settings(timeout_s=2.0, max_retries=2))
    assert time.monotonic() - began < 10
    assert result.flags == []
    assert any("did not answer in time" in n for n in result.notices)
    assert _llm_threads() == []


def test_a_never_answering_server_is_stopped_at_the_pass_deadline(
    stub: StubServer, llm_settings: Make, article: Article, paper: Paper, known_profile: StudyProfile
) -> None:
    for _ in range(40):
        stub.enqueue(hang=True)
    settings = llm_settings(timeout_s=60.0, max_retries=2, deadline_s=3.0, concurrency=2)
    began = time.monotonic()
    result = review_with_llm(article, paper, known_profile, [], settings)
    assert time.monotonic() - began < 10
    assert _llm_threads() == []
    [notice] = [n for n in result.notices if "stopped at its 3 s limit" in n]
    assert "CAVEAT_LLM__DEADLINE_S" in notice and "not judged" in notice
    assert "did not answer in time" not in " ".join(result.notices)  # the deadline, not a per-call failure


def test_429_retry_after_does_not_outlast_the_deadline(
    stub: StubServer, llm_settings: Make, article: Article, paper: Paper, known_profile: StudyProfile
) -> None:
    for _ in range(40):
        stub.enqueue(status=429, headers={"Retry-After": "50"})
    began = time.monotonic()
    settings = llm_settings(timeout_s=30.0, max_retries=3, deadline_s=2.0)
    result = review_with_llm(article, paper, known_profile, [], settings)
    assert time.monotonic() - began < 10
    assert any("stopped at its 2 s limit" in n for n in result.notices)


@pytest.mark.slow
def test_past_the_deadline_the_review_keeps_every_rule_flag(stub: StubServer, llm_settings: Make) -> None:
    from caveat.desk.actions import demo_inputs
    from caveat.pipeline import ReviewInput, review

    text, paper = demo_inputs()
    base = Settings().offline()
    rules_only = review(ReviewInput(text=text, paper=paper), settings=base, use_llm=False)
    for _ in range(40):
        stub.enqueue(hang=True)
    settings = base.model_copy(update={"llm": llm_settings(timeout_s=60.0, deadline_s=3.0)})
    began = time.monotonic()
    with_model = review(ReviewInput(text=text, paper=paper), settings=settings, use_llm=True)
    assert time.monotonic() - began < 20
    assert rules_only.flags and [f.id for f in with_model.flags] == [f.id for f in rules_only.flags]
    assert any("stopped at its 3 s limit" in n for n in with_model.notices)


# -- item 9: output --------------------------------------------------------------------------------------------
def test_an_oversized_answer_is_a_failed_call(
    stub: StubServer, llm_settings: Make, article: Article, paper: Paper, known_profile: StudyProfile
) -> None:
    huge = finding() | {"message": "word " * (limits.MODEL_RESPONSE_BYTES // 4)}
    stub.enqueue(judgement(huge), when=DAILY_DOSE)
    result = review_with_llm(article, paper, known_profile, [], llm_settings(max_retries=2))
    assert result.flags == []
    assert any("larger than 1 MB" in n for n in result.notices)
    assert len(result.model_dump_json()) < 50_000


def test_long_fields_are_cut_at_a_word(
    stub: StubServer, llm_settings: Make, article: Article, paper: Paper, known_profile: StudyProfile
) -> None:
    long = "Rats are not people and the extract was tested only in them. " * 3000  # ~186 KB, under the cap
    stub.enqueue(judgement(finding(suggestion=long) | {"message": long}), when=DAILY_DOSE)
    result = review_with_llm(article, paper, known_profile, [], llm_settings())
    [flag] = result.flags
    for text in (flag.message, flag.suggestion):
        assert len(text) <= limits.MODEL_FIELD_CHARS and text.endswith("…")
        kept = text.removesuffix("…").rstrip()
        assert long.startswith(kept) and long[len(kept)].isspace()  # cut between words
    assert len(result.model_dump_json()) < 20_000


def _many_findings(count: int) -> list[dict[str, Any]]:
    """Findings on every run of words of the claim, under several checks: many distinct spans, all verbatim."""
    words = CLAIM.rstrip(".").split()
    quotes = [" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)]
    checks = ["hype", "causal-claim", "animal-to-human", "advice"]
    out = [
        {"check": c, "article_quote": q, "abstract_quote": "", "severity": "low", "message": "m", "suggestion": "",
         "confidence": 0.5}
        for c in checks
        for q in quotes
    ]
    return (out * (count // len(out) + 1))[:count]


def test_findings_per_answer_are_capped_and_counted(
    stub: StubServer, llm_settings: Make, article: Article, paper: Paper, known_profile: StudyProfile
) -> None:
    findings = _many_findings(3000)
    assert len(json.dumps(findings)) < limits.MODEL_RESPONSE_BYTES  # the cap on findings, not on bytes
    stub.enqueue({**judgement(), "findings": findings}, when=DAILY_DOSE)
    result = review_with_llm(article, paper, known_profile, [], llm_settings())
    assert 0 < len(result.flags) <= limits.MODEL_FINDINGS
    distinct = len({(f["check"], f["article_quote"]) for f in findings})
    assert any(f"{distinct - limits.MODEL_FINDINGS} language-model finding(s) past the {limits.MODEL_FINDINGS}" in n
               for n in result.notices), result.notices
    assert all(article.text[f.article_span.start : f.article_span.end] == f.article_span.text for f in result.flags)


def test_ten_thousand_findings_yield_at_most_the_cap(
    stub: StubServer, llm_settings: Make, article: Article, paper: Paper, known_profile: StudyProfile
) -> None:
    stub.enqueue({**judgement(), "findings": _many_findings(10_000)}, when=DAILY_DOSE)
    result = review_with_llm(article, paper, known_profile, [], llm_settings())
    assert len(result.flags) <= limits.MODEL_FINDINGS


def test_duplicate_findings_become_one_flag(
    stub: StubServer, llm_settings: Make, article: Article, paper: Paper, known_profile: StudyProfile
) -> None:
    same = [finding(confidence=0.5), finding(confidence=0.9), finding("hype", abstract_quote=""), finding()]
    stub.enqueue(judgement(*(same * 50)), when=DAILY_DOSE)
    result = review_with_llm(article, paper, known_profile, [], llm_settings())
    assert sorted(f.check for f in result.flags) == ["animal-to-human", "hype"]
    assert max(f.confidence for f in result.flags) == 0.9
    assert not any("past the" in n for n in result.notices)  # duplicates are merged, not dropped
