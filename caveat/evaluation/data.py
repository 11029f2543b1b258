"""Readers for the labelled benchmarks, each normalised to the project's own label scales.

The folders come from different authors with different conventions, and the traps are real: the two Yu files
order labels 1 and 3 oppositely, and only some sets ship a split. Every reader here returns items already on
CHECKLIST.md's scales with a dev/test split decided by one rule, so the scoring code never has to know which
file it came from. A missing folder or file raises `MissingSet` with the reason, for the report to print.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Split = Literal["dev", "test"]

__all__ = [
    "HNR_CRITERIA",
    "MissingSet",
    "Pair",
    "Release",
    "Sentence",
    "criterion_key",
    "hash_split",
    "load_advice",
    "load_certainty",
    "load_hnr_releases",
    "load_pairs",
    "load_yu2019",
    "load_yu2020_eureka",
]


class MissingSet(Exception):
    """A benchmark folder or file is absent: the report lists it instead of failing the whole run."""


@dataclass(frozen=True)
class Sentence:
    """One labelled sentence; label is an int class or, for certainty, a float score."""

    text: str
    label: float
    split: Split


@dataclass(frozen=True)
class Pair:
    """A press-release conclusion and the abstract conclusion it reports, with each side's strength 0-3."""

    press_release: str
    press_release_strength: int
    abstract: str
    abstract_strength: int
    label: str
    split: Split


@dataclass(frozen=True)
class Release:
    """A press release and the expert answers (Satisfactory / Not Satisfactory / Not Applicable) per criterion."""

    news_id: str
    text: str
    answers: dict[str, str]
    explanations: dict[str, str]
    split: Split
    title: str = ""
    extra: dict[str, str] = field(default_factory=dict)


HNR_CRITERIA: dict[str, str] = {
    "costs": "costs of the intervention",
    "benefits": "quantify the benefits",
    "harms": "harms of the intervention",
    "evidence": "quality of the evidence",
    "disease-mongering": "disease-mongering",
    "conflicts": "funding sources",
    "alternatives": "existing alternatives",
    "availability": "availability of the",
    "novelty": "true novelty",
    "sensational": "sensational language",
}
"""Short key -> a phrase of HealthNewsReview's question that identifies the criterion (matched, not indexed,
so that a reordered file still maps correctly)."""


def hash_split(key: str) -> Split:
    """The benchmarks README's rule where authors ship no split: sha1(key) % 5 == 0 is TEST."""
    return "test" if int(hashlib.sha1(key.encode("utf-8")).hexdigest(), 16) % 5 == 0 else "dev"


def _require(path: Path) -> Path:
    if not path.exists():
        raise MissingSet(f"{path.parent.name}/{path.name} not found")
    return path


def _csv_rows(path: Path) -> Iterator[dict[str, str]]:
    with _require(path).open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with _require(path).open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


_YU2019_TO_CHECKLIST = {0: 0, 1: 3, 2: 2, 3: 1}
"""Yu 2019's file says 1 = direct causal, 3 = correlational; CHECKLIST.md says the opposite."""


def load_yu2019(root: Path) -> list[Sentence]:
    """PubMed conclusion sentences (Yu, Li & Wang 2019), remapped to CHECKLIST's 0-3 scale."""
    path = root / "causal-language-yu2019" / "pubmed_causal_language_use.csv"
    return [
        Sentence(row["sentence"], _YU2019_TO_CHECKLIST[int(row["label"])], hash_split(row["sentence"]))
        for row in _csv_rows(path)
    ]


def load_yu2020_eureka(root: Path) -> list[Sentence]:
    """EurekAlert press-release sentences (Yu et al. 2020); that file is already on CHECKLIST's scale."""
    path = root / "causal-exaggeration-yu2020" / "annotated_eureka.csv"
    return [Sentence(row["sentence"], int(row["label"]), hash_split(row["sentence"])) for row in _csv_rows(path)]


ADVICE_FILES = {
    "structured": "annotations_structured_abstract.csv",
    "unstructured": "annotations_unstructured_abstract.csv",
    "discussion": "annotations_discussion.csv",
}


def load_advice(root: Path, part: str = "structured") -> list[Sentence]:
    """Li, Wang & Yu (2021): 0 no advice, 1 weak, 2 strong; part is structured / unstructured / discussion."""
    path = root / "health-advice-li2021" / ADVICE_FILES[part]
    return [
        Sentence(row["sentence"].strip(), int(row["label"]), hash_split(row["sentence"])) for row in _csv_rows(path)
    ]


def load_certainty(root: Path) -> list[Sentence]:
    """Pei & Jurgens (2021) sentence-level certainty 1-6: their train+val is our dev, their test our test.

    Their undocumented 'ext' split is left out rather than guessed at.
    """
    path = root / "certainty-pei2021" / "sentence-level-certainty.jsonl"
    items = []
    for row in _jsonl(path):
        split = str(row["split"])
        if split in ("train", "val", "test"):
            label = float(row["sentence-level-certainty"])
            items.append(Sentence(str(row["finding"]), label, "test" if split == "test" else "dev"))
    return items


def load_pairs(root: Path) -> list[Pair]:
    """Wright & Augenstein (2021) pairs: the authors' insciout_train is our dev, insciout_test our test."""
    folder = root / "exaggeration-pairs-wright2021"
    pairs = []
    files: tuple[tuple[str, Split], ...] = (("insciout_train.jsonl", "dev"), ("insciout_test.jsonl", "test"))
    for name, split in files:
        for row in _jsonl(folder / name):
            pairs.append(
                Pair(
                    press_release=str(row["press_release_conclusion"]),
                    press_release_strength=int(row["press_release_strength"]),
                    abstract=str(row["abstract_conclusion"]),
                    abstract_strength=int(row["abstract_strength"]),
                    label=str(row["exaggeration_label"]),
                    split=split,
                )
            )
    return pairs


def criterion_key(question: str) -> str | None:
    """Map a HealthNewsReview question (or any label containing a key, e.g. 'benefits quantified') to its key."""
    lowered = question.lower()
    for key, phrase in HNR_CRITERIA.items():
        if phrase in lowered:
            return key
    for key in HNR_CRITERIA:
        if key in lowered:
            return key
    return None


def load_hnr_releases(root: Path) -> list[Release]:
    """HealthNewsReview's expert answers for press releases, with the release text from FakeHealth's scrape.

    The criteria file is a third-party conversion in which 10 news_ids appear twice; the first row wins. The
    text comes from content/HealthRelease/<news_id>.json when present (the original scrape), else from the row.
    """
    folder = root / "healthnewsreview-fakehealth"
    criteria_file = folder / "derived_third_party" / "healthrelease_criteria_from_ashwani227_xlsx.jsonl"
    releases: dict[str, Release] = {}
    for row in _jsonl(criteria_file):
        news_id = str(row["news_id"])
        if news_id in releases:
            continue
        answers: dict[str, str] = {}
        explanations: dict[str, str] = {}
        for item in row["criteria"]:
            key = criterion_key(str(item["question"]))
            if key is not None:
                answers[key] = str(item["answer"]).strip()
                explanations[key] = str(item.get("explanation") or "")
        text, title = str(row.get("release_text") or ""), ""
        content = folder / "content" / "HealthRelease" / f"{news_id}.json"
        if content.exists():
            scraped = json.loads(content.read_text(encoding="utf-8"))
            text = str(scraped.get("text") or text)
            title = str(scraped.get("title") or "")
        releases[news_id] = Release(news_id, text, answers, explanations, hash_split(news_id), title=title)
    return list(releases.values())
