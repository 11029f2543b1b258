"""What a model's answer may hold: fields cut at a word, lists capped, duplicate findings merged.

Why: the model's output is outside text. A server that ignores ``max_tokens`` (or a prompt injection) can answer
with megabyte messages and ten thousand findings; kept as they are, they make a review of tens of megabytes and
thousands of flags that no editor can read. The bounds live in caveat.core.limits: ``MODEL_FIELD_CHARS`` per
text field, ``MODEL_FINDINGS`` per answer. Quotes are cut like any field and then verified verbatim as before,
so a cut quote can only point at words that are in the text.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

from pydantic import BaseModel

from caveat.core import limits
from caveat.core.text import ELLIPSIS
from caveat.llm.schemas import ClaimJudgement, Finding

Answer = TypeVar("Answer", bound=BaseModel)

_SPACE = re.compile(r"\s+")


def cut_at_word(text: str, limit: int = limits.MODEL_FIELD_CHARS) -> str:
    """``text`` if it fits, else its start cut at the last space (a hard cut if the text has no space early
    enough), marked with an ellipsis; never longer than ``limit``."""
    if len(text) <= limit:
        return text
    head = text[: limit - len(ELLIPSIS) + 1]
    space = max(head.rfind(" "), head.rfind("\n"))
    head = head[:space] if space >= limit // 2 else head[:-1]
    return head.rstrip() + ELLIPSIS


def _bound(value: Any) -> Any:
    if isinstance(value, str):
        return cut_at_word(value)
    if isinstance(value, list):
        return [_bound(item) for item in value[: limits.MODEL_FINDINGS]]
    if isinstance(value, BaseModel):
        return bound_fields(value)
    return value


def bound_fields(answer: Answer) -> Answer:
    """A copy with every text field cut at a word and every list capped at ``MODEL_FINDINGS`` items."""
    updates = {name: _bound(getattr(answer, name)) for name in type(answer).model_fields}
    return answer.model_copy(update=updates)


def _finding_key(finding: Finding) -> tuple[str, str, str]:
    """Findings with this key land on the same span for the same check: the verifier is deterministic."""
    return (
        finding.check.strip().lower(),
        _SPACE.sub(" ", finding.article_quote).strip(),
        _SPACE.sub(" ", finding.abstract_quote).strip(),
    )


def distinct_findings(findings: list[Finding]) -> tuple[list[Finding], int]:
    """One finding per (check, quotes), the most confident, in the model's order; at most ``MODEL_FINDINGS`` of
    them. Returns the findings kept and how many distinct ones were dropped past the cap."""
    best: dict[tuple[str, str, str], Finding] = {}
    for finding in findings:
        key = _finding_key(finding)
        if key not in best or finding.confidence > best[key].confidence:
            best[key] = finding
    kept = list(best.values())
    return kept[: limits.MODEL_FINDINGS], max(0, len(kept) - limits.MODEL_FINDINGS)


def bound_answer(answer: Answer) -> tuple[Answer, int]:
    """The answer within every bound, and the number of findings dropped past ``MODEL_FINDINGS``."""
    dropped = 0
    if isinstance(answer, ClaimJudgement):
        findings, dropped = distinct_findings(answer.findings)
        answer = answer.model_copy(update={"findings": findings})
    return bound_fields(answer), dropped
