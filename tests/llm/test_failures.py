"""What real servers do wrong, scripted: the review always comes back, with the rules' flags and a notice."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from caveat.core.models import Article, Paper, StudyProfile
from caveat.core.settings import LlmSettings
from caveat.llm import review_with_llm
from caveat.llm.budget import TokenCounter
from tests.llm.helpers import DAILY_DOSE, finding, judgement
from tests.llm.stub_server import StubServer

Make = Callable[..., LlmSettings]


def for_claim(stub: StubServer) -> list[float]:
    return [r.at for r in stub.chat_requests() if DAILY_DOSE in r.text() and "Problem found" not in r.text()]


def test_500s_then_success_within_the_retries(
    stub: StubServer, llm_settings: Make, article: Article, paper: Paper, known_profile: StudyProfile
) -> None:
    stub.enqueue(status=500, when=DAILY_DOSE)
    stub.enqueue(status=503, when=DAILY_DOSE)
    stub.enqueue(judgement(finding()), when=DAILY_DOSE)
    result = review_with_llm(article, paper, known_profile, [], llm_settings(max_retries=2))
    assert len(for_claim(stub)) == 3
    assert [f.check for f in result.flags] == ["animal-to-human"]
    assert not any("call(s) failed" in n for n in result.notices)


def test_500s_past_the_retries_leave_a_notice_and_the_other_claims(
    stub: StubServer, llm_settings: Make, article: Article, paper: Paper, known_profile: StudyProfile
) -> None:
    for _ in range(2):
        stub.enqueue(status=500, when=DAILY_DOSE)
    stub.enqueue(judgement(finding("advice", "should start taking kelp supplements", "")), when="Older adults")
    result = review_with_llm(article, paper, known_profile, [], llm_settings(max_retries=1))
    assert len(for_claim(stub)) == 2
    assert [f.check for f in result.flags] == ["advice"]  # the other claim still judged
    assert any("kept failing (500)" in n and "rules' findings" in n for n in result.notices)


def test_429_honours_retry_after(
    stub: StubServer, llm_settings: Make, article: Article, paper: Paper, known_profile: StudyProfile
) -> None:
    stub.enqueue(status=429, headers={"Retry-After": "0.4"}, when=DAILY_DOSE)
    stub.enqueue(judgement(finding()), when=DAILY_DOSE)
    result = review_with_llm(article, paper, known_profile, [], llm_settings(max_retries=1))
    first, second = for_claim(stub)
    assert second - first >= 0.35
    assert [f.check for f in result.flags] == ["animal-to-human"]


def test_429_past_the_retries(
    stub: StubServer, llm_settings: Make, article: Article, paper: Paper, known_profile: StudyProfile
) -> None:
    stub.enqueue(status=429, headers={"Retry-After": "0.05"}, when=DAILY_DOSE)
    result = review_with_llm(article, paper, known_profile, [], llm_settings(max_retries=0))
    assert result.flags == []
    assert any("too many requests (429)" in n for n in result.notices)


def test_a_slow_answer_times_out_without_holding_the_review(
    stub: StubServer, llm_settings: Make, article: Article, paper: Paper, known_profile: StudyProfile
) -> None:
    stub.enqueue(judgement(finding()), delay_s=3.0, when=DAILY_DOSE)
    began = time.monotonic()
    result = review_with_llm(article, paper, known_profile, [], llm_settings(timeout_s=0.5, max_retries=0))
    assert time.monotonic() - began < 2.5
    assert result.flags == []
    assert any("did not answer in time" in n for n in result.notices)
    # the failed call still counts, with tiktoken's estimate of what was sent
    [request] = [r for r in stub.chat_requests() if DAILY_DOSE in r.text()]
    sent = [(m["role"], m["content"]) for m in request.body["messages"]]
    others = len(stub.chat_requests()) - 1
    assert result.usage.prompt_tokens == TokenCounter("gpt-4o-mini").count_messages(sent) + 100 * others


@pytest.mark.parametrize(
    ("scripted", "notice"),
    [
        ({"content": '{"article_strength": 3, "findings": [ {"check": '}, "not valid JSON"),
        ({"content": "Sure! Here is my analysis of the claim."}, "not valid JSON"),
        ({"content": {"findings": "none"}}, "not valid JSON"),  # JSON, but not the schema
        ({"refusal": "I can't help with that request."}, "refused"),
    ],
)
def test_broken_answers_become_notices(
    stub: StubServer,
    llm_settings: Make,
    article: Article,
    paper: Paper,
    known_profile: StudyProfile,
    scripted: dict[str, object],
    notice: str,
) -> None:
    stub.enqueue(when=DAILY_DOSE, **scripted)
    result = review_with_llm(article, paper, known_profile, [], llm_settings())
    assert result.flags == []
    assert any(notice in n for n in result.notices)


@pytest.mark.parametrize(
    ("bad", "counted"),
    [
        (finding(article_quote="reverses all memory loss"), 1),  # a word added
        (finding(article_quote="Reverses memory loss"), 1),  # case changed
        (finding(abstract_quote="Kelp-root extract improves spatial memory in aged rats"), 1),  # hedge dropped
        (finding(abstract_quote="Kelp extract may improve memory"), 1),  # paraphrase of the abstract
    ],
)
def test_unverifiable_quotes_are_dropped_and_counted(
    stub: StubServer,
    llm_settings: Make,
    article: Article,
    paper: Paper,
    known_profile: StudyProfile,
    bad: dict[str, object],
    counted: int,
) -> None:
    good = finding("hype", "reverses memory loss", "", "medium", "")
    stub.enqueue(judgement(bad, good), when=DAILY_DOSE)
    result = review_with_llm(article, paper, known_profile, [], llm_settings())
    assert [f.check for f in result.flags] == ["hype"]
    assert result.usage.dropped_quotes == counted
    assert any("not in the text" in n for n in result.notices)


def test_unknown_check_ids_are_dropped_and_counted(
    stub: StubServer, llm_settings: Make, article: Article, paper: Paper, known_profile: StudyProfile
) -> None:
    stub.enqueue(judgement(finding("exaggeration"), finding("Animal-To-Human")), when=DAILY_DOSE)
    result = review_with_llm(article, paper, known_profile, [], llm_settings())
    assert [f.check for f in result.flags] == ["animal-to-human"]  # case is forgiven, invention is not
    assert any("1 language-model finding(s) used an unknown check id" in n for n in result.notices)


def test_an_unreachable_server_is_a_notice(
    llm_settings: Make, article: Article, paper: Paper, known_profile: StudyProfile
) -> None:
    settings = llm_settings(base_url="http://127.0.0.1:9/v1", timeout_s=0.5)  # discard port: nothing listens
    result = review_with_llm(article, paper, known_profile, [], settings)
    assert result.flags == []
    assert any("could not be reached" in n for n in result.notices)


def test_a_broken_prompt_file_is_a_notice_not_a_crash(
    stub: StubServer,
    llm_settings: Make,
    article: Article,
    paper: Paper,
    known_profile: StudyProfile,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import caveat.llm.reviewer as reviewer
    from caveat.core.errors import InputError

    def broken(name: str) -> object:
        raise InputError(f"prompt file {name}.md has no '---' line after its header")

    monkeypatch.setattr(reviewer, "load_prompt", broken)
    result = review_with_llm(article, paper, known_profile, [], llm_settings())
    assert result.flags == [] and stub.chat_requests() == []
    assert any("failed (InputError: prompt file judge_claims.md has no '---' line" in n for n in result.notices)


def test_openai_without_any_key_is_a_clear_notice(
    llm_settings: Make, article: Article, paper: Paper, known_profile: StudyProfile, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    result = review_with_llm(article, paper, known_profile, [], llm_settings(api_key=None, base_url=None))
    assert any("no API key for OpenAI: set CAVEAT_LLM__API_KEY" in n for n in result.notices)
    assert result.usage.calls == 0


@pytest.mark.parametrize(("env_key", "sent"), [("sk-from-env", "Bearer sk-from-env"), (None, "Bearer no-key")])
def test_key_falls_back_to_the_environment_then_a_placeholder(
    stub: StubServer,
    llm_settings: Make,
    article: Article,
    paper: Paper,
    known_profile: StudyProfile,
    monkeypatch: pytest.MonkeyPatch,
    env_key: str | None,
    sent: str,
) -> None:
    if env_key is None:
        monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    else:
        monkeypatch.setenv("OPENAI_API_KEY", env_key)
    review_with_llm(article, paper, known_profile, [], llm_settings(api_key=None))
    assert {r.headers.get("authorization") for r in stub.chat_requests()} == {sent}
