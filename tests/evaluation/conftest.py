"""A tiny benchmark folder, written in the real files' formats with the project's own invented sentences."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from caveat.evaluation.data import hash_split


def _csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def _jsonl(path: Path, rows: list[dict[str, object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


# Invented sentences with their CHECKLIST strength (0 none, 1 correlational, 2 conditional, 3 direct).
STRENGTH_SENTENCES = [
    ("Forty allotment owners completed the questionnaire.", 0),
    ("Kite flying was associated with fewer colds in winter.", 1),
    ("Higher tea intake was linked to better sleep quality.", 1),
    ("Whistling may reduce anxiety before dental visits.", 2),
    ("Reading aloud could improve vocabulary in toddlers.", 2),
    ("Daily juggling improves hand-eye coordination.", 3),
    ("The lotion prevents sunburn in cyclists.", 3),
    ("Participants were recruited from three bakeries.", 0),
]
YU2019_FILE_LABEL = {0: 0, 1: 3, 2: 2, 3: 1}  # this file's own (swapped) order


def _enough_for_both_splits(key_prefix: str, count: int = 40) -> list[str]:
    """Unique filler keys, so both the dev and the test split are non-empty whatever sha1 says."""
    return [f"{key_prefix} filler sentence number {i}." for i in range(count)]


@pytest.fixture
def bench(tmp_path: Path) -> Path:
    root = tmp_path / "benchmarks"
    fillers = _enough_for_both_splits("Neutral")
    yu_rows = [[s, YU2019_FILE_LABEL[label]] for s, label in STRENGTH_SENTENCES] + [[f, 0] for f in fillers]
    _csv(root / "causal-language-yu2019" / "pubmed_causal_language_use.csv", ["sentence", "label"], yu_rows)
    eureka = [[f"1-w-x-{i}-sentence", s, label] for i, (s, label) in enumerate(STRENGTH_SENTENCES)]
    eureka += [[f"2-w-y-{i}-sentence", f, 0] for i, f in enumerate(fillers)]
    _csv(root / "causal-exaggeration-yu2020" / "annotated_eureka.csv", ["sentId", "sentence", "label"], eureka)

    pairs = []
    for i, (pr, pr_s) in enumerate(STRENGTH_SENTENCES):
        ab, ab_s = STRENGTH_SENTENCES[(i + 3) % len(STRENGTH_SENTENCES)]
        label = "exaggerates" if pr_s > ab_s else "downplays" if pr_s < ab_s else "same"
        pairs.append(
            {
                "original_file_id": f"t-{i}",
                "press_release_conclusion": pr,
                "press_release_strength": pr_s,
                "abstract_conclusion": ab,
                "abstract_strength": ab_s,
                "exaggeration_label": label,
            }
        )
    folder = root / "exaggeration-pairs-wright2021"
    _jsonl(folder / "insciout_train.jsonl", pairs[:4])
    _jsonl(folder / "insciout_test.jsonl", pairs[4:])

    advice = [
        (0, "The cohort included 300 retired postal workers."),
        (1, "Clinicians may consider offering balance classes to older patients."),
        (2, "Schools should provide water fountains in every corridor."),
    ] + [(0, f) for f in fillers]
    for name in (
        "annotations_structured_abstract.csv",
        "annotations_unstructured_abstract.csv",
        "annotations_discussion.csv",
    ):
        _csv(
            root / "health-advice-li2021" / name,
            ["label", "pmid", "sentence"],
            [[label, 1000 + i, s] for i, (label, s) in enumerate(advice)],
        )

    certainty = [
        ("This trial proves that the vaccine works.", 6.0, "train"),
        ("It is possible that the pollen might perhaps play some role.", 1.5, "train"),
        ("Taller gardeners grew larger marrows.", 5.0, "val"),
        ("The results may suggest a possible link.", 2.0, "test"),
        ("The device cut hospital stays by two days.", 5.5, "test"),
        ("Squirrels could possibly prefer walnuts.", 2.5, "test"),
        ("An unlabelled extra finding.", 3.0, "ext"),
    ]
    _jsonl(
        root / "certainty-pei2021" / "sentence-level-certainty.jsonl",
        [{"id": i, "finding": f, "sentence-level-certainty": c, "split": s} for i, (f, c, s) in enumerate(certainty)],
    )
    _write_hnr(root)
    return root


HNR_QUESTIONS = [
    "Does the news release adequately discuss the costs of the intervention?",
    "Does the news release adequately quantify the benefits of the treatment/test/product/procedure?",
    "Does the news release adequately explain/quantify the harms of the intervention?",
    "Does the news release seem to grasp the quality of the evidence? ",
    "Does the news release commit disease-mongering?",
    "Does the news release identify funding sources & disclose conflicts of interest?",
    "Does the news release compare the new approach with existing alternatives?",
    "Does the news release establish the availability of the treatment/test/product/procedure?",
    "Does the news release establish the true novelty of the approach?",
    "Does the news release include unjustifiable, sensational language, including in the quotes of researchers?",
]


def hnr_ids() -> tuple[list[str], list[str]]:
    """Forty invented news ids, split by the README rule."""
    ids = [f"news_reviews_{i:05d}" for i in range(40)]
    return [i for i in ids if hash_split(i) == "dev"], [i for i in ids if hash_split(i) == "test"]


def _write_hnr(root: Path) -> None:
    folder = root / "healthnewsreview-fakehealth"
    rows = []
    dev, test = hnr_ids()
    for n, news_id in enumerate(dev + test):
        mouse = n % 2 == 0
        harms_ok = n % 3 == 0
        text = (
            ("A new gel healed scrapes in mice within a week." if mouse else "A survey of 500 cyclists was run.")
            + (" Side effects were mild." if harms_ok else "")
            + f" Release number {n}."
        )
        answers = ["Not Applicable"] + ["Not Satisfactory"] * 9
        answers[2] = "Satisfactory" if harms_ok else "Not Satisfactory"
        explanation = "The work was done in mice only." if mouse else "The release was clear."
        rows.append(
            {
                "news_id": news_id,
                "release_text": text,
                "criteria": [
                    {"question": q, "answer": a, "explanation": explanation}
                    for q, a in zip(HNR_QUESTIONS, answers, strict=True)
                ],
            }
        )
    rows.append(dict(rows[0], release_text="a duplicate row that must be ignored"))
    _jsonl(folder / "derived_third_party" / "healthrelease_criteria_from_ashwani227_xlsx.jsonl", rows)
    (folder / "content" / "HealthRelease").mkdir(parents=True)
