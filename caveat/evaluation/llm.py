"""Does the language model grade claim strength better than the rules, and at what price?

A small, honest side-by-side on the TEST split of the Yu et al. 2019 PubMed sentences (labels remapped to
CHECKLIST.md's 0-3 scale by ``caveat.evaluation.data``): the same sentences go to the model (prompt
``claim_strength``) and to the rules (``caveat.analysis.language.claim_strength``), and each item keeps its gold label,
both answers, and the model's tokens and estimated cost. The sample is small on purpose (a model call costs
money and time); it is the first ``limit`` test sentences in sha1 order, so reruns and other models see the
same items. A failed call counts as a wrong answer for the model: hiding failures would flatter it.
Spend is capped at ``settings.max_cost_usd`` per item.
"""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from caveat.core.settings import LlmSettings
from caveat.evaluation.data import MissingSet, load_yu2019
from caveat.evaluation.metrics import accuracy, macro_f1
from caveat.llm.budget import Budget, cost_usd
from caveat.llm.client import CallOutcome, ModelClient
from caveat.llm.prompt_files import load_prompt
from caveat.llm.reviewer import llm_configured
from caveat.llm.schemas import StrengthAnswer

LABELS = (0, 1, 2, 3)
FAILED = -1


def run_llm_eval(benchmarks_dir: Path, settings: LlmSettings, limit: int = 20) -> dict[str, Any]:
    """Score model and rules on ``limit`` test sentences; {"skipped": reason} without a model or the data."""
    if not llm_configured(settings):
        return {"skipped": "no language model configured (set llm.enabled and llm.model)"}
    try:
        test = [s for s in load_yu2019(benchmarks_dir) if s.split == "test"]
    except MissingSet as exc:
        return {"skipped": f"benchmark missing: {exc}"}
    sample = sorted(test, key=lambda s: hashlib.sha1(s.text.encode("utf-8")).hexdigest())[: max(0, limit)]
    if not sample:
        return {"skipped": "no test sentences to score"}
    capped = settings.model_copy(update={"max_cost_usd": settings.max_cost_usd * len(sample)})
    client = ModelClient(capped, Budget(capped))
    prompt = load_prompt("claim_strength")
    with ThreadPoolExecutor(max_workers=settings.concurrency) as pool:
        outcomes = list(pool.map(lambda s: client.call(prompt, prompt.render(sentence=s.text), StrengthAnswer), sample))
    rules = _rules()
    gold = [int(s.label) for s in sample]
    model = [_grade(o) for o in outcomes]
    rule_preds = [rules(s.text) for s in sample] if rules else None
    items = [
        {
            "key": hashlib.sha1(s.text.encode("utf-8")).hexdigest()[:12],
            "gold": g,
            "model": m,
            "rules": rule_preds[i] if rule_preds else None,
            "problem": o.problem,
            "prompt_tokens": o.prompt_tokens,
            "completion_tokens": o.completion_tokens,
            "cost_usd": round(cost_usd(o.prompt_tokens, o.completion_tokens, settings), 6),
        }
        for i, (s, g, m, o) in enumerate(zip(sample, gold, model, outcomes, strict=True))
    ]
    return {
        "benchmark": "causal-language-yu2019",
        "split": "test",
        "scale": "0 none, 1 correlational, 2 conditional causal, 3 direct causal",
        "model": settings.model,
        "prompts": {prompt.name: prompt.version},
        "n": len(sample),
        "model_failed": sum(m == FAILED for m in model),
        "model_macro_f1": macro_f1(gold, model, labels=LABELS),
        "model_accuracy": accuracy(gold, model),
        "rules_macro_f1": macro_f1(gold, rule_preds, labels=LABELS) if rule_preds else None,
        "rules_accuracy": accuracy(gold, rule_preds) if rule_preds else None,
        "prompt_tokens": sum(o.prompt_tokens for o in outcomes),
        "completion_tokens": sum(o.completion_tokens for o in outcomes),
        "cost_usd": round(sum(float(i["cost_usd"] or 0.0) for i in items), 6),
        "items": items,
    }


def format_llm_eval(result: dict[str, Any]) -> str:
    """A few lines for the terminal: both scores on the same items, and what the model cost."""
    if "skipped" in result:
        return f"language model: skipped ({result['skipped']})"

    def score(value: float | None) -> str:
        return "  n/a" if value is None else f"{value:.3f}"

    return "\n".join(
        [
            f"claim strength, {result['benchmark']} {result['split']} sample of {result['n']} "
            f"(scale {result['scale']})",
            f"{'':10}{'macro-F1':>9}{'accuracy':>10}",
            f"{'model':10}{score(result['model_macro_f1']):>9}{score(result['model_accuracy']):>10}"
            f"   {result['model']}, {result['model_failed']} failed call(s) counted wrong",
            f"{'rules':10}{score(result['rules_macro_f1']):>9}{score(result['rules_accuracy']):>10}",
            f"tokens {result['prompt_tokens']} in / {result['completion_tokens']} out, "
            f"estimated ${result['cost_usd']:.4f} (${result['cost_usd'] / max(1, result['n']):.5f} per item)",
        ]
    )


def _grade(outcome: CallOutcome) -> int:
    parsed = outcome.parsed
    if isinstance(parsed, StrengthAnswer) and parsed.strength in LABELS:
        return parsed.strength
    return FAILED


def _rules() -> Any:
    """The rules' grader, when the language checks are installed (built separately; optional here)."""
    try:
        from caveat.analysis.language import claim_strength
    except ImportError:
        return None
    return claim_strength
