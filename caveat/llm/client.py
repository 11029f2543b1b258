"""One structured call to an OpenAI-compatible model, and everything that can go wrong with it.

Why this wrapper: the reviewer must never crash a review and never leak the key. So every failure (timeout,
429 or 5xx past the retries, invalid JSON, a refusal, a refused connection) becomes a ``CallOutcome`` with a
plain-language ``problem`` built from our own words and the exception's class, never from its message (an
authentication error's message can carry part of the key). Identical requests are answered from an in-process
LRU keyed by prompt name and version, model, server and a hash of the rendered messages, and concurrent
identical requests wait for the first one instead of paying twice.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from caveat.core.errors import InputError
from caveat.core.settings import LlmSettings
from caveat.llm.budget import Budget, TokenCounter
from caveat.llm.prompt_files import LoadedPrompt

if TYPE_CHECKING:  # langchain-openai and openai take ~2 s to import: only a review that calls a model pays it
    from langchain_openai import ChatOpenAI

log = logging.getLogger(__name__)

MAX_OUTPUT_TOKENS = 1200
"""Cap on every answer: bounds the worst-case cost that the budget reserves before a call."""
CACHE_SIZE = 256


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


def build_chat_model(settings: LlmSettings) -> ChatOpenAI:
    """ChatOpenAI with everything explicit: timeout and retries (its defaults wait forever), Chat Completions
    rather than /v1/responses (local servers lack it), temperature 0 for repeatable judgements."""
    from langchain_openai import ChatOpenAI

    options: dict[str, Any] = {}
    key = _api_key(settings)
    if key is not None:
        options["api_key"] = key
    return ChatOpenAI(
        model=settings.model,
        base_url=settings.base_url,
        timeout=settings.timeout_s,
        max_retries=settings.max_retries,
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
        self._items: OrderedDict[str, BaseModel] = OrderedDict()
        self._inflight: dict[str, threading.Event] = {}
        self._lock = threading.Lock()

    def get_or_claim(self, key: str) -> tuple[BaseModel | None, bool]:
        """(answer, False) on a hit; (None, True) when the caller must fetch; waits while another thread does."""
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

    def release(self, key: str, answer: BaseModel | None) -> None:
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
    """Sends rendered prompts with a structured-output schema, within a shared Budget."""

    def __init__(self, settings: LlmSettings, budget: Budget) -> None:
        self.settings = settings
        self.budget = budget
        self.counter = TokenCounter(settings.model)
        self._chat = build_chat_model(settings)

    def measure(self, messages: list[tuple[str, str]]) -> int:
        return self.counter.count_messages(messages)

    def call(self, prompt: LoadedPrompt, messages: list[tuple[str, str]], schema: type[BaseModel]) -> CallOutcome:
        key = self._key(prompt, messages, schema)
        answer, must_fetch = CACHE.get_or_claim(key)
        if not must_fetch:
            return CallOutcome(parsed=answer, cached=True)
        outcome = CallOutcome(parsed=None, problem="not sent")
        try:
            outcome = self._send(messages, schema)
        finally:
            CACHE.release(key, outcome.parsed)
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
            reply: dict[str, Any] = runnable.invoke(messages)
            usage = getattr(reply.get("raw"), "usage_metadata", None) or {}
            prompt_tokens = int(usage.get("input_tokens") or estimate)
            completion_tokens = int(usage.get("output_tokens") or 0)
            if reply.get("parsing_error") is not None:
                return CallOutcome(None, _describe(reply["parsing_error"]), prompt_tokens, completion_tokens)
            parsed = reply.get("parsed")
            if not isinstance(parsed, schema):
                return CallOutcome(None, "the model's answer did not fit the schema", prompt_tokens, completion_tokens)
            return CallOutcome(parsed, "", prompt_tokens, completion_tokens)
        except Exception as exc:  # any failure of the optional reviewer degrades to the rules' review
            log.warning("language-model call failed: %s", type(exc).__name__)
            return CallOutcome(None, _describe(exc), prompt_tokens, completion_tokens)
        finally:
            self.budget.settle(reservation, prompt_tokens, completion_tokens)


def _describe(exc: BaseException) -> str:
    """A reason for the editor in our own words: exception messages may quote the key, so they are not used."""
    import openai  # already loaded by the chat model that raised

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
