"""merge_flags: one flag per problem, rules' identity kept, the stronger severity, both evidences."""

from __future__ import annotations

import pytest

from caveat.core.models import CheckId, Engine, Evidence, Flag, Severity, Span
from caveat.llm.merge import merge_flags

TEXT = "Cocoa cures fatigue in office workers, a small trial found."


def flag(
    check: CheckId, start: int, end: int, engine: Engine = "rules", severity: Severity = "medium", **extra: object
) -> Flag:
    return Flag(
        id=f"{check}:{start}-{end}",
        check=check,
        severity=severity,
        message=f"{engine} says {check}",
        article_span=Span(start=start, end=end, text=TEXT[start:end]),
        engine=engine,
        **extra,  # type: ignore[arg-type]  # evidence, suggestion or confidence, validated by pydantic
    )


RULE_EV = Evidence(kind="article", start=6, end=11, text="cures")
LLM_EV = Evidence(kind="abstract", start=0, end=10, text="may reduce")


def test_same_check_overlapping_spans_become_one() -> None:
    rule = flag("hype", 6, 11, evidence=[RULE_EV], suggestion="")
    model = flag("hype", 0, 19, engine="llm", evidence=[LLM_EV, RULE_EV], suggestion="Cocoa may ease tiredness")
    merged = merge_flags([rule], [model])
    assert len(merged) == 1
    one = merged[0]
    assert one.engine == "rules+llm"
    assert one.id == rule.id and one.article_span == rule.article_span and one.message == rule.message
    assert one.evidence == [RULE_EV, LLM_EV]  # both kept, the duplicate once
    assert one.suggestion == "Cocoa may ease tiredness"  # rules had none


@pytest.mark.parametrize(
    ("rule_severity", "model_severity", "expected"),
    [("low", "high", "high"), ("high", "low", "high"), ("medium", "medium", "medium"), ("medium", "low", "medium")],
)
def test_severity_is_the_higher_of_the_two(rule_severity: Severity, model_severity: Severity, expected: str) -> None:
    merged = merge_flags(
        [flag("certainty", 6, 11, severity=rule_severity)], [flag("certainty", 6, 19, "llm", model_severity)]
    )
    assert merged[0].severity == expected


def test_rules_suggestion_and_higher_confidence_win() -> None:
    rule = flag("hype", 6, 11, suggestion="rules' fix", confidence=0.6)
    model = flag("hype", 6, 11, "llm", suggestion="model's fix", confidence=0.9)
    merged = merge_flags([rule], [model])[0]
    assert merged.suggestion == "rules' fix"
    assert merged.confidence == 0.9


@pytest.mark.parametrize(
    ("model_flag", "merged_count"),
    [
        (flag("causal-claim", 6, 11, "llm"), 2),  # same span, different check: two problems
        (flag("hype", 11, 19, "llm"), 2),  # same check, touching but not overlapping
        (flag("hype", 10, 12, "llm"), 1),  # one character of overlap is the same words
    ],
)
def test_what_counts_as_the_same_problem(model_flag: Flag, merged_count: int) -> None:
    assert len(merge_flags([flag("hype", 6, 11)], [model_flag])) == merged_count


def test_unmatched_model_flags_are_appended_in_text_order() -> None:
    rules = [flag("sample-size", 40, 51)]
    model = [flag("advice", 20, 37, "llm"), flag("hype", 6, 11, "llm")]
    merged = merge_flags(rules, model)
    assert [f.check for f in merged] == ["sample-size", "hype", "advice"]
    assert [f.engine for f in merged] == ["rules", "llm", "llm"]


def test_nothing_from_the_model_changes_nothing() -> None:
    rules = [flag("hype", 6, 11), flag("sample-size", 40, 51)]
    assert merge_flags(rules, []) == rules
    assert merge_flags([], []) == []
