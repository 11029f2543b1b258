"""Issue 12's fuzz test: random text, HTML, paper JSON and model answers through `review()` and every writer.

What must hold for any input (Hypothesis, derandomized so a run is repeatable and bounded in examples):
- nothing raises but `InputError` (the one clear line for bad input);
- the review is linear in what was given: at most `limits.FLAGS_PER_REVIEW` flags, and its JSON at most a constant
  times the input's characters plus a constant (one long sentence of hype words once made it quadratic);
- every flag's quote is the article's text at its offsets, and every evidence quote with offsets is the abstract's
  or the article's text there;
- every report format renders.

No network: the settings are offline and the language model's answers are drawn here and given to the reviewer in
place of a server's (the reviewer's own verification of quotes and fields then runs on them as on a real answer).
"""

from __future__ import annotations

import itertools
import json
import random
from collections.abc import Callable, Iterator
from typing import Any, get_args, get_origin

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from caveat.core import limits
from caveat.core.errors import InputError
from caveat.core.models import Paper, Review
from caveat.core.settings import LlmSettings, Settings
from caveat.llm import client as llm_client
from caveat.llm.client import CACHE, CallOutcome
from caveat.llm.prompt_files import LoadedPrompt
from caveat.pipeline import ReviewInput, review
from caveat.reading.documents import read_article_bytes
from caveat.report.writers import FORMATS, write_report
from retrieval.supplied import paper_from_json

FUZZ = settings(derandomize=True, max_examples=25, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])

WORDS = [
    "breakthrough", "cure", "miracle", "game-changer", "first-ever", "not", "a", "the", "mice", "rats", "people",
    "patients", "study", "trial", "found", "causes", "prevents", "proves", "may", "linked", "to", "reduces", "risk",
    "by", "50%", "12", "1,204", "p<0.05", "Dr", "Okafor", "said", "“", "”", '"', "'", ".", ",", ";", ":", "—", "\n",
    "\n\n", "(", ")", "doi:10.5555/xyz.1", "https://example.org/a", "\u202e", "\u2066", "😀", "🚀", "μg", "<b>", "&",
    "*", "|", "#", "[x](y)", "\x07", "\t", "Nature", "2025", "phase 1", "preprint", "side effects", "funded",
]
"""Words that steer the checks (hype, animals, causal verbs, numbers, quotes, citations) and break the writers
(markup, bidi controls, emoji, control codes)."""

def _hostile(words: int) -> str:
    """One long sentence of hype words: once N flags each repeating the whole sentence."""
    hype = ["a breakthrough", "a cure", "a miracle", "a landmark"]
    return "Hype\n\nIt is " + ", ".join(hype[i % len(hype)] for i in range(words)) + "."


TEXT = st.one_of(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=400).map(" ".join),
    st.text(min_size=1, max_size=600),
    st.integers(1, 800).map(_hostile),
)

SENTENCES = [
    "Tea cures tiredness", "Drinking tea cures tiredness in people, researchers said.",
    "The study of 12 mice found that tea reduced fatigue.", "“This is a breakthrough,” said Dr Okafor.",
    "Coffee causes a 50% drop in the risk of dementia.", "The trial was funded by Acme Pharma.",
    "It was published in Nature (doi:10.5555/fuzz.1).", "Patients should drink three cups a day.",
    "In 12 mice, tea extract was associated with less fatigue.", "More work is needed.",
]
STORY = st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=12).map(lambda parts: "\n\n".join(parts))
"""Stories and abstracts made of sentences the checks and the model's tasks pick up (claims, evidence)."""

TAGS = ["p", "div", "h1", "blockquote", "article", "main", "span", "b", "script", "style", "nav", "li", "title"]
HTML = st.recursive(
    TEXT.map(lambda text: text.replace("<", "&lt;")),
    lambda inner: st.tuples(st.sampled_from(TAGS), st.lists(inner, max_size=4)).map(
        lambda pair: f"<{pair[0]}>{''.join(pair[1])}</{pair[0]}>"),
    max_leaves=12,
)

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-5, 3000), st.floats(allow_nan=False),
                    st.text(max_size=200), st.sampled_from(WORDS))
PAPER_FIELDS = {
    "doi": st.one_of(st.just("10.5555/fuzz.1"), SCALARS),
    "title": SCALARS,
    "abstract": st.one_of(TEXT, SCALARS),
    "journal": SCALARS,
    "published": st.one_of(st.sampled_from(["2024-02-30", "2025", "20", "2026-01-15"]), SCALARS),
    "year": SCALARS,
    "status": st.one_of(st.sampled_from(["preprint", "retracted", "peer-reviewed", "bogus"]), SCALARS),
    "authors": st.one_of(st.lists(st.text(max_size=30), max_size=5), SCALARS),
    "funding": st.one_of(st.lists(st.sampled_from(["Acme Pharma", "a grant"]), max_size=3), SCALARS),
    "competing_interests": SCALARS,
    "publication_types": st.one_of(st.lists(st.sampled_from(["Randomized Controlled Trial", "Review"])), SCALARS),
    "sources": st.dictionaries(st.sampled_from(["title", "abstract", "doi"]), st.text(max_size=20), max_size=3),
}
"""Every field of the editor's paper JSON, often of the wrong type. A `sources` that is not an object and deep
nesting have their own test at the end (defects 14 and 25)."""
PAPER_JSON = st.one_of(
    st.fixed_dictionaries({}, optional=PAPER_FIELDS).map(json.dumps),
    st.text(max_size=100),
)


def _read_html(html: str) -> str:
    return read_article_bytes(f"<html><body>{html}</body></html>".encode(), "story.html")


# -- the language model's answers ----------------------------------------------------------------------------

class _Answers:
    """Answers for every model call, made from a seed and the call's own messages (so quotes can be verbatim)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.chars = 0

    def text(self, messages: list[tuple[str, str]], name: str = "") -> str:
        """A string field: empty, junk, a word that matters, or words of what the model was sent (a line of the
        prompt, or part of one, is often the claim itself, so its quotes pass the reviewer's verbatim check)."""
        pick = self.rng.randrange(6)
        if pick == 0 or (name == "abstract_quote" and pick < 3):
            return ""
        if pick == 1:
            return "".join(self.rng.choice(WORDS) + " " for _ in range(self.rng.randrange(1, 30)))
        if pick == 2 or (name == "check" and pick < 4):
            return self.rng.choice(["hype", "animal-to-human", "causal-claim", "made-up", "high", "low", "mice"])
        lines = [line for line in (messages[-1][1] if messages else "").splitlines() if line.strip()] or [""]
        line = self.rng.choice(lines)
        judged = [after for before, after in itertools.pairwise(lines) if "to judge" in before]
        if name == "article_quote" and judged and self.rng.random() < 0.7:
            line = judged[0]  # a model that quotes the sentence it was asked about
        if pick == 3:
            return line
        a = self.rng.randrange(len(line) + 1)
        return line[a:a + self.rng.randrange(1, 80)]

    def value(self, annotation: Any, messages: list[tuple[str, str]], depth: int = 0, name: str = "") -> Any:
        origin, args = get_origin(annotation), get_args(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return self.model(annotation, messages, depth + 1)
        if origin is list:
            return [self.value(args[0], messages, depth) for _ in range(self.rng.randrange(0, 12))]
        if args and type(None) in args:
            return None if self.rng.random() < 0.3 else self.value(args[0], messages, depth, name)
        return {int: lambda: self.rng.randint(-3, 5), float: lambda: self.rng.uniform(-1, 2),
                bool: lambda: self.rng.random() < 0.5}.get(annotation, lambda: self.text(messages, name))()

    def model(self, schema: type[BaseModel], messages: list[tuple[str, str]], depth: int = 0) -> dict[str, Any]:
        return {name: self.value(field.annotation, messages, depth, name) for name, field in schema.model_fields.items()
                if self.rng.random() < 0.99}

    def answer(self, schema: type[BaseModel], messages: list[tuple[str, str]]) -> CallOutcome:
        """The model's raw JSON, sometimes broken, parsed and validated by the schema as a real answer is."""
        raw = json.dumps(self.model(schema, messages))
        if self.rng.random() < 0.1:
            raw = raw[: self.rng.randrange(len(raw))]
        self.chars += len(raw)
        try:
            return CallOutcome(schema.model_validate_json(raw), "", 10, 10)
        except ValidationError:
            return CallOutcome(None, "the model's answer was not valid JSON for the schema", 10, 10)


@pytest.fixture
def model_answers(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[int], _Answers]]:
    """Replace the model server: every call is answered by the current `_Answers` (no socket is opened)."""
    current: list[_Answers] = []

    def call(self: object, prompt: LoadedPrompt, messages: list[tuple[str, str]],
             schema: type[BaseModel]) -> CallOutcome:
        return current[-1].answer(schema, messages)

    monkeypatch.setattr(llm_client.ModelClient, "call", call)

    def start(seed: int) -> _Answers:
        CACHE.clear()
        current.append(_Answers(seed))
        return current[-1]

    yield start


# -- what must hold ----------------------------------------------------------------------------------------------

def _settings(tmp_path_factory: pytest.TempPathFactory, llm: bool) -> Settings:
    base = Settings(data_dir=tmp_path_factory.mktemp("fuzz")).offline()
    if not llm:
        return base
    model = LlmSettings(enabled=True, model="gpt-4o-mini", base_url="http://127.0.0.1:9/v1", concurrency=1,
                        max_retries=0, max_cost_usd=10.0)
    return base.model_copy(update={"llm": model})


def _review_or_input_error(inp: Callable[[], ReviewInput], settings: Settings, llm: bool) -> Review | None:
    try:
        return review(inp(), settings=settings, use_llm=llm)
    except InputError:
        return None


def _holds(done: Review, given_chars: int) -> None:
    text = done.article.text
    assert len(done.flags) <= limits.FLAGS_PER_REVIEW
    for flag in done.flags:
        span = flag.article_span
        assert text[span.start:span.end] == span.text, f"{flag.id} quotes {span.text!r}, not the article"
        assert len(flag.suggestion) <= max(limits.SUGGESTION_CHARS, limits.MODEL_FIELD_CHARS)
        for ev in flag.evidence:
            if ev.start is None or ev.end is None:
                continue
            source = text if ev.kind == "article" else done.paper.abstract if ev.kind == "abstract" and done.paper \
                else None
            if source is not None:
                assert source[ev.start:ev.end] == ev.text, f"{flag.id} evidence {ev.text!r} not at its offsets"
    hype = sorted((f.article_span.start, f.article_span.end) for f in done.flags if f.check == "hype"
                  and f.engine == "rules")
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(hype)), "two rule hype flags on one word"
    size = len(done.model_dump_json().encode("utf-8"))
    assert size <= 60 * given_chars + 400_000, f"review JSON {size:,} bytes for {given_chars:,} characters given"
    for fmt in FORMATS:
        assert write_report(done, fmt, reviewer="Fuzz \u202e editor")


@FUZZ
@given(text=TEXT)
def test_random_text(text: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    done = _review_or_input_error(lambda: ReviewInput(text=text), _settings(tmp_path_factory, False), False)
    if done is not None:
        _holds(done, len(text))


@FUZZ
@given(html=HTML)
def test_random_html(html: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    done = _review_or_input_error(lambda: ReviewInput(text=_read_html(html), source="story.html"),
                                  _settings(tmp_path_factory, False), False)
    if done is not None:
        _holds(done, len(html))


@FUZZ
@given(text=TEXT, paper_json=PAPER_JSON, abstract=st.one_of(st.none(), TEXT))
def test_random_paper_json(text: str, paper_json: str, abstract: str | None,
                           tmp_path_factory: pytest.TempPathFactory) -> None:
    def inp() -> ReviewInput:
        paper: Paper = paper_from_json(paper_json)
        return ReviewInput(text=text, paper=paper, abstract=abstract)

    done = _review_or_input_error(inp, _settings(tmp_path_factory, False), False)
    if done is not None:
        _holds(done, len(text) + len(paper_json) + len(abstract or ""))


@settings(FUZZ, max_examples=20)
@given(text=st.one_of(STORY, TEXT), abstract=st.one_of(STORY, TEXT), seed=st.integers(0, 2**32))
def test_random_model_answers(text: str, abstract: str, seed: int, tmp_path_factory: pytest.TempPathFactory,
                              model_answers: Callable[[int], _Answers]) -> None:
    answers = model_answers(seed)
    paper = Paper(title="A fuzzed study", abstract=abstract)
    done = _review_or_input_error(lambda: ReviewInput(text=text, paper=paper), _settings(tmp_path_factory, True),
                                  True)
    if done is not None:
        _holds(done, len(text) + len(abstract) + answers.chars)


@pytest.mark.parametrize("paper_json", ['{"sources": [1]}', '{"sources": "x"}', "[" * 5000 + "]" * 5000])
def test_paper_json_of_the_wrong_shape_is_an_input_error(paper_json: str) -> None:
    with pytest.raises(InputError):
        paper_from_json(paper_json)
