"""parse_article: headline, paragraphs and sentences whose offsets index the original text exactly."""

from __future__ import annotations

import pytest

from caveat.analysis.article import parse_article, split_sentences
from caveat.core.errors import InputError
from caveat.core.models import Article


def _assert_offsets(article: Article) -> None:
    for s in article.sentences:
        assert article.text[s.start:s.end] == s.text
        assert s.text == s.text.strip() and s.text
    for p in article.paragraphs:
        assert article.text[p.start:p.end] == p.text
    if article.headline_span is not None:
        span = article.headline_span
        assert article.text[span.start:span.end] == article.headline


def test_headline_paragraphs_and_sentences() -> None:
    text = "Owls hear better at night\n\nA team in Oslo tested twelve owls. They heard faint clicks.\n\nMore soon."
    article = parse_article(text, source="owls.txt")
    _assert_offsets(article)
    assert article.headline == "Owls hear better at night"
    assert article.source == "owls.txt"
    assert [p.text for p in article.paragraphs] == [
        "Owls hear better at night", "A team in Oslo tested twelve owls. They heard faint clicks.", "More soon."]
    assert [s.text for s in article.sentences][1:] == [
        "A team in Oslo tested twelve owls.", "They heard faint clicks.", "More soon."]
    assert [s.paragraph for s in article.sentences] == [0, 1, 1, 2]
    assert [s.index for s in article.sentences] == [0, 1, 2, 3]


@pytest.mark.parametrize(
    ("text", "headline"),
    [
        ("Owls hear better at night\nA team tested owls.", "Owls hear better at night"),
        ("A team in Oslo tested twelve owls at night.\nThey heard clicks.", ""),
        ("\n\n   Owls: a new study  \n\nBody text here.", "Owls: a new study"),
        ("Just one line with no body", ""),
    ],
)
def test_headline_rule(text: str, headline: str) -> None:
    article = parse_article(text)
    _assert_offsets(article)
    assert article.headline == headline


@pytest.mark.parametrize(
    "text",
    [
        "Results appeared in J. Am. Med. Assoc. last week. The team was pleased.",
        "Smith et al. reported the effect. Others disagreed.",
        "Dr. Alvarez and Prof. Chen led it. They are based in Lima.",
        "Some drinks, e.g. cola, were excluded. Water was allowed.",
        "See https://example.org/a.b/c.html for details. It is free.",
        "The DOI is 10.5555/abc.def.12. Read it.",
    ],
)
def test_protected_abbreviations_do_not_split(text: str) -> None:
    article = parse_article(text)
    _assert_offsets(article)
    assert len(article.sentences) == 2, [s.text for s in article.sentences]


def test_doi_at_end_of_sentence_keeps_the_full_stop_out_of_the_doi() -> None:
    spans = split_sentences("The DOI is 10.5555/abc.def.12. Read it.")
    assert len(spans) == 2


def test_narrow_hard_wrap_stays_one_sentence() -> None:
    text = "Frogs\n\nThe frogs in the valley sang\nlouder than anyone expected.\nA subhead\nThe next paragraph."
    article = parse_article(text)
    _assert_offsets(article)
    assert [s.text for s in article.sentences][1:] == [
        "The frogs in the valley sang\nlouder than anyone expected.", "A subhead", "The next paragraph."]


def test_crlf_and_blank_lines() -> None:
    text = "Bats and moths\r\n\r\n\r\nBats hunt moths. Moths dodge.\r\n\r\nThe end came.\r\n"
    article = parse_article(text)
    _assert_offsets(article)
    assert article.headline == "Bats and moths"
    assert [s.text for s in article.sentences] == ["Bats and moths", "Bats hunt moths.", "Moths dodge.",
                                                   "The end came."]


def test_line_separated_paragraphs_and_hard_wrapped_prose() -> None:
    wrapped = ("Frogs\n\nThe frogs in the valley sang louder than anyone had expected this spring, and\n"
               "the survey team recorded them every night.\nA second line paragraph.")
    article = parse_article(wrapped)
    _assert_offsets(article)
    assert len(article.paragraphs) == 3
    assert article.paragraphs[1].text.endswith("every night.")


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ('Frogs\n\n"This is not a cure," she said. It was late.', [True, False]),
        ("Frogs\n\n“It works in frogs,” said Dr Ames, a biologist at the river station. It was late.",
         [True, False]),
        ("Frogs\n\n'This is not a cure,' she said. The frogs' song was loud.", [True, False]),
        ("Frogs\n\nThe so-called “sleeping cells” woke up. It was late.", [False, False]),
        ("Frogs\n\n“First sentence of a quote. Second sentence of it.” Then prose.", [True, True, False]),
    ],
)
def test_in_quote(text: str, quoted: list[bool]) -> None:
    article = parse_article(text)
    _assert_offsets(article)
    assert [s.in_quote for s in article.sentences[1:]] == quoted


@pytest.mark.parametrize("bad", ["", "   \n\n  ", "abc\x00def"])
def test_unusable_input_is_an_input_error(bad: str) -> None:
    with pytest.raises(InputError):
        parse_article(bad)


@pytest.mark.slow  # about 4 s of parsing on its own
def test_one_megabyte_keeps_offsets() -> None:
    para = ("Researchers at the lake counted 1,204 frogs, e.g. tree frogs and toads, in 2023. "
            "Dr. Lund et al. published the count in J. Herpetol. Res. last spring. ")
    text = "Frog count\n\n" + "\n\n".join(para * 6 for _ in range(1_000_000 // (len(para) * 6)))
    text += "\n\n" + "One giant paragraph without breaks. " * 3000
    article = parse_article(text)
    assert len(text) > 1_000_000
    _assert_offsets(article)
    assert len(article.sentences) > 10_000


@pytest.mark.slow  # hundreds of random articles through every check
def test_random_text_keeps_offsets_and_never_crashes_the_checks() -> None:
    """Seeded random soup of the characters that trip splitters: quotes, stops, abbreviations, CRLF, DOIs."""
    import random

    from caveat.analysis.profile import build_profile
    from caveat.rules.registry import run_checks
    from tests.rules.fixtures import MOUSE, PREPRINT

    pieces = ["Dr. ", "et al. ", "J. Am. ", "e.g. ", "10.1234/x.y ", "“", "”", "‘", "’", '"', "'", ". ", "! ",
              "? ", "\n", "\r\n", "\n\n", "mice ", "cure ", "40% ", "1 in 4 ", "said ", "Smith ", "may ", "causes ",
              "the ", "drug ", "A", "b", " ", "\t", "…", "—"]
    rng = random.Random(20261127)
    for _ in range(150):
        text = "x" + "".join(rng.choice(pieces) for _ in range(rng.randint(1, 120)))
        article = parse_article(text)
        _assert_offsets(article)
        for paper in (None, MOUSE, PREPRINT):
            for flag in run_checks(article, paper, build_profile(paper)):
                assert text[flag.article_span.start:flag.article_span.end] == flag.article_span.text


def test_a_last_paragraph_without_a_full_stop_is_kept_before_a_final_line_break() -> None:
    """A closing reference line or a bullet ('Journal: Frog Medicine, 2024') ends many stories with no full stop;
    the text's final line break must not drop it from the paragraphs and sentences the checks read."""
    from caveat.analysis.article import parse_article

    last = "• Journal reference: Frog Medicine, volume 12, pages 100 to 110, published online in March 2024"
    article = parse_article(f"Frogs sing\n\nThe frogs sang.\n\n  {last}\n")
    assert [p.text for p in article.paragraphs][-1] == last
    assert article.sentences[-1].text == last


def test_a_quote_after_a_wire_dateline_is_still_somebodys_words() -> None:
    from caveat.analysis.article import parse_article

    for dateline in ("LONDON (Reuters) - ", "NEW YORK — ", "SAN DIEGO - "):
        article = parse_article(f"Sleep study\n\n{dateline}“A lie-in could help you live longer,” a paper reports.")
        assert article.sentences[1].in_quote, dateline
    plain = parse_article("Sleep study\n\nNASA - the agency said that a lie-in could help astronauts.")
    assert not plain.sentences[1].in_quote
