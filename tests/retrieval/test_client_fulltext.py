"""Open full text end to end against the replay server: each service, and every way it can fail (404, not open,
slow, oversized, a link elsewhere) leaving the review with its abstract and a notice of what was read."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from caveat.core import limits
from caveat.core.models import Citation, Paper, PaperSection, Span
from caveat.core.settings import Settings
from retrieval.clients.fulltext import FullTextClient
from retrieval.fulltext import parts_read
from retrieval.http import SourceError
from retrieval.resolver import Resolution, resolve
from tests.retrieval.replay_server import ReplayServer, Reply, api_settings, fixture, make_http, replay

pytestmark = pytest.mark.server

ARTICLE = "10.5555/fict.2031.0042"
PREPRINT = "10.1101/2030.11.05.500001"
FULLTEXT = "/europepmc/PMC9900042/fullTextXML"


@pytest.fixture
def server() -> Iterator[ReplayServer]:
    with replay() as s:
        s.json(f"/crossref/works/{ARTICLE}", "crossref_work_article.json")
        s.json("/europepmc/search", "europepmc_search_article.json", query=f'DOI:"{ARTICLE}"')
        yield s


def cite(value: str) -> Citation:
    return Citation(kind="doi", value=value, span=Span(start=0, end=len(value), text=value), confidence=0.9)


def run(server: ReplayServer, tmp_path: Path, doi: str = ARTICLE, **api: Any) -> Resolution:
    settings = Settings(data_dir=tmp_path, apis=api_settings(server.url, **api))
    with make_http(settings.apis) as http:
        return resolve([cite(doi)], settings=settings, http=http)


def efetch_body() -> str:
    article = fixture("europepmc_fulltext.xml").split(">", 1)[1].split("\n", 1)[1]  # no DOCTYPE inside the set
    return f'<?xml version="1.0" ?><pmc-articleset>{article}</pmc-articleset>'


def pmc_requests(server: ReplayServer) -> int:
    return sum(1 for seen in server.seen if seen.path.endswith("efetch.fcgi") and seen.query.get("db") == "pmc")


def test_europepmc_full_text_for_an_open_paper(server: ReplayServer, tmp_path: Path) -> None:
    server.xml(FULLTEXT, "europepmc_fulltext.xml")
    result = run(server, tmp_path)
    paper = result.paper
    assert paper is not None and paper.sources["full_text"] == "europepmc"
    methods = next(s for s in paper.full_text if s.kind == "methods")
    assert methods.title == "Methods, Participants" and "80 volunteers" in methods.text
    assert parts_read(paper)[-1].startswith("full text (10 sections: Introduction; Methods, Participants;")
    assert result.notices == [] and pmc_requests(server) == 0
    found = [o for o in result.outcomes if o.source == "europepmc" and "full text" in o.detail]
    assert found[0].outcome == "found" and "open licence" in found[0].detail


def test_europepmc_404_falls_back_to_pmc_efetch(server: ReplayServer, tmp_path: Path) -> None:
    server.add(FULLTEXT, Reply(404, "not found", "text/plain"))
    server.add("/pubmed/efetch.fcgi", Reply(200, efetch_body(), "text/xml"), db="pmc", id="9900042")
    result = run(server, tmp_path)
    assert result.paper is not None and result.paper.sources["full_text"] == "pmc"
    assert any(s.kind == "adverse-events" for s in result.paper.full_text)
    assert ("europepmc", "not-found") in [(o.source, o.outcome) for o in result.outcomes]


def test_no_full_text_anywhere_says_what_was_read(server: ReplayServer, tmp_path: Path) -> None:
    front_only = "<pmc-articleset><article><front><article-meta/></front></article></pmc-articleset>"
    server.add("/pubmed/efetch.fcgi", Reply(200, front_only, "text/xml"), db="pmc")
    result = run(server, tmp_path)
    assert result.paper is not None and result.paper.abstract and not result.paper.full_text
    assert result.notices == [
        "Read the paper's metadata and abstract, not its full text: Europe PMC: no full text; PMC: no full text"
    ]


def test_not_open_access_is_never_fetched(server: ReplayServer, tmp_path: Path) -> None:
    closed = json.loads(fixture("crossref_work_article.json"))
    closed["message"]["license"] = [{"URL": "https://www.elsevier.com/tdm/userlicense/1.0/"}]
    server.add(f"/crossref/works/{ARTICLE}", Reply(200, json.dumps(closed)))
    server.xml(FULLTEXT, "europepmc_fulltext.xml")
    result = run(server, tmp_path)
    assert result.paper is not None and result.paper.abstract and not result.paper.full_text
    assert server.count("/europepmc/PMC") == 0 and pmc_requests(server) == 0
    assert result.notices == [
        "Read the paper's metadata and abstract, not its full text: its metadata shows no open licence"
    ]


def test_slow_full_text_gives_up_and_keeps_the_abstract(server: ReplayServer, tmp_path: Path) -> None:
    server.add(FULLTEXT, Reply(200, fixture("europepmc_fulltext.xml"), "application/xml", delay_s=3.0))
    started = time.monotonic()
    result = run(server, tmp_path, timeout_s=0.5, retries=0)
    assert time.monotonic() - started < 10  # generous: the point is that 3 s answers are not waited for
    assert result.paper is not None and result.paper.abstract and not result.paper.full_text
    assert len(result.notices) == 1 and "Europe PMC: timeout" in result.notices[0]
    assert result.notices[0].startswith("Read the paper's metadata and abstract, not its full text")


def test_oversized_full_text_is_refused(server: ReplayServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    server.xml(FULLTEXT, "europepmc_fulltext.xml")
    monkeypatch.setattr(limits, "RESPONSE_BYTES", 1_000)  # the fixture is about 3 KB
    result = run(server, tmp_path)
    assert result.paper is not None and result.paper.abstract and not result.paper.full_text
    # refused by the JATS reader, or earlier by the HTTP client's own body bound: either way the same one line
    notice = result.notices[0]
    assert len(result.notices) == 1 and "Europe PMC: " in notice and "Europe PMC: no full text" not in notice


def test_deadline_passed_before_the_full_text(server: ReplayServer, tmp_path: Path) -> None:
    # Crossref answers at once, with no licence; Europe PMC (asked for the abstract, and the one that could say the
    # paper is open) is still silent when the 1 s deadline passes
    unlicensed = json.loads(fixture("crossref_work_article.json"))
    del unlicensed["message"]["license"]
    server.add(f"/crossref/works/{ARTICLE}", Reply(200, json.dumps(unlicensed)))
    slow = Reply(200, fixture("europepmc_search_article.json"), delay_s=3.0)
    server.add("/europepmc/search", slow, query=f'DOI:"{ARTICLE}"')
    server.xml(FULLTEXT, "europepmc_fulltext.xml")
    result = run(server, tmp_path, timeout_s=5, deadline_s=1.0, retries=0)
    assert result.paper is not None and not result.paper.full_text
    assert server.count("/europepmc/PMC") == 0
    # the notice names the limit: nobody said the paper was closed, there was no time to ask
    assert "Read the paper's metadata, not its full text: the 1 s lookup limit was reached" in result.notices


def biorxiv_details(link: str) -> str:
    details = json.loads(fixture("biorxiv_details.json"))
    for version in details["collection"]:
        version["published"] = "NA"
        version["jatsxml"] = link
    return json.dumps(details)


def test_biorxiv_preprint_full_text_from_its_jats_link(server: ReplayServer, tmp_path: Path) -> None:
    link = f"{server.url}/biorxiv-content/{PREPRINT}.source.xml"
    server.add(f"/biorxiv/details/biorxiv/{PREPRINT}/na/json", Reply(200, biorxiv_details(link)))
    server.add(f"/biorxiv-content/{PREPRINT}.source.xml", Reply(200, fixture("europepmc_fulltext.xml"), "text/xml"))
    result = run(server, tmp_path, doi=PREPRINT)
    paper = result.paper
    assert paper is not None and paper.status == "preprint"
    assert paper.sources["full_text"] == "biorxiv" and paper.sources["open_access"] == "biorxiv"
    assert any(s.kind == "limitations" for s in paper.full_text)
    assert not [n for n in result.notices if "full text" in n]


def test_biorxiv_link_elsewhere_is_not_followed(server: ReplayServer, tmp_path: Path) -> None:
    settings = api_settings(server.url)
    server.add(f"/biorxiv/details/biorxiv/{PREPRINT}/na/json", Reply(200, biorxiv_details("https://evil.example/x")))
    with make_http(settings) as http, pytest.raises(SourceError, match="outside the preprint server"):
        FullTextClient(http, settings).biorxiv(PREPRINT)
    assert not [seen for seen in server.seen if "evil" in seen.path]


def test_the_editors_pdf_text_is_not_fetched_again(server: ReplayServer, tmp_path: Path) -> None:
    server.xml(FULLTEXT, "europepmc_fulltext.xml")
    pdf_text = [PaperSection(kind="methods", title="Methods", text="From the PDF.")]
    settings = Settings(data_dir=tmp_path, apis=api_settings(server.url))
    supplied = Paper(title="Walnuts", full_text=pdf_text, sources={"full_text": "pdf"})
    with make_http(settings.apis) as http:
        result = resolve([cite(ARTICLE)], settings=settings, http=http, supplied=supplied)
    assert result.paper is not None and result.paper.full_text == pdf_text
    assert result.paper.sources["full_text"] == "pdf" and server.count("/europepmc/PMC") == 0
