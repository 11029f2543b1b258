"""The resolver with its real neighbours: the Chroma paper library and the on-disk HTTP cache."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from caveat.core.models import Citation, CitationKind, Span
from caveat.core.settings import Settings
from retrieval.resolver import resolve
from tests.retrieval.replay_server import ReplayServer, api_settings, replay

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

ARTICLE = "10.5555/fict.2031.0042"


def cite(value: str, kind: CitationKind = "doi") -> Citation:
    return Citation(kind=kind, value=value, span=Span(start=0, end=len(value), text=value), confidence=0.9)


@pytest.fixture
def server() -> Iterator[ReplayServer]:
    with replay() as s:
        s.json(f"/crossref/works/{ARTICLE}", "crossref_work_article.json")
        s.json("/europepmc/search", "europepmc_search_article.json", query=f'DOI:"{ARTICLE}"')
        s.json("/biorxiv/details/biorxiv/10.1101/2030.11.05.500001/na/json", "biorxiv_details.json")
        s.xml("/europepmc/PMC9900042/fullTextXML", "europepmc_fulltext.xml")
        yield s


def test_second_lookup_is_served_from_the_disk_cache(server: ReplayServer, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, apis=api_settings(server.url))
    first = resolve([cite(ARTICLE)], settings=settings)
    sent = len(server.seen)
    second = resolve([cite(ARTICLE)], settings=settings)
    assert first.paper is not None and second.paper is not None
    assert sent >= 2 and len(server.seen) == sent  # nothing fetched twice
    assert second.paper.abstract == first.paper.abstract
    assert (tmp_path / "cache" / "http.sqlite3").is_file()


def test_fetched_papers_go_into_the_real_library_and_come_back_offline(server: ReplayServer, tmp_path: Path) -> None:
    library_module = pytest.importorskip("retrieval.library")
    settings = Settings(data_dir=tmp_path, apis=api_settings(server.url))
    library = library_module.PaperLibrary.open(settings)
    online = resolve([cite(ARTICLE)], settings=settings, library=library)
    assert online.paper is not None and library.get(ARTICLE) is not None
    assert library.get("10.1101/2030.11.05.500001") is not None  # the related preprint was stored too

    offline = settings.model_copy(update={"apis": settings.apis.model_copy(update={"offline": True})})
    sent = len(server.seen)
    again = resolve([cite("99000042", "pmid")], settings=offline, library=library)
    assert len(server.seen) == sent
    assert again.paper is not None and again.paper.doi == ARTICLE
    assert again.paper.abstract == online.paper.abstract


def test_second_review_reads_the_full_text_from_the_library_without_network(
    server: ReplayServer, tmp_path: Path
) -> None:
    library_module = pytest.importorskip("retrieval.library")
    settings = Settings(data_dir=tmp_path, apis=api_settings(server.url))
    library = library_module.PaperLibrary.open(settings)
    first = resolve([cite(ARTICLE)], settings=settings, library=library)
    assert first.paper is not None and first.paper.sources["full_text"] == "europepmc"
    sent = len(server.seen)
    # online this time: the library has the paper whole, so no source (and no full-text service) is asked
    second = resolve([cite(ARTICLE)], settings=settings, library=library)
    assert len(server.seen) == sent
    assert second.paper is not None and second.paper.full_text == first.paper.full_text
    assert second.paper.sources["full_text"] == "europepmc"
    found = library.search_passages("bloating in the walnut group", n=1)
    assert found[0].section == "Results, Adverse events" and found[0].doi == ARTICLE
