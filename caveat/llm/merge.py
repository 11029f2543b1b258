"""Merging the rules' flags with the language model's.

Why one flag per problem: an editor who sees the same sentence flagged twice for the same reason reads it as
two problems, or as noise. When the rules and the model agree (same check id, overlapping article spans) the
flag becomes one with engine "rules+llm": the rules' span, id and message (deterministic, so the editor's
decisions keyed by id survive a re-run with or without the model), the evidence of both, the rules'
suggestion unless it is empty, the higher of the two severities (the model may raise a flag's severity,
because a second reader agreeing and finding it worse is a signal, but never lower it below what the rules
decided), and the higher confidence. Model flags that match nothing are appended, ordered by position.
"""

from __future__ import annotations

from caveat.core.models import SEVERITY_RANK, Evidence, Flag


def merge_flags(rule_flags: list[Flag], llm_flags: list[Flag]) -> list[Flag]:
    """The rules' flags (merged where the model agrees), then the model's other flags by position."""
    merged = list(rule_flags)
    extra: list[Flag] = []
    for flag in llm_flags:
        match = next((i for i, rule in enumerate(merged) if _same_problem(rule, flag)), None)
        if match is None:
            extra.append(flag)
        else:
            merged[match] = _combine(merged[match], flag)
    extra.sort(key=lambda f: (f.article_span.start, f.check))
    return merged + extra


def _same_problem(rule: Flag, other: Flag) -> bool:
    a, b = rule.article_span, other.article_span
    return rule.check == other.check and a.start < b.end and b.start < a.end


def _combine(rule: Flag, model: Flag) -> Flag:
    severity = model.severity if SEVERITY_RANK[model.severity] < SEVERITY_RANK[rule.severity] else rule.severity
    return rule.model_copy(
        update={
            "engine": "rules+llm",
            "severity": severity,
            "evidence": _union(rule.evidence, model.evidence),
            "suggestion": rule.suggestion or model.suggestion,
            "confidence": max(rule.confidence, model.confidence),
        }
    )


def _union(first: list[Evidence], second: list[Evidence]) -> list[Evidence]:
    seen = {(e.kind, e.start, e.end, e.field, e.text) for e in first}
    return [*first, *(e for e in second if (e.kind, e.start, e.end, e.field, e.text) not in seen)]
