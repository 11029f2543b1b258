"""Builders for scripted model answers, in the shapes of caveat.llm.schemas."""

from __future__ import annotations

from typing import Any


def finding(
    check: str = "animal-to-human",
    article_quote: str = "reverses memory loss",
    abstract_quote: str = "Kelp-root extract may improve spatial memory in aged rats",
    severity: str = "high",
    suggestion: str = "A daily dose of kelp-root extract may improve memory in aged rats, a study found.",
    confidence: float = 0.9,
) -> dict[str, Any]:
    return {
        "check": check,
        "article_quote": article_quote,
        "abstract_quote": abstract_quote,
        "severity": severity,
        "message": "A result in rats is told as if it applied to people.",
        "suggestion": suggestion,
        "confidence": confidence,
    }


def judgement(*findings: dict[str, Any]) -> dict[str, Any]:
    return {
        "article_strength": 3,
        "abstract_strength": 2,
        "spin": "drops the rats and the may",
        "findings": list(findings),
    }


DAILY_DOSE = "A daily dose"
"""A phrase only in the second sentence's judge request: scripted answers use it to find their claim."""
