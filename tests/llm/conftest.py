"""Fixtures for the language-model tests: a scripted server, settings pointing at it, and an invented story.

The study and the story are made up for these tests (a kelp extract, aged rats, an invented institute) so
that nothing is copied from real articles or the shared data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from caveat.core.models import Article, Paper, Sentence, Span, StudyProfile
from caveat.core.settings import LlmSettings
from caveat.llm.claims import split_sentences
from caveat.llm.client import CACHE
from tests.llm.stub_server import StubServer

SECRET = "sk-test-DO-NOT-LEAK-7f3a9c"

HEADLINE = "Seaweed pill reverses memory loss, scientists say"
BODY = (
    "A daily dose of kelp-root extract reverses memory loss, according to a new study.  Researchers at the "
    "Northfield Institute gave the extract to 24 elderly rats for 12 weeks.\n"
    "The animals solved a maze 18% faster than rats on a normal diet. "
    "Older adults should start taking kelp supplements now, the lead author said. "
    "The findings appear in the Journal of Invented Neuroscience."
)
ABSTRACT = (
    "Background: Memory decline in ageing has few treatments. Methods: We fed 24 aged rats a diet enriched "
    "with kelp-root extract for 12 weeks and compared them with 24 rats on a standard diet. Results: Rats "
    "given the extract found the hidden platform 18% faster in a water-maze task. Conclusions: Kelp-root "
    "extract may improve spatial memory in aged rats; studies in humans are needed."
)


def make_article(headline: str = HEADLINE, body: str = BODY) -> Article:
    """An Article with exact offsets, built here so these tests do not depend on the article parser."""
    text = f"{headline}\n\n{body}"
    offset = len(headline) + 2
    head = Span(start=0, end=len(headline), text=headline)
    sentences = [Sentence(start=0, end=len(headline), text=headline, index=0, paragraph=0)]
    for i, span in enumerate(split_sentences(body, offset), start=1):
        sentences.append(Sentence(start=span.start, end=span.end, text=span.text, index=i, paragraph=1))
    return Article(text=text, headline=headline, headline_span=head, sentences=sentences)


@pytest.fixture
def article() -> Article:
    return make_article()


@pytest.fixture
def paper() -> Paper:
    return Paper(title="Kelp-root extract and spatial memory in aged rats", abstract=ABSTRACT, status="peer-reviewed")


@pytest.fixture
def known_profile() -> StudyProfile:
    """A profile the rules were sure of, so the profile task does not run."""
    return StudyProfile(design="animal experiment", subjects="animals", species=["rats"], sample_size=24)


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    CACHE.clear()
    yield
    CACHE.clear()


@pytest.fixture
def stub() -> Iterator[StubServer]:
    with StubServer() as server:
        yield server


@pytest.fixture
def llm_settings(stub: StubServer) -> Callable[..., LlmSettings]:
    def make(**overrides: object) -> LlmSettings:
        values: dict[str, object] = {
            "enabled": True,
            "api_key": SECRET,
            "base_url": stub.base_url,
            "model": "gpt-4o-mini",
            "timeout_s": 2.0,
            "max_retries": 0,
            "concurrency": 4,
        }
        values.update(overrides)
        return LlmSettings(**values)  # type: ignore[arg-type]  # overrides of any field, validated by pydantic

    return make
