"""`caveat check --llm` against a real OpenAI-compatible HTTP endpoint (the project's stub server): merged flags,
tokens and cost in the review, the key nowhere in the output, and a failing model degrading to the rules."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from caveat.desk.actions import demo_inputs
from tests.llm.stub_server import StubServer

pytestmark = [pytest.mark.subprocess, pytest.mark.server]

KEY = "sk-cli-test-never-printed-5150"
CLAIM = "Co-author Dr Tomasz Lindqvist added that the drug proves hair-cell damage is the cause of tinnitus."


def _files(tmp_path: Path) -> tuple[Path, Path]:
    text, paper = demo_inputs()
    article, paper_file = tmp_path / "a.txt", tmp_path / "p.json"
    article.write_text(text, encoding="utf-8")
    paper_file.write_text(paper.model_dump_json(), encoding="utf-8")
    return article, paper_file


def _run(tmp_path: Path, stub: StubServer, *extra: str) -> subprocess.CompletedProcess[str]:
    article, paper = _files(tmp_path)
    env = {
        **os.environ,
        "CAVEAT_DATA_DIR": str(tmp_path / "data"),
        "CAVEAT_LLM__API_KEY": KEY,
        "CAVEAT_LLM__BASE_URL": stub.base_url,
        "CAVEAT_LLM__MODEL": "gpt-4o-mini",
        "CAVEAT_LLM__TIMEOUT_S": "3",
        "CAVEAT_LLM__MAX_RETRIES": "0",
    }
    cmd = [
        sys.executable,
        "-m",
        "caveat.cli",
        "check",
        str(article),
        "--paper",
        str(paper),
        "--offline",
        "--llm",
        "--format",
        "json",
        *extra,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)


def test_llm_flags_merge_with_the_rules_and_usage_is_recorded(tmp_path: Path) -> None:
    finding = {
        "check": "causal-claim",
        "article_quote": "proves hair-cell damage is the cause of tinnitus",
        "abstract_quote": "was associated with hair-cell loss in both groups",
        "severity": "high",
        "message": "The paper reports an association, not a cause.",
        "suggestion": "Tinnitus-like behaviour went with hair-cell loss in the mice.",
        "confidence": 0.9,
    }
    judgement = {
        "article_strength": 3,
        "abstract_strength": 1,
        "spin": "association hardened into proof",
        "findings": [finding],
    }
    with StubServer() as stub:
        stub.enqueue(json.dumps(judgement), when=CLAIM)
        proc = _run(tmp_path, stub)
        sent = [r.raw for r in stub.chat_requests()]
    assert proc.returncode == 0, proc.stderr
    review = json.loads(proc.stdout)
    engines = {f["engine"] for f in review["flags"]}
    assert "rules" in engines and ({"llm", "rules+llm"} & engines)
    usage = review["usage"]
    assert usage["calls"] >= 1 and usage["prompt_tokens"] > 0 and usage["cost_usd"] > 0
    assert review["prompts"] and all(v for v in review["prompts"].values())
    assert any("associated with hair-cell loss" in body for body in sent), "the evidence sentence is in the prompt"
    assert KEY not in proc.stdout and KEY not in proc.stderr


def test_a_failing_model_leaves_the_rules_review_and_a_notice(tmp_path: Path) -> None:
    with StubServer() as stub:
        for _ in range(40):
            stub.enqueue(status=500, body='{"error": {"message": "boom"}}')
        proc = _run(tmp_path, stub)
    assert proc.returncode == 0, proc.stderr
    review = json.loads(proc.stdout)
    assert review["flags"] and {f["engine"] for f in review["flags"]} == {"rules"}
    assert any("model" in n.lower() for n in review["notices"])
    assert KEY not in proc.stdout and KEY not in proc.stderr
