"""eLife's assessment terms and their sentences: every sentence is an exact substring of the assessment."""

from __future__ import annotations

import pytest

from retrieval.assessment import find_terms, sentence_spans, terms_with_sentences

TEXT = (
    "This important study of C. elegans shows that worms kept cold live longer. The evidence is solid, e.g. the "
    "effect held in three strains, but the mechanism is incomplete. Readers in ageing research will find it useful."
)


def test_sentences_are_exact_and_do_not_split_at_abbreviations() -> None:
    sentences = [TEXT[s:e] for s, e in sentence_spans(TEXT)]
    assert len(sentences) == 3
    assert sentences[0].startswith("This important study of C. elegans") and sentences[0].endswith("longer.")
    assert "e.g. the effect" in sentences[1]


def test_paragraph_breaks_end_a_sentence() -> None:
    text = "First paragraph without a stop\n\nSecond one."
    assert [text[s:e] for s, e in sentence_spans(text)] == ["First paragraph without a stop", "Second one."]


def test_structured_terms_keep_their_axis_and_sentence() -> None:
    terms = terms_with_sentences(TEXT, ["important"], ["solid", "incomplete"])
    assert [(t.term, t.axis) for t in terms] == [
        ("important", "significance"),
        ("solid", "strength"),
        ("incomplete", "strength"),
    ]
    assert all(t.sentence in TEXT and t.sentence for t in terms)
    assert terms[1].sentence == terms[2].sentence  # two strength terms in one sentence


def test_a_structured_term_the_text_does_not_use_keeps_an_empty_sentence() -> None:
    terms = terms_with_sentences("The work is careful.", [], ["convincing"])
    assert [(t.term, t.sentence) for t in terms] == [("convincing", "")]


def test_terms_found_in_the_text_in_reading_order() -> None:
    terms = find_terms(TEXT)
    assert [(t.term, t.axis) for t in terms] == [
        ("important", "significance"),
        ("solid", "strength"),
        ("incomplete", "strength"),
        ("useful", "significance"),
    ]
    assert terms[-1].sentence == "Readers in ageing research will find it useful."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The data convincingly show an effect.", ["convincing"]),
        ("Of potentially general importance.", []),  # "importance" is not the grade "important"
        ("A solidarity network.", []),
        ("", []),
    ],
)
def test_word_boundaries_and_adverbs(text: str, expected: list[str]) -> None:
    assert [t.term for t in find_terms(text)] == expected
