"""Tables of invented sentences for the wording judgements of checks.language."""

from __future__ import annotations

import pytest

from checks.language import advice_level, causal_spans, certainty_score, claim_strength, hedge_spans

STRENGTH = [
    ("We surveyed 200 gardeners about their sleep.", 0),
    ("Tomato growers are associated with fewer headaches.", 1),
    ("Owning a parrot was linked to lower blood pressure.", 1),
    ("Walking speed correlated with memory scores.", 1),
    ("Chewing gum may reduce exam stress.", 2),
    ("Cold showers could lead to better mood.", 2),
    ("Daily stretching reduces back pain.", 3),
    ("The drug prevents migraines in adults.", 3),
    ("Noise at night causes poorer concentration.", 3),
]


@pytest.mark.parametrize(("sentence", "expected"), STRENGTH)
def test_claim_strength(sentence: str, expected: int) -> None:
    assert claim_strength(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), STRENGTH)
def test_causal_spans_quote_the_deciding_cue(sentence: str, expected: int) -> None:
    spans = causal_spans(sentence)
    if expected == 0:
        assert spans == []
    else:
        assert max(s for _, _, s in spans) == expected
        start, end, _ = max(spans, key=lambda t: t[2])
        assert sentence[start:end].strip() == sentence[start:end]


ADVICE = [
    ("The team measured vitamin levels in 80 volunteers.", 0),
    ("Older adults could benefit from regular balance training.", 1),
    ("Parents should limit screen time before bed.", 2),
    ("Avoid sugary drinks after dinner.", 2),
    ("We recommend that clinicians screen for anaemia.", 2),
]


@pytest.mark.parametrize(("sentence", "expected"), ADVICE)
def test_advice_level(sentence: str, expected: int) -> None:
    assert advice_level(sentence) == expected


def test_hedge_spans_point_at_hedges() -> None:
    text = "The findings suggest that mint tea might calm nerves."
    words = [text[a:b].lower() for a, b in hedge_spans(text)]
    assert words == ["suggest", "might"]


def test_certainty_orders_hedged_below_certain() -> None:
    hedged = certainty_score("It is possible that the enzyme might perhaps play a role.")
    certain = certainty_score("This study proves the enzyme drives the disease.")
    assert 1.0 <= hedged < certain <= 6.0
