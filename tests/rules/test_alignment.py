"""best_evidence: the abstract sentence a claim is compared with."""

from __future__ import annotations

import numpy as np

from caveat.analysis.alignment import best_evidence, overlap
from caveat.core.models import Paper
from tests.rules.fixtures import COHORT, MOUSE


def test_lexical_alignment_picks_the_sentence_about_the_same_finding() -> None:
    ev = best_evidence("Fermented vegetables were linked to a lower incidence of type 2 diabetes.", COHORT)
    assert ev is not None and ev.kind == "abstract"
    assert "fermented vegetables was associated" in ev.text
    assert ev.start is not None and COHORT.abstract[ev.start:ev.end] == ev.text


def test_unrelated_claim_has_no_evidence() -> None:
    assert best_evidence("The football season starts in August.", COHORT) is None


def test_no_abstract_no_evidence() -> None:
    assert best_evidence("Anything at all.", Paper(title="t")) is None


class _Embedder:
    """A fake embedder that maps sentences mentioning mast cells close to the claim, everything else far."""

    def embed(self, texts: list[str]) -> np.ndarray:
        rows = []
        for t in texts:
            low = t.lower()
            v = np.array([1.0, 0.0]) if ("mast" in low or "immune" in low) else np.array([0.0, 1.0])
            rows.append(v)
        return np.array(rows, dtype=np.float32)


def test_embedder_adds_meaning_beyond_shared_words() -> None:
    claim = "Immune response dropped."
    assert best_evidence(claim, MOUSE) is None  # no content word in common with any abstract sentence
    semantic = best_evidence(claim, MOUSE, embedder=_Embedder())
    assert semantic is not None and "mast cells" in semantic.text


def test_overlap_uses_stems() -> None:
    assert overlap("reduces scratching", "reduced scratching") == 1.0
    assert overlap("the and of", "anything") == 0.0
