"""Corrections, retractions and expressions of concern: Crossref's `updated-by` -> Paper.updates -> the status.

A "new_version" entry is a re-deposit, never a notice; a record that is itself a notice (`update-to`) says so in
its notes and is not thereby retracted; a retraction naming the paper's own DOI is kept, because missing a
retraction is the worst mistake the desk can make.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from caveat.analysis.profile import build_profile
from caveat.core.models import Paper, UpdateNotice
from caveat.core.settings import Settings
from caveat.pipeline import ReviewInput, review
from retrieval.clients.crossref import paper_from_message, parse_work
from retrieval.clients.pubmed import parse_efetch
from tests.retrieval.replay_server import fixture

DOI = "10.5555/fict.2032.0001"


def work(**fields: Any) -> dict[str, Any]:
    return {"DOI": DOI, "type": "journal-article", "title": ["Cold water swims lift mood"], **fields}


def update(kind: str, doi: str, label: str = "", day: int = 1) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "DOI": doi,
        "type": kind,
        "source": "publisher",
        "updated": {"date-parts": [[2033, 2, day]]},
    }
    if label:
        entry["label"] = label
    return entry


@pytest.mark.parametrize(
    ("entries", "status", "kinds"),
    [
        ([update("new_version", DOI, "New version")], "peer-reviewed", []),
        ([update("new_version", "10.5555/other")], "peer-reviewed", []),
        ([update("correction", "10.5555/fict.2033.0005", "Correction")], "corrected", ["correction"]),
        ([update("erratum", "10.5555/e")], "corrected", ["correction"]),
        ([update("expression_of_concern", "10.5555/eoc")], "expression-of-concern", ["expression-of-concern"]),
        (
            [update("correction", "10.5555/c"), update("retraction", "10.5555/r")],
            "retracted",
            ["correction", "retraction"],
        ),
        ([update("withdrawal", "10.5555/w")], "retracted", ["withdrawal"]),
        ([update("retraction", DOI)], "retracted", ["retraction"]),  # a retraction is kept whatever DOI it names
        ([update("correction", DOI)], "peer-reviewed", []),  # a lesser entry naming itself is not a notice
        ([update("addendum", "10.5555/a")], "peer-reviewed", ["other"]),
    ],
)
def test_updated_by_becomes_notices_and_status(entries: list[dict[str, Any]], status: str, kinds: list[str]) -> None:
    paper = paper_from_message(work(**{"updated-by": entries, "update-to": entries}))
    assert paper.status == status
    assert [u.kind for u in paper.updates] == kinds


def test_notice_fields() -> None:
    paper = paper_from_message(work(**{"updated-by": [update("correction", "10.5555/X.1", "Correction", day=7)]}))
    assert paper.updates == [UpdateNotice(kind="correction", doi="10.5555/x.1", date="2033-02-07", label="Correction")]
    label_from_type = paper_from_message(work(**{"updated-by": [update("expression_of_concern", "10.5555/e")]}))
    assert label_from_type.updates[0].label == "Expression of concern"


def test_a_notice_record_is_not_itself_retracted() -> None:
    notice = paper_from_message(work(**{"update-to": [update("retraction", "10.5555/retracted.paper", "Retraction")]}))
    assert notice.updates == [] and notice.status == "peer-reviewed"
    assert notice.notes == "This record is a notice (Retraction) for 10.5555/retracted.paper."


def test_own_retracted_fixture_lists_both_notices() -> None:
    paper = parse_work(fixture("crossref_work_retracted.json"))
    assert paper is not None and paper.status == "retracted"
    assert [(u.kind, u.doi) for u in paper.updates] == [
        ("correction", "10.5555/fict.2030.0100"),
        ("retraction", "10.5555/fict.2030.0200"),
    ]


def test_pubmed_retraction_in_is_a_notice() -> None:
    [paper] = parse_efetch(fixture("pubmed_efetch_retracted.xml"))
    assert paper.updates == [UpdateNotice(kind="retraction", label="Retraction")]


@pytest.mark.parametrize(
    ("status", "kind", "expected"),
    [
        ("peer-reviewed", "retraction", "retracted"),
        ("peer-reviewed", "withdrawal", "retracted"),
        ("peer-reviewed", "expression-of-concern", "expression-of-concern"),
        ("peer-reviewed", "correction", "corrected"),
        ("retracted", "correction", "retracted"),  # a notice never lowers a graver status
        ("reviewed-preprint", "other", "reviewed-preprint"),
    ],
)
def test_profile_reads_the_gravest_notice(status: str, kind: str, expected: str) -> None:
    notice = UpdateNotice(kind=kind, doi="10.5555/n", date="2033-01-01", label=kind.capitalize())  # type: ignore[arg-type]  # kind comes from the table
    profile = build_profile(Paper(title="A study", status=status, updates=[notice]))  # type: ignore[arg-type]  # status comes from the table
    assert profile.peer_review == expected
    if expected != status:
        assert profile.peer_review_evidence is not None and profile.peer_review_evidence.field == "updates"
        assert "10.5555/n" in profile.peer_review_evidence.text


def test_a_retraction_notice_on_a_merged_paper_raises_the_retracted_flag(tmp_path: Any) -> None:
    """A paper another source called peer-reviewed, with a retraction among its updates: the story is flagged,
    and the flag's evidence is the notice."""
    paper = Paper(
        title="Cold water swims lift mood",
        abstract="Adults who swam in cold water reported better mood.",
        status="peer-reviewed",
        updates=[UpdateNotice(kind="retraction", doi="10.5555/fict.2033.0099", date="2033-03-01", label="Retraction")],
    )
    text = "Cold swims lift your mood\n\nAdults who swam in cold water felt better, a study in a journal reports."
    settings = Settings(data_dir=tmp_path, apis={"offline": True})  # type: ignore[arg-type]  # pydantic validates the dict
    result = review(ReviewInput(text=text, paper=paper), settings=settings)
    flags = [f for f in result.flags if f.check == "retracted"]
    assert len(flags) == 1
    assert any(e.field == "updates" and "10.5555/fict.2033.0099" in e.text for e in flags[0].evidence)


def test_new_version_record_round_trips() -> None:
    paper = paper_from_message(work(**{"updated-by": [update("new_version", DOI)]}))
    assert Paper.model_validate_json(paper.model_dump_json()) == paper
    assert json.loads(paper.model_dump_json())["updates"] == []
