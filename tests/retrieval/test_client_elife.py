"""eLife client against the replay server: versions and assessments, not-found, a slow answer, garbage."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from retrieval.clients.elife import ElifeClient, elife_id
from retrieval.http import Deadline, SourceError
from tests.retrieval.replay_server import ReplayServer, Reply, api_settings, fixture, make_http, replay

pytestmark = pytest.mark.server


@pytest.fixture
def server() -> Iterator[ReplayServer]:
    with replay() as s:
        yield s


@pytest.fixture
def client(server: ReplayServer) -> Iterator[ElifeClient]:
    settings = api_settings(server.url)
    with make_http(settings) as http:
        yield ElifeClient(http, settings)


def test_reviewed_preprint_only(server: ReplayServer, client: ElifeClient) -> None:
    """No Version of Record yet: the history is a 404, the Reviewed Preprint carries the assessment."""
    server.json("/elife/reviewed-preprints/90001", "elife_reviewed_preprint.json")
    paper = client.by_id("doi", "10.7554/eLife.90001.1")
    assert paper is not None
    assert paper.doi == "10.7554/elife.90001.1"  # filed under the DOI asked for, for the resolver's merge
    assert paper.concept_doi == "10.7554/elife.90001" and paper.preprint_of == "10.1101/2030.09.09.400400"
    assert paper.status == "reviewed-preprint" and paper.title == "Zebrafish regrow tail fins faster in warm water"
    [assessment] = paper.assessments
    assert assessment.version == "2" and assessment.source == "elife"
    assert [(t.term, t.axis) for t in assessment.terms] == [("important", "significance"), ("incomplete", "strength")]
    assert all(t.sentence in assessment.text for t in assessment.terms)
    assert server.seen[0].headers["accept"].startswith("application/vnd.elife.article-history+json")
    assert server.seen[1].headers["accept"].startswith("application/vnd.elife.reviewed-preprint+json")


def test_versions_oldest_first_and_the_latest_vor_fetched_in_full(server: ReplayServer, client: ElifeClient) -> None:
    server.json("/elife/articles/90002/versions", "elife_article_versions.json")
    server.json("/elife/articles/90002/versions/1", "elife_article_vor.json")
    server.json("/elife/reviewed-preprints/90002", "elife_reviewed_preprint_90002.json")
    paper = client.by_id("doi", "10.7554/eLife.90002")
    assert paper is not None and paper.status == "peer-reviewed"
    assert [(a.version, [t.term for t in a.terms]) for a in paper.assessments] == [
        ("2", ["valuable", "solid"]),
        ("VOR", ["valuable", "convincing"]),
    ]
    assert paper.version_of_record_doi == "10.7554/elife.90002.3"
    assert paper.abstract.startswith("In 212 adults aged 65 to 80") and "<i>" not in paper.abstract
    assert paper.competing_interests == "Rosa Okoye: Consults for Slumber Labs"
    assert paper.funding == ["Quiet Hours Foundation (NAP-12)"] and paper.license == "CC-BY-4.0"
    assert server.count("/elife/") == 3


def test_unknown_article_is_not_found(server: ReplayServer, client: ElifeClient) -> None:
    assert client.by_id("doi", "10.7554/eLife.99999999") is None
    assert server.count("/elife/") == 2  # history and Reviewed Preprint, each a 404, never retried


def test_other_dois_are_not_asked(server: ReplayServer, client: ElifeClient) -> None:
    assert client.by_id("doi", "10.1101/2030.09.09.400400") is None
    assert server.count() == 0


def test_garbage_is_a_source_error(server: ReplayServer, client: ElifeClient) -> None:
    server.add("/elife/articles/90001/versions", Reply(200, "<html>maintenance</html>", "text/html"))
    with pytest.raises(SourceError) as err:
        client.by_id("doi", "10.7554/eLife.90001")
    assert err.value.kind == "invalid"


def test_json_of_the_wrong_shape_is_a_source_error(server: ReplayServer, client: ElifeClient) -> None:
    server.add("/elife/articles/90001/versions", Reply(200, "[1, 2, 3]"))
    with pytest.raises(SourceError, match="expected an eLife history record"):
        client.by_id("doi", "10.7554/eLife.90001")


def test_a_failing_reviewed_preprint_keeps_the_versions_of_record(server: ReplayServer, client: ElifeClient) -> None:
    server.json("/elife/articles/90002/versions", "elife_article_versions.json")
    server.json("/elife/articles/90002/versions/1", "elife_article_vor.json")
    server.add("/elife/reviewed-preprints/90002", Reply(500, "oops", "text/plain"))
    paper = client.by_id("doi", "10.7554/eLife.90002")
    assert paper is not None and [a.version for a in paper.assessments] == ["VOR"]
    assert "could not be read" in paper.notes


def test_slow_answer_past_the_deadline_gives_up_in_time(server: ReplayServer) -> None:
    server.add(
        "/elife/articles/90001/versions",
        Reply(200, fixture("elife_article_versions.json"), delay_s=3.0),
    )
    settings = api_settings(server.url, timeout_s=5.0, retries=0)
    started = time.monotonic()
    with make_http(settings, deadline=Deadline(1.0)) as http, pytest.raises(SourceError) as err:
        ElifeClient(http, settings).by_id("doi", "10.7554/eLife.90001")
    assert err.value.kind == "timeout"
    assert time.monotonic() - started < 5.0  # the deadline (1 s), not the server's 3 s or the 5 s timeout


@pytest.mark.parametrize(
    ("doi", "expected"),
    [
        ("10.7554/eLife.102912", ("102912", "")),
        ("https://doi.org/10.7554/elife.102912.2", ("102912", "2")),
        ("10.1101/2022.06.24.497502", None),
        ("", None),
    ],
)
def test_elife_id(doi: str, expected: tuple[str, str] | None) -> None:
    assert elife_id(doi) == expected
