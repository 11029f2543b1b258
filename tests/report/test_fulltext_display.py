"""The report and the page say which parts of the paper were read, show eLife's assessment beside peer review, and
name the section a full-text quote comes from. The review is invented for these tests."""

from __future__ import annotations

import pytest

from caveat.core.models import (
    Article,
    Assessment,
    AssessmentTerm,
    Evidence,
    Flag,
    Paper,
    PaperSection,
    Review,
    Span,
    StudyProfile,
)
from caveat.desk.view import evidence_lines
from caveat.report.content import build_content, key_strings
from caveat.report.writers import write_report
from tests.report.test_writers import READERS, _norm

SENTENCE = "This important study provides convincing evidence that Nalo speeds heart repair in zebrafish."
SAFETY = "No adverse events were seen in the treated fish."
TEXT = "Protein heals fish hearts\n\nA protein helps zebrafish hearts heal, a study reports."


def _review() -> Review:
    paper = Paper(
        doi="10.5555/elife.0001", title="Nalo and heart repair", journal="eLife", status="reviewed-preprint",
        abstract="Here we show that Nalo speeds heart repair in zebrafish.",
        full_text=[PaperSection(kind="methods", title="Methods, Animals", text="We used 40 zebrafish."),
                   PaperSection(kind="adverse-events", title="Results, Safety", text=SAFETY)],
        assessments=[Assessment(text=SENTENCE, version="2", terms=[
            AssessmentTerm(term="important", axis="significance", sentence=SENTENCE),
            AssessmentTerm(term="convincing", axis="strength", sentence=SENTENCE)])])
    flag = Flag(id="harms:0-25", check="harms", severity="medium", message="No word on harms.",
                article_span=Span(start=0, end=25, text=TEXT[:25]),
                evidence=[Evidence(kind="fulltext", start=0, end=len(SAFETY), text=SAFETY, section="Results, Safety",
                                   note="the paper's safety report"),
                          Evidence(kind="metadata", field="assessments", text=SENTENCE, note="eLife assessment")])
    return Review(id="r1", created_at="2026-11-20T09:15:00+00:00", tool_version="test",
                  article=Article(text=TEXT, headline=TEXT[:25], headline_span=Span(start=0, end=25, text=TEXT[:25])),
                  paper=paper, profile=StudyProfile(peer_review="reviewed-preprint"), flags=[flag])


def test_the_labels_carry_the_assessment_beside_peer_review_and_the_parts_read() -> None:
    labels = [(label.name, label.value) for label in build_content(_review()).labels]
    assert labels[0][0] == "Peer review"
    assert labels[1] == ("eLife assessment", "important / convincing (version 2)")
    assert labels[-1] == ("Parts of the paper read", "metadata, abstract, full text (2 sections: Methods, Animals; "
                                                     "Results, Safety), eLife assessment (version 2)")


def test_without_a_paper_no_assessment_or_parts_label_is_shown() -> None:
    review = _review().model_copy(update={"paper": None})
    assert [label.name for label in build_content(review).labels] == ["Peer review", "Study type", "Subjects",
                                                                      "Stage"]


def test_full_text_evidence_names_its_section_in_the_report_and_on_the_page() -> None:
    content = build_content(_review())
    [view] = content.groups[0].flags if content.groups else [None]
    assert view is not None
    assert view.evidence[0] == f"full text (Results, Safety): {SAFETY} (the paper's safety report)"
    assert view.evidence[1].startswith("eLife assessment: This important study")
    lines = evidence_lines(_review().flags[0])
    assert lines[0]["where"] == "The paper's full text, Results, Safety"
    assert lines[1]["where"] == "eLife's assessment"


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_every_format_shows_the_parts_read_and_the_assessment(fmt: str) -> None:
    review = _review()
    shown = _norm(READERS[fmt](write_report(review, fmt)))
    keys = key_strings(build_content(review))
    for key in ("important / convincing (version 2)", "full text (Results, Safety)"):
        assert any(key in k for k in keys)
        assert _norm(key) in shown


def test_the_studys_length_is_a_label_with_its_source() -> None:
    from caveat.core.models import Evidence, StudyProfile
    from caveat.report.content import _labels

    evidence = Evidence(kind="fulltext", start=0, end=30, text="They were followed for 2 years.",
                        section="Methods, Participants")
    labels = {label.name: label for label in _labels(StudyProfile(duration="2 years", duration_evidence=evidence))}
    assert labels["Duration"].value == "2 years"
    assert "Methods, Participants" in labels["Duration"].source
    assert "Duration" not in {label.name for label in _labels(StudyProfile())}
