"""run_llm_eval: skipped without a model; with one, model and rules side by side with tokens and cost."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from caveat.core.paths import benchmarks_dir
from caveat.core.settings import LlmSettings
from caveat.evaluation.llm import format_llm_eval, run_llm_eval
from tests.llm.stub_server import StubServer

Make = Callable[..., LlmSettings]


def test_skipped_without_a_model(tmp_path: Path) -> None:
    result = run_llm_eval(tmp_path, LlmSettings(), 5)
    assert "no language model" in result["skipped"]
    assert format_llm_eval(result).startswith("language model: skipped")


def test_skipped_without_the_benchmark(tmp_path: Path, llm_settings: Make) -> None:
    assert "benchmark missing" in run_llm_eval(tmp_path, llm_settings(), 5)["skipped"]


def test_scores_a_small_test_sample_with_cost(stub: StubServer, llm_settings: Make) -> None:
    root = benchmarks_dir()
    if not (root / "causal-language-yu2019").is_dir():
        pytest.skip(f"the shared benchmarks are not at {root} (a user's clone has none)")
    for _ in range(4):
        stub.enqueue({"cue": "", "strength": 0})
    stub.enqueue(status=500)  # one failure: it must count as wrong, not vanish
    result = run_llm_eval(root, llm_settings(), 5)
    assert result["n"] == 5 and len(result["items"]) == 5 and result["split"] == "test"
    assert result["model_failed"] == 1
    gold = [item["gold"] for item in result["items"]]
    model = [item["model"] for item in result["items"]]
    assert model.count(-1) == 1 and set(model) <= {0, -1}
    answered_right = sum(g == m for g, m in zip(gold, model, strict=True))
    assert result["model_accuracy"] == pytest.approx(answered_right / 5)
    assert result["rules_accuracy"] is not None
    assert result["prompt_tokens"] == sum(item["prompt_tokens"] for item in result["items"]) > 0
    assert result["cost_usd"] > 0
    requests = stub.chat_requests()
    assert len(requests) == 5
    assert all(r.body["response_format"]["json_schema"]["name"] == "StrengthAnswer" for r in requests)
    table = format_llm_eval(result)
    assert f"{result['model_accuracy']:.3f}" in table and "1 failed call(s)" in table
    again = run_llm_eval(root, llm_settings(), 5)
    assert [i["key"] for i in again["items"]] == [i["key"] for i in result["items"]]  # the same sample each run
