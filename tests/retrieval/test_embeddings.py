"""The offline embedder and its Chroma adapter."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from chromadb.api.types import EmbeddingFunction

from retrieval.embeddings import (
    ChromaEmbeddingFunction,
    Embedder,
    WordLlamaEmbedder,
    get_embedder,
    normalise_rows,
)


class _TwoDim:
    """A tiny embedder whose vectors are known exactly: [count of 'a', count of 'b']."""

    name = "two-dim-test"
    dim = 2

    def embed(self, texts: list[str]) -> np.ndarray:
        return normalise_rows(np.array([[t.count("a"), t.count("b")] for t in texts], dtype=np.float32))


def test_wordllama_rows_are_unit_float32_and_semantic() -> None:
    embedder = get_embedder()
    assert isinstance(embedder, Embedder)
    texts = ["Mice fed a high-fat diet gained weight.", "Obese rodents on fatty food", "Galaxies collide in deep space"]
    vectors = embedder.embed(texts)
    assert vectors.dtype == np.float32
    assert vectors.shape == (3, embedder.dim)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    similar, unrelated = float(vectors[0] @ vectors[1]), float(vectors[0] @ vectors[2])
    assert similar > unrelated + 0.1


def test_empty_inputs() -> None:
    embedder = get_embedder()
    assert embedder.embed([]).shape == (0, embedder.dim)
    blank = embedder.embed([""])
    assert not np.isnan(blank).any()


def test_normalise_rows_keeps_zero_rows_at_zero() -> None:
    rows = normalise_rows(np.array([[3.0, 4.0], [0.0, 0.0]]))
    assert rows.dtype == np.float32
    assert np.allclose(rows, [[0.6, 0.8], [0.0, 0.0]])


def test_get_embedder_is_one_instance_across_threads() -> None:
    seen: list[Embedder] = []
    threads = [threading.Thread(target=lambda: seen.append(get_embedder())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(e) for e in seen}) == 1
    assert isinstance(seen[0], WordLlamaEmbedder)


def test_chroma_adapter_is_not_legacy_and_round_trips_its_config() -> None:
    function = ChromaEmbeddingFunction()
    assert isinstance(function, EmbeddingFunction)
    assert not function.is_legacy()
    config = function.get_config()
    assert config == {"model": get_embedder().name, "dim": get_embedder().dim}
    rebuilt = ChromaEmbeddingFunction.build_from_config(config)
    assert rebuilt.get_config() == config
    with pytest.raises(ValueError, match="embedding model"):
        ChromaEmbeddingFunction.build_from_config({"model": "some-other-model", "dim": 768})


def test_chroma_adapter_uses_the_given_embedder() -> None:
    function = ChromaEmbeddingFunction(_TwoDim())
    rows = function(["aab", "bbbb"])
    assert len(rows) == 2
    assert np.allclose(rows[0], [2 / np.sqrt(5), 1 / np.sqrt(5)], atol=1e-6)
    assert np.allclose(rows[1], [0.0, 1.0])
