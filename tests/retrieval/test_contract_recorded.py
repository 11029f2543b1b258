"""Contract test: every recorded real API response in ../shared/data/api-fixtures goes through our parsers.

Our own fixtures prove the logic; these prove the shapes are the real ones (see each folder's PROVENANCE.txt).
The recorded files are read in place, never copied into the project. Error answers (404 bodies) are served
with their recorded status by the replay server, so the clients' not-found path is tested on real bodies.
A new recorded file fails `test_every_recorded_file_is_covered` until it gets an expectation here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from caveat.core.models import Paper, UpdateNotice
from caveat.core.paths import shared_dir
from retrieval.clients import arxiv, biorxiv, crossref, europepmc, openalex, pubmed, semanticscholar
from retrieval.clients.base import SourceClient
from retrieval.http import HttpClient
from tests.retrieval.replay_server import ReplayServer, Reply, api_settings, make_http, replay

ROOT = shared_dir() / "data" / "api-fixtures"
pytestmark = pytest.mark.skipif(
    not ROOT.is_dir(), reason=f"recorded API responses not present at {ROOT} (a user's clone has no ../shared)"
)

NOT_API_RESPONSES = {
    "crossref/EXCERPT_eLife_deposit_posted_content_RP94685_v2.xml": "Crossref deposit XML, not an API answer",
    "doi_text": "free text for the citation finder, not an API answer",
    "elife": "eLife's own API (article versions, assessments) and a docmap: see test_contract_elife.py",
    # Answers of endpoints Caveat does not call: it reads abstracts and metadata, not full texts or PMC's notices.
    # Listed so that a new recorded file still fails until someone decides what it is.
    "biorxiv/meca_content_jats_10.1101_2022.06.24.497502v1.xml": "a preprint's full-text bundle, not read",
    "europepmc/fullTextXML_PMC13243727_Glia2026_mouse_JATS1.4-DOCTYPE.xml": "full text, not read",
    "europepmc/fullTextXML_PMC13254492_BCPT2026_RCT_adverse-effects_NEWFORMAT-noDOCTYPE.xml": "full text, not read",
    "europepmc/fullTextXML_PMC3258128_NAR2012_OLDFORMAT-archivearticle3.xml": "full text, not read",
    "pmc/efetch_pmc_8435807_ERJOpenRes_correction-notice.xml": "PMC efetch, not called (PubMed efetch is)",
}


def body(name: str) -> str:
    return (ROOT / name).read_text(encoding="utf-8")


def one(papers: list[Paper]) -> Paper:
    assert len(papers) == 1, [p.title for p in papers]
    return papers[0]


# -- single records: file -> (parser, expected fields) ----------------------------------------------------
Parser = Callable[[str], Paper | None]
PUBMED: Parser = lambda text: one(pubmed.parse_efetch(text))  # noqa: E731

RECORDS: dict[str, tuple[Parser, dict[str, object]]] = {
    # a "new_version" update (in update-to and updated-by, naming its own DOI) is not a notice: no updates, and
    # the record stays peer-reviewed
    "crossref/works_10.1371_journal.ppat.1008184_update-to+updated-by_new_version.json": (
        crossref.parse_work,
        {
            "doi": "10.1371/journal.ppat.1008184",
            "status": "peer-reviewed",
            "journal": "PLOS Pathogens",
            "updates": [],
            "notes": "",
        },
    ),
    "crossref/works_10.1073_pnas.1414271111.json": (
        crossref.parse_work,
        {
            "doi": "10.1073/pnas.1414271111",
            "status": "corrected",
            "abstract": True,
            "labels": ["Significance"],
            "updates": [
                UpdateNotice(kind="correction", doi="10.1073/pnas.1507001112", date="2015-05-04", label="Correction")
            ],
        },
    ),
    "crossref/works_10.1016_j.xgen.2025.100814.json": (
        crossref.parse_work,
        {"doi": "10.1016/j.xgen.2025.100814", "status": "peer-reviewed", "abstract": False, "journal": "Cell Genomics"},
    ),
    "crossref/works_10.1101_2024.04.01.587366_preprint.json": (
        crossref.parse_work,
        {"status": "preprint", "abstract": True, "published_as": "10.1016/j.xgen.2025.100814", "journal": "bioRxiv"},
    ),
    "pubmed/efetch_pubmed_24349601_unstructured_single_AbstractText.xml": (
        PUBMED,
        {"pmid": "24349601", "abstract": True, "labels": [""], "status": "peer-reviewed"},
    ),
    "pubmed/efetch_pubmed_28731372_structured_RCT.xml": (
        PUBMED,
        {"pmid": "28731372", "abstract": True, "type": "Randomized Controlled Trial", "competing": True},
    ),
    "pubmed/efetch_pubmed_32525788_structured_review_pain.xml": (
        PUBMED,
        {"pmid": "32525788", "abstract": True, "type": "Review"},
    ),
    "pubmed/efetch_pubmed_32894878_editorial_no_abstract.xml": (
        PUBMED,
        {"pmid": "32894878", "abstract": False, "status": "unknown", "type": "Editorial"},
    ),
    "pubmed/efetch_pubmed_35123456_structured_BACKGROUND-METHODS-RESULTS-CONCLUSIONS.xml": (
        PUBMED,
        {"pmid": "35123456", "labels": ["Background", "Methods", "Results", "Conclusions"], "pmcid": "PMC8818254"},
    ),
    # an erratum is a notice (with the DOI its citation gives); "UpdateOf" is the preprint it came from, not a notice
    "pubmed/efetch_pubmed_35649368_ErratumIn.xml": (
        PUBMED,
        {
            "pmid": "35649368",
            "status": "corrected",
            "updates": [UpdateNotice(kind="correction", doi="10.1016/j.celrep.2022.111044", label="Erratum")],
        },
    ),
    "pubmed/efetch_pubmed_36156117_UpdateOf.xml": (
        PUBMED,
        {"pmid": "36156117", "preprint_of": "10.21203/rs.3.rs-1800050/v1", "status": "peer-reviewed", "updates": []},
    ),
    "pubmed/efetch_pubmed_37903272_PNAS_unstructured_with_PMC.xml": (
        PUBMED,
        {"pmid": "37903272", "abstract": True, "pmcid": "PMC10636339", "doi": "10.1073/pnas.2308214120"},
    ),
    "pubmed/efetch_pubmed_38329942_UNLABELLED+IMPORTANCE_labels.xml": (
        PUBMED,
        {"pmid": "38329942", "labels": ["", "Importance"]},
    ),
    "pubmed/efetch_pubmed_38833988_published_erratum_ErratumFor.xml": (
        PUBMED,
        {"pmid": "38833988", "status": "unknown", "type": "Published Erratum"},
    ),
    "pubmed/efetch_pubmed_38884108_journal_article_no_abstract.xml": (
        PUBMED,
        {"pmid": "38884108", "abstract": False, "status": "peer-reviewed"},
    ),
    "pubmed/efetch_pubmed_39345789_structured+UpdateOf_medRxiv_preprint.xml": (
        PUBMED,
        {"pmid": "39345789", "preprint_of": "10.1101/2023.03.21.23286947", "competing": True, "abstract": True},
    ),
    "openalex/work_doi_10.1073_pnas.1414271111.json": (
        openalex.parse_work,
        {"doi": "10.1073/pnas.1414271111", "abstract": True, "pmid": "25349395", "pmcid": "PMC4234579"},
    ),
    "openalex/work_doi_10.1016_j.xgen.2025.100814_noabstract.json": (
        openalex.parse_work,
        {"doi": "10.1016/j.xgen.2025.100814", "abstract": False, "status": "peer-reviewed"},
    ),
    "openalex/work_doi_10.1016_j.addr.2015.01.008_review.json": (
        openalex.parse_work,
        {"doi": "10.1016/j.addr.2015.01.008", "type": "review", "status": "peer-reviewed"},
    ),
    "semanticscholar/paper_DOI_10.1073_pnas.1414271111.json": (
        semanticscholar.parse_paper,
        {"doi": "10.1073/pnas.1414271111", "abstract": False, "pmid": "25349395"},
    ),
    "semanticscholar/paper_full_fields_Turing1950_Paper.json": (
        semanticscholar.parse_paper,
        {"doi": "10.1093/mind/lix.236.433", "abstract": True, "type": "Review"},
    ),
    "semanticscholar/paper_search_match_chemistry_tools.json": (
        semanticscholar.parse_paper,
        {"doi": "10.1038/s42256-024-00832-8", "arxiv_id": "2304.05376", "pmcid": "PMC11116106"},
    ),
    "biorxiv/details_biorxiv_10.1101_2020.03.24.20042937_EDITED.json": (
        biorxiv.parse_details,
        {"doi": "10.1101/2020.03.24.20042937", "status": "preprint", "published_as": None, "abstract": True},
    ),
}

EMPTY_ANSWERS: dict[str, Callable[[str], object]] = {
    "crossref/works_query.title_nonsense.json": crossref.parse_works,
    "europepmc/search_no_results_lite.json": europepmc.parse_search,
    "semanticscholar/paper_search_match_empty_data.json": semanticscholar.parse_paper,
    "openalex/work_doi_select_open_access.json": openalex.parse_work,  # select= answer: no work fields
    "arxiv/query_id_list_unknown_1201.56789_NEWFORMAT_2025-11.xml": arxiv.parse_feed,
    "arxiv/query_id_list_unknown_1201.56789_OLDFORMAT_2025-08.xml": arxiv.parse_feed,
    "biorxiv/details_not_found_BODY_AS_QUOTED.json": biorxiv.parse_details,
}

# -- error answers, served with their recorded status: (client type, id kind, id, status, content type)
NOT_FOUND: dict[str, tuple[type[SourceClient], str, str, int, str]] = {
    "crossref/works_404_10.48550_arxiv.2312.07559.txt": (
        crossref.CrossrefClient,
        "doi",
        "10.48550/arxiv.2312.07559",
        404,
        "text/plain",
    ),
    "openalex/work_404_not_found.html": (
        openalex.OpenAlexClient,
        "doi",
        "10.1046/j.1365-2699.2003.00795",
        404,
        "text/html; charset=utf-8",
    ),
    # Recorded for the id "0", which is not a DOI and is no longer sent (see path_id): replayed for a DOI.
    "semanticscholar/paper_404_id0.json": (
        semanticscholar.SemanticScholarClient,
        "doi",
        "10.5555/0",
        404,
        "application/json",
    ),
    "semanticscholar/paper_DOI_404_10.1101_2024.04.01.587366.json": (
        semanticscholar.SemanticScholarClient,
        "doi",
        "10.1101/2024.04.01.587366",
        404,
        "application/json",
    ),
    "semanticscholar/paper_search_match_404_title_not_found.json": (
        semanticscholar.SemanticScholarClient,
        "search",
        "askldjrq3rjaw938h",
        404,
        "application/json",
    ),
}

LISTS = {
    "crossref/works_query.title+author_select_NEJM.json",
    "crossref/works_query.title_prime_editing_rows1.json",
    "europepmc/search_query=cancer_resultType=core_format=json.json",
    "europepmc/search_query=cancer_resultType=idlist.json",
    "europepmc/search_query=cancer_format=xml_lite.xml",
    "openalex/works_filter_title.search_chemistry_tools.json",
    "semanticscholar/paper_batch_with_null.json",
    "pubmed/esearch_biopython_esearch1.xml",
    "pubmed/esearch_biopython_esearch9_usehistory.xml",
    "arxiv/query_id_list_4ids_only1exists_NEWFORMAT_2025-11.xml",
    "arxiv/query_search_OLDFORMAT_2025-08.xml",
    "arxiv/query_search_all-electron-AND-proton_NEWFORMAT_2025-11.xml",
}


def test_every_recorded_file_is_covered() -> None:
    recorded = {
        str(p.relative_to(ROOT))
        for p in ROOT.rglob("*")
        if p.is_file() and p.name != "PROVENANCE.txt" and p.parent.name not in NOT_API_RESPONSES
    }
    covered = set(RECORDS) | set(EMPTY_ANSWERS) | set(NOT_FOUND) | LISTS | set(NOT_API_RESPONSES)
    assert recorded - covered == set()
    assert {name for name in covered - set(NOT_API_RESPONSES) if not (ROOT / name).is_file()} == set()


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_record(name: str) -> None:
    parser, expected = RECORDS[name]
    paper = parser(body(name))
    assert paper is not None
    assert paper.title and paper.authors
    assert paper.sources and all(v == next(iter(paper.sources.values())) for v in paper.sources.values())
    for key, value in expected.items():
        if key == "abstract":
            assert bool(paper.abstract) is value
            assert bool(paper.abstract_sections) is value
            assert "<" not in paper.abstract
        elif key == "labels":
            assert [s.label for s in paper.abstract_sections][: len(value)] == value  # type: ignore[arg-type]  # `value` comes from the JSON table
        elif key == "type":
            assert value in paper.publication_types
        elif key == "competing":
            assert bool(paper.competing_interests) is value
        else:
            assert getattr(paper, key) == value, key


@pytest.mark.parametrize("name", sorted(EMPTY_ANSWERS))
def test_empty_answers_are_not_found(name: str) -> None:
    assert EMPTY_ANSWERS[name](body(name)) in (None, [])


@pytest.fixture
def server() -> Iterator[ReplayServer]:
    with replay() as s:
        yield s


@pytest.mark.parametrize("name", sorted(NOT_FOUND))
def test_recorded_not_found_answers_through_the_client(server: ReplayServer, name: str) -> None:
    client_type, kind, value, status, content_type = NOT_FOUND[name]
    settings = api_settings(server.url)
    root = {
        "crossref": "/crossref/works",
        "openalex": "/openalex/works",
        "semanticscholar": "/s2/paper",
    }[client_type.name]
    server.add(
        "/s2/paper/search/match" if kind == "search" else f"{root}/{_path_id(client_type.name, value)}",
        Reply(status, body(name), content_type),
    )
    http: HttpClient = make_http(settings)
    with http:
        client = client_type(http, settings)
        answer = client.search(value) if kind == "search" else client.by_id(kind, value)
    assert answer in (None, [])
    assert server.count() == 1  # a 404 is an answer: never retried


def _path_id(source: str, doi: str) -> str:
    return {"crossref": doi, "openalex": f"https://doi.org/{doi}", "semanticscholar": f"DOI:{doi}"}[source]


def test_crossref_lists() -> None:
    nejm = one(crossref.parse_works(body("crossref/works_query.title+author_select_NEJM.json")))
    assert nejm.doi == "10.1056/nejmoa2404204"
    assert nejm.title == "Beta-Blocker Interruption or Continuation after Myocardial Infarction"
    assert nejm.authors[0] == "Johanne Silvain"
    hit = one(crossref.parse_works(body("crossref/works_query.title_prime_editing_rows1.json")))
    assert hit.doi == "10.1101/2024.04.01.587366" and hit.status == "preprint"


def test_europepmc_lists() -> None:
    core = europepmc.parse_search(body("europepmc/search_query=cancer_resultType=core_format=json.json"))
    assert len(core) == 25 and all(p.pmid for p in core)
    with_abstract = [p for p in core if p.abstract]
    assert 0 < len(with_abstract) < 25  # the recorded page mixes both cases
    assert all(p.status == "unknown" for p in core if "Published Erratum" in p.publication_types)
    sectioned = next(p for p in core if p.pmid == "40468710")
    assert [s.label for s in sectioned.abstract_sections][:2] == ["Objective", "Design"]
    ids = europepmc.parse_search(body("europepmc/search_query=cancer_resultType=idlist.json"))
    assert len(ids) == 25 and ids[0].pmid == "39709209" and ids[0].title == ""
    lite = europepmc.parse_search_xml(body("europepmc/search_query=cancer_format=xml_lite.xml"))
    assert len(lite) == 25 and lite[0].pmid == "39709209" and lite[0].doi == "10.1016/s0140-6736(24)02600-x"


def test_openalex_list_has_article_and_preprint() -> None:
    works = openalex.parse_works(body("openalex/works_filter_title.search_chemistry_tools.json"))
    statuses = {p.doi: p.status for p in works}
    assert statuses["10.1038/s42256-024-00832-8"] == "peer-reviewed"
    assert statuses["10.48550/arxiv.2304.05376"] == "preprint"


def test_semantic_scholar_batch_keeps_unknown_ids_as_none() -> None:
    batch = semanticscholar.parse_batch(body("semanticscholar/paper_batch_with_null.json"))
    assert batch[0] is None and all(p is not None and p.title for p in batch[1:])


def test_pubmed_esearch() -> None:
    first = pubmed.parse_esearch(body("pubmed/esearch_biopython_esearch1.xml"))
    assert len(first) == 20 and first[0] == "41282813"
    assert pubmed.parse_esearch(body("pubmed/esearch_biopython_esearch9_usehistory.xml"))


@pytest.mark.parametrize(
    "name",
    ["arxiv/query_search_OLDFORMAT_2025-08.xml", "arxiv/query_search_all-electron-AND-proton_NEWFORMAT_2025-11.xml"],
)
def test_arxiv_feeds_in_both_formats(name: str) -> None:
    papers = arxiv.parse_feed(body(name))
    assert len(papers) == 10
    assert all(p.title and p.abstract and p.authors and p.arxiv_id and p.status == "preprint" for p in papers)
    assert any(p.published_as for p in papers)  # entries with arxiv:doi point at the journal version


def test_arxiv_id_list_drops_unknown_ids() -> None:
    paper = one(arxiv.parse_feed(body("arxiv/query_id_list_4ids_only1exists_NEWFORMAT_2025-11.xml")))
    assert paper.arxiv_id == "2201.13452"
