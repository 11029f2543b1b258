"""The resolver asks eLife for every eLife DOI, even when the paper is already complete: only eLife has the
assessment. Other DOIs never reach eLife's API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from caveat.core.models import Citation, Span
from caveat.core.settings import Settings
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
