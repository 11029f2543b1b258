"""Issue 13 end to end: a story whose paper is open, fetched from a real HTTP server (the replay server), and the
checks that read beyond the abstract citing the full text: harms from the adverse-events section, conflicts of
interest from the competing-interests statement, and the sample from the methods when the abstract gives none.

The article is invented, and so is the trial (tests/retrieval/fixtures: a walnut trial in an imaginary journal);
what matters is the path: Crossref -> Europe PMC -> fullTextXML -> sections -> the checks' evidence.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from caveat.analysis.fulltext import evidence_is_verbatim
from caveat.core.models import Review
from caveat.core.settings import Settings
from caveat.pipeline import ReviewInput, review
from tests.retrieval.replay_server import Reply, api_settings, fixture, replay

pytestmark = pytest.mark.server

DOI = "10.5555/fict.2031.0042"
STORY = f"""Walnuts sharpen memory in over-65s

A handful of walnuts a day helps older people remember words, according to a trial published in the Journal of
Imaginary Nutrition (doi:{DOI}).

Volunteers who ate walnuts recalled more words than those who ate crackers.

"This is a simple change anyone can make," said lead author R. Ashgrove.
"""


def _review(tmp_path: Path, search: str, fulltext: str) -> Review:
    with replay() as server:
        server.json(f"/crossref/works/{DOI}", "crossref_work_article.json")
        server.add("/europepmc/search", Reply(body=search), query=f'DOI:"{DOI}"')
        server.add("/europepmc/PMC9900042/fullTextXML", Reply(body=fulltext, content_type="application/xml"))
        settings = Settings(data_dir=tmp_path, apis=api_settings(server.url))
        return review(ReviewInput(text=STORY), settings=settings)


def _fulltext_flags(result: Review) -> dict[str, list[str]]:
    """Check id -> the sections its full-text evidence names, for every flag that rests on the full text."""
    found: dict[str, list[str]] = {}
    for flag in result.flags:
        for evidence in flag.evidence:
            if evidence.kind == "fulltext":
                assert evidence_is_verbatim(evidence, result.paper, result.article.text), evidence
                found.setdefault(flag.check, []).append(evidence.section)
    return found


def test_harms_and_conflicts_cite_the_fetched_full_text(tmp_path: Path) -> None:
    result = _review(tmp_path, fixture("europepmc_search_article.json"), fixture("europepmc_fulltext.xml"))
    assert result.paper is not None and result.paper.sources.get("full_text") == "europepmc"
    cited = _fulltext_flags(result)
    assert cited.get("harms") == ["Results, Adverse events"]
    assert cited.get("conflict-of-interest") == ["Competing interests"]
    coi = next(f for f in result.flags if f.check == "conflict-of-interest")
    assert "speaker fees" in coi.message


def test_a_sample_only_the_methods_give_is_cited_from_the_methods(tmp_path: Path) -> None:
    search = fixture("europepmc_search_article.json").replace("We randomised 80 adults aged 65 or over",
                                                              "We randomised adults aged 65 or over")
    fulltext = fixture("europepmc_fulltext.xml").replace("We randomised 80 volunteers", "We randomised 24 volunteers")
    assert search != fixture("europepmc_search_article.json") and "24 volunteers" in fulltext
    result = _review(tmp_path, search, fulltext)
    assert result.profile.sample_size == 24
    assert result.profile.sample_evidence is not None and result.profile.sample_evidence.kind == "fulltext"
    assert "sample-size" in _fulltext_flags(result)


def test_without_full_text_nothing_claims_to_rest_on_it(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, apis=api_settings("http://127.0.0.1:9").model_copy(update={"offline": True}))
    result = review(ReviewInput(text=STORY), settings=settings)
    assert not any(e.kind == "fulltext" for f in result.flags for e in f.evidence)
