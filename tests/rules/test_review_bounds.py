"""Issue 12, defect 1: a review stays linear in the article (windowed suggestions, hype merged per sentence, a cap).

Before: each hype flag's suggestion was its whole sentence minus one word, so one long sentence of N hype words gave
N flags x L characters (17 KB of article, a 23 MB review).
"""

from __future__ import annotations

from caveat.analysis.article import parse_article
from caveat.analysis.profile import build_profile
from caveat.core import limits
from caveat.core.models import Flag, Paper, Span
from caveat.core.settings import Settings
from caveat.core.text import ELLIPSIS, clip_around, window_around
from caveat.pipeline import ReviewInput, review
from caveat.rules import animal_to_human, hype
from caveat.rules.context import CheckContext
from caveat.rules.registry import bounded, cap_flags

_WORDS = ["a breakthrough", "a cure", "a miracle", "a game-changer", "a landmark"]


def _one_sentence(words: int) -> str:
    """A headline, then one sentence of `words` hype words with numbered filler between them."""
    body = ", ".join(f"{_WORDS[i % len(_WORDS)]} w{i:04d}" for i in range(words))
    return f"Scientists hail result\n\nScientists call the result {body} and more.\n"


def _hype_flags(text: str) -> list[Flag]:
    profile = build_profile(None)
    return hype.check(CheckContext(article=parse_article(text), paper=None, profile=profile))


def test_one_long_sentence_gives_a_few_bounded_flags() -> None:
    text = _one_sentence(400)
    flags = _hype_flags(text)
    assert len(flags) == limits.HYPE_FLAGS_PER_SENTENCE  # before: 400 flags
    assert all(len(f.suggestion) <= limits.SUGGESTION_CHARS for f in flags)  # before: ~10,000 characters each
    assert "397 more such words" in flags[-1].message and "'breakthrough'" in flags[-1].message
    assert all(text[f.article_span.start:f.article_span.end] == f.article_span.text for f in flags)


def test_a_long_sentence_suggestion_is_a_verbatim_window_with_the_change() -> None:
    flags = _hype_flags(_one_sentence(60))
    first = flags[0]  # 'breakthrough' w0000 -> 'advance'
    assert first.suggestion.startswith("Scientists call the result a advance w0000")
    assert first.suggestion.endswith(ELLIPSIS)
    # every hype word inside the window is rewritten too: one rewrite the editor can take from any flag
    assert "breakthrough" not in first.suggestion and "cure w0001" not in first.suggestion


def test_short_sentences_keep_the_whole_sentence() -> None:
    flags = _hype_flags("Scientists hail result\n\nThe researchers called it a breakthrough in the treatment of pain.")
    assert [f.suggestion for f in flags] == ["The researchers called it a advance in the treatment of pain."]


def test_review_json_of_a_hostile_sentence_is_small() -> None:
    done = review(ReviewInput(text=_one_sentence(1500)), settings=Settings().offline(), use_llm=False)
    size = len(done.model_dump_json())
    assert size < 40 * len(done.article.text)  # before: 23 MB for these 17 KB


def test_the_review_keeps_the_most_severe_flags_and_says_how_many_went() -> None:
    text = "Scientists hail result\n\n" + " ".join(f"It is a breakthrough w{i}." for i in range(600))
    done = review(ReviewInput(text=text), settings=Settings().offline(), use_llm=False)
    assert len(done.flags) == limits.FLAGS_PER_REVIEW  # before: 601 flags
    dropped = [n for n in done.notices if "more flags were left out" in n]
    assert dropped and dropped[0].startswith("20")  # 601 hype flags (headline included) + others, less 400


def _flag(severity: str, start: int) -> Flag:
    return Flag(id=f"hype:{start}-{start + 1}", check="hype", severity=severity,  # type: ignore[arg-type]
                message="m", article_span=Span(start=start, end=start + 1, text="x"))


def test_cap_drops_the_least_severe_then_the_latest() -> None:
    flags = [_flag("low", 0), _flag("high", 1), _flag("medium", 2), _flag("medium", 3), _flag("high", 4)]
    kept, dropped = cap_flags(flags, limit=3)
    assert dropped == 2
    assert [f.article_span.start for f in kept] == [1, 2, 4]  # given order kept; low and the later medium gone


def test_backstop_cuts_any_long_suggestion() -> None:
    flag = _flag("high", 0).model_copy(update={"suggestion": "word " * 1000})
    assert len(bounded(flag).suggestion) <= limits.SUGGESTION_CHARS


def test_animal_suggestion_keeps_the_addition_when_the_claim_is_long() -> None:
    claim = "The drug reversed memory loss " + "and improved sleep " * 60 + "in patients."
    suggestion = animal_to_human._suggest(claim, "in mice", False)
    assert len(suggestion) <= limits.SUGGESTION_CHARS
    assert suggestion.startswith(ELLIPSIS) and suggestion.endswith("in patients, in mice.")


def test_window_is_verbatim_bounded_and_contains_the_span() -> None:
    text = "alpha beta, " * 100 + "the target word here" + " gamma delta" * 100
    start = text.index("target")
    a, b = window_around(text, start, start + 6, 80)
    assert b - a <= 80 and a <= start and start + 6 <= b
    assert text[a:b].startswith(" the target") or text[a:b].startswith("the target")  # the clause after a comma
    clipped = clip_around(text, start, start + 6, 80)
    assert len(clipped) <= 80 and clipped.strip(ELLIPSIS) in text


def test_one_long_abstract_sentence_is_not_repeated_in_full_on_every_flag() -> None:
    """Found while fuzzing: an abstract sentence of 20,000 characters was the evidence of each of 300 hype flags
    (a 6.4 MB review from 123 KB given). Evidence quotes are cut to their first words, offsets kept true."""
    text = "Hype result\n\n" + " ".join(f"It is a breakthrough w{i}." for i in range(300))
    abstract = ("In mice we found that " + " and ".join(f"tea reduced fatigue {i}" for i in range(1000))
                + ". These results suggest tea may help.")
    done = review(ReviewInput(text=text, paper=Paper(title="t", abstract=abstract)), settings=Settings().offline(),
                  use_llm=False)
    for flag in done.flags:
        for ev in flag.evidence:
            assert len(ev.text) <= limits.EVIDENCE_CHARS
            if ev.kind == "abstract" and ev.start is not None:
                assert abstract[ev.start:ev.end] == ev.text
    assert len(done.model_dump_json()) < 1_000_000  # before: 6.3 MB (300 flags x 20 KB)
