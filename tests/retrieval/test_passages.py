"""Full text cut into passages for the library: exact slices (offsets survive the round trip), bounded in size."""

from __future__ import annotations

import pytest

from retrieval.library import PASSAGE_CHARS, passages_of


@pytest.mark.parametrize(
    "text",
    [
        "One paragraph.",
        "First paragraph.\n\nSecond paragraph.\n\n",
        " ".join(f"Sentence number {i} is here." for i in range(200)),
        "x" * (3 * PASSAGE_CHARS + 7),
        ("word " * 700).strip() + "\n\nShort tail.",
    ],
)
def test_passages_are_exact_and_bounded(text: str) -> None:
    parts = passages_of(text)
    assert "".join(parts) == text
    assert all(0 < len(part) <= PASSAGE_CHARS for part in parts)


def test_long_paragraphs_break_at_sentence_ends() -> None:
    text = " ".join(f"Sentence number {i} is here." for i in range(200))
    assert all(part.rstrip().endswith(".") for part in passages_of(text))
    assert passages_of("A.\n\nB.") == ["A.\n\n", "B."]
