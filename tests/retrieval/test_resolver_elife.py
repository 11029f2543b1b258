"""The resolver asks eLife for every eLife DOI, even when the paper is already complete: only eLife has the
assessment. Other DOIs never reach eLife's API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from caveat.cli import main
from caveat.core.models import Citation, Review, Span
from caveat.core.settings import ApiSettings, Settings
from retrieval.resolver import Resolution, resolve
from tests.retrieval.replay_server import ReplayServer, api_settings, make_http, replay

pytestmark = pytest.mark.server

RP = "10.7554/elife.90001.1"


@pytest.fixture
def server() -> Iterator[ReplayServer]:
    with replay() as s:
        yield s


def cite(doi: str) -> Citation:
    return Citation(kind="doi", value=doi, span=Span(start=0, end=len(doi), text=doi), confidence=0.9)


def run(server: ReplayServer, tmp_path: Path, doi: str) -> Resolution:
    settings = Settings(data_dir=tmp_path, apis=api_settings(server.url))
    with make_http(settings.apis) as http:
        return resolve([cite(doi)], settings=settings, http=http)


def test_complete_crossref_record_still_gets_the_assessment(server: ReplayServer, tmp_path: Path) -> None:
    server.json(f"/crossref/works/{RP}", "crossref_work_elife_rp.json")  # title, abstract, status: complete
    server.json("/elife/reviewed-preprints/90001", "elife_reviewed_preprint.json")
    result = run(server, tmp_path, "10.7554/eLife.90001.1")
    paper = result.paper
    assert paper is not None
    assert paper.sources["title"] == "crossref" and paper.sources["assessments"] == "elife"
    assert [(t.term, t.axis) for t in paper.assessments[0].terms] == [
        ("important", "significance"),
        ("incomplete", "strength"),
    ]
    assert paper.doi == RP and paper.status == "reviewed-preprint"
    assert ("elife", "found") in [(o.source, o.outcome) for o in result.outcomes]
    asked = [s for s in server.seen if not s.path.startswith(("/crossref", "/elife"))]
    assert not any("elife" in str(s.query).lower() for s in asked)  # the others are skipped: the paper is complete


def test_elife_not_knowing_the_article_costs_nothing_but_a_line(server: ReplayServer, tmp_path: Path) -> None:
    server.json(f"/crossref/works/{RP}", "crossref_work_elife_rp.json")
    result = run(server, tmp_path, RP)
    assert result.paper is not None and result.paper.assessments == []
    assert ("elife", "not-found") in [(o.source, o.outcome) for o in result.outcomes]


def test_other_dois_never_ask_elife(server: ReplayServer, tmp_path: Path) -> None:
    server.json("/crossref/works/10.5555/fict.2031.0042", "crossref_work_article.json")
    run(server, tmp_path, "10.5555/fict.2031.0042")
    assert server.count("/elife") == 0


def test_check_fetches_the_assessment_for_a_cited_elife_doi(
    server: ReplayServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`caveat check ARTICLE` with an eLife DOI in the text: the review's paper carries eLife's assessment."""
    server.json(f"/crossref/works/{RP}", "crossref_work_elife_rp.json")
    server.json("/elife/reviewed-preprints/90001", "elife_reviewed_preprint.json")
    roots = {name for name in ApiSettings.model_fields if name.endswith("_url")}
    for name, url in api_settings(server.url).model_dump(include=roots).items():
        monkeypatch.setenv(f"CAVEAT_APIS__{name.upper()}", str(url))  # every source at the replay server
    monkeypatch.setenv("CAVEAT_DATA_DIR", str(tmp_path))
    article = tmp_path / "article.txt"
    article.write_text(
        "Warm water speeds fin regrowth\n\nZebrafish regrew their fins faster in warm water, a study in eLife "
        "(doi:10.7554/eLife.90001.1) reports.",
        encoding="utf-8",
    )
    code = main(["check", str(article), "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    paper = Review.model_validate_json(out).paper
    assert paper is not None and paper.doi == RP
    [assessment] = paper.assessments
    assert assessment.version == "2" and [t.term for t in assessment.terms] == ["important", "incomplete"]
    assert server.count("/elife/") == 2  # the history (404, no Version of Record yet) and the Reviewed Preprint
