"""The model reads the same claims on the same four axes as the rules, and its readings are verified like its quotes.

Against the local stub server (tests/llm/stub_server.py): a scripted judgement with readings becomes a
`caveat.core.models.Claim` of engine 'llm'; an abstract sentence or hedge the model did not copy verbatim is dropped
and counted; and the pipeline keeps both engines' claims, the model's right after the rules' for one sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from caveat.core.models import Article, Paper, StudyProfile
from caveat.core.settings import LlmSettings, Settings
from caveat.llm import review_with_llm
from caveat.pipeline import ReviewInput, review
from tests.llm.conftest import ABSTRACT
from tests.llm.helpers import DAILY_DOSE, finding
from tests.llm.stub_server import StubServer

Make = Callable[..., LlmSettings]
EVIDENCE = "Kelp-root extract may improve spatial memory in aged rats"


def reading(hedges: list[str], subjects: str, species: list[str], scope: list[str]) -> dict[str, Any]:
    return {"hedges": hedges, "subjects": subjects, "species": species, "scope": scope}


def judged(abstract_sentence: str, article_hedges: list[str] | None = None) -> dict[str, Any]:
    return {
        "article_strength": 3,
        "abstract_strength": 2,
        "abstract_sentence": abstract_sentence,
        "article_reading": reading(article_hedges or [], "people", [], ["memory loss"]),
        "abstract_reading": reading(["may"], "animals", ["rats"], ["spatial memory"]),
        "spin": "drops the rats and the may",
        "findings": [finding()],
    }


def test_model_claim_has_the_rules_shape(
    stub: StubServer, llm_settings: Make, article: Article, paper: Paper, known_profile: StudyProfile
) -> None:
    stub.enqueue(judged(EVIDENCE + ";"), when=DAILY_DOSE)
    result = review_with_llm(article, paper, known_profile, [], llm_settings())
    claim = next(c for c in result.claims if DAILY_DOSE in c.text)
    assert claim.engine == "llm" and claim.id.startswith("claim-llm:")
    assert article.text[claim.article_span.start:claim.article_span.end] == claim.text
    assert claim.evidence is not None
    assert ABSTRACT[claim.evidence.start:claim.evidence.end] == claim.evidence.text  # type: ignore[index]  # aligned: offsets set
    assert claim.article.strength == 3 and claim.paper is not None and claim.paper.strength == 2
    assert claim.paper.hedges == ["may"] and claim.paper.subjects == "animals" and claim.paper.species == ["rats"]
    assert claim.article.subjects == "people" and claim.article.scope == ["memory loss"]
    assert "strength 3 vs the paper's 2" in claim.differences
    assert any(d.startswith("subjects:") for d in claim.differences)


def test_unverifiable_readings_are_dropped_and_counted(
    stub: StubServer, llm_settings: Make, article: Article, paper: Paper, known_profile: StudyProfile
) -> None:
    stub.enqueue(judged("Kelp-root extract cures memory loss in people.", article_hedges=["perhaps"]),
                 when=DAILY_DOSE)
    result = review_with_llm(article, paper, known_profile, [], llm_settings())
    claim = next(c for c in result.claims if DAILY_DOSE in c.text)
    assert claim.evidence is None and claim.paper is None  # an invented abstract sentence is not evidence
    assert claim.article.hedges == []  # 'perhaps' is not in the sentence
    assert result.usage.dropped_quotes >= 2


def test_default_answers_still_parse_without_readings(
    stub: StubServer, llm_settings: Make, article: Article, paper: Paper, known_profile: StudyProfile
) -> None:
    stub.enqueue({"article_strength": 1, "abstract_strength": 1, "spin": "", "findings": []}, when=DAILY_DOSE)
    result = review_with_llm(article, paper, known_profile, [], llm_settings())
    claim = next(c for c in result.claims if DAILY_DOSE in c.text)
    assert claim.evidence is None and claim.article.subjects == "unknown" and claim.differences == []


def test_pipeline_keeps_both_engines_claims(stub: StubServer, llm_settings: Make, article: Article,
                                            paper: Paper) -> None:
    stub.enqueue(judged(EVIDENCE), when=DAILY_DOSE)
    settings = Settings().offline().model_copy(update={"llm": llm_settings()})
    result = review(ReviewInput(article.text, paper=paper), settings=settings, use_llm=True)
    engines = {c.engine for c in result.claims}
    assert engines == {"rules", "llm"}
    for claim in result.claims:
        assert result.article.text[claim.article_span.start:claim.article_span.end] == claim.text
    starts = [c.article_span.start for c in result.claims]
    assert starts == sorted(starts)
    model = next(c for c in result.claims if c.engine == "llm" and DAILY_DOSE in c.text)
    rules = [c for c in result.claims if c.engine == "rules" and c.article_span.start == model.article_span.start]
    assert rules and result.claims.index(rules[0]) < result.claims.index(model)
