"""The paper library over an embedded Chroma in tmp_path, and over a real `chroma run` server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from caveat.core.errors import CaveatError, InputError
from caveat.core.models import AbstractSection, Citation, CitationKind, Paper, PaperSection, Span
from caveat.core.settings import LibrarySettings, Settings
from retrieval.library import PaperLibrary, paper_key

# A real embedded Chroma on disk for each test: seconds in all, kept out of the quick loop.
pytestmark = pytest.mark.slow

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

# Invented papers: none of these exist.
GECKO = Paper(
    doi="10.5555/Gecko.2024.017",
    title="Tree geckos cling harder after rainfall",
    authors=["Mira Castellanos", "Tobias Wren"],
    journal="Journal of Small Reptiles",
    published="2024-05-02",
    abstract=(
        "We measured adhesion in 48 tree geckos before and after simulated rain. Wet toe pads gripped 30% "
        "harder on bark. The effect vanished on glass surfaces. Adhesion may depend on surface texture."
    ),
)
COFFEE = Paper(
    pmid="39990001",
    title="Evening coffee and sleep onset in night-shift nurses",
    authors=["Okafor, A.", "Lindqvist, M."],
    journal="Sleep Habits Quarterly",
    published="2023",
    abstract_sections=[
        AbstractSection(label="Methods", text="A cohort of 212 nurses kept sleep diaries for eight weeks."),
        AbstractSection(
            label="Results", text="Coffee after 6 pm was associated with a 14-minute delay in falling asleep."
        ),
    ],
)
PREPRINT = Paper(
    doi="10.1101/2024.03.03.583001",
    title="Soil fungi signal drought to neighbouring wheat roots",
    authors=["Hana Ito"],
    journal="bioRxiv",
    published="2024-03-05",
    abstract="Fungal networks carried a chemical drought signal between wheat plants grown in shared soil.",
    status="preprint",
)
ELIFE = Paper(
    doi="10.7554/eLife.99001.2",
    concept_doi="10.7554/eLife.99001",
    title="Zebrafish fins regrow faster in warm water",
    authors=["Lena Brandt", "Kofi Mensah"],
    journal="eLife",
    published="2024-09-10",
    abstract="Fin regeneration in zebrafish was twice as fast at 30 degrees as at 24 degrees.",
)
ARXIV = Paper(arxiv_id="2405.00123v2", title="A toy model of comet tails", journal="arXiv", published="2024")


def _cite(kind: CitationKind, value: str, **details: str) -> Citation:
    return Citation(kind=kind, value=value, span=Span(start=0, end=1, text="x"), confidence=0.9, details=details)


@pytest.fixture
def library(tmp_path: Path) -> PaperLibrary:
    return PaperLibrary.open(Settings(data_dir=tmp_path))


def _fill(library: PaperLibrary) -> None:
    for paper in (GECKO, COFFEE, PREPRINT, ELIFE, ARXIV):
        library.add(paper)


def test_keys() -> None:
    assert paper_key(GECKO) == "10.5555/gecko.2024.017"
    assert paper_key(COFFEE) == "pmid:39990001"
    assert paper_key(ARXIV) == "arxiv:2405.00123"
    assert paper_key(Paper(pmcid="123")) == "pmcid:PMC123"
    title_key = paper_key(Paper(title="A Study  of Moss"))
    assert title_key.startswith("title:")
    assert title_key == paper_key(Paper(title="a study of moss!"))
    with pytest.raises(InputError):
        paper_key(Paper())


def test_add_is_idempotent_and_get_accepts_every_key_form(library: PaperLibrary) -> None:
    _fill(library)
    _fill(library)
    assert library.count() == 5
    for key in (
        "10.5555/gecko.2024.017",
        "10.5555/GECKO.2024.017",
        "https://doi.org/10.5555/Gecko.2024.017",
        "doi:10.5555/gecko.2024.017",
    ):
        found = library.get(key)
        assert found is not None and found.title == GECKO.title, key
    assert library.get("pmid:39990001") == COFFEE
    assert library.get("arxiv:2405.00123") == ARXIV
    assert library.get("arXiv:2405.00123v1") == ARXIV
    assert library.get("10.1101/2024.03.03.583001v2") == PREPRINT
    assert library.get("10.7554/eLife.99001") == ELIFE  # the concept DOI
    assert library.get("10.7554/elife.99001.2") == ELIFE
    assert library.get("10.5555/unknown.1") is None
    assert library.get("pmid:1") is None
    assert library.get("") is None


def test_a_paper_stored_by_pmid_is_replaced_when_it_comes_back_with_a_doi(library: PaperLibrary) -> None:
    library.add(COFFEE)
    richer = COFFEE.model_copy(update={"doi": "10.5555/coffee.9"})
    assert library.add(richer) == "10.5555/coffee.9"
    assert library.count() == 1
    assert library.get("pmid:39990001") == richer


def test_find_by_identifier_citations(library: PaperLibrary) -> None:
    _fill(library)
    assert library.find(_cite("doi", "10.5555/gecko.2024.017")) == GECKO
    assert library.find(_cite("pmid", "39990001")) == COFFEE
    assert library.find(_cite("arxiv", "2405.00123")) == ARXIV
    assert library.find(_cite("doi", "10.7554/eLife.99001.3", concept_doi="10.7554/eLife.99001")) == ELIFE
    assert library.find(_cite("url", "https://example.org/paper")) is None


@pytest.mark.parametrize(
    ("details", "expected"),
    [
        ({"journal": "Journal of Small Reptiles", "author": "Castellanos"}, GECKO),
        ({"journal": "eLife", "author": "Brandt", "year": "2024"}, ELIFE),
        ({"title": "Evening coffee and sleep onset in night shift nurses"}, COFFEE),
        ({"title": "Soil fungi signal drought to neighbouring wheat roots", "author": "Ito"}, PREPRINT),
        ({"author": "Mira Castellanos", "journal": "the Journal of Small Reptiles", "year": "2024"}, GECKO),
        # wrong paper rather than none would be worse: these must all come back empty
        ({"journal": "Journal of Small Reptiles", "author": "Okafor"}, None),
        ({"journal": "eLife", "author": "Brandt", "year": "2019"}, None),
        ({"journal": "Journal of Small Reptiles"}, None),
        ({"author": "Castellanos"}, None),
        ({"title": "Deep sea vents host unknown bacteria"}, None),
        ({}, None),
    ],
)
def test_find_bibliographic(library: PaperLibrary, details: dict[str, str], expected: Paper | None) -> None:
    _fill(library)
    assert library.find(_cite("bibliographic", "mention", **details)) == expected


def test_find_bibliographic_refuses_an_ambiguous_match(library: PaperLibrary) -> None:
    library.add(GECKO)
    library.add(GECKO.model_copy(update={"doi": "10.5555/gecko.2024.018", "title": "Gecko toe pads in fog"}))
    mention = _cite("bibliographic", "m", journal="Journal of Small Reptiles", author="Castellanos")
    assert library.find(mention) is None


def test_search_ranks_by_meaning(library: PaperLibrary) -> None:
    _fill(library)
    results = library.search("lizards grip bark better when it is wet", n=3)
    assert results[0][0] == GECKO
    assert len(results) == 3
    scores = [score for _, score in results]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert library.search("   ") == []


def test_list_and_remove(library: PaperLibrary) -> None:
    assert library.list() == []
    _fill(library)
    assert [p.title for p in library.list()] == sorted(p.title for p in (GECKO, COFFEE, PREPRINT, ELIFE, ARXIV))
    assert library.remove("https://doi.org/10.5555/GECKO.2024.017") is True
    assert library.remove("10.5555/gecko.2024.017") is False
    assert library.get("10.5555/gecko.2024.017") is None
    assert library.count() == 4
    # its sentences went with it: a search about geckos no longer returns it
    assert all(p != GECKO for p, _ in library.search("tree geckos after rain", n=5))


def test_library_persists_on_disk(tmp_path: Path) -> None:
    PaperLibrary.open(Settings(data_dir=tmp_path)).add(GECKO)
    assert (tmp_path / "library").is_dir()
    reopened = PaperLibrary.open(Settings(data_dir=tmp_path))
    assert reopened.get("10.5555/gecko.2024.017") == GECKO


def test_concurrent_sessions(library: PaperLibrary) -> None:
    papers = [GECKO.model_copy(update={"doi": f"10.5555/thread.{i}", "title": f"Paper number {i}"}) for i in range(12)]
    errors: list[BaseException] = []

    def work(paper: Paper) -> None:
        try:
            library.add(paper)
            assert library.get(paper.doi or "") == paper
            library.search(paper.title, n=2)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(p,)) for p in papers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert library.count() == 12


def test_unreachable_server_is_one_clear_error(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, library=LibrarySettings(server_url=f"http://127.0.0.1:{_free_port()}"))
    with pytest.raises(CaveatError, match="cannot open the paper library"):
        PaperLibrary.open(settings)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[str]:
    chroma = Path(sys.executable).with_name("chroma")
    if not chroma.exists():
        pytest.skip(f"the chroma command is not installed beside {sys.executable}")
    port = _free_port()
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    process = subprocess.Popen(
        [str(chroma), "run", "--path", str(tmp_path / "server-db"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the chroma server did not answer its heartbeat within 30 s")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.mark.server
def test_against_a_real_chroma_server(chroma_server: str, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "unused", library=LibrarySettings(server_url=chroma_server))
    library = PaperLibrary.open(settings)
    _fill(library)
    assert library.count() == 5
    assert not (tmp_path / "unused" / "library").exists()  # the server holds the data, not the local folder
    assert library.get("HTTPS://DOI.ORG/10.5555/gecko.2024.017") == GECKO
    assert library.search("wet bark and lizard feet", n=1)[0][0] == GECKO
    second_session = PaperLibrary.open(settings)  # another desk sees the same papers
    assert second_session.get("pmid:39990001") == COFFEE
    assert second_session.remove("pmid:39990001")
    assert library.count() == 4


# -- full text, one passage per record --------------------------------------------------------------------------

LONG = " ".join(f"Sentence {i} says the geckos were weighed on day {i}." for i in range(60))
WITH_TEXT = GECKO.model_copy(
    update={
        "full_text": [
            PaperSection(kind="methods", title="Methods, Animals", text="We caught 48 geckos.\n\nThey were wild.\n\n"),
            PaperSection(kind="methods", title="Methods, Weighing", text=LONG),
            PaperSection(kind="adverse-events", title="Results, Harms", text="Two geckos lost their tails."),
            PaperSection(kind="funding", title="Funding", text="Paid for by the Reptile Fund."),
        ],
        "sources": {"full_text": "europepmc"},
    }
)


def test_full_text_round_trips_exactly(library: PaperLibrary) -> None:
    key = library.add(WITH_TEXT)
    library.add(COFFEE)
    got = library.get(key)
    assert got is not None and got.full_text == WITH_TEXT.full_text
    assert library.get("10.5555/gecko.2024.017").full_text == WITH_TEXT.full_text  # type: ignore[union-attr]  # found just above
    assert all(not p.full_text for p in library.list())  # listing stays light
    # a later record of the same paper without full text keeps the text already read
    library.add(GECKO)
    assert library.get(key).full_text == WITH_TEXT.full_text  # type: ignore[union-attr]  # the paper is there
    assert library.count() == 2


def test_passages_are_searched_with_section_and_paper(library: PaperLibrary) -> None:
    library.add(WITH_TEXT)
    library.add(COFFEE)
    found = library.search_passages("lizards losing their tails", n=2)
    assert found[0].section == "Results, Harms" and found[0].kind == "adverse-events"
    assert found[0].doi == GECKO.doi and found[0].paper_title == GECKO.title
    assert found[0].text == "Two geckos lost their tails." and 0 < found[0].score <= 1
    # the paper search is unchanged: one row per paper, passages or not
    papers = library.search("geckos", n=5)
    assert [paper_key(p) for p, _ in papers].count("10.5555/gecko.2024.017") == 1
    assert library.remove("10.5555/gecko.2024.017")
    assert library.search_passages("lizards losing their tails") == []


@pytest.mark.server
def test_full_text_passages_on_a_real_chroma_server(chroma_server: str, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "unused", library=LibrarySettings(server_url=chroma_server))
    library = PaperLibrary.open(settings)
    library.add(WITH_TEXT)
    assert library.get(GECKO.doi or "").full_text == WITH_TEXT.full_text  # type: ignore[union-attr]  # just added
    assert library.search_passages("tails lost", n=1)[0].section == "Results, Harms"
    assert library.remove(GECKO.doi or "") and library.search_passages("tails lost") == []
