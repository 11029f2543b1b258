"""review_with_llm against a real local HTTP server: request shape, verified flags, profile, budget, cache."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import pytest

from caveat.core.models import Article, Flag, Paper, Span, StudyProfile
from caveat.core.settings import LlmSettings
from caveat.llm import review_with_llm
from caveat.llm.budget import TokenCounter
from caveat.llm.claims import EVIDENCE_PER_CLAIM, split_sentences
from caveat.llm.client import MAX_OUTPUT_TOKENS, build_chat_model
from caveat.llm.prompt_files import load_prompt
from tests.llm.conftest import ABSTRACT, SECRET
from tests.llm.helpers import DAILY_DOSE, finding, judgement
from tests.llm.stub_server import StubServer

Make = Callable[..., LlmSettings]


def judge_requests(stub: StubServer) -> list[str]:
    return [
        r.text() for r in stub.chat_requests() if r.body["response_format"]["json_schema"]["name"] == "ClaimJudgement"
    ]


@pytest.mark.parametrize("overrides", [{"enabled": False}, {"enabled": True, "model": "  "}])
def test_off_means_no_call_at_all(
    stub: StubServer, llm_settings: Make, article: Article, paper: Paper, overrides: dict[str, object]
) -> None:
    result = review_with_llm(article, paper, StudyProfile(), [], llm_settings(**overrides))
    assert stub.requests == []
    assert result.flags == [] and result.prompts == {} and result.notices == []
    assert result.usage.calls == 0 and result.profile is None


def test_without_an_abstract_nothing_is_sent_and_the_editor_is_told(
    stub: StubServer, llm_settings: Make, article: Article
) -> None:
    result = review_with_llm(article, Paper(title="No abstract here"), StudyProfile(), [], llm_settings())
    assert stub.requests == []
    assert "abstract" in result.notices[0]


def test_verified_flag_with_exact_offsets(
    stub: StubServer, llm_settings: Make, article: Article, paper: Paper, known_profile: StudyProfile
) -> None:
    stub.enqueue(judgement(finding()), when=DAILY_DOSE)
    result = review_with_llm(article, paper, known_profile, [], llm_settings())
    assert [f.check for f in result.flags] == ["animal-to-human"]
    flag = result.flags[0]
    claim_start = article.text.index(DAILY_DOSE)
    assert article.text[flag.article_span.start : flag.article_span.end] == "reverses memory loss"
    assert flag.article_span.start > claim_start  # the quote in the claim sentence, not the headline's copy
    assert flag.id == f"animal-to-human:{flag.article_span.start}-{flag.article_span.end}"
    assert flag.engine == "llm" and flag.severity == "high" and flag.confidence == 0.9
    [evidence] = flag.evidence
    assert evidence.kind == "abstract"
    assert ABSTRACT[evidence.start : evidence.end] == "Kelp-root extract may improve spatial memory in aged rats"  # type: ignore[index]
    assert result.prompts == {"judge_claims": load_prompt("judge_claims").version}
    calls = len(stub.chat_requests())
    assert result.usage.calls == calls
    assert (result.usage.prompt_tokens, result.usage.completion_tokens) == (100 * calls, 20 * calls)  # server counts
    assert result.usage.cost_usd == pytest.approx((100 * 0.15 + 20 * 0.60) * calls / 1e6, abs=1e-6)


def test_request_is_a_strict_json_schema_chat_completion_with_the_evidence(
    stub: StubServer, llm_settings: Make, article: Article, paper: Paper, known_profile: StudyProfile
) -> None:
    review_with_llm(article, paper, known_profile, [], llm_settings())
    request = next(r for r in stub.chat_requests() if DAILY_DOSE in r.text())
    assert request.path == "/v1/chat/completions"
    body = request.body
    assert (
        body["model"] == "gpt-4o-mini"
        and body["temperature"] == 0
        and body["max_completion_tokens"] == MAX_OUTPUT_TOKENS
    )
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    response_format = body["response_format"]
    assert response_format["type"] == "json_schema"
    assert response_format["json_schema"]["name"] == "ClaimJudgement"
    assert response_format["json_schema"]["strict"] is True
    assert "findings" in response_format["json_schema"]["schema"]["properties"]
    user = body["messages"][1]["content"]
    assert "Kelp-root extract may improve spatial memory in aged rats" in user  # the evidence sentence
    sentences = [s.text for s in split_sentences(ABSTRACT)]
    sent = [s for s in sentences if s in user]
    assert 1 <= len(sent) <= EVIDENCE_PER_CLAIM < len(sentences)  # the chosen sentences, not the whole abstract


def test_the_key_never_leaks(
    stub: StubServer,
    llm_settings: Make,
    article: Article,
    paper: Paper,
    known_profile: StudyProfile,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    echo = f'{{"error": {{"message": "Incorrect API key provided: {SECRET}", "type": "invalid_request_error"}}}}'
    stub.enqueue(status=401, body=echo, when="Article sentence to judge:\nSeaweed pill")
    stub.enqueue(judgement(finding()), when=DAILY_DOSE)
    result = review_with_llm(article, paper, known_profile, [], llm_settings())
    assert any(r.headers.get("authorization") == f"Bearer {SECRET}" for r in stub.requests)  # it was really sent
    assert any("rejected the API key" in n for n in result.notices)
    assert SECRET not in result.model_dump_json()
    assert SECRET not in caplog.text
    assert all(SECRET not in text for text in stub.responses if "Incorrect API key" not in text)
    assert SECRET not in repr(build_chat_model(llm_settings()))


def test_profile_task_fills_only_what_the_rules_left_unknown(
    stub: StubServer, llm_settings: Make, article: Article, paper: Paper
) -> None:
    quote = "We fed 24 aged rats a diet enriched with kelp-root extract for 12 weeks"
    stub.enqueue(
        {
            "design": "animal experiment",
            "subjects": "animals",
            "species": ["Rats"],
            "sample_size": 24,
            "stage": "preclinical",
            "evidence_quote": quote,
        },
        when="Abstract:",
    )
    rules = StudyProfile(design="unknown", subjects="unknown", stage="unknown", peer_review="peer-reviewed")
    result = review_with_llm(article, paper, rules, [], llm_settings())
    profile = result.profile
    assert profile is not None
    assert (profile.design, profile.subjects, profile.species, profile.sample_size, profile.stage) == (
        "animal experiment",
        "animals",
        ["rats"],
        24,
        "preclinical",
    )
    assert profile.peer_review == "peer-reviewed" and profile.engine == "rules+llm"
    evidence = profile.design_evidence
    assert evidence is not None and ABSTRACT[evidence.start : evidence.end] == quote  # type: ignore[index]
    assert result.prompts["profile_study"] == load_prompt("profile_study").version
    judge = judge_requests(stub)
    assert judge and all("Study: animal experiment; subjects: animals, rats" in text for text in judge)


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        # the rules knew the design: only the subjects are taken from the model
        ({"design": "cohort", "subjects": "animals"}, {"design": "in vitro", "subjects": "animals"}),
        # an invented label and an invented number are not taken
        (
            {"design": "mouse trial", "subjects": "animals", "sample_size": 500},
            {"design": "in vitro", "subjects": "animals", "sample_size": None},
        ),
    ],
)
def test_profile_keeps_rules_and_rejects_inventions(
    stub: StubServer,
    llm_settings: Make,
    article: Article,
    paper: Paper,
    answer: dict[str, object],
    expected: dict[str, object],
) -> None:
    full = {
        "design": "unknown",
        "subjects": "unknown",
        "species": [],
        "sample_size": None,
        "stage": "unknown",
        "evidence_quote": "Rats given the extract found the hidden platform 18% faster",
    } | answer
    stub.enqueue(full, when="Abstract:")
    result = review_with_llm(article, paper, StudyProfile(design="in vitro"), [], llm_settings())
    assert result.profile is not None
    for field, value in expected.items():
        assert getattr(result.profile, field) == value


def test_profile_with_an_unverifiable_quote_is_dropped(
    stub: StubServer, llm_settings: Make, article: Article, paper: Paper
) -> None:
    stub.enqueue(
        {
            "design": "animal experiment",
            "subjects": "animals",
            "species": ["rats"],
            "sample_size": 24,
            "stage": "preclinical",
            "evidence_quote": "We fed twenty-four aged rats kelp",
        },
        when="Abstract:",
    )
    result = review_with_llm(article, paper, StudyProfile(), [], llm_settings())
    assert result.profile is None
    assert result.usage.dropped_quotes == 1


def test_rewrites_for_rule_flags_come_back_as_suggestions(
    stub: StubServer, llm_settings: Make, article: Article, paper: Paper, known_profile: StudyProfile
) -> None:
    start = article.text.index("Older adults should")
    end = article.text.index("now,") + 3
    rule = Flag(
        id=f"advice:{start}-{end}",
        check="advice",
        severity="high",
        message="Advice the study does not give.",
        article_span=Span(start=start, end=end, text=article.text[start:end]),
    )
    rewrite = "The study was in rats, so it offers no advice for older adults yet, the lead author said."
    stub.enqueue({"rewrite": rewrite, "reason": "advice removed"}, when="Problem found (advice)")
    result = review_with_llm(article, paper, known_profile, [rule], llm_settings())
    assert result.suggestions == {rule.id: rewrite}
    assert result.prompts["rewrite_flag"] == load_prompt("rewrite_flag").version
    request = next(r.text() for r in stub.chat_requests() if "Problem found (advice)" in r.text())
    assert "Older adults should start taking kelp supplements now, the lead author said." in request


def test_a_rewrite_that_invents_numbers_is_discarded(
    stub: StubServer, llm_settings: Make, article: Article, paper: Paper, known_profile: StudyProfile
) -> None:
    stub.enqueue(judgement(finding(suggestion="")), when=DAILY_DOSE)
    stub.enqueue({"rewrite": "Kelp extract helped 70% of rats remember.", "reason": "x"}, when="Problem found")
    result = review_with_llm(article, paper, known_profile, [], llm_settings())
    assert result.flags and result.flags[0].suggestion == ""
    assert any("added numbers" in n for n in result.notices)


def test_over_budget_judges_fewer_claims_and_says_so(
    stub: StubServer, llm_settings: Make, article: Article, paper: Paper, known_profile: StudyProfile
) -> None:
    # Output-only pricing makes every call's worst case the same (MAX_OUTPUT_TOKENS), so 1.5 calls fit.
    worst = MAX_OUTPUT_TOKENS / 1e6
    settings = llm_settings(input_usd_per_mtok=0.0, output_usd_per_mtok=1.0, max_cost_usd=1.5 * worst)
    headline = article.headline_span
    assert headline is not None
    rule = Flag(
        id=f"hype:0-{headline.end}", check="hype", severity="high", message="Sensational.", article_span=headline
    )
    # the answer uses most of the money (the server's count is what is charged), so no rewrite fits after it
    stub.enqueue(judgement(), completion_tokens=1000, when="Article sentence to judge:\nSeaweed pill")
    result = review_with_llm(article, paper, known_profile, [rule], settings)
    judged = judge_requests(stub)
    assert len(judged) == 1
    assert "Article sentence to judge:\nSeaweed pill" in judged[0]  # the headline ranks first
    notice = next(n for n in result.notices if "judged 1 of" in n)
    assert f"${settings.max_cost_usd:g} cost limit" in notice
    assert "1 rewrite(s) were not asked" in " ".join(result.notices)  # the rest of the money is too little
    assert result.usage.cost_usd <= settings.max_cost_usd
    assert result.usage.calls == 1


def test_a_context_too_small_for_any_claim_sends_nothing(
    stub: StubServer, llm_settings: Make, article: Article, paper: Paper, known_profile: StudyProfile
) -> None:
    result = review_with_llm(article, paper, known_profile, [], llm_settings(context_tokens=1024))
    assert stub.chat_requests() == []
    assert any("judged 0 of" in n for n in result.notices)


def test_a_small_context_gets_fewer_evidence_sentences(
    stub: StubServer, llm_settings: Make, article: Article, known_profile: StudyProfile
) -> None:
    filler = " ".join(f"marker{n}" for n in range(120))  # about 300 tokens of invented detail per sentence
    long_ones = [f"Kelp-root extract memory finding {i} reverses loss in a daily dose arm, {filler}." for i in "ABC"]
    paper = Paper(abstract=" ".join(long_ones))
    counter = TokenCounter("gpt-4o-mini")
    assert all(counter.count(s) > 250 for s in long_ones)

    def evidence_in_request(settings: LlmSettings) -> int:
        review_with_llm(article, paper, known_profile, [], settings)
        text = next(r.text() for r in stub.chat_requests()[::-1] if DAILY_DOSE in r.text())
        return sum(s in text for s in long_ones)

    assert evidence_in_request(llm_settings()) == 3
    assert evidence_in_request(llm_settings(context_tokens=2400)) == 1  # 3 x 300 more would not fit


def test_identical_requests_are_sent_once(
    stub: StubServer, llm_settings: Make, article: Article, paper: Paper, known_profile: StudyProfile
) -> None:
    stub.enqueue(judgement(finding()), when=DAILY_DOSE)
    first = review_with_llm(article, paper, known_profile, [], llm_settings())
    sent = len(stub.chat_requests())
    second = review_with_llm(article, paper, known_profile, [], llm_settings())
    assert len(stub.chat_requests()) == sent  # nothing new on the wire
    assert second.flags == first.flags and second.usage.calls == 0
    review_with_llm(article, paper, known_profile, [], llm_settings(model="gpt-4.1-mini"))
    assert len(stub.chat_requests()) > sent  # another model is another cache key


@pytest.mark.parametrize("concurrency", [1, 3])
def test_calls_run_concurrently_within_the_bound(
    stub: StubServer,
    llm_settings: Make,
    article: Article,
    paper: Paper,
    known_profile: StudyProfile,
    concurrency: int,
) -> None:
    for _ in range(5):
        stub.enqueue(judgement(), delay_s=0.25)
    began = time.monotonic()
    review_with_llm(article, paper, known_profile, [], llm_settings(concurrency=concurrency))
    elapsed = time.monotonic() - began
    assert len(judge_requests(stub)) == 5
    assert stub.max_in_flight <= concurrency
    if concurrency == 1:
        assert elapsed >= 5 * 0.25
    else:
        assert stub.max_in_flight >= 2 and elapsed < 5 * 0.25
