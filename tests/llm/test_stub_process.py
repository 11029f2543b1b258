"""The stub also runs as its own process, for the browser tests: scripted over HTTP, real response shape."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest

from caveat.core.paths import PROJECT_ROOT


@pytest.fixture
def stub_process() -> Iterator[str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.llm.stub_server", "--port", "0"],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline() if process.stdout else ""
        assert line.startswith("stub LLM server on http://127.0.0.1:"), line
        yield line.split(" on ", 1)[1].strip()
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout:
            process.stdout.close()


@pytest.mark.server
def test_process_answers_scripted_then_default(stub_process: str) -> None:
    root = stub_process.removesuffix("/v1")
    queued = httpx.post(f"{root}/stub/enqueue", json={"content": {"rewrite": "Mice only.", "reason": "species"}})
    assert queued.json() == {"queued": 1}
    request = {
        "model": "stub-model",
        "messages": [{"role": "user", "content": "hi"}],
        "response_format": {"type": "json_schema", "json_schema": {"name": "RewriteAnswer", "schema": {}}},
    }
    first = httpx.post(f"{stub_process}/chat/completions", json=request).json()
    assert first["object"] == "chat.completion"
    assert first["choices"][0]["message"]["role"] == "assistant"
    assert json.loads(first["choices"][0]["message"]["content"]) == {"rewrite": "Mice only.", "reason": "species"}
    assert first["usage"]["total_tokens"] == first["usage"]["prompt_tokens"] + first["usage"]["completion_tokens"]
    second = httpx.post(f"{stub_process}/chat/completions", json=request).json()
    assert json.loads(second["choices"][0]["message"]["content"])["rewrite"] == ""  # the schema's harmless default
    recorded = httpx.get(f"{root}/stub/requests").json()
    assert [r["model"] for r in recorded] == ["stub-model", "stub-model"]
