"""One structured call to an OpenAI-compatible model, and everything that can go wrong with it.

Why this wrapper: the reviewer must never crash a review and never leak the key. So every failure (timeout,
429 or 5xx past the retries, invalid JSON, a refusal, a refused connection) becomes a ``CallOutcome`` with a
plain-language ``problem`` built from our own words and the exception's class, never from its message (an
authentication error's message can carry part of the key). Identical requests are answered from an in-process
LRU keyed by prompt name and version, model, server and a hash of the rendered messages, and concurrent
identical requests wait for the first one instead of paying twice.

Time: a call (its retries included) ends by ``timeout_s`` and never goes past the deadline of the whole model
pass; both are wall-clock, kept down to the socket by ``caveat.llm.transport``. The retries are ours rather than
the openai client's because its waits (a Retry-After of up to a minute, backoff of up to 8 s) do not know the
pass's deadline. A call stopped by the pass's deadline is ``late``, not failed: the reviewer says what the pass
did not read. Size: the answer is at most ``limits.MODEL_RESPONSE_BYTES``, then cut to the bounds in
``caveat.llm.bounds`` before anything reads or caches it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import random
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from caveat.core import limits
from caveat.core.deadlines import deadline as call_deadline
from caveat.core.errors import InputError
from caveat.core.settings import LlmSettings
from caveat.llm.bounds import bound_answer
from caveat.llm.budget import Budget, TokenCounter
from caveat.llm.prompt_files import LoadedPrompt
from caveat.llm.transport import ModelAnswerTooLarge, model_http_client

if TYPE_CHECKING:  # langchain-openai and openai take ~2 s to import: only a review that calls a model pays it
    from langchain_openai import ChatOpenAI

log = logging.getLogger(__name__)

MAX_OUTPUT_TOKENS = 1200
"""Cap on every answer: bounds the worst-case cost that the budget reserves before a call."""
CACHE_SIZE = 256
RETRY_STATUSES = frozenset({408, 409, 429})
"""Statuses worth another try (with every 5xx), as the openai client itself retries."""
MAX_RETRY_WAIT_S = 60.0
"""A longer Retry-After is not honoured: backoff is used instead (what the openai client does)."""
LATE_SLACK_S = 0.05
"""A socket timeout set to the time left may fire a little before the deadline's clock tick."""


class PassDeadline(Exception):
    """A call's next try would begin after the deadline of the whole model pass."""


@dataclass(frozen=True)
class CallOutcome:
    parsed: BaseModel | None
    problem: str = ""
    """Empty on success; else a short reason for the editor (our words, never the server's)."""
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached: bool = False
    skipped: bool = False
    """True when the call was not sent because it did not fit the budget or the context window."""
    late: bool = False
    """True when the pass's deadline stopped the call, or came before it was sent."""
    dropped_findings: int = 0
    """Findings of the answer past limits.MODEL_FINDINGS, dropped."""


def build_chat_model(settings: LlmSettings) -> ChatOpenAI:
    """ChatOpenAI with everything explicit: a timeout (its default waits ten minutes per read) on an HTTP client
    that keeps the call's deadline, no retries of its own, Chat Completions rather than /v1/responses (local
    servers lack it), temperature 0 for repeatable judgements."""
    from langchain_openai import ChatOpenAI

    options: dict[str, Any] = {}
    key = _api_key(settings)
    if key is not None:
        options["api_key"] = key
    return ChatOpenAI(
        model=settings.model,
        base_url=settings.base_url,
        timeout=settings.timeout_s,
        max_retries=0,  # ModelClient retries, within the deadlines
        http_client=model_http_client(settings.base_url, settings.timeout_s),
        use_responses_api=False,
        temperature=0,
        max_tokens=MAX_OUTPUT_TOKENS,
        **options,
    )


def _api_key(settings: LlmSettings) -> str | None:
    """The settings' key; else None to let the openai client read OPENAI_API_KEY; else a placeholder for a
    local server (Ollama, llama.cpp accept any key). OpenAI itself without any key is a clear error."""
    if settings.api_key is not None and settings.api_key.get_secret_value():
        return settings.api_key.get_secret_value()
    if os.environ.get("OPENAI_API_KEY"):
        return None
    if settings.base_url:
        return "no-key"
    raise InputError("no API key for OpenAI: set CAVEAT_LLM__API_KEY, or a base URL for a local server")


class _Cache:
    """A small thread-safe LRU of parsed answers, with in-flight de-duplication."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[str, tuple[BaseModel, int]] = OrderedDict()
        self._inflight: dict[str, threading.Event] = {}
        self._lock = threading.Lock()

    def get_or_claim(self, key: str) -> tuple[tuple[BaseModel, int] | None, bool]:
        """((answer, dropped findings), False) on a hit; (None, True) when the caller must fetch; waits while
        another thread does."""
        while True:
            with self._lock:
                if key in self._items:
                    self._items.move_to_end(key)
                    return self._items[key], False
                event = self._inflight.get(key)
                if event is None:
                    self._inflight[key] = threading.Event()
                    return None, True
            event.wait()

    def release(self, key: str, answer: tuple[BaseModel, int] | None) -> None:
        with self._lock:
            if answer is not None:
                self._items[key] = answer
                self._items.move_to_end(key)
                while len(self._items) > self._size:
                    self._items.popitem(last=False)
            event = self._inflight.pop(key, None)
        if event is not None:
            event.set()

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


CACHE = _Cache(CACHE_SIZE)


class ModelClient:
    """Sends rendered prompts with a structured-output schema, within a shared Budget and the pass's deadline."""

    def __init__(self, settings: LlmSettings, budget: Budget, deadline: float | None = None) -> None:
        self.settings = settings
        self.budget = budget
        self.deadline = deadline
        """time.monotonic() by which the whole model pass ends; None: only each call's own timeout."""
        self.counter = TokenCounter(settings.model)
        self._chat = build_chat_model(settings)

    def close(self) -> None:
        """Close the HTTP connections (the review is over; nothing waits on them)."""
        client = self._chat.http_client
        if client is not None:
            client.close()

    def measure(self, messages: list[tuple[str, str]]) -> int:
        return self.counter.count_messages(messages)

    def past_deadline(self) -> bool:
        return self.deadline is not None and time.monotonic() >= self.deadline - LATE_SLACK_S

    def call(self, prompt: LoadedPrompt, messages: list[tuple[str, str]], schema: type[BaseModel]) -> CallOutcome:
        key = self._key(prompt, messages, schema)
        hit, must_fetch = CACHE.get_or_claim(key)
        if not must_fetch and hit is not None:
            return CallOutcome(parsed=hit[0], cached=True, dropped_findings=hit[1])
        outcome = CallOutcome(parsed=None, problem="not sent")
        try:
            if self.past_deadline():
                outcome = CallOutcome(parsed=None, problem="past the deadline", skipped=True, late=True)
            else:
                outcome = self._send(messages, schema)
        finally:
            CACHE.release(key, None if outcome.parsed is None else (outcome.parsed, outcome.dropped_findings))
        return outcome

    def _key(self, prompt: LoadedPrompt, messages: list[tuple[str, str]], schema: type[BaseModel]) -> str:
        blob = json.dumps([prompt.name, prompt.version, schema.__name__, messages], ensure_ascii=False)
        digest = hashlib.sha256(blob.encode("utf-8")).hexdigest()
        return f"{prompt.name}@{prompt.version}|{self.settings.model}|{self.settings.base_url or ''}|{digest}"

    def _send(self, messages: list[tuple[str, str]], schema: type[BaseModel]) -> CallOutcome:
        estimate = self.measure(messages)
        reservation = self.budget.reserve(estimate, MAX_OUTPUT_TOKENS)
        if reservation is None:
            return CallOutcome(parsed=None, problem="over the cost limit or context window", skipped=True)
        runnable = self._chat.with_structured_output(schema, method="json_schema", include_raw=True)
        prompt_tokens, completion_tokens = estimate, 0
        try:
            reply: dict[str, Any] = self._invoke(runnable, messages)
            usage = getattr(reply.get("raw"), "usage_metadata", None) or {}
            prompt_tokens = int(usage.get("input_tokens") or estimate)
            completion_tokens = int(usage.get("output_tokens") or 0)
            if reply.get("parsing_error") is not None:
                return CallOutcome(None, _describe(reply["parsing_error"]), prompt_tokens, completion_tokens)
            parsed = reply.get("parsed")
            if not isinstance(parsed, schema):
                return CallOutcome(None, "the model's answer did not fit the schema", prompt_tokens, completion_tokens)
            bounded, dropped = bound_answer(parsed)
            return CallOutcome(bounded, "", prompt_tokens, completion_tokens, dropped_findings=dropped)
        except Exception as exc:  # any failure of the optional reviewer degrades to the rules' review
            log.warning("language-model call failed: %s", type(exc).__name__)
            late = isinstance(exc, PassDeadline) or (self.past_deadline() and not isinstance(exc, ModelAnswerTooLarge))
            return CallOutcome(None, _describe(exc), prompt_tokens, completion_tokens, late=late)
        finally:
            self.budget.settle(reservation, prompt_tokens, completion_tokens)

    def _invoke(self, runnable: Any, messages: list[tuple[str, str]]) -> dict[str, Any]:
        """One call: tries until an answer, a failure not worth retrying, ``max_retries``, or the call's deadline
        (``timeout_s`` from now, or the pass's deadline if sooner) - whichever comes first."""
        deadline = time.monotonic() + self.settings.timeout_s
        if self.deadline is not None:
            deadline = min(deadline, self.deadline)
        for attempt in range(self.settings.max_retries + 1):
            try:
                with call_deadline(deadline):
                    reply: dict[str, Any] = runnable.invoke(messages)
                return reply
            except Exception as exc:
                wait = _retry_wait(exc, attempt)
                if wait is None or attempt == self.settings.max_retries:
                    raise
                if time.monotonic() + wait >= deadline:
                    if self.deadline is not None and deadline >= self.deadline:
                        raise PassDeadline from exc  # the next try would start after the pass has ended
                    raise
                time.sleep(wait)
        raise AssertionError("unreachable: the last attempt returns or raises")


def _retry_wait(exc: BaseException, attempt: int) -> float | None:
    """Seconds to wait before trying again, or None when another try cannot help. The server's Retry-After
    (``retry-after-ms`` or seconds) when it gives a sensible one, else exponential backoff with jitter."""
    import openai  # already loaded by the chat model that raised

    if isinstance(exc, openai.APIStatusError):
        if exc.status_code not in RETRY_STATUSES and exc.status_code < 500:
            return None
        headers = exc.response.headers
        for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
            try:
                seconds = float(headers.get(name, "")) * scale
            except ValueError:
                continue
            if 0 < seconds <= MAX_RETRY_WAIT_S:
                return seconds
    elif not isinstance(exc, openai.APIConnectionError):  # APITimeoutError is one
        return None
    return min(0.5 * 2**attempt, 8.0) * (1 - 0.25 * random.random())


def _describe(exc: BaseException) -> str:
    """A reason for the editor in our own words: exception messages may quote the key, so they are not used."""
    import openai  # already loaded by the chat model that raised

    if isinstance(exc, ModelAnswerTooLarge):
        return f"the model's answer was larger than {limits.MODEL_RESPONSE_BYTES / limits.MB:g} MB"
    if isinstance(exc, openai.APITimeoutError):
        return "the model did not answer in time"
    if isinstance(exc, openai.RateLimitError):
        return "the model server kept refusing for too many requests (429)"
    if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
        return "the model server rejected the API key"
    if isinstance(exc, openai.InternalServerError):
        return f"the model server kept failing ({exc.status_code})"
    if isinstance(exc, openai.APIStatusError):
        return f"the model server answered with an error ({exc.status_code})"
    if isinstance(exc, openai.APIConnectionError):
        return "the model server could not be reached"
    if isinstance(exc, ValidationError | json.JSONDecodeError | openai.LengthFinishReasonError):
        return "the model's answer was not valid JSON for the schema"
    if type(exc).__name__.endswith("RefusalError"):
        return "the model refused to answer"
    return f"the model call failed ({type(exc).__name__})"
