"""Contract test: eLife's recorded API answers and the Sciety docmap go through our readers (read in place).

Each recorded shape is one the client must handle: two strength terms in one record, no significance term, the
assessment only inside `indexContent` (no structured field), and an article history whose Version of Record holds
the assessment with its terms in bold. A new file in the folder fails `test_every_recorded_elife_file_is_covered`.
"""

from __future__ import annotations

import json

import pytest

from caveat.core.paths import shared_dir
from retrieval.clients import elife
from retrieval.supplied import paper_from_json

ROOT = shared_dir() / "data" / "api-fixtures" / "elife"
pytestmark = pytest.mark.skipif(not ROOT.is_dir(), reason=f"recorded eLife responses not present at {ROOT}")

# file -> (reader, (version, source, [(term, axis)]), fields of the paper)
RECORDS = {
    "reviewed-preprint_104779_valuable_compelling+incomplete.json": (
        elife.parse_reviewed_preprint,
        ("1", "elife", [("valuable", "significance"), ("compelling", "strength"), ("incomplete", "strength")]),
        {"doi": "10.7554/elife.104779.1", "status": "reviewed-preprint", "preprint_of": "10.31219/osf.io/4yh36"},
    ),
    "reviewed-preprint_99904_no-significance_inadequate.json": (
        elife.parse_reviewed_preprint,
        ("2", "elife", [("inadequate", "strength")]),
        {"doi": "10.7554/elife.99904.2", "status": "reviewed-preprint", "preprint_of": "10.1101/2024.06.13.598855"},
    ),
    "reviewed-preprint_80494_2022_assessment-only-in-indexContent.json": (
        elife.parse_reviewed_preprint,
        ("1", "elife-text", [("important", "significance"), ("incomplete", "strength")]),
        {"doi": "10.7554/elife.80494.1", "published": "2022-10-20", "preprint_of": "10.1101/2022.06.24.497502"},
    ),
    "article-versions_102912_VOR_important_solid.json": (
        elife.parse_article_versions,
        ("VOR", "elife", [("important", "significance"), ("solid", "strength")]),
        {
            "doi": "10.7554/elife.102912",
            "version_of_record_doi": "10.7554/elife.102912.2",
            "status": "peer-reviewed",
            "license": "CC-BY-4.0",
        },
    ),
}
DOCMAP = "docmap_sciety_10.1101_2022.06.24.497502_ORIGINAL.json"
VOR, TWO_STRENGTHS, INDEX_ONLY, _ = sorted(RECORDS)


def read(name: str) -> str:
    return (ROOT / name).read_text(encoding="utf-8")


def test_every_recorded_elife_file_is_covered() -> None:
    recorded = {p.name for p in ROOT.iterdir() if p.is_file() and p.name != "PROVENANCE.txt"}
    assert recorded == set(RECORDS) | {DOCMAP}


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_recorded_assessment(name: str) -> None:
    reader, (version, source, terms), fields = RECORDS[name]
    paper = reader(read(name))
    assert paper is not None and paper.title and paper.authors and paper.journal == "eLife"
    [assessment] = paper.assessments
    assert (assessment.version, assessment.source) == (version, source)
    assert [(t.term, t.axis) for t in assessment.terms] == terms
    assert "<" not in assessment.text and "\\n" not in assessment.text
    for term in assessment.terms:
        assert term.sentence and term.sentence in assessment.text  # an exact quote a flag can show
        assert term.term in term.sentence.lower()
    for key, value in fields.items():
        assert getattr(paper, key) == value, key


def test_two_strength_terms_share_one_sentence() -> None:
    paper = elife.parse_reviewed_preprint(read(TWO_STRENGTHS))
    assert paper is not None
    compelling, incomplete = paper.assessments[0].terms[1:]
    assert compelling.sentence == incomplete.sentence
    assert compelling.sentence.startswith("While the methods are compelling")


def test_index_only_record_also_gives_the_abstract() -> None:
    paper = elife.parse_reviewed_preprint(read(INDEX_ONLY))
    assert paper is not None
    assert paper.abstract.startswith("Postmenopausal atherosclerosis") and paper.abstract.endswith("atherosclerosis.")
    assert "systemic iron chelation" in paper.abstract  # a line break inside the paragraph is not its end


def test_vor_names_the_declared_interest_and_funders() -> None:
    paper = elife.parse_article_versions(read(VOR))
    assert paper is not None
    assert "Vedanta Biosciences" in paper.competing_interests and paper.competing_interests.startswith("Vanni Bucci")
    assert "National Institutes of Health (1R01AG075283-01A1)" in paper.funding
    assert paper.abstract.startswith("Interspecies interactions") and "<i>" not in paper.abstract


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_recorded_file_is_accepted_as_the_editors_paper(name: str) -> None:
    """`--paper` takes a record saved from eLife's API as it is; every field is then the editor's."""
    paper = paper_from_json(read(name))
    assert paper.assessments and paper.title and paper.status in ("reviewed-preprint", "peer-reviewed")
    assert set(paper.sources.values()) == {"editor"}


def test_docmap_points_at_the_assessment_but_carries_no_terms() -> None:
    """Why the client does not read docmaps: the evaluation summary (the assessment) is only a link to its text
    elsewhere (hypothes.is, Sciety), with no significance or strength terms, so eLife's API is the one source."""
    docmap = json.loads(read(DOCMAP))
    outputs = [
        output for step in docmap["steps"].values() for action in step["actions"] for output in action["outputs"]
    ]
    summaries = [o for o in outputs if o["type"] == "evaluation-summary"]
    assert len(summaries) == 1 and len(outputs) == 4
    assert {c["type"] for c in summaries[0]["content"]} <= {"web-page", "web-content"}
    text = json.dumps(docmap).lower()
    assert not any(term in text for term in ("significance", "strength", "incomplete", "important"))
    assert elife.is_elife_record(docmap) is False
