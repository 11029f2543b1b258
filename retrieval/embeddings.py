"""Sentence embeddings for the paper library, loaded strictly offline.

The library needs vectors to find a paper from a loose mention ("a study in Nature Medicine by Pan and
colleagues") and to search by topic. WordLlama is the default because its wheel ships its weights, so the
tool works on a laptop with no network; its stock loader looks in the wrong folder and then goes to Hugging
Face, so we point it at the package's own directory and forbid downloads.

Chroma must always be handed an explicit embedding function: its default downloads an ONNX model on first
use, which fails offline and is slow online. `ChromaEmbeddingFunction` is that adapter.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function

__all__ = ["ChromaEmbeddingFunction", "Embedder", "WordLlamaEmbedder", "get_embedder", "normalise_rows"]


@runtime_checkable
class Embedder(Protocol):
    """Anything that turns texts into unit-length float32 rows; swap in a heavier model behind this."""

    name: str
    dim: int

    def embed(self, texts: list[str]) -> np.ndarray: ...


def normalise_rows(matrix: np.ndarray) -> np.ndarray:
    """L2-normalise each row as float32, leaving all-zero rows (empty text) at zero instead of NaN.

    Cosine similarity then becomes a dot product, and an empty sentence scores 0 against everything
    rather than poisoning a search with NaN.
    """
    rows = np.asarray(matrix, dtype=np.float32)
    if rows.ndim == 1:
        rows = rows.reshape(1, -1)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    safe = np.where(norms > 0, norms, 1.0).astype(np.float32)
    return (rows / safe).astype(np.float32)


class WordLlamaEmbedder:
    """WordLlama (l2_supercat, 256 dimensions) read from the weights inside its own wheel."""

    name = "wordllama-l2_supercat-256"
    dim = 256

    def __init__(self) -> None:
        import wordllama
        from wordllama import WordLlama

        package_dir = Path(wordllama.__file__).resolve().parent
        try:
            self._model = WordLlama.load(cache_dir=package_dir, dim=self.dim, disable_download=True)
        except FileNotFoundError as exc:  # a stripped install without weights: say so, never download
            raise RuntimeError(
                f"WordLlama weights are missing from {package_dir / 'weights'}; reinstall the wordllama wheel"
            ) from exc
        # The numpy inference path is not documented as thread-safe; a lock is cheap next to the maths.
        self._lock = threading.Lock()

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            raw = self._model.embed(list(texts), norm=False, return_np=True)
        return normalise_rows(raw)


_embedder: Embedder | None = None
_embedder_lock = threading.Lock()


def get_embedder() -> Embedder:
    """The process-wide embedder, loaded once: the page serves several sessions from one process."""
    global _embedder
    if _embedder is None:
        with _embedder_lock:
            if _embedder is None:
                _embedder = WordLlamaEmbedder()
    return _embedder


@register_embedding_function
class ChromaEmbeddingFunction(EmbeddingFunction[Documents]):
    """Adapts an `Embedder` to Chroma's embedding-function protocol (chromadb 1.x).

    It implements name/get_config/build_from_config so that Chroma does not treat it as a legacy function
    and so that a collection's stored configuration names the model that made its vectors: reopening a
    library with a different model then fails loudly instead of mixing incompatible vectors. It is
    registered with Chroma under its name so that a collection opened without an explicit function is
    rebuilt with this one, never with Chroma's downloading default.
    """

    def __init__(self, embedder: Embedder | None = None) -> None:
        self._embedder = embedder or get_embedder()

    def __call__(self, input: Documents) -> Embeddings:
        vectors = self._embedder.embed(list(input))
        return [row for row in vectors]

    @staticmethod
    def name() -> str:
        return "caveat-embedder"

    def get_config(self) -> dict[str, Any]:
        return {"model": self._embedder.name, "dim": self._embedder.dim}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> ChromaEmbeddingFunction:
        embedder = get_embedder()
        wanted = config.get("model")
        if wanted and wanted != embedder.name:
            raise ValueError(f"library was built with embedding model {wanted!r}, not {embedder.name!r}")
        return ChromaEmbeddingFunction(embedder)

    def default_space(self) -> Space:
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        return ["cosine", "ip", "l2"]
