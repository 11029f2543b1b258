"""The verifier accepts only verbatim quotes (whitespace aside) and maps them to exact original offsets."""

from __future__ import annotations

import pytest

from caveat.llm.verifier import find_verbatim, normalise

TEXT = 'Gut  microbes\nshape mood in "germ-free" mice, the team said.\tThe team said more work is needed.'


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        ("Gut microbes shape mood", "Gut  microbes\nshape mood"),  # doubled space and newline in the original
        ('shape mood in "germ-free" mice', 'shape mood in "germ-free" mice'),
        ("  the team said.  ", "the team said."),  # leading/trailing blanks around the quote
        ("said. The team", "said.\tThe team"),  # a tab in the original
        ("more work is needed.", "more work is needed."),
        ("gut microbes shape mood", None),  # case drift
        ("shape mood in “germ-free” mice", None),  # curly quotes where the text has straight ones
        ("Gut microbes shape the mood", None),  # a word added
        ("Gut microbes ... mice", None),  # an ellipsis joining two pieces
        ("Gut microbes shape mood in humans", None),  # invented continuation
        ("", None),
        ("   ", None),
    ],
)
def test_quote_table(quote: str, expected: str | None) -> None:
    span = find_verbatim(quote, TEXT)
    if expected is None:
        assert span is None
    else:
        assert span is not None
        assert span.text == expected
        assert TEXT[span.start : span.end] == expected


def test_within_prefers_the_claim_sentence() -> None:
    first = TEXT.index("the team said")
    second = TEXT.index("The team said")
    assert find_verbatim("team said", TEXT).start == first + 4  # type: ignore[union-attr]  # None fails the test
    span = find_verbatim("team said", TEXT, within=(second, len(TEXT)))
    assert span is not None and span.start == second + 4


def test_within_falls_back_to_the_whole_text() -> None:
    span = find_verbatim("Gut  microbes", TEXT, within=(50, len(TEXT)))
    assert span is not None and span.start == 0


def test_normalise_keeps_an_origin_per_character() -> None:
    flat, origin = normalise("a \n\t b  c")
    assert flat == "a b c"
    assert [origin[i] for i in range(len(flat))] == [0, 1, 5, 6, 8]


def test_offsets_survive_unicode_and_long_runs() -> None:
    text = "Café owners\n\n\n   reported “fewer” colds."
    span = find_verbatim("owners reported “fewer”", text)
    assert span is not None
    assert text[span.start : span.end] == "owners\n\n\n   reported “fewer”"
